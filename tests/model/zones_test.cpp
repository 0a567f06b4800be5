// zones.csv reader (io/zones.hpp): a good table is read and sorted by id; every documented defect
// is an InputError naming the file, the line and the field.
#include "io/zones.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"

namespace corridor::io {
namespace {

using ::testing::HasSubstr;

constexpr const char* kHeader =
    "zone_id,name,municipality,country,lat,lon,population,jobs,corridor,external,centroid_node\n";

TEST(ZonesCsv, ReadsRowsSortedById) {
  const auto t =
      parse_zones_csv(std::string(kHeader) +
                          "2,Turnhout,Turnhout,BE,51.317,4.95,47305,30000,"
                          "eindhoven-turnhout,0,2\n"
                          "1,Eindhoven Centrum,Eindhoven,NL,51.44,5.47,60000,90000,"
                          "eindhoven,0,1\n"
                          "3,Antwerpen,Antwerpen,BE,51.217,4.4,530630,300000,other,1,3\n",
                      "zones.csv");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0].zone_id, 1);
  EXPECT_EQ(t.rows[0].name, "Eindhoven Centrum");
  EXPECT_EQ(t.rows[0].line, 3u);
  EXPECT_DOUBLE_EQ(t.rows[1].population, 47305.0);
  EXPECT_EQ(t.rows[1].corridor, "eindhoven-turnhout");
  EXPECT_FALSE(t.rows[1].external);
  EXPECT_TRUE(t.rows[2].external);
  EXPECT_DOUBLE_EQ(t.rows[2].lon, 4.4);
}

struct BadCase {
  const char* rows;
  std::size_t line;
  const char* field;
  const char* message;
};

class ZonesCsvDefect : public ::testing::TestWithParam<BadCase> {};

TEST_P(ZonesCsvDefect, IsAnInputErrorWithFileLineAndField) {
  const auto& c = GetParam();
  try {
    // The values region.toml would allow (countries, corridors).
    const ZoneValues allowed{{"NL", "BE", "DE"},
                             {"eindhoven-turnhout", "bergeijk-lommel", "eindhoven", "other"}};
    parse_zones_csv(std::string(kHeader) + c.rows, "zones.csv", allowed);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "zones.csv");
    EXPECT_EQ(e.where().line, c.line);
    EXPECT_EQ(e.where().field, c.field);
    EXPECT_THAT(e.what(), HasSubstr(c.message));
  }
}

constexpr const char* kA = "1,A,A,NL,51.4,5.4,100,50,other,0,1\n";

INSTANTIATE_TEST_SUITE_P(
    Defects, ZonesCsvDefect,
    ::testing::Values(
        BadCase{"1,A,A,NL,51.4,5.4,100,50,other,0,1\n1,B,B,NL,51.4,5.4,100,50,other,0,1\n", 3,
                "zone_id", "duplicate zone id 1 (first on line 2)"},
        BadCase{"1,A,A,FR,51.4,5.4,100,50,other,0,1\n", 2, "country",
                "expected one of NL, BE, DE (region.toml), got 'FR'"},
        BadCase{"1,A,A,NL,51.4,5.4,100,50,other,0,7\n", 2, "centroid_node",
                "expected the centroid node to equal the zone id 1, got 7"},
        BadCase{"1,A,A,NL,51.4,5.4,-1,50,other,0,1\n", 2, "population", ">= 0"},
        BadCase{"1,A,A,NL,51.4,5.4,100,50,kempen,0,1\n", 2, "corridor", "got 'kempen'"},
        BadCase{"1,A,A,NL,51.4,5.4,100,50,other,yes,1\n", 2, "external", "expected 0 or 1"},
        BadCase{"1,A,A,NL,51.4,x,100,50,other,0,1\n", 2, "lon", "expected a finite number"},
        BadCase{"1,A,A,NL,151.4,5.4,100,50,other,0,1\n", 2, "lat", "[-90, 90]"},
        BadCase{"1,A,A,NL,51.4,5.4,100,50,other,0,1\n2,a,B,NL,51.4,5.4,100,50,other,0,2\n", 3,
                "name", "duplicate zone name 'a'"},
        BadCase{"1,A,A,NL,51.4,5.4,100,50,other,0,1\n3,B,B,NL,51.4,5.4,100,50,other,0,3\n", 3,
                "zone_id", "id 2 is missing"},
        BadCase{"1,,A,NL,51.4,5.4,100,50,other,0,1\n", 2, "name", "empty"}));

TEST(ZonesCsv, MissingColumnAndEmptyTable) {
  try {
    parse_zones_csv("zone_id,name\n1,A\n", "zones.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "municipality");
    EXPECT_THAT(e.what(), HasSubstr("required column is missing"));
  }
  EXPECT_THROW(parse_zones_csv(kHeader, "zones.csv"), InputError);
  EXPECT_NO_THROW(parse_zones_csv(std::string(kHeader) + kA, "zones.csv"));
}

TEST(ZonesCsv, WithoutAllowedValuesAnyNonEmptyCountryAndCorridor) {
  const auto t = parse_zones_csv(std::string(kHeader) + "1,A,A,FR,51.4,5.4,100,50,x,0,1\n", "z");
  EXPECT_EQ(t.rows[0].country, "FR");
  EXPECT_EQ(t.rows[0].corridor, "x");
  try {
    parse_zones_csv(std::string(kHeader) + "1,A,A,,51.4,5.4,100,50,x,0,1\n", "z");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "country");
    EXPECT_THAT(e.what(), HasSubstr("expected a non-empty value"));
  }
}

}  // namespace
}  // namespace corridor::io
