// One all-or-nothing assignment (assignment/all_or_nothing.hpp: a tree per origin, loading in
// reverse settled order, fixed-order reduction) at free-flow costs, with 1 and 2 threads (the
// argument), and the time to read each instance. Data from CORRIDOR_DATA_DIR; skipped when absent.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "assignment/all_or_nothing.hpp"
#include "road_bench_data.hpp"

namespace corridor::bench {
namespace {

void aon_bench(benchmark::State& state, const char* folder, const char* stem) {
  const auto* in = load_instance(folder, stem);
  if (!in) {
    state.SkipWithError("shared data absent (set CORRIDOR_DATA_DIR)");
    return;
  }
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(state.range(0)));
  const auto& net = in->net;
  const auto cost = net.free_flow_minutes();
  assignment::AonLoader aon(net);
  std::vector<double> flow(net.link_count());
  for (auto _ : state) {
    const auto stats = aon.load(cost, in->trips, flow);
    benchmark::DoNotOptimize(stats.sptt);
  }
}

void read_bench(benchmark::State& state, const char* folder, const char* stem) {
  const auto dir = test::tntp_instance(folder);
  if (!std::filesystem::exists(dir)) {
    state.SkipWithError("shared data absent (set CORRIDOR_DATA_DIR)");
    return;
  }
  for (auto _ : state) {
    auto net = io::read_tntp_network(dir / (std::string(stem) + "_net.tntp"));
    auto trips = io::read_tntp_trips(dir / (std::string(stem) + "_trips.tntp"), net);
    benchmark::DoNotOptimize(trips.total);
  }
}

void BM_AllOrNothing_Chicago(benchmark::State& s) {
  aon_bench(s, "Chicago-Sketch", "ChicagoSketch");
}
void BM_AllOrNothing_BerlinCenter(benchmark::State& s) {
  aon_bench(s, "Berlin-Center", "berlin-center");
}
void BM_AllOrNothing_AustinSDB(benchmark::State& s) { aon_bench(s, "Austin-SDB", "Austin-SDB"); }
void BM_ReadTntp_Chicago(benchmark::State& s) { read_bench(s, "Chicago-Sketch", "ChicagoSketch"); }
void BM_ReadTntp_BerlinCenter(benchmark::State& s) {
  read_bench(s, "Berlin-Center", "berlin-center");
}
void BM_ReadTntp_AustinSDB(benchmark::State& s) { read_bench(s, "Austin-SDB", "Austin-SDB"); }

BENCHMARK(BM_AllOrNothing_Chicago)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AllOrNothing_BerlinCenter)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_AllOrNothing_AustinSDB)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ReadTntp_Chicago)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTntp_BerlinCenter)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTntp_AustinSDB)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace corridor::bench

BENCHMARK_MAIN();
