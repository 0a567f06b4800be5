#pragma once
// Social cost–benefit analysis of a scenario (Dutch MKBA: "Algemene leidraad voor maatschappelijke
// kosten-batenanalyse", CPB/PBL 2013; discounting per Werkgroep discontovoet 2020; Flemish MOW
// practice is the same structure). A PURE function of the physical quantities a scenario run
// produced (CbaQuantities, part of the typed result) and the unit values (AppraisalParameters):
// an uncertainty run can redraw the unit values and call appraise() again without rerunning the
// model.
//
//   CostBenefit cb = appraise(result.headline.quantities, params);
//   cb.npv_eur;  cb.benefit_cost_ratio;
//
// Streams (EUR per year in the base price year; "weekday" figures × annualisation days):
//   time       = Σ time-hours saved (rule of a half on the time part of the generalized cost, per
//                country of residence and purpose; resolved modes) × value of time
//                + truck-hours saved × truck value of time
//   user_cost  = rule of a half on the money part (car running cost per person = €/km × km /
//                occupancy; PT fare) — what travellers save out of pocket (+) or pay more (−)
//   revenue    = Δ fare revenue of PT operators paid by travellers = Σ (T1 f1 − T0 f0) with f the
//                perceived fare (generalized_cost.hpp: fare × the purpose's fare factor); the part
//                employers and the state pay (reimbursed commuting, student travel) is a transfer
//                from them to the operator and nets out
//   operating  = Δ PT operating cost = Σ over transit modes of Δ vehicle-hours × €/vehicle-hour
//                + Δ vehicle-km × €/vehicle-km (service added or removed by the scenario)
//   externalities = −(Δ car vehicle-km × (CO2 kg/km × €/t / 1000 + accident €/km)
//                   + Δ truck vehicle-km × (same for trucks))
// Demand-driven streams (time, user_cost, revenue, externalities) grow by `demand_growth` per
// year from year 1; operating cost and the scenario's own [cost] do not.
// Present values over the appraisal period T (years 1..T, end of year; investments at t = 0):
//   PV(stream growing at g, first-year value B) = B (1 − q^T) / (r − g), q = (1 + g)/(1 + r)
//                                              = B T / (1 + r) when r = g          [closed form]
//   PV(cost) = Σ_k I (1 + r)^(−kL) for reinvestments at t = kL < T (k = 0, 1, ...)
//              − residual value I · (1 − (T − k_last L)/L) (1 + r)^(−T) (straight-line)
//              + O · a(r, T)
//   (costs at each [cost]'s own discount rate, benefits at the appraisal's.)
// B/C = PV(benefits) / PV(costs) where benefits = time + user_cost + revenue + externalities and
// costs = investment and running costs of the scenario's [cost] tables + PT operating cost
// (a cost reduction, e.g. a removed line, counts as a negative cost). NPV = PV(benefits) −
// PV(costs) does not depend on that split. B/C is 0 (not meaningful) when PV(costs) <= 0.
// What the B/C leaves out: kBcLeavesOut.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/appraisal.hpp"
#include "scenario/scenario.hpp"

namespace corridor::scenario {

inline constexpr std::size_t kCbaPurposes = 4;  // commute, business, education, other

// Operating cost of one transit mode (transit::mode_name: "bus", "coach", "rail", ...).
struct OperatingCostUnit {
  double eur_per_vehicle_hour = 0.0;
  double eur_per_vehicle_km = 0.0;
  double km_per_crow_km = 1.2;  // route length / great-circle distance between stops
};

struct AppraisalParameters {
  ValuesOfTime values_of_time;    // EUR per hour, by purpose and country; annualisation days
  double discount_rate = 0.0225;  // benefits (costs: each [cost]'s own rate)
  double period_years = 30.0;
  double demand_growth = 0.0;        // per year, on demand-driven streams
  double co2_eur_per_tonne = 0.0;    // in the base price year
  double car_co2_kg_per_km = 0.0;    // per vehicle-km
  double truck_co2_kg_per_km = 0.0;  // per vehicle-km
  double car_accident_eur_per_km = 0.0;
  double truck_accident_eur_per_km = 0.0;
  std::map<std::string, OperatingCostUnit> operating;  // by transit mode name
  double pt_peak_hours_per_day = 5.0;                  // peak-headway hours of a line's service day
  int price_year = 2022;
};

// Transit service of one mode, per weekday, over every line of the run's network.
struct ServiceTotals {
  double vehicle_km_before = 0.0, vehicle_km_after = 0.0;
  double vehicle_hours_before = 0.0, vehicle_hours_after = 0.0;
  bool operator==(const ServiceTotals&) const = default;
};

// The physical quantities of a scenario the appraisal values (per average weekday unless named).
struct CbaQuantities {
  // Time-hours saved (rule of a half on the time part of the generalized cost, resolved modes),
  // by country of residence and purpose (commute, business, education, other).
  std::map<std::string, std::array<double, kCbaPurposes>> time_hours;
  double truck_hours = 0.0;       // counted when the car change is resolved
  double user_cost_eur = 0.0;     // rule of a half on the money part, resolved modes
  double fare_revenue_eur = 0.0;  // Δ Σ trips × perceived fare (after − before)
  double car_vehicle_km_delta = 0.0;
  double truck_vehicle_km_delta = 0.0;
  std::map<std::string, ServiceTotals> service;  // by transit mode name (every mode with lines)
  std::vector<Cost> costs;                       // Scenario::part_costs (given ones)
  bool operator==(const CbaQuantities&) const = default;
};

struct CostBenefit {
  // First year, EUR per year (base price year).
  double time_eur_per_year = 0.0;
  double user_cost_eur_per_year = 0.0;
  double operator_revenue_eur_per_year = 0.0;
  double operator_cost_eur_per_year = 0.0;  // Δ PT operating cost (+ = more cost)
  double co2_eur_per_year = 0.0;            // + = less emitted
  double accidents_eur_per_year = 0.0;      // + = fewer accidents
  double externalities_eur_per_year = 0.0;  // co2 + accidents
  double benefits_eur_per_year = 0.0;       // time + user cost + revenue + externalities
  std::map<std::string, double> time_eur_per_year_by_country;
  // Present values over the appraisal period.
  double pv_benefits_eur = 0.0;
  double pv_costs_eur = 0.0;       // own [cost]s + PT operating cost
  double pv_investment_eur = 0.0;  // of which investments net of residual value
  double pv_operator_cost_eur = 0.0;
  double npv_eur = 0.0;
  double benefit_cost_ratio = 0.0;  // 0 when pv_costs_eur <= 0
  // The discounting used (echo of the parameters, for the outputs).
  double discount_rate = 0.0, period_years = 0.0, demand_growth = 0.0;
  bool operator==(const CostBenefit&) const = default;
};

// Text for summary.json / the report: what B/C counts and what it leaves out.
inline constexpr const char* kBcIncludes =
    "B/C = PV(benefits) / PV(costs) over the appraisal period at the stated discount rate. "
    "Benefits: travel time saved (rule of a half on the time part of the generalized cost, "
    "valued by purpose and country of residence; truck-hours), travellers' out-of-pocket cost "
    "change (car running cost per person, PT fares), PT operators' fare revenue change, CO2 and "
    "road accidents from the change in car and truck vehicle-km. Costs: the scenario's "
    "investment (reinvested at the end of its lifetime, residual value deducted) and running "
    "costs from its [cost] tables, and the PT operating cost of the vehicle-hours and "
    "vehicle-km the scenario adds or removes.";
inline constexpr const char* kBcLeavesOut =
    "Left out: reliability and comfort (crowding), air pollution, noise, indirect (wider) "
    "economic effects and agglomeration, land-use and housing-market effects, the government's "
    "fuel excise and VAT change, the CO2 and accidents of the bus and train kilometres a "
    "scenario adds or removes (only their operating cost is counted), construction nuisance, "
    "walking and cycling health effects, "
    "trips outside the modelled region and weekend patterns beyond the annualisation factor; "
    "benefits of modes whose change is below the noise floor count as zero. Land-use scenarios "
    "get indicators instead of a B/C.";

// PV of a stream whose first-year value is `first_year` growing by g per year, years 1..T.
double present_value_growing(double first_year, double rate, double growth, double years);
// PV over `years` of one cost: investment at t = 0 and at each end of lifetime before the end,
// straight-line residual value at the end deducted, operating cost every year.
double present_value_cost_over_period(const Cost& c, double years);
// Of which the investment part (reinvestments − residual value).
double present_value_investment_over_period(const Cost& c, double years);
// Δ PT operating cost per weekday from the service totals.
double operator_cost_per_weekday(const std::map<std::string, ServiceTotals>& service,
                                 const AppraisalParameters& p);

// Δ PT operating cost per weekday with each part's service change (result.hpp service_by_part)
// valued at the unit costs × that part's factor (an uncertainty draw's `operating` inputs):
// Σ_k factor[k] · operator_cost_per_weekday(by_part[k]). Equals the run's operator cost when
// every factor is 1. `factor` has one entry per part.
double operator_cost_per_weekday(const std::vector<std::map<std::string, ServiceTotals>>& by_part,
                                 const std::vector<double>& factor, const AppraisalParameters& p);

// `operator_eur_per_weekday`: the Δ PT operating cost per weekday to use instead of the one
// valued from q.service (a draw's per-part valuation above).
CostBenefit appraise(const CbaQuantities& q, const AppraisalParameters& p,
                     std::optional<double> operator_eur_per_weekday = std::nullopt);

}  // namespace corridor::scenario
