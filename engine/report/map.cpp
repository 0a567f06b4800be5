#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <set>
#include <utility>

#include "report/charts.hpp"
#include "report/report.hpp"

namespace corridor::report {
namespace {

constexpr double kLegendW = 200.0;
constexpr const char* kHighlight = "#e7298a";
constexpr const char* kBorder = "#6a3d9a";

struct RoadStyle {
  int rank = 0;  // drawing order: minor roads first
  const char* colour = "#cccccc";
  const char* grey = "#dddddd";
  double width = 0.8;
  bool drawn = true;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

RoadStyle road_style(std::string_view facility) {
  const std::string f = lower(facility);
  auto has = [&](const char* w) { return f.find(w) != std::string::npos; };
  if (has("connector") || has("centroid")) return {0, "#cccccc", "#dddddd", 0.0, false};
  if (has("motorway") || has("freeway")) return {3, "#e07b39", "#a8a8a8", 2.6, true};
  if (has("trunk") || has("primary") || has("major")) return {2, "#f0b64a", "#bdbdbd", 1.8, true};
  if (has("secondary")) return {1, "#d9c77a", "#cacaca", 1.2, true};
  return {0, "#c8c8c8", "#dadada", 0.7, true};
}

bool is_rail(std::string_view mode) {
  const std::string m = lower(mode);
  return m.find("rail") != std::string::npos || m.find("train") != std::string::npos;
}

// Blue (decrease) - grey - red (increase), t in [-1, 1].
std::string delta_colour(double t) {
  t = std::isfinite(t) ? std::clamp(t, -1.0, 1.0) : 0.0;
  const double a = std::abs(t);
  const int g0 = 0xb0;
  const int r = t >= 0 ? static_cast<int>(std::lround(g0 + (0xd7 - g0) * a))
                       : static_cast<int>(std::lround(g0 + (0x21 - g0) * a));
  const int g = t >= 0 ? static_cast<int>(std::lround(g0 + (0x30 - g0) * a))
                       : static_cast<int>(std::lround(g0 + (0x66 - g0) * a));
  const int b = t >= 0 ? static_cast<int>(std::lround(g0 + (0x1f - g0) * a))
                       : static_cast<int>(std::lround(g0 + (0xac - g0) * a));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "#";
  for (const int v : {r, g, b}) {
    s += kHex[v / 16];
    s += kHex[v % 16];
  }
  return s;
}

const char* country_colour(std::string_view country) {
  if (country == "NL") return "#f28c28";
  if (country == "BE") return "#2a5caa";
  return "#777777";
}

std::vector<std::uint32_t> links_by_rank(const MapGeometry& map) {
  std::vector<std::uint32_t> idx(map.links.size());
  std::iota(idx.begin(), idx.end(), 0U);
  std::stable_sort(idx.begin(), idx.end(), [&](std::uint32_t a, std::uint32_t b) {
    return road_style(map.links[a].facility).rank < road_style(map.links[b].facility).rank;
  });
  return idx;
}

std::string base_roads(const MapGeometry& map, const Projection& proj, bool coloured) {
  std::string s = "<g class=\"roads\">";
  for (const std::uint32_t i : links_by_rank(map)) {
    const auto& l = map.links[i];
    const RoadStyle st = road_style(l.facility);
    if (l.scenario_only || !st.drawn) continue;
    s += svg_line(proj(l.from), proj(l.to), coloured ? st.colour : st.grey, st.width,
                  "stroke-linecap=\"round\"");
  }
  return s + "</g>";
}

std::vector<Point> line_points(const MapLine& line, const Projection& proj) {
  std::vector<Point> pts;
  pts.reserve(line.stops.size());
  for (const auto& st : line.stops) pts.push_back(proj(st));
  return pts;
}

std::string rail_lines(const MapGeometry& map, const Projection& proj, bool with_bus) {
  std::string s = "<g class=\"pt-lines\">";
  for (const auto& line : map.lines) {
    if (line.scenario_only || line.stops.size() < 2) continue;
    const auto pts = line_points(line, proj);
    if (is_rail(line.mode)) {
      s += svg_polyline(pts, "#333333", 2.4);
      s += svg_polyline(pts, "#ffffff", 1.0, "stroke-dasharray=\"5 5\"");
    } else if (with_bus) {
      s += svg_polyline(pts, "#1b9e77", 0.9, "stroke-dasharray=\"2 2\"");
    }
  }
  return s + "</g>";
}

std::string border_layer(const MapGeometry& map, const Projection& proj) {
  const auto& border = map.border;
  std::string s = "<g class=\"border\">";
  for (const auto& part : border) {
    std::vector<Point> pts;
    for (const auto& p : part) pts.push_back(proj(p));
    s += svg_polyline(pts, kBorder, 1.6, "stroke-dasharray=\"8 4 2 4\"");
  }
  return s + "</g>";
}

struct LegendItem {
  enum Kind { line, dashed, rail, circle } kind = line;
  std::string colour;
  double size = 2;
  std::string label;
};

std::string legend(double x, const std::vector<LegendItem>& items) {
  std::string s = "<g class=\"legend\">";
  double y = 20;
  s += svg_text({x, y}, "Legend", 12, "start", "font-weight=\"bold\"");
  for (const auto& it : items) {
    y += 20;
    const Point a{x, y - 4}, b{x + 26, y - 4};
    switch (it.kind) {
      case LegendItem::line:
        s += svg_line(a, b, it.colour, it.size);
        break;
      case LegendItem::dashed:
        s += svg_line(a, b, it.colour, it.size, "stroke-dasharray=\"8 4 2 4\"");
        break;
      case LegendItem::rail:
        s += svg_line(a, b, "#333333", 2.4) +
             svg_line(a, b, "#ffffff", 1.0, "stroke-dasharray=\"5 5\"");
        break;
      case LegendItem::circle:
        s += svg_circle({x + 13, y - 4}, std::min(it.size, 8.0), it.colour,
                        "stroke=\"#333\" stroke-width=\"0.5\"");
        break;
    }
    s += svg_text({x + 34, y}, it.label, 10);
  }
  return s + "</g>";
}

std::string scale_bar(const Projection& proj) {
  // 10 km in pixels: 1 degree of latitude is 111.32 km.
  const double px = 10.0 / 111.32 * proj.scale();
  const double x = kMapMargin, y = kMapHeight - 10;
  return "<g class=\"scale\">" + svg_line({x, y}, {x + px, y}, "#333333", 2) +
         svg_text({x + px / 2, y - 4}, "10 km", 10, "middle") + "</g>";
}

std::string change_label(ChangeKind k) {
  switch (k) {
    case ChangeKind::added:
      return "added";
    case ChangeKind::closed:
      return "closed";
    case ChangeKind::changed:
      break;
  }
  return "changed";
}

std::string highlights(const MapGeometry& map, const ScenarioReport& sc, const Projection& proj,
                       bool under) {
  std::string s = under ? "<g class=\"changes-halo\">" : "<g class=\"changes\">";
  for (const auto& ch : sc.link_changes) {
    if (ch.link >= map.links.size()) continue;
    const auto& l = map.links[ch.link];
    const std::string tip = svg_title((l.name.empty() ? "link" : l.name) + " (" +
                                      change_label(ch.kind) + "): " + ch.what);
    if (under) {
      s += "<line x1=\"" + fixed(proj(l.from).x, 1) + "\" y1=\"" + fixed(proj(l.from).y, 1) +
           "\" x2=\"" + fixed(proj(l.to).x, 1) + "\" y2=\"" + fixed(proj(l.to).y, 1) +
           "\" stroke=\"" + kHighlight +
           "\" stroke-width=\"9.00\" stroke-opacity=\"0.45\" stroke-linecap=\"round\">" + tip +
           "</line>";
    } else if (ch.kind == ChangeKind::closed) {
      s += svg_line(proj(l.from), proj(l.to), "#000000", 2, "stroke-dasharray=\"3 3\"");
    }
  }
  for (const auto& ch : sc.line_changes) {
    if (ch.line >= map.lines.size()) continue;
    const auto& line = map.lines[ch.line];
    if (line.stops.size() < 2) continue;
    const auto pts = line_points(line, proj);
    if (under) {
      s += svg_polyline(pts, kHighlight, 7, "stroke-opacity=\"0.35\" stroke-linejoin=\"round\"");
      continue;
    }
    s += "<g class=\"changed-line\">" +
         svg_polyline(pts, kHighlight, 2.2,
                      ch.kind == ChangeKind::closed ? "stroke-dasharray=\"4 3\"" : "") +
         svg_title(line.name + " (" + line.mode + ", " + change_label(ch.kind) + "): " + ch.what) +
         "</g>";
    for (const auto& p : pts)
      s += svg_circle(p, 2.6, "#ffffff", "stroke=\"#e7298a\" stroke-width=\"1.2\"");
    s += svg_text({pts.front().x + 4, pts.front().y - 4}, line.name, 10, "start",
                  "fill=\"#e7298a\" font-weight=\"bold\"");
  }
  return s + "</g>";
}

}  // namespace

std::string map_svg(std::string_view id, const MapGeometry& map, const ScenarioReport* sc,
                    MapKind kind) {
  const Projection proj = Projection::fit(geometry_box(map), kMapWidth, kMapHeight, kMapMargin);
  const double width = kMapWidth + kLegendW;
  const std::string clip = std::string(id) + "-clip";
  std::string s = "<svg id=\"" + escape(id) +
                  "\" class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                  fixed(width, 0) + "\" height=\"" + fixed(kMapHeight, 0) + "\" viewBox=\"0 0 " +
                  fixed(width, 0) + " " + fixed(kMapHeight, 0) + "\" role=\"img\">";
  s += "<defs><clipPath id=\"" + escape(clip) + "\"><rect x=\"0\" y=\"0\" width=\"" +
       fixed(kMapWidth, 0) + "\" height=\"" + fixed(kMapHeight, 0) + "\"/></clipPath></defs>";
  s += svg_rect(0, 0, kMapWidth, kMapHeight, "#f8f8f4", "stroke=\"#bbb\"");
  s += "<g clip-path=\"url(#" + escape(clip) + ")\">";
  s += border_layer(map, proj);
  std::vector<LegendItem> items;
  items.push_back({LegendItem::dashed, kBorder, 1.6, "NL/BE border (approx.)"});

  if (kind == MapKind::region) {
    s += base_roads(map, proj, true);
    s += rail_lines(map, proj, true);
    s += "<g class=\"zones\">";
    for (const auto& z : map.zones) {
      const Point p = proj(z.centroid);
      s += "<g>" +
           svg_circle(p, 3.2, country_colour(z.country), "stroke=\"#fff\" stroke-width=\"0.8\"") +
           svg_title(z.name + " (" + z.country + ")") + "</g>";
      if (map.zones.size() <= 60)
        s += svg_text({p.x + 4, p.y - 3}, z.name, 8, "start", "fill=\"#444\"");
    }
    s += "</g>";
    items.push_back({LegendItem::line, "#e07b39", 2.6, "motorway"});
    items.push_back({LegendItem::line, "#f0b64a", 1.8, "trunk / primary"});
    items.push_back({LegendItem::line, "#d9c77a", 1.2, "secondary"});
    items.push_back({LegendItem::line, "#c8c8c8", 0.8, "other roads"});
    items.push_back({LegendItem::rail, "", 0, "railway"});
    items.push_back({LegendItem::line, "#1b9e77", 0.9, "bus line"});
    items.push_back({LegendItem::circle, country_colour("NL"), 3.2, "zone centroid NL"});
    items.push_back({LegendItem::circle, country_colour("BE"), 3.2, "zone centroid BE"});
  } else if (kind == MapKind::flows && sc != nullptr) {
    s += base_roads(map, proj, false);
    s += rail_lines(map, proj, false);
    s += highlights(map, *sc, proj, true);
    double fmax = 0, dmax = 0;
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < sc->link_flows.size(); ++k) {
      const auto& f = sc->link_flows[k];
      if (f.link >= map.links.size() || !road_style(map.links[f.link].facility).drawn) continue;
      if (std::isfinite(f.daily_flow)) fmax = std::max(fmax, std::abs(f.daily_flow));
      if (std::isfinite(f.delta_daily_flow)) dmax = std::max(dmax, std::abs(f.delta_daily_flow));
      order.push_back(k);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::abs(sc->link_flows[a].delta_daily_flow) <
             std::abs(sc->link_flows[b].delta_daily_flow);
    });
    // Two-way roads: each direction is drawn beside the centre line on its right-hand side
    // (traffic keeps right), half its width plus 0.4 px away, so neither hides the other.
    std::set<std::pair<std::int64_t, std::int64_t>> directed;
    for (const std::size_t k : order) {
      const auto& l = map.links[sc->link_flows[k].link];
      directed.emplace(l.from_node, l.to_node);
    }
    s += "<g class=\"flows\">";
    for (const std::size_t k : order) {
      const auto& f = sc->link_flows[k];
      const auto& l = map.links[f.link];
      const double w = fmax > 0 ? 0.5 + 7.5 * std::abs(f.daily_flow) / fmax : 0.5;
      const double t = dmax > 0 ? f.delta_daily_flow / dmax : 0.0;
      Point p0 = proj(l.from), p1 = proj(l.to);
      const double dx = p1.x - p0.x, dy = p1.y - p0.y, len = std::hypot(dx, dy);
      if (len > 0 && directed.count({l.to_node, l.from_node})) {
        const double off = w / 2 + 0.4;  // screen y points down: right of (dx, dy) is (-dy, dx)
        p0 = {p0.x - dy / len * off, p0.y + dx / len * off};
        p1 = {p1.x - dy / len * off, p1.y + dx / len * off};
      }
      s += "<line x1=\"" + fixed(p0.x, 1) + "\" y1=\"" + fixed(p0.y, 1) + "\" x2=\"" +
           fixed(p1.x, 1) + "\" y2=\"" + fixed(p1.y, 1) + "\" stroke=\"" + delta_colour(t) +
           "\" stroke-width=\"" + fixed(w, 2) + "\" stroke-linecap=\"butt\">" +
           svg_title((l.name.empty() ? "link" : l.name) + " " + std::to_string(l.from_node) +
                     "\xe2\x86\x92" + std::to_string(l.to_node) + ": " + grouped(f.daily_flow) +
                     " veh/day, \xce\x94 " + grouped(f.delta_daily_flow) + ", " +
                     fixed(f.speed_kmh, 0) + " km/h") +
           "</line>";
    }
    s += "</g>";
    s += highlights(map, *sc, proj, false);
    items.push_back({LegendItem::line, "#b0b0b0", 8.0, "flow " + grouped(fmax) + " veh/day"});
    items.push_back({LegendItem::line, "#b0b0b0", 4.25, "flow " + grouped(fmax / 2) + " veh/day"});
    items.push_back(
        {LegendItem::line, delta_colour(1), 4, "more traffic (+" + grouped(dmax) + ")"});
    items.push_back(
        {LegendItem::line, delta_colour(-1), 4, "less traffic (-" + grouped(dmax) + ")"});
    items.push_back({LegendItem::line, kHighlight, 7, "changed by the scenario"});
    items.push_back({LegendItem::rail, "", 0, "railway"});
  } else if (kind == MapKind::zone_savings && sc != nullptr) {
    s += base_roads(map, proj, false);
    s += rail_lines(map, proj, false);
    double hmax = 0;
    const auto& h = sc->zone_hours_saved_per_day;
    for (const double v : h)
      if (std::isfinite(v)) hmax = std::max(hmax, std::abs(v));
    std::vector<std::size_t> order(std::min(h.size(), map.zones.size()));
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return std::abs(h[a]) > std::abs(h[b]); });
    s += "<g class=\"zone-savings\">";
    for (const std::size_t z : order) {
      const auto& zone = map.zones[z];
      const double r = hmax > 0 ? 2.0 + 16.0 * std::sqrt(std::abs(h[z]) / hmax) : 2.0;
      s += "<g>" +
           svg_circle(proj(zone.centroid), r, diverging_colour(hmax > 0 ? h[z] / hmax : 0),
                      std::string("fill-opacity=\"0.85\" stroke=\"") +
                          country_colour(zone.country) + "\" stroke-width=\"1.5\"") +
           svg_title(zone.name + " (" + zone.country + "): " + fixed(h[z], 1) + " h/day saved") +
           "</g>";
    }
    for (std::size_t k = 0; k < std::min<std::size_t>(order.size(), 8); ++k) {
      const auto& zone = map.zones[order[k]];
      if (!(std::abs(h[order[k]]) > 0)) break;
      const Point p = proj(zone.centroid);
      s += svg_text({p.x + 6, p.y + 3}, zone.name, 9, "start", "fill=\"#222\"");
    }
    s += "</g>";
    items.push_back(
        {LegendItem::circle, diverging_colour(1), 18, "saves " + fixed(hmax, 1) + " h/day"});
    items.push_back(
        {LegendItem::circle, diverging_colour(0.25), 10, "saves " + fixed(hmax / 4, 1) + " h/day"});
    items.push_back({LegendItem::circle, diverging_colour(-1), 6, "loses time"});
    items.push_back({LegendItem::circle, country_colour("NL"), 5, "outline: NL zone"});
    items.push_back({LegendItem::circle, country_colour("BE"), 5, "outline: BE zone"});
  }
  s += "</g>";
  s += scale_bar(proj);
  s += legend(kMapWidth + 12, items);
  s += "</svg>";
  return s;
}

}  // namespace corridor::report
