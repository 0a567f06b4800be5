// Known answers for the walk mode and the border penalty per purpose, on fixed toy skims:
// - two zones, one purpose: the four-mode logit worked by hand (walk with its long-walk penalty),
//   walk trips do not reach the assigned car matrix, and walk disappears beyond walk_max_km;
// - four zones in two countries, every purpose singly constrained at equal costs: each purpose's
//   cross-border share is the closed form of its own penalty (given, or derived by purpose_rule),
//   and pairs inside a country carry no penalty;
// - old demand.toml keys fail with file:line:key naming the new key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "demand/generalized_cost.hpp"
#include "demand/model_run.hpp"
#include "demand/periods.hpp"

namespace corridor::demand {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using ::testing::HasSubstr;

// Every pair: car 10 min (10 km), bike 20 min (5 km), walk `walk_km` at 4.8 km/h, no PT.
class FixedNetwork final : public NetworkModel {
 public:
  FixedNetwork(Eigen::Index n, double walk_km) : n_(n), walk_km_(walk_km) {}
  Skims initial_skims(std::size_t) override { return skims(); }
  Skims assign_road(std::size_t, const OdMatrix& car, const OdMatrix&,
                    assignment::AssignmentResult& road) override {
    road = {};
    road.relative_gap = 0.0;
    assigned_car = car;
    return skims();
  }
  PtLoads assign_pt(const OdMatrix&) override { return {}; }
  std::pair<double, double> truck_share_flows(const assignment::AssignmentResult&) const override {
    return {0.0, 0.0};
  }
  OdMatrix assigned_car;

 private:
  Skims skims() const {
    Skims s;
    s.car_minutes = OdMatrix::Constant(n_, n_, 10.0);
    s.car_km = OdMatrix::Constant(n_, n_, 10.0);
    s.bike_minutes = OdMatrix::Constant(n_, n_, 20.0);
    s.bike_km = OdMatrix::Constant(n_, n_, 5.0);
    s.walk_km = OdMatrix::Constant(n_, n_, walk_km_);
    s.walk_minutes = s.walk_km * (60.0 / 4.8);
    for (auto* m : {&s.pt_in_vehicle_minutes, &s.pt_wait_minutes, &s.pt_walk_minutes,
                    &s.pt_boardings, &s.pt_generalized_minutes}) {
      *m = OdMatrix::Constant(n_, n_, kInf);
    }
    return s;
  }
  Eigen::Index n_;
  double walk_km_;
};

DemandParameters no_trips() {
  DemandParameters p;
  for (auto& q : p.purposes) {
    q.trips_per_resident = 0.0;
    q.trips_per_job = 0.0;
    q.attr_per_job = 1.0;
    q.attr_per_resident = 0.0;
    q.car_occupancy = 1.0;
    q.dest_scale = 1.0;
    q.doubly_constrained = false;
    q.asc = {0.0, 0.0, 0.0, 0.0};
  }
  p.modes.car_cost_eur_km = 0.0;
  p.modes.car_terminal_min = 0.0;
  p.modes.bike_long_penalty_min = 0.0;
  p.modes.walk_speed_kmh = 4.8;
  p.modes.walk_time_weight = 1.0;
  p.modes.walk_long_km = 1.0;
  p.modes.walk_long_penalty_min = 10.0;
  p.modes.walk_max_km = 5.0;
  // One period, the whole day: the assigned hour carries a quarter of the day's legs.
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

TEST(WalkMode, TwoZoneLogitByHand) {
  DemandParameters p = no_trips();
  auto& c = p.purposes[index(Purpose::commute)];
  c.trips_per_resident = 0.30;
  c.theta_per_min = 0.1;
  c.asc = {0.0, 0.0, 0.0, 0.5};
  const std::vector<ZoneInput> zones{{"Home", "A", "NL", 1000.0, 0.0, false},
                                     {"Work", "B", "NL", 0.0, 1000.0, false}};
  FixedNetwork net(2, 1.2);
  const ModelRun run = run_model(zones, net, p);
  // Walk 1.2 km: 15 min + 10 × (1.2 − 1.0) = 17 generalized min.
  EXPECT_NEAR(generalized_minutes(run.skims, c, p.modes, Mode::walk, 0, 1), 17.0, 1e-12);
  // V = car −1.0, bike −2.0, walk 0.5 − 1.7 = −1.2, PT unavailable.
  // exp: 0.36787944, 0.13533528, 0.30119421; sum 0.80440894.
  // P = car 0.45732888, bike 0.16824189, walk 0.37442922.
  const auto& w = run.purposes[index(Purpose::commute)].weekday;
  EXPECT_NEAR(w[index(Mode::car)](0, 1), 300.0 * 0.45732888, 1e-5);
  EXPECT_NEAR(w[index(Mode::bike)](0, 1), 300.0 * 0.16824189, 1e-5);
  EXPECT_NEAR(w[index(Mode::walk)](0, 1), 300.0 * 0.37442922, 1e-5);
  EXPECT_EQ(w[index(Mode::pt)](0, 1), 0.0);
  EXPECT_NEAR(run.summary.mode_share[index(Mode::walk)], 0.37442922, 1e-8);
  // The logsum is ln 0.80440894.
  EXPECT_NEAR(run.purposes[index(Purpose::commute)].logsum(0, 1), std::log(0.80440894), 1e-8);
  // Walk loads no network: the assigned car hour is the car trips × 0.25 (the day's peak-hour
  // factor) / occupancy 1 only, outbound on 0→1 and the return legs on 1→0.
  EXPECT_NEAR(net.assigned_car(0, 1), 300.0 * 0.45732888 * 0.25, 1e-5);
  EXPECT_NEAR(run.car_peak_hour.sum(), 2.0 * 300.0 * 0.45732888 * 0.25, 1e-5);
  EXPECT_NEAR(run.summary.avg_km[index(Purpose::commute)][index(Mode::walk)], 1.2, 1e-12);

  // Beyond walk_max_km (5 km) walking is unavailable: car and bike share the 300 by hand,
  // P_car = 1 / (1 + e^−1) = 0.73105858.
  FixedNetwork far(2, 6.0);
  const ModelRun r2 = run_model(zones, far, p);
  const auto& w2 = r2.purposes[index(Purpose::commute)].weekday;
  EXPECT_EQ(w2[index(Mode::walk)](0, 1), 0.0);
  EXPECT_NEAR(w2[index(Mode::car)](0, 1), 300.0 * 0.73105858, 1e-5);
}

TEST(WalkMode, MissingWalkSkimIsAnError) {
  class NoWalk final : public NetworkModel {
   public:
    Skims initial_skims(std::size_t) override {
      Skims s;
      for (auto* m :
           {&s.car_minutes, &s.car_km, &s.bike_minutes, &s.bike_km, &s.pt_in_vehicle_minutes,
            &s.pt_wait_minutes, &s.pt_walk_minutes, &s.pt_boardings, &s.pt_generalized_minutes}) {
        *m = OdMatrix::Constant(2, 2, 10.0);
      }
      return s;
    }
    Skims assign_road(std::size_t, const OdMatrix&, const OdMatrix&,
                      assignment::AssignmentResult&) override {
      return initial_skims(0);
    }
    PtLoads assign_pt(const OdMatrix&) override { return {}; }
    std::pair<double, double> truck_share_flows(
        const assignment::AssignmentResult&) const override {
      return {0.0, 0.0};
    }
  } net;
  const std::vector<ZoneInput> zones{{"A", "A", "NL", 1000.0, 1000.0, false},
                                     {"B", "B", "NL", 1000.0, 1000.0, false}};
  try {
    run_model(zones, net, no_trips());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("walk_minutes is 0 x 0, expected 2 x 2"));
  }
}

// Zones: 0, 1 in BE and 2, 3 in NL, each 1000 residents and 1000 jobs; every purpose produces
// 0.1 trips per resident, singly constrained, at equal costs for every pair. From a zone, a
// purpose with penalty b sends to each of the 4 destinations (own, other domestic, two across)
// weights 1, 1, e^−b, e^−b: each cross-border cell carries 100 · e^−b / (2 + 2 e^−b).
TEST(BorderPerPurpose, EachPurposeItsOwnPenaltyOnCrossBorderPairsOnly) {
  DemandParameters p = no_trips();
  const std::array<double, kPurposeCount> theta{0.10, 0.04, 0.05, 0.20};
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    p.purposes[k].trips_per_resident = 0.1;
    p.purposes[k].theta_per_min = theta[k];
  }
  p.border.penalty_utils[index(Purpose::commute)] = 1.0;
  p.border.penalty_utils[index(Purpose::business)] = 0.7;  // given: replaces the rule
  p.border.purpose_rule = BorderPurposeRule::theta;
  const std::vector<ZoneInput> zones{{"B1", "b1", "BE", 1000.0, 1000.0, false},
                                     {"B2", "b2", "BE", 1000.0, 1000.0, false},
                                     {"N1", "n1", "NL", 1000.0, 1000.0, false},
                                     {"N2", "n2", "NL", 1000.0, 1000.0, false}};
  auto cell = [](double b) { return 100.0 * std::exp(-b) / (2.0 + 2.0 * std::exp(-b)); };
  auto all_modes = [](const ModelRun& r, std::size_t k, Eigen::Index i, Eigen::Index j) {
    double t = 0.0;
    for (const auto& m : r.purposes[k].weekday) t += m(i, j);
    return t;
  };
  // Expected: commute 1.0 (given), business 0.7 (given), education 1.0 × 0.05 / 0.10 = 0.5 and
  // other 1.0 × 0.20 / 0.10 = 2.0 (rule theta).
  const std::array<double, kPurposeCount> want{1.0, 0.7, 0.5, 2.0};
  FixedNetwork net(4, 50.0);
  const ModelRun run = run_model(zones, net, p);
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    EXPECT_DOUBLE_EQ(run.border_penalty_by_purpose[k], want[k]) << k;
    EXPECT_NEAR(all_modes(run, k, 0, 2), cell(want[k]), 1e-9) << k;  // BE → NL
    EXPECT_NEAR(all_modes(run, k, 3, 1), cell(want[k]), 1e-9) << k;  // NL → BE
    EXPECT_NEAR(all_modes(run, k, 0, 1), cell(0.0) * 2.0 / (1.0 + std::exp(-want[k])), 1e-9)
        << k;  // domestic: weight 1 of 2 + 2 e^−b
    EXPECT_NEAR(all_modes(run, k, 2, 2), all_modes(run, k, 2, 3), 1e-9) << k;
  }
  // Rule "commute": every purpose without its own value takes the commute penalty.
  p.border.purpose_rule = BorderPurposeRule::commute;
  const ModelRun same = run_model(zones, net, p);
  EXPECT_DOUBLE_EQ(same.border_penalty_by_purpose[index(Purpose::other)], 1.0);
  EXPECT_DOUBLE_EQ(same.border_penalty_by_purpose[index(Purpose::business)], 0.7);
  EXPECT_NEAR(all_modes(same, index(Purpose::other), 0, 2), cell(1.0), 1e-9);
  // A scenario's fixed parameters keep every purpose's penalty.
  DemandParameters calibrated = p;
  calibrated.border.calibrate = true;
  const DemandParameters fixed = fixed_calibration(calibrated, same);
  EXPECT_DOUBLE_EQ(*fixed.border.penalty_utils[index(Purpose::commute)], 1.0);
  EXPECT_DOUBLE_EQ(purpose_border_penalty(fixed, index(Purpose::other), 1.0), 1.0);
}

TEST(BorderPerPurpose, ParsedKeysAndOldKeysNamed) {
  const auto p = parse_demand_parameters(
      "[border]\ncalibrate = false\npenalty_utils_commute = 2.0\npenalty_utils_other = 3.5\n"
      "purpose_rule = \"theta\"\n",
      "d.toml");
  EXPECT_DOUBLE_EQ(*p.border.penalty_utils[index(Purpose::commute)], 2.0);
  EXPECT_DOUBLE_EQ(*p.border.penalty_utils[index(Purpose::other)], 3.5);
  EXPECT_FALSE(p.border.penalty_utils[index(Purpose::education)].has_value());
  // education: 2.0 × 0.090 / 0.060 with the built-in thetas.
  EXPECT_NEAR(purpose_border_penalty(p, index(Purpose::education), 2.0), 3.0, 1e-12);
  auto error_of = [](const char* text) {
    try {
      parse_demand_parameters(text, "old.toml");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // A file written before the per-purpose penalty: its key is named with its line.
  const auto old_penalty = error_of("[border]\ncalibrate = true\npenalty_utils = 2.3\n");
  EXPECT_THAT(old_penalty, HasSubstr("old.toml:3"));
  EXPECT_THAT(old_penalty, HasSubstr("border.penalty_utils"));
  EXPECT_THAT(old_penalty, HasSubstr("penalty_utils_commute"));
  // Three mode constants (before the walk mode): the fourth is asked for.
  const auto old_asc = error_of("[other]\n\nasc = [0.0, -0.2, 0.0]\n");
  EXPECT_THAT(old_asc, HasSubstr("old.toml:3"));
  EXPECT_THAT(old_asc, HasSubstr("other.asc"));
  EXPECT_THAT(old_asc, HasSubstr("walk"));
  EXPECT_THAT(error_of("[border]\npurpose_rule = \"same\"\n"), HasSubstr("border.purpose_rule"));
  EXPECT_THAT(error_of("[modes]\nwalk_speed_kmh = 20\n"), HasSubstr("modes.walk_speed_kmh"));
}

}  // namespace
}  // namespace corridor::demand
