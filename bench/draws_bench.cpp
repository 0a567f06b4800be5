// The quick-win batch under uncertainty (scenarios/brainport-kempen/quick-wins.toml with its
// [uncertainty] block: 29 runs × N draws, 14 inputs of which the growth and the model parameters
// re-run base and scenarios in every draw): the nominal batch, then the draws, written to a fresh
// folder (nothing reused). Args = draws, threads (tbb::global_control), warm (1: the draws' runs
// start from the nominal runs, as the CLI does; 0: cold, DrawOptions::warm_start = false). Wall
// time (UseRealTime): what a planner waits for; counters: model runs, draws, the feedback loops
// of the draws' runs.
//
//   build/release/bench/corridor_bench_draws --benchmark_filter='/256/2/1'     # the figure
//   build/release/bench/corridor_bench_draws --benchmark_filter='/16/2/'       # warm and cold
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <filesystem>

#include "scenario/batch.hpp"
#include "scenario/draws.hpp"

namespace {

namespace fs = std::filesystem;

void BM_QuickWinDraws_Region(benchmark::State& state) {
  const fs::path file =
      fs::path(CORRIDOR_SOURCE_DIR) / "scenarios/brainport-kempen/quick-wins.toml";
  if (!fs::exists(file)) {
    state.SkipWithError("quick-wins.toml not found");
    return;
  }
  const auto draws = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<std::size_t>(state.range(1));
  const bool warm = state.range(2) != 0;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const auto batch = corridor::scenario::read_batch(file);
  const auto out =
      fs::temp_directory_path() / ("corridor-bench-draws-" + std::to_string(::getpid()));
  std::size_t model_runs = 0;
  std::size_t loops = 0;
  for (auto _ : state) {
    fs::remove_all(out);
    corridor::scenario::RegionEngine engine;
    corridor::scenario::BatchOptions options;
    options.out = out;
    options.progress = false;
    corridor::scenario::run_batch(batch, engine, options);
    const auto summary = corridor::scenario::run_draws(batch, engine,
                                                       {.out = out,
                                                        .draws = draws,
                                                        .seed = {},
                                                        .progress = false,
                                                        .block = 8,
                                                        .warm_start = warm});
    model_runs = summary.model_runs;
    loops = summary.draw_feedback_loops;
    benchmark::DoNotOptimize(summary.rows.data());
  }
  fs::remove_all(out);
  state.counters["draws"] = static_cast<double>(draws);
  state.counters["model_runs"] = static_cast<double>(model_runs);
  state.counters["draw_loops"] = static_cast<double>(loops);
  state.counters["threads"] = static_cast<double>(threads);
}
BENCHMARK(BM_QuickWinDraws_Region)
    ->Args({16, 1, 1})
    ->Args({16, 2, 1})
    ->Args({16, 2, 0})
    ->Args({256, 1, 1})
    ->Args({256, 2, 1})
    ->Args({256, 2, 0})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
