#pragma once
// Single origin-destination travel times on a region model, for `corridor skim`, plausibility
// tests and quick checks. Whole matrices for the demand model come from the demand and transit
// modules; these are the same computations for one pair.
//
// Car: shortest path (Dijkstra) from the origin centroid to the destination centroid on links
//   open to cars, with the link times given (free-flow minutes by default, or loaded times from an
//   assignment). Centroids are not passed through. Minutes; +inf when unreachable.
// PT: optimal strategy to the destination (Spiess & Florian 1989, transit/strategy.hpp) for one
//   period, with TransitParams. `minutes` is the expected physical door-to-door time over that
//   strategy, in-vehicle + waiting + walking/access/egress (no penalties or weights);
//   `generalized_minutes` is the strategy's label (weights and transfer penalties applied), which
//   the strategy minimises.
//
//   auto ff = corridor::model::car_free_flow_costs(m);
//   double t = corridor::model::car_minutes(m, ff, from, to);
//   auto trip = corridor::model::pt_trip(m, from, to, transit::Period::offpeak);
#include <cstdint>
#include <span>
#include <vector>

#include "model/region_model.hpp"
#include "transit/network.hpp"

namespace corridor::model {

// Free-flow minutes per LinkId; +inf on links closed to cars.
std::vector<double> car_free_flow_costs(const RegionModel& model);
// Closes to cars (+inf) the links closed to cars in `link_minutes` (e.g. loaded times).
std::vector<double> car_costs(const RegionModel& model, std::span<const double> link_minutes);

struct CarTrip {
  double minutes = 0.0;  // +inf when unreachable
  double km = 0.0;       // length of that path
};
CarTrip car_trip(const RegionModel& model, std::span<const double> link_cost,
                 std::uint32_t from_zone, std::uint32_t to_zone);

struct PtTrip {
  double minutes = 0.0;  // in_vehicle + wait + walk; +inf when unreachable
  double in_vehicle_min = 0.0;
  double wait_min = 0.0;
  double walk_min = 0.0;  // access + egress + transfer walks
  double boardings = 0.0;
  double generalized_minutes = 0.0;
};
PtTrip pt_trip(const RegionModel& model, std::uint32_t from_zone, std::uint32_t to_zone,
               transit::Period period, const transit::TransitParams& params = {});

// Zone centroids as the transit network wants them (zones.csv lat/lon).
std::vector<transit::GeoPoint> zone_centroids(const RegionModel& model);

}  // namespace corridor::model
