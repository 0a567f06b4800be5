// `corridor assign` end to end: the CLI contract of issue 2 (outputs, exit codes, messages).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_cli.hpp"
#include "test_data.hpp"
#include "tntp_fixtures.hpp"

namespace corridor {
namespace {

using ::testing::HasSubstr;

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("corridor-assign-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
  }
  ~TempDir() { std::filesystem::remove_all(dir_); }
  std::filesystem::path file(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  [[nodiscard]] const std::filesystem::path& path() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(AssignCli, BraessWritesFlowsAndSummary) {
  TempDir t;
  const auto net = t.file("Braess_net.tntp", test::kBraessNet);
  t.file("Braess_trips.tntp", test::kBraessTrips);  // found beside the net file
  const auto flows = t.path() / "flows.csv";
  const auto summary = t.path() / "summary.json";
  const auto r = test::run_corridor({"assign", "--network", net.string(), "--algorithm", "fw",
                                     "--gap", "1e-9", "--threads", "1", "--flows-out",
                                     flows.string(), "--summary-json", summary.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("fw: converged"));
  // One row per link in input order; equilibrium 4, 2, 2, 2, 4 (see link_based_test.cpp).
  std::istringstream rows(slurp(flows));
  std::string line;
  std::getline(rows, line);
  EXPECT_EQ(line, "from_node,to_node,flow,cost,time");
  const double expected[] = {4, 2, 2, 2, 4};
  const char* ends[] = {"1,3,", "1,4,", "3,2,", "3,4,", "4,2,"};
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(std::getline(rows, line));
    EXPECT_EQ(line.rfind(ends[i], 0), 0u) << line;
    EXPECT_NEAR(std::stod(line.substr(4)), expected[i], 1e-5) << line;
  }
  EXPECT_FALSE(std::getline(rows, line) && !line.empty());
  const auto j = nlohmann::json::parse(slurp(summary));
  for (const char* key : {"algorithm", "iterations", "relative_gap", "average_excess_cost",
                          "objective", "total_travel_time", "seconds", "read_seconds", "threads",
                          "converged", "unassigned_demand", "nodes", "links", "zones", "history"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["algorithm"], "fw");
  EXPECT_EQ(j["threads"], 1);
  EXPECT_EQ(j["links"], 5);
  EXPECT_NEAR(j["total_travel_time"].get<double>(), 552.0, 1e-3);  // 6 trips × 92
  EXPECT_EQ(j["history"].size(), j["iterations"].get<std::size_t>());
}

// Block Gauss–Seidel sweeps from the command line: the same equilibrium (4, 2, 2, 2, 4 on Braess),
// the setting in the summary, and a clear error for a count or an algorithm it does not apply to.
TEST(AssignCli, SweepGroupsReachTheSameEquilibriumAndAreChecked) {
  TempDir t;
  const auto net = t.file("Braess_net.tntp", test::kBraessNet);
  t.file("Braess_trips.tntp", test::kBraessTrips);
  const auto flows = t.path() / "flows.csv";
  const auto summary = t.path() / "summary.json";
  const auto r = test::run_corridor(
      {"assign", "--network", net.string(), "--algorithm", "b", "--gap", "1e-12", "--threads", "2",
       "--sweep-groups", "2", "--flows-out", flows.string(), "--summary-json", summary.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream rows(slurp(flows));
  std::string line;
  std::getline(rows, line);
  const double expected[] = {4, 2, 2, 2, 4};
  for (const double x : expected) {
    ASSERT_TRUE(std::getline(rows, line));
    EXPECT_NEAR(std::stod(line.substr(4)), x, 1e-6) << line;  // gap 1e-12: flows to ~1e-6
  }
  const auto j = nlohmann::json::parse(slurp(summary));
  EXPECT_EQ(j["sweep_groups"], 2);
  EXPECT_LE(j["relative_gap"].get<double>(), 1e-12);
  // Where the solve time went: four non-negative phases that add up to the solve's seconds.
  double phases = 0.0;
  for (const char* phase : {"initial_bushes", "scan", "sweeps", "other"}) {
    const double seconds = j["phase_seconds"][phase].get<double>();
    EXPECT_GE(seconds, 0.0) << phase;
    phases += seconds;
  }
  EXPECT_NEAR(phases, j["seconds"].get<double>(), 1e-9);
  // The setting reaches the solver: Gauss–Seidel sweeps take another path to the equilibrium.
  const auto gauss_seidel = t.path() / "gauss_seidel.json";
  ASSERT_EQ(test::run_corridor({"assign", "--network", net.string(), "--algorithm", "b", "--gap",
                                "1e-12", "--summary-json", gauss_seidel.string()})
                .exit_code,
            0);
  const auto g1 = nlohmann::json::parse(slurp(gauss_seidel));
  EXPECT_EQ(g1["sweep_groups"], 1);
  EXPECT_NE(g1["history"][1]["objective"], j["history"][1]["objective"]);

  const auto three = test::run_corridor(
      {"assign", "--network", net.string(), "--algorithm", "b", "--sweep-groups", "3"});
  EXPECT_EQ(three.exit_code, 2);
  EXPECT_THAT(three.err, HasSubstr("--sweep-groups"));
  EXPECT_THAT(three.err, HasSubstr("1 or 2"));
  const auto fw = t.path() / "never.csv";
  const auto frank_wolfe =
      test::run_corridor({"assign", "--network", net.string(), "--algorithm", "fw",
                          "--sweep-groups", "2", "--flows-out", fw.string()});
  EXPECT_EQ(frank_wolfe.exit_code, 2);
  EXPECT_THAT(frank_wolfe.err, HasSubstr("--algorithm b"));
  EXPECT_FALSE(std::filesystem::exists(fw));
}

TEST(AssignCli, MalformedTntpExitsTwoNamingFileLineAndField) {
  TempDir t;
  std::string bad = test::kBraessNet;
  bad.replace(bad.find("3 4 1 100 10"), 12, "3 4 0 100 10");
  const auto net = t.file("Bad_net.tntp", bad);
  t.file("Bad_trips.tntp", test::kBraessTrips);
  const auto r = test::run_corridor({"assign", "--network", net.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("Bad_net.tntp:10: field 'capacity'"));

  const auto good = t.file("Good_net.tntp", test::kBraessNet);
  const auto trips = t.file("x_trips.tntp",
                            "<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n"
                            " 1 : 0.0; 2 : abc;\n");
  const auto r2 =
      test::run_corridor({"assign", "--network", good.string(), "--trips", trips.string()});
  EXPECT_EQ(r2.exit_code, 2);
  EXPECT_THAT(r2.err, HasSubstr("x_trips.tntp:4: field 'trips'"));

  const auto r3 = test::run_corridor({"assign", "--network", good.string(), "--algorithm", "dial"});
  EXPECT_EQ(r3.exit_code, 2);
  EXPECT_THAT(r3.err, HasSubstr("--algorithm"));
}

TEST(AssignCli, GmnsFolderAndMalformedGmns) {
  TempDir t;
  t.file("node.csv", "node_id,zone_id\n1,1\n2,2\n10,\n");
  t.file("link.csv",
         "link_id,from_node_id,to_node_id,length,free_speed,lanes,capacity\n"
         "1,1,10,1,60,1,1000\n2,10,2,1,60,1,1000\n3,2,10,1,60,1,1000\n4,10,1,1,60,1,1000\n");
  t.file("demand.csv", "o_zone_id,d_zone_id,volume\n1,2,500\n");
  const auto flows = t.path() / "flows.csv";
  const auto r = test::run_corridor({"assign", "--network", t.path().string(), "--algorithm", "aon",
                                     "--flows-out", flows.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto csv = slurp(flows);
  EXPECT_THAT(csv, HasSubstr("1,10,500,"));
  EXPECT_THAT(csv, HasSubstr("10,2,500,"));
  EXPECT_THAT(csv, HasSubstr("2,10,0,"));

  t.file("link.csv",
         "link_id,from_node_id,to_node_id,length,free_speed,lanes,capacity\n"
         "1,1,10,1,60,1,1000\n2,10,2,1,60,1,-3\n");
  const auto bad = test::run_corridor({"assign", "--network", t.path().string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("link.csv:3: field 'capacity'"));
}

}  // namespace
}  // namespace corridor
