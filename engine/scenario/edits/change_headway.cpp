// [[pt.change_headway]]: line = ID, headway_peak_min and/or headway_offpeak_min (0 = no service).
#include <optional>

#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/transit_refs.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

class ChangeHeadway final : public Edit {
 public:
  std::string line;
  std::optional<double> peak, offpeak;

  void validate(const EditState& s) const override {
    require_line(s.model.transit, origin, "pt.change_headway.line", line);
  }
  void apply(EditState& s) const override {
    auto& data = s.model.transit;
    if (peak) transit::set_headway(data, line, transit::Period::peak, *peak);
    if (offpeak) {
      transit::set_headway(data, line, transit::Period::offpeak,
                           *offpeak > 0.0 ? *offpeak : transit::kNoService);
    }
    s.changes.changed_lines.push_back(line);
  }
  std::string describe() const override {
    std::string s = "pt.change_headway " + quote_for_message(line) + ":";
    if (peak) s += " every " + short_number(*peak) + " min in the peak";
    if (offpeak) {
      s += *offpeak > 0.0 ? " every " + short_number(*offpeak) + " min off-peak"
                          : " no off-peak service";
    }
    return s;
  }
};

}  // namespace

std::unique_ptr<Edit> parse_change_headway(TableReader& t) {
  auto c = std::make_unique<ChangeHeadway>();
  c->line = t.string("line");
  c->peak = t.optional_number("headway_peak_min", 1.0, 240.0);
  c->offpeak = t.optional_number("headway_offpeak_min", 0.0, 480.0);
  t.finish();
  if (!c->peak && !c->offpeak) {
    throw_input_error(t.file(), t.line(), "pt.change_headway",
                      "expected headway_peak_min and/or headway_offpeak_min");
  }
  return c;
}

}  // namespace corridor::scenario
