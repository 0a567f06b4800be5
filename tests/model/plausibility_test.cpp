// Plausibility of the Brainport–Kempen region model (scenarios/brainport-kempen) against the
// figures of the region facts sheet, /work/shared/region/FACTS.md ("FACTS" below). Each range is
// stated from the source, not from the model's output. Skipped when the folder is absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "demand/parameters.hpp"
#include "demand/pt_mapping.hpp"
#include "model/region_model.hpp"
#include "model/skim.hpp"
#include "model/validate.hpp"
#include "run_cli.hpp"
#include "test_data.hpp"

namespace corridor::model {
namespace {

using ::testing::HasSubstr;

std::filesystem::path region_folder() {
  return test::source_dir() / "scenarios" / "brainport-kempen";
}

class Region : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::filesystem::exists(region_folder())) {
      model_ = new RegionModel(load_region_model(region_folder()));
    }
  }
  static void TearDownTestSuite() {
    delete model_;
    model_ = nullptr;
  }
  void SetUp() override { CORRIDOR_SKIP_IF_MISSING(region_folder()); }

  static std::uint32_t zone(std::string_view q) { return require_zone(*model_, q, "test"); }
  static double car_free_flow(std::string_view from, std::string_view to) {
    return car_trip(*model_, car_free_flow_costs(*model_), zone(from), zone(to)).minutes;
  }

  static RegionModel* model_;
};
RegionModel* Region::model_ = nullptr;

// The region model passes its own validation: connectivity by car and PT, ranges, geometry.
TEST_F(Region, ValidatesWithoutDefects) {
  const auto r = validate_region_model(*model_);
  for (const auto& d : r.defects) ADD_FAILURE() << d.check << " " << d.where << ": " << d.message;
  EXPECT_GE(model_->zones.size(), 40u);  // issue 3: at least 40 zones
  EXPECT_EQ(r.inventory.zones_by_country.count("NL"), 1u);
  EXPECT_EQ(r.inventory.zones_by_country.count("BE"), 1u);
}

// FACTS §1: every municipality on both sides of the border is a zone (or several), in its country.
TEST_F(Region, EveryFactsMunicipalityIsFoundInItsCountry) {
  const std::map<std::string, std::string> municipalities = {{"Eindhoven", "NL"},
                                                             {"Veldhoven", "NL"},
                                                             {"Waalre", "NL"},
                                                             {"Valkenswaard", "NL"},
                                                             {"Bergeijk", "NL"},
                                                             {"Eersel", "NL"},
                                                             {"Bladel", "NL"},
                                                             {"Reusel-De Mierden", "NL"},
                                                             {"Oirschot", "NL"},
                                                             {"Best", "NL"},
                                                             {"Son en Breugel", "NL"},
                                                             {"Geldrop-Mierlo", "NL"},
                                                             {"Heeze-Leende", "NL"},
                                                             {"Cranendonck", "NL"},
                                                             {"Weert", "NL"},
                                                             {"Helmond", "NL"},
                                                             {"Turnhout", "BE"},
                                                             {"Oud-Turnhout", "BE"},
                                                             {"Ravels", "BE"},
                                                             {"Arendonk", "BE"},
                                                             {"Retie", "BE"},
                                                             {"Dessel", "BE"},
                                                             {"Mol", "BE"},
                                                             {"Balen", "BE"},
                                                             {"Geel", "BE"},
                                                             {"Kasterlee", "BE"},
                                                             {"Beerse", "BE"},
                                                             {"Herentals", "BE"},
                                                             {"Lommel", "BE"},
                                                             {"Pelt", "BE"},
                                                             {"Hamont-Achel", "BE"},
                                                             {"Leopoldsburg", "BE"},
                                                             {"Hasselt", "BE"},
                                                             {"Genk", "BE"},
                                                             {"Antwerpen", "BE"}};
  for (const auto& [name, country] : municipalities) {
    const auto z = find_zone(*model_, name);
    ASSERT_TRUE(z.has_value()) << name;
    EXPECT_EQ(model_->zones[*z].country, country) << name;
  }
  // `Eindhoven` means the centre/station district (issue 3).
  EXPECT_EQ(model_->zones[zone("Eindhoven")].name, "Eindhoven Centrum");
}

// FACTS §1 populations (CBS/Statbel, 1-1-2024 or 2022): the zones of a municipality sum to it
// within 1 %.
TEST_F(Region, PopulationMatchesFacts) {
  const std::map<std::string, double> facts = {{"Eindhoven", 246443}, {"Veldhoven", 46826},
                                               {"Turnhout", 47305},   {"Lommel", 34396},
                                               {"Bergeijk", 19193},   {"Weert", 51060}};
  for (const auto& [municipality, population] : facts) {
    double sum = 0.0;
    for (const auto& z : model_->zones) {
      if (z.municipality == municipality) sum += z.population;
    }
    EXPECT_NEAR(sum, population, 0.01 * population) << municipality;
  }
}

// FACTS §2: car Eindhoven–Turnhout ~35–40 min off-peak (GK), "40 km from Eindhoven".
TEST_F(Region, CarEindhovenTurnhoutFreeFlow) {
  for (auto [a, b] : {std::pair{"Eindhoven", "Turnhout"}, std::pair{"Turnhout", "Eindhoven"}}) {
    const double t = car_free_flow(a, b);
    EXPECT_GE(t, 35.0) << a << " -> " << b;
    EXPECT_LE(t, 40.0) << a << " -> " << b;
  }
}

// FACTS §2: car Bergeijk–Lommel ~15–20 min (GK); Lommelsedijk ~13 km Bergeijk–Lommel centre.
TEST_F(Region, CarBergeijkLommelFreeFlow) {
  for (auto [a, b] : {std::pair{"Bergeijk", "Lommel"}, std::pair{"Lommel", "Bergeijk"}}) {
    const double t = car_free_flow(a, b);
    EXPECT_GE(t, 15.0) << a << " -> " << b;
    EXPECT_LE(t, 20.0) << a << " -> " << b;
  }
}

// FACTS §3: Eindhoven–Weert NS Intercity ~18 min every 15 min; Sprinter ~27 min every 30 min.
// The expected in-vehicle time over the optimal strategy lies between the two (the Sprinter may be
// attractive too). Door to door adds the expected wait (half the combined headway: 5–7.5 min at
// the default wait factor 0.5) and access/egress between the zone centroids and the stations (the
// stations lie inside both zones: up to ~10 min each way at the 12 km/h access speed), so the
// total must lie within [18 + 5, 27 + 7.5 + 20] = [23, 54.5] min.
TEST_F(Region, TrainEindhovenWeert) {
  for (auto period : {transit::Period::peak, transit::Period::offpeak}) {
    const auto trip = pt_trip(*model_, zone("Eindhoven"), zone("Weert"), period);
    EXPECT_GE(trip.in_vehicle_min, 18.0);
    EXPECT_LE(trip.in_vehicle_min, 27.0);
    EXPECT_GE(trip.minutes, 23.0);
    EXPECT_LE(trip.minutes, 54.5);
    EXPECT_NEAR(trip.boardings, 1.0, 0.05);  // a direct train, no transfer
  }
}

// FACTS §3: Antwerpen–Herentals by NMBS line 15, 31 min (hourly Antwerp–Mol; more trains via
// Herentals towards Turnhout). In-vehicle within 31 ± 4 min; door to door at most 31 + 35 + half
// an hourly headway (30) = 96 min.
TEST_F(Region, TrainAntwerpenHerentals) {
  const auto trip =
      pt_trip(*model_, zone("Antwerpen"), zone("Herentals"), transit::Period::offpeak);
  EXPECT_GE(trip.in_vehicle_min, 27.0);
  EXPECT_LE(trip.in_vehicle_min, 35.0);
  EXPECT_LE(trip.minutes, 96.0);
  EXPECT_NEAR(trip.boardings, 1.0, 0.05);
}

// The CLI prints the same number as the library, in the contract's JSON shape.
TEST_F(Region, SkimCliJsonMatchesLibrary) {
  const auto r = test::run_corridor({"skim", region_folder().string(), "--mode", "car", "--from",
                                     "eindhoven", "--to", "Turnhout", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("from"), "Eindhoven Centrum");
  EXPECT_EQ(j.at("to"), "Turnhout");
  EXPECT_EQ(j.at("mode"), "car");
  EXPECT_NEAR(j.at("minutes").get<double>(), car_free_flow("Eindhoven", "Turnhout"), 0.006);

  const auto pt = test::run_corridor({"skim", region_folder().string(), "--mode", "pt", "--from",
                                      "Eindhoven", "--to", "19", "--json"});
  ASSERT_EQ(pt.exit_code, 0) << pt.err;
  const auto jp = nlohmann::json::parse(pt.out);
  EXPECT_EQ(jp.at("to"), "Weert");
  // The CLI uses the demand model's transit parameters (demand::transit_params).
  const auto tp =
      demand::transit_params(demand::load_demand_parameters(region_folder() / "demand.toml"));
  EXPECT_NEAR(
      jp.at("minutes").get<double>(),
      pt_trip(*model_, zone("Eindhoven"), zone("Weert"), transit::Period::offpeak, tp).minutes,
      0.006);
}

// --loaded runs the base demand model; BPR times never fall below free flow, so neither can the
// shortest loaded path (and the path stays finite).
TEST_F(Region, SkimCliLoadedIsNotFasterThanFreeFlow) {
  const auto r = test::run_corridor({"skim", region_folder().string(), "--mode", "car", "--from",
                                     "Eindhoven", "--to", "Turnhout", "--loaded", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const double loaded = nlohmann::json::parse(r.out).at("minutes").get<double>();
  EXPECT_GE(loaded, car_free_flow("Eindhoven", "Turnhout") - 0.006);
  EXPECT_LT(loaded, 3.0 * car_free_flow("Eindhoven", "Turnhout"));  // no gridlock in the base
}

TEST_F(Region, SkimCliUnknownZoneExitsTwo) {
  const auto r = test::run_corridor(
      {"skim", region_folder().string(), "--mode", "car", "--from", "Eindhovn", "--to", "Mol"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("field '--from': no zone matches 'Eindhovn'"));
}

}  // namespace
}  // namespace corridor::model
