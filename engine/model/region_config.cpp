// region.toml: the region's own description (region_config.hpp).
#include "model/region_config.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "io/text.hpp"
#include "io/toml_text.hpp"

namespace corridor::model {
namespace {

std::size_t line_of(const toml::node& n) { return static_cast<std::size_t>(n.source().begin.line); }

std::vector<std::string> string_list(const toml::table& root, const char* key,
                                     const std::string& file) {
  std::vector<std::string> out;
  const auto* node = root.get(key);
  if (node == nullptr) return out;
  const auto* a = node->as_array();
  if (a == nullptr) throw_input_error(file, line_of(*node), key, "expected a list of text values");
  std::set<std::string> seen;
  for (const auto& n : *a) {
    const auto* s = n.as_string();
    if (s == nullptr || io::trim(s->get()).empty()) {
      throw_input_error(file, line_of(n), key, "expected a non-empty text value");
    }
    if (!seen.insert(s->get()).second) {
      throw_input_error(file, line_of(n), key, "duplicate value " + quote_for_message(s->get()));
    }
    out.push_back(s->get());
  }
  return out;
}

double number(const toml::node& n, const std::string& file, const std::string& key) {
  if (auto v = n.value<double>(); v && std::isfinite(*v)) return *v;
  throw_input_error(file, line_of(n), key, "expected a finite number");
}

RegionBox read_box(const toml::table& root, const std::string& file) {
  RegionBox box;
  const auto* node = root.get("box");
  if (node == nullptr) return box;
  const auto* t = node->as_table();
  if (t == nullptr) throw_input_error(file, line_of(*node), "box", "expected a table [box]");
  for (const auto& [k, v] : *t) {
    const std::string key = "box." + std::string(k.str());
    const double x = number(v, file, key);
    if (k == "min_lat" || k == "max_lat") {
      if (x < -90.0 || x > 90.0) throw_input_error(file, line_of(v), key, "expected [-90, 90]");
      (k == "min_lat" ? box.min_lat : box.max_lat) = x;
    } else if (k == "min_lon" || k == "max_lon") {
      if (x < -180.0 || x > 180.0) throw_input_error(file, line_of(v), key, "expected [-180, 180]");
      (k == "min_lon" ? box.min_lon : box.max_lon) = x;
    } else {
      throw_input_error(file, line_of(v), key, "expected min_lat, max_lat, min_lon or max_lon");
    }
  }
  if (!(box.min_lat < box.max_lat) || !(box.min_lon < box.max_lon)) {
    throw_input_error(file, line_of(*node), "box",
                      "expected min_lat < max_lat and min_lon < max_lon");
  }
  return box;
}

// border file: polyline,lon,lat; consecutive rows with the same polyline id form one polyline.
void read_border(RegionConfig& cfg, const std::filesystem::path& folder) {
  const auto* node = cfg.root.get("border");
  if (node == nullptr) return;
  const auto* name = node->as_string();
  if (name == nullptr || name->get().empty()) {
    throw_input_error(cfg.file, line_of(*node), "border",
                      "expected a file name such as \"border.csv\"");
  }
  const auto path = folder / name->get();
  if (!corridor::path_exists(path)) {
    throw_input_error(cfg.file, line_of(*node), "border",
                      "file " + quote_for_message(path.string()) + " does not exist");
  }
  cfg.border_file = path.string();
  cfg.border_text = io::read_text_file(path);
  io::CsvReader csv(cfg.border_text, cfg.border_file);
  const auto c_id = csv.require_column("polyline");
  const auto c_lon = csv.require_column("lon");
  const auto c_lat = csv.require_column("lat");
  std::string current;
  std::set<std::string> done;
  std::size_t first_line = 0;
  auto close = [&] {
    if (!cfg.border.empty() && cfg.border.back().size() < 2) {
      throw_input_error(cfg.border_file, first_line, "polyline",
                        "polyline " + quote_for_message(current) + " has one point; expected >= 2");
    }
  };
  while (csv.next_row()) {
    const std::string id(csv.text(c_id));
    if (cfg.border.empty() || id != current) {
      close();
      if (!done.insert(id).second) {
        csv.fail(c_id, "polyline " + quote_for_message(id) +
                           " appears again after another one; keep its rows together");
      }
      current = id;
      first_line = csv.line_number();
      cfg.border.emplace_back();
    }
    LonLatPoint p{csv.number(c_lon), csv.number(c_lat)};
    if (!cfg.box.contains(p.lat, p.lon))
      csv.fail(c_lat, "expected a point inside region.toml [box]");
    cfg.border.back().push_back(p);
  }
  close();
}

void read_values_of_time(RegionConfig& cfg) {
  const auto* node = cfg.root.get("values_of_time");
  if (node == nullptr) return;
  const auto* t = node->as_table();
  if (t == nullptr) {
    throw_input_error(cfg.file, line_of(*node), "values_of_time",
                      "expected a table [values_of_time]");
  }
  for (const auto& [k, v] : *t) {
    const std::string country(k.str());
    const std::string key = "values_of_time." + country;
    if (!cfg.countries.empty() &&
        std::find(cfg.countries.begin(), cfg.countries.end(), country) == cfg.countries.end()) {
      throw_input_error(cfg.file, line_of(v), key, "expected a country of `countries`");
    }
    const auto* a = v.as_array();
    if (a == nullptr || a->size() != 4) {
      throw_input_error(cfg.file, line_of(v), key,
                        "expected [commute, business, education, other] in EUR per person-hour");
    }
    std::array<double, 4> values{};
    for (std::size_t i = 0; i < 4; ++i) {
      values[i] = number((*a)[i], cfg.file, key);
      if (values[i] <= 0.0) throw_input_error(cfg.file, line_of(v), key, "expected values > 0");
    }
    cfg.values_of_time.emplace(country, values);
  }
}

}  // namespace

RegionConfig read_region_config(const std::filesystem::path& folder) {
  RegionConfig cfg;
  const auto path = folder / "region.toml";
  if (!corridor::path_exists(path)) return cfg;
  cfg.file = path.string();
  cfg.root = io::parse_toml(io::read_text_file(path), cfg.file);
  if (const auto* n = cfg.root.get("name")) {
    const auto* s = n->as_string();
    if (s == nullptr) throw_input_error(cfg.file, line_of(*n), "name", "expected a text value");
    cfg.name = s->get();
  }
  cfg.countries = string_list(cfg.root, "countries", cfg.file);
  cfg.corridors = string_list(cfg.root, "corridors", cfg.file);
  for (const auto& [k, v] : cfg.root) {
    static const std::set<std::string> known = {"name",   "countries",      "corridors", "box",
                                                "border", "values_of_time", "zone_sets"};
    if (known.count(std::string(k.str())) == 0) {
      throw_input_error(cfg.file, line_of(v), std::string(k.str()),
                        "unknown key; expected one of name, countries, corridors, box, border, "
                        "values_of_time, zone_sets");
    }
  }
  cfg.box = read_box(cfg.root, cfg.file);
  cfg.box_declared = cfg.root.get("box") != nullptr;
  read_border(cfg, folder);
  read_values_of_time(cfg);
  return cfg;
}

}  // namespace corridor::model
