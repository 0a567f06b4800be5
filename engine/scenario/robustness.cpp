// Ranking statistics and standardized regression coefficients of a batch's draws (robustness.hpp).
#include "scenario/robustness.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

#include "core/error.hpp"

namespace corridor::scenario {

namespace {

std::string fmt(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
std::string fmt(const std::optional<double>& v) { return v ? fmt(*v) : std::string(); }

double mean(const std::vector<double>& x) {
  double s = 0.0;
  for (double v : x) s += v;
  return x.empty() ? 0.0 : s / static_cast<double>(x.size());
}

// Population variance (the standardization cancels the 1/N against 1/(N−1)).
double variance(const std::vector<double>& x) {
  const double m = mean(x);
  double s = 0.0;
  for (double v : x) s += (v - m) * (v - m);
  return x.empty() ? 0.0 : s / static_cast<double>(x.size());
}

}  // namespace

double percentile(std::vector<double> sample, double p) {
  if (sample.empty()) throw Error("percentile of an empty sample");
  std::sort(sample.begin(), sample.end());
  const double h = static_cast<double>(sample.size() - 1) * std::clamp(p, 0.0, 1.0);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = std::min(lo + 1, sample.size() - 1);
  return sample[lo] + (h - static_cast<double>(lo)) * (sample[hi] - sample[lo]);
}

std::vector<std::size_t> draw_ranks(const std::vector<std::string>& names,
                                    const std::vector<DrawRow>& rows) {
  const auto n = rows.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto costed = [&](std::size_t i) { return rows[i].cost_eur > 0.0; };
  auto key = [&](std::size_t i) {
    return costed(i) ? rows[i].benefit_cost_ratio : rows[i].benefit_eur_per_year;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (rows[a].below_noise_floor != rows[b].below_noise_floor) return !rows[a].below_noise_floor;
    if (costed(a) != costed(b)) return costed(a);
    if (key(a) != key(b)) return key(a) > key(b);
    return names[a] < names[b];
  });
  std::vector<std::size_t> rank(n);
  for (std::size_t k = 0; k < n; ++k) rank[order[k]] = k + 1;
  return rank;
}

Robustness robustness(const std::vector<std::string>& names, const std::vector<DrawRow>& rows) {
  const auto runs = names.size();
  if (runs == 0 || rows.size() % runs != 0 || rows.empty())
    throw Error("robustness: expected draws × runs results");
  const auto draws = rows.size() / runs;
  Robustness out;
  std::vector<std::size_t> first(runs, 0);
  for (std::size_t d = 0; d < draws; ++d) {
    const std::vector<DrawRow> one(rows.begin() + static_cast<std::ptrdiff_t>(d * runs),
                                   rows.begin() + static_cast<std::ptrdiff_t>((d + 1) * runs));
    out.ranks.push_back(draw_ranks(names, one));
    for (std::size_t r = 0; r < runs; ++r) {
      if (out.ranks.back()[r] == 1) ++first[r];
    }
  }
  for (std::size_t r = 0; r < runs; ++r) {
    std::vector<double> rank(draws), ben(draws), bcr(draws), inv(draws);
    for (std::size_t d = 0; d < draws; ++d) {
      rank[d] = static_cast<double>(out.ranks[d][r]);
      ben[d] = rows[d * runs + r].benefit_eur_per_year;
      bcr[d] = rows[d * runs + r].benefit_cost_ratio;
      inv[d] = rows[d * runs + r].investment_eur;
    }
    RobustnessRow row;
    row.scenario = names[r];
    row.p_rank_first = static_cast<double>(first[r]) / static_cast<double>(draws);
    row.rank_p5 = percentile(rank, 0.05);
    row.rank_p50 = percentile(rank, 0.50);
    row.rank_p95 = percentile(rank, 0.95);
    row.benefit_p5 = percentile(ben, 0.05);
    row.benefit_p50 = percentile(ben, 0.50);
    row.benefit_p95 = percentile(ben, 0.95);
    row.bcr_p5 = percentile(bcr, 0.05);
    row.bcr_p50 = percentile(bcr, 0.50);
    row.bcr_p95 = percentile(bcr, 0.95);
    row.investment_p5 = percentile(inv, 0.05);
    row.investment_p95 = percentile(inv, 0.95);
    out.rows.push_back(std::move(row));
  }
  std::stable_sort(out.rows.begin(), out.rows.end(),
                   [](const RobustnessRow& a, const RobustnessRow& b) {
                     if (a.rank_p50 != b.rank_p50) return a.rank_p50 < b.rank_p50;
                     if (a.p_rank_first != b.p_rank_first) return a.p_rank_first > b.p_rank_first;
                     if (a.bcr_p50 != b.bcr_p50) return a.bcr_p50 > b.bcr_p50;
                     return a.scenario < b.scenario;
                   });
  return out;
}

std::string robustness_csv(const Robustness& r) {
  std::ostringstream csv;
  csv << "scenario,p_rank_first,rank_p5,rank_p50,rank_p95,benefit_eur_per_year_p5,"
         "benefit_eur_per_year_p50,benefit_eur_per_year_p95,benefit_cost_ratio_p5,"
         "benefit_cost_ratio_p50,benefit_cost_ratio_p95,investment_eur_p5,investment_eur_p95\n";
  for (const auto& x : r.rows) {
    csv << x.scenario << ',' << fmt(x.p_rank_first) << ',' << fmt(x.rank_p5) << ','
        << fmt(x.rank_p50) << ',' << fmt(x.rank_p95) << ',' << fmt(x.benefit_p5) << ','
        << fmt(x.benefit_p50) << ',' << fmt(x.benefit_p95) << ',' << fmt(x.bcr_p5) << ','
        << fmt(x.bcr_p50) << ',' << fmt(x.bcr_p95) << ',' << fmt(x.investment_p5) << ','
        << fmt(x.investment_p95) << '\n';
  }
  return csv.str();
}

SrcFit standardized_regression(const std::vector<std::vector<double>>& x,
                               const std::vector<double>& y) {
  const auto n = y.size();
  const auto k = x.empty() ? std::size_t{0} : x.front().size();
  SrcFit fit;
  fit.src.assign(k, std::nullopt);
  fit.y_variance = variance(y);
  // Columns with variance take part; constant ones get 0.
  std::vector<std::size_t> used;
  std::vector<double> mx(k, 0.0), sx(k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<double> col(n);
    for (std::size_t d = 0; d < n; ++d) col[d] = x[d][i];
    mx[i] = mean(col);
    sx[i] = std::sqrt(variance(col));
    if (sx[i] > 0.0) {
      used.push_back(i);
    } else {
      fit.src[i] = 0.0;
    }
  }
  if (n <= used.size() + 1) {
    for (auto i : used) fit.src[i] = std::nullopt;
    return fit;
  }
  const double my = mean(y);
  const double sy = std::sqrt(fit.y_variance);
  if (!(sy > 0.0)) {  // y constant: no input moves it
    for (auto i : used) fit.src[i] = 0.0;
    return fit;
  }
  const auto rows = static_cast<Eigen::Index>(n);
  const auto cols = static_cast<Eigen::Index>(used.size());
  Eigen::MatrixXd z(rows, cols);
  Eigen::VectorXd zy(rows);
  for (std::size_t d = 0; d < n; ++d) {
    const auto r = static_cast<Eigen::Index>(d);
    for (std::size_t c = 0; c < used.size(); ++c)
      z(r, static_cast<Eigen::Index>(c)) = (x[d][used[c]] - mx[used[c]]) / sx[used[c]];
    zy(r) = (y[d] - my) / sy;
  }
  const Eigen::VectorXd b = z.colPivHouseholderQr().solve(zy);
  for (std::size_t c = 0; c < used.size(); ++c) fit.src[used[c]] = b(static_cast<Eigen::Index>(c));
  const double ss_res = (zy - z * b).squaredNorm();
  fit.r_squared = 1.0 - ss_res / zy.squaredNorm();
  return fit;
}

Sensitivity sensitivity(const std::vector<SensitivityInput>& inputs,
                        const std::vector<std::vector<double>>& values,
                        const std::vector<std::string>& names, const std::vector<DrawRow>& rows,
                        const Robustness& robust) {
  const auto runs = names.size();
  const auto draws = robust.ranks.size();
  const auto k = inputs.size();
  Sensitivity out;
  std::vector<double> num_rank(k, 0.0), num_bcr(k, 0.0);
  double den_rank = 0.0, den_bcr = 0.0;
  bool fitted = true;
  std::vector<double> largest(k, 0.0);
  std::vector<std::string> largest_run(k);
  for (std::size_t r = 0; r < runs; ++r) {
    std::vector<double> rank(draws), bcr(draws);
    for (std::size_t d = 0; d < draws; ++d) {
      rank[d] = static_cast<double>(robust.ranks[d][r]);
      bcr[d] = rows[d * runs + r].benefit_cost_ratio;
    }
    const auto fr = standardized_regression(values, rank);
    const auto fb = standardized_regression(values, bcr);
    den_rank += fr.y_variance;
    den_bcr += fb.y_variance;
    for (std::size_t i = 0; i < k; ++i) {
      if (!fr.src[i] || !fb.src[i]) fitted = false;
      const double sr = fr.src[i].value_or(0.0);
      num_rank[i] += fr.y_variance * sr * sr;
      num_bcr[i] += fb.y_variance * fb.src[i].value_or(0.0) * fb.src[i].value_or(0.0);
      if (std::abs(sr) > std::abs(largest[i])) {
        largest[i] = sr;
        largest_run[i] = names[r];
      }
      out.by_run.push_back(
          {names[r], inputs[i].name, fr.src[i], fb.src[i], fr.r_squared, fb.r_squared});
    }
  }
  for (std::size_t i = 0; i < k; ++i) {
    SensitivityRow row;
    row.input = inputs[i].name;
    row.kind = inputs[i].kind;
    if (fitted) {
      row.rank_variance_share = den_rank > 0.0 ? num_rank[i] / den_rank : 0.0;
      row.bcr_variance_share = den_bcr > 0.0 ? num_bcr[i] / den_bcr : 0.0;
      row.largest_src_rank = largest[i];
      row.largest_src_rank_scenario = largest_run[i];
    }
    out.rows.push_back(std::move(row));
  }
  std::stable_sort(
      out.rows.begin(), out.rows.end(), [](const SensitivityRow& a, const SensitivityRow& b) {
        return a.rank_variance_share.value_or(-1.0) > b.rank_variance_share.value_or(-1.0);
      });
  return out;
}

std::string sensitivity_csv(const Sensitivity& s) {
  std::ostringstream csv;
  csv << "input,kind,rank_variance_share,benefit_cost_ratio_variance_share,largest_src_rank,"
         "largest_src_rank_scenario\n";
  for (const auto& r : s.rows) {
    csv << r.input << ',' << r.kind << ',' << fmt(r.rank_variance_share) << ','
        << fmt(r.bcr_variance_share) << ',' << fmt(r.largest_src_rank) << ','
        << r.largest_src_rank_scenario << '\n';
  }
  return csv.str();
}

std::string sensitivity_by_scenario_csv(const Sensitivity& s) {
  std::ostringstream csv;
  csv << "scenario,input,src_rank,src_benefit_cost_ratio,r_squared_rank,"
         "r_squared_benefit_cost_ratio\n";
  for (const auto& r : s.by_run) {
    csv << r.scenario << ',' << r.input << ',' << fmt(r.src_rank) << ',' << fmt(r.src_bcr) << ','
        << fmt(r.r_squared_rank) << ',' << fmt(r.r_squared_bcr) << '\n';
  }
  return csv.str();
}

}  // namespace corridor::scenario
