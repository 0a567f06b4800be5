#include "model/skim.hpp"

#include <cmath>
#include <limits>

#include "paths/dijkstra.hpp"
#include "transit/strategy.hpp"

namespace corridor::model {

std::vector<double> car_costs(const RegionModel& model, std::span<const double> link_minutes) {
  const auto& net = model.road;
  std::vector<double> cost(net.link_count());
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    cost[a] = (net.modes()[a] & network::kModeCar) ? link_minutes[a]
                                                   : std::numeric_limits<double>::infinity();
  }
  return cost;
}

std::vector<double> car_free_flow_costs(const RegionModel& model) {
  return car_costs(model, model.road.free_flow_minutes());
}

CarTrip car_trip(const RegionModel& model, std::span<const double> link_cost,
                 std::uint32_t from_zone, std::uint32_t to_zone) {
  const auto& net = model.road;
  paths::DijkstraWorkspace ws(net.node_count());
  paths::shortest_path_tree(net, link_cost, from_zone, ws);
  CarTrip trip;
  trip.minutes = ws.distance(to_zone);
  if (!std::isfinite(trip.minutes)) return trip;
  const auto tails = net.tails();
  for (auto v = to_zone; ws.pred_link(v) != paths::kNoLink; v = tails[ws.pred_link(v)]) {
    trip.km += net.length()[ws.pred_link(v)];
  }
  return trip;
}

std::vector<transit::GeoPoint> zone_centroids(const RegionModel& model) {
  std::vector<transit::GeoPoint> c;
  c.reserve(model.zones.size());
  for (const auto& z : model.zones) c.push_back({z.lat, z.lon});
  return c;
}

PtTrip pt_trip(const RegionModel& model, std::uint32_t from_zone, std::uint32_t to_zone,
               transit::Period period, const transit::TransitParams& params) {
  PtTrip trip;
  if (from_zone == to_zone) return trip;
  const auto centroids = zone_centroids(model);
  const auto net = transit::build_transit_network(model.transit, centroids, params, period);
  const transit::WaitModel wait(params);
  transit::StrategyWorkspace ws(net);
  transit::compute_strategy(net, wait, to_zone, ws);
  trip.generalized_minutes = ws.label(from_zone);
  if (!std::isfinite(trip.generalized_minutes)) {
    trip.minutes = std::numeric_limits<double>::infinity();
    return trip;
  }
  transit::StrategyComponents parts;
  transit::strategy_components(net, wait, ws, parts);
  trip.in_vehicle_min = parts.in_vehicle_min[from_zone];
  trip.wait_min = parts.wait_min[from_zone];
  trip.walk_min = parts.walk_min[from_zone];
  trip.boardings = parts.boardings[from_zone];
  trip.minutes = trip.in_vehicle_min + trip.wait_min + trip.walk_min;
  return trip;
}

}  // namespace corridor::model
