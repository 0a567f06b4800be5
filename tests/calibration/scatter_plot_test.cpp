// The 45° scatter plot (report/scatter_plot.hpp): one circle per drawable point with a tooltip
// naming it and its GEH (hand-computed), points with observed = modelled on the diagonal, the
// GEH = 5 curves, log axes leaving out non-positive points.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "report/scatter_plot.hpp"

namespace corridor::report {
namespace {

std::size_t occurrences(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(ScatterPlot, PointsTooltipsDiagonalAndGehBand) {
  ScatterSeries s{"estimate", "#1f77b4", {}};
  s.points.push_back({1000.0, 1200.0, "12-15"});  // GEH sqrt(2 · 200² / 2200) = 6.03
  s.points.push_back({2000.0, 2000.0, "on-the-line"});
  s.points.push_back({500.0, 450.0, "a<b"});
  ScatterOptions opt;
  const auto svg = scatter_plot_svg("fit", "Counts", {s}, opt);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(occurrences(svg, "<circle"), 3u);
  EXPECT_THAT(svg, ::testing::HasSubstr(
                       "<title>12-15: observed 1,000, modelled 1,200, GEH 6.0 (estimate)</title>"));
  EXPECT_THAT(svg, ::testing::HasSubstr("a&lt;b"));  // labels are escaped
  EXPECT_EQ(occurrences(svg, "class=\"geh-band\""), 2u);
  EXPECT_EQ(occurrences(svg, "class=\"diagonal\""), 1u);
  // The point with observed = modelled lies on the diagonal: for the square plot area
  // (left 64, top 34, side size − 94) x − 64 = (34 + side) − y.
  const std::regex circle(R"re(<circle cx="([0-9.]+)" cy="([0-9.]+)"[^>]*><title>on-the-line)re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, circle));
  const double side = opt.size - 94.0;
  EXPECT_NEAR(std::stod(m[1]) - 64.0, 34.0 + side - std::stod(m[2]), 0.11);
}

TEST(ScatterPlot, LogAxesLeaveOutNonPositivePoints) {
  ScatterSeries s{"prior", "#999999", {{0.0, 10.0, "zero"}, {100.0, 120.0, "a"}, {1e4, 9e3, "b"}}};
  ScatterOptions opt;
  opt.log_axes = true;
  const auto svg = scatter_plot_svg("fit", "Counts", {s}, opt);
  EXPECT_EQ(occurrences(svg, "<circle"), 2u);
  EXPECT_THAT(svg, ::testing::HasSubstr("1 points not drawn"));
  EXPECT_THAT(svg, ::testing::HasSubstr(">10,000</text>"));  // decade tick
}

TEST(ScatterPlot, TwoSeriesGetALegend) {
  ScatterSeries a{"prior", "#bbbbbb", {{100.0, 80.0, "x"}}};
  ScatterSeries b{"estimate", "#1f77b4", {{100.0, 99.0, "x"}}};
  const auto svg = scatter_plot_svg("fit", "Counts", {a, b}, {});
  EXPECT_EQ(occurrences(svg, "<circle"), 4u);  // two points and two legend markers
  EXPECT_THAT(svg, ::testing::HasSubstr(">prior</text>"));
  EXPECT_THAT(svg, ::testing::HasSubstr(">estimate</text>"));
}

}  // namespace
}  // namespace corridor::report
