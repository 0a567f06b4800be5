#include "scenario/apply.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "transit/transit_data.hpp"

namespace corridor::scenario {

namespace {

[[noreturn]] void fail(const Origin& o, const std::string& key, const std::string& what) {
  throw_input_error(o.file, o.line, key, what);
}

// The road network as editable specs in input order, with RegionModel's per-link attributes.
struct RoadDraft {
  std::vector<network::NodeSpec> nodes;
  std::vector<network::LinkSpec> links;
  std::vector<double> lanes;
  std::vector<std::string> facility;
  std::vector<bool> removed;
  std::map<std::int64_t, std::uint32_t> node_of_label;
  std::int64_t next_link_id = 1;  // fresh ids for new links and split halves

  std::uint32_t node(const Origin& o, const std::string& key, std::int64_t label) const {
    const auto it = node_of_label.find(label);
    if (it == node_of_label.end()) {
      fail(o, key, "node " + std::to_string(label) + " does not exist in the network");
    }
    return it->second;
  }
  std::uint32_t add_node(const Origin& o, const std::string& key, const NewNode& n) {
    if (node_of_label.count(n.id) != 0) {
      fail(o, key, "node " + std::to_string(n.id) + " already exists; choose a new id");
    }
    const auto id = static_cast<std::uint32_t>(nodes.size());
    nodes.push_back(network::NodeSpec{n.id, n.lon, n.lat});
    node_of_label.emplace(n.id, id);
    return id;
  }
  // Rows of the links from→to that are not removed.
  std::vector<std::size_t> find(std::uint32_t from, std::uint32_t to) const {
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < links.size(); ++r) {
      if (!removed[r] && links[r].from.value() == from && links[r].to.value() == to) {
        rows.push_back(r);
      }
    }
    return rows;
  }
  std::vector<std::size_t> require(const Origin& o, const std::string& key, std::int64_t a,
                                   std::int64_t b) const {
    auto rows = find(node(o, key, a), node(o, key, b));
    if (rows.empty()) {
      fail(o, key,
           "there is no road link " + std::to_string(a) + " -> " + std::to_string(b) +
               " in the network");
    }
    return rows;
  }
  // Rows of link from->to (and to->from when both_directions), each direction recorded in `named`.
  std::vector<std::size_t> require_both(
      const Origin& o, const std::string& key, std::int64_t from, std::int64_t to,
      bool both_directions, std::vector<std::pair<std::int64_t, std::int64_t>>& named) const {
    auto rows = require(o, key, from, to);
    named.emplace_back(from, to);
    if (both_directions) {
      auto back = require(o, key, to, from);
      rows.insert(rows.end(), back.begin(), back.end());
      named.emplace_back(to, from);
    }
    return rows;
  }
  double distance_km(std::uint32_t a, std::uint32_t b) const {
    return great_circle_km(nodes[a].y, nodes[a].x, nodes[b].y, nodes[b].x);
  }
  // Appends a link; one without an id gets the next fresh id. Returns the link's id.
  std::int64_t push(network::LinkSpec spec, double lane_count, std::string fac) {
    if (!spec.id) spec.id = next_link_id++;
    const auto id = *spec.id;
    links.push_back(std::move(spec));
    lanes.push_back(lane_count);
    facility.push_back(std::move(fac));
    removed.push_back(false);
    return id;
  }
};

network::LinkSpec make_link(std::uint32_t from, std::uint32_t to, double length_km,
                            const LinkProfile& p) {
  network::LinkSpec s;
  s.from = NodeId(from);
  s.to = NodeId(to);
  s.length = length_km;
  s.speed = p.speed_kmh;
  s.free_flow_minutes = length_km / p.speed_kmh * 60.0;
  s.capacity = p.lanes * p.capacity_per_lane;
  s.name = p.name;
  return s;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void apply_road(const model::RegionModel& base, const Edits& e, model::RegionModel& out,
                AppliedChanges& ch) {
  const auto& net = base.road;
  RoadDraft d;
  d.nodes = net.node_specs();
  d.links = net.link_specs();
  for (std::uint32_t r = 0; r < d.links.size(); ++r) {
    const auto a = net.link_at_input(r).value();
    d.lanes.push_back(a < base.lanes.size() ? base.lanes[a] : 1.0);
    d.facility.push_back(a < base.facility_types.size() ? base.facility_types[a] : "");
  }
  d.removed.assign(d.links.size(), false);
  for (const auto& l : d.links) d.next_link_id = std::max(d.next_link_id, l.id.value_or(0) + 1);
  for (std::uint32_t v = 0; v < d.nodes.size(); ++v) d.node_of_label.emplace(d.nodes[v].label, v);

  for (const auto& a : e.add_nodes) d.add_node(a.origin, "road.add_node.id", a.node);

  for (const auto& j : e.add_junctions) {
    const std::string key = "road.add_junction";
    const auto a = d.node(j.origin, key + ".on", j.on_from);
    const auto b = d.node(j.origin, key + ".on", j.on_to);
    const auto fwd = d.require(j.origin, key + ".on", j.on_from, j.on_to);
    NewNode n = j.node;
    if (!j.has_position) {
      n.lat = d.nodes[a].y + j.fraction * (d.nodes[b].y - d.nodes[a].y);
      n.lon = d.nodes[a].x + j.fraction * (d.nodes[b].x - d.nodes[a].x);
    }
    const auto target = d.node(j.origin, key + ".connect_to", j.connect_to);
    const auto v = d.add_node(j.origin, key + ".id", n);
    auto split = [&](std::size_t row, std::uint32_t from, std::uint32_t to, double f) {
      const auto orig = d.links[row];
      const double lanes = d.lanes[row];
      const auto fac = d.facility[row];
      d.removed[row] = true;
      auto first = orig;
      first.id.reset();
      first.to = NodeId(v);
      first.length = orig.length * f;
      first.free_flow_minutes = orig.free_flow_minutes * f;
      auto second = orig;
      second.id.reset();
      second.from = NodeId(v);
      second.length = orig.length * (1.0 - f);
      second.free_flow_minutes = orig.free_flow_minutes * (1.0 - f);
      (void)from;
      (void)to;
      const auto first_id = d.push(first, lanes, fac);
      const auto second_id = d.push(second, lanes, fac);
      ch.split_links.push_back({orig.id.value_or(0), first_id, second_id});
    };
    for (auto row : fwd) split(row, a, b, j.fraction);
    if (j.both_directions) {
      for (auto row : d.find(b, a)) split(row, b, a, 1.0 - j.fraction);
    }
    const double len = j.connection.length_km.value_or(kDetourFactor * d.distance_km(v, target));
    ch.added_link_ids.push_back(
        d.push(make_link(v, target, len, j.connection), j.connection.lanes, "scenario"));
    ch.added_link_ids.push_back(
        d.push(make_link(target, v, len, j.connection), j.connection.lanes, "scenario"));
    ch.added_links.emplace_back(n.id, j.connect_to);
    ch.added_links.emplace_back(j.connect_to, n.id);
  }

  for (const auto& l : e.add_links) {
    const std::string key = "road.add_link";
    const auto from = l.from_new ? d.add_node(l.origin, key + ".from_new", *l.from_new)
                                 : d.node(l.origin, key + ".from", l.from);
    const auto to = l.to_new ? d.add_node(l.origin, key + ".to_new", *l.to_new)
                             : d.node(l.origin, key + ".to", l.to);
    const double len = l.profile.length_km.value_or(kDetourFactor * d.distance_km(from, to));
    ch.added_link_ids.push_back(
        d.push(make_link(from, to, len, l.profile), l.profile.lanes, "scenario"));
    ch.added_links.emplace_back(l.from, l.to);
    if (l.both_directions) {
      ch.added_link_ids.push_back(
          d.push(make_link(to, from, len, l.profile), l.profile.lanes, "scenario"));
      ch.added_links.emplace_back(l.to, l.from);
    }
  }

  for (const auto& c : e.change_links) {
    const std::string key = "road.change_link";
    const auto rows =
        d.require_both(c.origin, key, c.from, c.to, c.both_directions, ch.changed_links);
    for (auto r : rows) {
      ch.changed_link_ids.push_back(d.links[r].id.value_or(0));
      auto& s = d.links[r];
      const double old_lanes = d.lanes[r] > 0.0 ? d.lanes[r] : 1.0;
      const double per_lane = c.capacity_per_lane.value_or(s.capacity / old_lanes);
      const double lanes = c.lanes ? static_cast<double>(*c.lanes) : old_lanes;
      s.capacity = lanes * per_lane;
      d.lanes[r] = lanes;
      if (c.speed_kmh) {
        s.speed = *c.speed_kmh;
        s.free_flow_minutes = s.length / *c.speed_kmh * 60.0;
      }
    }
  }

  for (const auto& c : e.close_links) {
    const std::string key = "road.close_link";
    const auto rows =
        d.require_both(c.origin, key, c.from, c.to, c.both_directions, ch.closed_links);
    for (auto r : rows) {
      ch.closed_link_ids.push_back(d.links[r].id.value_or(0));
      d.removed[r] = true;
    }
  }

  std::vector<network::LinkSpec> links;
  std::vector<double> lanes;
  std::vector<std::string> fac;
  for (std::size_t r = 0; r < d.links.size(); ++r) {
    if (d.removed[r]) continue;
    links.push_back(d.links[r]);
    lanes.push_back(d.lanes[r]);
    fac.push_back(d.facility[r]);
  }
  out.road = network::RoadNetwork::build(std::move(d.nodes), std::move(links), net.zone_count(),
                                         net.first_thru_node());
  out.lanes.assign(out.road.link_count(), 0.0);
  out.facility_types.assign(out.road.link_count(), "");
  for (std::uint32_t r = 0; r < lanes.size(); ++r) {
    const auto a = out.road.link_at_input(r).value();
    out.lanes[a] = lanes[r];
    out.facility_types[a] = fac[r];
  }
}

std::uint32_t require_stop(const transit::TransitData& data, const Origin& o,
                           const std::string& key, const std::string& id) {
  const auto s = transit::find_stop(data, id);
  if (!s)
    fail(o, key, "stop " + quote_for_message(id) + " does not exist (stops.csv or pt.add_stop)");
  return *s;
}

std::uint32_t require_line(const transit::TransitData& data, const Origin& o,
                           const std::string& key, const std::string& id) {
  const auto l = transit::find_line(data, id);
  if (!l)
    fail(o, key, "line " + quote_for_message(id) + " does not exist (lines.csv or pt.add_line)");
  return *l;
}

void apply_pt(const Edits& e, model::RegionModel& out, AppliedChanges& ch) {
  auto& data = out.transit;
  for (const auto& s : e.add_stops) {
    if (transit::find_stop(data, s.id)) {
      fail(s.origin, "pt.add_stop.id", "stop " + quote_for_message(s.id) + " already exists");
    }
    transit::Stop stop;
    stop.id = s.id;
    stop.name = s.name;
    stop.lat = s.lat;
    stop.lon = s.lon;
    stop.kind = "scenario";
    if (!s.zone.empty()) {
      const auto z = model::find_zone(out, s.zone);
      if (!z)
        fail(s.origin, "pt.add_stop.zone", "zone " + quote_for_message(s.zone) + " not found");
      stop.zone = ZoneId(*z);
    } else {
      double best = INFINITY;
      for (std::uint32_t z = 0; z < out.zones.size(); ++z) {
        const double km = great_circle_km(s.lat, s.lon, out.zones[z].lat, out.zones[z].lon);
        if (km < best) {
          best = km;
          stop.zone = ZoneId(z);
        }
      }
    }
    transit::add_stop(data, stop);
  }
  for (const auto& r : e.remove_lines) {
    require_line(data, r.origin, "pt.remove_line.line", r.line);
    transit::remove_line(data, r.line);
    ch.removed_lines.push_back(r.line);
  }
  for (const auto& l : e.add_lines) {
    if (transit::find_line(data, l.id)) {
      fail(l.origin, "pt.add_line.id", "line " + quote_for_message(l.id) + " already exists");
    }
    transit::Line line;
    line.id = l.id;
    line.name = l.name;
    line.mode = *transit::parse_mode(l.mode);
    line.operator_name = "scenario";
    line.headway_peak_min = l.headway_peak_min;
    line.headway_offpeak_min =
        l.headway_offpeak_min > 0.0 ? l.headway_offpeak_min : transit::kNoService;
    if (l.service_hours) line.service_hours = *l.service_hours;
    for (std::size_t i = 0; i < l.stops.size(); ++i) {
      line.stops.push_back({require_stop(data, l.origin, "pt.add_line.stops", l.stops[i]),
                            l.minutes[i] - l.minutes[0]});
    }
    transit::add_line(data, std::move(line));
    ch.added_lines.push_back(l.id);
  }
  for (const auto& x : e.extend_lines) {
    const auto li = require_line(data, x.origin, "pt.extend_line.line", x.line);
    std::vector<std::uint32_t> stops;
    for (const auto& s : x.stops)
      stops.push_back(require_stop(data, x.origin, "pt.extend_line.stops", s));
    auto& line = data.lines[li];
    if (x.at_start) {
      // New stops run towards the current first stop: stops[k] is minutes[k] before stops[k+1]
      // (the last new stop is minutes.back() before the current first stop).
      double total = 0.0;
      for (double m : x.minutes) total += m;
      std::vector<transit::LineStop> prefix;
      double t = 0.0;
      for (std::size_t k = 0; k < stops.size(); ++k) {
        prefix.push_back({stops[k], t});
        t += x.minutes[k];
      }
      for (auto& s : line.stops) s.minutes += total;
      line.stops.insert(line.stops.begin(), prefix.begin(), prefix.end());
    } else {
      std::vector<double> cumulative;
      double t = 0.0;
      for (double m : x.minutes) cumulative.push_back(t += m);
      transit::extend_line(data, x.line, x.stops, cumulative);
    }
    ch.changed_lines.push_back(x.line);
  }
  for (const auto& h : e.change_headways) {
    require_line(data, h.origin, "pt.change_headway.line", h.line);
    if (h.headway_peak_min)
      transit::set_headway(data, h.line, transit::Period::peak, *h.headway_peak_min);
    if (h.headway_offpeak_min) {
      transit::set_headway(
          data, h.line, transit::Period::offpeak,
          *h.headway_offpeak_min > 0.0 ? *h.headway_offpeak_min : transit::kNoService);
    }
    ch.changed_lines.push_back(h.line);
  }
  for (const auto& t : e.transfers) {
    const auto s = require_stop(data, t.origin, "pt.transfer.stop", t.stop);
    // Two scenarios coordinating the same hub: the stronger coordination holds.
    const double current = data.stops[s].transfer_wait_factor;
    transit::set_transfer_wait_factor(data, t.stop, std::min(current, t.wait_factor));
  }
}

}  // namespace

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * 6371.0 * std::asin(std::min(1.0, std::sqrt(h)));
}

void apply_growth(model::RegionModel& model, const Parameters& parameters) {
  for (auto& z : model.zones) {
    if (z.external) continue;
    if (parameters.population_growth) z.population *= *parameters.population_growth;
    if (parameters.jobs_growth) z.jobs *= *parameters.jobs_growth;
  }
}

model::RegionModel apply_edits(const model::RegionModel& base, const Scenario& scenario,
                               AppliedChanges* changes) {
  AppliedChanges local;
  auto& ch = changes ? *changes : local;
  model::RegionModel out = base;
  apply_growth(out, scenario.parameters);
  for (const auto& l : scenario.edits.land_use) {
    const auto z = model::find_zone(out, l.zone);
    if (!z) fail(l.origin, "land_use.zone", "zone " + quote_for_message(l.zone) + " not found");
    auto& zone = out.zones[*z];
    if (l.population) zone.population = *l.population;
    if (l.jobs) zone.jobs = *l.jobs;
    if (l.population_delta) zone.population += *l.population_delta;
    if (l.jobs_delta) zone.jobs += *l.jobs_delta;
    if (zone.population < 0.0 || zone.jobs < 0.0) {
      fail(l.origin, "land_use",
           "zone " + quote_for_message(zone.name) + " would get negative population or jobs (" +
               fmt(zone.population) + ", " + fmt(zone.jobs) + ")");
    }
  }
  const auto& e = scenario.edits;
  if (!e.add_nodes.empty() || !e.add_junctions.empty() || !e.add_links.empty() ||
      !e.change_links.empty() || !e.close_links.empty()) {
    apply_road(base, e, out, ch);
  }
  apply_pt(e, out, ch);
  transit::validate(out.transit, scenario.file.empty() ? scenario.name : scenario.file.string());
  ContentHash h;
  h.add(base.content_hash).add(scenario.source_text);
  out.content_hash = h.hex();
  return out;
}

}  // namespace corridor::scenario
