// compute_result on a hand-made pair of model runs for the two-zone inline region: the rule of a
// half by hand, money with the NL commute value of time, and the per-mode noise floor (a car
// change smaller than the road gap can resolve is left out of the savings and flagged).
// Links by id (result_links_test.cpp has the parallel-link and split-link networks).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <gtest/gtest.h>

#include <unistd.h>
#include <regex>

#include <filesystem>
#include <tuple>

#include "core/error.hpp"
#include "demand/periods.hpp"
#include "io/gmns.hpp"
#include "report/gmns_export.hpp"
#include "scenario/batch.hpp"
#include "scenario/result.hpp"
#include "scenario/result_io.hpp"

namespace corridor::scenario {
namespace {

model::RegionModel two_zones() {
  model::RegionModel m;
  m.zones = {{"Zone A", "Aa", "NL", "west", 51.00, 5.00, 1000, 500, false, 1},
             {"Zone B", "Bb", "BE", "east", 51.00, 5.20, 2000, 800, false, 2}};
  std::vector<network::NodeSpec> nodes = {{1, 5.00, 51.00}, {2, 5.20, 51.00}, {10, 5.10, 51.00}};
  auto link = [](std::uint32_t a, std::uint32_t b) {
    network::LinkSpec s;
    s.from = NodeId(a);
    s.to = NodeId(b);
    s.length = 7.0;
    s.free_flow_minutes = 7.0;
    s.capacity = 1000;
    return s;
  };
  m.road =
      network::RoadNetwork::build(nodes, {link(0, 2), link(2, 0), link(1, 2), link(2, 1)}, 2, 2);
  m.lanes.assign(4, 1.0);
  m.facility_types.assign(4, "primary");
  m.transit.stops = {{"A", "Stop A", 51.0, 5.0, ZoneId(0), "bus", 1.0},
                     {"B", "Stop B", 51.0, 5.2, ZoneId(1), "bus", 1.0}};
  transit::Line l;
  l.id = "L0";
  l.headway_peak_min = 20;
  l.headway_offpeak_min = 30;
  l.stops = {{0, 0.0}, {1, 30.0}};
  m.transit.lines = {l};
  m.content_hash = "h";
  return m;
}

OdMatrix mat(double a01, double a10 = 0.0) {
  OdMatrix x = OdMatrix::Zero(2, 2);
  x(0, 1) = a01;
  x(1, 0) = a10;
  return x;
}

// One period covering the day (assigned hour = the day, every leg in it): the run's road and
// skims become its only period, and every purpose's choice skims ½ (X(i, j) + X(j, i)).
void seal(demand::ModelRun& r) {
  demand::TimePeriod day;
  day.name = "day";
  day.hours = 24.0;
  day.outbound_share = {1.0, 1.0, 1.0, 1.0};
  day.return_share = {1.0, 1.0, 1.0, 1.0};
  day.truck_share = 1.0;
  day.through_car_share = 1.0;
  day.peak_hour_factor = 1.0;
  day.pt_service_hours = 18.0;
  const std::vector<demand::TimePeriod> periods{day};
  for (std::size_t q = 0; q < r.purposes.size(); ++q) {
    r.purposes[q].skims = demand::tour_skims(std::span(&r.skims, 1), periods, q);
  }
  r.periods = {{"day", 24.0, 1.0, r.car_peak_hour, r.truck_peak_hour, r.road, r.skims}};
  r.average_excess_cost_min = r.road.average_excess_cost;
  r.final_road_gap = r.road.relative_gap;
}

demand::ModelRun make_run(double car_trips, double pt_trips, double pt_minutes, double car_01,
                          double aec) {
  demand::ModelRun r;
  for (auto& p : r.purposes) {
    for (auto& w : p.weekday) w = mat(0.0);
    p.logsum = mat(-1.0, -1.0);
  }
  auto& commute = r.purposes[demand::index(demand::Purpose::commute)];
  commute.weekday[demand::index(demand::Mode::car)] = mat(car_trips);
  commute.weekday[demand::index(demand::Mode::pt)] = mat(pt_trips);
  r.truck_weekday = mat(0.0);
  r.car_peak_hour = mat(0.0);
  r.truck_peak_hour = mat(0.0);
  auto& s = r.skims;
  s.car_minutes = mat(car_01, 20.0);
  s.car_km = mat(15.0, 15.0);
  s.bike_minutes = mat(60.0, 60.0);
  s.bike_km = mat(15.0, 15.0);
  s.walk_minutes = mat(187.5, 187.5);
  s.walk_km = mat(15.0, 15.0);
  // Generalized PT minutes per leg (demand/generalized_cost.hpp, before the fare):
  // in-vehicle + 1.5 × 10 wait + 1.5 × 5 walk = pt_minutes.
  s.pt_in_vehicle_minutes = mat(pt_minutes - 22.5, pt_minutes - 22.5);
  s.pt_wait_minutes = mat(10.0, 10.0);
  s.pt_walk_minutes = mat(5.0, 5.0);
  s.pt_boardings = mat(1.0, 1.0);
  s.pt_generalized_minutes = mat(pt_minutes, pt_minutes);
  r.road.link_flow.assign(4, 0.0);
  r.road.link_time.assign(4, 7.0);
  r.road.class_flow.assign(2, std::vector<double>(4, 0.0));
  r.road.relative_gap = 1e-4;
  r.road.average_excess_cost = aec;
  r.pt.line_boardings_weekday = {pt_trips * 2};
  r.history.push_back({});
  seal(r);
  return r;
}

Scenario cheaper_pt() {
  Scenario s;
  s.name = "faster-pt";
  s.parts = {"faster-pt"};
  Cost c;
  c.given = true;
  c.investment_eur = 1e5;
  c.lifetime_years = 10;
  c.discount_rate = 0.0;
  s.cost = c;
  s.part_costs = {c};
  return s;
}

TEST(Compare, RuleOfAHalfByHandAndNoiseFloorPerMode) {
  const auto m = two_zones();
  const demand::DemandParameters params;
  // PT: 10 → 12 commuters from A (NL) to B, 60 → 50 generalized minutes each way: both legs save
  // 20 min, ½ (10 + 12) × 20 = 220 trip-minutes = 3.667 h. Car: A→B 0.01 min slower for 100
  // commuters: −1 trip-minute; with AEC = 0.01 min in each run the car floor is
  // (0.01 + 0.01) × 200 car person-trips / 60 = 0.0667 h > 0.0167 h: not resolved.
  const auto base = make_run(100, 10, 60, 20.0, 0.01);
  const auto scen = make_run(100, 12, 50, 20.01, 0.01);
  const auto out = compute_result({m, base}, {m, scen}, params, cheaper_pt(), {});
  const auto& h = out.headline;
  constexpr auto kCar = 0, kPt = 1;
  EXPECT_NEAR(h.hours_by_mode[kPt], 220.0 / 60.0, 1e-4);
  EXPECT_NEAR(h.hours_by_mode[kCar], -1.0 / 60.0, 1e-6);
  EXPECT_NEAR(h.noise_floor.by_mode[kCar], 0.02 * 200 / 60.0, 1e-6);
  EXPECT_FALSE(h.noise_floor.resolved[kCar]);
  EXPECT_TRUE(h.noise_floor.resolved[kPt]);
  EXPECT_NEAR(h.person_hours_saved_per_day, 220.0 / 60.0, 1e-4);
  EXPECT_NEAR(h.all_modes_hours_per_day, 219.0 / 60.0, 1e-4);
  EXPECT_FALSE(h.below_noise_floor);
  // Money (cost_benefit.hpp, default unit values: 2.25 %, 30 years): travel time = the PT time
  // saved (the fare is unchanged) × NL commute value of time × 300 weekdays; fare revenue = 2
  // more commuters × 2 legs × the perceived fare; the 1e5 investment lives 10 years at 0 %, so
  // over 30 years it is bought three times: PV cost 3e5.
  const auto vot = default_values_of_time();
  const double per_year = 220.0 / 60.0 * vot.nl[0] * vot.annualisation;
  const double fare = params.purposes[0].pt_fare_factor *
                      (params.modes.pt_fare_base_eur + params.modes.pt_fare_eur_km * 15.0);
  const double revenue = 2.0 * 2.0 * fare * vot.annualisation;
  EXPECT_NEAR(h.cba.time_eur_per_year, per_year, 1e-5 * per_year);
  EXPECT_NEAR(h.cba.operator_revenue_eur_per_year, revenue, 1e-5 * revenue);
  EXPECT_EQ(h.cba.user_cost_eur_per_year, 0.0);
  EXPECT_NEAR(h.benefit_eur_per_year, per_year + revenue, 1e-5 * per_year);
  const double a30 = annuity_factor(0.0225, 30);
  EXPECT_NEAR(h.cba.pv_costs_eur, 3e5, 1e-6);
  EXPECT_NEAR(h.benefit_cost_ratio, (per_year + revenue) * a30 / 3e5, 1e-5);
  EXPECT_NEAR(h.hours_by_country_of_residence.at("NL"), 220.0 / 60.0, 1e-4);
  ASSERT_FALSE(h.winners.empty());
  EXPECT_EQ(h.winners[0].zone, "Zone A");
  EXPECT_NE(od_csv(out).find("Zone A,Zone B,pt,10,12,2,"), std::string::npos);
}

TEST(Compare, NothingResolvedIsFlagged) {
  const auto m = two_zones();
  const demand::DemandParameters params;
  const auto base = make_run(100, 10, 60, 20.0, 0.01);
  const auto scen = make_run(100, 10, 60, 20.01, 0.01);  // only the unresolved car change
  const auto j = compute_result({m, base}, {m, scen}, params, cheaper_pt(), {}).headline;
  EXPECT_TRUE(j.below_noise_floor);
  EXPECT_EQ(j.person_hours_saved_per_day, 0.0);
  // A tight road solver resolves a (larger than one person-hour) car change.
  const auto base2 = make_run(100, 10, 60, 20.0, 1e-5);
  const auto scen2 = make_run(100, 10, 60, 21.0, 1e-5);  // 1 min slower: −100 trip-minutes
  const auto j2 = compute_result({m, base2}, {m, scen2}, params, cheaper_pt(), {}).headline;
  EXPECT_FALSE(j2.below_noise_floor);
  EXPECT_NEAR(j2.person_hours_saved_per_day, -100.0 / 60.0, 1e-5);  // 6 digits
}

// A combination of two scenarios sharing a cost item: cost_eur, the equivalent annual cost and
// B/C in result.json count the item once. At 0 %: a's own 1e5 over 10 y (PV 1e5, EAC 1e4),
// b's own operating 2e3/yr over 10 y (PV 2e4, EAC 2e3), item 4e5 over 40 y + 1e3/yr (PV 4.4e5,
// EAC 1e4 + 1e3 = 1.1e4): PV 5.6e5, EAC 2.3e4, investment 5e5.
TEST(Compare, SharedCostItemCountedOnce) {
  const std::string head = "description = \"d\"\nbase = \".\"\nassumptions = \"a\"\n";
  const std::string item =
      "[[cost.item]]\nid = \"track\"\ninvestment_eur = 4e5\noperating_eur_per_year = 1e3\n"
      "lifetime_years = 40\n";
  const auto a = parse_scenario("name = \"a\"\n" + head +
                                    "[cost]\ninvestment_eur = 1e5\nlifetime_years = 10\n"
                                    "discount_rate = 0\n" +
                                    item,
                                "a.toml", "/data");
  const auto b = parse_scenario("name = \"b\"\n" + head +
                                    "[cost]\noperating_eur_per_year = 2e3\nlifetime_years = 10\n"
                                    "discount_rate = 0\n" +
                                    item,
                                "b.toml", "/data");
  const auto ab = combine({&a, &b}, "a+b");
  const auto m = two_zones();
  const demand::DemandParameters params;
  const auto base = make_run(100, 10, 60, 20.0, 0.01);
  const auto scen = make_run(100, 12, 50, 20.01, 0.01);
  const auto j = compute_result({m, base}, {m, scen}, params, ab, {}).headline;
  EXPECT_NEAR(j.cost_eur, 5.6e5, 1e-6);
  EXPECT_NEAR(j.equivalent_annual_cost_eur, 2.3e4, 1e-6);
  EXPECT_NEAR(j.investment_eur, 5e5, 1e-6);
  ASSERT_EQ(j.cost_items.size(), 1u);
  EXPECT_EQ(j.cost_items[0].id, "track");
  // B/C over the 30-year appraisal period (0 % on these costs): a buys its 1e5 three times
  // (3e5), b runs 2e3 a year (6e4), the item is bought once with 10 of its 40 years left
  // (4e5 − 1e5 + 1e3 × 30 = 3.3e5): PV costs 6.9e5.
  EXPECT_NEAR(j.cba.pv_costs_eur, 6.9e5, 1e-6);
  EXPECT_NEAR(j.benefit_cost_ratio, j.cba.pv_benefits_eur / 6.9e5, 1e-5);
  // Alone, a carries the whole item: PV 1e5 + 4.4e5.
  const auto ja = compute_result({m, base}, {m, scen}, params, a, {}).headline;
  EXPECT_NEAR(ja.cost_eur, 5.4e5, 1e-6);
  EXPECT_NEAR(ja.equivalent_annual_cost_eur, 2.1e4, 1e-6);
}

TEST(Compare, IdenticalRunsGiveZero) {
  const auto m = two_zones();
  const auto run = make_run(100, 10, 60, 20.0, 0.0);
  const auto j = compute_result({m, run}, {m, run}, {}, cheaper_pt(), {}).headline;
  EXPECT_EQ(j.all_modes_hours_per_day, 0.0);
  EXPECT_EQ(j.logsum_hours_per_day, 0.0);
  EXPECT_TRUE(j.below_noise_floor);
}

// Benefit decomposition by hand. Zone A (NL, internal), zone B (BE, external). Commute:
// - PT A→B 10 → 12 trips, 60 → 50 generalized min per leg: ½ (10 + 12) × 20 = 220 trip-min
//   (internal resident, cross-border);
// - PT B→A 6 trips, the same 20 min saved over both legs: 6 × 20 = 120 trip-min (external
//   resident, cross-border);
// - car A→A `intra` trips, intrazonal 10 → 9 min per leg: intra × 2 trip-min (internal
//   resident, intrazonal). Car A→B unchanged.
// With intra = 50: car 100 trip-min (1.667 h ≥ the 1 h minimum, resolved, the road floor being
// 0.02 × 300 / 60 = 0.1 h). Total 440 min = 7.333 h: internal 320 min, external 120 min,
// intrazonal 100 min, domestic 0, cross-border 340 min; not mostly intrazonal (100 < 220).
// With intra = 300: car 600 trip-min of 940 in all: mostly intrazonal.
ScenarioResult decomposition_case(double intra) {
  auto m = two_zones();
  m.zones[1].external = true;
  auto base = make_run(100, 10, 60, 20.0, 0.01);
  auto scen = make_run(100, 12, 50, 20.0, 0.01);
  auto& cb = base.purposes[demand::index(demand::Purpose::commute)].weekday;
  auto& cs = scen.purposes[demand::index(demand::Purpose::commute)].weekday;
  constexpr auto kCar = 0, kPt = 1;
  cb[kPt](1, 0) = cs[kPt](1, 0) = 6.0;
  cb[kCar](0, 0) = cs[kCar](0, 0) = intra;
  base.skims.car_minutes(0, 0) = 10.0;
  scen.skims.car_minutes(0, 0) = 9.0;
  seal(base);
  seal(scen);
  return compute_result({m, base}, {m, scen}, demand::DemandParameters{}, cheaper_pt(), {});
}

TEST(Compare, BenefitDecompositionByHand) {
  const auto h = decomposition_case(50.0).headline;
  const auto& d = h.decomposition;
  constexpr auto kCar = 0, kPt = 1;
  const auto commute = demand::index(demand::Purpose::commute);
  ASSERT_TRUE(h.noise_floor.resolved[kCar]);
  EXPECT_NEAR(h.person_hours_saved_per_day, 440.0 / 60.0, 1e-4);
  EXPECT_NEAR(d.internal_residents.hours_per_day, 320.0 / 60.0, 1e-4);
  EXPECT_NEAR(d.external_residents.hours_per_day, 120.0 / 60.0, 1e-4);
  EXPECT_NEAR(d.intrazonal.hours_per_day, 100.0 / 60.0, 1e-4);
  EXPECT_EQ(d.domestic.hours_per_day, 0.0);
  EXPECT_NEAR(d.cross_border.hours_per_day, 340.0 / 60.0, 1e-4);
  // By mode and purpose.
  EXPECT_NEAR(d.intrazonal.by_mode[kCar], 100.0 / 60.0, 1e-4);
  EXPECT_EQ(d.intrazonal.by_mode[kPt], 0.0);
  EXPECT_NEAR(d.intrazonal.by_purpose[commute], 100.0 / 60.0, 1e-4);
  EXPECT_NEAR(d.cross_border.by_mode[kPt], 340.0 / 60.0, 1e-4);
  EXPECT_NEAR(d.external_residents.by_purpose[commute], 120.0 / 60.0, 1e-4);
  EXPECT_NEAR(d.internal_residents.by_mode[kCar], 100.0 / 60.0, 1e-4);
  EXPECT_FALSE(d.mostly_intrazonal);
  // Written and read back with result.json.
  EXPECT_EQ(headline_from_json(headline_json(h)).decomposition, d);
  EXPECT_TRUE(headline_json(h)["benefit_decomposition"].contains("cross_border"));

  const auto h2 = decomposition_case(300.0).headline;
  EXPECT_NEAR(h2.decomposition.intrazonal.hours_per_day, 600.0 / 60.0, 1e-4);
  EXPECT_NEAR(h2.person_hours_saved_per_day, 940.0 / 60.0, 1e-4);
  EXPECT_TRUE(h2.decomposition.mostly_intrazonal);
}

// The ranking carries the decomposition and flags a mostly intrazonal saving in its text.
TEST(Compare, RankingShowsDecompositionAndIntrazonalWarning) {
  Batch b;
  b.name = "t";
  auto r1 = decomposition_case(50.0);
  auto r2 = decomposition_case(300.0);
  r2.headline.scenario = "intra";
  const auto s = summarize(b, {r1, r2});
  EXPECT_NE(s.ranking_csv.find(",hours_internal_residents,hours_external_residents,"
                               "hours_intrazonal,hours_domestic,hours_cross_border,"
                               "mostly_intrazonal,benefit_time_eur_per_year,"),
            std::string::npos)
      << s.ranking_csv;
  EXPECT_NE(s.ranking_csv.find(",5.33333,2,1.66667,0,5.66667,false,"), std::string::npos)
      << s.ranking_csv;
  EXPECT_NE(s.ranking_csv.find(",13.6667,2,10,0,5.66667,true,"), std::string::npos)
      << s.ranking_csv;
  EXPECT_NE(s.text.find("intra"), std::string::npos);
  EXPECT_NE(s.text.find("(warning: mostly intrazonal)"), std::string::npos) << s.text;
  EXPECT_EQ(s.summary["ranking"][0]["hours_cross_border"].get<double>() +
                s.summary["ranking"][1]["hours_cross_border"].get<double>(),
            5.66667 + 5.66667);
}

// Base stops: the demand run's own loads per (stop, line) summed over the stop's lines (two
// lines here: L0 and a second one), so the stops' boardings add up to the lines' boardings.
TEST(BaseOutputs, StopBoardingsAndAlightingsSumTheRunsStopLineLoads) {
  const auto m = two_zones();
  auto run = make_run(100, 10, 60, 20.0, 0.0);
  run.pt.line_boardings_weekday = {24.0, 5.0};
  run.pt.stop_line_weekday = {
      {0, 0, 14.0, 10.0}, {0, 1, 5.0, 0.0}, {1, 0, 10.0, 14.0}, {1, 1, 0.0, 5.0}};
  const auto stops = base_stops({m, run}, demand::DemandParameters{});
  ASSERT_EQ(stops.size(), 2u);
  EXPECT_EQ(stops[0].stop_id, "A");
  EXPECT_EQ(stops[0].name, "Stop A");
  EXPECT_EQ(stops[0].daily_boardings, 19.0);
  EXPECT_EQ(stops[0].daily_alightings, 10.0);
  EXPECT_EQ(stops[1].daily_boardings, 10.0);
  EXPECT_EQ(stops[1].daily_alightings, 19.0);
  EXPECT_EQ(stops[0].daily_boardings + stops[1].daily_boardings, 24.0 + 5.0);
  EXPECT_EQ(stops_csv(stops),
            "stop_id,name,daily_boardings,daily_alightings\nA,Stop A,19,10\nB,Stop B,10,19\n");
}

// Lines and segments come from the scenario run's own PT loads, not a new assignment: the
// cross-border boardings as the run has them, segments of one line between stops of the same
// names (two routes of the line) merged into one row in order of first appearance.
TEST(Transit, LinesAndSegmentsReadTheRunsOwnSplit) {
  const auto m = two_zones();
  const auto base = make_run(100, 10, 60, 20.0, 0.01);
  auto scen = make_run(100, 12, 50, 20.01, 0.01);
  scen.pt.line_boardings_weekday = {24.0};
  scen.pt.line_cross_border_boardings_weekday = {9.5};
  scen.pt.segment_weekday = {{0, 1, 0, 12.0, 4.0}, {0, 0, 1, 12.0, 5.5}, {0, 1, 0, 1.5, 0.5}};
  const auto r = compute_result({m, base}, {m, scen}, demand::DemandParameters{}, cheaper_pt(), {});
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].daily_boardings, 24.0);
  EXPECT_EQ(r.lines[0].cross_border_boardings, 9.5);
  ASSERT_EQ(r.segments.size(), 2u);
  EXPECT_EQ(r.segments[0].line, "L0");
  EXPECT_EQ(r.segments[0].from_stop, "Stop B");
  EXPECT_EQ(r.segments[0].to_stop, "Stop A");
  EXPECT_EQ(r.segments[0].daily_passengers, 13.5);
  EXPECT_EQ(r.segments[0].cross_border_passengers, 4.5);
  EXPECT_EQ(r.segments[1].from_stop, "Stop A");
  EXPECT_EQ(r.segments[1].daily_passengers, 12.0);
  EXPECT_EQ(r.segments[1].cross_border_passengers, 5.5);
}

// The run's road demand travels with the result (network/demand.csv): per period and class, zone
// ids of the zone layer, rounded to 6 digits like every figure; written with the result, read back
// by the resume cache, and read by io::read_gmns_demand (as `corridor assign` does) on the GMNS
// export of the network, one mode and period at a time, to the same cells and totals.
TEST(GmnsDemand, WrittenWithTheResultAndReadBackByModeAndPeriod) {
  auto m = two_zones();
  m.zones[0].zone_id = 11;  // zone ids of the zone layer, not the node labels (1, 2)
  m.zones[1].zone_id = 12;
  const auto base = make_run(100, 10, 60, 20.0, 0.01);
  auto scen = make_run(100, 12, 50, 20.01, 0.01);
  scen.periods.push_back(scen.periods.front());
  scen.periods[0].name = "am";
  scen.periods[0].car_hour = mat(123.456789123, 7.25);
  scen.periods[0].truck_hour = mat(0.0, 3.5);
  scen.periods[1].name = "rest";
  scen.periods[1].car_hour = mat(40.0, 60.0);
  scen.periods[1].truck_hour = mat(2.0, 2.0);
  auto r = compute_result({m, base}, {m, scen}, demand::DemandParameters{}, cheaper_pt(), {});
  ASSERT_EQ(r.demand.size(), 7u);  // am: 2 car + 1 truck cells, rest: 2 + 2
  EXPECT_EQ(r.demand[0], (DemandRow{11, 12, "auto", "am", 123.457}));
  EXPECT_EQ(r.demand[2], (DemandRow{12, 11, "truck", "am", 3.5}));
  EXPECT_EQ(r.demand[6], (DemandRow{12, 11, "truck", "rest", 2.0}));

  const auto dir = std::filesystem::temp_directory_path() /
                   ("corridor-gmns-demand-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  write_scenario_outputs(dir, r, "in");
  const auto back = read_finished_scenario(dir, "in");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->demand, r.demand);
  report::GmnsExportOptions opt;
  opt.zone_ids = {11, 12};
  report::write_gmns_network(dir / "network", m.road, opt);
  const auto g = io::read_gmns_network(dir / "network");
  const auto file = dir / "network" / "demand.csv";
  double total = 0.0;
  for (const auto& [mode, period, cells] :
       {std::tuple{"auto", "am", mat(123.457, 7.25)}, std::tuple{"truck", "am", mat(0.0, 3.5)},
        std::tuple{"auto", "rest", mat(40.0, 60.0)}, std::tuple{"truck", "rest", mat(2.0, 2.0)}}) {
    const auto got = io::read_gmns_demand(file, g, {mode, period});
    EXPECT_TRUE(got == cells) << mode << " " << period << "\n" << got;
    total += got.sum();
  }
  double written = 0.0;
  for (const auto& x : r.demand) written += x.volume;
  EXPECT_EQ(total, written);
  // Several modes and periods are never summed silently; an unknown period is named.
  EXPECT_THROW((void)io::read_gmns_demand(file, g), InputError);
  EXPECT_THROW((void)io::read_gmns_demand(file, g, {"auto", ""}), InputError);
  EXPECT_THROW((void)io::read_gmns_demand(file, g, {"auto", "night"}), InputError);
  std::string spec = (dir / "network" / "demand.csv:auto:am").string();
  const auto sel = io::parse_gmns_demand_selection(spec);
  EXPECT_EQ(spec, file.string());
  EXPECT_EQ(sel.mode, "auto");
  EXPECT_EQ(sel.time_period, "am");
  std::filesystem::remove_all(dir);
}

// Written to a folder and read back by the resume cache: the same ScenarioResult, field by field
// (operator== over every member); a result.json missing a key, or a table missing a column, is
// not trusted (recompute), never read as 0.
TEST(ResultFiles, RoundTripAndStrictReadBack) {
  const auto m = two_zones();
  const demand::DemandParameters params;
  const auto base = make_run(100, 10, 60, 20.0, 0.01);
  const auto scen = make_run(100, 12, 50, 20.01, 0.01);
  auto r = compute_result({m, base}, {m, scen}, params, cheaper_pt(), {});
  r.headline.input_hash = "in";
  r.headline.base_hash = "b";
  ASSERT_FALSE(r.od.empty());
  ASSERT_EQ(r.links.size(), 4u);
  ASSERT_EQ(r.lines.size(), 1u);
  const auto dir =
      std::filesystem::temp_directory_path() / ("corridor-result-rt-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  write_scenario_outputs(dir, r, "in");
  const auto back = read_finished_scenario(dir, "in");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->headline, r.headline);
  EXPECT_EQ(back->links, r.links);
  EXPECT_EQ(back->od, r.od);
  EXPECT_EQ(back->zones, r.zones);
  EXPECT_EQ(back->lines, r.lines);
  EXPECT_EQ(back->segments, r.segments);
  EXPECT_TRUE(*back == r);
  EXPECT_FALSE(read_finished_scenario(dir, "other-hash").has_value());

  // A result.json without one key (consistent marker, so only the strict reader can notice).
  auto j = headline_json(r.headline);
  j.erase("benefit_cost_ratio");
  EXPECT_THROW((void)headline_from_json(j), Error);
  j = headline_json(r.headline);
  j["solver"]["scenario_relative_gap"] = "small";
  EXPECT_THROW((void)headline_from_json(j), Error);
  // A links table without its link_id column.
  ScenarioResult t;
  auto links = links_csv(r);
  links.replace(links.find("link_id"), 7, "link_no");
  EXPECT_ANY_THROW(
      read_tables(lines_csv(r), segments_csv(r), links, zones_csv(r), od_csv(r), demand_csv(r), t));
  std::filesystem::remove_all(dir);
}

// The bytes another MPI rank sends rank 0 (scenario_result_bytes): read back to the same
// ScenarioResult, field by field; rendered from that, the same bytes again. Cut short, with a
// wrong header, trailing bytes or a table that does not render back: an Error, never a result.
TEST(ResultFiles, BytesRoundTripAndStrictDecode) {
  const auto m = two_zones();
  const demand::DemandParameters params;
  const auto base = make_run(100, 10, 60, 20.0, 0.01);
  const auto scen = make_run(100, 12, 50, 20.01, 0.01);
  auto r = compute_result({m, base}, {m, scen}, params, cheaper_pt(), {});
  r.headline.input_hash = "in";
  r.headline.base_hash = "b";
  const auto bytes = scenario_result_bytes(r);
  EXPECT_EQ(bytes.rfind("result.json ", 0), 0u);
  const auto back = scenario_result_from_bytes(bytes);
  EXPECT_TRUE(back == r);
  EXPECT_EQ(scenario_result_bytes(back), bytes);
  EXPECT_THROW((void)scenario_result_from_bytes(bytes.substr(0, bytes.size() - 1)), Error);
  EXPECT_THROW((void)scenario_result_from_bytes(bytes + "x"), Error);
  EXPECT_THROW((void)scenario_result_from_bytes("lines.csv 0\n" + bytes), Error);
  EXPECT_THROW((void)scenario_result_from_bytes(""), Error);
  // od.csv with a number written "1.50" instead of "1.5", its length header fixed: it parses
  // to the same value but does not render back to the bytes that came, so it is refused.
  const auto od_at = bytes.find("od.csv ");
  ASSERT_NE(od_at, std::string::npos);
  const auto od_text_at = bytes.find('\n', od_at) + 1;
  std::string od = bytes.substr(od_text_at);
  std::smatch dot;
  const auto rows = od.substr(od.find('\n'));
  ASSERT_TRUE(std::regex_search(rows, dot, std::regex("\\.[0-9]+")));
  od.insert(od.find('\n') + static_cast<std::size_t>(dot.position(0) + dot.length(0)), "0");
  const auto bad = bytes.substr(0, od_at) + "od.csv " + std::to_string(od.size()) + "\n" + od;
  EXPECT_THROW((void)scenario_result_from_bytes(bad), Error);
}

}  // namespace
}  // namespace corridor::scenario
