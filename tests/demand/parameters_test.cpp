// Demand parameter files: defaults are valid, keys override, typos and bad values are errors that
// name the key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.hpp"
#include "demand/parameters.hpp"
#include "test_data.hpp"

namespace corridor::demand {
namespace {

using ::testing::HasSubstr;

TEST(DemandParameters, DefaultsAreValid) { EXPECT_NO_THROW(DemandParameters{}.validate()); }

TEST(DemandParameters, TomlOverridesKeys) {
  const auto p = parse_demand_parameters(R"(
[commute]
trips_per_resident = 0.25
asc = [0.0, -1.0, 0.5]
[border]
calibrate = false
penalty_utils = 1.5
[feedback]
max_loops = 7
)",
                                         "t.toml");
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::commute).trips_per_resident, 0.25);
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::commute).asc[1], -1.0);
  EXPECT_FALSE(p.border.calibrate);
  EXPECT_DOUBLE_EQ(p.border.penalty_utils, 1.5);
  EXPECT_EQ(p.feedback.max_loops, 7);
  // Untouched keys keep their defaults.
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::other).trips_per_resident,
                   DemandParameters{}.purpose(Purpose::other).trips_per_resident);
}

TEST(DemandParameters, UnknownKeyAndBadValueAreNamed) {
  try {
    parse_demand_parameters("[commute]\ntrips_per_residnet = 0.3\n", "t.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("commute.trips_per_residnet"));
  }
  try {
    parse_demand_parameters("[modes]\nbike_speed_kmh = 60\n", "t.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("modes.bike_speed_kmh"));
  }
  EXPECT_THROW(parse_demand_parameters("[commute]\nasc = [1.0, 0.0, 0.0]\n", "t.toml"), InputError);
  EXPECT_THROW(parse_demand_parameters("[nonsense]\nx = 1\n", "t.toml"), InputError);
}

TEST(DemandParameters, RegionFileLoads) {
  const auto path =
      std::filesystem::path(CORRIDOR_SOURCE_DIR) / "scenarios/brainport-kempen/demand.toml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  const auto p = load_demand_parameters(path);
  EXPECT_EQ(p.source, path.string());
}

}  // namespace
}  // namespace corridor::demand
