#pragma once
// Optimal strategies to one destination (Spiess & Florian 1989, "Optimal strategies: a new
// assignment model for transit networks", Transportation Research B 23(2), 83–102).
//
// A strategy gives every node a set of attractive arcs; a passenger at a node boards the first
// vehicle to arrive among the attractive boarding arcs (so the set is used in proportion to the
// frequencies) or takes the single attractive regular arc. The label u_i is the expected
// generalized cost from node i to the destination:
//   u_i = (W_i + Σ_{a∈A_i} f_a (c_a + u_j)) / Σ_{a∈A_i} f_a,   W_i =
//   wait_weight·wait_factor·scale_i
// The backward label-setting pass takes arcs in increasing c_a + u_j and adds arc a=(i,j) to A_i
// while c_a + u_j < u_i (a regular arc, of infinite frequency, replaces the set). Nodes settle in
// increasing u; the loading pass visits them in decreasing u and splits the volume at node i over
// A_i by f_a / F_i.
//
// Implementation: a Dijkstra-like pass over nodes (4-ary heap with decrease-key, ties broken on
// the node id so the result depends on nothing but the network). When node j settles, its in-arcs
// are evaluated at once: a node keeps its best regular arc and, separately, its greedy set of
// boarding arcs; at settling it takes the cheaper of the two. This equals the arc-ordered rule of
// the paper because (invariant of network.hpp) all boarding arcs leaving one node have the same
// cost, so they are met in increasing c_a + u_j; the brute-force Bellman test checks it. Zone nodes
// other than the destination are reached but never passed through. O((N + A) log N) per
// destination.
//
//   StrategyWorkspace ws(net);
//   compute_strategy(net, params, dest_zone, ws);
//   double cost = ws.label(o);                     // +inf when o cannot reach the destination
//   load_strategy(net, ws, demand_to_dest, arc_volume); // adds this destination's volumes
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "transit/network.hpp"

namespace corridor::transit {

struct StrategyWorkspace {
  explicit StrategyWorkspace(const TransitNetwork& net);

  [[nodiscard]] double label(std::uint32_t node) const { return u[node]; }
  [[nodiscard]] bool attractive(std::uint32_t arc) const { return in_strategy[arc] != 0; }

  // Per node: label, combined frequency of attractive board arcs (+inf when the strategy is a
  // regular arc, 0 when none), the chosen regular arc (kNone if none).
  std::vector<double> u;
  std::vector<double> board_u;    // label of the boarding strategy alone
  std::vector<double> regular_u;  // label of the best regular arc alone
  std::vector<double> freq;
  std::vector<double> numer;  // W_i + Σ f_a (c_a + u_j) over attractive board arcs
  std::vector<std::uint32_t> regular_arc;
  std::vector<std::uint8_t> in_strategy;  // per arc
  std::vector<std::uint8_t> settled;
  std::vector<std::uint32_t> settle_order;  // nodes in increasing label
  struct HeapEntry {
    double key;
    std::uint32_t node;
  };
  std::vector<HeapEntry> heap;          // 4-ary min-heap of nodes on (u, node id)
  std::vector<std::uint32_t> heap_pos;  // position in heap, kNone when not in it
  std::vector<double> node_volume;      // loading scratch
  std::vector<double> tag_volume;       // loading scratch: kRailAccessCount per node
  std::uint32_t destination = kNone;    // zone of the last compute_strategy
};

// Wait cost/time at the node for the strategy in ws: wait_weight·wait_factor·scale / F.
struct WaitModel {
  double wait_factor = 0.5;
  double wait_weight = 1.5;
  explicit WaitModel(const TransitParams& p)
      : wait_factor(p.wait_factor), wait_weight(p.wait_weight) {}
};

void compute_strategy(const TransitNetwork& net, const WaitModel& wait, std::uint32_t dest_zone,
                      StrategyWorkspace& ws);

// Expected components of the trip from every node to the destination, over the strategy in ws.
struct StrategyComponents {
  std::vector<double> in_vehicle_min;
  std::vector<double> wait_min;
  std::vector<double> walk_min;  // access + egress + transfer walks
  std::vector<double> boardings;
};
void strategy_components(const TransitNetwork& net, const WaitModel& wait,
                         const StrategyWorkspace& ws, StrategyComponents& out);

// How a rail journey reached its first rail boarding: on foot, by bike or by car (P+R) straight
// to the rail stop, or by another PT line first (a feeder bus). A journey counts once, at its
// first rail boarding; journeys without rail do not count.
enum class RailAccess : std::uint8_t { walk = 0, bike = 1, car = 2, pt_feeder = 3 };
inline constexpr std::size_t kRailAccessCount = 4;
const char* rail_access_name(RailAccess a);
using RailAccessVolumes = std::array<double, kRailAccessCount>;

// Loads `demand[o]` (trips from zone o to the strategy's destination) onto the strategy, adding
// arc volumes into arc_volume (size arc_count). Returns the demand from zones that cannot reach
// the destination (not loaded). Also adds the passenger-minutes of waiting into *wait_total and,
// when rail_access is given, the rail journeys by RailAccess: the volume is tagged with its
// access mode on the access arc (split by its arc_access_share), re-tagged pt_feeder when it boards
// a non-rail line, and counted (then untagged) when it boards a rail line; the tags follow the same
// split as the volume.
double load_strategy(const TransitNetwork& net, const WaitModel& wait, StrategyWorkspace& ws,
                     std::span<const double> demand, std::span<double> arc_volume,
                     double* wait_total, RailAccessVolumes* rail_access = nullptr);

}  // namespace corridor::transit
