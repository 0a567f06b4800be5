// User benefits, money, cost and the noise floor of a scenario against its base (result.hpp).
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "demand/generalized_cost.hpp"
#include "demand/intrazonal.hpp"
#include "scenario/result.hpp"

namespace corridor::scenario {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Smallest change per mode reported as a saving (person-hours per weekday), whatever the floor.
constexpr double kMinResolvedHours = 1.0;

// Both legs of a production→attraction trip of purpose q: 2 × the generalized cost on the
// purpose's choice skims, which weigh every period's skims by the outbound (i→j) and return
// (j→i) departure shares (demand/periods.hpp tour_skims). With fixed shares s_p and a cost linear
// in the skims, the rule of half on this cost is the sum of the periods' rules of half:
// ½(T0 + T1) Σ_p s_p (c0_p − c1_p) = Σ_p ½(s_p T0 + s_p T1)(c0_p − c1_p).
double both_legs(const demand::ModelRun& run, const demand::DemandParameters& p, std::size_t q,
                 std::size_t m, Eigen::Index i, Eigen::Index j) {
  const auto mode = static_cast<demand::Mode>(m);
  return 2.0 *
         demand::generalized_minutes(run.purposes[q].skims, p.purposes[q], p.modes, mode, i, j);
}

// The money part of the generalized cost of one leg (generalized_cost.hpp), EUR per person: the
// car's running cost shared by its occupants, the perceived PT fare; 0 for bike, walk and when the
// mode is unavailable. The time part is the generalized cost minus money × 60 / VoT.
double money_eur(const demand::Skims& s, const demand::PurposeParameters& pp,
                 const demand::ModeParameters& mp, demand::Mode mode, Eigen::Index i,
                 Eigen::Index j) {
  const double car_km = s.car_km(i, j);
  switch (mode) {
    case demand::Mode::car:
      return std::isfinite(car_km) ? mp.car_cost_eur_km * car_km / pp.car_occupancy : 0.0;
    case demand::Mode::pt:
      return pp.pt_fare_factor *
             (mp.pt_fare_base_eur + mp.pt_fare_eur_km * (std::isfinite(car_km) ? car_km : 0.0));
    case demand::Mode::bike:
    case demand::Mode::walk:
      return 0.0;
  }
  return 0.0;
}
double money_both_legs(const demand::Skims& s, const demand::DemandParameters& p, std::size_t q,
                       std::size_t m, Eigen::Index i, Eigen::Index j) {
  const auto mode = static_cast<demand::Mode>(m);
  return money_eur(s, p.purposes[q], p.modes, mode, i, j) +
         money_eur(s, p.purposes[q], p.modes, mode, j, i);
}

// The parts of BenefitDecomposition, in this order.
enum Part : std::size_t { internal_res, external_res, intrazonal, domestic, cross_border, kParts };

// Unfiltered sums, per mode where the noise floor later filters them.
struct Sums {
  std::array<std::array<PerMode, kPurposes>, kParts> part_hours{};
  std::vector<PerMode> zone_hours;
  std::vector<double> zone_logsum_hours;
  std::array<PerMode, kPurposes> purpose_hours{};
  PerMode mode_hours{};
  PerPurpose purpose_logsum_hours{};
  std::map<std::string, PerMode> country_hours, corridor_hours, country_eur;
  PerMode eur{};
  double logsum_eur_per_day = 0.0;
  PerMode abs_benefit_minutes{};
  double new_mode_trips = 0.0;
  double car_person_trips = 0.0;
  double car_gen_minutes = 0.0;  // base, both legs
  PerMode trips_before{}, trips_after{};
  double truck_hours = 0.0;
  // Cost–benefit split (cost_benefit.hpp): time-hours by country and purpose per mode, money
  // (rule of a half, EUR) per mode, Δ fare revenue (perceived fare), cross-border trips.
  std::map<std::string, std::array<PerMode, kPurposes>> time_hours;
  PerMode money_eur{};
  double fare_revenue_eur = 0.0;
  PerMode cross_border_before{}, cross_border_after{};
};

// One OD pair: every purpose and mode, and its od.csv rows.
void add_pair(const RunView& base, const RunView& scen, const demand::DemandParameters& params,
              const ValuesOfTime& vot, Eigen::Index i, Eigen::Index j, Sums& s,
              std::vector<OdModeRow>& od) {
  const auto& zones = scen.model.zones;
  const auto& home = zones[static_cast<std::size_t>(i)];
  const auto& dest = zones[static_cast<std::size_t>(j)];
  const Part residence = home.external ? external_res : internal_res;
  const Part trip = demand::is_intrazonal(i, j)    ? intrazonal
                    : home.country == dest.country ? domestic
                                                   : cross_border;
  PerMode t0{}, t1{}, gsum0{}, gsum1{}, odh{};
  for (std::size_t q = 0; q < kPurposes; ++q) {
    const double v = value_of_time(vot, home.country, q);
    const auto& P0 = base.run.purposes[q];
    const auto& P1 = scen.run.purposes[q];
    for (std::size_t m = 0; m < kModes; ++m) {
      const double a = P0.weekday[m](i, j);
      const double b = P1.weekday[m](i, j);
      t0[m] += a;
      t1[m] += b;
      if (trip == cross_border) {
        s.cross_border_before[m] += 2.0 * a;
        s.cross_border_after[m] += 2.0 * b;
      }
      if (m == 0) s.car_person_trips += 2.0 * b;
      if (a == 0.0 && b == 0.0) continue;
      if (m == demand::index(demand::Mode::pt)) {
        s.fare_revenue_eur += b * money_both_legs(scen.run.purposes[q].skims, params, q, m, i, j) -
                              a * money_both_legs(base.run.purposes[q].skims, params, q, m, i, j);
      }
      const double c0 = both_legs(base.run, params, q, m, i, j);
      const double c1 = both_legs(scen.run, params, q, m, i, j);
      if (!std::isfinite(c0) || !std::isfinite(c1)) {
        if (std::isfinite(c1)) s.new_mode_trips += b;
        continue;
      }
      {
        const double e0 = money_both_legs(base.run.purposes[q].skims, params, q, m, i, j);
        const double e1 = money_both_legs(scen.run.purposes[q].skims, params, q, m, i, j);
        const double eur_to_min = 60.0 / params.purposes[q].value_of_time_eur_h;
        const double time_h = rule_of_half(a, b, c0 - e0 * eur_to_min, c1 - e1 * eur_to_min) / 60.0;
        s.time_hours[home.country][q][m] += time_h;
        s.money_eur[m] += rule_of_half(a, b, e0, e1);
      }
      gsum0[m] += a * c0;
      if (m == 0) s.car_gen_minutes += a * c0;
      gsum1[m] += b * c1;
      const double h = rule_of_half(a, b, c0, c1) / 60.0;
      s.mode_hours[m] += h;
      odh[m] += h;
      s.abs_benefit_minutes[m] += std::abs(h) * 60.0;
      s.purpose_hours[q][m] += h;
      s.part_hours[residence][q][m] += h;
      s.part_hours[trip][q][m] += h;
      s.zone_hours[static_cast<std::size_t>(i)][m] += h;
      s.country_hours[home.country][m] += h;
      s.corridor_hours[home.corridor][m] += h;
      s.eur[m] += h * v;
      s.country_eur[home.country][m] += h * v;
    }
    // Logsum: both legs (the logsum is one leg's, on the purpose's skims of both legs).
    double trips0 = 0.0, trips1 = 0.0;
    for (std::size_t m = 0; m < kModes; ++m) {
      trips0 += P0.weekday[m](i, j);
      trips1 += P1.weekday[m](i, j);
    }
    if (trips0 + trips1 > 0.0) {
      const double l0 = 2.0 * P0.logsum(i, j);
      const double l1 = 2.0 * P1.logsum(i, j);
      if (std::isfinite(l0) && std::isfinite(l1)) {
        const double ben = logsum_benefit(trips0, trips1, l0, l1, params.purposes[q].theta_per_min);
        s.purpose_logsum_hours[q] += ben / 60.0;
        s.zone_logsum_hours[static_cast<std::size_t>(i)] += ben / 60.0;
        s.logsum_eur_per_day += ben / 60.0 * v;
      }
    }
  }
  for (std::size_t m = 0; m < kModes; ++m) {
    s.trips_before[m] += t0[m];
    s.trips_after[m] += t1[m];
    if (t0[m] == 0.0 && t1[m] == 0.0) continue;
    const double g0 = t0[m] > 0.0 ? gsum0[m] / t0[m] : kInf;
    const double g1 = t1[m] > 0.0 ? gsum1[m] / t1[m] : kInf;
    const double dt = t1[m] - t0[m];
    const double dg = (std::isfinite(g0) && std::isfinite(g1)) ? g1 - g0 : kInf;
    if (std::abs(dt) < 1e-6 && (!std::isfinite(dg) || std::abs(dg) < 1e-6) &&
        std::abs(odh[m]) < 1e-6)
      continue;
    od.push_back({zones[static_cast<std::size_t>(i)].name, zones[static_cast<std::size_t>(j)].name,
                  static_cast<demand::Mode>(m), t0[m], t1[m], g0, g1, odh[m], dt, dg});
  }
}

Sums benefit_sums(const RunView& base, const RunView& scen, const demand::DemandParameters& params,
                  const ValuesOfTime& vot, std::vector<OdModeRow>& od) {
  const auto nzones = scen.model.zones.size();
  const auto nz = static_cast<Eigen::Index>(nzones);
  Sums s;
  s.zone_hours.assign(nzones, PerMode{});
  s.zone_logsum_hours.assign(nzones, 0.0);
  for (Eigen::Index i = 0; i < nz; ++i) {
    for (Eigen::Index j = 0; j < nz; ++j) add_pair(base, scen, params, vot, i, j, s, od);
  }
  // Freight: truck-hours saved on each period's loaded car skim (trucks use the same roads), the
  // period's share of the weekday trucks, summed over the periods.
  const std::size_t np = std::min(base.run.periods.size(), scen.run.periods.size());
  for (std::size_t p = 0; p < np && p < params.periods.size(); ++p) {
    const double share = params.periods[p].truck_share;
    const auto& k0 = base.run.periods[p].skims.car_minutes;
    const auto& k1 = scen.run.periods[p].skims.car_minutes;
    for (Eigen::Index i = 0; i < nz; ++i) {
      for (Eigen::Index j = 0; j < nz; ++j) {
        const double a = base.run.truck_weekday(i, j) * share;
        const double b = scen.run.truck_weekday(i, j) * share;
        if (a == 0.0 && b == 0.0) continue;
        const double c0 = k0(i, j);
        const double c1 = k1(i, j);
        if (std::isfinite(c0) && std::isfinite(c1))
          s.truck_hours += rule_of_half(a, b, c0, c1) / 60.0;
      }
    }
  }
  return s;
}

// Per mode: car carries the road term and the demand term on car time; PT, bike and walk skims do
// not depend on demand (uncongested), so only their trips' uncertainty counts. A mode's change is
// reported as a saving only when it exceeds its floor (resolved).
NoiseFloorResult floor_of(const RunView& base, const RunView& scen, const Sums& s) {
  NoiseFloorInputs nf;
  nf.aec_base_min = base.run.average_excess_cost_min;
  nf.aec_scen_min = scen.run.average_excess_cost_min;
  nf.car_person_trips = s.car_person_trips;
  nf.demand_change_base = base.run.history.empty() ? 0.0 : base.run.history.back().demand_change;
  nf.demand_change_scen = scen.run.history.empty() ? 0.0 : scen.run.history.back().demand_change;
  nf.abs_benefit_minutes = 0.0;
  for (std::size_t m = 0; m < kModes; ++m) nf.abs_benefit_minutes += s.abs_benefit_minutes[m];
  nf.car_generalized_minutes = s.car_gen_minutes;
  const auto floor = noise_floor(nf);
  NoiseFloorResult r;
  r.road_hours = floor.road_hours;
  r.demand_hours = floor.demand_hours;
  r.hours_per_day = floor.hours();
  const double tau = 0.5 * (std::abs(nf.demand_change_base) + std::abs(nf.demand_change_scen));
  r.by_mode[0] = floor.road_hours + tau * (s.car_gen_minutes + s.abs_benefit_minutes[0]) / 60.0;
  for (std::size_t m = 1; m < kModes; ++m) r.by_mode[m] = tau * s.abs_benefit_minutes[m] / 60.0;
  for (std::size_t m = 0; m < kModes; ++m) {
    r.resolved[m] = std::abs(s.mode_hours[m]) >= std::max(r.by_mode[m], kMinResolvedHours);
  }
  return r;
}

void add_money(const Scenario& scenario, const ValuesOfTime& vot, double eur_per_day, Headline& h) {
  h.benefit_eur_per_day = eur_per_day;
  h.benefit_eur_per_year = eur_per_day * vot.annualisation;
  // part_costs: each part's own [cost], then each shared cost item once (scenario.hpp).
  for (const auto& c : scenario.part_costs) {
    if (!c.given) continue;
    h.cost_eur += present_value_cost(c);
    h.equivalent_annual_cost_eur += equivalent_annual_cost(c);
    h.investment_eur += c.investment_eur;
  }
  h.benefit_cost_ratio = benefit_cost_ratio(h.benefit_eur_per_year, scenario.part_costs);
  for (const auto& x : scenario.cost_items) {
    h.cost_items.push_back({x.id, x.cost.investment_eur, x.cost.operating_eur_per_year,
                            x.cost.lifetime_years, present_value_cost(x.cost),
                            equivalent_annual_cost(x.cost)});
  }
}

template <class Resolved>
BenefitDecomposition decompose(const Sums& s, double hours_saved, const Resolved& sum_resolved) {
  BenefitDecomposition d;
  BenefitPart* parts[kParts] = {&d.internal_residents, &d.external_residents, &d.intrazonal,
                                &d.domestic, &d.cross_border};
  for (std::size_t k = 0; k < kParts; ++k) {
    auto& p = *parts[k];
    for (std::size_t q = 0; q < kPurposes; ++q) {
      p.by_purpose[q] = sum_resolved(s.part_hours[k][q]);
      for (std::size_t m = 0; m < kModes; ++m) p.by_mode[m] += s.part_hours[k][q][m];
    }
    p.hours_per_day = sum_resolved(p.by_mode);
  }
  d.mostly_intrazonal =
      hours_saved != 0.0 && std::abs(d.intrazonal.hours_per_day) > 0.5 * std::abs(hours_saved);
  return d;
}

void add_winners(const std::vector<ZoneRow>& zones, Headline& h) {
  std::vector<std::size_t> order(zones.size());
  for (std::size_t z = 0; z < order.size(); ++z) order[z] = z;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return zones[a].hours_saved_per_day > zones[b].hours_saved_per_day;
  });
  for (std::size_t k = 0; k < order.size() && h.winners.size() < 5; ++k) {
    const auto& z = zones[order[k]];
    if (z.hours_saved_per_day > 0.0) h.winners.push_back({z.zone, z.hours_saved_per_day});
  }
  for (std::size_t k = order.size(); k-- > 0 && h.losers.size() < 5;) {
    const auto& z = zones[order[k]];
    if (z.hours_saved_per_day < 0.0) h.losers.push_back({z.zone, z.hours_saved_per_day});
  }
}

}  // namespace

void add_benefits(const RunView& base, const RunView& scen, const demand::DemandParameters& params,
                  const Scenario& scenario, ScenarioResult& out) {
  const auto& zones = scen.model.zones;
  if (base.model.zones.size() != zones.size()) throw Error("compare: zone systems differ");
  const auto vot = values_of_time(scenario.parameters, scen.model.values_of_time);
  const Sums s = benefit_sums(base, scen, params, vot, out.od);
  auto& h = out.headline;
  h.noise_floor = floor_of(base, scen, s);
  const auto& resolved = h.noise_floor.resolved;
  auto sum_resolved = [&](const PerMode& x) {
    double t = 0.0;
    for (std::size_t m = 0; m < kModes; ++m) t += resolved[m] ? x[m] : 0.0;
    return t;
  };
  h.all_modes_hours_per_day = 0.0;
  for (double x : s.mode_hours) h.all_modes_hours_per_day += x;
  h.person_hours_saved_per_day = sum_resolved(s.mode_hours);
  h.person_hours_saved_per_year = h.person_hours_saved_per_day * vot.annualisation;
  h.below_noise_floor = h.person_hours_saved_per_day == 0.0;
  h.truck_hours_saved_per_day = s.truck_hours;
  h.logsum_hours_per_day = 0.0;
  for (double x : s.purpose_logsum_hours) h.logsum_hours_per_day += x;
  h.logsum_benefit_eur_per_year =
      (s.logsum_eur_per_day + s.truck_hours * vot.truck_eur_per_h) * vot.annualisation;
  h.annualisation_days = vot.annualisation;
  // Trucks use the car skim: counted when the car change is resolved.
  add_money(scenario, vot,
            sum_resolved(s.eur) + (resolved[0] ? s.truck_hours * vot.truck_eur_per_h : 0.0), h);
  for (std::size_t q = 0; q < kPurposes; ++q) {
    h.hours_by_purpose[q] = sum_resolved(s.purpose_hours[q]);
    h.logsum_hours_by_purpose[q] = s.purpose_logsum_hours[q];
  }
  h.hours_by_mode = s.mode_hours;
  h.decomposition = decompose(s, h.person_hours_saved_per_day, sum_resolved);
  h.weekday_trips_by_mode.before = s.trips_before;
  h.weekday_trips_by_mode.after = s.trips_after;
  for (std::size_t m = 0; m < kModes; ++m)
    h.weekday_trips_by_mode.delta[m] = s.trips_after[m] - s.trips_before[m];
  h.new_mode_trips = s.new_mode_trips;
  for (const auto& [k, v] : s.country_hours) h.hours_by_country_of_residence[k] = sum_resolved(v);
  for (const auto& [k, v] : s.corridor_hours) h.hours_by_corridor[k] = sum_resolved(v);
  for (const auto& [k, v] : s.country_eur) {
    h.benefit_eur_per_year_by_country[k] = sum_resolved(v) * vot.annualisation;
  }
  out.zones.resize(zones.size());
  for (std::size_t z = 0; z < zones.size(); ++z) {
    auto& row = out.zones[z];
    row.zone = zones[z].name;
    row.country = zones[z].country;
    row.corridor = zones[z].corridor;
    row.population = zones[z].population;
    row.hours_saved_per_day = sum_resolved(s.zone_hours[z]);
    row.logsum_hours_per_day = s.zone_logsum_hours[z];
  }
  add_winners(out.zones, h);
  auto& qn = h.quantities;
  for (const auto& [country, per_purpose] : s.time_hours) {
    auto& row = qn.time_hours[country];
    for (std::size_t q = 0; q < kPurposes; ++q) row[q] = sum_resolved(per_purpose[q]);
  }
  qn.truck_hours = resolved[0] ? s.truck_hours : 0.0;
  qn.user_cost_eur = sum_resolved(s.money_eur);
  qn.fare_revenue_eur = resolved[demand::index(demand::Mode::pt)] ? s.fare_revenue_eur : 0.0;
  for (const auto& c : scenario.part_costs)
    if (c.given) qn.costs.push_back(c);
  for (std::size_t m = 0; m < kModes; ++m) {
    h.indicators.trips_before[m] = 2.0 * s.trips_before[m];
    h.indicators.trips_after[m] = 2.0 * s.trips_after[m];
    h.indicators.cross_border_trips_before[m] = s.cross_border_before[m];
    h.indicators.cross_border_trips_after[m] = s.cross_border_after[m];
  }
}

}  // namespace corridor::scenario
