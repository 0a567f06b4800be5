#include "assignment/link_based.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "assignment/all_or_nothing.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "network/vdf.hpp"

namespace corridor::assignment {
namespace {

using Clock = std::chrono::steady_clock;

struct ClassState {
  const DemandClass* demand = nullptr;
  std::vector<double> fixed;    // minutes per vehicle, flow independent
  std::vector<bool> allowed;    // link open to the class's modes
  std::vector<double> cost;     // generalized cost for the AoN (+inf where not allowed)
  std::vector<double> x;        // current flow (vehicles)
  std::vector<double> y;        // AoN extreme point
  std::vector<double> s;        // target of the current step
  std::vector<double> s_prev;   // previous target (CFW, BFW)
  std::vector<double> s_prev2;  // target before that (BFW)
};

// Σ over links of weight·a·b, in link order.
double weighted_dot(std::span<const double> w, std::span<const double> a,
                    std::span<const double> b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) sum += w[i] * a[i] * b[i];
  return sum;
}

// Zero of g(λ) = Σ_a t_a(v_a + λ D_a) E_a + fixed_term on [0, 1] (g increasing): safeguarded
// Newton inside a shrinking bracket.
double line_search(const network::RoadNetwork& net, std::span<const double> v,
                   std::span<const double> pce_dir, std::span<const double> veh_dir,
                   double fixed_term) {
  const auto t0 = net.free_flow_minutes();
  const auto cap = net.capacity();
  const auto al = net.alpha();
  const auto be = net.beta();
  const auto kind = net.vdf();
  const std::size_t m = v.size();
  auto eval = [&](double lambda, double& slope) {
    double g = fixed_term;
    double dg = 0.0;
    for (std::size_t a = 0; a < m; ++a) {
      if (veh_dir[a] == 0.0 && pce_dir[a] == 0.0) continue;
      const double flow = v[a] + lambda * pce_dir[a];
      g += network::link_time(kind[a], t0[a], cap[a], al[a], be[a], flow) * veh_dir[a];
      dg += network::link_time_slope(kind[a], t0[a], cap[a], al[a], be[a], flow) * pce_dir[a] *
            veh_dir[a];
    }
    slope = dg;
    return g;
  };
  double slope = 0.0;
  const double g0 = eval(0.0, slope);
  if (!(g0 < 0.0)) return 0.0;
  double d1 = 0.0;
  const double g1 = eval(1.0, d1);
  if (g1 <= 0.0) return 1.0;
  double lo = 0.0;
  double hi = 1.0;
  double lambda = (slope > 0.0) ? std::clamp(-g0 / slope, 0.0, 1.0) : 0.5;
  for (int it = 0; it < 100; ++it) {
    if (!(lambda > lo && lambda < hi)) lambda = 0.5 * (lo + hi);
    const double g = eval(lambda, slope);
    if (g == 0.0 || std::abs(g) <= 1e-15 * std::abs(g0)) return lambda;
    if (g < 0.0) {
      lo = lambda;
    } else {
      hi = lambda;
    }
    if (hi - lo <= 1e-15) break;
    lambda = (slope > 0.0) ? lambda - g / slope : 0.5 * (lo + hi);
  }
  return 0.5 * (lo + hi);
}

}  // namespace

AssignmentResult solve_link_based(const network::RoadNetwork& net,
                                  std::span<const DemandClass> classes,
                                  const SolveOptions& options) {
  const auto start = Clock::now();
  const Algorithm algo = options.algorithm;
  if (algo == Algorithm::algorithm_b) throw Error("solve_link_based: algorithm b is bush-based");
  const std::uint32_t m = net.link_count();
  const std::uint32_t zones = net.zone_count();
  if (classes.empty()) throw Error("assignment: no demand class given");

  std::vector<ClassState> st(classes.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    auto& k = st[c];
    const auto& dc = classes[c];
    if (dc.trips.rows() != zones || dc.trips.cols() != zones) {
      throw Error("assignment: demand class '" + dc.name + "' has a " +
                  std::to_string(dc.trips.rows()) + "x" + std::to_string(dc.trips.cols()) +
                  " matrix but the network has " + std::to_string(zones) + " zones");
    }
    if (!(dc.pce > 0.0)) throw Error("assignment: demand class '" + dc.name + "' has pce <= 0");
    k.demand = &dc;
    k.fixed.resize(m);
    network::compute_fixed_costs(net, dc.weights, k.fixed);
    k.allowed.resize(m);
    for (std::uint32_t a = 0; a < m; ++a) k.allowed[a] = (net.modes()[a] & dc.modes) != 0;
    k.cost.resize(m);
    k.x.assign(m, 0.0);
    k.y.assign(m, 0.0);
  }

  AonLoader aon(net);
  std::vector<double> v(m, 0.0);     // PCE flow
  std::vector<double> time(m, 0.0);  // minutes at v
  std::vector<double> hess(m, 0.0);  // t'_a(v)
  std::vector<double> pce_dir(m, 0.0);
  std::vector<double> veh_dir(m, 0.0);
  std::vector<double> tot_y(m), tot_s(m), tot_s2(m);

  auto update_costs = [&] {
    network::compute_link_times(net, v, time);
    for (auto& k : st) {
      for (std::uint32_t a = 0; a < m; ++a) {
        k.cost[a] = k.allowed[a] ? time[a] + k.fixed[a] : std::numeric_limits<double>::infinity();
      }
    }
  };
  auto total_flow = [&] {
    std::fill(v.begin(), v.end(), 0.0);
    for (auto& k : st) {
      const double pce = k.demand->pce;
      for (std::uint32_t a = 0; a < m; ++a) v[a] += pce * k.x[a];
    }
  };
  // PCE total of one per-class vector member.
  auto total_of = [&](std::vector<double> ClassState::*member, std::vector<double>& out) {
    std::fill(out.begin(), out.end(), 0.0);
    for (auto& k : st) {
      const double pce = k.demand->pce;
      const auto& vec = k.*member;
      for (std::uint32_t a = 0; a < m; ++a) out[a] += pce * vec[a];
    }
  };

  AssignmentResult result;
  result.algorithm = algo;
  result.threads = parallel::max_threads();

  // Initial solution: AoN at free-flow costs.
  update_costs();
  double demand = 0.0;
  double unassigned = 0.0;
  for (auto& k : st) {
    const auto stats = aon.load(k.cost, k.demand->trips, k.x);
    demand += stats.demand;
    unassigned += stats.unassigned;
  }
  result.unassigned_demand = unassigned;
  const double assigned_demand = demand - unassigned;
  total_flow();

  double lambda_prev = 1.0;
  int cfw_history = 0;  // consecutive conjugate targets available (0: none, 1: s_prev, 2: both)
  for (int iter = 1;; ++iter) {
    // Costs at x, extreme point y, gap of x.
    update_costs();
    double sptt = 0.0;
    for (auto& k : st) sptt += aon.load(k.cost, k.demand->trips, k.y).sptt;
    double tstt = 0.0;
    double fixed_term = 0.0;
    for (auto& k : st) {
      for (std::uint32_t a = 0; a < m; ++a) {
        if (k.x[a] == 0.0) continue;
        tstt += k.x[a] * (time[a] + k.fixed[a]);
        fixed_term += k.x[a] * k.fixed[a];
      }
    }
    IterationRecord rec;
    rec.iteration = iter;
    rec.total_travel_time = tstt;
    rec.relative_gap = tstt > 0.0 ? (tstt - sptt) / tstt : 0.0;
    rec.average_excess_cost = assigned_demand > 0.0 ? (tstt - sptt) / assigned_demand : 0.0;
    rec.objective = network::beckmann_objective(net, v) + fixed_term;
    rec.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.history.push_back(rec);
    result.iterations = iter;
    const bool converged = rec.relative_gap <= options.stop.relative_gap;
    bool go_on = !converged && algo != Algorithm::aon && iter < options.stop.max_iterations &&
                 rec.seconds < options.stop.max_seconds;
    if (options.on_iteration && !options.on_iteration(rec)) go_on = false;
    result.converged = converged;
    if (!go_on) break;

    // Target s.
    double lambda = 0.0;
    if (algo == Algorithm::msa) {
      for (auto& k : st) k.s = k.y;
      lambda = 1.0 / static_cast<double>(iter + 1);
    } else {
      bool conjugate = false;
      if (algo == Algorithm::cfw || algo == Algorithm::bfw) {
        if (lambda_prev >= 1.0 - 1e-12) cfw_history = 0;  // the last step reset the search
        network::compute_link_slopes(net, v, hess);
        total_of(&ClassState::y, tot_y);
        if (algo == Algorithm::bfw && cfw_history >= 2) {
          total_of(&ClassState::s_prev, tot_s);
          total_of(&ClassState::s_prev2, tot_s2);
          // d̄ = s_prev − x, d̄̄ = λ s_prev + (1−λ) s_prev2 − x (Mitradjieva & Lindberg, BFW).
          std::vector<double>& dbar = pce_dir;
          std::vector<double>& ddbar = veh_dir;
          std::vector<double> y_minus_x(m), s2_minus_s(m);
          for (std::uint32_t a = 0; a < m; ++a) {
            dbar[a] = tot_s[a] - v[a];
            ddbar[a] = lambda_prev * tot_s[a] + (1.0 - lambda_prev) * tot_s2[a] - v[a];
            y_minus_x[a] = tot_y[a] - v[a];
            s2_minus_s[a] = tot_s2[a] - tot_s[a];
          }
          const double mu_den = weighted_dot(hess, ddbar, s2_minus_s);
          const double nu_den = weighted_dot(hess, dbar, dbar);
          if (mu_den != 0.0 && nu_den != 0.0) {
            const double mu = std::max(0.0, -weighted_dot(hess, ddbar, y_minus_x) / mu_den);
            const double nu = std::max(0.0, -weighted_dot(hess, dbar, y_minus_x) / nu_den +
                                                mu * lambda_prev / (1.0 - lambda_prev));
            const double b0 = 1.0 / (1.0 + mu + nu);
            const double b1 = nu * b0;
            const double b2 = mu * b0;
            for (auto& k : st) {
              k.s.resize(m);
              for (std::uint32_t a = 0; a < m; ++a) {
                k.s[a] = b0 * k.y[a] + b1 * k.s_prev[a] + b2 * k.s_prev2[a];
              }
            }
            conjugate = true;
          }
        }
        if (!conjugate && cfw_history >= 1) {
          total_of(&ClassState::s_prev, tot_s);
          // α makes s − x conjugate to s_prev − x (Mitradjieva & Lindberg, CFW).
          double num = 0.0;
          double den = 0.0;
          for (std::uint32_t a = 0; a < m; ++a) {
            const double dprev = tot_s[a] - v[a];
            num += hess[a] * dprev * (tot_y[a] - v[a]);
            den += hess[a] * dprev * (tot_y[a] - tot_s[a]);
          }
          const double alpha = den != 0.0 ? std::clamp(num / den, 0.0, 1.0 - 1e-5) : 0.0;
          for (auto& k : st) {
            k.s.resize(m);
            for (std::uint32_t a = 0; a < m; ++a) {
              k.s[a] = alpha * k.s_prev[a] + (1.0 - alpha) * k.y[a];
            }
          }
          conjugate = true;
        }
      }
      if (!conjugate) {
        for (auto& k : st) k.s = k.y;
      }
      // Directions and exact step.
      auto build_direction = [&](double& fixed_dir) {
        std::fill(pce_dir.begin(), pce_dir.end(), 0.0);
        std::fill(veh_dir.begin(), veh_dir.end(), 0.0);
        fixed_dir = 0.0;
        for (auto& k : st) {
          const double pce = k.demand->pce;
          for (std::uint32_t a = 0; a < m; ++a) {
            const double d = k.s[a] - k.x[a];
            pce_dir[a] += pce * d;
            veh_dir[a] += d;
            fixed_dir += k.fixed[a] * d;
          }
        }
      };
      double fixed_dir = 0.0;
      build_direction(fixed_dir);
      lambda = line_search(net, v, pce_dir, veh_dir, fixed_dir);
      if (lambda == 0.0 && conjugate) {  // not a descent direction: fall back to plain FW
        for (auto& k : st) k.s = k.y;
        build_direction(fixed_dir);
        lambda = line_search(net, v, pce_dir, veh_dir, fixed_dir);
        cfw_history = 0;
      }
      if (algo == Algorithm::cfw || algo == Algorithm::bfw) {
        for (auto& k : st) {
          std::swap(k.s_prev2, k.s_prev);
          k.s_prev = k.s;
        }
        cfw_history = std::min(cfw_history + 1, 2);
        lambda_prev = lambda;
      }
    }
    for (auto& k : st) {
      for (std::uint32_t a = 0; a < m; ++a) k.x[a] += lambda * (k.s[a] - k.x[a]);
    }
    total_flow();
  }

  const auto& last = result.history.back();
  result.relative_gap = last.relative_gap;
  result.average_excess_cost = last.average_excess_cost;
  result.objective = last.objective;
  result.total_travel_time = last.total_travel_time;
  result.link_flow = v;
  network::compute_link_times(net, v, time);
  result.link_time = time;
  result.class_flow.reserve(st.size());
  for (auto& k : st) result.class_flow.push_back(std::move(k.x));
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace corridor::assignment
