#include "report/scatter_plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/svg.hpp"

namespace corridor::report {
namespace {

// 1, 2 or 5 × 10^k, about range / target.
double nice_step(double range, int target) {
  const double raw = range / std::max(1, target);
  if (!(raw > 0.0) || !std::isfinite(raw)) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10.0 * p;
}

double geh_of(double observed, double modelled, double hours) {
  const double c = observed / hours, m = modelled / hours;
  return c + m > 0.0 ? std::sqrt(2.0 * (m - c) * (m - c) / (m + c)) : 0.0;
}

// Modelled value on the GEH = 5 curve for `observed` (period figures); sign +1 upper, −1 lower.
double geh5(double observed, double hours, double sign) {
  const double c = observed / hours;
  return hours * (c + 6.25 + sign * std::sqrt(39.0625 + 25.0 * c));
}

}  // namespace

std::string scatter_plot_svg(std::string_view id, std::string_view title,
                             const std::vector<ScatterSeries>& series, const ScatterOptions& o) {
  const double size = std::max(200.0, o.size);
  const double left = 64, right = 30, top = 34, bottom = 48;
  const double legend = series.size() > 1 ? 16.0 * static_cast<double>(series.size()) : 0.0;
  const double plot = size - left - right;
  const double height = top + plot + bottom + legend;
  const bool log_axes = o.log_axes;
  const double hours = o.period_hours > 0.0 ? o.period_hours : 1.0;

  // Axis range: the same on x and y.
  double lo = log_axes ? std::numeric_limits<double>::infinity() : 0.0, hi = 0.0;
  std::size_t left_out = 0;
  for (const auto& se : series) {
    for (const auto& p : se.points) {
      if (!std::isfinite(p.observed) || !std::isfinite(p.modelled) ||
          (log_axes && (p.observed <= 0.0 || p.modelled <= 0.0))) {
        ++left_out;
        continue;
      }
      hi = std::max({hi, p.observed, p.modelled});
      lo = std::min({lo, p.observed, p.modelled});
    }
  }
  double a_lo = 0.0, a_hi = 1.0;  // axis range in plotted units (value or log10 value)
  if (log_axes) {
    if (hi > 0.0) {
      a_lo = std::floor(std::log10(lo));
      a_hi = std::ceil(std::log10(hi));
      if (a_hi <= a_lo) a_hi = a_lo + 1.0;
    }
  } else if (hi > 0.0) {
    const double step = nice_step(hi, 5);
    a_hi = std::ceil(hi / step) * step;
  }
  const auto unit = [&](double v) { return log_axes ? std::log10(v) : v; };
  const auto xp = [&](double v) { return left + (unit(v) - a_lo) / (a_hi - a_lo) * plot; };
  const auto yp = [&](double v) { return top + plot - (unit(v) - a_lo) / (a_hi - a_lo) * plot; };
  const double v_lo = log_axes ? std::pow(10.0, a_lo) : 0.0;
  const double v_hi = log_axes ? std::pow(10.0, a_hi) : a_hi;

  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + escape(id) +
                  "\" class=\"chart scatter-plot\" width=\"" + fixed(size, 0) + "\" height=\"" +
                  fixed(height, 0) + "\" viewBox=\"0 0 " + fixed(size, 0) + " " + fixed(height, 0) +
                  "\" font-family=\"sans-serif\">";
  s += svg_rect(0, 0, size, height, "#ffffff");
  s += svg_text({8, 20}, title, 14, "start", "font-weight=\"bold\"");

  // Grid and tick labels.
  std::vector<double> ticks;
  if (log_axes) {
    for (double d = a_lo; d <= a_hi + 1e-9; d += 1.0) ticks.push_back(std::pow(10.0, d));
  } else {
    const double step = nice_step(a_hi, 5);
    for (double t = 0.0; t <= a_hi + 1e-9 * a_hi; t += step) ticks.push_back(t);
  }
  for (const double t : ticks) {
    const std::string text = grouped(t);
    s += svg_line({xp(t), top}, {xp(t), top + plot}, "#e4e4e4", 1);
    s += svg_line({left, yp(t)}, {left + plot, yp(t)}, "#e4e4e4", 1);
    s += svg_text({xp(t), top + plot + 14}, text, 10, "middle", "fill=\"#555\"");
    s += svg_text({left - 5, yp(t) + 3.5}, text, 10, "end", "fill=\"#555\"");
  }
  s += svg_rect(left, top, plot, plot, "none", "stroke=\"#999\"");
  s += svg_text({left + plot / 2, top + plot + 32}, "observed (" + o.unit + ")", 11, "middle");
  s += svg_text({14, top + plot / 2}, "modelled (" + o.unit + ")", 11, "middle",
                "transform=\"rotate(-90 14 " + fixed(top + plot / 2, 1) + ")\"");

  // 45° line and the GEH band, clipped to the plot square by sampling along the observed axis.
  s += svg_line({xp(v_lo), yp(v_lo)}, {xp(v_hi), yp(v_hi)}, "#333333", 1.2, "class=\"diagonal\"");
  if (o.geh_band && hi > 0.0) {
    for (const double sign : {1.0, -1.0}) {
      std::vector<Point> pts;
      for (int i = 0; i <= 120; ++i) {
        const double t = a_lo + (a_hi - a_lo) * i / 120.0;
        const double c = log_axes ? std::pow(10.0, t) : t;
        const double m = geh5(c, hours, sign);
        if (m < v_lo || m > v_hi || (log_axes && m <= 0.0)) continue;
        pts.push_back({xp(c), yp(m)});
      }
      if (pts.size() > 1)
        s += svg_polyline(pts, "#999999", 1, "stroke-dasharray=\"4 3\" class=\"geh-band\"");
    }
    s += svg_text({left + 6, top + 14}, "dashed: GEH = 5", 10, "start", "fill=\"#777\"");
  }

  // Points, series in order; each with its tooltip.
  for (const auto& se : series) {
    for (const auto& p : se.points) {
      if (!std::isfinite(p.observed) || !std::isfinite(p.modelled) ||
          (log_axes && (p.observed <= 0.0 || p.modelled <= 0.0))) {
        continue;
      }
      const std::string tip = (p.label.empty() ? std::string() : p.label + ": ") + "observed " +
                              grouped(p.observed) + ", modelled " + grouped(p.modelled) + ", GEH " +
                              fixed(geh_of(p.observed, p.modelled, hours), 1) +
                              (se.name.empty() ? std::string() : " (" + se.name + ")");
      s += "<circle cx=\"" + fixed(xp(p.observed), 1) + "\" cy=\"" + fixed(yp(p.modelled), 1) +
           "\" r=\"3.5\" fill=\"" + escape(se.colour) +
           "\" fill-opacity=\"0.75\" stroke=\"#ffffff\" stroke-width=\"0.5\">" + svg_title(tip) +
           "</circle>";
    }
  }

  // Legend and caption.
  double y = top + plot + 46;
  if (series.size() > 1) {
    for (const auto& se : series) {
      s += svg_circle({left + 6, y - 3.5}, 4, escape(se.colour));
      s += svg_text({left + 16, y}, se.name, 10);
      y += 16;
    }
  }
  if (left_out > 0) {
    s += svg_text({left + plot, top + plot + 46}, std::to_string(left_out) + " points not drawn",
                  10, "end", "fill=\"#777\"");
  }
  s += "</svg>";
  return s;
}

}  // namespace corridor::report
