// Uncertainty of a batch against known answers: Latin hypercube strata, quantiles of the
// distributions, percentiles and p_rank_first of hand-made draw results, standardized regression
// coefficients recovering a linear toy model, what a draw does to a scenario's costs, and bad
// [uncertainty] declarations (InputError with file:line:field).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <set>

#include "core/error.hpp"
#include "scenario/batch.hpp"
#include "scenario/robustness.hpp"
#include "scenario/uncertainty.hpp"

namespace corridor::scenario {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(LatinHypercube, EachStratumOfEveryInputIsHitExactlyOnce) {
  for (const std::size_t n : {1u, 2u, 7u, 256u}) {
    const auto u = latin_hypercube(n, 5, 42);
    ASSERT_EQ(u.size(), n);
    for (std::size_t j = 0; j < 5; ++j) {
      std::vector<std::size_t> strata;
      for (std::size_t d = 0; d < n; ++d) {
        ASSERT_GE(u[d][j], 0.0);
        ASSERT_LT(u[d][j], 1.0);
        strata.push_back(static_cast<std::size_t>(std::floor(u[d][j] * static_cast<double>(n))));
      }
      std::sort(strata.begin(), strata.end());
      std::vector<std::size_t> expected(n);
      std::iota(expected.begin(), expected.end(), std::size_t{0});
      EXPECT_EQ(strata, expected) << "n = " << n << ", input " << j;
    }
  }
}

TEST(LatinHypercube, SameSeedSameDrawsOtherSeedOtherDraws) {
  EXPECT_EQ(latin_hypercube(64, 3, 7), latin_hypercube(64, 3, 7));
  EXPECT_NE(latin_hypercube(64, 3, 7), latin_hypercube(64, 3, 8));
  // The columns are independent permutations, not copies of one another.
  const auto u = latin_hypercube(64, 2, 7);
  std::size_t same = 0;
  for (const auto& row : u) same += std::floor(row[0] * 64) == std::floor(row[1] * 64) ? 1 : 0;
  EXPECT_LT(same, 10u);
}

TEST(Distribution, QuantilesOfKnownDistributions) {
  Distribution u{DistributionKind::uniform, 2.0, 0.0, 4.0, 0.0, 0.0, {}, {}};
  EXPECT_DOUBLE_EQ(u.quantile(0.25), 2.5);
  // Triangular (0, 1, 3): F(1) = 1/3; above the mode q(p) = 3 − sqrt((1 − p) · 3 · 2).
  Distribution t{DistributionKind::triangular, 0.0, 1.0, 3.0, 0.0, 0.0, {}, {}};
  EXPECT_NEAR(t.quantile(1.0 / 3.0), 1.0, 1e-12);
  EXPECT_NEAR(t.quantile(0.5), 3.0 - std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(t.quantile(1.0 / 6.0), std::sqrt(0.5), 1e-12);  // below: sqrt(p · 3 · 1)
  Distribution n{DistributionKind::normal, 0, 0, 0, 1.0, 2.0, {}, {}};
  EXPECT_NEAR(n.quantile(0.975), 1.0 + 2.0 * 1.959963985, 1e-8);
  EXPECT_NEAR(n.quantile(0.5), 1.0, 1e-12);
  // Truncated at the mean: the median of a half-normal, 0.6744898 σ above the mean.
  Distribution h{DistributionKind::normal, 0, 0, 0, 0.0, 1.0, 0.0, {}};
  EXPECT_NEAR(h.quantile(0.5), 0.6744897502, 1e-8);
}

TEST(SampleDraws, CalibratedGroupGetsItsCorrelation) {
  UncertaintySpec spec;
  for (const char* k : {"border.penalty_utils_commute", "other.asc[2]"}) {
    UncertainInput in;
    in.name = k;
    in.kind = InputKind::parameter;
    in.key = k;
    in.distribution = {DistributionKind::normal, 0, 0, 0, 0.0, 0.5, {}, {}};
    in.group = 0;
    spec.inputs.push_back(in);
  }
  const double rho = 0.8;
  spec.groups.push_back({{0, 1}, {1.0, 0.0, rho, std::sqrt(1.0 - rho * rho)}});
  const auto plan = sample_draws(spec, 4000, 1);
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (const auto& v : plan.values) {
    sx += v[0];
    sy += v[1];
    sxx += v[0] * v[0];
    syy += v[1] * v[1];
    sxy += v[0] * v[1];
  }
  const double n = 4000;
  const double cov = sxy / n - sx / n * sy / n;
  const double vx = sxx / n - sx / n * sx / n, vy = syy / n - sy / n * sy / n;
  EXPECT_NEAR(std::sqrt(vx), 0.5, 0.01);  // first of the block: stratified, nearly exact
  EXPECT_NEAR(std::sqrt(vy), 0.5, 0.025);
  EXPECT_NEAR(cov / std::sqrt(vx * vy), rho, 0.03);
}

TEST(Percentile, LinearBetweenOrderStatistics) {
  // h = (N − 1) p on the sorted sample: {1..5} p5 → h = 0.2 → 1.2; p95 → 4.8.
  EXPECT_DOUBLE_EQ(percentile({5, 3, 1, 4, 2}, 0.05), 1.2);
  EXPECT_DOUBLE_EQ(percentile({5, 3, 1, 4, 2}, 0.50), 3.0);
  EXPECT_DOUBLE_EQ(percentile({5, 3, 1, 4, 2}, 0.95), 4.8);
  EXPECT_DOUBLE_EQ(percentile({10, 0}, 0.5), 5.0);
  EXPECT_DOUBLE_EQ(percentile({7}, 0.95), 7.0);
  EXPECT_THROW(percentile({}, 0.5), Error);
}

TEST(Robustness, HandMadeDrawsGiveTheHandComputedTable) {
  // Three runs, four draws (B/C; every run costed and resolved):
  //   draw 0: a 2.0, b 1.0, c 0.5  → ranks a1 b2 c3
  //   draw 1: a 1.0, b 3.0, c 0.5  → b1 a2 c3
  //   draw 2: a 4.0, b 1.0, c 5.0  → c1 a2 b3
  //   draw 3: a 2.0, b 1.5, c 0.1  → a1 b2 c3
  const std::vector<std::string> names{"a", "b", "c"};
  const double bcr[4][3] = {{2.0, 1.0, 0.5}, {1.0, 3.0, 0.5}, {4.0, 1.0, 5.0}, {2.0, 1.5, 0.1}};
  std::vector<DrawRow> rows;
  for (const auto& d : bcr) {
    for (double x : d) rows.push_back({x * 1e6, x, 1e6, false});
  }
  const auto r = robustness(names, rows);
  ASSERT_EQ(r.rows.size(), 3u);
  // Order: median rank a 1.5, b 2, c 3.
  EXPECT_EQ(r.rows[0].scenario, "a");
  EXPECT_EQ(r.rows[1].scenario, "b");
  EXPECT_EQ(r.rows[2].scenario, "c");
  EXPECT_DOUBLE_EQ(r.rows[0].p_rank_first, 0.5);
  EXPECT_DOUBLE_EQ(r.rows[1].p_rank_first, 0.25);
  EXPECT_DOUBLE_EQ(r.rows[2].p_rank_first, 0.25);
  double sum = 0.0;
  for (const auto& x : r.rows) sum += x.p_rank_first;
  EXPECT_DOUBLE_EQ(sum, 1.0);
  // a's ranks {1, 2, 2, 1} sorted {1, 1, 2, 2}: p5 h = 0.15 → 1, p50 h = 1.5 → 1.5, p95 h = 2.85
  // → 2.
  EXPECT_DOUBLE_EQ(r.rows[0].rank_p5, 1.0);
  EXPECT_DOUBLE_EQ(r.rows[0].rank_p50, 1.5);
  EXPECT_DOUBLE_EQ(r.rows[0].rank_p95, 2.0);
  // c's ranks {3, 3, 1, 3} sorted {1, 3, 3, 3}: p5 → 1 + 0.15 · 2 = 1.3.
  EXPECT_DOUBLE_EQ(r.rows[2].rank_p5, 1.3);
  EXPECT_DOUBLE_EQ(r.rows[2].rank_p50, 3.0);
  // a's B/C {2, 1, 4, 2} sorted {1, 2, 2, 4}: p95 h = 2.85 → 2 + 0.85 · 2 = 3.7; p50 = 2.
  EXPECT_DOUBLE_EQ(r.rows[0].bcr_p95, 3.7);
  EXPECT_DOUBLE_EQ(r.rows[0].bcr_p50, 2.0);
  EXPECT_DOUBLE_EQ(r.rows[0].benefit_p50, 2e6);
  EXPECT_EQ(robustness_csv(r).substr(0, robustness_csv(r).find('\n')),
            "scenario,p_rank_first,rank_p5,rank_p50,rank_p95,benefit_eur_per_year_p5,"
            "benefit_eur_per_year_p50,benefit_eur_per_year_p95,benefit_cost_ratio_p5,"
            "benefit_cost_ratio_p50,benefit_cost_ratio_p95,investment_eur_p5,investment_eur_p95");
}

TEST(Robustness, RanksLikeTheBatchBelowNoiseFloorAndUncostedLast) {
  const std::vector<std::string> names{"noisy", "free", "costed"};
  const std::vector<DrawRow> rows{
      {9e6, 9.0, 1e6, true}, {5e6, 0.0, 0.0, false}, {1e6, 1.0, 1e6, false}};
  EXPECT_EQ(draw_ranks(names, rows), (std::vector<std::size_t>{3, 2, 1}));
}

TEST(StandardizedRegression, RecoversTheCoefficientsOfALinearToyModel) {
  // y = 5 + 2 x0 − 3 x1 + 0 x2 on LHS draws of x0 ~ U(0, 1), x1 ~ U(10, 30), x2 ~ U(−1, 1):
  // SRC_i = b_i σ(x_i) / σ(y) exactly (no noise), Σ SRC² = R² = 1.
  const std::size_t n = 64;
  const auto u = latin_hypercube(n, 3, 9);
  std::vector<std::vector<double>> x(n, std::vector<double>(3));
  std::vector<double> y(n);
  for (std::size_t d = 0; d < n; ++d) {
    x[d] = {u[d][0], 10.0 + 20.0 * u[d][1], -1.0 + 2.0 * u[d][2]};
    y[d] = 5.0 + 2.0 * x[d][0] - 3.0 * x[d][1];
  }
  auto sd = [&](auto f) {
    double m = 0.0, s = 0.0;
    for (std::size_t d = 0; d < n; ++d) m += f(d);
    m /= static_cast<double>(n);
    for (std::size_t d = 0; d < n; ++d) s += (f(d) - m) * (f(d) - m);
    return std::sqrt(s / static_cast<double>(n));
  };
  const double sy = sd([&](std::size_t d) { return y[d]; });
  const double s0 = sd([&](std::size_t d) { return x[d][0]; });
  const double s1 = sd([&](std::size_t d) { return x[d][1]; });
  const auto fit = standardized_regression(x, y);
  ASSERT_TRUE(fit.src[0] && fit.src[1] && fit.src[2] && fit.r_squared);
  EXPECT_NEAR(*fit.src[0], 2.0 * s0 / sy, 1e-10);
  EXPECT_NEAR(*fit.src[1], -3.0 * s1 / sy, 1e-10);
  EXPECT_NEAR(*fit.src[2], 0.0, 1e-10);
  EXPECT_NEAR(*fit.r_squared, 1.0, 1e-12);
  // Too few draws for the inputs: no fit; a constant input: 0.
  const auto few = standardized_regression({{1, 2}, {2, 1}, {3, 5}}, {1, 2, 3});
  EXPECT_FALSE(few.src[0]);
  const auto flat = standardized_regression({{1, 7}, {2, 7}, {3, 7}, {4, 7}}, {2, 4, 6, 8});
  EXPECT_NEAR(*flat.src[0], 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(*flat.src[1], 0.0);
}

TEST(Sensitivity, TheInputThatReordersTheRunsGetsTheRankVariance) {
  // Two runs; a's B/C = 1 + x0, b's = 1.5 (fixed); x1 is unrelated to either. The ranks move
  // with x0 only, as a step (a first when x0 > 0.5): the linear share of a step in a uniform x0 is
  // their squared correlation, (1/8)² / (1/4 · 1/12) = 0.75; x1 explains nothing.
  const std::size_t n = 200;
  const auto u = latin_hypercube(n, 2, 5);
  std::vector<DrawRow> rows;
  std::vector<std::vector<double>> values;
  for (std::size_t d = 0; d < n; ++d) {
    values.push_back({u[d][0], u[d][1]});
    rows.push_back({1.0 + u[d][0], 1.0 + u[d][0], 1.0, false});
    rows.push_back({1.5, 1.5, 1.0, false});
  }
  const std::vector<std::string> names{"a", "b"};
  const auto r = robustness(names, rows);
  const auto s = sensitivity({{"x0", "parameter"}, {"x1", "parameter"}}, values, names, rows, r);
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[0].input, "x0");
  EXPECT_NEAR(*s.rows[0].rank_variance_share, 0.75, 0.02);
  EXPECT_LT(*s.rows[1].rank_variance_share, 0.02);
  // Both runs move by the same step (b's rank = 3 − a's), |SRC| = sqrt(0.75).
  EXPECT_NEAR(std::abs(*s.rows[0].largest_src_rank), std::sqrt(0.75), 0.02);
}

TEST(AppraisalScenario, ScalesOwnCostsPerPartAndSharedItemsOnce) {
  Scenario s;
  s.name = "rail+bus";
  s.parts = {"rail", "bus"};
  s.own_costs = {Cost{0.0, 1e6, 40, 0.0225, true}, Cost{8e6, 2e6, 15, 0.0225, true}};
  CostItem track;
  track.id = "track";
  track.cost = Cost{50e6, 0.0, 40, 0.0225, true};
  s.cost_items = {track};
  UncertaintySpec spec;
  UncertainInput inv{"inv-rail", InputKind::investment, {}, {"rail"}, {"track"}, "", {}, {}, "", {},
                     {}};
  UncertainInput op{"op-bus", InputKind::operating, {}, {"bus"}, {}, "", {}, {}, "", {}, {}};
  UncertainInput vot{"vot", InputKind::value_of_time, {}, {}, {}, "", {}, {}, "", {}, {}};
  spec.inputs = {inv, op, vot};
  const auto a = appraisal_scenario(s, spec, {2.0, 1.5, 0.9});
  ASSERT_EQ(a.part_costs.size(), 3u);
  EXPECT_DOUBLE_EQ(a.part_costs[0].investment_eur, 0.0);
  EXPECT_DOUBLE_EQ(a.part_costs[0].operating_eur_per_year, 1e6);  // rail's operating: no input
  EXPECT_DOUBLE_EQ(a.part_costs[1].investment_eur, 8e6);
  EXPECT_DOUBLE_EQ(a.part_costs[1].operating_eur_per_year, 3e6);
  EXPECT_DOUBLE_EQ(a.part_costs[2].investment_eur, 100e6);  // the item, once
  EXPECT_DOUBLE_EQ(a.parameters.value_of_time_factor, 0.9);
  // The appraisal's values of time follow the factor (persons and trucks).
  const auto v = values_of_time(a.parameters, {{"NL", {10, 20, 30, 40}}});
  EXPECT_DOUBLE_EQ(value_of_time(v, "NL", 1), 18.0);
  EXPECT_DOUBLE_EQ(v.truck_eur_per_h, 0.9 * default_values_of_time().truck_eur_per_h);
}

// The investment range of a measure, by hand. "rail" (EUR 100 M of its own) under a uniform
// factor (0.8, 1.2): declared range EUR 80-120 M; over 400 Latin hypercube draws the p5 and p95
// of its investment are the distribution's quantiles 100 M x (0.8 + 0.4 x 0.05) = 82 M and
// 118 M (one stratum is 0.1 % of the range: within 0.3 M). "bus" (EUR 10 M own + the 50 M item
// "depot") under a triangular factor (0.7, 1.0, 2.0) on the item only: declared 45-110 M; its
// p5 = 10 + 50 x (0.7 + sqrt(0.05 x 1.3 x 0.3)) = 10 + 50 x 0.83964 = 51.98 M and
// p95 = 10 + 50 x (2 - sqrt(0.05 x 1.3 x 1.0)) = 10 + 50 x 1.74505 = 97.25 M. "walk" is named by
// no input: no declared range, and p5 = p95 = its point figure.
TEST(InvestmentRange, DeclaredBoundsAndDrawPercentilesByHand) {
  auto single = [](const std::string& name, double own) {
    Scenario s;
    s.name = name;
    s.parts = {name};
    s.own_costs = {Cost{own, 0.0, 30, 0.0225, true}};
    s.part_costs = s.own_costs;
    return s;
  };
  auto rail = single("rail", 100e6);
  auto bus = single("bus", 10e6);
  CostItem depot;
  depot.id = "depot";
  depot.cost = Cost{50e6, 0.0, 30, 0.0225, true};
  bus.cost_items = {depot};
  bus.part_costs.push_back(depot.cost);
  const auto walk = single("walk", 1e6);
  UncertaintySpec spec;
  UncertainInput a{"inv-rail", InputKind::investment, {}, {"rail"}, {}, "", {}, {}, "", {}, {}};
  a.distribution = {DistributionKind::uniform, 0.8, 0.0, 1.2, 0.0, 0.0, {}, {}};
  UncertainInput b{"inv-depot", InputKind::investment, {}, {}, {"depot"}, "", {}, {}, "", {}, {}};
  b.distribution = {DistributionKind::triangular, 0.7, 1.0, 2.0, 0.0, 0.0, {}, {}};
  spec.inputs = {a, b};

  const auto dr = declared_investment_range(rail, spec);
  ASSERT_TRUE(dr.has_value());
  EXPECT_NEAR(dr->first, 80e6, 1e-3);
  EXPECT_NEAR(dr->second, 120e6, 1e-3);
  const auto db = declared_investment_range(bus, spec);
  ASSERT_TRUE(db.has_value());
  EXPECT_NEAR(db->first, 45e6, 1e-3);
  EXPECT_NEAR(db->second, 110e6, 1e-3);
  EXPECT_FALSE(declared_investment_range(walk, spec).has_value());

  const std::vector<std::string> names{"rail", "bus", "walk"};
  const std::vector<const Scenario*> runs{&rail, &bus, &walk};
  const auto plan = sample_draws(spec, 400, 15);
  std::vector<DrawRow> rows;
  for (const auto& values : plan.values) {
    for (const auto* s : runs) {
      double inv = 0.0;
      for (const auto& c : appraisal_scenario(*s, spec, values).part_costs) inv += c.investment_eur;
      rows.push_back({1e6, 1.0, inv, false, inv});
    }
  }
  const auto r = robustness(names, rows);
  std::map<std::string, const RobustnessRow*> by;
  for (const auto& x : r.rows) by[x.scenario] = &x;
  EXPECT_NEAR(by.at("rail")->investment_p5, 82e6, 0.3e6);
  EXPECT_NEAR(by.at("rail")->investment_p95, 118e6, 0.3e6);
  EXPECT_NEAR(by.at("bus")->investment_p5, 51.98e6, 0.3e6);
  EXPECT_NEAR(by.at("bus")->investment_p95, 97.25e6, 0.3e6);
  EXPECT_DOUBLE_EQ(by.at("walk")->investment_p5, 1e6);
  EXPECT_DOUBLE_EQ(by.at("walk")->investment_p95, 1e6);
  // robustness.csv: the fixed columns, then the investment range.
  const auto csv = robustness_csv(r);
  EXPECT_THAT(csv.substr(0, csv.find('\n')),
              ::testing::EndsWith("benefit_cost_ratio_p95,investment_eur_p5,investment_eur_p95"));
}

class UncertaintyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("corridor-uncertainty-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "rail.toml")
        << "name = \"rail\"\ndescription = \"d\"\nbase = \".\"\nassumptions = \"a\"\n"
        << "[[pt.remove_line]]\nline = \"L\"\n"
        << "[cost]\ninvestment_eur = 0\n[[cost.item]]\nid = \"track\"\ninvestment_eur = 5e7\n";
    std::ofstream(dir_ / "parameters.csv")
        << "parameter,start,estimate,lower,upper,std_error,at_bound,identified,"
           "corr_border.penalty_utils_commute,corr_other.asc[2]\n"
           "border.penalty_utils_commute,2,2,0,8,0.25,no,yes,1,0.5\n"
           "other.asc[2],0,0,-3,3,1,no,yes,0.5,1\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  Batch parse(const std::string& block) {
    return parse_batch("name = \"t\"\nscenarios = [\"rail.toml\"]\n" + block, "t.toml", dir_);
  }
  // The InputError message of a bad block.
  std::string error_of(const std::string& block) {
    try {
      parse(block);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
  fs::path dir_;
};

TEST_F(UncertaintyFile, ReadsInputsAndTheCalibratedBlock) {
  const auto b = parse(
      "[uncertainty]\nseed = 4\n"
      "[[uncertainty.input]]\nname = \"inv\"\nkind = \"investment\"\nitems = [\"track\"]\n"
      "distribution = \"triangular\"\nlow = 0.7\nmode = 1.0\nhigh = 2.0\n"
      "[[uncertainty.calibrated]]\nfile = \"parameters.csv\"\n");
  ASSERT_TRUE(b.uncertainty);
  const auto& u = *b.uncertainty;
  EXPECT_EQ(u.seed, 4u);
  ASSERT_EQ(u.inputs.size(), 3u);
  EXPECT_EQ(u.inputs[0].kind, InputKind::investment);
  EXPECT_EQ(u.inputs[1].key, "border.penalty_utils_commute");
  EXPECT_DOUBLE_EQ(u.inputs[2].distribution.sd, 1.0);
  EXPECT_DOUBLE_EQ(*u.inputs[2].clamp_lower, -3.0);
  ASSERT_EQ(u.groups.size(), 1u);
  EXPECT_NEAR(u.groups[0].cholesky[2], 0.5, 1e-15);  // L = [[1, 0], [ρ, sqrt(1 − ρ²)]]
  EXPECT_NEAR(u.groups[0].cholesky[3], std::sqrt(0.75), 1e-15);
  EXPECT_TRUE(u.changes_model());
}

TEST_F(UncertaintyFile, BadDeclarationsNameFileLineAndField) {
  const std::string head = "[uncertainty]\n[[uncertainty.input]]\nname = \"x\"\n";  // lines 3-5
  EXPECT_THAT(
      error_of(head + "kind = \"weather\"\ndistribution = \"uniform\"\nlow = 1\nhigh = 2\n"),
      HasSubstr("t.toml:6: field 'uncertainty.input.kind'"));
  EXPECT_THAT(
      error_of(head + "kind = \"value_of_time\"\ndistribution = \"uniform\"\nlow = 2\nhigh = 1\n"),
      HasSubstr("t.toml:9: field 'uncertainty.input.high': expected high > low"));
  EXPECT_THAT(
      error_of(head + "kind = \"value_of_time\"\ndistribution = \"uniform\"\nlow = 0\nhigh = 1\n"),
      HasSubstr("field 'uncertainty.input.low': expected a factor > 0"));
  EXPECT_THAT(error_of(head + "kind = \"investment\"\nscenarios = [\"bus\"]\n"
                              "distribution = \"uniform\"\nlow = 1\nhigh = 2\n"),
              HasSubstr("t.toml:7: field 'uncertainty.input.scenarios': scenario 'bus' is not "
                        "listed"));
  EXPECT_THAT(error_of(head + "kind = \"parameter\"\nkey = \"commute.speed\"\n"
                              "distribution = \"normal\"\nsd = 1\n"),
              HasSubstr("t.toml:7: field 'uncertainty.input.key': parameter 'commute.speed' "
                        "cannot be drawn"));
  EXPECT_THAT(error_of(head + "kind = \"value_of_time\"\ndistribution = \"lognormal\"\n"),
              HasSubstr("t.toml:7: field 'uncertainty.input.distribution'"));
  EXPECT_THAT(error_of(head + "kind = \"value_of_time\"\ndistribution = \"uniform\"\nlow = 1\n"
                              "high = 2\nlo = 3\n"),
              HasSubstr("uncertainty.input.lo"));
  EXPECT_THAT(error_of("[uncertainty]\n[[uncertainty.calibrated]]\nfile = \"none.csv\"\n"),
              HasSubstr("t.toml:5: field 'uncertainty.calibrated.file': parameters file "
                        "'none.csv' not found"));
  EXPECT_THAT(error_of("[uncertainty]\n[[uncertainty.calibrated]]\nfile = \"parameters.csv\"\n"
                       "keys = [\"commute.asc[1]\"]\n"),
              HasSubstr("field 'uncertainty.calibrated.keys': parameter 'commute.asc[1]' has no "
                        "standard error"));
  EXPECT_THAT(error_of("[uncertainty]\nseed = 1\n"),
              HasSubstr("expected at least one [[uncertainty.input]]"));
}

}  // namespace
}  // namespace corridor::scenario
