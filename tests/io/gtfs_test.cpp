// GTFS import: the GTFS reference's own sample feed (tests/data/gtfs/sample-feed) gives headways
// and run times computed by hand from its stop_times and frequencies; the same feed zipped (stored
// and deflated entries) gives the same lines; a feed built here checks parent stations,
// overnight trips, calendar exceptions, interpolation; broken feeds give errors naming file,
// line and field; the CLI writes the lines format and exits 2 on a bad feed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/error.hpp"
#include "io/gtfs.hpp"
#include "io/lines.hpp"
#include "run_cli.hpp"
#include "test_data.hpp"

namespace corridor::io {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

fs::path sample_feed() { return test::source_dir() / "tests" / "data" / "gtfs" / "sample-feed"; }

const transit::Line& line_named(const transit::TransitData& d, const std::string& id) {
  for (const auto& l : d.lines) {
    if (l.id == id) return l;
  }
  throw std::runtime_error("no line " + id);
}

std::vector<double> minutes_of(const transit::Line& l) {
  std::vector<double> m;
  for (const auto& s : l.stops) m.push_back(s.minutes);
  return m;
}

std::vector<std::string> stops_of(const transit::TransitData& d, const transit::Line& l) {
  std::vector<std::string> ids;
  for (const auto& s : l.stops) ids.push_back(d.stops[s.stop].id);
  return ids;
}

GtfsImportOptions options(const char* date, const char* peak, const char* offpeak = nullptr) {
  GtfsImportOptions o;
  o.date = parse_gtfs_date(date);
  o.peak = parse_time_window(peak);
  if (offpeak) o.offpeak = parse_time_window(offpeak);
  return o;
}

// Tuesday 2007-06-05, 07:00-09:00. STBA every 30 min 06:00-22:00 → 07:00, 07:30, 08:00, 08:30:
// headway 30. CITY every 30 min until 07:59:59 then every 10 min → 07:00, 07:30, 08:00 ... 08:50
// = 8 departures: headway 15; run times at the dwell midpoints 0, 6, 13, 20, 26. AB1 and BFC1
// (one trip each): headway 120. AB2/BFC2 run outside the window; AAMV runs at weekends only.
TEST(GtfsSample, TuesdayMorning) {
  GtfsImportSummary sum;
  const auto d = import_gtfs(sample_feed(), options("2007-06-05", "07:00-09:00"), &sum);
  ASSERT_EQ(d.lines.size(), 5u);
  EXPECT_EQ(sum.departures_peak, 4u + 8u + 8u + 1u + 1u);
  EXPECT_EQ(sum.trips_active, 7u);
  const auto& stba = line_named(d, "STBA-0");
  EXPECT_DOUBLE_EQ(stba.headway_peak_min, 30.0);
  EXPECT_EQ(minutes_of(stba), (std::vector<double>{0, 20}));
  const auto& city0 = line_named(d, "CITY-0");
  EXPECT_DOUBLE_EQ(city0.headway_peak_min, 15.0);
  EXPECT_DOUBLE_EQ(city0.headway_offpeak_min, 15.0);  // no --offpeak: same as peak
  EXPECT_EQ(minutes_of(city0), (std::vector<double>{0, 6, 13, 20, 26}));
  EXPECT_EQ(stops_of(d, city0),
            (std::vector<std::string>{"STAGECOACH", "NANAA", "NADAV", "DADAN", "EMSI"}));
  // Last CITY departure 21:30, first 06:00: 15.5 h + one headway.
  EXPECT_DOUBLE_EQ(city0.service_hours, 15.75);
  const auto& city1 = line_named(d, "CITY-1");
  EXPECT_DOUBLE_EQ(city1.headway_peak_min, 15.0);
  EXPECT_EQ(minutes_of(city1), (std::vector<double>{0, 6, 13, 20, 26}));
  EXPECT_DOUBLE_EQ(line_named(d, "AB-0").headway_peak_min, 120.0);
  EXPECT_EQ(minutes_of(line_named(d, "AB-0")), (std::vector<double>{0, 10}));
  EXPECT_DOUBLE_EQ(line_named(d, "BFC-0").headway_peak_min, 120.0);
  EXPECT_EQ(line_named(d, "BFC-0").operator_name, "Demo Transit Authority");
  EXPECT_EQ(line_named(d, "BFC-0").mode, transit::Mode::bus);
  EXPECT_FALSE(line_named(d, "BFC-0").both_directions);
  EXPECT_EQ(d.stops.size(), 8u);                   // AMV is not served on a Tuesday
  EXPECT_EQ(d.stops.front().id, "FUR_CREEK_RES");  // stops.txt order
}

// Saturday 2007-06-09: AAMV (weekends) runs. Peak 07:00-10:00: AAMV1 at 08:00 → headway 180.
// Off-peak 10:00-17:00: AAMV3 (13:00) in direction 0 → 420; AAMV2 (10:00) and AAMV4 (15:00) in
// direction 1 → 210, no peak service in direction 1.
TEST(GtfsSample, SaturdayWithOffpeakWindow) {
  const auto d = import_gtfs(sample_feed(), options("2007-06-09", "07:00-10:00", "10:00-17:00"));
  const auto& out = line_named(d, "AAMV-0");
  EXPECT_DOUBLE_EQ(out.headway_peak_min, 180.0);
  EXPECT_DOUBLE_EQ(out.headway_offpeak_min, 420.0);
  const auto& back = line_named(d, "AAMV-1");
  EXPECT_EQ(back.headway_peak_min, transit::kNoService);
  EXPECT_DOUBLE_EQ(back.headway_offpeak_min, 210.0);
  EXPECT_EQ(minutes_of(back), (std::vector<double>{0, 60}));
}

TEST(GtfsSample, ServiceRemovedOnTheDate) {
  // calendar_dates removes FULLW on Monday 2007-06-04 and WE does not run on Mondays.
  try {
    import_gtfs(sample_feed(), options("2007-06-04", "07:00-09:00"));
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("period"));
    EXPECT_THAT(e.what(), HasSubstr("found none"));
  }
}

// --- a minimal zip writer (stored or raw-deflated entries) for the tests -------------------

void put16(std::string& b, unsigned v) {
  b += static_cast<char>(v & 0xff);
  b += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& b, unsigned long v) {
  put16(b, static_cast<unsigned>(v & 0xffff));
  put16(b, static_cast<unsigned>((v >> 16) & 0xffff));
}

std::string deflate_raw(const std::string& in) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

void write_zip(const fs::path& zip, const std::map<std::string, std::string>& files) {
  std::string body;
  std::string central;
  unsigned n = 0;
  for (const auto& [name, content] : files) {
    const bool deflated = (n++ % 2) == 0;
    const std::string data = deflated ? deflate_raw(content) : content;
    const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(content.data()),
                           static_cast<uInt>(content.size()));
    const auto offset = body.size();
    put32(body, 0x04034b50);
    put16(body, 20);
    put16(body, 0);
    put16(body, deflated ? 8 : 0);
    put32(body, 0);
    put32(body, crc);
    put32(body, data.size());
    put32(body, content.size());
    put16(body, static_cast<unsigned>(name.size()));
    put16(body, 0);
    body += name + data;
    put32(central, 0x02014b50);
    put16(central, 20);
    put16(central, 20);
    put16(central, 0);
    put16(central, deflated ? 8 : 0);
    put32(central, 0);
    put32(central, crc);
    put32(central, data.size());
    put32(central, content.size());
    put16(central, static_cast<unsigned>(name.size()));
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, offset);
    central += name;
  }
  std::string eocd;
  put32(eocd, 0x06054b50);
  put16(eocd, 0);
  put16(eocd, 0);
  put16(eocd, static_cast<unsigned>(files.size()));
  put16(eocd, static_cast<unsigned>(files.size()));
  put32(eocd, central.size());
  put32(eocd, body.size());
  put16(eocd, 0);
  std::ofstream(zip, std::ios::binary) << body << central << eocd;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class GtfsTemp : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corridor-gtfs-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(GtfsTemp, ZippedSampleFeedGivesTheSameLines) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(sample_feed())) {
    if (e.path().extension() == ".txt") {
      files["sample-feed/" + e.path().filename().string()] = slurp(e.path());
    }
  }
  write_zip(dir_ / "feed.zip", files);
  const auto unzipped = read_zip(dir_ / "feed.zip");
  EXPECT_EQ(unzipped.size(), files.size());
  EXPECT_EQ(unzipped.at("stop_times.txt"), slurp(sample_feed() / "stop_times.txt"));
  const auto a = import_gtfs(sample_feed(), options("2007-06-05", "07:00-09:00"));
  const auto b = import_gtfs(dir_ / "feed.zip", options("2007-06-05", "07:00-09:00"));
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (std::size_t l = 0; l < a.lines.size(); ++l) {
    EXPECT_EQ(a.lines[l].id, b.lines[l].id);
    EXPECT_EQ(a.lines[l].headway_peak_min, b.lines[l].headway_peak_min);
    EXPECT_EQ(minutes_of(a.lines[l]), minutes_of(b.lines[l]));
  }
}

TEST_F(GtfsTemp, DamagedZip) {
  std::ofstream(dir_ / "bad.zip", std::ios::binary) << "PK this is not a zip archive";
  try {
    import_gtfs(dir_ / "bad.zip", options("2007-06-05", "07:00-09:00"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("bad.zip"));
    EXPECT_THAT(e.what(), HasSubstr("zip"));
  }
}

// A feed built here (Wednesday 2026-03-11).
//  - route R (rail, type 2): platforms P1/P2 of station ST merge into ST; three trips at 07:00,
//    07:20, 07:40 A → ST → C, run times 10 and 25 (one trip 12 and 27): averages 10.67, 25.67.
//  - route N (bus, type 3): a night trip of Tuesday's service at 24:30-25:10 (00:30 on
//    Wednesday) and Wednesday's own at 23:50; the intermediate stop has no time (interpolated).
//  - service EXTRA is added on the date by calendar_dates; service WKND does not run.
struct BuiltFeed {
  std::map<std::string, std::string> files{
      {"agency.txt", "agency_name,agency_url,agency_timezone\nRail Co,http://x,Europe/Amsterdam\n"},
      {"stops.txt",
       "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
       "A,Alpha,51.40,5.40,0,\nST,Station,51.45,5.48,1,\nP1,Station platform "
       "1,51.4501,5.4801,0,ST\n"
       "P2,Station platform 2,51.4502,5.4802,0,ST\nC,Charlie,51.50,5.60,,\n"},
      {"routes.txt",
       "route_id,route_short_name,route_long_name,route_type\nR,IC,,2\nN,N1,Night,3\n"},
      {"trips.txt",
       "route_id,service_id,trip_id,direction_id\nR,WEEK,r1,0\nR,WEEK,r2,0\nR,EXTRA,r3,0\n"
       "R,WKND,r4,0\nN,WEEK,n1,1\nN,WEEK,n2,1\n"},
      {"calendar.txt",
       "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
       "WEEK,1,1,1,1,1,0,0,20260101,20261231\nWKND,0,0,0,0,0,1,1,20260101,20261231\n"},
      {"calendar_dates.txt", "service_id,date,exception_type\nEXTRA,20260311,1\n"},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
       "r1,07:00:00,07:00:00,A,1\nr1,07:10:00,07:10:00,P1,2\nr1,07:25:00,07:25:00,C,3\n"
       "r2,07:32:00,07:32:00,P2,2\nr2,07:20:00,07:20:00,A,1\nr2,07:47:00,07:47:00,C,5\n"
       "r3,07:40:00,07:40:00,A,1\nr3,07:50:00,07:50:00,P1,2\nr3,08:05:00,08:05:00,C,3\n"
       "r4,07:45:00,07:45:00,A,1\nr4,08:00:00,08:00:00,C,2\n"
       "n1,24:30:00,24:30:00,C,1\nn1,,,ST,2\nn1,25:10:00,25:10:00,A,3\n"
       "n2,23:50:00,23:50:00,C,1\nn2,,,P1,2\nn2,24:30:00,24:30:00,A,3\n"}};
};

TEST_F(GtfsTemp, BuiltFeed) {
  const BuiltFeed feed;
  for (const auto& [name, text] : feed.files) std::ofstream(dir_ / name) << text;
  const auto d = import_gtfs(dir_, options("2026-03-11", "07:00-08:00", "00:00-01:00"));
  const auto& r = line_named(d, "R-0");
  EXPECT_EQ(r.mode, transit::Mode::rail);
  EXPECT_EQ(r.operator_name, "Rail Co");
  EXPECT_EQ(stops_of(d, r), (std::vector<std::string>{"A", "ST", "C"}));
  EXPECT_DOUBLE_EQ(r.headway_peak_min, 20.0);             // r1, r2, r3 (EXTRA added)
  EXPECT_EQ(r.headway_offpeak_min, transit::kNoService);  // nothing after midnight
  EXPECT_EQ(minutes_of(r), (std::vector<double>{0, 10.67, 25.67}));
  const auto& n = line_named(d, "N-1");
  EXPECT_EQ(stops_of(d, n), (std::vector<std::string>{"C", "ST", "A"}));
  EXPECT_EQ(n.headway_peak_min, transit::kNoService);
  EXPECT_DOUBLE_EQ(n.headway_offpeak_min, 60.0);               // Tuesday's 24:30 = Wednesday 00:30
  EXPECT_EQ(minutes_of(n), (std::vector<double>{0, 20, 40}));  // ST interpolated halfway
  EXPECT_EQ(d.stops.size(), 3u);
}

struct BrokenCase {
  std::string file;
  std::string content;  // replaces the file; empty = remove it
  std::vector<std::string> expect;
};

TEST_F(GtfsTemp, BrokenFeeds) {
  const std::vector<BrokenCase> cases{
      {"routes.txt", "", {"routes.txt", "missing"}},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id\nr1,07:00:00,07:00:00,A\n",
       {"stop_times.txt", "stop_sequence"}},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
       "r1,07:00:00,07:00:00,A,1\nr1,07:10:00,07:10:00,ZZ,2\n",
       {"stop_times.txt:3", "stop_id", "ZZ"}},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
       "r1,07:00:00,07:00:00,A,1\nr1,06:50:00,06:50:00,C,2\n",
       {"stop_times.txt:3", "arrival_time", "out of order"}},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
       "r1,07:00:00,07:00:00,A,1\nr1,25:61:00,25:61:00,C,2\n",
       {"stop_times.txt:3", "arrival_time", "25:61:00"}},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
       "r1,07:00:00,07:00:00,A,1\nr1,07:10:00,07:10:00,C,1\n",
       {"stop_times.txt:3", "stop_sequence"}},
      {"trips.txt", "route_id,service_id,trip_id\nQ,WEEK,r1\n", {"trips.txt:2", "route_id", "Q"}},
      {"calendar.txt", "", {}},  // calendar_dates.txt alone is enough: no error
  };
  for (const auto& c : cases) {
    BuiltFeed feed;
    if (c.content.empty()) {
      feed.files.erase(c.file);
    } else {
      feed.files[c.file] = c.content;
    }
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& [name, text] : feed.files) std::ofstream(dir_ / name) << text;
    if (c.expect.empty()) {
      EXPECT_NO_THROW(import_gtfs(dir_, options("2026-03-11", "07:00-08:00"))) << c.file;
      continue;
    }
    try {
      import_gtfs(dir_, options("2026-03-11", "07:00-08:00"));
      ADD_FAILURE() << "no error for broken " << c.file;
    } catch (const InputError& e) {
      for (const auto& s : c.expect) EXPECT_THAT(e.what(), HasSubstr(s)) << c.file;
    }
  }
}

TEST(GtfsTimes, ParsesAndRejects) {
  EXPECT_EQ(parse_gtfs_time("6:00:00"), 6 * 3600);
  EXPECT_EQ(parse_gtfs_time("25:10:30"), 25 * 3600 + 10 * 60 + 30);
  EXPECT_FALSE(parse_gtfs_time("25:61:00"));
  EXPECT_FALSE(parse_gtfs_time("07:00"));
  EXPECT_FALSE(parse_gtfs_time("7:0:00"));
  EXPECT_EQ(parse_gtfs_date("1970-01-02"), 1);
  EXPECT_EQ(parse_gtfs_date("20000301"), 11017);  // 30 years + 7 leap days + Jan + Feb 2000
  EXPECT_THROW(parse_gtfs_date("2026-02-29"), InputError);
  EXPECT_THROW(parse_time_window("09:00-07:00"), InputError);
  EXPECT_EQ(parse_time_window("22:00-25:00").end_s, 25 * 3600);
}

TEST_F(GtfsTemp, CliWritesTheLinesFormatAndFailsWithExit2) {
  const auto out = dir_ / "lines";
  auto r = test::run_corridor({"import-gtfs", sample_feed().string(), "--date", "2007-06-05",
                               "--period", "07:00-09:00", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("5 lines"));
  const auto d = read_lines(out);
  EXPECT_EQ(d.lines.size(), 5u);
  EXPECT_DOUBLE_EQ(line_named(d, "CITY-0").headway_peak_min, 15.0);
  r = test::run_corridor({"import-gtfs", (dir_ / "nothing").string(), "--date", "2007-06-05",
                          "--period", "07:00-09:00", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("not found"));
  r = test::run_corridor({"import-gtfs", sample_feed().string(), "--date", "2007-13-05", "--period",
                          "07:00-09:00", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--date"));
}

}  // namespace
}  // namespace corridor::io
