// [[road.add_link]]: a new road link between existing or new nodes.
//   from | from_new = {id, lat, lon};  to | to_new
//   length_km (default: great circle × kDetourFactor), lanes (1 per direction), speed_kmh,
//   capacity_per_lane (1500 veh/h), name, both_directions (true)
#include <optional>

#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/road_draft.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

class AddLink final : public Edit {
 public:
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::optional<NewNode> from_new;
  std::optional<NewNode> to_new;
  LinkProfile profile;
  bool both_directions = kBothDirectionsDefault;

  // Position of an end: the new node's, or the existing node's in the draft.
  std::pair<double, double> position(const EditState& s, const std::optional<NewNode>& n,
                                     std::int64_t label, const std::string& key) const {
    if (n) return {n->lat, n->lon};
    const auto& d = s.road();
    const auto& spec = d.nodes[d.node(origin, key, label)];
    return {spec.y, spec.x};
  }
  void validate(const EditState& s) const override {
    const std::string key = "road.add_link";
    if (from_new) check_new_node(s, origin, key + ".from_new", *from_new);
    if (to_new) check_new_node(s, origin, key + ".to_new", *to_new);
    const auto a = position(s, from_new, from, key + ".from");
    const auto b = position(s, to_new, to, key + ".to");
    check_profile(origin, key, profile, great_circle_km(a.first, a.second, b.first, b.second));
  }
  void apply(EditState& s) const override {
    const std::string key = "road.add_link";
    auto& d = s.road();
    const auto a = from_new ? d.add_node(origin, key + ".from_new", *from_new)
                            : d.node(origin, key + ".from", from);
    const auto b =
        to_new ? d.add_node(origin, key + ".to_new", *to_new) : d.node(origin, key + ".to", to);
    const double len = profile.length_km.value_or(kDetourFactor * d.distance_km(a, b));
    auto push = [&](std::uint32_t x, std::uint32_t y) {
      const auto row = d.push(make_link(x, y, len, profile), profile.lanes, "scenario");
      s.changes.added_link_ids.push_back(*d.links[row].id);
    };
    push(a, b);
    s.changes.added_links.emplace_back(from, to);
    if (both_directions) {
      push(b, a);
      s.changes.added_links.emplace_back(to, from);
    }
  }
  std::string describe() const override {
    auto end = [](std::int64_t id, const std::optional<NewNode>& n) {
      std::string e = std::to_string(id);
      if (n) e += " (new, " + short_number(n->lat) + ", " + short_number(n->lon) + ")";
      return e;
    };
    return "road.add_link " + end(from, from_new) + " -> " + end(to, to_new) +
           (both_directions ? " and back" : " one way") + ": " + describe_profile(profile);
  }
  Created created() const override {
    Created c;
    if (from_new) c.nodes.emplace_back("road.add_link.from_new.id", from_new->id);
    if (to_new) c.nodes.emplace_back("road.add_link.to_new.id", to_new->id);
    return c;
  }
};

}  // namespace

std::unique_ptr<Edit> parse_add_link(TableReader& t) {
  auto a = std::make_unique<AddLink>();
  if (t.optional_table("from_new")) {
    a->from_new = read_new_node(t, "from_new");
    a->from = a->from_new->id;
    if (t.has("from")) t.fail("from", "give either 'from' or 'from_new', not both");
  } else {
    a->from = t.integer("from");
  }
  if (t.optional_table("to_new")) {
    a->to_new = read_new_node(t, "to_new");
    a->to = a->to_new->id;
    if (t.has("to")) t.fail("to", "give either 'to' or 'to_new', not both");
  } else {
    a->to = t.integer("to");
  }
  a->profile = read_profile(t);
  a->both_directions = t.optional_bool("both_directions").value_or(kBothDirectionsDefault);
  t.finish();
  if (a->from == a->to) t.fail("to", "a link must join two different nodes");
  return a;
}

}  // namespace corridor::scenario
