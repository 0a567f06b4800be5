// GeoJSON (RFC 7946) writers: FeatureCollections in lon/lat (WGS84), coordinates with 6 decimals
// (about 0.1 m), flows with 1 decimal; unknown values are null. Written by hand so the number
// format and the key order are fixed.
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "core/atomic_file.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"

namespace corridor::report {
namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string json_number(double v, int decimals) {
  return std::isfinite(v) ? fixed(v, decimals) : std::string("null");
}

std::string coord(LonLat p) { return "[" + fixed(p.lon, 6) + "," + fixed(p.lat, 6) + "]"; }

const char* kind_name(ChangeKind k) {
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

struct Collection {
  std::string text = "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  void add(const std::string& geometry, const std::string& properties) {
    if (!first) text += ',';
    first = false;
    text += "\n{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{" + properties +
            "}}";
  }
  std::string finish() { return text + "\n]}\n"; }
};

}  // namespace

std::string links_geojson(const MapGeometry& map, const ScenarioReport& sc) {
  std::unordered_map<std::uint32_t, const LinkFlow*> flow;
  for (const auto& f : sc.link_flows) flow.emplace(f.link, &f);
  std::unordered_map<std::uint32_t, const LinkChange*> change;
  for (const auto& c : sc.link_changes) change.emplace(c.link, &c);
  const std::unordered_set<std::uint32_t> replaced(sc.replaced_links.begin(),
                                                   sc.replaced_links.end());
  Collection out;
  for (std::uint32_t i = 0; i < map.links.size(); ++i) {
    const auto& l = map.links[i];
    const auto fi = flow.find(i);
    const auto ci = change.find(i);
    if (l.scenario_only && ci == change.end()) continue;
    if (replaced.count(i) != 0) continue;
    const LinkFlow* f = fi == flow.end() ? nullptr : fi->second;
    std::string p =
        "\"link\":" + std::to_string(i) + ",\"link_id\":" + std::to_string(l.link_id) +
        ",\"from_node\":" + std::to_string(l.from_node) +
        ",\"to_node\":" + std::to_string(l.to_node) + ",\"name\":" + json_string(l.name) +
        ",\"facility\":" + json_string(l.facility) +
        ",\"length_km\":" + json_number(l.length_km, 3) + ",\"lanes\":" + json_number(l.lanes, 1) +
        ",\"capacity_veh_per_h\":" + json_number(l.capacity_veh_per_h, 0) +
        ",\"free_speed_kmh\":" + json_number(l.free_speed_kmh, 1);
    p += ",\"daily_flow\":" + (f ? json_number(f->daily_flow, 1) : "null");
    p += ",\"delta_daily_flow\":" + (f ? json_number(f->delta_daily_flow, 1) : "null");
    p += ",\"speed_kmh\":" + (f ? json_number(f->speed_kmh, 1) : "null");
    p += ",\"change\":" +
         (ci == change.end() ? std::string("null") : json_string(kind_name(ci->second->kind)));
    out.add("{\"type\":\"LineString\",\"coordinates\":[" + coord(l.from) + "," + coord(l.to) + "]}",
            p);
  }
  return out.finish();
}

std::string zones_geojson(const MapGeometry& map, const ScenarioReport& sc) {
  const bool have = sc.zone_hours_saved_per_day.size() == map.zones.size();
  Collection out;
  for (std::size_t z = 0; z < map.zones.size(); ++z) {
    const auto& zone = map.zones[z];
    const std::string p =
        "\"zone\":" + std::to_string(z + 1) + ",\"name\":" + json_string(zone.name) +
        ",\"country\":" + json_string(zone.country) +
        ",\"corridor\":" + json_string(zone.corridor) +
        ",\"external\":" + (zone.external ? "true" : "false") +
        ",\"population\":" + json_number(zone.population, 0) +
        ",\"jobs\":" + json_number(zone.jobs, 0) + ",\"hours_saved_per_day\":" +
        (have ? json_number(sc.zone_hours_saved_per_day[z], 3) : std::string("null"));
    out.add("{\"type\":\"Point\",\"coordinates\":" + coord(zone.centroid) + "}", p);
  }
  return out.finish();
}

std::string lines_geojson(const MapGeometry& map, const ScenarioReport& sc) {
  std::unordered_map<std::uint32_t, const LineRidership*> rider;
  for (const auto& r : sc.ridership) rider.emplace(r.line, &r);
  std::unordered_map<std::uint32_t, const LineChange*> change;
  for (const auto& c : sc.line_changes) change.emplace(c.line, &c);
  Collection out;
  for (std::uint32_t i = 0; i < map.lines.size(); ++i) {
    const auto& line = map.lines[i];
    const auto ci = change.find(i);
    if (line.scenario_only && ci == change.end()) continue;
    const auto ri = rider.find(i);
    const LineRidership* r = ri == rider.end() ? nullptr : ri->second;
    for (std::size_t k = 0; k + 1 < line.stops.size(); ++k) {
      const auto stop_name = [&](std::size_t j) {
        return j < line.stop_names.size() ? json_string(line.stop_names[j]) : std::string("null");
      };
      const bool have_load = r && r->segment_daily_passengers.size() + 1 == line.stops.size();
      std::string p =
          "\"line\":" + json_string(line.name) + ",\"mode\":" + json_string(line.mode) +
          ",\"segment\":" + std::to_string(k + 1) + ",\"from_stop\":" + stop_name(k) +
          ",\"to_stop\":" + stop_name(k + 1) + ",\"daily_passengers\":" +
          (have_load ? json_number(r->segment_daily_passengers[k], 1) : "null") +
          ",\"line_daily_boardings\":" + (r ? json_number(r->daily_boardings, 1) : "null") +
          ",\"change\":" +
          (ci == change.end() ? std::string("null") : json_string(kind_name(ci->second->kind)));
      out.add("{\"type\":\"LineString\",\"coordinates\":[" + coord(line.stops[k]) + "," +
                  coord(line.stops[k + 1]) + "]}",
              p);
    }
  }
  return out.finish();
}

void write_links_geojson(const std::filesystem::path& path, const MapGeometry& map,
                         const ScenarioReport& scenario) {
  write_file_atomically(path, links_geojson(map, scenario));
}
void write_zones_geojson(const std::filesystem::path& path, const MapGeometry& map,
                         const ScenarioReport& scenario) {
  write_file_atomically(path, zones_geojson(map, scenario));
}
void write_lines_geojson(const std::filesystem::path& path, const MapGeometry& map,
                         const ScenarioReport& scenario) {
  write_file_atomically(path, lines_geojson(map, scenario));
}

}  // namespace corridor::report
