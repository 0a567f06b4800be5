#include "assignment/all_or_nothing.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/parallel.hpp"
#include "paths/dijkstra.hpp"
#include "paths/loading_search.hpp"

namespace corridor::assignment {
namespace {

struct ThreadScratch {
  explicit ThreadScratch(const network::RoadNetwork& net)
      : tree(net), node_flow(net.node_count(), 0.0) {}
  paths::LoadingWorkspace tree;
  std::vector<double> node_flow;  // all zero between origins
};

}  // namespace

struct AonLoader::Scratch {
  explicit Scratch(const network::RoadNetwork& net)
      : per_thread([&net] { return ThreadScratch(net); }) {}
  parallel::PerWorker<ThreadScratch> per_thread;
};

AonLoader::~AonLoader() = default;
AonLoader::AonLoader(AonLoader&&) noexcept = default;

AonLoader::AonLoader(const network::RoadNetwork& net, std::uint32_t max_blocks) : net_(&net) {
  const std::uint32_t zones = net.zone_count();
  max_blocks = std::max(1u, max_blocks);
  block_size_ = std::max(1u, (zones + max_blocks - 1) / max_blocks);
  block_count_ = zones == 0 ? 0 : (zones + block_size_ - 1) / block_size_;
  partial_.assign(static_cast<std::size_t>(block_count_) * net.link_count(), 0.0);
  block_stats_.resize(block_count_);
  scratch_ = std::make_unique<Scratch>(net);
  leaf_ = paths::leaf_nodes(net);
}

AonStats AonLoader::load(std::span<const double> cost, const OdMatrix& trips,
                         std::span<double> flow) {
  const auto& net = *net_;
  const std::uint32_t zones = net.zone_count();
  const std::uint32_t links = net.link_count();
  assert(cost.size() == links && flow.size() == links);
  assert(trips.rows() == zones && trips.cols() == zones);

  const auto pred_tail = net.tails();

  parallel::for_chunks(0, block_count_, 1, [&](std::size_t lo, std::size_t hi) {
    auto& s = scratch_->per_thread.local();
    for (auto b = static_cast<std::uint32_t>(lo); b != hi; ++b) {
      double* out = partial_.data() + static_cast<std::size_t>(b) * links;
      std::fill(out, out + links, 0.0);
      AonStats stats;
      const std::uint32_t first = b * block_size_;
      const std::uint32_t last = std::min(zones, first + block_size_);
      for (std::uint32_t o = first; o < last; ++o) {
        const double* row = trips.data() + static_cast<std::size_t>(o) * zones;
        // The search stops once every destination with trips is final; it settles nothing when
        // the row has no trips. Leaves (centroids, pendant nodes) stay out of its heap.
        paths::loading_tree(net, cost, o, {row, zones}, leaf_, s.tree);
        const auto order = s.tree.settled_order();
        if (order.empty()) continue;
        for (const std::uint32_t d : s.tree.destinations()) {  // d != o, row[d] > 0, ascending
          stats.demand += row[d];
          const double pi = s.tree.distance(d);
          if (pi == paths::kUnreachable) {
            stats.unassigned += row[d];
            continue;
          }
          stats.sptt += row[d] * pi;
          if (leaf_[d] != 0) {  // not in the settled order: hand its trips to its tree link now
            const std::uint32_t a = s.tree.pred_link(d);
            out[a] += row[d];
            s.node_flow[pred_tail[a]] += row[d];
          } else {
            s.node_flow[d] = row[d];
          }
        }
        // Reverse settled order: every node passes its flow to its predecessor link's tail.
        // Without a test for zero flow (adding 0.0 changes no sum, and the test mispredicts).
        for (std::size_t i = order.size(); i-- > 1;) {
          const std::uint32_t v = order[i];
          const double f = s.node_flow[v];
          s.node_flow[v] = 0.0;
          const std::uint32_t a = s.tree.pred_link(v);
          out[a] += f;
          s.node_flow[pred_tail[a]] += f;
        }
        s.node_flow[order[0]] = 0.0;  // the origin
      }
      block_stats_[b] = stats;
    }
  });

  // Fixed-order reduction: for each link the blocks are added in block order.
  parallel::for_chunks(0, links, 2048, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t a = lo; a < hi; ++a) flow[a] = 0.0;
    for (std::uint32_t b = 0; b < block_count_; ++b) {
      const double* part = partial_.data() + static_cast<std::size_t>(b) * links;
      for (std::size_t a = lo; a < hi; ++a) flow[a] += part[a];
    }
  });
  AonStats total;
  for (const auto& st : block_stats_) {
    total.sptt += st.sptt;
    total.unassigned += st.unassigned;
    total.demand += st.demand;
  }
  return total;
}

}  // namespace corridor::assignment
