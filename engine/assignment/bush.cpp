#include "assignment/bush.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "network/vdf.hpp"
#include "paths/dijkstra.hpp"

namespace corridor::assignment::bush {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// ws.order[p] = the node at every position p and ws.pos[v] = the position of every node v of b:
// the merge part copied, a tree position's node read as the head of its link. Once per kernel
// call; the kernels then read both sequentially or by position.
void resolve(const network::RoadNetwork& net, const Bush& b, BushWorkspace& ws) {
  const std::uint32_t* heads = net.heads().data();
  std::uint32_t* order = ws.order.data();
  std::uint32_t* pos = ws.pos.data();
  const std::size_t merge_end = b.merge_end();
  for (std::size_t p = 0; p < merge_end; ++p) {
    order[p] = b.order[p];
    pos[b.order[p]] = static_cast<std::uint32_t>(p);
  }
  const std::uint32_t* tree = b.tree_links.data();
  for (std::size_t t = 0, nt = b.tree_links.size(); t < nt; ++t) {
    const std::uint32_t v = heads[tree[t]];
    order[merge_end + t] = v;
    pos[v] = static_cast<std::uint32_t>(merge_end + t);
  }
}

// Sizes `v` to m elements; reallocates at the exact size when it would otherwise grow or keep
// more than an eighth unused (a bush grows by a few links per iteration and vector growth would
// double its capacity; the bushes are most of the solver's memory). Contents are overwritten.
template <class T>
void resize_exact(std::vector<T>& v, std::size_t m) {
  if (v.capacity() < m || v.capacity() > m + m / 8) {
    v = std::vector<T>(m);
  } else {
    v.resize(m);
  }
}

// Rebuilds the two parts of `b` from entries grouped by head in the order ws.order[0 .. n) of its
// n nodes (ws.pos their positions): the merge part ends after the last position with more than one
// entry.
void adopt_entries(Bush& b, std::size_t n, const std::vector<BushWorkspace::Entry>& entries,
                   const BushWorkspace& ws) {
  const std::size_t m = entries.size();
  std::size_t last_merge = 0;
  for (std::size_t k = 1; k < m; ++k) {
    if (entries[k].head == entries[k - 1].head)
      last_merge = std::max<std::size_t>(last_merge, ws.pos[entries[k].head]);
  }
  const std::size_t merge_end = last_merge + 1;
  std::size_t e = 0;  // merge entries: the prefix whose heads lie before merge_end
  while (e < m && ws.pos[entries[e].head] < merge_end) ++e;
  if (m - e != n - merge_end) {
    throw Error("algorithm b: bush of origin " + std::to_string(b.origin) +
                " has a node without an in-link (internal error)");
  }
  resize_exact(b.order, merge_end);
  std::copy(ws.order.begin(), ws.order.begin() + static_cast<std::ptrdiff_t>(merge_end),
            b.order.begin());
  b.in_start.assign(merge_end + 1, 0);
  resize_exact(b.link, e);
  resize_exact(b.tail_pos, e);
  resize_exact(b.flow, e);
  resize_exact(b.tree_links, m - e);
  for (std::size_t k = 0; k < e; ++k) {
    const auto& en = entries[k];
    ++b.in_start[ws.pos[en.head] + 1];
    b.link[k] = en.link;
    b.tail_pos[k] = ws.pos[en.tail];
    b.flow[k] = en.flow;
  }
  for (std::size_t p = 0; p < merge_end; ++p) b.in_start[p + 1] += b.in_start[p];
  for (std::size_t k = e; k < m; ++k)
    b.tree_links[ws.pos[entries[k].head] - merge_end] = entries[k].link;
}

}  // namespace

BushWorkspace::BushWorkspace(std::uint32_t node_count, std::uint32_t link_count)
    : lo(node_count, 0.0),
      hi(node_count, 0.0),
      lo_pred(node_count, kNone),
      hi_pred(node_count, kNone),
      has_inflow(node_count, 0),
      order(node_count, 0),
      pos(node_count, kNone),
      stamp(link_count, 0),
      indegree(node_count, 0),
      count(node_count + 1, 0),
      node_flow(node_count, 0.0),
      mark(node_count, 0),
      x(link_count, 0.0) {
  queue.reserve(node_count);
}

namespace {

// tree_flows with ws.order and ws.pos resolved for b.
void tree_flows_at_positions(const network::RoadNetwork& net, const Bush& b,
                             std::span<const double> trips, BushWorkspace& ws) {
  const std::size_t n = b.node_count();
  const std::size_t merge_end = b.merge_end();
  if (merge_end >= n) return;
  const std::uint32_t* tails = net.tails().data();
  const std::uint32_t* pos = ws.pos.data();
  double* f = ws.node_flow.data();
  std::fill(f + merge_end, f + n, 0.0);
  const std::uint32_t* order = ws.order.data();
  for (std::uint32_t z = 0, zones = static_cast<std::uint32_t>(trips.size()); z < zones; ++z) {
    if (!(trips[z] > 0.0) || z == b.origin) continue;
    const std::uint32_t p = pos[z];  // stale (from another bush) unless z is in this one
    if (p >= merge_end && p < n && order[p] == z) f[p] += trips[z];
  }
  const std::uint32_t* tree = b.tree_links.data();
  for (std::size_t p = n; p-- > merge_end;) {
    const std::uint32_t t = pos[tails[tree[p - merge_end]]];
    if (t >= merge_end) f[t] += f[p];
  }
}

}  // namespace

void tree_flows(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
                BushWorkspace& ws) {
  resolve(net, b, ws);
  tree_flows_at_positions(net, b, trips, ws);
}

BushView expand(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
                BushWorkspace& ws) {
  tree_flows(net, b, trips, ws);
  const auto tails = net.tails();
  const std::size_t n = b.node_count();
  const std::size_t merge_end = b.merge_end();
  const std::size_t e = b.link.size();
  ws.in_start.resize(n + 1);
  std::copy(b.in_start.begin(), b.in_start.end(), ws.in_start.begin());
  for (std::size_t p = merge_end; p < n; ++p)
    ws.in_start[p + 1] = static_cast<std::uint32_t>(e + (p - merge_end) + 1);
  const std::size_t m = b.link_count();
  ws.in_link.resize(m);
  ws.in_tail_pos.resize(m);
  ws.in_flow.resize(m);
  std::copy(b.link.begin(), b.link.end(), ws.in_link.begin());
  std::copy(b.tail_pos.begin(), b.tail_pos.end(), ws.in_tail_pos.begin());
  std::copy(b.flow.begin(), b.flow.end(), ws.in_flow.begin());
  for (std::size_t p = merge_end; p < n; ++p) {
    const std::size_t k = e + (p - merge_end);
    const std::uint32_t a = b.tree_links[p - merge_end];
    ws.in_link[k] = a;
    ws.in_tail_pos[k] = ws.pos[tails[a]];
    ws.in_flow[k] = ws.node_flow[p];
  }
  return {std::span<const std::uint32_t>(ws.order.data(), n), ws.in_start, ws.in_link,
          ws.in_tail_pos, ws.in_flow};
}

void scatter(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
             BushWorkspace& ws) {
  const auto tails = net.tails();
  const auto view = expand(net, b, trips, ws);
  ws.in_tail.resize(view.link.size());
  for (std::size_t k = 0; k < view.link.size(); ++k) {
    ws.x[view.link[k]] = view.flow[k];
    ws.in_tail[k] = tails[view.link[k]];
  }
}

void refresh_link(const network::RoadNetwork& net, std::uint32_t a, LinkState links) {
  const double v = links.volume[a];
  const auto kind = net.vdf()[a];
  const double t0 = net.free_flow_minutes()[a];
  const double cap = net.capacity()[a];
  const double alpha = net.alpha()[a];
  const double beta = net.beta()[a];
  const auto ts = network::link_time_and_slope(kind, t0, cap, alpha, beta, v);
  links.time[a] = ts.time;
  links.slope[a] = ts.slope;
}

double init_from_tree(const network::RoadNetwork& net, const paths::DijkstraWorkspace& tree,
                      std::span<const double> trips, Bush& b, BushWorkspace& ws) {
  (void)ws;
  const auto settled = tree.settled_order();
  double unassigned = 0.0;
  b.demand = 0.0;
  for (std::uint32_t z = 0; z < trips.size(); ++z) {
    if (z == b.origin || !(trips[z] > 0.0)) continue;
    if (tree.distance(z) == paths::kUnreachable) {
      unassigned += trips[z];
    } else {
      b.demand += trips[z];
    }
  }
  // A tree: the origin alone in the merge part, every other node hangs on its tree link.
  const std::size_t n = settled.size();
  b.order.assign(1, settled[0]);  // the origin
  b.in_start.assign(2, 0);
  b.link.clear();
  b.tail_pos.clear();
  b.flow.clear();
  resize_exact(b.tree_links, n - 1);
  for (std::size_t p = 1; p < n; ++p) b.tree_links[p - 1] = tree.pred_link(settled[p]);
  (void)net;
  return unassigned;
}

double reload_demand(const network::RoadNetwork& net, std::span<const double> trips,
                     std::span<const double> time, const ClassCost& cc, Bush& b,
                     BushWorkspace& ws) {
  compute_labels(net, b, time, cc, ws);  // resolves ws.order and ws.pos
  const std::size_t n = b.node_count();
  const std::size_t merge_end = b.merge_end();
  double unassigned = 0.0;
  b.demand = 0.0;
  double* node_flow = ws.node_flow.data();
  std::fill(node_flow, node_flow + n, 0.0);
  for (std::uint32_t z = 0; z < trips.size(); ++z) {
    if (z == b.origin || !(trips[z] > 0.0)) continue;
    const std::uint32_t p = ws.pos[z];
    if (p >= n || ws.order[p] != z) {
      unassigned += trips[z];
      continue;
    }
    b.demand += trips[z];
    node_flow[p] = trips[z];
  }
  const std::uint32_t* tails = net.tails().data();
  const std::uint32_t* tree = b.tree_links.data();
  for (std::size_t p = n; p-- > merge_end;)
    node_flow[ws.pos[tails[tree[p - merge_end]]]] += node_flow[p];
  for (std::size_t p = merge_end; p-- > 1;) {
    const double f = node_flow[p];
    const std::uint32_t begin = b.in_start[p], end = b.in_start[p + 1];
    double old_in = 0.0;
    for (std::uint32_t k = begin; k < end; ++k) old_in += b.flow[k];
    if (old_in > 0.0) {
      for (std::uint32_t k = begin; k < end; ++k) b.flow[k] = f * (b.flow[k] / old_in);
    } else {
      for (std::uint32_t k = begin; k < end; ++k) b.flow[k] = 0.0;
      b.flow[ws.lo_pred[p]] = f;
    }
    for (std::uint32_t k = begin; k < end; ++k) node_flow[b.tail_pos[k]] += b.flow[k];
  }
  return unassigned;
}

namespace {

// Link cost of a class: time + fixed, or a snapshot of that sum when the caller has one.
struct SumCost {
  const double* t;
  const double* fixed;
  double operator()(std::uint32_t a) const { return t[a] + fixed[a]; }
};
struct SnapshotCost {
  const double* cost;
  double operator()(std::uint32_t a) const { return cost[a]; }
};

// Labels of positions 0 .. n − 1 (n <= b.node_count()); ws.pos must be resolved when n reaches the
// tree part. Tree nodes have one in-link, so their U label is the tail's plus the cost whether or
// not it carries flow, and U − L equals the tail's: the maximum returned is the merge part's.
template <class Cost>
double labels(const network::RoadNetwork& net, const Bush& b, Cost cost, BushWorkspace& ws,
              std::size_t n) {
  const std::uint32_t* tails = net.tails().data();
  const double* x = b.flow.data();
  const std::uint32_t* start = b.in_start.data();
  const std::uint32_t* link = b.link.data();
  const std::uint32_t* tail = b.tail_pos.data();
  double* lo_label = ws.lo.data();
  double* hi_label = ws.hi.data();
  std::uint32_t* lo_pred_of = ws.lo_pred.data();
  std::uint32_t* hi_pred_of = ws.hi_pred.data();
  std::uint8_t* has_inflow = ws.has_inflow.data();
  double max_diff = 0.0;
  lo_label[0] = 0.0;
  hi_label[0] = 0.0;
  lo_pred_of[0] = kNone;
  hi_pred_of[0] = kNone;
  has_inflow[0] = 1;
  const std::size_t merge_end = std::min(n, b.merge_end());
  for (std::size_t p = 1; p < merge_end; ++p) {
    double lo = kInf, hi_used = -kInf, hi_min = kInf;
    std::uint32_t lo_pred = kNone, hi_pred = kNone, keep_pred = kNone;
    bool inflow = false;
    for (std::uint32_t k = start[p], end = start[p + 1]; k < end; ++k) {
      const std::uint32_t a = link[k];
      const std::uint32_t i = tail[k];
      const double c = cost(a);
      const double l = lo_label[i] + c;
      if (l < lo) {
        lo = l;
        lo_pred = k;
      }
      const double u = hi_label[i] + c;
      if (x[k] > 0.0) {
        inflow = true;
        if (u > hi_used) {
          hi_used = u;
          hi_pred = k;
        }
      }
      if (u < hi_min) {
        hi_min = u;
        keep_pred = k;
      }
    }
    lo_label[p] = lo;
    lo_pred_of[p] = lo_pred;
    has_inflow[p] = inflow ? 1 : 0;
    if (inflow) {
      hi_label[p] = hi_used;
      hi_pred_of[p] = hi_pred;
      max_diff = std::max(max_diff, hi_used - lo);
    } else {
      hi_label[p] = hi_min;
      hi_pred_of[p] = keep_pred;
    }
  }
  const std::uint32_t* tree = b.tree_links.data();
  const std::uint32_t* pos = ws.pos.data();  // resolved
  auto entry = static_cast<std::uint32_t>(b.link.size());
  for (std::size_t p = merge_end; p < n; ++p, ++entry) {
    const std::uint32_t a = tree[p - merge_end];
    const std::uint32_t i = pos[tails[a]];
    const double c = cost(a);
    lo_label[p] = lo_label[i] + c;
    hi_label[p] = hi_label[i] + c;
    lo_pred_of[p] = entry;
    hi_pred_of[p] = entry;
    has_inflow[p] = 1;  // not known without the tree flows; no kernel reads it in the tree part
  }
  return max_diff;
}

}  // namespace

double compute_labels(const network::RoadNetwork& net, const Bush& b, std::span<const double> time,
                      const ClassCost& cc, BushWorkspace& ws) {
  const std::size_t n = b.node_count();
  resolve(net, b, ws);
  if (!cc.cost.empty()) return labels(net, b, SnapshotCost{cc.cost.data()}, ws, n);
  return labels(net, b, SumCost{time.data(), cc.fixed.data()}, ws, n);
}

namespace {

// Collects the kept links of `b` into ws.entries (used links, and for a node without inflow its
// arg-min link for reachability; every tree link) and stamps the bush's links with a fresh epoch.
// Needs the U labels and predecessors of compute_labels, ws.order and ws.pos resolved and the tree
// flows in ws.node_flow.
void collect_kept(const network::RoadNetwork& net, const Bush& b, BushWorkspace& ws) {
  if (++ws.epoch == 0) {  // wrapped: clear the stamps once
    std::fill(ws.stamp.begin(), ws.stamp.end(), 0u);
    ws.epoch = 1;
  }
  std::uint32_t* stamp = ws.stamp.data();
  const std::uint32_t epoch = ws.epoch;
  for (const auto a : b.link) stamp[a] = epoch;
  for (const auto a : b.tree_links) stamp[a] = epoch;
  auto& entries = ws.entries;
  entries.clear();
  entries.reserve(b.link_count() + 64);
  const std::size_t n = b.node_count();
  const std::size_t merge_end = b.merge_end();
  for (std::size_t p = 1; p < merge_end; ++p) {
    const std::uint32_t j = b.order[p];
    if (ws.has_inflow[p]) {
      for (std::uint32_t k = b.in_start[p], end = b.in_start[p + 1]; k < end; ++k) {
        if (b.flow[k] > 0.0) entries.push_back({b.link[k], b.order[b.tail_pos[k]], j, b.flow[k]});
      }
    } else {
      const std::uint32_t k = ws.hi_pred[p];
      entries.push_back({b.link[k], b.order[b.tail_pos[k]], j, 0.0});
    }
  }
  const auto tails = net.tails();
  for (std::size_t p = merge_end; p < n; ++p) {
    const std::uint32_t a = b.tree_links[p - merge_end];
    entries.push_back({a, tails[a], ws.order[p], ws.node_flow[p]});
  }
}

// Rebuilds `b` from ws.entries (kept links first, then `added` shortcuts): when nothing was added
// the order stays topological and only dropped links go; otherwise a new topological order (Kahn
// over the entries) and the entries grouped by head in it. Returns `added`.
std::uint32_t restructure(Bush& b, BushWorkspace& ws, std::uint32_t added) {
  auto& entries = ws.entries;
  const std::uint32_t r = b.origin;
  const std::size_t n = b.node_count();
  if (added == 0) {
    // Dropping links keeps the order topological and the entries grouped by head in that order.
    if (entries.size() != b.link_count()) adopt_entries(b, n, entries, ws);
    return 0;
  }
  // Topological order of the new bush (Kahn over the entries, out-lists by tail position).
  auto& count = ws.count;
  std::fill(count.begin(), count.begin() + static_cast<std::ptrdiff_t>(n + 1), 0u);
  for (const auto& e : entries) {
    ++count[ws.pos[e.tail] + 1];
    ++ws.indegree[e.head];
  }
  std::uint8_t* core = ws.mark.data();  // by node: a merge node or a node on the way to one
  for (const auto& e : entries) {
    if (ws.indegree[e.head] > 1) core[e.head] = 1;
  }
  for (std::size_t p = 0; p < n; ++p) count[p + 1] += count[p];
  auto& by_tail = ws.sorted;
  by_tail.resize(entries.size());
  {
    // count[p] becomes the fill cursor of tail position p; restored below from indegree sums.
    std::vector<std::uint32_t>& cursor = ws.queue;
    cursor.assign(count.begin(), count.begin() + static_cast<std::ptrdiff_t>(n));
    for (const auto& e : entries) by_tail[cursor[ws.pos[e.tail]]++] = e;
  }
  auto& order = ws.queue;
  order.clear();
  order.push_back(r);
  for (std::size_t q = 0; q < order.size(); ++q) {
    const std::uint32_t p = ws.pos[order[q]];
    for (std::uint32_t k = count[p], end = count[p + 1]; k < end; ++k) {
      if (--ws.indegree[by_tail[k].head] == 0) order.push_back(by_tail[k].head);
    }
  }
  if (order.size() != n) {
    throw Error("algorithm b: bush of origin " + std::to_string(r) +
                " lost acyclicity or reachability (internal error)");
  }
  // Merge nodes and their ancestors first, each part in Kahn's order (still topological: no
  // ancestor of a merge node lies below a node that is not one), so the sweeps' labels and
  // shifts stop at the last merge (equilibrate_pass).
  for (std::size_t q = n; q-- > 0;) {
    const std::uint32_t v = order[q];
    if (core[v]) continue;
    const std::uint32_t p = ws.pos[v];
    for (std::uint32_t k = count[p], end = count[p + 1]; k < end; ++k) {
      if (core[by_tail[k].head]) {
        core[v] = 1;
        break;
      }
    }
  }
  std::uint32_t next = 0;  // the new order into ws.order, positions into ws.pos
  for (const auto v : order) {
    if (core[v]) {
      ws.pos[v] = next;
      ws.order[next++] = v;
    }
  }
  for (const auto v : order) {
    if (!core[v]) {
      ws.pos[v] = next;
      ws.order[next++] = v;
    }
    core[v] = 0;
  }
  // Group the entries by head in the new order (counting sort, stable).
  std::fill(count.begin(), count.begin() + static_cast<std::ptrdiff_t>(n + 1), 0u);
  for (const auto& e : entries) ++count[ws.pos[e.head] + 1];
  for (std::size_t p = 0; p < n; ++p) count[p + 1] += count[p];
  for (const auto& e : entries) by_tail[count[ws.pos[e.head]]++] = e;
  adopt_entries(b, n, by_tail, ws);
  return added;
}

// Lazy-deletion binary heap order of the label-correcting repair (a type, so it is inlined).
struct Later {
  bool operator()(const std::pair<double, std::uint32_t>& x,
                  const std::pair<double, std::uint32_t>& y) const {
    return x.first > y.first;
  }
};

}  // namespace

namespace {

// scan_bush without the restructuring: `added` counts the shortcuts appended to ws.entries.
// Needs the labels of compute_labels (ws.order and ws.pos resolved).
template <class Cost>
ScanResult scan(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
                Cost cost, BushWorkspace& ws, bool excess, bool improve) {
  ScanResult out;
  if (excess || improve) tree_flows_at_positions(net, b, trips, ws);
  if (improve) collect_kept(net, b, ws);
  const std::uint32_t* out_off = net.out_offsets().data();
  const std::uint32_t* heads = net.heads().data();
  const std::uint32_t* pos = ws.pos.data();
  const std::uint32_t* order = ws.order.data();
  const std::uint32_t* stamp = ws.stamp.data();
  const std::uint32_t epoch = ws.epoch;
  const double* hi = ws.hi.data();
  double* d = ws.lo.data();  // L labels, repaired into the shortest path distances
  const std::uint32_t r = b.origin;
  const std::uint32_t first_thru = net.first_thru_node();
  const auto n = static_cast<std::uint32_t>(b.node_count());
  auto& heap = ws.heap;
  heap.clear();
  auto& entries = ws.entries;
  std::uint32_t added = 0;
  // One scan of the links leaving the bush's nodes, in topological order: the repair's first
  // relaxation (labels lowered here are relaxed again from the heap) and the shortcut test
  // U_i + c_ij < U_j against the U labels of compute_labels.
  for (std::uint32_t p = 0; p < n; ++p) {
    const std::uint32_t i = order[p];
    if (p != 0 && i < first_thru) continue;
    const double di = d[p];
    const double ui = hi[p];
    for (std::uint32_t a = out_off[i], end = out_off[i + 1]; a < end; ++a) {
      const std::uint32_t j = heads[a];
      const std::uint32_t pj = pos[j];
      if (pj >= n || order[pj] != j) return out;  // leaves the bush (cannot happen)
      const double c = cost(a);
      if (excess) {
        const double nd = di + c;
        if (nd < d[pj]) {
          d[pj] = nd;
          heap.emplace_back(nd, pj);
          std::push_heap(heap.begin(), heap.end(), Later{});
        }
      }
      if (improve && stamp[a] != epoch && j != r && ui + c < hi[pj]) {
        entries.push_back({a, i, j, 0.0});
        ++added;
      }
    }
  }
  if (excess) {
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), Later{});
      const auto [key, p] = heap.back();
      heap.pop_back();
      if (key > d[p]) continue;  // stale entry
      const std::uint32_t i = order[p];
      if (p != 0 && i < first_thru) continue;
      for (std::uint32_t a = out_off[i], end = out_off[i + 1]; a < end; ++a) {
        const std::uint32_t j = heads[a];
        const std::uint32_t pj = pos[j];
        if (pj >= n || order[pj] != j) return out;
        const double nd = key + cost(a);
        if (nd < d[pj]) {
          d[pj] = nd;
          heap.emplace_back(nd, pj);
          std::push_heap(heap.begin(), heap.end(), Later{});
        }
      }
    }
    double ex = 0.0, total = 0.0;
    const std::uint32_t* start = b.in_start.data();
    const std::uint32_t* link = b.link.data();
    const std::uint32_t* tail = b.tail_pos.data();
    const double* x = b.flow.data();
    for (std::uint32_t p = 1, merge_end = static_cast<std::uint32_t>(b.merge_end()); p < merge_end;
         ++p) {
      const double dj = d[p];
      for (std::uint32_t k = start[p], end = start[p + 1]; k < end; ++k) {
        const double xa = x[k];
        if (xa == 0.0) continue;
        const std::uint32_t a = link[k];
        const double c = cost(a);
        total += xa * c;
        const double reduced = (d[tail[k]] + c) - dj;
        if (reduced > 0.0) ex += xa * reduced;
      }
    }
    const std::uint32_t merge_end = static_cast<std::uint32_t>(b.merge_end());
    const std::uint32_t* tails = net.tails().data();
    const std::uint32_t* tree = b.tree_links.data();
    const double* tree_flow = ws.node_flow.data();
    for (std::uint32_t p = merge_end; p < n; ++p) {
      const double xa = tree_flow[p];
      if (xa == 0.0) continue;
      const std::uint32_t a = tree[p - merge_end];
      const double c = cost(a);
      total += xa * c;
      const double reduced = (d[pos[tails[a]]] + c) - d[p];
      if (reduced > 0.0) ex += xa * reduced;
    }
    out.excess = ex;
    out.total_cost = total;
  }
  out.exact = true;
  out.added = added;
  return out;
}

}  // namespace

ScanResult scan_bush(const network::RoadNetwork& net, Bush& b, std::span<const double> trips,
                     std::span<const double> time, const ClassCost& cc, BushWorkspace& ws,
                     bool excess, bool improve, bool labels_ready) {
  if (!labels_ready) {
    compute_labels(net, b, time, cc, ws);  // resolves ws.order and ws.pos
  } else {
    resolve(net, b, ws);
  }
  ScanResult out =
      !cc.cost.empty()
          ? scan(net, b, trips, SnapshotCost{cc.cost.data()}, ws, excess, improve)
          : scan(net, b, trips, SumCost{time.data(), cc.fixed.data()}, ws, excess, improve);
  if (improve && out.exact) out.added = restructure(b, ws, out.added);
  return out;
}

std::uint32_t improve_bush(const network::RoadNetwork& net, Bush& b, std::span<const double> trips,
                           std::span<const double> time, const ClassCost& cc, BushWorkspace& ws,
                           bool labels_ready) {
  return scan_bush(net, b, trips, time, cc, ws, false, true, labels_ready).added;
}

double equilibrate_pass(const network::RoadNetwork& net, Bush& b, LinkState links,
                        const ClassCost& cc, BushWorkspace& ws, double min_diff) {
  // Only merge nodes shift flow, along paths through their ancestors: labels below the last
  // merge are not needed, and U − L of a single-in-link node equals its tail's, so the maximum
  // over the merge part is the bush's.
  const std::size_t limit = b.merge_end();
  const double max_diff = labels(net, b, SumCost{links.time.data(), cc.fixed.data()}, ws, limit);
  const double* fixed = cc.fixed.data();
  double* x = b.flow.data();
  const std::uint32_t* link = b.link.data();
  const std::uint32_t* tail = b.tail_pos.data();
  const std::uint32_t* lo_pred = ws.lo_pred.data();
  const std::uint32_t* hi_pred = ws.hi_pred.data();
  const double pce = cc.pce;
  const double residual = kResidual * b.demand;
  for (std::size_t p = limit; p-- > 1;) {
    if (!ws.has_inflow[p]) continue;
    const std::uint32_t lp = lo_pred[p];
    const std::uint32_t hp = hi_pred[p];
    if (lp == hp || !(ws.hi[p] - ws.lo[p] > min_diff)) continue;
    // Divergence node: walk back the later of the two paths until they meet.
    std::uint32_t u = tail[lp], w = tail[hp];
    while (u != w) {
      if (u > w) {
        u = tail[lo_pred[u]];
      } else {
        w = tail[hi_pred[w]];
      }
    }
    const std::uint32_t m = u;
    const auto pos_m = static_cast<std::size_t>(m);
    double c_lo = 0.0, s_lo = 0.0, c_hi = 0.0, s_hi = 0.0, x_min = kInf;
    for (std::size_t v = p; v != pos_m;) {
      const std::uint32_t k = lo_pred[v];
      const std::uint32_t a = link[k];
      c_lo += links.time[a] + fixed[a];
      s_lo += links.slope[a];
      v = tail[k];
    }
    for (std::size_t v = p; v != pos_m;) {
      const std::uint32_t k = hi_pred[v];
      const std::uint32_t a = link[k];
      c_hi += links.time[a] + fixed[a];
      s_hi += links.slope[a];
      x_min = std::min(x_min, x[k]);
      v = tail[k];
    }
    const double diff = c_hi - c_lo;
    if (!(diff > 0.0) || !(x_min > 0.0)) continue;
    const double denom = pce * (s_hi + s_lo);
    double delta = denom > 0.0 ? diff / denom : x_min;
    const bool empties = !(delta < x_min);
    if (empties) delta = x_min;
    for (std::size_t v = p; v != pos_m;) {
      const std::uint32_t k = hi_pred[v];
      const std::uint32_t a = link[k];
      x[k] -= delta;  // the bottleneck link gets exactly 0
      if (x[k] < 0.0 || (empties && x[k] <= residual)) x[k] = 0.0;
      links.volume[a] = std::max(0.0, links.volume[a] - pce * delta);
      refresh_link(net, a, links);
      v = tail[k];
    }
    for (std::size_t v = p; v != pos_m;) {
      const std::uint32_t k = lo_pred[v];
      const std::uint32_t a = link[k];
      x[k] += delta;
      links.volume[a] += pce * delta;
      refresh_link(net, a, links);
      v = tail[k];
    }
  }
  return max_diff;
}

double bush_excess(const network::RoadNetwork& net, const Bush& b, std::span<const double> trips,
                   std::span<const double> time, const ClassCost& cc,
                   const paths::DijkstraWorkspace& tree, BushWorkspace& ws, double& total_cost) {
  const auto view = expand(net, b, trips, ws);
  double excess = 0.0, total = 0.0;
  const std::size_t n = view.order.size();
  for (std::size_t p = 1; p < n; ++p) {
    const double dj = tree.distance(view.order[p]);
    for (std::uint32_t k = view.in_start[p], end = view.in_start[p + 1]; k < end; ++k) {
      const double xa = view.flow[k];
      if (xa == 0.0) continue;
      const std::uint32_t a = view.link[k];
      const double c = time[a] + cc.fixed[a];
      total += xa * c;
      const double reduced = (tree.distance(view.order[view.tail_pos[k]]) + c) - dj;
      if (reduced > 0.0) excess += xa * reduced;
    }
  }
  total_cost = total;
  return excess;
}

bool bush_excess_from_labels(const network::RoadNetwork& net, const Bush& b,
                             std::span<const double> trips, std::span<const double> time,
                             const ClassCost& cc, BushWorkspace& ws, double& excess,
                             double& total_cost) {
  compute_labels(net, b, time, cc, ws);
  const auto res = scan(net, b, trips, SumCost{time.data(), cc.fixed.data()}, ws, true, false);
  excess = res.excess;
  total_cost = res.total_cost;
  return res.exact;
}

}  // namespace corridor::assignment::bush
