// Matrix estimation (calibration/matrix_estimation.hpp) against known answers:
// - one OD on one uncongested path with one count: the estimate is the count (ρ = 0), the
//   closed-form compromise (v̂ + ρ ĝ) / (1 + ρ) (ρ > 0), the edge of the tolerance band;
// - two classes on that path with an all-vehicle and a truck count: both are met;
// - the bush gradient and the bush loading against explicit path enumeration on a congested grid;
// - SiouxFalls (shared data): counts from the best-known flows on a third of the links, a prior
//   distorted by ×U(0.6, 1.4): the counted links fit far better, the uncounted ones not worse;
// - the same estimate on 1 and 2 threads, bit for bit;
// - matrix movement statistics and the counts reader on hand-made inputs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <vector>

#include "assignment/algorithm_b.hpp"
#include "calibration/matrix_estimation.hpp"
#include "estimation_fixtures.hpp"
#include "io/tntp.hpp"
#include "test_data.hpp"

namespace corridor::calibration {
namespace {

using assignment::DemandClass;

network::RoadNetwork line_net() { return io::parse_tntp_network(test::kLineNet, "line_net.tntp"); }

DemandClass line_class(const network::RoadNetwork& net, double trips, const char* name = "car") {
  DemandClass c;
  c.name = name;
  c.trips = io::parse_tntp_trips(test::line_trips(trips), "line_trips.tntp", net).trips;
  return c;
}

LinkCount count_on(const network::RoadNetwork& net, int from, int to, double v, double tol = 0.0,
                   int cls = kAllClasses) {
  LinkCount c;
  c.links.push_back(net.find_link(net.find_node(from), net.find_node(to)).value());
  c.count = v;
  c.tolerance = tol;
  c.demand_class = cls;
  c.label = std::to_string(from) + "-" + std::to_string(to);
  return c;
}

TEST(MatrixEstimation, OneOdOneCountIsReproducedExactly) {
  const auto net = line_net();
  const std::vector<DemandClass> prior{line_class(net, 100.0)};
  const std::vector<LinkCount> counts{count_on(net, 3, 4, 150.0)};
  EstimationOptions opt;
  opt.prior_weight = 0.0;
  const auto r = estimate_demand(net, prior, counts, opt);
  // Z = ½ (g − 150)²: the multiplicative step with the exact line search lands on 150 at once.
  EXPECT_NEAR(r.trips[0](0, 1), 150.0, 1e-9);
  EXPECT_NEAR(r.modelled_before[0], 100.0, 1e-9);
  EXPECT_NEAR(r.modelled_after[0], 150.0, 1e-9);
  EXPECT_NEAR(r.fit_after.rmse, 0.0, 1e-9);
  EXPECT_NEAR(r.fit_before.rmse, 50.0, 1e-9);
  EXPECT_EQ(r.iterations, 1);
  EXPECT_NEAR(r.movement.factor_max, 1.5, 1e-12);
}

TEST(MatrixEstimation, PriorWeightGivesTheClosedFormCompromise) {
  const auto net = line_net();
  const std::vector<DemandClass> prior{line_class(net, 100.0)};
  const std::vector<LinkCount> counts{count_on(net, 3, 4, 150.0)};
  EstimationOptions opt;
  opt.prior_weight = 0.5;
  const auto r = estimate_demand(net, prior, counts, opt);
  // min ½ (g − 150)² + ½ ρ (g − 100)²  ->  g = (150 + ρ 100) / (1 + ρ) = 133.33...
  EXPECT_NEAR(r.trips[0](0, 1), (150.0 + 0.5 * 100.0) / 1.5, 1e-6);
}

TEST(MatrixEstimation, ToleranceIsADeadZone) {
  const auto net = line_net();
  const std::vector<DemandClass> prior{line_class(net, 100.0)};
  const std::vector<LinkCount> counts{count_on(net, 3, 4, 150.0, 20.0)};
  EstimationOptions opt;
  opt.prior_weight = 0.0;
  const auto r = estimate_demand(net, prior, counts, opt);
  // Errors within ±20 cost nothing: the estimate stops at the edge of the band, 130.
  EXPECT_NEAR(r.trips[0](0, 1), 130.0, 1e-6);
  EXPECT_DOUBLE_EQ(r.within_tolerance_before, 0.0);
  EXPECT_DOUBLE_EQ(r.within_tolerance_after, 1.0);
  EXPECT_EQ(r.stop_reason, "counts within tolerance");
}

TEST(MatrixEstimation, CarsAndTrucksWithTheirOwnCounts) {
  const auto net = line_net();
  const std::vector<DemandClass> prior{line_class(net, 100.0, "car"),
                                       line_class(net, 100.0, "truck")};
  // 300 vehicles in all, 50 of them trucks: cars 250, trucks 50 is the only exact fit.
  const std::vector<LinkCount> counts{count_on(net, 3, 4, 300.0),
                                      count_on(net, 3, 4, 50.0, 0.0, 1)};
  EstimationOptions opt;
  opt.prior_weight = 0.0;
  opt.max_iterations = 500;
  opt.min_improvement = 0.0;
  const auto r = estimate_demand(net, prior, counts, opt);
  EXPECT_NEAR(r.trips[0](0, 1), 250.0, 0.05);
  EXPECT_NEAR(r.trips[1](0, 1), 50.0, 0.05);
  EXPECT_NEAR(r.modelled_after[0], 300.0, 0.05);
  EXPECT_NEAR(r.modelled_after[1], 50.0, 0.05);
}

TEST(MatrixEstimation, StepIsHalvedWhenTheLinearisationOvershoots) {
  const auto net = io::parse_tntp_network(test::kTwoRouteNet, "two_route_net.tntp");
  const std::vector<DemandClass> prior{line_class(net, 300.0)};
  // Count 80 on route A (modelled 100): the full step predicts A = 80 but gives A = 40 (Z four
  // times larger); half the step gives A = 70. The fit is A = 80 at 280 trips.
  const std::vector<LinkCount> counts{count_on(net, 3, 2, 80.0)};
  EstimationOptions opt;
  opt.prior_weight = 0.0;
  opt.max_iterations = 40;
  opt.min_improvement = 0.0;
  opt.assignment.relative_gap = 1e-12;
  const auto r = estimate_demand(net, prior, counts, opt);
  EXPECT_NEAR(r.modelled_before[0], 100.0, 1e-6);
  ASSERT_GE(r.history.size(), 3u);
  EXPECT_EQ(r.history[1].halvings, 1);
  EXPECT_NEAR(r.history[1].rmse, 10.0, 1e-4);  // 270 trips: A = 70
  for (std::size_t i = 1; i < r.history.size(); ++i)
    EXPECT_LT(r.history[i].objective, r.history[i - 1].objective) << "iteration " << i;
  EXPECT_NEAR(r.trips[0](0, 1), 280.0, 0.5);
  EXPECT_NEAR(r.modelled_after[0], 80.0, 0.5);
}

// ---- Gradient against explicit path enumeration ----

struct PathRef {
  std::vector<double> share;  // by LinkId: p_ij^a
  double gradient = 0.0;      // Σ_a p_ij^a e_a
};

// Enumerates every path of the bush from its origin to `dest` over links with flow, each with
// probability Π (link flow / flow into the link's head), and sums shares and errors path by path.
PathRef enumerate_paths(const network::RoadNetwork& net, const assignment::bush::BushView& b,
                        std::uint32_t dest, const std::vector<double>& link_error) {
  const std::uint32_t origin = b.order[0];
  const auto tails = net.tails();
  std::vector<double> inflow(net.node_count(), 0.0);
  std::vector<std::vector<std::size_t>> in_entries(net.node_count());
  for (std::size_t p = 1; p < b.order.size(); ++p) {
    for (auto k = b.in_start[p]; k < b.in_start[p + 1]; ++k) {
      inflow[b.order[p]] += b.flow[k];
      if (b.flow[k] > 0.0) in_entries[b.order[p]].push_back(k);
    }
  }
  PathRef ref;
  ref.share.assign(net.link_count(), 0.0);
  std::vector<std::uint32_t> path;
  std::function<void(std::uint32_t, double)> walk = [&](std::uint32_t node, double prob) {
    if (node == origin) {
      double err = 0.0;
      for (const auto a : path) {
        ref.share[a] += prob;
        err += link_error[a];
      }
      ref.gradient += prob * err;
      return;
    }
    for (const auto k : in_entries[node]) {
      path.push_back(b.link[k]);
      walk(tails[b.link[k]], prob * b.flow[k] / inflow[node]);
      path.pop_back();
    }
  };
  walk(dest, 1.0);
  return ref;
}

TEST(MatrixEstimation, BushGradientAndLoadingMatchPathEnumeration) {
  const auto net = io::parse_tntp_network(test::grid_net(), "grid_net.tntp");
  DemandClass c;
  c.trips = io::parse_tntp_trips(test::grid_trips(), "grid_trips.tntp", net).trips;
  assignment::SolveOptions opt;
  opt.algorithm = assignment::Algorithm::algorithm_b;
  opt.stop.relative_gap = 1e-12;
  const auto sol = assignment::solve_algorithm_b_bushes(net, std::span(&c, 1), opt);
  ASSERT_EQ(sol.bushes.size(), 4u);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-50.0, 50.0);
  std::vector<double> err(net.link_count());
  for (auto& e : err) e = u(rng);
  std::size_t multi_route_pairs = 0;
  std::vector<double> row(net.zone_count()), scratch, unit(net.zone_count()), node_flow;
  assignment::bush::BushWorkspace ws(net.node_count(), net.link_count());
  for (const auto& bush : sol.bushes) {
    const auto b =
        assignment::bush::expand(net, bush, assignment::bush::trips_row(c.trips, bush.origin), ws);
    const std::uint32_t origin = bush.origin;
    od_gradient_row(b, err, row, scratch);
    for (std::uint32_t dest = 0; dest < net.zone_count(); ++dest) {
      if (dest == origin) continue;
      const auto ref = enumerate_paths(net, b, dest, err);
      double total_share_out = 0.0;
      for (auto a = net.out_offsets()[origin]; a < net.out_offsets()[origin + 1]; ++a)
        total_share_out += ref.share[a];
      EXPECT_NEAR(total_share_out, 1.0, 1e-12);  // the path probabilities add up to one
      EXPECT_NEAR(row[dest], ref.gradient, 1e-9 * (1.0 + std::abs(ref.gradient)))
          << "origin " << origin << " destination " << dest;
      // Loading one trip to dest puts p_ij^a on every bush link.
      std::fill(unit.begin(), unit.end(), 0.0);
      unit[dest] = 1.0;
      std::vector<double> entry(b.link.size());
      load_row_on_bush(b, unit, entry, node_flow);
      std::vector<double> by_link(net.link_count(), 0.0);
      for (std::size_t k = 0; k < b.link.size(); ++k) by_link[b.link[k]] += entry[k];
      std::size_t used = 0;
      for (std::uint32_t a = 0; a < net.link_count(); ++a) {
        EXPECT_NEAR(by_link[a], ref.share[a], 1e-12) << "link " << a;
        if (ref.share[a] > 1e-9 && ref.share[a] < 1 - 1e-9) ++used;
      }
      if (used > 0) ++multi_route_pairs;
    }
  }
  EXPECT_GE(multi_route_pairs, 4u) << "the grid should split OD flows over several routes";
}

// ---- SiouxFalls ----

struct SiouxFallsCase {
  network::RoadNetwork net;
  std::vector<DemandClass> prior;
  std::vector<LinkCount> counts;
  std::vector<double> best_flow;
  std::vector<char> counted;
};

SiouxFallsCase siouxfalls_case() {
  const auto dir = test::tntp_instance("SiouxFalls");
  SiouxFallsCase s;
  s.net = io::read_tntp_network(dir / "SiouxFalls_net.tntp");
  s.best_flow = io::read_tntp_flows(dir / "SiouxFalls_flow.tntp", s.net).volume;
  DemandClass c;
  c.trips = io::read_tntp_trips(dir / "SiouxFalls_trips.tntp", s.net).trips;
  std::mt19937 rng(2026);
  std::uniform_real_distribution<double> noise(0.6, 1.4);
  for (Eigen::Index i = 0; i < c.trips.size(); ++i) c.trips.data()[i] *= noise(rng);
  s.prior.push_back(c);
  std::vector<std::uint32_t> links(s.net.link_count());
  for (std::uint32_t a = 0; a < links.size(); ++a) links[a] = a;
  std::shuffle(links.begin(), links.end(), rng);
  links.resize(links.size() / 3);
  std::sort(links.begin(), links.end());
  s.counted.assign(s.net.link_count(), 0);
  for (const auto a : links) {
    LinkCount k;
    k.links = {a};
    k.count = s.best_flow[a];
    k.label = std::to_string(a);
    s.counts.push_back(k);
    s.counted[a] = 1;
  }
  return s;
}

double rmse_against_best(const SiouxFallsCase& s, const std::vector<double>& flow, bool counted) {
  double sq = 0.0;
  std::size_t n = 0;
  for (std::uint32_t a = 0; a < flow.size(); ++a) {
    if ((s.counted[a] != 0) != counted) continue;
    sq += (flow[a] - s.best_flow[a]) * (flow[a] - s.best_flow[a]);
    ++n;
  }
  return std::sqrt(sq / static_cast<double>(n));
}

TEST(MatrixEstimation, SiouxFallsFitsCountedLinksAndNotWorseElsewhere) {
  CORRIDOR_SKIP_IF_MISSING(test::tntp_instance("SiouxFalls"));
  const auto s = siouxfalls_case();
  ASSERT_EQ(s.counts.size(), 25u);
  EstimationOptions opt;  // defaults: ρ = 0.1, 20 iterations
  const auto r = estimate_demand(s.net, s.prior, s.counts, opt);
  const double counted_before = rmse_against_best(s, r.prior_assignment.link_flow, true);
  const double counted_after = rmse_against_best(s, r.assignment.link_flow, true);
  const double free_before = rmse_against_best(s, r.prior_assignment.link_flow, false);
  const double free_after = rmse_against_best(s, r.assignment.link_flow, false);
  RecordProperty("rmse_counted",
                 std::to_string(counted_before) + " -> " + std::to_string(counted_after));
  RecordProperty("rmse_uncounted",
                 std::to_string(free_before) + " -> " + std::to_string(free_after));
  EXPECT_NEAR(r.fit_before.rmse, counted_before, 1e-9 * counted_before);
  EXPECT_NEAR(r.fit_after.rmse, counted_after, 1e-9 * counted_before);
  EXPECT_LT(counted_after, 0.3 * counted_before);
  EXPECT_LE(free_after, free_before);
  EXPECT_GT(r.fit_after.geh_below_5_share, r.fit_before.geh_below_5_share);
  EXPECT_LT(r.assignment.relative_gap, 1e-8);
  // The prior term keeps the matrix near the prior: totals within 2 %.
  EXPECT_NEAR(r.movement.total_after / r.movement.total_before, 1.0, 0.02);
}

void expect_same_for_1_and_2_threads(const network::RoadNetwork& net,
                                     const std::vector<DemandClass>& prior,
                                     const std::vector<LinkCount>& counts) {
  EstimationOptions opt;
  opt.max_iterations = 5;
  EstimationResult one, two;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one = estimate_demand(net, prior, counts, opt);
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    two = estimate_demand(net, prior, counts, opt);
  }
  ASSERT_EQ(one.iterations, two.iterations);
  for (std::size_t k = 0; k < one.trips.size(); ++k) {
    for (Eigen::Index i = 0; i < one.trips[k].size(); ++i)
      ASSERT_EQ(one.trips[k].data()[i], two.trips[k].data()[i]) << "cell " << i;
  }
  EXPECT_EQ(one.modelled_after, two.modelled_after);
  EXPECT_EQ(one.assignment.link_flow, two.assignment.link_flow);
}

TEST(MatrixEstimation, SameResultOnOneAndTwoThreadsGrid) {
  const auto net = io::parse_tntp_network(test::grid_net(), "grid_net.tntp");
  DemandClass c;
  c.trips = io::parse_tntp_trips(test::grid_trips(), "grid_trips.tntp", net).trips;
  std::vector<LinkCount> counts;
  counts.push_back(count_on(net, 5, 6, 150.0));
  counts.push_back(count_on(net, 9, 12, 80.0));
  counts.push_back(count_on(net, 8, 11, 210.0));
  expect_same_for_1_and_2_threads(net, {c}, counts);
}

TEST(MatrixEstimation, SameResultOnOneAndTwoThreadsSiouxFalls) {
  CORRIDOR_SKIP_IF_MISSING(test::tntp_instance("SiouxFalls"));
  const auto s = siouxfalls_case();
  expect_same_for_1_and_2_threads(s.net, s.prior, s.counts);
}

// ---- Movement and reader ----

TEST(MatrixEstimation, MovementStatisticsByHand) {
  OdMatrix p(2, 2), g(2, 2);
  p << 0, 10, 20, 0;
  g << 0, 15, 10, 0;
  const auto mv = matrix_movement(std::span(&p, 1), std::span(&g, 1));
  EXPECT_DOUBLE_EQ(mv.total_before, 30.0);
  EXPECT_DOUBLE_EQ(mv.total_after, 25.0);
  EXPECT_DOUBLE_EQ(mv.absolute_change, 15.0);
  EXPECT_EQ(mv.cells, 2u);
  EXPECT_DOUBLE_EQ(mv.factor_min, 0.5);
  EXPECT_DOUBLE_EQ(mv.factor_p5, 0.55);  // linear between the order statistics 0.5 and 1.5
  EXPECT_DOUBLE_EQ(mv.factor_p50, 1.0);
  EXPECT_DOUBLE_EQ(mv.factor_p95, 1.45);
  EXPECT_DOUBLE_EQ(mv.factor_max, 1.5);
  EXPECT_EQ(mv.origin_before, (std::vector<double>{10.0, 20.0}));
  EXPECT_EQ(mv.origin_after, (std::vector<double>{15.0, 10.0}));
}

TEST(MatrixEstimation, DeadZone) {
  EXPECT_DOUBLE_EQ(dead_zone(30.0, 20.0), 10.0);
  EXPECT_DOUBLE_EQ(dead_zone(-30.0, 20.0), -10.0);
  EXPECT_DOUBLE_EQ(dead_zone(15.0, 20.0), 0.0);
  EXPECT_DOUBLE_EQ(dead_zone(-5.0, 0.0), -5.0);
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / ("corridor-me-" + name);
  std::ofstream(p) << text;
  return p;
}

TEST(MatrixEstimation, ReadsCountsWithClassAndTolerance) {
  const auto net = line_net();
  const auto p = write_temp("counts.csv",
                            "from_node,to_node,count,class,tolerance,source\n"
                            "3,4,300,all,10%,survey\n"
                            "3,4,50,truck,5,survey\n"
                            "1,3,290,,,\n");
  const std::vector<std::string> names{"car", "truck"};
  const auto c = read_link_counts(p, net, names);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].demand_class, kAllClasses);
  EXPECT_DOUBLE_EQ(c[0].tolerance, 30.0);
  EXPECT_EQ(c[1].demand_class, 1);
  EXPECT_DOUBLE_EQ(c[1].tolerance, 5.0);
  EXPECT_EQ(c[1].label, "3-4 truck");
  EXPECT_EQ(c[2].demand_class, kAllClasses);
  EXPECT_DOUBLE_EQ(c[2].count, 290.0);
  EXPECT_EQ(c[2].links,
            std::vector<std::uint32_t>{net.find_link(net.find_node(1), net.find_node(3)).value()});
  std::filesystem::remove(p);
}

TEST(MatrixEstimation, BadCountsNameFileLineAndField) {
  const auto net = line_net();
  const std::vector<std::string> names{"car"};
  const auto expect_error = [&](const std::string& text, const std::string& message) {
    const auto p = write_temp("bad.csv", text);
    try {
      read_link_counts(p, net, names);
      ADD_FAILURE() << "no error for " << text;
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr(message));
    }
    std::filesystem::remove(p);
  };
  expect_error("from_node,to_node,count\n1,3,5\n3,2,5\n", "bad.csv:3: field 'to_node'");
  expect_error("from_node,to_node,count\n1,3,-5\n", "bad.csv:2: field 'count'");
  expect_error("from_node,to_node,count\n1,3,5\n1,3,5\n", "already counted on line 2");
  expect_error("from_node,count\n1,5\n", "bad.csv:1: field 'to_node': required column");
  expect_error("from_node,to_node,count,class\n1,3,5,truck\n", "bad.csv:2: field 'class'");
  expect_error("from_node,to_node,count\n9,3,5\n", "bad.csv:2: field 'from_node'");
  expect_error("from_node,to_node,count\n", "bad.csv: expected at least one count");
}

}  // namespace
}  // namespace corridor::calibration
