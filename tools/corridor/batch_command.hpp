#pragma once
// Shared body of `corridor batch` and `corridor run` (a run is a one-scenario batch): sets the
// thread count, runs the batch against the base, writes the report and prints the summary.
#include <string>

#include "scenario/batch.hpp"

namespace corridor::cli {

struct BatchCommandConfig {
  std::string file;
  std::string out;
  int threads = 0;  // 0 = all cores
  bool quiet = false;
};

// `read` turns cfg.file into a batch (read_batch, or a single scenario wrapped as a batch).
void run_batch_command(const BatchCommandConfig& cfg,
                       scenario::Batch (*read)(const std::string& file));

}  // namespace corridor::cli
