#pragma once
// The region's own description, `region.toml` in the region folder (format:
// scenarios/brainport-kempen/FORMAT.md). Everything that differs between study areas lives here,
// so the engine holds no region name:
//
//   name = "Brainport-Kempen"
//   countries = ["NL", "BE", "DE"]            # allowed zones.csv country codes
//   corridors = ["eindhoven-turnhout", ...]   # allowed zones.csv corridor values
//   [zone_sets]                               # named zone sets (model/zone_sets.hpp)
//   NL = { country = "NL" }
//
// The file is optional: without it any non-empty country and corridor value is accepted and only
// the automatic zone sets exist.
//
//   auto cfg = corridor::model::read_region_config("scenarios/brainport-kempen");
//   cfg.countries;   // {"NL", "BE", "DE"}
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace corridor::model {

struct RegionConfig {
  std::string file;  // path as named in messages; empty when there is no region.toml
  std::string name;  // display name of the region
  std::vector<std::string> countries;  // empty = any
  std::vector<std::string> corridors;  // empty = any
  toml::table root;                    // the whole file, for the sections read later
};

// Reads `folder`/region.toml, or returns an empty config when the file is absent. Throws
// InputError on a syntax error or a top-level value of the wrong type.
RegionConfig read_region_config(const std::filesystem::path& folder);

}  // namespace corridor::model
