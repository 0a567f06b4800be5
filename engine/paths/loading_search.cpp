#include "paths/loading_search.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

#include "paths/split_heap.hpp"

namespace corridor::paths {

LoadingGraph::LoadingGraph(const network::RoadNetwork& net, std::span<const std::uint8_t> leaf)
    : node_count_(net.node_count()),
      zone_count_(net.zone_count()),
      leaf_(leaf.begin(), leaf.end()) {
  assert(leaf.size() == net.node_count());
  const auto off = net.out_offsets();
  const auto head = net.heads();
  first_.resize(std::size_t{node_count_} + 1);
  split_.resize(node_count_);
  arc_.reserve(net.link_count());
  for (std::uint32_t u = 0; u < node_count_; ++u) {
    first_[u] = static_cast<std::uint32_t>(arc_.size());
    for (int to_leaf = 0; to_leaf < 2; ++to_leaf) {
      if (to_leaf == 1) split_[u] = static_cast<std::uint32_t>(arc_.size());
      for (std::uint32_t a = off[u]; a < off[u + 1]; ++a) {
        if ((leaf[head[a]] != 0) == (to_leaf == 1)) arc_.push_back({kUnreachable, head[a], a});
      }
    }
  }
  first_[node_count_] = static_cast<std::uint32_t>(arc_.size());
  for (std::uint32_t u = 0; u < node_count_; ++u) {
    max_heap_arcs_ = std::max(max_heap_arcs_, split_[u] - first_[u]);
  }
}

void LoadingGraph::gather_costs(std::span<const double> link_cost,
                                std::span<LoadingArc> arcs) const {
  assert(arcs.size() == arc_.size());
  for (std::size_t i = 0; i < arc_.size(); ++i) {
    arcs[i] = {link_cost[arc_[i].link], arc_[i].head, arc_[i].link};
  }
}

// The loop of run_split_leaves (paths/dijkstra.cpp), with the flag test replaced by the arc
// groups: relaxing a node's heap arcs before its leaf arcs changes nothing, since a leaf
// relaxation touches neither the heap nor a heap node's label.
void loading_tree(const LoadingGraph& graph, std::span<const LoadingArc> arcs,
                  std::uint32_t origin, std::span<const double> zone_demand,
                  DijkstraWorkspace& ws) {
  using detail::Label;
  assert(ws.node_count() == graph.node_count() && arcs.size() == graph.arc_count());
  assert(zone_demand.size() == graph.zone_count() && origin < graph.node_count());
  ws.reset();
  const std::uint32_t zones = graph.zone_count();
  const double* demand = zone_demand.data();
  const auto needed = [&](std::uint32_t v) { return v < zones && demand[v] > 0.0; };
  std::uint32_t through_needed = 0;
  std::uint32_t leaves_needed = 0;
  for (std::uint32_t d = 0; d < zones; ++d) {
    if (d == origin || !(demand[d] > 0.0)) continue;
    (graph.leaf(d) ? leaves_needed : through_needed) += 1;
  }
  if (through_needed + leaves_needed == 0) return;

  const LoadingArc* arc = arcs.data();
  if (ws.lowered_.size() < graph.max_heap_arcs()) ws.lowered_.resize(graph.max_heap_arcs());
  std::uint32_t* buffer = ws.lowered_.data();
  Label* label = ws.label_.data();
  std::uint32_t* settled = ws.settled_.data();
  std::uint32_t* leaves = ws.settled_.data() + ws.settled_.size();  // filled downwards
  std::size_t settled_count = 0;
  std::size_t leaf_count = 0;
  double bound = 0.0;  // largest label ever given to a leaf with demand
  detail::SplitHeap<detail::kArity> heap{ws.heap_keys(), ws.heap_nodes_.data(), label};
  const auto finish = [&] {
    ws.settled_count_ = settled_count;
    ws.leaf_count_ = leaf_count;
    ws.heap_end_ = heap.end;
  };

  label[origin].dist = 0.0;
  heap.push_or_decrease(origin, 0.0);
  std::uint32_t u = heap.pop();  // the origin is expanded even when it is a leaf
  settled[settled_count++] = u;
  for (;;) {
    const double du = label[u].dist;
    const std::uint32_t split = graph.split(u);
    const std::uint32_t end = graph.first(u + 1);
    // Relax the heap arcs without branching on the outcome (an unpredictable branch per arc was
    // the kernel's largest cost), noting the arcs that lowered a label; then update the heap for
    // them in arc order, the same sequence of heap operations as relaxing one arc at a time (a
    // heap operation reads no distance label, and a label lowered twice by parallel links is
    // pushed and then decreased as before).
    std::uint32_t lowered = 0;
    for (std::uint32_t i = graph.first(u); i < split; ++i) {
      const LoadingArc& e = arc[i];
      const double nd = du + e.cost;
      Label& lv = label[e.head];
      const bool lower = nd < lv.dist;  // false for +inf costs and settled nodes
      // Selections by mask: the compiler turns a ?: here back into a branch.
      const std::uint64_t keep = static_cast<std::uint64_t>(lower) - 1;  // all ones if !lower
      lv.dist = std::bit_cast<double>((std::bit_cast<std::uint64_t>(lv.dist) & keep) |
                                      (std::bit_cast<std::uint64_t>(nd) & ~keep));
      const auto keep32 = static_cast<std::uint32_t>(keep);
      lv.pred = (lv.pred & keep32) | (e.link & ~keep32);
      buffer[lowered] = i;
      lowered += lower;
    }
    for (std::uint32_t j = 0; j < lowered; ++j) {
      const LoadingArc& e = arc[buffer[j]];
      assert(label[e.head].pos != detail::kSettled);
      heap.push_or_decrease(e.head, du + e.cost);
    }
    for (std::uint32_t i = split; i < end; ++i) {
      const LoadingArc& e = arc[i];
      const double nd = du + e.cost;
      Label& lv = label[e.head];
      if (!(nd < lv.dist)) continue;
      if (lv.dist == kUnreachable) {
        *--leaves = e.head;
        ++leaf_count;
        if (needed(e.head)) --leaves_needed;
      }
      if (needed(e.head)) bound = std::max(bound, nd);
      lv.dist = nd;
      lv.pred = e.link;
    }
    if (heap.empty()) return finish();
    u = heap.pop();
    settled[settled_count++] = u;
    if (needed(u)) --through_needed;
    if (through_needed == 0 && leaves_needed == 0 && !(label[u].dist < bound)) return finish();
  }
}

}  // namespace corridor::paths
