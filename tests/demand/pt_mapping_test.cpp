// The [pt] section of demand.toml and the one demand → transit parameter mapping: keys parse and
// are named in errors, every mapped field lands where pt_mapping.hpp says, perceived fares by
// purpose by hand.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "demand/parameters.hpp"
#include "demand/pt_mapping.hpp"

namespace corridor::demand {
namespace {

using ::testing::HasSubstr;

TEST(PtParameters, SectionParsesAndMaps) {
  const auto p = parse_demand_parameters(R"(
[modes]
pt_wait_weight = 1.8
pt_walk_weight = 1.7
pt_transfer_penalty_min = 6.0
car_cost_eur_km = 0.25
[pt]
headway_threshold_min = 12.0
headway_slope = 0.4
max_effective_headway_min = inf
walk_speed_kmh = 5.0
walk_max_km = 1.2
bike_max_km = 7.0
bike_parking_min = 4.0
bike_egress_max_km = 0.0
pr_max_km = 25.0
pr_penalty_min = 12.0
fare_factor_commute = 0.5
fare_factor_education = 0.0
)",
                                         "t.toml");
  const transit::TransitParams t = transit_params(p);
  EXPECT_DOUBLE_EQ(t.wait_weight, 1.8);
  EXPECT_DOUBLE_EQ(t.walk_weight, 1.7);
  EXPECT_DOUBLE_EQ(t.access_weight, 1.7);
  EXPECT_DOUBLE_EQ(t.transfer_penalty_min, 6.0);
  EXPECT_DOUBLE_EQ(t.pr_cost_eur_km, 0.25);
  EXPECT_DOUBLE_EQ(t.headway_threshold_min, 12.0);
  EXPECT_DOUBLE_EQ(t.headway_slope, 0.4);
  EXPECT_TRUE(std::isinf(t.max_effective_headway_min));
  EXPECT_DOUBLE_EQ(t.access_speed_kmh, 5.0);
  EXPECT_DOUBLE_EQ(t.walk_speed_kmh, 5.0);
  EXPECT_DOUBLE_EQ(t.max_access_km, 1.2);
  EXPECT_DOUBLE_EQ(t.bike_max_km, 7.0);
  EXPECT_DOUBLE_EQ(t.bike_parking_min, 4.0);
  EXPECT_DOUBLE_EQ(t.bike_egress_max_km, 0.0);
  EXPECT_DOUBLE_EQ(t.pr_max_km, 25.0);
  EXPECT_DOUBLE_EQ(t.pr_penalty_min, 12.0);
  EXPECT_NO_THROW(t.validate());
  // Effective headway of an hourly line with these values: 12 + 0.4 × 48 = 31.2 min.
  EXPECT_DOUBLE_EQ(transit::effective_headway_min(60.0, t), 31.2);
  // Perceived fare, 20 km: (1.08 + 0.17 × 20) = 4.48 euro × factor.
  EXPECT_DOUBLE_EQ(perceived_pt_fare_eur(p, Purpose::commute, 20.0), 0.5 * 4.48);
  EXPECT_DOUBLE_EQ(perceived_pt_fare_eur(p, Purpose::education, 20.0), 0.0);
  EXPECT_DOUBLE_EQ(perceived_pt_fare_eur(p, Purpose::business, 20.0), 4.48);
  EXPECT_DOUBLE_EQ(perceived_pt_fare_eur(p, Purpose::other, INFINITY), 1.08);  // base only
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::commute).pt_fare_factor, 0.5);
  // Built-in defaults: commute and education 0.3, business and other 1.
  const DemandParameters d;
  EXPECT_DOUBLE_EQ(d.purpose(Purpose::commute).pt_fare_factor, 0.3);
  EXPECT_DOUBLE_EQ(d.purpose(Purpose::education).pt_fare_factor, 0.3);
  EXPECT_DOUBLE_EQ(d.purpose(Purpose::business).pt_fare_factor, 1.0);
}

TEST(PtParameters, DefaultsMapToAValidNetworkSetup) {
  const DemandParameters p;
  const auto t = transit_params(p);
  EXPECT_NO_THROW(t.validate());
  EXPECT_DOUBLE_EQ(transit::effective_headway_min(60.0, t), 35.0);  // 10 + 0.5 × 50
  EXPECT_GT(t.bike_max_km, 0.0);
  EXPECT_GT(t.pr_max_km, 0.0);
}

TEST(PtParameters, BadKeysAndValuesAreNamed) {
  auto error_of = [](const char* text) -> std::string {
    try {
      parse_demand_parameters(text, "t.toml");
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_THAT(error_of("[pt]\nheadway_slop = 0.5\n"), HasSubstr("pt.headway_slop"));
  EXPECT_THAT(error_of("[pt]\nheadway_slope = 1.5\n"), HasSubstr("pt.headway_slope"));
  EXPECT_THAT(error_of("[pt]\nfare_factor_education = 1.2\n"),
              HasSubstr("pt.fare_factor_education"));
  EXPECT_THAT(error_of("[pt]\nbike_speed_kmh = -3\n"), HasSubstr("pt.bike_speed_kmh"));
  EXPECT_THAT(error_of("[pt]\npr_detour = 0.5\n"), HasSubstr("pt.pr_detour"));
  EXPECT_THAT(error_of("[pt]\nwalk_max_km = \"far\"\n"), HasSubstr("pt.walk_max_km"));
}

}  // namespace
}  // namespace corridor::demand
