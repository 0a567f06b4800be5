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
asc = [0.0, -1.0, 0.5, 0.2]
[border]
calibrate = false
penalty_utils_commute = 1.5
[feedback]
max_loops = 7
)",
                                         "t.toml");
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::commute).trips_per_resident, 0.25);
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::commute).asc[1], -1.0);
  EXPECT_FALSE(p.border.calibrate);
  EXPECT_DOUBLE_EQ(*p.border.penalty_utils[0], 1.5);
  EXPECT_DOUBLE_EQ(p.purpose(Purpose::commute).asc[3], 0.2);
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
  EXPECT_THROW(parse_demand_parameters("[commute]\nasc = [1.0, 0.0, 0.0, 0.0]\n", "t.toml"),
               InputError);
  EXPECT_THROW(parse_demand_parameters("[nonsense]\nx = 1\n", "t.toml"), InputError);
}

TEST(DemandParameters, BorderTargetsThroughRoutesAndTruckShare) {
  const auto p = parse_demand_parameters(R"([border]
[[border.targets]]
id = "a_to_b"
from = "A"
to = "B"
trips = 100.0
[[border.targets]]
id = "a_to_city"
name = "A -> city"
from = "A"
to = "city"
trips = 40.0
bonus = "city"
bonus_utils = 0.5
calibrate = false
[freight]
[[freight.through_routes]]
from = "Port"
to = "Gate"
trucks_per_day = 1200.0
[freight.truck_share]
label = "M1"
link_ids = [7, 8]
target = 0.2
)",
                                         "t.toml");
  ASSERT_EQ(p.border.targets.size(), 2u);
  EXPECT_EQ(p.border.targets[0].name, "A -> B, home-work trips/weekday");  // default name
  EXPECT_EQ(p.border.targets[0].line, 2u);
  EXPECT_EQ(p.border.targets[1].bonus, "city");
  EXPECT_DOUBLE_EQ(p.border.targets[1].bonus_utils, 0.5);
  EXPECT_FALSE(p.border.targets[1].calibrate);
  ASSERT_EQ(p.freight.through_routes.size(), 1u);
  EXPECT_EQ(p.freight.through_routes[0].to, "Gate");
  EXPECT_DOUBLE_EQ(p.freight.through_routes[0].trucks_per_day, 1200.0);
  ASSERT_TRUE(p.freight.truck_share.has_value());
  EXPECT_EQ(p.freight.truck_share->link_ids, (std::vector<std::int64_t>{7, 8}));
}

TEST(DemandParameters, BadTargetsAreNamedWithTheirLine) {
  struct Case {
    const char* text;
    std::size_t line;
    const char* field;
  };
  for (const auto& c : {
           Case{"[border]\n[[border.targets]]\nid = \"x\"\nfrom = \"A\"\nto = \"B\"\n"
                "trips = -1.0\n",
                2, "border.targets[1].trips"},
           Case{"[border]\n[[border.targets]]\nid = \"x\"\nfrom = \"A\"\n", 2,
                "border.targets[1].to"},
           Case{"[border]\n[[border.targets]]\nid = \"x\"\nform = \"A\"\n", 4,
                "border.targets[1].form"},
           Case{"[freight]\n[[freight.through_routes]]\nfrom = \"A\"\nto = \"A\"\n", 2,
                "freight.through_routes[1].to"},
           Case{"[freight.truck_share]\nlabel = \"M1\"\n", 0, "freight.truck_share.link_name"},
       }) {
    try {
      parse_demand_parameters(c.text, "t.toml");
      ADD_FAILURE() << "expected an InputError for " << c.text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().line, c.line) << e.what();
      EXPECT_EQ(e.where().field, c.field) << e.what();
    }
  }
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
