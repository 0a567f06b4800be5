#pragma once
// Uncertain inputs of a batch: what a batch file's [uncertainty] block declares, how draws are
// sampled (Latin hypercube) and how one draw changes a scenario's appraisal and the model.
//
// Batch file (docs/comparing-quick-wins.md, "Rankings under uncertainty"):
//   [uncertainty]
//   seed = 15                        # default seed of the sampling (corridor batch --seed wins)
//   [[uncertainty.input]]
//   name = "value-of-time"           # the input's id in sensitivity.csv
//   kind = "value_of_time"           # see InputKind
//   distribution = "uniform"         # uniform (low, high) | triangular (low, mode, high) |
//   low = 0.8                        # normal (mean, sd; optional lower/upper truncation)
//   high = 1.2
//   source = "KiM 2023: ..."         # where the range comes from (free text, reported)
//   scenarios = ["hamont-weert"]     # investment / operating: the single scenarios it scales
//   items = ["hamont-weert-track"]   #   and the shared cost items ([[cost.item]] ids)
//   key = "border.penalty_utils"     # parameter: the demand.toml key shifted
//   [[uncertainty.calibrated]]       # every estimated parameter of `corridor calibrate`:
//   file = "calibration/parameters.csv"   # shifts N(0, Σ), Σ from std_error and corr_*
//
// Kinds (what a drawn value x means):
//   value_of_time   factor x on every value of time (persons by purpose and country, trucks):
//                   appraisal only, the model is not re-run;
//   investment      factor x on the investment of the listed scenarios' own [cost] and of the
//                   listed cost items: appraisal only;
//   operating       factor x on their operating cost per year: appraisal only;
//   demand_growth   factor x on population and jobs of every internal zone, on top of the
//                   scenario's own growth (base and scenario grown alike): the model is re-run;
//   parameter       additive shift x on the demand-model parameter `key`, around the value the
//                   batch uses (after the base calibration), clamped to [lower, upper] when
//                   given: the model is re-run.
// Several inputs of one kind on the same thing multiply (factors) or add (shifts).
//
// Sampling: Latin hypercube (McKay, Beckman & Conover 1979): for each input an independent random
// permutation π of the N strata and u_d = (π(d) + v_d) / N with v_d uniform in [0, 1), so each of
// the N equal-probability strata of every input is hit exactly once; the value is the input's
// quantile function at u_d (Iman & Conover 1982 for the inverse-CDF step). The calibrated
// parameters are drawn as independent standard normals z (LHS as above) and correlated by the
// Cholesky factor of their correlation matrix, x = diag(σ) L z: the first parameter of the
// block keeps its strata, the others keep their marginal N(0, σ²) but not one-per-stratum.
// Random numbers: std::mt19937_64 (its output sequence is fixed by the C++ standard) with our own
// conversions to [0, 1) and to bounded integers, so a seed gives the same draws on every platform
// and for any thread count.
//
//   auto spec = parse_uncertainty(table, "quick-wins.toml", dir, batch.singles);
//   auto plan = sample_draws(spec, 256, 15);              // plan.values[d][i]
//   Scenario s = appraisal_scenario(batch.runs[r], spec, plan.values[d]);
#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "demand/parameters.hpp"
#include "scenario/scenario.hpp"

namespace corridor::scenario {

enum class InputKind : std::uint8_t {
  value_of_time,
  investment,
  operating,
  demand_growth,
  parameter
};
const char* input_kind_name(InputKind k);
// The model must be re-run when this input changes.
bool changes_model(InputKind k);

enum class DistributionKind : std::uint8_t { uniform, triangular, normal };
const char* distribution_name(DistributionKind k);

struct Distribution {
  DistributionKind kind = DistributionKind::uniform;
  double low = 0.0, mode = 0.0, high = 0.0;  // uniform, triangular
  double mean = 0.0, sd = 0.0;               // normal
  // Normal only: truncation (the quantile is taken within [F(lower), F(upper)]).
  std::optional<double> lower, upper;
  // Inverse CDF at u in (0, 1).
  [[nodiscard]] double quantile(double u) const;
};

struct UncertainInput {
  std::string name;
  InputKind kind = InputKind::value_of_time;
  Distribution distribution;
  std::vector<std::string> scenarios;              // investment / operating: single scenario names
  std::vector<std::string> items;                  // investment / operating: cost item ids
  std::string key;                                 // parameter
  std::optional<double> clamp_lower, clamp_upper;  // parameter: bounds of the shifted value
  std::string source;
  Origin origin;  // the [[uncertainty.input]] table (or the parameters.csv row)
  // Calibrated block: index of the group (UncertaintySpec::groups), or none.
  std::optional<std::size_t> group;
};

// Parameters drawn jointly from N(0, Σ): the inputs listed (indices into inputs, in file order of
// parameters.csv) and the lower Cholesky factor of their correlation matrix (row-major).
struct CorrelatedGroup {
  std::vector<std::size_t> inputs;
  std::vector<double> cholesky;
};

struct UncertaintySpec {
  std::uint64_t seed = 15;
  std::vector<UncertainInput> inputs;
  std::vector<CorrelatedGroup> groups;
  std::string source_text;  // the block as written, hashed into the draws' input hash
  [[nodiscard]] bool changes_model() const;
};

// Reads the [uncertainty] table of a batch file. `singles` are the batch's scenario files (the
// names and cost item ids an input may list). Throws InputError (file:line:field) on any defect.
UncertaintySpec parse_uncertainty(const toml::table& table, const std::string& file,
                                  const std::filesystem::path& dir,
                                  const std::vector<Scenario>& singles);

// A demand-model parameter by its demand.toml key; nullptr when the key is not drawable.
// Drawable: <purpose>.asc[0..2], <purpose>.theta_per_min, <purpose>.dest_scale,
// <purpose>.trips_per_resident, <purpose>.trips_per_job,
// border.penalty_utils, border.external_weight, pt.wait_factor, pt.headway_threshold_min,
// pt.headway_slope, modes.pt_wait_weight, modes.pt_walk_weight, modes.pt_transfer_penalty_min,
// modes.car_cost_eur_km.
double* parameter_field(demand::DemandParameters& p, const std::string& key);

// N × k uniforms in [0, 1), one column per input: Latin hypercube strata (see the model above).
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t k, std::uint64_t seed);

struct DrawPlan {
  std::size_t draws = 0;
  std::uint64_t seed = 0;
  std::vector<std::vector<double>> values;  // [draw][input]: factor or shift
};
DrawPlan sample_draws(const UncertaintySpec& spec, std::size_t n, std::uint64_t seed);

// The scenario as appraised under one draw: value-of-time factor in its parameters, investment
// and operating costs of its parts and items scaled. Edits and growth are unchanged.
Scenario appraisal_scenario(const Scenario& s, const UncertaintySpec& spec,
                            const std::vector<double>& values);
// The factor of a draw on the PT operating unit costs of each part's service (one per
// Scenario::parts): the product of the `operating` inputs that name the part (1 when none does).
std::vector<double> operating_factors(const Scenario& s, const UncertaintySpec& spec,
                                      const std::vector<double>& values);
// The investment range the block declares for a scenario: its undiscounted investment (own [cost]s
// and items, as DrawRow::investment_eur) with every `investment` input that names one of its parts
// or items at the lower end of its range, then at the upper end (uniform and triangular: low and
// high; normal: its truncation bounds, else its 5th and 95th percentiles). nullopt when no
// investment input names the scenario. For the report of a batch run without draws.
std::optional<std::pair<double, double>> declared_investment_range(const Scenario& s,
                                                                   const UncertaintySpec& spec);
// The growth factor of a draw (1 without demand_growth inputs).
double growth_factor(const UncertaintySpec& spec, const std::vector<double>& values);
// The scenario with its growth multiplied by `factor` (for the model run of a draw).
Scenario grown_scenario(const Scenario& s, double factor);
// The demand parameters of a draw: shifts applied to `fixed` (the batch's, after calibration).
demand::DemandParameters drawn_parameters(const demand::DemandParameters& fixed,
                                          const UncertaintySpec& spec,
                                          const std::vector<double>& values);

}  // namespace corridor::scenario
