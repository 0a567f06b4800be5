// `corridor batch BATCH.toml --out DIR [--threads N] [--quiet]`: runs a batch of scenarios (each
// alone, pairs, all together, ...) against the base on one oneTBB arena, reusing finished
// scenarios of an earlier (possibly interrupted) run, and writes DIR/ranking.csv,
// DIR/summary.json and DIR/scenarios/<name>/*. Prints the ranking at the end.
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

struct BatchConfig {
  std::string file;
  std::string out;
  int threads = 0;  // 0 = all cores
  bool quiet = false;
};

void run(const BatchConfig& cfg) {
  if (cfg.threads < 0) throw InputError({"", 0, "--threads"}, "expected 0 (all) or more");
  std::optional<tbb::global_control> threads;
  if (cfg.threads > 0) {
    threads.emplace(tbb::global_control::max_allowed_parallelism,
                    static_cast<std::size_t>(cfg.threads));
  }
  const auto start = std::chrono::steady_clock::now();
  const auto batch = scenario::read_batch(cfg.file);
  scenario::RegionEngine engine;
  scenario::BatchOptions options;
  options.out = cfg.out;
  options.progress = !cfg.quiet;
  const auto summary = scenario::run_batch(batch, engine, options);
  scenario::write_batch_report(batch, summary, cfg.out);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!cfg.quiet) std::fputs(summary.text.c_str(), stdout);
  std::printf("%zu scenarios (%zu computed, %zu reused) in %.2f s; outputs in %s\n",
              summary.results.size(), summary.computed, summary.reused, seconds, cfg.out.c_str());
}

}  // namespace

void add_batch_command(CLI::App& app) {
  auto cfg = std::make_shared<BatchConfig>();
  auto* cmd = app.add_subcommand(
      "batch", "Run a batch of scenarios against the base and rank them (resumes finished work)");
  cmd->add_option("batch", cfg->file, "batch file (TOML), e.g. quick-wins.toml")->required();
  cmd->add_option("--out", cfg->out, "output folder")->required();
  cmd->add_option("--threads", cfg->threads, "worker threads (0 = all cores)");
  cmd->add_flag("--quiet", cfg->quiet, "no progress bar and no ranking table");
  cmd->callback([cfg] { run(*cfg); });
}

}  // namespace corridor::cli
