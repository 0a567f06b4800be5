// validate_region_model on inline three-zone regions: a sound model has no defects; each injected
// defect (a one-way road cutting a zone off, a length in metres, a zone without PT) is found and
// names the zone or link.
#include "model/validate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "region_fixture.hpp"
#include "transit/transit_data.hpp"

namespace corridor::model {
namespace {

using ::testing::HasSubstr;

// A bus A - B - C with a stop in each zone.
void add_bus(RegionModel& m, bool serve_c = true) {
  using transit::Stop;
  transit::add_stop(
      m.transit,
      Stop{.id = "SA", .name = "A", .lat = 51.40, .lon = 5.40, .zone = ZoneId{0}, .kind = "stop"});
  transit::add_stop(
      m.transit,
      Stop{.id = "SB", .name = "B", .lat = 51.40, .lon = 5.50, .zone = ZoneId{1}, .kind = "stop"});
  transit::add_stop(
      m.transit,
      Stop{.id = "SC", .name = "C", .lat = 51.30, .lon = 5.45, .zone = ZoneId{2}, .kind = "stop"});
  transit::Line line;
  line.id = "bus1";
  line.name = "bus 1";
  line.headway_peak_min = 15;
  line.headway_offpeak_min = 30;
  line.stops = {{0, 0.0}, {1, 12.0}};
  if (serve_c) line.stops.push_back({2, 25.0});
  transit::add_line(m.transit, line);
}

std::vector<Defect> of_check(const ValidationReport& r, std::string_view prefix) {
  std::vector<Defect> out;
  for (const auto& d : r.defects) {
    if (d.check.rfind(prefix, 0) == 0) out.push_back(d);
  }
  return out;
}

TEST(Validate, SoundTinyRegionHasNoDefectsAndCountsItsInventory) {
  test::TinyRegion t;
  auto& m = t.finish();
  add_bus(m);
  const auto r = validate_region_model(m);
  for (const auto& d : r.defects) ADD_FAILURE() << d.check << " " << d.where << ": " << d.message;
  EXPECT_EQ(r.inventory.zones_by_country.at("NL"), 2u);
  EXPECT_EQ(r.inventory.zones_by_country.at("BE"), 1u);
  EXPECT_EQ(r.inventory.links, 10u);
  EXPECT_EQ(r.inventory.links_by_facility.at("connector"), 6u);
  // Two-way primary road: counted once, = the two links' length (each 1.2 x crow distance).
  const double expected_km = 1.2 * (test::crow_km({0, 5.40, 51.39}, {0, 5.50, 51.39}) +
                                    test::crow_km({0, 5.50, 51.39}, {0, 5.45, 51.31}));
  EXPECT_NEAR(r.inventory.road_km_by_facility.at("primary"), expected_km, 1e-9);
  EXPECT_EQ(r.inventory.stops, 3u);
  EXPECT_EQ(r.inventory.lines_by_mode.at("bus"), 1u);
  EXPECT_DOUBLE_EQ(r.inventory.population, 3000.0);
}

TEST(Validate, OneWayRoadCutsZoneCOffByCar) {
  test::TinyRegion t;
  // Remove the road 103 -> 102: C (behind node 103) can be reached but cannot leave.
  auto& links = t.road.links;
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (links[i].from.value() == 5 && links[i].to.value() == 4) {
      links.erase(links.begin() + static_cast<std::ptrdiff_t>(i));
      t.road.facility.erase(t.road.facility.begin() + static_cast<std::ptrdiff_t>(i));
      t.road.lanes.erase(t.road.lanes.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  auto& m = t.finish();
  add_bus(m);
  const auto r = validate_region_model(m);
  const auto car = of_check(r, "car connectivity");
  ASSERT_EQ(car.size(), 1u);
  EXPECT_EQ(car[0].where, "zone 3 'C'");
  EXPECT_THAT(car[0].message, HasSubstr("cannot reach 2 of 2 zones by car: A, B"));
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(of_check(r, "pt connectivity").empty());
}

TEST(Validate, ZoneWithoutTransitIsReportedPerPeriod) {
  test::TinyRegion t;
  auto& m = t.finish();
  add_bus(m, /*serve_c=*/false);
  // Put zone C far from every stop (> fallback access distance) so it has no access link.
  m.zones[2].lat = 51.0;
  m.transit.stops[2].zone = ZoneId::invalid();
  const auto r = validate_region_model(m);
  const auto pt = of_check(r, "pt connectivity");
  // Peak and off-peak: C reaches nobody, A and B do not reach C.
  ASSERT_EQ(pt.size(), 6u);
  EXPECT_EQ(pt[0].check, "pt connectivity (peak)");
  EXPECT_THAT(pt[0].message, HasSubstr("cannot reach 1 of 2 zones by public transport"));
  const bool c_isolated = std::any_of(pt.begin(), pt.end(), [](const Defect& d) {
    return d.where == "zone 3 'C'" && d.message.find("cannot reach 2 of 2") != std::string::npos;
  });
  EXPECT_TRUE(c_isolated);
}

TEST(Validate, RangeAndGeometryDefectsNameTheLink) {
  test::TinyRegion t;
  t.road.links[6].length *= 1000.0;  // primary 101 -> 102 written in metres
  t.road.links[7].speed = 200.0;     // primary 102 -> 101 at 200 km/h
  t.road.links[8].capacity = 90000;  // per lane way out of range
  auto& m = t.finish();
  add_bus(m);
  m.zones[0].population = -5;
  m.zones[1].lat = 5.5;  // lat/lon swapped
  m.zones[1].lon = 51.4;
  const auto r = validate_region_model(m);
  const auto links = of_check(r, "link range");
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].where, "link.csv row 7 (primary, node 101 -> 102)");
  EXPECT_THAT(links[0].message, HasSubstr("as the crow flies"));
  EXPECT_THAT(links[1].message, HasSubstr("free_speed 200.0 km/h is outside 5-130"));
  EXPECT_THAT(links[2].message, HasSubstr("veh/h per lane is outside 300-2,600"));
  const auto zone = of_check(r, "zone range");
  ASSERT_EQ(zone.size(), 1u);
  EXPECT_EQ(zone[0].where, "zone 1 'A'");
  const auto coords = of_check(r, "coordinates");
  ASSERT_GE(coords.size(), 1u);
  EXPECT_THAT(coords[0].message, HasSubstr("latitude and longitude look swapped"));
}

// Bus A -> B: 12 min for ~7 km is plausible; written as 0.2 (hours) it is 35 km/min.
TEST(Validate, PtRunTimeInHoursIsReported) {
  test::TinyRegion t;
  auto& m = t.finish();
  add_bus(m);
  m.transit.lines[0].stops[1].minutes = 0.2;
  const auto r = validate_region_model(m);
  const auto pt = of_check(r, "pt range");
  ASSERT_EQ(pt.size(), 1u);
  EXPECT_EQ(pt[0].where, "line_stops.csv line bus1 SA -> SB");
  EXPECT_THAT(pt[0].message, HasSubstr("outside 8-100 km/h for bus"));
}

}  // namespace
}  // namespace corridor::model
