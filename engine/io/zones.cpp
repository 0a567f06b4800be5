#include "io/zones.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "io/text.hpp"

namespace corridor::io {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool one_of(std::string_view v, const std::vector<std::string>& allowed) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

std::string expected_values(const std::vector<std::string>& allowed) {
  if (allowed.empty()) return "a non-empty value";
  std::string out;
  for (const auto& a : allowed) out += (out.empty() ? "" : ", ") + a;
  return "one of " + out + " (region.toml)";
}

}  // namespace

ZoneTable read_zones_csv(const std::filesystem::path& path, const ZoneValues& allowed) {
  return parse_zones_csv(read_text_file(path), path.string(), allowed);
}

ZoneTable parse_zones_csv(std::string text, const std::string& file_name,
                          const ZoneValues& allowed) {
  CsvReader csv(std::move(text), file_name);
  const auto c_id = csv.require_column("zone_id");
  const auto c_name = csv.require_column("name");
  const auto c_mun = csv.require_column("municipality");
  const auto c_country = csv.require_column("country");
  const auto c_lat = csv.require_column("lat");
  const auto c_lon = csv.require_column("lon");
  const auto c_pop = csv.require_column("population");
  const auto c_jobs = csv.require_column("jobs");
  const auto c_corr = csv.require_column("corridor");
  const auto c_ext = csv.require_column("external");
  const auto c_centroid = csv.require_column("centroid_node");

  ZoneTable table;
  table.file = file_name;
  std::unordered_map<std::int64_t, std::size_t> line_of_id;
  std::unordered_map<std::string, std::size_t> line_of_name;
  while (csv.next_row()) {
    ZoneRow z;
    z.line = csv.line_number();
    z.zone_id = csv.integer(c_id);
    if (z.zone_id < 1) csv.fail(c_id, "expected a zone id >= 1, got " + std::to_string(z.zone_id));
    if (auto [it, fresh] = line_of_id.emplace(z.zone_id, z.line); !fresh) {
      csv.fail(c_id, "duplicate zone id " + std::to_string(z.zone_id) + " (first on line " +
                         std::to_string(it->second) + ")");
    }
    z.name = std::string(csv.text(c_name));
    if (z.name.empty()) csv.fail(c_name, "expected a zone name, got an empty field");
    if (auto [it, fresh] = line_of_name.emplace(lower(z.name), z.line); !fresh) {
      csv.fail(c_name, "duplicate zone name " + quote_for_message(z.name) +
                           " (names are compared ignoring case; first on line " +
                           std::to_string(it->second) + ")");
    }
    z.municipality = std::string(csv.text(c_mun));
    if (z.municipality.empty()) csv.fail(c_mun, "expected a municipality name, got an empty field");
    z.country = std::string(csv.text(c_country));
    if (z.country.empty() || !one_of(z.country, allowed.countries)) {
      csv.fail(c_country, "expected " + expected_values(allowed.countries) + ", got " +
                              quote_for_message(z.country));
    }
    z.lat = csv.number(c_lat);
    if (z.lat < -90.0 || z.lat > 90.0) csv.fail(c_lat, "expected WGS84 latitude in [-90, 90]");
    z.lon = csv.number(c_lon);
    if (z.lon < -180.0 || z.lon > 180.0) csv.fail(c_lon, "expected WGS84 longitude in [-180, 180]");
    z.population = csv.number(c_pop);
    if (z.population < 0.0) csv.fail(c_pop, "expected a number of residents >= 0");
    z.jobs = csv.number(c_jobs);
    if (z.jobs < 0.0) csv.fail(c_jobs, "expected a number of jobs >= 0");
    z.corridor = std::string(csv.text(c_corr));
    if (z.corridor.empty() || !one_of(z.corridor, allowed.corridors)) {
      csv.fail(c_corr, "expected " + expected_values(allowed.corridors) + ", got " +
                           quote_for_message(z.corridor));
    }
    const auto ext = csv.text(c_ext);
    if (ext != "0" && ext != "1") csv.fail(c_ext, "expected 0 or 1, got " + quote_for_message(ext));
    z.external = ext == "1";
    z.centroid_node = csv.integer(c_centroid);
    if (z.centroid_node != z.zone_id) {
      csv.fail(c_centroid, "expected the centroid node to equal the zone id " +
                               std::to_string(z.zone_id) + ", got " +
                               std::to_string(z.centroid_node));
    }
    table.rows.push_back(std::move(z));
  }
  if (table.rows.empty()) throw_input_error(file_name, 0, "", "expected at least one zone row");

  std::sort(table.rows.begin(), table.rows.end(),
            [](const ZoneRow& a, const ZoneRow& b) { return a.zone_id < b.zone_id; });
  const auto n = static_cast<std::int64_t>(table.rows.size());
  for (std::int64_t i = 0; i < n; ++i) {
    const auto& z = table.rows[static_cast<std::size_t>(i)];
    if (z.zone_id != i + 1) {
      // Ids are unique and sorted, so the first mismatch is a gap: id i+1 is missing.
      throw_input_error(file_name, z.line, "zone_id",
                        "zone ids must be consecutive 1.." + std::to_string(n) + ", but id " +
                            std::to_string(i + 1) + " is missing (found " +
                            std::to_string(z.zone_id) + ")");
    }
  }
  return table;
}

}  // namespace corridor::io
