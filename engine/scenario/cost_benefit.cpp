// Social cost–benefit analysis (cost_benefit.hpp): present values and the pure appraisal.
#include "scenario/cost_benefit.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"

namespace corridor::scenario {

double present_value_growing(double first_year, double rate, double growth, double years) {
  if (years <= 0.0 || first_year == 0.0) return 0.0;
  const double q = (1.0 + growth) / (1.0 + rate);
  if (std::abs(rate - growth) < 1e-12) return first_year * years / (1.0 + rate);
  return first_year * (1.0 - std::pow(q, years)) / (rate - growth);
}

double present_value_investment_over_period(const Cost& c, double years) {
  if (c.investment_eur == 0.0 || years <= 0.0) return 0.0;
  const double life = c.lifetime_years > 0.0 ? c.lifetime_years : years;
  const double r = c.discount_rate;
  double pv = 0.0;
  double t = 0.0;
  double last = 0.0;
  for (; t < years - 1e-9; t += life) {
    pv += c.investment_eur * std::pow(1.0 + r, -t);
    last = t;
  }
  const double used = (years - last) / life;  // share of the last investment's life used up
  const double residual = c.investment_eur * (1.0 - used);
  return pv - residual * std::pow(1.0 + r, -years);
}

double present_value_cost_over_period(const Cost& c, double years) {
  return present_value_investment_over_period(c, years) +
         c.operating_eur_per_year * annuity_factor(c.discount_rate, years);
}

double operator_cost_per_weekday(const std::map<std::string, ServiceTotals>& service,
                                 const AppraisalParameters& p) {
  double eur = 0.0;
  for (const auto& [mode, s] : service) {
    const auto it = p.operating.find(mode);
    if (it == p.operating.end()) continue;  // appraisal_parameters() requires every used mode
    eur += (s.vehicle_hours_after - s.vehicle_hours_before) * it->second.eur_per_vehicle_hour +
           (s.vehicle_km_after - s.vehicle_km_before) * it->second.eur_per_vehicle_km;
  }
  return eur;
}

double operator_cost_per_weekday(const std::vector<std::map<std::string, ServiceTotals>>& by_part,
                                 const std::vector<double>& factor, const AppraisalParameters& p) {
  if (factor.size() != by_part.size())
    throw Error("operator_cost_per_weekday: " + std::to_string(factor.size()) + " factors for " +
                std::to_string(by_part.size()) + " parts");
  double eur = 0.0;
  for (std::size_t k = 0; k < by_part.size(); ++k)
    eur += factor[k] * operator_cost_per_weekday(by_part[k], p);
  return eur;
}

CostBenefit appraise(const CbaQuantities& q, const AppraisalParameters& p,
                     std::optional<double> operator_eur_per_weekday) {
  CostBenefit cb;
  const auto& vot = p.values_of_time;
  const double days = vot.annualisation;
  for (const auto& [country, hours] : q.time_hours) {
    double eur = 0.0;
    for (std::size_t k = 0; k < kCbaPurposes; ++k) eur += hours[k] * value_of_time(vot, country, k);
    cb.time_eur_per_year_by_country[country] = eur * days;
    cb.time_eur_per_year += eur * days;
  }
  cb.time_eur_per_year += q.truck_hours * vot.truck_eur_per_h * days;
  cb.user_cost_eur_per_year = q.user_cost_eur * days;
  cb.operator_revenue_eur_per_year = q.fare_revenue_eur * days;
  cb.operator_cost_eur_per_year =
      operator_eur_per_weekday.value_or(operator_cost_per_weekday(q.service, p)) * days;
  cb.co2_eur_per_year = -(q.car_vehicle_km_delta * p.car_co2_kg_per_km +
                          q.truck_vehicle_km_delta * p.truck_co2_kg_per_km) /
                        1000.0 * p.co2_eur_per_tonne * days;
  cb.accidents_eur_per_year = -(q.car_vehicle_km_delta * p.car_accident_eur_per_km +
                                q.truck_vehicle_km_delta * p.truck_accident_eur_per_km) *
                              days;
  cb.externalities_eur_per_year = cb.co2_eur_per_year + cb.accidents_eur_per_year;
  cb.benefits_eur_per_year = cb.time_eur_per_year + cb.user_cost_eur_per_year +
                             cb.operator_revenue_eur_per_year + cb.externalities_eur_per_year;

  const double T = p.period_years;
  cb.discount_rate = p.discount_rate;
  cb.period_years = T;
  cb.demand_growth = p.demand_growth;
  cb.pv_benefits_eur =
      present_value_growing(cb.benefits_eur_per_year, p.discount_rate, p.demand_growth, T);
  cb.pv_operator_cost_eur = cb.operator_cost_eur_per_year * annuity_factor(p.discount_rate, T);
  cb.pv_costs_eur = cb.pv_operator_cost_eur;
  for (const auto& c : q.costs) {
    cb.pv_costs_eur += present_value_cost_over_period(c, T);
    cb.pv_investment_eur += present_value_investment_over_period(c, T);
  }
  cb.npv_eur = cb.pv_benefits_eur - cb.pv_costs_eur;
  cb.benefit_cost_ratio = cb.pv_costs_eur > 0.0 ? cb.pv_benefits_eur / cb.pv_costs_eur : 0.0;
  return cb;
}

}  // namespace corridor::scenario
