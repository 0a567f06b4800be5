#pragma once
// The demand model run: four steps with skim feedback, on the region model.
//
//   generation → distribution (logsum gravity, border resistance) → mode choice (MNL
//   car/PT/bike/walk)
//        ↑                                                                  ↓
//   skims (car peak-hour time & km, PT components, bike) ← road (car + truck) and PT assignment
//
// Model (docs/demand-model.md has the numbers and sources)
// - Generation: outbound trips per purpose from population and jobs (ODiN 2019 / OVG 5 style
//   averages), external zones weighted by BorderParameters::external_weight, balanced.
// - Distribution: T_ij = P_i · A_j · exp(μ · LS_ij − b · cross_ij [+ e_k · bonus pair of k])
// normalised
//   per row (singly constrained) or furnessed to both margins (commute, doubly constrained;
//   Furness 1965, Ortúzar & Willumsen 2011 §5.3; margins per country = resident workers ± the
//   net cross-border commuting). LS_ij is the mode-choice logsum (Ben-Akiva & Lerman 1985,
//   ch. 10). Calibration: b and e_k are block constraints of the commute Furness (kernels.hpp), so
//   the border targets (trips between named zone sets) meet their targets to the Furness
//   tolerance in every loop.
// - Mode choice: multinomial logit over car, PT, bike and walk, V_m = asc_m − θ · generalized
//   minutes_m (generalized_cost.hpp). Walk trips load no network.
// - Border resistance per purpose (BorderParameters, purpose_border_penalty): the commute penalty
//   is the calibrated one; the others are given or derived from it.
// - Time of day (periods.hpp): each period its own departure shares, road equilibrium and PT
//   headways; choice per purpose on the skims its legs' periods weigh; the day is the sum.
// - Feedback: the OD matrices are averaged, D_k = D_{k−1} + λ_k (D̂_k − D_{k−1}) (fixed λ by
//   default: a damped fixed-point iteration; MSA and SRA available), until the relative L1 change
//   ‖D̂_k − D_{k−1}‖₁ / ‖D_{k−1}‖₁ < FeedbackParameters::tolerance and the road assignment of
//   that loop met final_road_gap in every period. Road: per period its assigned hour, cars +
//   trucks (pce) in one multi-class equilibrium by Algorithm B, its gap tightened with the demand
//   change. PT: frequency-based, uncongested, so its skims do not depend on demand: computed once
//   per headway set; the final PT trips of each period are assigned on its network.
// - Freight: through trucks on the through routes between external zones + local trucks
//   (gravity on jobs); the through volume may be calibrated to a truck share on named links.
// - Through demand between external zones (cars, trucks, rail; through_demand.hpp): fixed
//   matrices added to the road and PT assignments.
// - Intrazonal skims come from the zone's size (intrazonal.hpp), never from the network.
//
// Deterministic: all reductions run in a fixed order; the road solver is deterministic for any
// thread count (assignment/solve.hpp).
//
//   auto region = corridor::model::load_region_model("scenarios/brainport-kempen");
//   auto params = corridor::demand::load_demand_parameters(region.folder / "demand.toml");
//   corridor::demand::ModelRun run = corridor::demand::run_model(region, params);
//   run.summary.mode_share[index(Mode::pt)];
//   run.purposes[index(Purpose::commute)].weekday[index(Mode::car)](i, j);   // person trips
//
// Scenarios: run the base with calibration on, then run scenarios with
// fixed_calibration(params, base_run) (the border penalty, the targets' bonuses and the truck
// volume copied, calibration off), so a scenario changes behaviour only through its edits.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "assignment/solve.hpp"
#include "assignment/types.hpp"
#include "core/od_matrix.hpp"
#include "demand/parameters.hpp"
#include "demand/through_demand.hpp"

namespace corridor::model {
struct RegionModel;
}

namespace corridor::demand {

// Level-of-service matrices (zone × zone). Unavailable pairs hold +infinity.
struct Skims {
  OdMatrix car_minutes;   // loaded peak-hour road time, centroid to centroid
  OdMatrix car_km;        // length of that path
  OdMatrix bike_minutes;  // shortest road distance × detour / bike speed
  OdMatrix bike_km;
  OdMatrix walk_minutes;  // bike-route distance × walk_detour / walk speed (intrazonal: zone size)
  OdMatrix walk_km;
  OdMatrix pt_in_vehicle_minutes;
  OdMatrix pt_wait_minutes;
  OdMatrix pt_walk_minutes;         // access + egress + transfer walking
  OdMatrix pt_boardings;            // expected number of boardings (transfers + 1)
  OdMatrix pt_generalized_minutes;  // as the PT assignment weighs it
};

// Zone attributes the demand model reads (a view of RegionModel::zones, or synthetic in tests).
struct ZoneInput {
  std::string name;
  std::string municipality;
  std::string country;  // a country code (cross-country pairs carry the border penalty)
  double population = 0.0;
  double jobs = 0.0;
  bool external = false;
};

struct PurposeResult {
  std::array<OdMatrix, kModeCount> weekday;  // outbound person trips per average weekday
  std::array<OdMatrix, kModeCount> am_peak;  // outbound legs departing in the first period (am)
  OdMatrix logsum;  // mode-choice logsum (utils) of one leg on `skims`, for benefits
  // The level of service this purpose's choice saw: the periods' skims weighted by its outbound
  // (i→j) and return (j→i) departure shares, ½ each leg (periods.hpp tour_skims).
  Skims skims;
};

// One time-of-day period of a run (DemandParameters::periods, same order).
struct PeriodRun {
  std::string name;
  double hours = 0.0;
  double peak_hour_factor = 1.0;      // assigned hour / period vehicles
  OdMatrix car_hour;                  // car vehicles in the assigned hour (residents + through)
  OdMatrix truck_hour;                // trucks in the assigned hour
  assignment::AssignmentResult road;  // the period's own equilibrium, classes {car, truck}
  Skims skims;                        // at its road times, with its PT headways
};

struct LoopRecord {
  int loop = 0;
  double demand_change = 0.0;  // relative L1 change of the car matrix before averaging
  double road_gap = 0.0;       // relative gap of this loop's road assignment
  int road_iterations = 0;
  double border_penalty_utils = 0.0;  // commute
  double seconds = 0.0;               // since the start of the run
  double road_gap_target = 0.0;       // the gap this loop's road assignment was asked for
  std::vector<double> bonus_utils;    // per border target (0 for penalty targets)
};

struct CalibrationRow {
  std::string name;
  double target = 0.0;
  double model = 0.0;
  bool calibrated = false;  // false: shown as a check only
};

struct Summary {
  std::array<double, kModeCount> mode_share{};  // of all weekday person trips
  // Per border target (id, modelled home→work trips per weekday from its `from` to its `to` set).
  std::vector<std::pair<std::string, double>> commute_flows;
  std::array<std::array<double, kModeCount>, kPurposeCount> trips{};
  std::array<std::array<double, kModeCount>, kPurposeCount> avg_km{};
  std::array<std::array<double, kModeCount>, kPurposeCount> avg_minutes{};
  double total_trips = 0.0;
  double truck_trips = 0.0;  // per weekday
  double truck_share = 0.0;  // flow-weighted on FreightParameters::truck_share's links (0 if none)
  // Rail journeys by how they reach their first train, shares summing to 1 (0 without rail):
  // walk, bike, car (P+R), PT feeder (transit::RailAccess order), from PtLoads.
  std::array<double, 4> rail_access_share{};
};

// Weekday boardings and alightings of one line at one stop (same daily expansion as the line's
// boardings: peak hour × peak hours + off-peak hour × the rest of the line's service hours).
struct StopLineLoad {
  std::uint32_t stop = 0;  // index into TransitData::stops
  std::uint32_t line = 0;  // index into TransitData::lines
  double boardings = 0.0;
  double alightings = 0.0;
};

// Weekday passengers of one segment (a line between two consecutive stops, one direction), the
// same daily expansion as the line's boardings (per period: per hour × the line's hours in it).
struct SegmentLoad {
  std::uint32_t line = 0;       // index into TransitData::lines
  std::uint32_t from_stop = 0;  // index into TransitData::stops
  std::uint32_t to_stop = 0;
  double passengers = 0.0;
  double cross_border_passengers = 0.0;  // trips between zones of different countries
};

// Everything a PT assignment returns that the demand model keeps.
struct PtLoads {
  std::vector<std::string> line_names;
  std::vector<double> line_boardings_weekday;       // by TransitData line index
  std::vector<double> line_boardings_peak_hour;     // average peak hour (empty if not assigned)
  std::vector<double> line_boardings_offpeak_hour;  // average off-peak hour
  // Rail journeys per weekday by access to their first train: walk, bike, car (P+R), PT feeder
  // (transit::RailAccess order); peak hour × peak hours + off-peak hour × off-peak hours.
  std::array<double, 4> rail_access_weekday{};
  // Per stop (TransitData order): boardings and alightings per weekday, all lines, expanded as
  // rail_access_weekday (empty when the network model does not report stops).
  std::vector<std::string> stop_ids;
  std::vector<double> stop_boardings_weekday;
  std::vector<double> stop_alightings_weekday;
  std::vector<double> stop_rail_boardings_weekday;  // rail lines only (station counts)
  std::vector<double> stop_rail_alightings_weekday;
  // Weekday loads per (stop, line) with any boarding or alighting, sorted by stop then line
  // (empty when the network model does not assign periods).
  std::vector<StopLineLoad> stop_line_weekday;
  // Weekday boardings per period and line ([period][TransitData line]; sum = the weekday).
  std::vector<std::vector<double>> line_boardings_period;
  // The part of line_boardings_weekday made by trips between zones of different countries
  // (ZoneInput::country), loaded over the same strategies in the same assignments
  // (transit::TransitAssignOptions::part), same expansion; empty when not assigned by period.
  std::vector<double> line_cross_border_boardings_weekday;
  // Per segment of the periods' networks, in order of first appearance (period order, network
  // segment order); empty when not assigned by period.
  std::vector<SegmentLoad> segment_weekday;
};

struct ModelRun {
  std::vector<ZoneInput> zones;
  std::array<PurposeResult, kPurposeCount> purposes;
  OdMatrix truck_weekday;  // vehicles per weekday
  // Time of day: one road equilibrium and one set of skims per period; the day is their sum
  // (periods.hpp daily_link_flow). The four members below are the first period's (the AM peak
  // in the region), kept for the readers of one assigned hour.
  std::vector<PeriodRun> periods;
  OdMatrix car_peak_hour;             // vehicles in the first period's assigned hour
  OdMatrix truck_peak_hour;           // vehicles in the first period's assigned hour
  assignment::AssignmentResult road;  // the first period's equilibrium, classes {car, truck}
  PtLoads pt;
  Skims skims;  // the first period's final skims (consistent with `road`)
  // Average excess cost of the final road assignments, min per vehicle, weighted by each
  // period's weekday vehicles (the road part of the scenario noise floor).
  double average_excess_cost_min = 0.0;
  std::vector<LoopRecord> history;
  bool converged = false;
  double border_penalty_utils = 0.0;  // commute: cross-country pairs, both directions
  // Per purpose (commute = border_penalty_utils; the others given or by border.purpose_rule).
  std::array<double, kPurposeCount> border_penalty_by_purpose{};
  std::vector<double> bonus_utils;   // per border target: its bonus (0 for penalty targets)
  double feedback_tolerance = 0.0;   // the demand-change tolerance asked for
  double final_demand_change = 0.0;  // of the last loop
  double final_road_gap = 0.0;       // largest relative gap of the final road assignments
  double through_truck_scale = 1.0;  // multiplier on the through routes' trucks_per_day used
  // External↔external through demand (fixed, through_demand.hpp), per weekday. Its cars are in
  // each period's car_hour (× through_car_share × peak_hour_factor), its trucks in
  // truck_weekday, its rail trips in the PT assignment; none of it is in `purposes` (not
  // appraised as residents' benefit).
  ThroughDemand through;
  std::vector<CalibrationRow> calibration;
  Summary summary;
  double seconds = 0.0;
  // The final road bushes of each period (Algorithm B), kept only with RunOptions::keep_bushes:
  // the warm start of later runs on the same road network (RunOptions::start).
  std::vector<assignment::WarmStart> road_bushes;
};

// The network side of the feedback loop, so the loop can run on toy networks in tests.
class NetworkModel {
 public:
  virtual ~NetworkModel() = default;
  // Free-flow (or otherwise initial) skims of period `period` (DemandParameters::periods).
  virtual Skims initial_skims(std::size_t period) = 0;
  // Assigns one period's vehicle matrices (its assigned hour), returns skims at the resulting road
  // times (with the period's PT) and fills `road` with the assignment result.
  virtual Skims assign_road(std::size_t period, const OdMatrix& car_vehicles,
                            const OdMatrix& truck_vehicles, assignment::AssignmentResult& road) = 0;
  // Assigns weekday PT person trips (final loads only).
  virtual PtLoads assign_pt(const OdMatrix& pt_trips) = 0;
  // Weekday PT loads from each period's person trips (both legs, whole period), each on the
  // period's network. Default: all periods' trips on one network (networks without periods).
  virtual PtLoads assign_pt_periods(const std::vector<OdMatrix>& period_trips) {
    OdMatrix all = period_trips.front();
    for (std::size_t p = 1; p < period_trips.size(); ++p) all += period_trips[p];
    return assign_pt(all);
  }
  // Sets the relative gap of the next road assignments (the loop tightens it progressively).
  virtual void set_road_gap(double /*relative_gap*/) {}
  // Car and truck vehicles (class flows, assigned hour) summed over the links of the truck-share
  // statistic (FreightParameters::truck_share); {0, 0} when there are none.
  virtual std::pair<double, double> truck_share_flows(
      const assignment::AssignmentResult& road) const = 0;
  // Warm start (RunOptions::start): the next road assignment of `period` starts from these bushes
  // (called after initial_skims). Default: ignored (the assignment starts cold).
  virtual void start_road_from(std::size_t /*period*/, const assignment::WarmStart& /*bushes*/) {}
  // The bushes the last road assignment of `period` left (empty when the network keeps none).
  virtual assignment::WarmStart road_state(std::size_t /*period*/) const { return {}; }
};

// Called once per feedback loop (e.g. for a progress line); may be empty.
using LoopCallback = std::function<void(const LoopRecord&)>;

// How a run starts and what it leaves out. Defaults: a cold start and every output.
//
// Warm start (`start`, e.g. a draw of the uncertainty analysis started from the nominal run of
// the same scenario, scenario/draws.hpp): `start` is a finished run on the same road network and
// zones (any demand, growth or parameters). The feedback starts from its averaged demand and its
// periods' loaded car times instead of free-flow times and all-or-nothing demand, and each
// period's road equilibrium from its final bushes (when it kept them, keep_bushes). Loop 1
// averages the fresh demand into the started demand (instead of replacing it); PT, bike and walk
// skims and the free-flow freight gravity are this run's own. The stopping rule is unchanged (a
// loop after the first whose demand change is below the tolerance and whose road assignments met
// final_road_gap), so a warm run converges to the same fixed point as a cold run, within the
// feedback tolerance and the road gap: its results differ from a cold run's by solver noise only
// (tests/demand/warm_start_test.cpp), usually after fewer loops.
//
// `start_car_minutes` (one matrix per period, zone × zone) replaces the started run's car times
// when given: e.g. a draw's scenario starts from the nominal scenario's bushes and from the
// draw base's times plus the scenario's nominal effect on them.
struct RunOptions {
  const ModelRun* start = nullptr;  // not owned; read during run_model only
  std::vector<OdMatrix> start_car_minutes;
  bool keep_bushes = false;  // fill ModelRun::road_bushes (to start other runs from)
  bool pt_loads = true;  // false: the final PT assignment is skipped and ModelRun::pt left empty
  LoopCallback on_loop;  // may be empty
};

// Runs the whole model on the region (road + PT + feedback): the border targets' zone sets are
// resolved against the region's (resolve_zone_sets). Throws corridor::Error when a step cannot
// proceed (e.g. Furness without convergence).
ModelRun run_model(const model::RegionModel& region, const DemandParameters& params,
                   const LoopCallback& on_loop = {});
ModelRun run_model(const model::RegionModel& region, const DemandParameters& params,
                   const RunOptions& options);

// The parameters a scenario run should use after this base run: calibrated values (both border
// penalty, the bonuses, the through-truck volume) copied in, calibration switched off.
DemandParameters fixed_calibration(const DemandParameters& params, const ModelRun& base);

// Fills every border target's from_zones / to_zones from the region's zone sets (InputError
// naming the parameters file, the target's line and field for an unknown set).
void resolve_zone_sets(DemandParameters& params, const model::RegionModel& region);

// The same on any zones and network model (tests, synthetic regions); border targets must carry
// their zones.
ModelRun run_model(std::vector<ZoneInput> zones, NetworkModel& network,
                   const DemandParameters& params, const LoopCallback& on_loop = {});
ModelRun run_model(std::vector<ZoneInput> zones, NetworkModel& network,
                   const DemandParameters& params, const RunOptions& options);

}  // namespace corridor::demand
