#include "paths/dijkstra.hpp"

#include <algorithm>
#include <cassert>

namespace corridor::paths {
namespace {

constexpr std::uint32_t kSettled = std::numeric_limits<std::uint32_t>::max();

// D-ary min-heap over ws.heap_ with positions in the node labels (decrease-key).
template <unsigned D>
struct DaryHeap {
  DijkstraWorkspace& ws;

  void place(std::size_t i, DijkstraWorkspace::HeapEntry e) {
    ws.heap_[i] = e;
    ws.label_[e.node].pos = static_cast<std::uint32_t>(i);
  }
  void sift_up(std::size_t i, DijkstraWorkspace::HeapEntry e) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / D;
      if (ws.heap_[parent].key <= e.key) break;
      place(i, ws.heap_[parent]);
      i = parent;
    }
    place(i, e);
  }
  void sift_down(std::size_t i, DijkstraWorkspace::HeapEntry e) {
    const std::size_t n = ws.heap_.size();
    for (;;) {
      const std::size_t first = D * i + 1;
      if (first >= n) break;
      const std::size_t last = std::min(first + D, n);
      std::size_t best = first;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (ws.heap_[c].key < ws.heap_[best].key) best = c;
      }
      if (ws.heap_[best].key >= e.key) break;
      place(i, ws.heap_[best]);
      i = best;
    }
    place(i, e);
  }
  [[nodiscard]] bool empty() const { return ws.heap_.empty(); }
  void push(std::uint32_t v, double key) {
    ws.heap_.push_back({key, v});
    sift_up(ws.heap_.size() - 1, {key, v});
  }
  void decrease(std::uint32_t v, double key) { sift_up(ws.label_[v].pos, {key, v}); }
  DijkstraWorkspace::HeapEntry pop() {
    const auto top = ws.heap_.front();
    const auto last = ws.heap_.back();
    ws.heap_.pop_back();
    if (!ws.heap_.empty()) sift_down(0, last);
    ws.label_[top.node].pos = kSettled;
    return top;
  }
};

template <unsigned D>
void run_dary(const network::RoadNetwork& net, std::span<const double> cost, std::uint32_t origin,
              const double* zone_demand, std::uint32_t zones_needed, DijkstraWorkspace& ws) {
  const std::uint32_t* off = net.out_offsets().data();
  const std::uint32_t* head = net.heads().data();
  const double* c = cost.data();
  const std::uint32_t first_thru = net.first_thru_node();
  const std::uint32_t zones = net.zone_count();
  const std::uint32_t round = ws.round_;
  DijkstraWorkspace::Label* label = ws.label_.data();
  std::uint32_t* pred = ws.pred_.data();
  DaryHeap<D> heap{ws};

  label[origin] = {0.0, round, 0};
  pred[origin] = kNoLink;
  heap.push(origin, 0.0);
  while (!heap.empty()) {
    const auto [du, u] = heap.pop();
    ws.settled_[ws.settled_count_++] = u;
    if (zone_demand != nullptr && u < zones && u != origin && zone_demand[u] > 0.0 &&
        --zones_needed == 0) {
      break;
    }
    if (u < first_thru && u != origin) continue;  // zone centroid: a path may end here only
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + c[a];
      auto& lv = label[v];
      if (lv.stamp != round) {
        if (!(nd < kUnreachable)) continue;
        lv.stamp = round;
        lv.dist = nd;
        pred[v] = a;
        heap.push(v, nd);
      } else if (nd < lv.dist && lv.pos != kSettled) {
        lv.dist = nd;
        pred[v] = a;
        heap.decrease(v, nd);
      }
    }
  }
}

// The default kernel: 4-ary heap over ws.heap_keys() / ws.heap_nodes_ (layout described in
// dijkstra.hpp), slots kRoot .. end-1 in use, positions kept in the node labels (decrease-key).
// Pop moves the hole from the root down along the smallest children to a leaf, each level a
// branch-free minimum of four aligned keys, then sifts the heap's last entry up from that leaf
// (Floyd's bottom-up sift: the last entry usually belongs near the bottom).
constexpr std::size_t kRoot = 3;

struct SplitHeap {
  double* key;
  std::uint32_t* node;
  DijkstraWorkspace::Label* label;
  std::size_t end = kRoot;  // one past the last used slot

  static std::size_t parent(std::size_t p) { return (p + 8) / 4; }
  static std::size_t first_child(std::size_t p) { return 4 * p - 8; }

  void place(std::size_t p, double k, std::uint32_t v) {
    key[p] = k;
    node[p] = v;
    label[v].pos = static_cast<std::uint32_t>(p);
  }
  void sift_up(std::size_t p, double k, std::uint32_t v) {
    while (p > kRoot) {
      const std::size_t q = parent(p);
      if (key[q] <= k) break;
      place(p, key[q], node[q]);
      p = q;
    }
    place(p, k, v);
  }
  [[nodiscard]] bool empty() const { return end == kRoot; }
  void push(std::uint32_t v, double k) { sift_up(end++, k, v); }
  void decrease(std::uint32_t v, double k) { sift_up(label[v].pos, k, v); }
  // Removes the minimum; returns its node (its key is the node's label distance).
  std::uint32_t pop() {
    const std::uint32_t top = node[kRoot];
    label[top].pos = kSettled;
    const std::size_t last = --end;
    const double k = key[last];
    const std::uint32_t v = node[last];
    key[last] = kUnreachable;
    if (last == kRoot) return top;
    std::size_t hole = kRoot;
    for (;;) {
      const std::size_t c = first_child(hole);
      const double* g = key + c;
      // Index arithmetic instead of ?: so that GCC emits no (unpredictable) branch.
      const std::size_t i01 = g[1] < g[0];
      const std::size_t i23 = g[3] < g[2];
      const double m01 = std::min(g[0], g[1]);
      const double m23 = std::min(g[2], g[3]);
      const std::size_t r = m23 < m01;
      const double m = std::min(m01, m23);
      if (!(m < kUnreachable)) break;  // no children: the hole is a leaf
      const std::size_t best = c + i01 + r * (2 + i23 - i01);
      place(hole, m, node[best]);
      hole = best;
    }
    sift_up(hole, k, v);
    return top;
  }
};

void run_split(const network::RoadNetwork& net, std::span<const double> cost, std::uint32_t origin,
               const double* zone_demand, std::uint32_t zones_needed, DijkstraWorkspace& ws) {
  const std::uint32_t* off = net.out_offsets().data();
  const std::uint32_t* head = net.heads().data();
  const double* c = cost.data();
  const std::uint32_t first_thru = net.first_thru_node();
  const std::uint32_t zones = zone_demand != nullptr ? net.zone_count() : 0;
  const std::uint32_t round = ws.round_;
  DijkstraWorkspace::Label* label = ws.label_.data();
  std::uint32_t* pred = ws.pred_.data();
  std::uint32_t* settled = ws.settled_.data();
  std::size_t settled_count = 0;
  SplitHeap heap{ws.heap_keys(), ws.heap_nodes_.data(), label};
  // Leaves the heap's unused slots at +inf when the search stops early.
  const auto finish = [&] {
    std::fill(heap.key + kRoot, heap.key + heap.end, kUnreachable);
    ws.settled_count_ = settled_count;
  };
  label[origin] = {0.0, round, 0};
  pred[origin] = kNoLink;
  heap.push(origin, 0.0);
  // The origin is expanded even when it is a zone centroid.
  std::uint32_t u = heap.pop();
  settled[settled_count++] = u;
  for (;;) {
    const double du = label[u].dist;
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + c[a];
      auto& lv = label[v];
      if (lv.stamp != round) {
        if (!(nd < kUnreachable)) continue;
        lv.stamp = round;
        lv.dist = nd;
        pred[v] = a;
        heap.push(v, nd);
      } else if (nd < lv.dist && lv.pos != kSettled) {
        lv.dist = nd;
        pred[v] = a;
        heap.decrease(v, nd);
      }
    }
    // Next node to expand: settle zone centroids below first_thru on the way (reached, not
    // passed through), and stop once every zone with demand is settled.
    for (;;) {
      if (heap.empty()) {
        finish();
        return;
      }
      u = heap.pop();
      settled[settled_count++] = u;
      if (u < zones && zone_demand[u] > 0.0 && --zones_needed == 0) {
        finish();
        return;
      }
      if (u >= first_thru) break;
    }
  }
}

// Plain binary heap with lazy deletion (std::push_heap/pop_heap on the workspace's storage):
// a node may sit in the heap several times; stale entries are skipped when popped.
void run_lazy(const network::RoadNetwork& net, std::span<const double> cost, std::uint32_t origin,
              DijkstraWorkspace& ws) {
  using Entry = DijkstraWorkspace::HeapEntry;
  const auto later = [](const Entry& a, const Entry& b) { return a.key > b.key; };
  auto& queue = ws.heap_;
  const auto off = net.out_offsets();
  const auto head = net.heads();
  const std::uint32_t first_thru = net.first_thru_node();
  const std::uint32_t round = ws.round_;
  auto& label = ws.label_;
  label[origin] = {0.0, round, 0};
  ws.pred_[origin] = kNoLink;
  queue.push_back({0.0, origin});
  while (!queue.empty()) {
    std::pop_heap(queue.begin(), queue.end(), later);
    const Entry top = queue.back();
    queue.pop_back();
    const std::uint32_t u = top.node;
    const double du = top.key;
    if (label[u].pos == kSettled || du > label[u].dist) continue;
    label[u].pos = kSettled;
    ws.settled_[ws.settled_count_++] = u;
    if (u < first_thru && u != origin) continue;
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + cost[a];
      auto& lv = label[v];
      if (lv.stamp != round) {
        if (!(nd < kUnreachable)) continue;
        lv.stamp = round;
        lv.pos = 0;
      } else if (!(nd < lv.dist) || lv.pos == kSettled) {
        continue;
      }
      lv.dist = nd;
      ws.pred_[v] = a;
      queue.push_back({nd, v});
      std::push_heap(queue.begin(), queue.end(), later);
    }
  }
}

void check(const network::RoadNetwork& net, std::span<const double> link_cost, std::uint32_t origin,
           const DijkstraWorkspace& ws) {
  assert(ws.node_count() == net.node_count());
  assert(link_cost.size() == net.link_count());
  assert(origin < net.node_count());
  (void)net, (void)link_cost, (void)origin, (void)ws;
}

}  // namespace

DijkstraWorkspace::DijkstraWorkspace(std::uint32_t node_count)
    : label_(node_count, Label{kUnreachable, 0, 0}),
      pred_(node_count, kNoLink),
      key_slots_(std::size_t{node_count} * 4 + 16, kUnreachable),
      heap_nodes_(std::size_t{node_count} + kRoot + 1, 0) {
  settled_.resize(node_count);
  heap_.reserve(node_count);
  // heap_keys() + 4 (the root's first child) on a 32-byte boundary.
  const auto addr = reinterpret_cast<std::uintptr_t>(key_slots_.data() + 4);
  key_offset_ = ((32 - addr % 32) % 32) / sizeof(double);
}

void DijkstraWorkspace::next_round() {
  ++round_;
  if (round_ == 0) {  // wrapped: clear the stamps once
    for (auto& l : label_) l.stamp = 0;
    round_ = 1;
  }
  settled_count_ = 0;
  heap_.clear();
}

void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws) {
  check(net, link_cost, origin, ws);
  ws.next_round();
  run_split(net, link_cost, origin, nullptr, 0, ws);
}

void shortest_path_tree_to_zones(const network::RoadNetwork& net, std::span<const double> link_cost,
                                 std::uint32_t origin, std::span<const double> zone_demand,
                                 DijkstraWorkspace& ws) {
  check(net, link_cost, origin, ws);
  assert(zone_demand.size() == net.zone_count());
  ws.next_round();
  std::uint32_t needed = 0;
  for (std::uint32_t d = 0; d < zone_demand.size(); ++d)
    needed += (d != origin && zone_demand[d] > 0.0);
  if (needed == 0) return;
  run_split(net, link_cost, origin, zone_demand.data(), needed, ws);
}

void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws, HeapKind heap) {
  check(net, link_cost, origin, ws);
  ws.next_round();
  switch (heap) {
    case HeapKind::binary:
      run_dary<2>(net, link_cost, origin, nullptr, 0, ws);
      break;
    case HeapKind::quaternary:
      run_split(net, link_cost, origin, nullptr, 0, ws);
      break;
    case HeapKind::quaternary_pairs:
      run_dary<4>(net, link_cost, origin, nullptr, 0, ws);
      break;
    case HeapKind::lazy_binary:
      run_lazy(net, link_cost, origin, ws);
      break;
  }
}

}  // namespace corridor::paths
