// Every run of a batch under every draw of its uncertain inputs (draws.hpp).
#include "scenario/draws.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/hash.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "demand/model_run.hpp"
#include "io/text.hpp"
#include "scenario/apply.hpp"
#include "scenario/draw_bytes.hpp"
#include "scenario/result.hpp"

namespace corridor::scenario {

namespace {

std::string draw_file_name(std::size_t d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "draw-%05zu.json", d);
  return buf;
}

std::string draw_hash(const std::string& common, std::size_t d) {
  ContentHash h;
  h.add(common).add("|draw ").add(std::to_string(d));
  return h.hex();
}

nlohmann::json draw_json(const std::string& hash, const std::vector<std::string>& names,
                         const std::vector<double>& values, const DrawRow* rows) {
  nlohmann::json j;
  j["input_hash"] = hash;
  j["values"] = values;
  nlohmann::json a = nlohmann::json::array();
  for (std::size_t r = 0; r < names.size(); ++r) {
    a.push_back({{"scenario", names[r]},
                 {"benefit_eur_per_year", rows[r].benefit_eur_per_year},
                 {"benefit_cost_ratio", rows[r].benefit_cost_ratio},
                 {"cost_eur", rows[r].cost_eur},
                 {"below_noise_floor", rows[r].below_noise_floor},
                 {"investment_eur", rows[r].investment_eur}});
  }
  j["runs"] = a;
  return j;
}

// A finished draw read back strictly; nullopt when absent, stale or not whole.
std::optional<std::vector<DrawRow>> read_draw(const std::filesystem::path& file,
                                              const std::string& hash,
                                              const std::vector<std::string>& names) {
  if (!corridor::is_regular_file(file)) return std::nullopt;
  try {
    const auto j = nlohmann::json::parse(io::read_text_file(file));
    if (j.at("input_hash").get<std::string>() != hash) return std::nullopt;
    const auto& a = j.at("runs");
    if (!a.is_array() || a.size() != names.size()) return std::nullopt;
    std::vector<DrawRow> rows(names.size());
    for (std::size_t r = 0; r < names.size(); ++r) {
      if (a[r].at("scenario").get<std::string>() != names[r]) return std::nullopt;
      rows[r].benefit_eur_per_year = a[r].at("benefit_eur_per_year").get<double>();
      rows[r].benefit_cost_ratio = a[r].at("benefit_cost_ratio").get<double>();
      rows[r].cost_eur = a[r].at("cost_eur").get<double>();
      rows[r].below_noise_floor = a[r].at("below_noise_floor").get<bool>();
      rows[r].investment_eur = a[r].at("investment_eur").get<double>();
    }
    return rows;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// One run valued as the batch values it (result_access.cpp compute_result): the benefits and the
// CBA quantities of the pair, then the cost-benefit analysis with the draw's values of time and
// costs (`appraised`) and the region's unit values; the PT operating cost of each part's service
// (service_by_part) at the unit costs × that part's factor in the draw (operating_factors).
DrawRow appraise(const RunView& base, const RunView& scen, const demand::DemandParameters& params,
                 const Scenario& appraised, const AppraisalParameters& region_values,
                 const AppliedChanges& changes, const std::vector<double>& factors) {
  ScenarioResult r;
  add_benefits(base, scen, params, appraised, r);
  const auto p = scenario_appraisal(region_values, scen.model, appraised);
  add_cba_quantities(base, scen, appraised, p, r);
  const auto by_part =
      service_by_part(base.model.transit, scen.model.transit, changes, factors.size(), p);
  apply_appraisal(r.headline, p, operator_cost_per_weekday(by_part, factors, p));
  const auto& h = r.headline;
  return {h.benefit_eur_per_year, h.benefit_cost_ratio, h.cost_eur, h.below_noise_floor,
          h.investment_eur};
}

// The nominal run a draw's run starts from: the run as the batch computes it, its bushes kept.
demand::ModelRun nominal_start(const model::RegionModel& model,
                               const demand::DemandParameters& params) {
  demand::RunOptions options;
  options.keep_bushes = true;
  return demand::run_model(model, params, options);
}

std::string fmt(double v, const char* f) {
  char buf[48];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string terminal_text(const DrawsSummary& s) {
  std::ostringstream t;
  t << "Ranking under uncertainty (" << s.plan.draws << " draws, Latin hypercube, seed "
    << s.plan.seed << "), by median rank:\n";
  t << "  scenario                                           P(first)  rank p5-p50-p95   "
       "B/C p5 - p50 - p95\n";
  for (const auto& r : s.robustness.rows) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-50.50s %7.3f   %4.0f %4.0f %4.0f    %6.2f %6.2f %6.2f\n",
                  r.scenario.c_str(), r.p_rank_first, r.rank_p5, r.rank_p50, r.rank_p95, r.bcr_p5,
                  r.bcr_p50, r.bcr_p95);
    t << line;
  }
  t << "Inputs that move the ranking most (share of rank variance, standardized regression):\n";
  std::size_t k = 0;
  for (const auto& r : s.sensitivity.rows) {
    if (k++ == 5) break;
    t << "  " << r.input << " (" << r.kind
      << "): " << (r.rank_variance_share ? fmt(*r.rank_variance_share, "%.3f") : std::string("n/a"))
      << "\n";
  }
  return t.str();
}

}  // namespace

std::vector<OdMatrix> composed_car_minutes(const demand::ModelRun& draw_base,
                                           const demand::ModelRun& nominal_scenario,
                                           const demand::ModelRun& nominal_base) {
  std::vector<OdMatrix> out;
  for (std::size_t t = 0; t < draw_base.periods.size(); ++t) {
    const OdMatrix& b = draw_base.periods[t].skims.car_minutes;
    const OdMatrix& s = nominal_scenario.periods.at(t).skims.car_minutes;
    const OdMatrix& n = nominal_base.periods.at(t).skims.car_minutes;
    OdMatrix c = b;
    if (s.rows() == b.rows() && n.rows() == b.rows()) {
      for (Eigen::Index i = 0; i < c.rows(); ++i) {
        for (Eigen::Index j = 0; j < c.cols(); ++j) {
          const double v = b(i, j) + (s(i, j) - n(i, j));
          if (std::isfinite(v) && v > 0.0) c(i, j) = v;
        }
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

demand::ModelRun run_draw_model(const demand::ModelRun& nominal, const model::RegionModel& model,
                                const demand::DemandParameters& params,
                                std::vector<OdMatrix> car_minutes) {
  demand::RunOptions options;
  options.start = &nominal;
  options.start_car_minutes = std::move(car_minutes);
  options.pt_loads = false;
  return demand::run_model(model, params, options);
}

std::vector<DrawTask> draw_tasks(std::size_t draws, std::size_t runs) {
  std::vector<DrawTask> t;
  t.reserve(draws * runs);
  for (std::size_t d = 0; d < draws; ++d) {
    for (std::size_t r = 0; r < runs; ++r) t.push_back({d, r});
  }
  return t;
}

// What every process computing draws holds (run_draws here, DrawWorker on the other ranks of a
// distributed run): the batch's runs with their base keys, the draws' input values, the hashes
// naming the inputs, and once prepared the nominal bases (and, for appraisal-only draws, the
// nominal scenario runs).
struct DrawContext {
  DrawContext(const Batch& b, RegionEngine& e, const UncertaintySpec& u)
      : batch(b), engine(e), spec(u) {}
  const Batch& batch;
  RegionEngine& engine;
  const UncertaintySpec& spec;
  DrawPlan plan;
  std::vector<std::string> names;
  std::vector<std::string> keys;                   // per run
  std::vector<std::size_t> key_of;                 // per run: index into distinct
  std::vector<std::string> distinct;               // base keys, first appearance order
  std::vector<std::size_t> key_run;                // a run of each distinct key
  std::vector<AppraisalParameters> region_values;  // per run
  std::string common_hash;
  bool model_changes = false;
  bool warm = false;  // draws change the model and start from the nominal runs (run_draw_model)
  // Per run: the nominal scenario run (appraisal-only draws appraise it; warm draws start from it).
  std::vector<std::unique_ptr<demand::ModelRun>> nominal;
  std::vector<std::unique_ptr<demand::ModelRun>> nominal_base;  // warm draws: per base key
  std::atomic<std::size_t> model_runs{0};
  std::atomic<std::size_t> draw_loops{0};  // feedback loops of the draws' own model runs
};

namespace {

// The draws' inputs, hashes and keys; no model run (the region's unit values are read here:
// appraisal_file may load the region, so never inside a parallel loop).
std::unique_ptr<DrawContext> make_context(const Batch& batch, RegionEngine& engine,
                                          std::size_t n_draws, std::optional<std::uint64_t> seed,
                                          bool warm_start) {
  if (!batch.uncertainty)
    throw_input_error(batch.file.string(), 0, "uncertainty",
                      "--draws needs an [uncertainty] block in the batch file");
  if (n_draws == 0) throw Error("--draws must be at least 1");
  const auto& spec = *batch.uncertainty;
  const auto& runs = batch.runs;
  const auto n_runs = runs.size();
  auto c = std::make_unique<DrawContext>(batch, engine, spec);
  c->plan = sample_draws(spec, n_draws, seed.value_or(spec.seed));
  for (const auto& s : runs) c->names.push_back(s.name);
  c->keys.resize(n_runs);
  c->key_of.resize(n_runs);
  for (std::size_t r = 0; r < n_runs; ++r) {
    c->keys[r] = engine.base_key(runs[r]);
    auto it = std::find(c->distinct.begin(), c->distinct.end(), c->keys[r]);
    if (it == c->distinct.end()) {
      c->distinct.push_back(c->keys[r]);
      c->key_run.push_back(r);
      it = c->distinct.end() - 1;
    }
    c->key_of[r] = static_cast<std::size_t>(it - c->distinct.begin());
  }
  c->region_values.resize(n_runs);
  for (std::size_t r = 0; r < n_runs; ++r)
    c->region_values[r] = engine.appraisal_file(runs[r]).params;
  ContentHash common;
  common.add(kEngineVersion).add("|draws-3|").add(spec.source_text).add("|seed ");
  common.add(std::to_string(c->plan.seed)).add("|n ").add(std::to_string(n_draws));
  for (std::size_t r = 0; r < n_runs; ++r)
    common.add("|").add(scenario_input_hash(c->keys[r], runs[r]));
  c->model_changes = spec.changes_model();
  c->warm = c->model_changes && warm_start;
  // Warm and cold draws differ by solver noise: a resume never mixes them.
  if (c->warm) common.add("|warm");
  c->common_hash = common.hex();
  return c;
}

// The nominal bases (run_batch prepared those its runs needed) and the nominal runs, once: each
// scenario's for appraisal-only draws (appraised as it is) and, for warm draws, each scenario's and
// each base's with their bushes kept (every draw's runs start from them).
void prepare_context(DrawContext& c) {
  const auto& runs = c.batch.runs;
  for (std::size_t k = 0; k < c.distinct.size(); ++k) {
    if (!c.engine.base_prepared(c.distinct[k]))
      c.engine.prepare_base(c.distinct[k], runs[c.key_run[k]]);
  }
  if (c.model_changes && !c.warm) return;  // cold draws need no nominal run
  const auto n_runs = runs.size();
  c.nominal.resize(n_runs);
  c.nominal_base.resize(c.warm ? c.distinct.size() : 0);
  parallel::for_chunks(0, n_runs + c.nominal_base.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t t = lo; t < hi; ++t) {
      if (t >= n_runs) {
        const auto& key = c.distinct[t - n_runs];
        c.nominal_base[t - n_runs] = std::make_unique<demand::ModelRun>(
            nominal_start(c.engine.base_model(key), c.engine.fixed_parameters(key)));
      } else {
        const auto* e = c.engine.edited(runs[t]);
        if (e == nullptr) throw Error("draws: run '" + runs[t].name + "' has no edited model");
        const auto& params = c.engine.fixed_parameters(c.keys[t]);
        c.nominal[t] = std::make_unique<demand::ModelRun>(
            c.warm ? nominal_start(e->model, params) : demand::run_model(e->model, params));
        // Appraisal-only draws appraise these runs: they are the draws' model runs. Warm draws'
        // starting runs are set-up, as the batch's own runs are (and every rank makes them).
        if (!c.warm) ++c.model_runs;
      }
    }
  });
}

// A draw's base (one per draw and base key, when the draw changes the model): the region with the
// draw's growth, run with the draw's parameters.
struct DrawBase {
  model::RegionModel model;
  demand::DemandParameters params;
  demand::ModelRun run;
};

// `loops` counts the feedback loops of the draw's model runs.
std::unique_ptr<DrawBase> draw_base(DrawContext& c, std::size_t d, std::size_t k,
                                    std::atomic<std::size_t>& loops) {
  const auto& s = c.batch.runs[c.key_run[k]];
  const auto& values = c.plan.values[d];
  auto base = std::make_unique<DrawBase>();
  base->model = *c.engine.region_model(s);
  apply_growth(base->model, grown_scenario(s, growth_factor(c.spec, values)).parameters);
  base->params = drawn_parameters(c.engine.fixed_parameters(c.distinct[k]), c.spec, values);
  try {
    base->run = c.warm ? run_draw_model(*c.nominal_base[k], base->model, base->params)
                       : demand::run_model(base->model, base->params);
    loops += base->run.history.size();
  } catch (const Error& e) {
    throw Error("draw " + std::to_string(d) + ", base of '" + s.name + "': " + e.what());
  }
  ++c.model_runs;
  return base;
}

// Task (d, r): run r under draw d, appraised with the draw's values. `base` is the draw's base of
// the run's key when the draw changes the model (nullptr for appraisal-only draws).
DrawRow draw_task(DrawContext& c, std::size_t d, std::size_t r, const DrawBase* base,
                  std::atomic<std::size_t>& loops) {
  const auto& s = c.batch.runs[r];
  const auto& values = c.plan.values[d];
  const auto appraised = appraisal_scenario(s, c.spec, values);
  if (!c.model_changes) {
    const RunView b{c.engine.base_model(c.keys[r]), c.engine.base_run(c.keys[r])};
    const RunView scen{c.engine.edited(s)->model, *c.nominal[r]};
    return appraise(b, scen, c.engine.fixed_parameters(c.keys[r]), appraised, c.region_values[r],
                    c.engine.edited(s)->changes, operating_factors(s, c.spec, values));
  }
  const auto& b = *base;
  const double g = growth_factor(c.spec, values);
  model::RegionModel grown;
  const model::RegionModel* m = &c.engine.edited(s)->model;
  if (g != 1.0) {
    grown = apply_edits(*c.engine.region_model(s), grown_scenario(s, g));
    m = &grown;
  }
  demand::ModelRun run;
  try {
    run = c.warm ? run_draw_model(
                       *c.nominal[r], *m, b.params,
                       composed_car_minutes(b.run, *c.nominal[r], *c.nominal_base[c.key_of[r]]))
                 : demand::run_model(*m, b.params);
  } catch (const Error& e) {
    throw Error("draw " + std::to_string(d) + ", scenario '" + s.name + "': " + e.what());
  }
  ++c.model_runs;
  loops += run.history.size();
  return appraise({b.model, b.run}, {*m, run}, b.params, appraised, c.region_values[r],
                  c.engine.edited(s)->changes, operating_factors(s, c.spec, values));
}

// One whole draw, the unit of work of a distributed run (DrawWorker): its bases, then its runs,
// each step in parallel on the caller's arena. Returns draw_bytes.
std::string compute_draw(DrawContext& c, std::size_t d) {
  if (d >= c.plan.draws)
    throw Error("draws: draw " + std::to_string(d) + " is not among the " +
                std::to_string(c.plan.draws) + " draws: do all ranks run the same command?");
  std::atomic<std::size_t> loops{0};
  const auto n_runs = c.batch.runs.size();
  std::vector<std::unique_ptr<DrawBase>> bases(c.model_changes ? c.distinct.size() : 0);
  parallel::for_chunks(0, bases.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t k = lo; k < hi; ++k) bases[k] = draw_base(c, d, k, loops);
  });
  std::vector<DrawRow> rows(n_runs);
  parallel::for_chunks(0, n_runs, 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t r = lo; r < hi; ++r)
      rows[r] = draw_task(c, d, r, c.model_changes ? bases[c.key_of[r]].get() : nullptr, loops);
  });
  // The draw's own model runs (c.model_runs counts every draw on this rank).
  const std::size_t runs = c.model_changes ? c.distinct.size() + n_runs : 0;
  return draw_result_bytes({draw_hash(c.common_hash, d), runs, loops, rows});
}

}  // namespace

DrawWorker::DrawWorker(const Batch& batch, RegionEngine& engine, std::size_t draws,
                       std::optional<std::uint64_t> seed, bool warm_start)
    : context_(make_context(batch, engine, draws, seed, warm_start)) {}

DrawWorker::~DrawWorker() = default;

void DrawWorker::prepare(const std::vector<std::size_t>& todo) {
  if (!todo.empty()) prepare_context(*context_);
}

std::string DrawWorker::compute(std::size_t draw) const { return compute_draw(*context_, draw); }

DrawsSummary run_draws(const Batch& batch, RegionEngine& engine, const DrawOptions& options) {
  auto context = make_context(batch, engine, options.draws, options.seed, options.warm_start);
  auto& c = *context;
  const auto& spec = c.spec;
  const auto n_runs = batch.runs.size();
  const auto n_draws = options.draws;
  DrawsSummary out;
  out.plan = c.plan;
  out.names = c.names;

  const auto dir = options.out / "draws";
  out.rows.assign(n_draws * n_runs, DrawRow{});
  std::vector<std::size_t> todo;
  for (std::size_t d = 0; d < n_draws; ++d) {
    const auto rows = read_draw(dir / draw_file_name(d), draw_hash(c.common_hash, d), out.names);
    if (rows) {
      std::copy(rows->begin(), rows->end(),
                out.rows.begin() + static_cast<std::ptrdiff_t>(d * n_runs));
      ++out.reused;
    } else {
      todo.push_back(d);
    }
  }
  out.computed = todo.size();

  Progress progress("draws", options.progress && Progress::stderr_is_terminal());
  std::size_t draws_done = out.reused;
  std::atomic<std::size_t> tasks_done{out.reused * n_runs};
  const auto total_tasks = n_draws * n_runs;
  auto show = [&](std::size_t tasks) {
    progress.update(progress_bar(tasks, total_tasks) + " tasks, " + std::to_string(draws_done) +
                    "/" + std::to_string(n_draws) + " draws");
  };
  // A finished draw: into the results and to disk (atomically, one file per draw).
  auto keep = [&](std::size_t d, const DrawRow* rows) {
    std::copy(rows, rows + n_runs, out.rows.begin() + static_cast<std::ptrdiff_t>(d * n_runs));
    write_file_atomically(
        dir / draw_file_name(d),
        draw_json(draw_hash(c.common_hash, d), out.names, out.plan.values[d], rows).dump(1) + "\n");
    ++draws_done;
  };
  if (!todo.empty()) corridor::make_directories(dir);
  std::size_t remote_runs = 0;   // distributed: the model runs of the draws received
  std::size_t remote_loops = 0;  // and their feedback loops
  const bool distributed = options.executor && c.model_changes;
  if (distributed) {
    // Distributed: one task per draw (its bases and runs on one rank: a draw's runs share its
    // bases, docs/distributed.md); rank 0 checks, writes and keeps each draw as it arrives.
    options.executor(
        todo,
        [&] {
          if (!todo.empty()) prepare_context(c);
        },
        [&](std::size_t d) { return compute_draw(c, d); },
        [&](std::size_t d, std::string bytes) {
          const auto r = draw_result_from_bytes(bytes, n_runs);
          if (r.hash != draw_hash(c.common_hash, d))
            throw Error("draw " + std::to_string(d) +
                        " was computed from other inputs than this process sees: do all ranks "
                        "read the same batch, scenario and region files?");
          keep(d, r.rows.data());
          remote_runs += r.model_runs;
          remote_loops += r.feedback_loops;
          show(tasks_done += n_runs);
        });
  } else {
    if (options.executor) {
      // Appraisal-only draws need every nominal run on the rank that appraises a draw: computed
      // here, once; the other ranks get an empty round (they are waiting for one).
      options.executor(
          {}, [] {}, [](std::size_t) { return std::string(); }, [](std::size_t, std::string) {});
    }
    if (!todo.empty()) {
      prepare_context(c);
      show(tasks_done);
      const std::size_t block = std::max<std::size_t>(1, options.block);
      for (std::size_t b0 = 0; b0 < todo.size(); b0 += block) {
        const std::size_t b1 = std::min(todo.size(), b0 + block);
        const std::size_t nb = b1 - b0;
        // The block's bases, one per draw and base key when the draw changes the model.
        const auto n_keys = c.distinct.size();
        std::vector<std::unique_ptr<DrawBase>> bases(c.model_changes ? nb * n_keys : 0);
        parallel::for_chunks(0, bases.size(), 1, [&](std::size_t lo, std::size_t hi) {
          for (std::size_t t = lo; t < hi; ++t)
            bases[t] = draw_base(c, todo[b0 + t / n_keys], t % n_keys, c.draw_loops);
        });
        // The block's tasks, in task order.
        std::vector<DrawRow> block_rows(nb * n_runs);
        parallel::for_chunks(0, nb * n_runs, 1, [&](std::size_t lo, std::size_t hi) {
          for (std::size_t t = lo; t < hi; ++t) {
            const auto r = t % n_runs;
            const auto* b =
                c.model_changes ? bases[(t / n_runs) * n_keys + c.key_of[r]].get() : nullptr;
            block_rows[t] = draw_task(c, todo[b0 + t / n_runs], r, b, c.draw_loops);
            show(++tasks_done);
          }
        });
        for (std::size_t i = 0; i < nb; ++i) keep(todo[b0 + i], block_rows.data() + i * n_runs);
      }
    }
  }
  progress.finish(std::to_string(n_draws) + " draws (" + std::to_string(out.computed) +
                  " computed, " + std::to_string(out.reused) + " reused)");
  out.model_runs = distributed ? remote_runs : c.model_runs.load();
  out.draw_feedback_loops = distributed ? remote_loops : c.draw_loops.load();

  out.robustness = robustness(out.names, out.rows);
  std::vector<SensitivityInput> inputs;
  for (const auto& in : spec.inputs) inputs.push_back({in.name, input_kind_name(in.kind)});
  out.sensitivity = sensitivity(inputs, out.plan.values, out.names, out.rows, out.robustness);
  corridor::make_directories(options.out);
  write_file_atomically(options.out / "robustness.csv", robustness_csv(out.robustness));
  write_file_atomically(options.out / "sensitivity.csv", sensitivity_csv(out.sensitivity));
  write_file_atomically(options.out / "sensitivity_by_scenario.csv",
                        sensitivity_by_scenario_csv(out.sensitivity));
  out.text = terminal_text(out);
  return out;
}

}  // namespace corridor::scenario
