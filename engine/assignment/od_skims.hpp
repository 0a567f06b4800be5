#pragma once
// OD skims at equilibrium: travel time, distance, toll and generalized cost between every pair of
// zones, for each demand class.
//
// Model: where an origin's traffic reaches a destination, the skim is the flow-weighted average
// over the used paths of its bush under proportional split (see select_link.hpp): one forward pass
// in topological order, attr_j = Σ_{(i,j)} x_ij / X_j · (attr_i + attr_ij). At equilibrium all
// used paths of a pair have the same generalized cost, but their times, distances and tolls may
// differ; the average is what the pair's travellers experience. Pairs without flow (no demand)
// get the attributes of one shortest path at the equilibrium generalized costs (Dijkstra). Zones
// that cannot be reached get +inf everywhere.
// Units: minutes, the network's length unit, its toll unit, generalized minutes.
//
//   auto sol = corridor::assignment::solve_algorithm_b_bushes(net, classes, options);
//   auto skims = corridor::assignment::od_skims(net, classes, sol);
//   skims[0].time_minutes(r, s);
#include <filesystem>
#include <span>
#include <vector>

#include "assignment/algorithm_b.hpp"
#include "core/od_matrix.hpp"

namespace corridor::assignment {

struct OdSkims {
  OdMatrix time_minutes, distance, toll, generalized_cost;  // zone × zone
};

std::vector<OdSkims> od_skims(const network::RoadNetwork& net, std::span<const DemandClass> classes,
                              const BushSolution& solution);

// Long CSV: class,origin,destination,time_min,distance,toll,generalized_cost (zone labels as in
// the input; unreachable pairs have empty fields; the diagonal is left out). Written atomically.
void write_skims_csv(const std::filesystem::path& path, const network::RoadNetwork& net,
                     std::span<const DemandClass> classes, std::span<const OdSkims> skims);

}  // namespace corridor::assignment
