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

// The square plot area and its common scale on both axes (value, or log10 value).
struct Frame {
  double left = 64, right = 30, top = 34, bottom = 48, plot = 0;
  bool log_axes = false;
  double a_lo = 0.0, a_hi = 1.0;  // axis range in plotted units
  [[nodiscard]] double unit(double v) const { return log_axes ? std::log10(v) : v; }
  [[nodiscard]] double x(double v) const { return left + (unit(v) - a_lo) / (a_hi - a_lo) * plot; }
  [[nodiscard]] double y(double v) const {
    return top + plot - (unit(v) - a_lo) / (a_hi - a_lo) * plot;
  }
  [[nodiscard]] double v_lo() const { return log_axes ? std::pow(10.0, a_lo) : 0.0; }
  [[nodiscard]] double v_hi() const { return log_axes ? std::pow(10.0, a_hi) : a_hi; }
  [[nodiscard]] bool drawable(const ScatterPoint& p) const {
    return std::isfinite(p.observed) && std::isfinite(p.modelled) &&
           (!log_axes || (p.observed > 0.0 && p.modelled > 0.0));
  }
};

// Sets the axis range from the drawable points; returns how many points cannot be drawn.
std::size_t fit_range(Frame& f, const std::vector<ScatterSeries>& series, double& hi) {
  double lo = f.log_axes ? std::numeric_limits<double>::infinity() : 0.0;
  hi = 0.0;
  std::size_t left_out = 0;
  for (const auto& se : series) {
    for (const auto& p : se.points) {
      if (!f.drawable(p)) {
        ++left_out;
        continue;
      }
      hi = std::max({hi, p.observed, p.modelled});
      lo = std::min({lo, p.observed, p.modelled});
    }
  }
  if (f.log_axes) {
    if (hi > 0.0) {
      f.a_lo = std::floor(std::log10(lo));
      f.a_hi = std::ceil(std::log10(hi));
      if (f.a_hi <= f.a_lo) f.a_hi = f.a_lo + 1.0;
    }
  } else if (hi > 0.0) {
    const double step = nice_step(hi, 5);
    f.a_hi = std::ceil(hi / step) * step;
  }
  return left_out;
}

std::string axes(const Frame& f, const std::string& unit) {
  std::vector<double> ticks;
  if (f.log_axes) {
    for (double d = f.a_lo; d <= f.a_hi + 1e-9; d += 1.0) ticks.push_back(std::pow(10.0, d));
  } else {
    const double step = nice_step(f.a_hi, 5);
    for (double t = 0.0; t <= f.a_hi + 1e-9 * f.a_hi; t += step) ticks.push_back(t);
  }
  const double left = f.left, top = f.top, plot = f.plot;
  std::string s;
  for (const double t : ticks) {
    const std::string text = grouped(t);
    s += svg_line({f.x(t), top}, {f.x(t), top + plot}, "#e4e4e4", 1);
    s += svg_line({left, f.y(t)}, {left + plot, f.y(t)}, "#e4e4e4", 1);
    s += svg_text({f.x(t), top + plot + 14}, text, 10, "middle", "fill=\"#555\"");
    s += svg_text({left - 5, f.y(t) + 3.5}, text, 10, "end", "fill=\"#555\"");
  }
  s += svg_rect(left, top, plot, plot, "none", "stroke=\"#999\"");
  s += svg_text({left + plot / 2, top + plot + 32}, "observed (" + unit + ")", 11, "middle");
  s += svg_text({14, top + plot / 2}, "modelled (" + unit + ")", 11, "middle",
                "transform=\"rotate(-90 14 " + fixed(top + plot / 2, 1) + ")\"");
  return s;
}

// The 45° line and the GEH = 5 curves, clipped to the plot by sampling along the observed axis.
std::string diagonal_and_band(const Frame& f, bool band, double hours) {
  std::string s = svg_line({f.x(f.v_lo()), f.y(f.v_lo())}, {f.x(f.v_hi()), f.y(f.v_hi())},
                           "#333333", 1.2, "class=\"diagonal\"");
  if (!band) return s;
  for (const double sign : {1.0, -1.0}) {
    std::vector<Point> pts;
    for (int i = 0; i <= 120; ++i) {
      const double t = f.a_lo + (f.a_hi - f.a_lo) * i / 120.0;
      const double c = f.log_axes ? std::pow(10.0, t) : t;
      const double m = geh5(c, hours, sign);
      if (m < f.v_lo() || m > f.v_hi() || (f.log_axes && m <= 0.0)) continue;
      pts.push_back({f.x(c), f.y(m)});
    }
    if (pts.size() > 1)
      s += svg_polyline(pts, "#999999", 1, "stroke-dasharray=\"4 3\" class=\"geh-band\"");
  }
  s += svg_text({f.left + 6, f.top + 14}, "dashed: GEH = 5", 10, "start", "fill=\"#777\"");
  return s;
}

std::string points(const Frame& f, const ScatterSeries& se, double hours) {
  std::string s;
  for (const auto& p : se.points) {
    if (!f.drawable(p)) continue;
    const std::string tip = (p.label.empty() ? std::string() : p.label + ": ") + "observed " +
                            grouped(p.observed) + ", modelled " + grouped(p.modelled) + ", GEH " +
                            fixed(geh_of(p.observed, p.modelled, hours), 1) +
                            (se.name.empty() ? std::string() : " (" + se.name + ")");
    s += "<circle cx=\"" + fixed(f.x(p.observed), 1) + "\" cy=\"" + fixed(f.y(p.modelled), 1) +
         "\" r=\"3.5\" fill=\"" + escape(se.colour) +
         "\" fill-opacity=\"0.75\" stroke=\"#ffffff\" stroke-width=\"0.5\">" + svg_title(tip) +
         "</circle>";
  }
  return s;
}

}  // namespace

std::string scatter_plot_svg(std::string_view id, std::string_view title,
                             const std::vector<ScatterSeries>& series, const ScatterOptions& o) {
  const double size = std::max(200.0, o.size);
  Frame f;
  f.log_axes = o.log_axes;
  f.plot = size - f.left - f.right;
  const double legend = series.size() > 1 ? 16.0 * static_cast<double>(series.size()) : 0.0;
  const double height = f.top + f.plot + f.bottom + legend;
  const double hours = o.period_hours > 0.0 ? o.period_hours : 1.0;
  double hi = 0.0;
  const std::size_t left_out = fit_range(f, series, hi);

  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + escape(id) +
                  "\" class=\"chart scatter-plot\" width=\"" + fixed(size, 0) + "\" height=\"" +
                  fixed(height, 0) + "\" viewBox=\"0 0 " + fixed(size, 0) + " " + fixed(height, 0) +
                  "\" font-family=\"sans-serif\">";
  s += svg_rect(0, 0, size, height, "#ffffff");
  s += svg_text({8, 20}, title, 14, "start", "font-weight=\"bold\"");
  s += axes(f, o.unit);
  s += diagonal_and_band(f, o.geh_band && hi > 0.0, hours);
  for (const auto& se : series) s += points(f, se, hours);
  double y = f.top + f.plot + 46;
  if (series.size() > 1) {
    for (const auto& se : series) {
      s += svg_circle({f.left + 6, y - 3.5}, 4, escape(se.colour));
      s += svg_text({f.left + 16, y}, se.name, 10);
      y += 16;
    }
  }
  if (left_out > 0) {
    s += svg_text({f.left + f.plot, f.top + f.plot + 46},
                  std::to_string(left_out) + " points not drawn", 10, "end", "fill=\"#777\"");
  }
  s += "</svg>";
  return s;
}

}  // namespace corridor::report
