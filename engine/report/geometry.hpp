#pragma once
// Helpers to fill MapGeometry from the engine's own data.
//
//   corridor::report::MapGeometry g;
//   g.links = corridor::report::map_links(gmns.network);  // index = input row of the network
#include <cstdint>
#include <string>
#include <vector>

#include "network/road_network.hpp"
#include "report/report_data.hpp"

namespace corridor::report {

// GMNS facility word of the GMNS reader's integer facility code (1 motorway, 2 trunk, 3 primary,
// 4 secondary, 5 tertiary, 6 residential, 9 connector, 0 local); other codes as the integer.
[[nodiscard]] std::string facility_name(std::int32_t code);

// One MapLink per network link in input order (MapGeometry::links[row] is input row `row`), with
// node x/y taken as lon/lat, facility from link_type, capacity, free speed and length (length_km
// is the network's length unit, km for GMNS region data). Lanes are unknown to the network: 0.
[[nodiscard]] std::vector<MapLink> map_links(const network::RoadNetwork& net);

}  // namespace corridor::report
