// [[pt.extend_line]]: stops appended at the end (or the start) of a line.
//   line = ID, stops = [...], minutes = run minutes of each new segment, at = "end" | "start"
// At the end, minutes[k] runs from the previous stop to stops[k]; at the start, stops[k] runs
// minutes[k] to stops[k+1] (the last new stop minutes.back() to the current first stop). Each
// new segment must imply a plausible speed for the line's mode.
#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/transit_refs.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

constexpr const char* kKey = "pt.extend_line";

class ExtendLine final : public Edit {
 public:
  std::string line;
  std::vector<std::string> stops;
  std::vector<double> minutes;
  bool at_start = false;

  void validate(const EditState& s) const override {
    const auto& data = s.model.transit;
    const auto& l = data.lines[require_line(data, origin, "pt.extend_line.line", line)];
    std::vector<std::uint32_t> seq;
    for (const auto& x : stops)
      seq.push_back(require_stop(data, origin, "pt.extend_line.stops", x));
    if (at_start) {
      seq.push_back(l.stops.front().stop);
    } else {
      seq.insert(seq.begin(), l.stops.back().stop);
    }
    check_runs(data, origin, "pt.extend_line.minutes", l.mode, seq, minutes);
  }
  void apply(EditState& s) const override {
    auto& data = s.model.transit;
    const auto li = require_line(data, origin, "pt.extend_line.line", line);
    std::vector<std::uint32_t> idx;
    for (const auto& x : stops)
      idx.push_back(require_stop(data, origin, "pt.extend_line.stops", x));
    auto& l = data.lines[li];
    if (at_start) {
      double total = 0.0;
      for (double m : minutes) total += m;
      std::vector<transit::LineStop> prefix;
      double t = 0.0;
      for (std::size_t k = 0; k < idx.size(); ++k) {
        prefix.push_back({idx[k], t});
        t += minutes[k];
      }
      for (auto& x : l.stops) x.minutes += total;
      l.stops.insert(l.stops.begin(), prefix.begin(), prefix.end());
    } else {
      std::vector<double> cumulative;
      double t = 0.0;
      for (double m : minutes) cumulative.push_back(t += m);
      transit::extend_line(data, line, stops, cumulative);
    }
    s.changes.changed_lines.push_back(line);
  }
  std::string describe() const override {
    std::string s = std::string(kKey) + " " + quote_for_message(line) + " at its " +
                    (at_start ? "start" : "end") + ":";
    for (std::size_t k = 0; k < stops.size(); ++k) {
      s += (k ? ", " : " ") + stops[k] + " (" + short_number(minutes[k]) + " min)";
    }
    return s;
  }
};

}  // namespace

std::unique_ptr<Edit> parse_extend_line(TableReader& t) {
  auto x = std::make_unique<ExtendLine>();
  x->line = t.string("line");
  x->stops = t.string_array("stops");
  x->minutes = read_minutes(t, x->stops.size(), false);
  const auto at = t.optional_string("at").value_or("end");
  if (at != "end" && at != "start") t.fail("at", "expected \"end\" or \"start\"");
  x->at_start = at == "start";
  t.finish();
  return x;
}

}  // namespace corridor::scenario
