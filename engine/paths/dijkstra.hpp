#pragma once
// One-to-all shortest path trees on the road network (Dijkstra 1959), with a reusable workspace
// so one tree per origin costs no allocation. Link costs are passed in (minutes, non-negative;
// +inf marks a link the caller may not use, e.g. one closed to its mode). Nodes that are not
// passable (zone centroids below TNTP's first thru node) are reached but never expanded, except
// the origin.
//
// The default priority queue is a 4-ary min-heap with decrease-key whose keys sit apart from its
// nodes in 32-byte aligned groups of four siblings, as the bit patterns of the distances (integer
// compares), and whose sift-down takes a branch-free minimum of four. A search resets only the
// labels the previous one touched (its settled and queued nodes), so a relaxation is one comparison
// `du + c < dist(v)`, with no timestamp test. bench/paths_bench.cpp compares it with a binary heap,
// a lazy-deletion binary heap and the previous 4-ary heap of (key, node) pairs (figures in
// docs/assignment.md); those stay selectable through HeapKind so the benchmark can be rerun.
//
//   corridor::paths::DijkstraWorkspace ws(net.node_count());
//   corridor::paths::shortest_path_tree(net, cost, origin_node, ws);
//   double minutes = ws.distance(dest);      // +inf when unreachable
//   std::uint32_t last = ws.pred_link(dest); // kNoLink at the origin or when unreachable
#include <cstddef>
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
  // Distance from the origin of the last search (+inf when not reached). After a search stopped
  // early (shortest_path_tree_to_zones) it is final for settled nodes only.
  [[nodiscard]] double distance(std::uint32_t v) const { return label_[v].dist; }
  [[nodiscard]] std::uint32_t pred_link(std::uint32_t v) const { return label_[v].pred; }
  // Nodes settled by the last search, in order of increasing distance (a topological order of
  // the tree): lets callers load flows onto the tree in reverse without sorting.
  [[nodiscard]] std::span<const std::uint32_t> settled_order() const {
    return {settled_.data(), settled_count_};
  }
  [[nodiscard]] std::uint32_t node_count() const {
    return static_cast<std::uint32_t>(label_.size());
  }

  // Internals used by the search kernels. Everything a relaxation reads or writes about a node
  // sits in one 16-byte label. Between searches every label is {+inf, kNotQueued, kNoLink}
  // except those the last search touched, which reset() restores.
  static constexpr std::uint32_t kNotQueued = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kSettled = kNotQueued - 1;
  struct Label {
    double dist;
    std::uint32_t pos;   // heap slot, kNotQueued before being reached, kSettled once settled
    std::uint32_t pred;  // tree link, kNoLink at the origin or when not reached
  };
  struct HeapEntry {
    double key;
    std::uint32_t node;
  };
  // The default 4-ary heap keeps keys and nodes in separate arrays. Slot 3 of heap_keys() is the
  // root and the children of slot p are slots 4p-8 .. 4p-5, so the four keys a sift-down compares
  // share one 32-byte aligned block; slots past the heap's end hold +inf, so a sift-down reads
  // four keys whenever the first child is in use and picks the smallest without branches.
  using HeapKey = std::uint64_t;  // bit pattern of a non-negative double distance
  [[nodiscard]] HeapKey* heap_keys() { return key_slots_.data() + key_offset_; }
  // Restores the labels (and heap slots) the last search touched: O(settled + queued nodes).
  void reset();

  std::vector<Label> label_;
  std::vector<std::uint32_t> settled_;  // node_count entries, the first settled_count_ in use
  std::size_t settled_count_ = 0;
  std::size_t leaf_count_ = 0;      // leaves reached by the last ..._leaves search: settled_'s tail
  std::vector<HeapEntry> heap_;     // heap of (distance, node), the other kernels
  std::vector<HeapKey> key_slots_;  // default kernel: keys (see heap_keys())
  std::size_t key_offset_ = 0;      // aligns heap_keys() + 4 to 32 bytes
  std::vector<std::uint32_t> heap_nodes_;  // default kernel: node of each slot
  std::size_t heap_end_ = 3;               // default kernel: one past its last used slot
};

void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws);

// Same tree, but the search stops as soon as every zone d ≠ origin with zone_demand[d] > 0 is
// settled (zone_demand has net.zone_count() entries, e.g. the origin's row of an OD matrix):
// enough for loading the origin's demand. Settled nodes have final distances and tree links.
// When no zone but the origin has demand, nothing is settled (settled_order() is empty).
void shortest_path_tree_to_zones(const network::RoadNetwork& net, std::span<const double> link_cost,
                                 std::uint32_t origin, std::span<const double> zone_demand,
                                 DijkstraWorkspace& ws);

// Nodes no shortest path passes through, so a search may leave them out of its heap (flag 1):
// nodes that may not be passed through (below first_thru_node(): zone centroids), and pendant
// nodes, whose links all join one and the same neighbour w (a path through such a node would go
// w -> node -> w, a cycle; with non-negative costs it is never strictly shorter). Chicago-Sketch
// declares every node passable, but each of its 387 zone centroids hangs on one connector pair:
// 391 of its 933 nodes are pendant.
[[nodiscard]] std::vector<std::uint8_t> leaf_nodes(const network::RoadNetwork& net);

// The search for loading an origin's demand (all-or-nothing): the shortest path distances of
// shortest_path_tree_to_zones, but nodes flagged in `leaf` (leaf_nodes(net); any flags for which
// no shortest path passes through a flagged node other than the origin) never enter the heap. A
// leaf's label is final once the heap's smallest key reaches it, so the heap holds only the nodes
// paths pass through. After the search: settled_order() lists the origin and the non-leaf nodes
// settled, in increasing distance (a topological order of the tree without its leaves); a zone d
// with zone_demand[d] > 0 has its final distance(d) (+inf when unreachable) and pred_link(d);
// other leaves may hold labels that are not final. Where two paths tie exactly, the tree may take
// another of them than shortest_path_tree_to_zones (the heap holds other nodes, so equal keys
// leave it in another order).
void shortest_path_tree_to_zones_leaves(const network::RoadNetwork& net,
                                        std::span<const double> link_cost, std::uint32_t origin,
                                        std::span<const double> zone_demand,
                                        std::span<const std::uint8_t> leaf, DijkstraWorkspace& ws);

// Priority queue variants, for the benchmark that chose the default.
// quaternary is the default kernel; quaternary_pairs is the previous default (4-ary heap of
// (key, node) pairs with compare-and-branch sifts), kept to measure the change.
enum class HeapKind { binary, quaternary, lazy_binary, quaternary_pairs };
void shortest_path_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                        std::uint32_t origin, DijkstraWorkspace& ws, HeapKind heap);

}  // namespace corridor::paths
