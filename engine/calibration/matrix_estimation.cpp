#include "calibration/matrix_estimation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace corridor::calibration {
namespace {

using assignment::bush::Bush;

// ---- Kernels' helpers ----

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 1.0;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(sorted.size() - 1, lo + 1);
  const double t = at - static_cast<double>(lo);
  return sorted[lo] + t * (sorted[hi] - sorted[lo]);
}

void validate(const network::RoadNetwork& net, std::span<const assignment::DemandClass> prior,
              std::span<const LinkCount> counts, const EstimationOptions& o) {
  if (prior.empty()) throw InputError({"", 0, "trips"}, "expected at least one demand class");
  if (o.max_iterations < 0)
    throw InputError({"", 0, "--max-iterations"}, "expected a non-negative number of iterations");
  if (!(o.prior_weight >= 0.0) || !std::isfinite(o.prior_weight))
    throw InputError({"", 0, "--prior-weight"}, "expected a finite number >= 0");
  if (!(o.min_improvement >= 0.0))
    throw InputError({"", 0, "--min-improvement"}, "expected a number >= 0");
  if (!(o.period_hours > 0.0) || !std::isfinite(o.period_hours))
    throw InputError({"", 0, "--period-hours"}, "expected a positive number of hours");
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const auto& k = counts[c];
    const std::string where = "count " + std::to_string(c + 1) + " (" + k.label + ")";
    bool ok = !k.links.empty() && std::isfinite(k.count) && k.count >= 0.0 &&
              std::isfinite(k.tolerance) && k.tolerance >= 0.0 &&
              (k.demand_class == kAllClasses ||
               (k.demand_class >= 0 && static_cast<std::size_t>(k.demand_class) < prior.size()));
    for (const auto a : k.links) ok = ok && a < net.link_count();
    if (!ok) {
      throw InputError({"", 0, where},
                       "expected links of the network, a known class and finite non-negative "
                       "count and tolerance");
    }
  }
}

// Count errors beyond tolerance and the count term ½ Σ dz².
double count_errors(std::span<const LinkCount> counts, std::span<const double> modelled,
                    std::vector<double>& error) {
  error.resize(counts.size());
  double z = 0.0;
  for (std::size_t c = 0; c < counts.size(); ++c) {
    error[c] = dead_zone(modelled[c] - counts[c].count, counts[c].tolerance);
    z += 0.5 * error[c] * error[c];
  }
  return z;
}

double prior_term(std::span<const OdMatrix> g, std::span<const OdMatrix> prior, double rho) {
  if (rho == 0.0) return 0.0;
  double s = 0.0;
  for (std::size_t k = 0; k < g.size(); ++k) s += (g[k] - prior[k]).squaredNorm();
  return 0.5 * rho * s;
}

double rmse_of(std::span<const LinkCount> counts, std::span<const double> modelled) {
  if (counts.empty()) return 0.0;
  double s = 0.0;
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const double d = modelled[c] - counts[c].count;
    s += d * d;
  }
  return std::sqrt(s / static_cast<double>(counts.size()));
}

double within_tolerance(std::span<const LinkCount> counts, std::span<const double> modelled) {
  if (counts.empty()) return 0.0;
  std::size_t n = 0;
  for (std::size_t c = 0; c < counts.size(); ++c)
    if (std::abs(modelled[c] - counts[c].count) <= counts[c].tolerance) ++n;
  return static_cast<double>(n) / static_cast<double>(counts.size());
}

// The step λ* in [0, lambda_max] minimising the linearised objective
//   φ(λ) = ½ Σ_c dz_c(r_c + λ v'_c)² + ½ ρ Σ (d + λ Δ)²   (d = g − ĝ)
// whose derivative is non-decreasing in λ (convex). prior_dd = Σ d Δ, prior_DD = Σ Δ².
double line_search(std::span<const LinkCount> counts, std::span<const double> residual,
                   std::span<const double> dv, double rho, double prior_dd, double prior_DD,
                   double lambda_max) {
  const auto slope = [&](double lambda) {
    double s = rho * (prior_dd + lambda * prior_DD);
    for (std::size_t c = 0; c < counts.size(); ++c) {
      if (dv[c] == 0.0) continue;
      s += dv[c] * dead_zone(residual[c] + lambda * dv[c], counts[c].tolerance);
    }
    return s;
  };
  if (!(slope(0.0) < 0.0)) return 0.0;  // no descent along Δ
  double hi = lambda_max;
  if (!std::isfinite(hi)) {  // unbounded: grow until the slope turns
    hi = 1.0;
    for (int i = 0; i < 200 && slope(hi) < 0.0; ++i) hi *= 2.0;
  }
  if (slope(hi) <= 0.0) return hi;
  double lo = 0.0;
  for (int i = 0; i < 100 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (slope(mid) < 0.0) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

struct Scratch {
  std::vector<double> value, row;
  std::unique_ptr<assignment::bush::BushWorkspace> bush;  // sized for the network on first use
  assignment::bush::BushView view(const network::RoadNetwork& net, const Bush& b,
                                  std::span<const double> trips) {
    if (!bush)
      bush = std::make_unique<assignment::bush::BushWorkspace>(net.node_count(), net.link_count());
    return assignment::bush::expand(net, b, trips, *bush);
  }
};

// Estimation state and its steps; one object per estimate_demand call.
class Estimator {
 public:
  Estimator(const network::RoadNetwork& net, std::span<const assignment::DemandClass> prior,
            std::span<const LinkCount> counts, const EstimationOptions& options)
      : net_(net), prior_(prior), counts_(counts), o_(options) {}

  EstimationResult run();

 private:
  void assign();
  // The row of the current matrix the bush was loaded with in the last assign().
  std::span<const double> trips_of(const Bush& b) const {
    return assignment::bush::trips_row(classes_[b.demand_class].trips, b.origin);
  }
  void evaluate(EstimationIteration& rec);
  bool update_matrices(double& step);

  const network::RoadNetwork& net_;
  std::span<const assignment::DemandClass> prior_;
  std::span<const LinkCount> counts_;
  const EstimationOptions& o_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();

  std::vector<assignment::DemandClass> classes_;  // current matrices g
  std::vector<OdMatrix> prior_trips_;             // ĝ
  assignment::BushSolution sol_;
  std::vector<double> modelled_, error_;
  double count_term_ = 0.0;
  std::vector<std::vector<double>> entry_flow_;  // by bush: loaded Δ on each bush entry
};

void Estimator::assign() {
  assignment::SolveOptions opt;
  opt.algorithm = assignment::Algorithm::algorithm_b;
  opt.stop = o_.assignment;
  if (sol_.bushes.empty()) {
    sol_ = assignment::solve_algorithm_b_bushes(net_, classes_, opt, o_.tuning);
  } else {
    auto previous = std::move(sol_.bushes);
    sol_ = assignment::solve_algorithm_b_bushes(net_, classes_, opt, previous, o_.tuning);
  }
  modelled_ = modelled_counts(counts_, sol_.result.class_flow);
  count_term_ = count_errors(counts_, modelled_, error_);
}

void Estimator::evaluate(EstimationIteration& rec) {
  std::vector<OdMatrix> g;
  for (const auto& c : classes_) g.push_back(c.trips);
  rec.count_term = count_term_;
  rec.prior_term = prior_term(g, prior_trips_, o_.prior_weight);
  rec.objective = rec.count_term + rec.prior_term;
  rec.rmse = rmse_of(counts_, modelled_);
  rec.relative_gap = sol_.result.relative_gap;
  rec.assignment_iterations = sol_.result.iterations;
  rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

// One multiplicative gradient step; false when there is no descent direction.
bool Estimator::update_matrices(double& step) {
  const std::size_t nclass = classes_.size();
  const std::uint32_t zones = net_.zone_count();
  const std::uint32_t m = net_.link_count();
  const double rho = o_.prior_weight;
  std::vector<std::vector<double>> link_error(nclass);
  for (std::size_t k = 0; k < nclass; ++k)
    link_error[k] = class_link_error(counts_, error_, static_cast<int>(k), m);

  // 1. ∂Z/∂g by bush (each bush writes its own row), then Δ = −g ∂Z/∂g.
  std::vector<OdMatrix> grad(nclass);
  for (std::size_t k = 0; k < nclass; ++k) {
    grad[k] = OdMatrix::Zero(static_cast<Eigen::Index>(zones), static_cast<Eigen::Index>(zones));
  }
  auto& bushes = sol_.bushes;
  parallel::PerWorker<Scratch> scratch;
  parallel::for_chunks(0, bushes.size(), 1, [&](std::size_t lo, std::size_t hi) {
    auto& s = scratch.local();
    s.row.resize(zones);
    for (std::size_t i = lo; i != hi; ++i) {
      const auto& b = bushes[i];
      od_gradient_row(s.view(net_, b, trips_of(b)), link_error[b.demand_class], s.row, s.value);
      auto out = grad[b.demand_class].row(static_cast<Eigen::Index>(b.origin));
      for (std::uint32_t z = 0; z < zones; ++z) out[z] = s.row[z];
    }
  });
  std::vector<OdMatrix> delta(nclass);
  double max_grad = 0.0, prior_dd = 0.0, prior_DD = 0.0;
  for (std::size_t k = 0; k < nclass; ++k) {
    const auto& g = classes_[k].trips;
    if (rho > 0.0) grad[k] += rho * (g - prior_trips_[k]);
    delta[k] = OdMatrix::Zero(g.rows(), g.cols());
    for (Eigen::Index r = 0; r < g.rows(); ++r) {
      for (Eigen::Index c = 0; c < g.cols(); ++c) {
        if (r == c || !(g(r, c) > 0.0)) continue;
        delta[k](r, c) = -g(r, c) * grad[k](r, c);
        max_grad = std::max(max_grad, grad[k](r, c));
      }
    }
    if (rho > 0.0) {
      prior_dd += ((g - prior_trips_[k]).array() * delta[k].array()).sum();
      prior_DD += delta[k].squaredNorm();
    }
  }

  // 2. Linearised flow change: Δ loaded on the bushes in their proportions, summed in bush order.
  entry_flow_.resize(bushes.size());
  parallel::for_chunks(0, bushes.size(), 1, [&](std::size_t lo, std::size_t hi) {
    auto& s = scratch.local();
    s.row.resize(zones);
    for (std::size_t i = lo; i != hi; ++i) {
      const auto& b = bushes[i];
      const auto d = delta[b.demand_class].row(static_cast<Eigen::Index>(b.origin));
      for (std::uint32_t z = 0; z < zones; ++z) s.row[z] = d[z];
      entry_flow_[i].resize(b.link_count());
      load_row_on_bush(s.view(net_, b, trips_of(b)), s.row, entry_flow_[i], s.value);
    }
  });
  std::vector<std::vector<double>> class_dv(nclass, std::vector<double>(m, 0.0));
  for (std::size_t i = 0; i < bushes.size(); ++i) {
    auto& f = class_dv[bushes[i].demand_class];
    for (std::size_t e = 0; e < bushes[i].link_count(); ++e)
      f[bushes[i].entry_link(e)] += entry_flow_[i][e];
  }
  const auto dv = modelled_counts(counts_, class_dv);
  std::vector<double> residual(counts_.size());
  for (std::size_t c = 0; c < counts_.size(); ++c) residual[c] = modelled_[c] - counts_[c].count;

  // 3. Step and update.
  const double lambda_max =
      max_grad > 0.0 ? 1.0 / max_grad : std::numeric_limits<double>::infinity();
  step = line_search(counts_, residual, dv, rho, prior_dd, prior_DD, lambda_max);
  if (!(step > 0.0)) return false;
  for (std::size_t k = 0; k < nclass; ++k) {
    auto& g = classes_[k].trips;
    g += step * delta[k];
    g = g.cwiseMax(0.0);  // λ <= λ_max keeps cells >= 0 up to rounding
  }
  return true;
}

EstimationResult Estimator::run() {
  validate(net_, prior_, counts_, o_);
  classes_.assign(prior_.begin(), prior_.end());
  for (const auto& c : classes_) prior_trips_.push_back(c.trips);
  EstimationResult out;

  assign();
  out.prior_assignment = sol_.result;
  out.modelled_before = modelled_;
  EstimationIteration rec;
  evaluate(rec);
  out.history.push_back(rec);
  bool keep_going = !o_.on_iteration || o_.on_iteration(rec);
  out.stop_reason = "max-iterations";
  for (int it = 1; keep_going; ++it) {
    const double z_old = out.history.back().objective;
    if (z_old <= 0.0) {
      out.stop_reason = "counts within tolerance";
      break;
    }
    if (it > o_.max_iterations) break;
    // Kept to halve the step (g is linear in λ) or to go back when the step does not pay.
    std::vector<OdMatrix> g_before;
    for (const auto& c : classes_) g_before.push_back(c.trips);
    auto sol_before = sol_;
    const auto modelled_before = modelled_;
    double step = 0.0;
    if (!update_matrices(step)) {
      out.stop_reason = "no descent direction";
      break;
    }
    assign();
    EstimationIteration r;
    r.iteration = it;
    r.step = step;
    evaluate(r);
    // Route proportions shift with the demand, so the linearised step can overshoot: halve it
    // while the re-assigned objective is above the previous one.
    while (r.objective > z_old && r.halvings < o_.max_step_halvings) {
      for (std::size_t k = 0; k < classes_.size(); ++k)
        classes_[k].trips = 0.5 * (g_before[k] + classes_[k].trips);
      r.step *= 0.5;
      ++r.halvings;
      assign();
      evaluate(r);
    }
    if (r.objective > z_old) {
      for (std::size_t k = 0; k < classes_.size(); ++k) classes_[k].trips = g_before[k];
      sol_ = std::move(sol_before);
      modelled_ = modelled_before;
      count_term_ = count_errors(counts_, modelled_, error_);
      out.stop_reason = "no decrease along the gradient after step halvings";
      break;
    }
    out.history.push_back(r);
    out.iterations = it;
    keep_going = !o_.on_iteration || o_.on_iteration(r);
    if (!keep_going) out.stop_reason = "interrupted";
    if (z_old - r.objective < o_.min_improvement * z_old) {
      out.stop_reason = "improvement below --min-improvement";
      break;
    }
  }

  out.modelled_after = modelled_;
  out.assignment = sol_.result;
  for (auto& c : classes_) out.trips.push_back(std::move(c.trips));
  std::vector<double> observed(counts_.size());
  for (std::size_t c = 0; c < counts_.size(); ++c) observed[c] = counts_[c].count;
  out.fit_before = fit_statistics(observed, out.modelled_before, o_.period_hours);
  out.fit_after = fit_statistics(observed, out.modelled_after, o_.period_hours);
  out.within_tolerance_before = within_tolerance(counts_, out.modelled_before);
  out.within_tolerance_after = within_tolerance(counts_, out.modelled_after);
  out.movement = matrix_movement(prior_trips_, out.trips);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return out;
}

}  // namespace

double dead_zone(double error, double tolerance) {
  const double excess = std::abs(error) - tolerance;
  if (!(excess > 0.0)) return 0.0;
  return error > 0.0 ? excess : -excess;
}

std::vector<double> modelled_counts(std::span<const LinkCount> counts,
                                    const std::vector<std::vector<double>>& class_flow) {
  std::vector<double> v(counts.size(), 0.0);
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const auto& k = counts[c];
    for (std::size_t cls = 0; cls < class_flow.size(); ++cls) {
      if (k.demand_class != kAllClasses && static_cast<std::size_t>(k.demand_class) != cls)
        continue;
      for (const auto a : k.links) v[c] += class_flow[cls][a];
    }
  }
  return v;
}

std::vector<double> class_link_error(std::span<const LinkCount> counts,
                                     std::span<const double> count_error, int demand_class,
                                     std::uint32_t link_count) {
  std::vector<double> e(link_count, 0.0);
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const auto& k = counts[c];
    if (k.demand_class != kAllClasses && k.demand_class != demand_class) continue;
    for (const auto a : k.links) e[a] += count_error[c];
  }
  return e;
}

void od_gradient_row(const assignment::bush::BushView& b, std::span<const double> link_error,
                     std::span<double> row, std::vector<double>& value) {
  std::fill(row.begin(), row.end(), 0.0);
  const std::size_t n = b.order.size();
  if (value.size() < n) value.resize(n);
  if (n == 0) return;
  value[0] = 0.0;
  for (std::size_t p = 1; p < n; ++p) {
    double weighted = 0.0, flow = 0.0, plain = 0.0;
    const std::uint32_t begin = b.in_start[p], end = b.in_start[p + 1];
    for (std::uint32_t k = begin; k < end; ++k) {
      const double through = value[b.tail_pos[k]] + link_error[b.link[k]];
      weighted += b.flow[k] * through;
      flow += b.flow[k];
      plain += through;
    }
    value[p] = flow > 0.0 ? weighted / flow : (end > begin ? plain / (end - begin) : 0.0);
    const std::uint32_t v = b.order[p];
    if (v < row.size()) row[v] = value[p];
  }
}

void load_row_on_bush(const assignment::bush::BushView& b, std::span<const double> row,
                      std::span<double> entry_flow, std::vector<double>& node_flow) {
  const std::size_t n = b.order.size();
  if (node_flow.size() < n) node_flow.resize(n);
  for (std::size_t p = 0; p < n; ++p) {
    const std::uint32_t v = b.order[p];
    node_flow[p] = (p > 0 && v < row.size()) ? row[v] : 0.0;
  }
  for (std::size_t p = n; p-- > 1;) {
    const double f = node_flow[p];
    const std::uint32_t begin = b.in_start[p], end = b.in_start[p + 1];
    double in = 0.0;
    for (std::uint32_t k = begin; k < end; ++k) in += b.flow[k];
    for (std::uint32_t k = begin; k < end; ++k) {
      const double x = in > 0.0 ? f * (b.flow[k] / in) : f / static_cast<double>(end - begin);
      entry_flow[k] = x;
      node_flow[b.tail_pos[k]] += x;
    }
  }
}

MatrixMovement matrix_movement(std::span<const OdMatrix> prior,
                               std::span<const OdMatrix> estimate) {
  MatrixMovement mv;
  std::vector<double> factors;
  for (std::size_t k = 0; k < prior.size(); ++k) {
    const auto& p = prior[k];
    const auto& g = estimate[k];
    if (mv.origin_before.empty()) {
      mv.origin_before.assign(static_cast<std::size_t>(p.rows()), 0.0);
      mv.origin_after.assign(static_cast<std::size_t>(p.rows()), 0.0);
    }
    mv.class_before.push_back(p.sum());
    mv.class_after.push_back(g.sum());
    mv.total_before += p.sum();
    mv.total_after += g.sum();
    mv.absolute_change += (g - p).cwiseAbs().sum();
    for (Eigen::Index r = 0; r < p.rows(); ++r) {
      mv.origin_before[static_cast<std::size_t>(r)] += p.row(r).sum();
      mv.origin_after[static_cast<std::size_t>(r)] += g.row(r).sum();
      for (Eigen::Index c = 0; c < p.cols(); ++c)
        if (p(r, c) > 0.0) factors.push_back(g(r, c) / p(r, c));
    }
  }
  std::sort(factors.begin(), factors.end());
  mv.cells = factors.size();
  if (!factors.empty()) {
    mv.factor_min = factors.front();
    mv.factor_p5 = quantile(factors, 0.05);
    mv.factor_p50 = quantile(factors, 0.5);
    mv.factor_p95 = quantile(factors, 0.95);
    mv.factor_max = factors.back();
  }
  return mv;
}

EstimationResult estimate_demand(const network::RoadNetwork& net,
                                 std::span<const assignment::DemandClass> prior,
                                 std::span<const LinkCount> counts,
                                 const EstimationOptions& options) {
  Estimator e(net, prior, counts, options);
  return e.run();
}

}  // namespace corridor::calibration
