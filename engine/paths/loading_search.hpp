#pragma once
// The search of all-or-nothing loading. loading_tree() computes exactly what
// shortest_path_tree_to_zones_leaves (paths/dijkstra.hpp) computes: the same distances, tree links
// and settled order, bit for bit, with equal keys popped in the same order, because both apply
// the same heap operations (paths/split_heap.hpp) in the same sequence. It takes fewer mispredicted
// branches, which are most of a search's time on road networks whose data sit in cache:
//  - the zones with demand are listed (destinations()) and flagged without a branch per zone, and
//    the loader walks that list instead of the whole row;
//  - a node's links are relaxed without a branch on the outcome (distance and tree link written
//    by mask), the links that lowered a distance noted; the heap operations for them then follow
//    in link order. A heap operation reads no distance, so the heap sees the sequence it would
//    see relaxing one link at a time (a node lowered twice by parallel links is pushed, then
//    decreased, as before).
// Distances, heap slots and tree links are arrays of their own (a tree link is defined only where
// the distance is finite; it is not reset between searches). Dijkstra (1959); the leaf rule (nodes
// no shortest path passes through stay out of the heap) is shortest_path_tree_to_zones_leaves'.
// Measured in docs/assignment.md (all-or-nothing against the plain reference).
//
//   const auto leaf = corridor::paths::leaf_nodes(net);
//   corridor::paths::LoadingWorkspace ws(net);
//   corridor::paths::loading_tree(net, cost, origin, row, leaf, ws);
//   ws.distance(d); ws.pred_link(d); ws.settled_order();  // as after the leaves search
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "network/road_network.hpp"
#include "paths/dijkstra.hpp"

namespace corridor::paths {

class LoadingWorkspace {
 public:
  explicit LoadingWorkspace(const network::RoadNetwork& net);
  // As DijkstraWorkspace's after shortest_path_tree_to_zones_leaves, except that pred_link(v) is
  // defined only where distance(v) is finite (it is not reset between searches).
  [[nodiscard]] double distance(std::uint32_t v) const { return dist_[v]; }
  [[nodiscard]] std::uint32_t pred_link(std::uint32_t v) const { return pred_[v]; }
  [[nodiscard]] std::span<const std::uint32_t> settled_order() const {
    return {settled_.data(), settled_count_};
  }
  // The zones d != origin with zone_demand[d] > 0 of the last search, ascending.
  [[nodiscard]] std::span<const std::uint32_t> destinations() const {
    return {destinations_.data(), destination_count_};
  }
  [[nodiscard]] std::uint32_t node_count() const {
    return static_cast<std::uint32_t>(dist_.size());
  }

  LoadingWorkspace(std::uint32_t node_count, std::uint32_t zone_count,
                   std::uint32_t max_out_degree);
  // Internals of loading_tree. Between searches every node has distance +inf and slot kNotQueued
  // except those the last search touched, which reset() restores.
  using HeapKey = DijkstraWorkspace::HeapKey;
  [[nodiscard]] HeapKey* heap_keys() { return key_slots_.data() + key_offset_; }
  void reset();

  std::vector<double> dist_;
  std::vector<std::uint32_t> slot_;  // heap slot, kNotQueued, or kSettled
  std::vector<std::uint32_t> pred_;
  std::vector<std::uint32_t>
      settled_;  // settled nodes from the front, reached leaves from the back
  std::size_t settled_count_ = 0;
  std::size_t leaf_count_ = 0;
  std::vector<HeapKey> key_slots_;  // layout of DijkstraWorkspace::heap_keys()
  std::size_t key_offset_ = 0;
  std::vector<std::uint32_t> heap_nodes_;
  std::size_t heap_end_ = 3;
  std::vector<std::uint32_t> lowered_;       // links of one node that lowered a distance
  std::vector<std::uint32_t> destinations_;  // zone_count entries, destination_count_ in use
  std::size_t destination_count_ = 0;
  std::vector<std::uint8_t> wanted_;  // per zone: 1 if in destinations() (each search rewrites it)
};

// shortest_path_tree_to_zones_leaves(net, link_cost, origin, zone_demand, leaf, ·) into a
// LoadingWorkspace.
void loading_tree(const network::RoadNetwork& net, std::span<const double> link_cost,
                  std::uint32_t origin, std::span<const double> zone_demand,
                  std::span<const std::uint8_t> leaf, LoadingWorkspace& ws);

}  // namespace corridor::paths
