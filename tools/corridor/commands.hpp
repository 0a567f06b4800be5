#pragma once
// Subcommands of the `corridor` CLI. Each lives in its own cmd_<name>.cpp, parses its options into
// a typed config and calls the library. Errors are thrown (corridor::InputError -> exit 2,
// corridor::Error -> exit 1); main() maps them to exit codes and a one-line message.
#include <CLI/CLI.hpp>

#include "distributed/session.hpp"

namespace corridor::cli {

void add_info_command(CLI::App& app);
void add_bench_solvers_command(CLI::App& app);
void add_demand_command(CLI::App& app);
void add_assign_command(CLI::App& app);
void add_run_command(CLI::App& app, const distributed::Session& session);
void add_batch_command(CLI::App& app, const distributed::Session& session);
void add_validate_command(CLI::App& app);
void add_skim_command(CLI::App& app);
void add_import_gtfs_command(CLI::App& app);
void add_estimate_demand_command(CLI::App& app);
void add_calibrate_command(CLI::App& app, const distributed::Session& session);

}  // namespace corridor::cli
