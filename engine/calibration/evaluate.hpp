#pragma once
// Every observed figure (observed.hpp) evaluated on one demand model run: the modelled value, the
// ratio, GEH where the figure is a count, whether it lies within its tolerance, and the weighted
// residual the calibration fits. A figure the run cannot produce is "not modelled" with the
// reason, never a silent 0.
//
// Modelled values (demand/model_run.hpp):
// - station: weekday boardings / alightings / both of the lines at the stop (PtLoads::
//   stop_line_weekday), restricted to the operator's lines when the row names one. Day type `day`
//   (7-day average) is not modelled: the model gives an average weekday.
// - link_count: vehicles from the road assignments (classes car and truck, in vehicles).
//   `am_peak_hour` = the first period's assigned hour; `day` = the sum over the time-of-day
//   periods of hour flow / peak_hour_factor (demand/periods.hpp daily_link_flow, the same
//   expansion as the truck-share calibration and links.csv).
// - trips_between: outbound person trips per weekday (PA: production zone → attraction zone) of
//   the purpose (or all), all modes, from_set → to_set.
// - destination_share: that divided by the trips produced in from_set.
// - mode_share: trips of the mode / all trips produced in zone set (from_set), one purpose or all.
// - trips_per_person: 2 × outbound trips produced in from_set (both legs) / its population.
// - the zonal kinds count only the modes of the row's `modes` column when it has one (mode_share:
//   the share among those modes); a row naming a mode the model lacks is not modelled.
// - operator_boardings: weekday boardings of the operator's lines.
// - truck_share: Σ truck day flow / Σ all-vehicle day flow over the links.
// - rail_access_share: share of the weekday rail journeys by how they reach their first train
//   (PtLoads::rail_access_weekday: walk, bike, car, PT feeder); not modelled when the run has none.
//
// Residual (what calibrate.hpp minimises, squared): r = (m − c) / tolerance; for a bound only
// the violation counts (upper: max(0, m − c) / tol, lower: min(0, m − c) / tol). Within tolerance
// when |r| <= 1.
//
//   auto rows = corridor::calibration::evaluate_observed(obs, region, params, run);
//   corridor::calibration::write_validation_csv(dir / "validation.csv", obs, rows);
#include <filesystem>
#include <string>
#include <vector>

#include "calibration/observed.hpp"

namespace corridor::demand {
struct ModelRun;
struct DemandParameters;
}  // namespace corridor::demand

namespace corridor::calibration {

struct TargetResult {
  bool modelled = false;
  std::string not_modelled;  // the reason, when !modelled
  double value = 0.0;        // modelled value (unit of the target)
  double ratio = 0.0;        // modelled / observed (0 when observed is 0)
  bool has_geh = false;      // counts without a bound
  double geh = 0.0;          // on hourly means of the counted period
  bool within_tolerance = false;
  double residual = 0.0;  // weighted residual (0 when not modelled)
};

std::vector<TargetResult> evaluate_observed(const ObservedData& observed,
                                            const model::RegionModel& region,
                                            const demand::DemandParameters& params,
                                            const demand::ModelRun& run);

// One CSV row per target: label, kind, set, observed, bound, tolerance, modelled, ratio, GEH,
// within_tolerance, status (modelled | not modelled: reason), year, source, file:line. Written
// atomically. validation_csv gives the same text.
std::string validation_csv(const ObservedData& observed, const std::vector<TargetResult>& results);
void write_validation_csv(const std::filesystem::path& path, const ObservedData& observed,
                          const std::vector<TargetResult>& results);

// CSV field quoting (RFC 4180) for free text such as sources and notes.
std::string csv_field(const std::string& text);

}  // namespace corridor::calibration
