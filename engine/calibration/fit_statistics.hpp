#pragma once
// Goodness of fit of modelled against observed figures, as planners read them.
//
// Model: pairs (observed c_k, modelled m_k), k = 1..n, in the same unit (e.g. vehicles per hour,
// boardings per weekday). Statistics:
// - GEH per pair (Geoffrey E. Havers; UK DMRB Vol. 12 Sect. 2 and TAG Unit M3.1 §3.2):
//     GEH = sqrt(2 (m − c)² / (m + c)),   flows in vehicles per HOUR.
//   GEH is not scale-free (it grows with sqrt(flow)): a count over a period of H hours is compared
//   on its hourly mean, geh_for_period(m, c, H) = geh(m / H, c / H). GEH < 5 is the usual
//   acceptance per count; TAG asks for it on more than 85 % of counts.
// - TAG flow criterion (TAG Unit M3.1, Table 2), hourly flows: |m − c| < 100 veh/h when
//   c < 700 veh/h; within 15 % of c when 700 <= c <= 2,700 veh/h; < 400 veh/h when c > 2,700.
//   Acceptable when met by more than 85 % of counts.
// - RMSE = sqrt(Σ (m − c)² / n); %RMSE = 100 · RMSE / mean(c) (Dutch and US practice).
// - R² against the 45° line, 1 − Σ (m − c)² / Σ (c − c̄)² (1 = perfect, can be negative), and
//   the slope of the regression of m on c through the origin, Σ m c / Σ c² (1 = no bias).
//
//   std::vector<double> obs{650, 1000, 3000}, mod{560, 1200, 3300};
//   auto s = corridor::calibration::fit_statistics(obs, mod, 1.0);
//   s.geh_below_5_share;  s.tag_flow_share;  s.percent_rmse;
#include <cstddef>
#include <span>

namespace corridor::calibration {

// GEH of one hourly flow pair; 0 when both are 0. Inputs must be finite and >= 0.
double geh(double modelled_per_h, double observed_per_h);
// GEH of counts over a period of `period_hours` hours, compared on their hourly means.
double geh_for_period(double modelled, double observed, double period_hours);
// TAG Unit M3.1 Table 2 flow criterion on hourly flows.
bool meets_tag_flow_criterion(double modelled_per_h, double observed_per_h);

inline constexpr double kGehThreshold = 5.0;
inline constexpr double kTagAcceptableShare = 0.85;

struct FitStatistics {
  std::size_t count = 0;
  double observed_total = 0.0;
  double modelled_total = 0.0;
  double rmse = 0.0;               // unit of the inputs
  double percent_rmse = 0.0;       // 100 · rmse / mean observed (0 when the mean is 0)
  double r_squared = 0.0;          // against the 45° line; 0 when every observed value is equal
  double slope = 0.0;              // regression through the origin, Σ m c / Σ c²
  double geh_below_5_share = 0.0;  // of counts, GEH on hourly means
  double tag_flow_share = 0.0;     // of counts meeting the TAG flow criterion (hourly means)
  // GEH < 5 and the flow criterion each on more than 85 % of counts.
  [[nodiscard]] bool tag_acceptable() const {
    return count > 0 && geh_below_5_share > kTagAcceptableShare &&
           tag_flow_share > kTagAcceptableShare;
  }
};

// Statistics of `modelled` against `observed` (same length; finite, >= 0). `period_hours` is the
// length of the counted period, used by GEH and the TAG criterion only (1 for hourly counts, 24
// for daily totals). Empty inputs give count 0 and zeros.
FitStatistics fit_statistics(std::span<const double> observed, std::span<const double> modelled,
                             double period_hours);

}  // namespace corridor::calibration
