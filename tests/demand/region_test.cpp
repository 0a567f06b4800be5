// The demand model on the brainport-kempen region:
// - `corridor demand FOLDER --out DIR` writes summary.json with the contract keys; mode shares sum
//   to 1; the calibrated cross-border targets (demand.toml) are met; the feedback loop reached its
//   tolerance and the final road assignment the final gap it asks for;
// - 1 and 2 threads give bit-identical matrices (every reduction in a fixed order: Algorithm B's
//   parallel rounds, the transit assignment's deterministic reduce, serial demand steps).
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "demand/model_run.hpp"
#include "model/region_model.hpp"
#include "run_cli.hpp"
#include "test_data.hpp"

namespace corridor::demand {
namespace {

std::filesystem::path region_folder() {
  return test::source_dir() / "scenarios" / "brainport-kempen";
}

TEST(DemandRegion, CliWritesSummaryAndMeetsCalibrationTargets) {
  CORRIDOR_SKIP_IF_MISSING(region_folder() / "zones.csv");
  const auto out = std::filesystem::temp_directory_path() /
                   ("corridor-demand-cli-" + std::to_string(::getpid()));
  std::filesystem::remove_all(out);
  const auto r = test::run_corridor({"demand", region_folder().string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("calibration"), std::string::npos);
  for (const char* f : {"od_weekday.omx", "od_weekday.csv", "od_am_peak.omx", "skims.omx",
                        "logsums.omx", "summary.json"}) {
    EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
  }
  std::ifstream in(out / "summary.json");
  const auto j = nlohmann::json::parse(in);
  const auto& ms = j.at("mode_shares");
  const double car = ms.at("car").get<double>();
  const double pt = ms.at("pt").get<double>();
  const double bike = ms.at("bike").get<double>();
  const double walk = ms.at("walk").get<double>();
  EXPECT_NEAR(car + pt + bike + walk, 1.0, 1e-12);
  for (const double s : {car, pt, bike, walk}) EXPECT_GT(s, 0.0);
  // Border penalty per purpose: commute = the calibrated one, the others by purpose_rule theta.
  const auto& bp = j.at("border_penalty_utils_by_purpose");
  const double commute_penalty = j.at("border_penalty_utils").get<double>();
  EXPECT_EQ(bp.at("commute").get<double>(), commute_penalty);
  const auto& cb = j.at("cross_border_commuters");
  const auto params = load_demand_parameters(region_folder() / "demand.toml");
  for (std::size_t k = 1; k < kPurposeCount; ++k) {
    const auto& q = params.purposes[k];
    const auto& c = params.purpose(Purpose::commute);
    EXPECT_NEAR(bp.at(purpose_name(static_cast<Purpose>(k))).get<double>(),
                commute_penalty * q.theta_per_min * q.dest_scale / (c.theta_per_min * c.dest_scale),
                1e-12 * commute_penalty);
  }
  // Every border target of demand.toml has its modelled flow, equal to the target.
  ASSERT_EQ(cb.size(), params.border.targets.size());
  for (const auto& t : params.border.targets) {
    EXPECT_NEAR(cb.at(t.id).get<double>(), t.trips, 1e-6 * t.trips) << t.id;
  }
  EXPECT_TRUE(j.contains("eindhoven_bonus_utils"));
  EXPECT_TRUE(j.at("freight").contains("a67_truck_share"));
  // Every calibrated row of the table meets its target (the A67 truck share within its 1 % band).
  for (const auto& c : j.at("calibration")) {
    if (!c.at("calibrated").get<bool>()) continue;
    const double target = c.at("target").get<double>();
    EXPECT_NEAR(c.at("model").get<double>(), target, 0.011 * target) << c.at("name");
  }
  const auto& fb = j.at("feedback");
  EXPECT_TRUE(fb.at("converged").get<bool>());
  EXPECT_LT(fb.at("final_demand_change").get<double>(), params.feedback.tolerance);
  EXPECT_LE(fb.at("final_road_gap").get<double>(), params.feedback.final_road_gap);
  EXPECT_DOUBLE_EQ(fb.at("tolerance").get<double>(), params.feedback.tolerance);
  EXPECT_FALSE(j.at("pt_line_boardings_weekday").empty());
  std::filesystem::remove_all(out);
}

TEST(DemandRegion, OneAndTwoThreadsGiveIdenticalMatrices) {
  CORRIDOR_SKIP_IF_MISSING(region_folder() / "zones.csv");
  const auto region = model::load_region_model(region_folder());
  const auto params = load_demand_parameters(region_folder() / "demand.toml");
  auto run_with = [&](std::size_t threads) {
    const tbb::global_control c(tbb::global_control::max_allowed_parallelism, threads);
    return run_model(region, params);
  };
  const ModelRun a = run_with(1);
  const ModelRun b = run_with(2);
  ASSERT_EQ(a.history.size(), b.history.size());
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    for (std::size_t m = 0; m < kModeCount; ++m) {
      EXPECT_EQ(a.purposes[k].weekday[m], b.purposes[k].weekday[m]) << k << " " << m;
    }
  }
  EXPECT_EQ(a.truck_weekday, b.truck_weekday);
  EXPECT_EQ(a.road.link_flow, b.road.link_flow);
  ASSERT_EQ(a.periods.size(), b.periods.size());
  for (std::size_t t = 0; t < a.periods.size(); ++t) {
    EXPECT_EQ(a.periods[t].road.class_flow, b.periods[t].road.class_flow) << a.periods[t].name;
  }
  EXPECT_EQ(a.skims.car_minutes, b.skims.car_minutes);
  EXPECT_EQ(a.pt.line_boardings_weekday, b.pt.line_boardings_weekday);
  EXPECT_EQ(a.border_penalty_utils, b.border_penalty_utils);
}

}  // namespace
}  // namespace corridor::demand
