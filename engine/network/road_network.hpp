#pragma once
// The road network: an immutable directed graph in compressed sparse row (CSR) form plus one array
// per link attribute, all indexed by LinkId. Flows, costs and other run state live outside, in
// arrays owned by an assignment run, so one network serves many runs (and threads) at once.
//
// Model and invariants
// - Nodes are 0..node_count()-1. Zones are 0..zone_count()-1 and their centroid is the node with
//   the same index (TNTP's convention; the GMNS reader renumbers so that it holds).
// - Links are numbered in CSR order: sorted by tail node, ties kept in input order. The input row
//   of each link is kept (input_index) so outputs can be written in input order.
// - Each link has a stable id (link_id(), GMNS link_id; input row + 1 when the input gave none).
//   Outputs key links by it: parallel links (same end nodes) stay apart, and a scenario keeps
//   the ids of the base links it leaves in place.
// - Nodes below first_thru_node() are zone centroids that paths may start or end at but not pass
//   through (TNTP <FIRST THRU NODE>). Shortest-path code checks `passable(node)`.
// - Units: time in minutes, length in the file's distance unit (km for GMNS/region data, miles for
//   most TNTP instances), capacity in vehicles (PCE) per hour for the link as a whole (all lanes),
//   toll in the file's money unit. VDF parameters are dimensionless.
// - Topology is Boost.Graph's compressed_sparse_row_graph; hot loops read its row-start and column
//   arrays directly through out_offsets() and heads().
//
//   auto net = corridor::network::RoadNetwork::build(nodes, links, zone_count, first_thru);
//   for (auto a = net.out_offsets()[v]; a < net.out_offsets()[v + 1]; ++a) visit(net.heads()[a]);
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace corridor::network {

// Volume-delay function of a link (see vdf.hpp).
enum class VdfKind : std::uint8_t { bpr = 0, conical = 1 };

// Allowed uses, as bits.
enum ModeBits : std::uint8_t { kModeCar = 1, kModeTruck = 2, kModeBus = 4, kModeAll = 0xff };

struct NodeSpec {
  std::int64_t label = 0;  // id as written in the input file
  double x = 0.0;          // longitude or projected x, as in the input
  double y = 0.0;
};

// One link as read from a file or written by a scenario edit. `from`/`to` are internal node ids.
struct LinkSpec {
  NodeId from;
  NodeId to;
  double free_flow_minutes = 0.0;
  double capacity = 0.0;  // veh/h, whole link
  double length = 0.0;
  double alpha = 0.15;  // BPR "b" / conical alpha
  double beta = 4.0;    // BPR power (conical: derived from alpha, value ignored)
  double toll = 0.0;
  double speed = 0.0;  // free speed as given (informative), 0 if unknown
  std::int32_t link_type = 1;
  VdfKind vdf = VdfKind::bpr;
  std::uint8_t modes = kModeAll;
  std::string name;
  std::optional<std::int64_t> id;  // stable link id (GMNS link_id); none: input row + 1
};

class RoadNetwork {
 public:
  using Topology =
      boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                         boost::no_property, std::uint32_t, std::uint32_t>;

  RoadNetwork() = default;

  // Builds the CSR network. `nodes` in internal order (index = NodeId); zones are the first
  // `zone_count` nodes; nodes with index < first_thru_node may not be passed through. Links refer
  // to internal node ids. Asserts (does not validate) its input: readers validate first.
  static RoadNetwork build(std::vector<NodeSpec> nodes, std::vector<LinkSpec> links,
                           std::uint32_t zone_count, std::uint32_t first_thru_node);

  [[nodiscard]] std::uint32_t node_count() const {
    return static_cast<std::uint32_t>(nodes_.size());
  }
  [[nodiscard]] std::uint32_t link_count() const {
    return static_cast<std::uint32_t>(tail_.size());
  }
  [[nodiscard]] std::uint32_t zone_count() const { return zone_count_; }
  [[nodiscard]] std::uint32_t first_thru_node() const { return first_thru_; }
  [[nodiscard]] bool passable(std::uint32_t node) const { return node >= first_thru_; }

  [[nodiscard]] const Topology& topology() const { return topology_; }
  // Forward star: links leaving v are out_offsets()[v] .. out_offsets()[v+1]-1.
  [[nodiscard]] std::span<const std::uint32_t> out_offsets() const;
  [[nodiscard]] std::span<const std::uint32_t> heads() const;
  [[nodiscard]] std::span<const std::uint32_t> tails() const { return tail_; }
  // Backward star: in_links()[in_offsets()[v] .. in_offsets()[v+1]-1] are the links entering v.
  [[nodiscard]] std::span<const std::uint32_t> in_offsets() const { return in_offsets_; }
  [[nodiscard]] std::span<const std::uint32_t> in_links() const { return in_links_; }

  [[nodiscard]] std::span<const double> free_flow_minutes() const { return free_flow_; }
  [[nodiscard]] std::span<const double> capacity() const { return capacity_; }
  [[nodiscard]] std::span<const double> length() const { return length_; }
  [[nodiscard]] std::span<const double> alpha() const { return alpha_; }
  [[nodiscard]] std::span<const double> beta() const { return beta_; }
  [[nodiscard]] std::span<const double> toll() const { return toll_; }
  [[nodiscard]] std::span<const double> speed() const { return speed_; }
  [[nodiscard]] std::span<const std::int32_t> link_type() const { return link_type_; }
  [[nodiscard]] std::span<const VdfKind> vdf() const { return vdf_; }
  [[nodiscard]] std::span<const std::uint8_t> modes() const { return modes_; }
  [[nodiscard]] const std::string& link_name(LinkId a) const { return names_[a.value()]; }
  [[nodiscard]] std::int64_t link_id(LinkId a) const { return ids_[a.value()]; }

  // Input order <-> CSR order.
  [[nodiscard]] std::uint32_t input_index(LinkId a) const { return input_index_[a.value()]; }
  [[nodiscard]] LinkId link_at_input(std::uint32_t row) const {
    return LinkId(link_of_input_[row]);
  }

  [[nodiscard]] const NodeSpec& node(NodeId v) const { return nodes_[v.value()]; }
  [[nodiscard]] std::int64_t node_label(NodeId v) const { return nodes_[v.value()].label; }
  [[nodiscard]] NodeId find_node(std::int64_t label) const;      // invalid() when absent
  [[nodiscard]] LinkId find_link(NodeId from, NodeId to) const;  // first such link or invalid()

  // All links as specs, in input order: edit and rebuild to make a scenario network.
  [[nodiscard]] std::vector<LinkSpec> link_specs() const;
  [[nodiscard]] const std::vector<NodeSpec>& node_specs() const { return nodes_; }

 private:
  Topology topology_;
  std::vector<NodeSpec> nodes_;
  std::vector<std::uint32_t> tail_;
  std::vector<std::uint32_t> in_offsets_;
  std::vector<std::uint32_t> in_links_;
  std::vector<double> free_flow_, capacity_, length_, alpha_, beta_, toll_, speed_;
  std::vector<std::int32_t> link_type_;
  std::vector<VdfKind> vdf_;
  std::vector<std::uint8_t> modes_;
  std::vector<std::string> names_;
  std::vector<std::int64_t> ids_;
  std::vector<std::uint32_t> input_index_;
  std::vector<std::uint32_t> link_of_input_;
  std::vector<std::pair<std::int64_t, std::uint32_t>> label_index_;  // sorted by label
  std::uint32_t zone_count_ = 0;
  std::uint32_t first_thru_ = 0;
};

}  // namespace corridor::network
