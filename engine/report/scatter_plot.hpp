#pragma once
// The 45° scatter plot of modelled against observed figures (counts, boardings) that planners
// read next to the fit statistics (calibration/fit_statistics.hpp): observed on x, modelled on
// y, the same scale on both axes, the line modelled = observed, and optionally the GEH = 5 band.
// Every point carries a <title> tooltip (label, observed, modelled, GEH), so hovering a point in a
// browser names the count.
//
// GEH band: GEH = sqrt(2 (m − c)² / (m + c)) on hourly flows (TAG Unit M3.1). For observed c
// (per hour) the modelled values with GEH = 5 solve (m − c)² = 12.5 (m + c):
//   m = c + 6.25 ± sqrt(39.0625 + 25 c);
// a period of H hours scales c and m by H. The band is drawn as two dashed curves (the lower one
// from where it turns positive).
//
// Axes: linear from 0, or log10 (points with a non-positive coordinate are then left out and
// counted in the caption). Several series (e.g. the prior's fit and the estimate's) are drawn in
// order with a legend.
//
//   corridor::report::ScatterSeries after{"estimate", "#1f77b4", {}};
//   after.points.push_back({1200.0, 1130.0, "12-15"});
//   std::string svg = corridor::report::scatter_plot_svg("fit", "Counts: modelled vs observed",
//                                                        std::vector{after}, {});
#include <string>
#include <string_view>
#include <vector>

namespace corridor::report {

struct ScatterPoint {
  double observed = 0.0;
  double modelled = 0.0;
  std::string label;  // shown in the tooltip
};

struct ScatterSeries {
  std::string name;                // legend text
  std::string colour = "#1f77b4";  // fill of the points
  std::vector<ScatterPoint> points;
};

struct ScatterOptions {
  std::string unit = "veh";   // axis unit text
  bool log_axes = false;      // log10 axes instead of linear from 0
  bool geh_band = true;       // GEH = 5 curves (meaningful for flows only)
  double period_hours = 1.0;  // period of the figures, for the GEH band and tooltips
  double size = 520.0;        // width and height of the square plot, pixels
};

// A standalone <svg> element (with xmlns; embeddable in HTML or written as a .svg file).
[[nodiscard]] std::string scatter_plot_svg(std::string_view id, std::string_view title,
                                           const std::vector<ScatterSeries>& series,
                                           const ScatterOptions& options);

}  // namespace corridor::report
