#include "paths/dijkstra.hpp"

#include <algorithm>
#include <cassert>

namespace corridor::paths {
namespace {

constexpr std::uint32_t kSettled = std::numeric_limits<std::uint32_t>::max();

// D-ary min-heap over ws.heap_ with positions in ws.heap_pos_ (decrease-key).
template <unsigned D>
struct DaryHeap {
  DijkstraWorkspace& ws;

  void place(std::size_t i, DijkstraWorkspace::HeapEntry e) {
    ws.heap_[i] = e;
    ws.heap_pos_[e.node] = static_cast<std::uint32_t>(i);
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
  void push_or_decrease(std::uint32_t v, double key, bool in_heap) {
    if (in_heap) {
      sift_up(ws.heap_pos_[v], {key, v});
    } else {
      ws.heap_.push_back({key, v});
      sift_up(ws.heap_.size() - 1, {key, v});
    }
  }
  std::uint32_t pop() {
    const std::uint32_t top = ws.heap_.front().node;
    const auto last = ws.heap_.back();
    ws.heap_.pop_back();
    if (!ws.heap_.empty()) sift_down(0, last);
    ws.heap_pos_[top] = kSettled;
    return top;
  }
};

template <unsigned D>
void run_dary(const network::RoadNetwork& net, std::span<const double> cost, std::uint32_t origin,
              DijkstraWorkspace& ws) {
  const auto off = net.out_offsets();
  const auto head = net.heads();
  const std::uint32_t first_thru = net.first_thru_node();
  const std::uint32_t round = ws.round_;
  double* dist = ws.dist_.data();
  std::uint32_t* pred = ws.pred_.data();
  std::uint32_t* stamp = ws.stamp_.data();
  std::uint32_t* pos = ws.heap_pos_.data();
  DaryHeap<D> heap{ws};

  stamp[origin] = round;
  dist[origin] = 0.0;
  pred[origin] = kNoLink;
  heap.push_or_decrease(origin, 0.0, false);
  while (!heap.empty()) {
    const double du = ws.heap_.front().key;
    const std::uint32_t u = heap.pop();
    ws.settled_.push_back(u);
    if (u < first_thru && u != origin) continue;  // zone centroid: a path may end here only
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + cost[a];
      if (stamp[v] != round) {
        if (!(nd < kUnreachable)) continue;
        stamp[v] = round;
        dist[v] = nd;
        pred[v] = a;
        heap.push_or_decrease(v, nd, false);
      } else if (nd < dist[v] && pos[v] != kSettled) {
        dist[v] = nd;
        pred[v] = a;
        heap.push_or_decrease(v, nd, true);
      }
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
  ws.stamp_[origin] = round;
  ws.dist_[origin] = 0.0;
  ws.pred_[origin] = kNoLink;
  ws.heap_pos_[origin] = 0;
  queue.push_back({0.0, origin});
  while (!queue.empty()) {
    std::pop_heap(queue.begin(), queue.end(), later);
    const Entry top = queue.back();
    queue.pop_back();
    const std::uint32_t u = top.node;
    const double du = top.key;
    if (ws.heap_pos_[u] == kSettled || du > ws.dist_[u]) continue;
    ws.heap_pos_[u] = kSettled;
    ws.settled_.push_back(u);
    if (u < first_thru && u != origin) continue;
    for (std::uint32_t a = off[u], end = off[u + 1]; a < end; ++a) {
      const std::uint32_t v = head[a];
      const double nd = du + cost[a];
      if (ws.stamp_[v] != round) {
        if (!(nd < kUnreachable)) continue;
        ws.stamp_[v] = round;
        ws.heap_pos_[v] = 0;
      } else if (!(nd < ws.dist_[v]) || ws.heap_pos_[v] == kSettled) {
        continue;
      }
      ws.dist_[v] = nd;
      ws.pred_[v] = a;
      queue.push_back({nd, v});
      std::push_heap(queue.begin(), queue.end(), later);
    }
  }
}

}  // namespace

DijkstraWorkspace::DijkstraWorkspace(std::uint32_t node_count)
    : dist_(node_count, kUnreachable),
      pred_(node_count, kNoLink),
      stamp_(node_count, 0),
      heap_pos_(node_count, 0) {
  settled_.reserve(node_count);
  heap_.reserve(node_count);
}

void DijkstraWorkspace::next_round() {
  ++round_;
  if (round_ == 0) {  // wrapped: clear the stamps once
    std::fill(stamp_.begin(), stamp_.end(), 0u);
    round_ = 1;
  }
  settled_.clear();
  heap_.clear();
}

void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws) {
  shortest_path_tree(net, link_cost, origin, ws, HeapKind::quaternary);
}

void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws, HeapKind heap) {
  assert(ws.node_count() == net.node_count());
  assert(link_cost.size() == net.link_count());
  assert(origin < net.node_count());
  ws.next_round();
  switch (heap) {
    case HeapKind::binary:
      run_dary<2>(net, link_cost, origin, ws);
      break;
    case HeapKind::quaternary:
      run_dary<4>(net, link_cost, origin, ws);
      break;
    case HeapKind::lazy_binary:
      run_lazy(net, link_cost, origin, ws);
      break;
  }
}

}  // namespace corridor::paths
