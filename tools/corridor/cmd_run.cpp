// `corridor run SCENARIO.toml --out DIR [--threads N] [--quiet]`: runs the base and one scenario
// (full model: demand, PT, road, feedback) and writes the comparison like a one-scenario batch:
// DIR/ranking.csv, DIR/summary.json and DIR/scenarios/<name>/*. Prints the summary at the end.
#include <memory>

#include "batch_command.hpp"
#include "commands.hpp"

namespace corridor::cli {

void add_run_command(CLI::App& app, const distributed::Session& session) {
  auto cfg = std::make_shared<BatchCommandConfig>();
  auto* cmd = app.add_subcommand("run", "Run the base and one scenario and write the comparison");
  cmd->add_option("scenario", cfg->file, "scenario file (TOML)")->required();
  cmd->add_option("--out", cfg->out, "output folder")->required();
  cmd->add_option("--threads", cfg->threads, "worker threads (0 = all cores)");
  cmd->add_flag("--quiet", cfg->quiet, "no progress bar and no summary table");
  cmd->callback([cfg, &session] {
    run_batch_command(session, *cfg, [](const std::string& file) {
      return scenario::single_scenario_batch(scenario::read_scenario(file));
    });
  });
}

}  // namespace corridor::cli
