#pragma once
// The road network's nodes as a GeoJSON layer (RFC 7946 FeatureCollection of Points, x/y as
// lon/lat), so a planner finds node ids in QGIS for scenario files (road.add_link from/to,
// add_junction on ...). Properties per node: node_id (the GMNS label), name (may be empty),
// node_type ("centroid" for the zone nodes, else "junction") and zone_id (centroids only).
//
//   corridor::report::write_nodes_geojson(out / "nodes.geojson", model.road, model.node_names,
//                                         {});
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "network/road_network.hpp"

namespace corridor::report {

// `names` per NodeId (may be shorter: later nodes unnamed); `zone_ids` per zone index (empty: the
// centroid's label).
[[nodiscard]] std::string nodes_geojson(const network::RoadNetwork& net,
                                        const std::vector<std::string>& names,
                                        const std::vector<std::int64_t>& zone_ids);

// Written atomically (core/atomic_file.hpp).
void write_nodes_geojson(const std::filesystem::path& path, const network::RoadNetwork& net,
                         const std::vector<std::string>& names,
                         const std::vector<std::int64_t>& zone_ids);

}  // namespace corridor::report
