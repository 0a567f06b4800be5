// calibrate on the synthetic region (synthetic_region.hpp) with known constants: the targets are
// what the model itself gives with commute.asc[1] = −0.5 and other.asc[2] = 0.4 (computed here
// from the ModelRun by hand, not by the evaluator); calibrate starts from 0 and 0 and must
// recover both. Also: the evaluator against hand sums, a generic parameter edit, and the same
// estimates on 1 and 2 threads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "calibration/calibrate.hpp"
#include "core/error.hpp"
#include "demand/model_run.hpp"
#include "io/text.hpp"
#include "model/region_model.hpp"
#include "run_cli.hpp"
#include "synthetic_region.hpp"

namespace corridor::calibration {
namespace {

using demand::index;
using demand::Mode;
using demand::Purpose;
using ::testing::HasSubstr;

std::string g17(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

double share(const demand::ModelRun& run, Purpose p, Mode m) {
  double all = 0.0;
  for (std::size_t q = 0; q < demand::kModeCount; ++q)
    all += run.purposes[index(p)].weekday[q].sum();
  return run.purposes[index(p)].weekday[index(m)].sum() / all;
}

struct Truth {
  double commute_pt = 0.0;
  double other_bike = 0.0;
  double sb_boardings = 0.0;
  double link5_day = 0.0;
  double rail_walk = 0.0;  // share of rail journeys reaching the train on foot
};

// The run with the true constants, and the figures a test calls "observed".
Truth truth(const model::RegionModel& region, const demand::ModelRun& run,
            const demand::DemandParameters& p) {
  Truth t;
  t.commute_pt = share(run, Purpose::commute, Mode::pt);
  t.other_bike = share(run, Purpose::other, Mode::bike);
  for (const auto& e : run.pt.stop_line_weekday) {
    if (region.transit.stops[e.stop].id == "SB") t.sb_boardings += e.boardings;
  }
  double rail = 0.0;
  for (const double v : run.pt.rail_access_weekday) rail += v;
  t.rail_walk = run.pt.rail_access_weekday[0] / rail;  // walk, bike, car, PT feeder
  // Link 5 (row 4): the day is the sum of the periods' flows, each its assigned hour / its
  // peak-hour factor.
  const auto a = region.road.link_at_input(4).value();
  (void)p;
  t.link5_day = 0.0;
  for (const auto& pr : run.periods) {
    t.link5_day += (pr.road.class_flow[0][a] + pr.road.class_flow[1][a]) / pr.peak_hour_factor;
  }
  return t;
}

std::map<std::string, std::string> observed_files(const Truth& t) {
  return {
      {"observed/stations.csv",
       "stop,measure,day_type,value,year,source,set,tolerance\n"
       "SB,boardings,weekday," +
           g17(t.sb_boardings) +
           ",2023,model,calibration,5%\n"
           "SA,in_out,day,1000,2022,model,calibration,5%\n"},
      {"observed/links.csv",
       "link_id,class,period,value,year,source,set\n"
       "5,all,day," +
           g17(t.link5_day) + ",2019,model,validation\n"},
      {"observed/targets.csv",
       "kind,purpose,from_set,mode,value,year,source,set,tolerance\n"
       "mode_share,commute,all,pt," +
           g17(t.commute_pt) +
           ",2019,model,calibration,0.01\n"
           "mode_share,other,all,bike," +
           g17(t.other_bike) +
           ",2019,model,calibration,0.01\n"
           "rail_access_share,all,all,walk," +
           g17(t.rail_walk) + ",2017,model,validation,0.05\n"},
      {"calibration.toml",
       "[[parameter]]\nkey = \"commute.asc[1]\"\nstart = 0.0\nlower = -3.0\nupper = 3.0\n"
       "[[parameter]]\nkey = \"other.asc[2]\"\nstart = 0.0\nlower = -3.0\nupper = 3.0\n"
       "[fit]\ncost_tolerance = 1e-12\nmax_iterations = 40\n"},
  };
}

struct Fixture {
  std::filesystem::path dir;
  model::RegionModel region;
  ObservedData observed;
  CalibrationSpec spec;
  std::string demand_text;
  Truth t;
};

Fixture make_fixture(const std::string& tag) {
  Fixture s;
  const auto first = test::write_synthetic_region(tag + "-truth");
  const auto region = model::load_region_model(first);
  const auto params = demand::load_demand_parameters(first / "demand.toml");
  const auto run = demand::run_model(region, params);
  s.t = truth(region, run, params);
  s.dir = test::write_synthetic_region(tag, observed_files(s.t));
  s.region = model::load_region_model(s.dir);
  s.observed = read_observed(s.region, s.dir / "observed", region_zone_sets(s.region));
  s.spec = read_calibration_spec(s.dir / "calibration.toml");
  s.demand_text = io::read_text_file(s.dir / "demand.toml");
  return s;
}

TEST(Calibrate, EvaluatorMatchesHandSumsAtTheTrueConstants) {
  const Fixture s = make_fixture("eval");
  const auto params = demand::load_demand_parameters(s.dir / "demand.toml");
  const auto run = demand::run_model(s.region, params);
  const auto rows = evaluate_observed(s.observed, s.region, params, run);
  ASSERT_EQ(rows.size(), 6u);         // SB, SA (day), link 5, two shares, rail access
  EXPECT_GT(s.t.sb_boardings, 10.0);  // the line carries passengers
  EXPECT_GT(s.t.commute_pt, 0.001);
  EXPECT_GT(s.t.rail_walk, 0.0);
  for (const std::size_t k : {0u, 2u, 3u, 4u, 5u}) {
    ASSERT_TRUE(rows[k].modelled) << k;
    EXPECT_NEAR(rows[k].value, s.observed.targets[k].value, 1e-9 * s.observed.targets[k].value);
    EXPECT_NEAR(rows[k].residual, 0.0, 1e-9);
    EXPECT_TRUE(rows[k].within_tolerance);
  }
  EXPECT_TRUE(rows[0].has_geh);
  EXPECT_NEAR(rows[0].geh, 0.0, 1e-6);
  EXPECT_FALSE(rows[1].modelled);  // a 7-day count: not modelled, with the reason
  EXPECT_THAT(rows[1].not_modelled, HasSubstr("weekday"));
}

// The per-(stop, line) weekday loads behind station counts add up to each line's weekday
// boardings (same expansion), and every boarding alights somewhere.
TEST(Calibrate, StopLineLoadsAddUpToLineBoardings) {
  const Fixture s = make_fixture("stoplines");
  const auto params = demand::load_demand_parameters(s.dir / "demand.toml");
  const auto run = demand::run_model(s.region, params);
  ASSERT_FALSE(run.pt.stop_line_weekday.empty());
  std::vector<double> board(s.region.transit.lines.size(), 0.0);
  std::vector<double> alight(s.region.transit.lines.size(), 0.0);
  for (const auto& e : run.pt.stop_line_weekday) {
    board[e.line] += e.boardings;
    alight[e.line] += e.alightings;
  }
  for (std::size_t l = 0; l < board.size(); ++l) {
    EXPECT_GT(board[l], 0.0);
    EXPECT_NEAR(board[l], run.pt.line_boardings_weekday[l], 1e-9 * board[l]);
    EXPECT_NEAR(alight[l], board[l], 1e-9 * board[l]);
  }
}

TEST(Calibrate, RecoversTheConstantsTheTargetsCameFrom) {
  const Fixture s = make_fixture("recover");
  const auto r = calibrate(s.region, s.observed, s.demand_text, "demand.toml", s.spec);
  ASSERT_EQ(r.estimate.size(), 2u);
  // Known answer: −0.5 and 0.4 (demand.toml of the synthetic region), to 1e-3 utils.
  EXPECT_NEAR(r.estimate[0], -0.5, 1e-3);
  EXPECT_NEAR(r.estimate[1], 0.4, 1e-3);
  EXPECT_EQ(r.fitted.size(), 3u);  // station + two shares; the 7-day count is not modelled
  EXPECT_LT(r.fit.cost, 1e-6);
  EXPECT_GT(r.fit.start_cost, 1.0);
  EXPECT_GT(r.model_runs, 4u);
  // Validation row (link 5) is evaluated before and after, not fitted; after ≈ observed.
  EXPECT_NEAR(r.after[2].value, s.observed.targets[2].value, 1e-3 * s.observed.targets[2].value);
  // The calibrated demand.toml holds the estimates and parses.
  const auto p = demand::parse_demand_parameters(r.calibrated_toml, "calibrated.toml");
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::commute).asc[1], r.estimate[0]);
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::other).asc[2], r.estimate[1]);
  EXPECT_DOUBLE_EQ(*p.border.penalty_utils[0], 1.5);  // untouched keys kept
  // Count statistics: one calibration station and one validation link, both fitted after.
  const auto fits = count_fit_statistics(s.observed, r);
  ASSERT_EQ(fits.size(), 2u);
  EXPECT_EQ(fits[0].kind, TargetKind::station);
  EXPECT_EQ(fits[0].after.count, 1u);
  EXPECT_DOUBLE_EQ(fits[0].after.geh_below_5_share, 1.0);
  EXPECT_EQ(fits[1].set, TargetSet::validation);
  EXPECT_LT(fits[1].after.percent_rmse, fits[1].before.percent_rmse);
  // Outputs.
  const auto out = s.dir / "out";
  write_calibration_outputs(out, s.observed, r);
  const std::string csv = io::read_text_file(out / "calibration.csv");
  EXPECT_THAT(csv, HasSubstr("station SB boardings weekday 2023,station,calibration"));
  // Validation rows come after all calibration rows.
  EXPECT_LT(csv.find("station SA in_out day"), csv.find("link 5"));
  const std::string pars = io::read_text_file(out / "parameters.csv");
  EXPECT_THAT(pars, HasSubstr("commute.asc[1],0,"));
  EXPECT_TRUE(std::filesystem::exists(out / "demand.toml"));
  // The scatter plot names the counted station in a tooltip.
  EXPECT_THAT(io::read_text_file(out / "calibration.svg"),
              HasSubstr("station SB boardings weekday 2023"));
  EXPECT_THAT(io::read_text_file(out / "fit_statistics.csv"),
              HasSubstr("calibration,station,24,1,"));
}

TEST(Calibrate, SameEstimatesOnOneAndTwoThreads) {
  const Fixture s = make_fixture("threads");
  CalibrationResult one;
  CalibrationResult two;
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
    one = calibrate(s.region, s.observed, s.demand_text, "demand.toml", s.spec);
  }
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 2);
    two = calibrate(s.region, s.observed, s.demand_text, "demand.toml", s.spec);
  }
  EXPECT_EQ(one.estimate, two.estimate);
  EXPECT_EQ(one.fit.cost, two.fit.cost);
  EXPECT_EQ(one.model_runs, two.model_runs);
}

// The command on the synthetic region: exit 0, the three files, the estimates in demand.toml;
// a missing calibration.toml is exit 2 naming the file.
TEST(CalibrateCli, WritesTheCalibratedFilesAndRejectsAMissingSpec) {
  const Fixture s = make_fixture("cli");
  const auto out = s.dir / "cli-out";
  const auto r = corridor::test::run_corridor(
      {"calibrate", s.dir.string(), "--out", out.string(), "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("calibration targets"));
  EXPECT_THAT(r.out, HasSubstr("validation targets (not used in the fit)"));
  const auto p = demand::load_demand_parameters(out / "demand.toml");
  EXPECT_NEAR(p.purpose(Purpose::commute).asc[1], -0.5, 1e-3);
  EXPECT_NEAR(p.purpose(Purpose::other).asc[2], 0.4, 1e-3);
  EXPECT_TRUE(std::filesystem::exists(out / "calibration.csv"));
  EXPECT_TRUE(std::filesystem::exists(out / "parameters.csv"));
  const auto bad = corridor::test::run_corridor({"calibrate", s.dir.string(), "--out", out.string(),
                                                 "--spec", (s.dir / "nowhere.toml").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("nowhere.toml: expected a calibration file"));
}

TEST(Calibrate, ParameterFileEditsAnyKeyGenerically) {
  ParameterFile f("[commute]\nasc = [0.0, 0.1, 0.2, 0.0]\n[border]\npenalty_utils_commute = 2.0\n",
                  "d.toml");
  EXPECT_DOUBLE_EQ(*f.get("commute.asc[2]"), 0.2);
  f.set("commute.asc[2]", -1.25, "c.toml", 3);
  f.set("modes.pt_walk_weight", 2.5, "c.toml", 4);  // absent section and key: created
  const auto p = f.parameters();
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::commute).asc[2], -1.25);
  EXPECT_DOUBLE_EQ(p.modes.pt_walk_weight, 2.5);
  EXPECT_DOUBLE_EQ(*p.border.penalty_utils[0], 2.0);
  try {
    f.set("commute.asc[7]", 1.0, "c.toml", 9);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("c.toml:9: field 'commute.asc[7]'"));
  }
}

TEST(Calibrate, BadCalibrationFilesNameLineAndKey) {
  auto err = [](const std::string& text) {
    try {
      parse_calibration_spec(text, "calibration.toml");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(err("[fit]\nmax_iterations = 3\n"), HasSubstr("field 'parameter'"));
  EXPECT_THAT(err("[[parameter]]\nkey = \"asc\"\nlower = 0\nupper = 1\n"),
              HasSubstr("calibration.toml:1: field 'parameter.key'"));
  EXPECT_THAT(err("[[parameter]]\nkey = \"commute.asc[1]\"\nlower = 2\nupper = 1\n"),
              HasSubstr("field 'parameter.upper'"));
  EXPECT_THAT(err("[[parameter]]\nkey = \"a.b\"\nlower = 0\nupper = 1\nstart = 4\n"),
              HasSubstr("field 'parameter.start'"));
  EXPECT_THAT(err("[[parameter]]\nkey = \"a.b\"\nlower = 0\nupper = 1\nmin = 4\n"),
              HasSubstr("calibration.toml:5: field 'parameter.min'"));
  // A key demand.toml does not know fails when the model parameters are parsed.
  const Fixture s = make_fixture("badkey");
  auto spec = parse_calibration_spec(
      "[[parameter]]\nkey = \"commute.no_such_key\"\nstart = 0.5\nlower = 0\nupper = 1\n",
      "calibration.toml");
  try {
    (void)calibrate(s.region, s.observed, s.demand_text, "demand.toml", spec);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("calibration.toml:1: field 'parameter.key'"));
  }
}

}  // namespace
}  // namespace corridor::calibration
