#pragma once
// Observed figures of a region model: the `observed/` folder (format and examples in
// scenarios/brainport-kempen/observed/FORMAT.md), read into typed targets that the model can be
// compared with (evaluate.hpp) and fitted to (calibrate.hpp).
//
// Files (each optional; CSV, one header row, columns by name):
//   stations.csv     station counts: stop, measure (boardings | alightings | in_out), day_type
//                    (weekday | day), operator (empty = every operator's lines)
//   links.csv        link counts: link_id, or name + from_node + to_node, or screenline; class
//                    (all | truck), period (day | am_peak_hour), vehicles in that period
//   screenlines.csv  named sets of links: screenline, link_id (or name + from_node + to_node)
//   targets.csv      aggregate figures: kind trips_between | destination_share | mode_share |
//                    trips_per_person | operator_boardings | truck_share | rail_access_share,
//                    with purpose, from_set, to_set, zone_set, mode, operator, screenline,
//                    link_name as the kind needs them; an optional `modes` column (car+pt+bike)
//                    restricts the zonal kinds to the modes the survey figure counts
// Common columns: value, year, source, set (calibration | validation), and optionally
// tolerance ("250" absolute or "10%" of the value; default 10 %), bound (empty | upper | lower:
// a one-sided figure such as "< 2,000", met when the model stays on its side) and note.
//
// Units: counts per average weekday (stations, links with period `day`, trips, boardings) or
// vehicles per hour (period `am_peak_hour`); shares as fractions in [0, 1]; trips per person per
// weekday. Zone sets are named in the region's data (RegionModel zone sets) and resolved through
// a ZoneSetLookup, so this reader needs no region-specific names.
//
// Every defect (unknown stop, link, screenline, zone set, operator or purpose, negative or
// non-finite value, a share outside [0, 1], a duplicate row, a bad set name) is an InputError
// naming file, line and column.
//
//   auto region = corridor::model::load_region_model(folder);
//   auto obs = corridor::calibration::read_observed(region, folder / "observed",
//                                                   corridor::calibration::region_zone_sets(region));
//   for (const auto& t : obs.targets) t.label;
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::model {
struct RegionModel;
}

namespace corridor::calibration {

enum class TargetSet : std::uint8_t { calibration = 0, validation = 1 };
const char* target_set_name(TargetSet s);

enum class TargetKind : std::uint8_t {
  station = 0,         // boardings / alightings / in_out at a stop
  link_count,          // vehicles on a link or the sum over a screenline
  trips_between,       // person trips (outbound, weekday) from a zone set to a zone set
  destination_share,   // share of the trips produced in from_set that go to to_set
  mode_share,          // share of a mode in the trips produced in zone_set
  trips_per_person,    // trips (both legs) per resident of zone_set per weekday
  operator_boardings,  // weekday boardings on the lines of one operator
  truck_share,         // trucks / all vehicles, day flows summed over links
  rail_access_share,   // share of rail journeys reaching the station by `mode` (walk, bike, ...)
};
const char* target_kind_name(TargetKind k);

enum class Bound : std::uint8_t { none = 0, upper = 1, lower = 2 };  // upper: model <= value
enum class StationMeasure : std::uint8_t { boardings = 0, alightings = 1, in_out = 2 };
enum class DayType : std::uint8_t { weekday = 0, day = 1 };  // day: average of all 7 days
enum class VehicleClass : std::uint8_t { all = 0, truck = 1 };
enum class CountPeriod : std::uint8_t { day = 0, am_peak_hour = 1 };

struct Target {
  std::string label;  // unique, human-readable ("station EHV in_out weekday NS 2018")
  TargetKind kind = TargetKind::station;
  TargetSet set = TargetSet::calibration;
  std::string file;  // where the row came from
  std::size_t line = 0;
  double value = 0.0;
  Bound bound = Bound::none;
  double tolerance = 0.0;  // absolute, in the unit of value (> 0)
  int year = 0;
  std::string source;
  std::string note;

  // station
  std::uint32_t stop = 0;  // index into TransitData::stops
  StationMeasure measure = StationMeasure::in_out;
  DayType day_type = DayType::weekday;
  std::string operator_filter;  // also operator_boardings; empty = all
  // link_count, truck_share
  std::vector<std::uint32_t> links;  // LinkIds (CSR order)
  VehicleClass vehicle_class = VehicleClass::all;
  CountPeriod period = CountPeriod::day;
  // aggregates
  int purpose = -1;  // demand::Purpose index, -1 = all purposes
  int mode = -1;     // demand::Mode index (mode_share); rail_access_share: see access_mode
  // The modes the observed figure counts (`modes` column, e.g. car+pt+bike: a survey share
  // among those modes, trips per person by those modes): bit q = demand::Mode q; 0 = every mode
  // of the model. A survey mode the model does not have (walk before it exists) makes the row
  // "not modelled" (missing_mode names it) rather than compared with a different quantity.
  std::uint32_t mode_mask = 0;
  std::string missing_mode;
  std::string access_mode;
  std::string from_set, to_set;  // zone set names (trips_between, destination_share, mode_share,
                                 // trips_per_person use from_set)
  std::vector<std::uint32_t> from_zones, to_zones;  // zone indices

  // A count (GEH applies): stations, links, operator boardings, trips between zone sets.
  [[nodiscard]] bool is_count() const;
  // Hours the value covers, for GEH on hourly means (24 for weekday totals, 1 for peak hours).
  [[nodiscard]] double period_hours() const;
};

struct ObservedData {
  std::vector<Target> targets;  // in file order: stations, links, targets
  std::filesystem::path folder;
};

// Zone indices of a named zone set, or nullopt when the name is unknown.
using ZoneSetLookup = std::function<std::optional<std::vector<std::uint32_t>>(std::string_view)>;

// The zone sets of a region model (RegionModel::zone_sets: region.toml's named sets and the
// automatic `all`, `country:XX`, `corridor:NAME`, `municipality:NAME`), plus `zone:NAME`, the one
// zone model::find_zone finds. Names compare like zone names.
ZoneSetLookup region_zone_sets(const model::RegionModel& region);

// Reads every file of `folder` that exists. Throws InputError when the folder does not exist or
// a file has a defect (see the header comment).
ObservedData read_observed(const model::RegionModel& region, const std::filesystem::path& folder,
                           const ZoneSetLookup& zone_sets);

// Reads one link-count file in the links.csv format (with the screenlines.csv beside it, when
// there is one): the road counts alone, e.g. for matrix estimation. Same errors as read_observed.
ObservedData read_observed_links(const model::RegionModel& region,
                                 const std::filesystem::path& links_csv);

// True when a line run by `line_operator` counts for an operator filter: equal ignoring case, or
// equal to one of its '/'-separated parts (a joint "NS/NMBS" service counts for both); an empty
// filter matches every line.
bool operator_matches(std::string_view line_operator, std::string_view filter);

// Parses a tolerance field: "250" (absolute) or "10%" (of |value|); empty = 10 % of |value|.
// Returns the absolute tolerance (> 0) or nullopt when the text is not a tolerance.
std::optional<double> parse_tolerance(std::string_view text, double value);

}  // namespace corridor::calibration
