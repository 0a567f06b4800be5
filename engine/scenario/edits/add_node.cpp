// [[road.add_node]]: a new road node. id (not in node.csv), lat, lon (inside the region box).
#include "core/error.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/road_draft.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

class AddNode final : public Edit {
 public:
  NewNode node;

  void validate(const EditState& s) const override {
    check_new_node(s, origin, "road.add_node.lat", node);
    if (s.road().node_of_label.count(node.id) != 0) {
      fail_at(origin, "road.add_node.id",
              "node " + std::to_string(node.id) + " already exists; choose a new id");
    }
  }
  void apply(EditState& s) const override { s.road().add_node(origin, "road.add_node.id", node); }
  std::string describe() const override {
    return "road.add_node " + std::to_string(node.id) + " at " + short_number(node.lat) + ", " +
           short_number(node.lon);
  }
  Created created() const override { return {{{"road.add_node.id", node.id}}, {}, {}}; }
};

}  // namespace

std::unique_ptr<Edit> parse_add_node(TableReader& t) {
  auto a = std::make_unique<AddNode>();
  a->node.id = t.integer("id");
  a->node.lat = t.number("lat", -90.0, 90.0);
  a->node.lon = t.number("lon", -180.0, 180.0);
  t.finish();
  return a;
}

}  // namespace corridor::scenario
