#pragma once
// Bounded nonlinear least squares by Levenberg–Marquardt with a finite-difference Jacobian.
//
// Problem: minimise cost(x) = ½ Σ_k r_k(x)², x in [lower, upper] (n parameters, m residuals;
// residuals already weighted, e.g. (modelled − observed) / tolerance).
// Method (Levenberg 1944, Marquardt 1963; Madsen, Nielsen & Tingleff 2004, "Methods for
// non-linear least squares problems", §3.2):
//   J by forward differences, column j from r(x + h_j e_j) (h_j = the parameter's step, taken
//   backwards when x_j + h_j would leave the box): the n perturbed evaluations are handed to the
//   caller as ONE batch, so they can run in parallel (a model run each);
//   step (JᵀJ + λ diag(JᵀJ)) δ = −Jᵀr, x' = clamp(x + δ) (bounds by projection); accepted when
//   cost(x') < cost(x) (λ /= 3), else λ ×= 4 and the step is retried with the same J.
//   Stops when the relative cost decrease of an accepted step is below cost_tolerance, every
//   |δ_j| < step_tolerance × max(1, |x_j|), the cost is 0, or after max_iterations Jacobians.
// Uncertainty at the solution (J recomputed there): Cov = s² (JᵀJ)⁻¹ with the residual variance
// s² = 2 cost / (m − n) when m > n (tolerances taken as relative weights), else s² = 1 (tolerances
// taken as standard deviations); standard errors sqrt(diag Cov) and the correlation matrix.
// Parameters at a bound are held there: no standard error (NaN), left out of the covariance.
// A singular JᵀJ (a parameter the residuals do not identify) gives infinite standard errors for
// the parameters in its null space (pseudo-inverse, flagged `identified = false`).
//
// Deterministic: evaluations are pure functions of x; the batch preserves order.
//
//   LmProblem p;
//   p.start = {1.0, 0.1}; p.lower = {0, -1}; p.upper = {10, 1}; p.step = {1e-6, 1e-6};
//   p.residuals = [&](const std::vector<std::vector<double>>& xs) { ... one r per x ... };
//   LmResult r = levenberg_marquardt(p, {});
//   r.x; r.std_error; r.correlation;
#include <cstddef>
#include <functional>
#include <vector>

namespace corridor::calibration {

// Evaluates the residual vector at each point of a batch (same order). May run them in parallel.
// An evaluation that fails may return an empty vector: a trial step there is rejected; a failed
// Jacobian or start evaluation is an error (corridor::Error).
using ResidualBatch =
    std::function<std::vector<std::vector<double>>(const std::vector<std::vector<double>>&)>;

struct LmProblem {
  std::vector<double> start, lower, upper;
  std::vector<double> step;  // finite-difference step per parameter (> 0)
  ResidualBatch residuals;
};

struct LmOptions {
  int max_iterations = 30;
  double cost_tolerance = 1e-6;  // relative decrease of an accepted step
  double step_tolerance = 1e-6;  // relative to max(1, |x|)
  double initial_lambda = 1e-3;
  int max_rejections = 12;  // trial steps per iteration before giving up
};

struct LmIteration {
  int iteration = 0;
  double cost = 0.0;
  double lambda = 0.0;
  std::size_t evaluations = 0;  // so far
};

struct LmResult {
  std::vector<double> x;
  std::vector<double> residuals;  // at x
  double start_cost = 0.0;
  double cost = 0.0;
  int iterations = 0;
  std::size_t evaluations = 0;  // residual evaluations (model runs) in total
  bool converged = false;       // a stopping test met (not max_iterations)
  std::vector<bool> at_bound;
  double residual_variance = 1.0;  // s²
  bool variance_from_residuals = false;
  std::vector<double> std_error;                 // +inf where not identified, NaN at a bound
  std::vector<std::vector<double>> correlation;  // n × n (0 off-diagonal where not identified)
  std::vector<bool> identified;
  std::vector<std::vector<double>> jacobian;  // m × n at x
};

LmResult levenberg_marquardt(const LmProblem& problem, const LmOptions& options,
                             const std::function<void(const LmIteration&)>& on_iteration = {});

}  // namespace corridor::calibration
