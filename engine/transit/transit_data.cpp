#include "transit/transit_data.hpp"

#include <cctype>
#include <cmath>
#include <string>
#include <unordered_set>

#include "core/error.hpp"

namespace corridor::transit {

const char* period_name(Period p) { return p == Period::peak ? "peak" : "offpeak"; }

Period parse_period(std::string_view name) {
  if (name == "peak") return Period::peak;
  if (name == "offpeak" || name == "off-peak") return Period::offpeak;
  throw_input_error("", 0, "period",
                    "expected 'peak' or 'offpeak', got " + quote_for_message(name));
}

namespace {
constexpr const char* kModeNames[kModeCount] = {"rail", "bus", "coach", "tram", "metro", "ferry"};
}

const char* mode_name(Mode m) { return kModeNames[static_cast<std::size_t>(m)]; }

std::optional<Mode> parse_mode(std::string_view name) {
  for (std::size_t i = 0; i < kModeCount; ++i) {
    if (name == kModeNames[i]) return static_cast<Mode>(i);
  }
  return std::nullopt;
}

namespace {
bool is_rail_kind(std::string_view kind) {
  if (kind.size() != 4) return false;
  const char* rail = "rail";
  for (std::size_t i = 0; i < 4; ++i) {
    if (std::tolower(static_cast<unsigned char>(kind[i])) != rail[i]) return false;
  }
  return true;
}
}  // namespace

bool default_bike_parking(std::string_view kind) { return is_rail_kind(kind); }
bool default_park_and_ride(std::string_view kind) { return is_rail_kind(kind); }
bool has_bike_parking(const Stop& s) {
  return s.bike_parking.value_or(default_bike_parking(s.kind));
}
bool has_park_and_ride(const Stop& s) {
  return s.park_and_ride.value_or(default_park_and_ride(s.kind));
}

std::optional<std::uint32_t> find_stop(const TransitData& data, std::string_view id) {
  for (std::size_t i = 0; i < data.stops.size(); ++i) {
    if (data.stops[i].id == id) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> find_line(const TransitData& data, std::string_view id) {
  for (std::size_t i = 0; i < data.lines.size(); ++i) {
    if (data.lines[i].id == id) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

namespace {

bool valid_headway(double h) { return h == kNoService || (std::isfinite(h) && h > 0.0); }

std::uint32_t require_line(const TransitData& data, std::string_view id) {
  auto l = find_line(data, id);
  if (!l) throw_input_error("", 0, "line", "unknown line id " + quote_for_message(id));
  return *l;
}

std::uint32_t require_stop(const TransitData& data, std::string_view id) {
  auto s = find_stop(data, id);
  if (!s) throw_input_error("", 0, "stop", "unknown stop id " + quote_for_message(id));
  return *s;
}

}  // namespace

void validate(const TransitData& data, std::string_view source) {
  std::unordered_set<std::string_view> seen;
  for (const Stop& s : data.stops) {
    const std::string field = "stop " + quote_for_message(s.id);
    if (s.id.empty()) throw_input_error(source, 0, "stop", "a non-empty stop id");
    if (!seen.insert(s.id).second) throw_input_error(source, 0, field, "a unique stop id");
    if (!(std::isfinite(s.lat) && std::isfinite(s.lon) && std::abs(s.lat) <= 90.0 &&
          std::abs(s.lon) <= 180.0)) {
      throw_input_error(source, 0, field, "lat in [-90, 90] and lon in [-180, 180]");
    }
    if (!(s.transfer_wait_factor > 0.0 && s.transfer_wait_factor <= 1.0)) {
      throw_input_error(source, 0, field, "transfer_wait_factor in (0, 1]");
    }
  }
  seen.clear();
  for (const Line& l : data.lines) {
    const std::string field = "line " + quote_for_message(l.id);
    if (l.id.empty()) throw_input_error(source, 0, "line", "a non-empty line id");
    if (!seen.insert(l.id).second) throw_input_error(source, 0, field, "a unique line id");
    if (!valid_headway(l.headway_peak_min) || !valid_headway(l.headway_offpeak_min)) {
      throw_input_error(source, 0, field, "headways > 0 minutes (or no service)");
    }
    if (!(l.service_hours >= 0.0 && l.service_hours <= 24.0)) {
      throw_input_error(source, 0, field, "service_hours in [0, 24]");
    }
    if (l.stops.size() < 2) throw_input_error(source, 0, field, "at least 2 stops");
    for (std::size_t k = 0; k < l.stops.size(); ++k) {
      if (l.stops[k].stop >= data.stops.size()) {
        throw_input_error(source, 0, field, "stop indices within the stop list");
      }
      if (!std::isfinite(l.stops[k].minutes) || l.stops[k].minutes < 0.0 ||
          (k > 0 && !(l.stops[k].minutes > l.stops[k - 1].minutes))) {
        throw_input_error(source, 0, field,
                          "cumulative minutes >= 0 and strictly increasing along the line");
      }
    }
  }
}

std::uint32_t add_stop(TransitData& data, Stop stop) {
  if (find_stop(data, stop.id)) {
    throw_input_error("", 0, "stop",
                      "a new stop id, " + quote_for_message(stop.id) + " already exists");
  }
  data.stops.push_back(std::move(stop));
  return static_cast<std::uint32_t>(data.stops.size() - 1);
}

std::uint32_t add_line(TransitData& data, Line line) {
  if (find_line(data, line.id)) {
    throw_input_error("", 0, "line",
                      "a new line id, " + quote_for_message(line.id) + " already exists");
  }
  data.lines.push_back(std::move(line));
  return static_cast<std::uint32_t>(data.lines.size() - 1);
}

void remove_line(TransitData& data, std::string_view line_id) {
  const auto l = require_line(data, line_id);
  data.lines.erase(data.lines.begin() + l);
}

void set_headway(TransitData& data, std::string_view line_id, Period period, double minutes) {
  if (!valid_headway(minutes)) {
    throw_input_error("", 0, "headway", "a headway > 0 minutes (or no service)");
  }
  Line& l = data.lines[require_line(data, line_id)];
  (period == Period::peak ? l.headway_peak_min : l.headway_offpeak_min) = minutes;
}

void extend_line(TransitData& data, std::string_view line_id,
                 const std::vector<std::string>& stop_ids, const std::vector<double>& minutes) {
  if (stop_ids.size() != minutes.size()) {
    throw_input_error("", 0, "extend", "as many run times as stops");
  }
  const auto li = require_line(data, line_id);
  std::vector<LineStop> added;
  double base = data.lines[li].stops.empty() ? 0.0 : data.lines[li].stops.back().minutes;
  double prev = 0.0;
  for (std::size_t k = 0; k < stop_ids.size(); ++k) {
    if (!(std::isfinite(minutes[k]) && minutes[k] > prev)) {
      throw_input_error("", 0, "extend", "run times from the last stop > 0 and increasing");
    }
    prev = minutes[k];
    added.push_back({require_stop(data, stop_ids[k]), base + minutes[k]});
  }
  auto& stops = data.lines[li].stops;
  stops.insert(stops.end(), added.begin(), added.end());
}

void set_transfer_wait_factor(TransitData& data, std::string_view stop_id, double factor) {
  if (!(factor > 0.0 && factor <= 1.0)) {
    throw_input_error("", 0, "transfer_wait_factor", "a factor in (0, 1]");
  }
  data.stops[require_stop(data, stop_id)].transfer_wait_factor = factor;
}

}  // namespace corridor::transit
