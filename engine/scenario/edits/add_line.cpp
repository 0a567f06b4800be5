// [[pt.add_line]]: a new line.
//   id, name (default: the id), mode (rail | bus | coach | tram), stops = [...],
//   minutes = cumulative from the first stop (one per stop), headway_peak_min,
//   headway_offpeak_min (0 = no off-peak service), service_hours
// Run times between consecutive stops must imply a plausible speed for the mode.
#include <optional>

#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/transit_refs.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

constexpr const char* kKey = "pt.add_line";

class AddLine final : public Edit {
 public:
  std::string id, name;
  transit::Mode mode = transit::Mode::bus;
  std::vector<std::string> stops;
  std::vector<double> minutes;
  double headway_peak_min = 0.0;
  double headway_offpeak_min = 0.0;
  std::optional<double> service_hours;

  std::vector<std::uint32_t> stop_indices(const transit::TransitData& data) const {
    std::vector<std::uint32_t> out;
    for (const auto& s : stops) out.push_back(require_stop(data, origin, "pt.add_line.stops", s));
    return out;
  }
  void validate(const EditState& s) const override {
    const auto& data = s.model.transit;
    if (transit::find_line(data, id)) {
      fail_at(origin, "pt.add_line.id", "line " + quote_for_message(id) + " already exists");
    }
    std::vector<double> runs;
    for (std::size_t i = 1; i < minutes.size(); ++i) runs.push_back(minutes[i] - minutes[i - 1]);
    check_runs(data, origin, "pt.add_line.minutes", mode, stop_indices(data), runs);
  }
  void apply(EditState& s) const override {
    auto& data = s.model.transit;
    transit::Line line;
    line.id = id;
    line.name = name;
    line.mode = mode;
    line.operator_name = "scenario";
    line.headway_peak_min = headway_peak_min;
    line.headway_offpeak_min =
        headway_offpeak_min > 0.0 ? headway_offpeak_min : transit::kNoService;
    if (service_hours) line.service_hours = *service_hours;
    const auto idx = stop_indices(data);
    for (std::size_t i = 0; i < idx.size(); ++i)
      line.stops.push_back({idx[i], minutes[i] - minutes[0]});
    transit::add_line(data, std::move(line));
    s.changes.added_lines.push_back(id);
  }
  std::string describe() const override {
    std::string s =
        std::string(kKey) + " " + quote_for_message(id) + " (" + transit::mode_name(mode) + ") ";
    for (std::size_t i = 0; i < stops.size(); ++i) s += (i ? " - " : "") + stops[i];
    s += ", " + short_number(minutes.back() - minutes.front()) + " min, every " +
         short_number(headway_peak_min) + " min in the peak";
    s += headway_offpeak_min > 0.0 ? ", " + short_number(headway_offpeak_min) + " off-peak"
                                   : ", no off-peak service";
    return s;
  }
  Created created() const override { return {{}, {}, {id}}; }
};

}  // namespace

std::unique_ptr<Edit> parse_add_line(TableReader& t) {
  auto l = std::make_unique<AddLine>();
  l->id = t.string("id");
  l->name = t.optional_string("name").value_or(l->id);
  const auto mode = t.string("mode");
  if (mode != "rail" && mode != "bus" && mode != "coach" && mode != "tram") {
    t.fail("mode", "expected one of rail, bus, coach, tram, got " + quote_for_message(mode));
  }
  l->mode = *transit::parse_mode(mode);
  l->stops = t.string_array("stops");
  if (l->stops.size() < 2) t.fail("stops", "expected at least two stops");
  l->minutes = read_minutes(t, l->stops.size(), true);
  l->headway_peak_min = t.number("headway_peak_min", 1.0, 240.0);
  l->headway_offpeak_min = t.optional_number("headway_offpeak_min", 0.0, 480.0).value_or(0.0);
  if (l->headway_offpeak_min > 0.0 && l->headway_offpeak_min < 1.0) {
    t.fail("headway_offpeak_min", "expected 0 (no off-peak service) or at least 1 minute");
  }
  l->service_hours = t.optional_number("service_hours", 1.0, 24.0);
  t.finish();
  return l;
}

}  // namespace corridor::scenario
