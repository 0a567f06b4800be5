// `corridor batch BATCH.toml --out DIR [--threads N] [--quiet] [--draws N [--seed S]]`: runs a
// batch of scenarios (each alone, pairs, all together, ...) against the base on one oneTBB arena,
// reusing finished scenarios of an earlier (possibly interrupted) run, and writes DIR/ranking.csv,
// DIR/summary.json and DIR/scenarios/<name>/*. Prints the ranking at the end.
#include <memory>

#include "batch_command.hpp"
#include "commands.hpp"

namespace corridor::cli {

void add_batch_command(CLI::App& app, const distributed::Session& session) {
  auto cfg = std::make_shared<BatchCommandConfig>();
  auto* cmd = app.add_subcommand(
      "batch", "Run a batch of scenarios against the base and rank them (resumes finished work)");
  cmd->add_option("batch", cfg->file, "batch file (TOML), e.g. quick-wins.toml")->required();
  cmd->add_option("--out", cfg->out, "output folder")->required();
  cmd->add_option("--threads", cfg->threads, "worker threads (0 = all cores)");
  cmd->add_flag("--quiet", cfg->quiet, "no progress bar and no ranking table");
  cmd->add_option("--draws", cfg->draws,
                  "run every scenario under N draws of the batch's [uncertainty] inputs and write "
                  "robustness.csv and sensitivity.csv");
  cmd->add_option("--seed", cfg->seed,
                  "seed of the draws (default: the batch's [uncertainty] seed)");
  cmd->callback([cfg, &session] {
    run_batch_command(session, *cfg,
                      [](const std::string& file) { return scenario::read_batch(file); });
  });
}

}  // namespace corridor::cli
