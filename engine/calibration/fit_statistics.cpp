#include "calibration/fit_statistics.hpp"

#include <cassert>
#include <cmath>

#include "core/error.hpp"

namespace corridor::calibration {

double geh(double modelled_per_h, double observed_per_h) {
  assert(modelled_per_h >= 0.0 && observed_per_h >= 0.0);
  const double sum = modelled_per_h + observed_per_h;
  if (sum <= 0.0) return 0.0;
  const double d = modelled_per_h - observed_per_h;
  return std::sqrt(2.0 * d * d / sum);
}

double geh_for_period(double modelled, double observed, double period_hours) {
  assert(period_hours > 0.0);
  return geh(modelled / period_hours, observed / period_hours);
}

bool meets_tag_flow_criterion(double modelled_per_h, double observed_per_h) {
  const double diff = std::abs(modelled_per_h - observed_per_h);
  if (observed_per_h < 700.0) return diff < 100.0;
  if (observed_per_h <= 2700.0) return diff <= 0.15 * observed_per_h;
  return diff < 400.0;
}

FitStatistics fit_statistics(std::span<const double> observed, std::span<const double> modelled,
                             double period_hours) {
  if (observed.size() != modelled.size()) {
    throw Error("fit_statistics: " + std::to_string(observed.size()) + " observed values but " +
                std::to_string(modelled.size()) + " modelled");
  }
  if (!(period_hours > 0.0) || !std::isfinite(period_hours)) {
    throw Error("fit_statistics: period_hours must be positive and finite");
  }
  FitStatistics s;
  s.count = observed.size();
  if (s.count == 0) return s;
  const auto n = static_cast<double>(s.count);
  double sq = 0.0, mc = 0.0, cc = 0.0;
  std::size_t geh_ok = 0, tag_ok = 0;
  for (std::size_t k = 0; k < s.count; ++k) {
    const double c = observed[k], m = modelled[k];
    if (!std::isfinite(c) || !std::isfinite(m) || c < 0.0 || m < 0.0) {
      throw Error("fit_statistics: pair " + std::to_string(k) +
                  " is not a finite non-negative value");
    }
    s.observed_total += c;
    s.modelled_total += m;
    sq += (m - c) * (m - c);
    mc += m * c;
    cc += c * c;
    if (geh_for_period(m, c, period_hours) < kGehThreshold) ++geh_ok;
    if (meets_tag_flow_criterion(m / period_hours, c / period_hours)) ++tag_ok;
  }
  const double mean_c = s.observed_total / n;
  double ss_tot = 0.0;
  for (const double c : observed) ss_tot += (c - mean_c) * (c - mean_c);
  s.rmse = std::sqrt(sq / n);
  s.percent_rmse = mean_c > 0.0 ? 100.0 * s.rmse / mean_c : 0.0;
  s.r_squared = ss_tot > 0.0 ? 1.0 - sq / ss_tot : 0.0;
  s.slope = cc > 0.0 ? mc / cc : 0.0;
  s.geh_below_5_share = static_cast<double>(geh_ok) / n;
  s.tag_flow_share = static_cast<double>(tag_ok) / n;
  return s;
}

}  // namespace corridor::calibration
