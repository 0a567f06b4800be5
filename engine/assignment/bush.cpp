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

inline bool test_bit(const std::vector<std::uint64_t>& bits, std::uint32_t a) {
  return (bits[a >> 6] >> (a & 63)) & 1u;
}
inline void set_bit(std::vector<std::uint64_t>& bits, std::uint32_t a) {
  bits[a >> 6] |= std::uint64_t{1} << (a & 63);
}

void pack(const std::vector<std::uint64_t>& member, const std::vector<double>& x,
          std::vector<double>& flow) {
  std::size_t count = 0;
  for (const auto w : member) count += static_cast<std::size_t>(__builtin_popcountll(w));
  flow.resize(count);
  std::size_t k = 0;
  for (std::size_t w = 0; w < member.size(); ++w) {
    std::uint64_t bits = member[w];
    while (bits) {
      const auto bit = static_cast<std::size_t>(__builtin_ctzll(bits));
      bits &= bits - 1;
      flow[k++] = x[w * 64 + bit];
    }
  }
}

}  // namespace

BushWorkspace::BushWorkspace(std::uint32_t node_count, std::uint32_t link_count)
    : x(link_count, 0.0),
      lo(node_count, 0.0),
      hi(node_count, 0.0),
      lo_pred(node_count, kNone),
      hi_pred(node_count, kNone),
      pos(node_count, kNone),
      has_inflow(node_count, 0),
      member((link_count + 63) / 64, 0),
      indegree(node_count, 0),
      node_flow(node_count, 0.0) {
  queue.reserve(node_count);
}

namespace {
void build_in_lists(const network::RoadNetwork& net, const Bush& b, BushWorkspace& ws) {
  const auto in_off = net.in_offsets();
  const auto in_links = net.in_links();
  const auto tails = net.tails();
  ws.in_start.resize(b.order.size() + 1);
  ws.in_link.clear();
  ws.in_tail.clear();
  for (std::size_t idx = 0; idx < b.order.size(); ++idx) {
    ws.in_start[idx] = static_cast<std::uint32_t>(ws.in_link.size());
    const std::uint32_t j = b.order[idx];
    for (std::uint32_t k = in_off[j], end = in_off[j + 1]; k < end; ++k) {
      const std::uint32_t a = in_links[k];
      if (!b.contains(a)) continue;
      ws.in_link.push_back(a);
      ws.in_tail.push_back(tails[a]);
    }
  }
  ws.in_start[b.order.size()] = static_cast<std::uint32_t>(ws.in_link.size());
}
}  // namespace

void scatter(const network::RoadNetwork& net, const Bush& b, BushWorkspace& ws) {
  std::size_t k = 0;
  for (std::size_t w = 0; w < b.member.size(); ++w) {
    std::uint64_t bits = b.member[w];
    while (bits) {
      const auto bit = static_cast<std::size_t>(__builtin_ctzll(bits));
      bits &= bits - 1;
      ws.x[w * 64 + bit] = b.flow[k++];
    }
  }
  for (std::size_t i = 0; i < b.order.size(); ++i)
    ws.pos[b.order[i]] = static_cast<std::uint32_t>(i);
  build_in_lists(net, b, ws);
}

void gather(Bush& b, const BushWorkspace& ws) { pack(b.member, ws.x, b.flow); }

void refresh_link(const network::RoadNetwork& net, std::uint32_t a, LinkState links) {
  const double v = links.volume[a];
  const auto kind = net.vdf()[a];
  const double t0 = net.free_flow_minutes()[a];
  const double cap = net.capacity()[a];
  const double alpha = net.alpha()[a];
  const double beta = net.beta()[a];
  links.time[a] = network::link_time(kind, t0, cap, alpha, beta, v);
  links.slope[a] = network::link_time_slope(kind, t0, cap, alpha, beta, v);
}

double init_from_tree(const network::RoadNetwork& net, const paths::DijkstraWorkspace& tree,
                      std::span<const double> trips, Bush& b, BushWorkspace& ws) {
  const auto settled = tree.settled_order();
  const auto tails = net.tails();
  b.order.assign(settled.begin(), settled.end());
  b.member.assign((net.link_count() + 63) / 64, 0);
  double unassigned = 0.0;
  for (std::uint32_t z = 0; z < trips.size(); ++z) {
    if (z == b.origin || trips[z] <= 0.0) continue;
    if (tree.distance(z) == paths::kUnreachable) unassigned += trips[z];
  }
  for (const auto v : settled)
    ws.node_flow[v] = (v < trips.size() && v != b.origin) ? trips[v] : 0.0;
  b.demand = 0.0;
  for (const auto v : settled) b.demand += ws.node_flow[v];
  for (std::size_t k = settled.size(); k-- > 1;) {
    const std::uint32_t v = settled[k];
    const std::uint32_t a = tree.pred_link(v);
    set_bit(b.member, a);
    ws.x[a] = ws.node_flow[v];
    ws.node_flow[tails[a]] += ws.node_flow[v];
  }
  pack(b.member, ws.x, b.flow);
  for (std::size_t i = 0; i < b.order.size(); ++i)
    ws.pos[b.order[i]] = static_cast<std::uint32_t>(i);
  build_in_lists(net, b, ws);
  return unassigned;
}

double compute_labels(const network::RoadNetwork& net, const Bush& b, std::span<const double> time,
                      const ClassCost& cc, BushWorkspace& ws) {
  (void)net;
  const double* fixed = cc.fixed.data();
  const double* t = time.data();
  const double* x = ws.x.data();
  const std::uint32_t* start = ws.in_start.data();
  const std::uint32_t* in_link = ws.in_link.data();
  const std::uint32_t* in_tail = ws.in_tail.data();
  double* lo_label = ws.lo.data();
  double* hi_label = ws.hi.data();
  double max_diff = 0.0;
  const std::uint32_t r = b.order.front();
  lo_label[r] = 0.0;
  hi_label[r] = 0.0;
  ws.lo_pred[r] = kNone;
  ws.hi_pred[r] = kNone;
  ws.has_inflow[r] = 1;
  for (std::size_t idx = 1; idx < b.order.size(); ++idx) {
    const std::uint32_t j = b.order[idx];
    double lo = kInf, hi_used = -kInf, hi_min = kInf;
    std::uint32_t lo_pred = kNone, hi_pred = kNone, keep_pred = kNone;
    bool inflow = false;
    for (std::uint32_t k = start[idx], end = start[idx + 1]; k < end; ++k) {
      const std::uint32_t a = in_link[k];
      const std::uint32_t i = in_tail[k];
      const double c = t[a] + fixed[a];
      const double l = lo_label[i] + c;
      if (l < lo) {
        lo = l;
        lo_pred = a;
      }
      const double u = hi_label[i] + c;
      if (x[a] > 0.0) {
        inflow = true;
        if (u > hi_used) {
          hi_used = u;
          hi_pred = a;
        }
      }
      if (u < hi_min) {
        hi_min = u;
        keep_pred = a;
      }
    }
    lo_label[j] = lo;
    ws.lo_pred[j] = lo_pred;
    ws.has_inflow[j] = inflow ? 1 : 0;
    if (inflow) {
      hi_label[j] = hi_used;
      ws.hi_pred[j] = hi_pred;
      max_diff = std::max(max_diff, hi_used - lo);
    } else {
      hi_label[j] = hi_min;
      ws.hi_pred[j] = keep_pred;
    }
  }
  return max_diff;
}

std::uint32_t improve_bush(const network::RoadNetwork& net, Bush& b, std::span<const double> time,
                           const ClassCost& cc, BushWorkspace& ws) {
  compute_labels(net, b, time, cc, ws);
  const auto out_off = net.out_offsets();
  const auto heads = net.heads();
  const std::uint32_t r = b.origin;
  std::fill(ws.member.begin(), ws.member.end(), 0);
  // Keep used links, and for a node without inflow its arg-min link (reachability).
  for (std::size_t idx = 1; idx < b.order.size(); ++idx) {
    const std::uint32_t j = b.order[idx];
    if (ws.has_inflow[j]) {
      for (std::uint32_t k = ws.in_start[idx], end = ws.in_start[idx + 1]; k < end; ++k) {
        const std::uint32_t a = ws.in_link[k];
        if (ws.x[a] > 0.0) set_bit(ws.member, a);
      }
    } else {
      set_bit(ws.member, ws.hi_pred[j]);
    }
  }
  // Add shortcuts with respect to the U labels.
  std::uint32_t added = 0;
  const auto order_size = static_cast<std::uint32_t>(b.order.size());
  for (const std::uint32_t i : b.order) {
    if (i != r && !net.passable(i)) continue;
    const double ui = ws.hi[i];
    for (std::uint32_t a = out_off[i], end = out_off[i + 1]; a < end; ++a) {
      if (b.contains(a)) continue;
      const std::uint32_t j = heads[a];
      if (j == r) continue;
      const std::uint32_t pj = ws.pos[j];
      if (pj >= order_size || b.order[pj] != j) continue;  // not reachable (cannot happen)
      const double c = time[a] + cc.fixed[a];
      if (ui + c < ws.hi[j]) {
        set_bit(ws.member, a);
        ws.x[a] = 0.0;
        ++added;
      }
    }
  }
  // Topological order of the new bush (Kahn), then adopt it.
  for (const std::uint32_t v : b.order) ws.indegree[v] = 0;
  for (const std::uint32_t i : b.order) {
    for (std::uint32_t a = out_off[i], end = out_off[i + 1]; a < end; ++a) {
      if (test_bit(ws.member, a)) ++ws.indegree[heads[a]];
    }
  }
  ws.queue.clear();
  ws.queue.push_back(r);
  for (std::size_t q = 0; q < ws.queue.size(); ++q) {
    const std::uint32_t i = ws.queue[q];
    for (std::uint32_t a = out_off[i], end = out_off[i + 1]; a < end; ++a) {
      if (test_bit(ws.member, a) && --ws.indegree[heads[a]] == 0) ws.queue.push_back(heads[a]);
    }
  }
  if (ws.queue.size() != b.order.size()) {
    throw Error("algorithm b: bush of origin " + std::to_string(r) +
                " lost acyclicity or reachability (internal error)");
  }
  b.member.swap(ws.member);
  b.order.swap(ws.queue);
  pack(b.member, ws.x, b.flow);
  for (std::size_t i = 0; i < b.order.size(); ++i)
    ws.pos[b.order[i]] = static_cast<std::uint32_t>(i);
  build_in_lists(net, b, ws);
  return added;
}

double equilibrate_pass(const network::RoadNetwork& net, const Bush& b, LinkState links,
                        const ClassCost& cc, BushWorkspace& ws, double min_diff) {
  const double max_diff = compute_labels(net, b, links.time, cc, ws);
  const auto tails = net.tails();
  const double* fixed = cc.fixed.data();
  double* x = ws.x.data();
  const double pce = cc.pce;
  const double residual = kResidual * b.demand;
  for (std::size_t idx = b.order.size(); idx-- > 1;) {
    const std::uint32_t j = b.order[idx];
    if (!ws.has_inflow[j]) continue;
    const std::uint32_t lp = ws.lo_pred[j];
    const std::uint32_t hp = ws.hi_pred[j];
    if (lp == hp || !(ws.hi[j] - ws.lo[j] > min_diff)) continue;
    // Divergence node: walk back the later of the two paths until they meet.
    std::uint32_t u = tails[lp], w = tails[hp];
    while (u != w) {
      if (ws.pos[u] > ws.pos[w]) {
        u = tails[ws.lo_pred[u]];
      } else {
        w = tails[ws.hi_pred[w]];
      }
    }
    const std::uint32_t m = u;
    double c_lo = 0.0, s_lo = 0.0, c_hi = 0.0, s_hi = 0.0, x_min = kInf;
    for (std::uint32_t v = j; v != m;) {
      const std::uint32_t a = ws.lo_pred[v];
      c_lo += links.time[a] + fixed[a];
      s_lo += links.share ? links.slope[a] * links.share[a] : links.slope[a];
      v = tails[a];
    }
    for (std::uint32_t v = j; v != m;) {
      const std::uint32_t a = ws.hi_pred[v];
      c_hi += links.time[a] + fixed[a];
      s_hi += links.share ? links.slope[a] * links.share[a] : links.slope[a];
      x_min = std::min(x_min, x[a]);
      v = tails[a];
    }
    const double diff = c_hi - c_lo;
    if (!(diff > 0.0) || !(x_min > 0.0)) continue;
    const double denom = pce * (s_hi + s_lo);
    double delta = denom > 0.0 ? diff / denom : x_min;
    const bool empties = !(delta < x_min);
    if (empties) delta = x_min;
    for (std::uint32_t v = j; v != m;) {
      const std::uint32_t a = ws.hi_pred[v];
      x[a] -= delta;  // the bottleneck link gets exactly 0
      if (x[a] < 0.0 || (empties && x[a] <= residual)) x[a] = 0.0;
      links.volume[a] = std::max(0.0, links.volume[a] - pce * delta);
      refresh_link(net, a, links);
      v = tails[a];
    }
    for (std::uint32_t v = j; v != m;) {
      const std::uint32_t a = ws.lo_pred[v];
      x[a] += delta;
      links.volume[a] += pce * delta;
      refresh_link(net, a, links);
      v = tails[a];
    }
  }
  return max_diff;
}

double bush_excess(const network::RoadNetwork& net, const Bush& b, std::span<const double> time,
                   const ClassCost& cc, const paths::DijkstraWorkspace& tree,
                   const BushWorkspace& ws, double& total_cost) {
  const auto tails = net.tails();
  const auto heads = net.heads();
  double excess = 0.0, total = 0.0;
  for (std::size_t w = 0; w < b.member.size(); ++w) {
    std::uint64_t bits = b.member[w];
    while (bits) {
      const auto a =
          static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
      bits &= bits - 1;
      const double xa = ws.x[a];
      if (xa == 0.0) continue;
      const double c = time[a] + cc.fixed[a];
      total += xa * c;
      const double reduced = (tree.distance(tails[a]) + c) - tree.distance(heads[a]);
      if (reduced > 0.0) excess += xa * reduced;
    }
  }
  total_cost = total;
  return excess;
}

}  // namespace corridor::assignment::bush
