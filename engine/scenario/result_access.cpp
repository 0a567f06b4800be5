// Accessibility per zone and country, the assembly of a ScenarioResult and its rounding.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "scenario/appraisal_parameters.hpp"
#include "scenario/result.hpp"

namespace corridor::scenario {

namespace {

struct Access {
  std::vector<std::array<double, 3>> car, pt;  // per zone, per threshold
};

// Jobs reachable within each threshold by car (loaded peak skim) and by PT (in-vehicle + wait +
// walk minutes); the own zone's jobs always count (cumulative opportunities, as Conveyal R5).
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

void add_accessibility(const RunView& base, const RunView& scen, ScenarioResult& out) {
  const auto acc0 = accessibility(base.model, base.run.skims);
  const auto acc1 = accessibility(scen.model, scen.run.skims);
  const auto& zones = scen.model.zones;
  std::map<std::string, std::array<double, 7>> country;  // pop, car×3, pt×3 (Δ·pop)
  out.zones.resize(zones.size());
  for (std::size_t z = 0; z < zones.size(); ++z) {
    auto& row = out.zones[z];
    row.jobs_car_before = acc0.car[z];
    row.jobs_car_after = acc1.car[z];
    row.jobs_pt_before = acc0.pt[z];
    row.jobs_pt_after = acc1.pt[z];
    if (zones[z].external) continue;
    auto& c = country[zones[z].country];
    c[0] += zones[z].population;
    for (std::size_t k = 0; k < 3; ++k) {
      c[1 + k] += zones[z].population * (acc1.car[z][k] - acc0.car[z][k]);
      c[4 + k] += zones[z].population * (acc1.pt[z][k] - acc0.pt[z][k]);
    }
  }
  for (const auto& [name, c] : country) {
    AccessDelta d;
    for (std::size_t k = 0; k < 3; ++k) {
      d.car[k] = c[0] > 0 ? c[1 + k] / c[0] : 0.0;
      d.pt[k] = c[0] > 0 ? c[4 + k] / c[0] : 0.0;
    }
    out.headline.accessibility_popweighted_delta_jobs[name] = d;
  }
}

ScenarioResult compute_result(const RunView& base, const RunView& scen,
                              const demand::DemandParameters& params, const Scenario& scenario,
                              const AppliedChanges& changes) {
  const auto defaults = default_appraisal_parameters();
  return compute_result(base, scen, params, scenario, changes, defaults.params, defaults.source);
}

ScenarioResult compute_result(const RunView& base, const RunView& scen,
                              const demand::DemandParameters& params, const Scenario& scenario,
                              const AppliedChanges& changes, const AppraisalParameters& appraisal,
                              const std::string& appraisal_source) {
  ScenarioResult r;
  auto& h = r.headline;
  h.scenario = scenario.name;
  h.description = scenario.description;
  h.assumptions = scenario.assumptions;
  h.parts = scenario.parts;
  add_benefits(base, scen, params, scenario, r);
  add_road(base, scen, params, changes, r);
  add_transit(base, scen, params, changes, r);
  add_accessibility(base, scen, r);
  const auto p = scenario_appraisal(appraisal, scen.model, scenario);
  add_cba_quantities(base, scen, scenario, p, r);
  r.demand = run_demand(scen);
  h.appraisal_source = appraisal_source;
  h.solver = {base.run.final_road_gap,
              scen.run.final_road_gap,
              base.run.history.empty() ? 0.0 : base.run.history.back().demand_change,
              scen.run.history.empty() ? 0.0 : scen.run.history.back().demand_change,
              base.run.converged,
              scen.run.converged,
              scen.run.history.size()};
  auto loops = [](const demand::ModelRun& run) {
    std::vector<LoopPoint> a;
    for (const auto& x : run.history)
      a.push_back({x.loop, x.demand_change, x.road_gap, x.road_iterations});
    return a;
  };
  auto& c = h.convergence;
  c.base_loops = loops(base.run);
  c.scenario_loops = loops(scen.run);
  for (const auto& x : scen.run.road.history)
    c.scenario_final_road.push_back({static_cast<int>(x.iteration), x.relative_gap});
  c.scenario_final_road_gap = scen.run.final_road_gap;
  c.scenario_final_demand_change = scen.run.final_demand_change;
  c.feedback_tolerance = scen.run.feedback_tolerance;
  h.base_model_hash = base.model.content_hash;
  h.scenario_model_hash = scen.model.content_hash;
  round_result(r);
  // Valued after rounding, so a result read back from disk values to the same figures.
  apply_appraisal(h, p);
  round_appraisal(h);
  return r;
}

double round6(double v) {
  if (!std::isfinite(v) || v == 0.0) return std::isfinite(v) ? 0.0 : v;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return std::strtod(buf, nullptr);
}

// The figures result.json and the CSVs have always shown to 6 significant digits; the solver
// state (gaps, demand change, annualisation, lifetimes) stays exact, as before.
void round_appraisal(Headline& h) {
  auto rd = [](double& v) { v = round6(v); };
  auto& c = h.cba;
  for (double* v :
       {&c.time_eur_per_year, &c.user_cost_eur_per_year, &c.operator_revenue_eur_per_year,
        &c.operator_cost_eur_per_year, &c.co2_eur_per_year, &c.accidents_eur_per_year,
        &c.externalities_eur_per_year, &c.benefits_eur_per_year, &c.pv_benefits_eur,
        &c.pv_costs_eur, &c.pv_investment_eur, &c.pv_operator_cost_eur, &c.npv_eur,
        &c.benefit_cost_ratio, &h.benefit_eur_per_day, &h.benefit_eur_per_year, &h.cost_eur,
        &h.benefit_cost_ratio})
    rd(*v);
  for (auto* m : {&c.time_eur_per_year_by_country, &h.benefit_eur_per_year_by_country})
    for (auto& [k, v] : *m) rd(v);
}

void round_result(ScenarioResult& r) {
  auto rd = [](double& v) { v = round6(v); };
  for (auto& x : r.demand) rd(x.volume);
  auto ra = [&](auto& arr) {
    for (auto& v : arr) rd(v);
  };
  auto& h = r.headline;
  for (double* v :
       {&h.person_hours_saved_per_day, &h.person_hours_saved_per_year, &h.logsum_hours_per_day,
        &h.truck_hours_saved_per_day, &h.benefit_eur_per_day, &h.benefit_eur_per_year,
        &h.logsum_benefit_eur_per_year, &h.cost_eur, &h.equivalent_annual_cost_eur,
        &h.investment_eur, &h.benefit_cost_ratio, &h.all_modes_hours_per_day, &h.new_mode_trips,
        &h.noise_floor.road_hours, &h.noise_floor.demand_hours, &h.noise_floor.hours_per_day})
    rd(*v);
  for (auto& x : h.cost_items) {
    for (double* v : {&x.investment_eur, &x.operating_eur_per_year, &x.present_value_eur,
                      &x.equivalent_annual_cost_eur})
      rd(*v);
  }
  ra(h.noise_floor.by_mode);
  auto& q = h.quantities;
  for (auto& [k, v] : q.time_hours) ra(v);
  for (double* v : {&q.truck_hours, &q.user_cost_eur, &q.fare_revenue_eur, &q.car_vehicle_km_delta,
                    &q.truck_vehicle_km_delta})
    rd(*v);
  for (auto& [k, s] : q.service) {
    for (double* v : {&s.vehicle_km_before, &s.vehicle_km_after, &s.vehicle_hours_before,
                      &s.vehicle_hours_after})
      rd(*v);
  }
  auto& ind = h.indicators;
  for (auto* a : {&ind.trips_before, &ind.trips_after, &ind.cross_border_trips_before,
                  &ind.cross_border_trips_after})
    ra(*a);
  rd(ind.border_vehicles_before);
  rd(ind.border_vehicles_after);
  for (auto* a :
       {&ind.jobs_car_before, &ind.jobs_car_after, &ind.jobs_pt_before, &ind.jobs_pt_after})
    ra(*a);
  ra(h.hours_by_purpose);
  ra(h.logsum_hours_by_purpose);
  ra(h.hours_by_mode);
  for (auto* p :
       {&h.decomposition.internal_residents, &h.decomposition.external_residents,
        &h.decomposition.intrazonal, &h.decomposition.domestic, &h.decomposition.cross_border}) {
    rd(p->hours_per_day);
    ra(p->by_mode);
    ra(p->by_purpose);
  }
  ra(h.weekday_trips_by_mode.before);
  ra(h.weekday_trips_by_mode.after);
  ra(h.weekday_trips_by_mode.delta);
  for (auto* m :
       {&h.hours_by_country_of_residence, &h.hours_by_corridor, &h.benefit_eur_per_year_by_country})
    for (auto& [k, v] : *m) rd(v);
  for (auto* zs : {&h.winners, &h.losers})
    for (auto& z : *zs) rd(z.hours_saved_per_day);
  auto& road = h.road;
  for (double* v : {&road.peak_hour_vehicle_hours_before, &road.peak_hour_vehicle_hours_after,
                    &road.peak_hour_vehicle_km_before, &road.peak_hour_vehicle_km_after,
                    &road.weekday_vehicle_hours_before, &road.weekday_vehicle_hours_after,
                    &road.weekday_vehicle_km_before, &road.weekday_vehicle_km_after})
    rd(*v);
  for (auto* ls : {&road.new_links, &road.changed_links}) {
    for (auto& l : *ls) {
      rd(l.daily_flow);
      rd(l.delta_daily_flow);
    }
  }
  for (auto* ls : {&h.pt_lines, &r.lines}) {
    for (auto& l : *ls) {
      rd(l.daily_boardings);
      rd(l.base_daily_boardings);
      rd(l.cross_border_boardings);
    }
  }
  for (auto& [k, d] : h.accessibility_popweighted_delta_jobs) {
    ra(d.car);
    ra(d.pt);
  }
  for (auto* ls : {&h.convergence.base_loops, &h.convergence.scenario_loops}) {
    for (auto& l : *ls) {
      rd(l.demand_change);
      rd(l.road_gap);
    }
  }
  for (auto& g : h.convergence.scenario_final_road) rd(g.relative_gap);
  rd(h.convergence.scenario_final_road_gap);
  rd(h.convergence.scenario_final_demand_change);
  rd(h.convergence.feedback_tolerance);
  for (auto& s : r.segments) {
    rd(s.daily_passengers);
    rd(s.cross_border_passengers);
  }
  for (auto& l : r.links) {
    for (double* v : {&l.daily_flow, &l.base_daily_flow, &l.peak_speed_kmh, &l.base_peak_speed_kmh,
                      &l.delta_daily_flow})
      rd(*v);
  }
  for (auto& z : r.zones) {
    rd(z.population);
    rd(z.hours_saved_per_day);
    rd(z.logsum_hours_per_day);
    for (auto* a : {&z.jobs_car_before, &z.jobs_car_after, &z.jobs_pt_before, &z.jobs_pt_after})
      ra(*a);
  }
  for (auto& o : r.od) {
    for (double* v : {&o.trips_before, &o.trips_after, &o.gen_minutes_before, &o.gen_minutes_after,
                      &o.hours_saved_per_day, &o.delta_trips, &o.delta_gen_minutes})
      rd(*v);
  }
}

}  // namespace corridor::scenario
