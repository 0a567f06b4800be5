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
#include <span>

#include "assignment/types.hpp"

namespace corridor::assignment {

AssignmentResult solve(const network::RoadNetwork& net, std::span<const DemandClass> classes,
                       const SolveOptions& options);

}  // namespace corridor::assignment
