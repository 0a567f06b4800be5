#pragma once
// Pieces of report.html shared by its section writers (html.cpp, summary.cpp, model_fit.cpp):
// escaped tables and paragraphs, section anchors, and the sections themselves. Internal to the
// report module; report.hpp is the public interface.
#include <string>
#include <string_view>
#include <vector>

#include "report/report_data.hpp"

namespace corridor::report::html {

// One HTML table. `align` has one letter per column: 'l' text, 'r' number.
[[nodiscard]] std::string table(std::string_view id, const std::vector<std::string>& headers,
                                const std::vector<std::vector<std::string>>& rows,
                                std::string_view align, const std::vector<bool>& muted = {});
[[nodiscard]] std::string para(std::string_view text, std::string_view cls = {});
// Anchor id of the scenario section at `index`: "s<index+1>-<name in [a-z0-9-]>".
[[nodiscard]] std::string slug(std::string_view name, std::size_t index);
// What a reader sees for a scenario: its title, else its name.
[[nodiscard]] const std::string& shown_title(const RankingRow& r);
[[nodiscard]] const std::string& shown_title(const ScenarioReport& s);
// "EUR 55.5 M", "EUR 850 k", "EUR 0".
[[nodiscard]] std::string money(double eur);
// Benefit/cost with 2 decimals, "n/a" without a cost.
[[nodiscard]] std::string bc_text(const RankingRow& r);

// Page one (id "summary"): the single measures ranked with their uncertainty, costs, what the
// figures include, the main caveats, date, engine version and model hash.
[[nodiscard]] std::string summary_section(const BatchReport& batch);
// Pairs and combinations ranked on a page of their own (id "combinations"); empty without any.
[[nodiscard]] std::string combinations_section(const BatchReport& batch);
// "Does the model fit?" (id "model-fit"): the base against the observed figures.
[[nodiscard]] std::string model_fit_section(const BatchReport& batch);
// One-line plain-words fit statement for the summary's caveats; empty without observed figures.
[[nodiscard]] std::string fit_caveat(const BatchReport& batch);

}  // namespace corridor::report::html
