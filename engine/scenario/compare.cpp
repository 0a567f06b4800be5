#include "scenario/compare.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/hash.hpp"
#include "transit/assignment.hpp"
#include "transit/network.hpp"

namespace corridor::scenario {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kPurposes = demand::kPurposeCount;
constexpr std::size_t kModes = demand::kModeCount;
constexpr std::array<double, 3> kAccessMinutes{30.0, 45.0, 60.0};
// Smallest change per mode reported as a saving (person-hours per weekday), whatever the floor.
constexpr double kMinResolvedHours = 1.0;

std::string num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string csv_text(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Round to 6 significant digits for JSON: outputs are compared across runs and thread counts,
// and stable short numbers read better; the arithmetic upstream is deterministic anyway.
double r6(double v) {
  if (!std::isfinite(v) || v == 0.0) return std::isfinite(v) ? 0.0 : v;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return std::strtod(buf, nullptr);
}

// Weekday vehicles per peak-hour vehicle of one run: weekday = peak hour × F.
double day_factor(const demand::ModelRun& run, const demand::DemandParameters& p) {
  double weekday = run.truck_weekday.sum();
  for (std::size_t q = 0; q < kPurposes; ++q) {
    weekday += 2.0 * run.purposes[q].weekday[demand::index(demand::Mode::car)].sum() /
               p.purposes[q].car_occupancy;
  }
  const double peak = run.car_peak_hour.sum() + run.truck_peak_hour.sum();
  return peak > 0.0 ? weekday / peak : 0.0;
}

struct RoadTotals {
  double vehicle_hours = 0.0;  // peak hour
  double vehicle_km = 0.0;
};

RoadTotals road_totals(const model::RegionModel& m, const assignment::AssignmentResult& r) {
  RoadTotals t;
  const auto len = m.road.length();
  for (std::size_t a = 0; a < r.link_time.size(); ++a) {
    double veh = 0.0;
    if (!r.class_flow.empty()) {
      for (const auto& c : r.class_flow) veh += c[a];
    } else {
      veh = r.link_flow[a];
    }
    t.vehicle_hours += veh * r.link_time[a] / 60.0;
    t.vehicle_km += veh * len[a];
  }
  return t;
}

// Vehicles per link summed per (from label, to label) pair.
std::map<std::pair<std::int64_t, std::int64_t>, double> pair_flows(
    const model::RegionModel& m, const assignment::AssignmentResult& r, double factor) {
  std::map<std::pair<std::int64_t, std::int64_t>, double> out;
  const auto tails = m.road.tails();
  const auto heads = m.road.heads();
  for (std::uint32_t a = 0; a < m.road.link_count() && a < r.link_time.size(); ++a) {
    double veh = 0.0;
    if (!r.class_flow.empty()) {
      for (const auto& c : r.class_flow) veh += c[a];
    } else {
      veh = r.link_flow[a];
    }
    const auto key =
        std::make_pair(m.road.node_label(NodeId(tails[a])), m.road.node_label(NodeId(heads[a])));
    out[key] += veh * factor;
  }
  return out;
}

// Speed (km/h) at the assigned peak-hour times, per (from node, to node); the first link of a
// parallel pair stands for both.
std::map<std::pair<std::int64_t, std::int64_t>, double> pair_peak_speeds(
    const model::RegionModel& m, const assignment::AssignmentResult& r) {
  std::map<std::pair<std::int64_t, std::int64_t>, double> out;
  const auto tails = m.road.tails();
  const auto heads = m.road.heads();
  const auto length = m.road.length();
  for (std::uint32_t a = 0; a < m.road.link_count() && a < r.link_time.size(); ++a) {
    const auto key =
        std::make_pair(m.road.node_label(NodeId(tails[a])), m.road.node_label(NodeId(heads[a])));
    const double t = r.link_time[a];
    out.emplace(key, t > 0.0 && std::isfinite(t) ? length[a] / t * 60.0 : 0.0);
  }
  return out;
}

// PT weekday passengers per (line, from stop, to stop), as the demand model assigns them
// (peak network, weekday matrix of both legs), and the part of them travelling between zones of
// different countries. The frequency-based assignment is uncongested, hence linear in demand: the
// loads of the cross-border OD pairs alone are exactly their part of the total loads.
struct SegmentLoad {
  std::array<std::string, 3> key;  // line, from stop, to stop
  double passengers = 0.0;
  double cross_border = 0.0;
};
struct PtSplit {
  std::vector<SegmentLoad> segments;
  std::vector<double> line_boardings;  // by TransitData line, same assignment
  std::vector<double> line_cross_border_boardings;
};

PtSplit segment_loads(const model::RegionModel& m, const demand::ModelRun& run,
                      const demand::DemandParameters& p) {
  transit::TransitParams tp;
  tp.wait_weight = p.modes.pt_wait_weight;
  tp.walk_weight = p.modes.pt_walk_weight;
  tp.access_weight = p.modes.pt_walk_weight;
  tp.transfer_penalty_min = p.modes.pt_transfer_penalty_min;
  std::vector<transit::GeoPoint> centroids;
  for (const auto& z : m.zones) centroids.push_back({z.lat, z.lon});
  const auto net = transit::build_transit_network(m.transit, centroids, tp, transit::Period::peak);
  const auto nz = static_cast<Eigen::Index>(m.zones.size());
  OdMatrix pt = OdMatrix::Zero(nz, nz);
  for (std::size_t q = 0; q < kPurposes; ++q)
    pt += run.purposes[q].weekday[demand::index(demand::Mode::pt)];
  OdMatrix both = pt + pt.transpose();
  OdMatrix cross = both;
  for (Eigen::Index i = 0; i < nz; ++i) {
    for (Eigen::Index j = 0; j < nz; ++j) {
      if (m.zones[static_cast<std::size_t>(i)].country ==
          m.zones[static_cast<std::size_t>(j)].country)
        cross(i, j) = 0.0;
    }
  }
  const auto r = transit::assign_transit(net, tp, both, {.skims = false});
  const auto rx = transit::assign_transit(net, tp, cross, {.skims = false});
  std::map<std::array<std::string, 3>, std::size_t> index;
  PtSplit out;
  for (std::size_t s = 0; s < net.segment_route.size(); ++s) {
    const auto& route = net.routes[net.segment_route[s]];
    std::array<std::string, 3> key{m.transit.lines[route.line].id,
                                   m.transit.stops[net.segment_from_stop[s]].name,
                                   m.transit.stops[net.segment_to_stop[s]].name};
    const auto [it, fresh] = index.emplace(key, out.segments.size());
    if (fresh) out.segments.push_back({key, 0.0, 0.0});
    out.segments[it->second].passengers += r.loads.segment_passengers[s];
    out.segments[it->second].cross_border += rx.loads.segment_passengers[s];
  }
  out.line_boardings = r.loads.line_boardings;
  out.line_cross_border_boardings = rx.loads.line_boardings;
  return out;
}

struct Access {
  std::vector<std::array<double, 3>> car, pt;  // per zone, per threshold
};

Access accessibility(const model::RegionModel& m, const demand::Skims& s) {
  Access a;
  const auto n = m.zones.size();
  a.car.assign(n, {0, 0, 0});
  a.pt.assign(n, {0, 0, 0});
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const auto ii = static_cast<Eigen::Index>(i);
      const auto jj = static_cast<Eigen::Index>(j);
      const double car = (i == j) ? 0.0 : s.car_minutes(ii, jj);
      const double pt = (i == j) ? 0.0
                                 : s.pt_in_vehicle_minutes(ii, jj) + s.pt_wait_minutes(ii, jj) +
                                       s.pt_walk_minutes(ii, jj);
      for (std::size_t k = 0; k < kAccessMinutes.size(); ++k) {
        if (car <= kAccessMinutes[k]) a.car[i][k] += m.zones[j].jobs;
        if (pt <= kAccessMinutes[k]) a.pt[i][k] += m.zones[j].jobs;
      }
    }
  }
  return a;
}

}  // namespace

double generalized_minutes(const demand::Skims& s, const demand::DemandParameters& p,
                           std::size_t purpose, std::size_t mode, Eigen::Index i, Eigen::Index j) {
  const auto& pp = p.purposes[purpose];
  const auto& mp = p.modes;
  switch (mode) {
    case 0: {
      const double t = s.car_minutes(i, j);
      if (!std::isfinite(t)) return kInf;
      return t + mp.car_terminal_min +
             s.car_km(i, j) * mp.car_cost_eur_km * 60.0 / pp.value_of_time_eur_h;
    }
    case 1: {
      const double g = s.pt_generalized_minutes(i, j);
      if (!std::isfinite(g)) return kInf;
      const double km = std::isfinite(s.car_km(i, j)) ? s.car_km(i, j) : 0.0;
      return g + (mp.pt_fare_base_eur + mp.pt_fare_eur_km * km) * 60.0 / pp.value_of_time_eur_h;
    }
    default: {
      const double km = s.bike_km(i, j);
      if (!std::isfinite(km) || km > mp.bike_max_km) return kInf;
      return s.bike_minutes(i, j) * mp.bike_time_weight +
             mp.bike_long_penalty_min * std::max(0.0, km - mp.bike_long_km);
    }
  }
}

ScenarioOutputs compare_runs(const RunView& base, const RunView& scen,
                             const demand::DemandParameters& params, const Scenario& scenario,
                             const AppliedChanges& changes) {
  const auto& zones = scen.model.zones;
  const auto nz = static_cast<Eigen::Index>(zones.size());
  if (base.model.zones.size() != zones.size()) throw Error("compare: zone systems differ");
  const auto vot = values_of_time(scenario.parameters);

  // --- user benefits per OD, purpose, mode
  // Rule-of-a-half hours are kept per mode so that a mode whose change the solver cannot resolve
  // can be left out of the reported savings (see the noise floor below).
  using PerMode = std::array<double, kModes>;
  std::vector<PerMode> zone_hours_m(zones.size(), PerMode{});
  std::vector<double> zone_logsum_hours(zones.size(), 0.0);
  std::array<PerMode, kPurposes> purpose_hours_m{};
  PerMode mode_hours{};
  std::array<double, kPurposes> purpose_logsum_hours{};
  std::map<std::string, PerMode> country_hours_m, corridor_hours_m, country_eur_m;
  PerMode eur_m{};
  double logsum_eur_per_day = 0.0;
  PerMode abs_benefit_m{};
  double new_mode_trips = 0.0;
  double car_person_trips = 0.0;
  double car_gen_minutes = 0.0;  // base, both legs
  std::array<double, kModes> trips_before{}, trips_after{};
  std::ostringstream od;
  od << "from_zone,to_zone,mode,trips_before,trips_after,delta_trips,gen_minutes_before,"
        "gen_minutes_after,delta_gen_minutes,hours_saved_per_day\n";
  for (Eigen::Index i = 0; i < nz; ++i) {
    const auto& home = zones[static_cast<std::size_t>(i)];
    for (Eigen::Index j = 0; j < nz; ++j) {
      std::array<double, kModes> t0{}, t1{}, gsum0{}, gsum1{}, odh{};
      for (std::size_t q = 0; q < kPurposes; ++q) {
        const double v = value_of_time(vot, home.country, q);
        const auto& P0 = base.run.purposes[q];
        const auto& P1 = scen.run.purposes[q];
        for (std::size_t m = 0; m < kModes; ++m) {
          const double a = P0.weekday[m](i, j);
          const double b = P1.weekday[m](i, j);
          t0[m] += a;
          t1[m] += b;
          if (m == 0) car_person_trips += 2.0 * b;
          if (a == 0.0 && b == 0.0) continue;
          const double c0 = generalized_minutes(base.run.skims, params, q, m, i, j) +
                            generalized_minutes(base.run.skims, params, q, m, j, i);
          const double c1 = generalized_minutes(scen.run.skims, params, q, m, i, j) +
                            generalized_minutes(scen.run.skims, params, q, m, j, i);
          if (!std::isfinite(c0) || !std::isfinite(c1)) {
            if (std::isfinite(c1)) new_mode_trips += b;
            continue;
          }
          gsum0[m] += a * c0;
          if (m == 0) car_gen_minutes += a * c0;
          gsum1[m] += b * c1;
          const double h = rule_of_half(a, b, c0, c1) / 60.0;
          mode_hours[m] += h;
          odh[m] += h;
          abs_benefit_m[m] += std::abs(h) * 60.0;
          purpose_hours_m[q][m] += h;
          zone_hours_m[static_cast<std::size_t>(i)][m] += h;
          country_hours_m[home.country][m] += h;
          corridor_hours_m[home.corridor][m] += h;
          eur_m[m] += h * v;
          country_eur_m[home.country][m] += h * v;
        }
        // Logsum: both legs (the return leg's logsum is that of j→i).
        double trips0 = 0.0, trips1 = 0.0;
        for (std::size_t m = 0; m < kModes; ++m) {
          trips0 += P0.weekday[m](i, j);
          trips1 += P1.weekday[m](i, j);
        }
        if (trips0 + trips1 > 0.0) {
          const double l0 = P0.logsum(i, j) + P0.logsum(j, i);
          const double l1 = P1.logsum(i, j) + P1.logsum(j, i);
          if (std::isfinite(l0) && std::isfinite(l1)) {
            const double ben =
                logsum_benefit(trips0, trips1, l0, l1, params.purposes[q].theta_per_min);
            purpose_logsum_hours[q] += ben / 60.0;
            zone_logsum_hours[static_cast<std::size_t>(i)] += ben / 60.0;
            logsum_eur_per_day += ben / 60.0 * v;
          }
        }
      }
      for (std::size_t m = 0; m < kModes; ++m) {
        trips_before[m] += t0[m];
        trips_after[m] += t1[m];
        if (t0[m] == 0.0 && t1[m] == 0.0) continue;
        const double g0 = t0[m] > 0.0 ? gsum0[m] / t0[m] : kInf;
        const double g1 = t1[m] > 0.0 ? gsum1[m] / t1[m] : kInf;
        const double dt = t1[m] - t0[m];
        const double dg = (std::isfinite(g0) && std::isfinite(g1)) ? g1 - g0 : kInf;
        if (std::abs(dt) < 1e-6 && (!std::isfinite(dg) || std::abs(dg) < 1e-6) &&
            std::abs(odh[m]) < 1e-6)
          continue;
        od << csv_text(zones[static_cast<std::size_t>(i)].name) << ','
           << csv_text(zones[static_cast<std::size_t>(j)].name) << ','
           << demand::mode_name(static_cast<demand::Mode>(m)) << ',' << num(t0[m]) << ','
           << num(t1[m]) << ',' << num(dt) << ',' << num(g0) << ',' << num(g1) << ',' << num(dg)
           << ',' << num(odh[m]) << '\n';
      }
    }
  }
  // Freight: truck-hours saved on the loaded car skim (trucks use the same roads).
  double truck_hours = 0.0;
  for (Eigen::Index i = 0; i < nz; ++i) {
    for (Eigen::Index j = 0; j < nz; ++j) {
      const double a = base.run.truck_weekday(i, j);
      const double b = scen.run.truck_weekday(i, j);
      if (a == 0.0 && b == 0.0) continue;
      const double c0 = base.run.skims.car_minutes(i, j);
      const double c1 = scen.run.skims.car_minutes(i, j);
      if (std::isfinite(c0) && std::isfinite(c1)) truck_hours += rule_of_half(a, b, c0, c1) / 60.0;
    }
  }
  logsum_eur_per_day += truck_hours * vot.truck_eur_per_h;
  double logsum_hours = 0.0;
  for (double h : purpose_logsum_hours) logsum_hours += h;

  // --- noise floor
  NoiseFloorInputs nf;
  nf.aec_base_min = base.run.road.average_excess_cost;
  nf.aec_scen_min = scen.run.road.average_excess_cost;
  nf.car_person_trips = car_person_trips;
  nf.demand_change_base = base.run.history.empty() ? 0.0 : base.run.history.back().demand_change;
  nf.demand_change_scen = scen.run.history.empty() ? 0.0 : scen.run.history.back().demand_change;
  nf.abs_benefit_minutes = abs_benefit_m[0] + abs_benefit_m[1] + abs_benefit_m[2];
  nf.car_generalized_minutes = car_gen_minutes;
  const auto floor = noise_floor(nf);
  // Per mode: car carries the road term and the demand term on car time; PT and bike skims do not
  // depend on demand (uncongested), so only their trips' uncertainty counts. A mode's change is
  // reported as a saving only when it exceeds its floor (resolved); the others are flagged.
  const double tau = 0.5 * (std::abs(nf.demand_change_base) + std::abs(nf.demand_change_scen));
  PerMode mode_floor{};
  mode_floor[0] = floor.road_hours + tau * (car_gen_minutes + abs_benefit_m[0]) / 60.0;
  for (std::size_t m = 1; m < kModes; ++m) mode_floor[m] = tau * abs_benefit_m[m] / 60.0;
  std::array<bool, kModes> resolved{};
  for (std::size_t m = 0; m < kModes; ++m) {
    resolved[m] = std::abs(mode_hours[m]) >= std::max(mode_floor[m], kMinResolvedHours);
  }
  auto sum_resolved = [&](const PerMode& x) {
    double t = 0.0;
    for (std::size_t m = 0; m < kModes; ++m) t += resolved[m] ? x[m] : 0.0;
    return t;
  };
  double all_modes_hours = 0.0;
  for (double h : mode_hours) all_modes_hours += h;
  const double person_hours = sum_resolved(mode_hours);
  // Trucks use the car skim: counted when the car change is resolved.
  const double eur_per_day =
      sum_resolved(eur_m) + (resolved[0] ? truck_hours * vot.truck_eur_per_h : 0.0);
  std::vector<double> zone_hours(zones.size(), 0.0);
  for (std::size_t z = 0; z < zones.size(); ++z) zone_hours[z] = sum_resolved(zone_hours_m[z]);
  std::array<double, kPurposes> purpose_hours{};
  for (std::size_t q = 0; q < kPurposes; ++q) purpose_hours[q] = sum_resolved(purpose_hours_m[q]);
  std::map<std::string, double> country_hours, corridor_hours, country_eur;
  for (const auto& [k, v] : country_hours_m) country_hours[k] = sum_resolved(v);
  for (const auto& [k, v] : corridor_hours_m) corridor_hours[k] = sum_resolved(v);
  for (const auto& [k, v] : country_eur_m) country_eur[k] = sum_resolved(v);

  // --- money and cost
  const double benefit_per_year = eur_per_day * vot.annualisation;
  // part_costs: each part's own [cost], then each shared cost item once (scenario.hpp).
  double pv_cost = 0.0;
  double eac = 0.0;
  double investment = 0.0;
  for (const auto& c : scenario.part_costs) {
    if (!c.given) continue;
    pv_cost += present_value_cost(c);
    eac += equivalent_annual_cost(c);
    investment += c.investment_eur;
  }
  const double bcr = benefit_cost_ratio(benefit_per_year, scenario.part_costs);

  // --- road
  const double f0 = day_factor(base.run, params);
  const double f1 = day_factor(scen.run, params);
  const auto rt0 = road_totals(base.model, base.run.road);
  const auto rt1 = road_totals(scen.model, scen.run.road);
  const auto flows0 = pair_flows(base.model, base.run.road, f0);
  const auto flows1 = pair_flows(scen.model, scen.run.road, f1);
  const auto speeds0 = pair_peak_speeds(base.model, base.run.road);
  const auto speeds1 = pair_peak_speeds(scen.model, scen.run.road);
  auto speed_of = [](const auto& speeds, const auto& key) {
    const auto it = speeds.find(key);
    return it == speeds.end() ? 0.0 : it->second;
  };
  std::ostringstream links;
  links << "from_node,to_node,daily_flow,delta_daily_flow,base_daily_flow,peak_speed_kmh,"
           "base_peak_speed_kmh\n";
  std::set<std::pair<std::int64_t, std::int64_t>> written;
  const auto tails = scen.model.road.tails();
  const auto heads = scen.model.road.heads();
  for (std::uint32_t row = 0; row < scen.model.road.link_count(); ++row) {
    const auto a = scen.model.road.link_at_input(row).value();
    const auto key = std::make_pair(scen.model.road.node_label(NodeId(tails[a])),
                                    scen.model.road.node_label(NodeId(heads[a])));
    if (!written.insert(key).second) continue;
    const double v1 = flows1.at(key);
    const auto it = flows0.find(key);
    const double v0 = it == flows0.end() ? 0.0 : it->second;
    links << key.first << ',' << key.second << ',' << num(v1) << ',' << num(v1 - v0) << ','
          << num(v0) << ',' << num(speed_of(speeds1, key)) << ',' << num(speed_of(speeds0, key))
          << '\n';
  }
  for (const auto& [key, v0] : flows0) {
    if (written.insert(key).second) {  // closed in the scenario: no speed there
      links << key.first << ',' << key.second << ",0," << num(-v0) << ',' << num(v0) << ",0,"
            << num(speed_of(speeds0, key)) << '\n';
    }
  }
  nlohmann::json new_links = nlohmann::json::array();
  for (const auto& key : changes.added_links) {
    const auto it = flows1.find(key);
    new_links.push_back({{"from_node", key.first},
                         {"to_node", key.second},
                         {"daily_flow", r6(it == flows1.end() ? 0.0 : it->second)}});
  }
  nlohmann::json changed_links = nlohmann::json::array();
  for (const auto& key : changes.changed_links) {
    const auto it1 = flows1.find(key);
    const auto it0 = flows0.find(key);
    const double v1 = it1 == flows1.end() ? 0.0 : it1->second;
    const double v0 = it0 == flows0.end() ? 0.0 : it0->second;
    changed_links.push_back({{"from_node", key.first},
                             {"to_node", key.second},
                             {"daily_flow", r6(v1)},
                             {"delta_daily_flow", r6(v1 - v0)}});
  }

  // --- PT lines and segments
  std::ostringstream lines;
  lines << "line,mode,daily_boardings,base_daily_boardings,status,cross_border_boardings\n";
  const auto split = segment_loads(scen.model, scen.run, params);
  std::set<std::string> added(changes.added_lines.begin(), changes.added_lines.end());
  std::set<std::string> changed(changes.changed_lines.begin(), changes.changed_lines.end());
  nlohmann::json line_json = nlohmann::json::array();
  for (std::size_t l = 0; l < scen.model.transit.lines.size(); ++l) {
    const auto& line = scen.model.transit.lines[l];
    const double b1 =
        l < scen.run.pt.line_boardings_weekday.size() ? scen.run.pt.line_boardings_weekday[l] : 0.0;
    double b0 = 0.0;
    if (const auto bl = transit::find_line(base.model.transit, line.id)) {
      if (*bl < base.run.pt.line_boardings_weekday.size())
        b0 = base.run.pt.line_boardings_weekday[*bl];
    }
    const std::string status = added.count(line.id)     ? "new"
                               : changed.count(line.id) ? "changed"
                                                        : "";
    // Cross-border share of the line's boardings in the weekday assignment on the peak network
    // (as segments.csv), applied to the daily boardings of the two-period assignment.
    double xb = 0.0;
    if (l < split.line_boardings.size() && split.line_boardings[l] > 0.0)
      xb = b1 * split.line_cross_border_boardings[l] / split.line_boardings[l];
    lines << csv_text(line.id) << ',' << transit::mode_name(line.mode) << ',' << num(b1) << ','
          << num(b0) << ',' << status << ',' << num(xb) << '\n';
    if (!status.empty()) {
      line_json.push_back({{"line", line.id},
                           {"mode", transit::mode_name(line.mode)},
                           {"status", status},
                           {"daily_boardings", r6(b1)},
                           {"base_daily_boardings", r6(b0)},
                           {"cross_border_boardings", r6(xb)}});
    }
  }
  std::ostringstream segs;
  segs << "line,from_stop,to_stop,daily_passengers,cross_border_passengers\n";
  for (const auto& sl : split.segments) {
    segs << csv_text(sl.key[0]) << ',' << csv_text(sl.key[1]) << ',' << csv_text(sl.key[2]) << ','
         << num(sl.passengers) << ',' << num(sl.cross_border) << '\n';
  }

  // --- accessibility
  const auto acc0 = accessibility(base.model, base.run.skims);
  const auto acc1 = accessibility(scen.model, scen.run.skims);
  std::map<std::string, std::array<double, 7>> country_acc;  // pop, car×3, pt×3 (Δ·pop)
  std::ostringstream zcsv;
  zcsv << "zone,country,corridor,population,hours_saved_per_day,logsum_hours_per_day";
  for (const char* mode : {"car", "pt"}) {
    for (double t : kAccessMinutes) {
      zcsv << ",jobs_" << mode << "_" << t << "min_before,jobs_" << mode << "_" << t << "min_after";
    }
  }
  zcsv << '\n';
  for (std::size_t z = 0; z < zones.size(); ++z) {
    const auto& zone = zones[z];
    zcsv << csv_text(zone.name) << ',' << zone.country << ',' << csv_text(zone.corridor) << ','
         << num(zone.population) << ',' << num(zone_hours[z]) << ',' << num(zone_logsum_hours[z]);
    for (std::size_t k = 0; k < 3; ++k)
      zcsv << ',' << num(acc0.car[z][k]) << ',' << num(acc1.car[z][k]);
    for (std::size_t k = 0; k < 3; ++k)
      zcsv << ',' << num(acc0.pt[z][k]) << ',' << num(acc1.pt[z][k]);
    zcsv << '\n';
    if (zone.external) continue;
    auto& c = country_acc[zone.country];
    c[0] += zone.population;
    for (std::size_t k = 0; k < 3; ++k) {
      c[1 + k] += zone.population * (acc1.car[z][k] - acc0.car[z][k]);
      c[4 + k] += zone.population * (acc1.pt[z][k] - acc0.pt[z][k]);
    }
  }
  nlohmann::json access = nlohmann::json::object();
  for (const auto& [country, c] : country_acc) {
    nlohmann::json row;
    for (std::size_t k = 0; k < 3; ++k) {
      const auto t = std::to_string(static_cast<int>(kAccessMinutes[k]));
      row["car_" + t + "min"] = r6(c[0] > 0 ? c[1 + k] / c[0] : 0.0);
      row["pt_" + t + "min"] = r6(c[0] > 0 ? c[4 + k] / c[0] : 0.0);
    }
    access[country] = row;
  }

  // --- winners and losers (zones of residence)
  std::vector<std::size_t> order(zones.size());
  for (std::size_t z = 0; z < order.size(); ++z) order[z] = z;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return zone_hours[a] > zone_hours[b]; });
  nlohmann::json winners = nlohmann::json::array(), losers = nlohmann::json::array();
  for (std::size_t k = 0; k < order.size() && winners.size() < 5; ++k) {
    if (zone_hours[order[k]] > 0.0) {
      winners.push_back(
          {{"zone", zones[order[k]].name}, {"hours_saved_per_day", r6(zone_hours[order[k]])}});
    }
  }
  for (std::size_t k = order.size(); k-- > 0 && losers.size() < 5;) {
    if (zone_hours[order[k]] < 0.0) {
      losers.push_back(
          {{"zone", zones[order[k]].name}, {"hours_saved_per_day", r6(zone_hours[order[k]])}});
    }
  }

  // --- assemble
  nlohmann::json j;
  j["scenario"] = scenario.name;
  j["description"] = scenario.description;
  j["assumptions"] = scenario.assumptions;
  j["parts"] = scenario.parts;
  j["person_hours_saved_per_day"] = r6(person_hours);
  j["person_hours_saved_per_year"] = r6(person_hours * vot.annualisation);
  j["logsum_hours_per_day"] = r6(logsum_hours);
  j["truck_hours_saved_per_day"] = r6(truck_hours);
  j["benefit_eur_per_day"] = r6(eur_per_day);
  j["benefit_eur_per_year"] = r6(benefit_per_year);
  j["logsum_benefit_eur_per_year"] = r6(logsum_eur_per_day * vot.annualisation);
  j["annualisation_days"] = vot.annualisation;
  j["cost_eur"] = r6(pv_cost);
  j["equivalent_annual_cost_eur"] = r6(eac);
  j["investment_eur"] = r6(investment);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& x : scenario.cost_items) {
    items.push_back({{"id", x.id},
                     {"investment_eur", r6(x.cost.investment_eur)},
                     {"operating_eur_per_year", r6(x.cost.operating_eur_per_year)},
                     {"lifetime_years", x.cost.lifetime_years},
                     {"present_value_eur", r6(present_value_cost(x.cost))},
                     {"equivalent_annual_cost_eur", r6(equivalent_annual_cost(x.cost))}});
  }
  j["cost_items"] = items;
  j["benefit_cost_ratio"] = r6(bcr);
  j["noise_floor_hours_per_day"] = r6(floor.hours());
  nlohmann::json floors, res;
  for (std::size_t m = 0; m < kModes; ++m) {
    const auto* name = demand::mode_name(static_cast<demand::Mode>(m));
    floors[name] = r6(mode_floor[m]);
    res[name] = resolved[m];
  }
  j["noise_floor"] = {{"road_hours", r6(floor.road_hours)},
                      {"demand_hours", r6(floor.demand_hours)},
                      {"by_mode", floors},
                      {"resolved", res}};
  j["all_modes_hours_per_day"] = r6(all_modes_hours);
  j["below_noise_floor"] = person_hours == 0.0;
  nlohmann::json by_purpose, by_mode, by_purpose_logsum;
  for (std::size_t q = 0; q < kPurposes; ++q) {
    by_purpose[demand::purpose_name(static_cast<demand::Purpose>(q))] = r6(purpose_hours[q]);
    by_purpose_logsum[demand::purpose_name(static_cast<demand::Purpose>(q))] =
        r6(purpose_logsum_hours[q]);
  }
  nlohmann::json trips_json;
  for (std::size_t m = 0; m < kModes; ++m) {
    const auto* name = demand::mode_name(static_cast<demand::Mode>(m));
    by_mode[name] = r6(mode_hours[m]);
    trips_json[name] = {{"before", r6(trips_before[m])},
                        {"after", r6(trips_after[m])},
                        {"delta", r6(trips_after[m] - trips_before[m])}};
  }
  j["hours_by_purpose"] = by_purpose;
  j["logsum_hours_by_purpose"] = by_purpose_logsum;
  j["hours_by_mode"] = by_mode;
  j["weekday_trips_by_mode"] = trips_json;
  j["new_mode_trips"] = r6(new_mode_trips);
  nlohmann::json by_country, by_corridor, eur_country;
  for (const auto& [k, v] : country_hours) by_country[k] = r6(v);
  for (const auto& [k, v] : corridor_hours) by_corridor[k] = r6(v);
  for (const auto& [k, v] : country_eur) eur_country[k] = r6(v * vot.annualisation);
  j["hours_by_country_of_residence"] = by_country;
  j["hours_by_corridor"] = by_corridor;
  j["benefit_eur_per_year_by_country"] = eur_country;
  j["winners"] = winners;
  j["losers"] = losers;
  j["road"] = {{"peak_hour_vehicle_hours_before", r6(rt0.vehicle_hours)},
               {"peak_hour_vehicle_hours_after", r6(rt1.vehicle_hours)},
               {"peak_hour_vehicle_km_before", r6(rt0.vehicle_km)},
               {"peak_hour_vehicle_km_after", r6(rt1.vehicle_km)},
               {"weekday_vehicle_hours_before", r6(rt0.vehicle_hours * f0)},
               {"weekday_vehicle_hours_after", r6(rt1.vehicle_hours * f1)},
               {"weekday_vehicle_km_before", r6(rt0.vehicle_km * f0)},
               {"weekday_vehicle_km_after", r6(rt1.vehicle_km * f1)},
               {"new_links", new_links},
               {"changed_links", changed_links}};
  j["pt_lines"] = line_json;
  j["accessibility_popweighted_delta_jobs"] = access;
  j["solver"] = {{"base_relative_gap", base.run.road.relative_gap},
                 {"scenario_relative_gap", scen.run.road.relative_gap},
                 {"base_demand_change", nf.demand_change_base},
                 {"scenario_demand_change", nf.demand_change_scen},
                 {"base_feedback_converged", base.run.converged},
                 {"scenario_feedback_converged", scen.run.converged},
                 {"scenario_loops", scen.run.history.size()}};
  // Convergence: the demand feedback loops and the iterations of the final road assignment.
  auto loops_json = [](const demand::ModelRun& run) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& h : run.history) {
      a.push_back({{"loop", h.loop},
                   {"demand_change", r6(h.demand_change)},
                   {"road_gap", r6(h.road_gap)},
                   {"road_iterations", h.road_iterations}});
    }
    return a;
  };
  auto road_json = [](const demand::ModelRun& run) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& h : run.road.history)
      a.push_back({{"iteration", h.iteration}, {"relative_gap", r6(h.relative_gap)}});
    return a;
  };
  j["convergence"] = {{"base_loops", loops_json(base.run)},
                      {"scenario_loops", loops_json(scen.run)},
                      {"scenario_final_road", road_json(scen.run)},
                      {"scenario_final_road_gap", r6(scen.run.final_road_gap)},
                      {"scenario_final_demand_change", r6(scen.run.final_demand_change)},
                      {"feedback_tolerance", r6(scen.run.feedback_tolerance)}};
  j["input_hashes"] = {{"base_model", base.model.content_hash},
                       {"scenario_model", scen.model.content_hash}};

  ScenarioOutputs out;
  out.result = std::move(j);
  out.lines_csv = lines.str();
  out.segments_csv = segs.str();
  out.links_csv = links.str();
  out.zones_csv = zcsv.str();
  out.od_csv = od.str();
  return out;
}

namespace {

constexpr std::array<const char*, 6> kScenarioFiles = {"result.json", "lines.csv", "segments.csv",
                                                       "links.csv",   "zones.csv", "od.csv"};

}  // namespace

void write_renamed(const std::filesystem::path& target, std::string_view content) {
  auto temp = target;
  temp += ".tmp-" + std::to_string(::getpid()) + "-" +
          std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) throw Error("cannot write " + temp.string());
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw Error("cannot rename " + temp.string() + " to " + target.string());
  }
}

void write_scenario_outputs(const std::filesystem::path& dir, const ScenarioOutputs& o,
                            const std::string& input_hash) {
  corridor::make_directories(dir);
  // A stale marker goes first: from here until the new one is written the folder is unfinished.
  std::error_code ec;
  std::filesystem::remove(dir / "done.json", ec);
  const std::array<std::string, 6> contents = {
      o.result.dump(2) + "\n", o.lines_csv, o.segments_csv, o.links_csv, o.zones_csv, o.od_csv};
  nlohmann::json files = nlohmann::json::object();
  for (std::size_t k = 0; k < kScenarioFiles.size(); ++k) {
    write_renamed(dir / kScenarioFiles[k], contents[k]);
    files[kScenarioFiles[k]] = ContentHash().add(contents[k]).hex();
  }
  // The marker lists every file's content hash: a rerun trusts the folder only when all of them
  // match, so a file lost or torn by a crash (these writes are renamed, not fsync'ed) is noticed.
  const nlohmann::json done = {{"input_hash", input_hash}, {"files", files}};
  write_renamed(dir / "done.json", done.dump() + "\n");
}

std::optional<nlohmann::json> read_finished_scenario(const std::filesystem::path& dir,
                                                     const std::string& input_hash) {
  try {
    std::ifstream d(dir / "done.json");
    if (!d) return std::nullopt;
    const auto done = nlohmann::json::parse(d);
    if (!done.contains("input_hash") || done["input_hash"] != input_hash) return std::nullopt;
    if (!done.contains("files")) return std::nullopt;
    for (const char* f : kScenarioFiles) {
      if (!corridor::path_exists(dir / f) || !done["files"].contains(f) ||
          done["files"][f] != hash_file_hex(dir / f)) {
        return std::nullopt;
      }
    }
    std::ifstream r(dir / "result.json");
    if (!r) return std::nullopt;
    return nlohmann::json::parse(r);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace corridor::scenario
