#include "paths/loading_search.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

#include "paths/split_heap.hpp"

namespace corridor::paths {

using detail::kArity;
using detail::kInfKey;
using detail::kNotQueued;
using detail::kRoot;
using detail::kSettled;

namespace {
std::uint32_t max_out_degree(const network::RoadNetwork& net) {
  const auto off = net.out_offsets();
  std::uint32_t most = 0;
  for (std::uint32_t u = 0; u < net.node_count(); ++u) most = std::max(most, off[u + 1] - off[u]);
  return most;
}
}  // namespace

LoadingWorkspace::LoadingWorkspace(const network::RoadNetwork& net)
    : LoadingWorkspace(net.node_count(), net.zone_count(), max_out_degree(net)) {}

LoadingWorkspace::LoadingWorkspace(std::uint32_t node_count, std::uint32_t zone_count,
                                   std::uint32_t max_out_degree)
    : dist_(node_count, kUnreachable),
      slot_(node_count, kNotQueued),
      pred_(node_count, kNoLink),
      settled_(node_count),
      key_slots_(std::size_t{node_count} + 4 * kArity, kInfKey),
      heap_nodes_(std::size_t{node_count} + kRoot + 1, 0),
      heap_end_(kRoot),
      lowered_(max_out_degree),
      destinations_(zone_count),
      wanted_(zone_count, 0) {
  // heap_keys() + kArity (the root's first child) on a kArity * 8 byte boundary.
  constexpr std::size_t kAlign = kArity * sizeof(HeapKey);
  const auto addr = reinterpret_cast<std::uintptr_t>(key_slots_.data() + kArity);
  key_offset_ = ((kAlign - addr % kAlign) % kAlign) / sizeof(HeapKey);
}

void LoadingWorkspace::reset() {
  const auto fresh = [this](std::uint32_t v) {  // pred_ is read only where dist_ is finite
    dist_[v] = kUnreachable;
    slot_[v] = kNotQueued;
  };
  for (std::size_t i = 0; i < settled_count_; ++i) fresh(settled_[i]);
  HeapKey* key = heap_keys();
  for (std::size_t p = kRoot; p < heap_end_; ++p) {
    fresh(heap_nodes_[p]);
    key[p] = kInfKey;
  }
  for (std::size_t i = 0; i < leaf_count_; ++i) fresh(settled_[settled_.size() - 1 - i]);
  settled_count_ = 0;
  destination_count_ = 0;
  leaf_count_ = 0;
  heap_end_ = kRoot;
}

// The steps of run_split_leaves (paths/dijkstra.cpp, where they are explained), over the
// workspace's separate arrays.
void loading_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                  std::uint32_t origin, std::span<const double> zone_demand,
                  std::span<const std::uint8_t> leaf_flag, LoadingWorkspace& ws) {
  assert(ws.node_count() == net.node_count() && link_cost.size() == net.link_count());
  assert(zone_demand.size() == net.zone_count() && leaf_flag.size() == net.node_count());
  assert(origin < net.node_count() && ws.lowered_.size() >= max_out_degree(net));
  ws.reset();
  const std::uint32_t zones = net.zone_count();
  const double* demand = zone_demand.data();
  const std::uint8_t* leaf = leaf_flag.data();
  // The zones with demand, listed without a branch per zone (whether a zone has trips is a coin
  // toss for the branch predictor on dense rows), and flagged for the leaf relaxations.
  std::uint32_t* dest = ws.destinations_.data();
  std::uint8_t* wanted = ws.wanted_.data();
  std::uint32_t count = 0;
  std::uint32_t leaves_needed = 0;
  for (std::uint32_t d = 0; d < zones; ++d) {
    const bool want = d != origin && demand[d] > 0.0;
    dest[count] = d;
    count += want;
    wanted[d] = static_cast<std::uint8_t>(want);
    leaves_needed += want & (leaf[d] != 0);
  }
  ws.destination_count_ = count;
  std::uint32_t through_needed = count - leaves_needed;
  if (count == 0) return;

  const std::uint32_t* off = net.out_offsets().data();
  const std::uint32_t* head = net.heads().data();
  const double* c = link_cost.data();
  double* dist = ws.dist_.data();
  std::uint32_t* pred = ws.pred_.data();
  std::uint32_t* slot = ws.slot_.data();
  std::uint32_t* buffer = ws.lowered_.data();
  std::uint32_t* settled = ws.settled_.data();
  std::uint32_t* leaves = ws.settled_.data() + ws.settled_.size();  // filled downwards
  std::size_t settled_count = 0;
  std::size_t leaf_count = 0;
  double bound = 0.0;  // largest distance ever given to a leaf with demand
  detail::SplitHeap<kArity, detail::SlotInArray> heap{
      ws.heap_keys(), ws.heap_nodes_.data(), {ws.slot_.data()}};
  const auto finish = [&] {
    ws.settled_count_ = settled_count;
    ws.leaf_count_ = leaf_count;
    ws.heap_end_ = heap.end;
  };
  const auto needed = [&](std::uint32_t v) { return v < zones && wanted[v] != 0; };

  dist[origin] = 0.0;
  pred[origin] = kNoLink;
  heap.push_or_decrease(origin, 0.0);
  std::uint32_t u = heap.pop();  // the origin is expanded even when it is a leaf
  settled[settled_count++] = u;
  for (;;) {
    const double du = dist[u];
    // Relax u's links without a branch on the outcome, noting those that lowered a distance;
    // then, in link order, queue their heads or do the leaves' bookkeeping. The heap sees the
    // same operations in the same order as when relaxing one link at a time: they read no
    // distance, and a node lowered twice (parallel links) is pushed and then decreased as before.
    std::uint32_t lowered = 0;
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + c[a];
      const bool lower = nd < dist[v];  // false for +inf costs and settled nodes (the origin)
      // Selections by mask: the compiler turns a ?: here back into a branch.
      const std::uint64_t keep = static_cast<std::uint64_t>(lower) - 1;  // all ones if !lower
      dist[v] = std::bit_cast<double>((std::bit_cast<std::uint64_t>(dist[v]) & keep) |
                                      (std::bit_cast<std::uint64_t>(nd) & ~keep));
      const auto keep32 = static_cast<std::uint32_t>(keep);
      pred[v] = (pred[v] & keep32) | (a & ~keep32);
      buffer[lowered] = a;
      lowered += lower;
    }
    for (std::uint32_t j = 0; j < lowered; ++j) {
      const std::uint32_t a = buffer[j];
      const std::uint32_t v = head[a];
      const double nd = du + c[a];
      if (leaf[v] == 0) {
        assert(slot[v] != kSettled);
        heap.push_or_decrease(v, nd);
        continue;
      }
      const bool want = needed(v);
      if (slot[v] == kNotQueued) {  // first reached (a leaf's slot only marks it as listed)
        slot[v] = kSettled;
        *--leaves = v;
        ++leaf_count;
        leaves_needed -= want;
      }
      bound = std::max(bound, want ? nd : 0.0);
    }
    if (heap.empty()) return finish();
    u = heap.pop();
    settled[settled_count++] = u;
    if (needed(u)) --through_needed;
    if (through_needed == 0 && leaves_needed == 0 && !(dist[u] < bound)) return finish();
  }
}

}  // namespace corridor::paths
