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

namespace corridor::demand {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string>& two_towns() {
  static const std::map<std::string, std::string> files = {
      {"region.toml", R"(name = "Two towns"
countries = ["XA", "XB"]
corridors = ["n", "s"]
[box]
min_lat = 47.5
max_lat = 48.5
min_lon = 1.5
max_lon = 2.5
[values_of_time]
XA = [10.0, 30.0, 8.0, 8.0]
XB = [12.0, 32.0, 9.0, 9.0]
[zone_sets]
A = { country = "XA" }
B = { country = "XB" }
city = { municipality = "Mittel" }
)"},
      {"zones.csv",
       R"(zone_id,name,municipality,country,lat,lon,population,jobs,corridor,external,centroid_node
1,North,Nordheim,XA,48.30,2.00,20000,12000,n,0,1
2,Mid,Mittel,XA,48.20,2.10,15000,9000,n,0,2
3,South,Suddorf,XB,48.10,2.20,12000,5000,s,0,3
4,Harbour,Hafen,XB,48.00,2.30,50000,40000,s,1,4
)"},
      {"node.csv", R"(node_id,name,x_coord,y_coord,node_type,zone_id
1,North centroid,2.00,48.30,centroid,1
2,Mid centroid,2.10,48.20,centroid,2
3,South centroid,2.20,48.10,centroid,3
4,Harbour centroid,2.30,48.00,centroid,4
11,North junction,2.00,48.295,junction,
12,Mid junction,2.10,48.195,junction,
13,South junction,2.20,48.095,junction,
14,Harbour junction,2.30,47.995,junction,
)"},
      {"link.csv",
       R"(link_id,name,from_node_id,to_node_id,facility_type,length,lanes,free_speed,capacity,vdf_alpha,vdf_beta,toll,allowed_uses
1,c,1,11,connector,1.0,1,30,9999,0.15,4,0,auto;truck
2,c,11,1,connector,1.0,1,30,9999,0.15,4,0,auto;truck
3,c,2,12,connector,1.0,1,30,9999,0.15,4,0,auto;truck
4,c,12,2,connector,1.0,1,30,9999,0.15,4,0,auto;truck
5,c,3,13,connector,1.0,1,30,9999,0.15,4,0,auto;truck
6,c,13,3,connector,1.0,1,30,9999,0.15,4,0,auto;truck
7,c,4,14,connector,1.0,1,30,9999,0.15,4,0,auto;truck
8,c,14,4,connector,1.0,1,30,9999,0.15,4,0,auto;truck
9,M1,11,12,motorway,15.0,2,100,2000,0.15,4,0,auto;truck
10,M1,12,11,motorway,15.0,2,100,2000,0.15,4,0,auto;truck
11,M1,12,13,motorway,15.0,2,100,2000,0.15,4,0,auto;truck
12,M1,13,12,motorway,15.0,2,100,2000,0.15,4,0,auto;truck
13,N5,13,14,primary,15.0,1,80,1500,0.15,4,0,auto;truck
14,N5,14,13,primary,15.0,1,80,1500,0.15,4,0,auto;truck
)"},
      {"config.csv", R"(dataset_name,short_length,long_length,speed,crs,currency
two-towns,m,km,kmh,EPSG:4326,EUR
)"},
      {"stops.csv", R"(stop_id,name,lat,lon,zone_id,kind
S1,North bus station,48.30,2.00,1,bus
S2,Mid bus station,48.20,2.10,2,bus
S3,South bus station,48.10,2.20,3,bus
)"},
      {"lines.csv",
       R"(line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,both_directions
B1,Bus North-Mid-South,bus,X,30,60,18,1
)"},
      {"line_stops.csv", R"(line_id,seq,stop_id,minutes
B1,1,S1,0
B1,2,S2,18
B1,3,S3,36
)"},
      // One observed figure, the calibrated border target itself: the base meets it exactly, so
      // the batch's base/validation.csv must show 300 modelled and within tolerance.
      {"observed/targets.csv",
       "kind,purpose,from_set,to_set,value,year,source,set,tolerance\n"
       "trips_between,commute,A,B,300,2020,the border target,validation,1\n"},
      {"demand.toml", R"([border]
calibrate = true
[[border.targets]]
id = "a_to_b"
from = "A"
to = "B"
trips = 300.0
[[border.targets]]
id = "b_to_a"
from = "B"
to = "A"
trips = 200.0
[freight]
calibrate = true
[[freight.through_routes]]
from = "Harbour"
to = "North"
trucks_per_day = 1000.0
[freight.truck_share]
label = "M1"
link_name = "M1"
target = 0.35
)"},
      {"faster-bus.toml", R"(name = "faster-bus"
description = "Bus every 10 minutes in the peak"
base = "."
assumptions = "A test scenario."
[[pt.change_headway]]
line = "B1"
headway_peak_min = 10
[cost]
investment_eur = 0
operating_eur_per_year = 1.0e5
lifetime_years = 10
discount_rate = 0.0225
)"},
      {"batch.toml", R"(name = "two-towns"
description = "One scenario"
scenarios = ["faster-bus.toml"]
alone = true
)"},
  };
  return files;
}

class SecondRegion : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corridor-two-towns-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "region" / "observed");
    for (const auto& [name, text] : two_towns()) std::ofstream(dir_ / "region" / name) << text;
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
