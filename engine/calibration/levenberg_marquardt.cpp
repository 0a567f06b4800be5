// Bounded Levenberg–Marquardt with a batched finite-difference Jacobian (levenberg_marquardt.hpp).
#include "calibration/levenberg_marquardt.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace corridor::calibration {

namespace {

double half_squares(const std::vector<double>& r) {
  double s = 0.0;
  for (const double v : r) s += v * v;
  return 0.5 * s;
}

class Solver {
 public:
  Solver(const LmProblem& p, const LmOptions& o) : p_(p), o_(o), n_(p.start.size()) {
    if (p.lower.size() != n_ || p.upper.size() != n_ || p.step.size() != n_ || !p.residuals) {
      throw Error("levenberg_marquardt: start, lower, upper and step must have one entry each");
    }
    for (std::size_t j = 0; j < n_; ++j) {
      if (!(p.lower[j] <= p.upper[j]) || !(p.step[j] > 0.0)) {
        throw Error("levenberg_marquardt: parameter " + std::to_string(j) +
                    " needs lower <= upper and a positive step");
      }
    }
  }

  std::vector<std::vector<double>> run(const std::vector<std::vector<double>>& xs) {
    auto rs = p_.residuals(xs);
    evaluations_ += xs.size();
    if (rs.size() != xs.size()) throw Error("levenberg_marquardt: batch returned a wrong count");
    return rs;
  }

  std::vector<double> clamp(std::vector<double> x) const {
    for (std::size_t j = 0; j < n_; ++j) x[j] = std::clamp(x[j], p_.lower[j], p_.upper[j]);
    return x;
  }

  Eigen::MatrixXd jacobian(const std::vector<double>& x, const std::vector<double>& r) {
    std::vector<std::vector<double>> xs(n_, x);
    std::vector<double> h(n_);
    for (std::size_t j = 0; j < n_; ++j) {
      h[j] = x[j] + p_.step[j] <= p_.upper[j] ? p_.step[j] : -p_.step[j];
      xs[j][j] += h[j];
    }
    const auto rs = run(xs);
    Eigen::MatrixXd jac(static_cast<Eigen::Index>(r.size()), static_cast<Eigen::Index>(n_));
    for (std::size_t j = 0; j < n_; ++j) {
      if (rs[j].size() != r.size()) {
        throw Error(
            "levenberg_marquardt: the model failed at a finite-difference point of "
            "parameter " +
            std::to_string(j));
      }
      for (std::size_t k = 0; k < r.size(); ++k) {
        jac(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j)) = (rs[j][k] - r[k]) / h[j];
      }
    }
    return jac;
  }

  LmResult solve(const std::function<void(const LmIteration&)>& on_iteration) {
    LmResult res;
    std::vector<double> x = clamp(p_.start);
    std::vector<double> r = run({x})[0];
    if (r.empty()) throw Error("levenberg_marquardt: the model failed at the start values");
    double cost = half_squares(r);
    res.start_cost = cost;
    double lambda = o_.initial_lambda;
    if (on_iteration) on_iteration({0, cost, lambda, evaluations_});
    for (int it = 1; it <= o_.max_iterations && n_ > 0; ++it) {
      res.iterations = it;
      if (cost == 0.0) {
        res.converged = true;
        break;
      }
      const Eigen::MatrixXd jac = jacobian(x, r);
      const Eigen::Map<const Eigen::VectorXd> rv(r.data(), static_cast<Eigen::Index>(r.size()));
      const Eigen::MatrixXd jtj = jac.transpose() * jac;
      const Eigen::VectorXd g = jac.transpose() * rv;
      bool accepted = false;
      bool small_step = false;
      double new_cost = cost;
      for (int attempt = 0; attempt < o_.max_rejections; ++attempt) {
        Eigen::MatrixXd a = jtj;
        for (Eigen::Index j = 0; j < a.rows(); ++j) {
          a(j, j) += lambda * std::max(jtj(j, j), 1e-12);
        }
        const Eigen::VectorXd delta = a.ldlt().solve(-g);
        std::vector<double> xt = x;
        for (std::size_t j = 0; j < n_; ++j) xt[j] += delta(static_cast<Eigen::Index>(j));
        xt = clamp(xt);
        small_step = true;
        for (std::size_t j = 0; j < n_; ++j) {
          if (std::abs(xt[j] - x[j]) >= o_.step_tolerance * std::max(1.0, std::abs(x[j]))) {
            small_step = false;
          }
        }
        if (small_step) break;
        const auto rt = run({xt})[0];
        const double ct =
            rt.size() == r.size() ? half_squares(rt) : std::numeric_limits<double>::infinity();
        if (ct < cost) {
          x = std::move(xt);
          r = rt;
          new_cost = ct;
          lambda = std::max(lambda / 3.0, 1e-12);
          accepted = true;
          break;
        }
        lambda *= 4.0;
      }
      if (on_iteration) on_iteration({it, accepted ? new_cost : cost, lambda, evaluations_});
      if (!accepted) {
        res.converged = small_step;
        break;
      }
      const double decrease = (cost - new_cost) / std::max(cost, 1e-300);
      cost = new_cost;
      if (decrease < o_.cost_tolerance) {
        res.converged = true;
        break;
      }
    }
    res.x = x;
    res.residuals = r;
    res.cost = cost;
    uncertainty(res);
    res.evaluations = evaluations_;
    return res;
  }

  void uncertainty(LmResult& res) {
    const std::size_t m = res.residuals.size();
    res.at_bound.assign(n_, false);
    for (std::size_t j = 0; j < n_; ++j) {
      res.at_bound[j] = res.x[j] <= p_.lower[j] || res.x[j] >= p_.upper[j];
    }
    res.std_error.assign(n_, std::numeric_limits<double>::infinity());
    res.identified.assign(n_, false);
    res.correlation.assign(n_, std::vector<double>(n_, 0.0));
    if (n_ == 0 || m == 0) return;
    const Eigen::MatrixXd jac = jacobian(res.x, res.residuals);
    res.jacobian.assign(m, std::vector<double>(n_));
    for (std::size_t k = 0; k < m; ++k) {
      for (std::size_t j = 0; j < n_; ++j) {
        res.jacobian[k][j] = jac(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j));
      }
    }
    res.variance_from_residuals = m > n_;
    res.residual_variance =
        res.variance_from_residuals ? 2.0 * res.cost / static_cast<double>(m - n_) : 1.0;
    // Parameters at a bound are held there (their column is dropped); among the free ones,
    // directions of JᵀJ with eigenvalue below 1e-10 × the largest are not identified, and a
    // parameter with weight > 0.1 in such a direction gets an infinite standard error.
    std::vector<Eigen::Index> free;
    for (std::size_t j = 0; j < n_; ++j) {
      if (!res.at_bound[j]) free.push_back(static_cast<Eigen::Index>(j));
    }
    const auto nf = static_cast<Eigen::Index>(free.size());
    Eigen::MatrixXd jf(jac.rows(), nf);
    for (Eigen::Index c = 0; c < nf; ++c) jf.col(c) = jac.col(free[static_cast<std::size_t>(c)]);
    const Eigen::MatrixXd jtj = jf.transpose() * jf;
    Eigen::VectorXd ev;
    Eigen::MatrixXd v;
    if (nf > 0) {  // Eigen's solver does not take a 0 × 0 matrix
      const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(jtj);
      ev = eig.eigenvalues();
      v = eig.eigenvectors();
    }
    const double top = ev.size() > 0 ? ev.maxCoeff() : 0.0;
    Eigen::MatrixXd inv_free = Eigen::MatrixXd::Zero(nf, nf);
    std::vector<bool> ok(n_, false);
    for (const auto j : free) ok[static_cast<std::size_t>(j)] = true;
    for (Eigen::Index e = 0; e < ev.size(); ++e) {
      if (top > 0.0 && ev(e) > 1e-10 * top) {
        inv_free += v.col(e) * v.col(e).transpose() / ev(e);
      } else {
        for (Eigen::Index c = 0; c < nf; ++c) {
          if (std::abs(v(c, e)) > 0.1)
            ok[static_cast<std::size_t>(free[static_cast<std::size_t>(c)])] = false;
        }
      }
    }
    Eigen::MatrixXd inv =
        Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n_), static_cast<Eigen::Index>(n_));
    for (Eigen::Index a = 0; a < nf; ++a) {
      for (Eigen::Index b = 0; b < nf; ++b) {
        inv(free[static_cast<std::size_t>(a)], free[static_cast<std::size_t>(b)]) = inv_free(a, b);
      }
    }
    const Eigen::MatrixXd cov = res.residual_variance * inv;
    for (std::size_t j = 0; j < n_; ++j) {
      res.identified[j] = ok[j] || res.at_bound[j];
      const auto jj = static_cast<Eigen::Index>(j);
      if (res.at_bound[j]) res.std_error[j] = std::numeric_limits<double>::quiet_NaN();
      if (ok[j]) res.std_error[j] = std::sqrt(std::max(0.0, cov(jj, jj)));
    }
    for (std::size_t a = 0; a < n_; ++a) {
      for (std::size_t b = 0; b < n_; ++b) {
        const double sa = res.std_error[a];
        const double sb = res.std_error[b];
        if (a == b) {
          res.correlation[a][b] = 1.0;
        } else if (ok[a] && ok[b] && sa > 0.0 && sb > 0.0) {
          res.correlation[a][b] =
              cov(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) / (sa * sb);
        }
      }
    }
  }

 private:
  const LmProblem& p_;
  const LmOptions& o_;
  std::size_t n_;
  std::size_t evaluations_ = 0;
};

}  // namespace

LmResult levenberg_marquardt(const LmProblem& problem, const LmOptions& options,
                             const std::function<void(const LmIteration&)>& on_iteration) {
  Solver s(problem, options);
  return s.solve(on_iteration);
}

}  // namespace corridor::calibration
