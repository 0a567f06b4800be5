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
                 {"below_noise_floor", rows[r].below_noise_floor}});
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
    }
    return rows;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// One run valued as the batch values it (result_access.cpp compute_result): the benefits and the
// CBA quantities of the pair, then the cost-benefit analysis with the draw's values of time and
// costs (`appraised`) and the region's unit values, PT operating unit costs scaled by the draw's
// operating factor of the run (operating_factor).
DrawRow appraise(const RunView& base, const RunView& scen, const demand::DemandParameters& params,
                 const Scenario& appraised, const AppraisalParameters& region_values,
                 double operating_factor) {
  ScenarioResult r;
  add_benefits(base, scen, params, appraised, r);
  auto p = scenario_appraisal(region_values, scen.model, appraised);
  for (auto& [mode, unit] : p.operating) {
    unit.eur_per_vehicle_hour *= operating_factor;
    unit.eur_per_vehicle_km *= operating_factor;
  }
  add_cba_quantities(base, scen, appraised, p, r);
  apply_appraisal(r.headline, p);
  const auto& h = r.headline;
  return {h.benefit_eur_per_year, h.benefit_cost_ratio, h.cost_eur, h.below_noise_floor};
}

// The PT operating cost factor of a run in a draw: the product of the `operating` inputs that
// name one of its parts. The CBA costs PT service per transit mode for the whole run, so for a
// combination whose parts fall under different inputs every input's factor applies to all of its
// service (an approximation; exact for single measures).
double operating_factor(const Scenario& s, const UncertaintySpec& spec,
                        const std::vector<double>& values) {
  double f = 1.0;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const auto& in = spec.inputs[i];
    if (in.kind != InputKind::operating) continue;
    const bool names_a_part = std::any_of(s.parts.begin(), s.parts.end(), [&](const auto& p) {
      return std::find(in.scenarios.begin(), in.scenarios.end(), p) != in.scenarios.end();
    });
    if (names_a_part) f *= values[i];
  }
  return f;
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

DrawsSummary run_draws(const Batch& batch, RegionEngine& engine, const DrawOptions& options) {
  if (!batch.uncertainty)
    throw_input_error(batch.file.string(), 0, "uncertainty",
                      "--draws needs an [uncertainty] block in the batch file");
  if (options.draws == 0) throw Error("--draws must be at least 1");
  const auto& spec = *batch.uncertainty;
  const auto& runs = batch.runs;
  const auto n_runs = runs.size();
  const auto n_draws = options.draws;
  DrawsSummary out;
  out.plan = sample_draws(spec, n_draws, options.seed.value_or(spec.seed));
  for (const auto& s : runs) out.names.push_back(s.name);

  // Nominal bases (run_batch prepared them unless every scenario was reused).
  std::vector<std::string> keys(n_runs);
  std::vector<std::size_t> key_of(n_runs);
  std::vector<std::string> distinct;
  std::vector<std::size_t> key_run;  // a run of each distinct key
  for (std::size_t r = 0; r < n_runs; ++r) {
    keys[r] = engine.base_key(runs[r]);
    auto it = std::find(distinct.begin(), distinct.end(), keys[r]);
    if (it == distinct.end()) {
      distinct.push_back(keys[r]);
      key_run.push_back(r);
      it = distinct.end() - 1;
    }
    key_of[r] = static_cast<std::size_t>(it - distinct.begin());
  }

  // The region's unit values per run (read before the parallel loop: appraisal_file may load).
  std::vector<AppraisalParameters> region_values(n_runs);
  for (std::size_t r = 0; r < n_runs; ++r) region_values[r] = engine.appraisal_file(runs[r]).params;

  ContentHash common;
  common.add(kEngineVersion).add("|draws-2|").add(spec.source_text).add("|seed ");
  common.add(std::to_string(out.plan.seed)).add("|n ").add(std::to_string(n_draws));
  for (std::size_t r = 0; r < n_runs; ++r)
    common.add("|").add(scenario_input_hash(keys[r], runs[r]));
  const auto common_hash = common.hex();

  const auto dir = options.out / "draws";
  out.rows.assign(n_draws * n_runs, DrawRow{});
  std::vector<std::size_t> todo;
  for (std::size_t d = 0; d < n_draws; ++d) {
    const auto rows = read_draw(dir / draw_file_name(d), draw_hash(common_hash, d), out.names);
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
  std::atomic<std::size_t> model_runs{0};
  std::atomic<std::size_t> draw_loops{0};
  if (!todo.empty()) {
    corridor::make_directories(dir);
    for (std::size_t k = 0; k < distinct.size(); ++k) {
      if (!engine.base_prepared(distinct[k])) engine.prepare_base(distinct[k], runs[key_run[k]]);
    }
    const bool model_changes = spec.changes_model();
    // The nominal runs, once: each scenario's (appraised as it is by appraisal-only draws) and,
    // when the draws change the model, each base's; they start every draw's runs.
    std::vector<std::unique_ptr<demand::ModelRun>> nominal(n_runs);
    const bool warm = model_changes && options.warm_start;
    std::vector<std::unique_ptr<demand::ModelRun>> nominal_base(warm ? distinct.size() : 0);
    parallel::for_chunks(0, n_runs + nominal_base.size(), 1, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t t = lo; t < hi; ++t) {
        if (t >= n_runs) {
          const auto& key = distinct[t - n_runs];
          nominal_base[t - n_runs] = std::make_unique<demand::ModelRun>(
              nominal_start(engine.base_model(key), engine.fixed_parameters(key)));
        } else {
          const auto* e = engine.edited(runs[t]);
          if (e == nullptr) throw Error("draws: run '" + runs[t].name + "' has no edited model");
          const auto& params = engine.fixed_parameters(keys[t]);
          if (!model_changes) {
            nominal[t] = std::make_unique<demand::ModelRun>(demand::run_model(e->model, params));
          } else if (warm) {
            nominal[t] = std::make_unique<demand::ModelRun>(nominal_start(e->model, params));
          } else {
            continue;  // cold draws need no nominal run
          }
        }
        ++model_runs;
      }
    });
    std::size_t draws_done = out.reused;
    std::atomic<std::size_t> tasks_done{out.reused * n_runs};
    const auto total_tasks = n_draws * n_runs;
    progress.update(progress_bar(tasks_done, total_tasks) + " tasks, " +
                    std::to_string(draws_done) + "/" + std::to_string(n_draws) + " draws");
    const std::size_t block = std::max<std::size_t>(1, options.block);
    for (std::size_t b0 = 0; b0 < todo.size(); b0 += block) {
      const std::size_t b1 = std::min(todo.size(), b0 + block);
      const std::size_t nb = b1 - b0;
      // The draws' bases: one per draw and base key, when the draw changes the model.
      struct DrawBase {
        model::RegionModel model;
        demand::DemandParameters params;
        demand::ModelRun run;
      };
      std::vector<std::unique_ptr<DrawBase>> bases(model_changes ? nb * distinct.size() : 0);
      parallel::for_chunks(0, bases.size(), 1, [&](std::size_t lo, std::size_t hi) {
        for (std::size_t t = lo; t < hi; ++t) {
          const auto d = todo[b0 + t / distinct.size()];
          const auto k = t % distinct.size();
          const auto& s = runs[key_run[k]];
          const auto& values = out.plan.values[d];
          auto base = std::make_unique<DrawBase>();
          base->model = *engine.region_model(s);
          apply_growth(base->model, grown_scenario(s, growth_factor(spec, values)).parameters);
          base->params = drawn_parameters(engine.fixed_parameters(distinct[k]), spec, values);
          try {
            base->run = warm ? run_draw_model(*nominal_base[k], base->model, base->params)
                             : demand::run_model(base->model, base->params);
            draw_loops += base->run.history.size();
          } catch (const Error& e) {
            throw Error("draw " + std::to_string(d) + ", base of '" + s.name + "': " + e.what());
          }
          ++model_runs;
          bases[t] = std::move(base);
        }
      });
      // The block's tasks, in task order.
      std::vector<DrawRow> block_rows(nb * n_runs);
      parallel::for_chunks(0, nb * n_runs, 1, [&](std::size_t lo, std::size_t hi) {
        for (std::size_t t = lo; t < hi; ++t) {
          const auto d = todo[b0 + t / n_runs];
          const auto r = t % n_runs;
          const auto& s = runs[r];
          const auto& values = out.plan.values[d];
          const auto appraised = appraisal_scenario(s, spec, values);
          if (!model_changes) {
            const RunView base{engine.base_model(keys[r]), engine.base_run(keys[r])};
            const RunView scen{engine.edited(s)->model, *nominal[r]};
            block_rows[t] = appraise(base, scen, engine.fixed_parameters(keys[r]), appraised,
                                     region_values[r], operating_factor(s, spec, values));
          } else {
            const auto& b = *bases[(t / n_runs) * distinct.size() + key_of[r]];
            const double g = growth_factor(spec, values);
            model::RegionModel grown;
            const model::RegionModel* m = &engine.edited(s)->model;
            if (g != 1.0) {
              grown = apply_edits(*engine.region_model(s), grown_scenario(s, g));
              m = &grown;
            }
            demand::ModelRun run;
            try {
              run = warm ? run_draw_model(
                               *nominal[r], *m, b.params,
                               composed_car_minutes(b.run, *nominal[r], *nominal_base[key_of[r]]))
                         : demand::run_model(*m, b.params);
            } catch (const Error& e) {
              throw Error("draw " + std::to_string(d) + ", scenario '" + s.name + "': " + e.what());
            }
            ++model_runs;
            draw_loops += run.history.size();
            block_rows[t] = appraise({b.model, b.run}, {*m, run}, b.params, appraised,
                                     region_values[r], operating_factor(s, spec, values));
          }
          const auto done = ++tasks_done;
          progress.update(progress_bar(done, total_tasks) + " tasks, " +
                          std::to_string(draws_done) + "/" + std::to_string(n_draws) + " draws");
        }
      });
      // Finished draws: into the results and to disk (atomically, one file per draw).
      for (std::size_t i = 0; i < nb; ++i) {
        const auto d = todo[b0 + i];
        std::copy(block_rows.begin() + static_cast<std::ptrdiff_t>(i * n_runs),
                  block_rows.begin() + static_cast<std::ptrdiff_t>((i + 1) * n_runs),
                  out.rows.begin() + static_cast<std::ptrdiff_t>(d * n_runs));
        write_file_atomically(dir / draw_file_name(d),
                              draw_json(draw_hash(common_hash, d), out.names, out.plan.values[d],
                                        block_rows.data() + i * n_runs)
                                      .dump(1) +
                                  "\n");
        ++draws_done;
      }
    }
  }
  progress.finish(std::to_string(n_draws) + " draws (" + std::to_string(out.computed) +
                  " computed, " + std::to_string(out.reused) + " reused)");
  out.model_runs = model_runs;
  out.draw_feedback_loops = draw_loops;

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
