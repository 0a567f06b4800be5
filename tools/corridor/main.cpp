// corridor: the command-line entry point. Parses the subcommand, runs it, and maps the project's
// exceptions to exit codes: 0 success, 1 run-time failure, 2 bad input or bad arguments.
#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "Corridor: transport scenario engine (road equilibrium, public transport, demand, "
      "quick-win batches)"};
  app.require_subcommand(1);
  corridor::cli::add_info_command(app);
  corridor::cli::add_bench_solvers_command(app);
  corridor::cli::add_demand_command(app);
  corridor::cli::add_assign_command(app);
  corridor::cli::add_import_gtfs_command(app);
  corridor::cli::add_run_command(app);
  corridor::cli::add_batch_command(app);
  corridor::cli::add_validate_command(app);
  corridor::cli::add_skim_command(app);
  corridor::cli::add_estimate_demand_command(app);
  corridor::cli::add_calibrate_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const corridor::InputError& e) {
    std::fprintf(stderr, "corridor: error: %s\n", e.what());
    return 2;
  } catch (const corridor::Error& e) {
    std::fprintf(stderr, "corridor: failed: %s\n", e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "corridor: failed: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "corridor: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
