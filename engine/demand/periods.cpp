// Time-of-day periods: defaults, [[periods]] reading, validation and the per-period helpers
// (periods.hpp).
#include "demand/periods.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "core/error.hpp"
#include "demand/model_run.hpp"
#include "io/toml_text.hpp"

namespace corridor::demand {

static_assert(kPeriodPurposes == kPurposeCount, "one departure share per purpose");

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kShareTolerance = 1e-6;

const char* const kPurposeKeys[kPeriodPurposes] = {"commute", "business", "education", "other"};

std::size_t line_of(const toml::node& n) { return static_cast<std::size_t>(n.source().begin.line); }

double number(const toml::table& t, const char* key, const std::string& where,
              const std::string& file, double fallback) {
  const auto* node = t.get(key);
  if (node == nullptr) return fallback;
  if (auto v = node->value<double>()) return *v;
  throw_input_error(file, line_of(*node), where + "." + key, "a number");
}

// { commute = x, business = y, education = z, other = w }: every purpose given.
std::array<double, kPeriodPurposes> shares(const toml::table& t, const char* key,
                                           const std::string& where, const std::string& file,
                                           std::size_t line) {
  const std::string field = where + "." + key;
  const auto* node = t.get(key);
  if (node == nullptr) {
    throw_input_error(file, line, field,
                      "{ commute = .., business = .., education = .., other = .. } (departure "
                      "shares of the period)");
  }
  const auto* tab = node->as_table();
  if (tab == nullptr) throw_input_error(file, line_of(*node), field, "an inline table of shares");
  std::array<double, kPeriodPurposes> out{};
  for (std::size_t k = 0; k < kPeriodPurposes; ++k) {
    const auto* v = tab->get(kPurposeKeys[k]);
    if (v == nullptr || !v->value<double>()) {
      throw_input_error(file, line_of(*node), field + "." + kPurposeKeys[k], "a share (number)");
    }
    out[k] = *v->value<double>();
  }
  for (const auto& [k, v] : *tab) {
    const std::string_view name = k.str();  // a structured binding cannot be captured (clang 14)
    const bool known = std::any_of(std::begin(kPurposeKeys), std::end(kPurposeKeys),
                                   [name](const char* p) { return name == p; });
    if (!known) {
      throw_input_error(file, line_of(v), field + "." + std::string(k.str()),
                        "a purpose: commute, business, education or other");
    }
  }
  return out;
}

}  // namespace

std::vector<TimePeriod> default_periods() {
  // Shares: ODiN 2019 hourly departure profiles by purpose, read off as round numbers (GK); the
  // AM outbound shares are the model's former am_peak_share values. Trucks and through cars: the
  // former assigned-hour shares (0.07 and 0.08 of the day per hour) over two-hour peaks (D), the
  // PM a little higher for cars (GK). demand.toml repeats them with their notes.
  TimePeriod am;
  am.name = "am";
  am.hours = 2.0;
  am.outbound_share = {0.45, 0.20, 0.60, 0.08};
  am.return_share = {0.02, 0.05, 0.02, 0.04};
  am.truck_share = 0.14;
  am.through_car_share = 0.15;
  am.peak_hour_factor = 0.5;
  am.pt_headways = transit::Period::peak;
  am.pt_service_hours = 2.0;
  TimePeriod pm = am;
  pm.name = "pm";
  pm.outbound_share = {0.05, 0.10, 0.02, 0.12};
  pm.return_share = {0.45, 0.30, 0.20, 0.16};
  pm.truck_share = 0.12;
  pm.through_car_share = 0.17;
  TimePeriod rest;
  rest.name = "rest";
  rest.hours = 20.0;
  rest.outbound_share = {0.50, 0.70, 0.38, 0.80};
  rest.return_share = {0.53, 0.65, 0.78, 0.80};
  rest.truck_share = 0.74;
  rest.through_car_share = 0.68;
  rest.peak_hour_factor = 0.09;
  rest.pt_headways = transit::Period::offpeak;
  rest.pt_service_hours = 14.0;
  return {am, pm, rest};
}

std::vector<TimePeriod> parse_periods(std::string_view toml_text, const std::string& file) {
  const toml::table root = io::parse_toml(toml_text, file);
  const auto* node = root.get("periods");
  if (node == nullptr) return default_periods();
  const auto* arr = node->as_array();
  if (arr == nullptr) throw_input_error(file, line_of(*node), "periods", "[[periods]] tables");
  std::vector<TimePeriod> out;
  for (const auto& e : *arr) {
    const std::string where = "periods[" + std::to_string(out.size() + 1) + "]";
    const auto* t = e.as_table();
    if (t == nullptr) throw_input_error(file, line_of(e), where, "a table");
    TimePeriod p;
    p.line = line_of(e);
    if (const auto* n = t->get("name"); n != nullptr && n->value<std::string>()) {
      p.name = *n->value<std::string>();
    } else {
      throw_input_error(file, p.line, where + ".name", "a period name (text)");
    }
    p.hours = number(*t, "hours", where, file, 0.0);
    p.outbound_share = shares(*t, "outbound_share", where, file, p.line);
    p.return_share = shares(*t, "return_share", where, file, p.line);
    p.truck_share = number(*t, "truck_share", where, file, kInf);
    p.through_car_share = number(*t, "through_car_share", where, file, kInf);
    p.peak_hour_factor = number(*t, "peak_hour_factor", where, file, kInf);
    p.pt_service_hours = number(*t, "pt_service_hours", where, file, p.hours);
    if (const auto* n = t->get("pt_headways")) {
      const auto v = n->value<std::string>();
      if (!v || (*v != "peak" && *v != "offpeak")) {
        throw_input_error(file, line_of(*n), where + ".pt_headways",
                          "\"peak\" or \"offpeak\" (a headway column of lines.csv)");
      }
      p.pt_headways = transit::parse_period(*v);
    } else {
      throw_input_error(file, p.line, where + ".pt_headways", "\"peak\" or \"offpeak\"");
    }
    for (const auto& [k, v] : *t) {
      const std::string key(k.str());
      const bool known = key == "name" || key == "hours" || key == "outbound_share" ||
                         key == "return_share" || key == "truck_share" ||
                         key == "through_car_share" || key == "peak_hour_factor" ||
                         key == "pt_headways" || key == "pt_service_hours";
      if (!known) {
        throw_input_error(file, line_of(v), where + "." + key,
                          "a key of [[periods]]: name, hours, outbound_share, return_share, "
                          "truck_share, through_car_share, peak_hour_factor, pt_headways, "
                          "pt_service_hours");
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

void validate_periods(const std::vector<TimePeriod>& periods, const std::string& file) {
  if (periods.empty()) throw_input_error(file, 0, "periods", "at least one [[periods]] table");
  double hours = 0.0;
  std::array<double, kPeriodPurposes> out{};
  std::array<double, kPeriodPurposes> ret{};
  double trucks = 0.0;
  double through = 0.0;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    const auto& t = periods[p];
    const std::string where = "periods[" + std::to_string(p + 1) + "]";
    auto require = [&](bool ok, const std::string& key, const std::string& what) {
      if (!ok) throw_input_error(file, t.line, where + "." + key, what);
    };
    require(!t.name.empty() && t.name.find_first_of(", \"\n") == std::string::npos, "name",
            "a non-empty name without commas, quotes or spaces (a links.csv column suffix)");
    for (std::size_t q = 0; q < p; ++q) {
      require(periods[q].name != t.name, "name", "a name not used by another period");
    }
    require(std::isfinite(t.hours) && t.hours > 0.0 && t.hours <= 24.0, "hours",
            "a duration in (0, 24] hours");
    auto share = [&](double v, const std::string& key) {
      require(std::isfinite(v) && v >= 0.0 && v <= 1.0, key, "a share in [0, 1]");
    };
    for (std::size_t k = 0; k < kPeriodPurposes; ++k) {
      share(t.outbound_share[k], std::string("outbound_share.") + kPurposeKeys[k]);
      share(t.return_share[k], std::string("return_share.") + kPurposeKeys[k]);
      out[k] += t.outbound_share[k];
      ret[k] += t.return_share[k];
    }
    share(t.truck_share, "truck_share");
    share(t.through_car_share, "through_car_share");
    require(std::isfinite(t.peak_hour_factor) && t.peak_hour_factor >= 1.0 / t.hours - 1e-12 &&
                t.peak_hour_factor <= 1.0,
            "peak_hour_factor",
            "the assigned hour's share of the period, in [1 / hours, 1] (1 / hours = an even "
            "period)");
    require(std::isfinite(t.pt_service_hours) && t.pt_service_hours > 0.0 &&
                t.pt_service_hours <= t.hours + 1e-12,
            "pt_service_hours", "hours with PT service in (0, hours]");
    hours += t.hours;
    trucks += t.truck_share;
    through += t.through_car_share;
  }
  const std::size_t line = periods.front().line;
  auto sums_to_one = [&](double v, const std::string& key) {
    if (std::abs(v - 1.0) > kShareTolerance) {
      throw_input_error(file, line, "periods." + key,
                        "shares summing to 1 over the periods, got " + std::to_string(v));
    }
  };
  for (std::size_t k = 0; k < kPeriodPurposes; ++k) {
    sums_to_one(out[k], std::string("outbound_share.") + kPurposeKeys[k]);
    sums_to_one(ret[k], std::string("return_share.") + kPurposeKeys[k]);
  }
  sums_to_one(trucks, "truck_share");
  sums_to_one(through, "through_car_share");
  if (std::abs(hours - 24.0) > 1e-9) {
    throw_input_error(
        file, line, "periods.hours",
        "periods covering the day (hours summing to 24), got " + std::to_string(hours));
  }
}

std::vector<std::vector<double>> line_period_hours(const transit::TransitData& data,
                                                   const std::vector<TimePeriod>& periods) {
  std::vector<std::vector<double>> h(periods.size(), std::vector<double>(data.lines.size(), 0.0));
  for (std::size_t l = 0; l < data.lines.size(); ++l) {
    double left = data.lines[l].service_hours;
    for (const auto kind : {transit::Period::peak, transit::Period::offpeak}) {
      for (std::size_t p = 0; p < periods.size(); ++p) {
        if (periods[p].pt_headways != kind) continue;
        if (!std::isfinite(data.lines[l].headway_min(kind))) continue;
        const double x = std::min(left, periods[p].pt_service_hours);
        h[p][l] = std::max(0.0, x);
        left -= h[p][l];
      }
    }
  }
  return h;
}

Skims tour_skims(std::span<const Skims> per_period, const std::vector<TimePeriod>& periods,
                 std::size_t purpose) {
  const auto n = per_period.front().car_minutes.rows();
  Skims s;
  OdMatrix Skims::*const road[] = {&Skims::car_minutes, &Skims::car_km,       &Skims::bike_minutes,
                                   &Skims::bike_km,     &Skims::walk_minutes, &Skims::walk_km};
  OdMatrix Skims::*const pt[] = {&Skims::pt_in_vehicle_minutes, &Skims::pt_wait_minutes,
                                 &Skims::pt_walk_minutes, &Skims::pt_boardings,
                                 &Skims::pt_generalized_minutes};
  // A road field some period lacks (a test network without walk skims) stays empty: run_model's
  // skim check names it when a mode needs it.
  std::vector<OdMatrix Skims::*> fields;
  for (auto m : road) {
    const bool all = std::all_of(per_period.begin(), per_period.end(), [&](const Skims& k) {
      return (k.*m).rows() == n && (k.*m).cols() == n;
    });
    if (!all) continue;
    fields.push_back(m);
    (s.*m) = OdMatrix::Zero(n, n);
  }
  for (auto m : pt) (s.*m) = OdMatrix::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      // Road, bike and walk: every period counts (a road is always there; +inf stays +inf).
      for (std::size_t p = 0; p < periods.size(); ++p) {
        const double o = 0.5 * periods[p].outbound_share[purpose];
        const double r = 0.5 * periods[p].return_share[purpose];
        for (auto m : fields) {
          const OdMatrix& x = per_period[p].*m;
          if (o > 0.0) (s.*m)(i, j) += o * x(i, j);
          if (r > 0.0) (s.*m)(i, j) += r * x(j, i);
        }
      }
      // PT: over the periods with service, weights renormalised; +inf when none has any.
      double w = 0.0;
      for (std::size_t p = 0; p < periods.size(); ++p) {
        const auto& g = per_period[p].pt_generalized_minutes;
        if (std::isfinite(g(i, j))) w += periods[p].outbound_share[purpose];
        if (std::isfinite(g(j, i))) w += periods[p].return_share[purpose];
      }
      for (auto m : pt) {
        double v = 0.0;
        for (std::size_t p = 0; p < periods.size() && w > 0.0; ++p) {
          const auto& g = per_period[p].pt_generalized_minutes;
          const OdMatrix& x = per_period[p].*m;
          if (std::isfinite(g(i, j))) v += periods[p].outbound_share[purpose] / w * x(i, j);
          if (std::isfinite(g(j, i))) v += periods[p].return_share[purpose] / w * x(j, i);
        }
        (s.*m)(i, j) = w > 0.0 ? v : kInf;
      }
    }
  }
  return s;
}

void tour_car_minutes(std::span<const Skims> per_period, const std::vector<TimePeriod>& periods,
                      std::size_t purpose, Skims& into) {
  // The same sums in the same order as tour_skims' road fields.
  const auto n = per_period.front().car_minutes.rows();
  OdMatrix& s = into.car_minutes;
  s = OdMatrix::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      for (std::size_t p = 0; p < periods.size(); ++p) {
        const double o = 0.5 * periods[p].outbound_share[purpose];
        const double r = 0.5 * periods[p].return_share[purpose];
        const OdMatrix& x = per_period[p].car_minutes;
        if (o > 0.0) s(i, j) += o * x(i, j);
        if (r > 0.0) s(i, j) += r * x(j, i);
      }
    }
  }
}

std::vector<double> daily_link_flow(const ModelRun& run, int vehicle_class) {
  std::vector<double> out;
  for (const auto& pr : run.periods) {
    const auto& r = pr.road;
    const std::size_t nl = r.link_flow.size();
    if (out.empty()) out.assign(nl, 0.0);
    for (std::size_t a = 0; a < nl && a < out.size(); ++a) {
      double x = r.link_flow[a];
      if (vehicle_class >= 0) {
        const auto c = static_cast<std::size_t>(vehicle_class);
        x = c < r.class_flow.size() ? r.class_flow[c][a] : 0.0;
      } else if (!r.class_flow.empty()) {
        x = 0.0;
        for (const auto& f : r.class_flow) x += f[a];  // vehicles, not PCE
      }
      out[a] += x / pr.peak_hour_factor;
    }
  }
  return out;
}

std::vector<double> period_link_flow(const ModelRun& run, std::size_t period) {
  std::vector<double> out;
  if (period >= run.periods.size()) return out;
  const auto& pr = run.periods[period];
  const auto& r = pr.road;
  out.assign(r.link_flow.size(), 0.0);
  for (std::size_t a = 0; a < out.size(); ++a) {
    double x = r.link_flow[a];
    if (!r.class_flow.empty()) {
      x = 0.0;
      for (const auto& f : r.class_flow) x += f[a];
    }
    out[a] = x / pr.peak_hour_factor;
  }
  return out;
}

}  // namespace corridor::demand
