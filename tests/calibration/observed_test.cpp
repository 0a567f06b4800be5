// The observed/ reader on the synthetic region: every kind of row is read into the target it
// names (stop, links by id / name + nodes / screenline, zone sets, tolerances, bounds); each
// defect is an InputError naming file, line and field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "calibration/evaluate.hpp"
#include "calibration/observed.hpp"
#include "core/error.hpp"
#include "demand/model_run.hpp"
#include "demand/parameters.hpp"
#include "model/region_model.hpp"
#include "synthetic_region.hpp"

namespace corridor::calibration {
namespace {

using ::testing::HasSubstr;

const char* kStations =
    "stop,measure,day_type,operator,value,year,source,set,tolerance,bound\n"
    "SA,in_out,weekday,NS,5000,2018,count,calibration,10%,\n"
    "SB,boardings,weekday,,1200,2023,count,validation,150,\n"
    "SD,boardings,weekday,NMBS,900,2023,count,validation,,upper\n";
const char* kScreenlines = "screenline,link_id\nN1 both,5\nN1 both,6\n";
const char* kLinks =
    "link_id,name,from_node,to_node,screenline,class,period,value,year,source,set\n"
    "7,,,,,all,day,9000,2019,loop,calibration\n"
    ",N3,13,11,,truck,am_peak_hour,40,2019,loop,validation\n"
    ",,,,N1 both,all,day,15000,2019,loop,calibration\n";
const char* kTargets =
    "kind,purpose,from_set,to_set,mode,operator,link_name,value,year,source,set,tolerance,bound\n"
    "trips_between,commute,country:BE,country:NL,,,,800,2016,cbs,calibration,10%,\n"
    "mode_share,all,all,,pt,,,0.05,2019,odin,calibration,0.01,\n"
    "destination_share,commute,zone:C,country:NL,,,,0.1,2018,cbs,validation,,lower\n"
    "trips_per_person,all,municipality:Aville,,,,,2.1,2019,odin,validation,,\n"
    "operator_boardings,,,,,NS,,3000,2017,ns,validation,,\n"
    "truck_share,,,,,,N2,0.2,2020,loop,calibration,0.05,\n"
    "rail_access_share,,,,bike,,,0.43,2017,ns,validation,,\n";

class Observed : public ::testing::Test {
 protected:
  ObservedData read(const std::map<std::string, std::string>& files) {
    std::map<std::string, std::string> extra;
    for (const auto& [k, v] : files) extra["observed/" + k] = v;
    dir_ = test::write_synthetic_region("observed", extra);
    region_ = model::load_region_model(dir_);
    return read_observed(region_, dir_ / "observed", region_zone_sets(region_));
  }
  std::string error(const std::map<std::string, std::string>& files) {
    try {
      read(files);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
  std::filesystem::path dir_;
  model::RegionModel region_;
};

TEST_F(Observed, ReadsEveryKindOfRow) {
  const auto obs = read({{"stations.csv", kStations},
                         {"screenlines.csv", kScreenlines},
                         {"links.csv", kLinks},
                         {"targets.csv", kTargets}});
  ASSERT_EQ(obs.targets.size(), 3u + 3u + 7u);
  const auto& sa = obs.targets[0];
  EXPECT_EQ(sa.kind, TargetKind::station);
  EXPECT_EQ(region_.transit.stops[sa.stop].id, "SA");
  EXPECT_EQ(sa.measure, StationMeasure::in_out);
  EXPECT_EQ(sa.operator_filter, "NS");
  EXPECT_DOUBLE_EQ(sa.tolerance, 500.0);  // 10 % of 5000
  EXPECT_EQ(sa.set, TargetSet::calibration);
  EXPECT_TRUE(sa.is_count());
  EXPECT_DOUBLE_EQ(obs.targets[1].tolerance, 150.0);
  EXPECT_EQ(obs.targets[2].bound, Bound::upper);
  EXPECT_DOUBLE_EQ(obs.targets[2].tolerance, 90.0);  // default 10 %
  // Link 7 by id, N3 13 -> 11 by name and nodes, the screenline = links 5 and 6.
  const auto& net = region_.road;
  ASSERT_EQ(obs.targets[3].links.size(), 1u);
  EXPECT_EQ(net.input_index(LinkId(obs.targets[3].links[0])), 6u);
  ASSERT_EQ(obs.targets[4].links.size(), 1u);
  EXPECT_EQ(net.input_index(LinkId(obs.targets[4].links[0])), 9u);
  EXPECT_EQ(obs.targets[4].vehicle_class, VehicleClass::truck);
  EXPECT_DOUBLE_EQ(obs.targets[4].period_hours(), 1.0);
  ASSERT_EQ(obs.targets[5].links.size(), 2u);
  // Zone sets: BE = zones 2, 3 (0-based); NL = 0, 1.
  const auto& tb = obs.targets[6];
  EXPECT_EQ(tb.kind, TargetKind::trips_between);
  EXPECT_EQ(tb.purpose, 0);
  EXPECT_EQ(tb.from_zones, (std::vector<std::uint32_t>{2, 3}));
  EXPECT_EQ(tb.to_zones, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(obs.targets[7].mode, 1);
  EXPECT_EQ(obs.targets[7].from_zones.size(), 4u);
  EXPECT_EQ(obs.targets[8].from_zones, (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(obs.targets[8].bound, Bound::lower);
  EXPECT_EQ(obs.targets[9].from_zones, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(obs.targets[11].links.size(), 2u);  // both directions of N2
  EXPECT_EQ(obs.targets[12].access_mode, "bike");
}

TEST(ObservedTolerance, AbsoluteRelativeAndDefault) {
  EXPECT_DOUBLE_EQ(*parse_tolerance("250", 1000.0), 250.0);
  EXPECT_DOUBLE_EQ(*parse_tolerance("15%", 2000.0), 300.0);
  EXPECT_DOUBLE_EQ(*parse_tolerance("", 2000.0), 200.0);
  EXPECT_FALSE(parse_tolerance("-3", 10.0));
  EXPECT_FALSE(parse_tolerance("abc", 10.0));
  EXPECT_FALSE(parse_tolerance("", 0.0));  // 10 % of 0 is no tolerance
}

TEST(ObservedOperator, JointServicesCountForEachOperator) {
  EXPECT_TRUE(operator_matches("NS/NMBS", "nmbs"));
  EXPECT_TRUE(operator_matches("NS", "NS"));
  EXPECT_TRUE(operator_matches("De Lijn", "de-lijn"));
  EXPECT_FALSE(operator_matches("Arriva", "NS"));
  EXPECT_TRUE(operator_matches("Arriva", ""));
}

// The `modes` column: a survey share among some modes, trips per person by some modes. Known
// answer on a hand-made run: zone A (population 10) produces 6 car, 1 PT and 3 bike trips
// (other purpose) and 5 car trips (commute): bike among car+pt+bike = 3/15; PT among car+pt =
// 1/12; trips per person by car+pt = 2 x 12 / 10. A figure that counts walk trips is not modelled
// while the model has no walk mode (and is compared once it has one).
TEST_F(Observed, ModesColumnComparesAmongTheSurveyModes) {
  const auto obs = read({{"targets.csv",
                          "kind,purpose,from_set,mode,modes,value,year,source,set,tolerance\n"
                          "mode_share,all,zone:A,bike,car+pt+bike,0.2,2017,s,calibration,0.03\n"
                          "mode_share,all,zone:A,pt,car + pt,0.1,2017,s,validation,0.03\n"
                          "trips_per_person,all,zone:A,,car+pt,2.4,2019,s,calibration,10%\n"
                          "trips_per_person,all,zone:A,,,2.4,2019,s,calibration,10%\n"
                          "mode_share,all,zone:A,walk,car+pt+bike+walk,0.2,2019,s,validation,"
                          "0.03\n"}});
  ASSERT_EQ(obs.targets.size(), 5u);
  const auto bit = [](demand::Mode m) { return 1u << static_cast<unsigned>(demand::index(m)); };
  EXPECT_EQ(obs.targets[0].mode_mask,
            bit(demand::Mode::car) | bit(demand::Mode::pt) | bit(demand::Mode::bike));
  EXPECT_EQ(obs.targets[1].mode_mask, bit(demand::Mode::car) | bit(demand::Mode::pt));
  EXPECT_EQ(obs.targets[3].mode_mask, 0u);  // no column value: every mode of the model
  EXPECT_EQ(obs.targets[0].label, "mode_share all zone:A among car+pt+bike bike 2017");
  bool model_walks = false;
  for (std::size_t q = 0; q < demand::kModeCount; ++q) {
    model_walks |= std::string(demand::mode_name(static_cast<demand::Mode>(q))) == "walk";
  }
  EXPECT_EQ(obs.targets[4].missing_mode, model_walks ? "" : "walk");

  demand::ModelRun run;
  run.zones.resize(region_.zones.size());
  run.zones[0].population = 10.0;
  const auto n = static_cast<Eigen::Index>(region_.zones.size());
  for (auto& p : run.purposes) {
    for (auto& m : p.weekday) m = OdMatrix::Zero(n, n);
  }
  auto& other = run.purposes[demand::index(demand::Purpose::other)].weekday;
  other[demand::index(demand::Mode::car)](0, 1) = 6.0;
  other[demand::index(demand::Mode::pt)](0, 1) = 1.0;
  other[demand::index(demand::Mode::bike)](0, 0) = 3.0;
  run.purposes[demand::index(demand::Purpose::commute)].weekday[demand::index(demand::Mode::car)](
      0, 2) = 5.0;
  const auto rows = evaluate_observed(obs, region_, demand::DemandParameters{}, run);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_DOUBLE_EQ(rows[0].value, 3.0 / 15.0);
  EXPECT_TRUE(rows[0].within_tolerance);
  EXPECT_DOUBLE_EQ(rows[1].value, 1.0 / 12.0);
  EXPECT_DOUBLE_EQ(rows[2].value, 2.0 * 12.0 / 10.0);
  EXPECT_DOUBLE_EQ(rows[3].value, 2.0 * 15.0 / 10.0);
  if (model_walks) {
    EXPECT_TRUE(rows[4].modelled);
    EXPECT_DOUBLE_EQ(rows[4].value, 0.0);  // no walk trips in this run
  } else {
    EXPECT_FALSE(rows[4].modelled);
    EXPECT_THAT(rows[4].not_modelled, HasSubstr("the model has no walk mode"));
  }

  const std::string h = "kind,purpose,from_set,mode,modes,value,year,source,set\n";
  EXPECT_THAT(
      error({{"targets.csv", h + "mode_share,all,all,bike,car+tram,0.2,2017,s,calibration\n"}}),
      HasSubstr("targets.csv:2: field 'modes': expected modes joined by '+'"));
  EXPECT_THAT(
      error({{"targets.csv", h + "mode_share,all,all,bike,car+car,0.2,2017,s,calibration\n"}}),
      HasSubstr("targets.csv:2: field 'modes'"));
  EXPECT_THAT(
      error({{"targets.csv", h + "mode_share,all,all,bike,car+pt,0.2,2017,s,calibration\n"}}),
      HasSubstr("targets.csv:2: field 'mode': expected one of the modes of the `modes` column"));
  EXPECT_THAT(error({{"targets.csv", h + "mode_share,all,all,ferry,,0.2,2017,s,calibration\n"}}),
              HasSubstr("targets.csv:2: field 'mode': expected car, pt, bike or walk"));
}

TEST_F(Observed, DefectsNameFileLineAndField) {
  const std::string h = "stop,measure,day_type,operator,value,year,source,set\n";
  EXPECT_THAT(error({{"stations.csv", h + "SX,boardings,weekday,,10,2023,s,calibration\n"}}),
              HasSubstr("stations.csv:2: field 'stop': expected a stop_id of stops.csv, got 'SX'"));
  EXPECT_THAT(error({{"stations.csv", h + "SA,boardings,weekday,,-1,2023,s,calibration\n"}}),
              HasSubstr("stations.csv:2: field 'value': expected a value >= 0"));
  EXPECT_THAT(error({{"stations.csv", h + "SA,boardings,weekday,,1,2023,s,fit\n"}}),
              HasSubstr("stations.csv:2: field 'set': expected calibration or validation"));
  EXPECT_THAT(error({{"stations.csv", h + "SA,entries,weekday,,1,2023,s,calibration\n"}}),
              HasSubstr("stations.csv:2: field 'measure'"));
  EXPECT_THAT(error({{"stations.csv", h + "SA,boardings,weekday,Arriva,1,2023,s,calibration\n"}}),
              HasSubstr("stations.csv:2: field 'operator': expected an operator of lines.csv"));
  EXPECT_THAT(error({{"stations.csv", h + "SA,boardings,weekday,,1,2023,s,calibration\n" +
                                          "SA,boardings,weekday,,2,2023,t,validation\n"}}),
              HasSubstr("stations.csv:3: expected one row per figure"));
  EXPECT_THAT(error({{"stations.csv", h + "SA,boardings,weekday,,nan,2023,s,calibration\n"}}),
              HasSubstr("stations.csv:2: field 'value'"));
  const std::string l = "link_id,class,period,value,year,source,set\n";
  EXPECT_THAT(error({{"links.csv", l + "99,all,day,1,2019,s,calibration\n"}}),
              HasSubstr("links.csv:2: field 'link_id': expected a link_id of link.csv, got '99'"));
  EXPECT_THAT(error({{"links.csv", l + "5,bus,day,1,2019,s,calibration\n"}}),
              HasSubstr("links.csv:2: field 'class'"));
  EXPECT_THAT(error({{"links.csv",
                      "from_node,to_node,class,period,value,year,source,set\n"
                      "11,14,all,day,1,2019,s,calibration\n"}}),
              HasSubstr("links.csv:2: field 'to_node': expected a link from node 11 to node 14"));
  EXPECT_THAT(error({{"links.csv",
                      "screenline,class,period,value,year,source,set\n"
                      "nowhere,all,day,1,2019,s,calibration\n"}}),
              HasSubstr("links.csv:2: field 'screenline'"));
  const std::string t = "kind,purpose,from_set,to_set,value,year,source,set\n";
  EXPECT_THAT(
      error({{"targets.csv", t + "trips_between,commute,country:FR,all,1,2016,s,calibration\n"}}),
      HasSubstr("targets.csv:2: field 'from_set': expected a zone set of the region"));
  EXPECT_THAT(error({{"targets.csv", t + "trips_between,leisure,all,all,1,2016,s,calibration\n"}}),
              HasSubstr("targets.csv:2: field 'purpose'"));
  EXPECT_THAT(error({{"targets.csv", t + "mode_share,all,all,,1.5,2016,s,calibration\n"}}),
              HasSubstr("targets.csv:2: field 'value': expected a share in [0, 1]"));
  EXPECT_THAT(error({{"targets.csv", t + "trips_between,commute,all,,1,2016,s,calibration\n"}}),
              HasSubstr("targets.csv:2: field 'to_set'"));
}

}  // namespace
}  // namespace corridor::calibration
