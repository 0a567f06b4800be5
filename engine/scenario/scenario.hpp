#pragma once
// Scenario files: what a quick win changes in the region model, as typed edits.
//
// A scenario is a small TOML file (schema in docs/comparing-quick-wins.md):
//
//   name = "hamont-weert"
//   title = "Rail Hamont - Weert"    # optional: what a report shows (default: the name)
//   description = "Belgian trains extended from Hamont to Weert"
//   base = "."                       # region folder, relative to this file
//   assumptions = "8 km NL section, 10 min run (FACTS §4 Q2) ..."
//   [[pt.extend_line]]
//   line = "nmbs-mol-hamont"
//   stops = ["weert"]
//   minutes = [10.0]
//   [cost]
//   investment_eur = 55e6
//   operating_eur_per_year = 1e6
//   lifetime_years = 30
//   discount_rate = 0.0225
//   [[cost.item]]                    # shared infrastructure: a combination counts each id once
//   id = "hamont-weert-track"
//   investment_eur = 55.5e6
//   operating_eur_per_year = 0       # optional
//   lifetime_years = 40              # optional, default the scenario's
//
// A scenario's cost is its own [cost] plus its items; a combination's cost is the sum of its
// parts' own [cost] plus each distinct item id once (the same id with different numbers in two
// parts is an InputError). Items are discounted at the scenario's discount_rate.
//
// Reading is strict: unknown keys, wrong types, missing required keys and values out of range are
// corridor::InputErrors naming the file, the line and the key (toml++ keeps source positions).
// References to the region (node and link ids, link end points, stop and line ids, zone names),
// coordinates (inside the region box) and run times (a plausible speed for the mode) are checked
// when the edits are applied (apply.hpp, edits/edit.hpp), again with the file, line and key.
//
// Units: km, km/h, veh/h per lane, minutes, EUR, years; rates are fractions (0.0225 = 2.25 %).
//
//   auto s = corridor::scenario::read_scenario("scenarios/brainport-kempen/hamont-weert.toml");
//   auto both = corridor::scenario::combine({&a, &b}, "a+b");
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/edits/edit.hpp"

namespace corridor::scenario {

// The edits of a scenario, one object per [[...]] table (edits/edit.hpp), in the order of
// application: by stage (apply.hpp), then in input order (a combination: part by part).
struct Edits {
  std::vector<std::shared_ptr<const Edit>> items;
  // Index into Scenario::parts of the part each item comes from, parallel to items; empty when
  // every item is the first part's (a scenario read from one file).
  std::vector<std::size_t> part_of;
  [[nodiscard]] std::size_t count() const { return items.size(); }
  [[nodiscard]] std::size_t part(std::size_t i) const { return part_of.empty() ? 0 : part_of[i]; }
  // The edits of one kind ("road.add_link"), in order.
  [[nodiscard]] std::vector<const Edit*> of_kind(std::string_view kind) const;
  // Sorts by stage, keeping input order within a stage (part_of follows its items).
  void order();
};

// Appraisal and growth parameters; unset values take the batch's or the defaults (appraisal.hpp).
struct Parameters {
  std::map<std::string, double> value_of_time_eur_per_h;  // by purpose
  std::optional<double> population_growth;                // factor on every zone, e.g. 1.05
  std::optional<double> jobs_growth;
  std::optional<double> annualisation;  // weekdays → year
  // Factor on every value of time (persons and trucks) after the overrides above; set by an
  // uncertainty draw (uncertainty.hpp), never read from a scenario file.
  double value_of_time_factor = 1.0;
  // Where each value was set ("population_growth", "value_of_time_eur_per_h.commute", ...), for
  // conflicts between the parts of a combination.
  std::map<std::string, Origin> origins;
};

struct Cost {
  double investment_eur = 0.0;
  double operating_eur_per_year = 0.0;
  double lifetime_years = 30.0;
  double discount_rate = 0.0225;
  bool given = false;  // false when the file has no [cost] table
  bool operator==(const Cost&) const = default;
};

// A named cost item ([[cost.item]]): infrastructure several scenarios need, counted once in any
// combination. `cost.given` is true; discount rate (and lifetime unless set) are the scenario's.
struct CostItem {
  Origin origin;  // line of the [[cost.item]] table
  std::string id;
  Cost cost;
  // Lines of the investment_eur, operating_eur_per_year and lifetime_years keys (the table's line
  // when a key is absent), for conflict messages.
  std::size_t investment_line = 0;
  std::size_t operating_line = 0;
  std::size_t lifetime_line = 0;
};

struct Scenario {
  std::filesystem::path file;  // empty for a combination
  std::string name;
  std::string title;  // for readers (reports); a combination: its parts' titles joined by " + "
  std::string description;
  std::filesystem::path base;  // region folder, absolute or relative to the working directory
  std::string assumptions;
  Edits edits;
  Parameters parameters;
  // The file's own [cost] (items excluded); for a combination the sums of its parts' own [cost].
  Cost cost;
  std::vector<CostItem> cost_items;  // distinct ids, in first-seen order
  std::vector<std::string> parts;    // names of the scenarios combined (one entry when alone)
  std::vector<Cost> own_costs;       // each part's own [cost], one per part
  // Every cost to annuitise separately: own_costs, then each item once. Appraisal sums over these.
  std::vector<Cost> part_costs;
  std::string source_text;  // concatenated file contents, hashed for caching

  // Checks what can be checked without the region (ranges, lengths, duplicates); throws InputError.
  void validate() const;
};

// Great-circle distance × this factor is the default length of a new road link (km).
inline constexpr double kDetourFactor = 1.2;

Scenario read_scenario(const std::filesystem::path& file);
// Parses `text` as if read from `file_name`; relative `base` is resolved against `dir`.
Scenario parse_scenario(std::string_view text, const std::string& file_name,
                        const std::filesystem::path& dir);

// Applies all parts' edits in order; the name is given, own costs add up and each cost item id is
// counted once (appraisal annuitises each entry of part_costs). Parameters merge key by key: a
// value set in one part holds for the combination, the same value in two parts merges, and
// different values are an InputError naming both files and the key. Throws InputError too when
// two parts define the same item id with different numbers.
Scenario combine(const std::vector<const Scenario*>& parts, const std::string& name);

// Names are used as folder names: [a-z0-9] and '-', '_', '+', '.' only, 1..120 characters.
bool valid_scenario_name(std::string_view name);

}  // namespace corridor::scenario
