#pragma once
// Batches of scenarios: the batch file, the parallel runner with its on-disk cache, and the
// ranking.
//
// Batch file (TOML; schema in docs/comparing-quick-wins.md):
//   name = "quick-wins"
//   description = "..."
//   scenarios = ["snelbus-eindhoven-turnhout.toml", "hamont-weert.toml", ...]  # relative paths
//   alone = true                       # run each scenario alone (default true)
//   combinations = ["pairs", "all"]    # generated: every pair ("a+b"), all together ("all")
//   [[combination]]                    # and/or explicit combinations of the listed scenarios
//   name = "rail-package"              # default: the names joined by '+'
//   scenarios = ["hamont-weert", "international-train"]
//   [uncertainty]                      # optional: uncertain inputs for --draws (uncertainty.hpp)
//   [backcast]                         # optional: a built project run in reverse, compared with
//                                      #   observed figures (backcast.hpp; DIR/backcast.csv)
// Runs are ordered: singles in file order, then pairs (i < j in file order), then "all", then the
// explicit combinations. Names must be unique.
//
// Runner (run_batch): for every base (region folder + demand parameters + growth, identified by
// a content hash) the base is computed once, before the scenarios, and shared read-only. Each
// scenario gets an input hash over the engine version, its base hash and its definition; its
// outputs go to DIR/scenarios/<name>/ (written atomically, done.json last). The base of the
// first run writes DIR/base/ (links.csv, stops.csv; result_io.hpp), rewritten when its hash
// changes. That base is always prepared when the engine keeps base outputs (even if every
// scenario is reused: the report shows its fit to the observed figures). On a rerun a
// scenario whose done.json names the same input hash is read back instead of recomputed; a
// folder without a valid marker is recomputed (a killed run never leaves a result that looks
// whole). Scenarios run in parallel (core/parallel.hpp, one chunk per scenario); the
// model run inside uses the same arena for its origins/destinations, so there is no
// oversubscription and no thread is created outside TBB. The thread count is the caller's
// (tbb::global_control in the CLI). Each run's typed ScenarioResult (result.hpp) is computed once;
// a finished run is read back into the same type (result_io.hpp, strict: anything missing or
// unreadable is recomputed). The aggregate outputs (ranking.csv, summary.json) are built from the
// typed results only, so they are the same whether a scenario was computed now, read back, or
// computed with any number of threads.
//
//   auto batch = corridor::scenario::read_batch("scenarios/brainport-kempen/quick-wins.toml");
//   corridor::scenario::RegionEngine engine;
//   auto summary = corridor::scenario::run_batch(batch, engine, {.out = "out/quick-wins"});
//   std::fputs(summary.text.c_str(), stdout);
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scenario/apply.hpp"
#include "scenario/appraisal_parameters.hpp"
#include "scenario/backcast.hpp"
#include "scenario/result.hpp"
#include "scenario/result_io.hpp"
#include "scenario/scenario.hpp"
#include "scenario/uncertainty.hpp"

namespace corridor::scenario {

// Changes whenever the meaning of cached outputs changes (forces recomputation).
inline constexpr const char* kEngineVersion = "corridor-scenario-13";

struct Batch {
  std::filesystem::path file;
  std::string name;
  std::string description;
  std::vector<Scenario> singles;  // the scenario files listed
  std::vector<Scenario> runs;     // what is run: singles and combinations, in output order
  std::optional<UncertaintySpec> uncertainty;  // [uncertainty] (draws.hpp), when declared
  std::optional<BackcastSpec> backcast;        // [backcast] (backcast.hpp), when declared
};

Batch read_batch(const std::filesystem::path& file);
Batch parse_batch(std::string_view text, const std::string& file_name,
                  const std::filesystem::path& dir);
// A batch of one scenario (corridor run).
Batch single_scenario_batch(Scenario scenario);

// A scenario's edits applied to its region, once (RegionEngine::base_key), and kept for the run
// and the report.
struct EditedModel {
  model::RegionModel model;
  AppliedChanges changes;
};

// Computes bases and scenario outputs. Implementations must make evaluate() thread-safe.
class ScenarioEngine {
 public:
  virtual ~ScenarioEngine() = default;
  // Content hash of the base the scenario is compared with (cheap; may load the region).
  virtual std::string base_key(const Scenario& scenario) = 0;
  // Computes that base; called once per key, sequentially, before any evaluate() needing it.
  virtual void prepare_base(const std::string& key, const Scenario& scenario) = 0;
  virtual ScenarioResult evaluate(const std::string& key, const Scenario& scenario) = 0;
  // The region as loaded (no growth, no edits) and a run's edited model, for the report; nullptr
  // when the engine keeps none (test engines).
  [[nodiscard]] virtual const model::RegionModel* region_model(const Scenario&) const {
    return nullptr;
  }
  [[nodiscard]] virtual const EditedModel* edited(const Scenario&) const { return nullptr; }
  // A prepared base's own outputs (DIR/base/); nullopt when the engine keeps none (then
  // keeps_base_outputs() is false and the batch neither prepares a base for them nor writes them).
  [[nodiscard]] virtual bool keeps_base_outputs() const { return false; }
  [[nodiscard]] virtual std::optional<BaseOutputs> base_outputs(const std::string& /*key*/) const {
    return std::nullopt;
  }
};

// The real model: region loaded from the scenario's base folder, demand parameters from
// <folder>/demand.toml when present (defaults otherwise), border resistance and through-truck
// volume calibrated once on the region without growth and then held fixed for the base and every
// scenario (so a scenario changes behaviour only through its edits).
class RegionEngine final : public ScenarioEngine {
 public:
  RegionEngine();
  ~RegionEngine() override;
  std::string base_key(const Scenario& scenario) override;
  void prepare_base(const std::string& key, const Scenario& scenario) override;
  ScenarioResult evaluate(const std::string& key, const Scenario& scenario) override;
  [[nodiscard]] const model::RegionModel* region_model(const Scenario& scenario) const override;
  [[nodiscard]] const EditedModel* edited(const Scenario& scenario) const override;
  [[nodiscard]] bool keeps_base_outputs() const override { return true; }
  [[nodiscard]] std::optional<BaseOutputs> base_outputs(const std::string& key) const override;
  // A prepared base's run and the fixed (calibrated, calibration off) parameters it used; throws
  // corridor::Error when `key` was not prepared. Not synchronised with prepare_base.
  const demand::ModelRun& base_run(const std::string& key) const;
  const demand::DemandParameters& fixed_parameters(const std::string& key) const;
  // The unit values of the scenario's region (<folder>/appraisal.toml or the defaults), loading
  // the region if needed. An uncertainty run varies a copy and revalues each result without
  // rerunning the model:
  //   auto p = scenario_appraisal(engine.appraisal_file(s).params, model, s);
  //   p.co2_eur_per_tonne *= 2;   apply_appraisal(result.headline, p);
  const AppraisalFile& appraisal_file(const Scenario& scenario);
  // The prepared base's model (the region with the base's growth); throws like base_run.
  const model::RegionModel& base_model(const std::string& key) const;
  [[nodiscard]] bool base_prepared(const std::string& key) const;

 private:
  struct Region;
  struct Base;
  Region& region(const std::filesystem::path& folder);
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Region>> regions_;
  std::map<std::string, std::unique_ptr<Base>> bases_;
  std::map<std::string, std::unique_ptr<EditedModel>> edited_;  // by run name
};

// Runs a batch's computations on other processes (the MPI task queue, engine/distributed/, wired
// in the CLI). run_batch passes the runs to compute (`todo`, indices into batch.runs, batch
// order), `prepare` (bases; once, here, before any accept), `compute` (run i to its bytes,
// scenario_result_bytes; called on any rank, where a BatchWorker provides it) and `accept` (here,
// once per run, in any order: checks, writes and keeps the result). The outputs do not depend on
// the order of accept calls.
using RunExecutor =
    std::function<void(const std::vector<std::size_t>& todo, const std::function<void()>& prepare,
                       const std::function<std::string(std::size_t)>& compute,
                       const std::function<void(std::size_t, std::string)>& accept)>;

struct BatchOptions {
  std::filesystem::path out;
  bool progress = true;  // progress bar on stderr when it is a terminal
  // Called after each scenario finishes (computed or reused); may be empty. Thread-safe calls.
  std::function<void(const std::string& name, bool reused)> on_scenario;
  // Empty: the runs are computed here, in parallel on this process's oneTBB arena.
  RunExecutor executor;
};

struct BatchSummary {
  std::vector<ScenarioResult> results;      // per run, batch order (sum_of_parts filled)
  std::vector<std::size_t> order;           // indices into results, best first (the B/C ranking)
  std::vector<std::size_t> land_use_order;  // land-use scenarios, ranked by their indicators
  nlohmann::json summary;                   // as written to summary.json
  std::string ranking_csv;
  std::string land_use_csv;  // empty when the batch has no land-use scenario
  std::string text;          // readable summary for the terminal
  std::size_t computed = 0;
  std::size_t reused = 0;
  // The first run's base outputs (DIR/base/), when the engine keeps them (run_batch prepares that
  // base even when every scenario is reused, for the report's fit section).
  std::optional<BaseOutputs> base;
};

// Input hash of one run (what done.json stores).
std::string scenario_input_hash(const std::string& base_key, const Scenario& scenario);

BatchSummary run_batch(const Batch& batch, ScenarioEngine& engine, const BatchOptions& options);

// The other ranks of a distributed batch (ranks 1..N-1; rank 0 runs run_batch with an executor).
// Each reads the same batch and computes the same base keys and input hashes (applying every
// run's edits, milliseconds); prepare() computes the bases `todo` needs, as run_batch does;
// compute(i) evaluates run i and returns scenario_result_bytes of it, with its input and base
// hashes filled in, so rank 0 can check that both sides saw the same inputs. Writes nothing.
class BatchWorker {
 public:
  BatchWorker(const Batch& batch, ScenarioEngine& engine);
  void prepare(const std::vector<std::size_t>& todo);
  [[nodiscard]] std::string compute(std::size_t run) const;

 private:
  const Batch& batch_;
  ScenarioEngine& engine_;
  std::vector<std::string> keys_, hashes_;
};

// Ranking and summary from per-run results (pure; used by run_batch).
BatchSummary summarize(const Batch& batch, std::vector<ScenarioResult> results);

}  // namespace corridor::scenario
