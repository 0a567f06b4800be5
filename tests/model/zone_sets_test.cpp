// Zone sets from region.toml [zone_sets]: each selector against a hand-listed membership of a
// five-zone table, unions (nested, with automatic sets), the automatic sets, and every defect as
// an InputError naming region.toml, the line and the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/toml_text.hpp"
#include "model/zone_sets.hpp"

namespace corridor::model {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Zone zone(std::int64_t id, const char* name, const char* mun, const char* country,
          const char* corridor, bool external) {
  Zone z;
  z.zone_id = id;
  z.name = name;
  z.municipality = mun;
  z.country = country;
  z.corridor = corridor;
  z.external = external;
  return z;
}

// index 0..4
std::vector<Zone> zones() {
  return {zone(1, "Town Centre", "Town", "NL", "north", false),
          zone(2, "Town West", "Town", "NL", "north", false),
          zone(3, "Village", "Village", "BE", "south", false),
          zone(4, "Harbour City", "Harbour City", "BE", "other", true),
          zone(5, "Far Away", "Far Away", "NL", "other", true)};
}

const ZoneSetRules kRules{{"NL", "BE", "DE"}, {"north", "south", "other"}};

std::vector<ZoneSet> build(const std::string& body) {
  static toml::table root;  // build_zone_sets reads it during the call only
  root = io::parse_toml("[zone_sets]\n" + body, "region.toml");
  return build_zone_sets(zones(), root["zone_sets"].as_table(), "region.toml", kRules);
}

std::vector<std::uint32_t> members(const std::vector<ZoneSet>& sets, const std::string& name) {
  RegionModel m;
  m.zone_sets = sets;
  const auto* s = find_zone_set(m, name);
  if (s == nullptr) ADD_FAILURE() << "no set " << name;
  return s ? s->zones : std::vector<std::uint32_t>{};
}

TEST(ZoneSets, SelectorsGiveTheListedZones) {
  const auto sets = build(
      "nl = { country = \"NL\" }\n"
      "de = { country = \"DE\" }\n"
      "internal = { external = false }\n"
      "ext = { external = true }\n"
      "town = { municipality = \"Town\" }\n"
      "two-corridors = { corridor = [\"north\", \"south\"] }\n"
      "nl-ext = { country = \"NL\", external = true }\n"
      "listed = { zones = [\"village\", 5, \"Town West\", 5] }\n"
      "mix = { union = [\"town\", \"country:BE\"] }\n"
      "nested = { union = [\"mix\", \"listed\"] }\n");
  // File order, then the automatic sets.
  ASSERT_GE(sets.size(), 10u);
  EXPECT_EQ(sets[0].name, "nl");
  EXPECT_EQ(sets[9].name, "nested");
  EXPECT_EQ(sets[10].name, "all");
  EXPECT_THAT(members(sets, "nl"), ElementsAre(0, 1, 4));
  EXPECT_TRUE(members(sets, "de").empty());  // declared country without zones
  EXPECT_THAT(members(sets, "internal"), ElementsAre(0, 1, 2));
  EXPECT_THAT(members(sets, "ext"), ElementsAre(3, 4));
  EXPECT_THAT(members(sets, "Town"), ElementsAre(0, 1));  // names fold case
  EXPECT_THAT(members(sets, "two corridors"), ElementsAre(0, 1, 2));
  EXPECT_THAT(members(sets, "NL_EXT"), ElementsAre(4));
  EXPECT_THAT(members(sets, "listed"), ElementsAre(1, 2, 4));  // sorted, duplicates dropped
  EXPECT_THAT(members(sets, "mix"), ElementsAre(0, 1, 2, 3));
  EXPECT_THAT(members(sets, "nested"), ElementsAre(0, 1, 2, 3, 4));
}

TEST(ZoneSets, AutomaticSetsWithoutAFile) {
  const auto sets = build_zone_sets(zones(), nullptr, "", {});
  EXPECT_THAT(members(sets, "all"), ElementsAre(0, 1, 2, 3, 4));
  EXPECT_THAT(members(sets, "country:BE"), ElementsAre(2, 3));
  EXPECT_THAT(members(sets, "corridor:other"), ElementsAre(3, 4));
  EXPECT_THAT(members(sets, "municipality:harbour-city"), ElementsAre(3));
  RegionModel m;
  m.zone_sets = sets;
  EXPECT_EQ(find_zone_set(m, "country:FR"), nullptr);
}

TEST(ZoneSets, RequireNamesTheCallersFileLineFieldAndKnownSets) {
  RegionModel m;
  m.zone_sets = build("nl = { country = \"NL\" }\n");
  EXPECT_EQ(&require_zone_set(m, "NL", "x.toml", 3, "from"), &m.zone_sets[0]);
  try {
    require_zone_set(m, "NLL", "x.toml", 3, "from");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "x.toml");
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.where().field, "from");
    EXPECT_THAT(e.what(), HasSubstr("unknown zone set 'NLL'; known sets: nl, all, country:NL"));
  }
}

struct BadSet {
  const char* body;
  std::size_t line;
  const char* field;
  const char* message;
};

class ZoneSetDefect : public ::testing::TestWithParam<BadSet> {};

TEST_P(ZoneSetDefect, IsAnInputErrorWithLineAndField) {
  const auto& c = GetParam();
  try {
    build(c.body);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "region.toml");
    EXPECT_EQ(e.where().line, c.line) << e.what();
    EXPECT_EQ(e.where().field, c.field) << e.what();
    EXPECT_THAT(e.what(), HasSubstr(c.message));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Defects, ZoneSetDefect,
    ::testing::Values(
        BadSet{"a = { country = \"FR\" }\n", 2, "zone_sets.a.country",
               "unknown country 'FR'; expected one of BE, DE, NL"},
        BadSet{"a = { corridor = \"east\" }\n", 2, "zone_sets.a.corridor", "unknown corridor"},
        BadSet{"\na = { municipality = \"Nowhere\" }\n", 3, "zone_sets.a.municipality",
               "unknown municipality 'Nowhere'"},
        BadSet{"a = { zones = [\"Town\", 6] }\n", 2, "zone_sets.a.zones",
               "no zone 'Town' in zones.csv"},
        BadSet{"a = { zones = [9] }\n", 2, "zone_sets.a.zones", "no zone 9 in zones.csv"},
        BadSet{"a = { union = [\"b\"] }\n", 2, "zone_sets.a.union", "unknown zone set 'b'"},
        BadSet{"a = { union = [\"b\"] }\nb = { union = [\"a\"] }\n", 3, "zone_sets.b.union",
               "includes itself"},
        BadSet{"a = { size = 3 }\n", 2, "zone_sets.a.size", "unknown selector 'size'"},
        BadSet{"a = { external = 1 }\n", 2, "zone_sets.a.external", "expected true or false"},
        BadSet{"a = 3\n", 2, "zone_sets.a", "expected a table of selectors"},
        BadSet{"a = {}\n", 2, "zone_sets.a", "at least one selector"},
        BadSet{"\"c:x\" = { external = true }\n", 2, "zone_sets.c:x", "without ':'"},
        BadSet{"a-b = { external = true }\na_b = { external = false }\n", 3, "zone_sets.a_b",
               "defined twice"}));

}  // namespace
}  // namespace corridor::model
