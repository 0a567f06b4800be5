// [[road.change_link]]: speed, lanes or capacity of an existing link.
//   link = ID | from, to (, name);  both_directions (true);
//   any of speed_kmh, lanes (per direction), capacity_per_lane (veh/h; default: the link's)
// The changed link must stay within the base's ranges (model/plausibility.hpp).
#include <optional>

#include "core/error.hpp"
#include "model/plausibility.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/road_draft.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

constexpr const char* kKey = "road.change_link";

class ChangeLink final : public Edit {
 public:
  LinkRef link;
  bool both_directions = kBothDirectionsDefault;
  std::optional<double> speed_kmh;
  std::optional<int> lanes;
  std::optional<double> capacity_per_lane;

  std::vector<std::size_t> rows(const RoadDraft& d) const {
    std::vector<std::size_t> r{resolve_link(d, origin, kKey, link)};
    if (both_directions) r.push_back(resolve_reverse(d, origin, kKey, r.front()));
    return r;
  }
  // New (speed, lanes, capacity) of a row.
  struct Values {
    double speed, lanes, capacity;
  };
  Values changed(const RoadDraft& d, std::size_t r) const {
    const auto& s = d.links[r];
    const double old_lanes = d.lanes[r] > 0.0 ? d.lanes[r] : 1.0;
    const double per_lane = capacity_per_lane.value_or(s.capacity / old_lanes);
    const double n = lanes ? static_cast<double>(*lanes) : old_lanes;
    return {speed_kmh.value_or(s.speed), n, n * per_lane};
  }
  void validate(const EditState& s) const override {
    const auto& d = s.road();
    for (auto r : rows(d)) {
      const auto v = changed(d, r);
      // An unchanged speed is the base's, not this edit's to check (it may be 0 = unknown).
      const double speed = speed_kmh ? v.speed : model::kPlausibleSpeedKmh;
      const auto problems =
          model::check_link_attributes(speed, v.lanes, v.capacity, d.facility[r] == "connector");
      if (!problems.empty()) {
        fail_at(
            origin, kKey,
            "link " + std::to_string(*d.links[r].id) + " after the change: " + problems.front());
      }
    }
  }
  void apply(EditState& s) const override {
    auto& d = s.road();
    for (auto r : rows(d)) {
      const auto v = changed(d, r);
      auto& spec = d.links[r];
      s.changes.changed_link_ids.push_back(*spec.id);
      spec.capacity = v.capacity;
      d.lanes[r] = v.lanes;
      if (speed_kmh) {
        spec.speed = *speed_kmh;
        spec.free_flow_minutes = spec.length / *speed_kmh * 60.0;
      }
      s.changes.changed_links.emplace_back(d.nodes[spec.from.value()].label,
                                           d.nodes[spec.to.value()].label);
    }
  }
  std::string describe() const override {
    std::string s =
        std::string(kKey) + " " + link.text() + (both_directions ? " and back:" : " one way:");
    if (speed_kmh) s += " " + short_number(*speed_kmh) + " km/h";
    if (lanes) s += " " + std::to_string(*lanes) + (*lanes == 1 ? " lane" : " lanes");
    if (capacity_per_lane) s += " " + short_number(*capacity_per_lane) + " veh/h per lane";
    return s;
  }
};

}  // namespace

std::unique_ptr<Edit> parse_change_link(TableReader& t) {
  auto c = std::make_unique<ChangeLink>();
  c->link = read_link_ref(t);
  c->both_directions = t.optional_bool("both_directions").value_or(kBothDirectionsDefault);
  c->speed_kmh = t.optional_number("speed_kmh", 5.0, 200.0);
  if (auto l = t.optional_integer("lanes", 1, 8)) c->lanes = static_cast<int>(*l);
  c->capacity_per_lane = t.optional_number("capacity_per_lane", 100.0, 3000.0);
  t.finish();
  if (!c->speed_kmh && !c->lanes && !c->capacity_per_lane) {
    throw_input_error(t.file(), t.line(), kKey,
                      "expected at least one of speed_kmh, lanes, capacity_per_lane");
  }
  return c;
}

}  // namespace corridor::scenario
