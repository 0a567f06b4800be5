// Scenario edits applied to a tiny inline region (two zones, three road nodes, one PT line):
//
//   zone 1 (A) --c-- 10 ==== 10 km, 2 lanes, 100 km/h ==== 11 ---- 5 km, 1 lane ---- 12 --c-- zone
//   2 (B)
//
// Each test applies one edit and checks the edited network against the picture.
// GCC 12 reports -Wmaybe-uninitialized false positives on std::string members of aggregates built
// in place by push_back({...}) at -O3 (GCC PR 105562); the edits below are fully initialised.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
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

Scenario scenario_with(Edits e) {
  Scenario s;
  s.name = "t";
  s.file = "t.toml";
  s.edits = std::move(e);
  return s;
}

LinkId find(const model::RegionModel& m, std::int64_t a, std::int64_t b) {
  return m.road.find_link(m.road.find_node(a), m.road.find_node(b));
}

TEST(ApplyEdits, BaseIsUnchangedAndHashChanges) {
  const auto base = tiny_region();
  Edits e;
  e.remove_lines.push_back({{"t.toml", 3}, "L0"});
  const auto out = apply_edits(base, scenario_with(e));
  EXPECT_EQ(base.transit.lines.size(), 1u);
  EXPECT_EQ(out.transit.lines.size(), 0u);
  EXPECT_NE(out.content_hash, base.content_hash);
}

TEST(ApplyEdits, AddLinkToNewNode) {
  Edits e;
  AddLink l;
  l.origin = {"t.toml", 5};
  l.from = 11;
  l.to_new = NewNode{900, 51.05, 5.14};
  l.to = 900;
  l.profile.length_km = 3.5;
  l.profile.lanes = 2;
  l.profile.speed_kmh = 70;
  l.profile.capacity_per_lane = 1600;
  e.add_links.push_back(l);
  AppliedChanges ch;
  const auto m = apply_edits(tiny_region(), scenario_with(e), &ch);
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
  EXPECT_EQ(ch.added_links.size(), 2u);
  // Untouched links keep their attributes through the rebuild.
  const auto old = find(m, 10, 11);
  EXPECT_DOUBLE_EQ(m.lanes[old.value()], 2.0);
  EXPECT_EQ(m.facility_types[old.value()], "primary");
  EXPECT_DOUBLE_EQ(m.road.capacity()[old.value()], 4000.0);
}

TEST(ApplyEdits, DefaultLengthIsGreatCircleTimesDetour) {
  Edits e;
  AddLink l;
  l.from = 10;
  l.to = 12;
  l.both_directions = false;
  l.profile.speed_kmh = 60;
  e.add_links.push_back(l);
  const auto m = apply_edits(tiny_region(), scenario_with(e));
  const auto id = find(m, 10, 12);
  ASSERT_TRUE(id.valid());
  EXPECT_NEAR(m.road.length()[id.value()], kDetourFactor * great_circle_km(51, 5.02, 51, 5.18),
              1e-12);
  EXPECT_FALSE(find(m, 12, 10).valid());
  // 0.16° of longitude at 51° N is 11.19 km.
  EXPECT_NEAR(great_circle_km(51, 5.02, 51, 5.18), 11.19, 0.01);
}

TEST(ApplyEdits, ChangeLinkScalesCapacityWithLanes) {
  Edits e;
  ChangeLink c;
  c.from = 10;
  c.to = 11;
  c.lanes = 3;
  c.speed_kmh = 120;
  e.change_links.push_back(c);
  const auto m = apply_edits(tiny_region(), scenario_with(e));
  const auto fwd = find(m, 10, 11).value();
  EXPECT_DOUBLE_EQ(m.road.capacity()[fwd], 6000.0);
  EXPECT_DOUBLE_EQ(m.road.free_flow_minutes()[fwd], 5.0);
  EXPECT_DOUBLE_EQ(m.lanes[fwd], 3.0);
  const auto back = find(m, 11, 10).value();  // one direction only (default)
  EXPECT_DOUBLE_EQ(m.road.capacity()[back], 4000.0);
  EXPECT_DOUBLE_EQ(m.road.free_flow_minutes()[back], 6.0);
}

TEST(ApplyEdits, CloseLinkBothDirections) {
  Edits e;
  e.close_links.push_back({{"t.toml", 2}, 11, 12, true});
  const auto m = apply_edits(tiny_region(), scenario_with(e));
  EXPECT_EQ(m.road.link_count(), 6u);
  EXPECT_FALSE(find(m, 11, 12).valid());
  EXPECT_FALSE(find(m, 12, 11).valid());
  EXPECT_TRUE(find(m, 10, 11).valid());
}

TEST(ApplyEdits, JunctionSplitsLinkAndConnects) {
  Edits e;
  AddJunction j;
  j.node.id = 900;
  j.on_from = 10;
  j.on_to = 11;
  j.fraction = 0.25;
  j.connect_to = 12;
  j.connection.length_km = 2.0;
  j.connection.speed_kmh = 60;
  j.connection.capacity_per_lane = 1000;
  e.add_junctions.push_back(j);
  const auto m = apply_edits(tiny_region(), scenario_with(e));
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
  EXPECT_DOUBLE_EQ(m.road.free_flow_minutes()[conn], 2.0);
  EXPECT_TRUE(find(m, 12, 900).valid());
  // Position interpolated a quarter of the way from node 10 to node 11.
  const auto& v = m.road.node(m.road.find_node(900));
  EXPECT_NEAR(v.x, 5.02 + 0.25 * 0.12, 1e-12);
}

TEST(ApplyEdits, BadRoadReferencesNameTheMissingThing) {
  auto expect_error = [](Edits e, const std::string& what) {
    try {
      apply_edits(tiny_region(), scenario_with(std::move(e)));
      ADD_FAILURE() << "no error, expected " << what;
    } catch (const InputError& err) {
      EXPECT_THAT(err.what(), HasSubstr(what));
      EXPECT_EQ(err.where().file, "t.toml");
      EXPECT_EQ(err.where().line, 9u);
    }
  };
  Edits e1;
  e1.change_links.push_back({{"t.toml", 9}, 10, 77, false, 50.0, {}, {}});
  expect_error(e1, "node 77 does not exist");
  Edits e2;
  e2.close_links.push_back({{"t.toml", 9}, 10, 12, true});
  expect_error(e2, "no road link 10 -> 12");
  Edits e3;
  e3.add_nodes.push_back({{"t.toml", 9}, {11, 51, 5}});
  expect_error(e3, "node 11 already exists");
  Edits e4;
  e4.remove_lines.push_back({{"t.toml", 9}, "NOPE"});
  expect_error(e4, "line 'NOPE' does not exist");
  Edits e5;
  AddLine l;
  l.origin = {"t.toml", 9};
  l.id = "L1";
  l.mode = "bus";
  l.stops = {"A", "ZZ"};
  l.minutes = {0, 5};
  l.headway_peak_min = 10;
  e5.add_lines.push_back(l);
  expect_error(e5, "stop 'ZZ' does not exist");
  Edits e6;
  e6.land_use.push_back({{"t.toml", 9}, "Atlantis", {}, {}, {}, 5.0});
  expect_error(e6, "zone 'Atlantis' not found");
}

TEST(ApplyEdits, PublicTransportEdits) {
  Edits e;
  e.add_stops.push_back({{"t.toml", 1}, "C", "Stop C", 51.0, 5.19, ""});
  AddLine l;
  l.id = "L1";
  l.mode = "rail";
  l.stops = {"A", "C"};
  l.minutes = {2, 14};
  l.headway_peak_min = 30;
  l.headway_offpeak_min = 0;
  l.service_hours = 12;
  e.add_lines.push_back(l);
  e.extend_lines.push_back({{"t.toml", 2}, "L0", {"C"}, {4.0}, false});
  e.change_headways.push_back({{"t.toml", 3}, "L0", 10.0, {}});
  e.transfers.push_back({{"t.toml", 4}, "B", 0.3});
  e.transfers.push_back({{"t.toml", 5}, "B", 0.5});  // the stronger coordination holds
  e.land_use.push_back({{"t.toml", 6}, "zone b", {}, 1000.0, {}, {}});
  e.land_use.push_back({{"t.toml", 7}, "Zone A", {}, {}, -100.0, 200.0});
  AppliedChanges ch;
  const auto m = apply_edits(tiny_region(), scenario_with(e), &ch);
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
  EXPECT_DOUBLE_EQ(m.transit.stops[1].transfer_wait_factor, 0.3);
  EXPECT_DOUBLE_EQ(m.zones[1].jobs, 1000.0);
  EXPECT_DOUBLE_EQ(m.zones[0].population, 900.0);
  EXPECT_DOUBLE_EQ(m.zones[0].jobs, 700.0);
  EXPECT_EQ(ch.added_lines, std::vector<std::string>{"L1"});
  EXPECT_EQ(ch.changed_lines, (std::vector<std::string>{"L0", "L0"}));
}

TEST(ApplyEdits, ExtendAtStartShiftsTimes) {
  Edits e;
  e.add_stops.push_back({{"t.toml", 1}, "C", "Stop C", 51.0, 4.9, ""});
  e.extend_lines.push_back({{"t.toml", 2}, "L0", {"C"}, {6.0}, true});
  const auto m = apply_edits(tiny_region(), scenario_with(e));
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
