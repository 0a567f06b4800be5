#pragma once
// Checks of a loaded region model that go beyond what a reader can see row by row: connectivity,
// plausible ranges and units, geometry, plus an inventory for a planner to eyeball.
//
// Checks (every failure is one Defect; the model is fit for use when there are none)
// - Car connectivity: every zone reaches every other zone on links open to cars (GMNS
//   allowed_uses containing auto/car), free-flow Dijkstra from each centroid; centroids are not
//   passed through.
// - PT connectivity, per period (peak, off-peak): every zone reaches every other zone in the
//   transit network of transit/network.hpp (access/egress, lines with service in that period,
//   walking transfers between nearby stops), with its default TransitParams.
// - Links: free speed 5-130 km/h; lanes 1-6 (connectors: any >= 1); capacity per lane 300-2,600
//   veh/h (connectors: > 0); VDF alpha in [0, 10] and beta in [1, 10] (BPR); length > 0 km and,
//   for links longer than 0.2 km as the crow flies, 0.9 x to 3 x the great-circle (haversine)
//   distance between the end nodes' coordinates.
// - Zones: population and jobs finite and >= 0; WGS84 coordinates inside the region box; the
//   zone's centroid node within 2 km of the zone's lat/lon.
// - Nodes and stops: coordinates inside the region box.
// - PT run times: between consecutive stops at least 1 km apart, the average speed as the crow
//   flies is 15-200 km/h for rail and 8-100 km/h for other modes (catches hours for minutes and
//   run times not cumulative from the first stop).
// Region box: RegionModel::box, from region.toml [box] (WGS84; the study area and its external
// zones).
//
//   auto report = corridor::model::validate_region_model(model);
//   std::cout << format_inventory(report.inventory);
//   for (const auto& d : report.defects) std::cout << d.where << ": " << d.message << '\n';
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/region_model.hpp"

namespace corridor::model {

struct Defect {
  std::string check;    // "car connectivity", "pt connectivity", "link range", ...
  std::string where;    // "link.csv link 17 (N1, node 1001 -> 1002)", "zone 5 'Town'"
  std::string message;  // what is wrong and what was expected
};

struct Inventory {
  std::map<std::string, std::uint32_t> zones_by_country;
  std::uint32_t external_zones = 0;
  double population = 0.0;  // internal zones only
  double jobs = 0.0;        // internal zones only
  std::uint32_t nodes = 0;
  std::uint32_t links = 0;
  std::map<std::string, std::uint32_t> links_by_facility;  // directed links
  // Road length in km per facility type; a two-way road (links a->b and b->a) counts once.
  std::map<std::string, double> road_km_by_facility;
  std::uint32_t stops = 0;
  std::map<std::string, std::uint32_t> lines_by_mode;
};

struct ValidationReport {
  Inventory inventory;
  std::vector<Defect> defects;
  [[nodiscard]] bool ok() const { return defects.empty(); }
};

// Checks against model.box.
ValidationReport validate_region_model(const RegionModel& model);
ValidationReport validate_region_model(const RegionModel& model, const RegionBox& box);

// Human-readable inventory, several lines.
std::string format_inventory(const Inventory& inv);

}  // namespace corridor::model
