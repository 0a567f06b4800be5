#include "scenario/batch.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

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
  return *regions_.emplace(key, std::move(r)).first->second;
}

std::string RegionEngine::base_key(const Scenario& s) {
  auto& r = region(s.base);
  // Check every reference of the edits now (milliseconds), before any model run.
  (void)apply_edits(r.model, s);
  ContentHash h;
  h.add(r.model.content_hash).add("|").add(r.params_hash).add("|");
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

ScenarioOutputs RegionEngine::evaluate(const std::string& key, const Scenario& s) {
  const Base* base = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = bases_.find(key);
    if (it == bases_.end()) throw Error("scenario '" + s.name + "': base not prepared");
    base = it->second.get();
  }
  AppliedChanges changes;
  const auto edited = apply_edits(base->region->model, s, &changes);
  const auto run = demand::run_model(edited, base->region->fixed);
  return compare_runs({base->model, base->run}, {edited, run}, base->region->fixed, s, changes);
}

const demand::ModelRun& RegionEngine::base_run(const std::string& key) const {
  const auto it = bases_.find(key);
  if (it == bases_.end()) throw Error("base '" + key + "' is not prepared");
  return it->second->run;
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

BatchSummary run_batch(const Batch& batch, ScenarioEngine& engine, const BatchOptions& options) {
  const auto n = batch.runs.size();
  std::vector<std::string> keys(n), hashes(n);
  std::vector<std::optional<nlohmann::json>> results(n);
  const auto dir = options.out / "scenarios";
  for (std::size_t i = 0; i < n; ++i) {
    keys[i] = engine.base_key(batch.runs[i]);
    hashes[i] = scenario_input_hash(keys[i], batch.runs[i]);
    results[i] = read_finished_scenario(dir / batch.runs[i].name, hashes[i]);
  }
  std::size_t reused = 0;
  std::set<std::string> prepared;
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < n; ++i) {
    if (results[i]) {
      ++reused;
      if (options.on_scenario) options.on_scenario(batch.runs[i].name, true);
      continue;
    }
    todo.push_back(i);
    if (prepared.insert(keys[i]).second) engine.prepare_base(keys[i], batch.runs[i]);
  }
  Progress progress("batch", options.progress && Progress::stderr_is_terminal());
  std::atomic<std::size_t> done{reused};
  progress.update(progress_bar(reused, n));
  parallel::for_chunks(0, todo.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t k = lo; k != hi; ++k) {
      const auto i = todo[k];
      const auto& s = batch.runs[i];
      auto out = engine.evaluate(keys[i], s);
      out.result["input_hash"] = hashes[i];
      out.result["base_hash"] = keys[i];
      write_scenario_outputs(dir / s.name, out, hashes[i]);
      // Read back exactly what a rerun would read, so fresh and reused results are identical.
      results[i] = nlohmann::json::parse(out.result.dump(2));
      const auto d = ++done;
      progress.update(progress_bar(d, n) + "  " + s.name);
      if (options.on_scenario) options.on_scenario(s.name, false);
    }
  });
  progress.finish(std::to_string(n) + " scenarios (" + std::to_string(todo.size()) + " computed, " +
                  std::to_string(reused) + " reused)");
  std::vector<nlohmann::json> all;
  all.reserve(n);
  for (auto& r : results) all.push_back(std::move(*r));
  auto summary = summarize(batch, std::move(all));
  summary.computed = todo.size();
  summary.reused = reused;
  corridor::make_directories(options.out);
  write_renamed(options.out / "ranking.csv", summary.ranking_csv);
  write_renamed(options.out / "summary.json", summary.summary.dump(2) + "\n");
  return summary;
}

// --- ranking -------------------------------------------------------------------------------------

namespace {

double num(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0;
}

std::string fmt(double v, const char* f = "%.6g") {
  char buf[48];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

BatchSummary summarize(const Batch& batch, std::vector<nlohmann::json> results) {
  BatchSummary out;
  const auto n = results.size();
  std::map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < n; ++i) by_name[results[i]["scenario"].get<std::string>()] = i;
  // Synergy: a combination against the sum of its parts run alone.
  for (auto& r : results) {
    const auto parts = r["parts"].get<std::vector<std::string>>();
    if (parts.size() < 2) continue;
    double hours = 0.0, eur = 0.0;
    bool complete = true;
    for (const auto& p : parts) {
      const auto it = by_name.find(p);
      if (it == by_name.end()) {
        complete = false;
        break;
      }
      hours += num(results[it->second], "person_hours_saved_per_day");
      eur += num(results[it->second], "benefit_eur_per_year");
    }
    if (!complete) continue;
    const double h = num(r, "person_hours_saved_per_day");
    r["sum_of_parts"] = {{"person_hours_saved_per_day", hours},
                         {"benefit_eur_per_year", eur},
                         {"synergy_hours_per_day", h - hours},
                         {"synergy_ratio", hours != 0.0 ? h / hours : 0.0}};
  }
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  auto cost_given = [&](std::size_t i) { return num(results[i], "cost_eur") > 0.0; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool fa = results[a]["below_noise_floor"].get<bool>();
    const bool fb = results[b]["below_noise_floor"].get<bool>();
    if (fa != fb) return !fa;
    if (cost_given(a) != cost_given(b)) return cost_given(a);
    const double ka = cost_given(a) ? num(results[a], "benefit_cost_ratio")
                                    : num(results[a], "benefit_eur_per_year");
    const double kb = cost_given(b) ? num(results[b], "benefit_cost_ratio")
                                    : num(results[b], "benefit_eur_per_year");
    if (ka != kb) return ka > kb;
    return results[a]["scenario"].get<std::string>() < results[b]["scenario"].get<std::string>();
  });

  std::ostringstream csv;
  csv << "rank,scenario,person_hours_saved_per_day,benefit_eur_per_year,cost_eur,"
         "benefit_cost_ratio,logsum_hours_per_day,noise_floor_hours_per_day,below_noise_floor,"
         "pt_hours_per_day,car_hours_per_day,parts,synergy_hours_per_day,base_relative_gap,"
         "scenario_relative_gap,input_hash\n";
  nlohmann::json ranking = nlohmann::json::array();
  std::size_t rank = 0;
  for (auto i : order) {
    const auto& r = results[i];
    ++rank;
    const bool syn = r.contains("sum_of_parts");
    csv << rank << ',' << r["scenario"].get<std::string>() << ','
        << fmt(num(r, "person_hours_saved_per_day")) << ',' << fmt(num(r, "benefit_eur_per_year"))
        << ',' << fmt(num(r, "cost_eur")) << ',' << fmt(num(r, "benefit_cost_ratio")) << ','
        << fmt(num(r, "logsum_hours_per_day")) << ',' << fmt(num(r, "noise_floor_hours_per_day"))
        << ',' << (r["below_noise_floor"].get<bool>() ? "true" : "false") << ','
        << fmt(num(r["hours_by_mode"], "pt")) << ',' << fmt(num(r["hours_by_mode"], "car")) << ','
        << r["parts"].size() << ','
        << (syn ? fmt(r["sum_of_parts"]["synergy_hours_per_day"].get<double>()) : std::string())
        << ',' << fmt(r["solver"]["base_relative_gap"].get<double>(), "%.3g") << ','
        << fmt(r["solver"]["scenario_relative_gap"].get<double>(), "%.3g") << ','
        << r["input_hash"].get<std::string>() << '\n';
    ranking.push_back({{"rank", rank},
                       {"scenario", r["scenario"]},
                       {"person_hours_saved_per_day", r["person_hours_saved_per_day"]},
                       {"benefit_eur_per_year", r["benefit_eur_per_year"]},
                       {"cost_eur", r["cost_eur"]},
                       {"benefit_cost_ratio", r["benefit_cost_ratio"]},
                       {"below_noise_floor", r["below_noise_floor"]}});
  }
  out.ranking_csv = csv.str();

  nlohmann::json s;
  s["batch"] = batch.name;
  s["description"] = batch.description;
  s["engine_version"] = kEngineVersion;
  s["ranking"] = ranking;
  if (n > 0) {
    s["base"] = {{"relative_gap", results[0]["solver"]["base_relative_gap"]},
                 {"demand_change", results[0]["solver"]["base_demand_change"]},
                 {"model_hash", results[0]["input_hashes"]["base_model"]},
                 {"base_hash", results[0]["base_hash"]}};
  }
  s["scenarios"] = results;
  out.summary = std::move(s);

  std::ostringstream t;
  t << "Ranking of " << n << " scenario" << (n == 1 ? "" : "s") << " (" << batch.name
    << "), best first:\n";
  t << "  #  scenario                                              h/day    EUR/yr      cost EUR  "
       "B/C\n";
  rank = 0;
  for (auto i : order) {
    const auto& r = results[i];
    char line[256];
    std::snprintf(line, sizeof line, "%3zu  %-50.50s %8.0f  %10.3g  %10.3g  %5.2f%s\n", ++rank,
                  r["scenario"].get<std::string>().c_str(), num(r, "person_hours_saved_per_day"),
                  num(r, "benefit_eur_per_year"), num(r, "cost_eur"), num(r, "benefit_cost_ratio"),
                  r["below_noise_floor"].get<bool>() ? "  (below noise floor)" : "");
    t << line;
  }
  if (n > 0) {
    t << "h/day = person-hours saved per weekday (rule of a half); noise floor of the first: "
      << fmt(num(results[order[0]], "noise_floor_hours_per_day"), "%.3g")
      << " h/day; base road gap "
      << fmt(results[0]["solver"]["base_relative_gap"].get<double>(), "%.2g") << "\n";
  }
  out.text = t.str();
  out.results = std::move(results);
  return out;
}

}  // namespace corridor::scenario
