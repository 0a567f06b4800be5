#include "scenario/appraisal.hpp"

#include <cmath>

namespace corridor::scenario {

double annuity_factor(double rate, double years) {
  if (rate <= 0.0) return years;
  return (1.0 - std::pow(1.0 + rate, -years)) / rate;
}

double present_value_cost(const Cost& c) {
  return c.investment_eur +
         c.operating_eur_per_year * annuity_factor(c.discount_rate, c.lifetime_years);
}

double equivalent_annual_cost(const Cost& c) {
  return c.investment_eur / annuity_factor(c.discount_rate, c.lifetime_years) +
         c.operating_eur_per_year;
}

double benefit_cost_ratio(double benefit_eur_per_year, const std::vector<Cost>& parts) {
  double eac = 0.0;
  bool any = false;
  for (const auto& c : parts) {
    if (!c.given) continue;
    any = true;
    eac += equivalent_annual_cost(c);
  }
  if (!any || eac <= 0.0) return 0.0;
  return benefit_eur_per_year / eac;
}

NoiseFloor noise_floor(const NoiseFloorInputs& in) {
  NoiseFloor f;
  f.road_hours =
      (std::abs(in.aec_base_min) + std::abs(in.aec_scen_min)) * in.car_person_trips / 60.0;
  f.demand_hours = 0.5 * (std::abs(in.demand_change_base) + std::abs(in.demand_change_scen)) *
                   (in.car_generalized_minutes + in.abs_benefit_minutes) / 60.0;
  return f;
}

ValuesOfTime default_values_of_time() {
  ValuesOfTime v;
  // Order: commute, business, education, other. See docs/comparing-quick-wins.md (sources and
  // the caveat on verification).
  v.nl = {11.00, 31.00, 8.50, 8.50};
  v.be = {11.50, 33.00, 7.50, 7.50};
  v.truck_eur_per_h = 55.0;
  v.annualisation = 300.0;
  return v;
}

ValuesOfTime values_of_time(const Parameters& overrides) {
  auto v = default_values_of_time();
  const char* names[4] = {"commute", "business", "education", "other"};
  for (std::size_t p = 0; p < 4; ++p) {
    const auto it = overrides.value_of_time_eur_per_h.find(names[p]);
    if (it != overrides.value_of_time_eur_per_h.end()) v.nl[p] = v.be[p] = it->second;
  }
  if (overrides.annualisation) v.annualisation = *overrides.annualisation;
  return v;
}

ValuesOfTime values_of_time(const Parameters& overrides,
                            const std::map<std::string, std::array<double, 4>>& region) {
  auto v = values_of_time(overrides);
  v.by_country = region;
  const char* names[4] = {"commute", "business", "education", "other"};
  for (std::size_t p = 0; p < 4; ++p) {
    const auto it = overrides.value_of_time_eur_per_h.find(names[p]);
    if (it == overrides.value_of_time_eur_per_h.end()) continue;
    for (auto& [country, values] : v.by_country) values[p] = it->second;
  }
  const double f = overrides.value_of_time_factor;
  if (f != 1.0) {
    for (auto* a : {&v.nl, &v.be})
      for (double& x : *a) x *= f;
    for (auto& [country, values] : v.by_country)
      for (double& x : values) x *= f;
    v.truck_eur_per_h *= f;
  }
  return v;
}

double value_of_time(const ValuesOfTime& v, const std::string& country, std::size_t purpose) {
  const auto it = v.by_country.find(country);
  return it != v.by_country.end() ? it->second[purpose] : v.nl[purpose];
}

}  // namespace corridor::scenario
