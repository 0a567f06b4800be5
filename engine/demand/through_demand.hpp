#pragma once
// Through demand: trips between two external zones whose route runs through the region (road:
// cars and trucks; rail: long-distance PT), generated outside the four steps and added to the
// assignments, so through traffic loads the region's network.
//
// Model (docs/demand-model.md, "Through demand")
// Each external zone is the gateway of a wider area a (population P_a, jobs J_a, centre c_a; the
// cordon: together the areas cover the rest of NL, BE and DE). For each listed pair {a, b} of a
// mode (the pairs whose route runs through the region; geography, not engine logic):
//   w_ab = M_a · M_b / d_ab^γ · β^[country_a ≠ country_b],   M = P + J,
//   d_ab = road_detour · great-circle distance(c_a, c_b)  (km),
//   T_ab = T_ba = ½ · total_m · w_ab / Σ_pairs of m w,
// a gravity model in its classic form (Zipf 1946; Ortúzar & Willumsen 2011 §5.2) with a border
// factor β (the border effect of gravity models: McCallum 1995, AER 85(3)), scaled to a documented
// weekday total per mode. Trucks: T^truck = T^car · s / (1 − s) with s the truck share of through
// road traffic. The matrices are fixed (no feedback, no mode choice): a scenario in the region
// changes their routes, not their number, and they are not appraised (their time is not in the
// residents' benefit).
// Units: vehicles (road) and person trips (rail) per average weekday, both directions.
//
//   auto t = corridor::demand::through_demand(zone_names, params.through);
//   t.car(i, j);    // cars per weekday from external zone i to external zone j
#include <string>
#include <vector>

#include "core/od_matrix.hpp"
#include "demand/parameters.hpp"

namespace corridor::demand {

struct ThroughDemand {
  OdMatrix car;    // vehicles per weekday
  OdMatrix truck;  // vehicles per weekday
  OdMatrix pt;     // person trips per weekday
  [[nodiscard]] bool empty() const { return car.sum() + truck.sum() + pt.sum() <= 0.0; }
};

// Zero matrices (n × n) when `p` lists no pairs. Throws corridor::InputError (file `source`) when
// an area or a pair names no zone, or names an internal zone (`external[i]` false).
ThroughDemand through_demand(const std::vector<std::string>& zone_names,
                             const std::vector<bool>& external, const ThroughParameters& p,
                             const std::string& source = "through");

// Validates `p` (ranges, unique areas, pairs of two distinct listed areas); InputError on `source`.
void validate_through(const ThroughParameters& p, const std::string& source);

}  // namespace corridor::demand
