#include "model/validate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <limits>
#include <span>

#include "core/error.hpp"
#include "model/plausibility.hpp"
#include "paths/dijkstra.hpp"
#include "transit/network.hpp"

namespace corridor::model {
namespace {

constexpr std::size_t kMaxListed = 6;  // names listed per defect before "and N more"

// Great-circle distance in km (transit::distance_km: haversine, R = 6371 km).
double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  return transit::distance_km({lat1, lon1}, {lat2, lon2});
}

std::string fmt(double v, int digits = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string zone_label(const RegionModel& m, std::uint32_t z) {
  return "zone " + std::to_string(m.zones[z].zone_id) + " '" + m.zones[z].name + "'";
}

std::string facility_of(const RegionModel& m, std::uint32_t a) {
  if (m.facility_types.size() == m.road.link_count()) return m.facility_types[a];
  return "type " + std::to_string(m.road.link_type()[a]);
}

bool is_connector(const RegionModel& m, std::uint32_t a) {
  const auto& net = m.road;
  if (m.facility_types.size() == net.link_count()) return m.facility_types[a] == "connector";
  return !net.passable(net.tails()[a]) || !net.passable(net.heads()[a]);
}

std::string link_label(const RegionModel& m, std::uint32_t a) {
  const auto& net = m.road;
  const LinkId id(a);
  std::string s = "link.csv row " + std::to_string(net.input_index(id) + 1) + " (";
  if (!net.link_name(id).empty()) s += net.link_name(id) + ", ";
  s += "node " + std::to_string(net.node_label(NodeId(net.tails()[a]))) + " -> " +
       std::to_string(net.node_label(NodeId(net.heads()[a]))) + ")";
  return s;
}

// "A, B, C and 4 more"
std::string name_list(const RegionModel& m, const std::vector<std::uint32_t>& zones) {
  std::string s;
  for (std::size_t i = 0; i < zones.size() && i < kMaxListed; ++i) {
    s += (i ? ", " : "") + m.zones[zones[i]].name;
  }
  if (zones.size() > kMaxListed) s += " and " + std::to_string(zones.size() - kMaxListed) + " more";
  return s;
}

void check_zones(const RegionModel& m, const RegionBox& box, ValidationReport& r) {
  for (std::uint32_t z = 0; z < m.zones.size(); ++z) {
    const auto& zone = m.zones[z];
    if (!std::isfinite(zone.population) || zone.population < 0) {
      r.defects.push_back({"zone range", zone_label(m, z),
                           "population must be a finite number >= 0, got " + fmt(zone.population)});
    }
    if (!std::isfinite(zone.jobs) || zone.jobs < 0) {
      r.defects.push_back({"zone range", zone_label(m, z),
                           "jobs must be a finite number >= 0, got " + fmt(zone.jobs)});
    }
    if (auto msg = check_position(box, zone.lat, zone.lon); !msg.empty()) {
      r.defects.push_back({"coordinates", zone_label(m, z), std::move(msg)});
    }
    if (z < m.road.zone_count()) {
      const auto& c = m.road.node(NodeId(z));
      const double d = haversine_km(zone.lat, zone.lon, c.y, c.x);
      if (!(d <= 2.0)) {
        r.defects.push_back({"coordinates", zone_label(m, z),
                             "centroid node " + std::to_string(c.label) + " lies " + fmt(d) +
                                 " km from the zone's lat/lon in zones.csv (expected <= 2 km)"});
      }
    }
  }
  if (m.road.zone_count() != m.zones.size()) {
    r.defects.push_back({"zones", "zones.csv / node.csv",
                         std::to_string(m.zones.size()) + " zones in zones.csv but " +
                             std::to_string(m.road.zone_count()) +
                             " centroids in the road network"});
  }
}

void check_links(const RegionModel& m, const RegionBox& box, ValidationReport& r) {
  const auto& net = m.road;
  for (std::uint32_t v = 0; v < net.node_count(); ++v) {
    const auto& n = net.node(NodeId(v));
    if (auto msg = check_position(box, n.y, n.x); !msg.empty()) {
      r.defects.push_back({"coordinates", "node.csv node " + std::to_string(n.label),
                           "x/y " + fmt(n.x, 4) + ", " + fmt(n.y, 4) + " (lon, lat): " + msg});
    }
  }
  const bool have_lanes = m.lanes.size() == net.link_count();
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    const bool connector = is_connector(m, a);
    auto add = [&](std::string msg) {
      r.defects.push_back({"link range", link_label(m, a), std::move(msg)});
    };
    const double lanes = have_lanes ? m.lanes[a] : 1.0;
    for (auto& msg : check_link_attributes(net.speed()[a], lanes, net.capacity()[a], connector)) {
      add(std::move(msg));
    }
    if (net.vdf()[a] == network::VdfKind::bpr &&
        (!(net.alpha()[a] >= 0.0 && net.alpha()[a] <= 10.0) ||
         !(net.beta()[a] >= 1.0 && net.beta()[a] <= 10.0))) {
      add("VDF alpha " + fmt(net.alpha()[a], 2) + " / beta " + fmt(net.beta()[a], 2) +
          " outside alpha 0-10, beta 1-10");
    }
    const auto& from = net.node(NodeId(net.tails()[a]));
    const auto& to = net.node(NodeId(net.heads()[a]));
    const double crow = haversine_km(from.y, from.x, to.y, to.x);
    if (auto msg = check_link_length(net.length()[a], crow); !msg.empty()) add(std::move(msg));
  }
}

void check_car_connectivity(const RegionModel& m, ValidationReport& r) {
  const auto& net = m.road;
  const auto nz = net.zone_count();
  std::vector<double> cost(net.link_count());
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    cost[a] = (net.modes()[a] & network::kModeCar) ? net.free_flow_minutes()[a]
                                                   : std::numeric_limits<double>::infinity();
  }
  paths::DijkstraWorkspace ws(net.node_count());
  for (std::uint32_t o = 0; o < nz; ++o) {
    paths::shortest_path_tree(net, cost, o, ws);
    std::vector<std::uint32_t> missing;
    for (std::uint32_t d = 0; d < nz; ++d) {
      if (d != o && !std::isfinite(ws.distance(d))) missing.push_back(d);
    }
    if (!missing.empty()) {
      r.defects.push_back({"car connectivity", zone_label(m, o),
                           "cannot reach " + std::to_string(missing.size()) + " of " +
                               std::to_string(nz - 1) + " zones by car: " + name_list(m, missing)});
    }
  }
}

// Zones reachable from `origin` in the transit graph (zones are not passed through).
std::vector<char> transit_reach(const transit::TransitNetwork& tn, std::uint32_t origin) {
  std::vector<char> seen(tn.node_count, 0);
  std::deque<std::uint32_t> queue{origin};
  seen[origin] = 1;
  while (!queue.empty()) {
    const auto v = queue.front();
    queue.pop_front();
    if (v != origin && v < tn.zone_count) continue;
    for (auto arc = tn.out_begin[v]; arc < tn.out_begin[v + 1]; ++arc) {
      const auto w = tn.arc_head[arc];
      if (!seen[w]) {
        seen[w] = 1;
        queue.push_back(w);
      }
    }
  }
  return seen;
}

void check_pt_connectivity(const RegionModel& m, ValidationReport& r) {
  try {
    transit::validate(m.transit, "stops.csv / lines.csv / line_stops.csv");
  } catch (const InputError& e) {
    r.defects.push_back({"pt data", "lines", e.what()});
    return;
  }
  std::vector<transit::GeoPoint> centroids;
  for (const auto& z : m.zones) centroids.push_back({z.lat, z.lon});
  for (auto period : {transit::Period::peak, transit::Period::offpeak}) {
    const auto tn = transit::build_transit_network(m.transit, centroids, {}, period);
    const auto nz = tn.zone_count;
    for (std::uint32_t o = 0; o < nz; ++o) {
      const auto seen = transit_reach(tn, o);
      std::vector<std::uint32_t> missing;
      for (std::uint32_t d = 0; d < nz; ++d) {
        if (d != o && !seen[d]) missing.push_back(d);
      }
      if (!missing.empty()) {
        r.defects.push_back(
            {std::string("pt connectivity (") + transit::period_name(period) + ")",
             zone_label(m, o),
             "cannot reach " + std::to_string(missing.size()) + " of " + std::to_string(nz - 1) +
                 " zones by public transport with access/egress: " + name_list(m, missing)});
      }
    }
  }
}

// Average speed as the crow flies between consecutive stops of a line, from the run time.
void check_pt_speeds(const RegionModel& m, ValidationReport& r) {
  const auto& data = m.transit;
  for (const auto& line : data.lines) {
    for (std::size_t i = 1; i < line.stops.size(); ++i) {
      const auto a = line.stops[i - 1].stop;
      const auto b = line.stops[i].stop;
      if (a >= data.stops.size() || b >= data.stops.size()) continue;  // transit::validate reports
      const auto& sa = data.stops[a];
      const auto& sb = data.stops[b];
      const double km = haversine_km(sa.lat, sa.lon, sb.lat, sb.lon);
      const double minutes = line.stops[i].minutes - line.stops[i - 1].minutes;
      if (auto msg = check_pt_run(line.mode, km, minutes); !msg.empty()) {
        r.defects.push_back({"pt range",
                             "line_stops.csv line " + line.id + " " + sa.id + " -> " + sb.id,
                             std::move(msg)});
      }
    }
  }
}

Inventory take_inventory(const RegionModel& m) {
  Inventory inv;
  for (const auto& z : m.zones) {
    ++inv.zones_by_country[z.country];
    if (z.external) {
      ++inv.external_zones;
    } else {
      inv.population += z.population;
      inv.jobs += z.jobs;
    }
  }
  const auto& net = m.road;
  inv.nodes = net.node_count();
  inv.links = net.link_count();
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    const auto fac = facility_of(m, a);
    ++inv.links_by_facility[fac];
    const bool two_way = net.find_link(NodeId(net.heads()[a]), NodeId(net.tails()[a])).valid();
    inv.road_km_by_facility[fac] += two_way ? net.length()[a] / 2.0 : net.length()[a];
  }
  inv.stops = static_cast<std::uint32_t>(m.transit.stops.size());
  for (const auto& line : m.transit.lines) ++inv.lines_by_mode[transit::mode_name(line.mode)];
  return inv;
}

}  // namespace

ValidationReport validate_region_model(const RegionModel& model) {
  return validate_region_model(model, model.box);
}

ValidationReport validate_region_model(const RegionModel& model, const RegionBox& box) {
  ValidationReport r;
  r.inventory = take_inventory(model);
  check_zones(model, box, r);
  check_links(model, box, r);
  for (std::uint32_t s = 0; s < model.transit.stops.size(); ++s) {
    const auto& stop = model.transit.stops[s];
    if (auto msg = check_position(box, stop.lat, stop.lon); !msg.empty()) {
      r.defects.push_back({"coordinates", "stops.csv stop " + stop.id, std::move(msg)});
    }
  }
  check_pt_speeds(model, r);
  if (model.road.zone_count() == model.zones.size()) check_car_connectivity(model, r);
  check_pt_connectivity(model, r);
  return r;
}

std::string format_inventory(const Inventory& inv) {
  std::string s = "zones     ";
  std::uint32_t total = 0;
  for (const auto& [country, n] : inv.zones_by_country) {
    s += " " + country + " " + std::to_string(n);
    total += n;
  }
  s += "  (total " + std::to_string(total) + ", external " + std::to_string(inv.external_zones) +
       ")\n";
  s += "land use   population " + fmt(inv.population, 0) + "  jobs " + fmt(inv.jobs, 0) +
       " (internal zones)\n";
  s += "road       " + std::to_string(inv.nodes) + " nodes, " + std::to_string(inv.links) +
       " directed links\n";
  for (const auto& [fac, n] : inv.links_by_facility) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-12s %5u links %8.1f km of road\n", fac.c_str(), n,
                  inv.road_km_by_facility.at(fac));
    s += line;
  }
  s += "transit    " + std::to_string(inv.stops) + " stops, lines:";
  for (const auto& [mode, n] : inv.lines_by_mode) s += " " + mode + " " + std::to_string(n);
  s += "\n";
  return s;
}

}  // namespace corridor::model
