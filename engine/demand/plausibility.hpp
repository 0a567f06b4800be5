#pragma once
// Plausible weekday flows by road type: what a link of a facility type and number of lanes can
// carry in a day, so a daily flow far above it is flagged (a single-carriageway road with a
// motorway's traffic means demand or network coding is wrong, not that the road is busy).
//
// Model: the most vehicles per weekday and direction one lane of each facility type of link.csv
// carries in practice (GK: CROW/RWS orders of magnitude for Dutch and Flemish roads; two-way
// figures halved):
//
//   facility_type   per lane and direction    e.g. two-way
//   motorway        22,500                     2×2: 90 k, 2×3: 135 k
//   trunk           17,500 (1 lane: 12,500)    2×2 expressway: 70 k; single carriageway: 25 k
//   primary         12,500                     single carriageway: 25 k; 2×2 arterial: 50 k
//   secondary        8,000                     16 k
//   local            4,000                      8 k
//   connector, other types: no limit (+inf)
//
// The limit of a link is per lane × lanes (lanes < 1 count as 1). Units: vehicles (not PCE) per
// average weekday, one direction (links are directed).
//
//   double cap = corridor::demand::plausible_daily_max("primary", 1.0);   // 12,500
#include <cstdint>
#include <string_view>
#include <vector>

namespace corridor::model {
struct RegionModel;
}

namespace corridor::demand {

double plausible_daily_max(std::string_view facility_type, double lanes);

struct ImplausibleLink {
  std::uint32_t link = 0;  // LinkId value
  double daily_flow = 0.0;
  double daily_max = 0.0;
};

// The links of `region` whose weekday flow (per LinkId, e.g. daily_link_flow) exceeds
// `tolerance` × their plausible maximum, in LinkId order.
std::vector<ImplausibleLink> implausible_links(const model::RegionModel& region,
                                               const std::vector<double>& daily_flow,
                                               double tolerance = 1.0);

}  // namespace corridor::demand
