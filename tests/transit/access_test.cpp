// Known answers for the low-frequency waiting function (effective headway) and for the access
// and egress modes (walk, bike, park-and-ride) with the rail access tally, all computed by hand.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "transit/transit.hpp"
#include "transit_fixtures.hpp"

namespace corridor::transit {
namespace {

constexpr double kKmPerDegLat = 6371.0 * 3.14159265358979323846 / 180.0;

TEST(EffectiveHeadway, PiecewiseAndCap) {
  TransitParams p;
  EXPECT_DOUBLE_EQ(effective_headway_min(60.0, p), 60.0);  // defaults: the plain model
  p.headway_threshold_min = 10.0;
  p.headway_slope = 0.5;
  EXPECT_DOUBLE_EQ(effective_headway_min(5.0, p), 5.0);
  EXPECT_DOUBLE_EQ(effective_headway_min(10.0, p), 10.0);
  EXPECT_DOUBLE_EQ(effective_headway_min(30.0, p), 20.0);  // 10 + 0.5 × 20
  EXPECT_DOUBLE_EQ(effective_headway_min(60.0, p), 35.0);  // 10 + 0.5 × 50
  p.max_effective_headway_min = 20.0;
  EXPECT_DOUBLE_EQ(effective_headway_min(60.0, p), 20.0);
  EXPECT_EQ(effective_headway_min(kNoService, p), kNoService);
  p.headway_slope = 0.0;
  EXPECT_THROW(p.validate(), InputError);
}

// One stop A, two lines to B with headways 10 and 60 min and the same 20 min run time; zone 0
// on A, zone 1 on B. Both lines are attractive (same in-vehicle cost), so the wait is
// wait_factor / (1/H(10) + 1/H(60)) and the lines split as 1/H(h) over that sum.
struct TwoLines {
  TransitData data;
  std::vector<GeoPoint> zones{{50.0, 5.0}, {51.0, 5.0}};
  TwoLines() {
    data.stops.push_back(test::stop_at("A", 50.0, 0));
    data.stops.push_back(test::stop_at("B", 51.0, 1));
    data.lines.push_back(test::line_of("ten", 10.0, {{0, 0.0}, {1, 20.0}}));
    data.lines.push_back(test::line_of("sixty", 60.0, {{0, 0.0}, {1, 20.0}}));
  }
  TransitAssignmentResult run(const TransitParams& p) const {
    const auto net = build_transit_network(data, zones, p, Period::peak);
    OdMatrix demand = OdMatrix::Zero(2, 2);
    demand(0, 1) = 90.0;
    return assign_transit(net, p, demand);
  }
};

TEST(EffectiveHeadway, TwoLinesWaitAndSplitByHand) {
  const TwoLines t;
  TransitParams p;
  p.wait_weight = 1.5;
  // Plain model: F = 1/10 + 1/60 = 7/60, wait = 0.5 × 60/7 = 30/7; split 6/7, 1/7.
  auto r = t.run(p);
  EXPECT_NEAR(r.skims.wait_min(0, 1), 30.0 / 7.0, 1e-12);
  EXPECT_NEAR(r.loads.line_boardings[0], 90.0 * 6.0 / 7.0, 1e-9);
  EXPECT_NEAR(r.loads.line_boardings[1], 90.0 / 7.0, 1e-9);
  // Threshold 10, slope 0.5: H = 10 and 35; F = 1/10 + 1/35 = 9/70, wait = 35/9 min;
  // split (1/10)/(9/70) = 7/9 and 2/9; generalized = 1.5 × 35/9 + 20.
  p.headway_threshold_min = 10.0;
  p.headway_slope = 0.5;
  r = t.run(p);
  EXPECT_NEAR(r.skims.wait_min(0, 1), 35.0 / 9.0, 1e-12);
  EXPECT_NEAR(r.skims.generalized_cost(0, 1), 1.5 * 35.0 / 9.0 + 20.0, 1e-12);
  EXPECT_NEAR(r.loads.line_boardings[0], 70.0, 1e-9);
  EXPECT_NEAR(r.loads.line_boardings[1], 20.0, 1e-9);
  EXPECT_NEAR(r.total_wait_min, 90.0 * 35.0 / 9.0, 1e-9);
  // Plus a cap of 20 min: H = 10 and 20; F = 3/20, wait = 10/3; split 2/3, 1/3.
  p.max_effective_headway_min = 20.0;
  r = t.run(p);
  EXPECT_NEAR(r.skims.wait_min(0, 1), 10.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.loads.line_boardings[0], 60.0, 1e-9);
  EXPECT_NEAR(r.loads.line_boardings[1], 30.0, 1e-9);
  // The 60-min line alone (the 10-min line removed): wait 0.5 × H(60) = 0.5 × 20 (capped).
  TwoLines one = t;
  one.data.lines.erase(one.data.lines.begin());
  r = one.run(p);
  EXPECT_NEAR(r.skims.wait_min(0, 1), 10.0, 1e-12);
}

// Access parameters of the tests: walking 4.8 km/h up to 1 km, bike 15 km/h up to 5 km with
// 5 min parking, park-and-ride 40 km/h up to 14 km.
TransitParams access_params() {
  TransitParams p;
  p.wait_weight = 1.5;
  p.transfer_penalty_min = 5.0;
  p.max_transfer_walk_km = 0.0;
  p.access_speed_kmh = 4.8;
  p.access_detour = 1.3;
  p.access_weight = 1.5;
  p.max_access_km = 1.0;
  p.bike_speed_kmh = 15.0;
  p.bike_detour = 1.3;
  p.bike_weight = 1.5;
  p.bike_max_km = 5.0;
  p.bike_parking_min = 5.0;
  p.bike_egress_max_km = 5.0;
  p.bike_egress_fixed_min = 8.0;
  p.pr_max_km = 14.0;
  p.pr_speed_kmh = 40.0;
  p.pr_detour = 1.3;
  p.pr_weight = 1.5;
  p.pr_parking_min = 6.0;
  p.pr_penalty_min = 15.0;
  p.pr_cost_eur_km = 0.2;
  p.pr_parking_eur = 1.0;
  p.pr_value_of_time_eur_h = 12.0;
  return p;
}

Stop station(const char* id, double lat, double lon) {
  Stop s;
  s.id = id;
  s.name = id;
  s.lat = lat;
  s.lon = lon;
  s.kind = "rail";
  return s;
}

// Rail station R, line R → D (20 min, headway 10); zone 0 centroid 3 km north of R, zone 1 on D,
// zone 2 300 m north of R.
TEST(Access, BikeToStationAndWalkWhenClose) {
  TransitData data;
  data.stops.push_back(station("R", 50.0, 5.0));
  data.stops.push_back(station("D", 51.0, 5.0));
  data.lines.push_back(test::line_of("rail", 10.0, {{0, 0.0}, {1, 20.0}}));
  data.lines[0].mode = Mode::rail;
  const std::vector<GeoPoint> zones{
      {50.0 + 3.0 / kKmPerDegLat, 5.0}, {51.0, 5.0}, {50.0 + 0.3 / kKmPerDegLat, 5.0}};
  const TransitParams p = access_params();
  const auto net = build_transit_network(data, zones, p, Period::peak);
  OdMatrix demand = OdMatrix::Zero(3, 3);
  demand(0, 1) = 10.0;
  demand(2, 1) = 30.0;
  const auto r = assign_transit(net, p, demand);
  const double km0 = distance_km(zones[0], {50.0, 5.0});
  ASSERT_NEAR(km0, 3.0, 1e-9);
  // Zone 0: bike 3 × 1.3 / 15 × 60 = 15.6 min + 5 parking = 20.6; walking 48.75 min (and beyond
  // the 1 km walk limit); car 5.85 + 6 = 11.85 min → 1.5 × 11.85 + 15 + (0.78 + 1) × 5 = 41.675
  // against bike 1.5 × 20.6 = 30.9. Egress at D: walking 0 km.
  const double bike_t = 3.0 * 1.3 / 15.0 * 60.0 + 5.0;
  EXPECT_NEAR(r.skims.walk_min(0, 1), bike_t, 1e-9);
  EXPECT_NEAR(r.skims.generalized_cost(0, 1), 1.5 * bike_t + 1.5 * 5.0 + 20.0, 1e-9);
  // Zone 2: 300 m on foot 4.875 min (cost 7.3125) beats the bike, 1.5 × (1.56 + 5) = 9.84.
  const double walk_t = 0.3 * 1.3 / 4.8 * 60.0;
  EXPECT_NEAR(r.skims.walk_min(2, 1), walk_t, 1e-9);
  EXPECT_NEAR(r.skims.generalized_cost(2, 1), 1.5 * walk_t + 1.5 * 5.0 + 20.0, 1e-9);
  // Every access arc records its mode; the tally: 10 by bike, 30 on foot.
  EXPECT_NEAR(r.rail_access[static_cast<std::size_t>(RailAccess::bike)], 10.0, 1e-9);
  EXPECT_NEAR(r.rail_access[static_cast<std::size_t>(RailAccess::walk)], 30.0, 1e-9);
  EXPECT_EQ(r.rail_access[static_cast<std::size_t>(RailAccess::car)], 0.0);
  const auto shares = rail_access_shares(r.rail_access);
  EXPECT_NEAR(shares[static_cast<std::size_t>(RailAccess::bike)], 0.25, 1e-12);
  // Without bike parking at R zone 0 has no bike; the walk limit leaves car (P+R) as the only
  // link, at the hand-computed cost.
  TransitData no_bike = data;
  no_bike.stops[0].bike_parking = false;
  const auto r2 = assign_transit(build_transit_network(no_bike, zones, p, Period::peak), p, demand);
  const double car_t = 3.0 * 1.3 / 40.0 * 60.0 + 6.0;
  const double car_cost = 1.5 * car_t + 15.0 + (0.2 * 3.0 * 1.3 + 1.0) * 60.0 / 12.0;
  EXPECT_NEAR(r2.skims.walk_min(0, 1), car_t, 1e-9);
  EXPECT_NEAR(r2.skims.generalized_cost(0, 1), car_cost + 1.5 * 5.0 + 20.0, 1e-9);
  EXPECT_NEAR(r2.rail_access[static_cast<std::size_t>(RailAccess::car)], 10.0, 1e-9);
}

// Egress by bike (OV-fiets) at a station 3 km from the destination centroid: bike 15.6 + 8 =
// 23.6 min (cost 35.4) beats walking (48.75 min, and beyond the walk limit anyway).
TEST(Access, BikeEgressCarriesTheFixedTime) {
  TransitData data;
  data.stops.push_back(station("R", 50.0, 5.0));
  data.stops.push_back(station("D", 51.0, 5.0));
  data.lines.push_back(test::line_of("rail", 10.0, {{0, 0.0}, {1, 20.0}}));
  const std::vector<GeoPoint> zones{{50.0, 5.0}, {51.0 + 3.0 / kKmPerDegLat, 5.0}};
  const TransitParams p = access_params();
  const auto r = assign_transit(build_transit_network(data, zones, p, Period::peak), p, {});
  const double egress_t = 3.0 * 1.3 / 15.0 * 60.0 + 8.0;
  EXPECT_NEAR(r.skims.walk_min(0, 1), egress_t, 1e-9);
  EXPECT_NEAR(r.skims.generalized_cost(0, 1), 1.5 * 5.0 + 20.0 + 1.5 * egress_t, 1e-9);
}

// Park-and-ride only where the stop has it: every car access arc leads to a P+R stop, and a
// station without P+R gets none even when it is the nearest.
TEST(Access, ParkAndRideOnlyAtParkAndRideStops) {
  TransitData data;
  data.stops.push_back(station("PR", 50.0, 5.0));
  data.stops.push_back(station("NOPR", 50.0 + 2.0 / kKmPerDegLat, 5.0));
  data.stops.back().park_and_ride = false;
  Stop bus = station("BUS", 50.0 + 4.0 / kKmPerDegLat, 5.0);
  bus.kind = "bus";  // default: no bike parking, no P+R
  data.stops.push_back(bus);
  data.stops.push_back(station("D", 51.0, 5.0));
  for (std::uint32_t s = 0; s < 3; ++s) {
    data.lines.push_back(test::line_of(data.stops[s].id.c_str(), 10.0, {{s, 0.0}, {3, 30.0}}));
  }
  // Zone 0: 12 km north of PR (10 of NOPR, 8 of BUS): beyond walking and biking, car only.
  const std::vector<GeoPoint> zones{{50.0 + 12.0 / kKmPerDegLat, 5.0}, {51.0, 5.0}};
  const TransitParams p = access_params();
  const auto net = build_transit_network(data, zones, p, Period::peak);
  int car_arcs = 0;
  for (std::uint32_t a = 0; a < net.arc_count(); ++a) {
    if (net.arc_access_mode[a] != AccessMode::car) continue;
    ++car_arcs;
    EXPECT_EQ(net.arc_kind[a], ArcKind::access);
    EXPECT_EQ(net.arc_stop[a], 0u) << "car access to a stop without P+R";
    EXPECT_TRUE(has_park_and_ride(data.stops[net.arc_stop[a]]));
  }
  EXPECT_EQ(car_arcs, 1);
  EXPECT_FALSE(has_park_and_ride(data.stops[2]));
  EXPECT_FALSE(has_bike_parking(data.stops[2]));
  // With P+R off, zone 0 has no link within reach but the fallback (its nearest stop, BUS, by
  // bike since bike access is on).
  TransitParams off = p;
  off.pr_max_km = 0.0;
  const auto net2 = build_transit_network(data, zones, off, Period::peak);
  int zone0_access = 0;
  for (std::uint32_t a = net2.out_begin[0]; a < net2.out_begin[1]; ++a) {
    ++zone0_access;
    EXPECT_EQ(net2.arc_stop[a], 2u);
    EXPECT_EQ(net2.arc_access_mode[a], AccessMode::bike);
  }
  EXPECT_EQ(zone0_access, 1);
}

// Shares over four kinds of rail journey, each from its own zone, by hand: zone 0 walks to a bus
// stop and takes a bus to the station (PT feeder), zone 2 bikes (3 km), zone 3 drives (12 km),
// zone 4 walks (300 m). Rail journeys 10 + 20 + 30 + 40; the shares sum to 1. A bus-only journey
// does not count.
TEST(Access, RailAccessSharesByHand) {
  TransitData data;
  const double lat_r = 50.0 + 16.0 / kKmPerDegLat;
  Stop bus = station("X", 50.0, 5.0);
  bus.kind = "bus";
  data.stops.push_back(bus);                       // 0: bus stop at zone 0
  data.stops.push_back(station("R", lat_r, 5.0));  // 1: station
  data.stops.push_back(station("D", 51.0, 5.0));   // 2: destination station
  data.lines.push_back(test::line_of("bus", 10.0, {{0, 0.0}, {1, 25.0}}));
  data.lines.push_back(test::line_of("rail", 10.0, {{1, 0.0}, {2, 30.0}}));
  data.lines[1].mode = Mode::rail;
  const double east_12km = 12.0 / (kKmPerDegLat * std::cos(lat_r * 3.14159265358979323846 / 180));
  const std::vector<GeoPoint> zones{{50.0, 5.0},
                                    {51.0, 5.0},
                                    {lat_r - 3.0 / kKmPerDegLat, 5.0},
                                    {lat_r, 5.0 + east_12km},
                                    {lat_r + 0.3 / kKmPerDegLat, 5.0}};
  const TransitParams p = access_params();
  const auto net = build_transit_network(data, zones, p, Period::peak);
  OdMatrix demand = OdMatrix::Zero(5, 5);
  demand(0, 1) = 10.0;
  demand(2, 1) = 20.0;
  demand(3, 1) = 30.0;
  demand(4, 1) = 40.0;
  demand(0, 4) = 5.0;  // bus to R, then on foot to zone 4: no rail, not in the tally
  const auto r = assign_transit(net, p, demand);
  auto at = [&](RailAccess a) { return r.rail_access[static_cast<std::size_t>(a)]; };
  EXPECT_NEAR(at(RailAccess::pt_feeder), 10.0, 1e-9);
  EXPECT_NEAR(at(RailAccess::bike), 20.0, 1e-9);
  EXPECT_NEAR(at(RailAccess::car), 30.0, 1e-9);
  EXPECT_NEAR(at(RailAccess::walk), 40.0, 1e-9);
  const auto shares = rail_access_shares(r.rail_access);
  double sum = 0.0;
  for (double s : shares) sum += s;
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_NEAR(shares[static_cast<std::size_t>(RailAccess::car)], 0.3, 1e-12);
  // Every rail journey boards rail once here: the tally equals the rail boardings.
  EXPECT_NEAR(r.loads.line_boardings[1], 100.0, 1e-9);
  EXPECT_NEAR(r.loads.stop_rail_boardings[1], 100.0, 1e-9);
  EXPECT_NEAR(r.loads.stop_boardings[0], 15.0, 1e-9);
  EXPECT_EQ(r.loads.stop_rail_boardings[0], 0.0);
  // The tally is joined in destination-chunk order: the same bits on 1 and 2 threads.
  for (int threads : {1, 2}) {
    const tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                                 static_cast<std::size_t>(threads));
    const auto again = assign_transit(net, p, demand);
    for (std::size_t c = 0; c < kRailAccessCount; ++c) {
      EXPECT_EQ(again.rail_access[c], r.rail_access[c]) << threads << " threads";
    }
  }
}

// The access logit on one station R (bike parking, P+R) with a rail line R → D (20 min, headway
// 10): λ = 0.2 per generalized minute, constants bike +2, car +3 min. Zone 0 is 0.8 km from R
// (all three modes), zone 2 0.3 km (all three), zone 3 3 km (beyond the 1 km walk: bike and car).
// Costs by hand (access_params):
//   walk  t = d·1.3/4.8·60,            c = 1.5 t
//   bike  t = d·1.3/15·60 + 5,         c = 1.5 t + 2
//   car   t = d·1.3/40·60 + 6,         c = 1.5 t + 15 + (0.2·1.3 d + 1)·60/12 + 3
// P_m = e^{−λ c_m} / Σ e^{−λ c_k}; the arc costs −ln Σ e^{−λ c_k} / λ and lasts Σ P_m t_m.
TEST(Access, LogitSharesByHandAtOneStation) {
  TransitData data;
  data.stops.push_back(station("R", 50.0, 5.0));
  data.stops.push_back(station("D", 51.0, 5.0));
  data.lines.push_back(test::line_of("rail", 10.0, {{0, 0.0}, {1, 20.0}}));
  data.lines[0].mode = Mode::rail;
  const std::vector<GeoPoint> zones{{50.0 + 0.8 / kKmPerDegLat, 5.0},
                                    {51.0, 5.0},
                                    {50.0 + 0.3 / kKmPerDegLat, 5.0},
                                    {50.0 + 3.0 / kKmPerDegLat, 5.0}};
  TransitParams p = access_params();
  p.access_logit_scale_per_min = 0.2;
  p.access_const_min = {0.0, 2.0, 3.0};
  const auto net = build_transit_network(data, zones, p, Period::peak);
  OdMatrix demand = OdMatrix::Zero(4, 4);
  demand(0, 1) = 100.0;
  const auto r = assign_transit(net, p, demand);

  struct ByHand {
    std::array<double, 3> share{};
    double cost = 0.0;
    double time = 0.0;
  };
  auto by_hand = [](double d, bool walk) {
    const std::array<double, 3> t{d * 1.3 / 4.8 * 60.0, d * 1.3 / 15.0 * 60.0 + 5.0,
                                  d * 1.3 / 40.0 * 60.0 + 6.0};
    const std::array<double, 3> c{walk ? 1.5 * t[0] : std::numeric_limits<double>::infinity(),
                                  1.5 * t[1] + 2.0,
                                  1.5 * t[2] + 15.0 + (0.2 * 1.3 * d + 1.0) * 5.0 + 3.0};
    ByHand h;
    double sum = 0.0;
    for (std::size_t m = 0; m < 3; ++m) sum += std::exp(-0.2 * c[m]);
    for (std::size_t m = 0; m < 3; ++m) {
      h.share[m] = std::exp(-0.2 * c[m]) / sum;
      h.time += h.share[m] * t[m];
    }
    h.cost = -std::log(sum) / 0.2;
    return h;
  };
  // 0.8 km: walk 13 min (c 19.5), bike 9.16 (c 15.74), car 7.56 (c 35.38):
  // shares walk 0.3162, bike 0.6706, car 0.0132.
  const ByHand at08 = by_hand(0.8, true);
  EXPECT_NEAR(at08.share[0], 0.3162, 5e-5);
  EXPECT_NEAR(at08.share[1], 0.6706, 5e-5);
  EXPECT_NEAR(at08.share[2], 0.0132, 5e-5);
  bool found = false;
  for (std::uint32_t a = net.out_begin[0]; a < net.out_begin[1]; ++a) {
    if (net.arc_stop[a] != 0) continue;
    found = true;
    EXPECT_EQ(net.arc_access_mode[a], AccessMode::bike);  // the largest share
    for (std::size_t m = 0; m < 3; ++m)
      EXPECT_NEAR(net.arc_access_share[a][m], at08.share[m], 1e-12);
    EXPECT_NEAR(net.arc_cost_min[a], at08.cost, 1e-9);
    EXPECT_NEAR(net.arc_time_min[a], at08.time, 1e-9);
  }
  EXPECT_TRUE(found);
  // The skim reads the logsum (below the cheapest mode's 15.74) and the expected access time.
  // Egress at D (0 km): walking costs 0, the bike 1.5 × 8 = 12; their logsum −0.434 is floored
  // at 0, the expected egress time is the bike's share e^−2.4 / (1 + e^−2.4) × 8 min.
  // The rail tally splits the 100 journeys by the access shares.
  EXPECT_LT(at08.cost, 1.5 * (0.8 * 1.3 / 15.0 * 60.0 + 5.0) + 2.0);
  const double egress_t = 8.0 * std::exp(-2.4) / (1.0 + std::exp(-2.4));
  EXPECT_NEAR(r.skims.generalized_cost(0, 1), at08.cost + 1.5 * 5.0 + 20.0, 1e-9);
  EXPECT_NEAR(r.skims.walk_min(0, 1), at08.time + egress_t, 1e-9);
  for (std::size_t m = 0; m < 3; ++m) EXPECT_NEAR(r.rail_access[m], 100.0 * at08.share[m], 1e-9);
  EXPECT_EQ(r.rail_access[static_cast<std::size_t>(RailAccess::pt_feeder)], 0.0);
  // The shares move with the distance: walking dominates at 0.3 km (0.709), is gone at 3 km where
  // the bike takes 0.913 and P+R 0.087.
  const ByHand at03 = by_hand(0.3, true);
  const ByHand at3 = by_hand(3.0, false);
  EXPECT_GT(at03.share[0], 0.5);
  EXPECT_EQ(at3.share[0], 0.0);
  EXPECT_GT(at3.share[2], at08.share[2]);
  for (const auto& [zone, h] : {std::pair{2u, at03}, {3u, at3}}) {
    for (std::uint32_t a = net.out_begin[zone]; a < net.out_begin[zone + 1]; ++a) {
      if (net.arc_stop[a] != 0) continue;
      for (std::size_t m = 0; m < 3; ++m) {
        EXPECT_NEAR(net.arc_access_share[a][m], h.share[m], 1e-12) << zone << " " << m;
      }
    }
  }
  // λ = 0 is the cheapest mode alone (the bike at 0.8 km), share 1.
  p.access_logit_scale_per_min = 0.0;
  const auto net0 = build_transit_network(data, zones, p, Period::peak);
  for (std::uint32_t a = net0.out_begin[0]; a < net0.out_begin[1]; ++a) {
    if (net0.arc_stop[a] != 0) continue;
    EXPECT_EQ(net0.arc_access_share[a][1], 1.0);
    EXPECT_NEAR(net0.arc_cost_min[a], 1.5 * (0.8 * 1.3 / 15.0 * 60.0 + 5.0) + 2.0, 1e-9);
  }
}

TEST(Access, FacilityDefaultsFromKind) {
  EXPECT_TRUE(default_bike_parking("rail"));
  EXPECT_TRUE(default_park_and_ride("Rail"));
  EXPECT_FALSE(default_bike_parking("bus"));
  EXPECT_FALSE(default_park_and_ride(""));
  Stop s = station("S", 50.0, 5.0);
  s.park_and_ride = false;
  EXPECT_FALSE(has_park_and_ride(s));
  EXPECT_TRUE(has_bike_parking(s));
}

}  // namespace
}  // namespace corridor::transit
