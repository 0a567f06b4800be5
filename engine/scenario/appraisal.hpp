#pragma once
// Appraisal arithmetic: user benefits, money, costs and the noise floor. Pure functions, no model.
//
// User benefit (consumer surplus change) of a change in generalized cost, per OD pair and mode:
//   rule of a half (Lane, Powell & Prestwood Smith 1971; DfT TAG A1.3 §2):
//       B = ½ (T0 + T1) (c0 − c1)                [trips × minutes]
//   logsum change (Williams 1977; de Jong et al. 2007, "The logsum as an evaluation measure"):
//       B = ½ (T0 + T1) (LS1 − LS0) / θ          [θ: utils per generalized minute]
//     for an OD pair whose total is fixed this is exactly T (LS1 − LS0)/θ, the change in expected
//     maximum utility; with T changing it is the rule of a half applied to the composite cost.
// Money: hours × value of time of the purpose and country of residence (values_of_time()).
// Costs: present value PV = I + O · a(r, n), a(r, n) = (1 − (1 + r)^−n) / r (a = n when r = 0);
//   equivalent annual cost EAC = I / a(r, n) + O; benefit/cost ratio = benefit per year / Σ EAC
//   over the parts (for one project equal to PV(benefits over n years) / PV(costs)).
//
// Noise floor (why a small saving is not reported as one): both runs stop at a tolerance.
//   - Road: at relative gap g the used paths exceed the shortest ones by the average excess cost
//     AEC = g · TSTT / demand minutes per vehicle (assignment/types.hpp), so each car trip's cost
//     is known to ± AEC in each run: floor_road = (AEC_base + AEC_scen) · car person-trips / 60.
//   - Demand loop: the car OD matrix is known to a relative L1 change τ (the loop's last change).
//     Those τ · T car trips may sit on other OD pairs in the converged state, which moves road
//     times and so every car trip's cost; bounded by the car time at stake:
//       floor_demand = ½ (τ_base + τ_scen) · (Σ T_car c_car of the base + Σ T |Δc|) / 60.
//     (Observed on the region: repeated scenarios with this loop stalled at τ ≈ 3e-3 differ by
//     a few thousand person-hours per weekday, the size of this term.)
//   floor = floor_road + floor_demand person-hours per weekday; |saving| < floor is flagged.
//   PT is uncongested (skims do not depend on demand) and adds nothing.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace corridor::scenario {

inline double rule_of_half(double trips_before, double trips_after, double cost_before,
                           double cost_after) {
  return 0.5 * (trips_before + trips_after) * (cost_before - cost_after);
}

inline double logsum_benefit(double trips_before, double trips_after, double logsum_before,
                             double logsum_after, double theta_per_min) {
  return 0.5 * (trips_before + trips_after) * (logsum_after - logsum_before) / theta_per_min;
}

double annuity_factor(double rate, double years);
double present_value_cost(const Cost& c);
double equivalent_annual_cost(const Cost& c);
// Benefit/cost ratio of a (possibly combined) scenario; 0 when no part has a cost.
double benefit_cost_ratio(double benefit_eur_per_year, const std::vector<Cost>& parts);

struct NoiseFloorInputs {
  double aec_base_min = 0.0;  // average excess cost of the final road assignment, min/vehicle
  double aec_scen_min = 0.0;
  double car_person_trips = 0.0;    // weekday, both legs
  double demand_change_base = 0.0;  // final relative L1 change of the feedback loop
  double demand_change_scen = 0.0;
  double abs_benefit_minutes = 0.0;      // Σ ½ (T0 + T1) |Δc| over OD, mode, purpose (both legs)
  double car_generalized_minutes = 0.0;  // Σ T_car c_car of the base (both legs)
};
struct NoiseFloor {
  double road_hours = 0.0;
  double demand_hours = 0.0;
  [[nodiscard]] double hours() const { return road_hours + demand_hours; }
};
NoiseFloor noise_floor(const NoiseFloorInputs& in);

// Values of time, EUR (2022 prices) per person-hour by purpose (commute, business, education,
// other) and country of residence, and per truck-hour. Numbers and sources in
// docs/comparing-quick-wins.md; [parameters] value_of_time_eur_per_h overrides them for everyone.
struct ValuesOfTime {
  std::array<double, 4> nl{};  // KiM (2023), in force for Dutch MKBA since 1 Jan 2024
  std::array<double, 4> be{};  // Flemish MOW values (Standaardmethodiek MKBA)
  // The region's values by country of residence (RegionModel::values_of_time, region.toml
  // [values_of_time]); a country not listed uses `nl`.
  std::map<std::string, std::array<double, 4>> by_country;
  double truck_eur_per_h = 0.0;
  double annualisation = 0.0;  // weekdays → year
};
ValuesOfTime default_values_of_time();
ValuesOfTime values_of_time(const Parameters& overrides);
// The region's values by country, then the overrides for everyone.
ValuesOfTime values_of_time(const Parameters& overrides,
                            const std::map<std::string, std::array<double, 4>>& region);
double value_of_time(const ValuesOfTime& v, const std::string& country, std::size_t purpose);

}  // namespace corridor::scenario
