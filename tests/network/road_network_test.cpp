#include "network/road_network.hpp"

#include <gtest/gtest.h>

namespace corridor::network {
namespace {

// Diamond, links given out of tail order:   0 -> 1 -> 3,  0 -> 2 -> 3,  2 -> 1
RoadNetwork diamond() {
  std::vector<NodeSpec> nodes{{10, 0, 0}, {20, 1, 1}, {30, 1, -1}, {40, 2, 0}};
  auto link = [](std::uint32_t a, std::uint32_t b, double t) {
    LinkSpec s;
    s.from = NodeId(a);
    s.to = NodeId(b);
    s.free_flow_minutes = t;
    s.capacity = 100;
    return s;
  };
  std::vector<LinkSpec> links{link(2, 3, 1), link(0, 1, 2), link(1, 3, 3), link(0, 2, 4),
                              link(2, 1, 5)};
  return RoadNetwork::build(nodes, links, 1, 1);
}

TEST(RoadNetwork, CsrIsSortedByTailAndKeepsInputOrderMapping) {
  const auto net = diamond();
  ASSERT_EQ(net.link_count(), 5u);
  const auto off = net.out_offsets();
  EXPECT_EQ(std::vector<std::uint32_t>(off.begin(), off.end()),
            (std::vector<std::uint32_t>{0, 2, 3, 5, 5}));
  // Node 0's links in input order: (0,1) then (0,2).
  EXPECT_EQ(net.heads()[0], 1u);
  EXPECT_EQ(net.heads()[1], 2u);
  EXPECT_EQ(net.free_flow_minutes()[0], 2.0);
  // Node 2's links keep input order: (2,3) before (2,1).
  EXPECT_EQ(net.heads()[3], 3u);
  EXPECT_EQ(net.heads()[4], 1u);
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    EXPECT_EQ(net.link_at_input(net.input_index(LinkId(a))), LinkId(a));
  }
  EXPECT_EQ(net.input_index(LinkId(3)), 0u);  // first input row (2,3)
}

TEST(RoadNetwork, BackwardStarListsEveryLinkOnceAtItsHead) {
  const auto net = diamond();
  const auto in_off = net.in_offsets();
  const auto in = net.in_links();
  std::vector<int> count(net.link_count(), 0);
  for (std::uint32_t v = 0; v < net.node_count(); ++v) {
    for (auto i = in_off[v]; i < in_off[v + 1]; ++i) {
      EXPECT_EQ(net.heads()[in[i]], v);
      ++count[in[i]];
    }
  }
  for (int c : count) EXPECT_EQ(c, 1);
  EXPECT_EQ(in_off[2] - in_off[1], 2u);  // node 1 has two in-links, (0,1) and (2,1)
}

TEST(RoadNetwork, LookupsAndRoundTripOfSpecs) {
  const auto net = diamond();
  EXPECT_EQ(net.find_node(30), NodeId(2));
  EXPECT_FALSE(net.find_node(31).valid());
  EXPECT_EQ(net.find_link(NodeId(2), NodeId(1)), LinkId(4));
  EXPECT_FALSE(net.find_link(NodeId(3), NodeId(0)).valid());
  const auto specs = net.link_specs();
  ASSERT_EQ(specs.size(), 5u);
  EXPECT_EQ(specs[0].from, NodeId(2));
  EXPECT_EQ(specs[4].free_flow_minutes, 5.0);
  const auto again = RoadNetwork::build(net.node_specs(), specs, 1, 1);
  EXPECT_EQ(std::vector<std::uint32_t>(again.heads().begin(), again.heads().end()),
            std::vector<std::uint32_t>(net.heads().begin(), net.heads().end()));
  EXPECT_FALSE(net.passable(0));
  EXPECT_TRUE(net.passable(1));
}

}  // namespace
}  // namespace corridor::network
