// Kernels of Algorithm B (assignment/bush.hpp) on Chicago-Sketch bushes taken from an equilibrium
// at relative gap 1e-4 (cost = time + 0.04 × length): bush improvement (labels, pruning,
// shortcuts, topological sort), the topological label pass alone, one sweep of Newton shifts, and
// the gap's excess from repaired bush labels vs from a shortest path tree, and
// the scatter of a bush into the dense view used by select-link and skims. Skips when the shared
// data is absent.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>

#include "assignment/algorithm_b.hpp"
#include "io/tntp.hpp"
#include "paths/dijkstra.hpp"
#include "test_data.hpp"

namespace {

using namespace corridor;

struct Fixture {
  network::RoadNetwork net;
  assignment::DemandClass demand;
  assignment::BushSolution solution;
  std::vector<double> slope;
};

const Fixture* fixture() {
  static std::unique_ptr<Fixture> f = [] {
    const auto dir = test::tntp_instance("Chicago-Sketch");
    if (!std::filesystem::exists(dir)) return std::unique_ptr<Fixture>();
    auto out = std::make_unique<Fixture>();
    out->net = io::read_tntp_network(dir / "ChicagoSketch_net.tntp");
    out->demand.trips = io::read_tntp_trips(dir / "ChicagoSketch_trips.tntp", out->net).trips;
    out->demand.weights = {0.02, 0.04};
    assignment::SolveOptions opt;
    opt.stop.relative_gap = 1e-4;
    out->solution = assignment::solve_algorithm_b_bushes(out->net, std::span(&out->demand, 1), opt);
    out->slope.resize(out->net.link_count());
    network::compute_link_slopes(out->net, out->solution.result.link_flow, out->slope);
    return out;
  }();
  return f.get();
}

#define CORRIDOR_BENCH_FIXTURE(state)                                      \
  const Fixture* f = fixture();                                            \
  if (!f) {                                                                \
    (state).SkipWithError("Chicago-Sketch not found (CORRIDOR_DATA_DIR)"); \
    return;                                                                \
  }

void BM_Bush_Improve(benchmark::State& state) {
  CORRIDOR_BENCH_FIXTURE(state);
  assignment::bush::BushWorkspace ws(f->net.node_count(), f->net.link_count());
  const assignment::bush::ClassCost cc{f->solution.fixed_cost[0], 1.0};
  std::size_t i = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto b = f->solution.bushes[i++ % f->solution.bushes.size()];
    state.ResumeTiming();
    benchmark::DoNotOptimize(assignment::bush::improve_bush(
        f->net, b, assignment::bush::trips_row(f->demand.trips, b.origin),
        f->solution.result.link_time, cc, ws));
  }
}
BENCHMARK(BM_Bush_Improve);

void BM_Bush_TopologicalLabels(benchmark::State& state) {
  CORRIDOR_BENCH_FIXTURE(state);
  assignment::bush::BushWorkspace ws(f->net.node_count(), f->net.link_count());
  const assignment::bush::ClassCost cc{f->solution.fixed_cost[0], 1.0};
  const auto& b = f->solution.bushes[0];
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        assignment::bush::compute_labels(f->net, b, f->solution.result.link_time, cc, ws));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(b.link_count()));
}
BENCHMARK(BM_Bush_TopologicalLabels);

void BM_Bush_Scatter(benchmark::State& state) {
  CORRIDOR_BENCH_FIXTURE(state);
  assignment::bush::BushWorkspace ws(f->net.node_count(), f->net.link_count());
  const auto& b = f->solution.bushes[0];
  for (auto _ : state) {
    assignment::bush::scatter(f->net, b, assignment::bush::trips_row(f->demand.trips, b.origin),
                              ws);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Bush_Scatter);

// One Newton sweep over a bush, starting each time from the same equilibrium-at-1e-4 state.
void BM_Bush_NewtonShiftSweep(benchmark::State& state) {
  CORRIDOR_BENCH_FIXTURE(state);
  assignment::bush::BushWorkspace ws(f->net.node_count(), f->net.link_count());
  const assignment::bush::ClassCost cc{f->solution.fixed_cost[0], 1.0};
  std::vector<double> volume, time, slope;
  std::size_t i = 0;
  for (auto _ : state) {
    state.PauseTiming();
    volume = f->solution.result.link_flow;
    time = f->solution.result.link_time;
    slope = f->slope;
    auto b = f->solution.bushes[i++ % f->solution.bushes.size()];
    state.ResumeTiming();
    benchmark::DoNotOptimize(
        assignment::bush::equilibrate_pass(f->net, b, {volume, time, slope}, cc, ws));
  }
}
BENCHMARK(BM_Bush_NewtonShiftSweep);

// The gap's shortest path distances of one bush: repaired bush labels against a full search.
void BM_Bush_ExcessFromRepairedLabels(benchmark::State& state) {
  CORRIDOR_BENCH_FIXTURE(state);
  assignment::bush::BushWorkspace ws(f->net.node_count(), f->net.link_count());
  const assignment::bush::ClassCost cc{f->solution.fixed_cost[0], 1.0};
  std::size_t i = 0;
  double excess = 0.0, total = 0.0;
  for (auto _ : state) {
    const auto& b = f->solution.bushes[i++ % f->solution.bushes.size()];
    benchmark::DoNotOptimize(assignment::bush::bush_excess_from_labels(
        f->net, b, assignment::bush::trips_row(f->demand.trips, b.origin),
        f->solution.result.link_time, cc, ws, excess, total));
  }
}
BENCHMARK(BM_Bush_ExcessFromRepairedLabels);

void BM_Bush_ExcessFromShortestPathTree(benchmark::State& state) {
  CORRIDOR_BENCH_FIXTURE(state);
  const auto& time = f->solution.result.link_time;
  const auto& fixed = f->solution.fixed_cost[0];
  std::vector<double> cost(time.size());
  for (std::size_t a = 0; a < cost.size(); ++a) cost[a] = time[a] + fixed[a];
  paths::DijkstraWorkspace tree(f->net.node_count());
  const assignment::bush::ClassCost cc{fixed, 1.0};
  assignment::bush::BushWorkspace ws(f->net.node_count(), f->net.link_count());
  std::size_t i = 0;
  double total = 0.0;
  for (auto _ : state) {
    const auto& b = f->solution.bushes[i++ % f->solution.bushes.size()];
    paths::shortest_path_tree(f->net, cost, b.origin, tree);
    benchmark::DoNotOptimize(assignment::bush::bush_excess(
        f->net, b, assignment::bush::trips_row(f->demand.trips, b.origin), time, cc, tree, ws,
        total));
  }
}
BENCHMARK(BM_Bush_ExcessFromShortestPathTree);

}  // namespace

BENCHMARK_MAIN();
