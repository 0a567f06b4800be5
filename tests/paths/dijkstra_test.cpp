// Shortest path trees checked against Boost.Graph's own dijkstra_shortest_paths (the reference)
// on the shipped TNTP networks, and the first-thru-node rule on an inline network.
#include "paths/dijkstra.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>
#include <cmath>
#include <filesystem>
#include <random>

#include "io/tntp.hpp"
#include "test_data.hpp"

namespace corridor::paths {
namespace {

using network::LinkSpec;
using network::NodeSpec;
using network::RoadNetwork;

// Reference: Boost's Dijkstra on the same CSR topology. The first-thru-node rule is imposed by
// giving links that leave a non-passable node (other than the origin) an infinite cost.
std::vector<double> boost_distances(const RoadNetwork& net, std::vector<double> cost,
                                    std::uint32_t origin) {
  const auto& g = net.topology();
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    const auto tail = net.tails()[a];
    if (!net.passable(tail) && tail != origin) cost[a] = kUnreachable;
  }
  std::vector<double> dist(net.node_count());
  auto weight = boost::make_iterator_property_map(cost.begin(), get(boost::edge_index, g));
  boost::dijkstra_shortest_paths(g, origin,
                                 boost::weight_map(weight)
                                     .distance_map(boost::make_iterator_property_map(
                                         dist.begin(), get(boost::vertex_index, g)))
                                     .distance_inf(kUnreachable));
  return dist;
}

void check_tree(const RoadNetwork& net, std::span<const double> cost, std::uint32_t origin,
                const DijkstraWorkspace& ws, const std::vector<double>& ref) {
  for (std::uint32_t v = 0; v < net.node_count(); ++v) {
    if (std::isinf(ref[v])) {
      EXPECT_TRUE(std::isinf(ws.distance(v))) << "node " << v;
      continue;
    }
    ASSERT_NEAR(ws.distance(v), ref[v], 1e-9 * (1.0 + ref[v]))
        << "origin " << origin << " node " << v;
    const auto a = ws.pred_link(v);
    if (v == origin) {
      EXPECT_EQ(a, kNoLink);
    } else {
      ASSERT_NE(a, kNoLink);
      EXPECT_EQ(net.heads()[a], v);
      EXPECT_DOUBLE_EQ(ws.distance(net.tails()[a]) + cost[a], ws.distance(v));
    }
  }
  // Settled order is by non-decreasing distance and covers exactly the reachable nodes.
  const auto order = ws.settled_order();
  std::size_t reachable = 0;
  for (double d : ref) reachable += std::isinf(d) ? 0 : 1;
  EXPECT_EQ(order.size(), reachable);
  for (std::size_t i = 1; i < order.size(); ++i) {
    EXPECT_LE(ws.distance(order[i - 1]), ws.distance(order[i]));
  }
}

void compare_with_boost(const std::string& instance, const std::string& file) {
  const auto path = test::tntp_instance(instance) / file;
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  const auto net = io::read_tntp_network(path);
  std::vector<double> cost(net.free_flow_minutes().begin(), net.free_flow_minutes().end());
  // Perturb costs a little (deterministic seed) so that the second case has few ties.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> jitter(0.0, 0.5);
  std::vector<double> noisy = cost;
  for (auto& c : noisy) c += jitter(rng);
  DijkstraWorkspace ws(net.node_count());
  for (const auto kind : {HeapKind::quaternary, HeapKind::binary, HeapKind::lazy_binary,
                          HeapKind::quaternary_pairs}) {
    for (const auto* c : {&cost, &noisy}) {
      for (std::uint32_t o = 0; o < net.zone_count(); o += std::max(1u, net.zone_count() / 25)) {
        shortest_path_tree(net, *c, o, ws, kind);
        check_tree(net, *c, o, ws, boost_distances(net, *c, o));
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

TEST(Dijkstra, MatchesBoostOnSiouxFalls) {
  compare_with_boost("SiouxFalls", "SiouxFalls_net.tntp");
}
TEST(Dijkstra, MatchesBoostOnChicagoSketch) {
  compare_with_boost("Chicago-Sketch", "ChicagoSketch_net.tntp");
}
TEST(Dijkstra, MatchesBoostOnAnaheimWithFirstThruNode) {
  compare_with_boost("Anaheim", "Anaheim_net.tntp");  // first thru node 39: 38 centroids
}

// Inline network, first thru node = 2 (nodes 0 and 1 are zones):
//
//   0 --1--> 1 --1--> 3          The cheap route 0 -> 1 -> 3 (cost 2) passes through zone 1 and
//   |                 ^          is forbidden; the path to 3 must be 0 -> 2 -> 3 (cost 10).
//   +---5--> 2 --5----+          Zone 1 itself is still reached (cost 1), and from origin 1 the
//                                zone's own out-links are usable.
TEST(Dijkstra, ZonesBelowFirstThruNodeAreNotPassedThrough) {
  std::vector<NodeSpec> nodes(4);
  for (std::uint32_t v = 0; v < 4; ++v) nodes[v].label = v + 1;
  auto link = [](std::uint32_t f, std::uint32_t t, double c) {
    LinkSpec s;
    s.from = NodeId(f);
    s.to = NodeId(t);
    s.free_flow_minutes = c;
    s.capacity = 1.0;
    return s;
  };
  const auto net =
      RoadNetwork::build(nodes, {link(0, 1, 1), link(1, 3, 1), link(0, 2, 5), link(2, 3, 5)}, 2, 2);
  std::vector<double> cost(net.free_flow_minutes().begin(), net.free_flow_minutes().end());
  DijkstraWorkspace ws(net.node_count());
  for (const auto kind : {HeapKind::quaternary, HeapKind::binary, HeapKind::lazy_binary,
                          HeapKind::quaternary_pairs}) {
    shortest_path_tree(net, cost, 0, ws, kind);
    EXPECT_DOUBLE_EQ(ws.distance(0), 0.0);
    EXPECT_DOUBLE_EQ(ws.distance(1), 1.0);
    EXPECT_DOUBLE_EQ(ws.distance(2), 5.0);
    EXPECT_DOUBLE_EQ(ws.distance(3), 10.0);
    EXPECT_EQ(net.tails()[ws.pred_link(3)], 2u);
    shortest_path_tree(net, cost, 1, ws, kind);
    EXPECT_DOUBLE_EQ(ws.distance(3), 1.0);
    EXPECT_TRUE(std::isinf(ws.distance(0)));  // O(1) reset: nothing left from the last search
    EXPECT_EQ(ws.pred_link(0), kNoLink);
    EXPECT_EQ(ws.settled_order().size(), 2u);
  }
}

TEST(Dijkstra, StopsOnceTheZonesWithDemandAreSettled) {
  for (const auto& [folder, file] :
       {std::pair{"Anaheim", "Anaheim_net.tntp"}, std::pair{"SiouxFalls", "SiouxFalls_net.tntp"}}) {
    const auto path = test::tntp_instance(folder) / file;
    CORRIDOR_SKIP_IF_MISSING(path);
    const auto net = io::read_tntp_network(path);
    const std::vector<double> cost(net.free_flow_minutes().begin(), net.free_flow_minutes().end());
    DijkstraWorkspace full(net.node_count());
    DijkstraWorkspace part(net.node_count());
    std::mt19937 rng(3);
    std::bernoulli_distribution has_trips(0.2);
    std::vector<double> row(net.zone_count());
    for (std::uint32_t o = 0; o < net.zone_count(); ++o) {
      shortest_path_tree(net, cost, o, full);
      for (auto& q : row) q = has_trips(rng) ? 1.0 : 0.0;
      shortest_path_tree_to_zones(net, cost, o, row, part);
      // Every zone with demand is settled with its final distance and tree link.
      for (std::uint32_t d = 0; d < net.zone_count(); ++d) {
        if (d == o || row[d] == 0.0) continue;
        ASSERT_EQ(part.distance(d), full.distance(d)) << folder << " " << o << "->" << d;
      }
      for (const auto v : part.settled_order()) {
        ASSERT_EQ(part.distance(v), full.distance(v));
        ASSERT_EQ(part.pred_link(v), full.pred_link(v));
      }
      EXPECT_LE(part.settled_order().size(), full.settled_order().size());
    }
  }
}

// A workspace reused after searches that stopped early (nodes left queued) and after empty rows
// gives the same trees as a fresh workspace: reset() restores every label it touched.
TEST(Dijkstra, ReusedWorkspaceEqualsFreshOne) {
  const auto path = test::tntp_instance("Anaheim") / "Anaheim_net.tntp";
  CORRIDOR_SKIP_IF_MISSING(path);
  const auto net = io::read_tntp_network(path);
  const std::vector<double> cost(net.free_flow_minutes().begin(), net.free_flow_minutes().end());
  DijkstraWorkspace reused(net.node_count());
  std::vector<double> row(net.zone_count(), 0.0);
  for (std::uint32_t o = 0; o < net.zone_count(); ++o) {
    // An early stop after the nearest few zones, then a row without trips, then a full tree.
    std::fill(row.begin(), row.end(), 0.0);
    row[(o + 1) % net.zone_count()] = 1.0;
    shortest_path_tree_to_zones(net, cost, o, row, reused);
    ASSERT_FALSE(reused.settled_order().empty());
    std::fill(row.begin(), row.end(), 0.0);
    row[o] = 5.0;  // demand to itself only: nothing to search
    shortest_path_tree_to_zones(net, cost, o, row, reused);
    EXPECT_TRUE(reused.settled_order().empty());
    shortest_path_tree(net, cost, o, reused);
    DijkstraWorkspace fresh(net.node_count());
    shortest_path_tree(net, cost, o, fresh);
    for (std::uint32_t v = 0; v < net.node_count(); ++v) {
      ASSERT_EQ(reused.distance(v), fresh.distance(v)) << o << " " << v;
      ASSERT_EQ(reused.pred_link(v), fresh.pred_link(v)) << o << " " << v;
    }
    ASSERT_TRUE(std::equal(reused.settled_order().begin(), reused.settled_order().end(),
                           fresh.settled_order().begin(), fresh.settled_order().end()));
  }
}

TEST(Dijkstra, InfiniteCostLinksAreNotUsed) {
  std::vector<NodeSpec> nodes(3);
  LinkSpec a;
  a.from = NodeId(0);
  a.to = NodeId(1);
  a.free_flow_minutes = 1;
  a.capacity = 1;
  LinkSpec b = a;
  b.from = NodeId(1);
  b.to = NodeId(2);
  const auto net = RoadNetwork::build(nodes, {a, b}, 1, 1);
  std::vector<double> cost{1.0, kUnreachable};
  DijkstraWorkspace ws(3);
  shortest_path_tree(net, cost, 0, ws);
  EXPECT_DOUBLE_EQ(ws.distance(1), 1.0);
  EXPECT_TRUE(std::isinf(ws.distance(2)));
  EXPECT_EQ(ws.pred_link(2), kNoLink);
}

// leaf_nodes by hand:
//   0 <==> 2 <==> 3 <==> 4      0, 1: zones (first thru node 2); 0 hangs on 2 (pendant anyway)
//          ^      |             1: a zone with links to 2 and 3 (not pendant, but below first thru)
//   1 <==> 2, 1 <==> 3          5: pendant on 3 (links 3->5 and 5->3, a parallel 3->5 too)
//          3 <==> 5 (twice)     6: a sink, reached from 4 only (pendant: one neighbour)
//          4 --> 6              2, 3, 4: paths pass through them
TEST(Dijkstra, LeafNodesAreCentroidsAndPendants) {
  std::vector<NodeSpec> nodes(7);
  for (std::uint32_t v = 0; v < 7; ++v) nodes[v].label = v + 1;
  auto link = [](std::uint32_t f, std::uint32_t t) {
    LinkSpec s;
    s.from = NodeId(f);
    s.to = NodeId(t);
    s.free_flow_minutes = 1.0;
    s.capacity = 1.0;
    return s;
  };
  const auto net = RoadNetwork::build(
      nodes,
      {link(0, 2), link(2, 0), link(1, 2), link(2, 1), link(1, 3), link(3, 1), link(2, 3),
       link(3, 2), link(3, 4), link(4, 3), link(3, 5), link(5, 3), link(3, 5), link(4, 6)},
      2, 2);
  EXPECT_EQ(leaf_nodes(net), (std::vector<std::uint8_t>{1, 1, 0, 0, 0, 1, 1}));
}

// The loading search gives every zone with demand its final distance, and its tree is a shortest
// path tree, on networks whose zones are centroids below the first thru node (Anaheim), pendant
// but passable (Chicago-Sketch: FIRST THRU NODE 1, each zone on one connector pair) or neither
// (SiouxFalls); against the full search, with random demand rows and a reused workspace.
TEST(Dijkstra, LeafSearchGivesTheFinalDistancesOfTheZonesWithDemand) {
  for (const auto& [folder, file] :
       {std::pair{"Anaheim", "Anaheim_net.tntp"}, std::pair{"SiouxFalls", "SiouxFalls_net.tntp"},
        std::pair{"Chicago-Sketch", "ChicagoSketch_net.tntp"}}) {
    const auto path = test::tntp_instance(folder) / file;
    if (!std::filesystem::exists(path)) continue;
    const auto net = io::read_tntp_network(path);
    const std::vector<double> cost(net.free_flow_minutes().begin(), net.free_flow_minutes().end());
    const auto leaf = leaf_nodes(net);
    DijkstraWorkspace full(net.node_count());
    DijkstraWorkspace part(net.node_count());
    std::mt19937 rng(5);
    std::vector<double> row(net.zone_count());
    for (std::uint32_t o = 0; o < net.zone_count(); ++o) {
      std::bernoulli_distribution has_trips(o % 3 == 0 ? 0.02 : 0.5);
      for (auto& q : row) q = has_trips(rng) ? 1.0 : 0.0;
      shortest_path_tree(net, cost, o, full);
      shortest_path_tree_to_zones_leaves(net, cost, o, row, leaf, part);
      for (std::uint32_t d = 0; d < net.zone_count(); ++d) {
        if (d == o || row[d] == 0.0) continue;
        ASSERT_EQ(part.distance(d), full.distance(d)) << folder << " " << o << "->" << d;
        if (std::isinf(full.distance(d))) continue;
        const auto a = part.pred_link(d);
        ASSERT_EQ(net.heads()[a], d);
        ASSERT_EQ(part.distance(net.tails()[a]) + cost[a], part.distance(d));
      }
      double last = 0.0;
      for (const auto v : part.settled_order()) {
        ASSERT_TRUE(v == o || leaf[v] == 0) << folder << " leaf " << v << " was settled";
        ASSERT_EQ(part.distance(v), full.distance(v));
        ASSERT_GE(part.distance(v), last);
        last = part.distance(v);
      }
    }
    // Leaves are flagged on every zone of Chicago-Sketch although its file lets paths pass them.
    if (std::string(folder) == "Chicago-Sketch") {
      EXPECT_EQ(std::count(leaf.begin(), leaf.end(), 1), 391);
      EXPECT_TRUE(std::all_of(leaf.begin(), leaf.begin() + net.zone_count(),
                              [](std::uint8_t f) { return f == 1; }));
    }
  }
}

}  // namespace
}  // namespace corridor::paths
