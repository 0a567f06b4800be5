#pragma once
// Reports people look at: one self-contained report.html (inline SVG maps and charts, tables with
// the figures behind every chart; no external scripts, fonts or tiles, so it opens offline) and
// GeoJSON files that QGIS reads (links with flows, zones with savings, PT lines with loads).
//
// Input is the plain data of report_data.hpp. Output is deterministic: fixed number formatting,
// input order everywhere, no clock. All text is escaped for HTML/XML.
//
//   corridor::report::write_report_html(out / "report.html", batch, geometry);
//   corridor::report::write_links_geojson(out / "links.geojson", geometry, batch.scenarios[0]);
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "report/report_data.hpp"

namespace corridor::report {

// The whole report as one HTML document.
[[nodiscard]] std::string render_report_html(const BatchReport& batch, const MapGeometry& map);
// Writes render_report_html() atomically (core/atomic_file.hpp).
void write_report_html(const std::filesystem::path& path, const BatchReport& batch,
                       const MapGeometry& map);

// GeoJSON FeatureCollections (RFC 7946, lon/lat). Links: one LineString per drawn link (a
// scenario's replaced links left out, its split halves and new links in) with link_id,
// from_node, to_node, name, facility, daily_flow, delta_daily_flow, speed_kmh, change. Zones: one
// Point per zone with name, country, corridor, hours_saved_per_day. Lines: one LineString per
// segment with line, mode, from_stop, to_stop, daily_passengers, line_daily_boardings.
[[nodiscard]] std::string links_geojson(const MapGeometry& map, const ScenarioReport& scenario);
[[nodiscard]] std::string zones_geojson(const MapGeometry& map, const ScenarioReport& scenario);
[[nodiscard]] std::string lines_geojson(const MapGeometry& map, const ScenarioReport& scenario);
void write_links_geojson(const std::filesystem::path& path, const MapGeometry& map,
                         const ScenarioReport& scenario);
void write_zones_geojson(const std::filesystem::path& path, const MapGeometry& map,
                         const ScenarioReport& scenario);
void write_lines_geojson(const std::filesystem::path& path, const MapGeometry& map,
                         const ScenarioReport& scenario);

}  // namespace corridor::report
