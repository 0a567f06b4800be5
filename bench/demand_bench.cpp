// Demand model benchmarks: the full base run of the region (generation, distribution with border
// calibration, mode choice, multi-class road assignment, PT skims and loads, feedback to the
// tolerance of scenarios/brainport-kempen/demand.toml), and the Furness kernel alone.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <filesystem>

#include "demand/kernels.hpp"
#include "demand/model_run.hpp"
#include "model/region_model.hpp"

namespace {

const std::filesystem::path kRegion =
    std::filesystem::path(CORRIDOR_SOURCE_DIR) / "scenarios/brainport-kempen";

void BM_DemandModel_RegionBase(benchmark::State& state) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(state.range(0)));
  if (!std::filesystem::exists(kRegion / "zones.csv")) {
    state.SkipWithError("region model not found");
    return;
  }
  const auto region = corridor::model::load_region_model(kRegion);
  const auto params = corridor::demand::load_demand_parameters(kRegion / "demand.toml");
  int loops = 0;
  for (auto _ : state) {
    auto run = corridor::demand::run_model(region, params);
    loops = static_cast<int>(run.history.size());
    benchmark::DoNotOptimize(run.summary.total_trips);
  }
  state.counters["loops"] = loops;
}
BENCHMARK(BM_DemandModel_RegionBase)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_Furness_100Zones(benchmark::State& state) {
  const Eigen::Index n = 100;
  corridor::OdMatrix seed(n, n);
  std::vector<double> rows(static_cast<std::size_t>(n));
  std::vector<double> cols(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      seed(i, j) = std::exp(-0.05 * static_cast<double>(std::abs(i - j)));
    }
    rows[static_cast<std::size_t>(i)] = 100.0 + static_cast<double>(i);
    cols[static_cast<std::size_t>(i)] = 100.0 + static_cast<double>(n - 1 - i);
  }
  for (auto _ : state) {
    corridor::OdMatrix m = seed;
    auto r = corridor::demand::furness(m, rows, cols, {.tolerance = 1e-8});
    benchmark::DoNotOptimize(r.iterations);
  }
}
BENCHMARK(BM_Furness_100Zones)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
