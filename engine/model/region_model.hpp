#pragma once
// The region model: zones with land use, the road network and the public-transport lines of one
// study area, loaded together from one folder (e.g. scenarios/brainport-kempen/):
//
//   zones.csv                      zone table (io/zones.hpp)
//   node.csv, link.csv, config.csv GMNS road network (io/gmns.hpp)
//   stops.csv, lines.csv, line_stops.csv   PT lines in Corridor's lines format (io/lines.hpp)
//
// Invariants after loading (violations are InputErrors naming file, line and field):
// - zones[z] has zone_id z + 1 and is road zone z: its centroid is road node z (centroid nodes
//   come first and are not passable), with at least one connector out and one in;
// - every GMNS node with a zone_id is the centroid of a zone in zones.csv and vice versa;
// - transit zone z (access/egress) is the same zone z.
// content_hash identifies the inputs: FNV-1a (core/hash.hpp) over the name and bytes of every
// file the loader read, in a fixed order, so a changed file gives a new hash (cache key for
// batches, provenance in outputs).
//
// Zone lookup (find_zone), for CLI arguments and scenario files. The query is compared after
// trimming, ignoring case and treating '-', '_' and ' ' as equal:
//   1. an integer is a zone_id;
//   2. a zone name;
//   3. a municipality name: the municipality's only zone; or, when it has several zones, the zone
//      named exactly like the municipality, else the one whose name contains "centrum",
//      "centre", "center", "station" or "cs" as a word (e.g. `Eindhoven` -> "Eindhoven Centrum");
//      with no such zone the query is ambiguous and does not match (require_zone lists the zones);
//   4. otherwise std::nullopt.
//
//   auto m = corridor::model::load_region_model("scenarios/brainport-kempen");
//   auto z = corridor::model::find_zone(m, "Eindhoven");     // -> zone index (0-based)
//   m.zones[*z].name; m.road.zone_count() == m.zones.size();
//
// Zone sets (model/zone_sets.hpp; format in scenarios/brainport-kempen/FORMAT.md): named lists
// of zone indices, defined in region.toml [zone_sets] (by country, municipality, corridor,
// internal/external, an explicit zone list or a union of other sets) plus the automatic sets
// `all`, `country:XX`, `corridor:NAME` and `municipality:NAME`. Names compare like zone names.
//
//   const auto& be = corridor::model::require_zone_set(m, "BE", "calibration.toml", 3, "from");
//   for (auto z : be.zones) m.zones[z].population;
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "network/road_network.hpp"
#include "transit/transit_data.hpp"

namespace corridor::model {

struct Zone {
  std::string name;
  std::string municipality;
  std::string country;   // a code of region.toml `countries`
  std::string corridor;  // a value of region.toml `corridors` (for reporting)
  double lat = 0.0;      // WGS84 degrees
  double lon = 0.0;
  double population = 0.0;   // residents
  double jobs = 0.0;         // workplaces
  bool external = false;     // a gate zone outside the study area
  std::int64_t zone_id = 0;  // as in zones.csv: zone index + 1
};

// A named set of zones: zone indices (0-based), ascending, unique; may be empty (a declared
// country without zones).
struct ZoneSet {
  std::string name;
  std::vector<std::uint32_t> zones;
};

// WGS84 box every zone, node and stop must lie in (region.toml [box]). When the region does not
// give one, load_region_model derives it: the bounding box of the base's zones, nodes and stops
// widened by kDerivedBoxMarginDeg on every side, so that a scenario edit far outside the region
// (or with latitude and longitude swapped) is still caught.
struct RegionBox {
  double min_lat = -90.0, max_lat = 90.0;
  double min_lon = -180.0, max_lon = 180.0;
  [[nodiscard]] bool contains(double lat, double lon) const {
    return lat >= min_lat && lat <= max_lat && lon >= min_lon && lon <= max_lon;
  }
};

inline constexpr double kDerivedBoxMarginDeg = 0.5;  // ~55 km north-south, ~35 km east-west at 51°N

struct LonLatPoint {
  double lon = 0.0;  // WGS84 degrees
  double lat = 0.0;
};

struct RegionModel {
  std::filesystem::path folder;
  std::vector<Zone> zones;                  // zone index z = zone_id - 1
  network::RoadNetwork road;                // road zone z = zones[z]; centroids not passable
  std::vector<std::string> facility_types;  // per link in CSR (LinkId) order, as in link.csv
  std::vector<double> lanes;                // per LinkId, as in link.csv
  std::vector<std::string> node_names;      // per NodeId, node.csv `name` (may be shorter after
                                            // scenario edits: later nodes have no name)
  transit::TransitData transit;
  std::vector<ZoneSet> zone_sets;  // region.toml's sets in file order, then the automatic ones
  // From region.toml (model/region_config.hpp; empty or defaults without it):
  std::string name;  // display name
  RegionBox box;
  std::vector<std::vector<LonLatPoint>> border;  // national borders for maps (border file)
  // Values of time, EUR per person-hour by country of residence, purposes in the order commute,
  // business, education, other; empty: the appraisal's defaults.
  std::map<std::string, std::array<double, 4>> values_of_time;
  std::string content_hash;  // 16 hex digits over all input files
};

// Reads and cross-checks the model in `folder`. Throws InputError on any defect of the files.
RegionModel load_region_model(const std::filesystem::path& folder);

// Zone index for a name, id or municipality (rules above); nullopt when nothing matches.
std::optional<std::uint32_t> find_zone(const RegionModel& model, std::string_view query);

// Like find_zone, but throws InputError (field `field`, e.g. "--from") listing close names.
std::uint32_t require_zone(const RegionModel& model, std::string_view query,
                           std::string_view field);

// The zone set named `name` (compared like zone names: case, '-', '_' and spaces folded);
// nullptr when there is none.
const ZoneSet* find_zone_set(const RegionModel& model, std::string_view name);

// Like find_zone_set, but throws InputError naming `file`, `line` and `field` (where the name was
// read) and listing the known sets.
const ZoneSet& require_zone_set(const RegionModel& model, std::string_view name,
                                std::string_view file, std::size_t line, std::string_view field);

}  // namespace corridor::model
