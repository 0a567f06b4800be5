#pragma once
// Shared body of `corridor batch` and `corridor run` (a run is a one-scenario batch): sets the
// thread count, runs the batch against the base (on one process, or over MPI ranks when started
// by mpirun/srun), writes the report and prints the summary.
#include <cstdint>
#include <optional>
#include <string>

#include "distributed/session.hpp"
#include "scenario/batch.hpp"

namespace corridor::cli {

struct BatchCommandConfig {
  std::string file;
  std::string out;
  int threads = 0;  // 0 = all cores
  bool quiet = false;
  std::size_t draws = 0;              // > 0: every run under this many draws (scenario/draws.hpp)
  std::optional<std::uint64_t> seed;  // default: the batch's [uncertainty] seed
};

// `read` turns cfg.file into a batch (read_batch, or a single scenario wrapped as a batch). Under
// an MPI launcher (session.distributed()) rank 0 runs the batch and writes every output while the
// other ranks compute the runs it hands out (distributed/task_queue.hpp); `--threads` is then the
// compute threads of each rank (0 = the cores this rank may use).
void run_batch_command(const distributed::Session& session, const BatchCommandConfig& cfg,
                       scenario::Batch (*read)(const std::string& file));

}  // namespace corridor::cli
