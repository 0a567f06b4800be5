// Uncertain inputs: parsing, Latin hypercube sampling and what a draw changes (uncertainty.hpp).
#include "scenario/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/hash.hpp"
#include "io/text.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {

namespace {

// Uniform in [0, 1) from the top 53 bits (exact, platform independent).
double unit(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

// Uniform integer in [0, n) by rejection (no modulo bias, platform independent).
std::size_t below(std::mt19937_64& g, std::size_t n) {
  const std::uint64_t range = static_cast<std::uint64_t>(n);
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
  for (;;) {
    const std::uint64_t x = g();
    if (x < limit) return static_cast<std::size_t>(x % range);
  }
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Inverse of normal_cdf by bisection: slow and obviously right (a few hundred draws × inputs).
double normal_quantile(double p) {
  double lo = -40.0, hi = 40.0;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    (normal_cdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

const std::map<std::string, InputKind>& kinds() {
  static const std::map<std::string, InputKind> m{{"value_of_time", InputKind::value_of_time},
                                                  {"investment", InputKind::investment},
                                                  {"operating", InputKind::operating},
                                                  {"demand_growth", InputKind::demand_growth},
                                                  {"parameter", InputKind::parameter}};
  return m;
}

Distribution read_distribution(TableReader& t) {
  Distribution d;
  const auto name = t.string("distribution");
  if (name == "uniform") {
    d.kind = DistributionKind::uniform;
    d.low = t.number("low");
    d.high = t.number("high");
    if (!(d.high > d.low)) t.fail("high", "expected high > low");
  } else if (name == "triangular") {
    d.kind = DistributionKind::triangular;
    d.low = t.number("low");
    d.mode = t.number("mode");
    d.high = t.number("high");
    if (!(d.high > d.low)) t.fail("high", "expected high > low");
    if (d.mode < d.low || d.mode > d.high) t.fail("mode", "expected low <= mode <= high");
  } else if (name == "normal") {
    d.kind = DistributionKind::normal;
    d.mean = t.optional_number("mean").value_or(0.0);
    d.sd = t.number("sd");
    if (!(d.sd > 0.0)) t.fail("sd", "expected a standard deviation > 0");
    d.lower = t.optional_number("truncate_lower");
    d.upper = t.optional_number("truncate_upper");
    if (d.lower && d.upper && !(*d.upper > *d.lower))
      t.fail("truncate_upper", "expected truncate_upper > truncate_lower");
  } else {
    t.fail("distribution",
           "expected \"uniform\", \"triangular\" or \"normal\", got " + quote_for_message(name));
  }
  return d;
}

// Lower Cholesky factor of a symmetric positive definite matrix (row-major); false when not.
bool cholesky(std::vector<double> a, std::size_t n, std::vector<double>& l) {
  l.assign(n * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 1e-12)) return false;
    l[j * n + j] = std::sqrt(d);
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / l[j * n + j];
    }
  }
  return true;
}

// [[uncertainty.calibrated]]: the estimated parameters of corridor calibrate (parameters.csv).
void read_calibrated(TableReader& t, const std::string& file, const std::filesystem::path& dir,
                     UncertaintySpec& spec) {
  const auto rel = t.string("file");
  std::optional<std::vector<std::string>> keys;
  if (t.has("keys")) keys = t.string_array("keys");
  const double scale = t.optional_number("scale", 0.0).value_or(1.0);
  const auto source = t.optional_string("source").value_or("");
  t.finish();
  const auto path =
      std::filesystem::path(rel).is_absolute() ? std::filesystem::path(rel) : dir / rel;
  if (!corridor::is_regular_file(path))
    t.fail("file", "parameters file " + quote_for_message(rel) + " not found (looked for " +
                       path.string() + "); write it with corridor calibrate --out DIR");
  const auto csv_name = path.string();
  spec.source_text += "|" + rel + " " + hash_file_hex(path);  // stale draws when the file changes
  io::CsvReader csv(path);
  for (const char* need : {"parameter", "lower", "upper", "std_error", "at_bound", "identified"})
    csv.require_column(need);
  const auto c_key = csv.require_column("parameter");
  const auto c_lower = csv.require_column("lower");
  const auto c_upper = csv.require_column("upper");
  const auto c_se = csv.require_column("std_error");
  const auto c_bound = csv.require_column("at_bound");
  const auto c_ident = csv.require_column("identified");
  struct Row {
    std::string key;
    double lower = 0.0, upper = 0.0, se = 0.0;
    std::size_t line = 0;
    std::map<std::string, double> corr;  // by the other parameter's key
  };
  std::vector<Row> rows;
  while (csv.next_row()) {
    Row r;
    r.key = std::string(csv.text(c_key));
    r.line = csv.line_number();
    r.lower = csv.number(c_lower);
    r.upper = csv.number(c_upper);
    const auto se = csv.text(c_se);
    if (csv.text(c_bound) == "yes" || se.empty()) continue;  // held at its bound: no error
    if (csv.text(c_ident) != "yes" || se == "inf")
      csv.fail(c_se, "parameter '" + r.key +
                         "' is not identified (infinite standard error): leave it out with "
                         "keys = [...] in " +
                         file);
    r.se = csv.number(c_se);
    for (std::size_t c = 0; c < csv.header().size(); ++c) {
      const auto& h = csv.header()[c];
      if (h.rfind("corr_", 0) == 0) r.corr[h.substr(5)] = csv.number(c);
    }
    rows.push_back(std::move(r));
  }
  std::vector<std::size_t> keep;
  if (keys) {
    for (const auto& k : *keys) {
      const auto it =
          std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.key == k; });
      if (it == rows.end())
        t.fail("keys",
               "parameter " + quote_for_message(k) + " has no standard error in " + csv_name);
      keep.push_back(static_cast<std::size_t>(it - rows.begin()));
    }
  } else {
    for (std::size_t i = 0; i < rows.size(); ++i) keep.push_back(i);
  }
  const std::size_t n = keep.size();
  if (n == 0) t.fail("file", "no parameter with a standard error in " + csv_name);
  std::vector<double> corr(n * n, 0.0);
  for (std::size_t a = 0; a < n; ++a) {
    const auto& ra = rows[keep[a]];
    for (std::size_t b = 0; b < n; ++b) {
      const auto it = ra.corr.find(rows[keep[b]].key);
      if (it == ra.corr.end())
        throw_input_error(csv_name, ra.line, "corr_" + rows[keep[b]].key,
                          "missing correlation column");
      corr[a * n + b] = it->second;
    }
  }
  CorrelatedGroup g;
  if (!cholesky(corr, n, g.cholesky))
    throw_input_error(csv_name, 0, "corr_*", "the correlation matrix is not positive definite");
  for (std::size_t a = 0; a < n; ++a) {
    const auto& r = rows[keep[a]];
    UncertainInput in;
    in.name = r.key;
    in.kind = InputKind::parameter;
    in.key = r.key;
    in.distribution.kind = DistributionKind::normal;
    in.distribution.sd = r.se * scale;
    in.clamp_lower = r.lower;
    in.clamp_upper = r.upper;
    in.source = source.empty() ? csv_name : source;
    in.origin = {csv_name, r.line};
    in.group = spec.groups.size();
    demand::DemandParameters probe;
    if (parameter_field(probe, r.key) == nullptr)
      throw_input_error(csv_name, r.line, "parameter",
                        "parameter " + quote_for_message(r.key) +
                            " cannot be drawn (see uncertainty.hpp for the drawable keys)");
    g.inputs.push_back(spec.inputs.size());
    spec.inputs.push_back(std::move(in));
  }
  spec.groups.push_back(std::move(g));
}

}  // namespace

const char* input_kind_name(InputKind k) {
  switch (k) {
    case InputKind::value_of_time:
      return "value_of_time";
    case InputKind::investment:
      return "investment";
    case InputKind::operating:
      return "operating";
    case InputKind::demand_growth:
      return "demand_growth";
    case InputKind::parameter:
      return "parameter";
  }
  return "?";
}

bool changes_model(InputKind k) {
  return k == InputKind::demand_growth || k == InputKind::parameter;
}

const char* distribution_name(DistributionKind k) {
  switch (k) {
    case DistributionKind::uniform:
      return "uniform";
    case DistributionKind::triangular:
      return "triangular";
    case DistributionKind::normal:
      return "normal";
  }
  return "?";
}

double Distribution::quantile(double u) const {
  switch (kind) {
    case DistributionKind::uniform:
      return low + u * (high - low);
    case DistributionKind::triangular: {
      const double w = high - low;
      const double fc = (mode - low) / w;
      return u < fc ? low + std::sqrt(u * w * (mode - low))
                    : high - std::sqrt((1.0 - u) * w * (high - mode));
    }
    case DistributionKind::normal: {
      const double flo = lower ? normal_cdf((*lower - mean) / sd) : 0.0;
      const double fhi = upper ? normal_cdf((*upper - mean) / sd) : 1.0;
      const double p = std::clamp(flo + u * (fhi - flo), 1e-300, 1.0 - 1e-16);
      return mean + sd * normal_quantile(p);
    }
  }
  return 0.0;
}

bool UncertaintySpec::changes_model() const {
  return std::any_of(inputs.begin(), inputs.end(),
                     [](const UncertainInput& i) { return scenario::changes_model(i.kind); });
}

double* parameter_field(demand::DemandParameters& p, const std::string& key) {
  static const char* purposes[] = {"commute", "business", "education", "other"};
  for (std::size_t q = 0; q < demand::kPurposeCount; ++q) {
    const std::string pre = std::string(purposes[q]) + ".";
    if (key.rfind(pre, 0) != 0) continue;
    const auto rest = key.substr(pre.size());
    auto& pp = p.purposes[q];
    for (std::size_t m = 0; m < demand::kModeCount; ++m) {
      if (rest == "asc[" + std::to_string(m) + "]") return &pp.asc[m];
    }
    if (rest == "theta_per_min") return &pp.theta_per_min;
    if (rest == "trips_per_resident") return &pp.trips_per_resident;
    if (rest == "trips_per_job") return &pp.trips_per_job;
    if (rest == "dest_scale") return &pp.dest_scale;
    return nullptr;
  }
  auto& commute_penalty = p.border.penalty_utils[0];  // set by the reader; a default otherwise
  if (!commute_penalty) commute_penalty = demand::BorderParameters{}.penalty_utils[0];
  const std::map<std::string, double*> fields{
      {"border.penalty_utils_commute", &*commute_penalty},
      {"border.external_weight", &p.border.external_weight},
      {"pt.wait_factor", &p.pt.wait_factor},
      {"pt.headway_threshold_min", &p.pt.headway_threshold_min},
      {"pt.headway_slope", &p.pt.headway_slope},
      {"modes.pt_wait_weight", &p.modes.pt_wait_weight},
      {"modes.pt_walk_weight", &p.modes.pt_walk_weight},
      {"modes.pt_transfer_penalty_min", &p.modes.pt_transfer_penalty_min},
      {"modes.car_cost_eur_km", &p.modes.car_cost_eur_km}};
  const auto it = fields.find(key);
  return it == fields.end() ? nullptr : it->second;
}

UncertaintySpec parse_uncertainty(const toml::table& table, const std::string& file,
                                  const std::filesystem::path& dir,
                                  const std::vector<Scenario>& singles) {
  UncertaintySpec spec;
  TableReader top(table, file, "uncertainty");
  if (const auto seed = top.optional_integer("seed", 0))
    spec.seed = static_cast<std::uint64_t>(*seed);
  const auto sampling = top.optional_string("sampling").value_or("latin-hypercube");
  if (sampling != "latin-hypercube")
    top.fail("sampling", "expected \"latin-hypercube\" (the only sampling implemented), got " +
                             quote_for_message(sampling));
  const auto inputs = top.table_array("input");
  const auto calibrated = top.table_array("calibrated");
  top.finish();

  std::set<std::string> scenario_names, item_ids;
  for (const auto& s : singles) {
    scenario_names.insert(s.name);
    for (const auto& x : s.cost_items) item_ids.insert(x.id);
  }
  std::set<std::string> names;
  for (const auto* t : inputs) {
    TableReader r(*t, file, "uncertainty.input");
    UncertainInput in;
    in.origin = {file, r.line()};
    in.name = r.string("name");
    if (!valid_scenario_name(in.name))
      r.fail("name", "expected a name of [a-z0-9-_+.], got " + quote_for_message(in.name));
    if (!names.insert(in.name).second) r.fail("name", "input '" + in.name + "' is declared twice");
    const auto kind = r.string("kind");
    const auto it = kinds().find(kind);
    if (it == kinds().end())
      r.fail("kind",
             "expected value_of_time, investment, operating, demand_growth or parameter, got " +
                 quote_for_message(kind));
    in.kind = it->second;
    in.distribution = read_distribution(r);
    in.source = r.optional_string("source").value_or("");
    const bool factor = in.kind != InputKind::parameter;
    if (factor) {
      // A factor must stay positive over the whole range.
      const auto& d = in.distribution;
      if (d.kind == DistributionKind::normal) {
        if (!d.lower || *d.lower <= 0.0)
          r.fail("distribution",
                 "a normal factor needs truncate_lower > 0 (a factor <= 0 means "
                 "no cost or no time value)");
      } else if (d.low <= 0.0) {
        r.fail("low", "expected a factor > 0 (1 = the value in the scenario files)");
      }
    }
    if (in.kind == InputKind::investment || in.kind == InputKind::operating) {
      if (r.has("scenarios")) in.scenarios = r.string_array("scenarios");
      if (r.has("items")) in.items = r.string_array("items");
      if (in.scenarios.empty() && in.items.empty())
        r.fail("scenarios", "expected the scenarios and/or cost items it scales");
      for (const auto& s : in.scenarios) {
        if (!scenario_names.count(s))
          r.fail("scenarios", "scenario " + quote_for_message(s) + " is not listed in 'scenarios'");
      }
      for (const auto& x : in.items) {
        if (!item_ids.count(x))
          r.fail("items", "cost item " + quote_for_message(x) + " is in no scenario of the batch");
      }
    }
    if (in.kind == InputKind::parameter) {
      in.key = r.string("key");
      demand::DemandParameters probe;
      if (parameter_field(probe, in.key) == nullptr)
        r.fail("key", "parameter " + quote_for_message(in.key) +
                          " cannot be drawn; expected <purpose>.asc[i], <purpose>.theta_per_min, "
                          "<purpose>.dest_scale, <purpose>.trips_per_resident, "
                          "<purpose>.trips_per_job, border.penalty_utils, border.external_weight, "
                          "pt.wait_factor, pt.headway_threshold_min, pt.headway_slope, "
                          "modes.pt_wait_weight, modes.pt_walk_weight, "
                          "modes.pt_transfer_penalty_min or modes.car_cost_eur_km");
      in.clamp_lower = r.optional_number("lower");
      in.clamp_upper = r.optional_number("upper");
      if (in.clamp_lower && in.clamp_upper && !(*in.clamp_upper > *in.clamp_lower))
        r.fail("upper", "expected upper > lower");
    }
    r.finish();
    spec.inputs.push_back(std::move(in));
  }
  for (const auto* t : calibrated) {
    TableReader r(*t, file, "uncertainty.calibrated");
    read_calibrated(r, file, dir, spec);
  }
  for (const auto& in : spec.inputs) {
    if (in.group && !names.insert(in.name).second)
      throw_input_error(in.origin.file, in.origin.line, "parameter",
                        "input '" + in.name + "' is declared twice");
  }
  if (spec.inputs.empty())
    top.fail("input", "expected at least one [[uncertainty.input]] or [[uncertainty.calibrated]]");
  std::ostringstream text;
  text << table;
  spec.source_text = text.str() + spec.source_text;
  return spec;
}

std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t k, std::uint64_t seed) {
  std::vector<std::vector<double>> u(n, std::vector<double>(k, 0.0));
  std::mt19937_64 g(seed);
  std::vector<std::size_t> perm(n);
  for (std::size_t j = 0; j < k; ++j) {
    for (std::size_t d = 0; d < n; ++d) perm[d] = d;
    for (std::size_t d = n; d > 1; --d) std::swap(perm[d - 1], perm[below(g, d)]);  // Fisher–Yates
    for (std::size_t d = 0; d < n; ++d)
      u[d][j] = (static_cast<double>(perm[d]) + unit(g)) / static_cast<double>(n);
  }
  return u;
}

DrawPlan sample_draws(const UncertaintySpec& spec, std::size_t n, std::uint64_t seed) {
  DrawPlan plan;
  plan.draws = n;
  plan.seed = seed;
  const auto k = spec.inputs.size();
  const auto u = latin_hypercube(n, k, seed);
  plan.values.assign(n, std::vector<double>(k, 0.0));
  for (std::size_t d = 0; d < n; ++d) {
    for (std::size_t i = 0; i < k; ++i) {
      const auto& in = spec.inputs[i];
      // Correlated groups: standard normals here, correlated below.
      plan.values[d][i] =
          in.group
              ? Distribution{DistributionKind::normal, 0, 0, 0, 0.0, 1.0, {}, {}}.quantile(u[d][i])
              : in.distribution.quantile(u[d][i]);
    }
    for (const auto& g : spec.groups) {
      const auto m = g.inputs.size();
      std::vector<double> z(m);
      for (std::size_t a = 0; a < m; ++a) z[a] = plan.values[d][g.inputs[a]];
      for (std::size_t a = 0; a < m; ++a) {
        double x = 0.0;
        for (std::size_t b = 0; b <= a; ++b) x += g.cholesky[a * m + b] * z[b];
        const auto& in = spec.inputs[g.inputs[a]];
        plan.values[d][g.inputs[a]] = in.distribution.mean + in.distribution.sd * x;
      }
    }
  }
  return plan;
}

Scenario appraisal_scenario(const Scenario& s, const UncertaintySpec& spec,
                            const std::vector<double>& values) {
  Scenario out = s;
  double vot = 1.0;
  std::vector<double> inv(s.parts.size(), 1.0), op(s.parts.size(), 1.0);
  std::map<std::string, std::pair<double, double>> item;  // id → (investment, operating)
  for (const auto& x : s.cost_items) item[x.id] = {1.0, 1.0};
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const auto& in = spec.inputs[i];
    const double v = values[i];
    if (in.kind == InputKind::value_of_time) vot *= v;
    if (in.kind != InputKind::investment && in.kind != InputKind::operating) continue;
    const bool investment = in.kind == InputKind::investment;
    for (std::size_t p = 0; p < s.parts.size(); ++p) {
      if (std::find(in.scenarios.begin(), in.scenarios.end(), s.parts[p]) != in.scenarios.end())
        (investment ? inv : op)[p] *= v;
    }
    for (const auto& id : in.items) {
      const auto it = item.find(id);
      if (it != item.end()) (investment ? it->second.first : it->second.second) *= v;
    }
  }
  out.parameters.value_of_time_factor *= vot;
  for (std::size_t p = 0; p < out.own_costs.size() && p < inv.size(); ++p) {
    out.own_costs[p].investment_eur *= inv[p];
    out.own_costs[p].operating_eur_per_year *= op[p];
  }
  for (auto& x : out.cost_items) {
    x.cost.investment_eur *= item[x.id].first;
    x.cost.operating_eur_per_year *= item[x.id].second;
  }
  // part_costs = own_costs, then each item once (scenario.hpp).
  out.part_costs = out.own_costs;
  for (const auto& x : out.cost_items) out.part_costs.push_back(x.cost);
  out.cost.investment_eur = out.cost.operating_eur_per_year = 0.0;
  for (const auto& c : out.own_costs) {
    out.cost.investment_eur += c.investment_eur;
    out.cost.operating_eur_per_year += c.operating_eur_per_year;
  }
  return out;
}

std::vector<double> operating_factors(const Scenario& s, const UncertaintySpec& spec,
                                      const std::vector<double>& values) {
  std::vector<double> f(std::max<std::size_t>(s.parts.size(), 1), 1.0);
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const auto& in = spec.inputs[i];
    if (in.kind != InputKind::operating) continue;
    for (std::size_t p = 0; p < s.parts.size(); ++p) {
      if (std::find(in.scenarios.begin(), in.scenarios.end(), s.parts[p]) != in.scenarios.end())
        f[p] *= values[i];
    }
  }
  return f;
}

std::optional<std::pair<double, double>> declared_investment_range(const Scenario& s,
                                                                   const UncertaintySpec& spec) {
  std::vector<double> low(spec.inputs.size(), 1.0), high(spec.inputs.size(), 1.0);
  bool named = false;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const auto& in = spec.inputs[i];
    if (in.kind != InputKind::investment) continue;
    const bool names =
        std::any_of(in.scenarios.begin(), in.scenarios.end(),
                    [&](const std::string& n) {
                      return std::find(s.parts.begin(), s.parts.end(), n) != s.parts.end();
                    }) ||
        std::any_of(in.items.begin(), in.items.end(), [&](const std::string& id) {
          return std::any_of(s.cost_items.begin(), s.cost_items.end(),
                             [&](const CostItem& x) { return x.id == id; });
        });
    if (!names) continue;
    named = true;
    const auto& d = in.distribution;
    if (d.kind == DistributionKind::normal) {
      low[i] = d.lower.value_or(d.quantile(0.05));
      high[i] = d.upper.value_or(d.quantile(0.95));
    } else {
      low[i] = d.low;
      high[i] = d.high;
    }
  }
  if (!named) return std::nullopt;
  auto investment = [&](const std::vector<double>& values) {
    double eur = 0.0;
    for (const auto& c : appraisal_scenario(s, spec, values).part_costs)
      if (c.given) eur += c.investment_eur;
    return eur;
  };
  const double a = investment(low), b = investment(high);
  return std::make_pair(std::min(a, b), std::max(a, b));
}

double growth_factor(const UncertaintySpec& spec, const std::vector<double>& values) {
  double f = 1.0;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    if (spec.inputs[i].kind == InputKind::demand_growth) f *= values[i];
  }
  return f;
}

Scenario grown_scenario(const Scenario& s, double factor) {
  Scenario out = s;
  if (factor == 1.0) return out;
  out.parameters.population_growth = s.parameters.population_growth.value_or(1.0) * factor;
  out.parameters.jobs_growth = s.parameters.jobs_growth.value_or(1.0) * factor;
  return out;
}

demand::DemandParameters drawn_parameters(const demand::DemandParameters& fixed,
                                          const UncertaintySpec& spec,
                                          const std::vector<double>& values) {
  demand::DemandParameters p = fixed;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const auto& in = spec.inputs[i];
    if (in.kind != InputKind::parameter) continue;
    double* f = parameter_field(p, in.key);
    if (f == nullptr) throw Error("uncertainty: parameter '" + in.key + "' is not drawable");
    *f += values[i];
  }
  // Clamp after all shifts (several inputs may shift one key).
  for (const auto& in : spec.inputs) {
    if (in.kind != InputKind::parameter) continue;
    double* f = parameter_field(p, in.key);
    if (in.clamp_lower) *f = std::max(*f, *in.clamp_lower);
    if (in.clamp_upper) *f = std::min(*f, *in.clamp_upper);
  }
  return p;
}

}  // namespace corridor::scenario
