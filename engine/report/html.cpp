#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/parallel.hpp"
#include "report/charts.hpp"
#include "report/report.hpp"

namespace corridor::report {
namespace {

constexpr const char* kCss = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0 auto;
max-width:1000px;padding:0 16px 48px;color:#222;line-height:1.4}
h1{margin:24px 0 4px}h2{margin-top:40px;border-bottom:2px solid #ddd;padding-bottom:4px}
h3{margin-top:28px}nav a{margin-right:12px}.sub{color:#555;margin:0 0 12px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 8px}th{background:#f2f2f2;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.muted td{color:#888}
svg{display:block;margin:8px 0;max-width:100%;height:auto;font-family:inherit}
details{margin:8px 0 16px}summary{cursor:pointer;color:#225}
.note{color:#555;font-size:13px}.flag{color:#b35806;font-weight:bold}
)";

// JS: only marks the document as loaded (for automated checks); the report works without it.
constexpr const char* kScript = R"(<script>
(function(){var d=document.documentElement;d.setAttribute('data-report-ready','1');
d.setAttribute('data-svg-count',String(document.querySelectorAll('svg').length));
d.setAttribute('data-table-count',String(document.querySelectorAll('table').length));})();
</script>)";

std::string slug(std::string_view name, std::size_t index) {
  std::string s = "s" + std::to_string(index + 1) + "-";
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (ok) {
      s += c;
    } else if (c >= 'A' && c <= 'Z') {
      s += static_cast<char>(c - 'A' + 'a');
    } else {
      s += '-';
    }
  }
  return s;
}

// One HTML table. `align` has one letter per column: 'l' text, 'r' number.
std::string table(std::string_view id, const std::vector<std::string>& headers,
                  const std::vector<std::vector<std::string>>& rows, std::string_view align,
                  const std::vector<bool>& muted = {}) {
  std::string s = "<table";
  if (!id.empty()) s += " id=\"" + escape(id) + "\"";
  s += "><thead><tr>";
  for (const auto& h : headers) s += "<th>" + escape(h) + "</th>";
  s += "</tr></thead><tbody>";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    s += (r < muted.size() && muted[r]) ? "<tr class=\"muted\">" : "<tr>";
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      s += (c < align.size() && align[c] == 'r') ? "<td class=\"n\">" : "<td>";
      s += escape(rows[r][c]) + "</td>";
    }
    s += "</tr>";
  }
  return s + "</tbody></table>";
}

std::string para(std::string_view text, std::string_view cls = {}) {
  return (cls.empty() ? std::string("<p>") : "<p class=\"" + std::string(cls) + "\">") +
         escape(text) + "</p>";
}

std::string bc_text(const RankingRow& r) {
  return r.cost_eur > 0 ? fixed(r.benefit_cost_ratio, 2) : std::string("n/a");
}

std::string change_kind(ChangeKind k) {
  switch (k) {
    case ChangeKind::added:
      return "added";
    case ChangeKind::closed:
      return "closed";
    case ChangeKind::changed:
      break;
  }
  return "changed";
}

std::string ranking_section(const BatchReport& batch) {
  std::string s = "<section id=\"ranking\"><h2>Ranking</h2>";
  if (batch.ranking.empty()) return s + para("No scenarios in this batch.", "note") + "</section>";
  std::vector<Bar> hours, benefit, ratio;
  for (const auto& r : batch.ranking) {
    hours.push_back({r.scenario, r.person_hours_saved_per_day, r.below_noise_floor});
    benefit.push_back({r.scenario, r.benefit_eur_per_year, r.below_noise_floor});
    ratio.push_back({r.scenario, r.cost_eur > 0 ? r.benefit_cost_ratio : 0.0,
                     r.below_noise_floor || !(r.cost_eur > 0)});
  }
  std::optional<double> floor;
  if (batch.noise_floor_hours_per_day > 0) floor = batch.noise_floor_hours_per_day;
  s += bar_chart_svg("chart-hours", "Person-hours saved per weekday", hours, "person-hours/day", 1,
                     floor, "noise floor");
  s += bar_chart_svg("chart-benefit", "User benefit per year", benefit, "EUR/year", 0);
  s += bar_chart_svg("chart-bcr", "Benefit / cost ratio", ratio, "benefit / cost", 2, 1.0,
                     "break-even");
  s +=
      para("Grey bars: saving below the noise floor (" + fixed(batch.noise_floor_hours_per_day, 1) +
               " person-hours/day), i.e. smaller than what the solver's gap and the demand loop "
               "tolerance can resolve; such figures are not reported as savings.",
           "note");
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> muted;
  for (std::size_t i = 0; i < batch.ranking.size(); ++i) {
    const auto& r = batch.ranking[i];
    rows.push_back({std::to_string(i + 1), r.scenario, fixed(r.person_hours_saved_per_day, 1),
                    grouped(r.benefit_eur_per_year), grouped(r.cost_eur), bc_text(r),
                    r.below_noise_floor ? "below noise floor" : ""});
    muted.push_back(r.below_noise_floor);
  }
  s += table("ranking-table",
             {"rank", "scenario", "person-hours saved / day", "benefit EUR / year", "cost EUR",
              "benefit / cost", "flag"},
             rows, "rlrrrrl", muted);
  for (const auto& n : batch.notes) s += para(n, "note");
  return s + "</section>";
}

std::string scenario_section(const ScenarioReport& sc, std::size_t index, const MapGeometry& map) {
  const std::string id = slug(sc.name, index);
  std::string s = "<section class=\"scenario\" id=\"" + escape(id) + "\"><h2>" + escape(sc.name) +
                  "</h2>" + para(sc.description);

  // What the scenario changes.
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : sc.link_changes) {
    if (c.link >= map.links.size()) continue;
    const auto& l = map.links[c.link];
    rows.push_back({"road",
                    l.name.empty()
                        ? std::to_string(l.from_node) + "\xe2\x86\x92" + std::to_string(l.to_node)
                        : l.name,
                    change_kind(c.kind), c.what});
  }
  for (const auto& c : sc.line_changes) {
    if (c.line >= map.lines.size()) continue;
    rows.push_back({map.lines[c.line].mode, map.lines[c.line].name, change_kind(c.kind), c.what});
  }
  if (!rows.empty()) {
    s += "<h3>Changes</h3>" +
         table(id + "-changes", {"kind", "link or line", "change", "what"}, rows, "llll");
  }

  // Traffic map and the links behind it.
  s += "<h3>Traffic: flows and change against the base</h3>";
  s += map_svg(id + "-map-flows", map, &sc, MapKind::flows);
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < sc.link_flows.size(); ++k)
    if (sc.link_flows[k].link < map.links.size()) order.push_back(k);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(sc.link_flows[a].delta_daily_flow) >
           std::abs(sc.link_flows[b].delta_daily_flow);
  });
  rows.clear();
  const std::size_t shown = std::min<std::size_t>(order.size(), 25);
  for (std::size_t k = 0; k < shown; ++k) {
    const auto& f = sc.link_flows[order[k]];
    const auto& l = map.links[f.link];
    rows.push_back({std::to_string(l.from_node), std::to_string(l.to_node), l.name, l.facility,
                    grouped(f.daily_flow), grouped(f.delta_daily_flow), fixed(f.speed_kmh, 0)});
  }
  s += para("The " + std::to_string(shown) + " links with the largest change in daily flow (of " +
                std::to_string(order.size()) + "); all links are in links.geojson.",
            "note");
  s += table(id + "-links",
             {"from node", "to node", "name", "facility", "veh/day", "change veh/day", "peak km/h"},
             rows, "rrllrrr");

  // Time saved per zone, split by country.
  const auto& h = sc.zone_hours_saved_per_day;
  if (!h.empty() && h.size() == map.zones.size()) {
    s += "<h3>Time saved per zone (residents)</h3>";
    s += map_svg(id + "-map-zones", map, &sc, MapKind::zone_savings);
    std::map<std::string, double> by_country;
    for (std::size_t z = 0; z < h.size(); ++z) by_country[map.zones[z].country] += h[z];
    std::vector<Bar> bars;
    rows.clear();
    for (const char* c : {"NL", "BE"}) {
      if (!by_country.count(c)) continue;
      bars.push_back({c, by_country[c], false});
      rows.push_back({c, fixed(by_country[c], 1)});
    }
    for (const auto& [c, v] : by_country) {
      if (c == "NL" || c == "BE") continue;
      bars.push_back({c, v, false});
      rows.push_back({c, fixed(v, 1)});
    }
    s += bar_chart_svg(id + "-chart-country", "Person-hours saved per weekday by country", bars,
                       "person-hours/day", 1);
    s += table(id + "-countries", {"country", "person-hours saved / day"}, rows, "lr");
    rows.clear();
    for (const std::uint32_t z : grouped_zone_order(map.zones))
      rows.push_back(
          {map.zones[z].name, map.zones[z].country, map.zones[z].corridor, fixed(h[z], 2)});
    s += "<details><summary>Per zone (" + std::to_string(rows.size()) + " zones)</summary>" +
         table(id + "-zones", {"zone", "country", "corridor", "person-hours saved / day"}, rows,
               "lllr") +
         "</details>";
  }

  // OD heat map.
  const std::size_t n = map.zones.size();
  if (n > 0 && sc.od_hours_saved_per_day.size() == n * n) {
    const auto zorder = grouped_zone_order(map.zones);
    s += "<h3>Time saved by origin and destination</h3>";
    s += od_heat_map_svg(id + "-od", "Person-hours saved per weekday, origin (row) to destination",
                         map.zones, sc.od_hours_saved_per_day, zorder);
    std::vector<std::size_t> cells(n * n);
    std::iota(cells.begin(), cells.end(), std::size_t{0});
    std::stable_sort(cells.begin(), cells.end(), [&](std::size_t a, std::size_t b) {
      return std::abs(sc.od_hours_saved_per_day[a]) > std::abs(sc.od_hours_saved_per_day[b]);
    });
    rows.clear();
    for (std::size_t k = 0; k < std::min<std::size_t>(cells.size(), 20); ++k) {
      const double v = sc.od_hours_saved_per_day[cells[k]];
      if (v == 0.0) break;
      const auto& o = map.zones[cells[k] / n];
      const auto& d = map.zones[cells[k] % n];
      rows.push_back(
          {o.name + " (" + o.country + ")", d.name + " (" + d.country + ")", fixed(v, 2)});
    }
    s += table(id + "-od-top", {"origin", "destination", "person-hours saved / day"}, rows, "llr");
    if (n <= 80) {
      std::vector<std::string> head{"origin \\ destination"};
      for (const std::uint32_t d : zorder) head.push_back(map.zones[d].name);
      rows.clear();
      for (const std::uint32_t o : zorder) {
        std::vector<std::string> row{map.zones[o].name};
        for (const std::uint32_t d : zorder)
          row.push_back(fixed(sc.od_hours_saved_per_day[o * n + d], 2));
        rows.push_back(std::move(row));
      }
      s += "<details><summary>Full OD matrix</summary>" +
           table(id + "-od-matrix", head, rows, "l" + std::string(n, 'r')) + "</details>";
    }
  }

  // Ridership of new and changed lines, traffic on new links.
  if (!sc.ridership.empty()) {
    s += "<h3>Ridership</h3>";
    std::vector<Bar> bars;
    rows.clear();
    for (const auto& r : sc.ridership) {
      if (r.line >= map.lines.size()) continue;
      const auto& line = map.lines[r.line];
      bars.push_back({line.name, r.daily_boardings, false});
      double peak = 0;
      for (const double p : r.segment_daily_passengers) peak = std::max(peak, p);
      rows.push_back({line.name, line.mode, grouped(r.daily_boardings),
                      grouped(r.base_daily_boardings),
                      grouped(r.daily_boardings - r.base_daily_boardings),
                      r.segment_daily_passengers.empty() ? "" : grouped(peak)});
    }
    s += bar_chart_svg(id + "-chart-ridership", "Boardings per weekday", bars, "boardings/day", 0);
    s += table(id + "-ridership",
               {"line", "mode", "boardings / day", "base", "change", "busiest segment pax/day"},
               rows, "llrrrr");
  }
  rows.clear();
  for (const auto& c : sc.link_changes) {
    if (c.kind != ChangeKind::added || c.link >= map.links.size()) continue;
    const auto& l = map.links[c.link];
    const auto it = std::find_if(sc.link_flows.begin(), sc.link_flows.end(),
                                 [&](const LinkFlow& f) { return f.link == c.link; });
    rows.push_back({l.name, std::to_string(l.from_node), std::to_string(l.to_node),
                    it == sc.link_flows.end() ? "" : grouped(it->daily_flow)});
  }
  if (!rows.empty()) {
    s += "<h3>Traffic on new links</h3>" +
         table(id + "-new-links", {"link", "from node", "to node", "veh/day"}, rows, "lrrr");
  }

  // Convergence.
  if (!sc.convergence.empty()) {
    s += "<h3>Convergence</h3>";
    s += convergence_svg(id + "-convergence", "Relative gap per iteration", sc.convergence);
    rows.clear();
    for (const auto& se : sc.convergence)
      for (const auto& p : se.points)
        rows.push_back({se.name, std::to_string(p.iteration), scientific(p.relative_gap)});
    s += "<details><summary>Gap per iteration</summary>" +
         table(id + "-convergence-table", {"series", "iteration", "relative gap"}, rows, "lrr") +
         "</details>";
  }
  s += para("Final relative gap " + scientific(sc.final_relative_gap) + "; noise floor " +
                fixed(sc.noise_floor_hours_per_day, 1) + " person-hours/day.",
            "note");
  return s + "</section>";
}

std::string inputs_section(const BatchReport& batch) {
  std::string s = "<section id=\"inputs\"><h2>Inputs and solver gaps</h2>";
  std::vector<std::vector<std::string>> rows;
  for (const auto& h : batch.input_hashes) rows.push_back({h.input, h.hash});
  s += table("input-hashes", {"input", "hash"}, rows, "ll");
  rows.clear();
  rows.push_back({"base", scientific(batch.base_relative_gap)});
  for (const auto& sc : batch.scenarios)
    rows.push_back({sc.name, scientific(sc.final_relative_gap)});
  s += table("solver-gaps", {"run", "final relative gap"}, rows, "lr");
  return s + "</section>";
}

}  // namespace

std::string render_report_html(const BatchReport& batch, const MapGeometry& map) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  s += "<title>" + escape(batch.title) + "</title><style>" + kCss + "</style></head><body>";
  s += "<h1>" + escape(batch.title) + "</h1>";
  if (!batch.subtitle.empty()) s += para(batch.subtitle, "sub");
  s += "<nav><a href=\"#ranking\">Ranking</a><a href=\"#region\">Region</a>";
  for (std::size_t i = 0; i < batch.scenarios.size(); ++i)
    s += "<a href=\"#" + escape(slug(batch.scenarios[i].name, i)) + "\">" +
         escape(batch.scenarios[i].name) + "</a>";
  s += "<a href=\"#inputs\">Inputs</a></nav>";
  s += ranking_section(batch);
  s += "<section id=\"region\"><h2>Region</h2>" +
       map_svg("map-region", map, nullptr, MapKind::region) +
       para(
           "Roads by class, railways and bus lines of the base network; zone centroids coloured "
           "by country. The border line is approximate and for orientation only.",
           "note") +
       "</section>";
  // Scenario sections are independent: rendered in parallel, joined in scenario order.
  std::vector<std::string> sections(batch.scenarios.size());
  parallel::for_chunks(0, sections.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i)
      sections[i] = scenario_section(batch.scenarios[i], i, map);
  });
  for (const auto& section : sections) s += section;
  s += inputs_section(batch);
  s += kScript;
  s += "</body></html>\n";
  return s;
}

void write_report_html(const std::filesystem::path& path, const BatchReport& batch,
                       const MapGeometry& map) {
  write_file_atomically(path, render_report_html(batch, map));
}

}  // namespace corridor::report
