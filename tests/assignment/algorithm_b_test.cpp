// Algorithm B against known answers: the Braess network's analytic equilibrium, the best-known
// objectives of SiouxFalls and Anaheim (shared/data/tntp/README.md, 9 significant digits), the
// best-known SiouxFalls flows, bit-identical flows for 1 and 2 threads (Gauss–Seidel and block
// Gauss–Seidel sweeps, the latter also at Chicago-Sketch's best-known objective), and multi-class
// runs checked against the single-class solution of the same total demand and against link-based
// BFW.
#include "assignment/algorithm_b.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iomanip>

#include "../calibration/estimation_fixtures.hpp"
#include "assignment/solve.hpp"
#include "core/error.hpp"
#include "io/tntp.hpp"
#include "paths/dijkstra.hpp"
#include "test_data.hpp"
#include "tntp_fixtures.hpp"

namespace corridor::assignment {
namespace {

using Instance = test::TntpInstance;

Instance load(const std::string& folder, const std::string& stem, double distance_factor = 0.0) {
  return test::load_tntp_instance(folder, stem, distance_factor);
}

SolveOptions options(double gap) {
  SolveOptions opt;
  opt.algorithm = Algorithm::algorithm_b;
  opt.stop.relative_gap = gap;
  opt.stop.max_iterations = 500;
  return opt;
}

// One solve with at most `threads` threads.
AssignmentResult solve_on_threads(const Instance& in, double gap, AlgorithmBTuning tuning,
                                  int threads) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(threads));
  return solve_algorithm_b_bushes(in.net, std::span(&in.demand, 1), options(gap), tuning).result;
}

double flow_of(const network::RoadNetwork& net, const AssignmentResult& r, int from, int to) {
  const auto a = net.find_link(net.find_node(from), net.find_node(to));
  return r.link_flow[a.value()];
}

// Braess-Example (t = t0 (1 + b (v/c)^p) with the file's numbers, e = 1e-8):
//   1->3: e + 10 v   1->4: 50 + v   3->2: 50 + v   3->4: 10 + v   4->2: e + 10 v
// Paths A = 1-3-2, B = 1-4-2, C = 1-3-4-2 with flows a, b, c; a + b + c = 6. By symmetry a = b;
// A = C: e + 10(a+c) + 50 + a = 2e + 10(a+c) + 10 + c + 10(b+c) with c = 6 − 2a gives
// 13 a = 26 + e: a = b = 2 + e/13, c = 2 − 2e/13 (the famous 2, 2, 2 shifted by the e terms).
// Beckmann objective: ∫0^v (e + 10 s) ds = e v + 5 v², ∫0^v (50 + s) = 50 v + v²/2, etc.
TEST(AlgorithmB, BraessAnalyticEquilibrium) {
  const auto dir = test::tntp_instance("Braess-Example");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("Braess-Example", "Braess");
  const auto r = solve_algorithm_b(in.net, std::span(&in.demand, 1), options(1e-14));
  EXPECT_TRUE(r.converged) << "gap " << r.relative_gap;
  EXPECT_LE(r.relative_gap, 1e-14);
  const double e = 1e-8, a = 2.0 + e / 13.0, c = 2.0 - 2.0 * e / 13.0;
  EXPECT_NEAR(flow_of(in.net, r, 1, 3), a + c, 1e-12);
  EXPECT_NEAR(flow_of(in.net, r, 1, 4), a, 1e-12);
  EXPECT_NEAR(flow_of(in.net, r, 3, 2), a, 1e-12);
  EXPECT_NEAR(flow_of(in.net, r, 3, 4), c, 1e-12);
  EXPECT_NEAR(flow_of(in.net, r, 4, 2), a + c, 1e-12);
  const double v = a + c;
  const double objective = 2 * (e * v + 5 * v * v) + 2 * (50 * a + a * a / 2) + 10 * c + c * c / 2;
  EXPECT_NEAR(r.objective, objective, 1e-10);
}

TEST(AlgorithmB, SiouxFallsBestKnownTo1e12) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("SiouxFalls", "SiouxFalls");
  const auto r = solve_algorithm_b(in.net, std::span(&in.demand, 1), options(1e-12));
  EXPECT_TRUE(r.converged) << "gap " << r.relative_gap;
  EXPECT_LE(r.relative_gap, 1e-12);
  const double best = 4231335.28710744;
  EXPECT_LT(std::abs(r.objective - best) / best, 5e-10) << std::setprecision(15) << r.objective;
  // Best-known flows (_flow.tntp, from a solve at gap < 1e-10).
  const auto known = io::read_tntp_flows(dir / "SiouxFalls_flow.tntp", in.net);
  for (std::uint32_t a = 0; a < in.net.link_count(); ++a) {
    EXPECT_NEAR(r.link_flow[a], known.volume[a], 1e-6 * known.volume[a] + 1e-6) << "link " << a;
  }
  // The history is the convergence record: gaps reported every iteration, time increasing.
  ASSERT_GE(r.history.size(), 2u);
  EXPECT_LE(r.history.front().seconds, r.history.back().seconds);
}

TEST(AlgorithmB, AnaheimBestKnownObjectiveTo1e10) {
  const auto dir = test::tntp_instance("Anaheim");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("Anaheim", "Anaheim");
  const auto r = solve_algorithm_b(in.net, std::span(&in.demand, 1), options(1e-10));
  EXPECT_TRUE(r.converged) << "gap " << r.relative_gap;
  const double best = 1286032.17109602;
  EXPECT_LT(std::abs(r.objective - best) / best, 5e-10) << std::setprecision(15) << r.objective;
}

// Same inputs, 1 and 2 threads: the flows must agree to the last bit, both for Gauss–Seidel
// (parallel gap and bush improvement) and for block Gauss–Seidel (groups swept in parallel).
TEST(AlgorithmB, OneAndTwoThreadsGiveBitIdenticalFlows) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("SiouxFalls", "SiouxFalls");
  for (const int groups : {1, 2}) {
    AlgorithmBTuning tuning;
    tuning.groups = groups;
    const auto one = solve_on_threads(in, 1e-10, tuning, 1);
    const auto two = solve_on_threads(in, 1e-10, tuning, 2);
    ASSERT_EQ(one.link_flow.size(), two.link_flow.size());
    EXPECT_EQ(0, std::memcmp(one.link_flow.data(), two.link_flow.data(),
                             one.link_flow.size() * sizeof(double)))
        << "groups " << groups;
    EXPECT_EQ(one.iterations, two.iterations);
    EXPECT_EQ(one.relative_gap, two.relative_gap);
    EXPECT_LE(one.relative_gap, 1e-10) << "groups " << groups;
  }
}

// Block Gauss–Seidel against known answers: SiouxFalls' best-known objective and flows at gap
// 1e-12 (as the Gauss–Seidel test above), and Chicago-Sketch (387 bushes, so both groups hold
// many bushes that share links) at its best-known objective with the distance cost, with 1 and 2
// threads giving the same flows to the last bit.
TEST(AlgorithmB, BlockGaussSeidelReachesBestKnownEquilibria) {
  const auto sioux = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(sioux);
  const auto in = load("SiouxFalls", "SiouxFalls");
  const auto known = io::read_tntp_flows(sioux / "SiouxFalls_flow.tntp", in.net);
  for (const int groups : {2}) {
    AlgorithmBTuning tuning;
    tuning.groups = groups;
    const auto r =
        solve_algorithm_b_bushes(in.net, std::span(&in.demand, 1), options(1e-12), tuning).result;
    EXPECT_TRUE(r.converged) << "groups " << groups << " gap " << r.relative_gap;
    const double best = 4231335.28710744;
    EXPECT_LT(std::abs(r.objective - best) / best, 5e-10) << std::setprecision(15) << r.objective;
    for (std::uint32_t a = 0; a < in.net.link_count(); ++a) {
      EXPECT_NEAR(r.link_flow[a], known.volume[a], 1e-6 * known.volume[a] + 1e-6) << "link " << a;
    }
  }

  const auto chicago = test::tntp_instance("Chicago-Sketch");
  CORRIDOR_SKIP_IF_MISSING(chicago);
  const auto ch = load("Chicago-Sketch", "ChicagoSketch", 0.04);
  AlgorithmBTuning tuning;
  tuning.groups = 2;
  const auto one = solve_on_threads(ch, 1e-10, tuning, 1);
  const auto two = solve_on_threads(ch, 1e-10, tuning, 2);
  EXPECT_TRUE(one.converged) << "gap " << one.relative_gap;
  const double best = 17313018.7387475;
  EXPECT_LT(std::abs(one.objective - best) / best, 5e-10) << std::setprecision(15) << one.objective;
  ASSERT_EQ(one.link_flow.size(), two.link_flow.size());
  EXPECT_EQ(0, std::memcmp(one.link_flow.data(), two.link_flow.data(),
                           one.link_flow.size() * sizeof(double)));
  EXPECT_EQ(one.objective, two.objective);
}

// Settings that were seen to oscillate are refused rather than run to the iteration limit.
TEST(AlgorithmB, RejectsUntestedGroupSettings) {
  const auto dir = test::tntp_instance("Braess-Example");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("Braess-Example", "Braess");
  AlgorithmBTuning tuning;
  tuning.groups = 2;
  tuning.group_step_scale = 0.5;
  EXPECT_THROW(solve_algorithm_b_bushes(in.net, std::span(&in.demand, 1), options(1e-6), tuning),
               InputError);
  tuning.group_step_scale = 1.3;
  tuning.groups = 3;
  EXPECT_THROW(solve_algorithm_b_bushes(in.net, std::span(&in.demand, 1), options(1e-6), tuning),
               InputError);
  tuning.groups = 0;
  EXPECT_THROW(solve_algorithm_b_bushes(in.net, std::span(&in.demand, 1), options(1e-6), tuning),
               InputError);
}

// SiouxFalls-2class: the network has no tolls, so with PCE 1 both classes see the same costs and
// the total flows must equal the single-class equilibrium of the summed demand.
TEST(AlgorithmB, TwoClassesWithEqualCostsMatchSingleClassOfSummedDemand) {
  const auto dir = test::tntp_instance("SiouxFalls-2class");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto net = io::read_tntp_network(test::tntp_instance("SiouxFalls") / "SiouxFalls_net.tntp");
  std::vector<DemandClass> classes(2);
  for (int k = 0; k < 2; ++k) {
    const auto t = io::read_tntp_trips(
        dir / ("SiouxFalls_class" + std::to_string(k + 1) + "_trips.tntp"), net);
    classes[k].name = "class" + std::to_string(k + 1);
    classes[k].trips = t.trips;
    classes[k].weights.toll_factor = t.toll_factor.value_or(0.0);
  }
  const auto two = solve_algorithm_b(net, classes, options(1e-12));
  EXPECT_LE(two.relative_gap, 1e-12);
  DemandClass sum;
  sum.trips = classes[0].trips + classes[1].trips;
  const auto one = solve_algorithm_b(net, std::span(&sum, 1), options(1e-12));
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    // At gap 1e-12 the link volumes are pinned to about 1e-10 relative.
    EXPECT_NEAR(two.link_flow[a], one.link_flow[a], 1e-8 * one.link_flow[a]) << "link " << a;
    EXPECT_NEAR(two.class_flow[0][a] + two.class_flow[1][a], two.link_flow[a], 1e-6);
  }
  EXPECT_NEAR(two.objective, one.objective, 1e-9 * one.objective);
}

// Classes that differ (trucks: PCE 2.5, a distance weight) against link-based BFW of the other
// solver family: same equilibrium objective and link volumes to the BFW run's precision.
TEST(AlgorithmB, MultiClassAgreesWithLinkBasedBfw) {
  const auto dir = test::tntp_instance("SiouxFalls-2class");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto net = io::read_tntp_network(test::tntp_instance("SiouxFalls") / "SiouxFalls_net.tntp");
  std::vector<DemandClass> classes(2);
  for (int k = 0; k < 2; ++k) {
    const auto t = io::read_tntp_trips(
        dir / ("SiouxFalls_class" + std::to_string(k + 1) + "_trips.tntp"), net);
    classes[k].trips = t.trips;
  }
  classes[1].name = "truck";
  classes[1].pce = 2.5;
  classes[1].weights.distance_factor = 0.5;
  const auto b = solve_algorithm_b(net, classes, options(1e-12));
  EXPECT_LE(b.relative_gap, 1e-12);
  SolveOptions opt;
  opt.algorithm = Algorithm::bfw;
  opt.stop.relative_gap = 1e-6;
  opt.stop.max_iterations = 20000;
  const auto f = solve(net, classes, opt);
  ASSERT_LE(f.relative_gap, 1e-6);
  EXPECT_NEAR(f.objective, b.objective, 1e-5 * b.objective);
  double max_rel = 0.0;
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    max_rel = std::max(max_rel, std::abs(f.link_flow[a] - b.link_flow[a]) / (1.0 + b.link_flow[a]));
  }
  EXPECT_LT(max_rel, 1e-2);
}

// Warm start (solve.hpp WarmStart): SiouxFalls solved at 1e-11, then the demand is perturbed
// deterministically by up to ±20 % per OD pair. A cold and a warm solve of the perturbed demand
// must reach the same equilibrium (objective to 1e-9 relative, the cold solve is the reference)
// and the warm one in fewer iterations. Reloading the same demand must reproduce the previous
// equilibrium at once (gap below target at iteration 0).
TEST(AlgorithmB, WarmStartReachesColdEquilibriumInFewerIterations) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  auto in = load("SiouxFalls", "SiouxFalls");
  const auto opt = options(1e-11);
  WarmStart warm;
  const auto base = solve(in.net, std::span(&in.demand, 1), opt, warm);
  ASSERT_TRUE(base.converged);
  ASSERT_FALSE(warm.empty());

  WarmStart same = warm;
  const auto again = solve(in.net, std::span(&in.demand, 1), opt, same);
  EXPECT_EQ(again.iterations, 0);
  EXPECT_NEAR(again.objective, base.objective, 1e-11 * base.objective);

  DemandClass perturbed = in.demand;
  for (Eigen::Index r = 0; r < perturbed.trips.rows(); ++r) {
    for (Eigen::Index c = 0; c < perturbed.trips.cols(); ++c) {
      perturbed.trips(r, c) *= 1.0 + 0.2 * std::sin(static_cast<double>(7 * r + 3 * c));
    }
  }
  const auto cold = solve(in.net, std::span(&perturbed, 1), opt);
  const auto hot = solve(in.net, std::span(&perturbed, 1), opt, warm);
  ASSERT_TRUE(cold.converged);
  ASSERT_TRUE(hot.converged);
  EXPECT_NEAR(hot.objective, cold.objective, 1e-9 * cold.objective)
      << std::setprecision(15) << hot.objective << " vs " << cold.objective;
  EXPECT_LT(hot.iterations, cold.iterations);
  RecordProperty("cold_iterations", cold.iterations);
  RecordProperty("warm_iterations", hot.iterations);
  EXPECT_GT(std::abs(cold.objective - base.objective), 1e-3 * base.objective);  // demand changed
}

// Bushes from another network are refused.
TEST(AlgorithmB, WarmStartRejectsBushesOfAnotherNetwork) {
  const auto dir = test::tntp_instance("SiouxFalls");
  const auto braess = test::tntp_instance("Braess-Example");
  CORRIDOR_SKIP_IF_MISSING(dir);
  CORRIDOR_SKIP_IF_MISSING(braess);
  const auto sioux = load("SiouxFalls", "SiouxFalls");
  const auto small = load("Braess-Example", "Braess");
  WarmStart warm;
  solve(sioux.net, std::span(&sioux.demand, 1), options(1e-6), warm);
  EXPECT_THROW(solve(small.net, std::span(&small.demand, 1), options(1e-6), warm), InputError);
}

// The gap's excess from repaired bush labels (no search from scratch) against the excess from a
// full shortest path tree, on SiouxFalls bushes at gap 1e-3 and at costs perturbed by up to ±30 %
// per link (so many links outside the bushes are shortcuts and the repair has work to do).
TEST(AlgorithmB, ExcessFromRepairedLabelsMatchesShortestPathTree) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("SiouxFalls", "SiouxFalls");
  const auto sol = solve_algorithm_b_bushes(in.net, std::span(&in.demand, 1), options(1e-3));
  const auto& net = in.net;
  for (const double wiggle : {0.0, 0.3}) {
    std::vector<double> time = sol.result.link_time, cost(net.link_count());
    for (std::uint32_t a = 0; a < net.link_count(); ++a) {
      time[a] *= 1.0 + wiggle * std::sin(static_cast<double>(a));
      cost[a] = time[a] + sol.fixed_cost[0][a];
    }
    const bush::ClassCost cc{sol.fixed_cost[0], 1.0};
    bush::BushWorkspace ws(net.node_count(), net.link_count());
    paths::DijkstraWorkspace tree(net.node_count());
    for (const auto& b : sol.bushes) {
      double ex = -1.0, total = -1.0, ref_total = -1.0;
      ASSERT_TRUE(bush::bush_excess_from_labels(net, b, bush::trips_row(in.demand.trips, b.origin),
                                                time, cc, ws, ex, total));
      paths::shortest_path_tree(net, cost, b.origin, tree);
      const double ref = bush::bush_excess(net, b, bush::trips_row(in.demand.trips, b.origin), time,
                                           cc, tree, ws, ref_total);
      EXPECT_NEAR(ex, ref, 1e-12 * ref_total) << "origin " << b.origin << " wiggle " << wiggle;
      EXPECT_EQ(total, ref_total);
    }
  }
}

// The solver's one-scan pass (excess and improvement sharing the scan, at a time + fixed snapshot)
// against the separate reference steps: the excess of bush_excess over a Dijkstra tree and the
// bush improve_bush makes on its own, link for link, at costs off the equilibrium (wiggled) so
// that the repair lowers labels and links are added.
TEST(AlgorithmB, OneScanPassMatchesSeparateExcessAndImprovement) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("SiouxFalls", "SiouxFalls");
  const auto sol = solve_algorithm_b_bushes(in.net, std::span(&in.demand, 1), options(1e-3));
  const auto& net = in.net;
  std::uint32_t added_total = 0;
  for (const double wiggle : {0.0, 0.3}) {
    std::vector<double> time = sol.result.link_time, cost(net.link_count());
    for (std::uint32_t a = 0; a < net.link_count(); ++a) {
      time[a] *= 1.0 + wiggle * std::sin(static_cast<double>(a));
      cost[a] = time[a] + sol.fixed_cost[0][a];
    }
    const bush::ClassCost cc{sol.fixed_cost[0], 1.0};
    bush::ClassCost snapshot = cc;
    snapshot.cost = cost;
    bush::BushWorkspace ws(net.node_count(), net.link_count());
    paths::DijkstraWorkspace tree(net.node_count());
    for (const auto& b : sol.bushes) {
      double ref_total = -1.0;
      paths::shortest_path_tree(net, cost, b.origin, tree);
      const double ref = bush::bush_excess(net, b, bush::trips_row(in.demand.trips, b.origin), time,
                                           cc, tree, ws, ref_total);
      bush::Bush separate = b;
      const std::uint32_t added = bush::improve_bush(
          net, separate, bush::trips_row(in.demand.trips, b.origin), time, cc, ws);
      bush::Bush fused = b;
      const auto scan = bush::scan_bush(net, fused, bush::trips_row(in.demand.trips, b.origin),
                                        time, snapshot, ws, true, true);
      ASSERT_TRUE(scan.exact);
      EXPECT_NEAR(scan.excess, ref, 1e-12 * ref_total) << "origin " << b.origin;
      EXPECT_EQ(scan.total_cost, ref_total);
      EXPECT_EQ(scan.added, added);
      EXPECT_EQ(fused.order, separate.order) << "origin " << b.origin;
      EXPECT_EQ(fused.in_start, separate.in_start);
      EXPECT_EQ(fused.link, separate.link);
      EXPECT_EQ(fused.tail_pos, separate.tail_pos);
      EXPECT_EQ(fused.flow, separate.flow);
      EXPECT_EQ(fused.tree_links, separate.tree_links);
      added_total += added;
    }
  }
  EXPECT_GT(added_total, 0u);  // the wiggled costs do make shortcuts
}

}  // namespace
}  // namespace corridor::assignment

namespace corridor::assignment {
namespace {

// The compact bushes (flows stored on merge entries only, tree flows summed from the
// destinations; bush.hpp) against flow conservation checked node by node: inflow − outflow is
// the trips to the node (0 at nodes without trips), the origin sends its demand, positions from
// merge_end() on have exactly one in-link, every entry's tail comes before its head, and the
// bushes' flows add up to the class flow the solver reports.
void expect_consistent_bushes(const network::RoadNetwork& net, const BushSolution& sol,
                              const DemandClass& c) {
  bush::BushWorkspace ws(net.node_count(), net.link_count());
  std::vector<double> sum(net.link_count(), 0.0);
  std::size_t tree_positions = 0, merge_entries = 0;
  for (const auto& b : sol.bushes) {
    const auto v = bush::expand(net, b, bush::trips_row(c.trips, b.origin), ws);
    const std::size_t n = v.order.size();
    ASSERT_GE(b.merge_end(), 1u);
    ASSERT_LE(b.merge_end(), n);
    ASSERT_EQ(v.link.size(), b.link_count());
    tree_positions += n - b.merge_end();
    merge_entries += b.link.size();
    std::vector<double> balance(net.node_count(), 0.0);
    const double tol = 1e-9 * (1.0 + b.demand);
    for (std::size_t p = 1; p < n; ++p) {
      if (p >= b.merge_end()) {
        EXPECT_EQ(v.in_start[p + 1] - v.in_start[p], 1u);
      }
      for (std::uint32_t k = v.in_start[p]; k < v.in_start[p + 1]; ++k) {
        EXPECT_EQ(net.heads()[v.link[k]], v.order[p]);
        ASSERT_LT(v.tail_pos[k], p);
        EXPECT_EQ(net.tails()[v.link[k]], v.order[v.tail_pos[k]]);
        EXPECT_GE(v.flow[k], 0.0);
        balance[v.order[p]] += v.flow[k];
        balance[v.order[v.tail_pos[k]]] -= v.flow[k];
        sum[v.link[k]] += v.flow[k];
      }
    }
    double demand = 0.0;
    std::vector<bool> in_bush(net.node_count(), false);
    for (const auto node : v.order) in_bush[node] = true;
    for (std::uint32_t z = 0; z < net.node_count(); ++z) {
      double expected = 0.0;  // trips to zones the bush reaches; the others are not loaded
      if (z < net.zone_count() && z != b.origin && in_bush[z])
        expected = std::max(0.0, c.trips(b.origin, z));
      demand += expected;
      if (z != b.origin) {
        EXPECT_NEAR(balance[z], expected, tol) << "origin " << b.origin;
      }
    }
    EXPECT_NEAR(b.demand, demand, tol);
    EXPECT_NEAR(-balance[b.origin], demand, tol);
  }
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    EXPECT_NEAR(sum[a], sol.result.class_flow[0][a], 1e-9 * (1.0 + sol.result.class_flow[0][a]));
  }
  EXPECT_GT(tree_positions, 0u);  // both parts are exercised
  EXPECT_GT(merge_entries, 0u);
}

TEST(AlgorithmB, CompactBushesConserveFlowOnAGridWrittenHere) {
  const auto net = io::parse_tntp_network(test::grid_net(), "grid_net.tntp");
  DemandClass c;
  c.trips = io::parse_tntp_trips(test::grid_trips(), "grid_trips.tntp", net).trips;
  for (const double gap : {1e-2, 1e-12}) {
    const auto sol = solve_algorithm_b_bushes(net, std::span(&c, 1), options(gap));
    expect_consistent_bushes(net, sol, c);
  }
}

// Trips to a zone the origin cannot reach are not loaded, even where another bush (worked on just
// before with the same workspace) has that zone at a position this bush also has: zone 3 is the
// last node of origin 1's bush (a merge at node 5 on the way), and origin 2 reaches only a chain
// of five nodes, none of them zone 3 or zone 1.
TEST(AlgorithmB, CompactBushesLoadNoTripsToUnreachableZones) {
  const auto net = io::parse_tntp_network(R"(<NUMBER OF ZONES> 3
<NUMBER OF NODES> 10
<FIRST THRU NODE> 4
<NUMBER OF LINKS> 9
<END OF METADATA>
~ init term cap length fftt b power speed toll type ;
1 4 10 1 1 0.15 4 0 0 1 ;
4 5 10 1 1 0.15 4 0 0 1 ;
4 6 10 1 1 0.15 4 0 0 1 ;
6 5 10 1 0.5 0.15 4 0 0 1 ;
5 3 10 1 1 0.15 4 0 0 1 ;
2 7 10 1 1 0.15 4 0 0 1 ;
7 8 10 1 1 0.15 4 0 0 1 ;
8 9 10 1 1 0.15 4 0 0 1 ;
9 10 10 1 1 0.15 4 0 0 1 ;
)",
                                          "unreachable_net.tntp");
  DemandClass c;
  c.trips = io::parse_tntp_trips(R"(<NUMBER OF ZONES> 3
<END OF METADATA>
Origin 1
 2 : 5.0; 3 : 40.0;
Origin 2
 1 : 3.0; 3 : 7.0;
)",
                                 "unreachable_trips.tntp", net)
                .trips;
  const auto sol = solve_algorithm_b_bushes(net, std::span(&c, 1), options(1e-10));
  EXPECT_DOUBLE_EQ(sol.result.unassigned_demand, 15.0);  // 1 -> 2, 2 -> 1, 2 -> 3
  ASSERT_EQ(sol.bushes.size(), 2u);
  expect_consistent_bushes(net, sol, c);
  // The two routes 4 -> 5 (direct, and through 6) share the 40 trips at equal cost.
  const auto a45 = net.find_link(net.find_node(4), net.find_node(5)).value();
  EXPECT_GT(sol.result.link_flow[a45], 0.0);
  EXPECT_LT(sol.result.link_flow[a45], 40.0);
}

TEST(AlgorithmB, CompactBushesConserveFlowOnSiouxFalls) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("SiouxFalls", "SiouxFalls");
  for (const double gap : {1e-3, 1e-10}) {
    const auto sol = solve_algorithm_b_bushes(in.net, std::span(&in.demand, 1), options(gap));
    expect_consistent_bushes(in.net, sol, in.demand);
  }
}

}  // namespace
}  // namespace corridor::assignment
