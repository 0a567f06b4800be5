#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <utility>

#include "report/charts.hpp"
#include "report/classes.hpp"
#include "report/labels.hpp"
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
  std::string s = "<g class=\"border\">";
  for (const auto& part : map.border) {
    // Points closer than 0.7 px to the last kept one add nothing visible.
    std::vector<Point> pts;
    for (const auto& p : part) {
      const Point q = proj(p);
      if (!pts.empty() && &p != &part.back() &&
          std::hypot(q.x - pts.back().x, q.y - pts.back().y) < 0.7)
        continue;
      pts.push_back(q);
    }
    s += svg_polyline(pts, "#ffffff", 4.0, "stroke-opacity=\"0.8\"");
    s += svg_polyline(pts, kBorder, 1.4, "stroke-dasharray=\"7 3 2 3\"");
  }
  return s + "</g>";
}

struct LegendItem {
  enum Kind { line, dashed, rail, circle, heading } kind = line;
  std::string colour;
  double size = 2;
  std::string label;
};

std::string legend(double x, const std::vector<LegendItem>& items) {
  std::string s = "<g class=\"legend\">";
  double y = 20;
  // A heading after the first item starts a new block.
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
      case LegendItem::heading:
        s += svg_text({x, y}, it.label, 10.5, "start", "font-weight=\"bold\"");
        continue;
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

// The place names: municipalities at the population-weighted centroid of their zones (a zone
// without a municipality stands for itself), priority by population.
std::vector<PlaceLabel> place_names(const MapGeometry& map, const Projection& proj) {
  struct Acc {
    double pop = 0, lon = 0, lat = 0, n = 0;
  };
  std::map<std::string, Acc> acc;
  for (const auto& z : map.zones) {
    auto& a = acc[z.municipality.empty() ? z.name : z.municipality];
    const double w = z.population > 0 ? z.population : 1.0;
    a.pop += z.population;
    a.lon += w * z.centroid.lon;
    a.lat += w * z.centroid.lat;
    a.n += w;
  }
  std::vector<PlaceLabel> out;
  for (const auto& [name, a] : acc) out.push_back({name, proj({a.lon / a.n, a.lat / a.n}), a.pop});
  return out;
}

// The scale bar's box (bottom left), kept free of labels.
LabelBox scale_bar_box(const Projection& proj) {
  const double px = 10.0 / 111.32 * proj.scale();
  return {kMapMargin - 2, kMapHeight - 24, kMapMargin + px + 2, kMapHeight};
}

std::string class_circles(const MapGeometry& map, const Projection& proj,
                          const std::vector<double>& values,
                          const std::vector<ColourClass>& classes, const std::string& unit,
                          bool size_by_class) {
  // Drawn largest class distance last (on top); the middle class is small and grey.
  const std::size_t mid = classes.size() / 2;
  std::vector<std::size_t> order(std::min(values.size(), map.zones.size()));
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto dist = [&](std::size_t z) {
    const auto c = class_index(classes, values[z]);
    return c > mid ? c - mid : mid - c;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return dist(a) < dist(b); });
  std::string s = "<g class=\"zone-classes\" stroke=\"#333\" stroke-width=\"0.6\">";
  for (const std::size_t z : order) {
    const auto c = class_index(classes, values[z]);
    const double r = size_by_class ? 3.0 + 2.2 * static_cast<double>(dist(z)) : 6.0;
    s += "<circle cx=\"" + fixed(proj(map.zones[z].centroid).x, 1) + "\" cy=\"" +
         fixed(proj(map.zones[z].centroid).y, 1) + "\" r=\"" + fixed(r, 1) + "\" fill=\"" +
         classes[c].colour + "\">" +
         svg_title(map.zones[z].name + " (" + map.zones[z].country + "): " + grouped(values[z], 1) +
                   " " + unit) +
         "</circle>";
  }
  return s + "</g>";
}

void class_legend(std::vector<LegendItem>& items, const std::string& heading,
                  const std::vector<ColourClass>& classes, bool lines) {
  items.push_back({LegendItem::heading, "", 0, heading});
  for (std::size_t i = classes.size(); i-- > 0;)
    items.push_back({lines ? LegendItem::line : LegendItem::circle, classes[i].colour,
                     lines ? 5.0 : 6.0, classes[i].label});
}

}  // namespace

std::string map_defs_svg(const MapGeometry& map) {
  const Projection proj = Projection::fit(geometry_box(map), kMapWidth, kMapHeight, kMapMargin);
  std::string s =
      "<svg class=\"map-defs\" xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\" "
      "style=\"position:absolute\" aria-hidden=\"true\"><defs>";
  s +=
      "<g id=\"base-colour\">" + base_roads(map, proj, true) + rail_lines(map, proj, true) + "</g>";
  s +=
      "<g id=\"base-grey\">" + base_roads(map, proj, false) + rail_lines(map, proj, false) + "</g>";
  s += "<g id=\"base-border\">" + border_layer(map, proj) + "</g>";
  s += "<g id=\"base-labels\" class=\"place-names\" fill=\"#222\" stroke=\"#fff\" "
       "stroke-width=\"2.5\" stroke-opacity=\"0.85\" paint-order=\"stroke\" "
       "stroke-linejoin=\"round\">";
  for (const auto& l : place_map_labels(map)) s += label_svg(l);
  s += "</g></defs></svg>";
  return s;
}

std::vector<PlacedLabel> place_map_labels(const MapGeometry& map) {
  const Projection proj = Projection::fit(geometry_box(map), kMapWidth, kMapHeight, kMapMargin);
  const LabelBox scale = scale_bar_box(proj);
  return place_labels(place_names(map, proj), {4, 4, kMapWidth - 4, kMapHeight - 4}, 10.5,
                      std::span<const LabelBox>(&scale, 1));
}

std::string map_svg(std::string_view id, const MapGeometry& map, const ScenarioReport* sc,
                    MapKind kind, AccessView view) {
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
  s += "<use href=\"#base-border\"/>";
  std::vector<LegendItem> items;
  items.push_back({LegendItem::dashed, kBorder, 1.6, "national border"});
  const bool labels_on_top = kind != MapKind::flows;

  if (kind == MapKind::region) {
    s += "<use href=\"#base-colour\"/>";
    s += "<g class=\"zones\">";
    for (const auto& z : map.zones) {
      s += "<g>" +
           svg_circle(proj(z.centroid), 3.2, country_colour(z.country),
                      "stroke=\"#fff\" stroke-width=\"0.8\"") +
           svg_title(z.name + " (" + z.country + ")") + "</g>";
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
    s += "<use href=\"#base-grey\"/>";
    s += highlights(map, *sc, proj, true);
    double fmax = 0;
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < sc->link_flows.size(); ++k) {
      const auto& f = sc->link_flows[k];
      if (f.link >= map.links.size() || !road_style(map.links[f.link].facility).drawn) continue;
      if (std::isfinite(f.daily_flow)) fmax = std::max(fmax, std::abs(f.daily_flow));
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
    const auto& classes = flow_change_classes();
    s += "<g class=\"flows\" stroke-linecap=\"butt\">";
    for (const std::size_t k : order) {
      const auto& f = sc->link_flows[k];
      const auto& l = map.links[f.link];
      const double w = fmax > 0 ? 0.5 + 7.5 * std::abs(f.daily_flow) / fmax : 0.5;
      Point p0 = proj(l.from), p1 = proj(l.to);
      const double dx = p1.x - p0.x, dy = p1.y - p0.y, len = std::hypot(dx, dy);
      if (len > 0 && directed.count({l.to_node, l.from_node})) {
        const double off = w / 2 + 0.4;  // screen y points down: right of (dx, dy) is (-dy, dx)
        p0 = {p0.x - dy / len * off, p0.y + dx / len * off};
        p1 = {p1.x - dy / len * off, p1.y + dx / len * off};
      }
      s += "<line x1=\"" + fixed(p0.x, 1) + "\" y1=\"" + fixed(p0.y, 1) + "\" x2=\"" +
           fixed(p1.x, 1) + "\" y2=\"" + fixed(p1.y, 1) + "\" stroke=\"" +
           classes[class_index(classes, f.delta_daily_flow)].colour + "\" stroke-width=\"" +
           fixed(w, 2) + "\">" +
           svg_title((l.name.empty() ? "link" : l.name) + ": " + grouped(f.daily_flow) +
                     " veh/day, change " + grouped(f.delta_daily_flow)) +
           "</line>";
    }
    s += "</g>";
    s += highlights(map, *sc, proj, false);
    s += "<use href=\"#base-labels\"/>";
    items.push_back({LegendItem::heading, "", 0, "Width: vehicles per weekday"});
    items.push_back({LegendItem::line, "#b0b0b0", 8.0, grouped(fmax)});
    items.push_back({LegendItem::line, "#b0b0b0", 4.25, grouped(fmax / 2)});
    class_legend(items, "Colour: change, veh/day", classes, true);
    items.push_back({LegendItem::line, kHighlight, 7, "changed by the scenario"});
  } else if (kind == MapKind::zone_savings && sc != nullptr) {
    s += "<use href=\"#base-grey\"/>";
    s += class_circles(map, proj, sc->zone_hours_saved_per_day, hours_saved_classes(),
                       "person-hours/day saved", true);
    class_legend(items, "Residents' time saved, h/day", hours_saved_classes(), false);
  } else if ((kind == MapKind::access_before || kind == MapKind::access_change) && sc != nullptr &&
             sc->access.size() == map.zones.size()) {
    s += "<use href=\"#base-grey\"/>";
    std::vector<double> v;
    for (const auto& a : sc->access) {
      const double before = view.pt ? (view.minutes == 30 ? a.pt_30_before : a.pt_45_before)
                                    : (view.minutes == 30 ? a.car_30_before : a.car_45_before);
      const double after = view.pt ? (view.minutes == 30 ? a.pt_30_after : a.pt_45_after)
                                   : (view.minutes == 30 ? a.car_30_after : a.car_45_after);
      v.push_back(kind == MapKind::access_before ? before : after - before);
    }
    const std::string what = std::string("jobs within ") + std::to_string(view.minutes) +
                             " min by " + (view.pt ? "PT" : "car");
    if (kind == MapKind::access_before) {
      s += class_circles(map, proj, v, jobs_classes(), what, false);
      class_legend(items, "Jobs within " + std::to_string(view.minutes) + " min", jobs_classes(),
                   false);
    } else {
      s += class_circles(map, proj, v, jobs_change_classes(), "change in " + what, true);
      class_legend(items, "Change in jobs reachable", jobs_change_classes(), false);
    }
  }
  if (labels_on_top) s += "<use href=\"#base-labels\"/>";
  s += "</g>";
  s += scale_bar(proj);
  s += legend(kMapWidth + 12, items);
  s += "</svg>";
  return s;
}

}  // namespace corridor::report
