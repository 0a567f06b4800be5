#pragma once
// The search of all-or-nothing loading over the road network's links regrouped once per network.
// loading_tree() computes exactly what shortest_path_tree_to_zones_leaves (paths/dijkstra.hpp)
// computes for the same leaf flags: the same distances, tree links and settled order, bit for bit
// and equal keys included (both pop nodes from the same heap, paths/split_heap.hpp, in the same
// sequence of operations). It is faster because of the layout:
//  - each node's links are split once into links to nodes paths pass through (they enter the
//    heap) and, after them, links to leaves (labelled only), so the relaxation loop tests no flag;
//  - a link's cost, head and id sit in one 16-byte arc, the arcs of a node side by side, so a
//    relaxation reads one stream (gather_costs() fills the costs once per cost vector).
// Dijkstra (1959); the leaf rule is the one of shortest_path_tree_to_zones_leaves.
//
//   const auto leaf = corridor::paths::leaf_nodes(net);
//   corridor::paths::LoadingGraph graph(net, leaf);
//   std::vector<corridor::paths::LoadingArc> arcs(graph.arc_count());
//   graph.gather_costs(cost, arcs);                          // once per cost vector
//   corridor::paths::loading_tree(graph, arcs, origin, row, ws);
//   ws.distance(d); ws.pred_link(d); ws.settled_order();  // as after the leaves search
#include <cstdint>
#include <span>
#include <vector>

#include "network/road_network.hpp"
#include "paths/dijkstra.hpp"

namespace corridor::paths {

struct LoadingArc {
  double cost;         // minutes; +inf = not usable
  std::uint32_t head;  // node the link enters
  std::uint32_t link;  // the road network's link id
};

class LoadingGraph {
 public:
  // `leaf`: flags as from leaf_nodes(net) (any flags for which no shortest path passes through a
  // flagged node other than the origin).
  LoadingGraph(const network::RoadNetwork& net, std::span<const std::uint8_t> leaf);

  // Node u's arcs are [first(u), split(u)) to heap nodes, then [split(u), first(u + 1)) to
  // leaves; each group keeps the network's link order.
  [[nodiscard]] std::uint32_t first(std::uint32_t u) const { return first_[u]; }
  [[nodiscard]] std::uint32_t split(std::uint32_t u) const { return split_[u]; }
  [[nodiscard]] bool leaf(std::uint32_t v) const { return leaf_[v] != 0; }
  [[nodiscard]] std::uint32_t node_count() const { return node_count_; }
  // Largest number of heap arcs of one node.
  [[nodiscard]] std::uint32_t max_heap_arcs() const { return max_heap_arcs_; }
  [[nodiscard]] std::uint32_t zone_count() const { return zone_count_; }
  [[nodiscard]] std::uint32_t arc_count() const { return static_cast<std::uint32_t>(arc_.size()); }

  // arcs[i] = arc i with its cost link_cost[arc i's link]; arcs.size() == arc_count().
  void gather_costs(std::span<const double> link_cost, std::span<LoadingArc> arcs) const;

 private:
  std::uint32_t node_count_ = 0;
  std::uint32_t zone_count_ = 0;
  std::uint32_t max_heap_arcs_ = 0;
  std::vector<std::uint32_t> first_;  // node_count + 1
  std::vector<std::uint32_t> split_;  // node_count
  std::vector<LoadingArc> arc_;       // cost unset (+inf)
  std::vector<std::uint8_t> leaf_;    // the flags it was built with
};

// shortest_path_tree_to_zones_leaves(net, cost, origin, zone_demand, leaf, ws) for the graph
// built from net and leaf, with arcs gathered from cost. zone_demand has zone_count() entries.
void loading_tree(const LoadingGraph& graph, std::span<const LoadingArc> arcs,
                  std::uint32_t origin, std::span<const double> zone_demand,
                  DijkstraWorkspace& ws);

}  // namespace corridor::paths
