#pragma once
// Plain input structs for the reports (report.html, GeoJSON): what the scenario/batch code fills
// in after a run, and nothing else. No behaviour here; the renderer reads these as values.
//
// Conventions and units
// - Coordinates are WGS84 longitude/latitude in degrees (EPSG:4326), as GeoJSON wants them.
// - Time saved is in person-hours per (average) weekday, positive = saved (a loss is negative).
// - Flows are daily (vehicles per weekday for road links, passengers per weekday for PT).
// - Money is in euros; benefit per year, cost as a total (present value of investment and
//   operating cost over the lifetime, as the batch code computes it).
// - Indices: `MapGeometry::links[i]`, `lines[i]` and `zones[z]` are referred to by index from the
//   scenario results (`LinkFlow::link`, `LineRidership::line`, zone vectors parallel to `zones`).
//   MapGeometry::links holds the base network's links plus every link any scenario adds (those
//   flagged `scenario_only`, drawn only on the maps of scenarios that list them in `changes`);
//   likewise for lines.
//
//   corridor::report::BatchReport batch;
//   batch.ranking.push_back({"knoop-reusel", 412.0, 1.1e6, 8.0e6, 0.14, false});
//   corridor::report::write_report_html(out / "report.html", batch, geometry);
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corridor::report {

struct LonLat {
  double lon = 0.0;  // degrees east
  double lat = 0.0;  // degrees north
};

// A road link as drawn. `facility` is the GMNS facility_type (or OSM highway) word: "motorway",
// "trunk", "primary", "secondary", "tertiary", "residential"/"local", "connector"; unknown words
// are drawn as local roads. Connectors are not drawn on the map (but are exported).
struct MapLink {
  std::int64_t link_id = 0;    // the network's link id (GMNS link_id)
  std::int64_t from_node = 0;  // node labels as in the network files
  std::int64_t to_node = 0;
  LonLat from;
  LonLat to;
  std::string facility;
  std::string name;
  double length_km = 0.0;
  double lanes = 0.0;
  double free_speed_kmh = 0.0;
  double capacity_veh_per_h = 0.0;
  bool scenario_only = false;  // added by some scenario; not part of the base network
};

// A public transport line as drawn: its stops in running order.
struct MapLine {
  std::string name;
  std::string mode;  // "rail", "bus", "tram", "coach", ...; "rail" is drawn as railway
  std::vector<LonLat> stops;
  std::vector<std::string> stop_names;  // parallel to stops (may be empty)
  bool scenario_only = false;           // a new line of some scenario
};

struct MapZone {
  std::string name;
  LonLat centroid;
  std::string country;    // "NL" or "BE"
  std::string corridor;   // e.g. "Eindhoven-Turnhout"; groups the OD heat map (may be empty)
  bool external = false;  // a gate zone standing for the area beyond the study area
  double population = 0.0;
  double jobs = 0.0;
  std::string municipality{};  // place name on the maps (empty: the zone's name)
};

struct MapGeometry {
  std::vector<MapLink> links;
  std::vector<MapLine> lines;
  std::vector<MapZone> zones;
  // National borders as polylines (the region's border file, region.toml `border`); may be empty.
  std::vector<std::vector<LonLat>> border;
};

// --- scenario results ----------------------------------------------------------------------------

enum class ChangeKind : std::uint8_t { added, changed, closed };

struct LinkChange {
  std::uint32_t link = 0;  // index into MapGeometry::links
  ChangeKind kind = ChangeKind::changed;
  std::string what;  // short text, e.g. "speed 80 -> 100 km/h"
};

struct LineChange {
  std::uint32_t line = 0;  // index into MapGeometry::lines
  ChangeKind kind = ChangeKind::changed;
  std::string what;  // e.g. "headway 30 -> 15 min (peak)"
};

// Flow on one link in the scenario, and its difference to the base (scenario - base).
struct LinkFlow {
  std::uint32_t link = 0;  // index into MapGeometry::links
  double daily_flow = 0.0;
  double delta_daily_flow = 0.0;
  double speed_kmh = 0.0;  // congested speed at the peak-hour equilibrium (0 if unknown)
};

struct LineRidership {
  std::uint32_t line = 0;  // index into MapGeometry::lines
  double daily_boardings = 0.0;
  double base_daily_boardings = 0.0;  // 0 for a new line
  // Passengers per weekday on each segment stop i -> i+1 (size stops-1), or empty if unknown.
  std::vector<double> segment_daily_passengers;
};

struct ConvergencePoint {
  std::uint32_t iteration = 0;
  double relative_gap = 0.0;  // > 0; drawn on a log scale
};

struct ConvergenceSeries {
  std::string name;  // e.g. "road assignment (final)", "demand feedback loop"
  std::vector<ConvergencePoint> points;
};

// Jobs reachable from a zone's centroid within 30 and 45 minutes (cumulative opportunities), by
// car and by PT, before (base) and after (scenario). Parallel to MapGeometry::zones.
struct ZoneAccess {
  double car_30_before = 0.0, car_30_after = 0.0, car_45_before = 0.0, car_45_after = 0.0;
  double pt_30_before = 0.0, pt_30_after = 0.0, pt_45_before = 0.0, pt_45_after = 0.0;
};

struct ScenarioReport {
  std::string name;   // the slug (folder name)
  std::string title;  // what a reader sees; empty: the name
  std::string description;
  std::string assumptions;         // the scenario file's `assumptions`, as written
  std::vector<std::string> parts;  // titles of the measures combined (more than one: a combination)
  std::vector<LinkChange> link_changes;
  std::vector<LineChange> line_changes;
  // Base links this scenario replaced (a link split by a junction: its halves are scenario_only
  // links in link_changes); left out of the scenario's links GeoJSON.
  std::vector<std::uint32_t> replaced_links;
  // Sparse: the links with a result in this scenario (all drawn links for a full map).
  std::vector<LinkFlow> link_flows;
  // Person-hours saved per weekday by residents of each zone; parallel to MapGeometry::zones
  // (empty = not available).
  std::vector<double> zone_hours_saved_per_day;
  // Person-hours saved per weekday per OD pair, row-major zones x zones in MapGeometry::zones
  // order (origin row, destination column); empty = not available. The heat map regroups the
  // zones by country and corridor itself.
  std::vector<double> od_hours_saved_per_day;
  // Ridership of new and changed lines (and of any other line the batch wants shown).
  std::vector<LineRidership> ridership;
  std::vector<ConvergenceSeries> convergence;
  double final_relative_gap = 0.0;         // road assignment gap of the scenario run
  double noise_floor_hours_per_day = 0.0;  // savings below this are not resolved by the solver
  std::vector<ZoneAccess> access;          // parallel to MapGeometry::zones; empty = unknown
  // A combination: the sum of its parts run alone (person-hours/day); nullopt for a single.
  std::optional<double> sum_of_parts_hours_per_day;
};

// How sure a ranking is: percentiles over the batch's draws of uncertain inputs (the batch's
// `--draws`; DIR/robustness.csv holds the same figures). Ranks are 1 = best (by benefit/cost).
struct Uncertainty {
  std::size_t draws = 0;
  double p_rank_first = 0.0;  // share of draws in which the scenario ranks first
  double rank_p5 = 0.0, rank_p50 = 0.0, rank_p95 = 0.0;
  double benefit_eur_per_year_p5 = 0.0, benefit_eur_per_year_p50 = 0.0,
         benefit_eur_per_year_p95 = 0.0;
  double benefit_cost_ratio_p5 = 0.0, benefit_cost_ratio_p50 = 0.0, benefit_cost_ratio_p95 = 0.0;
  double investment_eur_p5 = 0.0, investment_eur_p95 = 0.0;  // undiscounted
};

struct RankingRow {
  std::string scenario;
  double person_hours_saved_per_day = 0.0;
  double benefit_eur_per_year = 0.0;
  double cost_eur = 0.0;
  double benefit_cost_ratio = 0.0;  // 0 when cost is 0 (shown as "n/a")
  bool below_noise_floor = false;
  std::string title{};          // empty: the scenario name
  bool combination = false;     // a pair or larger combination (ranked on a page of its own)
  double investment_eur = 0.0;  // undiscounted investment
  double operating_eur_per_year = 0.0;
  double lifetime_years = 0.0;               // the longest of its cost parts
  bool mostly_intrazonal = false;            // over half the saving on trips inside one zone
  double hours_cross_border = 0.0;           // of person_hours_saved_per_day
  std::optional<Uncertainty> uncertainty{};  // set when the batch ran draws
  // The investment range the batch's [uncertainty] block declares for this measure (every
  // investment factor at its lower, then its upper bound); nullopt when none names it. Shown
  // when the batch ran no draws (with draws: the draws' p5-p95).
  std::optional<std::pair<double, double>> declared_investment_eur{};
};

// One observed figure against the base run (calibration::evaluate_observed, validation.csv).
struct FitRow {
  std::string label;  // e.g. "station EHV in_out weekday NS 2018"
  std::string kind;   // station, link_count, trips_between, destination_share, mode_share, ...
  std::string set;    // "calibration" (fitted to) or "validation" (kept apart)
  double observed = 0.0;
  bool modelled = false;  // false: the model cannot produce the figure (see `note`)
  double value = 0.0;     // modelled
  bool has_geh = false;
  double geh = 0.0;
  bool within_tolerance = false;
  double tolerance = 0.0;      // absolute, unit of the figure
  double period_hours = 24.0;  // of counts: 24 for a weekday, 1 for a peak hour
  std::string note;            // why not modelled
};

// A land-use scenario (jobs or residents added): indicators instead of a benefit/cost ratio.
struct LandUseRow {
  std::string scenario;
  double trips_before = 0.0, trips_after = 0.0;                      // person trips per weekday
  double border_vehicles_before = 0.0, border_vehicles_after = 0.0;  // on border-crossing links
  double jobs_car_45_before = 0.0, jobs_car_45_after = 0.0;  // population-weighted, internal zones
  double jobs_pt_45_before = 0.0, jobs_pt_45_after = 0.0;
};

struct InputHash {
  std::string input;  // file or component name
  std::string hash;   // hex digest as core/hash.hpp prints it
};

// A back-cast the batch ran (scenario/backcast.hpp; the rows of DIR/backcast.csv): a built
// project run in reverse, its modelled effect against observed figures.
struct BackcastFigureRow {
  std::string figure;
  std::string measure;  // without | with | change (a fraction)
  double observed = 0.0;
  double modelled = 0.0;
  double ratio = 0.0;
  bool has_geh = false;
  double geh = 0.0;
  double tolerance = 0.0;  // relative for flows, fraction points for a change
  bool within_tolerance = false;
  std::string source;
};
struct Backcast {
  std::string scenario;  // name (its file: scenarios/<region>/<name>.toml)
  std::string title;
  std::vector<BackcastFigureRow> rows;
};

struct BatchReport {
  std::string title = "Corridor scenario comparison";
  std::string subtitle;  // e.g. batch file name, date given by the caller (keeps output stable)
  std::vector<RankingRow> ranking;   // best first, as ranking.csv
  std::vector<LandUseRow> land_use;  // as land_use.csv (ranked apart, no B/C)
  // What the benefit/cost ratio counts and leaves out (scenario/cost_benefit.hpp); the summary
  // page shows them. Empty: the summary's generic text.
  std::string bc_includes, bc_leaves_out;
  std::vector<ScenarioReport> scenarios;
  std::vector<InputHash> input_hashes;
  double base_relative_gap = 0.0;
  double noise_floor_hours_per_day = 0.0;  // batch-wide floor marked on the ranking chart
  std::vector<std::string> notes;          // free text lines shown under the ranking
  // Summary page: when and with what the figures were made (the caller passes the date, so the
  // page stays byte-identical for the same inputs and date).
  std::string date;                  // e.g. "2026-12-03"
  std::string engine_version;        // e.g. "corridor-scenario-10"
  std::string model_hash;            // content hash of the base model
  double annualisation_days = 0.0;   // weekdays -> year used for every benefit
  std::vector<FitRow> fit;           // the base's fit to observed figures; empty = no observed/
  std::optional<Backcast> backcast;  // when the batch ran one ([backcast] in the batch file)
};

}  // namespace corridor::report
