#include "transit/strategy.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace corridor::transit {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// 4-ary min-heap of nodes keyed on (u[node], node): deterministic order, decrease-key in place.
// Entries carry a copy of the key so sifting touches only the heap array.
class NodeHeap {
 public:
  using Entry = StrategyWorkspace::HeapEntry;
  explicit NodeHeap(StrategyWorkspace& ws) : h_(ws.heap), pos_(ws.heap_pos.data()) {}
  [[nodiscard]] bool empty() const { return h_.empty(); }
  void push_or_decrease(std::uint32_t v, double key) {
    if (pos_[v] == kNone) {
      pos_[v] = static_cast<std::uint32_t>(h_.size());
      h_.push_back({key, v});
    }
    up(pos_[v], {key, v});
  }
  std::uint32_t pop() {
    const std::uint32_t top = h_.front().node;
    pos_[top] = kNone;
    const Entry last = h_.back();
    h_.pop_back();
    if (!h_.empty()) down(last);
    return top;
  }

 private:
  static bool less(const Entry& a, const Entry& b) {
    return a.key < b.key || (a.key == b.key && a.node < b.node);
  }
  void place(std::size_t i, const Entry& e) {
    h_[i] = e;
    pos_[e.node] = static_cast<std::uint32_t>(i);
  }
  void up(std::size_t i, Entry e) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!less(e, h_[parent])) break;
      place(i, h_[parent]);
      i = parent;
    }
    place(i, e);
  }
  void down(Entry e) {
    std::size_t i = 0;
    const std::size_t n = h_.size();
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = std::min(first + 4, n);
      for (std::size_t c = first + 1; c < end; ++c) {
        if (less(h_[c], h_[best])) best = c;
      }
      if (!less(h_[best], e)) break;
      place(i, h_[best]);
      i = best;
    }
    place(i, e);
  }

  std::vector<Entry>& h_;
  std::uint32_t* pos_;
};

// Expected wait (minutes) at a node with combined frequency F of attractive boarding arcs.
double wait_minutes(const WaitModel& w, double scale, double F) {
  return w.wait_factor * scale / F;
}

}  // namespace

StrategyWorkspace::StrategyWorkspace(const TransitNetwork& net)
    : u(net.node_count, kInf),
      board_u(net.node_count, kInf),
      regular_u(net.node_count, kInf),
      freq(net.node_count, 0.0),
      numer(net.node_count, 0.0),
      regular_arc(net.node_count, kNone),
      in_strategy(net.arc_count(), 0),
      settled(net.node_count, 0),
      node_volume(net.node_count, 0.0),
      tag_volume(kRailAccessCount * net.node_count, 0.0) {
  settle_order.reserve(net.node_count);
  heap.reserve(net.node_count);
  heap_pos.assign(net.node_count, kNone);
}

const char* rail_access_name(RailAccess a) {
  switch (a) {
    case RailAccess::walk:
      return "walk";
    case RailAccess::bike:
      return "bike";
    case RailAccess::car:
      return "car";
    case RailAccess::pt_feeder:
      return "pt_feeder";
  }
  return "?";
}

void compute_strategy(const TransitNetwork& net, const WaitModel& wait, std::uint32_t dest_zone,
                      StrategyWorkspace& ws) {
  assert(dest_zone < net.zone_count);
  std::fill(ws.u.begin(), ws.u.end(), kInf);
  std::fill(ws.board_u.begin(), ws.board_u.end(), kInf);
  std::fill(ws.regular_u.begin(), ws.regular_u.end(), kInf);
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
  const double wait_cost = wait.wait_weight * wait.wait_factor;
  NodeHeap heap(ws);

  ws.u[dest_zone] = 0.0;
  heap.push_or_decrease(dest_zone, 0.0);
  while (!heap.empty()) {
    const std::uint32_t j = heap.pop();
    ws.settled[j] = 1;
    ws.settle_order.push_back(j);
    // Final strategy of j: its best regular arc, or its set of attractive boarding arcs.
    if (ws.regular_arc[j] != kNone && !(ws.regular_u[j] <= ws.board_u[j])) {
      ws.regular_arc[j] = kNone;
    }
    if (j < net.zone_count && j != dest_zone) continue;  // zones are not passed through
    const double uj = ws.u[j];
    for (std::uint32_t k = net.in_begin[j]; k < net.in_begin[j + 1]; ++k) {
      const std::uint32_t a = net.in_arcs[k];
      const std::uint32_t i = tail[a];
      if (ws.settled[i]) continue;
      const double v = uj + cost[a];
      if (arc_freq[a] == kRegularArc) {
        if (!(v < ws.regular_u[i])) continue;
        ws.regular_u[i] = v;
        ws.regular_arc[i] = a;
      } else {
        // Boarding arcs of one node share one cost, and heads settle in increasing label, so
        // they arrive here in increasing c_a + u_j: the greedy rule of Spiess & Florian.
        if (!(v < ws.board_u[i])) continue;
        ws.freq[i] += arc_freq[a];
        ws.numer[i] += arc_freq[a] * v;
        ws.board_u[i] = (wait_cost * net.node_wait_scale[i] + ws.numer[i]) / ws.freq[i];
        ws.in_strategy[a] = 1;
      }
      const double best = std::min(ws.regular_u[i], ws.board_u[i]);
      if (best < ws.u[i]) {
        ws.u[i] = best;
        heap.push_or_decrease(i, best);
      }
    }
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
                     double* wait_total, RailAccessVolumes* rail_access) {
  constexpr std::size_t K = kRailAccessCount;
  constexpr std::size_t kFeeder = static_cast<std::size_t>(RailAccess::pt_feeder);
  double unassigned = 0.0;
  for (std::uint32_t o = 0; o < net.zone_count; ++o) {
    if (demand[o] <= 0.0 || o == ws.destination) continue;  // no demand, or the destination itself
    if (ws.u[o] == kInf) {
      unassigned += demand[o];
    } else {
      ws.node_volume[o] = demand[o];
    }
  }
  double* tag = ws.tag_volume.data();
  double waited = 0.0;
  for (auto it = ws.settle_order.rbegin(); it != ws.settle_order.rend(); ++it) {
    const std::uint32_t i = *it;
    const double v = ws.node_volume[i];
    if (v == 0.0) continue;
    ws.node_volume[i] = 0.0;
    std::array<double, K> tv{};
    if (rail_access) {
      for (std::size_t c = 0; c < K; ++c) {
        tv[c] = tag[K * i + c];
        tag[K * i + c] = 0.0;
      }
    }
    if (ws.regular_arc[i] != kNone) {
      const std::uint32_t a = ws.regular_arc[i];
      const std::uint32_t j = net.arc_head[a];
      arc_volume[a] += v;
      ws.node_volume[j] += v;
      if (rail_access) {
        if (net.arc_kind[a] == ArcKind::access) {  // split by the access logit's shares
          const auto& share = net.arc_access_share[a];
          for (std::size_t c = 0; c < share.size(); ++c) tag[K * j + c] += v * share[c];
        } else {
          for (std::size_t c = 0; c < K; ++c) tag[K * j + c] += tv[c];
        }
      }
      continue;
    }
    if (i == ws.destination) continue;  // absorbs its volume
    const double F = ws.freq[i];
    waited += v * wait_minutes(wait, net.node_wait_scale[i], F);
    for (std::uint32_t a = net.out_begin[i]; a < net.out_begin[i + 1]; ++a) {
      if (!ws.in_strategy[a]) continue;
      const double share = net.arc_frequency[a] / F;
      const double x = v * share;
      const std::uint32_t j = net.arc_head[a];
      arc_volume[a] += x;
      ws.node_volume[j] += x;
      if (!rail_access) continue;
      if (net.line_is_rail[net.arc_line[a]]) {
        for (std::size_t c = 0; c < K; ++c) (*rail_access)[c] += share * tv[c];
      } else {
        double tagged = 0.0;
        for (std::size_t c = 0; c < K; ++c) tagged += tv[c];
        tag[K * j + kFeeder] += share * tagged;
      }
    }
  }
  if (wait_total) *wait_total += waited;
  return unassigned;
}

}  // namespace corridor::transit
