#include "assignment/od_skims.hpp"

#include <limits>

#include "core/atomic_file.hpp"
#include "paths/dijkstra.hpp"

namespace corridor::assignment {

std::vector<OdSkims> od_skims(const network::RoadNetwork& net, std::span<const DemandClass> classes,
                              const BushSolution& solution) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const std::uint32_t zones = net.zone_count();
  const std::uint32_t n = net.node_count();
  const auto& time = solution.result.link_time;
  const auto length = net.length();
  const auto toll = net.toll();
  const auto tails = net.tails();
  std::vector<OdSkims> out(classes.size());
  for (auto& s : out) {
    s.time_minutes = OdMatrix::Constant(zones, zones, kInf);
    s.distance = OdMatrix::Constant(zones, zones, kInf);
    s.toll = OdMatrix::Constant(zones, zones, kInf);
    s.generalized_cost = OdMatrix::Constant(zones, zones, kInf);
  }
  // Shortest paths for every pair first (also covers origins without demand)...
  paths::DijkstraWorkspace tree(n);
  std::vector<double> cost(net.link_count());
  std::vector<double> t(n), d(n), m(n);
  for (std::size_t k = 0; k < classes.size(); ++k) {
    const auto& fixed = solution.fixed_cost[k];
    for (std::uint32_t a = 0; a < net.link_count(); ++a) cost[a] = time[a] + fixed[a];
    for (std::uint32_t r = 0; r < zones; ++r) {
      paths::shortest_path_tree(net, cost, r, tree);
      for (const std::uint32_t v : tree.settled_order()) {
        const std::uint32_t a = tree.pred_link(v);
        if (a == paths::kNoLink) {
          t[v] = d[v] = m[v] = 0.0;
        } else {
          t[v] = t[tails[a]] + time[a];
          d[v] = d[tails[a]] + length[a];
          m[v] = m[tails[a]] + toll[a];
        }
        if (v < zones) {
          out[k].time_minutes(r, v) = t[v];
          out[k].distance(r, v) = d[v];
          out[k].toll(r, v) = m[v];
          out[k].generalized_cost(r, v) = tree.distance(v);
        }
      }
    }
  }
  // ...then flow-weighted averages where the bushes carry flow.
  bush::BushWorkspace ws(n, net.link_count());
  for (const auto& b : solution.bushes) {
    bush::scatter(net, b, bush::trips_row(classes[b.demand_class].trips, b.origin), ws);
    const auto& fixed = solution.fixed_cost[b.demand_class];
    double gen_r = 0.0;
    std::vector<double>& g = ws.lo;  // generalized cost average, reuses a label array
    t[b.origin] = d[b.origin] = m[b.origin] = gen_r;
    g[b.origin] = 0.0;
    auto& s = out[b.demand_class];
    for (std::size_t idx = 1; idx < b.node_count(); ++idx) {
      const std::uint32_t j = ws.order[idx];
      double in = 0.0, tj = 0.0, dj = 0.0, mj = 0.0, gj = 0.0;
      for (std::uint32_t k = ws.in_start[idx]; k < ws.in_start[idx + 1]; ++k) {
        const std::uint32_t a = ws.in_link[k];
        const double x = ws.x[a];
        if (x <= 0.0) continue;
        const std::uint32_t i = ws.in_tail[k];
        in += x;
        tj += x * (t[i] + time[a]);
        dj += x * (d[i] + length[a]);
        mj += x * (m[i] + toll[a]);
        gj += x * (g[i] + time[a] + fixed[a]);
      }
      if (in > 0.0) {
        t[j] = tj / in;
        d[j] = dj / in;
        m[j] = mj / in;
        g[j] = gj / in;
        if (j < zones && j != b.origin) {
          s.time_minutes(b.origin, j) = t[j];
          s.distance(b.origin, j) = d[j];
          s.toll(b.origin, j) = m[j];
          s.generalized_cost(b.origin, j) = g[j];
        }
      } else {
        t[j] = d[j] = m[j] = g[j] = 0.0;  // no flow: never read by a node with flow
      }
    }
  }
  return out;
}

void write_skims_csv(const std::filesystem::path& path, const network::RoadNetwork& net,
                     std::span<const DemandClass> classes, std::span<const OdSkims> skims) {
  AtomicFile file(path);
  auto& os = file.stream();
  os.precision(12);
  os << "class,origin,destination,time_min,distance,toll,generalized_cost\n";
  auto field = [&os](double v) {
    os << ',';
    if (v < std::numeric_limits<double>::infinity()) os << v;
  };
  for (std::size_t k = 0; k < skims.size(); ++k) {
    const auto& s = skims[k];
    for (Eigen::Index r = 0; r < s.time_minutes.rows(); ++r) {
      for (Eigen::Index c = 0; c < s.time_minutes.cols(); ++c) {
        if (r == c) continue;
        os << classes[k].name << ',' << net.node_label(NodeId(static_cast<std::uint32_t>(r))) << ','
           << net.node_label(NodeId(static_cast<std::uint32_t>(c)));
        field(s.time_minutes(r, c));
        field(s.distance(r, c));
        field(s.toll(r, c));
        field(s.generalized_cost(r, c));
        os << '\n';
      }
    }
  }
  file.commit();
}

}  // namespace corridor::assignment
