#pragma once
// One-to-all shortest path trees on the road network (Dijkstra 1959), with a reusable workspace
// whose reset is O(1) (timestamped labels, as in RoutingKit) so one tree per origin costs no
// allocation. Link costs are passed in (minutes, non-negative; +inf marks a link the caller may
// not use, e.g. one closed to its mode). Nodes that are not passable (zone centroids below TNTP's
// first thru node) are reached but never expanded, except the origin.
//
// The priority queue is a 4-ary min-heap with decrease-key holding (key, node) pairs next to each
// other; it beat a binary heap with decrease-key and a lazy-deletion std::priority_queue in
// bench/paths_bench.cpp (figures in docs/assignment.md). The other two stay selectable through
// HeapKind so the benchmark can be rerun.
//
//   corridor::paths::DijkstraWorkspace ws(net.node_count());
//   corridor::paths::shortest_path_tree(net, cost, origin_node, ws);
//   double minutes = ws.distance(dest);      // +inf when unreachable
//   std::uint32_t last = ws.pred_link(dest); // kNoLink at the origin or when unreachable
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "network/road_network.hpp"

namespace corridor::paths {

inline constexpr std::uint32_t kNoLink = std::numeric_limits<std::uint32_t>::max();
inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

class DijkstraWorkspace {
 public:
  explicit DijkstraWorkspace(std::uint32_t node_count);
  [[nodiscard]] double distance(std::uint32_t v) const {
    return stamp_[v] == round_ ? dist_[v] : kUnreachable;
  }
  [[nodiscard]] std::uint32_t pred_link(std::uint32_t v) const {
    return stamp_[v] == round_ ? pred_[v] : kNoLink;
  }
  // Nodes settled by the last search, in order of increasing distance (a topological order of
  // the tree): lets callers load flows onto the tree in reverse without sorting.
  [[nodiscard]] std::span<const std::uint32_t> settled_order() const { return settled_; }
  [[nodiscard]] std::uint32_t node_count() const {
    return static_cast<std::uint32_t>(dist_.size());
  }

  // Internals used by the search kernel.
  struct HeapEntry {
    double key;
    std::uint32_t node;
  };
  // Starts a new search: O(1) except once every 2^32 searches.
  void next_round();

  std::vector<double> dist_;
  std::vector<std::uint32_t> pred_;
  std::vector<std::uint32_t> stamp_;
  std::vector<std::uint32_t> settled_;
  std::vector<HeapEntry> heap_;          // heap of (distance, node)
  std::vector<std::uint32_t> heap_pos_;  // position of a node in heap_, kSettled once settled
  std::uint32_t round_ = 0;
};

void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws);

// Priority queue variants, for the benchmark that chose the default.
enum class HeapKind { binary, quaternary, lazy_binary };
void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws, HeapKind heap);

}  // namespace corridor::paths
