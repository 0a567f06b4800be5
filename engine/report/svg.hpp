#pragma once
// Small building blocks for the report: text escaping, fixed number formatting, the map
// projection and a handful of SVG element writers. Plain string building, no layout engine.
//
// Projection: equirectangular with cos(lat0) scaling (lat0 = middle latitude of the box), which
// keeps angles and distances right to a fraction of a percent over a region of 100 km:
//   x = margin + (lon - lon_min) * cos(lat0) * scale,  y = margin + (lat_max - lat) * scale,
//   scale = min((width - 2 margin) / ((lon_max - lon_min) cos(lat0)),
//               (height - 2 margin) / (lat_max - lat_min))   [pixels per degree of latitude]
//
//   auto proj = Projection::fit(box, 800, 600, 20);
//   svg += line(proj(a), proj(b), "#888", 1.5);
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/report_data.hpp"

namespace corridor::report {

// Escapes & < > " ' for use in HTML/XML text and attribute values.
[[nodiscard]] std::string escape(std::string_view text);

// Fixed-point decimal with `decimals` digits, locale-independent ("-0" printed as "0").
[[nodiscard]] std::string fixed(double value, int decimals);
// Thousands grouped with commas for tables: grouped(1234567.8) == "1,234,568".
[[nodiscard]] std::string grouped(double value, int decimals = 0);
// Scientific with 2 significant decimals, e.g. "1.23e-04", for gaps.
[[nodiscard]] std::string scientific(double value);

struct Point {
  double x = 0.0;
  double y = 0.0;
};

struct BoundingBox {
  double lon_min = 0.0, lon_max = 0.0, lat_min = 0.0, lat_max = 0.0;
  bool empty = true;
  void add(LonLat p);
};

class Projection {
 public:
  static Projection fit(const BoundingBox& box, double width, double height, double margin);
  [[nodiscard]] Point operator()(LonLat p) const;
  [[nodiscard]] double scale() const { return scale_; }  // pixels per degree of latitude
  [[nodiscard]] double kx() const { return kx_; }        // cos(lat0)

 private:
  double lon_min_ = 0.0, lat_max_ = 0.0, kx_ = 1.0, scale_ = 1.0, margin_ = 0.0;
};

// Bounding box of everything drawn from the geometry (zones, links, lines; not the border).
[[nodiscard]] BoundingBox geometry_box(const MapGeometry& map);

// Element writers. Coordinates with 1 decimal (0.1 px), widths with 2.
[[nodiscard]] std::string svg_line(Point a, Point b, std::string_view stroke, double width,
                                   std::string_view extra = {});
[[nodiscard]] std::string svg_polyline(const std::vector<Point>& pts, std::string_view stroke,
                                       double width, std::string_view extra = {});
[[nodiscard]] std::string svg_circle(Point c, double r, std::string_view fill,
                                     std::string_view extra = {});
[[nodiscard]] std::string svg_rect(double x, double y, double w, double h, std::string_view fill,
                                   std::string_view extra = {});
// `anchor` is start, middle or end; the text is escaped.
[[nodiscard]] std::string svg_text(Point at, std::string_view text, double size,
                                   std::string_view anchor = "start", std::string_view extra = {});
// <title> tooltip child; text escaped.
[[nodiscard]] std::string svg_title(std::string_view text);

// Colours as "#rrggbb". Diverging green (positive) / red (negative) through light grey; t in
// [-1, 1] (clamped). Sequential: light yellow (0) to dark red (1).
[[nodiscard]] std::string diverging_colour(double t);
[[nodiscard]] std::string sequential_colour(double t);

}  // namespace corridor::report
