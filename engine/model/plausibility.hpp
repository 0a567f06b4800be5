#pragma once
// Plausible ranges shared by the region model's checks (model/validate.hpp) and by scenario edits
// (scenario/edits/): one definition of "inside the region", "a plausible road link" and "a
// plausible public-transport run time", so that a scenario is held to the same standard as the
// base it edits. Each check returns an empty string when the value is plausible, otherwise what is
// wrong and what was expected (callers add where: a CSV row, or a scenario file, line and key).
//
// Limits and their reasoning
// - Position: WGS84 latitude/longitude inside the region box (validate.hpp's RegionBox). When the
//   point is outside but (lon, lat) would be inside, the message says that latitude and longitude
//   look swapped: in the Low Countries lat ≈ 51 and lon ≈ 5, so a swap lands in the Indian Ocean.
// - Road link: free speed 5-130 km/h (130 km/h is the highest motorway limit in NL and BE; below
//   5 km/h is walking pace, a unit error); lanes 1-6 per direction (connectors: any >= 1);
//   capacity 300-2,600 veh/h per lane (2,600 is above any motorway lane's observed capacity, 300
//   below a rural road's, so a value outside is per link instead of per lane, or per day);
//   length 0.9-3 × the great-circle distance between the end nodes for links longer than 0.2 km
//   as the crow flies (shorter is impossible, longer a length in m or wrong coordinates).
// - PT run time between consecutive stops at least 1 km apart (closer stops: rounding to whole
//   minutes makes the speed meaningless): the average speed as the crow flies must be 15-200 km/h
//   for rail and 8-100 km/h for every other mode. 200 km/h is above the fastest stop-to-stop
//   average of any train in or near the region (IC Direct / Eurostar on HSL-Zuid: ~160 km/h);
//   100 km/h is the legal top speed of a bus or coach on NL motorways (BE: 90 km/h), which an
//   average over road distance, and so over the crow-fly distance, cannot exceed. Below 15 km/h
//   (rail) or 8 km/h (road modes) is slower than a cyclist: hours for minutes, or minutes that
//   are not cumulative. A bus Eindhoven - Antwerpen (77.8 km) in 5 minutes implies 934 km/h.
//
//   if (auto m = model::check_position(box, lat, lon); !m.empty()) report(m);
//   if (auto m = model::check_pt_run(transit::Mode::bus, km, minutes); !m.empty()) report(m);
#include <string>
#include <vector>

#include "model/validate.hpp"
#include "transit/transit_data.hpp"

namespace corridor::model {

struct SpeedRange {
  double min_kmh = 0.0;
  double max_kmh = 0.0;
};

// Crow-fly average speed range of a PT run between consecutive stops.
SpeedRange pt_speed_range(transit::Mode mode);
// Runs between stops closer than this are not checked (km).
inline constexpr double kPtCheckMinKm = 1.0;

std::string check_position(const RegionBox& box, double lat, double lon);

// Run of `minutes` over `km` as the crow flies (skipped: km < kPtCheckMinKm or minutes <= 0).
std::string check_pt_run(transit::Mode mode, double km, double minutes);

// A free speed inside the range, for checks of the other attributes of a link.
inline constexpr double kPlausibleSpeedKmh = 50.0;

// Free speed (km/h), lanes per direction and whole-link capacity (veh/h); one message per problem.
std::vector<std::string> check_link_attributes(double speed_kmh, double lanes, double capacity,
                                               bool connector);

// Link length (km) against the great-circle distance between its end nodes (km).
std::string check_link_length(double length_km, double crow_km);

}  // namespace corridor::model
