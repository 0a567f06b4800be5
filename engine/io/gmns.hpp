#pragma once
// Reader for road networks in GMNS (General Modeling Network Specification, Zephyr Foundation):
// a folder with `node.csv`, `link.csv`, optional `config.csv`, and a demand file `demand.csv`.
//
// node.csv: node_id (int), x_coord, y_coord (optional, default 0), zone_id (optional: a non-empty
//   value makes the node a zone centroid), node_type (optional, informative).
// link.csv: link_id, from_node_id, to_node_id, length, lanes, capacity (veh/h PER LANE, the GMNS
//   convention: the link carries lanes × capacity), free_speed (unless vdf_fftt is given);
//   optional: vdf_fftt (minutes; default length / free_speed × 60), vdf_alpha / vdf_beta (also
//   VDF_alpha1 / VDF_beta1; default 0.15 / 4, BPR), toll, allowed_uses (`;`-separated: auto|car|
//   drive → car, truck|hgv → truck, bus → bus; empty → all modes), facility_type (an integer, or
//   motorway=1 trunk=2 primary=3 secondary=4 tertiary=5 residential=6 connector=9, other=0),
//   name.
// config.csv (optional, one data row): long_length = km | mi (unit of link.length; default km),
//   speed = kmh | mph (unit of free_speed; default kmh). Lengths are kept in the long_length unit
//   (so a distance factor is minutes per km or per mile); free-flow time in minutes uses the
//   speed converted to that unit. Note: the GMNS standard puts link.length in short_length units;
//   this engine (and the region model) follows its config's long_length instead.
// demand.csv: o_zone_id, d_zone_id, volume (vehicles per period, ≥ 0); repeated pairs are summed.
//   Optional `mode` and `time_period` columns (as `corridor batch` writes: mode auto|truck, the
//   period's name): a GmnsDemandSelection reads the rows of one mode and/or period; without one,
//   a column must hold a single value (a file of several modes or periods is an InputError that
//   asks for a selection, never a sum of them).
//
// Zones: centroids are renumbered to come first, in ascending zone_id order (zone index z ↔
// zone_ids[z]); other nodes follow in file order. Centroids are not passable (first thru node =
// number of zones). Every defect (duplicate link_id or node_id, unknown node, self-loop,
// non-positive capacity or lanes, negative length, zone without a connector, NaN/inf, missing
// column) is an InputError naming file, line and field.
//
//   auto g = corridor::io::read_gmns_network("scenarios/brainport-kempen");
//   auto demand = corridor::io::read_gmns_demand("scenarios/brainport-kempen/demand.csv", g);
//   auto am_cars = corridor::io::read_gmns_demand(out / "network/demand.csv", g, {"auto", "am"});
//   g.zone_ids[0];  // GMNS zone_id of zone index 0
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/od_matrix.hpp"
#include "network/road_network.hpp"

namespace corridor::io {

struct GmnsNetwork {
  network::RoadNetwork network;
  std::vector<std::int64_t> zone_ids;  // zone index -> GMNS zone_id, ascending
  std::string length_unit = "km";      // from config.csv long_length
  // Zone index of a GMNS zone_id, or -1 when absent.
  [[nodiscard]] std::int64_t zone_index(std::int64_t zone_id) const;
};

// Rows of demand.csv to read: empty = no selection on that column.
struct GmnsDemandSelection {
  std::string mode;
  std::string time_period;
};

GmnsNetwork read_gmns_network(const std::filesystem::path& folder);
OdMatrix read_gmns_demand(const std::filesystem::path& path, const GmnsNetwork& net,
                          const GmnsDemandSelection& select = {});
// Splits "FILE.csv:MODE[:TIME_PERIOD]" into the file (left in `file`) and the selection; a name
// without ".csv:" is left as it is (empty selection).
GmnsDemandSelection parse_gmns_demand_selection(std::string& file);
// The text of a demand.csv (o_zone_id,d_zone_id,volume; positive cells, 17 significant digits)
// that read_gmns_demand reads back to `trips`. Write it with core/atomic_file.hpp.
std::string format_gmns_demand(const OdMatrix& trips, const GmnsNetwork& net);

}  // namespace corridor::io
