// Time of day (demand/periods.hpp) with known answers:
// - Two periods on a one-link BPR network (Algorithm B through the region adapter): each period's
//   flow is its own equilibrium, its time the BPR time of that flow, the day the sum of the
//   periods (not a factor on one of them), the choice skims the departure-weighted mean.
//
//        zone 0 (4,000 residents) ──── link 0→1: 10 min, 1,000 veh/h, BPR 0.15/4 ───→ zone 1
//                                 ←─── link 1→0: the same ───────────────────────────  (4,000 jobs)
//
//   4,000 commuters, car only (bike beyond its range, no PT). "am" (4 h): 75 % of the outbound
//   legs, assigned hour = half the period; "rest" (20 h): 25 % of the outbound legs and all the
//   returns, assigned hour = a tenth. Hours: am 0→1 1,500 veh → 10 (1 + 0.15 · 1.5⁴) =
//   17.59375 min; rest 0→1 100 veh → 10.00015 min, 1→0 400 veh → 10.0384 min.
// - [[periods]] reading: the values, and errors naming the key (shares not summing to 1, hours
//   not covering the day, a replaced one-peak-hour key).
// - Line hours per period; plausible daily maxima; the region's base within them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>

#include "core/error.hpp"
#include "demand/model_run.hpp"
#include "demand/periods.hpp"
#include "demand/plausibility.hpp"
#include "model/region_model.hpp"
#include "test_data.hpp"

namespace corridor::demand {
namespace {

network::LinkSpec bpr(std::uint32_t a, std::uint32_t b) {
  network::LinkSpec s;
  s.from = NodeId(a);
  s.to = NodeId(b);
  s.length = 60.0;  // beyond bike_max_km: car is the only mode
  s.free_flow_minutes = 10.0;
  s.capacity = 1000.0;
  s.alpha = 0.15;
  s.beta = 4.0;
  return s;
}

model::RegionModel one_link() {
  model::RegionModel m;
  m.zones = {{"Home", "H", "NL", "other", 51.0, 5.0, 4000, 0, false, 1},
             {"Work", "W", "NL", "other", 51.0, 5.8, 0, 4000, false, 2}};
  std::vector<network::NodeSpec> nodes = {{1, 5.0, 51.0}, {2, 5.8, 51.0}};
  std::vector<network::LinkSpec> links = {bpr(0, 1), bpr(1, 0)};
  m.road = network::RoadNetwork::build(nodes, links, 2, 2);
  m.lanes.assign(links.size(), 1.0);
  m.facility_types.assign(links.size(), "primary");
  m.content_hash = "h";
  return m;
}

TimePeriod period(const char* name, double hours, double out, double ret, double factor) {
  TimePeriod t;
  t.name = name;
  t.hours = hours;
  t.outbound_share = {out, out, out, out};
  t.return_share = {ret, ret, ret, ret};
  t.truck_share = out;
  t.through_car_share = out;
  t.peak_hour_factor = factor;
  t.pt_headways = transit::Period::peak;
  t.pt_service_hours = std::min(hours, 10.0);
  return t;
}

DemandParameters commuters_by_car() {
  DemandParameters p;
  for (auto& q : p.purposes) {
    q.trips_per_resident = 0.0;
    q.trips_per_job = 0.0;
    q.car_occupancy = 1.0;
  }
  auto& c = p.purposes[index(Purpose::commute)];
  c.trips_per_resident = 1.0;
  p.modes.car_cost_eur_km = 0.0;
  p.border.calibrate = false;
  p.border.targets.clear();
  p.freight.through_routes.clear();
  p.freight.local_trucks_per_job = 0.0;
  p.freight.calibrate = false;
  p.freight.truck_share.reset();
  p.feedback.final_road_gap = 1e-12;
  p.periods = {period("am", 4.0, 0.75, 0.0, 0.5), period("rest", 20.0, 0.25, 1.0, 0.1)};
  return p;
}

double bpr_minutes(double v) { return 10.0 * (1.0 + 0.15 * std::pow(v / 1000.0, 4.0)); }

TEST(Periods, EachPeriodIsItsOwnEquilibriumAndTheDayTheirSum) {
  const auto region = one_link();
  const auto p = commuters_by_car();
  const ModelRun run = run_model(region, p);
  ASSERT_TRUE(run.converged);
  ASSERT_EQ(run.periods.size(), 2u);
  const auto car = run.purposes[index(Purpose::commute)].weekday[index(Mode::car)];
  EXPECT_NEAR(car(0, 1), 4000.0, 1e-6);
  const auto& am = run.periods[0];
  const auto& rest = run.periods[1];
  const std::uint32_t fwd = region.road.link_at_input(0).value();
  const std::uint32_t back = region.road.link_at_input(1).value();
  // Assigned hours: am 4,000 × 0.75 × 0.5 = 1,500 out, no returns; rest 4,000 × 0.25 × 0.1 = 100
  // out, 4,000 × 1.0 × 0.1 = 400 back.
  EXPECT_NEAR(am.road.class_flow[0][fwd], 1500.0, 1e-6);
  EXPECT_NEAR(am.road.class_flow[0][back], 0.0, 1e-9);
  EXPECT_NEAR(rest.road.class_flow[0][fwd], 100.0, 1e-6);
  EXPECT_NEAR(rest.road.class_flow[0][back], 400.0, 1e-6);
  // Each period's times are its own BPR times (17.59375 vs 10.00015 min on the same link).
  EXPECT_NEAR(am.road.link_time[fwd], 17.59375, 1e-6);
  EXPECT_NEAR(rest.road.link_time[fwd], bpr_minutes(100.0), 1e-9);
  EXPECT_NEAR(am.skims.car_minutes(0, 1), 17.59375, 1e-6);
  EXPECT_NEAR(rest.skims.car_minutes(1, 0), bpr_minutes(400.0), 1e-9);
  // The day: Σ hour flow / factor = 3,000 + 1,000 outbound, 0 + 4,000 back.
  const auto day = daily_link_flow(run);
  EXPECT_NEAR(day[fwd], 4000.0, 1e-6);
  EXPECT_NEAR(day[back], 4000.0, 1e-6);
  EXPECT_NEAR(period_link_flow(run, 0)[fwd], 3000.0, 1e-6);
  EXPECT_NEAR(period_link_flow(run, 1)[back], 4000.0, 1e-6);
  // A day factor on the am hour (4,000 + 4,000 vehicles a day / 1,500 in the hour) would have put
  // 1,500 × 16/3 = 8,000 on 0→1 and none on 1→0.
  // The choice saw ½ (0.75 · t_am(0→1) + 0.25 · t_rest(0→1)) + ½ (1.0 · t_rest(1→0)).
  const double tour =
      0.5 * (0.75 * 17.59375 + 0.25 * bpr_minutes(100.0)) + 0.5 * bpr_minutes(400.0);
  EXPECT_NEAR(run.purposes[index(Purpose::commute)].skims.car_minutes(0, 1), tour, 1e-6);
  // The first period stands for the assigned hour of the old readers.
  EXPECT_EQ(run.road.link_flow, am.road.link_flow);
  EXPECT_EQ(run.car_peak_hour, am.car_hour);
}

TEST(Periods, TourSkimsWeighBothLegsAndSkipPeriodsWithoutPt) {
  const auto n = 2;
  std::vector<Skims> s(2);
  for (std::size_t t = 0; t < 2; ++t) {
    for (auto* m : {&s[t].car_minutes, &s[t].car_km, &s[t].bike_minutes, &s[t].bike_km,
                    &s[t].pt_in_vehicle_minutes, &s[t].pt_wait_minutes, &s[t].pt_walk_minutes,
                    &s[t].pt_boardings, &s[t].pt_generalized_minutes}) {
      *m = OdMatrix::Zero(n, n);
    }
  }
  s[0].car_minutes(0, 1) = 30.0;
  s[0].car_minutes(1, 0) = 12.0;
  s[1].car_minutes(0, 1) = 10.0;
  s[1].car_minutes(1, 0) = 20.0;
  s[0].pt_generalized_minutes(0, 1) = 40.0;
  s[0].pt_generalized_minutes(1, 0) = 50.0;
  s[1].pt_generalized_minutes(0, 1) = std::numeric_limits<double>::infinity();  // no service
  s[1].pt_generalized_minutes(1, 0) = 70.0;
  const std::vector<TimePeriod> periods = {period("a", 4.0, 0.6, 0.2, 0.5),
                                           period("b", 20.0, 0.4, 0.8, 0.1)};
  const Skims k = tour_skims(s, periods, 0);
  // Car: ½ (0.6 · 30 + 0.4 · 10) + ½ (0.2 · 12 + 0.8 · 20) = 11 + 9.2.
  EXPECT_NEAR(k.car_minutes(0, 1), 20.2, 1e-12);
  // PT: outbound only in "a" (weight 0.6), return in both (0.2, 0.8); renormalised over 1.6:
  // (0.6 · 40 + 0.2 · 50 + 0.8 · 70) / 1.6 = 56.25.
  EXPECT_NEAR(k.pt_generalized_minutes(0, 1), 56.25, 1e-12);
}

// The feedback loop's update of the car times alone (tour_car_minutes) is the matrix tour_skims
// makes, to the last bit, on random skims over three periods (infinite entries included), and it
// leaves the other fields of the target as they were.
TEST(Periods, TourCarMinutesAloneEqualsTourSkimsToTheBit) {
  const Eigen::Index n = 7;
  std::vector<Skims> s(3);
  std::srand(17);
  for (auto& k : s) {
    for (auto* m : {&k.car_minutes, &k.car_km, &k.bike_minutes, &k.bike_km, &k.walk_minutes,
                    &k.walk_km, &k.pt_in_vehicle_minutes, &k.pt_wait_minutes, &k.pt_walk_minutes,
                    &k.pt_boardings, &k.pt_generalized_minutes}) {
      *m = OdMatrix::Random(n, n).cwiseAbs() * 60.0;
    }
    k.car_minutes(2, 5) = std::numeric_limits<double>::infinity();
  }
  const std::vector<TimePeriod> periods = {period("am", 3.0, 0.3, 0.05, 0.4),
                                           period("pm", 3.0, 0.1, 0.45, 0.4),
                                           period("rest", 18.0, 0.6, 0.5, 0.1)};
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    const Skims full = tour_skims(s, periods, k);
    Skims part = full;
    part.car_minutes.setConstant(-1.0);
    tour_car_minutes(s, periods, k, part);
    ASSERT_EQ(part.car_minutes.size(), full.car_minutes.size());
    EXPECT_EQ(std::memcmp(part.car_minutes.data(), full.car_minutes.data(),
                          sizeof(double) * static_cast<std::size_t>(full.car_minutes.size())),
              0);
    EXPECT_EQ(part.pt_generalized_minutes, full.pt_generalized_minutes);
  }
}

TEST(Periods, ReadsTheRegionsPeriodsAndNamesBadOnes) {
  const auto folder = test::source_dir() / "scenarios" / "brainport-kempen";
  CORRIDOR_SKIP_IF_MISSING(folder / "demand.toml");
  const auto p = load_demand_parameters(folder / "demand.toml");
  ASSERT_EQ(p.periods.size(), 3u);
  EXPECT_EQ(p.periods[0].name, "am");
  EXPECT_EQ(p.periods[2].pt_headways, transit::Period::offpeak);
  double hours = 0.0;
  for (const auto& t : p.periods) hours += t.hours;
  EXPECT_DOUBLE_EQ(hours, 24.0);
  const std::string one =
      "[[periods]]\nname = \"day\"\nhours = 24.0\n"
      "outbound_share = { commute = 1.0, business = 1.0, education = 1.0, other = 1.0 }\n"
      "return_share = { commute = 1.0, business = 1.0, education = 1.0, other = 1.0 }\n"
      "truck_share = 1.0\nthrough_car_share = 1.0\npeak_hour_factor = 0.1\n"
      "pt_headways = \"offpeak\"\npt_service_hours = 18.0\n";
  EXPECT_EQ(parse_demand_parameters(one, "d.toml").periods.size(), 1u);
  auto fails = [](const std::string& text, const std::string& what) {
    try {
      (void)parse_demand_parameters(text, "d.toml");
      ADD_FAILURE() << "no error for " << what;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  std::string bad = one;
  bad.replace(bad.find("commute = 1.0"), 13, "commute = 0.9");
  fails(bad, "periods.outbound_share.commute");
  bad = one;
  bad.replace(bad.find("hours = 24.0"), 12, "hours = 20.0");
  fails(bad, "periods.hours");
  bad = one;
  bad.replace(bad.find("peak_hour_factor = 0.1"), 22, "peak_hour_factor = 0.01");
  fails(bad, "periods[1].peak_hour_factor");
  fails(one + "colour = 1\n", "periods[1].colour");
  fails("[feedback]\npeak_hour_factor = 0.5\n", "feedback.peak_hour_factor");
  fails("[commute]\nam_peak_share = 0.45\n", "commute.am_peak_share");
}

TEST(Periods, LineHoursGoToPeakPeriodsFirst) {
  transit::TransitData d;
  transit::Line l;
  l.id = "L";
  l.headway_peak_min = 15.0;
  l.headway_offpeak_min = 30.0;
  l.service_hours = 16.0;
  d.lines = {l};
  l.id = "peak-only";
  l.headway_offpeak_min = transit::kNoService;
  d.lines.push_back(l);
  auto off = period("rest", 20.0, 0.5, 0.5, 0.1);
  off.pt_headways = transit::Period::offpeak;
  off.pt_service_hours = 14.0;
  const auto h = line_period_hours(
      d, {period("am", 2.0, 0.25, 0.25, 0.5), period("pm", 2.0, 0.25, 0.25, 0.5), off});
  EXPECT_DOUBLE_EQ(h[0][0], 2.0);
  EXPECT_DOUBLE_EQ(h[1][0], 2.0);
  EXPECT_DOUBLE_EQ(h[2][0], 12.0);  // 16 − 2 − 2
  EXPECT_DOUBLE_EQ(h[2][1], 0.0);   // no off-peak service
}

TEST(Plausibility, DailyMaximaByRoadType) {
  EXPECT_EQ(plausible_daily_max("primary", 1.0), 12500.0);
  EXPECT_EQ(plausible_daily_max("motorway", 3.0), 67500.0);
  EXPECT_EQ(plausible_daily_max("trunk", 1.0), 12500.0);
  EXPECT_EQ(plausible_daily_max("trunk", 2.0), 35000.0);
  EXPECT_FALSE(std::isfinite(plausible_daily_max("connector", 1.0)));
}

// The region's base: no road carries more than twice what its type carries in practice, and the
// links above their plausible maximum are few (listed on failure; docs/demand-model.md names them).
TEST(Plausibility, RegionBaseStaysWithinTwiceTheRoadTypesMaximum) {
  const auto folder = test::source_dir() / "scenarios" / "brainport-kempen";
  CORRIDOR_SKIP_IF_MISSING(folder / "zones.csv");
  const auto region = model::load_region_model(folder);
  const auto run = run_model(region, load_demand_parameters(folder / "demand.toml"));
  const auto day = daily_link_flow(run);
  // Known exception, with its reason (docs/demand-model.md "Time of day"): the single-lane
  // secondary link Mol-Balen stands for the corridor of local roads between the two towns (the
  // N71 via Balen-Wezel is coded apart); since the walk mode and the recalibration of 2026-12-03
  // it carries 2.01x its type's maximum. It may not pass 2.5x; any other link fails above 2x.
  const std::map<std::string, double> known = {{"Mol-Balen", 2.5}};
  const auto far = implausible_links(region, day, 2.0);
  for (const auto& x : far) {
    const auto k = known.find(std::string(region.road.link_name(LinkId(x.link))));
    if (k != known.end() && x.daily_flow <= k->second * x.daily_max) continue;
    ADD_FAILURE() << region.road.link_name(LinkId(x.link)) << " (link "
                  << region.road.link_id(LinkId(x.link)) << ", " << region.facility_types[x.link]
                  << "): " << x.daily_flow << " veh/day, "
                  << "plausible " << x.daily_max;
  }
  std::size_t limited = 0;
  for (std::size_t a = 0; a < region.facility_types.size(); ++a) {
    limited += std::isfinite(plausible_daily_max(region.facility_types[a], region.lanes[a]));
  }
  const auto above = implausible_links(region, day, 1.0);
  EXPECT_LE(above.size(), limited / 5) << above.size() << " of " << limited << " links";
}

}  // namespace
}  // namespace corridor::demand
