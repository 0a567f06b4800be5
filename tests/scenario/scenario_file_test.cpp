// Scenario and batch files: strict parsing with file, line and key in every error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "scenario/appraisal.hpp"
#include "scenario/batch.hpp"
#include "scenario/scenario.hpp"

namespace corridor::scenario {
namespace {

using ::testing::HasSubstr;

constexpr const char* kHeader = R"toml(name = "test"
description = "a test"
base = "region"
assumptions = "none (FACTS §4 Q2)"
)toml";

InputError parse_error(const std::string& text) {
  try {
    parse_scenario(text, "s.toml", "/data");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for:\n" << text;
  return InputError({}, "");
}

TEST(ScenarioFile, ParsesEveryEditKind) {
  const auto s = parse_scenario(std::string(kHeader) + R"toml(
[[road.add_link]]
from = 1
to_new = { id = 900, lat = 51.3, lon = 5.2 }
length_km = 3.5
lanes = 2
speed_kmh = 80
capacity_per_lane = 1600
both_directions = false
[[road.change_link]]
from = 1
to = 2
speed_kmh = 100
[[road.close_link]]
from = 2
to = 3
[[road.add_junction]]
id = 901
on = [1, 2]
fraction = 0.25
connect_to = 3
speed_kmh = 70
[[pt.add_stop]]
id = "NEW"
lat = 51.0
lon = 5.0
[[pt.add_line]]
id = "L1"
mode = "bus"
stops = ["A", "NEW"]
minutes = [0, 12.5]
headway_peak_min = 15
headway_offpeak_min = 30
[[pt.change_headway]]
line = "L0"
headway_peak_min = 10
[[pt.extend_line]]
line = "L0"
stops = ["NEW"]
minutes = [7]
[[pt.transfer]]
stop = "A"
wait_factor = 0.4
[[pt.remove_line]]
line = "L9"
[[land_use]]
zone = "Zone A"
jobs_delta = 1000
[parameters]
annualisation = 250
value_of_time_eur_per_h = { commute = 12.0 }
[cost]
investment_eur = 1e6
operating_eur_per_year = 1e5
lifetime_years = 20
discount_rate = 0.03
)toml",
                                "s.toml", "/data");
  EXPECT_EQ(s.name, "test");
  EXPECT_EQ(s.base, std::filesystem::path("/data/region"));
  // One object per table, in the order of application (land use, road, then PT), each
  // describing what it read.
  std::vector<std::string> described;
  for (const auto& e : s.edits.items) described.push_back(e->describe());
  EXPECT_EQ(described,
            (std::vector<std::string>{
                "land_use 'Zone A': jobs +1000",
                "road.add_junction 901 on 1 -> 2 at 0.25 (and back), connected to 3: 1 lane, 70 "
                "km/h, 1500 veh/h per lane",
                "road.add_link 1 -> 900 (new, 51.3, 5.2) one way: 3.5 km, 2 lanes, 80 km/h, 1600 "
                "veh/h per lane",
                "road.change_link 1 -> 2 and back: 100 km/h",
                "road.close_link 2 -> 3 and back",
                "pt.add_stop 'NEW' (NEW) at 51, 5",
                "pt.remove_line 'L9'",
                "pt.add_line 'L1' (bus) A - NEW, 12.5 min, every 15 min in the peak, 30 off-peak",
                "pt.extend_line 'L0' at its end: NEW (7 min)",
                "pt.change_headway 'L0': every 10 min in the peak",
                "pt.transfer at 'A': transfer wait × 0.4",
            }));
  ASSERT_EQ(s.edits.of_kind("road.add_link").size(), 1u);
  EXPECT_EQ(s.edits.of_kind("road.add_link")[0]->origin.line, 6u);
  EXPECT_EQ(s.edits.of_kind("road.add_link")[0]->origin.file, "s.toml");
  EXPECT_DOUBLE_EQ(*s.parameters.annualisation, 250.0);
  EXPECT_DOUBLE_EQ(s.parameters.value_of_time_eur_per_h.at("commute"), 12.0);
  EXPECT_TRUE(s.cost.given);
  EXPECT_EQ(s.edits.count(), 11u);
}

TEST(ScenarioFile, UnknownKeyIsAnErrorWithLineAndKey) {
  const auto e =
      parse_error(std::string(kHeader) + "[[road.change_link]]\nfrom = 1\nto = 2\nsped_kmh = 90\n");
  EXPECT_EQ(e.where().file, "s.toml");
  EXPECT_EQ(e.where().line, 8u);
  EXPECT_EQ(e.where().field, "road.change_link.sped_kmh");
  EXPECT_THAT(e.what(), HasSubstr("unknown key"));
}

TEST(ScenarioFile, UnknownTopLevelTable) {
  const auto e = parse_error(std::string(kHeader) + "[costs]\ninvestment_eur = 1\n");
  EXPECT_EQ(e.where().field, "costs");
  EXPECT_EQ(e.where().line, 5u);
}

TEST(ScenarioFile, WrongTypeNamesKeyAndLine) {
  const auto e = parse_error(std::string(kHeader) + "[cost]\ninvestment_eur = \"lots\"\n");
  EXPECT_EQ(e.where().field, "cost.investment_eur");
  EXPECT_EQ(e.where().line, 6u);
  EXPECT_THAT(e.what(), HasSubstr("expected a number, got a string"));
}

TEST(ScenarioFile, MissingRequiredKey) {
  const auto e = parse_error("name = \"x\"\ndescription = \"d\"\nbase = \".\"\n");
  EXPECT_EQ(e.where().field, "assumptions");
  EXPECT_THAT(e.what(), HasSubstr("required key is missing"));
  const auto e2 =
      parse_error(std::string(kHeader) + "[[pt.add_line]]\nid = \"L\"\nmode = \"bus\"\n");
  EXPECT_EQ(e2.where().field, "pt.add_line.stops");
  EXPECT_EQ(e2.where().line, 5u);
}

TEST(ScenarioFile, OutOfRangeAndInconsistentValues) {
  auto e = parse_error(std::string(kHeader) +
                       "[[road.change_link]]\nfrom = 1\nto = 2\nspeed_kmh = 900\n");
  EXPECT_EQ(e.where().field, "road.change_link.speed_kmh");
  EXPECT_THAT(e.what(), HasSubstr("[5, 200]"));
  e = parse_error(std::string(kHeader) +
                  "[[pt.add_line]]\nid = \"L\"\nmode = \"bus\"\nstops = [\"A\", \"B\"]\n"
                  "minutes = [0]\nheadway_peak_min = 10\n");
  EXPECT_EQ(e.where().field, "pt.add_line.minutes");
  EXPECT_THAT(e.what(), HasSubstr("expected 2 values"));
  e = parse_error(std::string(kHeader) +
                  "[[pt.add_line]]\nid = \"L\"\nmode = \"hovercraft\"\nstops = [\"A\", \"B\"]\n"
                  "minutes = [0, 5]\nheadway_peak_min = 10\n");
  EXPECT_EQ(e.where().field, "pt.add_line.mode");
  e = parse_error(std::string(kHeader) + "[[road.change_link]]\nfrom = 1\nto = 2\n");
  EXPECT_THAT(e.what(), HasSubstr("at least one of"));
}

// Node ids are integers: a float (1e19 overflowed the int64 cast, found by fuzz_scenario in CI)
// or a fraction is an error at the key.
TEST(ScenarioFile, JunctionOnTakesIntegerNodeIds) {
  for (const char* on : {"[1e19, 2]", "[1.5, 2]"}) {
    const auto e =
        parse_error(std::string(kHeader) + "[[road.add_junction]]\nid = 901\non = " + on +
                    "\nconnect_to = 3\nspeed_kmh = 70\n");
    EXPECT_EQ(e.where().field, "road.add_junction.on") << on;
    EXPECT_THAT(e.what(), HasSubstr("expected an array of integers, found a number")) << on;
  }
}

TEST(ScenarioFile, SyntaxErrorHasLine) {
  const auto e = parse_error(std::string(kHeader) + "[cost\n");
  EXPECT_EQ(e.where().line, 5u);
  EXPECT_THAT(e.what(), HasSubstr("TOML syntax"));
}

TEST(ScenarioFile, InvalidNameAndDuplicateNodes) {
  auto e =
      parse_error("name = \"Bad Name\"\ndescription = \"d\"\nbase = \".\"\nassumptions = \"a\"\n");
  EXPECT_EQ(e.where().field, "name");
  e = parse_error(std::string(kHeader) +
                  "[[road.add_node]]\nid = 5\nlat = 51\nlon = 5\n[[road.add_node]]\nid = 5\nlat = "
                  "51\nlon = 5\n");
  EXPECT_THAT(e.what(), HasSubstr("node 5 is created twice"));
}

TEST(ScenarioFile, CombineAddsEditsAndCosts) {
  auto a = parse_scenario(
      std::string(kHeader) + "[[pt.remove_line]]\nline = \"X\"\n[cost]\ninvestment_eur = 10\n",
      "a.toml", "/data");
  auto b = parse_scenario(std::string(kHeader) + "[[pt.remove_line]]\nline = \"Y\"\n", "b.toml",
                          "/data");
  b.name = "other";
  b.parts = {"other"};
  const auto c = combine({&a, &b}, "test+other");
  EXPECT_EQ(c.name, "test+other");
  const auto removed = c.edits.of_kind("pt.remove_line");
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(removed[1]->describe(), "pt.remove_line 'Y'");
  EXPECT_EQ(removed[1]->origin.file, "b.toml");
  EXPECT_EQ(c.parts, (std::vector<std::string>{"test", "other"}));
  EXPECT_DOUBLE_EQ(c.cost.investment_eur, 10.0);
  EXPECT_TRUE(c.cost.given);
  EXPECT_EQ(c.part_costs.size(), 2u);
}

// Two scenarios needing the same track: a combination counts the shared item once.
// At discount rate 0, PV = I + O·n and EAC = I/n + O:
//   a's own [cost]: 10 + 1·10 = 20 (EAC 10/10 + 1 = 2)
//   b's own [cost]:  0 + 3·5  = 15 (EAC 3)
//   item "track":  100 + 2·20 = 140 (EAC 100/20 + 2 = 7)
constexpr const char* kTrackItem = R"toml([[cost.item]]
id = "track"
investment_eur = 100
operating_eur_per_year = 2
lifetime_years = 20
)toml";

Scenario scenario_with_item(const std::string& name, const std::string& file,
                            const std::string& own_cost, const std::string& item) {
  auto s = parse_scenario("name = \"" + name + "\"\n" +
                              "description = \"d\"\nbase = \"region\"\nassumptions = \"a\"\n" +
                              "[cost]\n" + own_cost + "discount_rate = 0\n" + item,
                          file, "/data");
  return s;
}

TEST(ScenarioFile, SharedCostItemCountedOnceInCombination) {
  const auto a = scenario_with_item(
      "a", "a.toml", "investment_eur = 10\noperating_eur_per_year = 1\nlifetime_years = 10\n",
      kTrackItem);
  const auto b = scenario_with_item("b", "b.toml",
                                    "operating_eur_per_year = 3\nlifetime_years = 5\n", kTrackItem);
  // Alone: own [cost] + the item.
  auto pv = [](const Scenario& s) {
    double x = 0.0;
    for (const auto& c : s.part_costs) x += present_value_cost(c);
    return x;
  };
  auto eac = [](const Scenario& s) {
    double x = 0.0;
    for (const auto& c : s.part_costs) x += equivalent_annual_cost(c);
    return x;
  };
  ASSERT_EQ(a.cost_items.size(), 1u);
  EXPECT_EQ(a.cost_items[0].id, "track");
  EXPECT_EQ(a.cost_items[0].origin.line, 10u);
  EXPECT_DOUBLE_EQ(a.cost.investment_eur, 10.0);  // own [cost] only
  EXPECT_DOUBLE_EQ(b.cost.investment_eur, 0.0);   // optional when the table has items
  EXPECT_DOUBLE_EQ(pv(a), 20.0 + 140.0);
  EXPECT_DOUBLE_EQ(pv(b), 15.0 + 140.0);
  EXPECT_DOUBLE_EQ(eac(a), 2.0 + 7.0);
  EXPECT_DOUBLE_EQ(benefit_cost_ratio(27.0, b.part_costs), 27.0 / 10.0);
  // Together: 20 + 15 + 140 = 175, not 315; EAC 2 + 3 + 7 = 12; B/C of 24 EUR/yr = 2.
  const auto c = combine({&a, &b}, "a+b");
  ASSERT_EQ(c.cost_items.size(), 1u);
  EXPECT_EQ(c.own_costs.size(), 2u);
  EXPECT_EQ(c.part_costs.size(), 3u);
  EXPECT_DOUBLE_EQ(pv(c), 175.0);
  EXPECT_DOUBLE_EQ(eac(c), 12.0);
  EXPECT_DOUBLE_EQ(benefit_cost_ratio(24.0, c.part_costs), 2.0);
  // Nested: (a+b)+a still counts the track once.
  const auto cc = combine({&c, &a}, "a+b+a");
  EXPECT_DOUBLE_EQ(pv(cc), 175.0 + 20.0);
}

TEST(ScenarioFile, CostItemLifetimeDefaultsToScenarios) {
  const auto a = scenario_with_item("a", "a.toml", "investment_eur = 0\nlifetime_years = 25\n",
                                    "[[cost.item]]\nid = \"track\"\ninvestment_eur = 50\n");
  ASSERT_EQ(a.cost_items.size(), 1u);
  EXPECT_DOUBLE_EQ(a.cost_items[0].cost.lifetime_years, 25.0);
  EXPECT_DOUBLE_EQ(a.cost_items[0].cost.operating_eur_per_year, 0.0);
  EXPECT_DOUBLE_EQ(equivalent_annual_cost(a.cost_items[0].cost), 2.0);  // 50 / 25 at 0 %
}

TEST(ScenarioFile, CostItemErrors) {
  // Unknown key in an item.
  auto e = parse_error(std::string(kHeader) +
                       "[cost]\n[[cost.item]]\nid = \"t\"\ninvestment_eur = 1\ncolour = 2\n");
  EXPECT_EQ(e.where().field, "cost.item.colour");
  EXPECT_EQ(e.where().line, 9u);
  // Missing investment in an item; missing investment in a [cost] without items.
  e = parse_error(std::string(kHeader) + "[cost]\n[[cost.item]]\nid = \"t\"\n");
  EXPECT_EQ(e.where().field, "cost.item.investment_eur");
  e = parse_error(std::string(kHeader) + "[cost]\noperating_eur_per_year = 1\n");
  EXPECT_EQ(e.where().field, "cost.investment_eur");
  // The same id twice in one file.
  e = parse_error(std::string(kHeader) +
                  "[cost]\n[[cost.item]]\nid = \"t\"\ninvestment_eur = 1\n"
                  "[[cost.item]]\nid = \"t\"\ninvestment_eur = 1\n");
  EXPECT_EQ(e.where().field, "cost.item.id");
  EXPECT_EQ(e.where().line, 10u);
  EXPECT_THAT(e.what(), HasSubstr("defined twice (first on line 7)"));
}

TEST(ScenarioFile, ConflictingCostItemsInCombinationAreAnError) {
  const auto a = scenario_with_item("a", "a.toml", "investment_eur = 0\n", kTrackItem);
  const auto b = scenario_with_item(
      "b", "b.toml", "investment_eur = 0\n",
      "[[cost.item]]\nid = \"track\"\ninvestment_eur = 101\noperating_eur_per_year = 2\n"
      "lifetime_years = 20\n");
  try {
    (void)combine({&a, &b}, "a+b");
    ADD_FAILURE() << "conflicting items accepted";
  } catch (const InputError& err) {
    EXPECT_EQ(err.where().file, "b.toml");
    EXPECT_EQ(err.where().line, 10u);
    EXPECT_EQ(err.where().field, "cost.item.investment_eur");
    EXPECT_THAT(err.what(), HasSubstr("a.toml line 10"));
  }
  // Same numbers written, but the lifetime defaults to different scenario lifetimes.
  const auto c = scenario_with_item("c", "c.toml", "investment_eur = 0\nlifetime_years = 30\n",
                                    "[[cost.item]]\nid = \"track\"\ninvestment_eur = 100\n");
  const auto d = scenario_with_item("d", "d.toml", "investment_eur = 0\nlifetime_years = 40\n",
                                    "[[cost.item]]\nid = \"track\"\ninvestment_eur = 100\n");
  try {
    (void)combine({&c, &d}, "c+d");
    ADD_FAILURE() << "conflicting lifetimes accepted";
  } catch (const InputError& err) {
    EXPECT_EQ(err.where().file, "d.toml");
    EXPECT_EQ(err.where().field, "cost.item.lifetime_years");
  }
}

class BatchFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("corridor-batch-file-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    for (const char* n : {"a", "b", "c", "d"}) {
      std::ofstream(dir_ / (std::string(n) + ".toml"))
          << "name = \"" << n << "\"\ndescription = \"d\"\nbase = \".\"\nassumptions = \"x\"\n";
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Batch parse(const std::string& text) { return parse_batch(text, "b.toml", dir_); }
  std::filesystem::path dir_;
};

TEST_F(BatchFile, AloneEveryPairAndAll) {
  const auto b = parse(
      "name = \"q\"\nscenarios = [\"a.toml\", \"b.toml\", \"c.toml\", \"d.toml\"]\n"
      "combinations = [\"pairs\", \"all\"]\n[[combination]]\nname = \"ab-c\"\nscenarios = [\"a\", "
      "\"c\"]\n");
  ASSERT_EQ(b.runs.size(), 4u + 6u + 1u + 1u);
  EXPECT_EQ(b.runs[0].name, "a");
  EXPECT_EQ(b.runs[4].name, "a+b");
  EXPECT_EQ(b.runs[9].name, "c+d");
  EXPECT_EQ(b.runs[10].name, "all");
  EXPECT_EQ(b.runs[10].parts.size(), 4u);
  EXPECT_EQ(b.runs[11].name, "ab-c");
}

TEST_F(BatchFile, Errors) {
  auto err = [&](const std::string& t) -> std::string {
    try {
      parse(t);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_THAT(err("name = \"q\"\nscenarios = [\"zz.toml\"]\n"), HasSubstr("not found"));
  EXPECT_THAT(err("name = \"q\"\nscenarios = [\"a.toml\"]\ncombinations = [\"triples\"]\n"),
              HasSubstr("b.toml:3: field 'combinations'"));
  EXPECT_THAT(err("name = \"q\"\nscenarios = [\"a.toml\"]\n[[combination]]\nscenarios = "
                  "[\"a\", \"x\"]\n"),
              HasSubstr("scenario 'x' is not listed"));
  EXPECT_THAT(err("name = \"q\"\nscenarios = [\"a.toml\", \"b.toml\"]\n[[combination]]\nname = "
                  "\"a\"\nscenarios = [\"a\", \"b\"]\n"),
              HasSubstr("used twice"));
  EXPECT_THAT(err("name = \"q\"\nscenario = [\"a.toml\"]\n"), HasSubstr("scenarios"));
  // A name longer than the system allows is "not found", not a filesystem_error (found by fuzzing).
  EXPECT_THAT(err("name = \"q\"\nscenarios = [\"" + std::string(5000, 'a') + "\"]\n"),
              HasSubstr("field 'scenarios': scenario file"));
  EXPECT_THAT(err("name = \"q\"\nscenarios = [\"a.toml/x.toml\"]\n"), HasSubstr("not found"));
}

// both_directions is true unless given, for every road edit kind.
TEST(ScenarioFile, BothDirectionsDefaultsToTrueForEveryRoadEdit) {
  const auto s = parse_scenario(std::string(kHeader) + R"toml(
[[road.add_link]]
from = 1
to = 2
speed_kmh = 80
[[road.change_link]]
from = 1
to = 2
lanes = 2
[[road.close_link]]
link = 7
[[road.add_junction]]
id = 901
link = 7
connect_to = 3
speed_kmh = 70
)toml",
                                "s.toml", "/data");
  for (const auto& e : s.edits.items) {
    EXPECT_THAT(e->describe(), HasSubstr("and back")) << e->kind << ": " << e->describe();
  }
}

TEST(ScenarioFile, LinkReferenceIsIdOrEnds) {
  auto e = parse_error(std::string(kHeader) + "[[road.close_link]]\nlink = 7\nfrom = 1\nto = 2\n");
  EXPECT_EQ(e.where().field, "road.close_link.from");
  EXPECT_THAT(e.what(), HasSubstr("give either 'link' (a link id) or 'from' and 'to'"));
  e = parse_error(std::string(kHeader) + "[[road.close_link]]\nlink = \"A67\"\n");
  EXPECT_EQ(e.where().field, "road.close_link.link");
  EXPECT_THAT(e.what(), HasSubstr("expected an integer, got a string"));
  e = parse_error(std::string(kHeader) + "[[road.close_link]]\nname = \"A67\"\n");
  EXPECT_EQ(e.where().field, "road.close_link.from");
  EXPECT_THAT(e.what(), HasSubstr("required key is missing"));
  const auto s = parse_scenario(
      std::string(kHeader) + "[[road.close_link]]\nfrom = 1\nto = 2\nname = \"A67\"\n", "s.toml",
      "/data");
  EXPECT_EQ(s.edits.items.at(0)->describe(), "road.close_link 1 -> 2 'A67' and back");
}

TEST(ScenarioFile, UnknownEditKindIsAnUnknownKey) {
  const auto e = parse_error(std::string(kHeader) + "[[road.add_lnk]]\nfrom = 1\n");
  EXPECT_EQ(e.where().field, "road.add_lnk");
  EXPECT_EQ(e.where().line, 5u);
  EXPECT_THAT(e.what(), HasSubstr("unknown key"));
}

// Parameters merge key by key; different values in two parts name both files and the key.
TEST(ScenarioFile, CombineMergesParametersAndRejectsConflicts) {
  auto with = [](const std::string& name, const std::string& file, const std::string& params) {
    return parse_scenario("name = \"" + name + "\"\ndescription = \"d\"\nbase = \"region\"\n" +
                              "assumptions = \"a\"\n[parameters]\n" + params,
                          file, "/data");
  };
  const auto a = with("a", "a.toml", "population_growth = 1.05\n");
  const auto b = with("b", "b.toml",
                      "population_growth = 1.05\nvalue_of_time_eur_per_h = { commute = 12.0 }\n");
  const auto c = with("c", "c.toml", "annualisation = 250\n");
  const auto abc = combine({&a, &b, &c}, "a+b+c");
  EXPECT_DOUBLE_EQ(*abc.parameters.population_growth, 1.05);
  // A later part's value of time is kept (it used to be dropped silently).
  EXPECT_DOUBLE_EQ(abc.parameters.value_of_time_eur_per_h.at("commute"), 12.0);
  EXPECT_DOUBLE_EQ(*abc.parameters.annualisation, 250.0);
  const auto d = with("d", "d.toml", "\nvalue_of_time_eur_per_h = { commute = 10.0 }\n");
  try {
    combine({&a, &b, &d}, "a+b+d");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "d.toml");
    EXPECT_EQ(e.where().line, 7u);
    EXPECT_EQ(e.where().field, "parameters.value_of_time_eur_per_h.commute");
    EXPECT_THAT(e.what(), HasSubstr("10 here, 12 in b.toml line 7"));
  }
  const auto g = with("g", "g.toml", "population_growth = 1.1\n");
  try {
    combine({&a, &g}, "a+g");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "g.toml");
    EXPECT_EQ(e.where().field, "parameters.population_growth");
    EXPECT_THAT(e.what(), HasSubstr("1.1000000000000001 here, 1.05 in a.toml line 6"));
  }
}

}  // namespace
}  // namespace corridor::scenario

namespace corridor::scenario {
namespace {

// `title` is what reports show: optional (default the name), non-empty when given, and a
// combination's title joins its parts' titles in order.
TEST(ScenarioFile, TitleDefaultsToNameAndCombinationsJoinTitles) {
  const auto plain = parse_scenario(kHeader, "s.toml", "/data");
  EXPECT_EQ(plain.title, "test");
  const auto titled = parse_scenario(
      std::string("title = \"  Rail Hamont \xe2\x80\x93 Weert \"\n") + kHeader, "s.toml", "/data");
  EXPECT_EQ(titled.title, "Rail Hamont \xe2\x80\x93 Weert");
  auto other = plain;
  other.name = "other";
  const auto c = combine({&titled, &other}, "test+other");
  EXPECT_EQ(c.title, "Rail Hamont \xe2\x80\x93 Weert + test");
  const auto e = parse_error(std::string("title = \" \"\n") + kHeader);
  EXPECT_EQ(e.where().line, 1U);
  EXPECT_EQ(e.where().field, "title");
}

}  // namespace
}  // namespace corridor::scenario
