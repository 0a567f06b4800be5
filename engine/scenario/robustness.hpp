#pragma once
// Statistics of a batch's draws (draws.hpp): the ranking under uncertainty and which inputs move
// it. Pure functions of the draw results, reduced in draw order, so the outputs do not depend on
// how (threads, processes) the draws were computed.
//
// Per draw the runs are ranked as the batch ranks them (batch.cpp ranking_order): resolved before
// below the noise floor, costed before uncosted, then benefit/cost ratio (uncosted: benefit per
// year), then name. Rank 1 = best.
// - p_rank_first: the share of draws in which a run ranks first (sums to 1 over the runs).
// - Percentiles p5, p50, p95 of rank, benefit per year and B/C over the draws: linear
//   interpolation between order statistics, q(p) = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)),
//   h = (N − 1) p on the sorted sample x_(0..N−1) (Hyndman & Fan 1996, definition 7; R's and
//   numpy's default).
// - robustness.csv: the columns the issue fixes, then investment_eur_p5, investment_eur_p95 (the
//   range of the undiscounted investment the draws' cost factors give).
// - robustness.csv rows: by median rank, then higher p_rank_first, then higher median B/C, then
//   name.
//
// Sensitivity (sensitivity.csv): standardized regression coefficients (SRC; Saltelli et al.
// 2008, "Global Sensitivity Analysis: The Primer", §1.2.5). For each run r, the least-squares fit
// of y = its rank over the draws on the drawn input values, both standardized to unit variance:
// SRC_{r,i} = b_{r,i} σ(x_i) / σ(y). For independent inputs SRC² is the share of Var(y) that
// input i explains linearly, and Σ_i SRC² = R² of the fit. The index of an input on the ranking:
//   rank_variance_share_i = Σ_r Var(rank_r) SRC_{r,i}² / Σ_r Var(rank_r),
// the share of the ranks' total variance (summed over runs) explained by input i: an input that
// reshuffles the runs near the top and those near the bottom counts by how much it moves them.
// Why SRC and not Sobol indices: LHS draws of a few hundred give stable SRC (one regression per
// run), while first-order Sobol indices need N(k + 2) model runs with a dedicated design; the
// price is linearity — the fit's R² (sensitivity_by_scenario.csv) says how much of each rank's
// variance the linear model explains, and a low R² means interactions or non-linear effects the
// index does not see. The same index on B/C instead of rank is reported too. Inputs with no
// variance over the draws get 0; with N ≤ k + 1 draws no regression is possible and the indices
// are left empty.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace corridor::scenario {

// One run under one draw (what the statistics need).
struct DrawRow {
  double benefit_eur_per_year = 0.0;
  double benefit_cost_ratio = 0.0;
  double cost_eur = 0.0;  // present value; 0 = no cost given
  bool below_noise_floor = false;
  double investment_eur = 0.0;  // undiscounted, the own [cost]s and items of the draw
  bool operator==(const DrawRow&) const = default;
};

// Percentile (definition 7 above) of an unsorted sample; p in [0, 1]. Throws Error when empty.
double percentile(std::vector<double> sample, double p);

// Ranks (1 = best) of the runs of one draw, ranked as the batch ranks them.
std::vector<std::size_t> draw_ranks(const std::vector<std::string>& names,
                                    const std::vector<DrawRow>& rows);

struct RobustnessRow {
  std::string scenario;
  double p_rank_first = 0.0;
  double rank_p5 = 0.0, rank_p50 = 0.0, rank_p95 = 0.0;
  double benefit_p5 = 0.0, benefit_p50 = 0.0, benefit_p95 = 0.0;
  double bcr_p5 = 0.0, bcr_p50 = 0.0, bcr_p95 = 0.0;
  double investment_p5 = 0.0, investment_p95 = 0.0;  // EUR, undiscounted
};

struct Robustness {
  std::vector<RobustnessRow> rows;              // robustness.csv order
  std::vector<std::vector<std::size_t>> ranks;  // [draw][run]
};

// `rows` in task order: draw-major, rows[d · names.size() + r].
Robustness robustness(const std::vector<std::string>& names, const std::vector<DrawRow>& rows);
std::string robustness_csv(const Robustness& r);

struct SensitivityInput {
  std::string name;
  std::string kind;
};
struct SensitivityRow {
  std::string input, kind;
  std::optional<double> rank_variance_share, bcr_variance_share;
  std::optional<double> largest_src_rank;  // signed SRC of the run where |SRC| is largest
  std::string largest_src_rank_scenario;
};
struct SensitivityByRun {
  std::string scenario, input;
  std::optional<double> src_rank, src_bcr, r_squared_rank, r_squared_bcr;
};
struct Sensitivity {
  std::vector<SensitivityRow> rows;      // by rank_variance_share, largest first (then input order)
  std::vector<SensitivityByRun> by_run;  // run order, then input order
};

// Standardized regression coefficients of y (N) on x (N × k, row per draw); nullopt entries when
// the fit is impossible (N ≤ k' + 1, k' the inputs with variance) and 0 for constant inputs.
// r_squared: the fit's R² (nullopt when y is constant or no fit).
struct SrcFit {
  std::vector<std::optional<double>> src;
  std::optional<double> r_squared;
  double y_variance = 0.0;
};
SrcFit standardized_regression(const std::vector<std::vector<double>>& x,
                               const std::vector<double>& y);

// values[d][i]: the drawn inputs; rows as for robustness().
Sensitivity sensitivity(const std::vector<SensitivityInput>& inputs,
                        const std::vector<std::vector<double>>& values,
                        const std::vector<std::string>& names, const std::vector<DrawRow>& rows,
                        const Robustness& robust);
std::string sensitivity_csv(const Sensitivity& s);
std::string sensitivity_by_scenario_csv(const Sensitivity& s);

}  // namespace corridor::scenario
