// Zone look-up by id, name or municipality (rules in region_model.hpp).
#include <algorithm>
#include <cctype>
#include <string>

#include "core/error.hpp"
#include "io/text.hpp"
#include "model/region_model.hpp"
#include "model/zone_sets.hpp"

namespace corridor::model {

// Lower case; '-', '_' and runs of spaces become one space; trimmed.
std::string fold_name(std::string_view s) {
  std::string out;
  for (char c : io::trim(s)) {
    char f = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (f == '-' || f == '_' || f == '\t') f = ' ';
    if (f == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += f;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

namespace {

std::string fold(std::string_view s) { return fold_name(s); }

bool has_word(const std::string& folded_name, std::string_view word) {
  std::size_t pos = 0;
  while ((pos = folded_name.find(word, pos)) != std::string::npos) {
    const bool start_ok =
        pos == 0 || !std::isalnum(static_cast<unsigned char>(folded_name[pos - 1]));
    const std::size_t end = pos + word.size();
    const bool end_ok =
        end == folded_name.size() || !std::isalnum(static_cast<unsigned char>(folded_name[end]));
    if (start_ok && end_ok) return true;
    pos = end;
  }
  return false;
}

bool is_centre_name(const std::string& folded_name) {
  for (std::string_view w : {"centrum", "centre", "center", "station", "cs"}) {
    if (has_word(folded_name, w)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::uint32_t> find_zone(const RegionModel& model, std::string_view query) {
  const auto n = static_cast<std::uint32_t>(model.zones.size());
  if (auto id = io::try_parse_int(query)) {
    for (std::uint32_t z = 0; z < n; ++z) {
      if (model.zones[z].zone_id == *id) return z;
    }
    return std::nullopt;
  }
  const std::string q = fold(query);
  if (q.empty()) return std::nullopt;
  for (std::uint32_t z = 0; z < n; ++z) {
    if (fold(model.zones[z].name) == q) return z;
  }
  std::vector<std::uint32_t> in_municipality;
  for (std::uint32_t z = 0; z < n; ++z) {
    if (fold(model.zones[z].municipality) == q) in_municipality.push_back(z);
  }
  if (in_municipality.size() == 1) return in_municipality.front();
  // Several zones: the one named like the municipality was already matched by name above, so
  // look for the centre / station district.
  std::optional<std::uint32_t> centre;
  for (auto z : in_municipality) {
    if (is_centre_name(fold(model.zones[z].name))) {
      if (centre) return std::nullopt;  // two centre districts: ambiguous
      centre = z;
    }
  }
  return centre;
}

std::uint32_t require_zone(const RegionModel& model, std::string_view query,
                           std::string_view field) {
  if (auto z = find_zone(model, query)) return *z;
  const std::string q = fold(query);
  std::string candidates;
  int shown = 0;
  for (const auto& zone : model.zones) {
    const std::string name = fold(zone.name);
    const std::string mun = fold(zone.municipality);
    const bool close =
        !q.empty() && (name.find(q) != std::string::npos || mun.find(q) != std::string::npos ||
                       q.find(name) != std::string::npos);
    if (close && shown < 8) {
      candidates += (shown++ ? ", " : "") + zone.name + " (" + std::to_string(zone.zone_id) + ")";
    }
  }
  std::string expected = "no zone matches " + quote_for_message(query) +
                         ": expected a zone name, a zone id (1.." +
                         std::to_string(model.zones.size()) + ") or a municipality";
  if (!candidates.empty()) expected += "; did you mean: " + candidates;
  throw_input_error((model.folder / "zones.csv").string(), 0, field, expected);
}

}  // namespace corridor::model
