// GMNS export: a small network written and read back with io::read_gmns_network gives the same
// nodes, zones and link attributes; the CSV text itself is checked against a row written by hand.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "io/gmns.hpp"
#include "report/geometry.hpp"
#include "report/gmns_export.hpp"

namespace corridor::report {
namespace {

using network::LinkSpec;
using network::NodeSpec;
using network::RoadNetwork;

//   zone 1 --c-- 1001 ==A67== 1002 --c-- zone 2      (c = connector, A67 both ways)
RoadNetwork small_network() {
  std::vector<NodeSpec> nodes{
      {1, 5.1, 51.3}, {2, 5.4, 51.25}, {1001, 5.15, 51.31}, {1002, 5.35, 51.27}};
  auto link = [](std::uint32_t f, std::uint32_t t, double fftt, double cap, double len) {
    LinkSpec s;
    s.from = NodeId(f);
    s.to = NodeId(t);
    s.free_flow_minutes = fftt;
    s.capacity = cap;
    s.length = len;
    return s;
  };
  std::vector<LinkSpec> links;
  links.push_back(link(2, 3, 7.404, 4000, 12.34));
  links.back().speed = 100;
  links.back().link_type = 1;
  links.back().modes = network::kModeCar | network::kModeTruck;
  links.back().name = "A67, Eersel";
  links.push_back(link(3, 2, 9.1, 3000, 12.34));
  links.back().toll = 1.5;
  links.back().link_type = 0;
  links.back().alpha = 0.5;
  links.back().beta = 5.5;
  links.push_back(link(0, 2, 1.0 / 3.0, 9999, 0.5));
  links.back().link_type = 9;
  links.back().alpha = 0;
  links.push_back(link(2, 0, 1.0 / 3.0, 9999, 0.5));
  links.back().link_type = 9;
  links.push_back(link(1, 3, 0.7, 9999, 0.8));
  links.back().link_type = 42;
  links.back().modes = network::kModeBus;
  links.push_back(link(3, 1, 0.7, 9999, 0.8));
  return RoadNetwork::build(std::move(nodes), std::move(links), 2, 2);
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(GmnsExport, RoundTripThroughTheReader) {
  const RoadNetwork net = small_network();
  const auto dir = std::filesystem::temp_directory_path() /
                   ("corridor-gmns-export-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  GmnsExportOptions opt;
  opt.zone_ids = {1, 2};
  opt.lanes.assign(net.link_count(), 1.0);
  for (std::uint32_t a = 0; a < net.link_count(); ++a)
    if (net.input_index(LinkId(a)) < 2) opt.lanes[a] = 2.0;
  write_gmns_network(dir, net, opt);

  const std::string link_csv = read_text(dir / "link.csv");
  EXPECT_EQ(link_csv.substr(0, link_csv.find('\n')),
            "link_id,name,from_node_id,to_node_id,facility_type,length,lanes,free_speed,capacity,"
            "vdf_fftt,vdf_alpha,vdf_beta,toll,allowed_uses");
  EXPECT_NE(link_csv.find("\n1,A67  Eersel,1001,1002,motorway,12.34,2,100,2000,7.404,0.15,4,0,"
                          "auto;truck\n"),
            std::string::npos)
      << link_csv;
  EXPECT_NE(read_text(dir / "node.csv").find("\n2,,5.4,51.25,centroid,2\n"), std::string::npos);

  const auto back = io::read_gmns_network(dir);
  const RoadNetwork& r = back.network;
  EXPECT_EQ(back.zone_ids, (std::vector<std::int64_t>{1, 2}));
  ASSERT_EQ(r.node_count(), net.node_count());
  ASSERT_EQ(r.link_count(), net.link_count());
  EXPECT_EQ(r.zone_count(), 2U);
  EXPECT_EQ(r.first_thru_node(), 2U);
  for (std::uint32_t v = 0; v < net.node_count(); ++v) {
    EXPECT_EQ(r.node(NodeId(v)).label, net.node(NodeId(v)).label);
    EXPECT_EQ(r.node(NodeId(v)).x, net.node(NodeId(v)).x);
    EXPECT_EQ(r.node(NodeId(v)).y, net.node(NodeId(v)).y);
  }
  for (std::uint32_t row = 0; row < net.link_count(); ++row) {
    SCOPED_TRACE("input row " + std::to_string(row));
    const auto a = net.link_at_input(row).value(), b = r.link_at_input(row).value();
    EXPECT_EQ(r.node_label(NodeId(r.tails()[b])), net.node_label(NodeId(net.tails()[a])));
    EXPECT_EQ(r.node_label(NodeId(r.heads()[b])), net.node_label(NodeId(net.heads()[a])));
    EXPECT_EQ(r.free_flow_minutes()[b], net.free_flow_minutes()[a]);  // exact: shortest repr
    EXPECT_EQ(r.capacity()[b], net.capacity()[a]);
    EXPECT_EQ(r.length()[b], net.length()[a]);
    EXPECT_EQ(r.alpha()[b], net.alpha()[a]);
    EXPECT_EQ(r.beta()[b], net.beta()[a]);
    EXPECT_EQ(r.toll()[b], net.toll()[a]);
    EXPECT_EQ(r.speed()[b], net.speed()[a]);
    EXPECT_EQ(r.link_type()[b], net.link_type()[a]);
    EXPECT_EQ(r.modes()[b], net.modes()[a]);
  }
  EXPECT_EQ(r.link_name(r.link_at_input(0)), "A67  Eersel");  // comma replaced
  std::filesystem::remove_all(dir);
}

// The region model's network, read, exported and read again, is the same network.
TEST(GmnsExport, RegionNetworkRoundTrip) {
  const std::filesystem::path region =
      std::filesystem::path(CORRIDOR_SOURCE_DIR) / "scenarios" / "brainport-kempen";
  if (!std::filesystem::exists(region / "link.csv"))
    GTEST_SKIP() << "no region model at " << region;
  const auto first = io::read_gmns_network(region);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("corridor-gmns-region-" + std::to_string(::getpid()));
  GmnsExportOptions opt;
  opt.zone_ids = first.zone_ids;
  write_gmns_network(dir, first.network, opt);
  const auto second = io::read_gmns_network(dir);
  const auto& a = first.network;
  const auto& b = second.network;
  EXPECT_EQ(second.zone_ids, first.zone_ids);
  ASSERT_EQ(b.link_count(), a.link_count());
  ASSERT_EQ(b.node_count(), a.node_count());
  for (std::uint32_t row = 0; row < a.link_count(); ++row) {
    const auto i = a.link_at_input(row).value(), j = b.link_at_input(row).value();
    ASSERT_EQ(b.tails()[j], a.tails()[i]) << row;
    ASSERT_EQ(b.heads()[j], a.heads()[i]) << row;
    ASSERT_EQ(b.free_flow_minutes()[j], a.free_flow_minutes()[i]) << row;
    ASSERT_EQ(b.capacity()[j], a.capacity()[i]) << row;
    ASSERT_EQ(b.link_type()[j], a.link_type()[i]) << row;
    ASSERT_EQ(b.modes()[j], a.modes()[i]) << row;
    ASSERT_EQ(b.link_name(LinkId(j)), a.link_name(LinkId(i))) << row;
  }
  std::filesystem::remove_all(dir);
}

TEST(Geometry, MapLinksInInputOrder) {
  const RoadNetwork net = small_network();
  const auto links = map_links(net);
  ASSERT_EQ(links.size(), 6U);
  EXPECT_EQ(links[0].from_node, 1001);
  EXPECT_EQ(links[0].to_node, 1002);
  EXPECT_EQ(links[0].from.lon, 5.15);
  EXPECT_EQ(links[0].to.lat, 51.27);
  EXPECT_EQ(links[0].facility, "motorway");
  EXPECT_EQ(links[0].name, "A67, Eersel");
  EXPECT_EQ(links[0].capacity_veh_per_h, 4000.0);
  EXPECT_EQ(links[1].facility, "local");
  EXPECT_EQ(links[2].facility, "connector");
  EXPECT_EQ(links[4].facility, "42");
  EXPECT_EQ(links[4].from_node, 2);
}

// Names and the demand survive the export: node.csv keeps the names given (a node beyond them has
// none), link.csv the link names, demand.csv reads back with io::read_gmns_demand to the matrix
// written, and nodes.geojson lists every node with id, name, type and zone.
TEST(GmnsExport, KeepsNamesAndWritesDemand) {
  const RoadNetwork net = small_network();
  const auto dir = std::filesystem::temp_directory_path() /
                   ("corridor-gmns-names-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  GmnsExportOptions opt;
  opt.node_names = {"Town", "Village", "Exit 30"};  // node 1002 has no name
  OdMatrix demand(2, 2);
  demand << 0.0, 12.5, 7.25, 0.0;
  opt.demand = &demand;
  write_gmns_network(dir, net, opt);
  const auto g = io::read_gmns_network(dir);
  EXPECT_EQ(io::read_gmns_demand(dir / "demand.csv", g), demand);
  const auto nodes = read_text(dir / "node.csv");
  EXPECT_NE(nodes.find("1001,Exit 30,"), std::string::npos) << nodes;
  EXPECT_NE(nodes.find("1002,,"), std::string::npos) << nodes;
  const auto links = read_text(dir / "link.csv");
  EXPECT_NE(links.find("A67  Eersel,1001,1002,"), std::string::npos) << links;
  const auto j = nlohmann::json::parse(read_text(dir / "nodes.geojson"));
  ASSERT_EQ(j.at("features").size(), 4u);
  const auto& town = j.at("features")[0];
  EXPECT_EQ(town.at("geometry").at("coordinates")[0].get<double>(), 5.1);
  EXPECT_EQ(town.at("properties").at("node_id").get<int>(), 1);
  EXPECT_EQ(town.at("properties").at("name").get<std::string>(), "Town");
  EXPECT_EQ(town.at("properties").at("node_type").get<std::string>(), "centroid");
  EXPECT_EQ(town.at("properties").at("zone_id").get<int>(), 1);
  const auto& exit = j.at("features")[3].at("properties");
  EXPECT_EQ(exit.at("node_id").get<int>(), 1002);
  EXPECT_EQ(exit.at("node_type").get<std::string>(), "junction");
  EXPECT_TRUE(exit.at("zone_id").is_null());
  std::filesystem::remove_all(dir);
}

TEST(GmnsExport, RejectsOptionsOfTheWrongSize) {
  const RoadNetwork net = small_network();
  GmnsExportOptions opt;
  opt.zone_ids = {1};
  EXPECT_THROW(
      write_gmns_network(std::filesystem::temp_directory_path() / "corridor-unused", net, opt),
      Error);
}

}  // namespace
}  // namespace corridor::report
