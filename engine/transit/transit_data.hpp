#pragma once
// Public transport input data: stops and headway-based lines, as plain structs a scenario may edit
// (add a line, change a headway, extend a line, add a stop, remove a line, make a stop a
// coordinated hub) before the network is built (network.hpp).
//
// Model and units
// - A Line runs along `stops` (indices into TransitData::stops) with cumulative run time in
//   minutes from its first stop, strictly increasing. `both_directions` adds the reverse run with
//   mirrored times. Service is described by a headway per period (minutes between departures;
//   +inf = no service in that period) and the hours per day it runs (for daily expansion).
// - A Stop lies in a zone (0-based ZoneId; invalid = outside the zone system) and at WGS84
//   coordinates (degrees). Zones connect to stops by access/egress links (network.hpp).
// - Hub coordination: `transfer_wait_factor` in (0, 1] multiplies the expected wait of a passenger
//   who transfers at this stop (arrives by vehicle or walks in from a nearby stop). 1 = no
//   coordination (random connection, wait = wait_factor × headway-based expected wait); e.g. 0.3
//   models a timed cross-border transfer where connections are held, so the transfer wait is 30%
//   of the uncoordinated one. The split between lines at the hub is unchanged (still by
//   frequency). First boardings (from an access link) are never affected.
// - Facilities: `bike_parking` (bike access and the bike egress of OV-fiets / a second bike) and
//   `park_and_ride` (car access). Unset = the default of the stop's kind
//   (default_bike_parking / default_park_and_ride: "rail" stations have both, other kinds none).
//
//   corridor::transit::TransitData data;
//   auto a = add_stop(data, {.id = "EHV", .name = "Eindhoven Centraal", .lat = 51.443,
//                            .lon = 5.481, .zone = corridor::ZoneId{0}});
//   ...
//   set_headway(data, "IC-3500", Period::peak, 15.0);
//   remove_line(data, "bus-17");
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"

namespace corridor::transit {

enum class Period : std::uint8_t { peak = 0, offpeak = 1 };
const char* period_name(Period p);
// "peak" | "offpeak" (also "off-peak"); throws corridor::InputError otherwise.
Period parse_period(std::string_view name);

enum class Mode : std::uint8_t { rail = 0, bus, coach, tram, metro, ferry };
inline constexpr std::size_t kModeCount = 6;
const char* mode_name(Mode m);
// "rail" | "bus" | "coach" | "tram" | "metro" | "ferry"; std::nullopt otherwise.
std::optional<Mode> parse_mode(std::string_view name);

inline constexpr double kNoService = std::numeric_limits<double>::infinity();

struct Stop {
  std::string id;
  std::string name;
  double lat = 0.0;  // degrees WGS84
  double lon = 0.0;
  ZoneId zone;       // zone the stop lies in (always connected to it); invalid = none
  std::string kind;  // free text from the data ("station", "stop", "hub", ...)
  double transfer_wait_factor = 1.0;  // (0, 1]; < 1 = coordinated hub (see header comment)
  std::optional<bool> bike_parking =
      std::nullopt;  // nullopt = default of the kind (see header comment)
  std::optional<bool> park_and_ride = std::nullopt;  // nullopt = default of the kind
};

// Facility defaults by kind: a "rail" stop (case-insensitive) has bike parking and park-and-ride
// (NS and NMBS stations almost all have both), any other kind neither.
bool default_bike_parking(std::string_view kind);
bool default_park_and_ride(std::string_view kind);
// The stop's facility: its own value when set, else the default of its kind.
bool has_bike_parking(const Stop& s);
bool has_park_and_ride(const Stop& s);

struct LineStop {
  std::uint32_t stop = 0;  // index into TransitData::stops
  double minutes = 0.0;    // cumulative run time from the line's first stop
};

struct Line {
  std::string id;
  std::string name;
  Mode mode = Mode::bus;
  std::string operator_name;
  double headway_peak_min = kNoService;  // minutes between departures; kNoService = none
  double headway_offpeak_min = kNoService;
  double service_hours = 18.0;  // hours per day with service (daily expansion)
  std::vector<LineStop> stops;  // at least 2, minutes strictly increasing
  bool both_directions = true;

  [[nodiscard]] double headway_min(Period p) const {
    return p == Period::peak ? headway_peak_min : headway_offpeak_min;
  }
};

struct TransitData {
  std::vector<Stop> stops;
  std::vector<Line> lines;
};

// Look-ups by id (linear; data sets are small). nullopt when absent.
std::optional<std::uint32_t> find_stop(const TransitData& data, std::string_view id);
std::optional<std::uint32_t> find_line(const TransitData& data, std::string_view id);

// Checks every invariant above (unique ids, stop indices in range, >= 2 stops, strictly
// increasing minutes, positive headways or kNoService, 0 < transfer_wait_factor <= 1,
// service_hours in [0, 24]); throws corridor::InputError naming `source` (e.g. a scenario file),
// the line or stop id as the field, and what was expected.
void validate(const TransitData& data, std::string_view source = "transit data");

// Scenario edits. Each throws corridor::InputError when an id is unknown (or already taken when
// adding); they do not re-validate the whole data set (call validate() after a batch of edits).
std::uint32_t add_stop(TransitData& data, Stop stop);  // returns the new stop index
std::uint32_t add_line(TransitData& data, Line line);  // returns the new line index
void remove_line(TransitData& data, std::string_view line_id);
void set_headway(TransitData& data, std::string_view line_id, Period period, double minutes);
// Extends a line at its end: appends stops with cumulative minutes continuing the last ones
// (`minutes` are run times from the current last stop, strictly increasing, > 0).
void extend_line(TransitData& data, std::string_view line_id,
                 const std::vector<std::string>& stop_ids, const std::vector<double>& minutes);
// Sets the hub coordination factor of a stop (see header comment).
void set_transfer_wait_factor(TransitData& data, std::string_view stop_id, double factor);

}  // namespace corridor::transit
