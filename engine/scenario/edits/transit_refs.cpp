#include "scenario/edits/transit_refs.hpp"

#include "core/error.hpp"
#include "model/plausibility.hpp"
#include "scenario/apply.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {

std::uint32_t require_stop(const transit::TransitData& data, const Origin& o,
                           const std::string& key, const std::string& id) {
  const auto s = transit::find_stop(data, id);
  if (!s) {
    fail_at(o, key, "stop " + quote_for_message(id) + " does not exist (stops.csv or pt.add_stop)");
  }
  return *s;
}

std::uint32_t require_line(const transit::TransitData& data, const Origin& o,
                           const std::string& key, const std::string& id) {
  const auto l = transit::find_line(data, id);
  if (!l) {
    fail_at(o, key, "line " + quote_for_message(id) + " does not exist (lines.csv or pt.add_line)");
  }
  return *l;
}

void check_runs(const transit::TransitData& data, const Origin& o, const std::string& key,
                transit::Mode mode, const std::vector<std::uint32_t>& stops,
                const std::vector<double>& run_minutes) {
  for (std::size_t i = 0; i + 1 < stops.size() && i < run_minutes.size(); ++i) {
    const auto& a = data.stops[stops[i]];
    const auto& b = data.stops[stops[i + 1]];
    const double km = great_circle_km(a.lat, a.lon, b.lat, b.lon);
    if (auto msg = model::check_pt_run(mode, km, run_minutes[i]); !msg.empty()) {
      fail_at(o, key, quote_for_message(a.id) + " -> " + quote_for_message(b.id) + ": " + msg);
    }
  }
}

std::vector<double> read_minutes(TableReader& t, std::size_t n, bool cumulative) {
  auto m = t.number_array("minutes");
  if (m.size() != n) {
    t.fail("minutes", "expected " + std::to_string(n) + " values (one per stop), got " +
                          std::to_string(m.size()));
  }
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] < 0.0 || (cumulative && i > 0 && m[i] <= m[i - 1]) || (!cumulative && m[i] <= 0.0)) {
      t.fail("minutes", cumulative ? "expected cumulative minutes starting at >= 0 and increasing"
                                   : "expected positive run minutes per new segment");
    }
  }
  return m;
}

}  // namespace corridor::scenario
