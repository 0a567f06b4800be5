// `corridor calibrate FOLDER --out DIR [--threads N] [--params FILE] [--spec FILE]
// [--observed DIR]`: fits the
// parameters FOLDER/calibration.toml declares to the `calibration` figures of FOLDER/observed/
// (Levenberg–Marquardt on the full model, engine/calibration/calibrate.hpp) and writes
// DIR/demand.toml, DIR/calibration.csv and DIR/parameters.csv. Prints both tables.
// Under an MPI launcher the model runs of each Levenberg–Marquardt round (a Jacobian's perturbed
// points, a trial step) are tasks of the ranks' queue (engine/distributed/task_queue.hpp, one
// round each); rank 0 fits and writes, the others only compute residuals.

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <tbb/global_control.h>
#include <tbb/info.h>

#include "calibration/calibrate.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/progress.hpp"
#include "distributed/task_queue.hpp"
#include "distributed/wire.hpp"
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

// Ranks 1..N-1 of a distributed calibration: the same files give the same ResidualModel; each
// round's context is its parameter vectors, a task one model run, the answer its residuals.
void serve_residuals(const distributed::Session& session, const distributed::QueueOptions& queue,
                     const calibration::ResidualModel& model) {
  while (distributed::serve(
      session, queue, [&model](const std::vector<std::size_t>&, const std::string& context) {
        auto xs = std::make_shared<const std::vector<std::vector<double>>>(
            distributed::unpack_vectors(context));
        return distributed::Work{{}, [&model, xs](std::size_t i) {
                                   return distributed::pack_vectors({model.residuals(xs->at(i))});
                                 }};
      })) {
  }
}

// Rank 0: one queue round per call of the fit's residuals; `total` sums the rounds' bookkeeping.
calibration::ResidualRuns distributed_runs(const distributed::Session& session,
                                           const distributed::QueueOptions& queue,
                                           const calibration::ResidualModel& model,
                                           distributed::QueueReport& total, std::size_t& tasks) {
  return [&session, queue, &model, &total, &tasks](const std::vector<std::vector<double>>& xs) {
    std::vector<std::size_t> todo(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) todo[i] = i;
    std::vector<std::vector<double>> out(xs.size());
    auto q = queue;
    q.name = [](std::size_t i) { return "model run " + std::to_string(i + 1) + " of the round"; };
    q.failure_note = "nothing is written before the fit ends; rerun the same command";
    const auto report = distributed::coordinate(
        session, todo,
        {{},
         [&model, &xs](std::size_t i) {
           return distributed::pack_vectors({model.residuals(xs.at(i))});
         }},
        q,
        [&out](std::size_t i, std::string bytes) {
          auto v = distributed::unpack_vectors(bytes);
          if (v.size() != 1) throw Error("calibrate: a malformed residual message");
          out.at(i) = std::move(v[0]);
        },
        distributed::pack_vectors(xs));
    distributed::accumulate(total, report);
    tasks += todo.size();
    return out;
  };
}

}  // namespace

void add_calibrate_command(CLI::App& app, const distributed::Session& session) {
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
  cmd->callback([cfg, &session] {
    auto threads = limit_threads(cfg->threads);
    // Distributed: `--threads` compute threads per rank while its main thread talks MPI, and rank
    // 0's queue writer: TBB may use two more (as `corridor batch`).
    distributed::QueueOptions queue;
    queue.threads = cfg->threads > 0 ? cfg->threads : tbb::info::default_concurrency();
    if (session.distributed())
      threads.emplace(tbb::global_control::max_allowed_parallelism,
                      static_cast<std::size_t>(queue.threads) + 2);
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
    const auto demand_text = io::read_text_file(params);
    std::optional<calibration::ResidualModel> model;
    distributed::QueueReport rounds;
    std::size_t tasks = 0;
    calibration::ResidualRuns runs;
    if (session.distributed()) {
      model.emplace(region, observed, demand_text, params.string(), spec);
      if (session.rank() != 0) {
        serve_residuals(session, queue, *model);
        return;
      }
      runs = distributed_runs(session, queue, *model, rounds, tasks);
    }
    Progress progress("calibrate");
    const auto result = calibration::calibrate(
        region, observed, demand_text, params.string(), spec,
        [&](const calibration::LmIteration& it) {
          char buf[128];
          std::snprintf(buf, sizeof buf, "iteration %d  cost %.6g  lambda %.2g  model runs %zu",
                        it.iteration, it.cost, it.lambda, it.evaluations);
          progress.update(buf);
        },
        runs);
    if (session.distributed()) distributed::finish_rounds(session);
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
    if (session.distributed()) {
      std::printf("MPI: %d ranks x %d threads (%s), the fit's rounds together:\n%s", session.size(),
                  queue.threads, distributed::mpi_description().c_str(),
                  distributed::describe(rounds, tasks).c_str());
    }
    std::fflush(stdout);
  });
}

}  // namespace corridor::cli
