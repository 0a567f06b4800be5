#pragma once
// Bushes of the origin-based equilibrium solver (Algorithm B, Dial 2006; see algorithm_b.hpp) and
// the single-threaded kernels that work on one bush at a time.
//
// Model. A bush of origin r (for one demand class) is an acyclic subgraph rooted at r that contains
// every link carrying flow from r and spans every node reachable from r. It carries the class
// flow that originates at r on each of its links (vehicles per period, double precision). Nodes
// below first_thru_node() other than r are leaves (never passed through); links a class may not
// use (generalized cost +inf) never enter a bush.
//
// Storage is flat and per origin, with no per-link allocation, in two parts of one topological
// order of the N reachable nodes (positions 0 .. N − 1, position 0 = r):
//   the merge part, positions 0 .. M − 1 (M = merge_end()): every merge node (more than one bush
//     in-link) and every node on the way to one, as its nodes and a compact CSR of in-links
//     grouped by head:
//       order     the node at each position (size M)
//       in_start  in-links of order[p] are the entries in_start[p] .. in_start[p+1] (size M + 1)
//       link      network LinkId of each entry
//       tail_pos  position of the entry's tail node
//       flow      origin flow of each entry (vehicles)
//   the tree part, positions M .. N − 1: nodes with exactly one bush in-link, through which no
//     merge node is reached, as that link alone: tree_links[p − M] (its head is the node at p, its
//     tail at an earlier position), 4 bytes per node. Their flows are not stored: the flow on a
//     tree link is the throughput of its head, the trips to the zones below it, summed in reverse
//     topological order from the origin's row of the trip matrix when a kernel needs it
//     (tree_flows). The bush does not copy that row: the kernels and views that need flows take it
//     as `trips` (vehicles to each zone, by zone index; the row the bush was loaded with, by
//     init_from_tree or reload_demand; entries that are not > 0, the origin's own and those of
//     zones the bush does not reach carry nothing).
// This is the observation of tap-b (Boyles's Algorithm B code) that most bush nodes have a single
// approach and need no flow of their own. At equilibrium the merge part holds 2–9 % of the bush
// nodes on Berlin-Center (gap 1e-6), Chicago-Sketch and Winnipeg (1e-10) (`corridor assign
// --summary-json`, `bushes`): a bush costs 5.6 bytes per node on Berlin-Center (1e-4) instead of
// 24 with every node's order and every link's flow stored. A flow shift happens at a merge node
// along paths through its ancestors, so the sweeps never touch the tree part (equilibrate_pass).
// Restructuring puts the merge part first (Kahn's order within each part, still topological).
// Entries are numbered merge entries first, then one per tree position (entry_link); `expand`
// gives the whole bush as one CSR (with flows) for read-only consumers.
// A kernel call first resolves the node at every position into ws.order and every node's position
// into ws.pos (resolve: the merge part copied, a tree node read as its link's head). Kernels index
// their labels by position, walk paths through tail_pos and shift flow in `flow` in place: nothing
// is scattered into network-sized arrays on the hot path (an earlier bitset + dense-scatter layout
// spent half its time rebuilding in-link lists; see docs/solver-benchmark.md). `scatter` still
// provides the dense view by LinkId for read-only consumers (select-link, skims).
//
// Kernels (costs are minutes; `time`/`slope` are link travel time and dt/dv at the current total
// PCE volume, `fixed` the class's fixed cost per link, +inf where the class may not drive):
//   compute_labels   shortest (L) and longest-used (U) path labels in topological order
//   improve_bush     drop unused links, add links (i,j) with U_i + c_ij < U_j, re-sort
//                    topologically
//   equilibrate_pass one sweep of Newton flow shifts between the longest used and the shortest
//                    path segments of every node, in reverse topological order (Dial 2006, §4)
//   bush_excess      Σ_a x_ra (d_i + c_a − d_j) with d the true shortest distances: this origin's
//                    share of TSTT − SPTT, summed from non-negative terms (no cancellation).
//   scan_bush        the solver's per-iteration pass: labels, the excess with d from the repaired
//                    L labels, and improve_bush, sharing one scan of the links leaving the bush.
//
// Acyclicity invariant (why improve_bush never creates a cycle): U_j is the longest path to j over
// used links, or, for a node without inflow, min over its bush in-links of U_i + c_ij (only that
// arg-min link is kept for it). Every kept link then satisfies U_j >= U_i + c_ij >= U_i and every
// added link U_j > U_i + c_ij >= U_i, so U strictly increases around any would-be cycle: none.
// If the bush is equilibrated (U = L on every node with flow) and no link qualifies, the origin's
// flows are at user equilibrium (Bar-Gera 2002, Transportation Science 36(4), Lemma on OBA).
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/od_matrix.hpp"
#include "network/road_network.hpp"

namespace corridor::paths {
class DijkstraWorkspace;
}

namespace corridor::assignment::bush {

inline constexpr std::uint32_t kNone = 0xffffffffu;
inline constexpr double kResidual = 1e-13;

struct Bush {
  std::uint32_t origin = 0;
  std::uint32_t demand_class = 0;
  double demand = 0.0;                    // trips loaded from this origin (vehicles)
  std::vector<std::uint32_t> order;       // merge part: node at each position, order[0] = origin
  std::vector<std::uint32_t> in_start;    // merge part CSR over positions (size merge_end() + 1)
  std::vector<std::uint32_t> link;        // merge part: LinkId of each entry
  std::vector<std::uint32_t> tail_pos;    // merge part: position of the entry's tail
  std::vector<double> flow;               // merge part: origin flow of each entry
  std::vector<std::uint32_t> tree_links;  // tree part: LinkId into position merge_end() + t

  // First position of the tree part (>= 1 for a built bush: the origin is in the merge part).
  [[nodiscard]] std::size_t merge_end() const { return order.size(); }
  [[nodiscard]] std::size_t node_count() const { return order.size() + tree_links.size(); }
  [[nodiscard]] std::size_t link_count() const { return link.size() + tree_links.size(); }
  // LinkId of entry k (merge entries first, then one per tree position).
  [[nodiscard]] std::uint32_t entry_link(std::size_t k) const {
    return k < link.size() ? link[k] : tree_links[k - link.size()];
  }
  // O(bush links): for occasional queries only.
  [[nodiscard]] bool contains(std::uint32_t a) const {
    for (const auto l : link) {
      if (l == a) return true;
    }
    for (const auto l : tree_links) {
      if (l == a) return true;
    }
    return false;
  }
  [[nodiscard]] std::size_t memory_bytes() const {
    return order.capacity() * 4 + in_start.capacity() * 4 + link.capacity() * 4 +
           tail_pos.capacity() * 4 + flow.capacity() * 8 + tree_links.capacity() * 4;
  }
};

// Row `origin` of a zone × zone trip matrix (row-major): the `trips` the bush kernels take.
inline std::span<const double> trips_row(const OdMatrix& trips, std::uint32_t origin) {
  const auto zones = static_cast<std::size_t>(trips.cols());
  return {trips.data() + std::size_t{origin} * zones, zones};
}

// Link state shared by all bushes: total PCE volume, time and slope at that volume.
struct LinkState {
  std::span<double> volume;  // PCE per period
  std::span<double> time;    // minutes
  std::span<double> slope;   // minutes per PCE
};

// Per-class cost inputs of a kernel.
struct ClassCost {
  std::span<const double> fixed;  // minutes per link (+inf: not usable)
  double pce = 1.0;
  // Optional: time + fixed per link at the `time` a fixed-cost kernel (compute_labels, scan_bush)
  // is given, precomputed once for all bushes of the class; empty: summed per link. Not for
  // equilibrate_pass, whose costs move with the shifts.
  std::span<const double> cost = {};
};

// Per-thread scratch, sized once for a network. Labels are indexed by position in the bush's
// order; `order` and `pos` map positions to nodes and back for the bush last resolved.
struct BushWorkspace {
  BushWorkspace(std::uint32_t node_count, std::uint32_t link_count);
  std::vector<double> lo, hi;                   // L and U labels by position
  std::vector<std::uint32_t> lo_pred, hi_pred;  // arg-min / arg-max in-entry by position
  std::vector<std::uint8_t> has_inflow;         // by position
  std::vector<std::uint32_t> order;             // node at each position (resolved)
  std::vector<std::uint32_t> pos;               // position of a node in the bush's order
  std::vector<std::uint32_t> stamp;             // by LinkId: == epoch while a link is in the bush
  std::uint32_t epoch = 0;
  std::vector<std::uint32_t> indegree, queue, count;
  std::vector<double> node_flow;
  std::vector<std::uint8_t> mark;  // by node, all 0 between calls
  struct Entry {
    std::uint32_t link, tail, head;
    double flow;
  };
  std::vector<Entry> entries, sorted;
  std::vector<double> old_flow;
  std::vector<std::pair<double, std::uint32_t>> heap;  // label-correcting repair
  // The whole bush as one CSR, filled by expand() and scatter() for read-only consumers: entries
  // numbered as Bush::entry_link, with tail nodes, tail positions and flows; scatter() also puts
  // the origin flow by LinkId in x (valid on bush links).
  std::vector<double> x;
  std::vector<std::uint32_t> in_start, in_link, in_tail, in_tail_pos;
  std::vector<double> in_flow;
};

// Flow on each tree link (the throughput of its head) into ws.node_flow[p] for the tree positions
// p >= b.merge_end(), from the trips to the zones (the origin's row, see the header) in reverse
// topological order. Resolves ws.order and ws.pos.
void tree_flows(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
                BushWorkspace& ws);

// Calls f(link, flow) for every bush link: the merge entries, then the tree links in order.
template <class F>
void for_each_link(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
                   BushWorkspace& ws, F&& f) {
  for (std::size_t k = 0; k < b.link.size(); ++k) f(b.link[k], b.flow[k]);
  if (b.tree_links.empty()) return;
  tree_flows(net, b, trips, ws);
  const std::size_t merge_end = b.merge_end();
  for (std::size_t t = 0; t < b.tree_links.size(); ++t)
    f(b.tree_links[t], ws.node_flow[merge_end + t]);
}

// The whole bush as one CSR by position (spans into ws, valid until ws is used again).
struct BushView {
  std::span<const std::uint32_t> order, in_start, link, tail_pos;
  std::span<const double> flow;
};
BushView expand(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
                BushWorkspace& ws);

// Dense view of `b` for read-only consumers: expand() plus ws.x (by LinkId), ws.order, ws.pos and
// ws.in_tail (tails as nodes). The solver's kernels do not need it.
void scatter(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
             BushWorkspace& ws);

// Makes `b` the shortest path tree held by `tree` (a search from b.origin) and loads the row of
// demand `trips` (vehicles to each zone) onto it; returns the demand that cannot reach its zone.
// The caller adds the bush flows to the link volumes.
double init_from_tree(const network::RoadNetwork& net, const paths::DijkstraWorkspace& tree,
                      std::span<const double> trips, Bush& b, BushWorkspace& ws);

// Warm start: keeps the structure of `b` (a bush of a previous solve on the same network) and
// reloads it with the demand row `trips`: going up the topological order in reverse, each node's
// throughput (its demand plus what leaves it) is split over its in-links in the proportions of
// the old flows, or put on its shortest in-link at `time` (+ fixed) when the old bush carried
// nothing into it. Returns the demand to zones the bush does not reach. The caller adds the bush
// flows to the link volumes.
double reload_demand(const network::RoadNetwork& net, std::span<const double> trips,
                     std::span<const double> time, const ClassCost& cc, Bush& b, BushWorkspace& ws);

// L/U labels (by position) and their predecessor entries over the bush. Returns max_j (U_j − L_j)
// over nodes with inflow.
double compute_labels(const network::RoadNetwork& net, const Bush& b, std::span<const double> time,
                      const ClassCost& cc, BushWorkspace& ws);

// Improves the structure of `b` at fixed costs (see the header). Returns the number of links added.
// The topological order is rebuilt only when links were added; dropping links keeps it valid.
// With labels_ready the U labels of ws are taken as they are (bush_excess_from_labels at the same
// costs leaves them valid).
std::uint32_t improve_bush(const network::RoadNetwork& net, Bush& b, std::span<const double> trips,
                           std::span<const double> time, const ClassCost& cc, BushWorkspace& ws,
                           bool labels_ready = false);

// The solver's per-iteration pass over one bush at fixed costs, with a single scan of the links
// leaving the bush's nodes: labels (compute_labels, unless labels_ready), with `excess` the exact
// excess of bush_excess_from_labels (computed on the bush as it was), with `improve` the
// improvement of improve_bush (applied last). `exact` is false only if a link leaves the bush's
// node set (cannot happen); the bush is then left unchanged.
struct ScanResult {
  bool exact = false;
  double excess = 0.0;
  double total_cost = 0.0;
  std::uint32_t added = 0;
};
ScanResult scan_bush(const network::RoadNetwork& net, Bush& b, std::span<const double> trips,
                     std::span<const double> time, const ClassCost& cc, BushWorkspace& ws,
                     bool excess, bool improve, bool labels_ready = false);

// One sweep of Newton shifts over the bush; updates b.flow and `links` in place.
// Returns max_j (U_j − L_j) over nodes with inflow measured at the start of the sweep.
// Flow conservation under rounding: when a shift empties its bottleneck link, the other links of
// the emptied segment that are left with less than kResidual × (origin demand) are set to exactly
// zero too, so no link keeps a rounding residue whose tail node has no inflow (such residues
// would pin the longest-path labels and stall the algorithm).
// Nodes whose label difference U_j − L_j is at most `min_diff` are left alone this sweep.
double equilibrate_pass(const network::RoadNetwork& net, Bush& b, LinkState links,
                        const ClassCost& cc, BushWorkspace& ws, double min_diff = 0.0);

// This origin's excess cost Σ_a x_ra (d_i + c_a − d_j) ≥ 0 of bush b, with d
// the shortest path distances held by `tree`; also returns Σ_a x_ra c_a through `total_cost`.
double bush_excess(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
                   std::span<const double> time, const ClassCost& cc,
                   const paths::DijkstraWorkspace& tree, BushWorkspace& ws, double& total_cost);

// The same excess without a shortest path search from scratch: the bush's L labels (lengths of
// real paths, so upper bounds on d) are repaired into the exact shortest path distances d by
// label correction: every link leaving a bush node that a path may pass (the origin and nodes
// from first_thru_node() on) with L_i + c_ij < L_j lowers L_j, and the lowered nodes are
// relaxed again in order of their labels (heap, lazy deletion) until no link improves a label,
// i.e. until Bellman's conditions hold on the whole network (nonnegative costs). Near equilibrium
// the bushes hold nearly all shortest paths, so the repair touches few nodes. Returns false only
// if a link leaves the bush's node set (cannot happen: bushes span the reachable nodes).
bool bush_excess_from_labels(const network::RoadNetwork& net, const Bush& b,
                             std::span<const double> trips, std::span<const double> time,
                             const ClassCost& cc, BushWorkspace& ws, double& excess,
                             double& total_cost);

// Recomputes time and slope of link a from its volume.
void refresh_link(const network::RoadNetwork& net, std::uint32_t a, LinkState links);

}  // namespace corridor::assignment::bush
