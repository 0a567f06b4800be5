#pragma once
// Internals of the GTFS import (io/gtfs.hpp, whose header states the model), in three stages:
//   gtfs_tables.cpp    reads the feed's tables (agency, stops, routes, calendar, trips,
//                      frequencies, stop_times), each error naming file, line and field;
//   gtfs_patterns.cpp  groups the trips running on the date into stop patterns, averages their
//                      run times per time window and turns the patterns into lines;
//   gtfs.cpp           import_gtfs: the stages in order.
// Not part of the library's interface: only the gtfs*.cpp files include it.
#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "io/gtfs.hpp"
#include "io/text.hpp"
#include "transit/transit_data.hpp"

namespace corridor::io::gtfs_detail {

inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();

// "YYYY-MM-DD" or "YYYYMMDD" → days since 1970-01-01; nullopt when not a valid date (1900-2200).
std::optional<std::int32_t> try_parse_date(std::string_view s);

class Feed {
 public:
  // A folder of .txt files or a .zip archive (read whole, io/zip.hpp).
  explicit Feed(const std::filesystem::path& path);
  [[nodiscard]] bool has(const std::string& name) const;
  // How messages name the file: "feed.zip:stops.txt" or "feed/stops.txt".
  [[nodiscard]] std::string label(const std::string& name) const;
  // The named file as CSV (UTF-8 byte-order mark removed); InputError when it is missing.
  [[nodiscard]] CsvReader open(const std::string& name) const;

 private:
  std::filesystem::path path_;
  bool zipped_ = false;
  std::map<std::string, std::string> files_;
};

// GTFS route_type (basic and extended) → the mode of a line.
transit::Mode mode_of_route_type(std::int64_t route_type);

struct GStop {
  std::string id;
  std::string name;
  double lat = 0.0;
  double lon = 0.0;
  bool located = false;
  std::string parent;
  std::int64_t location_type = 0;
};

struct GRoute {
  std::string id;
  std::string name;
  std::string agency;
  transit::Mode mode = transit::Mode::bus;
};

struct GTrip {
  std::uint32_t route = 0;
  std::string service;
  int direction = 0;
  bool on_day = false;  // service active on the date
  bool on_day_before = false;
  struct Freq {
    int start, end, headway;
  };
  std::vector<Freq> frequencies;
};

struct StopTimeRow {
  std::int64_t seq;
  std::uint32_t stop;
  int arrival;  // seconds; -1 = empty
  int departure;
  std::size_t line;
};

struct PatternKey {
  std::uint32_t route;
  int direction;
  std::vector<std::uint32_t> stops;
  auto operator<=>(const PatternKey&) const = default;
};

struct PatternAcc {
  std::size_t count[2] = {0, 0};
  std::vector<double> sum_minutes[2];
  int first_departure = std::numeric_limits<int>::max();
  int last_departure = std::numeric_limits<int>::min();
};

// 0 = peak window, 1 = off-peak window, -1 = neither (departure time t in seconds).
int window_index(const GtfsImportOptions& o, int t);

// --- stage 1: tables (gtfs_tables.cpp) ---

struct Agencies {
  std::unordered_map<std::string, std::string> name_of;  // agency_id ("" allowed) → name
  std::string default_name;                              // the first agency's
};
Agencies read_agencies(const Feed& feed);

struct FeedStops {
  std::vector<GStop> stops;  // in stops.txt order
  std::unordered_map<std::string, std::uint32_t> index;
  std::vector<std::uint32_t> representative;  // per stop: its located parent station, or itself
};
FeedStops read_stops(const Feed& feed);

struct FeedRoutes {
  std::vector<GRoute> routes;
  std::unordered_map<std::string, std::uint32_t> index;
};
FeedRoutes read_routes(const Feed& feed, const Agencies& agencies);

// service_ids running on `date` ([0]) and on the day before ([1]): calendar.txt's weekday flags
// within start_date..end_date, then calendar_dates.txt's exceptions (1 added, 2 removed).
using ActiveServices = std::array<std::unordered_set<std::string>, 2>;
ActiveServices active_services(const Feed& feed, std::int32_t date);

struct FeedTrips {
  std::vector<GTrip> trips;
  std::unordered_map<std::string, std::uint32_t> index;
};
// trips.txt, then frequencies.txt (optional) into each trip's `frequencies`.
FeedTrips read_trips(const Feed& feed, const FeedRoutes& routes, const ActiveServices& active);

// stop_times.txt rows per trip, only for trips running on the date or overnight from the day
// before (unsorted; times -1 where empty).
std::vector<std::vector<StopTimeRow>> read_stop_times(const Feed& feed, const FeedStops& stops,
                                                      const FeedTrips& trips);

// --- stage 2: patterns and lines (gtfs_patterns.cpp) ---

struct PatternTable {
  std::map<PatternKey, PatternAcc> patterns;
  std::size_t trips_active = 0;
  std::size_t departures[2] = {0, 0};  // counted in the peak / off-peak window
};
// Sorts each trip's rows by stop_sequence, fills empty times by position, checks the order of
// times, merges stops into their representative and counts each departure in its window.
PatternTable accumulate_patterns(std::vector<std::vector<StopTimeRow>>& rows,
                                 const FeedTrips& trips, const FeedStops& stops,
                                 const GtfsImportOptions& options,
                                 const std::string& stop_times_label);

// The lines (grouped by route and direction, most departures first) and their stops, stops in
// stops.txt order. InputError naming `feed_label` when no trip runs in the windows.
transit::TransitData build_lines(const PatternTable& table, const FeedRoutes& routes,
                                 const FeedStops& stops, const GtfsImportOptions& options,
                                 const std::string& feed_label);

}  // namespace corridor::io::gtfs_detail
