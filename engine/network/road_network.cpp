#include "network/road_network.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace corridor::network {

RoadNetwork RoadNetwork::build(std::vector<NodeSpec> nodes, std::vector<LinkSpec> links,
                               std::uint32_t zone_count, std::uint32_t first_thru_node) {
  RoadNetwork net;
  const auto n = static_cast<std::uint32_t>(nodes.size());
  const auto m = static_cast<std::uint32_t>(links.size());
  assert(zone_count <= n);
  net.zone_count_ = zone_count;
  net.first_thru_ = std::min(first_thru_node, n);

  // CSR order: stable sort of input rows by tail node.
  std::vector<std::uint32_t> order(m);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return links[a].from.value() < links[b].from.value();
  });

  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  edges.reserve(m);
  net.input_index_.resize(m);
  net.link_of_input_.resize(m);
  net.tail_.resize(m);
  net.free_flow_.resize(m);
  net.capacity_.resize(m);
  net.length_.resize(m);
  net.alpha_.resize(m);
  net.beta_.resize(m);
  net.toll_.resize(m);
  net.speed_.resize(m);
  net.link_type_.resize(m);
  net.vdf_.resize(m);
  net.modes_.resize(m);
  net.names_.resize(m);
  net.ids_.resize(m);
  for (std::uint32_t a = 0; a < m; ++a) {
    auto& s = links[order[a]];
    assert(s.from.value() < n && s.to.value() < n);
    edges.emplace_back(s.from.value(), s.to.value());
    net.input_index_[a] = order[a];
    net.link_of_input_[order[a]] = a;
    net.tail_[a] = s.from.value();
    net.free_flow_[a] = s.free_flow_minutes;
    net.capacity_[a] = s.capacity;
    net.length_[a] = s.length;
    net.alpha_[a] = s.alpha;
    net.beta_[a] = s.beta;
    net.toll_[a] = s.toll;
    net.speed_[a] = s.speed;
    net.link_type_[a] = s.link_type;
    net.vdf_[a] = s.vdf;
    net.modes_[a] = s.modes;
    net.names_[a] = std::move(s.name);
    net.ids_[a] = s.id.value_or(static_cast<std::int64_t>(order[a]) + 1);
  }
  net.topology_ = Topology(boost::edges_are_sorted, edges.begin(), edges.end(), n);

  // Backward star by counting sort on heads (stable: links keep CSR order within a head).
  net.in_offsets_.assign(n + 1, 0);
  for (const auto& e : edges) ++net.in_offsets_[e.second + 1];
  std::partial_sum(net.in_offsets_.begin(), net.in_offsets_.end(), net.in_offsets_.begin());
  net.in_links_.resize(m);
  std::vector<std::uint32_t> fill(net.in_offsets_.begin(), net.in_offsets_.end() - 1);
  for (std::uint32_t a = 0; a < m; ++a) net.in_links_[fill[edges[a].second]++] = a;

  net.label_index_.reserve(n);
  for (std::uint32_t v = 0; v < n; ++v) net.label_index_.emplace_back(nodes[v].label, v);
  std::sort(net.label_index_.begin(), net.label_index_.end());
  net.nodes_ = std::move(nodes);
  return net;
}

std::span<const std::uint32_t> RoadNetwork::out_offsets() const {
  const auto& rows = topology_.m_forward.m_rowstart;
  return {rows.data(), rows.size()};
}

std::span<const std::uint32_t> RoadNetwork::heads() const {
  const auto& cols = topology_.m_forward.m_column;
  return {cols.data(), cols.size()};
}

NodeId RoadNetwork::find_node(std::int64_t label) const {
  const auto it = std::lower_bound(label_index_.begin(), label_index_.end(),
                                   std::pair<std::int64_t, std::uint32_t>(label, 0));
  if (it == label_index_.end() || it->first != label) return NodeId::invalid();
  return NodeId(it->second);
}

LinkId RoadNetwork::find_link(NodeId from, NodeId to) const {
  const auto off = out_offsets();
  const auto h = heads();
  for (auto a = off[from.value()]; a < off[from.value() + 1]; ++a) {
    if (h[a] == to.value()) return LinkId(a);
  }
  return LinkId::invalid();
}

std::vector<LinkSpec> RoadNetwork::link_specs() const {
  std::vector<LinkSpec> specs(link_count());
  const auto h = heads();
  for (std::uint32_t a = 0; a < link_count(); ++a) {
    auto& s = specs[input_index_[a]];
    s.from = NodeId(tail_[a]);
    s.to = NodeId(h[a]);
    s.free_flow_minutes = free_flow_[a];
    s.capacity = capacity_[a];
    s.length = length_[a];
    s.alpha = alpha_[a];
    s.beta = beta_[a];
    s.toll = toll_[a];
    s.speed = speed_[a];
    s.link_type = link_type_[a];
    s.vdf = vdf_[a];
    s.modes = modes_[a];
    s.name = names_[a];
    s.id = ids_[a];
  }
  return specs;
}

}  // namespace corridor::network
