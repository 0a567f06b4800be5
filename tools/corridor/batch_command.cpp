#include "batch_command.hpp"

#include <chrono>
#include <cstdio>

#include "scenario/report_writer.hpp"
#include "thread_limit.hpp"

namespace corridor::cli {

void run_batch_command(const BatchCommandConfig& cfg,
                       scenario::Batch (*read)(const std::string& file)) {
  const auto threads = limit_threads(cfg.threads);
  const auto start = std::chrono::steady_clock::now();
  const auto batch = read(cfg.file);
  scenario::RegionEngine engine;
  scenario::BatchOptions options;
  options.out = cfg.out;
  options.progress = !cfg.quiet;
  const auto summary = scenario::run_batch(batch, engine, options);
  scenario::write_batch_report(batch, summary, engine, cfg.out);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!cfg.quiet) std::fputs(summary.text.c_str(), stdout);
  const std::size_t n = summary.results.size();
  std::printf("%zu %s (%zu computed, %zu reused) in %.2f s; outputs in %s\n", n,
              n == 1 ? "scenario" : "scenarios", summary.computed, summary.reused, seconds,
              cfg.out.c_str());
}

}  // namespace corridor::cli
