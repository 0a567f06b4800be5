// Observed figures evaluated on a model run (evaluate.hpp).
#include "calibration/evaluate.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "calibration/fit_statistics.hpp"
#include "core/atomic_file.hpp"
#include "demand/model_run.hpp"
#include "demand/periods.hpp"
#include "model/region_model.hpp"

namespace corridor::calibration {

namespace {

// Trips of `purpose` (-1: all) by the modes of `mode_mask` (bit q = demand::Mode q; 0: all)
// produced in `from`, to `to` (nullptr: anywhere).
double sum_trips(const demand::ModelRun& run, int purpose, std::uint32_t mode_mask,
                 const std::vector<std::uint32_t>& from, const std::vector<std::uint32_t>* to) {
  double s = 0.0;
  for (std::size_t k = 0; k < demand::kPurposeCount; ++k) {
    if (purpose >= 0 && static_cast<std::size_t>(purpose) != k) continue;
    for (std::size_t m = 0; m < demand::kModeCount; ++m) {
      if (mode_mask != 0 && (mode_mask & (1u << m)) == 0) continue;
      const auto& t = run.purposes[k].weekday[m];
      if (t.size() == 0) continue;
      for (const auto i : from) {
        if (to == nullptr) {
          s += t.row(static_cast<Eigen::Index>(i)).sum();
        } else {
          for (const auto j : *to)
            s += t(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
        }
      }
    }
  }
  return s;
}

struct Value {
  bool ok = false;
  double v = 0.0;
  std::string reason;
};

Value not_modelled(std::string reason) { return {false, 0.0, std::move(reason)}; }
Value modelled(double v) { return {true, v, {}}; }

Value modelled_value(const Target& t, const model::RegionModel& region,
                     const demand::DemandParameters& /*params*/, const demand::ModelRun& run) {
  if (!t.missing_mode.empty()) {
    return not_modelled("the figure counts " + t.missing_mode + " trips; the model has no " +
                        t.missing_mode + " mode");
  }
  switch (t.kind) {
    case TargetKind::station: {
      if (t.day_type == DayType::day) {
        return not_modelled("the model gives an average weekday, the count is a 7-day average");
      }
      if (run.pt.stop_line_weekday.empty()) return not_modelled("the run has no per-stop PT loads");
      double b = 0.0;
      double a = 0.0;
      for (const auto& e : run.pt.stop_line_weekday) {
        if (e.stop != t.stop || e.line >= region.transit.lines.size()) continue;
        if (!operator_matches(region.transit.lines[e.line].operator_name, t.operator_filter)) {
          continue;
        }
        b += e.boardings;
        a += e.alightings;
      }
      return modelled(t.measure == StationMeasure::boardings    ? b
                      : t.measure == StationMeasure::alightings ? a
                                                                : a + b);
    }
    case TargetKind::link_count:
    case TargetKind::truck_share: {
      if (run.road.class_flow.size() < 2) return not_modelled("the run has no car/truck flows");
      // A day: the sum of the periods' flows (demand/periods.hpp); the AM peak hour: the first
      // period's assigned hour.
      const bool day = t.kind == TargetKind::truck_share || t.period == CountPeriod::day;
      const std::vector<double> car_day =
          day ? demand::daily_link_flow(run, 0) : run.road.class_flow[0];
      const std::vector<double> truck_day =
          day ? demand::daily_link_flow(run, 1) : run.road.class_flow[1];
      double cars = 0.0;
      double trucks = 0.0;
      for (const auto a : t.links) {
        cars += car_day[a];
        trucks += truck_day[a];
      }
      if (t.kind == TargetKind::truck_share) {
        return cars + trucks > 0.0 ? modelled(trucks / (cars + trucks))
                                   : not_modelled("no vehicles on these links in the model");
      }
      return modelled(t.vehicle_class == VehicleClass::truck ? trucks : cars + trucks);
    }
    case TargetKind::trips_between:
      return modelled(sum_trips(run, t.purpose, t.mode_mask, t.from_zones, &t.to_zones));
    case TargetKind::destination_share: {
      const double all = sum_trips(run, t.purpose, t.mode_mask, t.from_zones, nullptr);
      if (all <= 0.0) return not_modelled("no trips produced in " + t.from_set);
      return modelled(sum_trips(run, t.purpose, t.mode_mask, t.from_zones, &t.to_zones) / all);
    }
    case TargetKind::mode_share: {
      const double all = sum_trips(run, t.purpose, t.mode_mask, t.from_zones, nullptr);
      if (all <= 0.0) return not_modelled("no trips produced in " + t.from_set);
      const std::uint32_t one = 1u << static_cast<unsigned>(t.mode);
      return modelled(sum_trips(run, t.purpose, one, t.from_zones, nullptr) / all);
    }
    case TargetKind::trips_per_person: {
      double pop = 0.0;
      for (const auto z : t.from_zones) pop += z < run.zones.size() ? run.zones[z].population : 0.0;
      if (pop <= 0.0) return not_modelled("no residents in " + t.from_set);
      return modelled(2.0 * sum_trips(run, t.purpose, t.mode_mask, t.from_zones, nullptr) / pop);
    }
    case TargetKind::operator_boardings: {
      double b = 0.0;
      for (std::size_t l = 0; l < region.transit.lines.size(); ++l) {
        if (l < run.pt.line_boardings_weekday.size() &&
            operator_matches(region.transit.lines[l].operator_name, t.operator_filter)) {
          b += run.pt.line_boardings_weekday[l];
        }
      }
      return modelled(b);
    }
    case TargetKind::rail_access_share: {
      // transit::RailAccess order: walk, bike, car (P+R), PT feeder.
      const auto& v = run.pt.rail_access_weekday;
      double all = 0.0;
      for (const double x : v) all += x;
      if (all <= 0.0) return not_modelled("the run reports no rail journeys by access mode");
      const std::size_t i = t.access_mode == "walk"   ? 0
                            : t.access_mode == "bike" ? 1
                            : t.access_mode == "car"  ? 2
                                                      : 3;
      return modelled(v[i] / all);
    }
  }
  return not_modelled("unknown kind");
}

std::string number(double v) {
  if (!std::isfinite(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

std::vector<TargetResult> evaluate_observed(const ObservedData& observed,
                                            const model::RegionModel& region,
                                            const demand::DemandParameters& params,
                                            const demand::ModelRun& run) {
  std::vector<TargetResult> out;
  out.reserve(observed.targets.size());
  for (const auto& t : observed.targets) {
    TargetResult r;
    const Value v = modelled_value(t, region, params, run);
    r.modelled = v.ok && std::isfinite(v.v);
    if (!r.modelled) {
      r.not_modelled = v.ok ? "the model gave a non-finite value" : v.reason;
      out.push_back(std::move(r));
      continue;
    }
    r.value = v.v;
    r.ratio = t.value > 0.0 ? v.v / t.value : 0.0;
    const double d = v.v - t.value;
    switch (t.bound) {
      case Bound::none:
        r.residual = d / t.tolerance;
        break;
      case Bound::upper:
        r.residual = std::max(0.0, d) / t.tolerance;
        break;
      case Bound::lower:
        r.residual = std::min(0.0, d) / t.tolerance;
        break;
    }
    r.within_tolerance = std::abs(r.residual) <= 1.0;
    if (t.is_count() && t.bound == Bound::none && v.v >= 0.0) {
      r.has_geh = true;
      r.geh = geh_for_period(v.v, t.value, t.period_hours());
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string q = "\"";
  for (const char c : text) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string validation_csv(const ObservedData& observed, const std::vector<TargetResult>& results) {
  std::ostringstream os;
  os << "target,kind,set,observed,bound,tolerance,modelled,ratio,geh,within_tolerance,status,year,"
        "source,file\n";
  for (std::size_t k = 0; k < observed.targets.size() && k < results.size(); ++k) {
    const Target& t = observed.targets[k];
    const TargetResult& r = results[k];
    os << csv_field(t.label) << ',' << target_kind_name(t.kind) << ',' << target_set_name(t.set)
       << ',' << number(t.value) << ','
       << (t.bound == Bound::upper   ? "upper"
           : t.bound == Bound::lower ? "lower"
                                     : "")
       << ',' << number(t.tolerance) << ',' << (r.modelled ? number(r.value) : "") << ','
       << (r.modelled ? number(r.ratio) : "") << ',' << (r.has_geh ? number(r.geh) : "") << ','
       << (r.modelled ? (r.within_tolerance ? "yes" : "no") : "") << ','
       << csv_field(r.modelled ? "modelled" : "not modelled: " + r.not_modelled) << ',' << t.year
       << ',' << csv_field(t.source) << ','
       << csv_field(std::filesystem::path(t.file).filename().string() + ":" +
                    std::to_string(t.line))
       << '\n';
  }
  return os.str();
}

void write_validation_csv(const std::filesystem::path& path, const ObservedData& observed,
                          const std::vector<TargetResult>& results) {
  write_file_atomically(path, validation_csv(observed, results));
}

}  // namespace corridor::calibration
