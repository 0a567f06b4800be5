// The region's validation set against the adopted base, as the batch writes it
// (DIR/base/validation.csv: RegionEngine::base_outputs). Every validation row the base models must
// lie within the tolerance observed/ gives it, except the known exceptions below, each with its
// reason (docs/model-validation.md "What is still weak"). The test fails when a new row leaves its
// tolerance, when a known exception is met (remove it from the list: the list must stay true),
// when a listed row no longer exists, and when a tolerance is wider than practice allows (so the
// set cannot be passed by widening it).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/batch.hpp"
#include "test_data.hpp"

namespace corridor::scenario {
namespace {

namespace fs = std::filesystem;

// Validation rows known to be outside their tolerance, by the `target` label of validation.csv.
const std::map<std::string, std::string>& known_exceptions() {
  static const std::map<std::string, std::string> list = {
      {"station GDM in_out weekday NS 2018",
       "Geldrop < 2,000 NS in+out: the model gives ~4,800. Geldrop-Mierlo (40,000 residents) "
       "reaches the train only at Geldrop in the model; in reality many cycle or take the bus "
       "to Eindhoven Centraal (IC stop, 5 km). Not fixed by any fitted parameter."},
      {"screenline Hamont-Budel border road all day 2018",
       "8,500 motor vehicles a day: the model gives ~6,200 (GEH 5): the day is the AM peak hour "
       "times a factor (periods are on the `tod` branch), and the border penalty of the "
       "non-commute purposes is derived from the commute one (purpose_rule theta: higher than "
       "commuting's for shopping and leisure), not fitted: no such figure exists."},
      {"mode_share all NL-internal among car+pt+bike car 2017",
       "car = 1 - PT - bike among the three modes: with the bike share fitted (0.29), the PT "
       "trips the model cannot carry (city buses, PT inside a zone; the PT share is a maximum) "
       "go to the car: 0.67 against 0.61 +- 0.05."},
      {"destination_share commute zone:Ravels -> country:NL 2018",
       "> 10 % of Ravels' residents work in NL: the model gives ~1 %. Their jobs are in Tilburg, "
       "Baarle and Goirle, on or beyond the cordon, where the external zone Tilburg weighs only "
       "border.external_weight (0.15) of its land use."},
      {"rail_access_share bike 2017",
       "43 % cycle to the train (NS, national): the access logit gives ~0.54 (was 0.66 with the "
       "cheapest mode alone). National figure; small-town stations with few walkers nearby, and "
       "the bus feeder is rare in the model. Not fitted (no constant), a validation row."},
      {"station NPT boardings weekday NMBS 2009",
       ">= 525 season-ticket boardings (2009): ~420 after the recalibration with the walk mode "
       "(pt.headway_slope 0.68 -> 0.87: the hourly NMBS trains cost more waiting; it was 655 at "
       "0.68). A 2009 lower bound of one ticket type; Neerpelt's trains are hourly."},
  };
  return list;
}

// The widest tolerance practice allows per kind (relative to the value, or absolute for shares).
double widest_tolerance(const std::string& kind, double observed) {
  if (kind == "station" || kind == "link_count") return 0.30 * observed;
  if (kind == "trips_between") return 0.15 * observed;
  if (kind == "operator_boardings") return 0.50 * observed;  // small lines: a few passengers
  if (kind == "trips_per_person") return 0.15 * observed;
  return 0.05;  // shares: 5 points
}

// RFC 4180 fields of one CSV line (validation.csv quotes sources with commas).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

TEST(RegionValidation, ValidationSetWithinDocumentedTolerances) {
  const auto region_dir = test::source_dir() / "scenarios" / "brainport-kempen";
  if (!fs::exists(region_dir / "observed" / "stations.csv")) {
    GTEST_SKIP() << "region model not found";
  }
  RegionEngine engine;
  const auto scenario = read_scenario(region_dir / "hamont-weert.toml");
  const auto key = engine.base_key(scenario);
  engine.prepare_base(key, scenario);
  const auto outputs = engine.base_outputs(key);
  ASSERT_TRUE(outputs.has_value());
  std::istringstream csv(outputs->validation_csv);

  std::string line;
  ASSERT_TRUE(std::getline(csv, line));
  const auto head = csv_fields(line);
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < head.size(); ++i) col[head[i]] = i;
  for (const char* c : {"target", "kind", "set", "observed", "bound", "tolerance", "modelled",
                        "within_tolerance", "status"}) {
    ASSERT_TRUE(col.count(c)) << "validation.csv has no column " << c;
  }

  std::set<std::string> seen;
  int validation_rows = 0;
  int within = 0;
  while (std::getline(csv, line)) {
    const auto f = csv_fields(line);
    ASSERT_EQ(f.size(), head.size()) << line;
    const std::string& target = f[col["target"]];
    if (f[col["set"]] != "validation") continue;
    ++validation_rows;
    seen.insert(target);
    const double observed = std::stod(f[col["observed"]]);
    const double tolerance = std::stod(f[col["tolerance"]]);
    EXPECT_LE(tolerance, widest_tolerance(f[col["kind"]], observed) * (1 + 1e-9))
        << target << ": tolerance wider than practice allows";
    if (f[col["status"]] != "modelled") continue;  // e.g. a 7-day count, a walk share
    const bool ok = f[col["within_tolerance"]] == "yes";
    // The within flag must agree with the numbers (validation.csv is what planners read).
    const double m = std::stod(f[col["modelled"]]);
    const std::string bound = f[col["bound"]];
    const bool recomputed = bound == "upper"   ? m <= observed + tolerance
                            : bound == "lower" ? m >= observed - tolerance
                                               : std::abs(m - observed) <= tolerance;
    EXPECT_EQ(ok, recomputed) << target;
    within += ok ? 1 : 0;
    const auto known = known_exceptions().find(target);
    if (known == known_exceptions().end()) {
      EXPECT_TRUE(ok) << target << ": modelled " << m << " against " << observed << " +- "
                      << tolerance << (bound.empty() ? "" : " (" + bound + " bound)")
                      << " left its tolerance. Fix the model or, with the reason, add it to "
                         "known_exceptions() and docs/model-validation.md";
    } else {
      EXPECT_FALSE(ok) << target << " is now within its tolerance: remove it from "
                       << "known_exceptions() and from docs/model-validation.md";
    }
  }
  for (const auto& [target, reason] : known_exceptions()) {
    EXPECT_TRUE(seen.count(target))
        << "known exception '" << target << "' is no longer a validation row: remove it";
  }
  // The set is meaningful: most of it must be met, not just listed as exceptions.
  EXPECT_GE(validation_rows, 15);
  EXPECT_GE(within, 2 * static_cast<int>(known_exceptions().size()));
}

}  // namespace
}  // namespace corridor::scenario
