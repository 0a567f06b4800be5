#pragma once
// The region's appraisal unit values: <region>/appraisal.toml (optional), read strictly into
// AppraisalParameters (cost_benefit.hpp). Every value is an inline table with its source, and
// every money value with its price year; money is converted to the file's `price_year` with the
// file's consumer price index ([price_index]: years and CPI levels):
//
//   price_year = 2022
//   [price_index]
//   source = "CBS CPI, annual average, 2015 = 100"
//   years = [2015, 2016, ...]
//   cpi   = [100.0, 100.3, ...]
//   [discounting]
//   rate = { value = 0.0225, source = "Werkgroep discontovoet 2020" }
//   period_years = { value = 30, source = "..." }
//   demand_growth_per_year = { value = 0.0, source = "..." }
//   [co2]
//   eur_per_tonne = { value = 100, price_year = 2016, source = "..." }
//   car_kg_per_km = { value = 0.154, source = "..." }
//   truck_kg_per_km = { value = 0.80, source = "..." }
//   [accidents]
//   car_eur_per_km = { value = 0.124, price_year = 2018, source = "..." }
//   truck_eur_per_km = { ... }
//   [operating.bus]                       # one table per transit mode with lines in the region
//   eur_per_vehicle_hour = { value = 90, price_year = 2022, source = "..." }
//   eur_per_vehicle_km = { value = 0, price_year = 2022, source = "..." }
//   km_per_crow_km = { value = 1.2, source = "..." }
//
// Unknown keys, a missing source or price year, a price year outside the index and values out
// of range are InputErrors naming the file, line and key. Values of time are the region's
// (region.toml [values_of_time]) with the scenario's [parameters] overrides (appraisal.hpp).
// Without the file: discounting as above (2.25 %, 30 years, no growth) and every other unit value
// 0, so only travel time and travellers' cost are valued; `source` says so.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/cost_benefit.hpp"

namespace corridor::scenario {

// One unit value as read, for the documentation table and the report.
struct UnitValueRow {
  std::string key;                // "co2.eur_per_tonne"
  double value = 0.0;             // as written
  std::optional<int> price_year;  // as written (money values)
  double converted = 0.0;         // in the file's price year
  std::string source;
};

struct AppraisalFile {
  AppraisalParameters params;  // values_of_time left default: set by the caller
  std::vector<UnitValueRow> rows;
  std::string source;  // the file name, or "defaults (no appraisal.toml)"
};

AppraisalFile parse_appraisal_parameters(std::string_view text, const std::string& file_name);
AppraisalFile read_appraisal_parameters(const std::filesystem::path& file);
AppraisalFile default_appraisal_parameters();

}  // namespace corridor::scenario
