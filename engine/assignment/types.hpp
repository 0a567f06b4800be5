#pragma once
// Static road traffic assignment: shared vocabulary of every solver (link-based and bush-based).
//
// Model: deterministic user equilibrium (Wardrop 1952) on a RoadNetwork with separable,
// increasing link time functions (vdf.hpp). Demand comes in classes; each class has its own OD
// matrix (vehicles per period), PCE factor, cost weights (toll and distance in minutes per unit:
// the value of time) and allowed modes. Links carry the PCE-weighted sum of class flows; a class
// sees generalized cost = time(total PCE flow) + its own fixed cost per link.
//
// Convergence measures (all reported per iteration):
//   relative gap  = (TSTT − SPTT) / TSTT, TSTT = Σ_classes Σ_a x_ca c_ca, SPTT = Σ_od d_od · π_od
//   average excess cost = (TSTT − SPTT) / total demand  (minutes per trip)
//   objective (Beckmann) = Σ_a ∫0^{v_a} t_a(s) ds + Σ_c Σ_a fixed_ca x_ca
// Demand between zones that cannot reach each other is never dropped silently: it is counted in
// AssignmentResult::unassigned_demand and reported.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/od_matrix.hpp"
#include "network/road_network.hpp"
#include "network/vdf.hpp"

namespace corridor::assignment {

enum class Algorithm { aon, msa, fw, cfw, bfw, algorithm_b };

struct DemandClass {
  std::string name = "car";
  OdMatrix trips;  // zone × zone, vehicles per period
  double pce = 1.0;
  network::CostWeights weights;            // minutes per toll unit / per length unit
  std::uint8_t modes = network::kModeCar;  // links whose modes() mask shares a bit are usable
};

struct StopCriteria {
  double relative_gap = 1e-4;
  int max_iterations = 1000;
  double max_seconds = std::numeric_limits<double>::infinity();
};

struct IterationRecord {
  int iteration = 0;
  double seconds = 0.0;  // since the start of the solve
  double relative_gap = 0.0;
  double average_excess_cost = 0.0;
  double objective = 0.0;
  double total_travel_time = 0.0;  // TSTT (generalized minutes × vehicles)
};

struct AssignmentResult {
  Algorithm algorithm = Algorithm::bfw;
  std::vector<double> link_flow;                // PCE per period, by LinkId
  std::vector<std::vector<double>> class_flow;  // vehicles of each class, by LinkId
  std::vector<double> link_time;                // minutes at link_flow, by LinkId
  std::vector<IterationRecord> history;
  int iterations = 0;
  double relative_gap = std::numeric_limits<double>::infinity();
  double average_excess_cost = 0.0;
  double objective = 0.0;
  double total_travel_time = 0.0;
  double unassigned_demand = 0.0;  // trips between disconnected zones (not loaded)
  double seconds = 0.0;
  int threads = 1;
  bool converged = false;  // relative gap target reached
  // Origin-based solvers (Algorithm B): what the bushes hold at the end, all bushes summed.
  struct BushStats {
    std::size_t bushes = 0;
    std::size_t nodes = 0;       // reachable nodes
    std::size_t merge_part = 0;  // positions up to and including each bush's last merge node
    std::size_t links = 0;       // bush links (entries)
    std::size_t bytes = 0;       // memory held by the bush arrays
  } bush_stats;
  // Algorithm B: where the solve's wall-clock seconds went (they add up to `seconds`).
  struct PhaseSeconds {
    double initial_bushes = 0.0;  // shortest path trees loaded (or warm bushes reloaded)
    double scan = 0.0;            // per iteration, in parallel: gap and bush improvement
    double sweeps = 0.0;          // per iteration: the Newton flow shifts (Gauss–Seidel)
    double other = 0.0;           // volumes and costs recomputed, objective, bookkeeping
  } phase_seconds;
};

// Called after every iteration (e.g. to draw progress); returning false stops the solve.
using IterationCallback = std::function<bool(const IterationRecord&)>;

struct SolveOptions {
  Algorithm algorithm = Algorithm::bfw;
  StopCriteria stop;
  IterationCallback on_iteration;  // may be empty
};

const char* algorithm_name(Algorithm a);
// Parses "aon|msa|fw|cfw|bfw|b" (also "algorithm-b"); throws corridor::InputError otherwise.
Algorithm parse_algorithm(const std::string& name);

}  // namespace corridor::assignment
