#pragma once
// The road network as editable specs, shared by the road edit kinds (edits/*.cpp): node and link
// specs in input order with RegionModel's per-link attributes (lanes, facility type) and stable
// link ids, edited in place and built into a CSR network once (EditState::finish). Also the two
// things several road kinds read from their table: a reference to an existing link and the
// profile (length, lanes, speed, capacity, name) of a link they create.
//
// A link reference is one of
//   link = 123                               the link's link_id (link.csv, or given to a new link)
//   from = 1018, to = 1019                   the link between two nodes
//   from = 1018, to = 1019, name = "A67"     ... of that name, when parallel links join the nodes
// A reference matching more than one link is an error listing the candidate link ids.
//
//   RoadDraft& d = state.road();
//   const auto row = resolve_link(d, origin, "road.close_link", ref);
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/region_model.hpp"
#include "network/road_network.hpp"
#include "scenario/edits/edit.hpp"

namespace corridor::scenario {

// A node created by an edit (id must not exist in the base network).
struct NewNode {
  std::int64_t id = 0;
  double lat = 0.0;
  double lon = 0.0;
};

// Geometry and capacity of a road link written by an edit.
struct LinkProfile {
  std::optional<double> length_km;  // default: great-circle distance × kDetourFactor
  int lanes = 1;                    // per direction
  double speed_kmh = 80.0;
  double capacity_per_lane = 1500.0;  // veh/h per lane
  std::string name;
};

struct LinkRef {
  std::optional<std::int64_t> id;
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::optional<std::string> name;
  [[nodiscard]] std::string text() const;  // "link 14", "1018 -> 1019", "1018 -> 1019 'A67'"
};

// Every road edit changes both directions unless both_directions = false.
inline constexpr bool kBothDirectionsDefault = true;

struct RoadDraft {
  explicit RoadDraft(const model::RegionModel& base);

  std::vector<network::NodeSpec> nodes;
  std::vector<network::LinkSpec> links;  // LinkSpec::id set on every row
  std::vector<double> lanes;
  std::vector<std::string> facility;
  std::vector<bool> removed;
  std::map<std::int64_t, std::uint32_t> node_of_label;
  std::int64_t next_link_id = 1;  // above every id in use

  std::uint32_t node(const Origin& o, const std::string& key, std::int64_t label) const;
  std::uint32_t add_node(const Origin& o, const std::string& key, const NewNode& n);
  // Rows of the links from→to that are not removed (node indices).
  [[nodiscard]] std::vector<std::size_t> find(std::uint32_t from, std::uint32_t to) const;
  [[nodiscard]] double distance_km(std::uint32_t a, std::uint32_t b) const;
  // Appends a link; a spec without id gets the next free one. Returns its row.
  std::size_t push(network::LinkSpec spec, double lane_count, std::string fac);
  void build_into(model::RegionModel& out, const network::RoadNetwork& base) const;
};

// Reads `link` or `from`/`to` (+ optional `name`) from the table.
LinkRef read_link_ref(TableReader& t);
// The one row the reference names; errors: unknown node or link id, no link, ambiguous.
std::size_t resolve_link(const RoadDraft& d, const Origin& o, const std::string& key,
                         const LinkRef& ref);
// The one row running the other way (to → from), of the same name when parallel links exist.
std::size_t resolve_reverse(const RoadDraft& d, const Origin& o, const std::string& key,
                            std::size_t row);

NewNode read_new_node(TableReader& parent, std::string_view key);
LinkProfile read_profile(TableReader& t);
network::LinkSpec make_link(std::uint32_t from, std::uint32_t to, double length_km,
                            const LinkProfile& p);

// Checks a new node's position and a new link's profile with the base's ranges.
void check_new_node(const EditState& s, const Origin& o, const std::string& key, const NewNode& n);
void check_profile(const Origin& o, const std::string& key, const LinkProfile& p,
                   std::optional<double> crow_km);

std::string describe_profile(const LinkProfile& p);

}  // namespace corridor::scenario
