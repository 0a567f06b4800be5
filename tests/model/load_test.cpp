// load_region_model on small folders written by the test: a sound folder loads with zone z = road
// zone z and a content hash that follows the files; each defect (zone without connector, unknown
// centroid node, duplicate zone id, bad country, a stop in an unknown zone) is an InputError that
// names the file, the line and the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/error.hpp"
#include "model/region_model.hpp"
#include "run_cli.hpp"

namespace corridor::model {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// Zones A (NL) and B (BE), centroids 1 and 2, junctions 11 - 12 on a two-way road; one bus.
std::map<std::string, std::string> sound_files() {
  return {
      {"region.toml",
       "name = \"Tiny\"\ncountries = [\"NL\", \"BE\", \"DE\"]\n"
       "corridors = [\"bergeijk-lommel\", \"other\"]\n"
       "[zone_sets]\nsouth = { country = \"BE\" }\nboth = { union = [\"south\", "
       "\"municipality:Aville\"] }\n"},
      {"zones.csv",
       "zone_id,name,municipality,country,lat,lon,population,jobs,corridor,external,centroid_node\n"
       "1,A,Aville,NL,51.40,5.40,1000,500,other,0,1\n"
       "2,B,Bstad,BE,51.30,5.30,2000,800,bergeijk-lommel,0,2\n"},
      {"node.csv",
       "node_id,name,x_coord,y_coord,node_type,zone_id\n"
       "1,A centroid,5.40,51.40,centroid,1\n"
       "2,B centroid,5.30,51.30,centroid,2\n"
       "11,J1,5.40,51.39,junction,\n"
       "12,J2,5.30,51.31,junction,\n"},
      {"link.csv",
       "link_id,name,from_node_id,to_node_id,facility_type,length,lanes,free_speed,capacity,"
       "vdf_alpha,vdf_beta,toll,allowed_uses\n"
       "1,c,1,11,connector,1.2,1,30,9999,0.15,4,0,auto;truck\n"
       "2,c,11,1,connector,1.2,1,30,9999,0.15,4,0,auto;truck\n"
       "3,c,2,12,connector,1.2,1,30,9999,0.15,4,0,auto;truck\n"
       "4,c,12,2,connector,1.2,1,30,9999,0.15,4,0,auto;truck\n"
       "5,N1,11,12,primary,14.5,2,80,1500,0.15,4,0,auto;truck\n"
       "6,N1,12,11,primary,14.5,2,80,1500,0.15,4,0,auto;truck\n"},
      {"config.csv",
       "dataset_name,short_length,long_length,speed,crs,currency\n"
       "tiny,m,km,kmh,EPSG:4326,EUR\n"},
      {"stops.csv",
       "stop_id,name,lat,lon,zone_id,kind\nSA,A,51.40,5.40,1,bus\nSB,B,51.30,5.30,2,bus\n"},
      {"lines.csv",
       "line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,"
       "both_directions\n"
       "b1,bus 1,bus,X,15,30,18,1\n"},
      {"line_stops.csv", "line_id,seq,stop_id,minutes\nb1,1,SA,0\nb1,2,SB,20\n"},
  };
}

class LoadRegion : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corridor-model-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    files_ = sound_files();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void load_files_only() {
    for (const auto& [name, text] : files_) std::ofstream(dir_ / name) << text;
  }
  RegionModel load() {
    load_files_only();
    return load_region_model(dir_);
  }
  // Expects load() to throw an InputError at file:line, field.
  void expect_error(const std::string& file, std::size_t line, const std::string& field,
                    const std::string& message) {
    try {
      load();
      ADD_FAILURE() << "expected an InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(fs::path(e.where().file).filename(), file) << e.what();
      EXPECT_EQ(e.where().line, line) << e.what();
      EXPECT_EQ(e.where().field, field) << e.what();
      EXPECT_THAT(e.what(), HasSubstr(message));
    }
  }
  void replace(const std::string& file, const std::string& from, const std::string& to) {
    auto& text = files_.at(file);
    const auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
  }

  fs::path dir_;
  std::map<std::string, std::string> files_;
};

TEST_F(LoadRegion, SoundFolderLoadsConsistently) {
  const auto m = load();
  ASSERT_EQ(m.zones.size(), 2u);
  EXPECT_EQ(m.road.zone_count(), 2u);
  EXPECT_EQ(m.road.node_label(NodeId(1)), 2);  // road zone 1 = zone_id 2
  EXPECT_EQ(m.zones[1].name, "B");
  EXPECT_EQ(m.zones[1].country, "BE");
  EXPECT_EQ(m.road.link_count(), 6u);
  // facility types and lanes are kept by LinkId
  const auto a = m.road.link_at_input(4).value();  // link.csv row 5: primary 11 -> 12
  EXPECT_EQ(m.facility_types[a], "primary");
  EXPECT_DOUBLE_EQ(m.lanes[a], 2.0);
  EXPECT_DOUBLE_EQ(m.road.capacity()[a], 3000.0);  // 2 lanes x 1500
  EXPECT_NEAR(m.road.free_flow_minutes()[a], 14.5 / 80.0 * 60.0, 1e-12);
  ASSERT_EQ(m.transit.stops.size(), 2u);
  EXPECT_EQ(m.transit.stops[1].zone, ZoneId(1));
  EXPECT_EQ(m.content_hash.size(), 16u);
  // The hash follows the content of every input file.
  const auto h = m.content_hash;
  EXPECT_EQ(load().content_hash, h);
  replace("line_stops.csv", "b1,2,SB,20", "b1,2,SB,21");
  EXPECT_NE(load().content_hash, h);
  const auto h2 = load().content_hash;
  replace("region.toml", "Tiny", "Tiny2");
  EXPECT_NE(load().content_hash, h2);
}

TEST_F(LoadRegion, RegionTomlZoneSets) {
  const auto m = load();
  ASSERT_NE(find_zone_set(m, "south"), nullptr);
  EXPECT_EQ(find_zone_set(m, "south")->zones, std::vector<std::uint32_t>({1}));
  EXPECT_EQ(find_zone_set(m, "both")->zones, std::vector<std::uint32_t>({0, 1}));
  replace("region.toml", "union = [\"south\", \"municipality:Aville\"]",
          "union = [\"south\", \"nord\"]");
  expect_error("region.toml", 6, "zone_sets.both.union", "unknown zone set 'nord'");
}

TEST_F(LoadRegion, RegionTomlBoxBorderAndValuesOfTime) {
  files_["region.toml"] =
      "name = \"Tiny\"\ncountries = [\"NL\", \"BE\"]\nborder = \"border.csv\"\n"
      "[box]\nmin_lat = 51.0\nmax_lat = 52.0\nmin_lon = 5.0\nmax_lon = 6.0\n"
      "[values_of_time]\nBE = [1.0, 2.0, 3.0, 4.0]\n";
  files_["border.csv"] = "polyline,lon,lat\nx,5.1,51.1\nx,5.2,51.2\ny,5.3,51.3\ny,5.4,51.4\n";
  const auto m = load();
  EXPECT_EQ(m.name, "Tiny");
  EXPECT_EQ(m.box.min_lat, 51.0);
  EXPECT_EQ(m.box.max_lon, 6.0);
  ASSERT_EQ(m.border.size(), 2u);
  EXPECT_EQ(m.border[1][1].lon, 5.4);
  EXPECT_EQ(m.border[1][1].lat, 51.4);
  EXPECT_EQ(m.values_of_time.at("BE")[3], 4.0);
  // The border file is part of the model's hash.
  const auto h = m.content_hash;
  replace("border.csv", "y,5.4,51.4", "y,5.4,51.5");
  EXPECT_NE(load().content_hash, h);
  // Each defect names its file, line and key.
  replace("border.csv", "y,5.4,51.5", "y,5.4,50.5");
  expect_error("border.csv", 5, "lat", "inside region.toml [box]");
  replace("border.csv", "y,5.4,50.5", "y,5.4,51.5\nx,5.5,51.5");
  expect_error("border.csv", 6, "polyline", "appears again");
  replace("border.csv", "\nx,5.5,51.5", "");
  replace("border.csv", "y,5.3,51.3\n", "");
  expect_error("border.csv", 4, "polyline", "has one point");
  replace("border.csv", "y,5.4,51.5", "y,5.3,51.3\ny,5.4,51.5");
  replace("region.toml", "BE = [1.0, 2.0, 3.0, 4.0]", "DE = [1.0, 2.0, 3.0, 4.0]");
  expect_error("region.toml", 10, "values_of_time.DE", "a country of `countries`");
  replace("region.toml", "DE = [1.0, 2.0, 3.0, 4.0]", "BE = [1.0, 2.0, 3.0]");
  expect_error("region.toml", 10, "values_of_time.BE", "[commute, business, education, other]");
  replace("region.toml", "BE = [1.0, 2.0, 3.0]", "BE = [1.0, 2.0, 3.0, 4.0]");
  replace("region.toml", "max_lat = 52.0", "max_lat = 50.0");
  expect_error("region.toml", 4, "box", "min_lat < max_lat");
  replace("region.toml", "max_lat = 50.0", "max_lat = 52.0");
  replace("region.toml", "name = ", "nmae = ");
  expect_error("region.toml", 1, "nmae", "unknown key");
}

TEST_F(LoadRegion, WithoutRegionTomlAnyCountryAndOnlyAutomaticSets) {
  files_.erase("region.toml");
  replace("zones.csv", "2,B,Bstad,BE", "2,B,Bstad,FR");
  const auto m = load();
  EXPECT_EQ(m.zones[1].country, "FR");
  EXPECT_EQ(m.zone_sets.front().name, "all");
  EXPECT_NE(find_zone_set(m, "country:FR"), nullptr);
}

TEST_F(LoadRegion, ZoneWithOnlyAnOutgoingConnector) {
  replace("link.csv", "4,c,12,2,connector", "4,c,12,11,connector");
  expect_error("zones.csv", 3, "centroid_node",
               "zone 2 'B' has no connector into its centroid node 2");
}

TEST_F(LoadRegion, ZoneWithoutAnyConnector) {
  replace("link.csv", "3,c,2,12,connector", "3,c,11,12,connector");
  replace("link.csv", "4,c,12,2,connector", "4,c,12,11,connector");
  expect_error("node.csv", 3, "zone_id", "zone 2 has no connector");
}

TEST_F(LoadRegion, UnknownCentroidNode) {
  files_["zones.csv"] += "3,C,Cdorp,NL,51.35,5.35,10,10,other,0,3\n";
  expect_error("zones.csv", 4, "centroid_node", "node 3 is not in node.csv");
}

TEST_F(LoadRegion, CentroidNodeWithoutZoneId) {
  files_["zones.csv"] += "3,C,Cdorp,NL,51.35,5.35,10,10,other,0,3\n";
  files_["node.csv"] += "3,C centroid,5.35,51.35,centroid,\n";
  expect_error("zones.csv", 4, "centroid_node", "node 3 is in node.csv but not as the centroid");
}

TEST_F(LoadRegion, NodeZoneMissingFromZonesCsv) {
  files_["node.csv"] += "3,C centroid,5.35,51.35,centroid,3\n";
  files_["link.csv"] += "7,c,3,11,connector,1,1,30,9999,0.15,4,0,auto\n";
  expect_error("node.csv", 0, "zone_id", "zone_id 3 is not a zone of zones.csv (1..2)");
}

TEST_F(LoadRegion, DuplicateZoneId) {
  replace("zones.csv", "2,B,Bstad", "1,B,Bstad");
  expect_error("zones.csv", 3, "zone_id", "duplicate zone id 1 (first on line 2)");
}

TEST_F(LoadRegion, BadCountry) {
  replace("zones.csv", "2,B,Bstad,BE", "2,B,Bstad,Belgium");
  expect_error("zones.csv", 3, "country",
               "expected one of NL, BE, DE (region.toml), got 'Belgium'");
}

TEST_F(LoadRegion, MissingFileAndNotAFolder) {
  files_.erase("line_stops.csv");
  expect_error("line_stops.csv", 0, "", "required file is missing");
  EXPECT_THROW(load_region_model(dir_ / "nowhere"), InputError);
}

TEST_F(LoadRegion, StopInUnknownZoneIsReportedByTheLinesReader) {
  replace("stops.csv", "SB,B,51.30,5.30,2", "SB,B,51.30,5.30,7");
  try {
    load();
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(fs::path(e.where().file).filename(), "stops.csv") << e.what();
    EXPECT_EQ(e.where().line, 3u) << e.what();
  }
}

// `corridor validate` on a folder whose only road is one-way: loads fine, fails validation with
// exit 2 and names the zone that cannot be left by car.
TEST_F(LoadRegion, ValidateCliExitsTwoOnDisconnectedRoad) {
  replace("link.csv", "6,N1,12,11,primary,14.5,2,80,1500,0.15,4,0,auto;truck\n", "");
  load();
  const auto r = test::run_corridor({"validate", dir_.string()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("zones      BE 1 NL 1"));
  EXPECT_THAT(r.err, HasSubstr("defect [car connectivity] zone 2 'B': cannot reach 1 of 1 zones"));
  EXPECT_THAT(r.err, HasSubstr("corridor: error: "));
}

TEST_F(LoadRegion, ValidateCliExitsZeroOnSoundFolder) {
  load();
  const auto r = test::run_corridor({"validate", dir_.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("ok: every zone reaches every other"));
}

TEST_F(LoadRegion, LoadErrorsCliExitTwoWithFileLineField) {
  replace("zones.csv", "2,B,Bstad,BE", "2,B,Bstad,FR");
  load_files_only();
  const auto r = test::run_corridor({"validate", dir_.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err,
              HasSubstr("zones.csv:3: field 'country': expected one of NL, BE, DE (region.toml)"));
}

}  // namespace
}  // namespace corridor::model
