#pragma once
// Reader for a region model's zone table, `zones.csv`:
//
//   zone_id,name,municipality,country,lat,lon,population,jobs,corridor,external,centroid_node
//   1,Eindhoven Centrum,Eindhoven,NL,51.4416,5.4697,61000,95000,eindhoven,0,1
//
// Model and invariants (every violation is an InputError naming file, line and field):
// - zone_id are 1..N, each exactly once (rows may come in any order; the result is sorted by id,
//   so zone index z = zone_id - 1);
// - centroid_node == zone_id (the GMNS node of the zone's centroid);
// - name and municipality are non-empty; names are unique ignoring case;
// - country and corridor are non-empty; when `allowed` lists values (region.toml `countries`,
//   `corridors`, model/region_config.hpp), one of those; external is 0 or 1;
// - lat/lon are WGS84 degrees (lat in [-90, 90], lon in [-180, 180]);
// - population and jobs are persons, finite and >= 0.
// Columns beyond these are allowed and ignored.
//
//   auto zones = corridor::io::read_zones_csv("scenarios/brainport-kempen/zones.csv");
//   zones[0].name;   // zone_id 1
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace corridor::io {

struct ZoneRow {
  std::int64_t zone_id = 0;
  std::string name;
  std::string municipality;
  std::string country;   // a code of region.toml `countries`, e.g. NL
  std::string corridor;  // a value of region.toml `corridors`
  double lat = 0.0;      // WGS84 degrees
  double lon = 0.0;
  double population = 0.0;  // residents
  double jobs = 0.0;        // workplaces
  bool external = false;
  std::int64_t centroid_node = 0;  // GMNS node_id
  std::size_t line = 0;            // line in the file, for later messages
};

struct ZoneTable {
  std::string file;           // as named in messages
  std::vector<ZoneRow> rows;  // sorted by zone_id: rows[z].zone_id == z + 1
};

// Allowed country and corridor values; an empty list allows any non-empty value.
struct ZoneValues {
  std::vector<std::string> countries;
  std::vector<std::string> corridors;
};

ZoneTable read_zones_csv(const std::filesystem::path& path, const ZoneValues& allowed = {});
ZoneTable parse_zones_csv(std::string text, const std::string& file_name,
                          const ZoneValues& allowed = {});

}  // namespace corridor::io
