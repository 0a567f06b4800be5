// A draw's model runs started from the nominal runs (scenario::run_draw_model, demand::RunOptions)
// against the same runs started cold, on the real region model (skipped when it is absent).
//
// The draw: demand growth 1.04 on the internal zones, pt.wait_factor + 0.08 and the commute PT
// constant − 0.1 (the kinds of input quick-wins.toml draws). The scenario: knoop-reusel (a road
// edit: the warm start's bushes come from the nominal scenario on its edited network, its car
// times are the draw base's plus the scenario's nominal effect). Known answers:
// - both runs meet the same stopping rule (converged, last demand change below the tolerance,
//   every period's road gap at most final_road_gap);
// - the warm runs start near the answer: their second loop's demand change is below a tenth of
//   the cold run's, and they need fewer loops (the warm start took effect);
// - the benefit of the scenario under the draw (person-hours per day, add_benefits) is the cold
//   one within the noise floor of the cold pair, the mode shares within 1e-5;
// - the warm runs leave the PT loads out (no line boardings) and the nominal runs keep bushes;
// - a warm start from a run of another model is refused.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "demand/model_run.hpp"
#include "demand/parameters.hpp"
#include "model/region_model.hpp"
#include "scenario/apply.hpp"
#include "scenario/draws.hpp"
#include "scenario/result.hpp"
#include "scenario/uncertainty.hpp"
#include "test_data.hpp"

namespace corridor::scenario {
namespace {

namespace fs = std::filesystem;

TEST(DrawWarmStart, ConvergesToTheColdRunWithinTheNoiseFloorInFewerLoops) {
  const auto region_dir = test::source_dir() / "scenarios" / "brainport-kempen";
  if (!fs::exists(region_dir / "zones.csv") || !fs::exists(region_dir / "knoop-reusel.toml")) {
    GTEST_SKIP() << "region model not found";
  }
  RegionEngine engine;
  const auto scenario = read_scenario(region_dir / "knoop-reusel.toml");
  const auto key = engine.base_key(scenario);
  engine.prepare_base(key, scenario);
  const auto& fixed = engine.fixed_parameters(key);
  const auto& base_model = engine.base_model(key);
  const auto scen_model = apply_edits(base_model, scenario);

  demand::RunOptions keep;
  keep.keep_bushes = true;
  const auto nominal_base = demand::run_model(base_model, fixed, keep);
  const auto nominal_scen = demand::run_model(scen_model, fixed, keep);
  ASSERT_EQ(nominal_base.road_bushes.size(), nominal_base.periods.size());
  ASSERT_FALSE(nominal_base.road_bushes.front().empty());

  // The draw.
  demand::DemandParameters drawn = fixed;
  drawn.pt.wait_factor += 0.08;
  drawn.purposes[demand::index(demand::Purpose::commute)].asc[1] -= 0.1;
  model::RegionModel draw_base_model = *engine.region_model(scenario);
  apply_growth(draw_base_model, grown_scenario(scenario, 1.04).parameters);
  const auto draw_scen_model =
      apply_edits(*engine.region_model(scenario), grown_scenario(scenario, 1.04));

  const auto cold_base = demand::run_model(draw_base_model, drawn);
  const auto cold_scen = demand::run_model(draw_scen_model, drawn);
  const auto warm_base = run_draw_model(nominal_base, draw_base_model, drawn);
  const auto warm_scen =
      run_draw_model(nominal_scen, draw_scen_model, drawn,
                     composed_car_minutes(warm_base, nominal_scen, nominal_base));

  const auto& fb = drawn.feedback;
  for (const auto* r : {&cold_base, &cold_scen, &warm_base, &warm_scen}) {
    EXPECT_TRUE(r->converged);
    EXPECT_LT(r->final_demand_change, fb.tolerance);
    EXPECT_LE(r->final_road_gap, fb.final_road_gap);
    ASSERT_GE(r->history.size(), 2u);
  }
  for (const auto& [warm, cold] : {std::pair{&warm_base, &cold_base}, {&warm_scen, &cold_scen}}) {
    EXPECT_LT(warm->history[1].demand_change, 0.1 * cold->history[1].demand_change);
    EXPECT_LT(warm->history.size(), cold->history.size());
    for (std::size_t m = 0; m < demand::kModeCount; ++m)
      EXPECT_NEAR(warm->summary.mode_share[m], cold->summary.mode_share[m], 1e-5);
    EXPECT_TRUE(warm->pt.line_boardings_weekday.empty());
    EXPECT_FALSE(cold->pt.line_boardings_weekday.empty());
  }

  ScenarioResult cold, warm;
  add_benefits({draw_base_model, cold_base}, {draw_scen_model, cold_scen}, drawn, scenario, cold);
  add_benefits({draw_base_model, warm_base}, {draw_scen_model, warm_scen}, drawn, scenario, warm);
  const double floor = cold.headline.noise_floor.hours_per_day;
  ASSERT_GT(cold.headline.person_hours_saved_per_day, 10.0 * floor);  // a benefit to compare
  EXPECT_NEAR(warm.headline.person_hours_saved_per_day, cold.headline.person_hours_saved_per_day,
              floor);

  // A start from another model (one period fewer) is refused.
  demand::ModelRun other = nominal_base;
  other.periods.pop_back();
  EXPECT_THROW(run_draw_model(other, draw_base_model, drawn), Error);
}

}  // namespace
}  // namespace corridor::scenario
