#pragma once
// Running a batch under uncertainty: every run of the batch under every draw of its
// [uncertainty] inputs (uncertainty.hpp), then the robust ranking and the sensitivity
// (robustness.hpp) written to DIR/robustness.csv, DIR/sensitivity.csv and
// DIR/sensitivity_by_scenario.csv.
//
// Work: a list of independent tasks (draw d, run r), index d · runs + r, each a pure function of
// the batch, the draw's input values and the prepared nominal bases; results are reduced in task
// order, so the outputs are the same for any thread count (and for any distribution of the tasks
// over processes). What a task computes:
//   - a draw whose inputs only change the appraisal (value_of_time, investment, operating): the
//     run's nominal base and scenario model runs (computed once per run, shared by every draw)
//     appraised again with the draw's values (add_benefits with a modified Scenario: the value of
//     time factor in its parameters, scaled costs); no model run;
//   - a draw that changes the model (demand_growth, parameter): the draw's base (one per draw and
//     base key, a dependency of the draw's tasks) and the scenario are run with the draw's growth
//     and parameters, then appraised as above. Each run starts warm (run_draw_model): from the
//     nominal run of its model (computed once per base key and per run, before the draws, with
//     its road bushes kept), the scenario at the draw base's car times plus its nominal effect on
//     them (composed_car_minutes). The stopping rule is a cold run's, so the results differ from
//     cold runs by solver noise only (within the noise floor; DrawOptions::warm_start = false
//     runs them cold). The nominal runs are pure functions of the batch, so a task stays a pure
//     function of the batch, the draw and the prepared bases.
// Draws are processed in blocks of `block` draws (bases of the block, then its tasks, in
// parallel on the one TBB arena; the model run inside each task uses the same arena), which
// bounds the memory held by bases; the block size changes the schedule, never a result.
//
// Distributed (DrawOptions::executor, the MPI task queue; docs/distributed.md): the unit of work
// is a whole draw (its bases, then its runs, on one rank's threads), because a draw's runs share
// its bases; rank 0 checks each draw's input hash, writes its file when it arrives and reduces as
// above, so the files are the same bytes as a one-process run's. Appraisal-only draws stay on
// rank 0 (each needs every nominal run; the other ranks get an empty round).
//
// Resume: each finished draw is written atomically to DIR/draws/draw-NNNNN.json with its input
// hash (engine version, the uncertainty block, seed, number of draws, draw index, every run's
// input hash): a rerun reuses a draw whose file names the same hash and computes the rest, so an
// interrupted run loses at most the draws in flight.
//
//   auto draws = run_draws(batch, engine, {.out = "out/q", .draws = 256, .seed = 15});
//   draws.robustness.rows[0].scenario;   // most robust first
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/od_matrix.hpp"
#include "demand/model_run.hpp"
#include "scenario/batch.hpp"
#include "scenario/robustness.hpp"
#include "scenario/uncertainty.hpp"

namespace corridor::scenario {

struct DrawOptions {
  std::filesystem::path out;
  std::size_t draws = 0;
  std::optional<std::uint64_t> seed;  // default: the batch's [uncertainty] seed
  bool progress = true;               // on stderr when it is a terminal
  std::size_t block = 8;              // draws per block (memory bound; no effect on results)
  // Empty: the draws are computed here. Else the draws to compute (task = draw index) go to it,
  // as run_batch's runs go to BatchOptions::executor; accept is called on one thread at a time.
  RunExecutor executor{};
  // Start every draw's model run from the nominal run of the same model (run_draw_model) rather
  // than cold; results differ by solver noise only (within the feedback tolerance and road gap).
  bool warm_start = true;
};

struct DrawTask {
  std::size_t draw = 0;
  std::size_t run = 0;
};
// The tasks of `draws` draws over `runs` runs, in reduction order (draw-major).
std::vector<DrawTask> draw_tasks(std::size_t draws, std::size_t runs);

struct DrawsSummary {
  DrawPlan plan;
  std::vector<std::string> names;  // runs, batch order
  std::vector<DrawRow> rows;       // task order
  Robustness robustness;
  Sensitivity sensitivity;
  std::size_t computed = 0;  // draws computed now
  std::size_t reused = 0;    // draws read back
  std::size_t model_runs = 0;
  std::size_t draw_feedback_loops = 0;  // feedback loops of the draws' model runs (the work)
  std::string text;                     // the robust ranking for the terminal
};

struct DrawContext;

// The other ranks of a distributed --draws (ranks 1..N-1; rank 0 runs run_draws with an
// executor), as BatchWorker for the batch: the same batch, draw count and seed give the same draws
// and hashes; prepare() prepares the nominal bases (when there is a draw to compute), compute(d)
// computes draw d (bases and runs, in parallel on the caller's arena) and returns its rows as
// bytes for rank 0. Writes nothing.
class DrawWorker {
 public:
  DrawWorker(const Batch& batch, RegionEngine& engine, std::size_t draws,
             std::optional<std::uint64_t> seed, bool warm_start = true);
  ~DrawWorker();
  DrawWorker(const DrawWorker&) = delete;
  DrawWorker& operator=(const DrawWorker&) = delete;
  void prepare(const std::vector<std::size_t>& todo);
  [[nodiscard]] std::string compute(std::size_t draw) const;

 private:
  std::unique_ptr<DrawContext> context_;
};

// Runs the draws after run_batch (the nominal bases are prepared here when the batch reused
// everything). Throws InputError when the batch has no [uncertainty] block.
DrawsSummary run_draws(const Batch& batch, RegionEngine& engine, const DrawOptions& options);

// A draw's model run: the draw's growth and parameters on a run's model, started from the
// nominal run of the same model (same road network and zones; run with keep_bushes) at
// `car_minutes` (one matrix per period; empty: the nominal run's times), converged to the same
// criterion as a cold run (demand::RunOptions::start). The PT loads are left out: a draw's
// appraisal does not read them.
demand::ModelRun run_draw_model(const demand::ModelRun& nominal, const model::RegionModel& model,
                                const demand::DemandParameters& params,
                                std::vector<OdMatrix> car_minutes = {});

// The car times a draw's scenario run starts from, per period: the draw base's (the draw's growth
// and parameters) plus the scenario's nominal effect on them (nominal scenario − nominal base);
// the draw base's where that sum is not a positive finite time.
std::vector<OdMatrix> composed_car_minutes(const demand::ModelRun& draw_base,
                                           const demand::ModelRun& nominal_scenario,
                                           const demand::ModelRun& nominal_base);

}  // namespace corridor::scenario
