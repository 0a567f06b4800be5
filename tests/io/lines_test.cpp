// The lines format: a folder written by hand is read to the expected structs, write → read
// round-trips, every kind of bad input names file, line and field, and the region's own data
// (scenarios/brainport-kempen) reads and validates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "io/lines.hpp"
#include "test_data.hpp"

namespace corridor::io {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class LinesFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corridor-lines-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("stops.csv",
          "stop_id,name,lat,lon,zone_id,kind\n"
          "EHV,Eindhoven Centraal,51.4433,5.4812,1,rail\n"
          "HM,Helmond,51.4757,5.6619,3,rail\n"
          "B1,\"Veldhoven, Zandoerle\",51.40,5.40,,bus\n");
    write("lines.csv",
          "line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,"
          "both_directions\n"
          "IC,Intercity,rail,NS,15,30,18,1\n"
          "X1,Express,bus,Hermes,10,,12,0\n");
    write("line_stops.csv",
          "line_id,seq,stop_id,minutes\n"
          "IC,2,HM,9\n"
          "IC,1,EHV,0\n"
          "X1,1,B1,0\n"
          "X1,5,EHV,14.5\n"
          "X1,7,HM,30\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::string error_of(std::uint32_t zone_count = 0) {
    try {
      read_lines(dir_, zone_count);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
  fs::path dir_;
};

TEST_F(LinesFolder, ReadsTheFolder) {
  const auto data = read_lines(dir_, 3);
  ASSERT_EQ(data.stops.size(), 3u);
  EXPECT_EQ(data.stops[0].id, "EHV");
  EXPECT_EQ(data.stops[0].zone, ZoneId{0});
  EXPECT_EQ(data.stops[1].zone, ZoneId{2});
  EXPECT_FALSE(data.stops[2].zone.valid());
  EXPECT_EQ(data.stops[2].name, "Veldhoven, Zandoerle");
  EXPECT_DOUBLE_EQ(data.stops[1].lon, 5.6619);
  ASSERT_EQ(data.lines.size(), 2u);
  const auto& ic = data.lines[0];
  EXPECT_EQ(ic.mode, transit::Mode::rail);
  EXPECT_EQ(ic.operator_name, "NS");
  EXPECT_DOUBLE_EQ(ic.headway_peak_min, 15.0);
  EXPECT_DOUBLE_EQ(ic.headway_offpeak_min, 30.0);
  EXPECT_TRUE(ic.both_directions);
  ASSERT_EQ(ic.stops.size(), 2u);  // rows sorted by seq
  EXPECT_EQ(ic.stops[0].stop, 0u);
  EXPECT_EQ(ic.stops[1].stop, 1u);
  EXPECT_DOUBLE_EQ(ic.stops[1].minutes, 9.0);
  const auto& x1 = data.lines[1];
  EXPECT_EQ(x1.headway_offpeak_min, transit::kNoService);
  EXPECT_FALSE(x1.both_directions);
  EXPECT_DOUBLE_EQ(x1.service_hours, 12.0);
  ASSERT_EQ(x1.stops.size(), 3u);
  EXPECT_DOUBLE_EQ(x1.stops[1].minutes, 14.5);
}

TEST_F(LinesFolder, WriteThenReadRoundTrips) {
  auto data = read_lines(dir_);
  transit::set_transfer_wait_factor(data, "HM", 0.25);
  const auto out = dir_ / "copy";
  write_lines(out, data);
  const auto back = read_lines(out);
  ASSERT_EQ(back.stops.size(), data.stops.size());
  for (std::size_t s = 0; s < data.stops.size(); ++s) {
    EXPECT_EQ(back.stops[s].id, data.stops[s].id);
    EXPECT_EQ(back.stops[s].name, data.stops[s].name);
    EXPECT_EQ(back.stops[s].lat, data.stops[s].lat);
    EXPECT_EQ(back.stops[s].zone, data.stops[s].zone);
    EXPECT_EQ(back.stops[s].transfer_wait_factor, data.stops[s].transfer_wait_factor);
  }
  ASSERT_EQ(back.lines.size(), data.lines.size());
  for (std::size_t l = 0; l < data.lines.size(); ++l) {
    EXPECT_EQ(back.lines[l].id, data.lines[l].id);
    EXPECT_EQ(back.lines[l].headway_offpeak_min, data.lines[l].headway_offpeak_min);
    EXPECT_EQ(back.lines[l].both_directions, data.lines[l].both_directions);
    ASSERT_EQ(back.lines[l].stops.size(), data.lines[l].stops.size());
    for (std::size_t k = 0; k < data.lines[l].stops.size(); ++k) {
      EXPECT_EQ(back.lines[l].stops[k].stop, data.lines[l].stops[k].stop);
      EXPECT_EQ(back.lines[l].stops[k].minutes, data.lines[l].stops[k].minutes);
    }
  }
}

TEST_F(LinesFolder, UnknownStop) {
  write("line_stops.csv", "line_id,seq,stop_id,minutes\nIC,1,EHV,0\nIC,2,HMX,9\n");
  const auto e = error_of();
  EXPECT_THAT(e, HasSubstr("line_stops.csv:3"));
  EXPECT_THAT(e, HasSubstr("stop_id"));
  EXPECT_THAT(e, HasSubstr("HMX"));
}

TEST_F(LinesFolder, UnknownLine) {
  write("line_stops.csv", "line_id,seq,stop_id,minutes\nIC,1,EHV,0\nIC,2,HM,9\nZZ,1,HM,0\n");
  EXPECT_THAT(error_of(), HasSubstr("line_stops.csv:4: field 'line_id'"));
}

TEST_F(LinesFolder, TimesGoingBackwards) {
  write("line_stops.csv",
        "line_id,seq,stop_id,minutes\nIC,1,EHV,0\nIC,2,HM,9\nX1,1,B1,0\nX1,2,EHV,14\n"
        "X1,3,HM,12\n");
  const auto e = error_of();
  EXPECT_THAT(e, HasSubstr("line_stops.csv:6"));
  EXPECT_THAT(e, HasSubstr("minutes"));
  EXPECT_THAT(e, HasSubstr("strictly increasing"));
}

TEST_F(LinesFolder, NonPositiveHeadway) {
  for (const char* h : {"0", "-5"}) {
    write("lines.csv",
          std::string("line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,"
                      "service_hours,both_directions\nIC,Intercity,rail,NS,15,30,18,1\n"
                      "X1,Express,bus,Hermes,") +
              h + ",,12,0\n");
    const auto e = error_of();
    EXPECT_THAT(e, HasSubstr("lines.csv:3: field 'headway_peak_min'")) << h;
  }
}

TEST_F(LinesFolder, DuplicateIds) {
  write("stops.csv",
        "stop_id,name,lat,lon,zone_id,kind\nEHV,a,51.4,5.4,1,rail\nHM,b,51.4,5.6,1,rail\n"
        "EHV,c,51.4,5.5,1,bus\n");
  EXPECT_THAT(error_of(), HasSubstr("stops.csv:4: field 'stop_id': duplicate stop_id"));
  SetUp();
  write("lines.csv",
        "line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,"
        "both_directions\nIC,a,rail,NS,15,30,18,1\nIC,b,bus,NS,15,30,18,1\n");
  EXPECT_THAT(error_of(), HasSubstr("lines.csv:3: field 'line_id': duplicate line_id"));
}

TEST_F(LinesFolder, MissingColumnAndBadValues) {
  write("lines.csv",
        "line_id,name,mode,operator,headway_peak_min,service_hours,both_directions\n"
        "IC,a,rail,NS,15,18,1\n");
  EXPECT_THAT(error_of(), HasSubstr("headway_offpeak_min"));
  SetUp();
  write("lines.csv",
        "line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,"
        "both_directions\nIC,a,hovercraft,NS,15,30,18,1\n");
  EXPECT_THAT(error_of(), HasSubstr("lines.csv:2: field 'mode'"));
  SetUp();
  write("lines.csv",
        "line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,"
        "both_directions\nIC,a,rail,NS,15,30,18,maybe\n");
  EXPECT_THAT(error_of(), HasSubstr("lines.csv:2: field 'both_directions'"));
  SetUp();
  EXPECT_THAT(error_of(2), HasSubstr("stops.csv:3: field 'zone_id'"));
  SetUp();
  fs::remove(dir_ / "line_stops.csv");
  EXPECT_THAT(error_of(), HasSubstr("line_stops.csv"));
}

TEST_F(LinesFolder, FacilityColumns) {
  write("stops.csv",
        "stop_id,name,lat,lon,zone_id,kind,bike_parking,park_and_ride\n"
        "EHV,Eindhoven Centraal,51.4433,5.4812,1,rail,1,0\n"
        "HM,Helmond,51.4757,5.6619,3,rail,,\n"
        "B1,Bus,51.40,5.40,,bus,yes,\n");
  auto data = read_lines(dir_);
  EXPECT_EQ(data.stops[0].bike_parking, std::optional<bool>(true));
  EXPECT_EQ(data.stops[0].park_and_ride, std::optional<bool>(false));
  EXPECT_FALSE(transit::has_park_and_ride(data.stops[0]));
  EXPECT_FALSE(data.stops[1].bike_parking.has_value());  // empty: the kind's default
  EXPECT_TRUE(transit::has_park_and_ride(data.stops[1]));
  EXPECT_TRUE(transit::has_bike_parking(data.stops[2]));
  EXPECT_FALSE(transit::has_park_and_ride(data.stops[2]));
  // Round trip keeps explicit and unset values apart.
  write_lines(dir_ / "out", data);
  const auto back = read_lines(dir_ / "out");
  for (std::size_t s = 0; s < data.stops.size(); ++s) {
    EXPECT_EQ(back.stops[s].bike_parking, data.stops[s].bike_parking);
    EXPECT_EQ(back.stops[s].park_and_ride, data.stops[s].park_and_ride);
  }
  write("stops.csv",
        "stop_id,name,lat,lon,zone_id,kind,park_and_ride\n"
        "EHV,Eindhoven Centraal,51.4433,5.4812,1,rail,1\n"
        "HM,Helmond,51.4757,5.6619,3,rail,2\n"
        "B1,Bus,51.40,5.40,,bus,\n");
  EXPECT_THAT(error_of(), HasSubstr("stops.csv:3: field 'park_and_ride'"));
}

TEST_F(LinesFolder, LineWithOneStop) {
  write("line_stops.csv", "line_id,seq,stop_id,minutes\nIC,1,EHV,0\nIC,2,HM,9\nX1,1,B1,0\n");
  EXPECT_THAT(error_of(), HasSubstr("at least 2 stops for line 'X1'"));
}

std::size_t data_rows(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) n += !line.empty();
  return n - 1;
}

TEST(RegionLines, BrainportKempenReads) {
  const auto dir = test::source_dir() / "scenarios" / "brainport-kempen";
  CORRIDOR_SKIP_IF_MISSING(dir / "line_stops.csv");
  const auto zones = static_cast<std::uint32_t>(data_rows(dir / "zones.csv"));
  const auto data = read_lines(dir, zones);
  EXPECT_EQ(data.stops.size(), data_rows(dir / "stops.csv"));
  EXPECT_EQ(data.lines.size(), data_rows(dir / "lines.csv"));
  std::size_t calls = 0;
  for (const auto& l : data.lines) calls += l.stops.size();
  EXPECT_EQ(calls, data_rows(dir / "line_stops.csv"));
}

}  // namespace
}  // namespace corridor::io
