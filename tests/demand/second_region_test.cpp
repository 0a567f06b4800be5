// A second region written here, "two towns" (four zones in countries XA and XB, one of them an
// external gate, a motorway M1 and a road N5, one bus line), with its own region.toml (countries,
// corridors, box, values of time, zone sets) and demand.toml (border targets between its zone
// sets, a through route, a truck-share statistic on M1). It runs `corridor demand` and a
// one-scenario `corridor batch` with no engine change. Known answers: the calibration targets
// (300 A->B and 200 B->A home-work trips, exact to the Furness tolerance; truck share 0.35 within
// the 1 % band); a bus every 10 instead of 30 minutes saves person-hours (a better PT service
// cannot lose time in the logit model), and its money per hour lies between the region's lowest
// and highest value of time (8 and 32 EUR/h) times the 300 weekdays of a year.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "io/omx.hpp"
#include "run_cli.hpp"
#include "two_towns_region.hpp"

namespace corridor::demand {
namespace {

namespace fs = std::filesystem;

class SecondRegion : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corridor-two-towns-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "region" / "observed");
    for (const auto& [name, text] : test::two_towns())
      std::ofstream(dir_ / "region" / name) << text;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SecondRegion, DemandMeetsItsOwnTargets) {
  const auto out = dir_ / "demand";
  const auto r = test::run_corridor({"demand", (dir_ / "region").string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out / "summary.json");
  const auto j = nlohmann::json::parse(in);
  const auto& cb = j.at("cross_border_commuters");
  ASSERT_EQ(cb.size(), 2u);
  EXPECT_NEAR(cb.at("a_to_b").get<double>(), 300.0, 1e-6);
  EXPECT_NEAR(cb.at("b_to_a").get<double>(), 200.0, 1e-6);
  EXPECT_NEAR(j.at("freight").at("m1_truck_share").get<double>(), 0.35, 0.011 * 0.35);
  ASSERT_EQ(j.at("calibration").size(), 3u);
  EXPECT_EQ(j.at("calibration")[2].at("name"), "truck share on the M1 (weekday)");
  EXPECT_TRUE(j.at("feedback").at("converged").get<bool>());
}

// The GIS/matrix round trip: demand's OMX carries the zone names, and `corridor assign` takes its
// peak-hour car matrix on the region's GMNS network; the assigned demand is the matrix total
// (the sum of the car_vehicles_peak_hour column of od_am_peak.csv).
TEST_F(SecondRegion, DemandMatricesGoIntoAssign) {
  const auto out = dir_ / "demand";
  const auto region = (dir_ / "region").string();
  ASSERT_EQ(test::run_corridor({"demand", region, "--out", out.string()}).exit_code, 0);
  const auto omx = io::read_omx(out / "od_am_peak.omx");
  ASSERT_EQ(omx.name_lookups.size(), 1u);
  EXPECT_EQ(omx.name_lookups[0].second,
            (std::vector<std::string>{"North", "Mid", "South", "Harbour"}));
  std::ifstream csv(out / "od_am_peak.csv");
  std::string line;
  std::getline(csv, line);
  std::size_t col = 0;
  for (std::stringstream h(line); std::getline(h, line, ',');) {
    if (line == "car_vehicles_peak_hour") break;
    ++col;
  }
  double total = 0.0;
  while (std::getline(csv, line)) {
    std::stringstream r(line);
    std::string cell;
    for (std::size_t k = 0; k <= col; ++k) std::getline(r, cell, ',');
    total += std::stod(cell);
  }
  ASSERT_GT(total, 0.0);
  const auto json = dir_ / "assign.json";
  const auto r =
      test::run_corridor({"assign", "--network", region, "--trips",
                          (out / "od_am_peak.omx").string() + ":car_vehicles_peak_hour",
                          "--algorithm", "b", "--gap", "1e-10", "--summary-json", json.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(json);
  const auto j = nlohmann::json::parse(in);
  const auto text = j.dump();
  EXPECT_NE(text.find("car_vehicles_peak_hour"), std::string::npos);
  EXPECT_NEAR(j.at("classes")[0].at("demand").get<double>(), total, 1e-6 * total) << text;
  const auto bad = test::run_corridor(
      {"assign", "--network", region, "--trips", (out / "od_am_peak.omx").string() + ":nonsense"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("data/nonsense"), std::string::npos) << bad.err;
}

TEST_F(SecondRegion, OneScenarioBatchRuns) {
  const auto out = dir_ / "batch";
  const auto r = test::run_corridor(
      {"batch", (dir_ / "region" / "batch.toml").string(), "--out", out.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out / "ranking.csv");
  std::string header;
  std::string row;
  std::getline(in, header);
  std::getline(in, row);
  ASSERT_EQ(header.rfind("rank,scenario,person_hours_saved_per_day,benefit_eur_per_year,", 0), 0u)
      << header;
  std::stringstream ss(row);
  std::string rank, name, hours, eur;
  std::getline(ss, rank, ',');
  std::getline(ss, name, ',');
  std::getline(ss, hours, ',');
  std::getline(ss, eur, ',');
  EXPECT_EQ(name, "faster-bus");
  const double h = std::stod(hours);
  const double e = std::stod(eur);
  EXPECT_GT(h, 0.0);
  EXPECT_GT(e / h, 8.0 * 300.0);
  EXPECT_LT(e / h, 32.0 * 300.0);
  EXPECT_TRUE(fs::exists(out / "scenarios" / "faster-bus" / "links.geojson"));
  // base/validation.csv: target,kind,set,observed,bound,tolerance,modelled,ratio,geh,within,...
  std::ifstream val(out / "base" / "validation.csv");
  std::string vhead, vrow, extra;
  std::getline(val, vhead);
  std::getline(val, vrow);
  EXPECT_FALSE(std::getline(val, extra));
  std::vector<std::string> cols;
  std::stringstream vs(vrow);
  for (std::string c; std::getline(vs, c, ',');) cols.push_back(c);
  ASSERT_GE(cols.size(), 10u) << vrow;
  EXPECT_EQ(cols[1], "trips_between");
  EXPECT_EQ(cols[2], "validation");
  EXPECT_NEAR(std::stod(cols[6]), 300.0, 0.5) << vrow;
  EXPECT_EQ(cols[9], "yes") << vrow;
}

}  // namespace
}  // namespace corridor::demand
