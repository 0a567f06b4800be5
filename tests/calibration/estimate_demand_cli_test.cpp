// `corridor estimate-demand` end to end: the contract's options, the estimated trips file read
// back (one OD, one count: the count itself), the summary fields, the scatter plot beside the
// summary, byte-identical outputs for --threads 1 and 2, and exit code 2 on a bad counts file;
// a region model folder with an OMX prior and its observed/links.csv counts, estimate in OMX.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "estimation_fixtures.hpp"
#include "io/gmns.hpp"
#include "io/omx.hpp"
#include "io/tntp.hpp"
#include "run_cli.hpp"
#include "synthetic_region.hpp"

namespace corridor::test {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  const auto d = fs::temp_directory_path() /
                 ("corridor-estimate-demand-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(EstimateDemandCli, ReproducesOneCountAndWritesEveryOutput) {
  const auto d = scratch("line");
  write(d / "line_net.tntp", kLineNet);
  write(d / "prior.tntp", line_trips(100.0));
  write(d / "counts.csv", "from_node,to_node,count\n3,4,400\n");
  const auto r = run_corridor(
      {"estimate-demand", "--network", (d / "line_net.tntp").string(), "--trips",
       (d / "prior.tntp").string(), "--counts", (d / "counts.csv").string(), "--trips-out",
       (d / "out.tntp").string(), "--summary-json", (d / "s.json").string(), "--max-iterations",
       "5", "--threads", "1", "--prior-weight", "0", "--counts-out", (d / "c.csv").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto net = io::read_tntp_network(d / "line_net.tntp");
  const auto out = io::read_tntp_trips(d / "out.tntp", net);
  EXPECT_NEAR(out.trips(0, 1), 400.0, 1e-9);
  const auto j = nlohmann::json::parse(slurp(d / "s.json"));
  EXPECT_EQ(j["counts"], 1);
  EXPECT_GE(j["iterations"].get<int>(), 1);
  EXPECT_NEAR(j["rmse_before"].get<double>(), 300.0, 1e-9);
  EXPECT_NEAR(j["rmse_after"].get<double>(), 0.0, 1e-9);
  EXPECT_NEAR(j["geh_below_5_share_before"].get<double>(), 0.0, 1e-12);  // GEH 19.0
  EXPECT_NEAR(j["geh_below_5_share_after"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(j["matrix_total_before"].get<double>(), 100.0, 1e-9);
  EXPECT_NEAR(j["matrix_total_after"].get<double>(), 400.0, 1e-9);
  EXPECT_NEAR(j["matrix_movement"]["cell_factor"]["p50"].get<double>(), 4.0, 1e-12);
  EXPECT_EQ(j["matrix_movement"]["origins"].size(), 2u);
  EXPECT_TRUE(fs::exists(d / "s-scatter.svg"));
  EXPECT_THAT(slurp(d / "s-scatter.svg"), ::testing::HasSubstr("<title>3-4: observed 400"));
  EXPECT_THAT(slurp(d / "c.csv"), ::testing::HasSubstr("3-4,400,0,100,400,"));
  fs::remove_all(d);
}

TEST(EstimateDemandCli, SameBytesOnOneAndTwoThreads) {
  const auto d = scratch("grid");
  write(d / "grid_net.tntp", grid_net());
  write(d / "prior.tntp", grid_trips());
  write(d / "counts.csv", "from_node,to_node,count,tolerance\n5,6,150,\n9,12,80,5\n8,11,210,2%\n");
  for (const char* t : {"1", "2"}) {
    const std::string s(t);
    const auto r =
        run_corridor({"estimate-demand", "--network", (d / "grid_net.tntp").string(), "--trips",
                      (d / "prior.tntp").string(), "--counts", (d / "counts.csv").string(),
                      "--trips-out", (d / ("out" + s + ".tntp")).string(), "--summary-json",
                      (d / ("s" + s + ".json")).string(), "--threads", s});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(slurp(d / "out1.tntp"), slurp(d / "out2.tntp"));
  EXPECT_EQ(slurp(d / "s1-scatter.svg"), slurp(d / "s2-scatter.svg"));
  fs::remove_all(d);
}

TEST(EstimateDemandCli, BadCountsExitTwoWithFileLineField) {
  const auto d = scratch("bad");
  write(d / "line_net.tntp", kLineNet);
  write(d / "prior.tntp", line_trips(100.0));
  write(d / "counts.csv", "from_node,to_node,count\n3,4,150\n4,3,20\n");
  const auto r = run_corridor(
      {"estimate-demand", "--network", (d / "line_net.tntp").string(), "--trips",
       (d / "prior.tntp").string(), "--counts", (d / "counts.csv").string(), "--trips-out",
       (d / "out.tntp").string(), "--summary-json", (d / "s.json").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr("counts.csv:3: field 'to_node'"));
  EXPECT_FALSE(fs::exists(d / "out.tntp"));
  EXPECT_FALSE(fs::exists(d / "s.json"));
  fs::remove_all(d);
}

// GMNS input (zone ids 10 and 20, not 1 and 2): the estimate is written as a GMNS demand csv
// that read_gmns_demand reads back; one uncongested path, so the count is reproduced.
TEST(EstimateDemandCli, GmnsFolderInGmnsDemandOut) {
  const auto d = scratch("gmns");
  write(d / "node.csv",
        "node_id,x_coord,y_coord,zone_id\n10,0,0,10\n20,1,0,20\n101,0.1,0,\n102,0.9,0,\n");
  write(d / "link.csv",
        "link_id,from_node_id,to_node_id,length,lanes,free_speed,capacity,vdf_alpha\n"
        "1,10,101,1,1,60,5000,0\n2,101,102,10,1,60,5000,0\n3,102,20,1,1,60,5000,0\n"
        "4,20,102,1,1,60,5000,0\n5,102,101,10,1,60,5000,0\n6,101,10,1,1,60,5000,0\n");
  write(d / "demand.csv", "o_zone_id,d_zone_id,volume\n10,20,100\n20,10,40\n");
  write(d / "counts.csv", "from_node,to_node,count,source\n101,102,130,survey 2025\n");
  const auto r = run_corridor({"estimate-demand", "--network", d.string(), "--counts",
                               (d / "counts.csv").string(), "--trips-out", (d / "out.csv").string(),
                               "--summary-json", (d / "s.json").string(), "--prior-weight", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto g = io::read_gmns_network(d);
  const auto out = io::read_gmns_demand(d / "out.csv", g);
  EXPECT_NEAR(out(g.zone_index(10), g.zone_index(20)), 130.0, 1e-9);
  EXPECT_DOUBLE_EQ(out(g.zone_index(20), g.zone_index(10)), 40.0);  // not counted: unchanged
  fs::remove_all(d);
}

namespace region_omx {

// A region model folder (the synthetic region of the calibration tests: A -11-12- B, one path)
// with an OMX prior of two classes, car A->B 100 and truck B->A 20, and its own observed/links.csv
// counts: link 5 (N1 11->12) 300 vehicles in the assigned hour, link 6 (12->11) 500 trucks a
// day, and a validation count on link 7 that a default run must leave out. With a day factor of
// 0.1 the truck count is 50 in the hour. One path per OD and prior weight 0: the estimate
// reproduces the counts to their tolerance (car 300 +- 1, truck 50 +- 1), written as OMX.
TEST(EstimateDemandCli, RegionFolderOmxPriorObservedCountsOmxOut) {
  const auto d = calibration::test::write_synthetic_region(
      "estimate-omx", {{"observed/links.csv",
                        "link_id,class,period,value,year,source,set,tolerance\n"
                        "5,all,am_peak_hour,300,2024,count,calibration,1\n"
                        "6,truck,day,500,2024,count,calibration,10\n"
                        "7,all,am_peak_hour,999,2024,count,validation,1\n"}});
  io::OmxWriteSet prior;
  prior.zone_numbers = {1, 2, 3, 4};
  OdMatrix car = OdMatrix::Zero(4, 4);
  OdMatrix truck = OdMatrix::Zero(4, 4);
  car(0, 1) = 100.0;
  truck(1, 0) = 20.0;
  prior.matrices = {{"car", car}, {"truck", truck}};
  io::write_omx(d / "prior.omx", prior);
  auto args = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = {"estimate-demand",
                                  "--network",
                                  d.string(),
                                  "--trips",
                                  (d / "prior.omx").string() + ":car",
                                  "--trips",
                                  (d / "prior.omx").string() + ":truck",
                                  "--counts",
                                  (d / "observed" / "links.csv").string(),
                                  "--trips-out",
                                  (d / "est.omx").string() + ":car",
                                  "--trips-out",
                                  (d / "est.omx").string(),
                                  "--summary-json",
                                  (d / "s.json").string(),
                                  "--prior-weight",
                                  "0",
                                  "--threads",
                                  "1"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  // A day count without the factor that turns it into the matrices' hour: exit 2, file:line.
  const auto bad = run_corridor(args({}));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, ::testing::HasSubstr("links.csv:3: field 'period'"));
  EXPECT_FALSE(fs::exists(d / "est.omx"));

  const auto r = run_corridor(args({"--day-factor", "0.1", "--max-iterations", "30"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(slurp(d / "s.json"));
  EXPECT_EQ(j["counts"], 2);  // the validation row is left out
  EXPECT_NEAR(j["within_tolerance_share_after"].get<double>(), 1.0, 1e-12);
  const auto est = io::read_omx(d / "est.omx");
  ASSERT_EQ(est.matrices.size(), 2u);  // sorted by name: car, truck
  EXPECT_EQ(est.matrices[0].first, "car");
  EXPECT_EQ(est.matrices[1].first, "truck");
  const auto& c = est.matrices[0].second;
  const auto& t = est.matrices[1].second;
  EXPECT_NEAR(c(0, 1), 300.0, 1.0 + 1e-6);
  EXPECT_NEAR(t(1, 0), 50.0, 1.0 + 1e-6);
  EXPECT_DOUBLE_EQ(c.sum(), c(0, 1));  // zero cells of the prior stay zero
  EXPECT_DOUBLE_EQ(t.sum(), t(1, 0));
  fs::remove_all(d);
}

}  // namespace region_omx

}  // namespace
}  // namespace corridor::test
