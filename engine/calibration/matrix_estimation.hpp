#pragma once
// Matrix estimation from link counts: adjusts a prior OD matrix (one per demand class) so that
// its user-equilibrium link flows reproduce counted flows, staying near the prior.
//
// Paper: H. Spiess (1990), "A gradient approach for the O-D matrix adjustment problem",
// Publication CRT-693, Centre de recherche sur les transports, Université de Montréal.
//
// Model. Classes k (cars, trucks, ...) with prior matrices ĝ_k (vehicles per period). Counts c,
// each on a set of links A_c (one link, or parallel links whose flows add up), for one class or
// for all classes together (vehicles, not PCE), with a tolerance τ_c >= 0 (vehicles). v_c(g) is
// the modelled figure: Σ_{a in A_c} Σ_{k counted by c} x_ka(g) with x(g) the user equilibrium of
// the matrices g (Algorithm B, assignment/algorithm_b.hpp). The objective is
//
//   Z(g) = ½ Σ_c dz_c(v_c(g) − v̂_c)²  +  ½ ρ Σ_k Σ_ij (g_kij − ĝ_kij)²
//
// where dz_c(r) = sign(r) · max(0, |r| − τ_c) is the dead zone (an error within the tolerance
// costs nothing) and ρ >= 0 (EstimationOptions::prior_weight, dimensionless) weighs one vehicle
// of change in a cell against one vehicle of count error. Its gradient at equilibrium, with the
// route proportions held fixed (Spiess §3), is
//
//   ∂Z/∂g_kij = Σ_a p_kij^a e_ka  +  ρ (g_kij − ĝ_kij),   e_ka = Σ_{c: a in A_c, c counts k} dz_c
//
// where p_kij^a is the share of OD ij's flow of class k that uses link a. With origin-based
// bushes (one per class and origin) p is never formed: going through the bush of origin i in
// topological order, each node's value is the flow-weighted mean over its in-links of (tail value
// + e_a); the value at zone j is Σ_a p_kij^a e_ka (od_gradient_row). This is exact for the bush's
// route proportions and is checked against explicit path enumeration in the tests.
//
// Iteration (Spiess's multiplicative update; zero cells of the prior stay zero):
//   1. direction Δ_kij = −g_kij ∂Z/∂g_kij;
//   2. the linearised flow change v'_c = Σ_{a in A_c} Σ_k Σ_ij Δ_kij p_kij^a is loaded on the
//      bushes with their proportions (load_row_on_bush, in reverse topological order);
//   3. the step λ* minimises Z(g + λΔ) with linearised flows v_c + λ v'_c exactly (the dead zone
//      makes it piecewise quadratic and convex in λ: bisection on its derivative), bounded by
//      λ <= 1 / max ∂Z/∂g over cells with g > 0 so that no cell turns negative (Spiess eq. 17);
//   4. g_kij ← g_kij (1 − λ* ∂Z/∂g_kij), re-assign (warm start from the previous bushes); if Z
//      rose (the route proportions moved with the demand), halve λ* and re-assign, at most
//      max_step_halvings times, then go back to the previous matrix and stop;
//   5. stop after max_iterations, or when Z fell by less than min_improvement × Z, or Z = 0.
// Every per-origin pass runs in parallel over bushes (parallel::for_chunks) writing its own row or
// its own slot, combined in bush order: results are identical for any thread count.
//
// Units: vehicles per period throughout (counts, matrices, tolerances); the fit statistics
// (calibration/fit_statistics.hpp) compare hourly means over EstimationOptions::period_hours.
//
//   std::vector<corridor::calibration::LinkCount> counts = ...;   // or read_link_counts(...)
//   corridor::calibration::EstimationOptions opt;
//   opt.max_iterations = 20;
//   auto est = corridor::calibration::estimate_demand(net, classes, counts, opt);
//   est.trips[0];                     // the estimated matrix of class 0
//   est.fit_before.rmse; est.fit_after.rmse;
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "assignment/algorithm_b.hpp"
#include "assignment/types.hpp"
#include "calibration/fit_statistics.hpp"
#include "core/od_matrix.hpp"
#include "network/road_network.hpp"

namespace corridor::calibration {

inline constexpr int kAllClasses = -1;

struct LinkCount {
  std::vector<std::uint32_t> links;  // LinkIds whose flows add up to the counted figure
  int demand_class = kAllClasses;    // index of the class counted, or kAllClasses
  double count = 0.0;                // vehicles per period
  double tolerance = 0.0;            // vehicles; |error| <= tolerance costs nothing
  std::string label;                 // e.g. "12-15" or "12-15 truck", for tables and plots
};

// Reads a counts CSV: columns from_node, to_node, count (vehicles per period) required; class
// (all | a class name; default all) and tolerance (vehicles, or "N%" of the count; default 0)
// optional. Other columns are ignored. Node labels are the network's (TNTP node numbers, GMNS
// node_id). A count on a node pair with parallel links covers all of them. Errors (unknown
// link or class, negative or non-finite count or tolerance, the same link and class twice, a
// missing column, no count at all) are InputErrors naming file, line and field.
std::vector<LinkCount> read_link_counts(const std::filesystem::path& path,
                                        const network::RoadNetwork& net,
                                        std::span<const std::string> class_names);

struct ObservedData;

// Road counts of a region model's observed/ files (observed.hpp: links.csv rows, a link or a
// screenline) as LinkCounts on `net`, links matched by their GMNS link_id (the ids of
// `observed_net`, the region's road network the rows were read against, must be links of `net`).
// Only rows of the sets asked for are taken (validation rows fitted here no longer validate the
// estimate). Periods: an `am_peak_hour` count is taken as it is (the matrices are the assigned
// hour); a `day` count, and its tolerance, is multiplied by `day_factor` (the matrices' period as a
// share of a day), and is an InputError (file:line, field `period`) when day_factor is 0. Class:
// `all` counts every class; `truck` the class named "truck" or "truck_..." (an InputError when
// there is none).
struct ObservedCountOptions {
  bool calibration = true;
  bool validation = false;
  double day_factor = 0.0;
};
std::vector<LinkCount> link_counts_from_observed(const ObservedData& observed,
                                                 const network::RoadNetwork& observed_net,
                                                 const network::RoadNetwork& net,
                                                 std::span<const std::string> class_names,
                                                 const ObservedCountOptions& options);

struct EstimationIteration {
  int iteration = 0;          // 0 = the prior
  double objective = 0.0;     // Z
  double count_term = 0.0;    // ½ Σ dz²
  double prior_term = 0.0;    // ½ ρ Σ (g − ĝ)²
  double step = 0.0;          // λ* that led here (0 for the prior)
  double rmse = 0.0;          // over counts, vehicles per period
  double relative_gap = 0.0;  // of this iteration's assignment
  int assignment_iterations = 0;
  int halvings = 0;      // times the step was halved because Z rose after re-assignment
  double seconds = 0.0;  // since the start
};

struct EstimationOptions {
  int max_iterations = 20;
  double prior_weight = 0.1;      // ρ
  double min_improvement = 1e-4;  // relative decrease of Z below which the estimation stops
  double period_hours = 1.0;      // length of the counted period, for GEH and the TAG criterion
  int max_step_halvings = 4;      // halvings of a step whose re-assigned Z rose (then: stop)
  assignment::StopCriteria assignment{1e-8, 1000};
  assignment::AlgorithmBTuning tuning;
  // Called after the prior's assignment and after every iteration; false stops the estimation.
  std::function<bool(const EstimationIteration&)> on_iteration;
};

// How far the matrix moved: what a user reads to see whether counts were fitted by distorting
// the matrix. Factors are g/ĝ over cells with ĝ > 0 (all classes pooled); quantiles interpolate
// linearly between order statistics.
struct MatrixMovement {
  double total_before = 0.0, total_after = 0.0;
  double absolute_change = 0.0;  // Σ |g − ĝ|, vehicles
  std::size_t cells = 0;         // cells with ĝ > 0
  double factor_min = 1.0, factor_p5 = 1.0, factor_p50 = 1.0, factor_p95 = 1.0, factor_max = 1.0;
  std::vector<double> origin_before, origin_after;  // row sums by zone, all classes
  std::vector<double> class_before, class_after;    // totals by class
};

MatrixMovement matrix_movement(std::span<const OdMatrix> prior, std::span<const OdMatrix> estimate);

struct EstimationResult {
  std::vector<OdMatrix> trips;           // estimated matrices, by class
  std::vector<double> modelled_before;   // by count: v_c at the prior's equilibrium
  std::vector<double> modelled_after;    // by count: v_c at the estimate's equilibrium
  FitStatistics fit_before, fit_after;   // over all counts
  double within_tolerance_before = 0.0;  // share of counts with |v − v̂| <= τ
  double within_tolerance_after = 0.0;
  MatrixMovement movement;
  assignment::AssignmentResult prior_assignment;  // equilibrium of the prior
  assignment::AssignmentResult assignment;        // equilibrium of the estimate
  std::vector<EstimationIteration> history;       // [0] = the prior
  int iterations = 0;                             // matrix updates made
  std::string stop_reason;
  double seconds = 0.0;
};

// Throws InputError when a count names a link or class that does not exist, or a value is
// negative or not finite; throws InputError when the options are out of range.
EstimationResult estimate_demand(const network::RoadNetwork& net,
                                 std::span<const assignment::DemandClass> prior,
                                 std::span<const LinkCount> counts,
                                 const EstimationOptions& options);

// ---- Kernels (single bush, single thread; exposed for tests and benchmarks) ----

// Modelled figure of each count from class flows (vehicles by class and LinkId).
std::vector<double> modelled_counts(std::span<const LinkCount> counts,
                                    const std::vector<std::vector<double>>& class_flow);

// dz(r): the error beyond the tolerance, sign(r) · max(0, |r| − tolerance).
double dead_zone(double error, double tolerance);

// Link error e_ka of class k (by LinkId) from count errors dz_c (by count).
std::vector<double> class_link_error(std::span<const LinkCount> counts,
                                     std::span<const double> count_error, int demand_class,
                                     std::uint32_t link_count);

// Σ_a p_ij^a e_a for the bush's origin i and every zone j (row[j], zones not reached 0), by the
// flow-weighted mean in topological order, over the bush's whole view (bush::expand). `value` is
// scratch of at least the bush's node count.
// A node without inflow takes the plain mean of its in-links.
void od_gradient_row(const assignment::bush::BushView& b, std::span<const double> link_error,
                     std::span<double> row, std::vector<double>& value);

// Loads the row (vehicles to each zone) on the bush in its route proportions (reverse topological
// order, each node's throughput split over its in-links by their flows, or evenly where the bush
// carries nothing into it); writes the flow of each bush entry to entry_flow (size = bush links).
void load_row_on_bush(const assignment::bush::BushView& b, std::span<const double> row,
                      std::span<double> entry_flow, std::vector<double>& node_flow);

}  // namespace corridor::calibration
