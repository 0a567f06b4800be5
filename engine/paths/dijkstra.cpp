#include "paths/dijkstra.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

#include "paths/split_heap.hpp"

namespace corridor::paths {
namespace {

using detail::kArity;
using detail::Key;
using detail::kInfKey;
using detail::kNotQueued;
using detail::kRoot;
using detail::kSettled;
using detail::Label;
using detail::SplitHeap;

// D-ary min-heap of (key, node) pairs over ws.heap_ with positions in the node labels
// (decrease-key), compare-and-branch sifts: the previous default (D = 4) and the binary heap.
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
              DijkstraWorkspace& ws) {
  const std::uint32_t* off = net.out_offsets().data();
  const std::uint32_t* head = net.heads().data();
  const double* c = cost.data();
  const std::uint32_t first_thru = net.first_thru_node();
  Label* label = ws.label_.data();
  DaryHeap<D> heap{ws};

  label[origin].dist = 0.0;
  heap.push(origin, 0.0);
  while (!heap.empty()) {
    const auto [du, u] = heap.pop();
    ws.settled_[ws.settled_count_++] = u;
    if (u < first_thru && u != origin) continue;  // zone centroid: a path may end here only
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + c[a];
      auto& lv = label[v];
      if (!(nd < lv.dist)) continue;
      assert(lv.pos != kSettled);  // costs are non-negative
      lv.dist = nd;
      lv.pred = a;
      if (lv.pos == kNotQueued) {
        heap.push(v, nd);
      } else {
        heap.decrease(v, nd);
      }
    }
  }
}

// Plain binary heap with lazy deletion (std::push_heap/pop_heap on the workspace's storage):
// a node may sit in the heap several times, with strictly decreasing keys; entries whose key
// exceeds the node's distance are stale and skipped when popped.
void run_lazy(const network::RoadNetwork& net, std::span<const double> cost, std::uint32_t origin,
              DijkstraWorkspace& ws) {
  using Entry = DijkstraWorkspace::HeapEntry;
  const auto later = [](const Entry& a, const Entry& b) { return a.key > b.key; };
  auto& queue = ws.heap_;
  const auto off = net.out_offsets();
  const auto head = net.heads();
  const std::uint32_t first_thru = net.first_thru_node();
  auto& label = ws.label_;
  label[origin].dist = 0.0;
  queue.push_back({0.0, origin});
  while (!queue.empty()) {
    std::pop_heap(queue.begin(), queue.end(), later);
    const Entry top = queue.back();
    queue.pop_back();
    const std::uint32_t u = top.node;
    const double du = top.key;
    if (du > label[u].dist) continue;
    label[u].pos = kSettled;
    ws.settled_[ws.settled_count_++] = u;
    if (u < first_thru && u != origin) continue;
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + cost[a];
      auto& lv = label[v];
      if (!(nd < lv.dist)) continue;
      lv.dist = nd;
      lv.pred = a;
      queue.push_back({nd, v});
      std::push_heap(queue.begin(), queue.end(), later);
    }
  }
}

void run_split(const network::RoadNetwork& net, std::span<const double> cost, std::uint32_t origin,
               const double* zone_demand, std::uint32_t zones_needed, DijkstraWorkspace& ws) {
  const std::uint32_t* off = net.out_offsets().data();
  const std::uint32_t* head = net.heads().data();
  const double* c = cost.data();
  const std::uint32_t first_thru = net.first_thru_node();
  const std::uint32_t zones = zone_demand != nullptr ? net.zone_count() : 0;
  Label* label = ws.label_.data();
  std::uint32_t* settled = ws.settled_.data();
  std::size_t settled_count = 0;
  SplitHeap<kArity> heap{ws.heap_keys(), ws.heap_nodes_.data(), label};
  const auto finish = [&] {
    ws.settled_count_ = settled_count;
    ws.heap_end_ = heap.end;
  };

  label[origin].dist = 0.0;
  heap.push_or_decrease(origin, 0.0);
  // The origin is expanded even when it is a zone centroid.
  std::uint32_t u = heap.pop();
  settled[settled_count++] = u;
  for (;;) {
    const double du = label[u].dist;
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + c[a];
      auto& lv = label[v];
      if (!(nd < lv.dist)) continue;  // also skips +inf costs and settled nodes
      assert(lv.pos != kSettled);     // costs are non-negative
      lv.dist = nd;
      lv.pred = a;
      heap.push_or_decrease(v, nd);
    }
    // Next node to expand: settle zone centroids below first_thru on the way (reached, not
    // passed through), and stop once every zone with demand is settled.
    for (;;) {
      if (heap.empty()) return finish();
      u = heap.pop();
      settled[settled_count++] = u;
      if (u < zones && zone_demand[u] > 0.0 && --zones_needed == 0) return finish();
      if (u >= first_thru) break;
    }
  }
}

// The loading search (shortest_path_tree_to_zones_leaves in dijkstra.hpp): run_split with a
// zone_demand, except that nodes flagged as leaves (other than the origin) never enter the heap.
// A leaf is never expanded, so no label depends on it, and its own label, set by relaxations only,
// is final once the heap's smallest key is >= it. Leaves are listed from the back of ws.settled_
// when first reached (reset() clears them). The search stops when every zone with demand that is
// not a leaf is settled and every leaf zone with demand is reached and final: `bound` is the
// largest label ever given to a leaf with demand, so it bounds their current labels from above.
void run_split_leaves(const network::RoadNetwork& net, std::span<const double> cost,
                      std::uint32_t origin, const double* zone_demand, const std::uint8_t* leaf,
                      std::uint32_t through_needed, std::uint32_t leaves_needed,
                      DijkstraWorkspace& ws) {
  const std::uint32_t* off = net.out_offsets().data();
  const std::uint32_t* head = net.heads().data();
  const double* c = cost.data();
  const std::uint32_t zones = net.zone_count();
  Label* label = ws.label_.data();
  std::uint32_t* settled = ws.settled_.data();
  std::uint32_t* leaves = ws.settled_.data() + ws.settled_.size();  // filled downwards
  std::size_t settled_count = 0;
  std::size_t leaf_count = 0;
  double bound = 0.0;
  SplitHeap<kArity> heap{ws.heap_keys(), ws.heap_nodes_.data(), label};
  const auto finish = [&] {
    ws.settled_count_ = settled_count;
    ws.leaf_count_ = leaf_count;
    ws.heap_end_ = heap.end;
  };
  const auto needed = [&](std::uint32_t v) { return v < zones && zone_demand[v] > 0.0; };

  label[origin].dist = 0.0;
  heap.push_or_decrease(origin, 0.0);
  std::uint32_t u = heap.pop();  // the origin is expanded even when it is a leaf
  settled[settled_count++] = u;
  for (;;) {
    const double du = label[u].dist;
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + c[a];
      auto& lv = label[v];
      if (!(nd < lv.dist)) continue;  // also skips +inf costs and settled nodes (the origin)
      assert(lv.pos != kSettled);     // costs are non-negative
      if (leaf[v] != 0) {
        if (lv.dist == kUnreachable) {
          *--leaves = v;
          ++leaf_count;
          if (needed(v)) --leaves_needed;
        }
        if (needed(v)) bound = std::max(bound, nd);
        lv.dist = nd;
        lv.pred = a;
        continue;
      }
      lv.dist = nd;
      lv.pred = a;
      heap.push_or_decrease(v, nd);
    }
    if (heap.empty()) return finish();
    u = heap.pop();
    settled[settled_count++] = u;
    if (needed(u)) --through_needed;
    if (through_needed == 0 && leaves_needed == 0 && !(label[u].dist < bound)) return finish();
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
    : label_(node_count, Label{kUnreachable, kNotQueued, kNoLink}),
      settled_(node_count),
      key_slots_(std::size_t{node_count} + 4 * kArity, kInfKey),
      heap_nodes_(std::size_t{node_count} + kRoot + 1, 0) {
  heap_.reserve(node_count);
  heap_end_ = kRoot;
  // heap_keys() + kArity (the root's first child) on a kArity * 8 byte boundary.
  constexpr std::size_t kAlign = kArity * sizeof(Key);
  const auto addr = reinterpret_cast<std::uintptr_t>(key_slots_.data() + kArity);
  key_offset_ = ((kAlign - addr % kAlign) % kAlign) / sizeof(Key);
}

void DijkstraWorkspace::reset() {
  constexpr Label kFresh{kUnreachable, kNotQueued, kNoLink};
  for (std::size_t i = 0; i < settled_count_; ++i) label_[settled_[i]] = kFresh;
  HeapKey* key = heap_keys();
  for (std::size_t p = kRoot; p < heap_end_; ++p) {
    label_[heap_nodes_[p]] = kFresh;
    key[p] = kInfKey;
  }
  for (const auto& e : heap_) label_[e.node] = kFresh;
  for (std::size_t i = 0; i < leaf_count_; ++i) label_[settled_[settled_.size() - 1 - i]] = kFresh;
  settled_count_ = 0;
  leaf_count_ = 0;
  heap_end_ = kRoot;
  heap_.clear();
}

void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws) {
  check(net, link_cost, origin, ws);
  ws.reset();
  run_split(net, link_cost, origin, nullptr, 0, ws);
}

void shortest_path_tree_to_zones(const network::RoadNetwork& net, std::span<const double> link_cost,
                                 std::uint32_t origin, std::span<const double> zone_demand,
                                 DijkstraWorkspace& ws) {
  check(net, link_cost, origin, ws);
  assert(zone_demand.size() == net.zone_count());
  ws.reset();
  std::uint32_t needed = 0;
  for (std::uint32_t d = 0; d < zone_demand.size(); ++d)
    needed += (d != origin && zone_demand[d] > 0.0);
  if (needed == 0) return;
  run_split(net, link_cost, origin, zone_demand.data(), needed, ws);
}

std::vector<std::uint8_t> leaf_nodes(const network::RoadNetwork& net) {
  const std::uint32_t n = net.node_count();
  constexpr std::uint32_t kNone = ~0u, kMany = kNone - 1;
  std::vector<std::uint32_t> neighbour(n, kNone);  // the one neighbour, or kMany
  auto meet = [&](std::uint32_t v, std::uint32_t w) {
    auto& x = neighbour[v];
    x = x == kNone || x == w ? w : kMany;
  };
  const auto heads = net.heads();
  const auto tails = net.tails();
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    meet(tails[a], heads[a]);
    meet(heads[a], tails[a]);
  }
  std::vector<std::uint8_t> leaf(n, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    leaf[v] = !net.passable(v) || (neighbour[v] != kMany && neighbour[v] != v);
  }
  return leaf;
}

void shortest_path_tree_to_zones_leaves(const network::RoadNetwork& net,
                                        std::span<const double> link_cost, std::uint32_t origin,
                                        std::span<const double> zone_demand,
                                        std::span<const std::uint8_t> leaf, DijkstraWorkspace& ws) {
  check(net, link_cost, origin, ws);
  assert(zone_demand.size() == net.zone_count() && leaf.size() == net.node_count());
  ws.reset();
  std::uint32_t through = 0;
  std::uint32_t leaves = 0;
  for (std::uint32_t d = 0; d < zone_demand.size(); ++d) {
    if (d == origin || !(zone_demand[d] > 0.0)) continue;
    (leaf[d] != 0 ? leaves : through) += 1;
  }
  if (through + leaves == 0) return;
  run_split_leaves(net, link_cost, origin, zone_demand.data(), leaf.data(), through, leaves, ws);
}

void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws, HeapKind heap) {
  check(net, link_cost, origin, ws);
  ws.reset();
  switch (heap) {
    case HeapKind::binary:
      run_dary<2>(net, link_cost, origin, ws);
      break;
    case HeapKind::quaternary:
      run_split(net, link_cost, origin, nullptr, 0, ws);
      break;
    case HeapKind::lazy_binary:
      run_lazy(net, link_cost, origin, ws);
      break;
    case HeapKind::quaternary_pairs:
      run_dary<4>(net, link_cost, origin, ws);
      break;
  }
}

}  // namespace corridor::paths
