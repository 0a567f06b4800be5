#include "transit/strategy.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace corridor::transit {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Min-heap order on (key, id): std::push_heap builds a max-heap, so "less" means "later".
struct Later {
  bool operator()(const StrategyWorkspace::Event& a, const StrategyWorkspace::Event& b) const {
    return a.key > b.key || (a.key == b.key && a.id > b.id);
  }
};

// Expected wait (minutes) at a node with combined frequency F of attractive boarding arcs.
double wait_minutes(const WaitModel& w, double scale, double F) {
  return w.wait_factor * scale / F;
}

}  // namespace

StrategyWorkspace::StrategyWorkspace(const TransitNetwork& net)
    : u(net.node_count, kInf),
      freq(net.node_count, 0.0),
      numer(net.node_count, 0.0),
      regular_arc(net.node_count, kNone),
      in_strategy(net.arc_count(), 0),
      settled(net.node_count, 0),
      node_volume(net.node_count, 0.0) {
  settle_order.reserve(net.node_count);
  heap.reserve(net.arc_count() + net.node_count);
}

void compute_strategy(const TransitNetwork& net, const WaitModel& wait, std::uint32_t dest_zone,
                      StrategyWorkspace& ws) {
  const std::uint32_t N = net.node_count;
  assert(dest_zone < net.zone_count);
  std::fill(ws.u.begin(), ws.u.end(), kInf);
  std::fill(ws.freq.begin(), ws.freq.end(), 0.0);
  std::fill(ws.numer.begin(), ws.numer.end(), 0.0);
  std::fill(ws.regular_arc.begin(), ws.regular_arc.end(), kNone);
  std::fill(ws.in_strategy.begin(), ws.in_strategy.end(), 0);
  std::fill(ws.settled.begin(), ws.settled.end(), 0);
  ws.settle_order.clear();
  ws.heap.clear();
  ws.destination = dest_zone;

  const double* cost = net.arc_cost_min.data();
  const double* arc_freq = net.arc_frequency.data();
  const std::uint32_t* tail = net.arc_tail.data();
  auto push = [&](double key, std::uint32_t id) {
    ws.heap.push_back({key, id});
    std::push_heap(ws.heap.begin(), ws.heap.end(), Later{});
  };

  ws.u[dest_zone] = 0.0;
  push(0.0, dest_zone);
  while (!ws.heap.empty()) {
    std::pop_heap(ws.heap.begin(), ws.heap.end(), Later{});
    const StrategyWorkspace::Event e = ws.heap.back();
    ws.heap.pop_back();
    if (e.id < N) {
      const std::uint32_t j = e.id;
      if (ws.settled[j] || e.key != ws.u[j]) continue;  // stale entry
      ws.settled[j] = 1;
      ws.settle_order.push_back(j);
      if (j < net.zone_count && j != dest_zone) continue;  // zones are not passed through
      for (std::uint32_t k = net.in_begin[j]; k < net.in_begin[j + 1]; ++k) {
        const std::uint32_t a = net.in_arcs[k];
        if (!ws.settled[tail[a]]) push(ws.u[j] + cost[a], N + a);
      }
      continue;
    }
    const std::uint32_t a = e.id - N;
    const std::uint32_t i = tail[a];
    if (ws.settled[i] || !(e.key < ws.u[i])) continue;
    if (arc_freq[a] == kRegularArc) {
      // A regular arc beats the current (waiting) strategy: it replaces the whole set.
      if (ws.freq[i] > 0.0) {
        for (std::uint32_t b = net.out_begin[i]; b < net.out_begin[i + 1]; ++b) {
          ws.in_strategy[b] = 0;
        }
      }
      ws.regular_arc[i] = a;
      ws.freq[i] = kInf;
      ws.u[i] = e.key;
    } else {
      assert(ws.regular_arc[i] == kNone);
      ws.freq[i] += arc_freq[a];
      ws.numer[i] += arc_freq[a] * e.key;
      ws.u[i] = wait.wait_weight * wait_minutes(wait, net.node_wait_scale[i], ws.freq[i]) +
                ws.numer[i] / ws.freq[i];
    }
    ws.in_strategy[a] = 1;
    push(ws.u[i], i);
  }
}

void strategy_components(const TransitNetwork& net, const WaitModel& wait,
                         const StrategyWorkspace& ws, StrategyComponents& out) {
  const std::uint32_t N = net.node_count;
  out.in_vehicle_min.assign(N, kInf);
  out.wait_min.assign(N, kInf);
  out.walk_min.assign(N, kInf);
  out.boardings.assign(N, kInf);
  for (std::uint32_t i : ws.settle_order) {
    if (i == ws.destination) {
      out.in_vehicle_min[i] = out.wait_min[i] = out.walk_min[i] = out.boardings[i] = 0.0;
      continue;  // the destination
    }
    auto arc_part = [&](std::uint32_t a, double& ivt, double& walk) {
      switch (net.arc_kind[a]) {
        case ArcKind::in_vehicle:
          ivt = net.arc_time_min[a];
          break;
        case ArcKind::access:
        case ArcKind::egress:
        case ArcKind::walk:
          walk = net.arc_time_min[a];
          break;
        default:
          break;
      }
    };
    if (ws.regular_arc[i] != kNone) {
      const std::uint32_t a = ws.regular_arc[i];
      const std::uint32_t j = net.arc_head[a];
      double ivt = 0.0;
      double walk = 0.0;
      arc_part(a, ivt, walk);
      out.in_vehicle_min[i] = ivt + out.in_vehicle_min[j];
      out.walk_min[i] = walk + out.walk_min[j];
      out.wait_min[i] = out.wait_min[j];
      out.boardings[i] = out.boardings[j];
      continue;
    }
    const double F = ws.freq[i];
    double ivt = 0.0;
    double wt = 0.0;
    double walk = 0.0;
    double boards = 0.0;
    for (std::uint32_t a = net.out_begin[i]; a < net.out_begin[i + 1]; ++a) {
      if (!ws.in_strategy[a]) continue;
      const double p = net.arc_frequency[a] / F;
      const std::uint32_t j = net.arc_head[a];
      ivt += p * out.in_vehicle_min[j];
      wt += p * out.wait_min[j];
      walk += p * out.walk_min[j];
      boards += p * out.boardings[j];
    }
    out.in_vehicle_min[i] = ivt;
    out.wait_min[i] = wait_minutes(wait, net.node_wait_scale[i], F) + wt;
    out.walk_min[i] = walk;
    out.boardings[i] = 1.0 + boards;
  }
}

double load_strategy(const TransitNetwork& net, const WaitModel& wait, StrategyWorkspace& ws,
                     std::span<const double> demand, std::span<double> arc_volume,
                     double* wait_total) {
  double unassigned = 0.0;
  for (std::uint32_t o = 0; o < net.zone_count; ++o) {
    if (demand[o] <= 0.0 || o == ws.destination) continue;  // no demand, or the destination itself
    if (ws.u[o] == kInf) {
      unassigned += demand[o];
    } else {
      ws.node_volume[o] = demand[o];
    }
  }
  double waited = 0.0;
  for (auto it = ws.settle_order.rbegin(); it != ws.settle_order.rend(); ++it) {
    const std::uint32_t i = *it;
    const double v = ws.node_volume[i];
    if (v == 0.0) continue;
    ws.node_volume[i] = 0.0;
    if (ws.regular_arc[i] != kNone) {
      const std::uint32_t a = ws.regular_arc[i];
      arc_volume[a] += v;
      ws.node_volume[net.arc_head[a]] += v;
      continue;
    }
    if (i == ws.destination) continue;  // absorbs its volume
    const double F = ws.freq[i];
    waited += v * wait_minutes(wait, net.node_wait_scale[i], F);
    for (std::uint32_t a = net.out_begin[i]; a < net.out_begin[i + 1]; ++a) {
      if (!ws.in_strategy[a]) continue;
      const double x = v * (net.arc_frequency[a] / F);
      arc_volume[a] += x;
      ws.node_volume[net.arc_head[a]] += x;
    }
  }
  if (wait_total) *wait_total += waited;
  return unassigned;
}

}  // namespace corridor::transit
