// Numerical robustness of road assignment (assignment/solve.hpp) on tiny inline networks whose
// equilibrium is known in closed form or from a slow obvious reference (bisection on the
// equal-cost condition of two parallel routes):
//   - zero demand, a single OD pair, v/c of 10, BPR power 0..10, capacities 1..1e6;
//   - no NaN or inf in any output, the reported relative gap equals the gap recomputed by hand
//     from the returned flows, (TSTT − SPTT) / TSTT;
//   - demand between zones that cannot reach each other is reported in unassigned_demand.
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <vector>

#include "assignment/solve.hpp"
#include "network/road_network.hpp"
#include "network/vdf.hpp"

namespace corridor::assignment {
namespace {

constexpr Algorithm kAll[] = {Algorithm::aon, Algorithm::msa, Algorithm::fw,
                              Algorithm::cfw, Algorithm::bfw, Algorithm::algorithm_b};

struct Link {
  std::uint32_t from, to;
  double t0, cap, alpha = 0.15, beta = 4.0;
};

// Zones are nodes 0..zones-1 and may not be passed through.
network::RoadNetwork make_network(std::uint32_t nodes, std::uint32_t zones,
                                  const std::vector<Link>& links) {
  std::vector<network::NodeSpec> ns(nodes);
  for (std::uint32_t v = 0; v < nodes; ++v) ns[v].label = v + 1;
  std::vector<network::LinkSpec> ls;
  for (const auto& l : links) {
    network::LinkSpec s;
    s.from = NodeId(l.from);
    s.to = NodeId(l.to);
    s.free_flow_minutes = l.t0;
    s.capacity = l.cap;
    s.alpha = l.alpha;
    s.beta = l.beta;
    s.length = 1.0;
    ls.push_back(s);
  }
  return network::RoadNetwork::build(std::move(ns), std::move(ls), zones, zones);
}

AssignmentResult run(const network::RoadNetwork& net, const OdMatrix& trips, Algorithm algo,
                     double gap = 1e-9, int iterations = 2000) {
  DemandClass car;
  car.trips = trips;
  SolveOptions opt;
  opt.algorithm = algo;
  opt.stop.relative_gap = gap;
  opt.stop.max_iterations = iterations;
  return solve(net, std::span(&car, 1), opt);
}

void expect_all_finite(const AssignmentResult& r) {
  for (const double v : r.link_flow) EXPECT_TRUE(std::isfinite(v)) << "link flow " << v;
  for (const double v : r.link_time) EXPECT_TRUE(std::isfinite(v)) << "link time " << v;
  for (const auto& c : r.class_flow)
    for (const double v : c) EXPECT_TRUE(std::isfinite(v)) << "class flow " << v;
  EXPECT_TRUE(std::isfinite(r.relative_gap)) << r.relative_gap;
  EXPECT_TRUE(std::isfinite(r.average_excess_cost)) << r.average_excess_cost;
  EXPECT_TRUE(std::isfinite(r.objective)) << r.objective;
  EXPECT_TRUE(std::isfinite(r.total_travel_time)) << r.total_travel_time;
  EXPECT_TRUE(std::isfinite(r.unassigned_demand)) << r.unassigned_demand;
  for (const auto& h : r.history) {
    EXPECT_TRUE(std::isfinite(h.relative_gap) && std::isfinite(h.objective) &&
                std::isfinite(h.total_travel_time) && std::isfinite(h.average_excess_cost))
        << "iteration " << h.iteration;
  }
}

// Relative gap of the returned flows, recomputed by hand for demand d between zone 0 and zone 1
// over parallel direct links: TSTT = Σ x_a t_a(x_a), SPTT = d · min_a t_a(x_a).
double hand_gap(const network::RoadNetwork& net, const std::vector<double>& flow, double d) {
  double tstt = 0.0;
  double best = INFINITY;
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    const double t = network::link_time(network::VdfKind::bpr, net.free_flow_minutes()[a],
                                        net.capacity()[a], net.alpha()[a], net.beta()[a], flow[a]);
    tstt += flow[a] * t;
    best = std::min(best, t);
  }
  return tstt > 0 ? (tstt - d * best) / tstt : 0.0;
}

// Slow obvious reference: equilibrium split of d over two parallel BPR links (same α, β) by
// bisection on t1(x) − t2(d − x), which increases in x. Returns the flow on link 1.
double reference_split(const Link& l1, const Link& l2, double d) {
  auto t = [](const Link& l, double v) {
    return network::link_time(network::VdfKind::bpr, l.t0, l.cap, l.alpha, l.beta, v);
  };
  if (t(l1, d) <= t(l2, 0.0)) return d;
  if (t(l2, d) <= t(l1, 0.0)) return 0.0;
  double lo = 0.0, hi = d;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (t(l1, mid) < t(l2, d - mid) ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

OdMatrix single_pair(int zones, int o, int dz, double trips) {
  OdMatrix m = OdMatrix::Zero(zones, zones);
  m(o, dz) = trips;
  return m;
}

TEST(AssignmentNumerics, ZeroDemandGivesZeroFlowsFreeFlowTimesAndNoNaN) {
  const auto net = make_network(3, 2, {{0, 2, 5, 100}, {2, 1, 5, 100}, {0, 1, 20, 100}});
  for (const auto algo : kAll) {
    SCOPED_TRACE(algorithm_name(algo));
    const auto r = run(net, OdMatrix::Zero(2, 2), algo);
    expect_all_finite(r);
    for (const double v : r.link_flow) EXPECT_EQ(v, 0.0);
    for (std::uint32_t a = 0; a < net.link_count(); ++a)
      EXPECT_EQ(r.link_time[a], net.free_flow_minutes()[a]);
    EXPECT_EQ(r.total_travel_time, 0.0);
    EXPECT_EQ(r.unassigned_demand, 0.0);
    EXPECT_EQ(r.relative_gap, 0.0);
  }
}

// One OD pair, one route, v/c = 10: t = t0 (1 + 0.15 · 10^4) = 1501 t0; AoN is the equilibrium.
TEST(AssignmentNumerics, SingleOdPairAtTenTimesCapacity) {
  const auto net = make_network(3, 2, {{0, 2, 2, 10}, {2, 1, 3, 10}});
  for (const auto algo : kAll) {
    SCOPED_TRACE(algorithm_name(algo));
    const auto r = run(net, single_pair(2, 0, 1, 100.0), algo);
    expect_all_finite(r);
    EXPECT_DOUBLE_EQ(r.link_flow[0], 100.0);
    EXPECT_DOUBLE_EQ(r.link_flow[1], 100.0);
    EXPECT_DOUBLE_EQ(r.link_time[0], 2.0 * 1501.0);
    EXPECT_DOUBLE_EQ(r.link_time[1], 3.0 * 1501.0);
    EXPECT_NEAR(r.total_travel_time, 100.0 * 5.0 * 1501.0, 1e-6);
    EXPECT_NEAR(r.relative_gap, 0.0, 1e-12);
    // Beckmann: Σ t0 (v + α c (v/c)^5 / 5) = 5 (100 + 0.15 · 10 · 1e5 / 5) = 5 · 30100.
    EXPECT_NEAR(r.objective, 5.0 * 30100.0, 1e-6);
  }
}

// Two parallel routes, BPR power 0..10: flows match the bisection reference and the reported gap
// equals the gap recomputed from the returned flows.
TEST(AssignmentNumerics, BprPowerZeroToTenMatchesReference) {
  for (int power = 0; power <= 10; ++power) {
    const Link l1{0, 1, 10.0, 50.0, 0.15, double(power)};
    const Link l2{0, 1, 12.0, 80.0, 0.15, double(power)};
    const double d = 150.0;  // v/c ≈ 1.5–3 on the routes
    const auto net = make_network(2, 2, {l1, l2});
    const double x1 = reference_split(l1, l2, d);
    for (const auto algo : kAll) {
      if (algo == Algorithm::aon) continue;
      SCOPED_TRACE(std::string(algorithm_name(algo)) + " power " + std::to_string(power));
      const auto r = run(net, single_pair(2, 0, 1, d), algo, 1e-10, 5000);
      expect_all_finite(r);
      EXPECT_NEAR(r.link_flow[0] + r.link_flow[1], d, 1e-9 * d);
      const double tol = algo == Algorithm::msa ? 0.5 : 1e-3;
      EXPECT_NEAR(r.link_flow[0], x1, tol);
      EXPECT_NEAR(r.relative_gap, hand_gap(net, r.link_flow, d), 1e-9);
      EXPECT_GE(r.relative_gap, -1e-12);
    }
  }
}

// Capacities from 1 to 1e6 with demand scaled to v/c ≈ 2: the split is scale-free (t depends on
// v/c only), so every capacity gives the same share as the reference.
TEST(AssignmentNumerics, CapacitiesOneToMillion) {
  for (double cap = 1.0; cap <= 1e6; cap *= 10.0) {
    const Link l1{0, 1, 10.0, cap, 0.15, 4.0};
    const Link l2{0, 1, 11.0, 2.0 * cap, 0.15, 4.0};
    const double d = 4.0 * cap;
    const auto net = make_network(2, 2, {l1, l2});
    const double x1 = reference_split(l1, l2, d);
    for (const auto algo :
         {Algorithm::fw, Algorithm::cfw, Algorithm::bfw, Algorithm::algorithm_b}) {
      SCOPED_TRACE(std::string(algorithm_name(algo)) + " capacity " + std::to_string(cap));
      const auto r = run(net, single_pair(2, 0, 1, d), algo, 1e-10, 5000);
      expect_all_finite(r);
      EXPECT_NEAR(r.link_flow[0] / d, x1 / d, 1e-4);
      EXPECT_NEAR(r.relative_gap, hand_gap(net, r.link_flow, d), 1e-9);
    }
  }
}

// Zone 2 has no link at all: its demand is reported as unassigned, the rest is loaded, and the
// gap is computed over the assigned demand only.
TEST(AssignmentNumerics, UnreachableDemandIsReportedNotDropped) {
  const auto net = make_network(3, 3, {{0, 1, 10, 100}, {1, 0, 10, 100}});
  OdMatrix trips = OdMatrix::Zero(3, 3);
  trips(0, 1) = 50.0;
  trips(0, 2) = 7.0;
  trips(2, 1) = 3.5;
  for (const auto algo : kAll) {
    SCOPED_TRACE(algorithm_name(algo));
    const auto r = run(net, trips, algo);
    expect_all_finite(r);
    EXPECT_DOUBLE_EQ(r.unassigned_demand, 10.5);
    const auto a01 = net.find_link(NodeId(0), NodeId(1));
    EXPECT_DOUBLE_EQ(r.link_flow[a01.value()], 50.0);
    EXPECT_NEAR(r.relative_gap, 0.0, 1e-12);
  }
}

// All demand unreachable: nothing is loaded, everything is reported, no 0/0.
TEST(AssignmentNumerics, OnlyUnreachableDemand) {
  const auto net = make_network(3, 3, {{0, 1, 10, 100}});
  for (const auto algo : kAll) {
    SCOPED_TRACE(algorithm_name(algo));
    const auto r = run(net, single_pair(3, 1, 0, 42.0), algo);
    expect_all_finite(r);
    EXPECT_DOUBLE_EQ(r.unassigned_demand, 42.0);
    EXPECT_EQ(r.link_flow[0], 0.0);
  }
}

}  // namespace
}  // namespace corridor::assignment
