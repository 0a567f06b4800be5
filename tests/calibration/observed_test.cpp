// The observed/ reader on the synthetic region: every kind of row is read into the target it
// names (stop, links by id / name + nodes / screenline, zone sets, tolerances, bounds); each
// defect is an InputError naming file, line and field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "calibration/observed.hpp"
#include "core/error.hpp"
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
