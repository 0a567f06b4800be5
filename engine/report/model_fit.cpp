// "Does the model fit?": the base run against every observed figure of the region
// (calibration::evaluate_observed, the rows of DIR/base/validation.csv), in plain words: the 45°
// scatter plot of the counts (scatter_plot.hpp), the station table, the commuting table, the other
// figures, and where the back-cast stands.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "report/html_parts.hpp"
#include "report/scatter_plot.hpp"
#include "report/svg.hpp"

namespace corridor::report::html {
namespace {

bool is_commuting(const FitRow& r) {
  return r.kind == "trips_between" || r.kind == "destination_share";
}

// Shares (destination_share, mode_share, ...) are fractions; shown as percentages.
bool is_share(const FitRow& r) { return r.kind.find("share") != std::string::npos; }

std::string value_text(const FitRow& r, double v) {
  if (is_share(r)) return fixed(100.0 * v, 1) + " %";
  if (r.kind == "trips_per_person") return fixed(v, 2);
  return grouped(v);
}

std::vector<std::string> fit_row(const FitRow& r) {
  return {r.label,
          r.set,
          value_text(r, r.observed),
          r.modelled ? value_text(r, r.value) : "not modelled",
          r.modelled && r.observed != 0 ? fixed(r.value / r.observed, 2) : "",
          r.has_geh && r.modelled ? fixed(r.geh, 1) : "",
          r.modelled ? (r.within_tolerance ? "yes" : "no") : r.note};
}

const std::vector<std::string> kFitHead{"figure", "set", "observed",        "modelled",
                                        "ratio",  "GEH", "within tolerance"};

std::string percent(double fraction) {
  return (fraction < 0 ? "\xe2\x88\x92" : "+") + fixed(100.0 * std::abs(fraction), 1) + " %";
}

// The back-cast, built from the batch's computed result (DIR/backcast.csv): one sentence per
// figure and the table; without one, where to declare it.
std::string backcast_part(const BatchReport& batch) {
  std::string s = "<h3>The back-cast</h3>";
  if (!batch.backcast)
    return s + para(
                   "A back-cast runs a project that was actually built in reverse and compares "
                   "what the model says it did with what was seen. This batch ran none (a "
                   "[backcast] entry in the batch file runs one; docs/model-validation.md).",
                   "note");
  const auto& b = *batch.backcast;
  std::size_t within = 0;
  std::string text =
      "A back-cast runs a project that was actually built in reverse and compares what the "
      "model says it did with what was seen. This batch ran \xe2\x80\x9c" +
      b.title + "\xe2\x80\x9d (" + b.scenario + ".toml; the figures are in backcast.csv). ";
  for (const auto& r : b.rows) {
    within += r.within_tolerance ? 1 : 0;
    if (r.measure == "change") {
      text += r.figure + ": the model gives " + percent(r.modelled) + ", against " +
              percent(r.observed) + " (" + (r.within_tolerance ? "within" : "outside") +
              " \xc2\xb1" + fixed(100.0 * r.tolerance, 0) + " points). ";
    } else {
      text += r.figure + ": the model has " + grouped(r.modelled) + " vehicles a day " +
              (r.measure == "without" ? "without" : "with") + " the project, against " +
              grouped(r.observed) + " observed, " + fixed(r.ratio, 2) + " \xc3\x97 (" +
              (r.within_tolerance ? "within" : "outside") + " \xc2\xb1" +
              fixed(100.0 * r.tolerance, 0) + " %). ";
    }
  }
  text += std::to_string(within) + " of " + std::to_string(b.rows.size()) +
          " back-cast figures lie within their tolerance.";
  s += para(text);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : b.rows) {
    const bool change = r.measure == "change";
    rows.push_back({r.figure, r.measure, change ? percent(r.observed) : grouped(r.observed),
                    change ? percent(r.modelled) : grouped(r.modelled), fixed(r.ratio, 2),
                    r.has_geh ? fixed(r.geh, 1) : "", r.within_tolerance ? "yes" : "no", r.source});
  }
  return s + table("fit-backcast",
                   {"figure", "project", "observed", "modelled", "ratio", "GEH", "within tolerance",
                    "source"},
                   rows, "llrrrrll");
}

}  // namespace

std::string fit_caveat(const BatchReport& batch) {
  std::size_t modelled = 0, within = 0, validation = 0, validation_within = 0;
  for (const auto& r : batch.fit) {
    if (!r.modelled) continue;
    ++modelled;
    within += r.within_tolerance ? 1 : 0;
    if (r.set == "validation") {
      ++validation;
      validation_within += r.within_tolerance ? 1 : 0;
    }
  }
  if (modelled == 0) return {};
  std::string s = "Model fit: " + std::to_string(within) + " of " + std::to_string(modelled) +
                  " observed figures lie within their tolerance";
  if (validation > 0)
    s += " (" + std::to_string(validation_within) + " of the " + std::to_string(validation) +
         " kept apart for validation)";
  const FitRow* worst = nullptr;
  for (const auto& r : batch.fit)
    if (r.modelled && !r.within_tolerance && r.kind == "station" && r.observed > 0 &&
        (worst == nullptr || std::abs(std::log(std::max(r.value, 1.0) / r.observed)) >
                                 std::abs(std::log(std::max(worst->value, 1.0) / worst->observed))))
      worst = &r;
  s += ".";
  if (worst != nullptr)
    s += " The largest miss at a station (outside its tolerance): " + worst->label + ", modelled " +
         fixed(worst->value / worst->observed, 2) + " \xc3\x97 the count.";
  s += " See \xe2\x80\x9c"
       "Does the model fit?\xe2\x80\x9d.";
  return s;
}

std::string model_fit_section(const BatchReport& batch) {
  std::string s = "<section id=\"model-fit\" class=\"page\"><h2>Does the model fit?</h2>";
  if (batch.fit.empty())
    return s +
           para(
               "The region has no observed figures (no observed/ folder), so the base is not "
               "compared with counts here.",
               "note") +
           backcast_part(batch) + "</section>";
  std::size_t cal = 0, val = 0, modelled = 0, within = 0;
  for (const auto& r : batch.fit) {
    (r.set == "validation" ? val : cal) += 1;
    if (!r.modelled) continue;
    ++modelled;
    within += r.within_tolerance ? 1 : 0;
  }
  s += para(
      "The model of today (the base every measure is compared with) against " +
      std::to_string(batch.fit.size()) + " observed figures: " + std::to_string(cal) +
      " were used to tune the model (calibration), " + std::to_string(val) +
      " were kept apart to test it (validation). " + std::to_string(within) + " of the " +
      std::to_string(modelled) +
      " figures the model can produce lie within their tolerance. A point on the diagonal of the "
      "plot is a perfect fit; above it the model has too much, below it too little. GEH is the "
      "usual traffic-count fit statistic (below 5 is a good fit for a count).");

  ScatterSeries calibration{"calibration (tuned to)", "#2166ac", {}};
  ScatterSeries validation{"validation (kept apart)", "#e08214", {}};
  for (const auto& r : batch.fit) {
    if (!r.modelled || !r.has_geh || is_share(r)) continue;
    (r.set == "validation" ? validation : calibration)
        .points.push_back({r.observed, r.value, r.label});
  }
  if (!calibration.points.empty() || !validation.points.empty()) {
    ScatterOptions opt;
    opt.unit = "per weekday";
    opt.log_axes = true;
    opt.geh_band = false;  // the counts cover different periods and kinds
    opt.size = 420;
    s += scatter_plot_svg("fit-scatter", "Counts: modelled against observed (log scales)",
                          {calibration, validation}, opt);
  }

  std::vector<std::vector<std::string>> stations, commuting, other;
  for (const auto& r : batch.fit) {
    (r.kind == "station" ? stations : is_commuting(r) ? commuting : other).push_back(fit_row(r));
  }
  if (!stations.empty()) {
    s += "<h3>Stations: boardings and alightings per weekday</h3>" +
         table("fit-stations", kFitHead, stations, "llrrrrl");
  }
  if (!commuting.empty()) {
    s += "<h3>Commuting: trips between areas</h3>" +
         table("fit-commuting", kFitHead, commuting, "llrrrrl");
  }
  if (!other.empty()) {
    s += "<h3>Road counts, mode shares and other figures</h3>" +
         table("fit-other", kFitHead, other, "llrrrrl");
  }
  s += backcast_part(batch) + "</section>";
  return s;
}

}  // namespace corridor::report::html
