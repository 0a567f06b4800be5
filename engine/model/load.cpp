// load_region_model: the zone table, the GMNS road network and the PT lines of one folder,
// cross-checked (invariants in region_model.hpp).
#include <algorithm>
#include <array>
#include <string>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/hash.hpp"
#include "io/gmns.hpp"
#include "io/lines.hpp"
#include "io/text.hpp"
#include "io/zones.hpp"
#include "model/region_config.hpp"
#include "model/region_model.hpp"
#include "model/zone_sets.hpp"

namespace corridor::model {
namespace {

// Every file the model is made of, in hashing order; optional ones may be absent.
struct InputFile {
  const char* name;
  bool required;
};
constexpr std::array<InputFile, 8> kInputs = {{{"region.toml", false},
                                               {"zones.csv", true},
                                               {"node.csv", true},
                                               {"link.csv", true},
                                               {"config.csv", false},
                                               {"stops.csv", true},
                                               {"lines.csv", true},
                                               {"line_stops.csv", true}}};

// The per-link attributes RoadNetwork does not keep (facility type as written, lanes), read by
// link.csv row and stored by LinkId. The GMNS reader has validated the rows already.
void read_link_attributes(const std::filesystem::path& link_csv, RegionModel& m) {
  io::CsvReader csv(link_csv);
  const auto facility = csv.optional_column("facility_type");
  const auto lanes = csv.require_column("lanes");
  const auto n = m.road.link_count();
  m.facility_types.assign(n, "");
  m.lanes.assign(n, 1.0);
  std::uint32_t row = 0;
  while (csv.next_row()) {
    if (row >= n) csv.fail_row("link.csv changed while it was being read");
    const auto a = m.road.link_at_input(row).value();
    m.facility_types[a] = std::string(csv.text_or(facility, ""));
    m.lanes[a] = csv.number(lanes);
    ++row;
  }
  if (row != n) throw_input_error(link_csv.string(), 0, "", "link.csv changed while it was read");
}

// node.csv `name` by NodeId (the GMNS reader has validated the rows and their ids).
void read_node_names(const std::filesystem::path& node_csv, RegionModel& m) {
  io::CsvReader csv(node_csv);
  const auto id = csv.require_column("node_id");
  const auto name = csv.optional_column("name");
  m.node_names.assign(m.road.node_count(), "");
  while (csv.next_row()) {
    const NodeId v = m.road.find_node(csv.integer(id));
    if (v.valid()) m.node_names[v.value()] = std::string(csv.text_or(name, ""));
  }
}

void check_zones_against_network(const io::ZoneTable& zones, const io::GmnsNetwork& g,
                                 const std::filesystem::path& folder) {
  const auto& net = g.network;
  const std::string zones_file = zones.file;
  for (std::size_t z = 0; z < zones.rows.size(); ++z) {
    const auto& row = zones.rows[z];
    if (g.zone_index(row.zone_id) < 0) {
      const auto node = net.find_node(row.centroid_node);
      throw_input_error(zones_file, row.line, "centroid_node",
                        node.valid()
                            ? "node " + std::to_string(row.centroid_node) +
                                  " is in node.csv but not as the centroid of zone " +
                                  std::to_string(row.zone_id) + " (its zone_id is empty or differs)"
                            : "node " + std::to_string(row.centroid_node) +
                                  " is not in node.csv (expected the centroid of zone " +
                                  std::to_string(row.zone_id) + ")");
    }
  }
  for (const auto id : g.zone_ids) {
    if (id < 1 || id > static_cast<std::int64_t>(zones.rows.size())) {
      throw_input_error((folder / "node.csv").string(), 0, "zone_id",
                        "zone_id " + std::to_string(id) + " is not a zone of zones.csv (1.." +
                            std::to_string(zones.rows.size()) + ")");
    }
  }
  // Now zone_ids == 1..N, so road zone z is zones.rows[z].
  const auto offs = net.out_offsets();
  const auto in_offs = net.in_offsets();
  for (std::uint32_t z = 0; z < zones.rows.size(); ++z) {
    const auto& row = zones.rows[z];
    if (net.node_label(NodeId(z)) != row.centroid_node) {
      throw_input_error(zones_file, row.line, "centroid_node",
                        "zone " + std::to_string(row.zone_id) + "'s centroid in node.csv is node " +
                            std::to_string(net.node_label(NodeId(z))) + ", expected node " +
                            std::to_string(row.centroid_node));
    }
    const bool out = offs[z + 1] > offs[z];
    const bool in = in_offs[z + 1] > in_offs[z];
    if (!out || !in) {
      throw_input_error(zones_file, row.line, "centroid_node",
                        "zone " + std::to_string(row.zone_id) + " '" + row.name +
                            "' has no connector " + (out ? "into" : "out of") +
                            " its centroid node " + std::to_string(row.centroid_node) +
                            " in link.csv (expected a connector pair to the road network)");
    }
  }
}

// The bounding box of the zones, road nodes and stops, widened by kDerivedBoxMarginDeg and clamped
// to the globe (region_model.hpp, RegionBox).
RegionBox derived_box(const RegionModel& m) {
  RegionBox b{90.0, -90.0, 180.0, -180.0};
  auto add = [&b](double lat, double lon) {
    b.min_lat = std::min(b.min_lat, lat);
    b.max_lat = std::max(b.max_lat, lat);
    b.min_lon = std::min(b.min_lon, lon);
    b.max_lon = std::max(b.max_lon, lon);
  };
  for (const auto& z : m.zones) add(z.lat, z.lon);
  for (std::uint32_t v = 0; v < m.road.node_count(); ++v) {
    const auto& n = m.road.node(NodeId(v));
    add(n.y, n.x);
  }
  for (const auto& s : m.transit.stops) add(s.lat, s.lon);
  if (b.min_lat > b.max_lat) return RegionBox{};  // nothing placed: no box
  b.min_lat = std::max(-90.0, b.min_lat - kDerivedBoxMarginDeg);
  b.max_lat = std::min(90.0, b.max_lat + kDerivedBoxMarginDeg);
  b.min_lon = std::max(-180.0, b.min_lon - kDerivedBoxMarginDeg);
  b.max_lon = std::min(180.0, b.max_lon + kDerivedBoxMarginDeg);
  return b;
}

}  // namespace

RegionModel load_region_model(const std::filesystem::path& folder) {
  if (!corridor::is_directory(folder)) {
    throw_input_error(folder.string(), 0, "",
                      "expected a region model folder holding zones.csv, node.csv, link.csv, "
                      "stops.csv, lines.csv and line_stops.csv");
  }
  RegionModel m;
  m.folder = folder;

  ContentHash hash;
  for (const auto& f : kInputs) {
    const auto path = folder / f.name;
    if (!corridor::path_exists(path)) {
      if (f.required) throw_input_error(path.string(), 0, "", "required file is missing");
      continue;
    }
    hash.add(f.name).add(io::read_text_file(path));
  }
  const auto config = read_region_config(folder);
  if (!config.border_file.empty()) {
    hash.add(std::filesystem::path(config.border_file).filename().string()).add(config.border_text);
  }
  m.content_hash = hash.hex();
  m.name = config.name;
  m.box = config.box;
  m.border = config.border;
  m.values_of_time = config.values_of_time;
  const auto zones =
      io::read_zones_csv(folder / "zones.csv", io::ZoneValues{config.countries, config.corridors});
  auto gmns = io::read_gmns_network(folder);
  check_zones_against_network(zones, gmns, folder);
  m.road = std::move(gmns.network);
  read_link_attributes(folder / "link.csv", m);
  read_node_names(folder / "node.csv", m);

  m.zones.reserve(zones.rows.size());
  for (const auto& r : zones.rows) {
    Zone z;
    z.name = r.name;
    z.municipality = r.municipality;
    z.country = r.country;
    z.corridor = r.corridor;
    z.lat = r.lat;
    z.lon = r.lon;
    z.population = r.population;
    z.jobs = r.jobs;
    z.external = r.external;
    z.zone_id = r.zone_id;
    m.zones.push_back(std::move(z));
  }
  const auto* sets = config.root.get("zone_sets");
  if (sets != nullptr && !sets->is_table()) {
    throw_input_error(config.file, static_cast<std::size_t>(sets->source().begin.line), "zone_sets",
                      "expected a table [zone_sets] of named sets");
  }
  m.zone_sets = build_zone_sets(m.zones, sets ? sets->as_table() : nullptr, config.file,
                                ZoneSetRules{config.countries, config.corridors});
  m.transit = io::read_lines(folder, static_cast<std::uint32_t>(m.zones.size()));
  if (!config.box_declared) m.box = derived_box(m);
  return m;
}

}  // namespace corridor::model
