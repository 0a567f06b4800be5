#pragma once
// GTFS import: turns a GTFS feed (folder or .zip) into headway-based lines (transit_data.hpp) for
// one service date and one or two time windows, ready to be written in the lines format
// (io/lines.hpp).
//
// Model
// - Files read: agency, stops, routes, trips, stop_times, calendar and/or calendar_dates,
//   frequencies (optional). Required columns per the GTFS reference; a missing required file or
//   column, an unknown stop/trip/route/service, a time like 25:61:00, stop_times whose times go
//   backwards along stop_sequence or a duplicate stop_sequence are corridor::InputErrors naming
//   file, line and field.
// - Service on the date: calendar (weekday flag within start_date..end_date) plus calendar_dates
//   exceptions (1 added, 2 removed). Trips of the previous service day whose times pass 24:00 are
//   counted at their clock time (e.g. 25:10 yesterday = 01:10 today).
// - A line is a (route, direction_id, stop pattern). A trip belongs to a window when its first
//   departure lies in [start, end); frequencies.txt trips count once per departure in the window
//   (start_time + k·headway_secs < end_time). Headway = window length / departures. Run times:
//   cumulative minutes from the first departure, averaged over the trips in the window, at the
//   midpoint of arrival and departure for intermediate stops (dwell split), nudged to be strictly
//   increasing (+0.1 min) where a feed has equal times at consecutive stops.
// - Stops are merged into their parent station (location_type 1) when they have one. Output
//   stops have no zone (zone_id empty); kind = the mode of the first line serving them.
// - service_hours = (last − first departure of the day on the pattern) + one headway, ≤ 24.
// - Line ids: "<route_id>-<direction_id>", with "-2", "-3" ... for further patterns of the same
//   route and direction (most trips first). both_directions = 0 (each direction is a line).
//
//   GtfsImportOptions opt{.date = parse_gtfs_date("2026-03-10"),
//                         .peak = parse_time_window("07:00-09:00")};
//   auto data = corridor::io::import_gtfs("feeds/nl.zip", opt);
//   corridor::io::write_lines("out/lines", data);
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/zip.hpp"  // read_zip, used for zipped feeds
#include "transit/transit_data.hpp"

namespace corridor::io {

struct TimeWindow {
  int start_s = 0;  // seconds after midnight, start < end (end may pass 24:00)
  int end_s = 0;
};

struct GtfsImportOptions {
  std::int32_t date = 0;              // days since 1970-01-01 (parse_gtfs_date)
  TimeWindow peak;                    // fills headway_peak_min
  std::optional<TimeWindow> offpeak;  // fills headway_offpeak_min; absent = same as peak
};

struct GtfsImportSummary {
  std::size_t trips_active = 0;     // trips running on the date (incl. overnight of the day before)
  std::size_t departures_peak = 0;  // departures counted in the peak window
  std::size_t departures_offpeak = 0;
  std::size_t lines = 0;
  std::size_t stops = 0;
};

// "YYYY-MM-DD" or "YYYYMMDD" → days since 1970-01-01; InputError (field `field`) otherwise.
std::int32_t parse_gtfs_date(std::string_view text, std::string_view field = "date");
// "HH:MM-HH:MM" (end may be after 24:00, e.g. 22:00-25:00) → window; InputError otherwise.
TimeWindow parse_time_window(std::string_view text, std::string_view field = "period");
// GTFS time "H:MM:SS" / "HH:MM:SS" → seconds; nullopt on bad format or minutes/seconds >= 60.
std::optional<int> parse_gtfs_time(std::string_view text);

transit::TransitData import_gtfs(const std::filesystem::path& feed,
                                 const GtfsImportOptions& options,
                                 GtfsImportSummary* summary = nullptr);

}  // namespace corridor::io
