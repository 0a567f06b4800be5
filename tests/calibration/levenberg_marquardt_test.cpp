// Levenberg–Marquardt against problems with known answers:
// - exponential decay y = a·exp(b·t) from exact data: the minimum is (a, b) itself, cost 0;
// - a straight line through noisy points: the least-squares solution and its standard errors are
//   the ordinary least squares formulas (closed form, computed here independently);
// - a bound that cuts off the unconstrained minimum: the estimate sits on the bound;
// - a parameter the residuals do not see: flagged not identified (infinite standard error).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "calibration/levenberg_marquardt.hpp"

namespace corridor::calibration {
namespace {

using Batch = std::vector<std::vector<double>>;

template <class F>
ResidualBatch batch(F f) {
  return [f](const Batch& xs) {
    Batch out;
    for (const auto& x : xs) out.push_back(f(x));
    return out;
  };
}

TEST(LevenbergMarquardt, ExponentialFitFromExactDataFindsTheGeneratingParameters) {
  const double a = 2.5;
  const double b = -0.7;
  std::vector<double> t;
  std::vector<double> y;
  for (int k = 0; k <= 10; ++k) {
    t.push_back(0.5 * k);
    y.push_back(a * std::exp(b * 0.5 * k));
  }
  LmProblem p;
  p.start = {1.0, 0.0};
  p.lower = {0.0, -5.0};
  p.upper = {10.0, 5.0};
  p.step = {1e-7, 1e-7};
  p.residuals = batch([&](const std::vector<double>& x) {
    std::vector<double> r;
    for (std::size_t k = 0; k < t.size(); ++k) r.push_back(x[0] * std::exp(x[1] * t[k]) - y[k]);
    return r;
  });
  LmOptions o;
  o.max_iterations = 100;
  o.cost_tolerance = 1e-14;
  const LmResult r = levenberg_marquardt(p, o);
  EXPECT_NEAR(r.x[0], a, 1e-6);
  EXPECT_NEAR(r.x[1], b, 1e-6);
  EXPECT_LT(r.cost, 1e-12);
  EXPECT_GT(r.start_cost, 1.0);
  // Every evaluation counted: 1 start + per iteration n (Jacobian) + trial steps, + n at the end.
  EXPECT_GE(r.evaluations, 1u + 2u * static_cast<std::size_t>(r.iterations));
}

TEST(LevenbergMarquardt, StraightLineMatchesOrdinaryLeastSquaresAndItsStandardErrors) {
  // y = 1 + 2 t + e, e a fixed pattern of "noise".
  const std::vector<double> t{0, 1, 2, 3, 4, 5, 6, 7};
  const std::vector<double> e{0.3, -0.2, 0.1, -0.4, 0.25, 0.05, -0.15, 0.2};
  std::vector<double> y;
  for (std::size_t k = 0; k < t.size(); ++k) y.push_back(1.0 + 2.0 * t[k] + e[k]);
  // OLS closed form.
  const double n = static_cast<double>(t.size());
  double st = 0, sy = 0, stt = 0, sty = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    st += t[k];
    sy += y[k];
    stt += t[k] * t[k];
    sty += t[k] * y[k];
  }
  const double det = n * stt - st * st;
  const double b1 = (n * sty - st * sy) / det;
  const double b0 = (sy - b1 * st) / n;
  double rss = 0;
  for (std::size_t k = 0; k < t.size(); ++k) rss += std::pow(y[k] - b0 - b1 * t[k], 2);
  const double s2 = rss / (n - 2);
  const double se0 = std::sqrt(s2 * stt / det);
  const double se1 = std::sqrt(s2 * n / det);
  const double corr = -st / std::sqrt(n * stt);  // cov(b0,b1)/(se0 se1) = −Σt / sqrt(n Σt²)

  LmProblem p;
  p.start = {0.0, 0.0};
  p.lower = {-100.0, -100.0};
  p.upper = {100.0, 100.0};
  p.step = {1e-6, 1e-6};
  p.residuals = batch([&](const std::vector<double>& x) {
    std::vector<double> r;
    for (std::size_t k = 0; k < t.size(); ++k) r.push_back(x[0] + x[1] * t[k] - y[k]);
    return r;
  });
  LmOptions o;
  o.cost_tolerance = 1e-14;
  const LmResult r = levenberg_marquardt(p, o);
  EXPECT_NEAR(r.x[0], b0, 1e-6);
  EXPECT_NEAR(r.x[1], b1, 1e-6);
  EXPECT_NEAR(2.0 * r.cost, rss, 1e-9);
  ASSERT_TRUE(r.variance_from_residuals);
  EXPECT_NEAR(r.residual_variance, s2, 1e-9);
  EXPECT_NEAR(r.std_error[0], se0, 1e-6);
  EXPECT_NEAR(r.std_error[1], se1, 1e-6);
  EXPECT_NEAR(r.correlation[0][1], corr, 1e-6);
  EXPECT_NEAR(r.correlation[1][0], corr, 1e-6);
  EXPECT_TRUE(r.converged);
}

TEST(LevenbergMarquardt, BoundCutsOffTheMinimumAndTheEstimateStaysOnIt) {
  // y = 3 t; a <= 2 → a = 2 (the projected minimum of a convex problem), flagged at the bound.
  LmProblem p;
  p.start = {0.5};
  p.lower = {0.0};
  p.upper = {2.0};
  p.step = {1e-6};
  p.residuals = batch([](const std::vector<double>& x) {
    std::vector<double> r;
    for (int k = 1; k <= 4; ++k) r.push_back(x[0] * k - 3.0 * k);
    return r;
  });
  const LmResult r = levenberg_marquardt(p, {});
  EXPECT_DOUBLE_EQ(r.x[0], 2.0);
  EXPECT_TRUE(r.at_bound[0]);
  EXPECT_TRUE(std::isnan(r.std_error[0]));
}

TEST(LevenbergMarquardt, ParameterWithoutEffectIsNotIdentified) {
  LmProblem p;
  p.start = {0.0, 1.0};
  p.lower = {-10.0, -10.0};
  p.upper = {10.0, 10.0};
  p.step = {1e-6, 1e-6};
  p.residuals = batch([](const std::vector<double>& x) {
    return std::vector<double>{x[0] - 1.0, 2.0 * x[0] - 2.5, x[0] + 0.1};
  });
  const LmResult r = levenberg_marquardt(p, {});
  EXPECT_NEAR(r.x[0], (1.0 + 5.0 - 0.1) / 6.0, 1e-6);  // Σ c_k r_k' = 0 with slopes 1, 2, 1
  EXPECT_TRUE(r.identified[0]);
  EXPECT_FALSE(r.identified[1]);
  EXPECT_TRUE(std::isinf(r.std_error[1]));
}

}  // namespace
}  // namespace corridor::calibration
