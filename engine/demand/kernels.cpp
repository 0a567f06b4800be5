#include "demand/kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace corridor::demand {

namespace {

void check_targets(std::span<const double> t, const char* what) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!std::isfinite(t[i]) || t[i] < 0.0) {
      throw Error(std::string("furness: ") + what + " target " + std::to_string(i) +
                  " must be finite and >= 0, got " + std::to_string(t[i]));
    }
  }
}

std::string format_g(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

double sum(std::span<const double> v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}

}  // namespace

FurnessResult furness(OdMatrix& m, std::span<const double> row_targets,
                      std::span<const double> col_targets, const FurnessOptions& options) {
  return furness(m, row_targets, col_targets, std::span<FurnessBlock>(), options);
}

FurnessResult furness(OdMatrix& m, std::span<const double> row_targets,
                      std::span<const double> col_targets, std::span<FurnessBlock> blocks,
                      const FurnessOptions& options) {
  const auto n_rows = static_cast<std::size_t>(m.rows());
  const auto n_cols = static_cast<std::size_t>(m.cols());
  if (row_targets.size() != n_rows || col_targets.size() != n_cols) {
    throw Error("furness: margin sizes (" + std::to_string(row_targets.size()) + ", " +
                std::to_string(col_targets.size()) + ") do not match the matrix (" +
                std::to_string(n_rows) + " x " + std::to_string(n_cols) + ")");
  }
  check_targets(row_targets, "row");
  check_targets(col_targets, "column");
  if (!m.allFinite() || (m.array() < 0.0).any()) {
    throw Error("furness: the seed matrix must be finite and non-negative");
  }
  const double total_r = sum(row_targets);
  const double total_c = sum(col_targets);
  if (std::abs(total_r - total_c) > 1e-9 * std::max({total_r, total_c, 1.0})) {
    throw Error("furness: row targets total " + std::to_string(total_r) +
                " but column targets total " + std::to_string(total_c) + "; balance them first");
  }
  const double floor = 1e-12 * std::max(total_r, 1e-300);
  for (std::size_t i = 0; i < n_rows; ++i) {
    if (row_targets[i] > floor && m.row(static_cast<Eigen::Index>(i)).sum() <= 0.0) {
      throw Error("furness: cannot converge: row " + std::to_string(i) + " has target " +
                  std::to_string(row_targets[i]) + " but an all-zero seed row");
    }
  }
  for (std::size_t j = 0; j < n_cols; ++j) {
    if (col_targets[j] > floor && m.col(static_cast<Eigen::Index>(j)).sum() <= 0.0) {
      throw Error("furness: cannot converge: column " + std::to_string(j) + " has target " +
                  std::to_string(col_targets[j]) + " but an all-zero seed column");
    }
  }

  // Rows and columns with a zero target are zero in the solution: clear them once, so their
  // (relative) error does not decay only geometrically.
  for (std::size_t i = 0; i < n_rows; ++i) {
    if (row_targets[i] <= floor) m.row(static_cast<Eigen::Index>(i)).setZero();
  }
  for (std::size_t j = 0; j < n_cols; ++j) {
    if (col_targets[j] <= floor) m.col(static_cast<Eigen::Index>(j)).setZero();
  }
  auto block_sum = [&](const FurnessBlock& b) {
    double t = 0.0;
    for (const auto& [i, j] : b.measure) t += m(i, j);
    return t;
  };
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    auto& b = blocks[k];
    b.factor = 1.0;
    if (!std::isfinite(b.target) || b.target < 0.0) {
      throw Error("furness: block " + std::to_string(k) + " target must be finite and >= 0");
    }
    for (const auto& [i, j] : b.apply) {
      if (i >= n_rows || j >= n_cols) throw Error("furness: block cell outside the matrix");
    }
    if (b.target > floor && !(block_sum(b) > 0.0)) {
      throw Error("furness: cannot converge: block " + std::to_string(k) + " has target " +
                  std::to_string(b.target) + " but an all-zero seed");
    }
    if (b.target <= floor) {  // a zero block is zero in the solution
      for (const auto& [i, j] : b.apply) m(i, j) = 0.0;
      b.factor = 0.0;
    }
  }
  FurnessResult result;
  Eigen::VectorXd col_sum(static_cast<Eigen::Index>(n_cols));
  for (int it = 1; it <= options.max_iterations; ++it) {
    // Rows.
    for (std::size_t i = 0; i < n_rows; ++i) {
      auto row = m.row(static_cast<Eigen::Index>(i));
      const double s = row.sum();
      row *= (s > 0.0) ? row_targets[i] / s : 0.0;
    }
    // Blocks.
    for (auto& b : blocks) {
      const double s = block_sum(b);
      if (b.target <= floor || !(s > 0.0)) continue;
      const double f = b.target / s;
      for (const auto& [i, j] : b.apply) m(i, j) *= f;
      b.factor *= f;
    }
    // Columns (row-major: accumulate column sums row by row, fixed order).
    col_sum.setZero();
    for (Eigen::Index i = 0; i < m.rows(); ++i) col_sum += m.row(i).transpose();
    for (std::size_t j = 0; j < n_cols; ++j) {
      const double s = col_sum(static_cast<Eigen::Index>(j));
      col_sum(static_cast<Eigen::Index>(j)) = (s > 0.0) ? col_targets[j] / s : 0.0;
    }
    for (Eigen::Index i = 0; i < m.rows(); ++i) m.row(i).array() *= col_sum.transpose().array();
    // Columns now match; the error is in the rows.
    double err = 0.0;
    for (std::size_t i = 0; i < n_rows; ++i) {
      const double s = m.row(static_cast<Eigen::Index>(i)).sum();
      err = std::max(err, std::abs(s - row_targets[i]) / std::max(row_targets[i], floor));
    }
    for (const auto& b : blocks) {
      if (b.target <= floor) continue;
      err = std::max(err, std::abs(block_sum(b) - b.target) / std::max(b.target, floor));
    }
    result.iterations = it;
    result.max_relative_error = err;
    if (err <= options.tolerance) return result;
  }
  throw Error("furness: did not converge in " + std::to_string(options.max_iterations) +
              " iterations (max relative margin error " + format_g(result.max_relative_error) +
              "); the seed's zero pattern may not admit these margins");
}

double logit(std::span<const double> utilities, std::span<double> shares) {
  double vmax = -std::numeric_limits<double>::infinity();
  for (double v : utilities) vmax = std::max(vmax, v);
  if (vmax == -std::numeric_limits<double>::infinity()) {
    std::fill(shares.begin(), shares.end(), 0.0);
    return vmax;
  }
  double s = 0.0;
  for (std::size_t k = 0; k < utilities.size(); ++k) {
    shares[k] = std::exp(utilities[k] - vmax);
    s += shares[k];
  }
  for (double& x : shares) x /= s;
  return vmax + std::log(s);
}

void distribute_singly(const OdMatrix& weights, std::span<const double> productions,
                       OdMatrix& trips) {
  trips.resize(weights.rows(), weights.cols());
  for (Eigen::Index i = 0; i < weights.rows(); ++i) {
    const double p = productions[static_cast<std::size_t>(i)];
    const double s = weights.row(i).sum();
    if (p > 0.0 && !(s > 0.0)) {
      throw Error("distribution: zone index " + std::to_string(i) + " produces " +
                  std::to_string(p) + " trips but no destination is reachable");
    }
    if (p > 0.0) {
      trips.row(i) = weights.row(i) * (p / s);
    } else {
      trips.row(i).setZero();
    }
  }
}

}  // namespace corridor::demand
