// Page one of the report (the summary), the page of combinations, the fixed colour classes and
// the place-name placement:
// - the summary is the first element of the body and names the measures by title;
// - with draws it shows the median, the 90 % range and the chance of being best; without, the
//   point estimates and a sentence saying so;
// - a combination is ranked on its own page, not among the single measures;
// - the model's fit: the caveat's counts and worst station, and the fit section's tables;
// - colour classes by hand: ±10 veh/day is "no real change", ±660 is not, and a flow map draws a
//   +10 change in the grey class whatever the largest change on the map;
// - labels: a hand-placed pair, and on a dense map every placed box checked against every other
//   (the obvious O(n²) reference), also as recomputed from the SVG the map writes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "report/charts.hpp"
#include "report/classes.hpp"
#include "report/labels.hpp"
#include "report/report.hpp"
#include "synthetic_report.hpp"

namespace corridor::report {
namespace {

std::string section(const std::string& html, const std::string& id) {
  const auto a = html.find("<section id=\"" + id + "\"");
  if (a == std::string::npos) return {};
  return html.substr(a, html.find("</section>", a) - a);
}

TEST(Summary, FirstInThePageWithTitlesDateEngineAndHash) {
  const auto g = testing::synthetic_geometry();
  const auto b = testing::synthetic_batch(g);
  const std::string html = render_report_html(b, g);
  const auto body = html.find("<body>");
  ASSERT_NE(body, std::string::npos);
  EXPECT_EQ(html.find("<section id=\"summary\""), body + 6);
  const std::string s = section(html, "summary");
  EXPECT_NE(s.find("Express bus Eindhoven \xe2\x80\x93 Turnhout"), std::string::npos);
  EXPECT_NE(s.find("A67 junction Reusel"), std::string::npos);
  // Titles, not slugs; the untitled runs fall back to their names.
  EXPECT_EQ(s.find("snelbus-eindhoven-turnhout"), std::string::npos);
  EXPECT_NE(s.find("2026-12-03"), std::string::npos);
  EXPECT_NE(s.find("engine corridor-scenario-test"), std::string::npos);
  EXPECT_NE(s.find("model 0123456789ab"), std::string::npos);
  // Best first; the key assumption of each measure (its first sentence).
  EXPECT_LT(s.find("Express bus"), s.find("A67 junction"));
  EXPECT_NE(s.find("<b>A67 junction Reusel</b>: New junction south of Reusel.</li>"),
            std::string::npos);
  // No draws: point estimates and the sentence that says so; costs in readable units.
  EXPECT_NE(s.find("this batch ran without draws"), std::string::npos);
  EXPECT_NE(s.find("<td class=\"n\">0.59</td>"), std::string::npos);  // B/C 0.5875
  EXPECT_NE(s.find("EUR 2.4 M"), std::string::npos);                  // benefit 2.35e6
  EXPECT_EQ(s.find("chance of being best"), std::string::npos);
}

TEST(Summary, ShowsUncertaintyWhenTheBatchRanDraws) {
  const auto g = testing::synthetic_geometry();
  auto b = testing::synthetic_batch(g);
  Uncertainty u;
  u.draws = 256;
  u.p_rank_first = 0.62;
  u.rank_p5 = 1;
  u.rank_p50 = 1;
  u.rank_p95 = 2;
  u.benefit_eur_per_year_p5 = 1.5e6;
  u.benefit_eur_per_year_p50 = 2.3e6;
  u.benefit_eur_per_year_p95 = 3.1e6;
  u.benefit_cost_ratio_p5 = 0.4;
  u.benefit_cost_ratio_p50 = 0.57;
  u.benefit_cost_ratio_p95 = 0.81;
  b.ranking[0].uncertainty = u;
  const std::string s = section(render_report_html(b, g), "summary");
  EXPECT_NE(s.find("comes first in 62 % of 256 draws"), std::string::npos) << s.substr(0, 2000);
  EXPECT_NE(s.find("chance of being best"), std::string::npos);
  EXPECT_NE(s.find("<td class=\"n\">62 %</td>"), std::string::npos);
  EXPECT_NE(s.find("0.57 (0.40\xe2\x80\x93"
                   "0.81)"),
            std::string::npos);
  EXPECT_NE(s.find("EUR 2.3 M (EUR 1.5 M \xe2\x80\x93 EUR 3.1 M)"), std::string::npos);
  EXPECT_EQ(s.find("this batch ran without draws"), std::string::npos);
  // The p5-p95 bar in the chart. Values -0.16 (closure-test) .. 1 (break-even): step 0.5,
  // axis -0.5..1 over 380 px from x = 250; first row at y = 34 + 24 / 2 = 46.
  // 0.4 -> 250 + 0.9 / 1.5 * 380 = 478.0; 0.81 -> 250 + 1.31 / 1.5 * 380 = 581.9.
  EXPECT_NE(s.find("<line x1=\"478.0\" y1=\"46.0\" x2=\"581.9\" y2=\"46.0\""), std::string::npos)
      << s;
}

// Each measure's investment range next to its B/C bar and in the table: without draws the range
// the batch's [uncertainty] block declares, or "no range declared"; with draws the draws' p5-p95.
TEST(Summary, InvestmentRangeDeclaredOrFromTheDraws) {
  const auto g = testing::synthetic_geometry();
  auto b = testing::synthetic_batch(g);
  b.ranking[0].investment_eur = 50e6;
  b.ranking[0].declared_investment_eur = std::make_pair(40e6, 62e6);
  b.ranking[1].investment_eur = 19e6;
  std::string s = section(render_report_html(b, g), "summary");
  const std::string dash = " \xe2\x80\x93 ";
  // The chart's column (first row at y = 46 + 4) and the table cell.
  EXPECT_NE(s.find("investment range</text>"), std::string::npos) << s.substr(0, 3000);
  EXPECT_NE(s.find(">EUR 40.0 M" + dash + "EUR 62.0 M</text>"), std::string::npos);
  EXPECT_NE(s.find("<td class=\"n\">EUR 50.0 M (declared: EUR 40.0 M" + dash + "EUR 62.0 M)</td>"),
            std::string::npos);
  EXPECT_NE(s.find(">EUR 19.0 M, no range</text>"), std::string::npos);
  EXPECT_NE(s.find("EUR 19.0 M, point estimate, no range declared"), std::string::npos);
  // Draws win over the declared range.
  Uncertainty u;
  u.draws = 64;
  u.benefit_cost_ratio_p50 = 0.6;
  u.investment_eur_p5 = 41.5e6;
  u.investment_eur_p95 = 60.5e6;
  b.ranking[0].uncertainty = u;
  s = section(render_report_html(b, g), "summary");
  EXPECT_NE(s.find("investment, 90 % of draws</text>"), std::string::npos);
  EXPECT_NE(s.find(">EUR 41.5 M" + dash + "EUR 60.5 M</text>"), std::string::npos);
  EXPECT_NE(s.find("EUR 50.0 M (90 % of draws: EUR 41.5 M" + dash + "EUR 60.5 M)"),
            std::string::npos);
  EXPECT_EQ(s.find("EUR 62.0 M"), std::string::npos);
}

TEST(Summary, CombinationsOnAPageOfTheirOwn) {
  const auto g = testing::synthetic_geometry();
  auto b = testing::synthetic_batch(g);
  RankingRow pair{"knoop-reusel+snelbus-eindhoven-turnhout", 470.0, 3.5e6, 1.3e7, 0.27, false};
  pair.title = "A67 junction Reusel + Express bus";
  pair.combination = true;
  b.ranking.insert(b.ranking.begin() + 1, pair);
  const std::string html = render_report_html(b, g);
  const std::string s = section(html, "summary");
  const std::string c = section(html, "combinations");
  EXPECT_EQ(s.find("A67 junction Reusel + Express bus"), std::string::npos);
  EXPECT_NE(c.find("A67 junction Reusel + Express bus"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"combinations\" class=\"page\">"), std::string::npos);
  // The print style starts each such section on a new page.
  EXPECT_NE(html.find("section.page,section.scenario{break-before:page}"), std::string::npos);
  // Without combinations there is no such page.
  EXPECT_TRUE(section(render_report_html(testing::synthetic_batch(g), g), "combinations").empty());
}

// The fit in the summary's caveats and the fit section: counts of figures within tolerance
// (validation apart), the worst station outside its tolerance (a station within it, however far
// off, is not a miss: e.g. a maximum), and one row per figure in the tables.
TEST(Summary, ModelFitCaveatAndSection) {
  const auto g = testing::synthetic_geometry();
  auto b = testing::synthetic_batch(g);
  b.fit = {
      {"station A", "station", "calibration", 1000, true, 1100, true, 3.1, true, 150, 24, ""},
      {"station B", "station", "validation", 1000, true, 400, true, 22.6, false, 150, 24, ""},
      {"station C", "station", "validation", 1000, true, 10, true, 43.7, true, 1e9, 24, ""},
      {"station D", "station", "calibration", 500, false, 0, false, 0, false, 75, 24,
       "the count is a 7-day average"},
      {"trips_between commute NL -> BE", "trips_between", "calibration", 880, true, 880, true, 0,
       true, 90, 24, ""},
  };
  const std::string html = render_report_html(b, g);
  EXPECT_NE(section(html, "summary")
                .find("Model fit: 3 of 4 observed figures lie within their tolerance (1 of the 2 "
                      "kept apart for validation). The largest miss at a station (outside its "
                      "tolerance): station B, modelled 0.40 \xc3\x97 the count."),
            std::string::npos)
      << section(html, "summary");
  const std::string fit = section(html, "model-fit");
  EXPECT_NE(fit.find("id=\"fit-scatter\""), std::string::npos);
  EXPECT_NE(fit.find("<td>station B</td><td>validation</td><td class=\"n\">1,000</td><td "
                     "class=\"n\">400</td><td class=\"n\">0.40</td><td class=\"n\">22.6</td>"
                     "<td>no</td>"),
            std::string::npos)
      << fit;
  EXPECT_NE(fit.find(">not modelled</td>"), std::string::npos);
  EXPECT_NE(fit.find("<td>the count is a 7-day average</td>"), std::string::npos);
  EXPECT_NE(fit.find("id=\"fit-commuting\""), std::string::npos);
}

TEST(ColourClasses, ReadableFixedClasses) {
  const auto& c = flow_change_classes();
  ASSERT_EQ(c.size(), 7U);
  EXPECT_EQ(class_index(c, 10.0), 3U);  // within ±100: no real change
  EXPECT_EQ(class_index(c, -10.0), 3U);
  EXPECT_EQ(class_index(c, 660.0), 5U);  // +500 to +2,000
  EXPECT_EQ(class_index(c, -660.0), 1U);
  EXPECT_EQ(class_index(c, -350.0), 2U);
  EXPECT_EQ(class_index(c, 100.0), 4U);  // lower limit inclusive
  EXPECT_EQ(class_index(c, 1e9), 6U);
  EXPECT_EQ(c[3].label,
            "within \xc2\xb1"
            "100: no real change");
  for (const auto* cls :
       {&flow_change_classes(), &hours_saved_classes(), &jobs_classes(), &jobs_change_classes()})
    for (std::size_t i = 1; i < cls->size(); ++i) EXPECT_EQ((*cls)[i].lo, (*cls)[i - 1].hi);
}

// A map whose largest change is +10 veh/day draws it grey, not in the darkest red.
TEST(ColourClasses, SmallChangeLooksSmallOnTheFlowMap) {
  MapGeometry g;
  MapLink ab;
  ab.from_node = 1;
  ab.to_node = 2;
  ab.from = {5.0, 51.0};
  ab.to = {6.0, 51.0};
  ab.facility = "primary";
  g.links = {ab};
  ScenarioReport sc;
  sc.link_flows = {{0, 5000.0, 10.0, 80.0}};
  const std::string svg = map_svg("m", g, &sc, MapKind::flows);
  const auto at = svg.find("<g class=\"flows\"");
  const auto flows = svg.substr(at, svg.find("</g>", at) - at);  // the legend has every colour
  EXPECT_NE(flows.find("stroke=\"" + flow_change_classes()[3].colour + "\""), std::string::npos);
  EXPECT_EQ(flows.find(flow_change_classes()[6].colour), std::string::npos);
}

// Two labels at one point: the first takes right-above, the second (lower priority) right-below.
// Font 10 px: width 0.58 * 10 * 4 = 23.2; ascent 7.2, descent 2.2, gap 3, halo 1.
TEST(Labels, SecondLabelTakesTheNextFreePosition) {
  const std::vector<PlaceLabel> in{{"Mol2", {100, 100}, 1.0}, {"Mol1", {100, 100}, 2.0}};
  const auto out = place_labels(in, {0, 0, 400, 400}, 10.0);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].text, "Mol1");
  EXPECT_DOUBLE_EQ(out[0].baseline.x, 103.0);
  EXPECT_DOUBLE_EQ(out[0].baseline.y, 97.0);
  EXPECT_NEAR(out[0].width, 23.2, 1e-12);
  EXPECT_EQ(out[1].text, "Mol2");
  EXPECT_DOUBLE_EQ(out[1].baseline.x, 103.0);
  EXPECT_DOUBLE_EQ(out[1].baseline.y, 110.2);  // 100 + 3 + 7.2
  EXPECT_FALSE(overlaps(out[0].box, out[1].box));
  // No room at all: the label is left out rather than drawn over another.
  EXPECT_EQ(place_labels(in, {95, 85, 130, 101}, 10.0).size(), 1U);
}

// A crowded map: 80 places on a 10 x 8 grid 30 px apart with names up to 14 characters. Every
// pair of placed boxes is checked (the O(n²) reference), and the boxes recomputed from the
// <text> elements of the shared map layer (x, y, font-size, textLength) do not overlap either.
TEST(Labels, NoTwoPlaceNamesOverlapOnACrowdedMap) {
  MapGeometry g;
  const char* names[] = {"Eindhoven",    "Reusel-De Mierden", "Hamont-Achel", "Mol",
                         "Valkenswaard", "Oud-Turnhout",      "Bergeijk",     "Lommel"};
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 8; ++j) {
      MapZone z;
      z.name = std::string(names[(i + j) % 8]) + " " + std::to_string(i * 8 + j);
      z.centroid = {5.0 + 0.05 * i, 51.0 + 0.05 * j};
      z.country = i < 5 ? "NL" : "BE";
      z.population = 1000.0 * ((i * 7 + j * 3) % 11 + 1);
      g.zones.push_back(z);
    }
  const auto placed = place_map_labels(g);
  EXPECT_GT(placed.size(), 20U);  // a fair share fits
  EXPECT_LT(placed.size(), 80U);  // but not all: the test is crowded enough to matter
  for (std::size_t a = 0; a < placed.size(); ++a) {
    const auto& p = placed[a].box;
    EXPECT_GE(p.x0, 4.0);
    EXPECT_LE(p.x1, kMapWidth - 4.0);
    EXPECT_GE(p.y0, 4.0);
    EXPECT_LE(p.y1, kMapHeight - 4.0);
    for (std::size_t b = a + 1; b < placed.size(); ++b)
      EXPECT_FALSE(overlaps(p, placed[b].box)) << placed[a].text << " / " << placed[b].text;
  }
  const std::string defs = map_defs_svg(g);
  const auto labels = defs.substr(defs.find("id=\"base-labels\""));
  const std::regex text(
      "<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" font-size=\"([0-9.]+)\" textLength=\"([0-9.]+)\"");
  std::vector<LabelBox> boxes;
  for (auto it = std::sregex_iterator(labels.begin(), labels.end(), text);
       it != std::sregex_iterator(); ++it) {
    const double x = std::stod((*it)[1]), y = std::stod((*it)[2]), f = std::stod((*it)[3]),
                 w = std::stod((*it)[4]);
    boxes.push_back({x, y - 0.72 * f, x + w, y + 0.22 * f});
  }
  ASSERT_EQ(boxes.size(), placed.size());
  for (std::size_t a = 0; a < boxes.size(); ++a)
    for (std::size_t b = a + 1; b < boxes.size(); ++b)
      EXPECT_FALSE(overlaps(boxes[a], boxes[b])) << a << " / " << b;
}

}  // namespace
}  // namespace corridor::report
