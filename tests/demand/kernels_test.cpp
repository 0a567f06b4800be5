// Furness against the closed form of the 2x2 case, a slow reference on 3x3 and its failure modes;
// logit shares and logsum against closed forms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "demand/kernels.hpp"

namespace corridor::demand {
namespace {

using ::testing::HasSubstr;

TEST(Furness, TwoByTwoMatchesOddsRatioClosedForm) {
  // Biproportional scaling keeps the cross-product ratio T11·T22 / (T12·T21) = 1·4/(2·3) = 2/3.
  // Rows (3, 7), columns (5, 5): T11 = x solves x(2 + x) = 2/3 (3 − x)(5 − x), i.e.
  // x² + 22x − 30 = 0, x = −11 + √151 (by hand).
  OdMatrix m(2, 2);
  m << 1, 2, 3, 4;
  const std::vector<double> rows{3, 7};
  const std::vector<double> cols{5, 5};
  const auto r = furness(m, rows, cols, {.tolerance = 1e-13});
  const double x = -11.0 + std::sqrt(151.0);
  EXPECT_NEAR(m(0, 0), x, 1e-10);
  EXPECT_NEAR(m(0, 1), 3.0 - x, 1e-10);
  EXPECT_NEAR(m(1, 0), 5.0 - x, 1e-10);
  EXPECT_NEAR(m(1, 1), 2.0 + x, 1e-10);
  EXPECT_GT(r.iterations, 1);
  EXPECT_LE(r.max_relative_error, 1e-13);
}

TEST(Furness, ThreeByThreeMatchesSlowReference) {
  OdMatrix seed(3, 3);
  seed << 5, 1, 0.5, 2, 8, 1, 0.2, 3, 6;
  const std::vector<double> rows{10, 20, 30};
  const std::vector<double> cols{15, 25, 20};
  OdMatrix m = seed;
  furness(m, rows, cols, {.tolerance = 1e-12});
  // Slow reference: textbook alternating factors, element by element, many sweeps.
  std::vector<double> a(3, 1.0);
  std::vector<double> b(3, 1.0);
  for (int sweep = 0; sweep < 2000; ++sweep) {
    for (int i = 0; i < 3; ++i) {
      double s = 0;
      for (int j = 0; j < 3; ++j) s += seed(i, j) * b[static_cast<std::size_t>(j)];
      a[static_cast<std::size_t>(i)] = rows[static_cast<std::size_t>(i)] / s;
    }
    for (int j = 0; j < 3; ++j) {
      double s = 0;
      for (int i = 0; i < 3; ++i) s += seed(i, j) * a[static_cast<std::size_t>(i)];
      b[static_cast<std::size_t>(j)] = cols[static_cast<std::size_t>(j)] / s;
    }
  }
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      EXPECT_NEAR(m(i, j),
                  seed(i, j) * a[static_cast<std::size_t>(i)] * b[static_cast<std::size_t>(j)],
                  1e-9);
    }
  }
}

TEST(Furness, ZeroRowWithPositiveTargetIsAClearError) {
  OdMatrix m(2, 2);
  m << 0, 0, 1, 1;
  const std::vector<double> rows{1, 1};
  const std::vector<double> cols{1, 1};
  try {
    furness(m, rows, cols);
    FAIL() << "expected corridor::Error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("row 0"));
    EXPECT_THAT(e.what(), HasSubstr("all-zero"));
  }
}

TEST(Furness, UnbalancedTotalsAndInfeasiblePatternFail) {
  OdMatrix m = OdMatrix::Ones(2, 2);
  EXPECT_THROW(furness(m, std::vector<double>{1, 1}, std::vector<double>{1, 2}), Error);
  // Diagonal seed cannot reach off-diagonal margins: row 0 wants 1, column 0 wants 2.
  OdMatrix d(2, 2);
  d << 1, 0, 0, 1;
  try {
    furness(d, std::vector<double>{1, 2}, std::vector<double>{2, 1}, {.max_iterations = 50});
    FAIL() << "expected corridor::Error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("did not converge"));
  }
}

TEST(Logit, SharesAndLogsumClosedForm) {
  // exp(V) = 1, 2, 3: shares 1/6, 2/6, 3/6, logsum ln 6.
  const std::vector<double> v{0.0, std::log(2.0), std::log(3.0)};
  std::vector<double> s(3);
  const double ls = logit(v, s);
  EXPECT_NEAR(s[0], 1.0 / 6.0, 1e-15);
  EXPECT_NEAR(s[1], 2.0 / 6.0, 1e-15);
  EXPECT_NEAR(s[2], 3.0 / 6.0, 1e-15);
  EXPECT_NEAR(ls, std::log(6.0), 1e-15);
}

TEST(Logit, LargeUtilitiesAndUnavailableAlternatives) {
  const double ninf = -std::numeric_limits<double>::infinity();
  std::vector<double> s(3);
  const double ls = logit(std::vector<double>{1000.0, ninf, 1000.0}, s);
  EXPECT_DOUBLE_EQ(s[0], 0.5);
  EXPECT_DOUBLE_EQ(s[1], 0.0);
  EXPECT_DOUBLE_EQ(s[2], 0.5);
  EXPECT_NEAR(ls, 1000.0 + std::log(2.0), 1e-12);
  const double none = logit(std::vector<double>{ninf, ninf, ninf}, s);
  EXPECT_EQ(none, ninf);
  EXPECT_EQ(s[0] + s[1] + s[2], 0.0);
}

TEST(DistributeSingly, RowsKeepProductionsAndProportions) {
  OdMatrix w(2, 3);
  w << 1, 2, 1, 0, 0, 5;
  OdMatrix t;
  distribute_singly(w, std::vector<double>{8, 3}, t);
  EXPECT_DOUBLE_EQ(t(0, 0), 2.0);
  EXPECT_DOUBLE_EQ(t(0, 1), 4.0);
  EXPECT_DOUBLE_EQ(t(0, 2), 2.0);
  EXPECT_DOUBLE_EQ(t(1, 2), 3.0);
  OdMatrix dead = OdMatrix::Zero(1, 2);
  EXPECT_THROW(distribute_singly(dead, std::vector<double>{1}, t), Error);
}

TEST(Furness, BlockConstraintHandComputed) {
  // Seed of ones, margins 10/10, the cell (0,1) held to 2: [[8, 2], [2, 8]]; the block factor is
  // the change of the cross ratio T00·T11 / (T01·T10) = 16 against the seed's 1: 1/16.
  OdMatrix m = OdMatrix::Ones(2, 2);
  const std::vector<double> rows{10.0, 10.0};
  const std::vector<double> cols{10.0, 10.0};
  std::vector<FurnessBlock> blocks(1);
  blocks[0].apply = {{0u, 1u}};
  blocks[0].measure = {{0u, 1u}};
  blocks[0].target = 2.0;
  furness(m, rows, cols, blocks, {.tolerance = 1e-13, .max_iterations = 10000});
  EXPECT_NEAR(m(0, 0), 8.0, 1e-10);
  EXPECT_NEAR(m(0, 1), 2.0, 1e-10);
  EXPECT_NEAR(m(1, 0), 2.0, 1e-10);
  EXPECT_NEAR(m(1, 1), 8.0, 1e-10);
  EXPECT_NEAR(blocks[0].factor, 1.0 / 16.0, 1e-10);
}

TEST(Furness, BlockWithAllZeroSeedThrows) {
  OdMatrix m = OdMatrix::Ones(2, 2);
  m(0, 1) = 0.0;
  const std::vector<double> rows{10.0, 10.0};
  std::vector<FurnessBlock> blocks(1);
  blocks[0].apply = {{0u, 1u}};
  blocks[0].measure = {{0u, 1u}};
  blocks[0].target = 2.0;
  EXPECT_THROW(furness(m, rows, rows, blocks), Error);
}

}  // namespace
}  // namespace corridor::demand
