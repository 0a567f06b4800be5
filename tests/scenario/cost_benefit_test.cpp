// Known answers for the cost–benefit analysis (scenario/cost_benefit.hpp) and its unit-value file
// (scenario/appraisal_parameters.hpp): the growing annuity against a year-by-year sum, reinvestment
// and residual value by hand, the operating cost of an added line from its service-km and
// vehicle-hours by hand, externalities of a known vehicle-km change, and a land-use scenario that
// gets indicators and no B/C.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "scenario/appraisal_parameters.hpp"
#include "scenario/batch.hpp"
#include "scenario/cost_benefit.hpp"
#include "scenario/result.hpp"
#include "scenario/result_io.hpp"
#include "scenario/uncertainty.hpp"

namespace corridor::scenario {
namespace {

// The obvious reference: Σ_{t=1..T} B (1 + g)^(t−1) / (1 + r)^t.
double pv_by_years(double b, double r, double g, int years) {
  double pv = 0.0;
  for (int t = 1; t <= years; ++t) pv += b * std::pow(1.0 + g, t - 1) / std::pow(1.0 + r, t);
  return pv;
}

TEST(CostBenefit, GrowingAnnuityMatchesClosedFormAndYearByYearSum) {
  // 1 M EUR a year, 2.25 %, 30 years, no growth: a(0.0225, 30) = 21.6453... (closed form).
  const double a = (1.0 - std::pow(1.0225, -30.0)) / 0.0225;
  EXPECT_NEAR(present_value_growing(1e6, 0.0225, 0.0, 30), 1e6 * a, 1e-6);
  EXPECT_NEAR(a, 21.64533, 1e-4);
  for (double g : {0.01, -0.005, 0.0225, 0.04}) {
    EXPECT_NEAR(present_value_growing(1e6, 0.0225, g, 30), pv_by_years(1e6, 0.0225, g, 30), 1e-3)
        << "growth " << g;
  }
  // r = g: every year is worth B / (1 + r).
  EXPECT_NEAR(present_value_growing(1e6, 0.03, 0.03, 10), 1e7 / 1.03, 1e-6);
  EXPECT_EQ(present_value_growing(1e6, 0.03, 0.01, 0), 0.0);
}

TEST(CostBenefit, ReinvestmentAndResidualValueByHand) {
  Cost c;
  c.given = true;
  c.investment_eur = 1e6;
  c.discount_rate = 0.0;
  // Lifetime 40 > period 30: one investment, 10/40 of it left at the horizon.
  c.lifetime_years = 40;
  EXPECT_NEAR(present_value_investment_over_period(c, 30), 1e6 - 0.25e6, 1e-6);
  // Lifetime 20: invested at t = 0 and t = 20, half of the second left at t = 30.
  c.lifetime_years = 20;
  EXPECT_NEAR(present_value_investment_over_period(c, 30), 2e6 - 0.5e6, 1e-6);
  // Lifetime 15: t = 0 and 15, nothing left at t = 30.
  c.lifetime_years = 15;
  EXPECT_NEAR(present_value_investment_over_period(c, 30), 2e6, 1e-6);
  // Discounted at 3 %, lifetime 20, with 1e4 a year running cost:
  // 1e6 + 1e6/1.03^20 − 0.5e6/1.03^30 + 1e4 a(0.03, 30).
  c.discount_rate = 0.03;
  c.lifetime_years = 20;
  c.operating_eur_per_year = 1e4;
  const double want = 1e6 + 1e6 / std::pow(1.03, 20) - 0.5e6 / std::pow(1.03, 30) +
                      1e4 * (1.0 - std::pow(1.03, -30.0)) / 0.03;
  EXPECT_NEAR(present_value_cost_over_period(c, 30), want, 1e-6);
}

AppraisalParameters unit_values() {
  AppraisalParameters p;
  p.values_of_time = default_values_of_time();  // annualisation 300
  p.discount_rate = 0.0;
  p.period_years = 10;
  p.co2_eur_per_tonne = 100.0;
  p.car_co2_kg_per_km = 0.15;
  p.truck_co2_kg_per_km = 0.8;
  p.car_accident_eur_per_km = 0.1;
  p.truck_accident_eur_per_km = 0.2;
  p.operating["bus"] = {90.0, 0.0, 1.2};
  p.operating["rail"] = {0.0, 20.0, 1.15};
  return p;
}

// 1,000 fewer car-km and 100 more truck-km a weekday: CO2 (1000 × 0.15 − 100 × 0.8) kg = 70 kg
// = 0.07 t × 100 EUR = 7 EUR; accidents 1000 × 0.1 − 100 × 0.2 = 80 EUR; × 300 days.
TEST(CostBenefit, ExternalitiesOfAKnownVehicleKmChange) {
  CbaQuantities q;
  q.car_vehicle_km_delta = -1000.0;
  q.truck_vehicle_km_delta = 100.0;
  const auto cb = appraise(q, unit_values());
  EXPECT_NEAR(cb.co2_eur_per_year, 7.0 * 300, 1e-9);
  EXPECT_NEAR(cb.accidents_eur_per_year, 80.0 * 300, 1e-9);
  EXPECT_NEAR(cb.externalities_eur_per_year, 87.0 * 300, 1e-9);
  EXPECT_NEAR(cb.benefits_eur_per_year, 87.0 * 300, 1e-9);
  EXPECT_NEAR(cb.pv_benefits_eur, 87.0 * 300 * 10, 1e-6);  // 0 %, 10 years
  EXPECT_EQ(cb.pv_costs_eur, 0.0);
  EXPECT_EQ(cb.benefit_cost_ratio, 0.0);  // no cost: not meaningful
  EXPECT_NEAR(cb.npv_eur, 87.0 * 300 * 10, 1e-6);
}

// Time by country and purpose, trucks, travellers' cost, fares and a given cost, by hand.
TEST(CostBenefit, StreamsAndRatioByHand) {
  CbaQuantities q;
  q.time_hours["NL"] = {10.0, 2.0, 0.0, 4.0};  // commute, business, education, other
  q.time_hours["BE"] = {1.0, 0.0, 0.0, 0.0};
  q.truck_hours = 1.0;
  q.user_cost_eur = -50.0;
  q.fare_revenue_eur = 20.0;
  Cost c;
  c.given = true;
  c.investment_eur = 1e6;
  c.lifetime_years = 10;
  c.discount_rate = 0.0;
  q.costs = {c};
  const auto p = unit_values();
  const auto& v = p.values_of_time;
  const auto cb = appraise(q, p);
  const double time_day = 10 * v.nl[0] + 2 * v.nl[1] + 4 * v.nl[3] + 1 * v.nl[0] +
                          1 * v.truck_eur_per_h;  // BE not in by_country: NL values
  EXPECT_NEAR(cb.time_eur_per_year, time_day * 300, 1e-6);
  EXPECT_NEAR(cb.user_cost_eur_per_year, -50.0 * 300, 1e-9);
  EXPECT_NEAR(cb.operator_revenue_eur_per_year, 20.0 * 300, 1e-9);
  const double b = (time_day - 50.0 + 20.0) * 300;
  EXPECT_NEAR(cb.benefits_eur_per_year, b, 1e-6);
  EXPECT_NEAR(cb.pv_costs_eur, 1e6, 1e-6);
  EXPECT_NEAR(cb.benefit_cost_ratio, b * 10 / 1e6, 1e-12);
  EXPECT_NEAR(cb.npv_eur, b * 10 - 1e6, 1e-6);
}

// Operating cost of an added line from its service by hand. Bus A–B, stops 10 km apart as the
// crow flies (0.0899° of latitude), 30 min run, 20 min peak / 30 min off-peak headway, 16 service
// hours, both directions: departures per direction = 5 h × 3 + 11 h × 2 = 37, × 2 = 74 runs a
// weekday; 74 × 30 min = 37 vehicle-hours × 90 EUR = 3,330 EUR a weekday, 999,000 EUR a year.
// Route km = 74 × 10 × 1.2 = 888 (not costed for bus).
model::RegionModel one_line_region(bool with_line) {
  model::RegionModel m;
  m.zones = {{"Zone A", "Aa", "NL", "west", 51.0, 5.0, 1000, 500, false, 1},
             {"Zone B", "Bb", "NL", "east", 51.0 + 0.0899322, 5.0, 2000, 800, false, 2}};
  std::vector<network::NodeSpec> nodes = {{1, 5.0, 51.0}, {2, 5.0, 51.0899322}};
  network::LinkSpec ab;
  ab.from = NodeId(0);
  ab.to = NodeId(1);
  ab.length = 10.0;
  ab.free_flow_minutes = 10.0;
  ab.capacity = 1000;
  auto ba = ab;
  ba.from = NodeId(1);
  ba.to = NodeId(0);
  m.road = network::RoadNetwork::build(nodes, {ab, ba}, 2, 2);
  m.lanes.assign(2, 1.0);
  m.facility_types.assign(2, "primary");
  m.transit.stops = {{"A", "Stop A", 51.0, 5.0, ZoneId(0), "bus", 1.0},
                     {"B", "Stop B", 51.0899322, 5.0, ZoneId(1), "bus", 1.0}};
  if (with_line) {
    transit::Line l;
    l.id = "L1";
    l.mode = transit::Mode::bus;
    l.headway_peak_min = 20;
    l.headway_offpeak_min = 30;
    l.service_hours = 16;
    l.stops = {{0, 0.0}, {1, 30.0}};
    m.transit.lines = {l};
  }
  m.content_hash = with_line ? "with" : "without";
  return m;
}

demand::ModelRun quiet_run() {
  demand::ModelRun r;
  auto zero = [] { return OdMatrix::Zero(2, 2); };
  for (auto& p : r.purposes) {
    for (auto& w : p.weekday) w = zero();
    p.logsum = zero();
  }
  r.truck_weekday = zero();
  r.car_peak_hour = zero();
  r.truck_peak_hour = zero();
  auto& s = r.skims;
  s.car_minutes = OdMatrix::Constant(2, 2, 10.0);
  s.car_km = OdMatrix::Constant(2, 2, 10.0);
  s.bike_minutes = OdMatrix::Constant(2, 2, 40.0);
  s.bike_km = OdMatrix::Constant(2, 2, 10.0);
  s.pt_in_vehicle_minutes = OdMatrix::Constant(2, 2, 30.0);
  s.pt_wait_minutes = OdMatrix::Constant(2, 2, 10.0);
  s.pt_walk_minutes = OdMatrix::Constant(2, 2, 5.0);
  s.pt_boardings = OdMatrix::Constant(2, 2, 1.0);
  s.pt_generalized_minutes = OdMatrix::Constant(2, 2, 52.5);
  r.road.link_flow.assign(2, 0.0);
  r.road.link_time.assign(2, 10.0);
  r.road.class_flow.assign(2, std::vector<double>(2, 0.0));
  r.history.push_back({});
  for (auto& p : r.purposes) p.skims = r.skims;  // one period: the choice skims are the period's
  return r;
}

TEST(CostBenefit, OperatingCostOfAnAddedLineFromItsServiceByHand) {
  const auto without = one_line_region(false);
  const auto with = one_line_region(true);
  const auto run = quiet_run();
  Scenario s;
  s.name = "bus";
  s.parts = {"bus"};
  auto p = unit_values();
  const auto r = compute_result({without, run}, {with, run}, {}, s, {}, p, "test");
  const auto& sv = r.headline.quantities.service.at("bus");
  EXPECT_EQ(sv.vehicle_hours_before, 0.0);
  EXPECT_NEAR(sv.vehicle_hours_after, 37.0, 1e-4);
  EXPECT_NEAR(sv.vehicle_km_after, 888.0, 0.01);  // 74 runs × 10.0 km × 1.2
  EXPECT_NEAR(r.headline.cba.operator_cost_eur_per_year, 37.0 * 90.0 * 300, 1.0);
  // No cost table, no travellers: the only cost is the bus, 10 years at 0 %.
  EXPECT_NEAR(r.headline.cba.pv_costs_eur, 37.0 * 90.0 * 300 * 10, 10.0);
  EXPECT_NEAR(r.headline.cba.npv_eur, -37.0 * 90.0 * 300 * 10, 10.0);
  // The same line run as rail is costed per train-km: 74 × 10 × 1.15 km × 20 EUR.
  auto rail = with;
  rail.transit.lines[0].mode = transit::Mode::rail;
  const auto rr = compute_result({without, run}, {rail, run}, {}, s, {}, p, "test");
  EXPECT_NEAR(rr.headline.cba.operator_cost_eur_per_year, 74 * 10.0 * 1.15 * 20.0 * 300, 30.0);
}

// A combination's PT operating cost under a draw, part by part. Part "a" adds bus LA (the line
// above: 37 vehicle-hours a weekday, 3,330 EUR); part "b" adds bus LB, A-B in 20 min every 10 min
// for the 5 peak hours only, both directions: 5 x 6 x 2 = 60 runs x 20 min = 20 vehicle-hours,
// 1,800 EUR. Operating cost drawn x1.5 for "a" and x0.5 for "b": 1.5 x 3,330 + 0.5 x 1,800 =
// 5,895 EUR a weekday (one factor for all of the combination's service would give 0.75 x 5,130 =
// 3,847.5 or, per input, something else again). A line both parts change is split between them.
Scenario line_scenario(const std::string& name, const std::string& body) {
  return parse_scenario("name = \"" + name + "\"\ndescription = \"d\"\nbase = \".\"\n" +
                            "assumptions = \"test\"\n" + body,
                        name + ".toml", ".");
}

TEST(CostBenefit, CombinationOperatingCostEachPartAtItsOwnFactor) {
  const auto base = one_line_region(false);
  const auto a = line_scenario("a",
                               "[[pt.add_line]]\nid = \"LA\"\nmode = \"bus\"\n"
                               "stops = [\"A\", \"B\"]\nminutes = [0.0, 30.0]\n"
                               "headway_peak_min = 20.0\nheadway_offpeak_min = 30.0\n"
                               "service_hours = 16.0\n");
  const auto b = line_scenario("b",
                               "[[pt.add_line]]\nid = \"LB\"\nmode = \"bus\"\n"
                               "stops = [\"A\", \"B\"]\nminutes = [0.0, 20.0]\n"
                               "headway_peak_min = 10.0\nheadway_offpeak_min = 0.0\n"
                               "service_hours = 16.0\n");
  const auto ab = combine({&a, &b}, "a+b");
  AppliedChanges changes;
  const auto edited = apply_edits(base, ab, &changes);
  EXPECT_EQ(changes.line_parts.at("LA"), std::vector<std::size_t>{0});
  EXPECT_EQ(changes.line_parts.at("LB"), std::vector<std::size_t>{1});
  const auto p = unit_values();

  const auto parts = service_by_part(base.transit, edited.transit, changes, 2, p);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_NEAR(parts[0].at("bus").vehicle_hours_after, 37.0, 1e-4);
  EXPECT_NEAR(parts[1].at("bus").vehicle_hours_after, 20.0, 1e-9);
  EXPECT_NEAR(operator_cost_per_weekday(parts, {1.0, 1.0}, p), 57.0 * 90.0, 1e-3);

  // The draw's factors per part, from two operating inputs.
  UncertaintySpec spec;
  UncertainInput ia, ib;
  ia.name = "op-a";
  ia.kind = ib.kind = InputKind::operating;
  ia.scenarios = {"a"};
  ib.name = "op-b";
  ib.scenarios = {"b"};
  spec.inputs = {ia, ib};
  const auto factors = operating_factors(ab, spec, {1.5, 0.5});
  EXPECT_EQ(factors, (std::vector<double>{1.5, 0.5}));
  EXPECT_NEAR(operator_cost_per_weekday(parts, factors, p), 5895.0, 1e-2);
  EXPECT_EQ(operating_factors(a, spec, {1.5, 0.5}), std::vector<double>{1.5});

  // Through the appraisal: the year's operating cost is the weekday's x 300.
  const auto run = quiet_run();
  auto r = compute_result({base, run}, {edited, run}, {}, ab, changes, p, "test");
  EXPECT_NEAR(r.headline.cba.operator_cost_eur_per_year, 57.0 * 90.0 * 300, 1.0);
  apply_appraisal(r.headline, p, operator_cost_per_weekday(parts, factors, p));
  EXPECT_NEAR(r.headline.cba.operator_cost_eur_per_year, 5895.0 * 300, 3.0);

  // Part "b" also halves LA's peak headway: LA's change is now both parts', half each.
  auto b2 = line_scenario("b",
                          "[[pt.add_line]]\nid = \"LB\"\nmode = \"bus\"\n"
                          "stops = [\"A\", \"B\"]\nminutes = [0.0, 20.0]\n"
                          "headway_peak_min = 10.0\nheadway_offpeak_min = 0.0\n"
                          "service_hours = 16.0\n[[pt.change_headway]]\nline = \"LA\"\n"
                          "headway_peak_min = 10.0\n");
  const auto ab2 = combine({&a, &b2}, "a+b");
  AppliedChanges ch2;
  const auto edited2 = apply_edits(base, ab2, &ch2);
  EXPECT_EQ(ch2.line_parts.at("LA"), (std::vector<std::size_t>{0, 1}));
  const auto parts2 = service_by_part(base.transit, edited2.transit, ch2, 2, p);
  // LA: 5 h x 6 + 11 h x 2 = 52 per direction, 104 runs x 0.5 h = 52 vehicle-hours.
  EXPECT_NEAR(parts2[0].at("bus").vehicle_hours_after, 26.0, 1e-9);
  EXPECT_NEAR(parts2[1].at("bus").vehicle_hours_after, 26.0 + 20.0, 1e-9);
  EXPECT_NEAR(operator_cost_per_weekday(parts2, factors, p), (1.5 * 26.0 + 0.5 * 46.0) * 90.0,
              1e-3);
}

// The rule of a half split into its time and money parts adds up to the generalized saving: 100
// car commuters A→B whose route gets 3 km shorter at the same time save no time and
// 100 × 2 legs × 3 km × €/km ÷ occupancy in running cost, which at the model's value of time is
// the whole generalized saving.
TEST(CostBenefit, TimeAndMoneyPartsAddUpToTheGeneralizedSaving) {
  const auto m = one_line_region(false);
  auto base = quiet_run();
  auto scen = quiet_run();
  const auto car = demand::index(demand::Mode::car);
  const auto commute = demand::index(demand::Purpose::commute);
  base.purposes[commute].weekday[car](0, 1) = 100.0;
  scen.purposes[commute].weekday[car](0, 1) = 100.0;
  scen.skims.car_km = OdMatrix::Constant(2, 2, 7.0);  // 10 → 7 km each way
  for (auto& p : scen.purposes) p.skims.car_km = scen.skims.car_km;
  const demand::DemandParameters params;
  Scenario s;
  s.name = "shorter";
  s.parts = {"shorter"};
  const auto r = compute_result({m, base}, {m, scen}, params, s, {}, unit_values(), "test");
  const auto& h = r.headline;
  const auto& pp = params.purposes[commute];
  const double eur = 100.0 * 2.0 * 3.0 * params.modes.car_cost_eur_km / pp.car_occupancy;
  EXPECT_NEAR(h.quantities.user_cost_eur, eur, 1e-4 * eur);
  EXPECT_NEAR(h.quantities.time_hours.at("NL")[commute], 0.0, 1e-9);
  EXPECT_NEAR(h.person_hours_saved_per_day, eur / pp.value_of_time_eur_h, 1e-4 * eur);
  EXPECT_NEAR(h.cba.user_cost_eur_per_year, eur * 300, 1e-4 * eur * 300);
  EXPECT_NEAR(h.cba.time_eur_per_year, 0.0, 1e-6);  // the two parts cancel to rounding
}

// The valuation is a pure function of the stored quantities: a result read back from result.json
// and revalued with the same unit values gives the same figures, and with other unit values
// (double the bus cost) exactly the change the unit value implies, without a model run.
TEST(CostBenefit, RevaluingAReadBackResultNeedsNoModelRun) {
  const auto without = one_line_region(false);
  const auto with = one_line_region(true);
  const auto run = quiet_run();
  Scenario s;
  s.name = "bus";
  s.parts = {"bus"};
  const auto p = unit_values();
  const auto r = compute_result({without, run}, {with, run}, {}, s, {}, p, "test");
  auto back = headline_from_json(headline_json(r.headline));
  EXPECT_EQ(back, r.headline);
  const auto sp = scenario_appraisal(p, with, s);
  apply_appraisal(back, sp);
  round_appraisal(back);
  EXPECT_EQ(back.cba, r.headline.cba);
  auto dear = sp;
  dear.operating["bus"].eur_per_vehicle_hour *= 2.0;
  apply_appraisal(back, dear);
  EXPECT_NEAR(back.cba.operator_cost_eur_per_year, 2.0 * r.headline.cba.operator_cost_eur_per_year,
              1e-6 * r.headline.cba.operator_cost_eur_per_year);
}

// A land-use scenario (jobs added to a zone): indicators, no valuation, and a separate ranking.
TEST(CostBenefit, LandUseScenarioGetsIndicatorsAndNoRatio) {
  const auto base_model = one_line_region(true);
  auto lu_model = base_model;
  lu_model.zones[1].jobs += 2000;
  const auto run = quiet_run();
  auto s = parse_scenario(
      "name = \"jobs\"\ndescription = \"d\"\nbase = \".\"\nassumptions = \"a\"\n"
      "[[land_use]]\nzone = \"Zone B\"\njobs_delta = 2000\n"
      "[cost]\ninvestment_eur = 1e6\n",
      "jobs.toml", "/data");
  const auto r =
      compute_result({base_model, run}, {lu_model, run}, {}, s, {}, unit_values(), "test");
  const auto& h = r.headline;
  EXPECT_TRUE(h.land_use);
  EXPECT_EQ(h.cba, CostBenefit{});
  EXPECT_EQ(h.benefit_cost_ratio, 0.0);
  EXPECT_EQ(h.benefit_eur_per_year, 0.0);
  // Jobs within 30 min by car: zone A reaches B (10 min) and itself, so both zones reach all jobs:
  // 1,300 before, 3,300 after, for every resident.
  EXPECT_NEAR(h.indicators.jobs_car_before[0], 1300.0, 1e-6);
  EXPECT_NEAR(h.indicators.jobs_car_after[0], 3300.0, 1e-6);
  // Written and read back: the same indicators and the land-use flag.
  const auto back = headline_from_json(headline_json(h));
  EXPECT_EQ(back.land_use, true);
  EXPECT_EQ(back.indicators, h.indicators);
  EXPECT_EQ(back.quantities, h.quantities);
  // In a batch summary it is ranked apart: not in ranking.csv, in land_use.csv, no "B/C".
  ScenarioResult other = r;
  other.headline.scenario = "transport";
  other.headline.land_use = false;
  Batch b;
  b.name = "mixed";
  const auto sum = summarize(b, {r, other});
  EXPECT_EQ(sum.order, (std::vector<std::size_t>{1}));
  EXPECT_EQ(sum.land_use_order, (std::vector<std::size_t>{0}));
  EXPECT_EQ(sum.ranking_csv.find("\n1,jobs,"), std::string::npos) << sum.ranking_csv;
  EXPECT_NE(sum.land_use_csv.find("\n1,jobs,"), std::string::npos) << sum.land_use_csv;
  EXPECT_EQ(sum.summary["land_use_ranking"][0]["scenario"], "jobs");
  EXPECT_TRUE(sum.summary["appraisal"].contains("bc_includes"));
  EXPECT_TRUE(sum.summary["appraisal"].contains("bc_leaves_out"));
  EXPECT_NE(sum.text.find("Land-use scenarios (no B/C"), std::string::npos) << sum.text;
}

TEST(AppraisalFile, ConvertsPricesAndRejectsBadInput) {
  const std::string good = R"(price_year = 2022
[price_index]
source = "test"
years = [2016, 2022]
cpi = [100.0, 120.0]
[discounting]
rate = { value = 0.0225, source = "s" }
period_years = { value = 30, source = "s" }
demand_growth_per_year = { value = 0.01, source = "s" }
[co2]
eur_per_tonne = { value = 100, price_year = 2016, source = "s" }
car_kg_per_km = { value = 0.15, source = "s" }
truck_kg_per_km = { value = 0.8, source = "s" }
[accidents]
car_eur_per_km = { value = 0.1, price_year = 2022, source = "s" }
truck_eur_per_km = { value = 0.1, price_year = 2022, source = "s" }
[operating.bus]
eur_per_vehicle_hour = { value = 90, price_year = 2022, source = "s" }
eur_per_vehicle_km = { value = 0, price_year = 2022, source = "s" }
km_per_crow_km = { value = 1.2, source = "s" }
)";
  const auto f = parse_appraisal_parameters(good, "a.toml");
  EXPECT_NEAR(f.params.co2_eur_per_tonne, 120.0, 1e-12);  // 2016 → 2022 prices
  EXPECT_NEAR(f.params.demand_growth, 0.01, 1e-15);
  EXPECT_NEAR(f.params.operating.at("bus").eur_per_vehicle_hour, 90.0, 1e-12);
  EXPECT_EQ(f.rows.size(), 11u);
  auto expect_error = [&](const std::string& from, const std::string& to, const std::string& msg) {
    auto text = good;
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    try {
      parse_appraisal_parameters(text, "a.toml");
      ADD_FAILURE() << "no error for " << to;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(msg), std::string::npos) << e.what();
    }
  };
  expect_error("price_year = 2016, ", "price_year = 2010, ", "co2.eur_per_tonne.price_year");
  expect_error("eur_per_tonne = { value = 100, price_year = 2016, source = \"s\" }",
               "eur_per_tonne = { value = 100, source = \"s\" }", "price_year");
  expect_error("car_kg_per_km = { value = 0.15, source = \"s\" }",
               "car_kg_per_km = { value = 0.15 }", "co2.car_kg_per_km.source");
  expect_error("rate = { value = 0.0225", "rate = { value = 0.5", "discounting.rate.value");
  expect_error("[co2]\n", "[co2]\nmystery = 1\n", "co2.mystery");
}

}  // namespace
}  // namespace corridor::scenario
