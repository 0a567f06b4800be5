#pragma once
// Select-link analysis at equilibrium: the OD matrix of the demand whose route uses a given link.
//
// Model: origin-based link flows (one bush per origin and class, algorithm_b.hpp) fix how much of
// each origin's traffic uses each link, but not which destination it is heading for. The standard
// exact answer from origin-based flows is the proportional split (Bar-Gera 2002; the same
// "condition of proportionality" that defines path flows for bush-based solvers): at every node,
// the traffic of origin r leaving along any out-link is composed of its in-links in proportion to
// their origin flows. Under it, the share g_j of origin-r traffic at node j that came over link a
// follows from one forward pass in topological order:
//   g_j = Σ_{(i,j) in bush} x_ij / X_j · ([ (i,j) = a ] + [ (i,j) ≠ a ] · g_i),  X_j = inflow at j,
// and the select-link OD matrix is D_rs · g_s. Σ_s D_rs g_s = x_ra (the origin flow on a).
// Cost: one pass over each bush per selected link. Units: vehicles per period of each class.
//
//   auto sol = corridor::assignment::solve_algorithm_b_bushes(net, classes, options);
//   auto od = corridor::assignment::select_link_od(net, classes, sol, {link});
//   od[0].by_class[0](r, s);  // class-0 trips from zone r to zone s that drive over `link`
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "assignment/algorithm_b.hpp"
#include "core/od_matrix.hpp"

namespace corridor::assignment {

struct SelectLinkOd {
  std::uint32_t link = 0;          // LinkId
  std::vector<OdMatrix> by_class;  // zone × zone, vehicles of each class using the link
};

std::vector<SelectLinkOd> select_link_od(const network::RoadNetwork& net,
                                         std::span<const DemandClass> classes,
                                         const BushSolution& solution,
                                         std::span<const std::uint32_t> links);

// Long CSV: from_node,to_node,class,origin,destination,trips (node and zone labels as in the
// input; only non-zero entries). Written atomically.
void write_select_link_csv(const std::filesystem::path& path, const network::RoadNetwork& net,
                           std::span<const DemandClass> classes,
                           std::span<const SelectLinkOd> result);

}  // namespace corridor::assignment
