#pragma once
// GMNS CSV export of a (scenario) road network, so planners can open it in QGIS, AequilibraE or
// DTALite, and so `io::read_gmns_network` reads it back to the same network:
//
//   node.csv   node_id,name,x_coord,y_coord,node_type,zone_id
//   link.csv   link_id,name,from_node_id,to_node_id,facility_type,length,lanes,free_speed,
//              capacity,vdf_fftt,vdf_alpha,vdf_beta,toll,allowed_uses
//   config.csv dataset_name,short_length,long_length,speed,crs,currency
//   demand.csv o_zone_id,d_zone_id,volume      (with GmnsExportOptions::demand; pairs > 0)
//   nodes.geojson  the nodes as GeoJSON points (node_id, name, node_type, zone_id) so a planner
//              finds node ids in QGIS (report/nodes_geojson.hpp)
//
// Conventions (those of scenarios/brainport-kempen/FORMAT.md and engine/io/gmns.hpp):
// - node_id is the node's label; zone nodes (the first zone_count() nodes) are `centroid` with
//   their zone_id, all others `junction`. x/y are written as stored (lon/lat for the region).
// - Node names from `node_names` (per NodeId; nodes beyond it, e.g. added by a scenario, have
//   none). Links in input order, link_id = the network's link_id() (kept from the input; a
//   scenario's new links and split halves have fresh ids). capacity is veh/h PER LANE (link
//   capacity / lanes); without per-link lanes every link is written with 1 lane carrying the whole
//   capacity, which reads back to the same link capacity. vdf_fftt (minutes) is written next to
//   free_speed so the free-flow time reads back exactly; free_speed is empty when unknown (0).
// - facility_type: the reader's integer codes are written as words (1 motorway, 2 trunk,
//   3 primary, 4 secondary, 5 tertiary, 6 residential, 9 connector, 0 local); other codes as
//   integers. allowed_uses: empty for all modes, else `auto;truck;bus` subsets.
// - Numbers use the shortest decimal form that reads back to the same double. Names have commas
//   and line breaks replaced by spaces (the CSV has no quoting). Conical VDFs are not
//   representable in GMNS: their alpha/beta are written as they are (documented loss).
// Files are written atomically (core/atomic_file.hpp).
//
//   corridor::report::GmnsExportOptions opt;
//   opt.zone_ids = gmns.zone_ids;  // from io::read_gmns_network
//   corridor::report::write_gmns_network(out / "network", scenario_net, opt);
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/od_matrix.hpp"
#include "network/road_network.hpp"

namespace corridor::report {

struct GmnsExportOptions {
  std::vector<std::int64_t> zone_ids;   // zone index -> GMNS zone_id; empty: the node label
  std::vector<double> lanes;            // per LinkId (CSR order); empty: 1 lane per link
  std::vector<std::string> node_names;  // per NodeId, may be shorter; empty: names left empty
  const OdMatrix* demand = nullptr;     // zone × zone vehicles (e.g. the assigned peak hour)
  std::string dataset_name = "corridor";
  std::string length_unit = "km";  // config long_length: the unit of the network's lengths
};

void write_gmns_network(const std::filesystem::path& folder, const network::RoadNetwork& net,
                        const GmnsExportOptions& options = {});

}  // namespace corridor::report
