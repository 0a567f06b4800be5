// Calibration of declared parameters to observed figures (calibrate.hpp).
#include "calibration/calibrate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/parallel.hpp"
#include "demand/model_run.hpp"
#include "io/text.hpp"
#include "io/toml_text.hpp"
#include "model/region_model.hpp"
#include "report/scatter_plot.hpp"

namespace corridor::calibration {

namespace {

std::size_t line_of(const toml::node& n) { return static_cast<std::size_t>(n.source().begin.line); }

struct KeyPath {
  std::string section;
  std::string name;
  int index = -1;  // array element, or -1
};

std::optional<KeyPath> split_key(std::string_view key) {
  const auto dot = key.find('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  KeyPath k;
  k.section = std::string(key.substr(0, dot));
  std::string_view rest = key.substr(dot + 1);
  if (const auto br = rest.find('['); br != std::string_view::npos) {
    if (rest.back() != ']') return std::nullopt;
    const auto idx = io::try_parse_int(rest.substr(br + 1, rest.size() - br - 2));
    if (!idx || *idx < 0 || *idx > 1000) return std::nullopt;
    k.index = static_cast<int>(*idx);
    rest = rest.substr(0, br);
  }
  if (rest.empty() || rest.find('.') != std::string_view::npos) return std::nullopt;
  k.name = std::string(rest);
  return k;
}

std::string number(double v) {
  if (!std::isfinite(v)) return v > 0 ? "inf" : "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

// ---------------------------------------------------------------- calibration.toml

CalibrationSpec parse_calibration_spec(std::string_view text, const std::string& file_name) {
  const toml::table root = io::parse_toml(text, file_name);
  CalibrationSpec spec;
  spec.file = file_name;
  for (const auto& [k, node] : root) {
    const std::string key(k.str());
    if (key != "parameter" && key != "set" && key != "fit") {
      throw_input_error(
          file_name, line_of(node), key,
          "expected one of [[parameter]], [set], [fit] (unknown keys are not ignored)");
    }
  }
  const auto* params = root.get_as<toml::array>("parameter");
  if (params == nullptr || params->empty()) {
    throw_input_error(file_name, 0, "parameter", "expected at least one [[parameter]] table");
  }
  for (const auto& el : *params) {
    const auto* t = el.as_table();
    if (t == nullptr)
      throw_input_error(file_name, line_of(el), "parameter", "expected a [[parameter]] table");
    ParameterSpec p;
    p.line = line_of(el);
    auto number_at = [&](const char* name, bool required, double& out) {
      const auto* n = t->get(name);
      if (n == nullptr) {
        if (required)
          throw_input_error(file_name, p.line, std::string("parameter.") + name,
                            "expected a number");
        return false;
      }
      const auto v = n->value<double>();
      if (!v || !std::isfinite(*v)) {
        throw_input_error(file_name, line_of(*n), std::string("parameter.") + name,
                          "expected a finite number");
      }
      out = *v;
      return true;
    };
    for (const auto& [pk, pn] : *t) {
      const std::string s(pk.str());
      if (s != "key" && s != "lower" && s != "upper" && s != "start" && s != "step") {
        throw_input_error(file_name, line_of(pn), "parameter." + s,
                          "expected one of key, lower, upper, start, step");
      }
    }
    const auto key = (*t)["key"].value<std::string>();
    if (!key || !split_key(*key)) {
      throw_input_error(
          file_name, p.line, "parameter.key",
          "expected a demand.toml key like \"border.penalty_utils_commute\" or \"commute.asc[1]\"");
    }
    p.key = *key;
    number_at("lower", true, p.lower);
    number_at("upper", true, p.upper);
    if (!(p.lower < p.upper)) {
      throw_input_error(file_name, p.line, "parameter.upper", "expected a value above lower");
    }
    p.has_start = number_at("start", false, p.start);
    if (p.has_start && (p.start < p.lower || p.start > p.upper)) {
      throw_input_error(file_name, p.line, "parameter.start",
                        "expected a value within [lower, upper]");
    }
    if (number_at("step", false, p.step) && !(p.step > 0.0)) {
      throw_input_error(file_name, p.line, "parameter.step", "expected a positive step");
    }
    for (const auto& q : spec.parameters) {
      if (q.key == p.key) {
        throw_input_error(file_name, p.line, "parameter.key",
                          "expected each key once ('" + p.key + "' is already on line " +
                              std::to_string(q.line) + ")");
      }
    }
    spec.parameters.push_back(p);
  }
  if (const auto* n = root.get("set")) {
    if (!n->is_table()) throw_input_error(file_name, line_of(*n), "set", "expected a [set] table");
    spec.set = *n->as_table();
    for (const auto& [k, v] : spec.set) {
      if (!split_key(k.str()) || v.is_table() || v.is_array()) {
        throw_input_error(file_name, line_of(v), "set." + std::string(k.str()),
                          "expected \"section.key\" = a number, boolean or string");
      }
    }
  }
  if (const auto* n = root.get("fit")) {
    const auto* t = n->as_table();
    if (t == nullptr) throw_input_error(file_name, line_of(*n), "fit", "expected a [fit] table");
    for (const auto& [k, v] : *t) {
      const std::string s(k.str());
      const auto d = v.value<double>();
      if (s == "max_iterations" && v.value<std::int64_t>() && *v.value<std::int64_t>() >= 1 &&
          *v.value<std::int64_t>() <= 1000) {
        spec.fit.max_iterations = static_cast<int>(*v.value<std::int64_t>());
      } else if (s == "cost_tolerance" && d && *d > 0.0 && *d < 1.0) {
        spec.fit.cost_tolerance = *d;
      } else if (s == "step_tolerance" && d && *d > 0.0 && *d < 1.0) {
        spec.fit.step_tolerance = *d;
      } else {
        throw_input_error(
            file_name, line_of(v), "fit." + s,
            "expected max_iterations (1..1000), cost_tolerance or step_tolerance in (0, 1)");
      }
    }
  }
  return spec;
}

CalibrationSpec read_calibration_spec(const std::filesystem::path& path) {
  if (!corridor::is_regular_file(path)) {
    throw_input_error(path.string(), 0, "",
                      "expected a calibration file declaring [[parameter]] tables");
  }
  return parse_calibration_spec(io::read_text_file(path), path.string());
}

// ---------------------------------------------------------------- ParameterFile

ParameterFile::ParameterFile(std::string_view text, std::string file_name)
    : root_(io::parse_toml(text, file_name)), file_(std::move(file_name)) {}

std::optional<double> ParameterFile::get(std::string_view key) const {
  const auto k = split_key(key);
  if (!k) return std::nullopt;
  const auto* sec = root_.get_as<toml::table>(k->section);
  const toml::node* n = sec ? sec->get(k->name) : nullptr;
  if (n != nullptr && k->index >= 0) {
    const auto* arr = n->as_array();
    n = arr && static_cast<std::size_t>(k->index) < arr->size()
            ? arr->get(static_cast<std::size_t>(k->index))
            : nullptr;
  }
  return n ? n->value<double>() : std::nullopt;
}

void ParameterFile::set_node(std::string_view key, const toml::node& value,
                             const std::string& where_file, std::size_t where_line) {
  const auto k = split_key(key);
  auto fail = [&](const std::string& expected) {
    throw_input_error(where_file, where_line, key, expected);
  };
  if (!k) fail("expected a key like section.name or section.name[i]");
  auto* sec_node = root_.get(k->section);
  if (sec_node == nullptr) {
    root_.insert_or_assign(k->section, toml::table{});
    sec_node = root_.get(k->section);
  }
  auto* sec = sec_node->as_table();
  if (sec == nullptr) fail("expected a key inside a [" + k->section + "] table");
  if (k->index < 0) {
    if (const auto* old = sec->get(k->name);
        old != nullptr && (old->is_table() || old->is_array())) {
      fail("expected a scalar key (" + k->name + " is a table or array in " + file_ + ")");
    }
    value.visit([&](const auto& v) { sec->insert_or_assign(k->name, v); });
    return;
  }
  auto* arr = sec->get_as<toml::array>(k->name);
  if (arr == nullptr || static_cast<std::size_t>(k->index) >= arr->size()) {
    fail("expected an element of an array present in " + file_);
  }
  value.visit([&](const auto& v) {
    arr->replace(arr->cbegin() + static_cast<std::ptrdiff_t>(k->index), v);
  });
}

void ParameterFile::set(std::string_view key, double value, const std::string& where_file,
                        std::size_t where_line) {
  set_node(key, toml::value<double>(value), where_file, where_line);
}

std::string ParameterFile::text() const {
  std::ostringstream os;
  os << root_ << '\n';
  return os.str();
}

demand::DemandParameters ParameterFile::parameters() const {
  return demand::parse_demand_parameters(text(), file_);
}

// ---------------------------------------------------------------- calibrate

ResidualModel::ResidualModel(const model::RegionModel& region, const ObservedData& observed,
                             std::string_view demand_text, const std::string& demand_file,
                             const CalibrationSpec& spec)
    : region_(region), observed_(observed), spec_(spec), base_(demand_text, demand_file) {
  for (const auto& [k, v] : spec.set) base_.set_node(k.str(), v, spec.file, line_of(v));
  for (const auto& p : spec.parameters) {
    const auto current = base_.get(p.key);
    double start = p.has_start ? p.start : current.value_or(std::nan(""));
    if (!std::isfinite(start)) {
      throw_input_error(
          spec.file, p.line, "parameter.start",
          "expected a start value ('" + p.key + "' is not a number in " + demand_file + ")");
    }
    start = std::clamp(start, p.lower, p.upper);
    base_.set(p.key, start, spec.file, p.line);
    // The key must be one demand.toml knows: parse once with the start value in place.
    try {
      (void)base_.parameters();
    } catch (const InputError& e) {
      throw_input_error(
          spec.file, p.line, "parameter.key",
          "expected a valid demand.toml key and start value: " + std::string(e.what()));
    }
    keys_.push_back(p.key);
    start_.push_back(start);
    step_.push_back(p.step > 0.0 ? p.step : 1e-3 * std::max(1.0, std::abs(start)));
  }
}

ParameterFile ResidualModel::file_at(const std::vector<double>& x) const {
  if (x.size() != keys_.size())
    throw Error("calibrate: " + std::to_string(x.size()) + " parameter values for " +
                std::to_string(keys_.size()) + " parameters");
  ParameterFile f = base_;
  for (std::size_t j = 0; j < x.size(); ++j) f.set(keys_[j], x[j], spec_.file, 0);
  return f;
}

std::vector<TargetResult> ResidualModel::evaluate(const std::vector<double>& x) const {
  const auto params = file_at(x).parameters();
  const auto run = demand::run_model(region_, params);
  return evaluate_observed(observed_, region_, params, run);
}

std::vector<double> ResidualModel::residuals(const std::vector<double>& x) const {
  std::vector<TargetResult> rows;
  try {
    rows = evaluate(x);
  } catch (const InputError&) {
    throw;
  } catch (const Error&) {
    return {};  // the model could not run here
  }
  std::vector<double> r;
  r.reserve(rows.size());
  for (const auto& row : rows) r.push_back(row.residual);
  return r;
}

CalibrationResult calibrate(const model::RegionModel& region, const ObservedData& observed,
                            std::string_view demand_text, const std::string& demand_file,
                            const CalibrationSpec& spec,
                            const std::function<void(const LmIteration&)>& on_iteration,
                            const ResidualRuns& runs) {
  const auto t0 = std::chrono::steady_clock::now();
  const ResidualModel model(region, observed, demand_text, demand_file, spec);
  CalibrationResult res;
  LmProblem problem;
  res.keys = model.keys();
  res.start = model.start();
  problem.start = model.start();
  problem.step = model.step();
  for (const auto& p : spec.parameters) {
    res.lower.push_back(p.lower);
    res.upper.push_back(p.upper);
    problem.lower.push_back(p.lower);
    problem.upper.push_back(p.upper);
  }
  // A round of runs, here in parallel or through `runs`; each x's fitted residuals (empty on a
  // model failure).
  problem.residuals = [&](const std::vector<std::vector<double>>& xs) {
    std::vector<std::vector<double>> all(xs.size());
    if (runs) {
      all = runs(xs);
      if (all.size() != xs.size())
        throw Error("calibrate: " + std::to_string(all.size()) + " results for " +
                    std::to_string(xs.size()) + " model runs");
    } else {
      parallel::for_chunks(0, xs.size(), 1, [&](std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i) all[i] = model.residuals(xs[i]);
      });
    }
    std::vector<std::vector<double>> out(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      if (all[i].empty()) continue;
      if (all[i].size() != observed.targets.size())
        throw Error("calibrate: a model run gave " + std::to_string(all[i].size()) +
                    " residuals for " + std::to_string(observed.targets.size()) + " targets");
      for (const auto k : res.fitted) out[i].push_back(all[i][k]);
    }
    return out;
  };
  res.before = model.evaluate(problem.start);
  // Fitted: calibration targets the model produces (a "not modelled" one cannot pull).
  for (std::size_t k = 0; k < observed.targets.size(); ++k) {
    if (observed.targets[k].set == TargetSet::calibration && res.before[k].modelled) {
      res.fitted.push_back(k);
    }
  }
  res.fit = levenberg_marquardt(problem, spec.fit, on_iteration);
  res.estimate = res.fit.x;
  res.after = model.evaluate(res.estimate);
  const ParameterFile out = model.file_at(res.estimate);
  res.calibrated_toml = "# demand.toml calibrated by `corridor calibrate` (" + spec.file +
                        "), from " + demand_file + ".\n# Fitted keys: " +
                        [&] {
                          std::string s;
                          for (const auto& k : res.keys) s += (s.empty() ? "" : ", ") + k;
                          return s;
                        }() +
                        "\n" + out.text();
  res.model_runs = res.fit.evaluations + 2;
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

std::vector<CountFit> count_fit_statistics(const ObservedData& observed,
                                           const CalibrationResult& r) {
  std::vector<CountFit> out;
  for (const TargetSet set : {TargetSet::calibration, TargetSet::validation}) {
    for (const TargetKind kind : {TargetKind::station, TargetKind::link_count}) {
      for (const double hours : {24.0, 1.0}) {
        std::vector<double> obs;
        std::vector<double> before;
        std::vector<double> after;
        for (std::size_t k = 0; k < observed.targets.size(); ++k) {
          const Target& t = observed.targets[k];
          if (t.set != set || t.kind != kind || t.period_hours() != hours ||
              t.bound != Bound::none || !r.before[k].modelled || !r.after[k].modelled) {
            continue;
          }
          obs.push_back(t.value);
          before.push_back(r.before[k].value);
          after.push_back(r.after[k].value);
        }
        if (obs.empty()) continue;
        out.push_back({set, kind, hours, fit_statistics(obs, before, hours),
                       fit_statistics(obs, after, hours)});
      }
    }
  }
  return out;
}

std::string calibration_scatter_svg(const ObservedData& observed, const CalibrationResult& r) {
  report::ScatterSeries before{"before (all counts)", "#bbbbbb", {}};
  report::ScatterSeries cal{"calibration, after", "#1f77b4", {}};
  report::ScatterSeries val{"validation, after", "#d62728", {}};
  for (std::size_t k = 0; k < observed.targets.size(); ++k) {
    const Target& t = observed.targets[k];
    if (!t.is_count() || t.period_hours() != 24.0 || t.bound != Bound::none ||
        !r.before[k].modelled || !r.after[k].modelled) {
      continue;
    }
    before.points.push_back({t.value, r.before[k].value, t.label});
    (t.set == TargetSet::calibration ? cal : val)
        .points.push_back({t.value, r.after[k].value, t.label});
  }
  report::ScatterOptions opt;
  opt.unit = "per weekday";
  opt.log_axes = true;
  opt.period_hours = 24.0;
  return report::scatter_plot_svg("calibration", "Counts per weekday: modelled vs observed",
                                  std::vector<report::ScatterSeries>{before, cal, val}, opt);
}

void write_calibration_outputs(const std::filesystem::path& dir, const ObservedData& observed,
                               const CalibrationResult& r) {
  make_directories(dir);
  write_file_atomically(dir / "demand.toml", r.calibrated_toml);
  std::ostringstream c;
  c << "target,kind,set,observed,bound,tolerance,modelled_before,modelled_after,ratio_before,"
       "ratio_after,geh_before,geh_after,within_tolerance_before,within_tolerance_after,status,"
       "year,source,file\n";
  // Calibration rows first, then validation rows (reported apart).
  for (const TargetSet set : {TargetSet::calibration, TargetSet::validation}) {
    for (std::size_t k = 0; k < observed.targets.size(); ++k) {
      const Target& t = observed.targets[k];
      if (t.set != set) continue;
      const TargetResult& b = r.before[k];
      const TargetResult& a = r.after[k];
      auto yn = [](const TargetResult& x) {
        return x.modelled ? (x.within_tolerance ? "yes" : "no") : "";
      };
      c << csv_field(t.label) << ',' << target_kind_name(t.kind) << ',' << target_set_name(t.set)
        << ',' << number(t.value) << ','
        << (t.bound == Bound::upper   ? "upper"
            : t.bound == Bound::lower ? "lower"
                                      : "")
        << ',' << number(t.tolerance) << ',' << (b.modelled ? number(b.value) : "") << ','
        << (a.modelled ? number(a.value) : "") << ',' << (b.modelled ? number(b.ratio) : "") << ','
        << (a.modelled ? number(a.ratio) : "") << ',' << (b.has_geh ? number(b.geh) : "") << ','
        << (a.has_geh ? number(a.geh) : "") << ',' << yn(b) << ',' << yn(a) << ','
        << csv_field(a.modelled ? "modelled" : "not modelled: " + a.not_modelled) << ',' << t.year
        << ',' << csv_field(t.source) << ','
        << csv_field(std::filesystem::path(t.file).filename().string() + ":" +
                     std::to_string(t.line))
        << '\n';
    }
  }
  write_file_atomically(dir / "calibration.csv", c.str());
  std::ostringstream p;
  p << "parameter,start,estimate,lower,upper,std_error,at_bound,identified";
  for (const auto& k : r.keys) p << ",corr_" << csv_field(k);
  p << '\n';
  for (std::size_t j = 0; j < r.keys.size(); ++j) {
    p << csv_field(r.keys[j]) << ',' << number(r.start[j]) << ',' << number(r.estimate[j]) << ','
      << number(r.lower[j]) << ',' << number(r.upper[j]) << ','
      << (r.fit.at_bound[j]     ? ""
          : r.fit.identified[j] ? number(r.fit.std_error[j])
                                : "inf")
      << ',' << (r.fit.at_bound[j] ? "yes" : "no") << ',' << (r.fit.identified[j] ? "yes" : "no");
    for (std::size_t i = 0; i < r.keys.size(); ++i) p << ',' << number(r.fit.correlation[j][i]);
    p << '\n';
  }
  write_file_atomically(dir / "parameters.csv", p.str());
  std::ostringstream f;
  f << "set,kind,period_hours,counts,geh_below_5_share_before,geh_below_5_share_after,"
       "percent_rmse_before,percent_rmse_after,r_squared_before,r_squared_after,slope_before,"
       "slope_after\n";
  for (const auto& s : count_fit_statistics(observed, r)) {
    f << target_set_name(s.set) << ',' << target_kind_name(s.kind) << ',' << number(s.period_hours)
      << ',' << s.after.count << ',' << number(s.before.geh_below_5_share) << ','
      << number(s.after.geh_below_5_share) << ',' << number(s.before.percent_rmse) << ','
      << number(s.after.percent_rmse) << ',' << number(s.before.r_squared) << ','
      << number(s.after.r_squared) << ',' << number(s.before.slope) << ',' << number(s.after.slope)
      << '\n';
  }
  write_file_atomically(dir / "fit_statistics.csv", f.str());
  write_file_atomically(dir / "calibration.svg", calibration_scatter_svg(observed, r));
}

}  // namespace corridor::calibration
