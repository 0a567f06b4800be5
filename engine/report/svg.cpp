#include "report/svg.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numbers>

namespace corridor::report {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  std::array<char, 64> buf{};
  auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::fixed, decimals);
  if (ec != std::errc()) return "nan";
  std::string s(buf.data(), end);
  // "-0", "-0.00": a rounded zero carries no sign.
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string grouped(double value, int decimals) {
  std::string s = fixed(value, decimals);
  const std::size_t start = (s.front() == '-') ? 1 : 0;
  std::size_t int_end = s.find('.');
  if (int_end == std::string::npos) int_end = s.size();
  std::string out = s.substr(0, start);
  const std::size_t digits = int_end - start;
  for (std::size_t i = 0; i < digits; ++i) {
    if (i > 0 && (digits - i) % 3 == 0) out += ',';
    out += s[start + i];
  }
  out += s.substr(int_end);
  return out;
}

std::string scientific(double value) {
  if (!std::isfinite(value)) return fixed(value, 0);
  std::array<char, 64> buf{};
  auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::scientific, 2);
  if (ec != std::errc()) return "nan";
  return std::string(buf.data(), end);
}

void BoundingBox::add(LonLat p) {
  if (empty) {
    lon_min = lon_max = p.lon;
    lat_min = lat_max = p.lat;
    empty = false;
    return;
  }
  lon_min = std::min(lon_min, p.lon);
  lon_max = std::max(lon_max, p.lon);
  lat_min = std::min(lat_min, p.lat);
  lat_max = std::max(lat_max, p.lat);
}

Projection Projection::fit(const BoundingBox& box, double width, double height, double margin) {
  Projection p;
  p.margin_ = margin;
  if (box.empty) return p;
  const double lat0 = 0.5 * (box.lat_min + box.lat_max);
  p.kx_ = std::cos(lat0 * std::numbers::pi / 180.0);
  p.lon_min_ = box.lon_min;
  p.lat_max_ = box.lat_max;
  const double dx = (box.lon_max - box.lon_min) * p.kx_;
  const double dy = box.lat_max - box.lat_min;
  const double sx = dx > 0 ? (width - 2 * margin) / dx : 0.0;
  const double sy = dy > 0 ? (height - 2 * margin) / dy : 0.0;
  if (sx > 0 && sy > 0) {
    p.scale_ = std::min(sx, sy);
  } else {
    p.scale_ = std::max({sx, sy, 1.0});  // a point or a line: any positive scale
  }
  return p;
}

Point Projection::operator()(LonLat ll) const {
  return {margin_ + (ll.lon - lon_min_) * kx_ * scale_, margin_ + (lat_max_ - ll.lat) * scale_};
}

BoundingBox geometry_box(const MapGeometry& map) {
  BoundingBox box;
  for (const auto& z : map.zones) box.add(z.centroid);
  for (const auto& l : map.links) {
    box.add(l.from);
    box.add(l.to);
  }
  for (const auto& l : map.lines)
    for (const auto& s : l.stops) box.add(s);
  return box;
}

namespace {

std::string attr_tail(std::string_view extra) {
  std::string s;
  if (!extra.empty()) {
    s += ' ';
    s += extra;
  }
  return s;
}

std::string hex2(int v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  v = std::clamp(v, 0, 255);
  return {kDigits[v / 16], kDigits[v % 16]};
}

std::string mix(std::array<int, 3> a, std::array<int, 3> b, double t) {
  std::string s = "#";
  for (int i = 0; i < 3; ++i) {
    s += hex2(static_cast<int>(std::lround(a[i] + (b[i] - a[i]) * t)));
  }
  return s;
}

}  // namespace

std::string svg_line(Point a, Point b, std::string_view stroke, double width,
                     std::string_view extra) {
  return "<line x1=\"" + fixed(a.x, 1) + "\" y1=\"" + fixed(a.y, 1) + "\" x2=\"" + fixed(b.x, 1) +
         "\" y2=\"" + fixed(b.y, 1) + "\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"" +
         fixed(width, 2) + "\"" + attr_tail(extra) + "/>";
}

std::string svg_polyline(const std::vector<Point>& pts, std::string_view stroke, double width,
                         std::string_view extra) {
  std::string s = "<polyline points=\"";
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (i) s += ' ';
    s += fixed(pts[i].x, 1) + "," + fixed(pts[i].y, 1);
  }
  s += "\" fill=\"none\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"" + fixed(width, 2) +
       "\"" + attr_tail(extra) + "/>";
  return s;
}

std::string svg_circle(Point c, double r, std::string_view fill, std::string_view extra) {
  return "<circle cx=\"" + fixed(c.x, 1) + "\" cy=\"" + fixed(c.y, 1) + "\" r=\"" + fixed(r, 2) +
         "\" fill=\"" + std::string(fill) + "\"" + attr_tail(extra) + "/>";
}

std::string svg_rect(double x, double y, double w, double h, std::string_view fill,
                     std::string_view extra) {
  return "<rect x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) + "\" width=\"" +
         fixed(std::max(w, 0.0), 1) + "\" height=\"" + fixed(std::max(h, 0.0), 1) + "\" fill=\"" +
         std::string(fill) + "\"" + attr_tail(extra) + "/>";
}

std::string svg_text(Point at, std::string_view text, double size, std::string_view anchor,
                     std::string_view extra) {
  return "<text x=\"" + fixed(at.x, 1) + "\" y=\"" + fixed(at.y, 1) + "\" font-size=\"" +
         fixed(size, 1) + "\" text-anchor=\"" + std::string(anchor) + "\"" + attr_tail(extra) +
         ">" + escape(text) + "</text>";
}

std::string svg_title(std::string_view text) { return "<title>" + escape(text) + "</title>"; }

std::string diverging_colour(double t) {
  if (!std::isfinite(t)) t = 0.0;
  t = std::clamp(t, -1.0, 1.0);
  constexpr std::array<int, 3> kNeutral{0xee, 0xee, 0xee};
  constexpr std::array<int, 3> kGreen{0x1a, 0x98, 0x50};
  constexpr std::array<int, 3> kRed{0xd7, 0x30, 0x27};
  return t >= 0 ? mix(kNeutral, kGreen, t) : mix(kNeutral, kRed, -t);
}

std::string sequential_colour(double t) {
  if (!std::isfinite(t)) t = 0.0;
  t = std::clamp(t, 0.0, 1.0);
  constexpr std::array<int, 3> kLow{0xfe, 0xe0, 0x8b};
  constexpr std::array<int, 3> kMid{0xf4, 0x6d, 0x43};
  constexpr std::array<int, 3> kHigh{0xa5, 0x00, 0x26};
  return t < 0.5 ? mix(kLow, kMid, 2 * t) : mix(kMid, kHigh, 2 * t - 1);
}

}  // namespace corridor::report
