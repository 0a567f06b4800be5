#include "assignment/select_link.hpp"

#include "core/atomic_file.hpp"

namespace corridor::assignment {

std::vector<SelectLinkOd> select_link_od(const network::RoadNetwork& net,
                                         std::span<const DemandClass> classes,
                                         const BushSolution& solution,
                                         std::span<const std::uint32_t> links) {
  const std::uint32_t zones = net.zone_count();
  std::vector<SelectLinkOd> out(links.size());
  for (std::size_t l = 0; l < links.size(); ++l) {
    out[l].link = links[l];
    out[l].by_class.assign(classes.size(), OdMatrix::Zero(zones, zones));
  }
  bush::BushWorkspace ws(net.node_count(), net.link_count());
  std::vector<double> inflow(net.node_count(), 0.0), share(net.node_count(), 0.0);
  for (const auto& b : solution.bushes) {
    bush::scatter(net, b, bush::trips_row(classes[b.demand_class].trips, b.origin), ws);
    for (std::size_t idx = 0; idx < b.node_count(); ++idx) {
      double in = 0.0;
      for (std::uint32_t k = ws.in_start[idx]; k < ws.in_start[idx + 1]; ++k)
        in += ws.x[ws.in_link[k]];
      inflow[ws.order[idx]] = in;
    }
    const auto& trips = classes[b.demand_class].trips;
    for (std::size_t l = 0; l < links.size(); ++l) {
      if (!b.contains(links[l])) continue;
      share[ws.order[0]] = 0.0;
      for (std::size_t idx = 1; idx < b.node_count(); ++idx) {
        const std::uint32_t j = ws.order[idx];
        double g = 0.0;
        if (inflow[j] > 0.0) {
          for (std::uint32_t k = ws.in_start[idx]; k < ws.in_start[idx + 1]; ++k) {
            const std::uint32_t a = ws.in_link[k];
            if (ws.x[a] == 0.0) continue;
            g += ws.x[a] / inflow[j] * (a == links[l] ? 1.0 : share[ws.in_tail[k]]);
          }
        }
        share[j] = g;
        if (j < zones && j != b.origin && g > 0.0) {
          out[l].by_class[b.demand_class](b.origin, j) = trips(b.origin, j) * g;
        }
      }
    }
  }
  return out;
}

void write_select_link_csv(const std::filesystem::path& path, const network::RoadNetwork& net,
                           std::span<const DemandClass> classes,
                           std::span<const SelectLinkOd> result) {
  AtomicFile file(path);
  auto& os = file.stream();
  os.precision(15);
  os << "from_node,to_node,class,origin,destination,trips\n";
  const auto tails = net.tails();
  const auto heads = net.heads();
  for (const auto& s : result) {
    const auto from = net.node_label(NodeId(tails[s.link]));
    const auto to = net.node_label(NodeId(heads[s.link]));
    for (std::size_t k = 0; k < s.by_class.size(); ++k) {
      const auto& m = s.by_class[k];
      for (Eigen::Index r = 0; r < m.rows(); ++r) {
        for (Eigen::Index c = 0; c < m.cols(); ++c) {
          if (m(r, c) == 0.0) continue;
          os << from << ',' << to << ',' << classes[k].name << ','
             << net.node_label(NodeId(static_cast<std::uint32_t>(r))) << ','
             << net.node_label(NodeId(static_cast<std::uint32_t>(c))) << ',' << m(r, c) << '\n';
        }
      }
    }
  }
  file.commit();
}

}  // namespace corridor::assignment
