// Fit statistics against values computed by hand.
#include "calibration/fit_statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"

namespace corridor::calibration {
namespace {

TEST(Geh, HandComputed) {
  // sqrt(2 · 50² / 250) = sqrt(20)
  EXPECT_NEAR(geh(150.0, 100.0), std::sqrt(20.0), 1e-12);
  EXPECT_NEAR(geh(100.0, 150.0), std::sqrt(20.0), 1e-12);
  EXPECT_EQ(geh(0.0, 0.0), 0.0);
  EXPECT_EQ(geh(400.0, 400.0), 0.0);
  // A daily pair 24 × (150, 100) compares on its hourly mean.
  EXPECT_NEAR(geh_for_period(3600.0, 2400.0, 24.0), std::sqrt(20.0), 1e-12);
}

TEST(TagFlowCriterion, Bands) {
  EXPECT_TRUE(meets_tag_flow_criterion(650.0, 560.0));    // < 700: within 100
  EXPECT_FALSE(meets_tag_flow_criterion(661.0, 560.0));   // 101 off
  EXPECT_TRUE(meets_tag_flow_criterion(1150.0, 1000.0));  // 700..2700: within 15 %
  EXPECT_FALSE(meets_tag_flow_criterion(1200.0, 1000.0));
  EXPECT_TRUE(meets_tag_flow_criterion(3300.0, 3000.0));  // > 2700: within 400
  EXPECT_FALSE(meets_tag_flow_criterion(3450.0, 3000.0));
}

TEST(FitStatistics, HandComputedExample) {
  const std::vector<double> obs{560.0, 1000.0, 3000.0};
  const std::vector<double> mod{650.0, 1200.0, 3300.0};
  const FitStatistics s = fit_statistics(obs, mod, 1.0);
  EXPECT_EQ(s.count, 3u);
  EXPECT_DOUBLE_EQ(s.observed_total, 4560.0);
  EXPECT_DOUBLE_EQ(s.modelled_total, 5150.0);
  // squared errors 8100 + 40000 + 90000 = 138100
  EXPECT_NEAR(s.rmse, std::sqrt(138100.0 / 3.0), 1e-9);
  EXPECT_NEAR(s.percent_rmse, 100.0 * std::sqrt(138100.0 / 3.0) / 1520.0, 1e-9);
  // ss_tot = 960² + 520² + 1480² = 921600 + 270400 + 2190400 = 3382400
  EXPECT_NEAR(s.r_squared, 1.0 - 138100.0 / 3382400.0, 1e-12);
  // Σmc = 364000 + 1200000 + 9900000, Σc² = 313600 + 1000000 + 9000000
  EXPECT_NEAR(s.slope, 11464000.0 / 10313600.0, 1e-12);
  // GEH: 3.65, 6.03, 5.33 -> one of three below 5; TAG: first and third pass.
  EXPECT_NEAR(s.geh_below_5_share, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.tag_flow_share, 2.0 / 3.0, 1e-12);
  EXPECT_FALSE(s.tag_acceptable());
}

TEST(FitStatistics, PerfectFitIsAcceptable) {
  const std::vector<double> obs{10.0, 200.0, 5000.0};
  const FitStatistics s = fit_statistics(obs, obs, 24.0);
  EXPECT_EQ(s.rmse, 0.0);
  EXPECT_EQ(s.r_squared, 1.0);
  EXPECT_EQ(s.slope, 1.0);
  EXPECT_TRUE(s.tag_acceptable());
}

TEST(FitStatistics, RejectsMismatchedAndNegativeInput) {
  const std::vector<double> a{1.0, 2.0}, b{1.0};
  EXPECT_THROW(fit_statistics(a, b, 1.0), Error);
  const std::vector<double> neg{-1.0, 2.0};
  EXPECT_THROW(fit_statistics(neg, a, 1.0), Error);
  EXPECT_THROW(fit_statistics(a, a, 0.0), Error);
  EXPECT_EQ(fit_statistics({}, {}, 1.0).count, 0u);
}

}  // namespace
}  // namespace corridor::calibration
