#pragma once
// Readers for the TNTP formats of the "Transportation Networks for Research" collection
// (github.com/bstabler/TransportationNetworks): `_net`, `_trips`, `_flow` and `_node` files.
//
// Model: node labels in the file are mapped to internal NodeIds. When the labels are exactly
// 1..<NUMBER OF NODES> (all shipped instances but Munich), NodeId = label − 1; otherwise the
// labels are sorted and the first <NUMBER OF ZONES> of them are the zones. Zone z is node z.
// <FIRST THRU NODE> f means nodes with label < f are zones that paths may not pass through.
// Metadata tags (<NUMBER OF NODES>, <NUMBER OF LINKS>, <NUMBER OF ZONES>, <TOTAL OD FLOW>) are
// checked against the content; every defect is an InputError naming file, line and field.
//
//   auto net = corridor::io::read_tntp_network("SiouxFalls_net.tntp");
//   auto demand = corridor::io::read_tntp_trips("SiouxFalls_trips.tntp", net);
//   demand.trips(0, 1);   // trips from zone 1 to zone 2
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/od_matrix.hpp"
#include "network/road_network.hpp"

namespace corridor::io {

network::RoadNetwork read_tntp_network(const std::filesystem::path& path);
network::RoadNetwork parse_tntp_network(std::string text, const std::string& file_name);

struct TntpTrips {
  OdMatrix trips;                         // zone × zone, in the file's units (vehicles per period)
  double total = 0.0;                     // sum of all entries
  std::optional<double> toll_factor;      // <TOLL FACTOR> when present (multi-class files)
  std::optional<double> distance_factor;  // <DISTANCE FACTOR> when present
};

TntpTrips read_tntp_trips(const std::filesystem::path& path, const network::RoadNetwork& net);
TntpTrips parse_tntp_trips(std::string text, const std::string& file_name,
                           const network::RoadNetwork& net);

// The text of a `_trips.tntp` file for `trips` (zone × zone on `net`): metadata (<NUMBER OF
// ZONES>, <TOTAL OD FLOW>), then one "Origin N" block per origin with its positive entries,
// zones written by their node labels, values with 17 significant digits (exact round trip).
// Write it with core/atomic_file.hpp.
std::string format_tntp_trips(const OdMatrix& trips, const network::RoadNetwork& net);

// A `_flow.tntp` solution: volume and cost per link, in LinkId order. Rows are matched to links by
// (from, to); parallel links are matched in their input order.
struct TntpFlows {
  std::vector<double> volume;
  std::vector<double> cost;
};
TntpFlows read_tntp_flows(const std::filesystem::path& path, const network::RoadNetwork& net);

// Node coordinates from `_node.tntp` (Node X Y ;), by NodeId; nodes absent from the file keep NaN.
std::vector<std::pair<double, double>> read_tntp_node_coordinates(const std::filesystem::path& path,
                                                                  const network::RoadNetwork& net);

}  // namespace corridor::io
