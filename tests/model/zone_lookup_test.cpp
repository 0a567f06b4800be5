// find_zone / require_zone: the documented look-up rules on a zone table shaped like the region's
// (Eindhoven split in districts, Veldhoven with a separate ASML zone, Budel in Cranendonck).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "model/region_model.hpp"
#include "region_fixture.hpp"

namespace corridor::model {
namespace {

using test::make_zone;
using ::testing::HasSubstr;

RegionModel zones_like_region() {
  RegionModel m;
  m.folder = "region";
  m.zones = {make_zone(1, "Eindhoven Noord", "Eindhoven", 51.46, 5.44),
             make_zone(2, "Eindhoven Centrum", "Eindhoven", 51.44, 5.48),
             make_zone(3, "Eindhoven Zuid", "Eindhoven", 51.42, 5.47),
             make_zone(4, "Veldhoven ASML", "Veldhoven", 51.40, 5.41),
             make_zone(5, "Veldhoven", "Veldhoven", 51.42, 5.40),
             make_zone(6, "Budel", "Cranendonck", 51.28, 5.58),
             make_zone(7, "Reusel", "Reusel-De Mierden", 51.36, 5.17),
             make_zone(8, "Oud-Turnhout", "Oud-Turnhout", 51.32, 4.98, "BE"),
             make_zone(9, "Geel Oost", "Geel", 51.16, 5.00, "BE"),
             make_zone(10, "Geel West", "Geel", 51.16, 4.97, "BE")};
  return m;
}

TEST(FindZone, ByIdNameAndMunicipality) {
  const auto m = zones_like_region();
  EXPECT_EQ(find_zone(m, "3"), 2u);  // zone_id 3 -> index 2
  EXPECT_EQ(find_zone(m, " 10 "), 9u);
  EXPECT_EQ(find_zone(m, "0"), std::nullopt);  // ids start at 1
  EXPECT_EQ(find_zone(m, "11"), std::nullopt);
  EXPECT_EQ(find_zone(m, "eindhoven zuid"), 2u);   // name, any case
  EXPECT_EQ(find_zone(m, "EINDHOVEN-NOORD"), 0u);  // '-' == ' '
  EXPECT_EQ(find_zone(m, "Oud Turnhout"), 7u);
  EXPECT_EQ(find_zone(m, "Eindhoven"), 1u);    // split municipality -> Centrum district
  EXPECT_EQ(find_zone(m, "Veldhoven"), 4u);    // zone named like the municipality
  EXPECT_EQ(find_zone(m, "cranendonck"), 5u);  // municipality with one zone
  EXPECT_EQ(find_zone(m, "Reusel-De Mierden"), 6u);
  EXPECT_EQ(find_zone(m, "Geel"), std::nullopt);  // two zones, neither a centre: ambiguous
  EXPECT_EQ(find_zone(m, "Hasselt"), std::nullopt);
  EXPECT_EQ(find_zone(m, ""), std::nullopt);
}

TEST(FindZone, StationDistrictCountsAsCentre) {
  RegionModel m;
  m.zones = {make_zone(1, "Tilburg Noord", "Tilburg", 51.58, 5.08),
             make_zone(2, "Tilburg Station", "Tilburg", 51.56, 5.08)};
  EXPECT_EQ(find_zone(m, "tilburg"), 1u);
  m.zones[1].name = "Tilburg Stationskwartier";  // "station" must be a whole word
  EXPECT_EQ(find_zone(m, "tilburg"), std::nullopt);
}

TEST(RequireZone, ErrorNamesTheArgumentAndSuggests) {
  const auto m = zones_like_region();
  EXPECT_EQ(require_zone(m, "Eindhoven", "--from"), 1u);
  try {
    require_zone(m, "Geel", "--to");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "--to");
    EXPECT_THAT(e.what(), HasSubstr("no zone matches 'Geel'"));
    EXPECT_THAT(e.what(), HasSubstr("Geel Oost (9), Geel West (10)"));
  }
}

}  // namespace
}  // namespace corridor::model
