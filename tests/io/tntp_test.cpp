#include "io/tntp.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_data.hpp"
#include "tntp_fixtures.hpp"

namespace corridor::io {
namespace {

using ::testing::HasSubstr;

TEST(TntpNetwork, ParsesBraessInline) {
  const auto net = parse_tntp_network(test::kBraessNet, "braess_net.tntp");
  EXPECT_EQ(net.node_count(), 4u);
  EXPECT_EQ(net.link_count(), 5u);
  EXPECT_EQ(net.zone_count(), 2u);
  const auto a = net.find_link(NodeId(2), NodeId(3));
  ASSERT_TRUE(a.valid());
  EXPECT_DOUBLE_EQ(net.free_flow_minutes()[a.value()], 10.0);
  EXPECT_DOUBLE_EQ(net.alpha()[a.value()], 0.1);
}

TEST(TntpNetwork, MetadataMismatchNamesTag) {
  std::string text = test::kBraessNet;
  text.replace(text.find("<NUMBER OF LINKS> 5"), 19, "<NUMBER OF LINKS> 6");
  try {
    parse_tntp_network(text, "x_net.tntp");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("x_net.tntp:4: field '<NUMBER OF LINKS>'"));
    EXPECT_THAT(e.what(), HasSubstr("declares 6 links but the file has 5"));
  }
}

TEST(TntpNetwork, BadFieldsAreReportedWithLineAndField) {
  auto expect_error = [](std::string text, const std::string& needle) {
    try {
      parse_tntp_network(std::move(text), "n.tntp");
      ADD_FAILURE() << "no error for " << needle;
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr(needle));
    }
  };
  std::string t = test::kBraessNet;
  expect_error(std::string(t).replace(t.find("3 4 1 100 10"), 12, "3 4 0 100 10"),
               "n.tntp:10: field 'capacity': expected a positive capacity");
  expect_error(std::string(t).replace(t.find("3 4 1 100 10"), 12, "3 4 1 100 -1"),
               "field 'free_flow_time': expected a non-negative number");
  expect_error(std::string(t).replace(t.find("3 4 1 100 10"), 12, "3 3 1 100 10"), "self-loop");
  expect_error(std::string(t).replace(t.find("3 4 1 100 10"), 12, "3 4 1 nan 10"),
               "field 'length': expected a finite number");
  expect_error(std::string(t).replace(t.find("3 4 1 100 10 0.1 1 0 0 1"), 24, "3 4 1 100"),
               "expected 10 fields");
  expect_error("", "file ended before <END OF METADATA>");
}

TEST(TntpTrips, ParsesAndChecksTotals) {
  const auto net = parse_tntp_network(test::kBraessNet, "n.tntp");
  const auto trips = parse_tntp_trips(
      "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 6.0\n<END OF METADATA>\nOrigin 1\n 1 : 0.0; 2 : 6.0;\n",
      "t.tntp", net);
  EXPECT_DOUBLE_EQ(trips.trips(0, 1), 6.0);
  EXPECT_DOUBLE_EQ(trips.total, 6.0);
  EXPECT_THROW(parse_tntp_trips("<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 7.0\n<END OF METADATA>\n"
                                "Origin 1\n 2 : 6.0;\n",
                                "t.tntp", net),
               InputError);
  EXPECT_THROW(parse_tntp_trips("<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 3 : 6.0;\n",
                                "t.tntp", net),
               InputError);
  EXPECT_THROW(
      parse_tntp_trips("<NUMBER OF ZONES> 2\n<END OF METADATA>\n 2 : 6.0;\n", "t.tntp", net),
      InputError);
}

TEST(TntpShared, EveryShippedInstanceReadsWithConsistentMetadata) {
  const auto root = test::data_dir() / "tntp";
  CORRIDOR_SKIP_IF_MISSING(root);
  struct Case {
    const char* dir;
    const char* net;
    const char* trips;
    std::uint32_t nodes, links, zones;
  };
  const Case cases[] = {
      {"SiouxFalls", "SiouxFalls_net.tntp", "SiouxFalls_trips.tntp", 24, 76, 24},
      {"Anaheim", "Anaheim_net.tntp", "Anaheim_trips.tntp", 416, 914, 38},
      {"Barcelona", "Barcelona_net.tntp", "Barcelona_trips.tntp", 1020, 2522, 110},
      {"Winnipeg", "Winnipeg_net.tntp", "Winnipeg_trips.tntp", 1052, 2836, 147},
      {"Chicago-Sketch", "ChicagoSketch_net.tntp", "ChicagoSketch_trips.tntp", 933, 2950, 387},
      {"Eastern-Massachusetts", "EMA_net.tntp", "EMA_trips.tntp", 74, 258, 74},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.dir);
    const auto net = read_tntp_network(root / c.dir / c.net);
    EXPECT_EQ(net.node_count(), c.nodes);
    EXPECT_EQ(net.link_count(), c.links);
    EXPECT_EQ(net.zone_count(), c.zones);
    const auto trips = read_tntp_trips(root / c.dir / c.trips, net);
    EXPECT_GT(trips.total, 0.0);
  }
}

TEST(TntpShared, SiouxFallsFlowFileMatchesLinks) {
  const auto dir = test::tntp_instance("SiouxFalls");
  CORRIDOR_SKIP_IF_MISSING(dir);
  const auto net = read_tntp_network(dir / "SiouxFalls_net.tntp");
  const auto flows = read_tntp_flows(dir / "SiouxFalls_flow.tntp", net);
  const auto a = net.find_link(NodeId(0), NodeId(1));
  EXPECT_NEAR(flows.volume[a.value()], 4494.6576464564205, 1e-9);
  const auto xy = read_tntp_node_coordinates(dir / "SiouxFalls_node.tntp", net);
  EXPECT_FALSE(std::isnan(xy[0].first));
}

}  // namespace
}  // namespace corridor::io
