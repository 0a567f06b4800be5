// The feedback loop on toy networks with known answers:
// - two zones, two modes (car, bike), car time rising with car flow: the MSA loop must reach the
//   analytic fixed point q = T · P_car(t(q)) (solved here by bisection on the scalar equation);
// - four zones in two countries: the border calibration reproduces its target, and the penalty
//   equals the closed form ln 4 of the symmetric doubly constrained case.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "demand/model_run.hpp"

namespace corridor::demand {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Skims uniform_skims(Eigen::Index n, double car_minutes, double bike_minutes) {
  Skims s;
  s.car_minutes = OdMatrix::Constant(n, n, car_minutes);
  s.car_km = OdMatrix::Constant(n, n, 10.0);
  s.bike_minutes = OdMatrix::Constant(n, n, bike_minutes);
  s.bike_km = OdMatrix::Constant(n, n, 5.0);
  // Walk: beyond walk_max_km, unavailable (these cases are about car and bike).
  s.walk_km = OdMatrix::Constant(n, n, 50.0);
  s.walk_minutes = s.walk_km * (60.0 / 4.8);
  for (auto* m : {&s.pt_in_vehicle_minutes, &s.pt_wait_minutes, &s.pt_walk_minutes, &s.pt_boardings,
                  &s.pt_generalized_minutes}) {
    *m = OdMatrix::Constant(n, n, kInf);
  }
  return s;
}

// Car time on 0→1 = t0 + slope · (car vehicles 0→1 in the assigned hour); everything else fixed.
class ToyNetwork final : public NetworkModel {
 public:
  ToyNetwork(Eigen::Index n, double t0, double slope, double bike)
      : n_(n), t0_(t0), slope_(slope), bike_(bike) {}
  Skims initial_skims(std::size_t) override { return at(0.0); }
  Skims assign_road(std::size_t, const OdMatrix& car, const OdMatrix&,
                    assignment::AssignmentResult& road) override {
    road = {};
    road.relative_gap = 0.0;
    ++assignments;
    return at(car(0, 1));
  }
  PtLoads assign_pt(const OdMatrix&) override { return {}; }
  std::pair<double, double> truck_share_flows(const assignment::AssignmentResult&) const override {
    return {0.0, 0.0};
  }
  int assignments = 0;

 private:
  Skims at(double q) const {
    Skims s = uniform_skims(n_, t0_, bike_);
    s.car_minutes(0, 1) = t0_ + slope_ * q;
    return s;
  }
  Eigen::Index n_;
  double t0_, slope_, bike_;
};

DemandParameters commute_only() {
  DemandParameters p;
  for (auto& q : p.purposes) {
    q.trips_per_resident = 0.0;
    q.trips_per_job = 0.0;
  }
  auto& c = p.purposes[index(Purpose::commute)];
  c.trips_per_resident = 0.30;
  c.attr_per_job = 1.0;
  c.attr_per_resident = 0.0;
  c.car_occupancy = 1.0;
  c.theta_per_min = 0.1;
  c.asc = {0.0, 0.0, 0.0, 0.0};
  c.doubly_constrained = true;
  p.modes.car_cost_eur_km = 0.0;
  p.modes.car_terminal_min = 0.0;
  p.modes.bike_long_penalty_min = 0.0;
  // One period, the whole day: the assigned hour carries a quarter of the day's trips.
  TimePeriod day;
  day.name = "day";
  day.hours = 24.0;
  day.outbound_share = {1.0, 1.0, 1.0, 1.0};
  day.return_share = {1.0, 1.0, 1.0, 1.0};
  day.truck_share = 1.0;
  day.through_car_share = 1.0;
  day.peak_hour_factor = 0.25;
  day.pt_service_hours = 18.0;
  p.periods = {day};
  p.border.calibrate = false;
  p.border.penalty_utils[index(Purpose::commute)] = 0.0;
  p.freight.through_routes.clear();
  p.freight.local_trucks_per_job = 0.0;
  p.freight.calibrate = false;
  return p;
}

TEST(Feedback, TwoZonesTwoModesReachesAnalyticFixedPoint) {
  DemandParameters p = commute_only();
  p.feedback.tolerance = 1e-6;
  p.feedback.max_loops = 500;
  std::vector<ZoneInput> zones{{"Home", "A", "NL", 1000.0, 0.0, false},
                               {"Work", "B", "NL", 0.0, 1000.0, false}};
  const double t0 = 10.0;
  const double slope = 0.2;
  const double bike = 20.0;
  ToyNetwork net(2, t0, slope, bike);
  const ModelRun run = run_model(zones, net, p);
  ASSERT_TRUE(run.converged) << run.history.size() << " loops";

  // Analytic fixed point: 300 trips 0→1; vehicles in the hour q = 300 · 0.25 · P_car (the
  // return legs 1→0 meet an empty road), the choice sees the mean of the two legs,
  // P_car = 1 / (1 + exp(θ ((t0 + slope q + t0) / 2 − bike))). g(q) = q − 75 P_car(q) increases.
  const double theta = 0.1;
  auto g = [&](double q) {
    return q - 75.0 / (1.0 + std::exp(theta * (t0 + 0.5 * slope * q - bike)));
  };
  double lo = 0.0;
  double hi = 75.0;
  for (int i = 0; i < 200; ++i) ((g(0.5 * (lo + hi)) > 0.0) ? hi : lo) = 0.5 * (lo + hi);
  const double q_star = 0.5 * (lo + hi);
  const double car_trips = run.purposes[index(Purpose::commute)].weekday[index(Mode::car)](0, 1);
  EXPECT_NEAR(run.car_peak_hour(0, 1), q_star, 1e-3 * q_star);
  EXPECT_NEAR(car_trips, 4.0 * q_star, 4e-3 * q_star);
  const double bike_trips = run.purposes[index(Purpose::commute)].weekday[index(Mode::bike)](0, 1);
  EXPECT_NEAR(car_trips + bike_trips, 300.0, 1e-6);
  // The loop's skims are those of the final demand.
  EXPECT_NEAR(run.skims.car_minutes(0, 1), t0 + slope * run.car_peak_hour(0, 1), 1e-9);
  // Convergence history is reported and ends below the tolerance.
  ASSERT_FALSE(run.history.empty());
  EXPECT_LT(run.history.back().demand_change, p.feedback.tolerance);
  EXPECT_EQ(net.assignments, static_cast<int>(run.history.size()));
  // Mode shares add up.
  EXPECT_NEAR(run.summary.mode_share[0] + run.summary.mode_share[1] + run.summary.mode_share[2],
              1.0, 1e-12);
}

TEST(Feedback, IsDeterministic) {
  DemandParameters p = commute_only();
  std::vector<ZoneInput> zones{{"Home", "A", "NL", 1000.0, 0.0, false},
                               {"Work", "B", "NL", 0.0, 1000.0, false}};
  ToyNetwork a(2, 10.0, 0.2, 20.0);
  ToyNetwork b(2, 10.0, 0.2, 20.0);
  const ModelRun ra = run_model(zones, a, p);
  const ModelRun rb = run_model(zones, b, p);
  EXPECT_EQ(ra.car_peak_hour, rb.car_peak_hour);
  EXPECT_EQ(ra.history.size(), rb.history.size());
}

// A border target between zone index lists (as resolve_zone_sets would fill them).
CommuteTarget target(const char* id, std::vector<std::uint32_t> from, std::vector<std::uint32_t> to,
                     double trips, const char* bonus = "") {
  CommuteTarget t;
  t.id = id;
  t.name = id;
  t.from = "from";
  t.to = "to";
  t.trips = trips;
  t.bonus = bonus;
  t.from_zones = std::move(from);
  t.to_zones = std::move(to);
  return t;
}

double flow(const ModelRun& run, const std::string& id) {
  for (const auto& [k, v] : run.summary.commute_flows) {
    if (k == id) return v;
  }
  ADD_FAILURE() << "no flow " << id;
  return 0.0;
}

TEST(BorderCalibration, ReproducesBothDirectionsAndClosedFormPenalty) {
  // Two home zones (BE, NL) and two work zones (NL, BE), all at the same cost, 300 commuters each.
  // Targets BE→NL 60, NL→BE 30: the margins give BE work 300 − (60 − 30) = 270 and NL work 330,
  // so BE home → (NL 60, BE 240), NL home → (BE 30, NL 270). Gravity T = r_i s_j e^{−b·cross}:
  // (60/240)(30/270) = e^{−2b}, b = ½ ln 36 = ln 6.
  DemandParameters p = commute_only();
  p.border.calibrate = true;
  // zones: 0 BE home, 1 NL home, 2 NL work, 3 BE work
  p.border.targets = {target("be_to_nl", {0, 3}, {1, 2}, 60.0),
                      target("nl_to_be", {1, 2}, {0, 3}, 30.0),
                      target("be_to_city", {0, 3}, {2}, 10.0, "city")};
  p.border.targets[2].calibrate = false;  // a check only
  std::vector<ZoneInput> zones{{"BE home", "X", "BE", 1000.0, 0.0, false},
                               {"NL home", "Y", "NL", 1000.0, 0.0, false},
                               {"NL work", "Z", "NL", 0.0, 1000.0, false},
                               {"BE work", "W", "BE", 0.0, 1000.0, false}};
  ToyNetwork net(4, 20.0, 0.0, 20.0);
  const ModelRun run = run_model(zones, net, p);
  EXPECT_NEAR(flow(run, "be_to_nl"), 60.0, 60.0 * 1e-9);
  EXPECT_NEAR(flow(run, "nl_to_be"), 30.0, 30.0 * 1e-9);
  EXPECT_NEAR(run.border_penalty_utils, std::log(6.0), 1e-9);
  const auto& t = run.purposes[index(Purpose::commute)].weekday;
  EXPECT_NEAR(t[0](0, 3) + t[1](0, 3) + t[2](0, 3), 240.0, 1e-6);
  // The check-only bonus target: BE home -> NL work is all of BE -> NL (60), bonus stays 0.
  EXPECT_NEAR(flow(run, "be_to_city"), 60.0, 1e-6);
  EXPECT_EQ(run.bonus_utils[2], 0.0);
  ASSERT_EQ(run.calibration.size(), 3u);  // no truck-share statistic
  EXPECT_TRUE(run.calibration[0].calibrated);
  EXPECT_TRUE(run.calibration[1].calibrated);
  EXPECT_FALSE(run.calibration[2].calibrated);
  EXPECT_EQ(run.calibration[2].name, "be_to_city");
}

TEST(BorderCalibration, EindhovenBonusClosedForm) {
  // As above, plus a second NL work zone in Eindhoven with 1000 jobs. Targets BE→NL 60 of which
  // 40 to Eindhoven, NL→BE 30. Margins: BE work 270, NL work 330 + Eindhoven (split by the fit).
  // With equal costs the Eindhoven bonus is ln of the BE-row ratio Eindhoven / other NL work
  // divided by the same ratio of the NL row (which has no bonus): checked against that identity.
  DemandParameters p = commute_only();
  p.border.calibrate = true;
  // zones: 0 BE home, 1 NL home, 2 NL work, 3 BE work, 4 EHV work
  p.border.targets = {target("be_to_nl", {0, 3}, {1, 2, 4}, 60.0),
                      target("nl_to_be", {1, 2, 4}, {0, 3}, 30.0),
                      target("be_to_eindhoven", {0, 3}, {4}, 40.0, "eindhoven")};
  std::vector<ZoneInput> zones{{"BE home", "X", "BE", 1000.0, 0.0, false},
                               {"NL home", "Y", "NL", 2000.0, 0.0, false},
                               {"NL work", "Z", "NL", 0.0, 1000.0, false},
                               {"BE work", "W", "BE", 0.0, 1000.0, false},
                               {"EHV work", "Eindhoven", "NL", 0.0, 1000.0, false}};
  ToyNetwork net(5, 20.0, 0.0, 20.0);
  const ModelRun run = run_model(zones, net, p);
  const auto& m = run.purposes[index(Purpose::commute)].weekday;
  const OdMatrix t = m[0] + m[1] + m[2];
  EXPECT_NEAR(flow(run, "be_to_nl"), 60.0, 1e-8);
  EXPECT_NEAR(flow(run, "nl_to_be"), 30.0, 1e-8);
  EXPECT_NEAR(flow(run, "be_to_eindhoven"), 40.0, 1e-8);
  const double bonus = std::log((t(0, 4) / t(0, 2)) / (t(1, 4) / t(1, 2)));
  EXPECT_NEAR(run.bonus_utils[2], bonus, 1e-9);
  EXPECT_GT(run.bonus_utils[2], 0.0);
  EXPECT_TRUE(run.calibration[2].calibrated);
  // Fixing the calibration reproduces the same matrices without calibrating.
  const DemandParameters fixed = fixed_calibration(p, run);
  EXPECT_FALSE(fixed.border.calibrate);
  ToyNetwork net2(5, 20.0, 0.0, 20.0);
  const ModelRun again = run_model(zones, net2, fixed);
  EXPECT_NEAR(flow(again, "be_to_eindhoven"), 40.0, 1e-6);
  EXPECT_NEAR(flow(again, "nl_to_be"), 30.0, 1e-6);
  EXPECT_EQ(fixed.border.targets[2].bonus_utils, run.bonus_utils[2]);
}

TEST(BorderCalibration, BonusPairsOutsideEveryPenaltyTargetAreAnInputError) {
  DemandParameters p = commute_only();
  p.source = "demand.toml";
  p.border.calibrate = true;
  p.border.targets = {target("a_to_b", {0}, {1}, 10.0), target("b_to_a", {1}, {0}, 5.0, "x")};
  p.border.targets[1].line = 17;
  std::vector<ZoneInput> zones{{"A", "A", "AA", 1000.0, 1000.0, false},
                               {"B", "B", "BB", 1000.0, 1000.0, false}};
  ToyNetwork net(2, 20.0, 0.0, 20.0);
  try {
    run_model(zones, net, p);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "demand.toml");
    EXPECT_EQ(e.where().line, 17u);
    EXPECT_NE(std::string(e.what()).find("must be pairs of a penalty target"), std::string::npos);
  }
}

}  // namespace
}  // namespace corridor::demand
