#pragma once
// A small synthetic batch for the report tests: six zones around the border (three NL, three BE,
// real town coordinates), a handful of roads, one railway, one new bus line and two scenarios
// with flows, zone and OD savings, ridership and convergence histories. Values are made up;
// the tests check what the report does with them, not the values themselves.
#include <cmath>

#include "report/report_data.hpp"

namespace corridor::report::testing {

inline MapGeometry synthetic_geometry() {
  MapGeometry g;
  g.zones = {
      {"Eindhoven", {5.478, 51.441}, "NL", "eindhoven"},
      {"Veldhoven", {5.404, 51.418}, "NL", "eindhoven"},
      {"Reusel", {5.163, 51.362}, "NL", "eindhoven-turnhout"},
      {"Turnhout", {4.948, 51.322}, "BE", "eindhoven-turnhout"},
      {"Lommel", {5.312, 51.230}, "BE", "bergeijk-lommel"},
      {"Hamont-Achel", {5.548, 51.252}, "BE", "other"},
  };
  auto link = [&](std::int64_t a, std::int64_t b, std::size_t za, std::size_t zb, const char* fac,
                  const char* name) {
    MapLink l;
    l.from_node = a;
    l.to_node = b;
    l.from = g.zones[za].centroid;
    l.to = g.zones[zb].centroid;
    l.facility = fac;
    l.name = name;
    l.length_km = 10.0 + static_cast<double>(a);
    l.lanes = 2;
    l.free_speed_kmh = 100;
    l.capacity_veh_per_h = 4000;
    return l;
  };
  g.links = {
      link(1, 2, 0, 1, "motorway", "A67"), link(2, 3, 1, 2, "motorway", "A67"),
      link(3, 4, 2, 3, "primary", "N12"),  link(2, 5, 1, 4, "secondary", "N69 / N746"),
      link(1, 6, 0, 5, "primary", "N69"),  link(5, 6, 4, 5, "residential", "Lommel-Hamont"),
      link(6, 5, 5, 4, "connector", "c"),
  };
  MapLink knoop = link(3, 5, 2, 4, "trunk", "N284 <knoop Reusel>");
  knoop.scenario_only = true;
  g.links.push_back(knoop);

  MapLine rail;
  rail.name = "IC Weert-Eindhoven";
  rail.mode = "rail";
  rail.stops = {{5.708, 51.245}, {5.478, 51.441}};
  rail.stop_names = {"Weert", "Eindhoven Centraal"};
  MapLine be_rail{"L15 Hamont-Mol",
                  "rail",
                  {{5.548, 51.252}, {5.312, 51.230}, {5.116, 51.190}},
                  {"Hamont", "Lommel", "Mol"},
                  false};
  MapLine bus{"Snelbus Eindhoven-Turnhout",
              "bus",
              {{5.478, 51.441}, {5.163, 51.362}, {4.948, 51.322}},
              {"Eindhoven", "Reusel", "Turnhout"},
              true};
  g.lines = {rail, be_rail, bus};
  return g;
}

inline ScenarioReport synthetic_scenario(const MapGeometry& g, const std::string& name,
                                         double scale, bool with_new_bus) {
  ScenarioReport s;
  s.name = name;
  s.description = "Synthetic scenario for tests & checks (\"quoted\" <b>not bold</b>).";
  s.link_changes.push_back({7, ChangeKind::added, "new N284 link, 80 km/h"});
  s.link_changes.push_back({2, ChangeKind::changed, "speed 80 -> 100 km/h"});
  if (with_new_bus) s.line_changes.push_back({2, ChangeKind::added, "every 30 min"});
  for (std::uint32_t i = 0; i < g.links.size(); ++i) {
    const double flow = 20000.0 + 5000.0 * i;
    const double delta = (i % 2 == 0 ? 1.0 : -1.0) * 800.0 * scale * (1 + i);
    s.link_flows.push_back({i, flow, delta, 60.0 + i});
  }
  for (std::size_t z = 0; z < g.zones.size(); ++z)
    s.zone_hours_saved_per_day.push_back(
        scale * (z % 3 == 1 ? -5.0 : 40.0 + 10.0 * static_cast<double>(z)));
  const std::size_t n = g.zones.size();
  s.od_hours_saved_per_day.assign(n * n, 0.0);
  for (std::size_t o = 0; o < n; ++o)
    for (std::size_t d = 0; d < n; ++d)
      if (o != d)
        s.od_hours_saved_per_day[o * n + d] =
            scale * (static_cast<double>(o) - 1.5 * static_cast<double>(d));
  if (with_new_bus) s.ridership.push_back({2, 1850.0 * scale, 0.0, {900.0 * scale, 700.0 * scale}});
  s.ridership.push_back({1, 5200.0, 5000.0, {2100.0, 2600.0}});
  ConvergenceSeries road{"road assignment", {}};
  for (std::uint32_t it = 1; it <= 30; ++it)
    road.points.push_back({it, 0.5 * std::pow(10.0, -0.15 * it)});
  ConvergenceSeries loop{"demand feedback", {{1, 0.2}, {2, 0.03}, {3, 0.004}, {4, 0.0006}}};
  s.convergence = {road, loop};
  s.final_relative_gap = road.points.back().relative_gap;
  s.noise_floor_hours_per_day = 12.5;
  return s;
}

inline BatchReport synthetic_batch(const MapGeometry& g) {
  BatchReport b;
  b.title = "Quick wins <synthetic>";
  b.subtitle = "tests/report synthetic batch";
  b.scenarios = {synthetic_scenario(g, "knoop-reusel", 1.0, false),
                 synthetic_scenario(g, "snelbus-eindhoven-turnhout", 2.0, true)};
  b.ranking = {
      {"snelbus-eindhoven-turnhout", 310.4, 2.35e6, 4.0e6, 0.5875, false},
      {"knoop-reusel", 155.2, 1.17e6, 9.0e6, 0.13, false},
      {"aligned-timetables", 8.1, 6.1e4, 0.0, 0.0, true},
      {"closure-test", -22.0, -1.6e5, 1.0e6, -0.16, false},
  };
  b.ranking[0].title = "Express bus Eindhoven \xe2\x80\x93 Turnhout";
  b.ranking[1].title = "A67 junction Reusel";
  b.scenarios[0].title = "A67 junction Reusel";
  b.scenarios[0].assumptions = "New junction south of Reusel. Cost EUR 19 M.";
  b.scenarios[1].title = "Express bus Eindhoven \xe2\x80\x93 Turnhout";
  b.scenarios[1].assumptions = "Every 30 min in the peak. Eight buses.";
  b.date = "2026-12-03";
  b.engine_version = "corridor-scenario-test";
  b.model_hash = "0123456789abcdef0123";
  b.input_hashes = {{"network", "9f2c0a1b"}, {"demand", "44e1d2c3"}};
  b.base_relative_gap = 3.2e-5;
  b.noise_floor_hours_per_day = 12.5;
  b.notes = {"Annualisation: 250 weekdays per year."};
  return b;
}

}  // namespace corridor::report::testing
