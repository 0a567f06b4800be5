// Link-based equilibrium solvers against known answers: the Braess network's analytic
// equilibrium, and the best-known objectives and flows of SiouxFalls and Chicago-Sketch
// (shared/data/tntp/README.md; solutions of a public Algorithm B code at gap < 1e-10).
#include "assignment/link_based.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "assignment/solve.hpp"
#include "io/tntp.hpp"
#include "test_data.hpp"
#include "tntp_fixtures.hpp"

namespace corridor::assignment {
namespace {

using Instance = test::TntpInstance;

Instance load(const std::string& folder, const std::string& stem, double distance_factor = 0.0) {
  return test::load_tntp_instance(folder, stem, distance_factor);
}

AssignmentResult run(const Instance& in, Algorithm algo, double gap, int max_iterations = 100000) {
  SolveOptions opt;
  opt.algorithm = algo;
  opt.stop.relative_gap = gap;
  opt.stop.max_iterations = max_iterations;
  return solve(in.net, std::span(&in.demand, 1), opt);
}

// Braess-Example (shipped numbers): demand 6 from node 1 to node 2, BPR t = t0 (1 + b (v/c)^p):
//   1->3: 1e-8 (1 + 1e9 v)   = 10 v (+1e-8)      3->2: 50 (1 + 0.02 v) = 50 + v
//   1->4: 50 (1 + 0.02 v)    = 50 + v            4->2: 10 v (+1e-8)
//   3->4: 10 (1 + 0.1 v)     = 10 + v
// Paths A = 1-3-2, B = 1-4-2, C = 1-3-4-2 with flows a, b, c (a + b + c = 6). Equal costs:
//   A: 10(a+c) + 50 + a,  B: 50 + b + 10(b+c),  C: 10(a+c) + 10 + c + 10(b+c).
//   A = B gives a = b; A = C gives 50 + a = 10 + c + 10(b + c) -> 40 + a = 11c + 10a -> with a = b
//   and c = 6 − 2a: 40 + a = 66 − 22a + 10a -> 21a... solving: 40 + a = 11(6 − 2a) + 10a = 66 − 12a
//   -> 13a = 26 -> a = b = c = 2, every path costs 92 (the paradox: 83 without link 3->4).
// Link flows: 1->3 = 4, 1->4 = 2, 3->2 = 2, 3->4 = 2, 4->2 = 4.
TEST(LinkBased, BraessAnalyticEquilibrium) {
  const auto dir = test::tntp_instance("Braess-Example");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("Braess-Example", "Braess");
  for (const auto algo : {Algorithm::fw, Algorithm::cfw, Algorithm::bfw, Algorithm::msa}) {
    const auto r = run(in, algo, algo == Algorithm::msa ? 1e-4 : 1e-9);
    const double tol = algo == Algorithm::msa ? 2e-2 : 1e-5;
    auto flow = [&](int from, int to) {
      const auto a = in.net.find_link(NodeId(static_cast<std::uint32_t>(from - 1)),
                                      NodeId(static_cast<std::uint32_t>(to - 1)));
      return r.link_flow[a.value()];
    };
    SCOPED_TRACE(algorithm_name(algo));
    EXPECT_TRUE(r.converged);
    EXPECT_NEAR(flow(1, 3), 4.0, tol);
    EXPECT_NEAR(flow(1, 4), 2.0, tol);
    EXPECT_NEAR(flow(3, 2), 2.0, tol);
    EXPECT_NEAR(flow(3, 4), 2.0, tol);
    EXPECT_NEAR(flow(4, 2), 4.0, tol);
    EXPECT_NEAR(r.total_travel_time, 6.0 * 92.0, 200 * tol);
  }
}

TEST(LinkBased, AllOrNothingLoadsFreeFlowPaths) {
  const auto dir = test::tntp_instance("Braess-Example");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("Braess-Example", "Braess");
  const auto r = run(in, Algorithm::aon, 1e-4);
  // Free flow: C = 1-3-4-2 costs 10 + 3e-8, the cheapest path: all 6 trips on it.
  EXPECT_EQ(r.iterations, 1);
  const auto a = in.net.find_link(NodeId(2), NodeId(3));
  EXPECT_DOUBLE_EQ(r.link_flow[a.value()], 6.0);
  // At those flows C costs 60 + 16 + 60 = 136, A and B 60 + 50 = 110: gap = (6·136 −
  // 6·110)/(6·136).
  EXPECT_NEAR(r.relative_gap, 26.0 / 136.0, 1e-9);
}

// Link flows against the best-known `_flow.tntp`: the total absolute deviation relative to the
// total flow, and the largest deviation relative to the largest link flow.
void expect_flows_close(const Instance& in, const AssignmentResult& r, const std::string& folder,
                        const std::string& stem, double rel_tol) {
  const auto flows =
      io::read_tntp_flows(test::tntp_instance(folder) / (stem + "_flow.tntp"), in.net);
  double dev = 0.0;
  double total = 0.0;
  double worst = 0.0;
  double largest = 0.0;
  for (std::uint32_t a = 0; a < in.net.link_count(); ++a) {
    const double err = std::abs(r.link_flow[a] - flows.volume[a]);
    dev += err;
    total += flows.volume[a];
    worst = std::max(worst, err);
    largest = std::max(largest, flows.volume[a]);
  }
  EXPECT_LT(dev / total, rel_tol);
  EXPECT_LT(worst / largest, rel_tol);
}

TEST(LinkBased, SiouxFallsBestKnownObjective) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("SiouxFalls", "SiouxFalls");
  const auto r = run(in, Algorithm::bfw, 1e-6);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(r.objective, 4231335.28710744, 4231335.28710744 * 5e-7);
  expect_flows_close(in, r, "SiouxFalls", "SiouxFalls", 1e-3);
  // History is monotone in iteration number and ends at the result.
  EXPECT_EQ(r.history.back().relative_gap, r.relative_gap);
  EXPECT_EQ(static_cast<int>(r.history.size()), r.iterations);
}

TEST(LinkBased, ChicagoSketchBestKnownObjectiveWithDistanceCost) {
  const auto dir = test::tntp_instance("Chicago-Sketch");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("Chicago-Sketch", "ChicagoSketch", 0.04);
  const auto r = run(in, Algorithm::bfw, 1e-6);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(r.objective, 17313018.7387475, 17313018.7387475 * 5e-7);
  expect_flows_close(in, r, "Chicago-Sketch", "ChicagoSketch", 1e-3);
  std::printf("Chicago-Sketch BFW to 1e-6: %d iterations, %.2f s\n", r.iterations, r.seconds);
}

TEST(LinkBased, SolversAgreeOnSiouxFalls) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("SiouxFalls", "SiouxFalls");
  for (const auto algo : {Algorithm::fw, Algorithm::cfw}) {
    const auto r = run(in, algo, 1e-4);
    SCOPED_TRACE(algorithm_name(algo));
    EXPECT_TRUE(r.converged);
    // Convexity: 0 <= objective − optimum <= TSTT − SPTT = gap · TSTT.
    EXPECT_GE(r.objective, 4231335.28710744 * (1 - 1e-12));
    EXPECT_LE(r.objective - 4231335.28710744, r.relative_gap * r.total_travel_time);
  }
  // Conjugate directions need fewer iterations than plain FW to the same gap.
  const int fw = run(in, Algorithm::fw, 1e-4).iterations;
  const int bfw = run(in, Algorithm::bfw, 1e-4).iterations;
  EXPECT_LT(bfw, fw);
}

TEST(LinkBased, SameBitsForOneAndTwoThreads) {
  const auto dir = test::tntp_instance("Chicago-Sketch");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("Chicago-Sketch", "ChicagoSketch", 0.04);
  auto solve_with = [&](int threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                           static_cast<std::size_t>(threads));
    return run(in, Algorithm::bfw, 0.0, 30);
  };
  const auto one = solve_with(1);
  const auto two = solve_with(2);
  ASSERT_EQ(one.link_flow.size(), two.link_flow.size());
  EXPECT_EQ(std::memcmp(one.link_flow.data(), two.link_flow.data(),
                        one.link_flow.size() * sizeof(double)),
            0);
  EXPECT_EQ(one.relative_gap, two.relative_gap);
  EXPECT_EQ(one.objective, two.objective);
}

TEST(LinkBased, TwoClassesWithTheirOwnTollFactor) {
  // Two classes on SiouxFalls-2class (own <TOLL FACTOR> per trips file; no tolls on the links,
  // so both see the same costs): the sum must equal the one-class equilibrium of the summed
  // demand, and each class keeps its own flows.
  const auto dir = test::tntp_instance("SiouxFalls-2class");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto base = load("SiouxFalls", "SiouxFalls");
  std::vector<DemandClass> classes;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().find("trips") == std::string::npos) continue;
    const auto t = io::read_tntp_trips(entry.path(), base.net);
    DemandClass c;
    c.name = entry.path().filename().string();
    c.trips = t.trips;
    c.weights.toll_factor = t.toll_factor.value_or(0.0);
    classes.push_back(std::move(c));
  }
  if (classes.size() < 2) GTEST_SKIP() << "expected two trips files in " << dir;
  std::sort(classes.begin(), classes.end(),
            [](const DemandClass& a, const DemandClass& b) { return a.name < b.name; });
  SolveOptions opt;
  opt.algorithm = Algorithm::bfw;
  opt.stop.relative_gap = 1e-6;
  const auto r = solve(base.net, classes, opt);
  ASSERT_TRUE(r.converged);
  ASSERT_EQ(r.class_flow.size(), classes.size());
  Instance sum{base.net, {}};
  sum.demand.trips = classes[0].trips;
  for (std::size_t c = 1; c < classes.size(); ++c) sum.demand.trips += classes[c].trips;
  const auto one = run(sum, Algorithm::bfw, 1e-6);
  EXPECT_NEAR(r.objective, one.objective, 1e-6 * one.objective);
  for (std::uint32_t a = 0; a < base.net.link_count(); ++a) {
    double total = 0.0;
    for (const auto& f : r.class_flow) total += f[a];
    EXPECT_DOUBLE_EQ(total, r.link_flow[a]);
  }
}

TEST(LinkBased, AlgorithmNamesRoundTrip) {
  for (const auto a : {Algorithm::aon, Algorithm::msa, Algorithm::fw, Algorithm::cfw,
                       Algorithm::bfw, Algorithm::algorithm_b}) {
    EXPECT_EQ(parse_algorithm(algorithm_name(a)), a);
  }
  EXPECT_THROW(parse_algorithm("dial"), InputError);
}

}  // namespace
}  // namespace corridor::assignment
