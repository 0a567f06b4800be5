#include "scenario/apply.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/hash.hpp"
#include "transit/transit_data.hpp"

namespace corridor::scenario {

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * 6371.0 * std::asin(std::min(1.0, std::sqrt(h)));
}

void apply_growth(model::RegionModel& model, const Parameters& parameters) {
  for (auto& z : model.zones) {
    if (z.external) continue;
    if (parameters.population_growth) z.population *= *parameters.population_growth;
    if (parameters.jobs_growth) z.jobs *= *parameters.jobs_growth;
  }
}

model::RegionModel apply_edits(const model::RegionModel& base, const Scenario& scenario,
                               AppliedChanges* changes) {
  AppliedChanges local;
  auto& ch = changes ? *changes : local;
  model::RegionModel out = base;
  apply_growth(out, scenario.parameters);
  {
    EditState state(base, out, ch, base.box);
    for (std::size_t i = 0; i < scenario.edits.count(); ++i) {
      const auto& edit = scenario.edits.items[i];
      const auto n_added = ch.added_lines.size();
      const auto n_changed = ch.changed_lines.size();
      const auto n_removed = ch.removed_lines.size();
      edit->validate(state);
      edit->apply(state);
      auto note = [&](const std::vector<std::string>& lines, std::size_t from) {
        for (std::size_t k = from; k < lines.size(); ++k) {
          auto& parts = ch.line_parts[lines[k]];
          const auto part = scenario.edits.part(i);
          const auto at = std::lower_bound(parts.begin(), parts.end(), part);
          if (at == parts.end() || *at != part) parts.insert(at, part);
        }
      };
      note(ch.added_lines, n_added);
      note(ch.changed_lines, n_changed);
      note(ch.removed_lines, n_removed);
    }
    state.finish();
  }
  transit::validate(out.transit, scenario.file.empty() ? scenario.name : scenario.file.string());
  ContentHash h;
  h.add(base.content_hash).add(scenario.source_text);
  out.content_hash = h.hex();
  return out;
}

std::vector<std::string> describe_edits(const Scenario& scenario) {
  std::vector<std::string> out;
  for (const auto& edit : scenario.edits.items) out.push_back(edit->describe());
  return out;
}

}  // namespace corridor::scenario
