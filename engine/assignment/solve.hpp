#pragma once
// The one entry point of road assignment: dispatches on options.algorithm to the link-based
// solvers (link_based.hpp: aon, msa, fw, cfw, bfw) or to Algorithm B (algorithm_b.hpp).
// Threads come from the caller's TBB arena: set the count once at the entry point
// (tbb::global_control); results are identical for any thread count.
//
//   corridor::assignment::DemandClass car;
//   car.trips = demand;                       // zones × zones, vehicles per period
//   corridor::assignment::SolveOptions opt;
//   opt.algorithm = corridor::assignment::Algorithm::bfw;
//   opt.stop.relative_gap = 1e-6;
//   auto result = corridor::assignment::solve(net, std::span(&car, 1), opt);
//
// Warm start (Algorithm B only; other algorithms ignore it): keep one WarmStart across the calls
// of a feedback loop on the same network and classes. Each call starts from the bushes the
// previous call left in it (reloaded with the new trip matrices in the old route proportions) and
// leaves its own bushes there:
//   corridor::assignment::WarmStart warm;     // empty: the first call is a cold start
//   for (int loop = 0; loop < n; ++loop) {
//     car.trips = demand_of_this_loop;
//     auto result = corridor::assignment::solve(net, std::span(&car, 1), opt, warm);
//   }
#include <span>
#include <vector>

#include "assignment/bush.hpp"
#include "assignment/types.hpp"

namespace corridor::assignment {

AssignmentResult solve(const network::RoadNetwork& net, std::span<const DemandClass> classes,
                       const SolveOptions& options);

struct WarmStart {
  std::vector<bush::Bush> bushes;  // class-major bushes of the last Algorithm B solve
  [[nodiscard]] bool empty() const { return bushes.empty(); }
  void clear() { bushes.clear(); }
};

AssignmentResult solve(const network::RoadNetwork& net, std::span<const DemandClass> classes,
                       const SolveOptions& options, WarmStart& warm);

}  // namespace corridor::assignment
