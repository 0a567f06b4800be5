// One all-or-nothing assignment (assignment/all_or_nothing.hpp: a tree per origin, loading in
// reverse settled order, fixed-order reduction) at free-flow costs, with 1 and 2 threads (the
// argument); the plain reference the AoN targets are stated against (BM_AllOrNothingReference_*);
// and the time to read each instance. Data from CORRIDOR_DATA_DIR; skipped when absent.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "assignment/all_or_nothing.hpp"
#include "paths/dijkstra.hpp"
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

// The reference of the AoN targets (issues 2 and 17): a plain binary-heap Dijkstra with lazy
// deletion (std::priority_queue of (distance, node)), a full tree per origin, the origin's demand
// loaded in reverse settled order. One thread; compare with BM_AllOrNothing_*/1 of the same run.
void reference_bench(benchmark::State& state, const char* folder, const char* stem) {
  const auto* in = load_instance(folder, stem);
  if (!in) {
    state.SkipWithError("shared data absent (set CORRIDOR_DATA_DIR)");
    return;
  }
  const auto& net = in->net;
  const auto cost = net.free_flow_minutes();
  const auto off = net.out_offsets();
  const auto heads = net.heads();
  const auto tails = net.tails();
  const std::uint32_t n = net.node_count();
  const std::uint32_t zones = net.zone_count();
  std::vector<double> dist(n), node_flow(n, 0.0), flow(net.link_count());
  std::vector<std::uint32_t> pred(n), settled;
  std::vector<char> done(n);
  using Entry = std::pair<double, std::uint32_t>;
  for (auto _ : state) {
    std::fill(flow.begin(), flow.end(), 0.0);
    for (std::uint32_t o = 0; o < zones; ++o) {
      std::fill(dist.begin(), dist.end(), paths::kUnreachable);
      std::fill(done.begin(), done.end(), 0);
      settled.clear();
      std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
      dist[o] = 0.0;
      pred[o] = paths::kNoLink;
      heap.emplace(0.0, o);
      while (!heap.empty()) {
        const auto [d, u] = heap.top();
        heap.pop();
        if (done[u]) continue;
        done[u] = 1;
        settled.push_back(u);
        if (u != o && !net.passable(u)) continue;
        for (auto a = off[u]; a < off[u + 1]; ++a) {
          const double nd = d + cost[a];
          if (nd < dist[heads[a]]) {
            dist[heads[a]] = nd;
            pred[heads[a]] = a;
            heap.emplace(nd, heads[a]);
          }
        }
      }
      for (std::uint32_t d = 0; d < zones; ++d) {
        if (d != o && dist[d] != paths::kUnreachable) node_flow[d] = in->trips(o, d);
      }
      for (std::size_t i = settled.size(); i-- > 1;) {
        const auto v = settled[i];
        flow[pred[v]] += node_flow[v];
        node_flow[tails[pred[v]]] += node_flow[v];
        node_flow[v] = 0.0;
      }
      node_flow[o] = 0.0;
    }
    benchmark::DoNotOptimize(flow.data());
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
void BM_AllOrNothingReference_Chicago(benchmark::State& s) {
  reference_bench(s, "Chicago-Sketch", "ChicagoSketch");
}
void BM_AllOrNothingReference_BerlinCenter(benchmark::State& s) {
  reference_bench(s, "Berlin-Center", "berlin-center");
}
void BM_AllOrNothingReference_AustinSDB(benchmark::State& s) {
  reference_bench(s, "Austin-SDB", "Austin-SDB");
}
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
BENCHMARK(BM_AllOrNothingReference_Chicago)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllOrNothingReference_BerlinCenter)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllOrNothingReference_AustinSDB)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTntp_Chicago)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTntp_BerlinCenter)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTntp_AustinSDB)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace corridor::bench

BENCHMARK_MAIN();
