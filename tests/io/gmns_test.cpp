// GMNS reader: a tiny network written inline to a temporary folder, checked field by field, and
// one malformed file per defect, each failing with file, line and field.
#include "io/gmns.hpp"

#include "core/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

#include "test_data.hpp"

namespace corridor::io {
namespace {

using ::testing::HasSubstr;

class GmnsFolder {
 public:
  GmnsFolder() {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("corridor-gmns-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
  }
  ~GmnsFolder() { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
  }
  [[nodiscard]] const std::filesystem::path& path() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// Zones 20 and 10 (node ids 7 and 5), junctions 100 and 200:
//
//   [zone 10] 5 <---> 100 ----2 km, 60 km/h----> 200 <---> 7 [zone 20]
//                      ^-----------------------------'
constexpr const char* kNodes =
    "node_id,x_coord,y_coord,zone_id,node_type\n"
    "100,5.0,51.0,,junction\n"
    "7,5.2,51.0,20,centroid\n"
    "200,5.1,51.0,,junction\n"
    "5,4.9,51.0,10,centroid\n";
constexpr const char* kLinks =
    "link_id,from_node_id,to_node_id,length,free_speed,lanes,capacity,vdf_alpha,vdf_beta,toll,"
    "allowed_uses,facility_type,name\n"
    "1,5,100,0.5,50,1,1000,0.15,4,0,,connector,c10\n"
    "2,100,5,0.5,50,1,1000,0.15,4,0,,connector,c10\n"
    "3,100,200,2,60,2,1800,0.5,2,1.5,auto;truck,motorway,A2\n"
    "4,200,100,2,60,2,1800,0.5,2,0,bus,3,A2 back\n"
    "5,200,7,0.5,50,1,1000,0.15,4,0,,connector,c20\n"
    "6,7,200,0.5,50,1,1000,0.15,4,0,,connector,c20\n";

TEST(Gmns, ReadsNodesLinksZonesAndUnits) {
  GmnsFolder f;
  f.write("node.csv", kNodes);
  f.write("link.csv", kLinks);
  f.write("config.csv", "dataset_name,long_length,speed\nt,km,kmh\n");
  const auto g = read_gmns_network(f.path());
  const auto& net = g.network;
  ASSERT_EQ(net.node_count(), 4u);
  ASSERT_EQ(net.link_count(), 6u);
  EXPECT_EQ(net.zone_count(), 2u);
  EXPECT_EQ(net.first_thru_node(), 2u);
  EXPECT_EQ(g.zone_ids, (std::vector<std::int64_t>{10, 20}));
  EXPECT_EQ(net.node_label(NodeId(0)), 5);  // zone 10's centroid first
  EXPECT_EQ(net.node_label(NodeId(1)), 7);
  EXPECT_EQ(net.node_label(NodeId(2)), 100);  // junctions in file order
  EXPECT_EQ(g.zone_index(20), 1);
  EXPECT_EQ(g.zone_index(30), -1);
  const auto a = net.find_link(net.find_node(100), net.find_node(200));
  ASSERT_TRUE(a.valid());
  const auto i = a.value();
  EXPECT_DOUBLE_EQ(net.capacity()[i], 3600.0);        // 2 lanes × 1800 per lane
  EXPECT_DOUBLE_EQ(net.free_flow_minutes()[i], 2.0);  // 2 km at 60 km/h
  EXPECT_DOUBLE_EQ(net.length()[i], 2.0);
  EXPECT_DOUBLE_EQ(net.alpha()[i], 0.5);
  EXPECT_DOUBLE_EQ(net.beta()[i], 2.0);
  EXPECT_DOUBLE_EQ(net.toll()[i], 1.5);
  EXPECT_EQ(net.modes()[i], network::kModeCar | network::kModeTruck);
  EXPECT_EQ(net.link_type()[i], 1);
  EXPECT_EQ(net.link_name(a), "A2");
  const auto back = net.find_link(net.find_node(200), net.find_node(100)).value();
  EXPECT_EQ(net.modes()[back], network::kModeBus);
  EXPECT_EQ(net.link_type()[back], 3);
  EXPECT_EQ(net.input_index(a), 2u);  // input order kept for output

  f.write("demand.csv", "o_zone_id,d_zone_id,volume\n10,20,100\n20,10,40.5\n10,20,1\n");
  const auto od = read_gmns_demand(f.path() / "demand.csv", g);
  EXPECT_DOUBLE_EQ(od(0, 1), 101.0);  // repeated pairs are summed
  EXPECT_DOUBLE_EQ(od(1, 0), 40.5);
  EXPECT_DOUBLE_EQ(od(0, 0), 0.0);
}

TEST(Gmns, MilesAndMphAndGivenFreeFlowTime) {
  GmnsFolder f;
  f.write("node.csv", kNodes);
  std::string links = kLinks;
  f.write("link.csv", links);
  f.write("config.csv", "long_length,speed\nmi,mph\n");
  auto g = read_gmns_network(f.path());
  auto i = g.network.find_link(g.network.find_node(100), g.network.find_node(200)).value();
  EXPECT_DOUBLE_EQ(g.network.free_flow_minutes()[i], 2.0);  // 2 mi at 60 mph
  f.write("config.csv", "long_length,speed\nkm,mph\n");
  g = read_gmns_network(f.path());
  EXPECT_NEAR(g.network.free_flow_minutes()[i], 2.0 / 1.609344, 1e-12);
  f.write("link.csv",
          "link_id,from_node_id,to_node_id,length,lanes,capacity,vdf_fftt,VDF_alpha1,VDF_beta1\n"
          "1,5,100,1,1,900,3.5,1,2\n2,100,200,1,1,900,1,1,2\n3,200,7,1,1,900,1,1,2\n");
  g = read_gmns_network(f.path());
  i = g.network.find_link(g.network.find_node(5), g.network.find_node(100)).value();
  EXPECT_DOUBLE_EQ(g.network.free_flow_minutes()[i], 3.5);
  EXPECT_DOUBLE_EQ(g.network.alpha()[i], 1.0);
  EXPECT_DOUBLE_EQ(g.network.beta()[i], 2.0);
  EXPECT_EQ(g.network.modes()[i], network::kModeAll);
}

void expect_link_error(const std::string& from, const std::string& to, const std::string& needle) {
  GmnsFolder f;
  f.write("node.csv", kNodes);
  std::string links = kLinks;
  const auto at = links.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  links.replace(at, from.size(), to);
  f.write("link.csv", links);
  try {
    read_gmns_network(f.path());
    ADD_FAILURE() << "no error for " << needle;
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(needle));
  }
}

TEST(Gmns, MalformedLinksNameFileLineAndField) {
  expect_link_error("4,200,100", "3,200,100",
                    "link.csv:5: field 'link_id': link_id 3 appears twice");
  expect_link_error("4,200,100", "4,200,300", "link.csv:5: field 'to_node_id': node 300 is not");
  expect_link_error("4,200,100", "4,200,200",
                    "link.csv:5: field 'to_node_id': link is a self-loop");
  expect_link_error("60,2,1800", "60,2,0",
                    "link.csv:4: field 'capacity': expected a positive capacity");
  expect_link_error("60,2,1800", "60,0,1800",
                    "link.csv:4: field 'lanes': expected a positive number of lanes");
  expect_link_error("3,100,200,2,", "3,100,200,-2,",
                    "link.csv:4: field 'length': expected a non-negative length");
  expect_link_error("3,100,200,2,60", "3,100,200,2,nan",
                    "link.csv:4: field 'free_speed': expected a finite number");
  expect_link_error("3,100,200,2,60", "3,100,200,2,inf",
                    "link.csv:4: field 'free_speed': expected a finite number");
  expect_link_error("link_id,", "id,", "link.csv:1: field 'link_id': required column is missing");
}

TEST(Gmns, ZoneWithoutConnectorAndDuplicateNodes) {
  GmnsFolder f;
  f.write("node.csv", std::string(kNodes) + "9,0,0,30,centroid\n");
  f.write("link.csv", kLinks);
  try {
    read_gmns_network(f.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("node.csv:6: field 'zone_id': zone 30 has no connector"));
  }
  f.write("node.csv", std::string(kNodes) + "100,0,0,,\n");
  try {
    read_gmns_network(f.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("node.csv:6: field 'node_id': node_id 100 appears twice"));
  }
  f.write("node.csv", kNodes);
  f.write("demand.csv", "o_zone_id,d_zone_id,volume\n10,20,5\n10,99,1\n");
  const auto g = read_gmns_network(f.path());
  try {
    read_gmns_demand(f.path() / "demand.csv", g);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("demand.csv:3: field 'd_zone_id': zone 99 is not a zone_id"));
  }
  f.write("demand.csv", "o_zone_id,d_zone_id,volume\n10,20,-5\n");
  EXPECT_THROW(read_gmns_demand(f.path() / "demand.csv", g), InputError);
  EXPECT_THROW(read_gmns_network(f.path() / "nowhere"), InputError);
}

TEST(Gmns, ReadsTheRegionModel) {
  const auto dir = test::source_dir() / "scenarios" / "brainport-kempen";
  CORRIDOR_SKIP_IF_MISSING(dir / "link.csv");
  const auto g = read_gmns_network(dir);
  EXPECT_GT(g.network.zone_count(), 0u);
  EXPECT_EQ(g.network.first_thru_node(), g.network.zone_count());
  for (std::uint32_t z = 0; z < g.network.zone_count(); ++z) {
    EXPECT_EQ(g.network.node_label(NodeId(z)), g.zone_ids[z]);  // FORMAT.md: centroid = zone_id
  }
  for (const double t : g.network.free_flow_minutes()) EXPECT_TRUE(std::isfinite(t) && t >= 0.0);
}

}  // namespace
}  // namespace corridor::io
