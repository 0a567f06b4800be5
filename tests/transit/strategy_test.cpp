// Optimal strategies against analytic answers and a slow reference: the Bellman equation of the
// optimal strategy solved by brute force (every subset of boarding arcs at every node, iterated to
// a fixed point) on small random networks.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "synthetic_network.hpp"
#include "transit/transit.hpp"
#include "transit_fixtures.hpp"

namespace corridor::transit {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One line A → B, 20 min, headway 10; zone 0 centroid 2 km from A, zone 1 on B.
TEST(Strategy, SingleLineAnalytic) {
  TransitData data;
  data.stops.push_back(test::stop_at("A", 50.0, 0));
  data.stops.push_back(test::stop_at("B", 51.0, 1));
  data.lines.push_back(test::line_of("L", 10.0, {{0, 0.0}, {1, 20.0}}));
  const double two_km_lat = 2.0 / (6371.0 * 3.14159265358979323846 / 180.0);
  std::vector<GeoPoint> zones{{50.0 + two_km_lat, 5.0}, {51.0, 5.0}};
  TransitParams p;
  p.wait_factor = 0.5;
  p.wait_weight = 2.0;
  p.boarding_penalty_min = 3.0;
  p.transfer_penalty_min = 7.0;
  p.in_vehicle_weight[static_cast<std::size_t>(Mode::bus)] = 1.2;
  p.access_speed_kmh = 12.0;
  p.access_detour = 1.5;
  p.access_weight = 2.5;
  const auto net = build_transit_network(data, zones, p, Period::peak);
  OdMatrix demand = OdMatrix::Zero(2, 2);
  demand(0, 1) = 40.0;
  demand(1, 0) = 5.0;  // the line runs one way only: unreachable, reported
  const auto r = assign_transit(net, p, demand);
  const double access = 2.0 * 1.5 / 12.0 * 60.0;  // 15 min
  EXPECT_NEAR(r.skims.walk_min(0, 1), access, 1e-9);
  EXPECT_NEAR(r.skims.wait_min(0, 1), 5.0, 1e-12);
  EXPECT_NEAR(r.skims.in_vehicle_min(0, 1), 20.0, 1e-12);
  EXPECT_NEAR(r.skims.boardings(0, 1), 1.0, 1e-12);
  EXPECT_NEAR(r.skims.generalized_cost(0, 1), 2.5 * access + 2.0 * 5.0 + 3.0 + 1.2 * 20.0, 1e-9);
  EXPECT_EQ(r.skims.generalized_cost(1, 0), kInf);
  EXPECT_EQ(r.unreachable_pairs, 1u);
  EXPECT_DOUBLE_EQ(r.unassigned_demand, 5.0);
  ASSERT_EQ(r.unreachable_examples.size(), 1u);
  EXPECT_EQ(r.unreachable_examples[0], std::make_pair(1u, 0u));
  EXPECT_DOUBLE_EQ(r.assigned_demand, 40.0);
  EXPECT_DOUBLE_EQ(r.loads.line_boardings[0], 40.0);
  EXPECT_NEAR(r.loads.line_passenger_minutes[0], 800.0, 1e-9);
  EXPECT_EQ(r.skims.generalized_cost(0, 0), 0.0);
}

// A transfer at a coordinated hub: lines 1 (A → H, headway 20) and 2 (H → B, headway 30).
// Uncoordinated transfer wait 0.5 × 30 = 15; with transfer_wait_factor 0.2 it is 3 min; the
// first boarding at A keeps its wait of 10.
TEST(Strategy, HubCoordinationCutsTheTransferWait) {
  for (double factor : {1.0, 0.2}) {
    TransitData data;
    data.stops.push_back(test::stop_at("A", 50.0, 0));
    data.stops.push_back(test::stop_at("H", 50.5, 1));
    data.stops.push_back(test::stop_at("B", 51.0, 2));
    data.lines.push_back(test::line_of("1", 20.0, {{0, 0.0}, {1, 12.0}}));
    data.lines.push_back(test::line_of("2", 30.0, {{1, 0.0}, {2, 9.0}}));
    set_transfer_wait_factor(data, "H", factor);
    std::vector<GeoPoint> zones{{50.0, 5.0}, {50.5, 5.0}, {51.0, 5.0}};
    TransitParams p;
    p.wait_weight = 2.0;
    p.transfer_penalty_min = 4.0;
    const auto net = build_transit_network(data, zones, p, Period::peak);
    const auto r = assign_transit(net, p, OdMatrix());
    const double wait = 10.0 + 15.0 * factor;
    EXPECT_NEAR(r.skims.wait_min(0, 2), wait, 1e-12) << factor;
    EXPECT_NEAR(r.skims.boardings(0, 2), 2.0, 1e-12);
    EXPECT_NEAR(r.skims.generalized_cost(0, 2), 2.0 * wait + 21.0 + 4.0, 1e-12);
    EXPECT_NEAR(r.skims.wait_min(1, 2), 15.0, 1e-12) << "first boarding at the hub";
  }
}

// Brute-force reference: u_i = min( min_regular c_a + u_j,
//   min over non-empty subsets A of boarding arcs (W_i + Σ f_a (c_a + u_j)) / Σ f_a ),
// zones other than the destination not passable; iterated from +inf to a fixed point.
std::vector<double> reference_labels(const TransitNetwork& net, const TransitParams& p,
                                     std::uint32_t dest) {
  std::vector<double> u(net.node_count, kInf);
  u[dest] = 0.0;
  auto head_label = [&](std::uint32_t j) {
    return (j < net.zone_count && j != dest) ? kInf : u[j];
  };
  for (int round = 0; round < 10000; ++round) {
    bool changed = false;
    for (std::uint32_t i = 0; i < net.node_count; ++i) {
      if (i == dest) continue;
      double best = kInf;
      std::vector<std::uint32_t> boards;
      for (auto a = net.out_begin[i]; a < net.out_begin[i + 1]; ++a) {
        if (net.arc_frequency[a] == kRegularArc) {
          best = std::min(best, net.arc_cost_min[a] + head_label(net.arc_head[a]));
        } else {
          boards.push_back(a);
        }
      }
      for (std::uint32_t mask = 1; mask < (1u << boards.size()); ++mask) {
        double F = 0.0;
        double num = 0.0;
        bool finite = true;
        for (std::size_t k = 0; k < boards.size(); ++k) {
          if (!(mask >> k & 1u)) continue;
          const auto a = boards[k];
          const double v = net.arc_cost_min[a] + head_label(net.arc_head[a]);
          if (v == kInf) finite = false;
          F += net.arc_frequency[a];
          num += net.arc_frequency[a] * v;
        }
        if (!finite) continue;
        const double w = p.wait_factor * net.node_wait_scale[i] / F;
        best = std::min(best, p.wait_weight * w + num / F);
      }
      if (best < u[i] - 1e-13) {
        u[i] = best;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return u;
}

TransitData random_network(std::uint64_t seed) {
  test::SplitMix rng(seed);
  TransitData data;
  const std::uint32_t S = 5;
  for (std::uint32_t s = 0; s < S; ++s) {
    // Pairs of stops 0/1 and 3/4 are ~200 m apart (walking transfers), others far.
    const double lat = 50.0 + 0.3 * (s / 2) + (s % 2) * 0.0018;
    Stop st = test::stop_at(("S" + std::to_string(s)).c_str(), lat, s);
    if (rng.below(3) == 0) st.transfer_wait_factor = 0.4;
    data.stops.push_back(st);
  }
  const std::uint32_t L = 3 + rng.below(2);
  for (std::uint32_t l = 0; l < L; ++l) {
    const std::uint32_t n = 2 + rng.below(3);
    std::vector<LineStop> stops;
    double t = 0.0;
    std::vector<bool> used(S, false);
    while (stops.size() < n) {
      const std::uint32_t s = rng.below(S);
      if (used[s]) continue;
      used[s] = true;
      stops.push_back({s, t});
      t += 1.0 + static_cast<double>(rng.below(20));
    }
    Line line = test::line_of(("L" + std::to_string(l)).c_str(), 2.0 + rng.below(29), stops);
    line.both_directions = rng.below(2) == 0;
    line.mode = rng.below(2) == 0 ? Mode::rail : Mode::bus;
    data.lines.push_back(line);
  }
  return data;
}

TransitParams random_params(std::uint64_t seed) {
  test::SplitMix rng(seed * 7 + 1);
  TransitParams p;
  p.wait_factor = 0.5 + 0.5 * rng.uniform();
  p.wait_weight = 1.0 + rng.uniform();
  p.boarding_penalty_min = 2.0 * rng.uniform();
  p.transfer_penalty_min = 5.0 * rng.uniform();
  p.in_vehicle_weight[static_cast<std::size_t>(Mode::bus)] = 1.0 + 0.3 * rng.uniform();
  p.max_transfer_walk_km = 0.4;
  p.walk_weight = 1.0 + rng.uniform();
  p.access_weight = p.walk_weight;
  p.max_access_km = 1.0;
  if (seed % 3 == 0) p.max_effective_headway_min = 12.0;
  if (seed % 4 == 1) {  // the effective headway of low frequencies
    p.headway_threshold_min = 8.0;
    p.headway_slope = 0.5;
  }
  return p;
}

TEST(Strategy, LabelsMatchBruteForceBellmanOnRandomNetworks) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const TransitData data = random_network(seed);
    const TransitParams p = random_params(seed);
    std::vector<GeoPoint> zones;
    for (const auto& s : data.stops) zones.push_back({s.lat, s.lon});
    const auto net = build_transit_network(data, zones, p, Period::peak);
    StrategyWorkspace ws(net);
    for (std::uint32_t d = 0; d < net.zone_count; ++d) {
      compute_strategy(net, WaitModel(p), d, ws);
      const auto ref = reference_labels(net, p, d);
      for (std::uint32_t o = 0; o < net.zone_count; ++o) {
        if (ref[o] == kInf) {
          EXPECT_EQ(ws.label(o), kInf) << "seed " << seed << " od " << o << "-" << d;
        } else {
          EXPECT_NEAR(ws.label(o), ref[o], 1e-9 * (1.0 + ref[o]))
              << "seed " << seed << " od " << o << "-" << d;
        }
      }
    }
  }
}

// Loads are consistent with labels: Σ_od g·u = Σ_a c_a·v_a + wait_weight·(passenger-minutes of
// waiting); skims decompose the label into its parts; volumes are conserved
// at every non-zone node.
TEST(Strategy, LoadsAndSkimsAreConsistentWithLabels) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const TransitData data = random_network(seed);
    TransitParams p = random_params(seed);
    p.in_vehicle_weight.fill(1.0);
    std::vector<GeoPoint> zones;
    for (const auto& s : data.stops) zones.push_back({s.lat, s.lon});
    const auto net = build_transit_network(data, zones, p, Period::peak);
    test::SplitMix rng(seed + 1000);
    OdMatrix demand(net.zone_count, net.zone_count);
    for (Eigen::Index i = 0; i < demand.size(); ++i) demand.data()[i] = 10.0 * rng.uniform();
    const auto r = assign_transit(net, p, demand);
    double arc_cost = 0.0;
    std::vector<double> balance(net.node_count, 0.0);
    for (std::uint32_t a = 0; a < net.arc_count(); ++a) {
      arc_cost += net.arc_cost_min[a] * r.loads.arc_volume[a];
      balance[net.arc_tail[a]] -= r.loads.arc_volume[a];
      balance[net.arc_head[a]] += r.loads.arc_volume[a];
    }
    EXPECT_NEAR(r.total_generalized_cost, arc_cost + p.wait_weight * r.total_wait_min,
                1e-9 * r.total_generalized_cost)
        << seed;
    for (std::uint32_t v = net.zone_count; v < net.node_count; ++v) {
      EXPECT_NEAR(balance[v], 0.0, 1e-9) << "node " << v << " seed " << seed;
    }
    for (std::uint32_t o = 0; o < net.zone_count; ++o) {
      for (std::uint32_t d = 0; d < net.zone_count; ++d) {
        const double u = r.skims.generalized_cost(o, d);
        if (o == d || u == kInf) continue;
        const double b = r.skims.boardings(o, d);
        const double parts = p.wait_weight * r.skims.wait_min(o, d) + r.skims.in_vehicle_min(o, d) +
                             p.walk_weight * r.skims.walk_min(o, d) + p.boarding_penalty_min * b +
                             p.transfer_penalty_min * (b - 1.0);
        EXPECT_NEAR(u, parts, 1e-9 * (1.0 + u)) << seed << " " << o << "-" << d;
      }
    }
  }
}

TEST(Assignment, BitIdenticalForOneAndTwoThreads) {
  const auto syn = test::synthetic_region(300, 30, 60, 30.0, 42);
  TransitParams p;
  const auto net = build_transit_network(syn.data, syn.zones, p, Period::peak);
  test::SplitMix rng(7);
  OdMatrix demand(60, 60);
  for (Eigen::Index i = 0; i < demand.size(); ++i) demand.data()[i] = 5.0 * rng.uniform();
  auto run = [&](int threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                           static_cast<std::size_t>(threads));
    return assign_transit(net, p, demand);
  };
  const auto a = run(1);
  const auto b = run(2);
  EXPECT_GT(a.assigned_demand, 0.0);
  EXPECT_EQ(a.loads.arc_volume, b.loads.arc_volume);
  EXPECT_EQ(a.loads.line_boardings, b.loads.line_boardings);
  EXPECT_EQ(a.total_generalized_cost, b.total_generalized_cost);
  EXPECT_EQ(a.total_wait_min, b.total_wait_min);
  EXPECT_EQ(a.unassigned_demand, b.unassigned_demand);
  EXPECT_TRUE(a.skims.generalized_cost.cwiseEqual(b.skims.generalized_cost).all());
  EXPECT_TRUE(a.skims.wait_min.cwiseEqual(b.skims.wait_min).all());
}

TEST(Assignment, DailyRidershipExpansion) {
  TransitData data;
  data.lines.resize(2);
  data.lines[0].service_hours = 18.0;
  data.lines[1].service_hours = 3.0;  // a peak-only line
  TransitLoads peak;
  TransitLoads off;
  peak.line_boardings = {100.0, 40.0};
  off.line_boardings = {30.0, 0.0};
  const auto daily = daily_line_ridership(data, peak, off, {.peak_hours_per_day = 5.0});
  EXPECT_DOUBLE_EQ(daily[0], 100.0 * 5.0 + 30.0 * 13.0);
  EXPECT_DOUBLE_EQ(daily[1], 40.0 * 3.0);
}

TEST(Assignment, RejectsDemandOfTheWrongSize) {
  const auto f = test::paper_example();
  const auto p = test::paper_params();
  const auto net = build_transit_network(f.data, f.zones, p, Period::peak);
  EXPECT_THROW(assign_transit(net, p, OdMatrix::Zero(3, 3)), Error);
  OdMatrix neg = OdMatrix::Zero(4, 4);
  neg(0, 1) = -1.0;
  EXPECT_THROW(assign_transit(net, p, neg), Error);
}

}  // namespace
}  // namespace corridor::transit
