// loading_tree (paths/loading_search.hpp) against shortest_path_tree_to_zones_leaves, the search
// the all-or-nothing loader used before it (itself checked against Boost in dijkstra_test.cpp):
// the same settled order, the same distances and tree links, bit for bit, on costs full of exact
// ties (integer and unit costs, zero-cost connectors), where any other priority queue or order of
// relaxation would pick other trees. Parallel links (a node pushed and then decreased by the same
// relaxation loop), +inf costs, rows with no or few destinations and a reused workspace included.
#include "paths/loading_search.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "io/tntp.hpp"
#include "paths/dijkstra.hpp"
#include "test_data.hpp"

namespace corridor::paths {
namespace {

using network::LinkSpec;
using network::NodeSpec;
using network::RoadNetwork;

// Runs both searches for every origin with random rows; adds to `ties` how many settled nodes had
// the same distance as the node settled before them (ties the heap had to order).
void expect_same_trees(const RoadNetwork& net, const std::vector<double>& cost, std::uint32_t seed,
                       const std::string& what, std::size_t& ties) {
  const auto leaf = leaf_nodes(net);
  DijkstraWorkspace old_ws(net.node_count());
  LoadingWorkspace ws(net);
  std::mt19937 rng(seed);
  std::vector<double> row(net.zone_count());
  for (std::uint32_t o = 0; o < net.zone_count(); ++o) {
    const double density = o % 4 == 0 ? 0.03 : (o % 4 == 1 ? 0.0 : 0.6);
    std::bernoulli_distribution has_trips(density);
    for (auto& q : row) q = has_trips(rng) ? 1.0 + static_cast<double>(rng() % 7u) : 0.0;
    shortest_path_tree_to_zones_leaves(net, cost, o, row, leaf, old_ws);
    loading_tree(net, cost, o, row, leaf, ws);
    const auto expected = old_ws.settled_order();
    const auto got = ws.settled_order();
    ASSERT_EQ(std::vector<std::uint32_t>(got.begin(), got.end()),
              std::vector<std::uint32_t>(expected.begin(), expected.end()))
        << what << " origin " << o;
    for (std::size_t i = 0; i < got.size(); ++i) {
      const auto v = got[i];
      ASSERT_EQ(std::bit_cast<std::uint64_t>(ws.distance(v)),
                std::bit_cast<std::uint64_t>(old_ws.distance(v)))
          << what << " origin " << o << " node " << v;
      if (v != o) {
        ASSERT_EQ(ws.pred_link(v), old_ws.pred_link(v)) << what << " " << o << " " << v;
      }
      ties += i > 0 && ws.distance(v) == ws.distance(got[i - 1]);
    }
    std::vector<std::uint32_t> wanted;
    for (std::uint32_t d = 0; d < net.zone_count(); ++d) {
      if (d == o || !(row[d] > 0.0)) continue;
      wanted.push_back(d);
      ASSERT_EQ(std::bit_cast<std::uint64_t>(ws.distance(d)),
                std::bit_cast<std::uint64_t>(old_ws.distance(d)))
          << what << " " << o << "->" << d;
      if (!std::isinf(ws.distance(d))) {
        ASSERT_EQ(ws.pred_link(d), old_ws.pred_link(d)) << what << " " << o << "->" << d;
      }
    }
    const auto dest = ws.destinations();
    ASSERT_EQ(std::vector<std::uint32_t>(dest.begin(), dest.end()), wanted) << what << " " << o;
  }
}

TEST(LoadingSearch, SameTreesAsTheLeavesSearchOnTntpNetworksWithTies) {
  for (const auto& [folder, stem] :
       {std::pair{"SiouxFalls", "SiouxFalls"}, std::pair{"Anaheim", "Anaheim"},
        std::pair{"Chicago-Sketch", "ChicagoSketch"}}) {
    const auto path = test::tntp_instance(folder) / (std::string(stem) + "_net.tntp");
    if (!std::filesystem::exists(path)) continue;
    const auto net = io::read_tntp_network(path);
    const std::vector<double> free_flow(net.free_flow_minutes().begin(),
                                        net.free_flow_minutes().end());
    std::vector<double> rounded = free_flow;  // whole minutes: many equal distances
    for (auto& c : rounded) c = std::round(c);
    const std::vector<double> unit(net.link_count(), 1.0);
    std::vector<double> closed = free_flow;  // every 7th link closed
    for (std::size_t a = 0; a < closed.size(); a += 7) closed[a] = kUnreachable;
    std::size_t ties = 0;
    expect_same_trees(net, free_flow, 1, std::string(folder) + " free flow", ties);
    expect_same_trees(net, rounded, 2, std::string(folder) + " rounded", ties);
    expect_same_trees(net, unit, 3, std::string(folder) + " unit", ties);
    expect_same_trees(net, closed, 4, std::string(folder) + " closed", ties);
    EXPECT_GT(ties, 100u) << folder << ": the costs were meant to make the heap break ties";
  }
}

// Random networks: a grid of two-way streets with integer costs, some doubled by a parallel link
// (sometimes cheaper, so the second relaxation lowers a label the first just set), zones hanging
// on one connector pair (leaves) or, on the others, joined to two grid nodes (passable), and a
// first thru node below or above the zones.
TEST(LoadingSearch, SameTreesAsTheLeavesSearchOnRandomGridsWithParallelLinks) {
  for (std::uint32_t seed = 0; seed < 12; ++seed) {
    std::mt19937 rng(100 + seed);
    auto draw = [&rng](std::uint32_t k) { return static_cast<std::uint32_t>(rng() % k); };
    const std::uint32_t side = 6 + seed % 5;
    const std::uint32_t zones = 5 + seed % 7;
    const std::uint32_t n = zones + side * side;
    std::vector<NodeSpec> nodes(n);
    for (std::uint32_t v = 0; v < n; ++v) nodes[v].label = v + 1;
    std::vector<LinkSpec> links;
    auto add = [&](std::uint32_t f, std::uint32_t t, double c) {
      LinkSpec s;
      s.from = NodeId(f);
      s.to = NodeId(t);
      s.free_flow_minutes = c;
      s.capacity = 1.0;
      links.push_back(s);
    };
    auto grid = [&](std::uint32_t r, std::uint32_t c) { return zones + r * side + c; };
    for (std::uint32_t r = 0; r < side; ++r) {
      for (std::uint32_t c = 0; c < side; ++c) {
        for (const auto& [r2, c2] : {std::pair{r + 1, c}, std::pair{r, c + 1}}) {
          if (r2 >= side || c2 >= side) continue;
          const double cost = static_cast<double>(1 + draw(3));
          add(grid(r, c), grid(r2, c2), cost);
          add(grid(r2, c2), grid(r, c), cost);
          if (draw(5) == 0) add(grid(r, c), grid(r2, c2), cost - static_cast<double>(draw(2)));
        }
      }
    }
    for (std::uint32_t z = 0; z < zones; ++z) {
      const std::uint32_t w = grid(draw(side), draw(side));
      add(z, w, 0.0);
      add(w, z, 0.0);
      if (z % 3 == 2) {  // a second connector: not a pendant node
        const std::uint32_t w2 = grid(draw(side), draw(side));
        add(z, w2, 1.0);
        add(w2, z, 1.0);
      }
    }
    const std::uint32_t first_thru = seed % 2 == 0 ? 1 : zones + 1;
    const auto net = RoadNetwork::build(nodes, links, zones, first_thru);
    const std::vector<double> cost(net.free_flow_minutes().begin(), net.free_flow_minutes().end());
    std::size_t ties = 0;
    expect_same_trees(net, cost, seed, "grid " + std::to_string(seed), ties);
    EXPECT_GT(ties, 0u) << "grid " << seed;
  }
}

}  // namespace
}  // namespace corridor::paths
