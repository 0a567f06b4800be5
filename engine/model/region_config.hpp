#pragma once
// The region's own description, `region.toml` in the region folder (format:
// scenarios/brainport-kempen/FORMAT.md). Everything that differs between study areas lives here,
// so the engine holds no region name:
//
//   name = "Brainport-Kempen"
//   countries = ["NL", "BE", "DE"]            # allowed zones.csv country codes
//   corridors = ["eindhoven-turnhout", ...]   # allowed zones.csv corridor values
//   border = "border.csv"                     # national borders for maps (polyline,lon,lat)
//   [box]                                     # WGS84 box of zones, nodes and stops
//   min_lat = 50.6; max_lat = 51.9; min_lon = 4.0; max_lon = 6.5
//   [values_of_time]                          # EUR/person-hour by country of residence:
//   NL = [11.00, 31.00, 8.50, 8.50]           # commute, business, education, other
//   [zone_sets]                               # named zone sets (model/zone_sets.hpp)
//   NL = { country = "NL" }
//
// Checks (InputError naming region.toml or the border file, the line and the key): box bounds
// in range with min < max; border points inside the box, at least two per polyline; values of
// time for declared countries only, four finite values > 0 each; unknown top-level keys.
// The file is optional: without it any non-empty country and corridor value is accepted and only
// the automatic zone sets exist.
//
//   auto cfg = corridor::model::read_region_config("scenarios/brainport-kempen");
//   cfg.countries;   // {"NL", "BE", "DE"}
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "model/region_model.hpp"

namespace corridor::model {

struct RegionConfig {
  std::string file;  // path as named in messages; empty when there is no region.toml
  std::string name;  // display name of the region
  std::vector<std::string> countries;  // empty = any
  std::vector<std::string> corridors;  // empty = any
  RegionBox box;
  bool box_declared = false;  // region.toml has a [box]
  std::string border_file;    // path of the border file, empty when none
  std::string border_text;    // its bytes (hashed with the model)
  std::vector<std::vector<LonLatPoint>> border;
  std::map<std::string, std::array<double, 4>> values_of_time;
  toml::table root;  // the whole file ([zone_sets] is read once the zones are known)
};

// Reads `folder`/region.toml, or returns an empty config when the file is absent. Throws
// InputError on a syntax error or a top-level value of the wrong type.
RegionConfig read_region_config(const std::filesystem::path& folder);

}  // namespace corridor::model
