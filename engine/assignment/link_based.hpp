#pragma once
// Link-based static user-equilibrium solvers: all-or-nothing, the method of successive averages
// (MSA), Frank–Wolfe with exact line search (Frank & Wolfe 1956; LeBlanc, Morlok & Pierskalla
// 1975), and the conjugate and bi-conjugate Frank–Wolfe methods of Mitradjieva & Lindberg
// (2013), "The Stiff Is Moving — Conjugate Direction Frank-Wolfe Methods with Applications to
// Traffic Assignment", Transportation Science 47(2):280–293.
//
// Every iteration: link costs at the current flows x, one AoN per class (all_or_nothing.hpp) gives
// the extreme point y and the shortest path total SPTT, the gap of x is recorded, then x moves
// towards a target s (FW: s = y; CFW: s = α s_prev + (1−α) y, with α making s − x conjugate to the
// previous direction w.r.t. the Hessian diag(t'_a); BFW: s = β0 y + β1 s_prev + β2 s_prev2,
// conjugate to the two previous directions) by the step λ ∈ [0, 1] that zeroes the directional
// derivative Σ_a t_a(v + λD)·E_a + Σ_c Σ_a fixed_ca·d_ca, where d_c is class c's direction
// (vehicles), D = Σ_c pce_c d_c and E = Σ_c d_c. With all PCE equal to 1 this is the exact line
// search on the Beckmann objective; with other PCEs it is the equilibrium (variational) condition
// along the direction. MSA takes λ = 1/(k+1). The flows returned are those whose gap was last
// reported.
//
// Multi-class: each class has its own generalized cost time + toll_factor·toll +
// distance_factor·length (links outside its modes cost +inf) and its own AoN; links carry
// Σ_c pce_c·x_c.
#include <span>

#include "assignment/types.hpp"

namespace corridor::assignment {

// Solves with Algorithm aon, msa, fw, cfw or bfw (throws corridor::Error for others).
AssignmentResult solve_link_based(const network::RoadNetwork& net,
                                  std::span<const DemandClass> classes,
                                  const SolveOptions& options);

}  // namespace corridor::assignment
