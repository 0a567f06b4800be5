// AoN loading checked against a slow, obvious reference: Boost.Graph's Dijkstra per origin and a
// walk of every OD path along its predecessor map, adding the demand link by link.
#include "assignment/all_or_nothing.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <tuple>

#include "io/tntp.hpp"
#include "paths/dijkstra.hpp"
#include "test_data.hpp"

namespace corridor::assignment {
namespace {

std::vector<double> reference_aon(const network::RoadNetwork& net, const std::vector<double>& cost,
                                  const OdMatrix& trips, double& sptt) {
  const auto& g = net.topology();
  std::vector<double> flow(net.link_count(), 0.0);
  sptt = 0.0;
  for (std::uint32_t o = 0; o < net.zone_count(); ++o) {
    // First-thru rule: links out of other zones are unusable from this origin.
    std::vector<double> c = cost;
    for (std::uint32_t a = 0; a < net.link_count(); ++a) {
      if (!net.passable(net.tails()[a]) && net.tails()[a] != o) c[a] = paths::kUnreachable;
    }
    std::vector<double> dist(net.node_count());
    std::vector<std::uint32_t> pred_link(net.node_count(), paths::kNoLink);
    auto weight = boost::make_iterator_property_map(c.begin(), get(boost::edge_index, g));
    struct Recorder : boost::default_dijkstra_visitor {
      std::vector<std::uint32_t>* pred;
      void edge_relaxed(network::RoadNetwork::Topology::edge_descriptor e,
                        const network::RoadNetwork::Topology&) {
        (*pred)[target(e, *graph)] = static_cast<std::uint32_t>(get(boost::edge_index, *graph, e));
      }
      const network::RoadNetwork::Topology* graph;
    } rec;
    rec.pred = &pred_link;
    rec.graph = &g;
    boost::dijkstra_shortest_paths(g, o,
                                   boost::weight_map(weight)
                                       .distance_map(boost::make_iterator_property_map(
                                           dist.begin(), get(boost::vertex_index, g)))
                                       .distance_inf(paths::kUnreachable)
                                       .visitor(rec));
    for (std::uint32_t d = 0; d < net.zone_count(); ++d) {
      const double q = trips(o, d);
      if (d == o || q <= 0.0 || std::isinf(dist[d])) continue;
      sptt += q * dist[d];
      for (std::uint32_t v = d; v != o;) {
        const auto a = pred_link[v];
        flow[a] += q;
        v = net.tails()[a];
      }
    }
  }
  return flow;
}

void check_against_reference(const std::string& instance, const std::string& stem) {
  const auto dir = test::tntp_instance(instance);
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "missing " << dir;
  const auto net = io::read_tntp_network(dir / (stem + "_net.tntp"));
  const auto trips = io::read_tntp_trips(dir / (stem + "_trips.tntp"), net);
  std::vector<double> cost(net.free_flow_minutes().begin(), net.free_flow_minutes().end());
  std::mt19937 rng(11);  // break ties so both implementations pick the same paths
  std::uniform_real_distribution<double> jitter(1e-3, 1e-1);
  for (auto& c : cost) c += jitter(rng);
  double ref_sptt = 0.0;
  const auto ref = reference_aon(net, cost, trips.trips, ref_sptt);
  AonLoader aon(net);
  std::vector<double> flow(net.link_count());
  const auto stats = aon.load(cost, trips.trips, flow);
  EXPECT_NEAR(stats.sptt, ref_sptt, 1e-9 * ref_sptt);
  EXPECT_EQ(stats.unassigned, 0.0);
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    ASSERT_NEAR(flow[a], ref[a], 1e-9 * (1.0 + ref[a])) << "link " << a;
  }
}

TEST(AllOrNothing, MatchesPathWalkReferenceOnSiouxFalls) {
  check_against_reference("SiouxFalls", "SiouxFalls");
}
TEST(AllOrNothing, MatchesPathWalkReferenceOnAnaheim) {
  check_against_reference("Anaheim", "Anaheim");
}
TEST(AllOrNothing, MatchesPathWalkReferenceOnChicagoSketch) {
  check_against_reference("Chicago-Sketch", "ChicagoSketch");
}

TEST(AllOrNothing, SameBitsForOneAndTwoThreads) {
  const auto dir = test::tntp_instance("Chicago-Sketch");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto net = io::read_tntp_network(dir / "ChicagoSketch_net.tntp");
  const auto trips = io::read_tntp_trips(dir / "ChicagoSketch_trips.tntp", net);
  std::vector<double> cost(net.free_flow_minutes().begin(), net.free_flow_minutes().end());
  auto run = [&](int threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                           static_cast<std::size_t>(threads));
    AonLoader aon(net);
    std::vector<double> flow(net.link_count());
    const auto s = aon.load(cost, trips.trips, flow);
    flow.push_back(s.sptt);
    return flow;
  };
  const auto one = run(1);
  const auto two = run(2);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    ASSERT_EQ(std::memcmp(&one[i], &two[i], sizeof(double)), 0) << i;
  }
}

TEST(AllOrNothing, UnreachableDemandIsCountedNotLoaded) {
  // Zones 0 and 1, one link 0 -> 1 only: demand 1 -> 0 cannot be served.
  std::vector<network::NodeSpec> nodes(2);
  network::LinkSpec l;
  l.from = NodeId(0);
  l.to = NodeId(1);
  l.free_flow_minutes = 2.0;
  l.capacity = 1.0;
  const auto net = network::RoadNetwork::build(nodes, {l}, 2, 2);
  OdMatrix trips(2, 2);
  trips << 0.0, 3.0, 4.0, 0.0;
  AonLoader aon(net);
  std::vector<double> flow(1);
  const std::vector<double> cost{2.0};
  const auto s = aon.load(cost, trips, flow);
  EXPECT_DOUBLE_EQ(flow[0], 3.0);
  EXPECT_DOUBLE_EQ(s.sptt, 6.0);
  EXPECT_DOUBLE_EQ(s.unassigned, 4.0);
  EXPECT_DOUBLE_EQ(s.demand, 7.0);
}

// Zones that are passable but pendant (as every Chicago-Sketch zone): the search keeps them out
// of its heap as leaves, and their trips still load the whole path, both ways. By hand:
//   A(0) <=1=> 2 <=5=> 3 <=1=> B(1), plus a detour 2 -> 4 -> 3 of 3 + 3
// A -> B: 10 trips on 0->2, 2->3, 3->1 (cost 7); B -> A: 4 trips on 1->3, 3->2, 2->0 (cost 7).
TEST(AllOrNothing, PendantZonesLoadTheirWholePaths) {
  std::vector<network::NodeSpec> nodes(5);
  std::vector<network::LinkSpec> links;
  for (const auto& [f, t, c] : {std::tuple{0, 2, 1.0}, std::tuple{2, 0, 1.0}, std::tuple{1, 3, 1.0},
                                std::tuple{3, 1, 1.0}, std::tuple{2, 3, 5.0}, std::tuple{3, 2, 5.0},
                                std::tuple{2, 4, 3.0}, std::tuple{4, 3, 3.0}}) {
    network::LinkSpec l;
    l.from = NodeId(static_cast<std::uint32_t>(f));
    l.to = NodeId(static_cast<std::uint32_t>(t));
    l.free_flow_minutes = c;
    l.capacity = 1.0;
    links.push_back(l);
  }
  const auto net = network::RoadNetwork::build(nodes, links, 2, 0);  // every node passable
  ASSERT_EQ(paths::leaf_nodes(net), (std::vector<std::uint8_t>{1, 1, 0, 0, 0}));
  OdMatrix trips(2, 2);
  trips << 0.0, 10.0, 4.0, 0.0;
  AonLoader aon(net);
  std::vector<double> flow(net.link_count());
  const std::vector<double> cost(net.free_flow_minutes().begin(), net.free_flow_minutes().end());
  const auto s = aon.load(cost, trips, flow);
  EXPECT_DOUBLE_EQ(s.sptt, 98.0);
  EXPECT_DOUBLE_EQ(s.demand, 14.0);
  EXPECT_DOUBLE_EQ(s.unassigned, 0.0);
  auto on = [&](std::uint32_t f, std::uint32_t t) {
    return flow[net.find_link(NodeId(f), NodeId(t)).value()];
  };
  EXPECT_DOUBLE_EQ(on(0, 2), 10.0);
  EXPECT_DOUBLE_EQ(on(2, 3), 10.0);
  EXPECT_DOUBLE_EQ(on(3, 1), 10.0);
  EXPECT_DOUBLE_EQ(on(1, 3), 4.0);
  EXPECT_DOUBLE_EQ(on(3, 2), 4.0);
  EXPECT_DOUBLE_EQ(on(2, 0), 4.0);
  EXPECT_DOUBLE_EQ(on(2, 4), 0.0);
  EXPECT_DOUBLE_EQ(on(4, 3), 0.0);
}

}  // namespace
}  // namespace corridor::assignment
