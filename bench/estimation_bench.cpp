// Matrix estimation from counts (calibration/matrix_estimation.hpp) on SiouxFalls: counts from the
// best-known flows on a third of the links (seed 2026), prior = true matrix × U(0.6, 1.4), the
// default options (ρ = 0.1, 20 iterations, assignment gap 1e-8, warm-started bushes). Also the
// two per-bush kernels on Chicago-Sketch's equilibrium bushes (gap 1e-4): the gradient pass and the
// proportional loading pass. Argument of the SiouxFalls case: threads. Skips when the shared data
// is absent.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>

#include "calibration/matrix_estimation.hpp"
#include "io/tntp.hpp"
#include "test_data.hpp"

namespace {

using namespace corridor;

struct SiouxFalls {
  network::RoadNetwork net;
  std::vector<assignment::DemandClass> prior;
  std::vector<calibration::LinkCount> counts;
};

const SiouxFalls* siouxfalls() {
  static std::unique_ptr<SiouxFalls> f = [] {
    const auto dir = test::tntp_instance("SiouxFalls");
    if (!std::filesystem::exists(dir)) return std::unique_ptr<SiouxFalls>();
    auto s = std::make_unique<SiouxFalls>();
    s->net = io::read_tntp_network(dir / "SiouxFalls_net.tntp");
    const auto best = io::read_tntp_flows(dir / "SiouxFalls_flow.tntp", s->net).volume;
    assignment::DemandClass c;
    c.trips = io::read_tntp_trips(dir / "SiouxFalls_trips.tntp", s->net).trips;
    std::mt19937 rng(2026);
    std::uniform_real_distribution<double> noise(0.6, 1.4);
    for (Eigen::Index i = 0; i < c.trips.size(); ++i) c.trips.data()[i] *= noise(rng);
    s->prior.push_back(c);
    std::vector<std::uint32_t> links(s->net.link_count());
    for (std::uint32_t a = 0; a < links.size(); ++a) links[a] = a;
    std::shuffle(links.begin(), links.end(), rng);
    links.resize(links.size() / 3);
    std::sort(links.begin(), links.end());
    for (const auto a : links)
      s->counts.push_back({{a}, calibration::kAllClasses, best[a], 0.0, ""});
    return s;
  }();
  return f.get();
}

void BM_EstimateDemand_SiouxFalls(benchmark::State& state) {
  const SiouxFalls* s = siouxfalls();
  if (!s) {
    state.SkipWithError("SiouxFalls not found (CORRIDOR_DATA_DIR)");
    return;
  }
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(state.range(0)));
  calibration::EstimationOptions opt;
  double rmse = 0.0;
  int iterations = 0;
  for (auto _ : state) {
    auto r = calibration::estimate_demand(s->net, s->prior, s->counts, opt);
    rmse = r.fit_after.rmse;
    iterations = r.iterations;
    benchmark::DoNotOptimize(r.trips.data());
  }
  state.counters["rmse_after"] = rmse;
  state.counters["iterations"] = iterations;
}
BENCHMARK(BM_EstimateDemand_SiouxFalls)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

struct Chicago {
  network::RoadNetwork net;
  assignment::BushSolution solution;
  OdMatrix trips;  // the demand the bushes were loaded with
  std::vector<double> link_error;
};

const Chicago* chicago() {
  static std::unique_ptr<Chicago> f = [] {
    const auto dir = test::tntp_instance("Chicago-Sketch");
    if (!std::filesystem::exists(dir)) return std::unique_ptr<Chicago>();
    auto c = std::make_unique<Chicago>();
    c->net = io::read_tntp_network(dir / "ChicagoSketch_net.tntp");
    assignment::DemandClass d;
    d.trips = io::read_tntp_trips(dir / "ChicagoSketch_trips.tntp", c->net).trips;
    assignment::SolveOptions opt;
    opt.algorithm = assignment::Algorithm::algorithm_b;
    opt.stop.relative_gap = 1e-4;
    c->solution = assignment::solve_algorithm_b_bushes(c->net, std::span(&d, 1), opt);
    c->trips = std::move(d.trips);  // the bushes' demand rows
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(-100.0, 100.0);
    c->link_error.resize(c->net.link_count());
    for (std::size_t a = 0; a < c->link_error.size(); a += 3) c->link_error[a] = u(rng);
    return c;
  }();
  return f.get();
}

void BM_EstimateDemand_GradientPassChicago(benchmark::State& state) {
  const Chicago* c = chicago();
  if (!c) {
    state.SkipWithError("Chicago-Sketch not found (CORRIDOR_DATA_DIR)");
    return;
  }
  std::vector<double> row(c->net.zone_count()), value;
  assignment::bush::BushWorkspace ws(c->net.node_count(), c->net.link_count());
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& b = c->solution.bushes[i++ % c->solution.bushes.size()];
    calibration::od_gradient_row(
        assignment::bush::expand(c->net, b, assignment::bush::trips_row(c->trips, b.origin), ws),
        c->link_error, row, value);
    benchmark::DoNotOptimize(row.data());
  }
}
BENCHMARK(BM_EstimateDemand_GradientPassChicago);

void BM_EstimateDemand_LoadingPassChicago(benchmark::State& state) {
  const Chicago* c = chicago();
  if (!c) {
    state.SkipWithError("Chicago-Sketch not found (CORRIDOR_DATA_DIR)");
    return;
  }
  std::vector<double> row(c->net.zone_count(), 1.0), node_flow, entry;
  assignment::bush::BushWorkspace ws(c->net.node_count(), c->net.link_count());
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& b = c->solution.bushes[i++ % c->solution.bushes.size()];
    entry.resize(b.link_count());
    calibration::load_row_on_bush(
        assignment::bush::expand(c->net, b, assignment::bush::trips_row(c->trips, b.origin), ws),
        row, entry, node_flow);
    benchmark::DoNotOptimize(entry.data());
  }
}
BENCHMARK(BM_EstimateDemand_LoadingPassChicago);

}  // namespace

BENCHMARK_MAIN();
