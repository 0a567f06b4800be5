// `corridor run SCENARIO.toml --out DIR [--threads N] [--quiet]`: runs the base and one scenario
// (full model: demand, PT, road, feedback) and writes the comparison like a one-scenario batch:
// DIR/ranking.csv, DIR/summary.json and DIR/scenarios/<name>/*. Prints the summary at the end.
#include <tbb/global_control.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "scenario/batch.hpp"
#include "scenario/report_writer.hpp"

namespace corridor::cli {

namespace {

struct RunConfig {
  std::string file;
  std::string out;
  int threads = 0;  // 0 = all cores
  bool quiet = false;
};

void run(const RunConfig& cfg) {
  if (cfg.threads < 0) throw InputError({"", 0, "--threads"}, "expected 0 (all) or more");
  std::optional<tbb::global_control> threads;
  if (cfg.threads > 0) {
    threads.emplace(tbb::global_control::max_allowed_parallelism,
                    static_cast<std::size_t>(cfg.threads));
  }
  const auto start = std::chrono::steady_clock::now();
  const auto batch = scenario::single_scenario_batch(scenario::read_scenario(cfg.file));
  scenario::RegionEngine engine;
  scenario::BatchOptions options;
  options.out = cfg.out;
  options.progress = !cfg.quiet;
  const auto summary = scenario::run_batch(batch, engine, options);
  scenario::write_batch_report(batch, summary, cfg.out);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!cfg.quiet) std::fputs(summary.text.c_str(), stdout);
  std::printf("%zu scenario(s) (%zu computed, %zu reused) in %.2f s; outputs in %s\n",
              summary.results.size(), summary.computed, summary.reused, seconds, cfg.out.c_str());
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto cfg = std::make_shared<RunConfig>();
  auto* cmd = app.add_subcommand("run", "Run the base and one scenario and write the comparison");
  cmd->add_option("scenario", cfg->file, "scenario file (TOML)")->required();
  cmd->add_option("--out", cfg->out, "output folder")->required();
  cmd->add_option("--threads", cfg->threads, "worker threads (0 = all cores)");
  cmd->add_flag("--quiet", cfg->quiet, "no progress bar and no summary table");
  cmd->callback([cfg] { run(*cfg); });
}

}  // namespace corridor::cli
