// Scenario edits applied to a tiny inline region (two zones, three road nodes, one PT line):
//
//   zone 1 (A) --c-- 10 ==== 10 km, 2 lanes, 100 km/h ==== 11 ---- 5 km, 1 lane ---- 12 --c-- zone
//   2 (B)
//
// Each test applies one edit and checks the edited network against the picture.
// Edits are written as the TOML a planner writes (read by parse_scenario, file t.toml).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "transit/transit_data.hpp"

namespace corridor::scenario {
namespace {

using ::testing::HasSubstr;

network::LinkSpec link(std::uint32_t a, std::uint32_t b, double km, double kmh, double cap) {
  network::LinkSpec s;
  s.from = NodeId(a);
  s.to = NodeId(b);
  s.length = km;
  s.speed = kmh;
  s.free_flow_minutes = km / kmh * 60.0;
  s.capacity = cap;
  return s;
}

model::RegionModel tiny_region() {
  model::RegionModel m;
  m.box = {
      .min_lat = 50.6, .max_lat = 51.9, .min_lon = 4.0, .max_lon = 6.5};  // as region.toml [box]
  m.zones = {{"Zone A", "Aa", "NL", "other", 51.00, 5.00, 1000, 500, false, 1},
             {"Zone B", "Bb", "BE", "other", 51.00, 5.20, 2000, 800, false, 2}};
  std::vector<network::NodeSpec> nodes = {
      {1, 5.00, 51.00}, {2, 5.20, 51.00}, {10, 5.02, 51.00}, {11, 5.14, 51.00}, {12, 5.18, 51.00}};
  std::vector<network::LinkSpec> links = {link(0, 2, 1, 30, 9999),   link(2, 0, 1, 30, 9999),
                                          link(1, 4, 1, 30, 9999),   link(4, 1, 1, 30, 9999),
                                          link(2, 3, 10, 100, 4000), link(3, 2, 10, 100, 4000),
                                          link(3, 4, 5, 50, 1000),   link(4, 3, 5, 50, 1000)};
  m.road = network::RoadNetwork::build(nodes, links, 2, 2);
  const std::vector<double> lanes_in = {1, 1, 1, 1, 2, 2, 1, 1};
  m.lanes.resize(links.size());
  m.facility_types.resize(links.size());
  for (std::uint32_t r = 0; r < links.size(); ++r) {
    const auto a = m.road.link_at_input(r).value();
    m.lanes[a] = lanes_in[r];
    m.facility_types[a] = r < 4 ? "connector" : "primary";
  }
  transit::Stop a{"A", "Stop A", 51.0, 5.0, ZoneId(0), "bus", 1.0};
  transit::Stop b{"B", "Stop B", 51.0, 5.2, ZoneId(1), "bus", 1.0};
  m.transit.stops = {a, b};
  transit::Line l;
  l.id = "L0";
  l.name = "Line 0";
  l.headway_peak_min = 20;
  l.headway_offpeak_min = 30;
  l.stops = {{0, 0.0}, {1, 10.0}};
  m.transit.lines = {l};
  m.content_hash = "0123456789abcdef";
  return m;
}

// A scenario whose edits are `tables` (TOML), read as file t.toml; the first table is on line 5.
Scenario scenario_with(const std::string& tables) {
  return parse_scenario(
      "name = \"t\"\ndescription = \"d\"\nbase = \".\"\nassumptions = \"a\"\n" + tables, "t.toml",
      "/data");
}

LinkId find(const model::RegionModel& m, std::int64_t a, std::int64_t b) {
  return m.road.find_link(m.road.find_node(a), m.road.find_node(b));
}

InputError apply_error(const std::string& tables) {
  try {
    apply_edits(tiny_region(), scenario_with(tables));
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for:\n" << tables;
  return InputError({}, "");
}

TEST(ApplyEdits, BaseIsUnchangedAndHashChanges) {
  const auto base = tiny_region();
  const auto out = apply_edits(base, scenario_with("[[pt.remove_line]]\nline = \"L0\"\n"));
  EXPECT_EQ(base.transit.lines.size(), 1u);
  EXPECT_EQ(out.transit.lines.size(), 0u);
  EXPECT_NE(out.content_hash, base.content_hash);
}

TEST(ApplyEdits, AddLinkToNewNode) {
  AppliedChanges ch;
  const auto m = apply_edits(tiny_region(), scenario_with(R"toml([[road.add_link]]
from = 11
to_new = { id = 900, lat = 51.02, lon = 5.14 }
length_km = 3.5
lanes = 2
speed_kmh = 70
capacity_per_lane = 1600
)toml"),
                             &ch);
  EXPECT_EQ(m.road.node_count(), 6u);
  EXPECT_EQ(m.road.link_count(), 10u);
  for (auto [a, b] : {std::pair<int, int>{11, 900}, {900, 11}}) {
    const auto id = find(m, a, b);
    ASSERT_TRUE(id.valid());
    EXPECT_DOUBLE_EQ(m.road.length()[id.value()], 3.5);
    EXPECT_DOUBLE_EQ(m.road.free_flow_minutes()[id.value()], 3.0);
    EXPECT_DOUBLE_EQ(m.road.capacity()[id.value()], 3200.0);
    EXPECT_DOUBLE_EQ(m.lanes[id.value()], 2.0);
    EXPECT_EQ(m.facility_types[id.value()], "scenario");
  }
  // New links get ids above the base's (8 links, ids 1..8), in the order they are made.
  EXPECT_EQ(m.road.link_id(find(m, 11, 900)), 9);
  EXPECT_EQ(m.road.link_id(find(m, 900, 11)), 10);
  EXPECT_EQ(ch.added_links.size(), 2u);
  EXPECT_EQ(ch.added_link_ids, (std::vector<std::int64_t>{9, 10}));
  // Untouched links keep their attributes and ids through the rebuild.
  const auto old = find(m, 10, 11);
  EXPECT_DOUBLE_EQ(m.lanes[old.value()], 2.0);
  EXPECT_EQ(m.facility_types[old.value()], "primary");
  EXPECT_DOUBLE_EQ(m.road.capacity()[old.value()], 4000.0);
  EXPECT_EQ(m.road.link_id(old), 5);
}

TEST(ApplyEdits, DefaultLengthIsGreatCircleTimesDetour) {
  const auto m = apply_edits(tiny_region(), scenario_with(R"toml([[road.add_link]]
from = 10
to = 12
both_directions = false
speed_kmh = 60
)toml"));
  const auto id = find(m, 10, 12);
  ASSERT_TRUE(id.valid());
  EXPECT_NEAR(m.road.length()[id.value()], kDetourFactor * great_circle_km(51, 5.02, 51, 5.18),
              1e-12);
  EXPECT_FALSE(find(m, 12, 10).valid());
  // 0.16° of longitude at 51° N is 11.19 km.
  EXPECT_NEAR(great_circle_km(51, 5.02, 51, 5.18), 11.19, 0.01);
}

// Link 10 -> 11 (link id 5; 11 -> 10 is id 6): 10 km, 2 lanes of 2000 veh/h, 100 km/h.
void expect_changed(const model::RegionModel& m, bool back_changed) {
  const auto fwd = find(m, 10, 11).value();
  EXPECT_DOUBLE_EQ(m.road.capacity()[fwd], 6000.0);
  EXPECT_DOUBLE_EQ(m.road.free_flow_minutes()[fwd], 5.0);
  EXPECT_DOUBLE_EQ(m.lanes[fwd], 3.0);
  const auto back = find(m, 11, 10).value();
  EXPECT_DOUBLE_EQ(m.road.capacity()[back], back_changed ? 6000.0 : 4000.0);
  EXPECT_DOUBLE_EQ(m.road.free_flow_minutes()[back], back_changed ? 5.0 : 6.0);
}

TEST(ApplyEdits, ChangeLinkScalesCapacityWithLanesBothDirectionsByDefault) {
  const std::string change = "lanes = 3\nspeed_kmh = 120\n";
  expect_changed(apply_edits(tiny_region(),
                             scenario_with("[[road.change_link]]\nfrom = 10\nto = 11\n" + change)),
                 true);
  expect_changed(
      apply_edits(tiny_region(), scenario_with("[[road.change_link]]\nfrom = 10\nto = 11\n" +
                                               change + "both_directions = false\n")),
      false);
}

TEST(ApplyEdits, LinkNamedByIdOrByNameAndEnds) {
  const std::string change = "lanes = 3\nspeed_kmh = 120\nboth_directions = false\n";
  expect_changed(
      apply_edits(tiny_region(), scenario_with("[[road.change_link]]\nlink = 5\n" + change)),
      false);
  // By id, both directions: the reverse is the link 11 -> 10 (id 6).
  AppliedChanges ch;
  expect_changed(apply_edits(tiny_region(),
                             scenario_with("[[road.change_link]]\nlink = 5\nlanes = 3\n"
                                           "speed_kmh = 120\n"),
                             &ch),
                 true);
  EXPECT_EQ(ch.changed_link_ids, (std::vector<std::int64_t>{5, 6}));
  auto named = tiny_region();
  auto specs = named.road.link_specs();
  for (auto& s : specs) s.name = "N69";
  named.road = network::RoadNetwork::build(named.road.node_specs(), specs, 2, 2);
  expect_changed(apply_edits(named, scenario_with("[[road.change_link]]\nfrom = 10\nto = 11\n"
                                                  "name = \"N69\"\n" +
                                                  change)),
                 false);
  const auto e = apply_error("[[road.close_link]]\nlink = 99\n");
  EXPECT_EQ(e.where().line, 5u);
  EXPECT_THAT(e.what(), HasSubstr("no road link with link_id 99"));
  const auto wrong_name = [&] {
    try {
      apply_edits(named, scenario_with("[[road.close_link]]\nfrom = 10\nto = 11\nname = \"A2\"\n"));
    } catch (const InputError& err) {
      return std::string(err.what());
    }
    return std::string("no error");
  }();
  EXPECT_THAT(wrong_name, HasSubstr("no road link 10 -> 11 is named 'A2' (links there: 5 (N69))"));
}

// Parallel links 10 -> 11 (ids 5 and 9): naming them by end nodes is ambiguous; by id it is not.
TEST(ApplyEdits, AmbiguousLinkListsTheCandidateIds) {
  auto m = tiny_region();
  auto specs = m.road.link_specs();
  auto parallel = specs[4];
  parallel.id.reset();
  parallel.name = "Randweg";
  specs.push_back(parallel);
  m.road = network::RoadNetwork::build(m.road.node_specs(), specs, 2, 2);
  const std::vector<double> lanes_in = {1, 1, 1, 1, 2, 2, 1, 1, 1};
  m.lanes.assign(specs.size(), 0.0);
  m.facility_types.assign(specs.size(), "");
  for (std::uint32_t r = 0; r < specs.size(); ++r) {
    const auto a = m.road.link_at_input(r).value();
    m.lanes[a] = lanes_in[r];
    m.facility_types[a] = r < 4 ? "connector" : "primary";
  }
  ASSERT_EQ(m.road.link_id(m.road.link_at_input(8)), 9);
  try {
    apply_edits(m, scenario_with("[[road.close_link]]\nfrom = 10\nto = 11\n"));
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 5u);
    EXPECT_THAT(e.what(),
                HasSubstr("road link 10 -> 11 is ambiguous: parallel links 5, 9 (Randweg)"));
  }
  const auto out = apply_edits(m, scenario_with("[[road.close_link]]\nlink = 9\n"
                                                "both_directions = false\n"));
  EXPECT_EQ(out.road.link_count(), 8u);
  EXPECT_EQ(out.road.link_id(find(out, 10, 11)), 5);
}

TEST(ApplyEdits, CloseLinkBothDirections) {
  AppliedChanges ch;
  const auto m =
      apply_edits(tiny_region(), scenario_with("[[road.close_link]]\nfrom = 11\nto = 12\n"), &ch);
  EXPECT_EQ(ch.closed_link_ids, (std::vector<std::int64_t>{7, 8}));
  EXPECT_EQ(m.road.link_count(), 6u);
  EXPECT_FALSE(find(m, 11, 12).valid());
  EXPECT_FALSE(find(m, 12, 11).valid());
  EXPECT_TRUE(find(m, 10, 11).valid());
}

TEST(ApplyEdits, JunctionSplitsLinkAndConnects) {
  AppliedChanges ch;
  const auto m = apply_edits(tiny_region(), scenario_with(R"toml([[road.add_junction]]
id = 900
on = [10, 11]
fraction = 0.25
connect_to = 12
length_km = 10.0
speed_kmh = 60
capacity_per_lane = 1000
)toml"),
                             &ch);
  EXPECT_EQ(m.road.node_count(), 6u);
  EXPECT_EQ(m.road.link_count(), 8u - 2u + 4u + 2u);
  EXPECT_FALSE(find(m, 10, 11).valid());
  EXPECT_FALSE(find(m, 11, 10).valid());
  const auto a = find(m, 10, 900).value();
  const auto b = find(m, 900, 11).value();
  EXPECT_DOUBLE_EQ(m.road.length()[a], 2.5);
  EXPECT_DOUBLE_EQ(m.road.length()[b], 7.5);
  EXPECT_DOUBLE_EQ(m.road.free_flow_minutes()[a] + m.road.free_flow_minutes()[b], 6.0);
  EXPECT_DOUBLE_EQ(m.road.capacity()[a], 4000.0);
  EXPECT_DOUBLE_EQ(m.lanes[b], 2.0);
  EXPECT_DOUBLE_EQ(m.road.length()[find(m, 11, 900).value()], 7.5);
  EXPECT_DOUBLE_EQ(m.road.length()[find(m, 900, 10).value()], 2.5);
  const auto conn = find(m, 900, 12).value();
  EXPECT_DOUBLE_EQ(m.road.free_flow_minutes()[conn], 10.0);  // 10 km at 60 km/h
  EXPECT_TRUE(find(m, 12, 900).valid());
  // Halves get new ids (9, 10 forward; 11, 12 back), then the connection (13, 14).
  EXPECT_EQ(m.road.link_id(LinkId(a)), 9);
  EXPECT_EQ(m.road.link_id(LinkId(b)), 10);
  EXPECT_EQ(m.road.link_id(LinkId(conn)), 13);
  // Recorded for reports: each split original -> halves, then the connection's ids.
  ASSERT_EQ(ch.split_links.size(), 2u);
  EXPECT_EQ(ch.split_links[0].original, 5);
  EXPECT_EQ(ch.split_links[0].first, 9);
  EXPECT_EQ(ch.split_links[0].second, 10);
  EXPECT_EQ(ch.split_links[1].original, 6);
  EXPECT_EQ(ch.split_links[1].first, 11);
  EXPECT_EQ(ch.split_links[1].second, 12);
  EXPECT_EQ(ch.added_link_ids, (std::vector<std::int64_t>{13, 14}));
  // Position interpolated a quarter of the way from node 10 to node 11.
  const auto& v = m.road.node(m.road.find_node(900));
  EXPECT_NEAR(v.x, 5.02 + 0.25 * 0.12, 1e-12);
}

TEST(ApplyEdits, BadReferencesNameTheMissingThing) {
  auto expect_error = [](const std::string& tables, const std::string& what) {
    const auto e = apply_error(tables);
    EXPECT_THAT(e.what(), HasSubstr(what));
    EXPECT_EQ(e.where().file, "t.toml");
    EXPECT_EQ(e.where().line, 5u);
  };
  expect_error("[[road.change_link]]\nfrom = 10\nto = 77\nspeed_kmh = 50\n",
               "node 77 does not exist");
  expect_error("[[road.close_link]]\nfrom = 10\nto = 12\n", "no road link 10 -> 12");
  expect_error("[[road.add_node]]\nid = 11\nlat = 51\nlon = 5\n", "node 11 already exists");
  expect_error("[[pt.remove_line]]\nline = \"NOPE\"\n", "line 'NOPE' does not exist");
  expect_error(
      "[[pt.add_line]]\nid = \"L1\"\nmode = \"bus\"\nstops = [\"A\", \"ZZ\"]\nminutes = [0, 5]\n"
      "headway_peak_min = 10\n",
      "stop 'ZZ' does not exist");
  expect_error("[[land_use]]\nzone = \"Atlantis\"\njobs_delta = 5\n", "zone 'Atlantis' not found");
  expect_error("[[land_use]]\nzone = \"Zone A\"\njobs_delta = -600\n",
               "would get negative population or jobs (1000, -100)");
}

// Stops A (51.0, 5.0) and B (51.0, 5.2) are 14.0 km apart as the crow flies.
TEST(ApplyEdits, SwappedCoordinatesAndImplausibleSpeedsAreErrors) {
  auto e = apply_error("[[pt.add_stop]]\nid = \"C\"\nlat = 5.19\nlon = 51.0\n");
  EXPECT_EQ(e.where().field, "pt.add_stop.lat");
  EXPECT_THAT(e.what(), HasSubstr("latitude and longitude look swapped"));
  e = apply_error("[[road.add_node]]\nid = 5\nlat = 48.8\nlon = 2.3\n");  // Paris
  EXPECT_THAT(e.what(), HasSubstr("outside the region box"));
  EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("swapped")));
  // 14.0 km in 0.5 min: 1,680 km/h for a bus (limit 100).
  e = apply_error(
      "[[pt.add_line]]\nid = \"L1\"\nmode = \"bus\"\nstops = [\"A\", \"B\"]\nminutes = [0, 0.5]\n"
      "headway_peak_min = 10\n");
  EXPECT_EQ(e.where().field, "pt.add_line.minutes");
  EXPECT_THAT(e.what(), HasSubstr("'A' -> 'B': 0.5 min for 14.0 km as the crow flies = 1679."));
  EXPECT_THAT(e.what(), HasSubstr("faster than plausible: outside 8-100 km/h for bus"));
  // The same 14 km in 6 min is 140 km/h: plausible by rail, not by bus.
  const std::string six = "stops = [\"A\", \"B\"]\nminutes = [0, 6]\nheadway_peak_min = 10\n";
  EXPECT_NO_THROW(apply_edits(
      tiny_region(), scenario_with("[[pt.add_line]]\nid = \"L1\"\nmode = \"rail\"\n" + six)));
  e = apply_error("[[pt.add_line]]\nid = \"L1\"\nmode = \"bus\"\n" + six);
  EXPECT_THAT(e.what(), HasSubstr("= 140.0 km/h"));
  // Extending L0 (bus) from B 14 km back to A's neighbour in 2 min: 420 km/h.
  e = apply_error(
      "[[pt.add_stop]]\nid = \"C\"\nlat = 51.0\nlon = 5.0\n[[pt.extend_line]]\nline = \"L0\"\n"
      "stops = [\"C\"]\nminutes = [2]\n");
  EXPECT_EQ(e.where().field, "pt.extend_line.minutes");
  EXPECT_THAT(e.what(), HasSubstr("'B' -> 'C'"));
  // Road profiles: the base's ranges (free speed 5-130 km/h).
  e = apply_error("[[road.change_link]]\nfrom = 10\nto = 11\nspeed_kmh = 160\n");
  EXPECT_THAT(e.what(),
              HasSubstr("link 5 after the change: free_speed 160.0 km/h is outside 5-130"));
}

TEST(ApplyEdits, PublicTransportEdits) {
  AppliedChanges ch;
  const auto m = apply_edits(tiny_region(), scenario_with(R"toml([[pt.add_stop]]
id = "C"
name = "Stop C"
lat = 51.0
lon = 5.19
[[pt.add_line]]
id = "L1"
mode = "rail"
stops = ["A", "C"]
minutes = [2, 14]
headway_peak_min = 30
headway_offpeak_min = 0
service_hours = 12
[[pt.extend_line]]
line = "L0"
stops = ["C"]
minutes = [4]
[[pt.change_headway]]
line = "L0"
headway_peak_min = 10
[[pt.transfer]]
stop = "B"
wait_factor = 0.3
[[pt.transfer]]
stop = "B"
wait_factor = 0.5
[[land_use]]
zone = "zone b"
jobs = 1000
[[land_use]]
zone = "Zone A"
population_delta = -100
jobs_delta = 200
)toml"),
                             &ch);
  ASSERT_EQ(m.transit.stops.size(), 3u);
  EXPECT_EQ(m.transit.stops[2].zone, ZoneId(1));  // nearest centroid
  ASSERT_EQ(m.transit.lines.size(), 2u);
  const auto& l1 = m.transit.lines[1];
  EXPECT_EQ(l1.mode, transit::Mode::rail);
  EXPECT_DOUBLE_EQ(l1.stops[1].minutes, 12.0);  // shifted to start at 0
  EXPECT_EQ(l1.headway_offpeak_min, transit::kNoService);
  EXPECT_DOUBLE_EQ(l1.service_hours, 12.0);
  const auto& l0 = m.transit.lines[0];
  ASSERT_EQ(l0.stops.size(), 3u);
  EXPECT_EQ(l0.stops[2].stop, 2u);
  EXPECT_DOUBLE_EQ(l0.stops[2].minutes, 14.0);
  EXPECT_DOUBLE_EQ(l0.headway_peak_min, 10.0);
  EXPECT_DOUBLE_EQ(l0.headway_offpeak_min, 30.0);
  EXPECT_DOUBLE_EQ(m.transit.stops[1].transfer_wait_factor, 0.3);  // the stronger holds
  EXPECT_DOUBLE_EQ(m.zones[1].jobs, 1000.0);
  EXPECT_DOUBLE_EQ(m.zones[0].population, 900.0);
  EXPECT_DOUBLE_EQ(m.zones[0].jobs, 700.0);
  EXPECT_EQ(ch.added_lines, std::vector<std::string>{"L1"});
  EXPECT_EQ(ch.changed_lines, (std::vector<std::string>{"L0", "L0"}));
}

TEST(ApplyEdits, ExtendAtStartShiftsTimes) {
  const auto m = apply_edits(tiny_region(), scenario_with(R"toml([[pt.add_stop]]
id = "C"
lat = 51.0
lon = 4.9
[[pt.extend_line]]
line = "L0"
stops = ["C"]
minutes = [6]
at = "start"
)toml"));
  const auto& l0 = m.transit.lines[0];
  ASSERT_EQ(l0.stops.size(), 3u);
  EXPECT_EQ(l0.stops[0].stop, 2u);
  EXPECT_DOUBLE_EQ(l0.stops[0].minutes, 0.0);
  EXPECT_DOUBLE_EQ(l0.stops[1].minutes, 6.0);
  EXPECT_DOUBLE_EQ(l0.stops[2].minutes, 16.0);
}

TEST(ApplyEdits, GrowthLeavesExternalZones) {
  auto m = tiny_region();
  m.zones[1].external = true;
  Parameters p;
  p.population_growth = 1.1;
  p.jobs_growth = 2.0;
  apply_growth(m, p);
  EXPECT_DOUBLE_EQ(m.zones[0].population, 1100.0);
  EXPECT_DOUBLE_EQ(m.zones[0].jobs, 1000.0);
  EXPECT_DOUBLE_EQ(m.zones[1].population, 2000.0);
}

}  // namespace
}  // namespace corridor::scenario
