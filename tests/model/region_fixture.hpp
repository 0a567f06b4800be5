#pragma once
// Tiny inline region models for the model tests (Valhalla gurka style: the picture first).
//
//   zone 1 A (51.40, 5.40)   zone 2 B (51.40, 5.50)   zone 3 C (51.30, 5.45)
//        \                        /                        |
//         node 101 ---- road ---- node 102 ------------- node 103
// Each zone has a connector pair to the node below it; roads are two-way unless a test removes a
// direction. Coordinates are WGS84 (x = lon, y = lat); lengths in km from the haversine distance
// × 1.2, speeds in km/h, free-flow minutes = length / speed × 60.
#include <cmath>
#include <string>
#include <vector>

#include "model/region_model.hpp"

namespace corridor::model::test {

inline double crow_km(const network::NodeSpec& a, const network::NodeSpec& b) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (b.y - a.y) * kRad;
  const double dlon = (b.x - a.x) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.y * kRad) * std::cos(b.y * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * 6371.0 * std::asin(std::sqrt(h));
}

struct TinyRoad {
  std::vector<network::NodeSpec> nodes;
  std::vector<network::LinkSpec> links;
  std::vector<std::string> facility;
  std::vector<double> lanes;

  void add(std::uint32_t from, std::uint32_t to, double speed_kmh, const std::string& fac,
           double lanes_n = 1.0, double cap_per_lane = 1500.0) {
    network::LinkSpec s;
    s.from = NodeId(from);
    s.to = NodeId(to);
    s.length = 1.2 * crow_km(nodes[from], nodes[to]);
    s.speed = speed_kmh;
    s.free_flow_minutes = s.length / speed_kmh * 60.0;
    s.capacity = cap_per_lane * lanes_n;
    s.modes = network::kModeCar | network::kModeTruck;
    s.name = fac;
    links.push_back(s);
    facility.push_back(fac);
    lanes.push_back(lanes_n);
  }
  void add_both(std::uint32_t a, std::uint32_t b, double speed_kmh, const std::string& fac) {
    add(a, b, speed_kmh, fac);
    add(b, a, speed_kmh, fac);
  }
};

inline Zone make_zone(std::int64_t id, std::string name, std::string municipality, double lat,
                      double lon, std::string country = "NL") {
  Zone z;
  z.zone_id = id;
  z.name = std::move(name);
  z.municipality = std::move(municipality);
  z.country = std::move(country);
  z.corridor = "other";
  z.lat = lat;
  z.lon = lon;
  z.population = 1000;
  z.jobs = 500;
  return z;
}

// Three zones A, B, C on a two-way road; `road` can be edited before finish().
struct TinyRegion {
  RegionModel model;
  TinyRoad road;

  TinyRegion() {
    model.folder = "tiny";
    model.box = {50.6, 51.9, 4.0, 6.5};
    model.zones = {make_zone(1, "A", "Aville", 51.40, 5.40),
                   make_zone(2, "B", "Bstad", 51.40, 5.50),
                   make_zone(3, "C", "Cdorp", 51.30, 5.45, "BE")};
    road.nodes = {{1, 5.40, 51.40},   {2, 5.50, 51.40},   {3, 5.45, 51.30},
                  {101, 5.40, 51.39}, {102, 5.50, 51.39}, {103, 5.45, 51.31}};
    for (std::uint32_t z = 0; z < 3; ++z) road.add_both(z, z + 3, 30, "connector");
    road.add_both(3, 4, 80, "primary");
    road.add_both(4, 5, 80, "primary");
  }

  RegionModel& finish() {
    model.road = network::RoadNetwork::build(road.nodes, road.links, 3, 3);
    // facility/lanes by LinkId (CSR order)
    model.facility_types.assign(road.links.size(), "");
    model.lanes.assign(road.links.size(), 1.0);
    for (std::uint32_t row = 0; row < road.links.size(); ++row) {
      const auto a = model.road.link_at_input(row).value();
      model.facility_types[a] = road.facility[row];
      model.lanes[a] = road.lanes[row];
    }
    return model;
  }
};

}  // namespace corridor::model::test
