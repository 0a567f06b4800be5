// The quick-win batch on the region model (scenarios/brainport-kempen/quick-wins.toml: 7 alone,
// 21 pairs, all together = 29 runs) from scratch: region load, calibration run, base run and the
// 29 scenario runs with their comparisons, written to a fresh folder (nothing reused). Arg =
// threads (tbb::global_control). Wall time (UseRealTime): the batch is what a planner waits for.
//
//   build/release/bench/corridor_bench_batch --benchmark_repetitions=3
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <filesystem>

#include "scenario/batch.hpp"

namespace {

namespace fs = std::filesystem;

void BM_QuickWinBatch_Region(benchmark::State& state) {
  const fs::path file =
      fs::path(CORRIDOR_SOURCE_DIR) / "scenarios/brainport-kempen/quick-wins.toml";
  if (!fs::exists(file)) {
    state.SkipWithError("quick-wins.toml not found");
    return;
  }
  const auto threads = static_cast<std::size_t>(state.range(0));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const auto batch = corridor::scenario::read_batch(file);
  const auto out =
      fs::temp_directory_path() / ("corridor-bench-batch-" + std::to_string(::getpid()));
  std::size_t runs = 0;
  for (auto _ : state) {
    fs::remove_all(out);
    corridor::scenario::RegionEngine engine;
    corridor::scenario::BatchOptions options;
    options.out = out;
    options.progress = false;
    const auto summary = corridor::scenario::run_batch(batch, engine, options);
    runs = summary.computed;
    benchmark::DoNotOptimize(summary.ranking_csv.data());
  }
  fs::remove_all(out);
  state.counters["scenarios"] = static_cast<double>(runs);
  state.counters["threads"] = static_cast<double>(threads);
}
BENCHMARK(BM_QuickWinBatch_Region)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
