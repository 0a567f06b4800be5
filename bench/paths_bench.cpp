// One-to-all shortest path trees (paths/dijkstra.hpp) on standard networks, for the heap
// variants (the argument: 0 = binary heap with decrease-key, 1 = the default 4-ary heap with
// decrease-key, 2 = binary heap with lazy deletion, 3 = the previous default 4-ary heap of pairs).
// One benchmark iteration = one tree from the next zone, at free-flow costs. Data from
// CORRIDOR_DATA_DIR; skipped when absent.
#include <benchmark/benchmark.h>

#include "paths/dijkstra.hpp"
#include "road_bench_data.hpp"

namespace corridor::bench {
namespace {

void tree_bench(benchmark::State& state, const char* folder, const char* stem) {
  const auto* in = load_instance(folder, stem);
  if (!in) {
    state.SkipWithError("shared data absent (set CORRIDOR_DATA_DIR)");
    return;
  }
  const auto kind = static_cast<paths::HeapKind>(state.range(0));
  const auto& net = in->net;
  const auto cost = net.free_flow_minutes();
  paths::DijkstraWorkspace ws(net.node_count());
  std::uint32_t origin = 0;
  for (auto _ : state) {
    paths::shortest_path_tree(net, cost, origin, ws, kind);
    benchmark::DoNotOptimize(ws.settled_order().data());
    origin = (origin + 1) % net.zone_count();
  }
  constexpr const char* kNames[] = {"binary", "4-ary", "lazy binary", "4-ary pairs (old)"};
  state.SetLabel(kNames[state.range(0)]);
}

void BM_ShortestPathTree_Chicago(benchmark::State& s) {
  tree_bench(s, "Chicago-Sketch", "ChicagoSketch");
}
void BM_ShortestPathTree_BerlinCenter(benchmark::State& s) {
  tree_bench(s, "Berlin-Center", "berlin-center");
}
void BM_ShortestPathTree_AustinSDB(benchmark::State& s) {
  tree_bench(s, "Austin-SDB", "Austin-SDB");
}
BENCHMARK(BM_ShortestPathTree_Chicago)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ShortestPathTree_BerlinCenter)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ShortestPathTree_AustinSDB)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace corridor::bench

BENCHMARK_MAIN();
