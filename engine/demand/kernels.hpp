#pragma once
// Small numerical kernels of the demand model, free functions over Eigen matrices and spans.
//
// Furness / iterative proportional fitting (Furness 1965; Ortúzar & Willumsen, "Modelling
// Transport", 4th ed. 2011, §5.3.2): scales the rows and columns of a non-negative seed matrix
// alternately until its row sums equal `row_targets` and its column sums equal `col_targets`.
// The fixed point is the matrix of that margins closest to the seed in the entropy sense; it
// exists when the targets have equal totals and the seed's zero pattern allows them (a row with
// a positive target needs a positive seed cell). Converged when every margin is within
// `tolerance` (relative to the larger of its target and 1e-12 of the total).
//
// Multinomial logit (McFadden 1974): P_m = exp(V_m) / Σ_k exp(V_k), logsum = ln Σ_k exp(V_k)
// (the expected maximum utility up to a constant; Williams 1977). Alternatives with V = −inf are
// unavailable; when all are, shares are 0 and the logsum is −inf. Computed with the maximum
// subtracted so large utilities do not overflow.
//
//   corridor::OdMatrix seed = ...;
//   auto r = corridor::demand::furness(seed, rows, cols, {.tolerance = 1e-10});
//   double ls = corridor::demand::logit(utilities, shares);
#include <span>

#include "core/od_matrix.hpp"

namespace corridor::demand {

struct FurnessOptions {
  double tolerance = 1e-9;  // max relative error of any margin
  int max_iterations = 2000;
};

struct FurnessResult {
  int iterations = 0;
  double max_relative_error = 0.0;
};

// Scales `matrix` in place. Throws corridor::Error when the inputs are inconsistent (sizes,
// negative or non-finite values, totals that differ, a row/column with a positive target and an
// all-zero seed) or when it does not converge within max_iterations (message gives the error).
FurnessResult furness(OdMatrix& matrix, std::span<const double> row_targets,
                      std::span<const double> col_targets, const FurnessOptions& options = {});

// Writes the choice probabilities into `shares` (same size as `utilities`) and returns the logsum.
double logit(std::span<const double> utilities, std::span<double> shares);

// Singly (production) constrained distribution: T_ij = P_i · w_ij / Σ_k w_ik with the weights
// given (e.g. A_j · exp(utility)). Throws corridor::Error when a row with P_i > 0 has no positive
// weight (its trips would have nowhere to go).
void distribute_singly(const OdMatrix& weights, std::span<const double> productions,
                       OdMatrix& trips);

}  // namespace corridor::demand
