// Appraisal arithmetic against hand calculations and closed forms.
#include <gtest/gtest.h>

#include <cmath>

#include "scenario/appraisal.hpp"
#include "scenario/batch.hpp"

namespace corridor::scenario {
namespace {

TEST(Appraisal, RuleOfAHalfHandExample) {
  // 100 trips at 30 min before, 120 trips at 25 min after: existing users save 100 × 5, the 20
  // new users half of it on average: 500 + 50 = 550 trip-minutes.
  EXPECT_DOUBLE_EQ(rule_of_half(100, 120, 30, 25), 550.0);
  // A worsening with trips lost is a negative benefit.
  EXPECT_DOUBLE_EQ(rule_of_half(100, 80, 25, 30), -450.0);
}

TEST(Appraisal, LogsumChangeMatchesIntegratedDemandForTwoAlternatives) {
  // Binary logit, V_k = −θ c_k; alternative 1 improves from 40 to 30 min, alternative 2 stays at
  // 35. For a fixed total T the consumer surplus change is T ∫ P1(c) dc over [30, 40] (the area
  // left of the demand curve; Williams 1977), which equals T (LS1 − LS0) / θ in closed form.
  const double theta = 0.08, total = 1000.0;
  auto ls = [&](double c1) { return std::log(std::exp(-theta * c1) + std::exp(-theta * 35.0)); };
  const double closed = logsum_benefit(total, total, ls(40.0), ls(30.0), theta);
  double integral = 0.0;
  const int steps = 200000;
  const double h = 10.0 / steps;
  for (int k = 0; k < steps; ++k) {
    const double c = 30.0 + (k + 0.5) * h;
    const double p1 = 1.0 / (1.0 + std::exp(-theta * (35.0 - c)));
    integral += total * p1 * h;
  }
  EXPECT_NEAR(closed, integral, 1e-6 * integral);
  // The rule of a half on the improved alternative approximates it to second order.
  const double p_before = 1.0 / (1.0 + std::exp(-theta * (35.0 - 40.0)));
  const double p_after = 1.0 / (1.0 + std::exp(-theta * (35.0 - 30.0)));
  EXPECT_NEAR(rule_of_half(total * p_before, total * p_after, 40, 30), closed, 0.01 * closed);
}

TEST(Appraisal, AnnuityPresentValueAndRatio) {
  EXPECT_DOUBLE_EQ(annuity_factor(0.0, 20), 20.0);
  EXPECT_NEAR(annuity_factor(0.03, 20), 14.877475, 1e-6);
  Cost c;
  c.given = true;
  c.investment_eur = 1e6;
  c.operating_eur_per_year = 5e4;
  c.lifetime_years = 20;
  c.discount_rate = 0.03;
  EXPECT_NEAR(present_value_cost(c), 1e6 + 5e4 * 14.877475, 1.0);
  // For one project, B / EAC equals PV(benefits over the lifetime) / PV(costs).
  const double b = 2e5;
  EXPECT_NEAR(benefit_cost_ratio(b, {c}), b * annuity_factor(0.03, 20) / present_value_cost(c),
              1e-12);
  EXPECT_DOUBLE_EQ(benefit_cost_ratio(b, {Cost{}}), 0.0);  // no cost given: n/a
}

TEST(Appraisal, NoiseFloorFormula) {
  NoiseFloorInputs in;
  in.aec_base_min = 0.01;
  in.aec_scen_min = 0.02;
  in.car_person_trips = 600000;  // 0.03 min × 600,000 / 60 = 300 h
  in.demand_change_base = 1e-3;
  in.demand_change_scen = 3e-3;
  in.car_generalized_minutes = 5.7e6;  // ½ × 4e-3 × (5.7e6 + 3e5) / 60 = 200 h
  in.abs_benefit_minutes = 3e5;
  const auto f = noise_floor(in);
  EXPECT_NEAR(f.road_hours, 300.0, 1e-9);
  EXPECT_NEAR(f.demand_hours, 200.0, 1e-9);
  EXPECT_NEAR(f.hours(), 500.0, 1e-9);
}

ScenarioResult fake_result(const std::string& name, std::vector<std::string> parts, double hours,
                           double floor, double bcr, double cost) {
  ScenarioResult r;
  auto& h = r.headline;
  h.scenario = name;
  h.parts = std::move(parts);
  h.person_hours_saved_per_day = hours;
  h.benefit_eur_per_year = hours * 1000;
  h.cost_eur = cost;
  h.benefit_cost_ratio = bcr;
  h.logsum_hours_per_day = hours;
  h.noise_floor.hours_per_day = floor;
  h.below_noise_floor = std::abs(hours) < floor;
  h.hours_by_mode = {0.0, hours, 0.0};
  h.input_hash = "h-" + name;
  h.base_hash = "b";
  h.base_model_hash = "m";
  h.solver.base_relative_gap = 1e-4;
  h.solver.scenario_relative_gap = 1e-4;
  h.solver.base_demand_change = 1e-3;
  return r;
}

TEST(Ranking, BestRatioFirstNoiseLastAndSynergy) {
  Batch b;
  b.name = "t";
  std::vector<ScenarioResult> r = {fake_result("a", {"a"}, 1000, 100, 2.0, 1e6),
                                   fake_result("b", {"b"}, 50, 100, 9.0, 1e6),  // in the noise
                                   fake_result("c", {"c"}, 800, 100, 3.0, 1e6),
                                   fake_result("a+c", {"a", "c"}, 2100, 100, 2.5, 2e6)};
  const auto s = summarize(b, r);
  const auto& rank = s.summary["ranking"];
  ASSERT_EQ(rank.size(), 4u);
  EXPECT_EQ(rank[0]["scenario"], "c");
  EXPECT_EQ(rank[1]["scenario"], "a+c");
  EXPECT_EQ(rank[2]["scenario"], "a");
  EXPECT_EQ(rank[3]["scenario"], "b");  // below the floor: last despite its ratio
  ASSERT_TRUE(s.results[3].headline.sum_of_parts.has_value());
  const auto& combo = *s.results[3].headline.sum_of_parts;
  EXPECT_DOUBLE_EQ(combo.person_hours_saved_per_day, 1800.0);
  EXPECT_DOUBLE_EQ(combo.synergy_hours_per_day, 300.0);
  EXPECT_EQ(s.summary["scenarios"][3]["sum_of_parts"]["synergy_hours_per_day"], 300.0);
  EXPECT_EQ(s.order, (std::vector<std::size_t>{2, 3, 0, 1}));
  const std::string head =
      "rank,scenario,person_hours_saved_per_day,benefit_eur_per_year,cost_eur,benefit_cost_ratio,";
  EXPECT_EQ(s.ranking_csv.rfind(head, 0), 0u);
}

}  // namespace
}  // namespace corridor::scenario
