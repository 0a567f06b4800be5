#pragma once
// Calibration of a region model's free parameters to its observed figures (`corridor calibrate`).
//
// Inputs
// - the region model and its demand.toml (demand/parameters.hpp);
// - the observed figures (observed.hpp); only targets of set `calibration` are fitted, the
//   `validation` ones are evaluated before and after and never enter the fit;
// - calibration.toml, the parameters to fit (docs/calibration.md has the format):
//
//     [[parameter]]
//     key = "commute.asc[1]"       # a demand.toml key: section.name, [index] for arrays
//     lower = -3.0
//     upper = 3.0
//     start = 0.4                  # optional: default the value in demand.toml
//     step = 0.001                 # optional finite-difference step (default 1e-3·max(1, |start|))
//     [set]                        # optional: values put into demand.toml before fitting
//     "border.calibrate" = false   # e.g. a built-in fit switched off when its parameter is free
//     [fit]
//     max_iterations = 20          # optional
//     cost_tolerance = 1e-4
//
// A parameter is set generically: the demand.toml table is edited at the key and parsed again by
// demand::parse_demand_parameters, which validates it; no code knows parameter names.
//
// Method: Levenberg–Marquardt (levenberg_marquardt.hpp) on r_k = weighted residual of target k
// (evaluate.hpp: (modelled − observed) / tolerance; bounds one-sided), every evaluation a full
// model run (demand::run_model); the k perturbed runs of a Jacobian run in parallel
// (core/parallel.hpp), each deterministic, so results do not depend on the thread count. Under MPI
// the CLI passes ResidualRuns that hand the runs of each Jacobian to the ranks (one task per run,
// each rank holding a ResidualModel; docs/distributed.md): the same numbers, so the same fit.
// Targets the model cannot produce ("not modelled") give residual 0 and are listed as such.
//
//   auto spec = corridor::calibration::read_calibration_spec(folder / "calibration.toml");
//   auto result = corridor::calibration::calibrate(region, observed, demand_text, "demand.toml",
//                                                  spec, on_iteration);
//   corridor::calibration::write_calibration_outputs(out_dir, observed, spec, result);
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "calibration/evaluate.hpp"
#include "calibration/fit_statistics.hpp"
#include "calibration/levenberg_marquardt.hpp"
#include "calibration/observed.hpp"
#include "demand/parameters.hpp"

namespace corridor::calibration {

struct ParameterSpec {
  std::string key;  // "section.name" or "section.name[i]"
  double lower = 0.0;
  double upper = 0.0;
  bool has_start = false;
  double start = 0.0;
  double step = 0.0;  // 0 = default
  std::size_t line = 0;
};

struct CalibrationSpec {
  std::string file;
  std::vector<ParameterSpec> parameters;
  toml::table set;  // dotted keys -> values applied before fitting
  LmOptions fit;
};

// Reads calibration.toml; InputError with file, line and key on any defect.
CalibrationSpec read_calibration_spec(const std::filesystem::path& path);
CalibrationSpec parse_calibration_spec(std::string_view text, const std::string& file_name);

// A demand.toml held as a TOML table, edited at dotted keys and turned back into parameters.
class ParameterFile {
 public:
  ParameterFile(std::string_view text, std::string file_name);
  // Value at `key` (nullopt when the file does not hold it).
  [[nodiscard]] std::optional<double> get(std::string_view key) const;
  // Sets a number at `key`; creates a missing scalar key in an existing or new section. Throws
  // InputError (file `where_file`, line `where_line`, field `key`) when the key cannot hold a
  // number (an array index out of range, a table in the way).
  void set(std::string_view key, double value, const std::string& where_file,
           std::size_t where_line);
  // Copies any TOML value (from calibration.toml's [set]).
  void set_node(std::string_view key, const toml::node& value, const std::string& where_file,
                std::size_t where_line);
  [[nodiscard]] std::string text() const;                     // TOML text of the current table
  [[nodiscard]] demand::DemandParameters parameters() const;  // parse + validate

 private:
  toml::table root_;
  std::string file_;
};

struct CalibrationResult {
  std::vector<std::string> keys;
  std::vector<double> start, estimate, lower, upper;
  LmResult fit;
  std::vector<TargetResult> before, after;  // every target (both sets)
  std::vector<std::size_t> fitted;          // target indices in the fit (calibration, modelled)
  std::string calibrated_toml;              // demand.toml with the estimates
  std::size_t model_runs = 0;
  double seconds = 0.0;
};

// One model run of the fit at a parameter vector x (the spec's parameters, in order): demand.toml
// with calibration.toml's [set] values and x at the declared keys, the model run, every observed
// target evaluated. What each rank of a distributed calibration holds (it is built from the same
// files on every rank and holds no state between runs, so a run gives the same numbers wherever it
// runs).
class ResidualModel {
 public:
  // Throws InputError (calibration.toml's file, line, key) for a key demand.toml cannot hold or a
  // start value it rejects.
  ResidualModel(const model::RegionModel& region, const ObservedData& observed,
                std::string_view demand_text, const std::string& demand_file,
                const CalibrationSpec& spec);
  // Every target at x; throws corridor::Error when the model cannot run there.
  [[nodiscard]] std::vector<TargetResult> evaluate(const std::vector<double>& x) const;
  // Every target's weighted residual at x (observed.targets order); empty when the model cannot
  // run there (an Error other than InputError, which propagates).
  [[nodiscard]] std::vector<double> residuals(const std::vector<double>& x) const;

  [[nodiscard]] const std::vector<std::string>& keys() const { return keys_; }
  [[nodiscard]] const std::vector<double>& start() const { return start_; }  // clamped to bounds
  [[nodiscard]] const std::vector<double>& step() const { return step_; }
  // demand.toml with the [set] values and x at the keys.
  [[nodiscard]] ParameterFile file_at(const std::vector<double>& x) const;

 private:
  const model::RegionModel& region_;
  const ObservedData& observed_;
  const CalibrationSpec& spec_;
  ParameterFile base_;
  std::vector<std::string> keys_;
  std::vector<double> start_, step_;
};

// The model runs of one round of the fit (a Jacobian's perturbed points, a trial step): for each
// x, ResidualModel::residuals(x). Results must not depend on where or in which order they run.
using ResidualRuns =
    std::function<std::vector<std::vector<double>>(const std::vector<std::vector<double>>& xs)>;

// Fits the spec's parameters. `demand_text` is the base demand.toml. Throws InputError for a bad
// key or value, Error when the model cannot run at the start values. `runs` empty: each round's
// runs in parallel here; else through `runs` (the CLI's MPI ranks).
CalibrationResult calibrate(const model::RegionModel& region, const ObservedData& observed,
                            std::string_view demand_text, const std::string& demand_file,
                            const CalibrationSpec& spec,
                            const std::function<void(const LmIteration&)>& on_iteration = {},
                            const ResidualRuns& runs = {});

// Fit statistics (fit_statistics.hpp) of the modelled counts of one set and kind (stations or link
// counts with one period; targets with a bound or not modelled left out), before and after.
struct CountFit {
  TargetSet set = TargetSet::calibration;
  TargetKind kind = TargetKind::station;
  double period_hours = 24.0;
  FitStatistics before, after;
};
std::vector<CountFit> count_fit_statistics(const ObservedData& observed,
                                           const CalibrationResult& result);

// The 45° scatter plot (report/scatter_plot.hpp, log axes, GEH = 5 band on hourly means) of the
// weekday counts (stations, daily link counts, boardings, trips; no bounds): every count before,
// and after split into calibration and validation.
std::string calibration_scatter_svg(const ObservedData& observed, const CalibrationResult& result);

// Writes DIR/demand.toml (calibrated), DIR/calibration.csv, DIR/parameters.csv,
// DIR/fit_statistics.csv (count_fit_statistics) and DIR/calibration.svg, each atomically.
void write_calibration_outputs(const std::filesystem::path& dir, const ObservedData& observed,
                               const CalibrationResult& result);

}  // namespace corridor::calibration
