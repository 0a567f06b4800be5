// The demand run's own PT assignment splits every line's boardings and every segment's passengers
// into cross-border and domestic (PtLoads::line_cross_border_boardings_weekday, segment_weekday),
// on a region written here:
//
//   zone A (NL) ── 7 km ── zone B (NL) ── 12 km ── zone C (BE)
//   bus line 1: stop A → stop B → stop C and back, every 15 min (am) / 30 min (rest), 18 h a day
//
// Two periods: "am" (4 h, peak headways, 75 % of the outbound legs) and "rest" (20 h, off-peak
// headways, 25 % of the outbound legs and all the returns). Known answers:
// - By hand: every passenger between B and C travels to or from C, so both B–C segments are
//   wholly cross-border; A → B carries A → B (domestic) and A → C (cross-border) trips.
// - Slow reference: each period's cross-border PT trips assigned on their own on the period's
//   network and expanded with the line's hours (18 h: 4 in am, 14 in rest) equal the run's split
//   to 1e-9.
#include <gtest/gtest.h>

#include <map>

#include "../model/region_fixture.hpp"
#include "demand/model_run.hpp"
#include "demand/periods.hpp"
#include "demand/pt_mapping.hpp"
#include "transit/transit.hpp"

namespace corridor::demand {
namespace {

transit::Stop stop(const char* id, double lat, double lon, std::uint32_t zone) {
  transit::Stop s;
  s.id = id;
  s.name = id;
  s.lat = lat;
  s.lon = lon;
  s.zone = ZoneId{zone};
  s.kind = "stop";
  return s;
}

model::RegionModel region_with_bus() {
  model::test::TinyRegion tiny;
  auto& m = tiny.finish();
  m.transit.stops = {stop("A", 51.40, 5.40, 0), stop("B", 51.40, 5.50, 1),
                     stop("C", 51.30, 5.45, 2)};
  transit::Line line;
  line.id = "1";
  line.name = "bus 1";
  line.headway_peak_min = 15.0;
  line.headway_offpeak_min = 30.0;
  line.service_hours = 18.0;
  line.stops = {{0, 0.0}, {1, 12.0}, {2, 30.0}};
  m.transit.lines = {line};
  transit::validate(m.transit);
  return m;
}

TimePeriod period(const char* name, double hours, double out, double ret, transit::Period pt,
                  double pt_hours) {
  TimePeriod t;
  t.name = name;
  t.hours = hours;
  t.outbound_share = {out, out, out, out};
  t.return_share = {ret, ret, ret, ret};
  t.truck_share = out;
  t.through_car_share = out;
  t.peak_hour_factor = 0.5;
  t.pt_headways = pt;
  t.pt_service_hours = pt_hours;
  return t;
}

DemandParameters parameters() {
  DemandParameters p;
  p.border.calibrate = false;
  p.border.targets.clear();
  p.freight.through_routes.clear();
  p.freight.calibrate = false;
  p.freight.truck_share.reset();
  p.periods = {period("am", 4.0, 0.75, 0.0, transit::Period::peak, 4.0),
               period("rest", 20.0, 0.25, 1.0, transit::Period::offpeak, 14.0)};
  return p;
}

TEST(PtCrossBorder, SplitByHandAndEqualToAssigningTheCrossBorderTripsAlone) {
  const auto region = region_with_bus();
  const auto p = parameters();
  const ModelRun run = run_model(region, p);
  const auto& pt = run.pt;
  ASSERT_EQ(pt.line_cross_border_boardings_weekday.size(), 1u);
  ASSERT_FALSE(pt.segment_weekday.empty());

  // Slow reference: the weekday PT trips of both legs split into the periods by the same shares
  // (every pair is served in both periods), the cross-border cells assigned alone per period.
  OdMatrix out = OdMatrix::Zero(3, 3);
  for (const auto& q : run.purposes) out += q.weekday[index(Mode::pt)];
  ASSERT_GT(out(0, 2), 0.0);
  const auto tp = transit_params(p);
  const std::vector<transit::GeoPoint> centroids{{51.40, 5.40}, {51.40, 5.50}, {51.30, 5.45}};
  const auto hours = line_period_hours(region.transit, p.periods);
  double line_cross = 0.0;
  double line_all = 0.0;
  std::map<std::array<std::uint32_t, 2>, std::array<double, 2>> seg;  // (from, to) -> all, cross
  for (std::size_t t = 0; t < 2; ++t) {
    const auto& per = p.periods[t];
    const OdMatrix trips = (per.outbound_share[0] * out + per.return_share[0] * out.transpose()) /
                           per.pt_service_hours;
    OdMatrix cross = OdMatrix::Zero(3, 3);
    for (const int z : {0, 1}) {
      cross(z, 2) = trips(z, 2);
      cross(2, z) = trips(2, z);
    }
    const auto net = transit::build_transit_network(region.transit, centroids, tp, per.pt_headways);
    const auto all = transit::assign_transit(net, tp, trips, {.skims = false});
    const auto alone = transit::assign_transit(net, tp, cross, {.skims = false});
    const double h = hours[t][0];
    line_all += all.loads.line_boardings[0] * h;
    line_cross += alone.loads.line_boardings[0] * h;
    for (std::size_t s = 0; s < net.segment_route.size(); ++s) {
      auto& e = seg[{net.segment_from_stop[s], net.segment_to_stop[s]}];
      e[0] += all.loads.segment_passengers[s] * h;
      e[1] += alone.loads.segment_passengers[s] * h;
    }
  }
  EXPECT_NEAR(pt.line_boardings_weekday[0], line_all, 1e-9 * line_all);
  EXPECT_NEAR(pt.line_cross_border_boardings_weekday[0], line_cross, 1e-9 * line_all);
  EXPECT_GT(line_cross, 0.0);
  EXPECT_LT(line_cross, line_all);
  ASSERT_EQ(pt.segment_weekday.size(), seg.size());
  for (const auto& s : pt.segment_weekday) {
    EXPECT_EQ(s.line, 0u);
    const auto& e = seg.at({s.from_stop, s.to_stop});
    EXPECT_NEAR(s.passengers, e[0], 1e-9 * (1.0 + e[0])) << s.from_stop << "->" << s.to_stop;
    EXPECT_NEAR(s.cross_border_passengers, e[1], 1e-9 * (1.0 + e[0]))
        << s.from_stop << "->" << s.to_stop;
    // By hand: B–C carries only trips to or from C; A → B both kinds.
    if (s.from_stop + s.to_stop == 3) {  // B→C or C→B
      EXPECT_GT(s.passengers, 0.0);
      EXPECT_NEAR(s.cross_border_passengers, s.passengers, 1e-9 * s.passengers);
    } else if (s.from_stop == 0 && s.to_stop == 1) {
      EXPECT_GT(s.cross_border_passengers, 0.0);
      EXPECT_LT(s.cross_border_passengers, s.passengers - 1.0);
    }
  }
}

}  // namespace
}  // namespace corridor::demand
