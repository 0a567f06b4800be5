#include "scenario/batch.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "calibration/evaluate.hpp"
#include "calibration/observed.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/hash.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "demand/model_run.hpp"
#include "demand/parameters.hpp"
#include "io/text.hpp"
#include "io/toml_text.hpp"
#include "model/region_model.hpp"
#include "scenario/apply.hpp"
#include "scenario/appraisal_parameters.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {

// --- batch file ----------------------------------------------------------------------------------

Batch parse_batch(std::string_view text, const std::string& file_name,
                  const std::filesystem::path& dir) {
  const toml::table root = io::parse_toml(text, file_name);
  TableReader top(root, file_name, "");
  Batch b;
  b.file = file_name;
  b.name = top.string("name");
  b.description = top.optional_string("description").value_or("");
  const auto files = top.string_array("scenarios");
  const bool alone = top.optional_bool("alone").value_or(true);
  std::vector<std::string> generated;
  if (top.has("combinations")) generated = top.string_array("combinations", true);
  const auto explicit_combos = top.table_array("combination");
  const auto* uncertainty = top.optional_table("uncertainty");
  const auto* backcast = top.optional_table("backcast");
  top.finish();

  std::map<std::string, std::size_t> index;
  for (const auto& f : files) {
    const auto path = std::filesystem::path(f).is_absolute() ? std::filesystem::path(f) : dir / f;
    if (!corridor::path_exists(path)) {
      top.fail("scenarios", "scenario file " + quote_for_message(f) + " not found (looked for " +
                                path.string() + ")");
    }
    if (!corridor::is_regular_file(path)) {
      top.fail("scenarios", "scenario file " + quote_for_message(f) +
                                " is a folder, device or pipe, expected a TOML file");
    }
    b.singles.push_back(read_scenario(path));
    if (!index.emplace(b.singles.back().name, b.singles.size() - 1).second) {
      top.fail("scenarios", "two files define scenario '" + b.singles.back().name + "'");
    }
  }
  std::set<std::string> names;
  auto add = [&](Scenario s, std::size_t line, const std::string& key) {
    if (!valid_scenario_name(s.name)) {
      throw_input_error(file_name, line, key, "invalid run name " + quote_for_message(s.name));
    }
    if (!names.insert(s.name).second) {
      throw_input_error(file_name, line, key, "run name '" + s.name + "' is used twice");
    }
    b.runs.push_back(std::move(s));
  };
  if (alone) {
    for (const auto& s : b.singles) add(s, top.line_of_key("scenarios"), "scenarios");
  }
  for (const auto& g : generated) {
    const auto line = top.line_of_key("combinations");
    if (g == "pairs") {
      for (std::size_t i = 0; i < b.singles.size(); ++i) {
        for (std::size_t j = i + 1; j < b.singles.size(); ++j) {
          add(combine({&b.singles[i], &b.singles[j]}, b.singles[i].name + "+" + b.singles[j].name),
              line, "combinations");
        }
      }
    } else if (g == "all") {
      std::vector<const Scenario*> all;
      for (const auto& s : b.singles) all.push_back(&s);
      add(combine(all, "all"), line, "combinations");
    } else {
      throw_input_error(file_name, line, "combinations",
                        "expected \"pairs\" or \"all\", got " + quote_for_message(g));
    }
  }
  for (const auto* c : explicit_combos) {
    TableReader t(*c, file_name, "combination");
    const auto parts = t.string_array("scenarios");
    auto name = t.optional_string("name");
    t.finish();
    std::vector<const Scenario*> ps;
    std::string joined;
    for (const auto& p : parts) {
      const auto it = index.find(p);
      if (it == index.end()) {
        t.fail("scenarios", "scenario '" + p + "' is not listed in 'scenarios'");
      }
      ps.push_back(&b.singles[it->second]);
      joined += (joined.empty() ? "" : "+") + p;
    }
    add(combine(ps, name.value_or(joined)), t.line(), "combination.name");
  }
  if (b.runs.empty())
    top.fail("scenarios", "the batch runs nothing (alone = false and no combinations)");
  if (uncertainty) b.uncertainty = parse_uncertainty(*uncertainty, file_name, dir, b.singles);
  if (backcast) b.backcast = parse_backcast(*backcast, file_name, dir);
  return b;
}

Batch read_batch(const std::filesystem::path& file) {
  return parse_batch(io::read_text_file(file), file.string(), file.parent_path());
}

Batch single_scenario_batch(Scenario scenario) {
  Batch b;
  b.file = scenario.file;
  b.name = scenario.name;
  b.description = scenario.description;
  b.singles.push_back(scenario);
  b.runs.push_back(std::move(scenario));
  return b;
}

// --- the real engine -----------------------------------------------------------------------------

struct RegionEngine::Region {
  model::RegionModel model;
  demand::DemandParameters params;  // as read
  std::string params_hash;
  AppraisalFile appraisal;  // <folder>/appraisal.toml, or the defaults
  std::string appraisal_hash;
  bool calibrated = false;
  demand::DemandParameters fixed;  // calibrated values, calibration off
};

struct RegionEngine::Base {
  const Region* region = nullptr;
  model::RegionModel model;  // region with the scenario's growth
  demand::ModelRun run;
};

RegionEngine::RegionEngine() = default;
RegionEngine::~RegionEngine() = default;

RegionEngine::Region& RegionEngine::region(const std::filesystem::path& folder) {
  std::lock_guard lock(mutex_);
  const auto key = folder.lexically_normal().string();
  auto it = regions_.find(key);
  if (it != regions_.end()) return *it->second;
  auto r = std::make_unique<Region>();
  r->model = model::load_region_model(folder);
  const auto demand_file = folder / "demand.toml";
  if (corridor::path_exists(demand_file)) {
    r->params = demand::load_demand_parameters(demand_file);
    r->params_hash = hash_file_hex(demand_file);
  } else {
    r->params = demand::DemandParameters{};
    r->params_hash = "defaults";
  }
  const auto appraisal_file = folder / "appraisal.toml";
  if (corridor::path_exists(appraisal_file)) {
    r->appraisal = read_appraisal_parameters(appraisal_file);
    r->appraisal_hash = hash_file_hex(appraisal_file);
  } else {
    r->appraisal = default_appraisal_parameters();
    r->appraisal_hash = "defaults";
  }
  return *regions_.emplace(key, std::move(r)).first->second;
}

std::string RegionEngine::base_key(const Scenario& s) {
  auto& r = region(s.base);
  // Apply the edits once, now (milliseconds, before any model run): every reference is checked,
  // and the run and the report use this model.
  auto e = std::make_unique<EditedModel>();
  e->model = apply_edits(r.model, s, &e->changes);
  {
    std::lock_guard lock(mutex_);
    edited_[s.name] = std::move(e);
  }
  ContentHash h;
  h.add(r.model.content_hash).add("|").add(r.params_hash).add("|").add(r.appraisal_hash).add("|");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g|%.17g", s.parameters.population_growth.value_or(1.0),
                s.parameters.jobs_growth.value_or(1.0));
  h.add(buf);
  return h.hex();
}

void RegionEngine::prepare_base(const std::string& key, const Scenario& s) {
  auto& r = region(s.base);
  if (!r.calibrated) {
    // Both border penalties, the Eindhoven bonus and the truck volume (demand/model_run.hpp).
    r.fixed = demand::fixed_calibration(r.params, demand::run_model(r.model, r.params));
    r.calibrated = true;
  }
  auto b = std::make_unique<Base>();
  b->region = &r;
  b->model = r.model;
  apply_growth(b->model, s.parameters);
  b->run = demand::run_model(b->model, r.fixed);
  std::lock_guard lock(mutex_);
  bases_[key] = std::move(b);
}

ScenarioResult RegionEngine::evaluate(const std::string& key, const Scenario& s) {
  const Base* base = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = bases_.find(key);
    if (it == bases_.end()) throw Error("scenario '" + s.name + "': base not prepared");
    base = it->second.get();
  }
  const EditedModel* e = edited(s);
  if (e == nullptr) throw Error("scenario '" + s.name + "': edits not applied (base_key first)");
  const auto run = demand::run_model(e->model, base->region->fixed);
  const auto& a = base->region->appraisal;
  return compute_result({base->model, base->run}, {e->model, run}, base->region->fixed, s,
                        e->changes, a.params, a.source);
}

const model::RegionModel* RegionEngine::region_model(const Scenario& s) const {
  std::lock_guard lock(mutex_);
  const auto it = regions_.find(s.base.lexically_normal().string());
  return it == regions_.end() ? nullptr : &it->second->model;
}

const EditedModel* RegionEngine::edited(const Scenario& s) const {
  std::lock_guard lock(mutex_);
  const auto it = edited_.find(s.name);
  return it == edited_.end() ? nullptr : it->second.get();
}

std::optional<BaseOutputs> RegionEngine::base_outputs(const std::string& key) const {
  const Base* b = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = bases_.find(key);
    if (it == bases_.end()) return std::nullopt;
    b = it->second.get();
  }
  const RunView view{b->model, b->run};
  BaseOutputs out{
      base_links(view, b->region->fixed), base_stops(view, b->region->fixed), {}, {}, {}};
  for (const auto& p : b->run.periods) out.periods.push_back(p.name);
  // The fit of the base to what was counted, when the region has an observed/ folder.
  const auto observed_dir = b->model.folder / "observed";
  if (corridor::is_directory(observed_dir)) {
    const auto observed =
        calibration::read_observed(b->model, observed_dir, calibration::region_zone_sets(b->model));
    const auto results =
        calibration::evaluate_observed(observed, b->model, b->region->fixed, b->run);
    out.validation_csv = calibration::validation_csv(observed, results);
    for (std::size_t k = 0; k < observed.targets.size() && k < results.size(); ++k) {
      const auto& t = observed.targets[k];
      const auto& r = results[k];
      out.validation.push_back({t.label, calibration::target_kind_name(t.kind),
                                calibration::target_set_name(t.set), t.value, t.tolerance,
                                t.period_hours(), t.is_count(), r.modelled, r.not_modelled, r.value,
                                r.has_geh, r.geh, r.within_tolerance});
    }
  }
  return out;
}

const demand::ModelRun& RegionEngine::base_run(const std::string& key) const {
  const auto it = bases_.find(key);
  if (it == bases_.end()) throw Error("base '" + key + "' is not prepared");
  return it->second->run;
}

const AppraisalFile& RegionEngine::appraisal_file(const Scenario& scenario) {
  return region(scenario.base).appraisal;
}

const model::RegionModel& RegionEngine::base_model(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = bases_.find(key);
  if (it == bases_.end()) throw Error("base '" + key + "' is not prepared");
  return it->second->model;
}

bool RegionEngine::base_prepared(const std::string& key) const {
  std::lock_guard lock(mutex_);
  return bases_.count(key) != 0;
}

const demand::DemandParameters& RegionEngine::fixed_parameters(const std::string& key) const {
  const auto it = bases_.find(key);
  if (it == bases_.end()) throw Error("base '" + key + "' is not prepared");
  return it->second->region->fixed;
}

// --- runner --------------------------------------------------------------------------------------

std::string scenario_input_hash(const std::string& base_key, const Scenario& s) {
  ContentHash h;
  h.add(kEngineVersion).add("|").add(base_key).add("|").add(s.name).add("|").add(s.source_text);
  return h.hex();
}

namespace {

// Run i of the batch, evaluated, with the hashes that name its inputs.
ScenarioResult evaluate_run(ScenarioEngine& engine, const Scenario& s, const std::string& key,
                            const std::string& hash) {
  auto out = engine.evaluate(key, s);
  out.headline.input_hash = hash;
  out.headline.base_hash = key;
  return out;
}

}  // namespace

BatchWorker::BatchWorker(const Batch& batch, ScenarioEngine& engine)
    : batch_(batch), engine_(engine) {
  for (const auto& s : batch.runs) {
    keys_.push_back(engine.base_key(s));
    hashes_.push_back(scenario_input_hash(keys_.back(), s));
  }
}

void BatchWorker::prepare(const std::vector<std::size_t>& todo) {
  std::set<std::string> prepared;
  for (const auto i : todo) {
    if (i >= batch_.runs.size())
      throw Error("batch worker: run " + std::to_string(i) + " is not in the batch (" +
                  std::to_string(batch_.runs.size()) + " runs): is it the same batch file?");
    if (prepared.insert(keys_[i]).second) engine_.prepare_base(keys_[i], batch_.runs[i]);
  }
}

std::string BatchWorker::compute(std::size_t i) const {
  return scenario_result_bytes(evaluate_run(engine_, batch_.runs[i], keys_[i], hashes_[i]));
}

BatchSummary run_batch(const Batch& batch, ScenarioEngine& engine, const BatchOptions& options) {
  const auto n = batch.runs.size();
  std::vector<std::string> keys(n), hashes(n);
  std::vector<std::optional<ScenarioResult>> results(n);
  const auto dir = options.out / "scenarios";
  for (std::size_t i = 0; i < n; ++i) {
    keys[i] = engine.base_key(batch.runs[i]);
    hashes[i] = scenario_input_hash(keys[i], batch.runs[i]);
    results[i] = read_finished_scenario(dir / batch.runs[i].name, hashes[i]);
  }
  std::size_t reused = 0;
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < n; ++i) {
    if (results[i]) {
      ++reused;
      if (options.on_scenario) options.on_scenario(batch.runs[i].name, true);
      continue;
    }
    todo.push_back(i);
  }
  // The bases the computed runs need, then DIR/base/: the base of the first run (the batch's own
  // base; growth variants have theirs).
  std::set<std::string> prepared;
  std::optional<BaseOutputs> base_outputs;
  auto prepare = [&] {
    for (const auto i : todo) {
      if (prepared.insert(keys[i]).second) engine.prepare_base(keys[i], batch.runs[i]);
    }
    // Prepared even when every scenario is reused: the report shows the base's fit.
    if (n > 0 && engine.keeps_base_outputs()) {
      if (prepared.insert(keys[0]).second) engine.prepare_base(keys[0], batch.runs[0]);
      base_outputs = engine.base_outputs(keys[0]);
      if (base_outputs && !base_outputs_current(options.out / "base", keys[0]))
        write_base_outputs(options.out / "base", *base_outputs, keys[0]);
    }
  };
  Progress progress("batch", options.progress && Progress::stderr_is_terminal());
  std::atomic<std::size_t> done{reused};
  // A finished run: written (done.json last), kept, counted. The result is rounded as written
  // (result.hpp): a rerun reads back this same value.
  auto keep = [&](std::size_t i, ScenarioResult out) {
    const auto& s = batch.runs[i];
    write_scenario_outputs(dir / s.name, out, hashes[i]);
    results[i] = std::move(out);
    const auto d = ++done;
    progress.update(progress_bar(d, n) + "  " + s.name);
    if (options.on_scenario) options.on_scenario(s.name, false);
  };
  if (options.executor) {
    options.executor(
        todo, prepare,
        [&](std::size_t i) {
          return scenario_result_bytes(evaluate_run(engine, batch.runs[i], keys[i], hashes[i]));
        },
        [&](std::size_t i, std::string bytes) {
          auto out = scenario_result_from_bytes(bytes);
          if (out.headline.input_hash != hashes[i] || out.headline.base_hash != keys[i]) {
            throw Error("run '" + batch.runs[i].name +
                        "' was computed from other inputs than this process sees (input hash " +
                        out.headline.input_hash + ", expected " + hashes[i] +
                        "): do all ranks read the same batch, scenario and region files?");
          }
          keep(i, std::move(out));
        });
  } else {
    prepare();
    progress.update(progress_bar(reused, n));
    parallel::for_chunks(0, todo.size(), 1, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t k = lo; k != hi; ++k) {
        const auto i = todo[k];
        keep(i, evaluate_run(engine, batch.runs[i], keys[i], hashes[i]));
      }
    });
  }
  for (const auto i : todo) {
    if (!results[i]) throw Error("batch: run '" + batch.runs[i].name + "' was not computed");
  }
  progress.finish(std::to_string(n) + " scenarios (" + std::to_string(todo.size()) + " computed, " +
                  std::to_string(reused) + " reused)");
  std::vector<ScenarioResult> all;
  all.reserve(n);
  for (auto& r : results) all.push_back(std::move(*r));
  auto summary = summarize(batch, std::move(all));
  summary.computed = todo.size();
  summary.reused = reused;
  summary.base = std::move(base_outputs);
  corridor::make_directories(options.out);
  write_file_atomically(options.out / "ranking.csv", summary.ranking_csv);
  write_file_atomically(options.out / "summary.json", summary.summary.dump(2) + "\n");
  if (!summary.land_use_csv.empty())
    write_file_atomically(options.out / "land_use.csv", summary.land_use_csv);
  return summary;
}

// --- ranking -------------------------------------------------------------------------------------

namespace {

std::string fmt(double v, const char* f = "%.6g") {
  char buf[48];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Best first: resolved before below the noise floor, costed before uncosted, then the benefit/cost
// ratio (costed) or the benefit per year (uncosted), then the name.
// Land-use scenarios are not in it (land_use_order).
std::vector<std::size_t> ranking_order(const std::vector<ScenarioResult>& results) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < results.size(); ++i)
    if (!results[i].headline.land_use) order.push_back(i);
  auto h = [&](std::size_t i) -> const Headline& { return results[i].headline; };
  auto cost_given = [&](std::size_t i) {
    return h(i).cba.pv_costs_eur > 0.0 || h(i).cost_eur > 0.0;
  };
  auto key = [&](std::size_t i) {
    return cost_given(i) ? h(i).benefit_cost_ratio : h(i).benefit_eur_per_year;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (h(a).below_noise_floor != h(b).below_noise_floor) return !h(a).below_noise_floor;
    if (cost_given(a) != cost_given(b)) return cost_given(a);
    if (key(a) != key(b)) return key(a) > key(b);
    return h(a).scenario < h(b).scenario;
  });
  return order;
}

// Land-use scenarios, best first: the population-weighted change of jobs reachable within 45 min
// by car, then by PT, then the name.
std::vector<std::size_t> land_use_order(const std::vector<ScenarioResult>& results) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < results.size(); ++i)
    if (results[i].headline.land_use) order.push_back(i);
  auto key = [&](std::size_t i) {
    const auto& x = results[i].headline.indicators;
    return std::pair{x.jobs_car_after[1] - x.jobs_car_before[1],
                     x.jobs_pt_after[1] - x.jobs_pt_before[1]};
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (key(a) != key(b)) return key(a) > key(b);
    return results[a].headline.scenario < results[b].headline.scenario;
  });
  return order;
}

double sum_modes(const PerMode& x) {
  double t = 0.0;
  for (double v : x) t += v;
  return t;
}

// DIR/land_use.csv: the indicators of the land-use scenarios, in land_use_order.
std::string land_use_csv(const std::vector<ScenarioResult>& results,
                         const std::vector<std::size_t>& order) {
  std::ostringstream csv;
  csv << "rank,scenario,trips_before,trips_after,car_trips_before,car_trips_after,"
         "pt_trips_before,pt_trips_after,bike_trips_before,bike_trips_after,"
         "cross_border_trips_before,cross_border_trips_after,border_vehicles_before,"
         "border_vehicles_after";
  for (const char* m : {"car", "pt"})
    for (const char* t : {"30", "45", "60"})
      csv << ",jobs_" << m << "_" << t << "min_before,jobs_" << m << "_" << t << "min_after";
  csv << ",input_hash\n";
  std::size_t rank = 0;
  for (auto i : order) {
    const auto& h = results[i].headline;
    const auto& x = h.indicators;
    csv << ++rank << ',' << h.scenario << ',' << fmt(sum_modes(x.trips_before)) << ','
        << fmt(sum_modes(x.trips_after));
    for (std::size_t m = 0; m < kModes; ++m)
      csv << ',' << fmt(x.trips_before[m]) << ',' << fmt(x.trips_after[m]);
    csv << ',' << fmt(sum_modes(x.cross_border_trips_before)) << ','
        << fmt(sum_modes(x.cross_border_trips_after)) << ',' << fmt(x.border_vehicles_before) << ','
        << fmt(x.border_vehicles_after);
    for (const auto* pair : {&x.jobs_car_before, &x.jobs_pt_before}) {
      const auto& after = pair == &x.jobs_car_before ? x.jobs_car_after : x.jobs_pt_after;
      for (std::size_t k = 0; k < 3; ++k) csv << ',' << fmt((*pair)[k]) << ',' << fmt(after[k]);
    }
    csv << ',' << h.input_hash << '\n';
  }
  return csv.str();
}

nlohmann::json land_use_entry(std::size_t rank, const Headline& h) {
  const auto& x = h.indicators;
  return {{"rank", rank},
          {"scenario", h.scenario},
          {"trips_before", sum_modes(x.trips_before)},
          {"trips_after", sum_modes(x.trips_after)},
          {"cross_border_trips_before", sum_modes(x.cross_border_trips_before)},
          {"cross_border_trips_after", sum_modes(x.cross_border_trips_after)},
          {"border_vehicles_before", x.border_vehicles_before},
          {"border_vehicles_after", x.border_vehicles_after},
          {"jobs_car_before", x.jobs_car_before},
          {"jobs_car_after", x.jobs_car_after},
          {"jobs_pt_before", x.jobs_pt_before},
          {"jobs_pt_after", x.jobs_pt_after}};
}

// Synergy: a combination against the sum of its parts run alone.
void add_sums_of_parts(std::vector<ScenarioResult>& results) {
  std::map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < results.size(); ++i) by_name[results[i].headline.scenario] = i;
  for (auto& r : results) {
    auto& h = r.headline;
    if (h.parts.size() < 2) continue;
    SumOfParts sp;
    bool complete = true;
    for (const auto& p : h.parts) {
      const auto it = by_name.find(p);
      if (it == by_name.end()) {
        complete = false;
        break;
      }
      sp.person_hours_saved_per_day += results[it->second].headline.person_hours_saved_per_day;
      sp.benefit_eur_per_year += results[it->second].headline.benefit_eur_per_year;
    }
    if (!complete) continue;
    const double x = h.person_hours_saved_per_day;
    sp.synergy_hours_per_day = x - sp.person_hours_saved_per_day;
    sp.synergy_ratio =
        sp.person_hours_saved_per_day != 0.0 ? x / sp.person_hours_saved_per_day : 0.0;
    h.sum_of_parts = sp;
  }
}

nlohmann::json summary_entry(const Headline& h) {
  auto j = headline_json(h);
  if (h.sum_of_parts) {
    const auto& sp = *h.sum_of_parts;
    j["sum_of_parts"] = {{"person_hours_saved_per_day", sp.person_hours_saved_per_day},
                         {"benefit_eur_per_year", sp.benefit_eur_per_year},
                         {"synergy_hours_per_day", sp.synergy_hours_per_day},
                         {"synergy_ratio", sp.synergy_ratio}};
  }
  return j;
}

}  // namespace

BatchSummary summarize(const Batch& batch, std::vector<ScenarioResult> results) {
  BatchSummary out;
  const auto n = results.size();
  add_sums_of_parts(results);
  const auto order = ranking_order(results);

  std::ostringstream csv;
  csv << "rank,scenario,person_hours_saved_per_day,benefit_eur_per_year,cost_eur,"
         "benefit_cost_ratio,logsum_hours_per_day,noise_floor_hours_per_day,below_noise_floor,"
         "pt_hours_per_day,car_hours_per_day,parts,synergy_hours_per_day,base_relative_gap,"
         "scenario_relative_gap,input_hash,hours_internal_residents,hours_external_residents,"
         "hours_intrazonal,hours_domestic,hours_cross_border,mostly_intrazonal,"
         "benefit_time_eur_per_year,benefit_user_cost_eur_per_year,"
         "operator_revenue_eur_per_year,operator_cost_eur_per_year,operator_balance_eur_per_year,"
         "externalities_eur_per_year,co2_eur_per_year,accidents_eur_per_year,pv_benefits_eur,"
         "pv_costs_eur,npv_eur\n";
  nlohmann::json ranking = nlohmann::json::array();
  std::size_t rank = 0;
  for (auto i : order) {
    const auto& h = results[i].headline;
    ++rank;
    csv << rank << ',' << h.scenario << ',' << fmt(h.person_hours_saved_per_day) << ','
        << fmt(h.benefit_eur_per_year) << ',' << fmt(h.cost_eur) << ',' << fmt(h.benefit_cost_ratio)
        << ',' << fmt(h.logsum_hours_per_day) << ',' << fmt(h.noise_floor.hours_per_day) << ','
        << (h.below_noise_floor ? "true" : "false") << ','
        << fmt(h.hours_by_mode[demand::index(demand::Mode::pt)]) << ','
        << fmt(h.hours_by_mode[demand::index(demand::Mode::car)]) << ',' << h.parts.size() << ','
        << (h.sum_of_parts ? fmt(h.sum_of_parts->synergy_hours_per_day) : std::string()) << ','
        << fmt(h.solver.base_relative_gap, "%.3g") << ','
        << fmt(h.solver.scenario_relative_gap, "%.3g") << ',' << h.input_hash << ',';
    const auto& d = h.decomposition;
    for (const auto* p : {&d.internal_residents, &d.external_residents, &d.intrazonal, &d.domestic,
                          &d.cross_border})
      csv << fmt(p->hours_per_day) << ',';
    csv << (d.mostly_intrazonal ? "true" : "false");
    const auto& c = h.cba;
    for (double v : {c.time_eur_per_year, c.user_cost_eur_per_year, c.operator_revenue_eur_per_year,
                     c.operator_cost_eur_per_year,
                     c.operator_revenue_eur_per_year - c.operator_cost_eur_per_year,
                     c.externalities_eur_per_year, c.co2_eur_per_year, c.accidents_eur_per_year,
                     c.pv_benefits_eur, c.pv_costs_eur, c.npv_eur})
      csv << ',' << fmt(v);
    csv << '\n';
    ranking.push_back(
        {{"rank", rank},
         {"scenario", h.scenario},
         {"person_hours_saved_per_day", h.person_hours_saved_per_day},
         {"benefit_eur_per_year", h.benefit_eur_per_year},
         {"cost_eur", h.cost_eur},
         {"benefit_cost_ratio", h.benefit_cost_ratio},
         {"below_noise_floor", h.below_noise_floor},
         {"hours_internal_residents", h.decomposition.internal_residents.hours_per_day},
         {"hours_external_residents", h.decomposition.external_residents.hours_per_day},
         {"hours_intrazonal", h.decomposition.intrazonal.hours_per_day},
         {"hours_domestic", h.decomposition.domestic.hours_per_day},
         {"hours_cross_border", h.decomposition.cross_border.hours_per_day},
         {"mostly_intrazonal", h.decomposition.mostly_intrazonal},
         {"benefit_time_eur_per_year", h.cba.time_eur_per_year},
         {"benefit_user_cost_eur_per_year", h.cba.user_cost_eur_per_year},
         {"operator_revenue_eur_per_year", h.cba.operator_revenue_eur_per_year},
         {"operator_cost_eur_per_year", h.cba.operator_cost_eur_per_year},
         {"operator_balance_eur_per_year",
          h.cba.operator_revenue_eur_per_year - h.cba.operator_cost_eur_per_year},
         {"externalities_eur_per_year", h.cba.externalities_eur_per_year},
         {"pv_benefits_eur", h.cba.pv_benefits_eur},
         {"pv_costs_eur", h.cba.pv_costs_eur},
         {"npv_eur", h.cba.npv_eur}});
  }
  out.ranking_csv = csv.str();
  const auto lu_order = land_use_order(results);
  out.land_use_csv = lu_order.empty() ? std::string() : land_use_csv(results, lu_order);
  nlohmann::json lu_ranking = nlohmann::json::array();
  for (std::size_t k = 0; k < lu_order.size(); ++k)
    lu_ranking.push_back(land_use_entry(k + 1, results[lu_order[k]].headline));

  nlohmann::json s;
  s["batch"] = batch.name;
  s["description"] = batch.description;
  s["engine_version"] = kEngineVersion;
  s["ranking"] = ranking;
  s["land_use_ranking"] = lu_ranking;
  s["appraisal"] = {{"bc_includes", kBcIncludes},
                    {"bc_leaves_out", kBcLeavesOut},
                    {"land_use",
                     "Scenarios with [[land_use]] edits change who travels where, so their trips "
                     "are not the base's trips and no rule-of-a-half B/C is computed: they are "
                     "ranked separately (land_use_ranking, land_use.csv) by the change of jobs "
                     "reachable within 45 min by car, then by PT."}};
  if (!order.empty()) {
    const auto& c = results[order[0]].headline.cba;
    s["appraisal"]["unit_values"] = results[order[0]].headline.appraisal_source;
    s["appraisal"]["discount_rate"] = c.discount_rate;
    s["appraisal"]["period_years"] = c.period_years;
    s["appraisal"]["demand_growth_per_year"] = c.demand_growth;
  }
  if (n > 0) {
    const auto& first = results[0].headline;
    s["base"] = {{"relative_gap", first.solver.base_relative_gap},
                 {"demand_change", first.solver.base_demand_change},
                 {"model_hash", first.base_model_hash},
                 {"base_hash", first.base_hash}};
  }
  nlohmann::json all = nlohmann::json::array();
  for (const auto& r : results) all.push_back(summary_entry(r.headline));
  s["scenarios"] = all;
  out.summary = std::move(s);

  std::ostringstream t;
  const auto nr = order.size();
  t << "Ranking of " << nr << " scenario" << (nr == 1 ? "" : "s") << " (" << batch.name
    << "), best first:\n";
  t << "  #  scenario                                              h/day    EUR/yr   PV cost EUR"
       "       NPV EUR    B/C\n";
  rank = 0;
  for (auto i : order) {
    const auto& h = results[i].headline;
    char line[320];
    std::snprintf(line, sizeof line, "%3zu  %-50.50s %8.0f  %10.3g  %10.3g  %12.3g  %5.2f%s%s\n",
                  ++rank, h.scenario.c_str(), h.person_hours_saved_per_day, h.benefit_eur_per_year,
                  h.cba.pv_costs_eur, h.cba.npv_eur, h.benefit_cost_ratio,
                  h.below_noise_floor ? "  (below noise floor)" : "",
                  h.decomposition.mostly_intrazonal ? "  (warning: mostly intrazonal)" : "");
    t << line;
  }
  if (!order.empty()) {
    const auto& c = results[order[0]].headline.cba;
    t << "EUR/yr = monetised benefits in the first year (time, travellers' cost, fare revenue, "
         "CO2, accidents); PV cost = investment, running and PT operating cost over "
      << fmt(c.period_years, "%.0f") << " years at " << fmt(100.0 * c.discount_rate, "%.3g")
      << " %; B/C = PV benefits / PV cost (what it leaves out: summary.json appraisal)\n";
    t << "h/day = person-hours saved per weekday (rule of a half); noise floor of the first: "
      << fmt(results[order[0]].headline.noise_floor.hours_per_day, "%.3g")
      << " h/day; base road gap " << fmt(results[0].headline.solver.base_relative_gap, "%.2g")
      << "\n";
    const bool any_intrazonal = std::any_of(results.begin(), results.end(), [](const auto& r) {
      return r.headline.decomposition.mostly_intrazonal;
    });
    if (any_intrazonal)
      t << "mostly intrazonal = over half the hours saved are on trips inside one zone, whose cost "
           "comes from the zone's size, not the network: read such a saving with care\n";
  }
  if (!lu_order.empty()) {
    t << "\nLand-use scenarios (no B/C: indicators instead; land_use.csv), best first:\n"
      << "  #  scenario                                          trips/day   border veh/day"
         "   jobs 45 min car   jobs 45 min PT\n";
    std::size_t k = 0;
    for (auto i : lu_order) {
      const auto& x = results[i].headline.indicators;
      char line[320];
      std::snprintf(line, sizeof line, "%3zu  %-46.46s %+10.0f   %+13.0f   %+15.0f   %+14.0f\n",
                    ++k, results[i].headline.scenario.c_str(),
                    sum_modes(x.trips_after) - sum_modes(x.trips_before),
                    x.border_vehicles_after - x.border_vehicles_before,
                    x.jobs_car_after[1] - x.jobs_car_before[1],
                    x.jobs_pt_after[1] - x.jobs_pt_before[1]);
      t << line;
    }
    t << "(changes against the base; jobs = population-weighted mean over internal residents)\n";
  }
  out.text = t.str();
  out.results = std::move(results);
  out.order = order;
  out.land_use_order = lu_order;
  return out;
}

}  // namespace corridor::scenario
