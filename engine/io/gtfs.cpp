#include "io/gtfs.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/memory_budget.hpp"
#include "io/text.hpp"

namespace corridor::io {

namespace {

constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();

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

// Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
int weekday(std::int32_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

std::string strip_bom(std::string text) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (std::string_view(text).substr(0, 3) == kBom) text.erase(0, 3);
  return text;
}

class Feed {
 public:
  explicit Feed(const std::filesystem::path& path) : path_(path) {
    if (!corridor::path_exists(path)) {
      throw_input_error(path.string(), 0, "", "a GTFS feed folder or .zip file (not found)");
    }
    if (corridor::is_regular_file(path)) {
      files_ = read_zip(path);
      zipped_ = true;
    }
  }
  [[nodiscard]] bool has(const std::string& name) const {
    return zipped_ ? files_.count(name) > 0 : corridor::path_exists(path_ / name);
  }
  [[nodiscard]] std::string label(const std::string& name) const {
    return zipped_ ? path_.string() + ":" + name : (path_ / name).string();
  }
  CsvReader open(const std::string& name) const {
    if (!has(name)) {
      throw_input_error(label(name), 0, "", "required GTFS file " + name + " is missing");
    }
    std::string text = zipped_ ? files_.at(name) : read_text_file(path_ / name);
    return CsvReader(strip_bom(std::move(text)), label(name));
  }

 private:
  std::filesystem::path path_;
  bool zipped_ = false;
  std::map<std::string, std::string> files_;
};

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

int window_index(const GtfsImportOptions& o, int t) {
  if (t >= o.peak.start_s && t < o.peak.end_s) return 0;
  if (o.offpeak && t >= o.offpeak->start_s && t < o.offpeak->end_s) return 1;
  return -1;
}

}  // namespace

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
  const Feed feed(feed_path);

  // agency.txt
  std::unordered_map<std::string, std::string> agency_name;
  std::string default_agency;
  {
    auto csv = feed.open("agency.txt");
    const auto c_name = csv.require_column("agency_name");
    const auto c_id = csv.optional_column("agency_id");
    while (csv.next_row()) {
      const std::string name(csv.text(c_name));
      agency_name[std::string(csv.text_or(c_id, ""))] = name;
      if (default_agency.empty()) default_agency = name;
    }
  }

  // stops.txt
  std::vector<GStop> stops;
  std::unordered_map<std::string, std::uint32_t> stop_index;
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
  std::vector<std::uint32_t> rep(stops.size());
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

  // routes.txt
  std::vector<GRoute> routes;
  std::unordered_map<std::string, std::uint32_t> route_index;
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
      const auto a = agency_name.find(std::string(csv.text_or(c_agency, "")));
      r.agency = a != agency_name.end() ? a->second : default_agency;
      r.mode = mode_of_route_type(csv.integer(c_type));
      if (!route_index.emplace(r.id, static_cast<std::uint32_t>(routes.size())).second) {
        csv.fail(c_id, "duplicate route_id " + quote_for_message(r.id));
      }
      routes.push_back(std::move(r));
    }
  }

  // calendar.txt / calendar_dates.txt: services active on the date and on the day before.
  const std::int32_t days[2] = {options.date, options.date - 1};
  std::unordered_set<std::string> active[2];
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

  // trips.txt
  std::vector<GTrip> trips;
  std::unordered_map<std::string, std::uint32_t> trip_index;
  {
    auto csv = feed.open("trips.txt");
    const auto c_route = csv.require_column("route_id");
    const auto c_service = csv.require_column("service_id");
    const auto c_id = csv.require_column("trip_id");
    const auto c_dir = csv.optional_column("direction_id");
    while (csv.next_row()) {
      GTrip t;
      const auto r = route_index.find(std::string(csv.text(c_route)));
      if (r == route_index.end()) {
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

  // stop_times.txt: rows of the trips running on the date (or overnight from the day before).
  std::vector<std::vector<StopTimeRow>> rows(trips.size());
  const std::string st_label = feed.label("stop_times.txt");
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
      const auto t = trip_index.find(std::string(csv.text(c_trip)));
      if (t == trip_index.end()) {
        csv.fail(c_trip,
                 "unknown trip_id " + quote_for_message(csv.text(c_trip)) + " (not in trips.txt)");
      }
      const auto s = stop_index.find(std::string(csv.text(c_stop)));
      if (s == stop_index.end()) {
        csv.fail(c_stop,
                 "unknown stop_id " + quote_for_message(csv.text(c_stop)) + " (not in stops.txt)");
      }
      int arr = time_of(c_arr);
      int dep = time_of(c_dep);
      if (arr < 0) arr = dep;
      if (dep < 0) dep = arr;
      const auto seq = csv.integer(c_seq);
      if (seq < 0) csv.fail(c_seq, "expected a stop_sequence >= 0");
      const GTrip& trip = trips[t->second];
      if (!trip.on_day && !trip.on_day_before) continue;
      rows[t->second].push_back({seq, s->second, arr, dep, csv.line_number()});
    }
  }

  std::map<PatternKey, PatternAcc> patterns;
  std::size_t trips_active = 0;
  std::size_t departures[2] = {0, 0};
  std::vector<std::uint32_t> pattern_stops;
  std::vector<double> offsets;
  for (std::uint32_t t = 0; t < trips.size(); ++t) {
    auto& r = rows[t];
    if (r.empty()) continue;
    std::stable_sort(r.begin(), r.end(),
                     [](const StopTimeRow& a, const StopTimeRow& b) { return a.seq < b.seq; });
    if (r.front().departure < 0 || r.back().arrival < 0) {
      throw_input_error(st_label, r.front().departure < 0 ? r.front().line : r.back().line,
                        "arrival_time", "times at the first and last stop of a trip");
    }
    // Interpolate empty times between timed stops (by position).
    for (std::size_t k = 1; k + 1 < r.size(); ++k) {
      if (r[k].arrival >= 0) continue;
      std::size_t next = k + 1;
      while (r[next].arrival < 0) ++next;
      const double a = r[k - 1].departure;
      const double b = r[next].arrival;
      const double frac = 1.0 / static_cast<double>(next - k + 1);
      r[k].arrival = r[k].departure = static_cast<int>(std::lround(a + (b - a) * frac));
    }
    for (std::size_t k = 0; k < r.size(); ++k) {
      if (k > 0 && r[k].seq == r[k - 1].seq) {
        throw_input_error(
            st_label, r[k].line, "stop_sequence",
            "a stop_sequence used once per trip (" + std::to_string(r[k].seq) + " repeats)");
      }
      if (r[k].departure < r[k].arrival || (k > 0 && r[k].arrival < r[k - 1].departure)) {
        throw_input_error(st_label, r[k].line, "arrival_time",
                          "times that do not go backwards along stop_sequence (stop_times out "
                          "of order)");
      }
    }
    ++trips_active;
    pattern_stops.clear();
    offsets.clear();
    const int t0 = r.front().departure;
    for (std::size_t k = 0; k < r.size(); ++k) {
      const std::uint32_t s = rep[r[k].stop];
      if (!pattern_stops.empty() && pattern_stops.back() == s) continue;  // same station
      double at = 0.0;
      if (k == r.size() - 1) {
        at = r[k].arrival - t0;
      } else if (k > 0) {
        at = 0.5 * (r[k].arrival + r[k].departure) - t0;
      }
      pattern_stops.push_back(s);
      offsets.push_back(at / 60.0);
    }
    if (pattern_stops.size() < 2) continue;
    const GTrip& trip = trips[t];
    PatternAcc* acc = nullptr;
    auto count = [&](int dep) {
      if (!acc) {
        auto& a = patterns[PatternKey{trip.route, trip.direction, pattern_stops}];
        acc = &a;
        for (auto& v : acc->sum_minutes) v.resize(offsets.size(), 0.0);
      }
      if (dep >= 0 && dep < 86400) {
        acc->first_departure = std::min(acc->first_departure, dep);
        acc->last_departure = std::max(acc->last_departure, dep);
      }
      const int w = window_index(options, dep);
      if (w < 0) return;
      ++acc->count[w];
      ++departures[w];
      for (std::size_t k = 0; k < offsets.size(); ++k) acc->sum_minutes[w][k] += offsets[k];
    };
    for (int day = 0; day < 2; ++day) {
      if (!(day == 0 ? trip.on_day : trip.on_day_before)) continue;
      const int shift = day == 0 ? 0 : -86400;
      if (trip.frequencies.empty()) {
        count(t0 + shift);
      } else {
        for (const auto& f : trip.frequencies) {
          for (int dep = f.start; dep < f.end; dep += f.headway) count(dep + shift);
        }
      }
    }
  }

  // Lines, grouped by (route, direction); the pattern with most departures first.
  transit::TransitData data;
  std::vector<std::uint32_t> out_stop(stops.size(), kNoIndex);
  const double window_min[2] = {
      (options.peak.end_s - options.peak.start_s) / 60.0,
      options.offpeak ? (options.offpeak->end_s - options.offpeak->start_s) / 60.0 : 0.0};
  for (auto it = patterns.begin(); it != patterns.end();) {
    auto end = it;
    std::vector<std::pair<const PatternKey*, PatternAcc*>> group;
    while (end != patterns.end() && end->first.route == it->first.route &&
           end->first.direction == it->first.direction) {
      if (end->second.count[0] + end->second.count[1] > 0) {
        group.emplace_back(&end->first, &end->second);
      }
      ++end;
    }
    std::stable_sort(group.begin(), group.end(), [](const auto& a, const auto& b) {
      return a.second->count[0] + a.second->count[1] > b.second->count[0] + b.second->count[1];
    });
    for (std::size_t g = 0; g < group.size(); ++g) {
      const PatternKey& key = *group[g].first;
      const PatternAcc& acc = *group[g].second;
      const GRoute& route = routes[key.route];
      transit::Line line;
      line.id = route.id + "-" + std::to_string(key.direction) +
                (g > 0 ? "-" + std::to_string(g + 1) : std::string());
      line.name = route.name + " to " + stops[key.stops.back()].name;
      line.mode = route.mode;
      line.operator_name = route.agency;
      const int w = acc.count[0] > 0 ? 0 : 1;
      auto headway = [&](int k) {
        return acc.count[k] > 0 ? window_min[k] / static_cast<double>(acc.count[k])
                                : transit::kNoService;
      };
      line.headway_peak_min = headway(0);
      line.headway_offpeak_min = options.offpeak ? headway(1) : line.headway_peak_min;
      const double h = std::min(line.headway_peak_min, line.headway_offpeak_min);
      const double span_h = acc.last_departure >= acc.first_departure
                                ? (acc.last_departure - acc.first_departure) / 3600.0 + h / 60.0
                                : h / 60.0;
      line.service_hours = std::min(24.0, std::round(span_h * 100.0) / 100.0);
      line.both_directions = false;
      double prev = -1.0;
      for (std::size_t k = 0; k < key.stops.size(); ++k) {
        double m = acc.sum_minutes[w][k] / static_cast<double>(acc.count[w]);
        m = std::round(m * 100.0) / 100.0;
        if (k > 0 && m < prev + 0.1) m = prev + 0.1;
        prev = m;
        const std::uint32_t s = key.stops[k];
        if (out_stop[s] == kNoIndex) {
          out_stop[s] = static_cast<std::uint32_t>(data.stops.size());
          transit::Stop st;
          st.id = stops[s].id;
          st.name = stops[s].name;
          st.lat = stops[s].lat;
          st.lon = stops[s].lon;
          st.kind = transit::mode_name(route.mode);
          data.stops.push_back(std::move(st));
        }
        line.stops.push_back({out_stop[s], m});
      }
      data.lines.push_back(std::move(line));
    }
    it = end;
  }
  if (data.lines.empty()) {
    throw_input_error(feed_path.string(), 0, "period",
                      "at least one trip of the feed running in the period on that date (found "
                      "none; check --date and --period)");
  }
  // Stops in the order of stops.txt.
  {
    std::vector<std::uint32_t> order(data.stops.size());
    std::vector<std::uint32_t> gtfs_of(data.stops.size());
    for (std::uint32_t s = 0; s < stops.size(); ++s) {
      if (out_stop[s] != kNoIndex) gtfs_of[out_stop[s]] = s;
    }
    std::vector<std::uint32_t> by_gtfs(data.stops.size());
    for (std::uint32_t i = 0; i < by_gtfs.size(); ++i) by_gtfs[i] = i;
    std::sort(by_gtfs.begin(), by_gtfs.end(),
              [&](std::uint32_t a, std::uint32_t b) { return gtfs_of[a] < gtfs_of[b]; });
    std::vector<transit::Stop> sorted;
    for (std::uint32_t i = 0; i < by_gtfs.size(); ++i) {
      order[by_gtfs[i]] = i;
      sorted.push_back(std::move(data.stops[by_gtfs[i]]));
    }
    data.stops = std::move(sorted);
    for (auto& l : data.lines) {
      for (auto& ls : l.stops) ls.stop = order[ls.stop];
    }
  }
  transit::validate(data, feed_path.string());
  if (summary) {
    summary->trips_active = trips_active;
    summary->departures_peak = departures[0];
    summary->departures_offpeak = departures[1];
    summary->lines = data.lines.size();
    summary->stops = data.stops.size();
  }
  return data;
}

// --- zip -------------------------------------------------------------------------------------

namespace {

std::uint32_t le32(const std::string& b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}
std::uint16_t le16(const std::string& b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    static_cast<unsigned char>(b[at + 1]) << 8);
}

}  // namespace

std::map<std::string, std::string> read_zip(const std::filesystem::path& zip) {
  const std::string name = zip.string();
  auto fail = [&name](const std::string& what) -> void {
    throw_input_error(name, 0, "", "a readable zip archive: " + what);
  };
  std::string bytes;
  {
    std::ifstream in(zip, std::ios::binary);
    if (!in) fail("cannot open the file");
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // End of central directory: 22 bytes + comment (≤ 65535), searched from the end.
  std::size_t eocd = std::string::npos;
  if (bytes.size() >= 22) {
    const std::size_t lowest = bytes.size() > 22 + 65535 ? bytes.size() - 22 - 65535 : 0;
    for (std::size_t at = bytes.size() - 22 + 1; at-- > lowest;) {
      if (le32(bytes, at) == 0x06054b50) {
        eocd = at;
        break;
      }
    }
  }
  if (eocd == std::string::npos) fail("no end-of-central-directory record (not a zip file?)");
  const std::size_t entries = le16(bytes, eocd + 10);
  std::size_t at = le32(bytes, eocd + 16);
  if (entries == 0xffff || at == 0xffffffffu) fail("ZIP64 archives are not supported");
  std::map<std::string, std::string> files;
  for (std::size_t e = 0; e < entries; ++e) {
    if (at + 46 > bytes.size() || le32(bytes, at) != 0x02014b50) fail("damaged central directory");
    const std::uint16_t flags = le16(bytes, at + 8);
    const std::uint16_t method = le16(bytes, at + 10);
    const std::uint32_t crc = le32(bytes, at + 16);
    const std::size_t csize = le32(bytes, at + 20);
    const std::size_t usize = le32(bytes, at + 24);
    const std::size_t nlen = le16(bytes, at + 28);
    const std::size_t xlen = le16(bytes, at + 30);
    const std::size_t clen = le16(bytes, at + 32);
    const std::size_t local = le32(bytes, at + 42);
    if (at + 46 + nlen > bytes.size()) fail("damaged central directory");
    std::string entry = bytes.substr(at + 46, nlen);
    at += 46 + nlen + xlen + clen;
    if (entry.empty() || entry.back() == '/') continue;  // a folder
    if (flags & 1) fail("encrypted entry " + entry);
    if (local + 30 > bytes.size() || le32(bytes, local) != 0x04034b50) {
      fail("damaged local header of " + entry);
    }
    const std::size_t data_at = local + 30 + le16(bytes, local + 26) + le16(bytes, local + 28);
    if (data_at + csize > bytes.size()) fail("truncated entry " + entry);
    std::string out;
    if (method == 0) {
      out = bytes.substr(data_at, csize);
    } else if (method == 8) {
      // Deflate expands at most ~1032:1; a larger claim is a damaged (or hostile) header, and a
      // genuine entry must fit in memory before it is inflated.
      if (usize > 1032 * csize + 1024) {
        fail("entry " + entry + " claims " + std::to_string(usize) + " bytes from " +
             std::to_string(csize) + " compressed (damaged header)");
      }
      require_memory(usize, InputLocation{name, 0, entry}, "inflating " + entry);
      out.resize(usize);
      z_stream zs;
      std::memset(&zs, 0, sizeof zs);
      if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) fail("zlib initialisation failed");
      zs.next_in = reinterpret_cast<Bytef*>(bytes.data() + data_at);
      zs.avail_in = static_cast<uInt>(csize);
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = static_cast<uInt>(usize);
      const int rc = inflate(&zs, Z_FINISH);
      const auto produced = zs.total_out;
      inflateEnd(&zs);
      if (rc != Z_STREAM_END || produced != usize) fail("cannot inflate entry " + entry);
    } else {
      fail("entry " + entry + " uses compression method " + std::to_string(method) +
           " (only stored and deflated are supported)");
    }
    const auto actual =
        crc32(0L, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size()));
    if (actual != crc) fail("CRC mismatch in entry " + entry);
    const auto slash = entry.find_last_of('/');
    files[slash == std::string::npos ? entry : entry.substr(slash + 1)] = std::move(out);
  }
  return files;
}

}  // namespace corridor::io
