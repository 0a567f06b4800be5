// Unit tests of the report writers against answers worked out by hand: escaping and number
// formats, the projection of a two-link map, bar and convergence chart geometry, the OD zone
// order, GeoJSON parsed back field by field, and properties of the assembled HTML.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/charts.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"
#include "synthetic_report.hpp"

namespace corridor::report {
namespace {

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

TEST(Escape, EscapesAllFiveCharacters) {
  EXPECT_EQ(escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(escape("plain text, caf\xc3\xa9"), "plain text, caf\xc3\xa9");
}

TEST(Numbers, FixedGroupedScientific) {
  EXPECT_EQ(fixed(3.14159, 2), "3.14");
  EXPECT_EQ(fixed(-0.004, 2), "0.00");  // no "-0.00"
  EXPECT_EQ(fixed(-1.25e-3, 4), "-0.0013");
  EXPECT_EQ(fixed(12.0, 0), "12");
  EXPECT_EQ(grouped(1234567.8), "1,234,568");
  EXPECT_EQ(grouped(-1234.54, 1), "-1,234.5");
  EXPECT_EQ(grouped(999.0), "999");
  EXPECT_EQ(grouped(-100000.0), "-100,000");
  EXPECT_EQ(scientific(0.000123456), "1.23e-04");
  EXPECT_EQ(fixed(std::nan(""), 1), "nan");
}

// Two links A(5,51) -> B(6,51) -> C(6,52). Box 1 x 1 degree, lat0 = 51.5, cos(51.5 deg) =
// 0.6225146. Map area 760 x 560 with margin 24: sx = 712 / 0.6225146 = 1143.75, sy = 512 / 1 =
// 512, so scale = 512 px per degree. A -> (24, 536); B -> (24 + 0.6225146 * 512, 536) =
// (342.73, 536); C -> (342.73, 24).
TEST(Projection, TwoLinkMapByHand) {
  MapGeometry g;
  MapLink ab;
  ab.from = {5.0, 51.0};
  ab.to = {6.0, 51.0};
  ab.facility = "motorway";
  MapLink bc = ab;
  bc.from = {6.0, 51.0};
  bc.to = {6.0, 52.0};
  g.links = {ab, bc};

  const auto proj = Projection::fit(geometry_box(g), kMapWidth, kMapHeight, kMapMargin);
  EXPECT_NEAR(proj.kx(), 0.6225146, 1e-7);
  EXPECT_DOUBLE_EQ(proj.scale(), 512.0);
  const Point a = proj({5.0, 51.0}), b = proj({6.0, 51.0}), c = proj({6.0, 52.0});
  EXPECT_NEAR(a.x, 24.0, 1e-9);
  EXPECT_NEAR(a.y, 536.0, 1e-9);
  EXPECT_NEAR(b.x, 342.7275, 1e-3);
  EXPECT_NEAR(b.y, 536.0, 1e-9);
  EXPECT_NEAR(c.x, 342.7275, 1e-3);
  EXPECT_NEAR(c.y, 24.0, 1e-9);

  // The roads are drawn once, in the shared layers every map refers to.
  const std::string svg = map_defs_svg(g);
  EXPECT_NE(map_svg("m", g, nullptr, MapKind::region).find("<use href=\"#base-colour\"/>"),
            std::string::npos);
  EXPECT_NE(svg.find("<line x1=\"24.0\" y1=\"536.0\" x2=\"342.7\" y2=\"536.0\" stroke=\"#e07b39\" "
                     "stroke-width=\"2.60\""),
            std::string::npos);
  EXPECT_NE(svg.find("<line x1=\"342.7\" y1=\"536.0\" x2=\"342.7\" y2=\"24.0\" stroke=\"#e07b39\""),
            std::string::npos);
  // 10 km scale bar: 10 / 111.32 degrees * 512 px = 45.99 px.
  EXPECT_NE(map_svg("m", g, nullptr, MapKind::region)
                .find("<line x1=\"24.0\" y1=\"550.0\" x2=\"70.0\" y2=\"550.0\""),
            std::string::npos);
}

// Same projection; A -> B (flow 100) and back B -> A (flow 50), B -> C one way (flow 10). Widths
// 0.5 + 7.5 * flow / 100: 8.0, 4.25, 1.25. Each direction of the two-way road sits on its right
// (screen y points down): A -> B runs east, shifted down by 8.0 / 2 + 0.4 = 4.4 to y = 540.4;
// B -> A runs west, shifted up by 4.25 / 2 + 0.4 = 2.525 to y = 533.475; B -> C stays centred.
TEST(FlowMap, TwoWayRoadsDrawnSideBySide) {
  MapGeometry g;
  MapLink ab;
  ab.from_node = 1;
  ab.to_node = 2;
  ab.from = {5.0, 51.0};
  ab.to = {6.0, 51.0};
  ab.facility = "motorway";
  MapLink ba = ab;
  std::swap(ba.from, ba.to);
  std::swap(ba.from_node, ba.to_node);
  MapLink bc = ab;
  bc.from_node = 2;
  bc.to_node = 3;
  bc.from = {6.0, 51.0};
  bc.to = {6.0, 52.0};
  g.links = {ab, ba, bc};
  ScenarioReport sc;
  sc.name = "s";
  sc.link_flows = {{0, 100.0, 0.0, 90.0}, {1, 50.0, 0.0, 90.0}, {2, 10.0, 0.0, 90.0}};
  const std::string svg = map_svg("m", g, &sc, MapKind::flows);
  const auto flows = svg.substr(svg.find("<g class=\"flows\""));
  EXPECT_NE(flows.find("<line x1=\"24.0\" y1=\"540.4\" x2=\"342.7\" y2=\"540.4\""),
            std::string::npos)
      << flows;
  EXPECT_NE(flows.find("<line x1=\"342.7\" y1=\"533.5\" x2=\"24.0\" y2=\"533.5\""),
            std::string::npos)
      << flows;
  EXPECT_NE(flows.find("<line x1=\"342.7\" y1=\"536.0\" x2=\"342.7\" y2=\"24.0\""),
            std::string::npos)
      << flows;
}

// Bars 10 and -5: ticks every 2 (range 15 / 5 intervals = 3 -> 2), axis from -6 to 10 over the
// 440 px plot starting after the label column, which for short labels is its minimum 120 px.
// Zero at 120 + 6/16 * 440 = 285; 10 at 560; -5 at 147.5.
TEST(BarChart, GeometryByHand) {
  const std::string svg =
      bar_chart_svg("b", "t", {{"up", 10.0, false}, {"down", -5.0, false}}, "units", 1);
  EXPECT_NE(
      svg.find("<rect x=\"285.0\" y=\"37.0\" width=\"275.0\" height=\"16.0\" fill=\"#2b7bba\""),
      std::string::npos)
      << svg;
  EXPECT_NE(
      svg.find("<rect x=\"147.5\" y=\"59.0\" width=\"137.5\" height=\"16.0\" fill=\"#d7301f\""),
      std::string::npos)
      << svg;
  EXPECT_EQ(count(svg, "class=\"bar\""), 2U);
  EXPECT_NE(svg.find("width=\"670\""), std::string::npos);  // 120 + 440 + 110
  // A marker at 12.5 widens the axis: range 17.5 / 5 intervals = 3.5 -> step 5, axis -5..15;
  // the marker is drawn at 120 + 17.5 / 20 * 440 = 505.
  const std::string m = bar_chart_svg("b", "t", {{"up", 10.0, true}, {"down", -5.0, false}}, "u", 1,
                                      12.5, "noise floor");
  EXPECT_NE(m.find("<line x1=\"505.0\""), std::string::npos) << m;
  EXPECT_NE(m.find("fill=\"#bbbbbb\""), std::string::npos);  // muted bar
  EXPECT_NE(m.find("noise floor 12.5"), std::string::npos);
}

// A 48-character combination name gets a 14 + 6.2 * 48 = 311.6 px label column: its text ends
// at 305.6 and the bar of 10 on a 0..10 axis starts at 311.6 (formerly cut at the left edge).
TEST(BarChart, LabelColumnFitsTheLongestName) {
  const std::string name = "snelbus-eindhoven-turnhout+hub-pelt-valkenswaard";
  ASSERT_EQ(name.size(), 48U);
  const std::string svg = bar_chart_svg("b", "t", {{name, 10.0, false}}, "u", 1);
  EXPECT_NE(svg.find("<text x=\"305.6\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("<rect x=\"311.6\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("width=\"862\""), std::string::npos) << svg;  // 311.6 + 440 + 110
}

// Gaps 1e-1 and 1e-3 at iterations 1 and 2: decades -3..-1 over the 206 px plot from y = 34, the
// iterations over 500 px from x = 70.
TEST(ConvergenceChart, LogScaleByHand) {
  const std::string svg = convergence_svg("c", "gap", {{"road", {{1, 1e-1}, {2, 1e-3}, {3, 0.0}}}});
  EXPECT_NE(svg.find("points=\"70.0,34.0 570.0,240.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find(">1e-2</text>"), std::string::npos);
}

TEST(HeatMap, ZonesGroupedByCountryThenCorridor) {
  std::vector<MapZone> zones{{"k1", {}, "BE", "k"},
                             {"z", {}, "NL", "z"},
                             {"a", {}, "NL", "a"},
                             {"k2", {}, "BE", "k"},
                             {"d", {}, "DE", "x"}};
  EXPECT_EQ(grouped_zone_order(zones), (std::vector<std::uint32_t>{2, 1, 0, 3, 4}));
  // 2 x 2 matrix: only the non-zero cells are drawn, full green for the largest saving.
  std::vector<MapZone> two{{"A", {}, "NL", "c"}, {"B", {}, "BE", "c"}};
  const std::string svg = od_heat_map_svg("h", "t", two, {0.0, 4.0, -2.0, 0.0}, {0, 1});
  EXPECT_EQ(count(svg, "<title>"), 2U);
  EXPECT_NE(svg.find("fill=\"#1a9850\"><title>A \xe2\x86\x92 B: 4.00 h/day</title>"),
            std::string::npos)
      << svg;
  EXPECT_TRUE(od_heat_map_svg("h", "t", two, {1.0}, {0, 1}).empty());  // wrong size
}

TEST(GeoJson, LinksParsedBackFieldByField) {
  const auto g = testing::synthetic_geometry();
  const auto b = testing::synthetic_batch(g);
  const auto& sc = b.scenarios[0];
  const auto j = nlohmann::json::parse(links_geojson(g, sc));
  EXPECT_EQ(j.at("type"), "FeatureCollection");
  const auto& f = j.at("features");
  ASSERT_EQ(f.size(), g.links.size());  // scenario-only link 7 is included: the scenario adds it
  const auto& f0 = f.at(0);
  EXPECT_EQ(f0.at("type"), "Feature");
  EXPECT_EQ(f0.at("geometry").at("type"), "LineString");
  EXPECT_DOUBLE_EQ(f0.at("geometry").at("coordinates").at(0).at(0).get<double>(), 5.478);
  EXPECT_DOUBLE_EQ(f0.at("geometry").at("coordinates").at(0).at(1).get<double>(), 51.441);
  EXPECT_DOUBLE_EQ(f0.at("geometry").at("coordinates").at(1).at(0).get<double>(), 5.404);
  const auto& p = f0.at("properties");
  EXPECT_EQ(p.at("from_node"), 1);
  EXPECT_EQ(p.at("to_node"), 2);
  EXPECT_EQ(p.at("name"), "A67");
  EXPECT_EQ(p.at("facility"), "motorway");
  EXPECT_DOUBLE_EQ(p.at("daily_flow").get<double>(), 20000.0);
  EXPECT_DOUBLE_EQ(p.at("delta_daily_flow").get<double>(), 800.0);
  EXPECT_DOUBLE_EQ(p.at("speed_kmh").get<double>(), 60.0);
  EXPECT_TRUE(p.at("change").is_null());
  const auto& p7 = f.at(7).at("properties");
  EXPECT_EQ(p7.at("name"), "N284 <knoop Reusel>");
  EXPECT_EQ(p7.at("change"), "added");
  EXPECT_DOUBLE_EQ(p7.at("delta_daily_flow").get<double>(), -6400.0);
  EXPECT_EQ(f.at(2).at("properties").at("change"), "changed");

  // A scenario without the new link leaves it out; a link without a flow has null flows.
  ScenarioReport bare;
  bare.link_flows = {{0, 1.5, -0.26, 33.3}};
  const auto jb = nlohmann::json::parse(links_geojson(g, bare));
  ASSERT_EQ(jb.at("features").size(), g.links.size() - 1);
  EXPECT_DOUBLE_EQ(jb["features"][0]["properties"]["delta_daily_flow"].get<double>(), -0.3);
  EXPECT_TRUE(jb["features"][1]["properties"]["daily_flow"].is_null());
}

TEST(GeoJson, ZonesAndLinesParsedBack) {
  auto g = testing::synthetic_geometry();
  g.zones[0].name = "Eind\"hoven\\ \n";  // JSON escaping round trip
  g.zones[3].population = 12345.0;
  g.zones[3].jobs = 6789.0;
  g.zones[3].external = true;
  const auto b = testing::synthetic_batch(g);
  const auto& sc = b.scenarios[1];  // with the new bus line
  const auto z = nlohmann::json::parse(zones_geojson(g, sc));
  ASSERT_EQ(z.at("features").size(), 6U);
  EXPECT_EQ(z["features"][0]["geometry"]["type"], "Point");
  EXPECT_EQ(z["features"][0]["properties"]["name"], "Eind\"hoven\\ \n");
  EXPECT_EQ(z["features"][3]["properties"]["country"], "BE");
  EXPECT_EQ(z["features"][3]["properties"]["zone"], 4);
  EXPECT_DOUBLE_EQ(z["features"][3]["properties"]["population"].get<double>(), 12345.0);
  EXPECT_DOUBLE_EQ(z["features"][3]["properties"]["jobs"].get<double>(), 6789.0);
  EXPECT_EQ(z["features"][3]["properties"]["external"], true);
  EXPECT_DOUBLE_EQ(z["features"][3]["properties"]["hours_saved_per_day"].get<double>(), 140.0);
  EXPECT_DOUBLE_EQ(z["features"][1]["properties"]["hours_saved_per_day"].get<double>(), -10.0);

  const auto l = nlohmann::json::parse(lines_geojson(g, sc));
  // Segments: rail 1 + L15 2 + new bus 2.
  ASSERT_EQ(l.at("features").size(), 5U);
  const auto& bus0 = l["features"][3]["properties"];
  EXPECT_EQ(bus0["line"], "Snelbus Eindhoven-Turnhout");
  EXPECT_EQ(bus0["mode"], "bus");
  EXPECT_EQ(bus0["from_stop"], "Eindhoven");
  EXPECT_EQ(bus0["to_stop"], "Reusel");
  EXPECT_DOUBLE_EQ(bus0["daily_passengers"].get<double>(), 1800.0);
  EXPECT_DOUBLE_EQ(bus0["line_daily_boardings"].get<double>(), 3700.0);
  EXPECT_EQ(bus0["change"], "added");
  EXPECT_TRUE(l["features"][0]["properties"]["daily_passengers"].is_null());  // no ridership
  EXPECT_DOUBLE_EQ(l["features"][2]["properties"]["daily_passengers"].get<double>(), 2600.0);
  // Without the scenario the new bus line is not exported.
  EXPECT_EQ(nlohmann::json::parse(lines_geojson(g, b.scenarios[0])).at("features").size(), 3U);
}

TEST(Html, SelfContainedEscapedDeterministic) {
  const auto g = testing::synthetic_geometry();
  auto b = testing::synthetic_batch(g);
  b.scenarios[0].name = "knoop-reusel<script>alert(1)</script>";
  const std::string html = render_report_html(b, g);
  EXPECT_EQ(html, render_report_html(b, g));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  // The only script is ours; injected markup is escaped.
  EXPECT_EQ(count(html, "<script>"), 1U);
  EXPECT_NE(html.find("knoop-reusel&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Quick wins &lt;synthetic&gt;"), std::string::npos);
  // Nothing loaded from elsewhere: no src attributes, links or imports (the SVG namespace URI is
  // an identifier, not a request).
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url(http"), std::string::npos);
  EXPECT_EQ(count(html, "http"), count(html, "http://www.w3.org/2000/svg"));
  // Map, charts and tables for every part.
  for (const char* id : {"summary", "summary-bc", "summary-table", "model-fit", "map-region",
                         "ranking-table", "input-hashes", "solver-gaps"})
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  for (const char* part : {"-map-flows\"", "-map-zones\"", "-od\"", "-convergence\"",
                           "-ridership\"", "-countries\"", "-new-links\""})
    EXPECT_EQ(count(html, part), 2U) << part;
  EXPECT_EQ(count(html, "-links\""), 4U);  // the link tables and the new-link tables
  // Ranking table: header plus one row per scenario, in the given order.
  const auto t0 = html.find("id=\"ranking-table\"");
  const auto t1 = html.find("</table>", t0);
  const std::string rt = html.substr(t0, t1 - t0);
  EXPECT_EQ(count(rt, "<tr"), 5U);
  EXPECT_LT(rt.find("snelbus-eindhoven-turnhout"), rt.find("knoop-reusel"));
  EXPECT_NE(rt.find("<td class=\"n\">2,350,000</td>"), std::string::npos);
  EXPECT_NE(rt.find("<td class=\"n\">n/a</td>"), std::string::npos);  // zero cost
  EXPECT_NE(rt.find("below noise floor"), std::string::npos);
  // NL/BE split of the zone savings of scenario 1: NL 40 - 5 + 60 = 95, BE 70 - 5 + 90 = 155.
  EXPECT_NE(html.find("<td>NL</td><td class=\"n\">95.0</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>BE</td><td class=\"n\">155.0</td>"), std::string::npos);
}

TEST(Html, WriteReportIsAtomicAndEqualToRender) {
  const auto g = testing::synthetic_geometry();
  const auto b = testing::synthetic_batch(g);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("corridor-report-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  write_report_html(dir / "report.html", b, g);
  std::ifstream in(dir / "report.html", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), render_report_html(b, g));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1U);  // no temporary left behind
  std::filesystem::remove_all(dir);
}

TEST(Html, EmptyBatchStillRenders) {
  const std::string html = render_report_html(BatchReport{}, MapGeometry{});
  EXPECT_NE(html.find("No scenarios in this batch."), std::string::npos);
  EXPECT_NE(html.find("id=\"map-region\""), std::string::npos);
}

}  // namespace
}  // namespace corridor::report
