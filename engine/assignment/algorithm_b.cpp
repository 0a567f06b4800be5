#include "assignment/algorithm_b.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "network/vdf.hpp"
#include "paths/dijkstra.hpp"

namespace corridor::assignment {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct ThreadScratch {
  ThreadScratch(std::uint32_t n, std::uint32_t m) : bush(n, m), tree(n) {}
  bush::BushWorkspace bush;
  paths::DijkstraWorkspace tree;
};

// Links per chunk of the per-link loops (fixed, so the chunks never depend on the thread count).
constexpr std::size_t kLinkChunk = 1024;
constexpr std::size_t kFlowBlocks = 8;  // recompute_volumes: partial sums over fixed bush blocks

struct BushReport {
  double excess = 0.0;
  double total_cost = 0.0;
};

class Solver {
 public:
  Solver(const network::RoadNetwork& net, std::span<const DemandClass> classes,
         const SolveOptions& options, AlgorithmBTuning tuning,
         std::span<const bush::Bush> previous = {})
      : previous_(previous),
        net_(net),
        classes_(classes),
        options_(options),
        tuning_(tuning),
        m_(net.link_count()),
        scratch_([&net] { return ThreadScratch(net.node_count(), net.link_count()); }) {}

  BushSolution run();

 private:
  bush::ClassCost class_cost(std::uint32_t k) const { return {fixed_[k], classes_[k].pce}; }
  bush::LinkState global_state() { return {volume_, time_, slope_}; }
  // The origin's row of its class's trip matrix (vehicles to each zone), which the bush carries.
  std::span<const double> trips_of(const bush::Bush& b) const {
    return bush::trips_row(classes_[b.demand_class].trips, b.origin);
  }
  bool fits_network(const bush::Bush& p, std::uint32_t zones) const;
  void recompute_volumes();
  void fill_class_costs();
  void equilibrate_gauss_seidel();
  void equilibrate_groups();
  void reset_group_states();
  double equilibrate_one(bush::Bush& b, bush::LinkState links, ThreadScratch& s,
                         double pce_scale = 1.0);

  std::span<const bush::Bush> previous_;  // warm start
  const network::RoadNetwork& net_;
  std::span<const DemandClass> classes_;
  const SolveOptions& options_;
  AlgorithmBTuning tuning_;
  std::uint32_t m_;
  parallel::PerWorker<ThreadScratch> scratch_;

  std::vector<std::vector<double>> fixed_;       // per class
  std::vector<std::vector<double>> cost_;        // per class: time + fixed (snapshot)
  std::vector<std::vector<double>> class_flow_;  // per class, vehicles
  std::vector<std::vector<double>> block_flow_;  // recompute_volumes: per block, class-major
  std::vector<double> volume_, time_, slope_;
  std::vector<bush::Bush> bushes_;
  std::vector<BushReport> reports_;
  double inner_tolerance_ = 0.0;
  std::vector<std::uint8_t> rest_;  // sweeps a bush sits out after it was found equilibrated
  // Block Gauss–Seidel (tuning.groups > 1): each group's own view of the link state.
  struct GroupState {
    std::vector<double> volume, time, slope;
  };
  std::vector<GroupState> groups_;
};

// A bush of a previous solve fits this network: both parts, each node once, tails before heads.
bool Solver::fits_network(const bush::Bush& p, std::uint32_t zones) const {
  const std::size_t n = p.node_count();
  const std::size_t merge_end = p.merge_end();
  bool fits = p.origin < zones && merge_end >= 1 && p.order.front() == p.origin &&
              p.in_start.size() == merge_end + 1 && p.in_start.front() == 0 &&
              p.in_start.back() == p.link.size() && p.tail_pos.size() == p.link.size() &&
              p.flow.size() == p.link.size();
  std::vector<std::uint32_t> pos(net_.node_count(), bush::kNone);
  for (std::size_t q = 0; fits && q < merge_end; ++q) {
    const std::uint32_t v = p.order[q];
    fits = v < net_.node_count() && pos[v] == bush::kNone;
    if (fits) pos[v] = static_cast<std::uint32_t>(q);
  }
  for (std::size_t q = 1; fits && q < merge_end; ++q) {
    fits = p.in_start[q] <= p.in_start[q + 1];
    for (std::uint32_t k = p.in_start[q]; fits && k < p.in_start[q + 1]; ++k) {
      const std::uint32_t a = p.link[k];
      fits = a < m_ && p.tail_pos[k] < q && net_.heads()[a] == p.order[q] &&
             net_.tails()[a] == p.order[p.tail_pos[k]];
    }
  }
  for (std::size_t q = merge_end; fits && q < n; ++q) {
    const std::uint32_t a = p.tree_links[q - merge_end];
    fits = a < m_ && pos[net_.heads()[a]] == bush::kNone && pos[net_.tails()[a]] < q;
    if (fits) pos[net_.heads()[a]] = static_cast<std::uint32_t>(q);
  }
  return fits;
}

// Class flows: each of kFlowBlocks fixed blocks of consecutive bushes is summed bush after bush
// into its own array (blocks in parallel), then each link adds the blocks in block order and gets
// its volume, time and slope (links in parallel, fixed chunks). Every sum's order depends on the
// bush index only, so the flows are the same for any thread count.
void Solver::recompute_volumes() {
  const std::size_t nclass = classes_.size();
  const std::size_t nb = bushes_.size();
  block_flow_.resize(kFlowBlocks);
  parallel::for_chunks(0, kFlowBlocks, 1, [&](std::size_t lo, std::size_t hi) {
    auto& s = scratch_.local();
    for (std::size_t j = lo; j != hi; ++j) {
      auto& f = block_flow_[j];
      f.assign(nclass * m_, 0.0);
      for (std::size_t i = nb * j / kFlowBlocks, end = nb * (j + 1) / kFlowBlocks; i != end; ++i) {
        const auto& b = bushes_[i];
        double* fc = f.data() + std::size_t{b.demand_class} * m_;
        bush::for_each_link(net_, b, trips_of(b), s.bush,
                            [fc](std::uint32_t a, double x) { fc[a] += x; });
      }
    }
  });
  parallel::for_chunks(0, m_, kLinkChunk, [&](std::size_t lo, std::size_t hi) {
    for (auto a = static_cast<std::uint32_t>(lo); a < hi; ++a) {
      double v = 0.0;
      for (std::size_t k = 0; k < nclass; ++k) {
        double x = 0.0;
        for (const auto& f : block_flow_) x += f[k * m_ + a];
        class_flow_[k][a] = x;
        v += classes_[k].pce * x;
      }
      volume_[a] = v;
      bush::refresh_link(net_, a, global_state());
    }
  });
}

void Solver::fill_class_costs() {
  parallel::for_chunks(0, m_, kLinkChunk, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t k = 0; k < classes_.size(); ++k) {
      for (std::size_t a = lo; a < hi; ++a) cost_[k][a] = time_[a] + fixed_[k][a];
    }
  });
}

// pce_scale > 1 (block Gauss–Seidel): Newton steps divided by it and the bush's moves weighed by
// it in `links` (see AlgorithmBTuning::group_step_scale); the bush's own flows move unscaled.
double Solver::equilibrate_one(bush::Bush& b, bush::LinkState links, ThreadScratch& s,
                               double pce_scale) {
  auto cc = class_cost(b.demand_class);
  cc.pce *= pce_scale;
  double diff = 0.0;
  for (int p = 0; p < tuning_.max_inner_passes; ++p) {
    diff = bush::equilibrate_pass(net_, b, links, cc, s.bush,
                                  tuning_.skip_fraction * inner_tolerance_);
    if (diff <= inner_tolerance_) break;
  }
  return diff;
}

void Solver::equilibrate_gauss_seidel() {
  auto& s = scratch_.local();
  for (std::size_t i = 0; i < bushes_.size(); ++i) {
    if (rest_[i] > 0) {
      --rest_[i];
      continue;
    }
    if (equilibrate_one(bushes_[i], global_state(), s) <= inner_tolerance_)
      rest_[i] = static_cast<std::uint8_t>(tuning_.rest_sweeps);
  }
}

void Solver::reset_group_states() {
  groups_.resize(static_cast<std::size_t>(tuning_.groups));
  for (auto& g : groups_) {
    g.volume = volume_;
    g.time = time_;
    g.slope = slope_;
  }
}

// One block Gauss–Seidel sweep: group g holds bushes g, g + G, g + 2G, ... and sweeps them
// Gauss–Seidel against its own view of the link state, which equals the shared state at the
// sweep's start. Its moves count group_step_scale times in its view (cc.pce scaled: the Newton
// step is divided by the scale and the view moves by scale × pce × step), as if the other groups,
// which see the same imbalances, moved in step with it; without that the groups, each correcting
// an imbalance in full, overshoot it together and the sweeps oscillate. Afterwards each link's
// volume gets Σ_g (view_g − start) / scale, summed in group order, and the views are set back
// to the shared state. The groups are fixed by the bush index, so the result does not depend on
// the thread count. Rounding and the views' clamp at zero volume make these volumes approximate;
// the next iteration recomputes them exactly from the bush flows.
void Solver::equilibrate_groups() {
  const std::size_t ng = groups_.size();
  const double scale = tuning_.group_step_scale;
  parallel::for_chunks(0, ng, 1, [&](std::size_t lo, std::size_t hi) {
    auto& s = scratch_.local();
    for (std::size_t gi = lo; gi != hi; ++gi) {
      GroupState& g = groups_[gi];
      const bush::LinkState view{g.volume, g.time, g.slope};
      for (std::size_t i = gi; i < bushes_.size(); i += ng) {
        if (rest_[i] > 0) {
          --rest_[i];
          continue;
        }
        if (equilibrate_one(bushes_[i], view, s, scale) <= inner_tolerance_)
          rest_[i] = static_cast<std::uint8_t>(tuning_.rest_sweeps);
      }
    }
  });
  const double inv_scale = 1.0 / scale;
  parallel::for_chunks(0, m_, kLinkChunk, [&](std::size_t lo, std::size_t hi) {
    for (auto a = static_cast<std::uint32_t>(lo); a < hi; ++a) {
      const double start = volume_[a];
      double v = start;
      bool moved = false;
      for (const auto& g : groups_) {
        if (g.volume[a] != start) {
          v += (g.volume[a] - start) * inv_scale;
          moved = true;
        }
      }
      if (!moved) continue;
      volume_[a] = std::max(0.0, v);
      bush::refresh_link(net_, a, global_state());
      for (auto& g : groups_) {
        g.volume[a] = volume_[a];
        g.time[a] = time_[a];
        g.slope[a] = slope_[a];
      }
    }
  });
}

BushSolution Solver::run() {
  const auto t_start = std::chrono::steady_clock::now();
  const auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  };
  const std::uint32_t zones = net_.zone_count();
  const std::size_t nclass = classes_.size();
  if (nclass == 0) throw InputError({"", 0, "classes"}, "at least one demand class");
  for (const auto& c : classes_) {
    if (c.trips.rows() != zones || c.trips.cols() != zones) {
      throw InputError({"", 0, "trips of class " + c.name},
                       "a " + std::to_string(zones) + " x " + std::to_string(zones) + " matrix");
    }
    if (!(c.pce > 0.0)) throw InputError({"", 0, "pce of class " + c.name}, "a positive number");
  }
  // Three groups at scale 1.3 oscillate (SiouxFalls stalls at gap 0.06): only 1 or 2 are offered.
  if (tuning_.groups < 1 || tuning_.groups > 2 || tuning_.max_inner_passes < 1 ||
      !(tuning_.group_step_scale >= 1.0)) {
    throw InputError({"", 0, "algorithm b tuning"},
                     "1 or 2 groups, inner passes of at least 1, a group step scale of at least 1");
  }

  fixed_.resize(nclass);
  cost_.assign(nclass, std::vector<double>(m_));
  class_flow_.assign(nclass, std::vector<double>(m_, 0.0));
  for (std::size_t k = 0; k < nclass; ++k) fixed_[k] = class_fixed_cost(net_, classes_[k]);
  volume_.assign(m_, 0.0);
  time_.assign(m_, 0.0);
  slope_.assign(m_, 0.0);
  for (std::uint32_t a = 0; a < m_; ++a) bush::refresh_link(net_, a, global_state());
  fill_class_costs();

  double total_demand = 0.0;
  for (std::uint32_t k = 0; k < nclass; ++k) {
    for (std::uint32_t r = 0; r < zones; ++r) {
      double row = 0.0;
      for (std::uint32_t s = 0; s < zones; ++s) {
        if (s != r && classes_[k].trips(r, s) > 0.0) row += classes_[k].trips(r, s);
      }
      if (row > 0.0) {
        bush::Bush b;
        b.origin = r;
        b.demand_class = k;
        bushes_.push_back(std::move(b));
        total_demand += row;
      }
    }
  }
  reports_.assign(bushes_.size(), {});

  // Warm start: the previous bush of each (class, origin), checked against the network.
  std::vector<const bush::Bush*> warm(bushes_.size(), nullptr);
  if (!previous_.empty()) {
    std::vector<const bush::Bush*> by_key(nclass * zones, nullptr);
    for (const auto& p : previous_) {
      const bool fits = fits_network(p, zones);
      if (!fits) {
        throw InputError({"", 0, "warm start bushes"},
                         "bushes of a previous solve on the same network");
      }
      if (p.demand_class < nclass) by_key[p.demand_class * zones + p.origin] = &p;
    }
    for (std::size_t i = 0; i < bushes_.size(); ++i)
      warm[i] = by_key[bushes_[i].demand_class * zones + bushes_[i].origin];
  }

  // Initial bushes: shortest path trees loaded incrementally. Batches of kInitBatch bushes (a
  // constant, so the result does not depend on the thread count) take their trees and list their
  // loaded links in parallel at the costs left by the batches before them; the batch's flows are
  // then added to the link volumes in bush order and the costs refreshed. Starting from free flow
  // for every origin at once (all-or-nothing) left a relative gap near 1 on congested networks
  // (0.96 on Berlin-Center) and an extra iteration of bush improvement and sweeps to get out of it.
  // Warm-started bushes are reloaded with the new demand instead, at the free-flow costs.
  std::vector<double> unassigned(bushes_.size(), 0.0);
  constexpr std::size_t kInitBatch = 16;
  std::vector<std::uint32_t> touched;
  struct LoadedLinks {  // a new bush's links with flow, in for_each_link order
    std::vector<std::uint32_t> link;
    std::vector<double> flow;
  };
  std::vector<LoadedLinks> batch_links(kInitBatch);
  for (std::size_t start = 0; start < bushes_.size(); start += kInitBatch) {
    const std::size_t end = std::min(bushes_.size(), start + kInitBatch);
    parallel::for_chunks(start, end, 1, [&](std::size_t lo, std::size_t hi) {
      auto& s = scratch_.local();
      for (std::size_t i = lo; i != hi; ++i) {
        auto& b = bushes_[i];
        if (warm[i] != nullptr) {
          b = *warm[i];  // same class and origin
          unassigned[i] =
              bush::reload_demand(net_, trips_of(b), time_, class_cost(b.demand_class), b, s.bush);
          continue;
        }
        paths::shortest_path_tree(net_, cost_[b.demand_class], b.origin, s.tree);
        unassigned[i] = bush::init_from_tree(net_, s.tree, trips_of(b), b, s.bush);
        auto& loaded = batch_links[i - start];
        loaded.link.clear();
        loaded.flow.clear();
        bush::for_each_link(net_, b, trips_of(b), s.bush, [&loaded](std::uint32_t a, double x) {
          if (x == 0.0) return;
          loaded.link.push_back(a);
          loaded.flow.push_back(x);
        });
      }
    });
    if (!previous_.empty()) continue;  // warm start: costs stay at free flow (reloaded bushes)
    touched.clear();
    for (std::size_t i = start; i < end; ++i) {
      const double pce = classes_[bushes_[i].demand_class].pce;
      const auto& loaded = batch_links[i - start];
      for (std::size_t k = 0; k < loaded.link.size(); ++k) {
        volume_[loaded.link[k]] += pce * loaded.flow[k];
        touched.push_back(loaded.link[k]);
      }
    }
    for (const auto a : touched) {
      bush::refresh_link(net_, a, global_state());
      for (std::size_t k = 0; k < nclass; ++k) cost_[k][a] = time_[a] + fixed_[k][a];
    }
  }

  BushSolution out;
  AssignmentResult& res = out.result;
  res.algorithm = Algorithm::algorithm_b;
  res.threads = parallel::max_threads();
  for (const double u : unassigned) res.unassigned_demand += u;
  // Phase clock: each lap adds the seconds since the previous one to a phase.
  auto& phase = res.phase_seconds;
  double lap_start = seconds();
  phase.initial_bushes = lap_start;
  const auto lap = [&](double& into) {
    const double now = seconds();
    into += now - lap_start;
    lap_start = now;
  };

  const double target = options_.stop.relative_gap;
  for (int iter = 0;; ++iter) {
    recompute_volumes();
    fill_class_costs();
    lap(phase.other);
    const bool last_possible = iter >= options_.stop.max_iterations;
    parallel::for_chunks(0, bushes_.size(), 1, [&](std::size_t lo, std::size_t hi) {
      auto& s = scratch_.local();
      for (std::size_t i = lo; i != hi; ++i) {
        auto& b = bushes_[i];
        const auto cc = class_cost(b.demand_class);
        auto snapshot = cc;
        snapshot.cost = cost_[b.demand_class];  // = time_ + fixed (fill_class_costs)
        const auto scan =
            bush::scan_bush(net_, b, trips_of(b), time_, snapshot, s.bush, true, !last_possible);
        reports_[i].excess = scan.excess;
        reports_[i].total_cost = scan.total_cost;
        if (!scan.exact) {
          paths::shortest_path_tree(net_, cost_[b.demand_class], b.origin, s.tree);
          reports_[i].excess = bush::bush_excess(net_, b, trips_of(b), time_, cc, s.tree, s.bush,
                                                 reports_[i].total_cost);
          if (!last_possible) bush::improve_bush(net_, b, trips_of(b), time_, cc, s.bush);
        }
      }
    });
    lap(phase.scan);
    double excess = 0.0, tstt = 0.0;
    for (const auto& r : reports_) {
      excess += r.excess;
      tstt += r.total_cost;
    }
    IterationRecord rec;
    rec.iteration = iter;
    rec.total_travel_time = tstt;
    rec.relative_gap = tstt > 0.0 ? excess / tstt : 0.0;
    rec.average_excess_cost = total_demand > 0.0 ? excess / total_demand : 0.0;
    double objective = network::beckmann_objective(net_, volume_);
    for (std::size_t k = 0; k < nclass; ++k) {
      for (std::uint32_t a = 0; a < m_; ++a) {
        if (class_flow_[k][a] != 0.0) objective += fixed_[k][a] * class_flow_[k][a];
      }
    }
    rec.objective = objective;
    rec.seconds = seconds();
    res.history.push_back(rec);
    const bool keep_going = !options_.on_iteration || options_.on_iteration(rec);
    res.converged = rec.relative_gap <= target;
    if (res.converged || last_possible || !keep_going || rec.seconds >= options_.stop.max_seconds) {
      break;
    }
    inner_tolerance_ = tuning_.inner_tolerance * rec.average_excess_cost;
    rest_.assign(bushes_.size(), 0);
    if (tuning_.groups > 1) reset_group_states();
    lap(phase.other);
    for (int sweep = 0; sweep < tuning_.sweeps; ++sweep) {
      if (tuning_.groups > 1) {
        equilibrate_groups();
      } else {
        equilibrate_gauss_seidel();
      }
    }
    lap(phase.sweeps);
  }

  const auto& last = res.history.back();
  res.iterations = last.iteration;
  res.relative_gap = last.relative_gap;
  res.average_excess_cost = last.average_excess_cost;
  res.objective = last.objective;
  res.total_travel_time = last.total_travel_time;
  res.link_flow = volume_;
  res.link_time = time_;
  res.class_flow = class_flow_;
  lap(phase.other);
  res.seconds = lap_start;
  out.bushes = std::move(bushes_);
  auto& stats = out.result.bush_stats;
  for (const auto& b : out.bushes) {
    out.bush_bytes += b.memory_bytes();
    stats.nodes += b.node_count();
    stats.merge_part += b.merge_end();
    stats.links += b.link_count();
  }
  stats.bushes = out.bushes.size();
  stats.bytes = out.bush_bytes;
  out.fixed_cost = std::move(fixed_);
  return out;
}

}  // namespace

std::vector<double> class_fixed_cost(const network::RoadNetwork& net, const DemandClass& c) {
  std::vector<double> fixed(net.link_count(), 0.0);
  network::compute_fixed_costs(net, c.weights, fixed);
  const auto modes = net.modes();
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    if ((modes[a] & c.modes) == 0) fixed[a] = kInf;
  }
  return fixed;
}

BushSolution solve_algorithm_b_bushes(const network::RoadNetwork& net,
                                      std::span<const DemandClass> classes,
                                      const SolveOptions& options, AlgorithmBTuning tuning) {
  Solver solver(net, classes, options, tuning);
  return solver.run();
}

BushSolution solve_algorithm_b_bushes(const network::RoadNetwork& net,
                                      std::span<const DemandClass> classes,
                                      const SolveOptions& options,
                                      std::span<const bush::Bush> previous,
                                      AlgorithmBTuning tuning) {
  Solver solver(net, classes, options, tuning, previous);
  return solver.run();
}

AssignmentResult solve_algorithm_b(const network::RoadNetwork& net,
                                   std::span<const DemandClass> classes,
                                   const SolveOptions& options) {
  return solve_algorithm_b_bushes(net, classes, options).result;
}

}  // namespace corridor::assignment
