// Road links by id and PT lines and segments of a scenario against its base (result.hpp).
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "demand/periods.hpp"
#include "demand/plausibility.hpp"
#include "scenario/result.hpp"
#include "transit/transit_data.hpp"

namespace corridor::scenario {

namespace {

// Per link of one run, indexed by LinkId: weekday vehicles (the sum of the time-of-day periods,
// demand/periods.hpp), weekday trucks, and per period its vehicles (hour flow / peak-hour factor)
// and V/C (PCE of the assigned hour / capacity); `peak`, `vc` and `speed` are those of the first
// period's assigned hour (the AM peak).
struct LinkState {
  std::vector<double> daily, daily_trucks, peak, vc, speed;
  std::vector<std::vector<double>> period_flow, period_vc;  // [period][link]
  double vehicle_hours = 0.0;                               // first period's assigned hour
  double vehicle_km = 0.0;
  double weekday_vehicle_hours = 0.0;  // Σ over periods
  double weekday_vehicle_km = 0.0;
};

LinkState link_state(const model::RegionModel& m, const demand::ModelRun& run) {
  LinkState s;
  const auto nl = m.road.link_count();
  for (auto* v : {&s.daily, &s.daily_trucks, &s.peak, &s.vc, &s.speed}) v->assign(nl, 0.0);
  const auto len = m.road.length();
  const auto cap = m.road.capacity();
  for (std::size_t p = 0; p < run.periods.size(); ++p) {
    const auto& pr = run.periods[p];
    const auto& r = pr.road;
    auto& flow = s.period_flow.emplace_back(nl, 0.0);
    auto& vc = s.period_vc.emplace_back(nl, 0.0);
    const auto n = std::min<std::size_t>(nl, r.link_time.size());
    for (std::size_t a = 0; a < n; ++a) {
      double veh = 0.0;
      double trucks = 0.0;
      if (r.class_flow.empty()) {
        veh = r.link_flow[a];
      } else {
        for (std::size_t c = 0; c < r.class_flow.size(); ++c) veh += r.class_flow[c][a];
        if (r.class_flow.size() > 1) trucks = r.class_flow[1][a];  // classes {car, truck}
      }
      const double t = r.link_time[a];
      flow[a] = veh / pr.peak_hour_factor;
      vc[a] = cap[a] > 0.0 && a < r.link_flow.size() ? r.link_flow[a] / cap[a] : 0.0;
      s.daily[a] += flow[a];
      s.daily_trucks[a] += trucks / pr.peak_hour_factor;
      s.weekday_vehicle_hours += flow[a] * t / 60.0;
      s.weekday_vehicle_km += flow[a] * len[a];
      if (p != 0) continue;
      s.peak[a] = veh;
      s.vc[a] = vc[a];
      s.speed[a] = t > 0.0 && std::isfinite(t) ? len[a] / t * 60.0 : 0.0;
      s.vehicle_hours += veh * t / 60.0;
      s.vehicle_km += veh * len[a];
    }
  }
  return s;
}

// A row naming link `a` of `net`: its id, name and end-node labels, no figures yet.
LinkRow link_identity(const network::RoadNetwork& net, LinkId a) {
  LinkRow row;
  row.link_id = net.link_id(a);
  row.name = net.link_name(a);
  row.from_node = net.node_label(NodeId(net.tails()[a.value()]));
  row.to_node = net.node_label(NodeId(net.heads()[a.value()]));
  return row;
}

std::unordered_map<std::int64_t, std::uint32_t> links_by_id(const network::RoadNetwork& net) {
  std::unordered_map<std::int64_t, std::uint32_t> out;
  for (std::uint32_t a = 0; a < net.link_count(); ++a) out.emplace(net.link_id(LinkId(a)), a);
  return out;
}

}  // namespace

const char* link_status_name(LinkStatus s) {
  switch (s) {
    case LinkStatus::changed:
      return "changed";
    case LinkStatus::added:
      return "new";
    case LinkStatus::split:
      return "split";
    case LinkStatus::closed:
      return "closed";
    case LinkStatus::unchanged:
      break;
  }
  return "";
}

void add_road(const RunView& base, const RunView& scen, const demand::DemandParameters& params,
              const AppliedChanges& changes, ScenarioResult& out) {
  (void)params;
  const auto s0 = link_state(base.model, base.run);
  const auto s1 = link_state(scen.model, scen.run);
  auto& road = out.headline.road;
  road.peak_hour_vehicle_hours_before = s0.vehicle_hours;
  road.peak_hour_vehicle_hours_after = s1.vehicle_hours;
  road.peak_hour_vehicle_km_before = s0.vehicle_km;
  road.peak_hour_vehicle_km_after = s1.vehicle_km;
  road.weekday_vehicle_hours_before = s0.weekday_vehicle_hours;
  road.weekday_vehicle_hours_after = s1.weekday_vehicle_hours;
  road.weekday_vehicle_km_before = s0.weekday_vehicle_km;
  road.weekday_vehicle_km_after = s1.weekday_vehicle_km;

  const auto& net0 = base.model.road;
  const auto& net1 = scen.model.road;
  const auto base_of_id = links_by_id(net0);
  std::map<std::int64_t, std::int64_t> original_of_half;
  std::set<std::int64_t> replaced;
  for (const auto& sp : changes.split_links) {
    original_of_half[sp.first] = sp.original;
    original_of_half[sp.second] = sp.original;
    replaced.insert(sp.original);
  }
  // Scenario links in input order, each compared with its base link (a half: the one it was cut
  // from); then base links absent from the scenario (closed), except those split into halves.
  std::set<std::int64_t> seen;
  std::unordered_map<std::int64_t, std::size_t> row_of_id;
  for (std::uint32_t r = 0; r < net1.link_count(); ++r) {
    const auto a = net1.link_at_input(r);
    LinkRow row = link_identity(net1, a);
    row.daily_flow = s1.daily[a.value()];
    row.peak_speed_kmh = s1.speed[a.value()];
    const auto half = original_of_half.find(row.link_id);
    const std::int64_t base_id = half == original_of_half.end() ? row.link_id : half->second;
    if (const auto it = base_of_id.find(base_id); it != base_of_id.end()) {
      row.base_link_id = base_id;
      row.base_daily_flow = s0.daily[it->second];
      row.base_peak_speed_kmh = s0.speed[it->second];
    }
    row.delta_daily_flow = row.daily_flow - row.base_daily_flow;
    seen.insert(row.link_id);
    row_of_id.emplace(row.link_id, out.links.size());
    out.links.push_back(std::move(row));
  }
  for (std::uint32_t r = 0; r < net0.link_count(); ++r) {
    const auto a = net0.link_at_input(r);
    const auto id = net0.link_id(a);
    if (seen.count(id) != 0 || replaced.count(id) != 0) continue;
    LinkRow row = link_identity(net0, a);
    row.base_link_id = id;
    row.status = LinkStatus::closed;
    row.base_daily_flow = s0.daily[a.value()];
    row.base_peak_speed_kmh = s0.speed[a.value()];
    row.delta_daily_flow = -row.base_daily_flow;
    out.links.push_back(std::move(row));
  }
  for (const auto& sp : changes.split_links) {
    for (const auto id : {sp.first, sp.second}) {
      if (const auto it = row_of_id.find(id); it != row_of_id.end())
        out.links[it->second].status = LinkStatus::split;
    }
  }
  for (const auto id : changes.added_link_ids) {
    if (const auto it = row_of_id.find(id); it != row_of_id.end()) {
      auto& l = out.links[it->second];
      l.status = LinkStatus::added;
      road.new_links.push_back({l.from_node, l.to_node, l.daily_flow, 0.0});
    }
  }
  for (const auto id : changes.changed_link_ids) {
    if (const auto it = row_of_id.find(id); it != row_of_id.end()) {
      auto& l = out.links[it->second];
      if (l.status == LinkStatus::unchanged) l.status = LinkStatus::changed;
      road.changed_links.push_back({l.from_node, l.to_node, l.daily_flow, l.delta_daily_flow});
    }
  }
}

std::vector<LinkRow> run_links(const RunView& run, const demand::DemandParameters& /*params*/) {
  const auto st = link_state(run.model, run.run);
  const auto& net = run.model.road;
  std::vector<LinkRow> out;
  out.reserve(net.link_count());
  for (std::uint32_t r = 0; r < net.link_count(); ++r) {
    const auto a = net.link_at_input(r);
    LinkRow row = link_identity(net, a);
    row.daily_flow = st.daily[a.value()];
    row.peak_speed_kmh = st.speed[a.value()];
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<BaseLinkRow> base_links(const RunView& run,
                                    const demand::DemandParameters& /*params*/) {
  const auto st = link_state(run.model, run.run);
  const auto& net = run.model.road;
  std::vector<BaseLinkRow> out;
  out.reserve(net.link_count());
  for (std::uint32_t r = 0; r < net.link_count(); ++r) {
    const auto a = net.link_at_input(r).value();
    BaseLinkRow row;
    row.link_id = net.link_id(LinkId(a));
    row.name = net.link_name(LinkId(a));
    row.from_node = net.node_label(NodeId(net.tails()[a]));
    row.to_node = net.node_label(NodeId(net.heads()[a]));
    row.daily_flow = st.daily[a];
    row.daily_trucks = st.daily_trucks[a];
    row.peak_hour_flow = st.peak[a];
    row.peak_vc = st.vc[a];
    for (std::size_t p = 0; p < st.period_flow.size(); ++p) {
      row.period_flow.push_back(st.period_flow[p][a]);
      row.period_vc.push_back(st.period_vc[p][a]);
    }
    row.facility_type = a < run.model.facility_types.size() ? run.model.facility_types[a] : "";
    row.lanes = a < run.model.lanes.size() ? run.model.lanes[a] : 0.0;
    row.plausible_daily_max = demand::plausible_daily_max(row.facility_type, row.lanes);
    out.push_back(std::move(row));
  }
  return out;
}

namespace {

// PT weekday passengers per (line, from stop name, to stop name) and their cross-border part, as
// the demand run's own PT assignments loaded them (ModelRun::pt.segment_weekday: each period's
// trips of both legs on its network, through rail trips included, the cross-border pairs loaded
// over the same strategies; expanded with the line's hours like its boardings).
std::vector<SegmentRow> segment_rows(const model::RegionModel& m, const demand::PtLoads& pt) {
  std::map<std::array<std::string, 3>, std::size_t> index;
  std::vector<SegmentRow> out;
  for (const auto& seg : pt.segment_weekday) {
    std::array<std::string, 3> key{m.transit.lines.at(seg.line).id,
                                   m.transit.stops.at(seg.from_stop).name,
                                   m.transit.stops.at(seg.to_stop).name};
    const auto [it, fresh] = index.emplace(key, out.size());
    if (fresh) out.push_back({key[0], key[1], key[2], 0.0, 0.0});
    out[it->second].daily_passengers += seg.passengers;
    out[it->second].cross_border_passengers += seg.cross_border_passengers;
  }
  return out;
}

}  // namespace

void add_transit(const RunView& base, const RunView& scen,
                 const demand::DemandParameters& /*params*/, const AppliedChanges& changes,
                 ScenarioResult& out) {
  const std::set<std::string> added(changes.added_lines.begin(), changes.added_lines.end());
  const std::set<std::string> changed(changes.changed_lines.begin(), changes.changed_lines.end());
  const auto& b1s = scen.run.pt.line_boardings_weekday;
  const auto& b0s = base.run.pt.line_boardings_weekday;
  for (std::size_t l = 0; l < scen.model.transit.lines.size(); ++l) {
    const auto& line = scen.model.transit.lines[l];
    LineRow row;
    row.line = line.id;
    row.mode = transit::mode_name(line.mode);
    row.daily_boardings = l < b1s.size() ? b1s[l] : 0.0;
    if (const auto bl = transit::find_line(base.model.transit, line.id); bl && *bl < b0s.size())
      row.base_daily_boardings = b0s[*bl];
    row.status = added.count(line.id) ? "new" : changed.count(line.id) ? "changed" : "";
    // Boardings by trips between zones of different countries, from the same assignments.
    const auto& x1s = scen.run.pt.line_cross_border_boardings_weekday;
    row.cross_border_boardings = l < x1s.size() ? x1s[l] : 0.0;
    if (!row.status.empty()) out.headline.pt_lines.push_back(row);
    out.lines.push_back(std::move(row));
  }
  out.segments = segment_rows(scen.model, scen.run.pt);
}

std::vector<StopRow> base_stops(const RunView& run, const demand::DemandParameters& /*params*/) {
  const auto& stops = run.model.transit.stops;
  std::vector<StopRow> out(stops.size());
  for (std::size_t s = 0; s < stops.size(); ++s) {
    out[s].stop_id = stops[s].id;
    out[s].name = stops[s].name;
  }
  // Σ over the stop's lines of the demand run's weekday loads (each line expanded with its
  // hours), so the stops' boardings add up to the lines' boardings.
  for (const auto& e : run.run.pt.stop_line_weekday) {
    if (e.stop >= out.size()) continue;
    out[e.stop].daily_boardings += e.boardings;
    out[e.stop].daily_alightings += e.alightings;
  }
  return out;
}

}  // namespace corridor::scenario

namespace corridor::scenario {

namespace {

// Proper intersection of segments pq and rs in the lon/lat plane (an equirectangular view is
// enough to decide crossing at the border's 1 km resolution).
bool segments_cross(double px, double py, double qx, double qy, double rx, double ry, double sx,
                    double sy) {
  auto orient = [](double ax, double ay, double bx, double by, double cx, double cy) {
    const double v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    return (v > 0.0) - (v < 0.0);
  };
  const int o1 = orient(px, py, qx, qy, rx, ry), o2 = orient(px, py, qx, qy, sx, sy);
  const int o3 = orient(rx, ry, sx, sy, px, py), o4 = orient(rx, ry, sx, sy, qx, qy);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

}  // namespace

RoadClassTotals road_class_totals(const RunView& run) {
  const auto& net = run.model.road;
  const auto st = link_state(run.model, run.run);
  const auto len = net.length();
  RoadClassTotals t;
  for (std::uint32_t a = 0; a < net.link_count(); ++a) {
    t.truck_vehicle_km += st.daily_trucks[a] * len[a];
    t.car_vehicle_km += (st.daily[a] - st.daily_trucks[a]) * len[a];
    const auto& from = net.node(NodeId(net.tails()[a]));
    const auto& to = net.node(NodeId(net.heads()[a]));
    bool crosses = false;
    for (const auto& line : run.model.border) {
      for (std::size_t k = 0; k + 1 < line.size() && !crosses; ++k) {
        crosses = segments_cross(from.x, from.y, to.x, to.y, line[k].lon, line[k].lat,
                                 line[k + 1].lon, line[k + 1].lat);
      }
    }
    if (crosses) {
      t.border_vehicles += st.daily[a];
      ++t.border_links;
    }
  }
  return t;
}

}  // namespace corridor::scenario
