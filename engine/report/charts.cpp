#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "report/charts.hpp"
#include "report/classes.hpp"

namespace corridor::report {
namespace {

constexpr std::array<const char*, 6> kPalette{"#1f77b4", "#d62728", "#2ca02c",
                                              "#9467bd", "#ff7f0e", "#17becf"};

std::string svg_open(std::string_view id, double w, double h, std::string_view cls) {
  return "<svg id=\"" + escape(id) + "\" class=\"" + std::string(cls) +
         "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fixed(w, 0) + "\" height=\"" +
         fixed(h, 0) + "\" viewBox=\"0 0 " + fixed(w, 0) + " " + fixed(h, 0) + "\" role=\"img\">";
}

// "Nice" tick step (1, 2 or 5 times a power of ten) giving about `n` intervals over `range`.
double nice_step(double range, int n) {
  if (!(range > 0)) return 1.0;
  const double raw = range / n;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / p;
  return (f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0) * p;
}

int decimals_for_step(double step) {
  return step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
}

}  // namespace

std::string bar_chart_svg(std::string_view id, std::string_view title, const std::vector<Bar>& bars,
                          std::string_view unit, int decimals, std::optional<double> marker,
                          std::string_view marker_label) {
  constexpr double kPlotW = 440, kValueW = 110, kRow = 22, kTop = 34, kAxis = 34;
  // The label column fits the longest label (11 px sans-serif: ~6.2 px per character, counted in
  // UTF-8 code points), so long combination names are not cut at the left edge.
  std::size_t longest = 0;
  for (const auto& b : bars) {
    std::size_t chars = 0;
    for (const char c : b.label) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    longest = std::max(longest, chars);
  }
  const double kLabelW = std::clamp(14.0 + 6.2 * static_cast<double>(longest), 120.0, 420.0);
  const double plot_w = kPlotW, kWidth = kLabelW + kPlotW + kValueW;
  const double height =
      kTop + kRow * static_cast<double>(std::max<std::size_t>(bars.size(), 1)) + kAxis;
  double lo = 0, hi = 0;
  for (const auto& b : bars) {
    if (!std::isfinite(b.value)) continue;
    lo = std::min(lo, b.value);
    hi = std::max(hi, b.value);
  }
  if (marker && std::isfinite(*marker)) {
    lo = std::min(lo, *marker);
    hi = std::max(hi, *marker);
  }
  if (hi - lo <= 0) hi = lo + 1;
  const double step = nice_step(hi - lo, 5);
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  auto xv = [&](double v) { return kLabelW + (v - lo) / (hi - lo) * plot_w; };

  std::string s = svg_open(id, kWidth, height, "chart bar-chart");
  s += svg_text({8, 20}, title, 14, "start", "font-weight=\"bold\"");
  const double plot_bottom = kTop + kRow * static_cast<double>(bars.size());
  const int tick_decimals = decimals_for_step(step);
  for (double t = lo; t <= hi + step * 1e-9; t += step) {
    const double x = xv(t);
    s += svg_line({x, kTop - 4}, {x, plot_bottom}, "#dddddd", 1);
    s += svg_text({x, plot_bottom + 14}, grouped(t, tick_decimals), 10, "middle", "fill=\"#555\"");
  }
  s += svg_text({kLabelW + plot_w / 2, plot_bottom + 28}, unit, 11, "middle", "fill=\"#333\"");
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const double y = kTop + kRow * static_cast<double>(i);
    const double v = std::isfinite(b.value) ? b.value : 0.0;
    const double x0 = xv(std::min(0.0, v)), x1 = xv(std::max(0.0, v));
    const char* fill = b.muted ? "#bbbbbb" : (v >= 0 ? "#2b7bba" : "#d7301f");
    s += svg_text({kLabelW - 6, y + 15}, b.label, 11, "end");
    s += "<g class=\"bar\">" + svg_rect(x0, y + 3, x1 - x0, kRow - 6, fill) +
         svg_title(b.label + ": " + grouped(b.value, decimals) + " " + std::string(unit) +
                   (b.muted ? " (below noise floor)" : "")) +
         "</g>";
    s += svg_text({kLabelW + plot_w + 6, y + 15}, grouped(b.value, decimals), 11, "start",
                  b.muted ? "fill=\"#888\"" : "");
  }
  s += svg_line({xv(0), kTop - 4}, {xv(0), plot_bottom}, "#333333", 1);
  if (marker && std::isfinite(*marker)) {
    const double x = xv(*marker);
    s += svg_line({x, kTop - 10}, {x, plot_bottom}, "#e6550d", 1.5,
                  "stroke-dasharray=\"5 3\" class=\"marker\"");
    s += svg_text({x + 3, kTop - 12}, std::string(marker_label) + " " + grouped(*marker, decimals),
                  10, "start", "fill=\"#e6550d\"");
  }
  s += "</svg>";
  return s;
}

std::string convergence_svg(std::string_view id, std::string_view title,
                            const std::vector<ConvergenceSeries>& series) {
  constexpr double kWidth = 760, kHeight = 280, kLeft = 70, kRight = 190, kTop = 34, kBottom = 40;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  double it_lo = 0, it_hi = 1, lg_lo = 0, lg_hi = 0;
  bool any = false;
  for (const auto& se : series) {
    for (const auto& p : se.points) {
      if (!(p.relative_gap > 0) || !std::isfinite(p.relative_gap)) continue;
      const double it = p.iteration, lg = std::log10(p.relative_gap);
      if (!any) {
        it_lo = it_hi = it;
        lg_lo = lg_hi = lg;
        any = true;
      }
      it_lo = std::min(it_lo, it);
      it_hi = std::max(it_hi, it);
      lg_lo = std::min(lg_lo, lg);
      lg_hi = std::max(lg_hi, lg);
    }
  }
  lg_lo = std::floor(lg_lo);
  lg_hi = std::ceil(lg_hi);
  if (lg_hi <= lg_lo) lg_hi = lg_lo + 1;
  if (it_hi <= it_lo) it_hi = it_lo + 1;
  auto xp = [&](double it) { return kLeft + (it - it_lo) / (it_hi - it_lo) * plot_w; };
  auto yp = [&](double lg) { return kTop + (lg_hi - lg) / (lg_hi - lg_lo) * plot_h; };

  std::string s = svg_open(id, kWidth, kHeight, "chart convergence-chart");
  s += svg_text({8, 20}, title, 14, "start", "font-weight=\"bold\"");
  for (double d = lg_lo; d <= lg_hi + 1e-9; d += 1) {
    const double y = yp(d);
    s += svg_line({kLeft, y}, {kLeft + plot_w, y}, "#dddddd", 1);
    s += svg_text({kLeft - 6, y + 4}, "1e" + fixed(d, 0), 10, "end", "fill=\"#555\"");
  }
  const double step = std::max(1.0, nice_step(it_hi - it_lo, 6));
  for (double t = std::ceil(it_lo / step) * step; t <= it_hi + 1e-9; t += step) {
    s += svg_text({xp(t), kTop + plot_h + 14}, fixed(t, 0), 10, "middle", "fill=\"#555\"");
  }
  s += svg_text({kLeft + plot_w / 2, kHeight - 8}, "iteration", 11, "middle");
  s += svg_text({14, kTop + plot_h / 2}, "relative gap (log)", 11, "middle",
                "transform=\"rotate(-90 14 " + fixed(kTop + plot_h / 2, 1) + ")\"");
  s += svg_rect(kLeft, kTop, plot_w, plot_h, "none", "stroke=\"#999\"");
  for (std::size_t k = 0; k < series.size(); ++k) {
    const char* colour = kPalette[k % kPalette.size()];
    std::vector<Point> pts;
    for (const auto& p : series[k].points) {
      if (!(p.relative_gap > 0) || !std::isfinite(p.relative_gap)) continue;
      pts.push_back({xp(p.iteration), yp(std::log10(p.relative_gap))});
    }
    if (pts.size() == 1) s += svg_circle(pts[0], 2.5, colour);
    if (pts.size() > 1) s += svg_polyline(pts, colour, 1.8, "class=\"series\"");
    const double ly = kTop + 10 + 18 * static_cast<double>(k);
    s += svg_line({kLeft + plot_w + 12, ly}, {kLeft + plot_w + 32, ly}, colour, 2.5);
    s += svg_text({kLeft + plot_w + 36, ly + 4}, series[k].name, 10);
  }
  if (!any) s += svg_text({kLeft + plot_w / 2, kTop + plot_h / 2}, "no data", 12, "middle");
  s += "</svg>";
  return s;
}

std::vector<std::uint32_t> grouped_zone_order(const std::vector<MapZone>& zones) {
  auto rank = [](const std::string& c) { return c == "NL" ? 0 : c == "BE" ? 1 : 2; };
  std::vector<std::uint32_t> order(zones.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto& za = zones[a];
    const auto& zb = zones[b];
    if (rank(za.country) != rank(zb.country)) return rank(za.country) < rank(zb.country);
    if (za.country != zb.country) return za.country < zb.country;
    return za.corridor < zb.corridor;
  });
  return order;
}

std::string od_heat_map_svg(std::string_view id, std::string_view title,
                            const std::vector<MapZone>& zones, const std::vector<double>& values,
                            const std::vector<std::uint32_t>& order,
                            const std::vector<ColourClass>* classes) {
  if (values.size() != zones.size() * zones.size()) return {};
  const std::size_t n = order.size();
  const bool labels = n <= 48;
  const double cell =
      std::clamp(560.0 / static_cast<double>(std::max<std::size_t>(n, 1)), 2.0, 28.0);
  const double left = labels ? 190 : 120, top = 40;
  const double size = cell * static_cast<double>(n);
  const double width = std::max(left + size + 150, 400.0);
  const double height =
      top + size + (classes != nullptr ? 24.0 + 14.0 * static_cast<double>(classes->size()) : 40.0);
  double vmax = 0;
  for (const double v : values)
    if (std::isfinite(v)) vmax = std::max(vmax, std::abs(v));

  std::string s = svg_open(id, width, height, "chart heat-map");
  s += svg_text({8, 20}, title, 14, "start", "font-weight=\"bold\"");
  s += svg_text({left, top - 6}, "destination \xe2\x86\x92 (same order as the rows)", 10, "start",
                "fill=\"#555\"");
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint32_t o = order[r];
    const double y = top + cell * static_cast<double>(r);
    if (labels)
      s += svg_text({left - 4, y + cell * 0.75}, zones[o].name, std::min(cell, 10.0), "end");
    for (std::size_t c = 0; c < n; ++c) {
      const std::uint32_t d = order[c];
      const double v = values[static_cast<std::size_t>(o) * zones.size() + d];
      if (v == 0.0) continue;
      s += "<rect x=\"" + fixed(left + cell * static_cast<double>(c), 1) + "\" y=\"" + fixed(y, 1) +
           "\" width=\"" + fixed(cell, 1) + "\" height=\"" + fixed(cell, 1) + "\" fill=\"" +
           (classes != nullptr ? (*classes)[class_index(*classes, v)].colour
                               : diverging_colour(vmax > 0 ? v / vmax : 0)) +
           "\"";
      // Tooltips only on small matrices (they triple the size); the table has every figure.
      s += n > 30 ? std::string("/>")
                  : ">" +
                        svg_title(zones[o].name + " \xe2\x86\x92 " + zones[d].name + ": " +
                                  fixed(v, 2) + " h/day") +
                        "</rect>";
    }
  }
  s += svg_rect(left, top, size, size, "none", "stroke=\"#999\"");
  // Group separators and labels where country or corridor changes.
  std::size_t start = 0;
  for (std::size_t r = 1; r <= n; ++r) {
    const bool boundary = r == n || zones[order[r]].country != zones[order[start]].country ||
                          zones[order[r]].corridor != zones[order[start]].corridor;
    if (!boundary) continue;
    const auto& z = zones[order[start]];
    const double y0 = top + cell * static_cast<double>(start);
    const double y1 = top + cell * static_cast<double>(r);
    const bool country_change = r == n || zones[order[r]].country != z.country;
    if (r < n) {
      const char* col = country_change ? "#000000" : "#777777";
      const double w = country_change ? 1.5 : 0.7;
      s += svg_line({left, y1}, {left + size, y1}, col, w);
      s += svg_line({left + (y1 - top), top}, {left + (y1 - top), top + size}, col, w);
    }
    s += svg_text({left + size + 6, (y0 + y1) / 2 + 4},
                  z.country + (z.corridor.empty() ? "" : " / " + z.corridor), 10, "start",
                  "fill=\"#333\"");
    start = r;
  }
  // Colour legend.
  const double ly = top + size + 16;
  if (classes != nullptr) {
    for (std::size_t i = 0; i < classes->size(); ++i) {
      const double y = ly + 14.0 * static_cast<double>(i);
      s += svg_rect(left, y, 14, 10, (*classes)[i].colour, "stroke=\"#999\" stroke-width=\"0.5\"");
      s += svg_text({left + 20, y + 9}, (*classes)[i].label, 10);
    }
  } else {
    for (int i = 0; i <= 10; ++i) {
      const double t = -1.0 + 0.2 * i;
      s += svg_rect(left + 14.0 * i, ly, 14, 10, diverging_colour(t));
    }
    s += svg_text({left - 4, ly + 9}, "-" + fixed(vmax, 1), 10, "end");
    s += svg_text({left + 160, ly + 9}, "+" + fixed(vmax, 1) + " h/day saved", 10, "start");
  }
  s += "</svg>";
  return s;
}

}  // namespace corridor::report
