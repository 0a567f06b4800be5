// GTFS import (io/gtfs.hpp): date and time parsing, and import_gtfs running the stages of
// gtfs_feed.hpp in order (tables → patterns → lines).
#include "io/gtfs.hpp"

#include <string>

#include "core/error.hpp"
#include "io/gtfs_feed.hpp"
#include "io/text.hpp"

namespace corridor::io {

using gtfs_detail::try_parse_date;

std::int32_t parse_gtfs_date(std::string_view text, std::string_view field) {
  if (auto d = try_parse_date(trim(text))) return *d;
  throw_input_error("", 0, field,
                    "a date YYYY-MM-DD (or YYYYMMDD), got " + quote_for_message(text));
}

std::optional<int> parse_gtfs_time(std::string_view s) {
  s = trim(s);
  const auto c1 = s.find(':');
  if (c1 == std::string_view::npos || c1 == 0 || c1 > 2) return std::nullopt;
  if (s.size() != c1 + 6 || s[c1 + 3] != ':') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::string_view fields[3] = {s.substr(0, c1), s.substr(c1 + 1, 2), s.substr(c1 + 4, 2)};
  for (int k = 0; k < 3; ++k) {
    for (char c : fields[k]) {
      if (c < '0' || c > '9') return std::nullopt;
      parts[k] = parts[k] * 10 + (c - '0');
    }
  }
  if (parts[1] >= 60 || parts[2] >= 60) return std::nullopt;
  return parts[0] * 3600 + parts[1] * 60 + parts[2];
}

TimeWindow parse_time_window(std::string_view text, std::string_view field) {
  const auto t = trim(text);
  const auto dash = t.find('-');
  auto hhmm = [](std::string_view s) -> std::optional<int> {
    return parse_gtfs_time(std::string(trim(s)) + ":00");
  };
  if (dash != std::string_view::npos) {
    const auto a = hhmm(t.substr(0, dash));
    const auto b = hhmm(t.substr(dash + 1));
    if (a && b && *a < *b) return {*a, *b};
  }
  throw_input_error(
      "", 0, field,
      "a time window HH:MM-HH:MM with start before end, got " + quote_for_message(text));
}

transit::TransitData import_gtfs(const std::filesystem::path& feed_path,
                                 const GtfsImportOptions& options, GtfsImportSummary* summary) {
  using namespace gtfs_detail;
  const Feed feed(feed_path);
  const FeedStops stops = read_stops(feed);
  const FeedRoutes routes = read_routes(feed, read_agencies(feed));
  const FeedTrips trips = read_trips(feed, routes, active_services(feed, options.date));
  auto rows = read_stop_times(feed, stops, trips);
  const PatternTable table =
      accumulate_patterns(rows, trips, stops, options, feed.label("stop_times.txt"));
  transit::TransitData data = build_lines(table, routes, stops, options, feed_path.string());
  transit::validate(data, feed_path.string());
  if (summary) {
    summary->trips_active = table.trips_active;
    summary->departures_peak = table.departures[0];
    summary->departures_offpeak = table.departures[1];
    summary->lines = data.lines.size();
    summary->stops = data.stops.size();
  }
  return data;
}

}  // namespace corridor::io
