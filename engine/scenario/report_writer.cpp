#include "scenario/report_writer.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "core/atomic_file.hpp"
#include "core/parallel.hpp"
#include "model/region_model.hpp"
#include "report/geometry.hpp"
#include "report/gmns_export.hpp"
#include "report/report.hpp"
#include "scenario/uncertainty.hpp"
#include "transit/transit_data.hpp"

namespace corridor::scenario {

namespace {

report::MapLink map_link_of(const model::RegionModel& m, LinkId a) {
  const auto& net = m.road;
  const auto from = NodeId(net.tails()[a.value()]);
  const auto to = NodeId(net.heads()[a.value()]);
  report::MapLink l;
  l.link_id = net.link_id(a);
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

// The map's base geometry: the region's links (by link id), zones and lines.
struct Geometry {
  report::MapGeometry g;
  std::unordered_map<std::int64_t, std::uint32_t> link_index;  // link id -> map link
  std::map<std::string, std::size_t> zone_index;
  std::map<std::string, std::uint32_t> line_index;
};

Geometry base_geometry(const model::RegionModel& region) {
  Geometry geo;
  auto& g = geo.g;
  for (std::uint32_t r = 0; r < region.road.link_count(); ++r) {
    g.links.push_back(map_link_of(region, region.road.link_at_input(r)));
    geo.link_index.emplace(g.links.back().link_id, r);
  }
  for (const auto& z : region.zones) {
    geo.zone_index.emplace(z.name, g.zones.size());
    g.zones.push_back({z.name,
                       {z.lon, z.lat},
                       z.country,
                       z.corridor,
                       z.external,
                       z.population,
                       z.jobs,
                       z.municipality});
  }
  for (const auto& part : region.border) {  // the region's border file (region.toml `border`)
    auto& b = g.border.emplace_back();
    for (const auto& pt : part) b.push_back({pt.lon, pt.lat});
  }
  for (const auto& l : region.transit.lines) {
    geo.line_index.emplace(l.id, static_cast<std::uint32_t>(g.lines.size()));
    g.lines.push_back(map_line_of(region.transit, l));
  }
  return geo;
}

// OD savings summed over the modes the noise floor resolves (as zones.csv and the headline).
std::vector<double> od_hours(const ScenarioResult& r, const Geometry& geo) {
  const auto nz = geo.g.zones.size();
  std::vector<double> od(nz * nz, 0.0);
  for (const auto& x : r.od) {
    if (!r.headline.noise_floor.resolved[demand::index(x.mode)]) continue;
    const auto fi = geo.zone_index.find(x.from_zone);
    const auto ti = geo.zone_index.find(x.to_zone);
    if (fi == geo.zone_index.end() || ti == geo.zone_index.end()) continue;
    od[fi->second * nz + ti->second] += x.hours_saved_per_day;
  }
  return od;
}

// Road: every link row of the result on the map (new links and split halves added to the
// geometry as scenario_only), its change, and the base links it replaced.
void add_links(const ScenarioResult& r, const model::RegionModel& m, Geometry& geo,
               report::ScenarioReport& sr) {
  std::unordered_map<std::int64_t, LinkId> scen_link;
  for (std::uint32_t a = 0; a < m.road.link_count(); ++a)
    scen_link.emplace(m.road.link_id(LinkId(a)), LinkId(a));
  for (const auto& row : r.links) {
    std::optional<std::uint32_t> idx;
    const bool own = row.status == LinkStatus::added || row.status == LinkStatus::split;
    if (!own) {
      if (const auto it = geo.link_index.find(row.link_id); it != geo.link_index.end())
        idx = it->second;
    } else if (const auto it = scen_link.find(row.link_id); it != scen_link.end()) {
      auto l = map_link_of(m, it->second);
      l.scenario_only = true;
      idx = static_cast<std::uint32_t>(geo.g.links.size());
      geo.g.links.push_back(l);
    }
    if (!idx) continue;
    switch (row.status) {
      case LinkStatus::added:
        sr.link_changes.push_back({*idx, report::ChangeKind::added, "new link"});
        break;
      case LinkStatus::changed:
        sr.link_changes.push_back({*idx, report::ChangeKind::changed, "changed"});
        break;
      case LinkStatus::split:
        sr.link_changes.push_back(
            {*idx, report::ChangeKind::changed,
             "split by a new junction (part of link " + std::to_string(*row.base_link_id) + ")"});
        if (const auto it = geo.link_index.find(*row.base_link_id); it != geo.link_index.end())
          sr.replaced_links.push_back(it->second);
        break;
      case LinkStatus::closed:
        sr.link_changes.push_back({*idx, report::ChangeKind::closed, "closed"});
        break;
      case LinkStatus::unchanged:
        break;
    }
    sr.link_flows.push_back({*idx, row.daily_flow, row.delta_daily_flow, row.peak_speed_kmh});
  }
  std::sort(sr.replaced_links.begin(), sr.replaced_links.end());
  sr.replaced_links.erase(std::unique(sr.replaced_links.begin(), sr.replaced_links.end()),
                          sr.replaced_links.end());
}

// PT: ridership of new and changed lines with their segment loads in running order.
void add_lines(const ScenarioResult& r, const Scenario& s, const model::RegionModel& m,
               Geometry& geo, report::ScenarioReport& sr) {
  std::map<std::array<std::string, 3>, double> segment_pax;
  for (const auto& x : r.segments)
    segment_pax[{x.line, x.from_stop, x.to_stop}] += x.daily_passengers;
  for (const auto& row : r.lines) {
    if (row.status.empty()) continue;
    auto it = geo.line_index.find(row.line);
    if (it == geo.line_index.end() || row.status == "changed") {
      const auto li = transit::find_line(m.transit, row.line);
      if (!li) continue;
      auto ml = map_line_of(m.transit, m.transit.lines[*li]);
      ml.scenario_only = true;
      it = geo.line_index
               .insert_or_assign(row.line + "@" + s.name,
                                 static_cast<std::uint32_t>(geo.g.lines.size()))
               .first;
      geo.g.lines.push_back(std::move(ml));
    }
    sr.line_changes.push_back(
        {it->second, row.status == "new" ? report::ChangeKind::added : report::ChangeKind::changed,
         row.status});
    // Stop i -> i+1 in the drawn running order (the forward direction).
    std::vector<double> seg;
    const auto& names = geo.g.lines[it->second].stop_names;
    for (std::size_t k = 0; k + 1 < names.size(); ++k) {
      const auto sp = segment_pax.find({row.line, names[k], names[k + 1]});
      seg.push_back(sp == segment_pax.end() ? 0.0 : sp->second);
    }
    sr.ridership.push_back(
        {it->second, row.daily_boardings, row.base_daily_boardings, std::move(seg)});
  }
}

void add_convergence(const Headline& h, report::ScenarioReport& sr) {
  const auto& c = h.convergence;
  report::ConvergenceSeries road{"road assignment, final loop (relative gap)", {}};
  for (const auto& p : c.scenario_final_road) {
    if (p.relative_gap > 0.0)
      road.points.push_back({static_cast<std::uint32_t>(p.iteration), p.relative_gap});
  }
  report::ConvergenceSeries loops{"demand feedback loop (relative change of demand)", {}};
  report::ConvergenceSeries loop_gaps{"road gap per demand loop", {}};
  for (const auto& p : c.scenario_loops) {
    if (p.demand_change > 0.0)
      loops.points.push_back({static_cast<std::uint32_t>(p.loop), p.demand_change});
  }
  for (const auto& p : c.scenario_loops) {
    if (p.road_gap > 0.0)
      loop_gaps.points.push_back({static_cast<std::uint32_t>(p.loop), p.road_gap});
  }
  for (auto* series : {&road, &loops, &loop_gaps}) {
    if (!series->points.empty()) sr.convergence.push_back(std::move(*series));
  }
}

}  // namespace

report::Backcast backcast_report(const BackcastResult& r) {
  report::Backcast b{r.scenario, r.title, {}};
  for (const auto& x : r.rows) {
    b.rows.push_back({x.figure, backcast_measure_name(x.measure), x.observed, x.modelled, x.ratio,
                      x.has_geh, x.geh, x.tolerance, x.within_tolerance, x.source});
  }
  return b;
}

void write_batch_report(const Batch& batch, const BatchSummary& summary,
                        const ScenarioEngine& engine, const std::filesystem::path& out,
                        const ReportExtras& extra) {
  if (batch.runs.empty() || summary.results.size() != batch.runs.size()) return;
  const auto* region = engine.region_model(batch.runs.front());
  if (region == nullptr) return;
  std::vector<const EditedModel*> edited(batch.runs.size());
  for (std::size_t i = 0; i < batch.runs.size(); ++i) {
    edited[i] = engine.edited(batch.runs[i]);
    if (edited[i] == nullptr) return;
  }
  Geometry geo = base_geometry(*region);

  report::BatchReport br;
  br.subtitle = batch.name + " (" + batch.file.filename().string() + ")";
  br.date = extra.date;
  br.engine_version = kEngineVersion;
  br.model_hash = summary.results.front().headline.base_model_hash;
  br.annualisation_days = summary.results.front().headline.annualisation_days;
  for (const auto i : summary.order) {
    const auto& h = summary.results[i].headline;
    const auto& s = batch.runs[i];
    // Cost = the B/C's denominator: PV of the [cost] tables and the PT operating cost over the
    // appraisal period (cost_benefit.hpp); operating cost per year = the [cost] tables' running
    // costs plus the PT operating cost the scenario adds.
    report::RankingRow row{h.scenario,         h.person_hours_saved_per_day, h.benefit_eur_per_year,
                           h.cba.pv_costs_eur, h.benefit_cost_ratio,         h.below_noise_floor};
    row.title = s.title;
    row.combination = s.parts.size() > 1;
    row.investment_eur = h.investment_eur;
    for (const auto& c : s.part_costs) {
      row.operating_eur_per_year += c.given ? c.operating_eur_per_year : 0.0;
      if (c.given) row.lifetime_years = std::max(row.lifetime_years, c.lifetime_years);
    }
    row.operating_eur_per_year += h.cba.operator_cost_eur_per_year;
    row.mostly_intrazonal = h.decomposition.mostly_intrazonal;
    row.hours_cross_border = h.decomposition.cross_border.hours_per_day;
    if (const auto it = extra.uncertainty.find(h.scenario); it != extra.uncertainty.end())
      row.uncertainty = it->second;
    if (batch.uncertainty)
      row.declared_investment_eur = declared_investment_range(s, *batch.uncertainty);
    br.ranking.push_back(std::move(row));
  }
  for (const auto i : summary.land_use_order) {
    const auto& h = summary.results[i].headline;
    const auto& x = h.indicators;
    double t0 = 0.0, t1 = 0.0;
    for (std::size_t m = 0; m < kModes; ++m) {
      t0 += x.trips_before[m];
      t1 += x.trips_after[m];
    }
    br.land_use.push_back({h.scenario, t0, t1, x.border_vehicles_before, x.border_vehicles_after,
                           x.jobs_car_before[1], x.jobs_car_after[1], x.jobs_pt_before[1],
                           x.jobs_pt_after[1]});
  }
  br.backcast = extra.backcast;
  br.bc_includes = kBcIncludes;
  br.bc_leaves_out = kBcLeavesOut;
  if (summary.base) {
    for (const auto& v : summary.base->validation) {
      br.fit.push_back({v.label, v.kind, v.set, v.observed, v.modelled, v.value, v.has_geh, v.geh,
                        v.within_tolerance, v.tolerance, v.period_hours, v.not_modelled});
    }
  }
  br.input_hashes.push_back({"region model", region->content_hash});
  // Per scenario, independent of the map's numbering, so in parallel: the GMNS export of its road
  // network (base network with its edits; zone_id as in zones.csv, the ids of the run's demand,
  // network/demand.csv, written with the result by write_scenario_outputs) and the OD savings.
  std::vector<std::vector<double>> od(batch.runs.size());
  parallel::for_chunks(0, batch.runs.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      const auto& s = batch.runs[i];
      const auto& m = edited[i]->model;
      report::GmnsExportOptions opt;
      opt.lanes = m.lanes;
      for (const auto& z : m.zones) opt.zone_ids.push_back(z.zone_id);
      opt.node_names = m.node_names;  // the base's names; nodes a scenario adds have none
      opt.dataset_name = s.name;
      report::write_gmns_network(out / "scenarios" / s.name / "network", m.road, opt);
      od[i] = od_hours(summary.results[i], geo);
    }
  });
  for (std::size_t i = 0; i < batch.runs.size(); ++i) {
    const auto& s = batch.runs[i];
    const auto& r = summary.results[i];
    br.input_hashes.push_back({"scenario " + s.name, r.headline.input_hash});
    report::ScenarioReport sr;
    sr.name = s.name;
    sr.title = s.title;
    sr.description = s.description;
    sr.assumptions = s.assumptions;
    if (s.parts.size() > 1) {
      for (const auto& part : s.parts) {
        const auto it = std::find_if(batch.singles.begin(), batch.singles.end(),
                                     [&](const Scenario& x) { return x.name == part; });
        sr.parts.push_back(it == batch.singles.end() ? part : it->title);
      }
      if (r.headline.sum_of_parts)
        sr.sum_of_parts_hours_per_day = r.headline.sum_of_parts->person_hours_saved_per_day;
    }
    add_links(r, edited[i]->model, geo, sr);
    for (const auto& z : r.zones) {
      sr.zone_hours_saved_per_day.push_back(z.hours_saved_per_day);
      // kAccessMinutes = {30, 45, 60}: the report shows 30 and 45.
      sr.access.push_back({z.jobs_car_before[0], z.jobs_car_after[0], z.jobs_car_before[1],
                           z.jobs_car_after[1], z.jobs_pt_before[0], z.jobs_pt_after[0],
                           z.jobs_pt_before[1], z.jobs_pt_after[1]});
    }
    if (sr.zone_hours_saved_per_day.size() != geo.g.zones.size()) {
      sr.zone_hours_saved_per_day.clear();
      sr.access.clear();
    }
    add_lines(r, s, edited[i]->model, geo, sr);
    sr.od_hours_saved_per_day = std::move(od[i]);
    add_convergence(r.headline, sr);
    sr.final_relative_gap = r.headline.solver.scenario_relative_gap;
    sr.noise_floor_hours_per_day = r.headline.noise_floor.hours_per_day;
    br.scenarios.push_back(std::move(sr));
  }
  br.base_relative_gap = summary.results.front().headline.solver.base_relative_gap;
  br.notes.push_back(
      "Person-hours saved per weekday by the rule of a half, counting modes whose change exceeds "
      "the solver's noise floor; see docs/comparing-quick-wins.md.");
  write_file_atomically(out / "report.html", report::render_report_html(br, geo.g));
  // GeoJSON per scenario: independent files from read-only data, written in parallel.
  parallel::for_chunks(0, br.scenarios.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      const auto& sr = br.scenarios[i];
      const auto dir = out / "scenarios" / sr.name;
      write_file_atomically(dir / "links.geojson", report::links_geojson(geo.g, sr));
      write_file_atomically(dir / "zones.geojson", report::zones_geojson(geo.g, sr));
      write_file_atomically(dir / "lines.geojson", report::lines_geojson(geo.g, sr));
    }
  });
}

}  // namespace corridor::scenario
