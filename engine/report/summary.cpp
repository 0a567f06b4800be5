// Page one of report.html (a summary a mayor reads in two minutes) and the page of pairs and
// combinations. The single measures are ranked as ranking.csv ranks them (benefit/cost); with
// draws, each row shows the median and the 5th-95th percentile range over the draws and the
// probability of ranking first, without draws the point estimates. Next to each B/C bar: the
// measure's investment range (the draws' p5-p95; without draws the range the batch's
// [uncertainty] block declares; else "no range"), repeated in the table's investment column.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/html_parts.hpp"
#include "report/svg.hpp"

namespace corridor::report::html {
namespace {

std::vector<const RankingRow*> rows_of(const BatchReport& batch, bool combinations) {
  std::vector<const RankingRow*> out;
  for (const auto& r : batch.ranking)
    if (r.combination == combinations) out.push_back(&r);
  return out;
}

// A "nice" axis step (1, 2 or 5 × 10^k) giving about `intervals` intervals over `range`.
double nice_step(double range, int intervals) {
  if (!(range > 0)) return 1.0;
  const double raw = range / intervals;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0})
    if (raw <= m * mag) return m * mag;
  return 10.0 * mag;
}

std::string money_range(double p5, double p95) { return money(p5) + " \xe2\x80\x93 " + money(p95); }

// A measure's investment range: the draws' p5-p95 when the batch ran draws, else the range the
// batch's [uncertainty] block declares, else none (a point estimate).
std::optional<std::pair<double, double>> investment_range(const RankingRow& r) {
  if (r.uncertainty)
    return std::make_pair(r.uncertainty->investment_eur_p5, r.uncertainty->investment_eur_p95);
  return r.declared_investment_eur;
}

// The investment cell of the summary table: the point figure and its range, or what it lacks.
std::string investment_text(const RankingRow& r) {
  if (!(r.cost_eur > 0)) return "none given";
  const auto range = investment_range(r);
  if (!range) return money(r.investment_eur) + ", point estimate, no range declared";
  return money(r.investment_eur) + " (" + (r.uncertainty ? "90 % of draws: " : "declared: ") +
         money_range(range->first, range->second) + ")";
}

// Benefit/cost per measure as a dot (median with draws, else the point estimate) with its p5-p95
// bar, the break-even line at 1, and the measure's investment range in a column on the right.
// Measures without a cost are listed without a dot.
std::string bc_chart_svg(const std::vector<const RankingRow*>& rows) {
  const double label_w = 250, plot_w = 380, right = 60, cost_w = 160, row_h = 24, top = 34;
  double hi = 1.0;
  for (const auto* r : rows) {
    if (!(r->cost_eur > 0)) continue;
    hi = std::max(hi, r->benefit_cost_ratio);
    if (r->uncertainty) hi = std::max(hi, r->uncertainty->benefit_cost_ratio_p95);
  }
  double lo = 0.0;
  for (const auto* r : rows) {
    if (!(r->cost_eur > 0)) continue;
    lo = std::min(lo, r->benefit_cost_ratio);
    if (r->uncertainty) lo = std::min(lo, r->uncertainty->benefit_cost_ratio_p5);
  }
  const double step = nice_step(hi - lo, 5);
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  const double width = label_w + plot_w + right + cost_w;
  const double cost_x = label_w + plot_w + right;
  const double height = top + row_h * static_cast<double>(rows.size()) + 30;
  auto x = [&](double v) { return label_w + (v - lo) / (hi - lo) * plot_w; };
  std::string s =
      "<svg id=\"summary-bc\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"" +
      fixed(width, 0) + "\" height=\"" + fixed(height, 0) + "\" viewBox=\"0 0 " + fixed(width, 0) +
      " " + fixed(height, 0) + "\" role=\"img\">";
  s += svg_text({8, 18}, "Benefit / cost ratio", 13, "start", "font-weight=\"bold\"");
  const bool draws = std::any_of(rows.begin(), rows.end(),
                                 [](const RankingRow* r) { return r->uncertainty.has_value(); });
  s += svg_text({cost_x, 18}, draws ? "investment, 90 % of draws" : "investment range", 11, "start",
                "font-weight=\"bold\"");
  const double y_axis = top + row_h * static_cast<double>(rows.size());
  for (double t = lo; t <= hi + step / 2; t += step) {
    s += svg_line({x(t), top - 4}, {x(t), y_axis}, "#e4e4e4", 1);
    s += svg_text({x(t), y_axis + 14}, fixed(t, step < 1 ? 1 : 0), 10, "middle", "fill=\"#555\"");
  }
  s += svg_line({x(1.0), top - 8}, {x(1.0), y_axis}, "#333", 1.2, "stroke-dasharray=\"4 3\"");
  s += svg_text({x(1.0) + 4, top - 10}, "break-even (1.0)", 10, "start", "fill=\"#333\"");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = *rows[i];
    const double y = top + row_h * (static_cast<double>(i) + 0.5);
    s += svg_text({label_w - 8, y + 4}, shown_title(r), 11, "end");
    if (!(r.cost_eur > 0)) {
      s += svg_text({x(lo) + 4, y + 4}, "no cost given: no ratio", 10, "start", "fill=\"#777\"");
      continue;
    }
    if (const auto range = investment_range(r)) {
      s += svg_text({cost_x, y + 4}, money_range(range->first, range->second), 10, "start",
                    "class=\"cost-range\"");
    } else {
      s += svg_text({cost_x, y + 4}, money(r.investment_eur) + ", no range", 10, "start",
                    "class=\"cost-range\" fill=\"#777\"");
    }
    const char* colour = r.below_noise_floor ? "#999999" : "#2166ac";
    double mid = r.benefit_cost_ratio;
    std::string tip = shown_title(r) + ": B/C " + fixed(r.benefit_cost_ratio, 2);
    if (r.uncertainty) {
      const auto& u = *r.uncertainty;
      mid = u.benefit_cost_ratio_p50;
      s += svg_line({x(u.benefit_cost_ratio_p5), y}, {x(u.benefit_cost_ratio_p95), y}, colour, 5,
                    "stroke-opacity=\"0.35\" stroke-linecap=\"round\"");
      tip += ", median " + fixed(u.benefit_cost_ratio_p50, 2) + ", 90 % range " +
             fixed(u.benefit_cost_ratio_p5, 2) + " to " + fixed(u.benefit_cost_ratio_p95, 2);
    }
    s += "<circle cx=\"" + fixed(x(mid), 1) + "\" cy=\"" + fixed(y, 1) + "\" r=\"5\" fill=\"" +
         colour + "\">" + svg_title(tip) + "</circle>";
    s += svg_text({x(mid) + 9, y + 4}, fixed(mid, 2), 10, "start", "fill=\"#333\"");
  }
  return s + "</svg>";
}

std::string range_text(double p5, double p95, int decimals) {
  return fixed(p5, decimals) + "\xe2\x80\x93" + fixed(p95, decimals);
}

// The first sentence of a scenario's assumptions (up to 200 characters), for the caveats.
std::string first_sentence(std::string_view text) {
  std::string flat;
  for (const char c : text) flat += (c == '\n' || c == '\t') ? ' ' : c;
  const auto b = flat.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  flat.erase(0, b);
  std::size_t end = flat.find(". ");
  end = end == std::string::npos ? flat.size() : end + 1;
  if (end > 200) {
    end = flat.rfind(' ', 200);
    return flat.substr(0, end) + " \xe2\x80\xa6";
  }
  return flat.substr(0, end);
}

}  // namespace

std::string summary_section(const BatchReport& batch) {
  const auto singles = rows_of(batch, false);
  const bool draws = std::any_of(singles.begin(), singles.end(),
                                 [](const RankingRow* r) { return r->uncertainty.has_value(); });
  std::string s = "<section id=\"summary\" class=\"summary\"><h1>" + escape(batch.title) + "</h1>";
  std::string meta = batch.subtitle;
  if (!batch.date.empty()) meta += (meta.empty() ? "" : " \xc2\xb7 ") + batch.date;
  if (!batch.engine_version.empty())
    meta += (meta.empty() ? "" : " \xc2\xb7 ") + std::string("engine ") + batch.engine_version;
  if (!batch.model_hash.empty())
    meta += (meta.empty() ? "" : " \xc2\xb7 ") + std::string("model ") +
            batch.model_hash.substr(0, std::min<std::size_t>(12, batch.model_hash.size()));
  s += para(meta, "sub");

  s += "<h2>The single measures, ranked</h2>";
  if (singles.empty()) return s + para("No single measures in this batch.", "note") + "</section>";
  const auto& best = *singles.front();
  std::string lead =
      "Ranked by benefit/cost ratio: above 1.0 the yearly benefit to travellers exceeds the "
      "yearly cost. " +
      shown_title(best) + " comes first";
  if (best.uncertainty)
    lead += " in " + fixed(100.0 * best.uncertainty->p_rank_first, 0) + " % of " +
            std::to_string(best.uncertainty->draws) + " draws of the uncertain inputs";
  lead += ".";
  if (!draws)
    lead +=
        " These are point estimates: this batch ran without draws, so the page shows no "
        "uncertainty ranges (run the batch with --draws to get them).";
  s += para(lead);
  s += bc_chart_svg(singles);

  std::vector<std::vector<std::string>> rows;
  std::vector<bool> muted;
  for (std::size_t i = 0; i < singles.size(); ++i) {
    const auto& r = *singles[i];
    std::vector<std::string> row{std::to_string(i + 1), shown_title(r)};
    if (draws) {
      const auto* u = r.uncertainty ? &*r.uncertainty : nullptr;
      row.push_back(u ? fixed(100.0 * u->p_rank_first, 0) + " %" : "");
      row.push_back(u && r.cost_eur > 0
                        ? fixed(u->benefit_cost_ratio_p50, 2) + " (" +
                              range_text(u->benefit_cost_ratio_p5, u->benefit_cost_ratio_p95, 2) +
                              ")"
                        : bc_text(r));
      row.push_back(u ? money(u->benefit_eur_per_year_p50) + " (" +
                            money_range(u->benefit_eur_per_year_p5, u->benefit_eur_per_year_p95) +
                            ")"
                      : money(r.benefit_eur_per_year));
    } else {
      row.push_back(bc_text(r));
      row.push_back(money(r.benefit_eur_per_year));
    }
    row.push_back(investment_text(r));
    row.push_back(r.cost_eur > 0 ? money(r.operating_eur_per_year) : "");
    row.push_back(r.cost_eur > 0 ? money(r.cost_eur) : "");
    row.push_back(fixed(r.person_hours_saved_per_day, 0));
    std::string flag;
    if (r.below_noise_floor) flag = "below the noise floor";
    if (r.mostly_intrazonal) flag += std::string(flag.empty() ? "" : "; ") + "mostly intrazonal";
    row.push_back(flag);
    rows.push_back(std::move(row));
    muted.push_back(r.below_noise_floor);
  }
  std::vector<std::string> head{"rank", "measure"};
  if (draws) {
    head.insert(head.end(), {"chance of being best", "benefit / cost, median (90 % range)",
                             "benefit per year, median (90 % range)"});
  } else {
    head.insert(head.end(), {"benefit / cost", "benefit per year"});
  }
  head.insert(head.end(), {"investment", "operating cost per year", "cost, present value",
                           "person-hours saved per weekday", "note"});
  s += table("summary-table", head, rows, draws ? "rlrrrrrrrl" : "rlrrrrrrl", muted);

  // What the figures include and leave out.
  const auto days = batch.annualisation_days > 0 ? fixed(batch.annualisation_days, 0) : "";
  s += "<h3>What the numbers include</h3><ul class=\"compact\">";
  if (!batch.bc_includes.empty()) {
    s += "<li>" + escape(batch.bc_includes) + "</li>";
    s += "<li>" + escape(batch.bc_leaves_out) + "</li>";
    s += "<li>" +
         escape(
             "Investment figures are the midpoints of the ranges the sources give (the ranges "
             "are in each measure's assumptions); with draws, the benefit/cost range includes "
             "the cost uncertainty the batch declares.") +
         "</li>";
  } else {
    s += "<li>" +
         escape(
             "Benefit = travel time saved (person-hours per weekday, rule of a half over every "
             "origin, destination, mode and purpose, trucks included) valued at the Dutch (KiM) "
             "and Flemish (MOW) values of time by purpose" +
             (days.empty() ? std::string(".") : ", times " + days + " weekdays a year.")) +
         "</li>";
    s += "<li>" +
         escape(
             "Cost = investment plus operating cost over the lifetime in the scenario file, "
             "discounted; benefit/cost = benefit per year / equivalent annual cost. "
             "Investment figures are the midpoints of the ranges the sources give (the ranges "
             "are in each measure's assumptions); with draws, the benefit/cost range includes "
             "the cost uncertainty the batch declares.") +
         "</li>";
    s += "<li>" +
         escape(
             "Not included: fares and operator revenue, vehicle operating costs, CO\xe2\x82\x82, "
             "accidents, reliability, wider economic effects, and travel by bike or on foot "
             "beyond PT access.") +
         "</li>";
  }
  s += "<li>" +
       escape(
           "A saving below the noise floor is smaller than the solvers can resolve and is not "
           "a saving; such measures are greyed.") +
       "</li></ul>";

  // Caveats: the model's fit, then each measure's first assumption.
  s += "<h3>Main caveats</h3><ul class=\"compact\">";
  if (const auto fit = fit_caveat(batch); !fit.empty()) s += "<li>" + escape(fit) + "</li>";
  std::map<std::string, const ScenarioReport*> by_name;
  for (const auto& sc : batch.scenarios) by_name[sc.name] = &sc;
  for (const auto* r : singles) {
    if (r->mostly_intrazonal)
      s += "<li>" +
           escape(shown_title(*r) +
                  ": over half of the time saved is on short trips inside one zone, whose cost "
                  "the model takes from the zone's size; read this saving with care.") +
           "</li>";
  }
  s += "</ul><h3>Key assumption of each measure</h3><ul class=\"compact small\">";
  for (const auto* r : singles) {
    const auto it = by_name.find(r->scenario);
    if (it == by_name.end()) continue;
    const auto first = first_sentence(it->second->assumptions);
    if (first.empty()) continue;
    s += "<li><b>" + escape(shown_title(*r)) + "</b>: " + escape(first) + "</li>";
  }
  s += "</ul>";
  return s + "</section>";
}

std::string combinations_section(const BatchReport& batch) {
  const auto combos = rows_of(batch, true);
  if (combos.empty()) return {};
  std::string s = "<section id=\"combinations\" class=\"page\"><h2>Pairs and combinations</h2>";
  s += para(
      "Measures run together, ranked by benefit/cost as the single measures. \xe2\x80\x9cSum of "
      "parts\xe2\x80\x9d is what the measures save when each is run alone; a combination that "
      "saves more than that reinforces its parts, one that saves less competes for the same "
      "travellers.");
  std::map<std::string, const ScenarioReport*> by_name;
  for (const auto& sc : batch.scenarios) by_name[sc.name] = &sc;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> muted;
  for (std::size_t i = 0; i < combos.size(); ++i) {
    const auto& r = *combos[i];
    const auto it = by_name.find(r.scenario);
    const auto* sc = it == by_name.end() ? nullptr : it->second;
    std::string parts = sc && sc->sum_of_parts_hours_per_day
                            ? fixed(*sc->sum_of_parts_hours_per_day, 0)
                            : std::string();
    std::string synergy =
        sc && sc->sum_of_parts_hours_per_day
            ? fixed(r.person_hours_saved_per_day - *sc->sum_of_parts_hours_per_day, 0)
            : std::string();
    rows.push_back({std::to_string(i + 1), shown_title(r), bc_text(r),
                    money(r.benefit_eur_per_year), r.cost_eur > 0 ? money(r.cost_eur) : "",
                    fixed(r.person_hours_saved_per_day, 0), parts, synergy,
                    r.below_noise_floor ? "below the noise floor" : ""});
    muted.push_back(r.below_noise_floor);
  }
  s += table("combinations-table",
             {"rank", "measures", "benefit / cost", "benefit per year", "cost, present value",
              "person-hours saved per weekday", "sum of parts",
              "more (+) or less (\xe2\x88\x92) "
              "than the parts",
              "note"},
             rows, "rlrrrrrrl", muted);
  return s + "</section>";
}

}  // namespace corridor::report::html
