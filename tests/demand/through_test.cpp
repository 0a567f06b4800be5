// Through demand and intrazonal level of service on a tiny inline region:
//
//   West (external) ── 10 ═══ middle link ═══ 11 ── East (external)
//                       ╲                    ╱
//                        ──── Mid (internal) ─
//
// - Through trips West ↔ East (gravity on one pair = half the total each way) are the only
//   vehicles on the middle link: in each period its car class flow is total/2 ×
//   through_car_share × peak_hour_factor and its truck class flow total/2 × s/(1 − s) ×
//   truck_share × peak_hour_factor, so its weekday flow (the sum of the periods) is total/2 ×
//   (1 + s/(1 − s)) (internal trips reach both gateways by their own connectors;
//   external↔external person trips other than a zone's own are not modelled). The rail line
//   West–East carries the through rail total.
// - Intrazonal skims: the hand-computed value from the zone radius, and bit-identical after an
//   edit of the network next to the zone.
// - The gravity split between two pairs, by hand; configuration errors are named.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "demand/intrazonal.hpp"
#include "demand/model_run.hpp"
#include "demand/periods.hpp"
#include "demand/through_demand.hpp"
#include "model/region_model.hpp"

namespace corridor::demand {
namespace {

constexpr double kDiscMean = 128.0 / (45.0 * M_PI);  // mean distance in the unit disc

network::LinkSpec link(std::uint32_t a, std::uint32_t b, double minutes, double km) {
  network::LinkSpec s;
  s.from = NodeId(a);
  s.to = NodeId(b);
  s.length = km;
  s.free_flow_minutes = minutes;
  s.capacity = 1e7;  // uncongested: every trip keeps its free-flow route
  return s;
}

// Zones 0 West (ext), 1 Mid, 2 East (ext) on latitude 51, 0.2° of longitude apart; junctions
// 3 (label 10) and 4 (label 11). `mid_connector_minutes` is the cost of Mid's connectors.
model::RegionModel three_zones(double mid_connector_minutes = 5.0) {
  model::RegionModel m;
  m.zones = {{"West", "W", "NL", "other", 51.0, 5.0, 50000, 20000, true, 1},
             {"Mid", "M", "NL", "other", 51.0, 5.2, 20000, 10000, false, 2},
             {"East", "E", "NL", "other", 51.0, 5.4, 50000, 20000, true, 3}};
  std::vector<network::NodeSpec> nodes = {
      {1, 5.0, 51.0}, {2, 5.2, 51.0}, {3, 5.4, 51.0}, {10, 5.1, 51.0}, {11, 5.3, 51.0}};
  const double c = mid_connector_minutes;
  std::vector<network::LinkSpec> links = {
      link(0, 3, 5, 5), link(3, 0, 5, 5), link(3, 4, 14, 14), link(4, 3, 14, 14), link(4, 2, 5, 5),
      link(2, 4, 5, 5), link(1, 3, c, 5), link(3, 1, c, 5),   link(1, 4, c, 5),   link(4, 1, c, 5)};
  m.road = network::RoadNetwork::build(nodes, links, 3, 3);
  m.lanes.assign(links.size(), 1.0);
  m.facility_types.assign(links.size(), "primary");
  m.transit.stops = {{"W", "West station", 51.0, 5.0, ZoneId(0), "rail", 1.0},
                     {"E", "East station", 51.0, 5.4, ZoneId(2), "rail", 1.0}};
  transit::Line l;
  l.id = "IC";
  l.mode = transit::Mode::rail;
  l.headway_peak_min = 30;
  l.headway_offpeak_min = 30;
  l.stops = {{0, 0.0}, {1, 20.0}};
  m.transit.lines = {l};
  m.content_hash = "h";
  return m;
}

DemandParameters through_params() {
  DemandParameters p;
  p.border.calibrate = false;
  p.freight.calibrate = false;
  p.freight.through_routes.clear();
  auto& t = p.through;
  t.areas = {{"West", "NL", 2e6, 1e6, 51.0, 4.0}, {"East", "DE", 5e6, 2e6, 51.0, 7.0}};
  t.road_pairs = {{"West", "East"}};
  t.rail_pairs = {{"West", "East"}};
  t.car_vehicles_per_weekday = 10000.0;
  t.truck_share = 0.2;
  t.rail_trips_per_weekday = 600.0;
  return p;
}

std::uint32_t middle_link(const model::RegionModel& m) {
  const LinkId a = m.road.find_link(m.road.find_node(10), m.road.find_node(11));
  EXPECT_TRUE(a.valid());
  return a.value();
}

TEST(ThroughDemand, ExternalToExternalTripsUseTheMiddleLink) {
  const auto region = three_zones();
  const auto p = through_params();
  const ModelRun run = run_model(region, p);
  const std::uint32_t mid = middle_link(region);
  // West → East: 10,000 / 2 cars a weekday; trucks 5,000 × 0.2 / 0.8 = 1,250; in each period
  // its share × the assigned hour's factor.
  ASSERT_EQ(run.periods.size(), p.periods.size());
  for (std::size_t t = 0; t < p.periods.size(); ++t) {
    const auto& tp = p.periods[t];
    EXPECT_NEAR(run.periods[t].road.class_flow[0][mid],
                5000.0 * tp.through_car_share * tp.peak_hour_factor, 1e-6);
    EXPECT_NEAR(run.periods[t].road.class_flow[1][mid],
                1250.0 * tp.truck_share * tp.peak_hour_factor, 1e-6);
  }
  EXPECT_NEAR(run.road.class_flow[0][mid], 5000.0 * 0.15 * 0.5, 1e-6);  // am: 15 %, hour 1/2
  // The day is the sum of the periods: all 5,000 cars and 1,250 trucks.
  EXPECT_NEAR(daily_link_flow(run, 0)[mid], 5000.0, 1e-6);
  EXPECT_NEAR(daily_link_flow(run, 1)[mid], 1250.0, 1e-6);
  EXPECT_NEAR(daily_link_flow(run)[mid], 6250.0, 1e-6);
  EXPECT_DOUBLE_EQ(run.through.car(0, 2), 5000.0);
  EXPECT_DOUBLE_EQ(run.through.car(2, 0), 5000.0);
  EXPECT_DOUBLE_EQ(run.through.car(0, 1), 0.0);
  // Without through demand the middle link is empty (the known answer above is all through).
  DemandParameters none = p;
  none.through.car_vehicles_per_weekday = 0.0;
  none.through.rail_trips_per_weekday = 0.0;
  const ModelRun base = run_model(region, none);
  EXPECT_NEAR(base.road.class_flow[0][mid], 0.0, 1e-9);
  EXPECT_NEAR(base.road.class_flow[1][mid], 0.0, 1e-9);
  // The rail line carries the 600 through trips (both directions, one boarding each) on top of
  // the residents' few trips (Mid walks to a station; the roads are uncongested, so the
  // residents' demand is the same in both runs).
  ASSERT_EQ(run.pt.line_boardings_weekday.size(), 1U);
  EXPECT_NEAR(run.pt.line_boardings_weekday[0] - base.pt.line_boardings_weekday[0], 600.0, 1e-6);
}

TEST(ThroughDemand, GravitySplitBetweenTwoPairsByHand) {
  ThroughParameters t;
  // Three areas on the equator: B–A 1°, B–C 2° apart; masses P + J = 3, 1, 2 (millions).
  t.areas = {{"A", "NL", 2e6, 1e6, 0.0, 1.0},
             {"B", "NL", 1e6, 0.0, 0.0, 0.0},
             {"C", "BE", 1e6, 1e6, 0.0, 2.0}};
  t.road_pairs = {{"A", "B"}, {"B", "C"}};
  t.distance_exponent = 2.0;
  t.border_factor = 0.5;
  t.road_detour = 1.0;
  t.car_vehicles_per_weekday = 1000.0;
  t.truck_share = 0.0;
  // w_AB = 3·1 / d² ; w_BC = 1·2 / (2d)² · 0.5 = 0.25 / d²  →  shares 12/13 and 1/13.
  const ThroughDemand d =
      through_demand({"A", "B", "C", "X"}, {true, true, true, false}, t, "test.toml");
  EXPECT_NEAR(d.car(0, 1), 500.0 * 12.0 / 13.0, 1e-9);
  EXPECT_NEAR(d.car(1, 0), 500.0 * 12.0 / 13.0, 1e-9);
  EXPECT_NEAR(d.car(1, 2), 500.0 / 13.0, 1e-9);
  EXPECT_NEAR(d.car.sum(), 1000.0, 1e-9);
  EXPECT_DOUBLE_EQ(d.truck.sum(), 0.0);
  EXPECT_DOUBLE_EQ(d.pt.sum(), 0.0);
}

TEST(ThroughDemand, BadConfigurationIsNamed) {
  ThroughParameters t;
  t.areas = {{"A", "NL", 1e6, 0.0, 0.0, 1.0}, {"B", "NL", 1e6, 0.0, 0.0, 0.0}};
  t.road_pairs = {{"A", "Z"}};
  try {
    (void)through_demand({"A", "B"}, {true, true}, t, "demand.toml");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "demand.toml");
    EXPECT_EQ(e.where().field, "through.road_pairs");
  }
  t.road_pairs = {{"A", "B"}};
  // An internal zone cannot be a gateway.
  EXPECT_THROW((void)through_demand({"A", "B"}, {true, false}, t, "demand.toml"), InputError);
  // A zone the model does not have.
  EXPECT_THROW((void)through_demand({"A", "C"}, {true, true}, t, "demand.toml"), InputError);
  t.truck_share = 1.0;
  EXPECT_THROW((void)through_demand({"A", "B"}, {true, true}, t, "demand.toml"), InputError);
}

TEST(ThroughDemand, TomlSectionParsesAndNamesErrors) {
  const std::string ok = R"(
[modes]
intrazonal_detour = 1.4
intrazonal_car_kmh = 25.0
[through]
car_vehicles_per_weekday = 800.0
rail_trips_per_weekday = 50.0
external_intrazonal = false
areas = [
  { zone = "A", country = "NL", population = 1e6, jobs = 5e5, lat = 51.0, lon = 5.0 },
  { zone = "B", country = "DE", population = 2e6, jobs = 1e6, lat = 51.5, lon = 6.5 },
]
road_pairs = [["A", "B"]]
rail_pairs = [["B", "A"]]
)";
  const DemandParameters p = parse_demand_parameters(ok, "t.toml");
  EXPECT_DOUBLE_EQ(p.modes.intrazonal_detour, 1.4);
  EXPECT_DOUBLE_EQ(p.modes.intrazonal_car_kmh, 25.0);
  ASSERT_EQ(p.through.areas.size(), 2U);
  EXPECT_EQ(p.through.areas[1].country, "DE");
  EXPECT_DOUBLE_EQ(p.through.areas[1].jobs, 1e6);
  ASSERT_EQ(p.through.rail_pairs.size(), 1U);
  EXPECT_EQ(p.through.rail_pairs[0].first, "B");
  EXPECT_FALSE(p.through.external_intrazonal);
  EXPECT_DOUBLE_EQ(p.through.car_vehicles_per_weekday, 800.0);
  auto field_of = [](const std::string& text) {
    try {
      (void)parse_demand_parameters(text, "t.toml");
    } catch (const InputError& e) {
      return e.where().field;
    }
    return std::string("no error");
  };
  EXPECT_EQ(field_of("[through]\nroad_pairs = [[\"A\"]]\n"), "through.road_pairs");
  EXPECT_EQ(field_of("[through]\nareas = [{ zone = \"A\", popul = 3 }]\n"), "through.areas.popul");
  EXPECT_EQ(field_of("[through]\nroad_pairs = [[\"A\", \"B\"]]\n"), "through.road_pairs");
  EXPECT_EQ(field_of("[modes]\nintrazonal_factor = 0.5\n"), "modes.intrazonal_factor");
}

TEST(Intrazonal, DistanceFromTheZoneSizeByHand) {
  // On the equator 0.1° of longitude is 6371 · 0.1 · π/180 = 11.11949 km.
  const std::vector<transit::GeoPoint> c = {{0.0, 0.0}, {0.0, 0.1}, {0.0, 0.3}};
  const double d01 = 6371.0 * 0.1 * M_PI / 180.0;
  const auto r = zone_radius_km(c);
  EXPECT_NEAR(r[0], 0.5 * d01, 1e-9);
  EXPECT_NEAR(r[1], 0.5 * d01, 1e-9);
  EXPECT_NEAR(r[2], d01, 1e-9);  // nearest is zone 1, 0.2° away
  const auto km = intrazonal_km(c, 1.3);
  EXPECT_NEAR(km[0], 1.3 * kDiscMean * 5.559746, 1e-5);
  EXPECT_NEAR(km[0], 6.544, 1e-3);  // 1.3 × 0.905415 × 5.559746 km
  OdMatrix minutes = OdMatrix::Constant(3, 3, 99.0);
  OdMatrix dist = OdMatrix::Constant(3, 3, 99.0);
  set_intrazonal(minutes, &dist, km, 30.0);
  EXPECT_NEAR(minutes(0, 0), 6.544 / 30.0 * 60.0, 3e-3);  // 13.09 min
  EXPECT_DOUBLE_EQ(dist(2, 2), km[2]);
  EXPECT_DOUBLE_EQ(minutes(0, 1), 99.0);  // off-diagonal untouched
  EXPECT_THROW(intrazonal_km(c, 0.9), Error);
  // The appraisal split: the diagonal's part of a per-OD quantity.
  OdMatrix h = OdMatrix::Zero(2, 2);
  h(0, 0) = 3.0;
  h(0, 1) = 1.0;
  h(1, 1) = 4.0;
  const auto part = split_intrazonal(h);
  EXPECT_DOUBLE_EQ(part.total, 8.0);
  EXPECT_DOUBLE_EQ(part.intrazonal, 7.0);
  EXPECT_DOUBLE_EQ(part.share(), 7.0 / 8.0);
}

TEST(Intrazonal, SkimOnTheRegionIsTheZoneSizeAndIgnoresEdits) {
  const auto p = through_params();
  const ModelRun a = run_model(three_zones(5.0), p);
  // Mid's connectors three times slower: every path to and from Mid changes, and with it the
  // old rule (factor × nearest other zone) for all three zones.
  const ModelRun b = run_model(three_zones(15.0), p);
  const std::vector<transit::GeoPoint> c = {{51.0, 5.0}, {51.0, 5.2}, {51.0, 5.4}};
  const auto km = intrazonal_km(c, p.modes.intrazonal_detour);
  for (Eigen::Index i = 0; i < 3; ++i) {
    const auto z = static_cast<std::size_t>(i);
    EXPECT_DOUBLE_EQ(a.skims.car_km(i, i), km[z]);
    EXPECT_DOUBLE_EQ(a.skims.car_minutes(i, i), km[z] / p.modes.intrazonal_car_kmh * 60.0);
    EXPECT_DOUBLE_EQ(a.skims.bike_minutes(i, i), km[z] * 60.0 / p.modes.bike_speed_kmh);
    // Bit-identical after the edit.
    EXPECT_EQ(a.skims.car_minutes(i, i), b.skims.car_minutes(i, i));
    EXPECT_EQ(a.skims.car_km(i, i), b.skims.car_km(i, i));
    EXPECT_EQ(a.skims.bike_minutes(i, i), b.skims.bike_minutes(i, i));
  }
  EXPECT_GT(b.skims.car_minutes(0, 1), a.skims.car_minutes(0, 1) + 9.0);  // the edit bites
}

}  // namespace
}  // namespace corridor::demand
