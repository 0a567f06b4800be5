#pragma once
// The report's charts and maps as standalone <svg> elements (plain string building; every text
// escaped, every number formatted with a fixed number of decimals).
//
//   std::vector<Bar> bars{{"knoop-reusel", 412.0, false}};
//   html += bar_chart_svg("hours", "Person-hours saved per weekday", bars, "h/day", 0, 25.0,
//                         "noise floor");
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/classes.hpp"
#include "report/labels.hpp"
#include "report/report_data.hpp"
#include "report/svg.hpp"

namespace corridor::report {

struct Bar {
  std::string label;
  double value = 0.0;
  bool muted = false;  // drawn grey (e.g. below the noise floor)
};

// Horizontal bar chart, one row per bar in the given order; negative values extend left of the
// zero line. `marker` draws a dashed vertical line (e.g. the noise floor) labelled `marker_label`.
[[nodiscard]] std::string bar_chart_svg(std::string_view id, std::string_view title,
                                        const std::vector<Bar>& bars, std::string_view unit,
                                        int decimals, std::optional<double> marker = {},
                                        std::string_view marker_label = {});

// Relative gap per iteration on a log10 axis, one polyline per series (non-positive gaps are
// skipped: they have no logarithm).
[[nodiscard]] std::string convergence_svg(std::string_view id, std::string_view title,
                                          const std::vector<ConvergenceSeries>& series);

// Zone display order for OD matrices: by country (NL, BE, then others A-Z), then corridor, then
// zone index. Stable and deterministic.
[[nodiscard]] std::vector<std::uint32_t> grouped_zone_order(const std::vector<MapZone>& zones);

// OD heat map of `values` (row-major zones x zones) in `order`, separators where country or
// corridor changes. Cells carry a tooltip up to 30 zones. Colours: the fixed `classes` with their
// legend when given (classes.hpp), else a diverging scale symmetric around zero.
[[nodiscard]] std::string od_heat_map_svg(std::string_view id, std::string_view title,
                                          const std::vector<MapZone>& zones,
                                          const std::vector<double>& values,
                                          const std::vector<std::uint32_t>& order,
                                          const std::vector<ColourClass>* classes = nullptr);

// Maps. `region`: roads by class, rail, border, zone centroids coloured by country.
// `flows`: scenario flow as width, change against the base in the fixed classes of
// flow_change_classes() (classes.hpp), the scenario's changes highlighted. `zone_savings`: circles
// at zone centroids in the fixed classes of hours_saved_classes(). `access_before`: jobs reachable
// in the base (jobs_classes()); `access_change`: after − before (jobs_change_classes()), for the
// mode and time band of `view` (from ScenarioReport::access).
// Every map draws the shared layers of map_defs_svg() by reference (<use href="#base-...">): a
// page with maps must contain map_defs_svg() once (render_report_html does).
enum class MapKind { region, flows, zone_savings, access_before, access_change };
struct AccessView {
  bool pt = true;    // PT, else car
  int minutes = 45;  // 30 or 45
};
[[nodiscard]] std::string map_svg(std::string_view id, const MapGeometry& map,
                                  const ScenarioReport* scenario, MapKind kind,
                                  AccessView view = {});
// The layers every map shares, drawn once in a hidden <svg>: roads in colour (#base-colour) and
// grey (#base-grey) with railways, the national border (#base-border) and the place names
// (#base-labels, placed by place_map_labels()).
[[nodiscard]] std::string map_defs_svg(const MapGeometry& map);
// The place names as placed on every map (labels.hpp): municipalities at the population-weighted
// centroid of their zones, by population, no two boxes overlapping, clear of the scale bar.
[[nodiscard]] std::vector<PlacedLabel> place_map_labels(const MapGeometry& map);

// Map canvas size in pixels.
inline constexpr double kMapWidth = 760.0;
inline constexpr double kMapHeight = 560.0;
inline constexpr double kMapMargin = 24.0;

}  // namespace corridor::report
