#pragma once
// The typed result of one scenario against its base: computed ONCE from the two runs
// (compute_result), then read by every writer (result.json and the CSVs: result_io.hpp; the batch
// ranking and summary: batch.hpp; report.html, GeoJSON, GMNS: report_writer.hpp). No writer
// recomputes a figure or re-reads a file.
//
// Model (units: person-hours and vehicles per average weekday unless the name says otherwise)
// - Benefits (result_benefits.cpp): rule of a half per OD pair, purpose and mode on the
//   generalized cost of demand/generalized_cost.hpp (both legs: c(i, j) + c(j, i)); the logsum
//   change (Williams 1977) per purpose; truck-hours on the loaded car skim. The noise floor per
//   mode (appraisal.hpp) decides which modes are "resolved"; headline savings, money and
//   breakdowns sum resolved modes only.
// - Money (result_cba.cpp, cost_benefit.hpp): the physical quantities of a cost–benefit analysis
//   (time and money parts of the rule of a half, fare revenue, vehicle-km by class, PT service
//   per mode, the [cost] entries) are computed once; apply_appraisal() values them with the
//   region's unit values (appraisal.toml), a pure step an uncertainty run can repeat. Land-use
//   scenarios get indicators instead (Indicators).
// - Road (result_network.cpp): links keyed by link id (RoadNetwork::link_id). A scenario link left
//   in place keeps its base id and is compared with that base link; a split half is compared with
//   the base link it was cut from (base_link_id); a base link closed in the scenario is a row with
//   flow 0; a base link replaced by halves has no row of its own. Daily flow = peak-hour vehicles
//   × F per class, F = weekday vehicles / peak-hour vehicles of the run's own matrices (cars:
//   residents' car trips / occupancy + through cars; trucks: every truck matrix).
// - PT (result_network.cpp): weekday boardings per line, passengers per segment and their
//   cross-border part, all from the demand run's own PT assignments (one per period, the
//   cross-border pairs loaded over the same strategies; demand/model_run.hpp PtLoads).
// - Demand (result_demand.cpp): the road vehicle matrices the run assigned, per class and period,
//   for the GMNS export (network/demand.csv).
// - Accessibility (result_access.cpp): jobs within 30/45/60 min by car and PT, per zone, and the
//   population-weighted mean change per country (cumulative opportunities).
// The base's own per-link and per-stop figures are kept as typed data too (LinkRow::base_*,
// LineRow::base_daily_boardings), so a calibration can read them without parsing outputs.
//
// Values are rounded to 6 significant digits once, at the end of compute_result (round_result),
// so the text writers are exact and a result read back from disk equals the one computed.
//
//   ScenarioResult r = compute_result({base_model, base_run}, {edited, run}, params, scenario,
//                                     changes);
//   r.headline.person_hours_saved_per_day;   r.links[k].link_id;   r.lines[l].daily_boardings;
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "demand/model_run.hpp"
#include "demand/parameters.hpp"
#include "model/region_model.hpp"
#include "scenario/apply.hpp"
#include "scenario/appraisal.hpp"
#include "scenario/cost_benefit.hpp"
#include "scenario/scenario.hpp"

namespace corridor::scenario {

inline constexpr std::size_t kModes = demand::kModeCount;
inline constexpr std::size_t kPurposes = demand::kPurposeCount;
inline constexpr std::array<double, 3> kAccessMinutes{30.0, 45.0, 60.0};

using PerMode = std::array<double, kModes>;
using PerPurpose = std::array<double, kPurposes>;

// One OD pair and mode with a change (rows where nothing changed are left out).
struct OdModeRow {
  std::string from_zone;
  std::string to_zone;
  demand::Mode mode = demand::Mode::car;
  double trips_before = 0.0;
  double trips_after = 0.0;
  double gen_minutes_before = 0.0;  // trip-weighted over purposes, both legs; +inf: unavailable
  double gen_minutes_after = 0.0;
  double hours_saved_per_day = 0.0;  // rule of a half, unfiltered by the noise floor
  double delta_trips = 0.0;          // after − before (before rounding)
  double delta_gen_minutes = 0.0;    // +inf when either side is unavailable
  bool operator==(const OdModeRow&) const = default;
};

struct ZoneRow {
  std::string zone;
  std::string country;
  std::string corridor;
  double population = 0.0;
  double hours_saved_per_day = 0.0;  // resolved modes
  double logsum_hours_per_day = 0.0;
  std::array<double, 3> jobs_car_before{}, jobs_car_after{}, jobs_pt_before{}, jobs_pt_after{};
  bool operator==(const ZoneRow&) const = default;
};

// What a scenario did to a link: "" (unchanged), "changed", "new", "split" (a half of a base link
// cut by a junction; base_link_id names that link) or "closed" (absent from the scenario).
enum class LinkStatus : std::uint8_t { unchanged, changed, added, split, closed };
const char* link_status_name(LinkStatus s);

// One directed road link (see the model above for which rows exist).
struct LinkRow {
  std::int64_t link_id = 0;  // the scenario's link id (the base's for a closed link)
  std::optional<std::int64_t> base_link_id;  // base link compared with; none: a new link
  std::string name;
  std::int64_t from_node = 0;  // node labels
  std::int64_t to_node = 0;
  LinkStatus status = LinkStatus::unchanged;
  double daily_flow = 0.0;
  double base_daily_flow = 0.0;
  double peak_speed_kmh = 0.0;  // at the peak-hour equilibrium; 0 where the link is absent
  double base_peak_speed_kmh = 0.0;
  double delta_daily_flow = 0.0;  // daily_flow − base_daily_flow (before rounding)
  bool operator==(const LinkRow&) const = default;
};

struct LineRow {
  std::string line;
  std::string mode;
  std::string status;  // "new", "changed" or empty
  double daily_boardings = 0.0;
  double base_daily_boardings = 0.0;  // 0 for a new line
  double cross_border_boardings = 0.0;
  bool operator==(const LineRow&) const = default;
};

struct SegmentRow {
  std::string line;
  std::string from_stop;  // stop names
  std::string to_stop;
  double daily_passengers = 0.0;
  double cross_border_passengers = 0.0;
  bool operator==(const SegmentRow&) const = default;
};

struct CostItemRow {
  std::string id;
  double investment_eur = 0.0;
  double operating_eur_per_year = 0.0;
  double lifetime_years = 0.0;
  double present_value_eur = 0.0;
  double equivalent_annual_cost_eur = 0.0;
  bool operator==(const CostItemRow&) const = default;
};

struct NoiseFloorResult {
  double road_hours = 0.0;
  double demand_hours = 0.0;
  PerMode by_mode{};
  std::array<bool, kModes> resolved{};
  double hours_per_day = 0.0;  // road_hours + demand_hours (before rounding)
  bool operator==(const NoiseFloorResult&) const = default;
};

struct TripsByMode {
  PerMode before{}, after{}, delta{};
  bool operator==(const TripsByMode&) const = default;
};

struct ZoneHours {
  std::string zone;
  double hours_saved_per_day = 0.0;
  bool operator==(const ZoneHours&) const = default;
};

struct LinkFlowRow {  // result.json road.new_links / changed_links (node labels, as before)
  std::int64_t from_node = 0;
  std::int64_t to_node = 0;
  double daily_flow = 0.0;
  double delta_daily_flow = 0.0;  // changed links only
  bool operator==(const LinkFlowRow&) const = default;
};

struct RoadSummary {
  double peak_hour_vehicle_hours_before = 0.0, peak_hour_vehicle_hours_after = 0.0;
  double peak_hour_vehicle_km_before = 0.0, peak_hour_vehicle_km_after = 0.0;
  double weekday_vehicle_hours_before = 0.0, weekday_vehicle_hours_after = 0.0;
  double weekday_vehicle_km_before = 0.0, weekday_vehicle_km_after = 0.0;
  std::vector<LinkFlowRow> new_links, changed_links;
  bool operator==(const RoadSummary&) const = default;
};

// Hours saved split two ways (result_benefits.cpp): by where the traveller lives (the trip's
// origin zone i is the home: internal vs external zone) and by the trip (intrazonal: i == j,
// demand::is_intrazonal; domestic: i != j in one country; cross-border: zones of different
// countries). Each part sums to the headline: internal + external = intrazonal + domestic +
// cross_border = person_hours_saved_per_day.
struct BenefitPart {
  double hours_per_day = 0.0;  // resolved modes (as the headline)
  PerMode by_mode{};           // every mode, unfiltered (as hours_by_mode)
  PerPurpose by_purpose{};     // resolved modes (as hours_by_purpose)
  bool operator==(const BenefitPart&) const = default;
};
struct BenefitDecomposition {
  BenefitPart internal_residents, external_residents, intrazonal, domestic, cross_border;
  // |intrazonal| > ½ |hours saved| (and hours saved ≠ 0): the saving is mostly short trips inside
  // one zone, whose cost comes from the zone's size, not the network; a warning in the ranking.
  bool mostly_intrazonal = false;
  bool operator==(const BenefitDecomposition&) const = default;
};

struct AccessDelta {  // population-weighted mean change of jobs reachable, per threshold
  std::array<double, 3> car{}, pt{};
  bool operator==(const AccessDelta&) const = default;
};

struct SolverState {
  double base_relative_gap = 0.0;
  double scenario_relative_gap = 0.0;
  double base_demand_change = 0.0;
  double scenario_demand_change = 0.0;
  bool base_feedback_converged = false;
  bool scenario_feedback_converged = false;
  std::size_t scenario_loops = 0;
  bool operator==(const SolverState&) const = default;
};

struct LoopPoint {
  int loop = 0;
  double demand_change = 0.0;
  double road_gap = 0.0;
  int road_iterations = 0;
  bool operator==(const LoopPoint&) const = default;
};
struct GapPoint {
  int iteration = 0;
  double relative_gap = 0.0;
  bool operator==(const GapPoint&) const = default;
};
struct Convergence {
  std::vector<LoopPoint> base_loops, scenario_loops;
  std::vector<GapPoint> scenario_final_road;
  double scenario_final_road_gap = 0.0;
  double scenario_final_demand_change = 0.0;
  double feedback_tolerance = 0.0;
  bool operator==(const Convergence&) const = default;
};

// A combination against the sum of its parts run alone (filled by the batch summary).
struct SumOfParts {
  double person_hours_saved_per_day = 0.0;
  double benefit_eur_per_year = 0.0;
  double synergy_hours_per_day = 0.0;
  double synergy_ratio = 0.0;
  bool operator==(const SumOfParts&) const = default;
};

// Indicators every scenario gets, and the only verdict of a land-use scenario (jobs or residents
// added somewhere: its trips are not the base's trips, so a rule-of-a-half B/C is meaningless).
// Per average weekday; accessibility as the population-weighted mean over internal zones (the
// scenario's population for both sides, so "before" and "after" weigh the same residents).
struct Indicators {
  PerMode trips_before{}, trips_after{};  // person trips, both legs (as weekday_trips_by_mode × 2)
  PerMode cross_border_trips_before{}, cross_border_trips_after{};  // zones of two countries
  // Vehicles per weekday on the road links that cross the national border (region.toml border).
  double border_vehicles_before = 0.0, border_vehicles_after = 0.0;
  std::size_t border_links = 0;  // how many directed links cross it
  std::array<double, 3> jobs_car_before{}, jobs_car_after{}, jobs_pt_before{}, jobs_pt_after{};
  bool operator==(const Indicators&) const = default;
};

// Everything result.json holds (the ranking and the summary read these fields).
struct Headline {
  std::string scenario, description, assumptions;
  std::vector<std::string> parts;
  double person_hours_saved_per_day = 0.0, person_hours_saved_per_year = 0.0;
  double logsum_hours_per_day = 0.0, truck_hours_saved_per_day = 0.0;
  double benefit_eur_per_day = 0.0, benefit_eur_per_year = 0.0;
  double logsum_benefit_eur_per_year = 0.0, annualisation_days = 0.0;
  double cost_eur = 0.0, equivalent_annual_cost_eur = 0.0, investment_eur = 0.0;
  std::vector<CostItemRow> cost_items;
  double benefit_cost_ratio = 0.0;
  NoiseFloorResult noise_floor;
  double all_modes_hours_per_day = 0.0;
  bool below_noise_floor = false;
  PerPurpose hours_by_purpose{}, logsum_hours_by_purpose{};
  PerMode hours_by_mode{};
  BenefitDecomposition decomposition;
  TripsByMode weekday_trips_by_mode;
  double new_mode_trips = 0.0;
  std::map<std::string, double> hours_by_country_of_residence, hours_by_corridor,
      benefit_eur_per_year_by_country;
  std::vector<ZoneHours> winners, losers;
  RoadSummary road;
  std::vector<LineRow> pt_lines;                                            // new and changed lines
  std::map<std::string, AccessDelta> accessibility_popweighted_delta_jobs;  // by country
  SolverState solver;
  Convergence convergence;
  std::string base_model_hash, scenario_model_hash;
  std::string input_hash, base_hash;       // set by the batch runner
  std::optional<SumOfParts> sum_of_parts;  // set by the batch summary, not stored in result.json
  // Cost–benefit analysis (cost_benefit.hpp): the quantities valued and their valuation. A
  // land-use scenario has quantities but no valuation (cba all 0, land_use true).
  bool land_use = false;  // the scenario (or a part of it) has [[land_use]] edits
  CbaQuantities quantities;
  CostBenefit cba;
  std::string appraisal_source;  // appraisal.toml used, or the defaults' note
  Indicators indicators;
  bool operator==(const Headline&) const = default;
};

// One cell of the scenario run's road demand (network/demand.csv of the GMNS export): vehicles
// of one class in the assigned hour of one time-of-day period (the hour the period's equilibrium
// is solved on; vehicles in the period = volume / its peak_hour_factor), between two zones by
// their zone_id (zones.csv). Cells > 0 only.
struct DemandRow {
  std::int64_t o_zone_id = 0;
  std::int64_t d_zone_id = 0;
  std::string mode;         // GMNS use, as link.csv allowed_uses: "auto" (cars) or "truck"
  std::string time_period;  // the period's name (demand.toml [[periods]])
  double volume = 0.0;
  bool operator==(const DemandRow&) const = default;
};

struct ScenarioResult {
  Headline headline;                 // result.json
  std::vector<LineRow> lines;        // lines.csv: every line of the scenario network
  std::vector<SegmentRow> segments;  // segments.csv
  std::vector<LinkRow> links;        // links.csv
  std::vector<ZoneRow> zones;        // zones.csv (zone order of the region)
  std::vector<OdModeRow> od;         // od.csv
  std::vector<DemandRow> demand;     // network/demand.csv: by period, class, origin, destination
  bool operator==(const ScenarioResult&) const = default;
};

struct RunView {
  const model::RegionModel& model;
  const demand::ModelRun& run;
};

// `appraisal`: the region's unit values (appraisal_parameters.hpp); its values of time are
// replaced by the region's and the scenario's (values_of_time()). Without it, the defaults.
ScenarioResult compute_result(const RunView& base, const RunView& scen,
                              const demand::DemandParameters& params, const Scenario& scenario,
                              const AppliedChanges& changes);
ScenarioResult compute_result(const RunView& base, const RunView& scen,
                              const demand::DemandParameters& params, const Scenario& scenario,
                              const AppliedChanges& changes, const AppraisalParameters& appraisal,
                              const std::string& appraisal_source);
// The appraisal parameters of one scenario: the region's unit values with the region's and the
// scenario's values of time.
// The PT service change of each part of a scenario (Scenario::parts, `parts` of them), by mode,
// per weekday (the vehicle-km and vehicle-hours of add_cba_quantities): the change of a line
// (after − before) goes to the part whose edits added, changed or removed it
// (AppliedChanges::line_parts); a line the edits of k parts touch goes 1/k to each (no unique
// split of one line's change between two measures exists); a changed line no edit names, to every
// part alike. Lines whose service is unchanged count nowhere, so the parts' operating costs add
// up to the run's (operator_cost_per_weekday).
std::vector<std::map<std::string, ServiceTotals>> service_by_part(
    const transit::TransitData& base, const transit::TransitData& scen,
    const AppliedChanges& changes, std::size_t parts, const AppraisalParameters& appraisal);
AppraisalParameters scenario_appraisal(const AppraisalParameters& region,
                                       const model::RegionModel& model, const Scenario& scenario);
// Fills headline.cba (and the legacy money fields benefit_eur_per_year, cost_eur,
// benefit_cost_ratio) from headline.quantities; a land-use scenario gets none. Pure.
// `operator_eur_per_weekday`: see appraise() (cost_benefit.hpp).
void apply_appraisal(Headline& h, const AppraisalParameters& p,
                     std::optional<double> operator_eur_per_weekday = std::nullopt);

// --- the parts (one file each) -----------------------------------------------------------------

// User benefits, money, cost and the noise floor; fills headline fields, zones' hours and od.
void add_benefits(const RunView& base, const RunView& scen, const demand::DemandParameters& params,
                  const Scenario& scenario, ScenarioResult& out);
// Road totals and links by id, PT lines and segments.
void add_road(const RunView& base, const RunView& scen, const demand::DemandParameters& params,
              const AppliedChanges& changes, ScenarioResult& out);
void add_transit(const RunView& base, const RunView& scen, const demand::DemandParameters& params,
                 const AppliedChanges& changes, ScenarioResult& out);
// The run's road demand by period and class (DemandRow), in period, class (auto, truck), origin
// and destination order.
std::vector<DemandRow> run_demand(const RunView& run);
// Accessibility per zone and country; fills zones' jobs columns and the headline's deltas.
void add_accessibility(const RunView& base, const RunView& scen, ScenarioResult& out);
// CBA quantities from the networks (vehicle-km by class, PT service per mode) and the
// indicators (border flows, accessibility levels); after add_benefits/add_road/add_accessibility.
void add_cba_quantities(const RunView& base, const RunView& scen, const Scenario& scenario,
                        const AppraisalParameters& appraisal, ScenarioResult& out);

// One run's weekday vehicle-km per class (cars: everything but trucks) and the vehicles per
// weekday on directed links crossing the region's border polyline (model.border).
struct RoadClassTotals {
  double car_vehicle_km = 0.0, truck_vehicle_km = 0.0;
  double border_vehicles = 0.0;
  std::size_t border_links = 0;
};
RoadClassTotals road_class_totals(const RunView& run);

// One run's own links (no comparison): every link of `run.model` in input order with its id,
// name, daily flow and peak speed (base_* fields left 0). For base-only outputs and calibration.
std::vector<LinkRow> run_links(const RunView& run, const demand::DemandParameters& params);

// The base's own outputs (DIR/base/ of a batch; result_io.hpp): per link in input order, weekday
// vehicles and trucks (the sum of the time-of-day periods, demand/periods.hpp), the first
// period's assigned-hour vehicles and V/C (PCE / capacity), each period's vehicles and V/C, the
// link's facility type, lanes and plausible daily maximum (demand/plausibility.hpp); per stop of
// the transit data, weekday boardings and alightings of the demand run's own PT assignments summed
// over the stop's lines (PtLoads::stop_line_weekday: each line expanded with its hours, so the
// stops add up to the lines' boardings; through rail trips included).
struct BaseLinkRow {
  std::int64_t link_id = 0;
  std::string name;
  std::int64_t from_node = 0;  // node labels
  std::int64_t to_node = 0;
  double daily_flow = 0.0;          // vehicles per weekday
  double daily_trucks = 0.0;        // of which trucks
  double peak_hour_flow = 0.0;      // vehicles in the first period's (AM) assigned hour
  double peak_vc = 0.0;             // PCE in that hour / capacity
  std::vector<double> period_flow;  // per period (DemandParameters::periods): its vehicles
  std::vector<double> period_vc;    // per period: PCE of its assigned hour / capacity
  std::string facility_type;
  double lanes = 0.0;
  double plausible_daily_max = 0.0;  // vehicles per weekday (+inf: no limit for the type)
  bool operator==(const BaseLinkRow&) const = default;
};
struct StopRow {
  std::string stop_id;
  std::string name;
  double daily_boardings = 0.0;
  double daily_alightings = 0.0;
  bool operator==(const StopRow&) const = default;
};
// One observed figure against the base run, as validation.csv has it (for the report's fit
// section; calibration::TargetResult with the target's identity).
struct ValidationRow {
  std::string label;  // unique, e.g. "station EHV in_out weekday NS 2018"
  std::string kind;   // calibration::target_kind_name
  std::string set;    // "calibration" or "validation"
  double observed = 0.0;
  double tolerance = 0.0;
  double period_hours = 24.0;  // of counts
  bool is_count = false;       // GEH applies
  bool modelled = false;
  std::string not_modelled;  // the reason
  double value = 0.0;
  bool has_geh = false;
  double geh = 0.0;
  bool within_tolerance = false;
  bool operator==(const ValidationRow&) const = default;
};

struct BaseOutputs {
  std::vector<BaseLinkRow> links;         // DIR/base/links.csv
  std::vector<StopRow> stops;             // DIR/base/stops.csv
  std::vector<ValidationRow> validation;  // the rows of validation_csv, typed
  // DIR/base/validation.csv (calibration::validation_csv): every figure of the region's
  // observed/ folder against the base run; empty when the region has no observed/ folder.
  std::string validation_csv;
  std::vector<std::string> periods;  // period names (links.csv flow_NAME, vc_NAME columns)
  bool operator==(const BaseOutputs&) const = default;
};
std::vector<BaseLinkRow> base_links(const RunView& run, const demand::DemandParameters& params);
std::vector<StopRow> base_stops(const RunView& run, const demand::DemandParameters& params);

// Rounds every figure to 6 significant digits (see the header comment).
void round_result(ScenarioResult& r);
// Rounds headline.cba and the money fields apply_appraisal sets (6 significant digits).
void round_appraisal(Headline& h);
double round6(double v);

}  // namespace corridor::scenario
