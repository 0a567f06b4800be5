#pragma once
// All-or-nothing (AoN) loading: every trip of one demand class takes a shortest path at fixed
// link costs. Per origin one shortest path tree (paths/loading_search.hpp, loading_tree: it stops
// once the zones with demand are final; zone centroids and other nodes no path passes through are
// leaves kept out of the heap) is built and the origin's demand is pushed down the tree: each
// destination that is a leaf hands its trips to its tree link, then the other nodes in reverse
// settled order hand their accumulated flow to their predecessor links, so no OD path is ever
// walked: O(nodes) per origin after the search.
//
// Parallelism and determinism: origins are cut into a fixed number of contiguous blocks (chosen
// from the zone count only, never from the thread count). A block is processed by one thread into
// its own partial link-flow array; the partial arrays are then summed link by link in block order.
// The result is therefore bit-identical for any number of threads. Threads come from the caller's
// TBB arena (set the count once at the entry point with tbb::global_control).
//
// Units: cost in minutes (generalized; +inf = link not usable by this class), demand and flow in
// vehicles of the class per period.
//
//   corridor::assignment::AonLoader aon(net);
//   auto stats = aon.load(cost, trips, flow);  // flow[a] = vehicles on link a
//   stats.sptt;                                 // Σ_od d_od · (shortest path cost)_od
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/od_matrix.hpp"
#include "network/road_network.hpp"

namespace corridor::assignment {

struct AonStats {
  double sptt = 0.0;        // Σ_od demand × shortest path cost (minutes × vehicles)
  double unassigned = 0.0;  // demand whose destination cannot be reached (not loaded)
  double demand = 0.0;      // total demand between distinct zones
};

class AonLoader {
 public:
  // `max_blocks` bounds the number of origin blocks (and so the memory of the partial arrays:
  // max_blocks × links doubles); it must not depend on the thread count.
  explicit AonLoader(const network::RoadNetwork& net, std::uint32_t max_blocks = 64);
  ~AonLoader();
  AonLoader(AonLoader&&) noexcept;

  // Overwrites `flow` (size link_count) with the AoN loading of `trips` (zones × zones).
  AonStats load(std::span<const double> cost, const OdMatrix& trips, std::span<double> flow);

  [[nodiscard]] std::uint32_t block_count() const { return block_count_; }

 private:
  const network::RoadNetwork* net_;
  std::uint32_t block_size_ = 1;
  std::uint32_t block_count_ = 0;
  std::vector<double> partial_;  // block_count × link_count
  std::vector<AonStats> block_stats_;
  std::vector<std::uint8_t> leaf_;  // paths::leaf_nodes(net)
  struct Scratch;                   // per-thread search workspaces, kept between calls
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace corridor::assignment
