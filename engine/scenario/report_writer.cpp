#include "scenario/report_writer.hpp"

#include <array>
#include <map>

#include "core/parallel.hpp"
#include "io/text.hpp"
#include "model/region_model.hpp"
#include "report/geometry.hpp"
#include "report/gmns_export.hpp"
#include "report/report.hpp"
#include "scenario/apply.hpp"
#include "transit/transit_data.hpp"

namespace corridor::scenario {

namespace {

using LinkKey = std::pair<std::int64_t, std::int64_t>;

report::MapLink map_link_of(const model::RegionModel& m, LinkId a) {
  const auto& net = m.road;
  const auto from = NodeId(net.tails()[a.value()]);
  const auto to = NodeId(net.heads()[a.value()]);
  report::MapLink l;
  l.from_node = net.node_label(from);
  l.to_node = net.node_label(to);
  l.from = {net.node(from).x, net.node(from).y};
  l.to = {net.node(to).x, net.node(to).y};
  l.facility = a.value() < m.facility_types.size() ? m.facility_types[a.value()] : "";
  if (l.facility == "scenario") l.facility = "primary";
  l.name = net.link_name(a);
  l.length_km = net.length()[a.value()];
  l.lanes = a.value() < m.lanes.size() ? m.lanes[a.value()] : 0.0;
  l.free_speed_kmh = net.speed()[a.value()];
  l.capacity_veh_per_h = net.capacity()[a.value()];
  return l;
}

report::MapLine map_line_of(const transit::TransitData& data, const transit::Line& line) {
  report::MapLine l;
  l.name = line.id;
  l.mode = transit::mode_name(line.mode);
  for (const auto& s : line.stops) {
    l.stops.push_back({data.stops[s.stop].lon, data.stops[s.stop].lat});
    l.stop_names.push_back(data.stops[s.stop].name);
  }
  return l;
}

}  // namespace

void write_batch_report(const Batch& batch, const BatchSummary& summary,
                        const std::filesystem::path& out) {
  if (batch.runs.empty() || summary.results.size() != batch.runs.size()) return;
  const auto region = model::load_region_model(batch.runs.front().base);
  report::MapGeometry g;
  std::map<LinkKey, std::uint32_t> link_index;
  for (std::uint32_t r = 0; r < region.road.link_count(); ++r) {
    g.links.push_back(map_link_of(region, region.road.link_at_input(r)));
    link_index.emplace(LinkKey{g.links.back().from_node, g.links.back().to_node}, r);
  }
  std::map<std::string, std::size_t> zone_index;
  for (const auto& z : region.zones) {
    zone_index.emplace(z.name, g.zones.size());
    g.zones.push_back({z.name, {z.lon, z.lat}, z.country, z.corridor});
  }
  std::map<std::string, std::uint32_t> line_index;
  for (const auto& l : region.transit.lines) {
    line_index.emplace(l.id, static_cast<std::uint32_t>(g.lines.size()));
    g.lines.push_back(map_line_of(region.transit, l));
  }

  report::BatchReport br;
  br.subtitle = batch.name + " (" + batch.file.filename().string() + ")";
  for (const auto& row : summary.summary["ranking"]) {
    br.ranking.push_back(
        {row["scenario"].get<std::string>(), row["person_hours_saved_per_day"].get<double>(),
         row["benefit_eur_per_year"].get<double>(), row["cost_eur"].get<double>(),
         row["benefit_cost_ratio"].get<double>(), row["below_noise_floor"].get<bool>()});
  }
  br.input_hashes.push_back({"region model", region.content_hash});
  // Per scenario, independent of the map's link and line numbering (filled in scenario order
  // below), so in parallel: the edited model and its changes, the GMNS export of its road network
  // (base network with its edits) and the OD savings from od.csv, summed over the modes the noise
  // floor resolves (as zones.csv and the headline figure).
  std::vector<model::RegionModel> models(batch.runs.size());
  std::vector<AppliedChanges> changes(batch.runs.size());
  std::vector<std::vector<double>> od_hours(batch.runs.size());
  parallel::for_chunks(0, batch.runs.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      const auto& s = batch.runs[i];
      const auto dir = out / "scenarios" / s.name;
      models[i] = apply_edits(region, s, &changes[i]);
      const auto& m = models[i];
      report::GmnsExportOptions opt;
      opt.lanes = m.lanes;
      opt.dataset_name = s.name;
      report::write_gmns_network(dir / "network", m.road, opt);

      const auto& resolved = summary.results[i]["noise_floor"]["resolved"];
      io::CsvReader csv(dir / "od.csv");
      const auto cf = csv.require_column("from_zone");
      const auto ct = csv.require_column("to_zone");
      const auto cm = csv.require_column("mode");
      const auto chours = csv.require_column("hours_saved_per_day");
      const auto nz = g.zones.size();
      auto& od = od_hours[i];
      od.assign(nz * nz, 0.0);
      while (csv.next_row()) {
        const std::string mode(csv.text(cm));
        if (!resolved.contains(mode) || !resolved[mode].get<bool>()) continue;
        const auto fi = zone_index.find(std::string(csv.text(cf)));
        const auto ti = zone_index.find(std::string(csv.text(ct)));
        if (fi == zone_index.end() || ti == zone_index.end()) continue;
        od[fi->second * nz + ti->second] += csv.number(chours);
      }
    }
  });
  for (std::size_t i = 0; i < batch.runs.size(); ++i) {
    const auto& s = batch.runs[i];
    const auto& r = summary.results[i];
    const auto dir = out / "scenarios" / s.name;
    br.input_hashes.push_back({"scenario " + s.name, r["input_hash"].get<std::string>()});
    const auto& ch = changes[i];
    const auto& m = models[i];
    report::ScenarioReport sr;
    sr.name = s.name;
    sr.description = s.description;
    auto index_of = [&](const LinkKey& k) -> std::optional<std::uint32_t> {
      if (const auto it = link_index.find(k); it != link_index.end()) return it->second;
      const auto a = m.road.find_link(m.road.find_node(k.first), m.road.find_node(k.second));
      if (!a.valid()) return std::nullopt;
      auto l = map_link_of(m, a);
      l.scenario_only = true;
      const auto idx = static_cast<std::uint32_t>(g.links.size());
      g.links.push_back(l);
      link_index.emplace(k, idx);
      return idx;
    };
    for (const auto& k : ch.added_links) {
      if (auto idx = index_of(k))
        sr.link_changes.push_back({*idx, report::ChangeKind::added, "new link"});
    }
    for (const auto& k : ch.changed_links) {
      if (auto idx = index_of(k))
        sr.link_changes.push_back({*idx, report::ChangeKind::changed, "changed"});
    }
    for (const auto& k : ch.closed_links) {
      if (auto idx = index_of(k))
        sr.link_changes.push_back({*idx, report::ChangeKind::closed, "closed"});
    }
    {
      io::CsvReader csv(dir / "links.csv");
      const auto cf = csv.require_column("from_node");
      const auto ct = csv.require_column("to_node");
      const auto cflow = csv.require_column("daily_flow");
      const auto cdelta = csv.require_column("delta_daily_flow");
      const auto cspeed = csv.optional_column("peak_speed_kmh");  // absent in older outputs
      while (csv.next_row()) {
        const LinkKey k{csv.integer(cf), csv.integer(ct)};
        const auto it = link_index.find(k);
        if (it == link_index.end()) continue;
        sr.link_flows.push_back(
            {it->second, csv.number(cflow), csv.number(cdelta), csv.number_or(cspeed, 0.0)});
      }
    }
    {
      io::CsvReader csv(dir / "zones.csv");
      const auto ch_col = csv.require_column("hours_saved_per_day");
      while (csv.next_row()) sr.zone_hours_saved_per_day.push_back(csv.number(ch_col));
      if (sr.zone_hours_saved_per_day.size() != g.zones.size()) sr.zone_hours_saved_per_day.clear();
    }
    // Segment loads (line, from stop name, to stop name) for the ridership table.
    std::map<std::array<std::string, 3>, double> segment_pax;
    {
      io::CsvReader csv(dir / "segments.csv");
      const auto cl = csv.require_column("line");
      const auto cf = csv.require_column("from_stop");
      const auto ct = csv.require_column("to_stop");
      const auto cp = csv.require_column("daily_passengers");
      while (csv.next_row()) {
        segment_pax[{std::string(csv.text(cl)), std::string(csv.text(cf)),
                     std::string(csv.text(ct))}] += csv.number(cp);
      }
    }
    {
      io::CsvReader csv(dir / "lines.csv");
      const auto cl = csv.require_column("line");
      const auto cb = csv.require_column("daily_boardings");
      const auto cb0 = csv.require_column("base_daily_boardings");
      const auto cs = csv.require_column("status");
      while (csv.next_row()) {
        const std::string status(csv.text_or(cs, ""));
        if (status.empty()) continue;
        const std::string id(csv.text(cl));
        auto it = line_index.find(id);
        if (it == line_index.end() || status == "changed") {
          const auto li = transit::find_line(m.transit, id);
          if (!li) continue;
          auto ml = map_line_of(m.transit, m.transit.lines[*li]);
          ml.scenario_only = true;
          it = line_index
                   .insert_or_assign(id + "@" + s.name, static_cast<std::uint32_t>(g.lines.size()))
                   .first;
          g.lines.push_back(std::move(ml));
        }
        sr.line_changes.push_back(
            {it->second, status == "new" ? report::ChangeKind::added : report::ChangeKind::changed,
             status});
        // Stop i -> i+1 in the drawn running order (the forward direction).
        std::vector<double> seg;
        const auto& names = g.lines[it->second].stop_names;
        for (std::size_t k = 0; k + 1 < names.size(); ++k) {
          const auto sp = segment_pax.find({id, names[k], names[k + 1]});
          seg.push_back(sp == segment_pax.end() ? 0.0 : sp->second);
        }
        sr.ridership.push_back({it->second, csv.number(cb), csv.number(cb0), std::move(seg)});
      }
    }
    sr.od_hours_saved_per_day = std::move(od_hours[i]);
    if (const auto it = r.find("convergence"); it != r.end()) {
      const auto& c = *it;
      report::ConvergenceSeries road{"road assignment, final loop (relative gap)", {}};
      for (const auto& p : c["scenario_final_road"]) {
        const double gap = p["relative_gap"].get<double>();
        if (gap > 0.0) road.points.push_back({p["iteration"].get<std::uint32_t>(), gap});
      }
      report::ConvergenceSeries loops{"demand feedback loop (relative change of demand)", {}};
      for (const auto& p : c["scenario_loops"]) {
        const double d = p["demand_change"].get<double>();
        if (d > 0.0) loops.points.push_back({p["loop"].get<std::uint32_t>(), d});
      }
      report::ConvergenceSeries loop_gaps{"road gap per demand loop", {}};
      for (const auto& p : c["scenario_loops"]) {
        const double gap = p["road_gap"].get<double>();
        if (gap > 0.0) loop_gaps.points.push_back({p["loop"].get<std::uint32_t>(), gap});
      }
      for (auto* series : {&road, &loops, &loop_gaps}) {
        if (!series->points.empty()) sr.convergence.push_back(std::move(*series));
      }
    }
    sr.final_relative_gap = r["solver"]["scenario_relative_gap"].get<double>();
    sr.noise_floor_hours_per_day = r["noise_floor_hours_per_day"].get<double>();
    br.scenarios.push_back(std::move(sr));
  }
  br.base_relative_gap = summary.results.front()["solver"]["base_relative_gap"].get<double>();
  br.notes.push_back(
      "Person-hours saved per weekday by the rule of a half, counting modes whose change exceeds "
      "the solver's noise floor; see docs/comparing-quick-wins.md.");
  write_renamed(out / "report.html", report::render_report_html(br, g));
  // GeoJSON per scenario: independent files from read-only data, written in parallel.
  parallel::for_chunks(0, br.scenarios.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      const auto& sr = br.scenarios[i];
      const auto dir = out / "scenarios" / sr.name;
      write_renamed(dir / "links.geojson", report::links_geojson(g, sr));
      write_renamed(dir / "zones.geojson", report::zones_geojson(g, sr));
      write_renamed(dir / "lines.geojson", report::lines_geojson(g, sr));
    }
  });
}

}  // namespace corridor::scenario
