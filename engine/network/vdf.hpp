#pragma once
// Volume-delay functions and generalized link cost.
//
// BPR (Bureau of Public Roads 1964, TNTP's form): t(v) = t0 · (1 + α (v/c)^β)
//   integral ∫0^v t = t0 · (v + α c (v/c)^(β+1) / (β+1))
// Conical (Spiess 1990, "Conical volume-delay functions", Transportation Science 24(2)):
//   f(x) = 2 + sqrt(α²(1−x)² + β²) − α(1−x) − β,  β = (2α−1)/(2α−2),  x = v/c,  t = t0 · f(x);
//   α > 1; f(0) = 1, f(1) = 2. Integral in closed form (see vdf.cpp).
// Generalized cost of a link for a demand class = time + toll_factor · toll + distance_factor ·
// length (minutes), TNTP's convention (e.g. Chicago-Sketch: 0.02 min/cent, 0.04 min/mile).
//
// Times are minutes, v and c in PCE per hour (or per period, consistently).
#include <cmath>
#include <cstdint>
#include <span>

#include "network/road_network.hpp"

namespace corridor::network {

struct CostWeights {
  double toll_factor = 0.0;      // minutes per toll unit
  double distance_factor = 0.0;  // minutes per length unit
};

double conical_factor(double alpha, double x);
double conical_integral(double alpha, double x);  // ∫0^x f(u) du
double conical_slope(double alpha, double x);     // f'(x)

// Travel time (minutes) of one link at flow v.
inline double link_time(VdfKind kind, double t0, double cap, double alpha, double beta, double v) {
  if (kind == VdfKind::conical) return t0 * conical_factor(alpha, v / cap);
  if (alpha == 0.0) return t0;
  const double x = v / cap;
  const double p = (beta == 4.0) ? (x * x) * (x * x) : std::pow(x, beta);
  return t0 * (1.0 + alpha * p);
}

// d t / d v at flow v (minutes per vehicle).
inline double link_time_slope(VdfKind kind, double t0, double cap, double alpha, double beta,
                              double v) {
  if (kind == VdfKind::conical) return t0 * conical_slope(alpha, v / cap) / cap;
  if (alpha == 0.0 || beta == 0.0) return 0.0;
  const double x = v / cap;
  const double p = (beta == 4.0) ? x * x * x : std::pow(x, beta - 1.0);
  return t0 * alpha * beta * p / cap;
}

// Time and slope at flow v together, as link_time and link_time_slope give them, with one pow for
// BPR at β ∉ {0, 4} and v > 0 (x^β = x · x^(β−1), within an ulp of pow(x, β)): the solver's
// refresh after every flow shift (Winnipeg's β are not 4: pow is 12–15 % of its one-thread
// profile; one pow instead of two saved about 2 % of its solve time).
struct TimeAndSlope {
  double time;   // minutes
  double slope;  // minutes per vehicle
};
inline TimeAndSlope link_time_and_slope(VdfKind kind, double t0, double cap, double alpha,
                                        double beta, double v) {
  if (kind == VdfKind::bpr && alpha != 0.0 && beta != 4.0 && beta != 0.0 && v > 0.0) {
    const double x = v / cap;
    const double p = std::pow(x, beta - 1.0);
    return {t0 * (1.0 + alpha * (x * p)), t0 * alpha * beta * p / cap};
  }
  return {link_time(kind, t0, cap, alpha, beta, v), link_time_slope(kind, t0, cap, alpha, beta, v)};
}
// ∫0^v t(s) ds (minutes × vehicles).
inline double link_time_integral(VdfKind kind, double t0, double cap, double alpha, double beta,
                                 double v) {
  if (kind == VdfKind::conical) return t0 * cap * conical_integral(alpha, v / cap);
  if (alpha == 0.0) return t0 * v;
  const double x = v / cap;
  const double p = (beta == 4.0) ? (x * x) * (x * x) * x : std::pow(x, beta + 1.0);
  return t0 * (v + alpha * cap * p / (beta + 1.0));
}

// Whole-network kernels over spans indexed by LinkId.
void compute_link_times(const RoadNetwork& net, std::span<const double> flow,
                        std::span<double> time);
void compute_link_slopes(const RoadNetwork& net, std::span<const double> flow,
                         std::span<double> slope);
// Beckmann objective Σ_a ∫0^{v_a} t_a: the convex potential whose minimum is the user equilibrium.
double beckmann_objective(const RoadNetwork& net, std::span<const double> flow);
// Fixed (flow-independent) part of generalized cost per link: toll_factor·toll +
// distance_factor·len.
void compute_fixed_costs(const RoadNetwork& net, CostWeights w, std::span<double> fixed);

}  // namespace corridor::network
