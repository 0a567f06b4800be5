// Transit assignment by optimal strategies (Spiess & Florian 1989): skims + loads for every OD
// pair, all destinations in parallel (oneTBB, deterministic reduction).
//   BM_OptimalStrategies_Region        the region's lines (scenarios/brainport-kempen) when
//                                      present, else a synthetic region-sized network (45 zones,
//                                      150 stops, 20 lines); 10 trips per OD pair
//   BM_OptimalStrategies_Synthetic2000 2,000 stops, 200 lines, 400 zones over 60 × 60 km
//   BM_TransitNetworkBuild_Synthetic2000  building that network (access, walks, CSR)
// Arg = thread count (tbb::global_control).
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <filesystem>

#include "io/lines.hpp"
#include "io/text.hpp"
#include "synthetic_network.hpp"
#include "transit/transit.hpp"

namespace {

using namespace corridor;
using namespace corridor::transit;

struct Case {
  TransitData data;
  std::vector<GeoPoint> zones;
  bool real = false;
};

Case region_case() {
  const auto dir = std::filesystem::path(CORRIDOR_SOURCE_DIR) / "scenarios" / "brainport-kempen";
  Case c;
  if (std::filesystem::exists(dir / "line_stops.csv") &&
      std::filesystem::exists(dir / "zones.csv")) {
    io::CsvReader csv(dir / "zones.csv");
    const auto lat = csv.require_column("lat");
    const auto lon = csv.require_column("lon");
    while (csv.next_row()) c.zones.push_back({csv.number(lat), csv.number(lon)});
    c.data = io::read_lines(dir, static_cast<std::uint32_t>(c.zones.size()));
    c.real = true;
    return c;
  }
  auto s = test::synthetic_region(150, 20, 45, 50.0, 11);
  c.data = std::move(s.data);
  c.zones = std::move(s.zones);
  return c;
}

void run_assignment(benchmark::State& state, const Case& c) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(state.range(0)));
  const TransitParams params;
  const auto net = build_transit_network(c.data, c.zones, params, Period::peak);
  const auto Z = static_cast<Eigen::Index>(c.zones.size());
  OdMatrix demand = OdMatrix::Constant(Z, Z, 10.0);
  double unassigned = 0.0;
  for (auto _ : state) {
    auto r = assign_transit(net, params, demand);
    benchmark::DoNotOptimize(r.loads.arc_volume.data());
    unassigned = r.unassigned_demand;
  }
  state.counters["zones"] = static_cast<double>(Z);
  state.counters["stops"] = static_cast<double>(c.data.stops.size());
  state.counters["lines"] = static_cast<double>(c.data.lines.size());
  state.counters["arcs"] = static_cast<double>(net.arc_count());
  state.counters["nodes"] = static_cast<double>(net.node_count);
  state.counters["real_data"] = c.real ? 1.0 : 0.0;
  state.counters["unassigned"] = unassigned;
}

void BM_OptimalStrategies_Region(benchmark::State& state) {
  static const Case c = region_case();
  run_assignment(state, c);
}
BENCHMARK(BM_OptimalStrategies_Region)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

const Case& synthetic2000() {
  static const Case c = [] {
    auto s = test::synthetic_region(2000, 200, 400, 60.0, 2000);
    return Case{std::move(s.data), std::move(s.zones), false};
  }();
  return c;
}

void BM_OptimalStrategies_Synthetic2000(benchmark::State& state) {
  run_assignment(state, synthetic2000());
}
BENCHMARK(BM_OptimalStrategies_Synthetic2000)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_TransitNetworkBuild_Synthetic2000(benchmark::State& state) {
  const Case& c = synthetic2000();
  const TransitParams params;
  for (auto _ : state) {
    auto net = build_transit_network(c.data, c.zones, params, Period::peak);
    benchmark::DoNotOptimize(net.arc_head.data());
  }
}
BENCHMARK(BM_TransitNetworkBuild_Synthetic2000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
