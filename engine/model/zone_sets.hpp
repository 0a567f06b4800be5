#pragma once
// Zone sets from region.toml's [zone_sets] table (format: scenarios/brainport-kempen/FORMAT.md).
// Each key names a set; its value is a table of selectors:
//
//   [zone_sets]
//   BE        = { country = "BE" }                        # every zone of a country
//   internal  = { external = false }                      # study-area zones
//   eindhoven = { municipality = "Eindhoven" }            # one or a list of municipalities
//   kempen    = { corridor = ["eindhoven-turnhout", "bergeijk-lommel"] }
//   be-study  = { country = "BE", external = false }      # attributes combine as AND
//   hubs      = { zones = ["Eindhoven Centrum", 27] }     # zone names or zone ids
//   border    = { union = ["BE", "eindhoven"] }           # members of other sets
//
// A zone is in the set when it matches every attribute selector given (country, municipality,
// corridor, external), or is listed under `zones`, or is in a set listed under `union`. Every
// reference is checked: an unknown country, corridor, municipality, zone, set, a cycle of unions
// or an unknown key is an InputError naming region.toml, the line and the field
// (`zone_sets.NAME.KEY`). Sets may be empty only when every selector is valid (e.g. a declared
// country without zones).
//
// Automatic sets, always present, after the file's: `all`, `country:XX` and `corridor:NAME` for
// every value in the zone table, `municipality:NAME` for every municipality. File set names may
// not contain ':' and must differ (after folding) from each other.
//
//   auto sets = corridor::model::build_zone_sets(zones, root["zone_sets"].as_table(), file, {});
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "model/region_model.hpp"

namespace corridor::model {

// Allowed attribute values (region.toml `countries`, `corridors`); empty = any value found in the
// zone table.
struct ZoneSetRules {
  std::vector<std::string> countries;
  std::vector<std::string> corridors;
};

// `section` may be null (no [zone_sets]); the automatic sets are still built.
std::vector<ZoneSet> build_zone_sets(const std::vector<Zone>& zones, const toml::table* section,
                                     const std::string& file, const ZoneSetRules& rules);

// Name folding shared by zone and zone-set look-up: lower case, '-', '_' and runs of blanks become
// one space, trimmed.
std::string fold_name(std::string_view s);

}  // namespace corridor::model
