#pragma once
// Comparison of a scenario run with its base run: the numbers a planner ranks quick wins by.
//
// Generalized cost per OD, purpose and mode (minutes), from the final skims of each run and the
// demand parameters (demand/parameters.hpp, "generalized minutes"):
//   car  = car_minutes + car_terminal_min + car_km · car_cost_eur_km · 60 / VoT_p
//   pt   = pt_generalized_minutes + (pt_fare_base_eur + pt_fare_eur_km · car_km) · 60 / VoT_p
//   bike = bike_minutes · bike_time_weight + bike_long_penalty_min · max(0, bike_km − bike_long_km)
//          (unavailable beyond bike_max_km)
// Trips are outbound weekday person trips (production → attraction); the return leg mirrors them
// and costs c(j, i), so a pair's saving counts c0 − c1 of both legs.
//
// Reported per scenario (result.json and CSVs written by write_scenario_outputs):
// - person-hours saved per weekday by the rule of a half, by purpose, mode, zone of residence,
//   country (NL/BE/DE) and corridor; the same by the logsum change; trips that switch to a mode
//   unavailable before are covered by the logsum measure only (counted as `new_mode_trips`);
// - money: hours × value of time (purpose, country of residence) + truck hours × truck VoT;
//   per year × annualisation; cost PV, equivalent annual cost, benefit/cost ratio;
// - road: peak-hour and weekday vehicle-hours and vehicle-km (weekday = peak hour × F, F = weekday
//   vehicles / peak-hour vehicles of the run's own matrices), relative gap, traffic on new links;
// - PT: weekday boardings of every line (new and changed lines flagged), passengers per segment;
//   the cross-border part of both (trips between zones of different countries: their own
//   assignment, exact because the PT assignment is linear in demand; for lines it is the share
//   on the peak network applied to the daily boardings);
// - convergence (result.json "convergence"): demand loop history of base and scenario, the gap
//   per iteration of the scenario's final road assignment;
// - accessibility: jobs reachable within 30/45/60 min by car (loaded peak skim) and by PT
//   (in-vehicle + wait + walk minutes) per zone, before/after, and the population-weighted mean
//   change per country of the internal zones (cumulative opportunities, as Conveyal R5 reports
//   it); the own zone's jobs always count;
// - the noise floor (appraisal.hpp), per mode: car = road term + demand term on car time; PT and
//   bike = the demand term on their own benefit only (their skims do not depend on demand). A
//   mode's rule-of-a-half change counts as a saving only when |change| >= its floor and >= 1
//   person-hour per weekday ("resolved");
//   person_hours_saved_per_day, the money and the breakdowns sum the resolved modes only, and a
//   scenario with nothing resolved is flagged below_noise_floor. all_modes_hours_per_day and
//   hours_by_mode keep the unfiltered figures.
#include <nlohmann/json.hpp>
#include <string>

#include "demand/model_run.hpp"
#include "model/region_model.hpp"
#include "scenario/apply.hpp"
#include "scenario/appraisal.hpp"

namespace corridor::scenario {

struct ScenarioOutputs {
  nlohmann::json result;  // everything the ranking and the summary read back
  // line,mode,daily_boardings,base_daily_boardings,status,cross_border_boardings
  std::string lines_csv;
  std::string segments_csv;  // line,from_stop,to_stop,daily_passengers,cross_border_passengers
  std::string links_csv;     // from_node,to_node,daily_flow,delta_daily_flow,base_daily_flow
  std::string zones_csv;     // per zone: hours saved, accessibility before/after
  std::string od_csv;        // per OD and mode: Δ generalized minutes, Δ trips, hours saved
};

struct RunView {
  const model::RegionModel& model;
  const demand::ModelRun& run;
};

ScenarioOutputs compare_runs(const RunView& base, const RunView& scen,
                             const demand::DemandParameters& params, const Scenario& scenario,
                             const AppliedChanges& changes);

// Generalized minutes of one OD pair for a purpose and mode (formula above); +inf if unavailable.
double generalized_minutes(const demand::Skims& skims, const demand::DemandParameters& params,
                           std::size_t purpose, std::size_t mode, Eigen::Index i, Eigen::Index j);

// Writes DIR/scenarios/<name>/{result.json,lines.csv,segments.csv,links.csv,zones.csv,od.csv},
// each to a temporary file renamed over the target, then done.json = {"input_hash", "files": {name:
// content hash}} last (the marker a rerun trusts). No fsync: a killed process leaves each file old
// or whole (rename), and after an OS crash a lost or torn file no longer matches its hash.
void write_scenario_outputs(const std::filesystem::path& dir, const ScenarioOutputs& outputs,
                            const std::string& input_hash);

// Reads back a finished scenario: the result when done.json exists, names `input_hash`, every
// file's content hash matches and result.json parses; std::nullopt otherwise (recompute).
// Temporary file + rename, no fsync (used for all batch outputs; see write_scenario_outputs).
void write_renamed(const std::filesystem::path& target, std::string_view content);

std::optional<nlohmann::json> read_finished_scenario(const std::filesystem::path& dir,
                                                     const std::string& input_hash);

}  // namespace corridor::scenario
