// The network side of the demand model on a RegionModel: road skims by Dijkstra on loaded link
// times, multi-class road equilibrium (cars + trucks) by Algorithm B (assignment::solve), bike
// skims on the road network without motorways, PT skims and loads from the optimal-strategy
// assignment (its parameters from demand::transit_params, pt_mapping.hpp).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "assignment/solve.hpp"
#include "core/error.hpp"
#include "demand/intrazonal.hpp"
#include "demand/model_run.hpp"
#include "demand/periods.hpp"
#include "demand/pt_mapping.hpp"
#include "model/region_model.hpp"
#include "network/vdf.hpp"
#include "paths/dijkstra.hpp"
#include "transit/assignment.hpp"
#include "transit/network.hpp"

namespace corridor::demand {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// All-pairs centroid skims on `cost` (minutes, +inf = closed), with the length of each tree path
// in `km`. Intrazonal entries are set by the caller from the zone's size (demand/intrazonal.hpp).
void tree_skims(const network::RoadNetwork& net, std::span<const double> cost, OdMatrix& minutes,
                OdMatrix& km) {
  const auto nz = net.zone_count();
  minutes.resize(nz, nz);
  km.resize(nz, nz);
  paths::DijkstraWorkspace ws(net.node_count());
  std::vector<double> dist_km(net.node_count(), 0.0);
  const auto tails = net.tails();
  const auto length = net.length();
  for (std::uint32_t o = 0; o < nz; ++o) {
    paths::shortest_path_tree(net, cost, o, ws);
    for (const std::uint32_t v : ws.settled_order()) {
      const std::uint32_t a = ws.pred_link(v);
      dist_km[v] = (a == paths::kNoLink) ? 0.0 : dist_km[tails[a]] + length[a];
    }
    for (std::uint32_t d = 0; d < nz; ++d) {
      const double t = ws.distance(d);
      minutes(o, d) = t;
      km(o, d) = std::isfinite(t) ? dist_km[d] : kInf;
    }
  }
}

// Weekday boardings and alightings per (stop, line) from the board and alight arcs of the two
// period assignments (passengers per average hour of each period), expanded with each line's
// service hours like transit::daily_line_ridership.
using StopLineKey = std::pair<std::uint32_t, std::uint32_t>;  // (stop, line)

void add_stop_line_loads(const transit::TransitNetwork& net, const transit::TransitLoads& loads,
                         std::map<StopLineKey, std::array<double, 2>>& acc) {
  for (std::uint32_t a = 0; a < net.arc_count() && a < loads.arc_volume.size(); ++a) {
    const double v = loads.arc_volume[a];
    const auto kind = net.arc_kind[a];
    if (v == 0.0 || (kind != transit::ArcKind::board && kind != transit::ArcKind::alight)) continue;
    if (net.arc_line[a] == transit::kNone || net.arc_stop[a] == transit::kNone) continue;
    acc[{net.arc_stop[a], net.arc_line[a]}][kind == transit::ArcKind::board ? 0 : 1] += v;
  }
}

// Per (stop, line): weekday boardings and alightings, Σ over periods of the period's loads per
// hour × the hours the line runs in it (line_period_hours).
void add_period_stop_lines(const transit::TransitNetwork& net,
                           const transit::TransitLoads& per_hour,
                           const std::vector<double>& line_hours,
                           std::map<StopLineKey, StopLineLoad>& daily) {
  std::map<StopLineKey, std::array<double, 2>> acc;
  add_stop_line_loads(net, per_hour, acc);
  for (const auto& [key, v] : acc) {
    const double h = key.second < line_hours.size() ? line_hours[key.second] : 0.0;
    auto& e = daily[key];
    e.stop = key.first;
    e.line = key.second;
    e.boardings += h * v[0];
    e.alightings += h * v[1];
  }
}

// Adds one period's segment loads (passengers per hour, all and the assignment's part) × the
// line's hours in the period to `daily`, keyed by (line, from stop, to stop); a segment not seen
// in an earlier period is appended.
void add_segment_loads(const transit::TransitNetwork& net,
                       const transit::TransitAssignmentResult& r,
                       const std::vector<double>& line_hours,
                       std::map<std::array<std::uint32_t, 3>, std::size_t>& index,
                       std::vector<SegmentLoad>& daily) {
  for (std::size_t s = 0; s < net.segment_route.size(); ++s) {
    const std::uint32_t line = net.routes[net.segment_route[s]].line;
    const std::array<std::uint32_t, 3> key{line, net.segment_from_stop[s], net.segment_to_stop[s]};
    const auto [it, fresh] = index.emplace(key, daily.size());
    if (fresh) daily.push_back({key[0], key[1], key[2], 0.0, 0.0});
    const double h = line < line_hours.size() ? line_hours[line] : 0.0;
    daily[it->second].passengers += r.loads.segment_passengers[s] * h;
    daily[it->second].cross_border_passengers += r.part_loads.segment_passengers[s] * h;
  }
}

// Whether link `a` is one the truck-share statistic reads: its name contains the statistic's
// link_name, or its GMNS link_id is listed.
bool reads_statistic(const model::RegionModel& region, const TruckShareStatistic& st,
                     std::uint32_t a) {
  const auto& name = region.road.link_name(LinkId(a));
  if (!st.link_name.empty() && name.find(st.link_name) != std::string::npos) return true;
  const auto id = region.road.link_id(LinkId(a));  // stable GMNS link_id
  return std::find(st.link_ids.begin(), st.link_ids.end(), id) != st.link_ids.end();
}

class RegionNetwork final : public NetworkModel {
 public:
  RegionNetwork(const model::RegionModel& region, const DemandParameters& p)
      : region_(region), p_(p) {
    const auto& net = region.road;
    const auto n_links = net.link_count();
    car_closed_.resize(n_links);
    for (std::uint32_t a = 0; a < n_links; ++a) {
      car_closed_[a] = (net.modes()[a] & network::kModeCar) == 0;
      if (p.freight.truck_share && reads_statistic(region, *p.freight.truck_share, a)) {
        statistic_links_.push_back(a);
      }
    }
    std::vector<transit::GeoPoint> centroids;
    for (const auto& z : region.zones) centroids.push_back({z.lat, z.lon});
    pt_params_ = transit_params(p);
    // One PT network and one set of skims per headway column the periods use.
    for (const auto& t : p.periods) {
      const auto h = static_cast<std::size_t>(t.pt_headways);
      if (pt_net_[h]) continue;
      pt_net_[h] =
          transit::build_transit_network(region.transit, centroids, pt_params_, t.pt_headways);
      auto pt = transit::assign_transit(*pt_net_[h], pt_params_, OdMatrix());
      pt_skims_[h] = std::move(pt.skims);
    }
    warm_.resize(p.periods.size());
    // Bike: road distance, motorways excluded where the rest of the network connects.
    std::vector<double> bike_cost(n_links);
    for (std::uint32_t a = 0; a < n_links; ++a) {
      const bool motorway = a < region.facility_types.size() &&
                            region.facility_types[a].find("motorway") != std::string::npos;
      bike_cost[a] = motorway ? kInf : net.length()[a];
    }
    OdMatrix bike_km_a;
    OdMatrix unused;
    tree_skims(net, bike_cost, bike_km_a, unused);
    std::vector<double> all_cost(net.length().begin(), net.length().end());
    OdMatrix bike_km_b;
    tree_skims(net, all_cost, bike_km_b, unused);
    bike_km_ = bike_km_a;
    for (Eigen::Index i = 0; i < bike_km_.rows(); ++i) {
      for (Eigen::Index j = 0; j < bike_km_.cols(); ++j) {
        if (!std::isfinite(bike_km_(i, j))) bike_km_(i, j) = bike_km_b(i, j);
      }
    }
    // Walk: the same route (footpaths follow the non-motorway network), its own detour.
    walk_km_ = bike_km_ * p.modes.walk_detour;
    bike_km_ *= p.modes.bike_detour;
    intrazonal_km_ = intrazonal_km(centroids, p.modes.intrazonal_detour);
    for (Eigen::Index i = 0; i < bike_km_.rows(); ++i) {
      bike_km_(i, i) = intrazonal_km_[static_cast<std::size_t>(i)];
      walk_km_(i, i) = intrazonal_km_[static_cast<std::size_t>(i)];
    }
  }

  Skims initial_skims(std::size_t period) override {
    std::vector<double> t(region_.road.free_flow_minutes().begin(),
                          region_.road.free_flow_minutes().end());
    if (period == 0) {
      car_km_.resize(0, 0);
      for (auto& w : warm_) w.clear();  // a new model run starts cold
    }
    return skims_at(t, period);
  }

  Skims assign_road(std::size_t period, const OdMatrix& car_vehicles,
                    const OdMatrix& truck_vehicles, assignment::AssignmentResult& road) override {
    std::array<assignment::DemandClass, 2> classes;
    classes[0].name = "car";
    classes[0].trips = car_vehicles;
    classes[0].modes = network::kModeCar;
    classes[1].name = "truck";
    classes[1].trips = truck_vehicles;
    classes[1].pce = p_.freight.pce;
    classes[1].modes = network::kModeTruck;
    assignment::SolveOptions opt;
    opt.algorithm = assignment::Algorithm::algorithm_b;
    opt.stop.relative_gap = road_gap_;
    opt.stop.max_iterations = p_.feedback.road_max_iterations;
    // Each feedback loop starts from the period's bushes of the previous loop (reloaded with the
    // new demand).
    road = assignment::solve(region_.road, classes, opt, warm_.at(period));
    return skims_at(road.link_time, period);
  }

  void set_road_gap(double relative_gap) override { road_gap_ = relative_gap; }

  void start_road_from(std::size_t period, const assignment::WarmStart& bushes) override {
    warm_.at(period) = bushes;
  }

  assignment::WarmStart road_state(std::size_t period) const override { return warm_.at(period); }

  PtLoads assign_pt_periods(const std::vector<OdMatrix>& period_trips) override {
    const auto& periods = p_.periods;
    const auto line_hours = line_period_hours(region_.transit, periods);
    const auto& data = region_.transit;
    PtLoads loads;
    for (const auto& line : data.lines) loads.line_names.push_back(line.id);
    loads.line_boardings_weekday.assign(data.lines.size(), 0.0);
    for (const auto& stop : data.stops) loads.stop_ids.push_back(stop.id);
    for (auto* v : {&loads.stop_boardings_weekday, &loads.stop_alightings_weekday,
                    &loads.stop_rail_boardings_weekday, &loads.stop_rail_alightings_weekday}) {
      v->assign(data.stops.size(), 0.0);
    }
    loads.line_cross_border_boardings_weekday.assign(data.lines.size(), 0.0);
    std::map<StopLineKey, StopLineLoad> stop_lines;
    std::map<std::array<std::uint32_t, 3>, std::size_t> segment_index;
    for (std::size_t t = 0; t < periods.size() && t < period_trips.size(); ++t) {
      const double h = periods[t].pt_service_hours;
      const auto& net = *pt_net_[static_cast<std::size_t>(periods[t].pt_headways)];
      // The period's trips per hour of service; a line's boardings = per hour × its hours here.
      // The cross-border pairs are loaded over the same strategies in the same pass.
      const OdMatrix per_hour = period_trips[t] / h;
      const OdMatrix cross = cross_border_part(per_hour);
      const auto r =
          transit::assign_transit(net, pt_params_, per_hour, {.skims = false, .part = &cross});
      auto& lb = loads.line_boardings_period.emplace_back(data.lines.size(), 0.0);
      for (std::size_t l = 0; l < data.lines.size() && l < r.loads.line_boardings.size(); ++l) {
        lb[l] = r.loads.line_boardings[l] * line_hours[t][l];
        loads.line_boardings_weekday[l] += lb[l];
        loads.line_cross_border_boardings_weekday[l] +=
            r.part_loads.line_boardings[l] * line_hours[t][l];
      }
      add_segment_loads(net, r, line_hours[t], segment_index, loads.segment_weekday);
      if (periods[t].pt_headways == transit::Period::peak && loads.line_boardings_peak_hour.empty())
        loads.line_boardings_peak_hour = r.loads.line_boardings;
      if (periods[t].pt_headways == transit::Period::offpeak &&
          loads.line_boardings_offpeak_hour.empty())
        loads.line_boardings_offpeak_hour = r.loads.line_boardings;
      add_period_stop_lines(net, r.loads, line_hours[t], stop_lines);
      for (std::size_t c = 0; c < transit::kRailAccessCount; ++c) {
        loads.rail_access_weekday[c] += r.rail_access[c] * h;
      }
      for (std::size_t st = 0; st < data.stops.size(); ++st) {
        loads.stop_boardings_weekday[st] += r.loads.stop_boardings[st] * h;
        loads.stop_alightings_weekday[st] += r.loads.stop_alightings[st] * h;
        loads.stop_rail_boardings_weekday[st] += r.loads.stop_rail_boardings[st] * h;
        loads.stop_rail_alightings_weekday[st] += r.loads.stop_rail_alightings[st] * h;
      }
    }
    loads.stop_line_weekday.reserve(stop_lines.size());
    for (const auto& [key, e] : stop_lines) loads.stop_line_weekday.push_back(e);
    return loads;
  }

  PtLoads assign_pt(const OdMatrix& pt_trips) override {
    const auto& net = *pt_net_[static_cast<std::size_t>(p_.periods.front().pt_headways)];
    auto r = transit::assign_transit(net, pt_params_, pt_trips, {.skims = false});
    PtLoads loads;
    for (const auto& line : region_.transit.lines) loads.line_names.push_back(line.id);
    loads.line_boardings_weekday = r.loads.line_boardings;
    for (std::size_t c = 0; c < transit::kRailAccessCount; ++c) {
      loads.rail_access_weekday[c] = r.rail_access[c];
    }
    return loads;
  }

  std::pair<double, double> truck_share_flows(
      const assignment::AssignmentResult& road) const override {
    double car = 0.0;
    double truck = 0.0;
    if (road.class_flow.size() < 2) return {0.0, 0.0};
    for (const std::uint32_t a : statistic_links_) {
      car += road.class_flow[0][a];
      truck += road.class_flow[1][a];
    }
    return {car, truck};
  }

 private:
  // The cells of `trips` between zones of different countries (others 0).
  OdMatrix cross_border_part(const OdMatrix& trips) const {
    OdMatrix cross = trips;
    const auto& zones = region_.zones;
    for (Eigen::Index i = 0; i < cross.rows(); ++i) {
      for (Eigen::Index j = 0; j < cross.cols(); ++j) {
        if (zones[static_cast<std::size_t>(i)].country ==
            zones[static_cast<std::size_t>(j)].country)
          cross(i, j) = 0.0;
      }
    }
    return cross;
  }

  Skims skims_at(std::span<const double> link_minutes, std::size_t period) {
    std::vector<double> cost(link_minutes.begin(), link_minutes.end());
    for (std::size_t a = 0; a < cost.size(); ++a) {
      if (car_closed_[a]) cost[a] = kInf;
    }
    Skims s;
    tree_skims(region_.road, cost, s.car_minutes, s.car_km);
    set_intrazonal(s.car_minutes, &s.car_km, intrazonal_km_, p_.modes.intrazonal_car_kmh);
    // Distance: of the free-flow fastest path, fixed. At equilibrium several routes of equal time
    // but different length carry flow and the loaded tree picks one of them by solver noise; its
    // length (and the distance cost) would jump between loops and keep the feedback from
    // converging (a discontinuous skim). Congestion changes the time, not the distance, here.
    if (car_km_.size() == 0) car_km_ = s.car_km;
    s.car_km = car_km_;
    s.bike_km = bike_km_;
    s.bike_minutes = bike_km_ * (60.0 / p_.modes.bike_speed_kmh);
    s.walk_km = walk_km_;
    s.walk_minutes = walk_km_ * (60.0 / p_.modes.walk_speed_kmh);
    const auto& pt = pt_skims_[static_cast<std::size_t>(p_.periods.at(period).pt_headways)];
    s.pt_in_vehicle_minutes = pt.in_vehicle_min;
    s.pt_wait_minutes = pt.wait_min;
    s.pt_walk_minutes = pt.walk_min;
    s.pt_boardings = pt.boardings;
    s.pt_generalized_minutes = pt.generalized_cost;
    return s;
  }

  const model::RegionModel& region_;
  const DemandParameters& p_;
  double road_gap_ = p_.feedback.road_gap;
  std::vector<assignment::WarmStart> warm_;  // per period
  std::vector<bool> car_closed_;
  std::vector<std::uint32_t> statistic_links_;  // links the truck-share statistic reads
  transit::TransitParams pt_params_;
  // Per headway column (transit::Period): the network and its skims (built when a period uses it).
  std::array<std::optional<transit::TransitNetwork>, 2> pt_net_;
  std::array<transit::TransitSkims, 2> pt_skims_;
  OdMatrix bike_km_;
  OdMatrix walk_km_;
  OdMatrix car_km_;                    // free-flow fastest path length (see skims_at)
  std::vector<double> intrazonal_km_;  // per zone, from its size (fixed)
};

}  // namespace

ModelRun run_model(const model::RegionModel& region, const DemandParameters& params,
                   const LoopCallback& on_loop) {
  RunOptions options;
  options.on_loop = on_loop;
  return run_model(region, params, options);
}

ModelRun run_model(const model::RegionModel& region, const DemandParameters& params,
                   const RunOptions& options) {
  DemandParameters p = params;
  resolve_zone_sets(p, region);
  p.validate();
  if (region.road.zone_count() != region.zones.size()) {
    throw Error("demand: the road network has " + std::to_string(region.road.zone_count()) +
                " zones but the zone table " + std::to_string(region.zones.size()));
  }
  std::vector<ZoneInput> zones;
  zones.reserve(region.zones.size());
  for (const auto& z : region.zones) {
    zones.push_back({z.name, z.municipality, z.country, z.population, z.jobs, z.external});
  }
  RegionNetwork network(region, p);
  return run_model(std::move(zones), network, p, options);
}

}  // namespace corridor::demand
