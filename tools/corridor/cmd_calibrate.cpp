// `corridor calibrate FOLDER --out DIR [--threads N] [--params FILE] [--spec FILE]
// [--observed DIR]`: fits the
// parameters FOLDER/calibration.toml declares to the `calibration` figures of FOLDER/observed/
// (Levenberg–Marquardt on the full model, engine/calibration/calibrate.hpp) and writes
// DIR/demand.toml, DIR/calibration.csv and DIR/parameters.csv. Prints both tables.

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "calibration/calibrate.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/progress.hpp"
#include "io/text.hpp"
#include "model/region_model.hpp"
#include "thread_limit.hpp"

namespace corridor::cli {

namespace {

struct CalibrateConfig {
  std::string folder;
  std::string out;
  std::string params;
  std::string spec;
  std::string observed;
  int threads = 0;
};

void print_table(const calibration::ObservedData& obs, const calibration::CalibrationResult& r,
                 calibration::TargetSet set) {
  std::printf("\n%s targets%s\n", calibration::target_set_name(set),
              set == calibration::TargetSet::validation ? " (not used in the fit)" : "");
  std::printf("%-58s %11s %11s %11s %6s %5s %s\n", "target", "observed", "before", "after", "ratio",
              "GEH", "within");
  for (std::size_t k = 0; k < obs.targets.size(); ++k) {
    const auto& t = obs.targets[k];
    if (t.set != set) continue;
    const auto& b = r.before[k];
    const auto& a = r.after[k];
    const char* bound = t.bound == calibration::Bound::upper   ? "<"
                        : t.bound == calibration::Bound::lower ? ">"
                                                               : " ";
    if (!a.modelled) {
      std::printf("%-58.58s %s%10.4g %s\n", t.label.c_str(), bound, t.value,
                  ("not modelled: " + a.not_modelled).c_str());
      continue;
    }
    char geh[16] = "";
    if (a.has_geh) std::snprintf(geh, sizeof geh, "%5.1f", a.geh);
    std::printf("%-58.58s %s%10.4g %11.4g %11.4g %6.2f %5s %s\n", t.label.c_str(), bound, t.value,
                b.value, a.value, a.ratio, geh, a.within_tolerance ? "yes" : "no");
  }
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
  auto cfg = std::make_shared<CalibrateConfig>();
  auto* cmd = app.add_subcommand(
      "calibrate", "Fit the parameters of calibration.toml to the observed figures (observed/)");
  cmd->add_option("folder", cfg->folder, "Region model folder (with observed/, calibration.toml)")
      ->required();
  cmd->add_option("--out", cfg->out, "Output folder (demand.toml, calibration.csv, parameters.csv)")
      ->required();
  cmd->add_option("--params", cfg->params, "Base demand parameters (default FOLDER/demand.toml)");
  cmd->add_option("--observed", cfg->observed, "Observed figures folder (default FOLDER/observed)");
  cmd->add_option("--spec", cfg->spec, "Calibration file (default FOLDER/calibration.toml)");
  cmd->add_option("--threads", cfg->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->callback([cfg] {
    const auto threads = limit_threads(cfg->threads);
    const auto region = model::load_region_model(cfg->folder);
    const auto observed = calibration::read_observed(
        region,
        cfg->observed.empty() ? region.folder / "observed" : std::filesystem::path(cfg->observed),
        calibration::region_zone_sets(region));
    const auto spec = calibration::read_calibration_spec(
        cfg->spec.empty() ? region.folder / "calibration.toml" : std::filesystem::path(cfg->spec));
    const std::filesystem::path params =
        cfg->params.empty() ? region.folder / "demand.toml" : std::filesystem::path(cfg->params);
    if (!corridor::is_regular_file(params)) {
      throw_input_error(params.string(), 0, "", "a demand parameters file (TOML)");
    }
    Progress progress("calibrate");
    const auto result = calibration::calibrate(
        region, observed, io::read_text_file(params), params.string(), spec,
        [&](const calibration::LmIteration& it) {
          char buf[128];
          std::snprintf(buf, sizeof buf, "iteration %d  cost %.6g  lambda %.2g  model runs %zu",
                        it.iteration, it.cost, it.lambda, it.evaluations);
          progress.update(buf);
        });
    progress.finish();
    calibration::write_calibration_outputs(cfg->out, observed, result);
    print_table(observed, result, calibration::TargetSet::calibration);
    print_table(observed, result, calibration::TargetSet::validation);
    std::printf(
        "\ncounts              set          n  GEH<5 before/after  %%RMSE before/after  "
        "R2 before/after\n");
    for (const auto& c : calibration::count_fit_statistics(observed, result)) {
      std::printf("%-10s %4.0f h  %-11s %3zu  %5.0f%% %5.0f%%       %6.1f %6.1f      %6.2f %6.2f\n",
                  calibration::target_kind_name(c.kind), c.period_hours,
                  calibration::target_set_name(c.set), c.after.count,
                  100 * c.before.geh_below_5_share, 100 * c.after.geh_below_5_share,
                  c.before.percent_rmse, c.after.percent_rmse, c.before.r_squared,
                  c.after.r_squared);
    }
    std::printf("\n%-28s %10s %10s %10s %s\n", "parameter", "start", "estimate", "std.error", "");
    for (std::size_t j = 0; j < result.keys.size(); ++j) {
      std::printf("%-28s %10.4g %10.4g %10.3g %s\n", result.keys[j].c_str(), result.start[j],
                  result.estimate[j], result.fit.std_error[j],
                  result.fit.at_bound[j] ? "(at bound)" : "");
    }
    std::printf(
        "\ncost %.6g -> %.6g (%zu targets fitted) after %d iterations, %s; %zu model runs, "
        "%.2f s\n",
        result.fit.start_cost, result.fit.cost, result.fitted.size(), result.fit.iterations,
        result.fit.converged ? "converged" : "NOT converged (iteration limit)", result.model_runs,
        result.seconds);
    std::fflush(stdout);
  });
}

}  // namespace corridor::cli
