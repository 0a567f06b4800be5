#include "network/vdf.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace corridor::network {
namespace {

// Slow obvious reference: composite Simpson integration of the time function.
double simpson(VdfKind k, double t0, double c, double a, double b, double v) {
  const int n = 20000;
  const double h = v / n;
  double s = link_time(k, t0, c, a, b, 0) + link_time(k, t0, c, a, b, v);
  for (int i = 1; i < n; ++i) s += (i % 2 ? 4 : 2) * link_time(k, t0, c, a, b, i * h);
  return s * h / 3;
}

TEST(Bpr, KnownValues) {
  // t0 = 10, alpha 0.15, power 4: at capacity t = 11.5; at twice capacity 10·(1 + 0.15·16) = 34.
  EXPECT_DOUBLE_EQ(link_time(VdfKind::bpr, 10, 100, 0.15, 4, 100), 11.5);
  EXPECT_DOUBLE_EQ(link_time(VdfKind::bpr, 10, 100, 0.15, 4, 200), 34.0);
  EXPECT_DOUBLE_EQ(link_time(VdfKind::bpr, 10, 100, 0.0, 4, 200), 10.0);
}

TEST(Bpr, IntegralAndSlopeMatchNumericalReference) {
  for (double power : {0.0, 1.0, 2.5, 4.0, 10.0}) {
    const double v = 180;
    EXPECT_NEAR(link_time_integral(VdfKind::bpr, 7, 120, 0.15, power, v),
                simpson(VdfKind::bpr, 7, 120, 0.15, power, v), 1e-6)
        << "power " << power;
    const double h = 1e-4;
    const double numeric = (link_time(VdfKind::bpr, 7, 120, 0.15, power, v + h) -
                            link_time(VdfKind::bpr, 7, 120, 0.15, power, v - h)) /
                           (2 * h);
    EXPECT_NEAR(link_time_slope(VdfKind::bpr, 7, 120, 0.15, power, v), numeric, 1e-6);
  }
}

// The fused call against the two separate ones: within a few ulps (one pow instead of two for
// BPR at β ∉ {0, 4}), exactly equal where it falls back to them (zero flow, β 0 or 4, conical).
TEST(Vdf, TimeAndSlopeTogetherMatchTheSeparateCalls) {
  for (VdfKind kind : {VdfKind::bpr, VdfKind::conical}) {
    for (double power : {0.0, 0.5, 1.0, 2.5, 4.0, 5.3, 10.0}) {
      for (double v : {0.0, 1e-9, 3.0, 120.0, 455.5}) {
        const double alpha = kind == VdfKind::conical ? 4.0 : 0.15;
        const auto ts = link_time_and_slope(kind, 7, 120, alpha, power, v);
        const double t = link_time(kind, 7, 120, alpha, power, v);
        const double s = link_time_slope(kind, 7, 120, alpha, power, v);
        EXPECT_NEAR(ts.time, t, 4e-16 * t) << "power " << power << " v " << v;
        if (std::isinf(s)) {
          EXPECT_EQ(ts.slope, s) << "power " << power << " v " << v;
        } else {
          EXPECT_NEAR(ts.slope, s, 4e-16 * std::abs(s)) << "power " << power << " v " << v;
        }
      }
    }
  }
}

TEST(Conical, SpiessDefiningPropertiesAndIntegral) {
  for (double alpha : {2.0, 4.0, 10.0}) {
    EXPECT_NEAR(conical_factor(alpha, 0.0), 1.0, 1e-12);   // f(0) = 1
    EXPECT_NEAR(conical_factor(alpha, 1.0), 2.0, 1e-12);   // f(1) = 2
    EXPECT_NEAR(conical_slope(alpha, 1.0), alpha, 1e-12);  // f'(1) = alpha
    for (double v : {50.0, 100.0, 250.0}) {
      EXPECT_NEAR(link_time_integral(VdfKind::conical, 3, 100, alpha, 0, v),
                  simpson(VdfKind::conical, 3, 100, alpha, 0, v), 1e-7);
    }
  }
}

}  // namespace
}  // namespace corridor::network
