// corridor: the command-line entry point. Parses the subcommand, runs it, and maps the project's
// exceptions to exit codes: 0 success, 1 run-time failure, 2 bad input or bad arguments.
// Started by an MPI launcher (mpirun, srun --mpi=pmix) the process is one rank of a distributed
// run (distributed/session.hpp): only `batch`, `run` and `calibrate` accept that, and an error on
// any rank ends every rank (MPI_Abort) with the same exit code.
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "distributed/session.hpp"
#include "scenario/batch.hpp"

namespace {

// The first argument that is not an option: the subcommand's name.
std::string subcommand_of(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] != '-') return argv[i];
  }
  return {};
}

std::string version_text() {
  return std::string("corridor ") + CORRIDOR_VERSION + " (engine " +
         corridor::scenario::kEngineVersion + ")\nMPI: " + corridor::distributed::mpi_description();
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<corridor::distributed::Session> session;
  try {
    session.emplace();
  } catch (const corridor::Error& e) {
    std::fprintf(stderr, "corridor: failed: %s\n", e.what());
    return 1;
  }
  // On a distributed run every rank ends together: the message, then MPI_Abort.
  auto finish = [&](const char* kind, const std::string& what, int code) {
    if (session->distributed()) session->fail(std::string(kind) + ": " + what, code);
    std::fprintf(stderr, "corridor: %s: %s\n", kind, what.c_str());
    return code;
  };
  CLI::App app{
      "Corridor: transport scenario engine (road equilibrium, public transport, demand, "
      "quick-win batches)"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  corridor::cli::add_info_command(app);
  corridor::cli::add_bench_solvers_command(app);
  corridor::cli::add_demand_command(app);
  corridor::cli::add_assign_command(app);
  corridor::cli::add_import_gtfs_command(app);
  corridor::cli::add_run_command(app, *session);
  corridor::cli::add_batch_command(app, *session);
  corridor::cli::add_validate_command(app);
  corridor::cli::add_skim_command(app);
  corridor::cli::add_estimate_demand_command(app);
  corridor::cli::add_calibrate_command(app, *session);
  try {
    if (session->distributed()) {
      const auto sub = subcommand_of(argc, argv);
      if (!sub.empty() && sub != "batch" && sub != "run" && sub != "calibrate") {
        throw corridor::InputError(
            {"", 0, "subcommand"},
            "only `corridor batch`, `corridor run` and `corridor calibrate` run distributed; "
            "start `corridor " +
                sub + "` without mpirun/srun");
      }
    }
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const corridor::InputError& e) {
    return finish("error", e.what(), 2);
  } catch (const corridor::Error& e) {
    return finish("failed", e.what(), 1);
  } catch (const std::bad_alloc&) {
    return finish("failed", "out of memory", 1);
  } catch (const std::exception& e) {
    return finish("internal error", e.what(), 1);
  }
  return 0;
}
