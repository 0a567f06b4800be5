// Select-link and skims at equilibrium: Braess (paths known in closed form, see
// algorithm_b_test.cpp) and SiouxFalls against a slow reference that enumerates every used path
// of every bush with its proportional flow.
#include "assignment/select_link.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "assignment/od_skims.hpp"
#include "io/tntp.hpp"
#include "test_data.hpp"
#include "tntp_fixtures.hpp"

namespace corridor::assignment {
namespace {

using Instance = test::TntpInstance;

Instance load(const std::string& folder, const std::string& stem, double distance_factor = 0.0) {
  return test::load_tntp_instance(folder, stem, distance_factor);
}

BushSolution solve(const Instance& in, double gap) {
  SolveOptions opt;
  opt.algorithm = Algorithm::algorithm_b;
  opt.stop.relative_gap = gap;
  return solve_algorithm_b_bushes(in.net, std::span(&in.demand, 1), opt);
}

std::uint32_t link(const network::RoadNetwork& net, int from, int to) {
  return net.find_link(net.find_node(from), net.find_node(to)).value();
}

// Path A = 1-3-2 and B = 1-4-2 carry a = 2 + e/13 each, C = 1-3-4-2 carries c = 2 − 2e/13.
TEST(SelectLink, BraessKnownPathFlows) {
  const auto dir = test::tntp_instance("Braess-Example");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("Braess-Example", "Braess");
  const auto sol = solve(in, 1e-14);
  const double e = 1e-8, a = 2.0 + e / 13.0, c = 2.0 - 2.0 * e / 13.0;
  const std::vector<std::uint32_t> links = {link(in.net, 3, 4), link(in.net, 1, 3),
                                            link(in.net, 4, 2)};
  const auto od = select_link_od(in.net, std::span(&in.demand, 1), sol, links);
  ASSERT_EQ(od.size(), 3u);
  EXPECT_NEAR(od[0].by_class[0](0, 1), c, 1e-9);
  EXPECT_NEAR(od[1].by_class[0](0, 1), a + c, 1e-9);
  EXPECT_NEAR(od[2].by_class[0](0, 1), a + c, 1e-9);
  EXPECT_EQ(od[0].by_class[0](1, 0), 0.0);

  const auto skims = od_skims(in.net, std::span(&in.demand, 1), sol);
  const double path_cost = e + 10 * (a + c) + 50 + a;  // all used paths cost the same
  EXPECT_NEAR(skims[0].time_minutes(0, 1), path_cost, 1e-9);
  EXPECT_NEAR(skims[0].generalized_cost(0, 1), path_cost, 1e-9);
  const double len = in.net.length()[links[0]];  // every Braess link has the same length
  EXPECT_NEAR(skims[0].distance(0, 1), len * (2 * a + 2 * a + 3 * c) / 6.0, 1e-9);
  EXPECT_TRUE(std::isinf(skims[0].time_minutes(1, 0)));  // no way back
}

// Slow reference: enumerate every path of each bush over links with flow; a path's share of the
// traffic arriving at a zone is Π x_a / X_head(a) (proportional split).
TEST(SelectLink, SiouxFallsMatchesPathEnumeration) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto in = load("SiouxFalls", "SiouxFalls");
  const auto sol = solve(in, 1e-10);
  const auto& net = in.net;
  const std::vector<std::uint32_t> links = {link(net, 10, 15), link(net, 12, 13),
                                            link(net, 16, 17)};
  const auto od = select_link_od(net, std::span(&in.demand, 1), sol, links);
  const auto skims = od_skims(net, std::span(&in.demand, 1), sol);
  const auto& time = sol.result.link_time;
  const auto heads = net.heads();
  const auto off = net.out_offsets();
  const std::uint32_t zones = net.zone_count();
  bush::BushWorkspace ws(net.node_count(), net.link_count());
  for (const auto& b : sol.bushes) {
    std::vector<double> x(net.link_count(), 0.0), inflow(net.node_count(), 0.0);
    bush::for_each_link(net, b, bush::trips_row(in.demand.trips, b.origin), ws,
                        [&](std::uint32_t a, double f) {
                          x[a] = f;
                          inflow[heads[a]] += f;
                        });
    std::vector<std::vector<double>> ref(links.size(), std::vector<double>(zones, 0.0));
    std::vector<double> ref_time(zones, 0.0);
    std::vector<std::uint32_t> path;
    std::function<void(std::uint32_t, double, double)> dfs = [&](std::uint32_t v, double share,
                                                                 double minutes) {
      if (v < zones && v != b.origin) {
        const double d = in.demand.trips(b.origin, v);
        ref_time[v] += share * minutes;
        for (std::size_t l = 0; l < links.size(); ++l) {
          if (std::find(path.begin(), path.end(), links[l]) != path.end()) ref[l][v] += d * share;
        }
      }
      for (std::uint32_t a = off[v]; a < off[v + 1]; ++a) {
        if (x[a] <= 0.0) continue;
        path.push_back(a);
        dfs(heads[a], share * x[a] / inflow[heads[a]], minutes + time[a]);
        path.pop_back();
      }
    };
    dfs(b.origin, 1.0, 0.0);
    for (std::size_t l = 0; l < links.size(); ++l) {
      double total = 0.0;
      for (std::uint32_t s = 0; s < zones; ++s) {
        EXPECT_NEAR(od[l].by_class[0](b.origin, s), ref[l][s], 1e-9 * (1.0 + ref[l][s]))
            << "origin " << b.origin << " dest " << s << " link " << links[l];
        total += od[l].by_class[0](b.origin, s);
      }
      EXPECT_NEAR(total, x[links[l]], 1e-8 * (1.0 + x[links[l]]));  // Σ_s D_rs g_s = x_ra
    }
    for (std::uint32_t s = 0; s < zones; ++s) {
      if (s == b.origin || in.demand.trips(b.origin, s) <= 0.0) continue;
      EXPECT_NEAR(skims[0].time_minutes(b.origin, s), ref_time[s], 1e-9 * ref_time[s]);
    }
  }
}

}  // namespace
}  // namespace corridor::assignment
