// <region>/appraisal.toml (appraisal_parameters.hpp).
#include "scenario/appraisal_parameters.hpp"

#include <cmath>
#include <map>

#include "core/error.hpp"
#include "io/text.hpp"
#include "io/toml_text.hpp"
#include "scenario/toml_reader.hpp"
#include "transit/transit_data.hpp"

namespace corridor::scenario {

namespace {

class Reader {
 public:
  Reader(std::string file, std::map<int, double> cpi, int price_year)
      : file_(std::move(file)), cpi_(std::move(cpi)), price_year_(price_year) {}

  // `key` of table `t` as {value, source[, price_year]}; money values need a price year and are
  // converted to the file's price year.
  double value(TableReader& t, const std::string& key, double min, double max, bool money) {
    const auto* sub = t.optional_table(key);
    if (!sub) t.fail(key, "required: an inline table { value = ..., source = \"...\" }");
    TableReader v(*sub, file_, t.key_path(key));
    UnitValueRow row;
    row.key = t.key_path(key);
    row.value = v.number("value", min, max);
    row.source = v.string("source");
    if (row.source.empty()) v.fail("source", "a non-empty source");
    if (money) {
      const auto y = v.integer("price_year", 1900, 2100);
      if (!cpi_.count(static_cast<int>(y))) {
        v.fail("price_year", "a year of [price_index] years (" + std::to_string(y) + " is not)");
      }
      row.price_year = static_cast<int>(y);
      row.converted = row.value * cpi_.at(price_year_) / cpi_.at(static_cast<int>(y));
    } else {
      row.converted = row.value;
    }
    v.finish();
    rows.push_back(row);
    return row.converted;
  }

  std::vector<UnitValueRow> rows;

 private:
  std::string file_;
  std::map<int, double> cpi_;
  int price_year_;
};

}  // namespace

AppraisalFile default_appraisal_parameters() {
  AppraisalFile f;
  f.source = "defaults (no appraisal.toml): CO2, accidents and PT operating cost valued at 0";
  return f;
}

AppraisalFile parse_appraisal_parameters(std::string_view text, const std::string& file_name) {
  const toml::table root = io::parse_toml(text, file_name);
  TableReader top(root, file_name, "");
  AppraisalFile f;
  f.source = file_name;
  auto& p = f.params;
  p.price_year = static_cast<int>(top.integer("price_year", 1900, 2100));

  const auto* idx = top.optional_table("price_index");
  if (!idx) top.fail("price_index", "required: [price_index] with source, years and cpi");
  TableReader it(*idx, file_name, "price_index");
  it.string("source");
  const auto years = it.integer_array("years");
  const auto cpi = it.number_array("cpi");
  if (years.size() != cpi.size()) it.fail("cpi", "as many CPI levels as years");
  std::map<int, double> index;
  for (std::size_t k = 0; k < years.size(); ++k) {
    if (!(cpi[k] > 0.0)) it.fail("cpi", "positive CPI levels");
    if (!index.emplace(static_cast<int>(years[k]), cpi[k]).second)
      it.fail("years", "each year once");
  }
  it.finish();
  if (!index.count(p.price_year)) top.fail("price_year", "a year of [price_index] years");

  Reader r(file_name, index, p.price_year);
  auto section = [&](const char* name) -> TableReader {
    const auto* t = top.optional_table(name);
    if (!t) top.fail(name, std::string("required: [") + name + "]");
    return TableReader(*t, file_name, name);
  };
  {
    auto t = section("discounting");
    p.discount_rate = r.value(t, "rate", 0.0, 0.2, false);
    p.period_years = r.value(t, "period_years", 1.0, 200.0, false);
    p.demand_growth = r.value(t, "demand_growth_per_year", -0.1, 0.1, false);
    t.finish();
  }
  {
    auto t = section("co2");
    p.co2_eur_per_tonne = r.value(t, "eur_per_tonne", 0.0, 5000.0, true);
    p.car_co2_kg_per_km = r.value(t, "car_kg_per_km", 0.0, 2.0, false);
    p.truck_co2_kg_per_km = r.value(t, "truck_kg_per_km", 0.0, 5.0, false);
    t.finish();
  }
  {
    auto t = section("accidents");
    p.car_accident_eur_per_km = r.value(t, "car_eur_per_km", 0.0, 10.0, true);
    p.truck_accident_eur_per_km = r.value(t, "truck_eur_per_km", 0.0, 10.0, true);
    t.finish();
  }
  {
    auto t = section("operating");
    for (std::size_t m = 0; m < transit::kModeCount; ++m) {
      const char* name = transit::mode_name(static_cast<transit::Mode>(m));
      const auto* mt = t.optional_table(name);
      if (!mt) continue;
      TableReader u(*mt, file_name, t.key_path(name));
      OperatingCostUnit c;
      c.eur_per_vehicle_hour = r.value(u, "eur_per_vehicle_hour", 0.0, 10000.0, true);
      c.eur_per_vehicle_km = r.value(u, "eur_per_vehicle_km", 0.0, 1000.0, true);
      c.km_per_crow_km = r.value(u, "km_per_crow_km", 1.0, 3.0, false);
      u.finish();
      p.operating[name] = c;
    }
    t.finish();
  }
  top.finish();
  f.rows = std::move(r.rows);
  return f;
}

AppraisalFile read_appraisal_parameters(const std::filesystem::path& file) {
  return parse_appraisal_parameters(io::read_text_file(file), file.string());
}

}  // namespace corridor::scenario
