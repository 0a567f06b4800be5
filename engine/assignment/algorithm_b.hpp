#pragma once
// Bush-based (origin-based) user equilibrium: Algorithm B.
//
// Paper: R. B. Dial (2006), "A path-based user-equilibrium traffic assignment algorithm that
// obviates path storage and enumeration", Transportation Research Part B 40(10), 917–936.
// Bush improvement as in Bar-Gera (2002), "Origin-based algorithm for the traffic assignment
// problem", Transportation Science 36(4), 398–417; Newton shift as in Dial's §4.
//
// Why Algorithm B rather than TAPAS (Bar-Gera 2010, TR-B 44(8)): both reach relative gaps near
// machine precision; Algorithm B needs nothing but one acyclic bush per origin (its links in
// topological order and the origin flows), no global pairs-of-alternative-segments store, so its
// memory is flat, per origin, and origins are independent units of work, which is what
// deterministic parallel rounds need. TAPAS's shared PAS set would have to be merged across
// threads in a fixed order every round.
//
// Model: see types.hpp (multi-class, PCE, generalized cost = time(total PCE volume) + fixed class
// cost; a bush per origin per class). Units: minutes, vehicles per period.
//
// Initial bushes: shortest path trees loaded incrementally, in batches of 16 origins (trees of a
// batch in parallel at the costs left by the batches before; flows added in bush order).
// Iteration (one record in AssignmentResult::history each):
//   1. link volumes are recomputed exactly from the bush flows (fixed order), costs from volumes;
//   2. in parallel over bushes, at these fixed costs, one pass per bush (bush::scan_bush): the
//      shortest path distances d (the bush's L labels repaired by label correction) give the
//      bush's excess Σ_a x_ra (d_i + c_a − d_j) (its part of TSTT − SPTT, summed without
//      cancellation), and the bush is improved at the same U labels (unused links dropped,
//      shortcuts added, topological order rebuilt only if links were added); the repair's first
//      relaxation and the shortcut test share one scan of the links leaving the bush's nodes;
//   3. relative gap = Σ excess / TSTT; stop when it meets StopCriteria;
//   4. flows are equilibrated by `sweeps` sweeps of Newton shifts, bush after bush; a bush whose
//      max(U − L) is within the inner tolerance sits out the next `rest_sweeps` sweeps. With
//      `groups` = 1 (default) this is Gauss–Seidel (each bush sees the costs left by the previous
//      one) and runs on one thread. With groups = G > 1 it is block Gauss–Seidel: bush i belongs
//      to group i mod G, the groups sweep at the same time, each Gauss–Seidel against its own view
//      of the link state taken at the sweep's start, in which its moves count `group_step_scale`
//      times (Newton steps divided by it): each group assumes the others, seeing the same
//      imbalances, move in step with it, which keeps them from overshooting together. At the
//      sweep's end the groups' volume changes are added in group order.
// Warm start: solve_algorithm_b_bushes(..., previous) below.
// Every step is independent of the thread count, so 1 and N threads give bit-identical flows.
//
//   corridor::assignment::SolveOptions opt;
//   opt.algorithm = corridor::assignment::Algorithm::algorithm_b;
//   opt.stop.relative_gap = 1e-12;
//   auto result = corridor::assignment::solve_algorithm_b(net, classes, opt);
#include <span>
#include <vector>

#include "assignment/bush.hpp"
#include "assignment/types.hpp"

namespace corridor::assignment {

struct AlgorithmBTuning {
  // Defaults tuned on Winnipeg and Chicago-Sketch to gap 1e-10 (fewest seconds, 1 thread); more
  // inner passes help Austin-SDB at 1e-4 (~12 %) but double Chicago-Sketch's time at 1e-10.
  int max_inner_passes = 1;      // Newton passes per bush per visit (stops earlier if equilibrated)
  int sweeps = 32;               // equilibration sweeps over all bushes per iteration
  int rest_sweeps = 8;           // sweeps a bush sits out after a visit found it equilibrated
  double inner_tolerance = 0.1;  // a bush is equilibrated when max(U − L) <= this × avg excess
  double skip_fraction = 0.5;    // skip nodes with U − L <= this × that tolerance
  // Block Gauss–Seidel (step 4 above). groups = 2, scale 1.3, one thread against Gauss–Seidel
  // (docs/solver-benchmark.md "Parallel sweeps (issue 17)"): Berlin-Center 1e-10 −20 % CPU (fewer
  // iterations), Austin-SDB 1e-4 the same, Chicago-Sketch +8 % and Winnipeg +24 % at 1e-10, so
  // not the default; scale 1 oscillates, and so do three groups at scale 1.3: 1 or 2 accepted.
  // From the command line: corridor assign --algorithm b --sweep-groups 2.
  int groups = 1;                 // groups swept in parallel: 1 (plain Gauss–Seidel) or 2
  double group_step_scale = 1.3;  // a group's moves count this much in its own view (>= 1)
};

// The equilibrium and the origin-based flows it came from (for select-link and skims).
struct BushSolution {
  AssignmentResult result;
  std::vector<bush::Bush> bushes;               // class-major, origins increasing within a class
  std::vector<std::vector<double>> fixed_cost;  // per class, by LinkId (+inf: not usable)
  std::size_t bush_bytes = 0;                   // memory held by the bushes
};

BushSolution solve_algorithm_b_bushes(const network::RoadNetwork& net,
                                      std::span<const DemandClass> classes,
                                      const SolveOptions& options, AlgorithmBTuning tuning = {});

// Warm start (same network, same classes in the same order, new trip matrices): every bush of
// `previous` whose class and origin still have demand keeps its links and topological order and
// is reloaded with the new row in the old flow proportions (bush::reload_demand); origins new to
// the demand start from a free-flow shortest path tree as in a cold solve. Throws InputError when
// the bushes do not fit the network. The demand model's feedback loop uses it through
// assignment::solve(net, classes, options, WarmStart&) (solve.hpp).
BushSolution solve_algorithm_b_bushes(const network::RoadNetwork& net,
                                      std::span<const DemandClass> classes,
                                      const SolveOptions& options,
                                      std::span<const bush::Bush> previous,
                                      AlgorithmBTuning tuning = {});

AssignmentResult solve_algorithm_b(const network::RoadNetwork& net,
                                   std::span<const DemandClass> classes,
                                   const SolveOptions& options);

// Generalized fixed cost of each link for a class: toll and distance weights, +inf where the
// class's modes may not use the link.
std::vector<double> class_fixed_cost(const network::RoadNetwork& net, const DemandClass& c);

}  // namespace corridor::assignment
