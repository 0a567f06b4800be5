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
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

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

// A block constraint for furness(): the cells in `measure` must sum to `target`; each sweep
// scales the cells in `apply` (a superset of `measure`) by target / Σ measure. With apply ==
// measure this is iterative proportional fitting on one more margin (Bishop, Fienberg & Holland
// 1975, ch. 3): the solution is the seed × row × column × block factors, i.e. a gravity model
// with a calibrated utility constant ln(factor) on the block. Blocks must be disjoint in `apply`.
// On return `factor` holds the product of all scalings applied to the block (so the calibrated
// utility constant is ln(factor) on top of whatever the seed held).
struct FurnessBlock {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> apply;    // (row, column) cells
  std::vector<std::pair<std::uint32_t, std::uint32_t>> measure;  // ⊆ apply
  double target = 0.0;
  double factor = 1.0;  // out
};

// Furness with block constraints; convergence also requires every block within the tolerance.
// Throws corridor::Error like furness(), and when a block with a positive target has an all-zero
// measured set.
FurnessResult furness(OdMatrix& matrix, std::span<const double> row_targets,
                      std::span<const double> col_targets, std::span<FurnessBlock> blocks,
                      const FurnessOptions& options = {});

// Writes the choice probabilities into `shares` (same size as `utilities`) and returns the logsum.
double logit(std::span<const double> utilities, std::span<double> shares);

// Singly (production) constrained distribution: T_ij = P_i · w_ij / Σ_k w_ik with the weights
// given (e.g. A_j · exp(utility)). Throws corridor::Error when a row with P_i > 0 has no positive
// weight (its trips would have nowhere to go).
void distribute_singly(const OdMatrix& weights, std::span<const double> productions,
                       OdMatrix& trips);

}  // namespace corridor::demand
