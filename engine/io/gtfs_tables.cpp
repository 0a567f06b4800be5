// GTFS import, stage 1: the feed's tables (gtfs_feed.hpp). Each reader checks the GTFS
// reference's required columns and values and names file, line and field on an error.
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "io/gtfs_feed.hpp"
#include "io/zip.hpp"

namespace corridor::io::gtfs_detail {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (valid for years 1..9999).
std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool valid_date(int y, int m, int d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kDays[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

// Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
int weekday(std::int32_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

std::string strip_bom(std::string text) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (std::string_view(text).substr(0, 3) == kBom) text.erase(0, 3);
  return text;
}

}  // namespace

std::optional<std::int32_t> try_parse_date(std::string_view s) {
  std::string digits;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    digits =
        std::string(s.substr(0, 4)) + std::string(s.substr(5, 2)) + std::string(s.substr(8, 2));
  } else if (s.size() == 8) {
    digits = std::string(s);
  } else {
    return std::nullopt;
  }
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const int y = std::stoi(digits.substr(0, 4));
  const int m = std::stoi(digits.substr(4, 2));
  const int d = std::stoi(digits.substr(6, 2));
  if (!valid_date(y, m, d)) return std::nullopt;
  return days_from_civil(y, m, d);
}

Feed::Feed(const std::filesystem::path& path) : path_(path) {
  if (!corridor::path_exists(path)) {
    throw_input_error(path.string(), 0, "", "a GTFS feed folder or .zip file (not found)");
  }
  if (corridor::is_regular_file(path)) {
    files_ = read_zip(path);
    zipped_ = true;
  }
}

bool Feed::has(const std::string& name) const {
  return zipped_ ? files_.count(name) > 0 : corridor::path_exists(path_ / name);
}

std::string Feed::label(const std::string& name) const {
  return zipped_ ? path_.string() + ":" + name : (path_ / name).string();
}

CsvReader Feed::open(const std::string& name) const {
  if (!has(name)) {
    throw_input_error(label(name), 0, "", "required GTFS file " + name + " is missing");
  }
  std::string text = zipped_ ? files_.at(name) : read_text_file(path_ / name);
  return CsvReader(strip_bom(std::move(text)), label(name));
}

transit::Mode mode_of_route_type(std::int64_t t) {
  using transit::Mode;
  switch (t) {
    case 0:
    case 5:
      return Mode::tram;
    case 1:
    case 12:
      return Mode::metro;
    case 2:
    case 7:
      return Mode::rail;
    case 4:
      return Mode::ferry;
    default:
      break;
  }
  if (t >= 100 && t < 200) return Mode::rail;
  if (t >= 200 && t < 300) return Mode::coach;
  if (t >= 400 && t < 500) return Mode::metro;
  if (t >= 900 && t < 1000) return Mode::tram;
  if (t >= 1000 && t < 1100) return Mode::ferry;
  return Mode::bus;  // 3, 11, 700-799 and everything else
}

int window_index(const GtfsImportOptions& o, int t) {
  if (t >= o.peak.start_s && t < o.peak.end_s) return 0;
  if (o.offpeak && t >= o.offpeak->start_s && t < o.offpeak->end_s) return 1;
  return -1;
}

Agencies read_agencies(const Feed& feed) {
  Agencies a;
  {
    auto csv = feed.open("agency.txt");
    const auto c_name = csv.require_column("agency_name");
    const auto c_id = csv.optional_column("agency_id");
    while (csv.next_row()) {
      const std::string name(csv.text(c_name));
      a.name_of[std::string(csv.text_or(c_id, ""))] = name;
      if (a.default_name.empty()) a.default_name = name;
    }
  }
  return a;
}

FeedStops read_stops(const Feed& feed) {
  FeedStops out;
  auto& stops = out.stops;
  auto& stop_index = out.index;
  {
    auto csv = feed.open("stops.txt");
    const auto c_id = csv.require_column("stop_id");
    const auto c_name = csv.optional_column("stop_name");
    const auto c_lat = csv.optional_column("stop_lat");
    const auto c_lon = csv.optional_column("stop_lon");
    const auto c_type = csv.optional_column("location_type");
    const auto c_parent = csv.optional_column("parent_station");
    if (!c_lat || !c_lon) csv.require_column(c_lat ? "stop_lon" : "stop_lat");
    while (csv.next_row()) {
      GStop s;
      s.id = std::string(csv.text(c_id));
      s.name = std::string(csv.text_or(c_name, s.id));
      s.location_type = csv.has_value(c_type) ? csv.integer(*c_type) : 0;
      if (s.location_type < 0 || s.location_type > 4) {
        csv.fail(*c_type, "expected a location_type 0..4");
      }
      if (csv.has_value(c_lat) && csv.has_value(c_lon)) {
        s.lat = csv.number(*c_lat);
        s.lon = csv.number(*c_lon);
        if (std::abs(s.lat) > 90.0) csv.fail(*c_lat, "expected a latitude in [-90, 90]");
        if (std::abs(s.lon) > 180.0) csv.fail(*c_lon, "expected a longitude in [-180, 180]");
        s.located = true;
      } else if (s.location_type <= 2) {
        csv.fail(csv.has_value(c_lat) ? *c_lon : *c_lat,
                 "expected coordinates for a stop, station or entrance");
      }
      s.parent = std::string(csv.text_or(c_parent, ""));
      if (!stop_index.emplace(s.id, static_cast<std::uint32_t>(stops.size())).second) {
        csv.fail(c_id, "duplicate stop_id " + quote_for_message(s.id));
      }
      stops.push_back(std::move(s));
    }
  }
  // Representative stop: the parent station when there is one.
  auto& rep = out.representative;
  rep.resize(stops.size());
  for (std::uint32_t s = 0; s < stops.size(); ++s) {
    rep[s] = s;
    if (stops[s].parent.empty()) continue;
    const auto p = stop_index.find(stops[s].parent);
    if (p == stop_index.end()) {
      throw_input_error(feed.label("stops.txt"), 0, "parent_station",
                        "a known stop_id for the parent of " + quote_for_message(stops[s].id) +
                            ", got " + quote_for_message(stops[s].parent));
    }
    if (stops[p->second].location_type == 1 && stops[p->second].located) rep[s] = p->second;
  }
  return out;
}

FeedRoutes read_routes(const Feed& feed, const Agencies& agencies) {
  FeedRoutes out;
  auto& routes = out.routes;
  auto& route_index = out.index;
  {
    auto csv = feed.open("routes.txt");
    const auto c_id = csv.require_column("route_id");
    const auto c_type = csv.require_column("route_type");
    const auto c_agency = csv.optional_column("agency_id");
    const auto c_short = csv.optional_column("route_short_name");
    const auto c_long = csv.optional_column("route_long_name");
    while (csv.next_row()) {
      GRoute r;
      r.id = std::string(csv.text(c_id));
      const std::string short_name(csv.text_or(c_short, ""));
      const std::string long_name(csv.text_or(c_long, ""));
      r.name = short_name.empty() ? long_name
                                  : (long_name.empty() ? short_name : short_name + " " + long_name);
      if (r.name.empty()) r.name = r.id;
      const auto a = agencies.name_of.find(std::string(csv.text_or(c_agency, "")));
      r.agency = a != agencies.name_of.end() ? a->second : agencies.default_name;
      r.mode = mode_of_route_type(csv.integer(c_type));
      if (!route_index.emplace(r.id, static_cast<std::uint32_t>(routes.size())).second) {
        csv.fail(c_id, "duplicate route_id " + quote_for_message(r.id));
      }
      routes.push_back(std::move(r));
    }
  }
  return out;
}

ActiveServices active_services(const Feed& feed, std::int32_t service_date) {
  const std::int32_t days[2] = {service_date, service_date - 1};
  ActiveServices active;
  if (!feed.has("calendar.txt") && !feed.has("calendar_dates.txt")) {
    throw_input_error(feed.label("calendar.txt"), 0, "",
                      "calendar.txt or calendar_dates.txt (the feed has neither)");
  }
  if (feed.has("calendar.txt")) {
    auto csv = feed.open("calendar.txt");
    const auto c_id = csv.require_column("service_id");
    static constexpr const char* kDayNames[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                                 "friday", "saturday", "sunday"};
    std::size_t c_day[7];
    for (int d = 0; d < 7; ++d) c_day[d] = csv.require_column(kDayNames[d]);
    const auto c_start = csv.require_column("start_date");
    const auto c_end = csv.require_column("end_date");
    while (csv.next_row()) {
      const auto start = try_parse_date(csv.text(c_start));
      if (!start) csv.fail(c_start, "expected a date YYYYMMDD");
      const auto end = try_parse_date(csv.text(c_end));
      if (!end) csv.fail(c_end, "expected a date YYYYMMDD");
      for (int k = 0; k < 2; ++k) {
        const auto flag = csv.integer(c_day[weekday(days[k])]);
        if (flag != 0 && flag != 1) csv.fail(c_day[weekday(days[k])], "expected 0 or 1");
        if (flag == 1 && days[k] >= *start && days[k] <= *end) {
          active[k].insert(std::string(csv.text(c_id)));
        }
      }
    }
  }
  if (feed.has("calendar_dates.txt")) {
    auto csv = feed.open("calendar_dates.txt");
    const auto c_id = csv.require_column("service_id");
    const auto c_date = csv.require_column("date");
    const auto c_type = csv.require_column("exception_type");
    while (csv.next_row()) {
      const auto date = try_parse_date(csv.text(c_date));
      if (!date) csv.fail(c_date, "expected a date YYYYMMDD");
      const auto type = csv.integer(c_type);
      if (type != 1 && type != 2) csv.fail(c_type, "expected exception_type 1 or 2");
      for (int k = 0; k < 2; ++k) {
        if (*date != days[k]) continue;
        if (type == 1) {
          active[k].insert(std::string(csv.text(c_id)));
        } else {
          active[k].erase(std::string(csv.text(c_id)));
        }
      }
    }
  }
  return active;
}

FeedTrips read_trips(const Feed& feed, const FeedRoutes& routes, const ActiveServices& active) {
  FeedTrips out;
  auto& trips = out.trips;
  auto& trip_index = out.index;
  {
    auto csv = feed.open("trips.txt");
    const auto c_route = csv.require_column("route_id");
    const auto c_service = csv.require_column("service_id");
    const auto c_id = csv.require_column("trip_id");
    const auto c_dir = csv.optional_column("direction_id");
    while (csv.next_row()) {
      GTrip t;
      const auto r = routes.index.find(std::string(csv.text(c_route)));
      if (r == routes.index.end()) {
        csv.fail(c_route, "unknown route_id " + quote_for_message(csv.text(c_route)) +
                              " (not in routes.txt)");
      }
      t.route = r->second;
      t.service = std::string(csv.text(c_service));
      if (csv.has_value(c_dir)) {
        const auto d = csv.integer(*c_dir);
        if (d != 0 && d != 1) csv.fail(*c_dir, "expected direction_id 0 or 1");
        t.direction = static_cast<int>(d);
      }
      t.on_day = active[0].count(t.service) > 0;
      t.on_day_before = active[1].count(t.service) > 0;
      if (!trip_index.emplace(std::string(csv.text(c_id)), static_cast<std::uint32_t>(trips.size()))
               .second) {
        csv.fail(c_id, "duplicate trip_id " + quote_for_message(csv.text(c_id)));
      }
      trips.push_back(std::move(t));
    }
  }

  // frequencies.txt (optional)
  if (feed.has("frequencies.txt")) {
    auto csv = feed.open("frequencies.txt");
    const auto c_trip = csv.require_column("trip_id");
    const auto c_start = csv.require_column("start_time");
    const auto c_end = csv.require_column("end_time");
    const auto c_headway = csv.require_column("headway_secs");
    while (csv.next_row()) {
      const auto t = trip_index.find(std::string(csv.text(c_trip)));
      if (t == trip_index.end()) {
        csv.fail(c_trip,
                 "unknown trip_id " + quote_for_message(csv.text(c_trip)) + " (not in trips.txt)");
      }
      const auto start = parse_gtfs_time(csv.text(c_start));
      if (!start)
        csv.fail(c_start, "expected a time HH:MM:SS, got " + quote_for_message(csv.text(c_start)));
      const auto end = parse_gtfs_time(csv.text(c_end));
      if (!end || *end < *start) {
        csv.fail(c_end, "expected a time HH:MM:SS not before start_time, got " +
                            quote_for_message(csv.text(c_end)));
      }
      const auto h = csv.integer(c_headway);
      if (h <= 0 || h > 86400) csv.fail(c_headway, "expected headway_secs in 1..86400");
      trips[t->second].frequencies.push_back({*start, *end, static_cast<int>(h)});
    }
  }
  return out;
}

std::vector<std::vector<StopTimeRow>> read_stop_times(const Feed& feed, const FeedStops& stops,
                                                      const FeedTrips& trips) {
  std::vector<std::vector<StopTimeRow>> rows(trips.trips.size());
  {
    auto csv = feed.open("stop_times.txt");
    const auto c_trip = csv.require_column("trip_id");
    const auto c_arr = csv.require_column("arrival_time");
    const auto c_dep = csv.require_column("departure_time");
    const auto c_stop = csv.require_column("stop_id");
    const auto c_seq = csv.require_column("stop_sequence");
    auto time_of = [&csv](std::size_t col) {
      if (!csv.has_value(col)) return -1;
      const auto t = parse_gtfs_time(csv.text(col));
      if (!t) {
        csv.fail(col, "expected a time HH:MM:SS (minutes and seconds below 60), got " +
                          quote_for_message(csv.text(col)));
      }
      return *t;
    };
    while (csv.next_row()) {
      const auto t = trips.index.find(std::string(csv.text(c_trip)));
      if (t == trips.index.end()) {
        csv.fail(c_trip,
                 "unknown trip_id " + quote_for_message(csv.text(c_trip)) + " (not in trips.txt)");
      }
      const auto s = stops.index.find(std::string(csv.text(c_stop)));
      if (s == stops.index.end()) {
        csv.fail(c_stop,
                 "unknown stop_id " + quote_for_message(csv.text(c_stop)) + " (not in stops.txt)");
      }
      int arr = time_of(c_arr);
      int dep = time_of(c_dep);
      if (arr < 0) arr = dep;
      if (dep < 0) dep = arr;
      const auto seq = csv.integer(c_seq);
      if (seq < 0) csv.fail(c_seq, "expected a stop_sequence >= 0");
      const GTrip& trip = trips.trips[t->second];
      if (!trip.on_day && !trip.on_day_before) continue;
      rows[t->second].push_back({seq, s->second, arr, dep, csv.line_number()});
    }
  }
  return rows;
}

}  // namespace corridor::io::gtfs_detail
