// [[road.add_junction]]: a new node placed on an existing link, which is split in two at
// `fraction` of its length (and its reverse link at 1 - fraction when both_directions); the new
// node is connected to `connect_to` by a new two-way link.
//   id, on = [from, to] | link = ID, fraction (0.5), lat/lon (default: interpolated along the
//   link), both_directions (true), connect_to, + profile of the connection (length_km, lanes,
//   speed_kmh, capacity_per_lane, name)
// The halves keep the original's attributes (speed, capacity, VDF) and get new link ids.
#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/road_draft.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

constexpr const char* kKey = "road.add_junction";

class AddJunction final : public Edit {
 public:
  NewNode node;  // lat/lon only when has_position
  bool has_position = false;
  LinkRef on;
  double fraction = 0.5;
  bool both_directions = kBothDirectionsDefault;
  std::int64_t connect_to = 0;
  LinkProfile connection;

  std::size_t link_row(const RoadDraft& d) const {
    return resolve_link(d, origin, std::string(kKey) + ".on", on);
  }
  NewNode placed(const RoadDraft& d, std::size_t row) const {
    NewNode n = node;
    if (!has_position) {
      const auto& a = d.nodes[d.links[row].from.value()];
      const auto& b = d.nodes[d.links[row].to.value()];
      n.lat = a.y + fraction * (b.y - a.y);
      n.lon = a.x + fraction * (b.x - a.x);
    }
    return n;
  }
  void validate(const EditState& s) const override {
    const auto& d = s.road();
    const auto n = placed(d, link_row(d));
    if (has_position) check_new_node(s, origin, std::string(kKey) + ".lat", n);
    if (d.node_of_label.count(n.id) != 0) {
      fail_at(origin, std::string(kKey) + ".id",
              "node " + std::to_string(n.id) + " already exists; choose a new id");
    }
    const auto& t = d.nodes[d.node(origin, std::string(kKey) + ".connect_to", connect_to)];
    check_profile(origin, kKey, connection, great_circle_km(n.lat, n.lon, t.y, t.x));
  }
  void apply(EditState& s) const override {
    auto& d = s.road();
    const auto fwd = link_row(d);
    const auto n = placed(d, fwd);
    // The reverse link, when there is one (a one-way road is split in one direction).
    std::optional<std::size_t> back;
    const auto& f = d.links[fwd];
    if (both_directions && !d.find(f.to.value(), f.from.value()).empty()) {
      back = resolve_reverse(d, origin, std::string(kKey) + ".on", fwd);
    }
    const auto target = d.node(origin, std::string(kKey) + ".connect_to", connect_to);
    const auto v = d.add_node(origin, std::string(kKey) + ".id", n);
    s.changes.split_links.push_back(split(d, fwd, v, fraction));
    if (back) s.changes.split_links.push_back(split(d, *back, v, 1.0 - fraction));
    const double len = connection.length_km.value_or(kDetourFactor * d.distance_km(v, target));
    for (auto [x, y] : {std::pair{v, target}, std::pair{target, v}}) {
      const auto row = d.push(make_link(x, y, len, connection), connection.lanes, "scenario");
      s.changes.added_link_ids.push_back(*d.links[row].id);
    }
    s.changes.added_links.emplace_back(n.id, connect_to);
    s.changes.added_links.emplace_back(connect_to, n.id);
  }
  // Replaces link `row` by two halves meeting at node `v`, the first `f` of its length.
  static LinkSplit split(RoadDraft& d, std::size_t row, std::uint32_t v, double f) {
    const auto orig = d.links[row];
    const double lanes = d.lanes[row];
    const auto fac = d.facility[row];
    d.removed[row] = true;
    auto first = orig;
    first.id.reset();
    first.to = NodeId(v);
    first.length = orig.length * f;
    first.free_flow_minutes = orig.free_flow_minutes * f;
    auto second = orig;
    second.id.reset();
    second.from = NodeId(v);
    second.length = orig.length * (1.0 - f);
    second.free_flow_minutes = orig.free_flow_minutes * (1.0 - f);
    const auto first_row = d.push(first, lanes, fac);
    const auto second_row = d.push(second, lanes, fac);
    return {*orig.id, *d.links[first_row].id, *d.links[second_row].id};
  }
  std::string describe() const override {
    std::string s = std::string(kKey) + " " + std::to_string(node.id) + " on " + on.text() +
                    " at " + short_number(fraction) + (both_directions ? " (and back)" : "") +
                    ", connected to " + std::to_string(connect_to) + ": " +
                    describe_profile(connection);
    return s;
  }
  Created created() const override { return {{{std::string(kKey) + ".id", node.id}}, {}, {}}; }
};

}  // namespace

std::unique_ptr<Edit> parse_add_junction(TableReader& t) {
  auto j = std::make_unique<AddJunction>();
  j->node.id = t.integer("id");
  const auto lat = t.optional_number("lat", -90.0, 90.0);
  const auto lon = t.optional_number("lon", -180.0, 180.0);
  if (lat.has_value() != lon.has_value()) t.fail(lat ? "lon" : "lat", "give both lat and lon");
  if (lat) {
    j->node.lat = *lat;
    j->node.lon = *lon;
    j->has_position = true;
  }
  if (t.has("link")) {
    if (t.has("on")) t.fail("on", "give either 'on' = [from, to] or 'link' (a link id), not both");
    j->on.id = t.integer("link", 1);
  } else {
    const auto on = t.integer_array("on");
    if (on.size() != 2) t.fail("on", "expected [from_node, to_node] of the link to split");
    j->on.from = on[0];
    j->on.to = on[1];
  }
  j->fraction = t.optional_number("fraction", 0.01, 0.99).value_or(0.5);
  j->both_directions = t.optional_bool("both_directions").value_or(kBothDirectionsDefault);
  j->connect_to = t.integer("connect_to");
  j->connection = read_profile(t);
  t.finish();
  return j;
}

}  // namespace corridor::scenario
