#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/parallel.hpp"
#include "report/charts.hpp"
#include "report/classes.hpp"
#include "report/html_parts.hpp"
#include "report/report.hpp"

namespace corridor::report {

namespace html {

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

std::string table(std::string_view id, const std::vector<std::string>& headers,
                  const std::vector<std::vector<std::string>>& rows, std::string_view align,
                  const std::vector<bool>& muted) {
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

std::string para(std::string_view text, std::string_view cls) {
  return (cls.empty() ? std::string("<p>") : "<p class=\"" + std::string(cls) + "\">") +
         escape(text) + "</p>";
}

std::string bc_text(const RankingRow& r) {
  return r.cost_eur > 0 ? fixed(r.benefit_cost_ratio, 2) : std::string("n/a");
}

const std::string& shown_title(const RankingRow& r) {
  return r.title.empty() ? r.scenario : r.title;
}

const std::string& shown_title(const ScenarioReport& s) {
  return s.title.empty() ? s.name : s.title;
}

std::string money(double eur) {
  const double a = std::abs(eur);
  if (a >= 1e6) return "EUR " + fixed(eur / 1e6, a >= 1e8 ? 0 : 1) + " M";
  if (a >= 1e3) return "EUR " + fixed(eur / 1e3, 0) + " k";
  return "EUR " + fixed(eur, 0);
}

}  // namespace html

namespace {

using html::bc_text;
using html::para;
using html::shown_title;
using html::slug;
using html::table;

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
ul.compact{margin:4px 0 8px;padding-left:20px}ul.compact li{margin:2px 0}.small{font-size:12px}
.maps2{display:flex;flex-wrap:wrap;gap:8px}.maps2 svg{width:49%;min-width:320px}
#summary h2{margin-top:16px}#summary table{font-size:12px}#summary th,#summary td{padding:2px 5px}
@page{size:A4;margin:12mm}
@media print{body{max-width:none;padding:0;font-size:11pt}nav{display:none}
section.page,section.scenario{break-before:page}h2,h3{break-after:avoid}
svg,table{break-inside:avoid}#summary h1{margin-top:0}
details:not([open])>*:not(summary){display:none}}
)";

// JS: only marks the document as loaded (for automated checks); the report works without it.
constexpr const char* kScript = R"(<script>
(function(){var d=document.documentElement;d.setAttribute('data-report-ready','1');
d.setAttribute('data-svg-count',String(document.querySelectorAll('svg').length));
d.setAttribute('data-table-count',String(document.querySelectorAll('table').length));})();
</script>)";

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

// Every run as ranking.csv ranks it, with its name (the folder under scenarios/) and title.
std::string full_ranking_section(const BatchReport& batch) {
  std::string s = "<section id=\"ranking\" class=\"page\"><h2>Full ranking</h2>";
  if (batch.ranking.empty()) return s + para("No scenarios in this batch.", "note") + "</section>";
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> muted;
  for (std::size_t i = 0; i < batch.ranking.size(); ++i) {
    const auto& r = batch.ranking[i];
    rows.push_back({std::to_string(i + 1), shown_title(r), r.scenario,
                    fixed(r.person_hours_saved_per_day, 1), grouped(r.benefit_eur_per_year),
                    grouped(r.cost_eur), bc_text(r),
                    r.below_noise_floor ? "below noise floor" : ""});
    muted.push_back(r.below_noise_floor);
  }
  s += table("ranking-table",
             {"rank", "measure", "name", "person-hours saved / day", "benefit EUR / year",
              "cost EUR", "benefit / cost", "flag"},
             rows, "rllrrrrl", muted);
  s +=
      para("Grey rows: saving below the noise floor (" + fixed(batch.noise_floor_hours_per_day, 1) +
               " person-hours/day for the first run), i.e. smaller than what the solver's gap and "
               "the demand loop tolerance can resolve; such figures are not reported as savings.",
           "note");
  for (const auto& n : batch.notes) s += para(n, "note");
  if (!batch.land_use.empty()) {
    s += "<h3>Land-use scenarios (no benefit/cost ratio)</h3>";
    std::vector<std::vector<std::string>> lu;
    for (std::size_t i = 0; i < batch.land_use.size(); ++i) {
      const auto& r = batch.land_use[i];
      auto arrow = [](double a, double b) { return grouped(a) + " \u2192 " + grouped(b); };
      lu.push_back({std::to_string(i + 1), r.scenario, arrow(r.trips_before, r.trips_after),
                    arrow(r.border_vehicles_before, r.border_vehicles_after),
                    arrow(r.jobs_car_45_before, r.jobs_car_45_after),
                    arrow(r.jobs_pt_45_before, r.jobs_pt_45_after)});
    }
    s += table("land-use-table",
               {"rank", "scenario", "person trips / weekday", "vehicles across the border / day",
                "jobs within 45 min by car", "jobs within 45 min by PT"},
               lu, "rlrrrr");
    s += para(
        "Jobs and housing change who travels where, so these scenarios get indicators instead of "
        "a benefit/cost ratio (land_use.csv); jobs within reach are population-weighted means "
        "over the region's residents, before and after.",
        "note");
  }
  return s + "</section>";
}

// OD savings summed over blocks of zones: per country, the study area's corridors and the
// external zones together ("NL external"), in grouped_zone_order. Returns the blocks (as zones
// named after the block) and the block matrix, row-major.
struct OdBlocks {
  std::vector<MapZone> blocks;
  std::vector<double> values;
};
OdBlocks od_blocks(const std::vector<MapZone>& zones, const std::vector<double>& od) {
  OdBlocks out;
  std::vector<std::size_t> block_of(zones.size());
  std::map<std::string, std::size_t> index;
  for (const std::uint32_t z : grouped_zone_order(zones)) {
    const auto& zone = zones[z];
    const std::string group = zone.external ? "external" : zone.corridor;
    const std::string name = zone.country + " " + (group.empty() ? "other" : group);
    auto [it, fresh] = index.emplace(name, out.blocks.size());
    if (fresh) out.blocks.push_back({name, {}, zone.country, group});
    block_of[z] = it->second;
  }
  const std::size_t n = zones.size(), m = out.blocks.size();
  out.values.assign(m * m, 0.0);
  for (std::size_t o = 0; o < n; ++o)
    for (std::size_t d = 0; d < n; ++d) out.values[block_of[o] * m + block_of[d]] += od[o * n + d];
  return out;
}

// The mode whose population-weighted |change| in jobs within 45 min is larger: PT or car.
bool access_change_is_pt(const ScenarioReport& sc, const MapGeometry& map) {
  double pt = 0, car = 0;
  for (std::size_t z = 0; z < sc.access.size() && z < map.zones.size(); ++z) {
    const auto& a = sc.access[z];
    pt += map.zones[z].population * std::abs(a.pt_45_after - a.pt_45_before);
    car += map.zones[z].population * std::abs(a.car_45_after - a.car_45_before);
  }
  return pt >= car;
}

std::string scenario_section(const ScenarioReport& sc, std::size_t index, const MapGeometry& map) {
  const std::string id = slug(sc.name, index);
  const bool combination = sc.parts.size() > 1;
  std::string s = "<section class=\"scenario\" id=\"" + escape(id) + "\"><h2>" +
                  escape(shown_title(sc)) + "</h2>" +
                  para((combination ? "Combination of: " +
                                          [&] {
                                            std::string j;
                                            for (const auto& p : sc.parts)
                                              j += (j.empty() ? "" : "; ") + p;
                                            return j;
                                          }() +
                                          ". "
                                    : std::string()) +
                       sc.description + " (name: " + sc.name + ")");
  if (!sc.assumptions.empty() && !combination)
    s += "<details><summary>Assumptions</summary>" + para(sc.assumptions, "note") + "</details>";
  if (combination && sc.sum_of_parts_hours_per_day) {
    double own = 0;
    for (const double h : sc.zone_hours_saved_per_day) own += h;
    s += para("The parts alone save " + fixed(*sc.sum_of_parts_hours_per_day, 0) +
                  " person-hours per weekday together; run together they save " + fixed(own, 0) +
                  ".",
              "note");
  }

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
  if (!rows.empty() && !combination) {
    s += "<details><summary>Changes (" + std::to_string(rows.size()) + ")</summary>" +
         table(id + "-changes", {"kind", "link or line", "change", "what"}, rows, "llll") +
         "</details>";
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
  const std::size_t shown = std::min<std::size_t>(order.size(), combination ? 10 : 25);
  for (std::size_t k = 0; k < shown; ++k) {
    const auto& f = sc.link_flows[order[k]];
    const auto& l = map.links[f.link];
    rows.push_back({std::to_string(l.from_node), std::to_string(l.to_node), l.name, l.facility,
                    grouped(f.daily_flow), grouped(f.delta_daily_flow), fixed(f.speed_kmh, 0)});
  }
  s += "<details><summary>The " + std::to_string(shown) +
       " links with the largest change in daily flow (of " + std::to_string(order.size()) +
       "; all are in links.geojson)</summary>" +
       table(id + "-links",
             {"from node", "to node", "name", "facility", "veh/day", "change veh/day", "peak km/h"},
             rows, "rrllrrr") +
       "</details>";

  // Time saved per zone, split by country.
  const auto& h = sc.zone_hours_saved_per_day;
  if (!h.empty() && h.size() == map.zones.size()) {
    std::map<std::string, double> by_country;
    for (std::size_t z = 0; z < h.size(); ++z) by_country[map.zones[z].country] += h[z];
    rows.clear();
    for (const char* c : {"NL", "BE"})
      if (by_country.count(c)) rows.push_back({c, fixed(by_country[c], 1)});
    for (const auto& [c, v] : by_country)
      if (c != "NL" && c != "BE") rows.push_back({c, fixed(v, 1)});
    if (!combination) {
      s += "<h3>Time saved per zone (residents)</h3>";
      s += map_svg(id + "-map-zones", map, &sc, MapKind::zone_savings);
    } else {
      s += "<h3>Time saved by country of residence</h3>";
    }
    s += table(id + "-countries", {"country", "person-hours saved / day"}, rows, "lr");
    if (!combination) {
      rows.clear();
      for (const std::uint32_t z : grouped_zone_order(map.zones))
        rows.push_back(
            {map.zones[z].name, map.zones[z].country, map.zones[z].corridor, fixed(h[z], 2)});
      s += "<details><summary>Per zone (" + std::to_string(rows.size()) + " zones)</summary>" +
           table(id + "-zones", {"zone", "country", "corridor", "person-hours saved / day"}, rows,
                 "lllr") +
           "</details>";
    }
  }

  // Accessibility: change in jobs reachable within 30 and 45 min (singles).
  if (!combination && sc.access.size() == map.zones.size() && !map.zones.empty()) {
    const bool pt = access_change_is_pt(sc, map);
    s += "<h3>Jobs within reach: change by " + std::string(pt ? "public transport" : "car") +
         "</h3><div class=\"maps2\">";
    s += map_svg(id + "-map-access-30", map, &sc, MapKind::access_change, {pt, 30});
    s += map_svg(id + "-map-access-45", map, &sc, MapKind::access_change, {pt, 45});
    s += "</div>" +
         para("Left: within 30 minutes; right: within 45 minutes, door to door, by " +
                  std::string(pt ? "public transport" : "car") +
                  " (the mode this measure changes most). Before: the base maps in the Region "
                  "section.",
              "note");
  }

  // OD savings by blocks of zones, and the largest pairs.
  const std::size_t n = map.zones.size();
  if (n > 0 && sc.od_hours_saved_per_day.size() == n * n) {
    s += "<h3>Time saved by origin and destination</h3>";
    if (!combination) {
      const auto blocks = od_blocks(map.zones, sc.od_hours_saved_per_day);
      std::vector<std::uint32_t> border(blocks.blocks.size());
      std::iota(border.begin(), border.end(), 0U);
      s += od_heat_map_svg(id + "-od", "Person-hours saved per weekday, area to area",
                           blocks.blocks, blocks.values, border, &hours_saved_classes());
    }
    std::vector<std::size_t> cells(n * n);
    std::iota(cells.begin(), cells.end(), std::size_t{0});
    std::stable_sort(cells.begin(), cells.end(), [&](std::size_t a, std::size_t b) {
      return std::abs(sc.od_hours_saved_per_day[a]) > std::abs(sc.od_hours_saved_per_day[b]);
    });
    rows.clear();
    for (std::size_t k = 0; k < std::min<std::size_t>(cells.size(), combination ? 10 : 20); ++k) {
      const double v = sc.od_hours_saved_per_day[cells[k]];
      if (v == 0.0) break;
      const auto& o = map.zones[cells[k] / n];
      const auto& d = map.zones[cells[k] % n];
      rows.push_back(
          {o.name + " (" + o.country + ")", d.name + " (" + d.country + ")", fixed(v, 2)});
    }
    s += table(id + "-od-top", {"origin", "destination", "person-hours saved / day"}, rows, "llr");
  }

  // Ridership of new and changed lines, traffic on new links.
  if (!sc.ridership.empty()) {
    s += "<h3>Ridership</h3>";
    rows.clear();
    for (const auto& r : sc.ridership) {
      if (r.line >= map.lines.size()) continue;
      const auto& line = map.lines[r.line];
      double peak = 0;
      for (const double p : r.segment_daily_passengers) peak = std::max(peak, p);
      rows.push_back({line.name, line.mode, grouped(r.daily_boardings),
                      grouped(r.base_daily_boardings),
                      grouped(r.daily_boardings - r.base_daily_boardings),
                      r.segment_daily_passengers.empty() ? "" : grouped(peak)});
    }
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

  // Convergence (singles; every run's final gap is in the inputs section).
  if (!sc.convergence.empty() && !combination) {
    s += "<details><summary>Convergence</summary>";
    s += convergence_svg(id + "-convergence", "Relative gap per iteration", sc.convergence);
    rows.clear();
    for (const auto& se : sc.convergence)
      for (const auto& p : se.points)
        rows.push_back({se.name, std::to_string(p.iteration), scientific(p.relative_gap)});
    s += table(id + "-convergence-table", {"series", "iteration", "relative gap"}, rows, "lrr") +
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
  // Page one first: nothing of the report precedes the summary.
  s += html::summary_section(batch);
  s += map_defs_svg(map);
  s += "<nav><a href=\"#summary\">Summary</a>";
  if (std::any_of(batch.ranking.begin(), batch.ranking.end(),
                  [](const RankingRow& r) { return r.combination; }))
    s += "<a href=\"#combinations\">Pairs and combinations</a>";
  s += "<a href=\"#model-fit\">Does the model fit?</a><a href=\"#region\">Region</a>";
  for (std::size_t i = 0; i < batch.scenarios.size(); ++i)
    if (batch.scenarios[i].parts.size() <= 1)
      s += "<a href=\"#" + escape(slug(batch.scenarios[i].name, i)) + "\">" +
           escape(shown_title(batch.scenarios[i])) + "</a>";
  s += "<a href=\"#ranking\">Full ranking</a><a href=\"#inputs\">Inputs</a></nav>";
  s += html::combinations_section(batch);
  s += html::model_fit_section(batch);
  s += "<section id=\"region\" class=\"page\"><h2>Region</h2>" +
       map_svg("map-region", map, nullptr, MapKind::region) +
       para(
           "Roads by class, railways and bus lines of the base network; zone centroids coloured "
           "by country; national borders from OpenStreetMap (region.toml `border`).",
           "note");
  if (!batch.scenarios.empty() && batch.scenarios.front().access.size() == map.zones.size() &&
      !map.zones.empty()) {
    const auto& first = batch.scenarios.front();
    s += "<h3>Jobs within reach today (before)</h3><div class=\"maps2\">";
    s += map_svg("map-access-pt-45", map, &first, MapKind::access_before, {true, 45});
    s += map_svg("map-access-car-30", map, &first, MapKind::access_before, {false, 30});
    s += "</div>" +
         para(
             "Left: jobs within 45 minutes by public transport; right: jobs within 30 minutes by "
             "car, from each zone, in the base.",
             "note");
  }
  s += "</section>";
  // Scenario sections are independent: rendered in parallel, joined in scenario order.
  std::vector<std::string> sections(batch.scenarios.size());
  parallel::for_chunks(0, sections.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i)
      sections[i] = scenario_section(batch.scenarios[i], i, map);
  });
  for (const auto& section : sections) s += section;
  s += full_ranking_section(batch);
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
