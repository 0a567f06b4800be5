#pragma once
// The transit network for one period: a flat, immutable CSR graph built from TransitData and zone
// centroids, with one array per arc attribute (RoutingKit style). The optimal-strategy kernel
// (strategy.hpp) and the assignment (assignment.hpp) read it; it is shared read-only by threads.
//
// Nodes (in this order)
//   [0, zone_count)                      zone centroids: origins/destinations, never passed through
//   zone_count + s                       stop s, "first boarding" node (reached by access links)
//   zone_count + stop_count + s          stop s, "transfer" node (reached by alighting and by
//                                        walking from a nearby stop; egress and walks leave here)
//   route nodes                          one per (route, position): passenger on board at a stop
// A route is one direction of a Line (line l forward, and reversed when both_directions).
//
// Arcs and their generalized cost (minutes); `time_min` is always the unweighted physical time
//   access        zone → first-boarding node    access_weight × distance·detour / access speed
//   egress        transfer node → zone          same
//   walk          transfer node → transfer node walk_weight × distance·detour / walk speed
//                                               (stops closer than max_transfer_walk_km)
//   board         stop node → route node        boarding_penalty (+ transfer_penalty from the
//                                               transfer node); frequency = 1 / effective
//                                               headway H(h) (see "Waiting" below)
//   in_vehicle    route node → next route node  in_vehicle_weight[mode] × run time
//   alight        route node → transfer node    0
// Invariant: all boarding arcs leaving one node have the same cost (strategy.hpp relies on it).
// Boarding arcs are the only arcs with a finite frequency (per minute); all others are "regular"
// (infinite frequency) in the sense of Spiess & Florian (1989). Waiting at a node with attractive
// boarding arcs of total frequency F costs wait_weight × wait_factor × node_wait_scale / F and
// lasts wait_factor × node_wait_scale / F minutes (node_wait_scale = the stop's
// transfer_wait_factor at transfer nodes, 1 elsewhere).
//
// Waiting at low frequencies (the effective headway of Emme/Visum practice). A line of headway h
// counts, for the wait and for the split between lines alike, as
//   H(h) = min(h, T) + headway_slope · max(0, h − T),  then  min(H, max_effective_headway_min)
// with T = headway_threshold_min: passengers arrive at random below T and increasingly time
// their arrival beyond it (Fan & Machemehl 2009, TRR 2111: random arrivals up to ~11 min, all
// timed beyond ~38 min; caps of 15–30 min wait are usual in US practice, Yu, Mirzaei & Paschai
// 2011, TRB Planning Applications). Expected wait at a node = wait_factor / Σ_attractive 1/H(h_l);
// line l carries (1/H(h_l)) / Σ of the volume. Defaults (slope 1, no cap) are the plain model;
// the demand model sets T = 10 min, slope 0.5 (demand/pt_mapping.hpp).
//
// Access and egress (zone centroid ↔ stop; distances great-circle × detour, times in minutes)
//   walk  any stop within max_access_km, and every stop lying in the zone (Stop::zone);
//         time = km·access_detour·60/access_speed_kmh, cost = access_weight × time
//   bike  stops with bike parking (has_bike_parking) within bike_max_km (0 = off);
//         time = km·bike_detour·60/bike_speed_kmh + bike_parking_min, cost = bike_weight × time
//   car   park-and-ride: stops with has_park_and_ride within pr_max_km (0 = off), access only;
//         time = km·pr_detour·60/pr_speed_kmh + pr_parking_min, cost = pr_weight × time +
//         pr_penalty_min + (pr_cost_eur_km · km·pr_detour + pr_parking_eur) · 60 /
//         pr_value_of_time_eur_h
//   bike egress (OV-fiets, a second bike): stops with bike parking within bike_egress_max_km
//         (0 = off); time = bike time + bike_egress_fixed_min, cost = bike_egress_weight × time
// Per (zone, stop) and direction the available modes (walk, bike, car for access; walk, bike for
// egress) are combined into one arc, the lower nest of a nested logit whose upper level is the
// optimal strategy's choice of stops and lines (Ben-Akiva & Lerman 1985, ch. 10):
//   c_m  = the mode's cost above + access_const_min[m] (access only; walk is the reference, 0)
//   P_m  = exp(−λ c_m) / Σ_k exp(−λ c_k),   λ = access_logit_scale_per_min
//   arc cost = max(0, −ln Σ_k exp(−λ c_k) / λ) (the logsum in generalized minutes, ≤ min c_m;
//              floored at 0 because the optimal-strategy search needs non-negative costs),
//   arc time = Σ_m P_m t_m (expected physical minutes), arc_access_share = P (walk, bike, car)
// so the shares move with the distance (walk near the stop, bike at a few km, P+R beyond; Keijer
// & Rietveld 2000, Transportation Planning and Technology 23(3)). λ must be at least the
// mode-choice scale of the trip (utils per generalized minute) for the nesting to be consistent.
// With λ = 0 only the cheapest mode gets the arc (share 1; ties keep the order walk, bike, car),
// the deterministic limit λ → ∞. arc_access_mode is the mode of the largest share. A zone left
// without any link connects to its nearest stop within fallback_access_km, by bike when bike access
// is on (whatever the stop's facilities), else on foot. With bike and P+R off (the defaults) access
// is one mode whose speed (12 km/h by default) stands for a walk/bike/feeder mix.
//
//   TransitParams params;                      // documented defaults
//   auto net = build_transit_network(data, zone_centroids, params, Period::peak);
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/ids.hpp"
#include "transit/transit_data.hpp"

namespace corridor::transit {

struct GeoPoint {
  double lat = 0.0;  // degrees WGS84
  double lon = 0.0;
};

// Great-circle distance in km (haversine, Earth radius 6371.0 km).
double distance_km(GeoPoint a, GeoPoint b);

struct TransitParams {
  // Waiting: expected wait = wait_factor / (combined frequency of the attractive lines);
  // 0.5 = passengers arrive at random and vehicles keep regular headways (half a headway);
  // 1.0 = exponential headways (the paper's example).
  double wait_factor = 0.5;
  double wait_weight = 1.5;  // generalized minutes per minute of waiting
  // Effective headway H(h) (header comment): h up to headway_threshold_min, then
  // headway_slope per minute beyond; finally capped at max_effective_headway_min (+inf = none).
  double headway_threshold_min = 10.0;
  double headway_slope = 1.0;  // 1 = plain model (H = h); in (0, 1]
  double max_effective_headway_min = std::numeric_limits<double>::infinity();
  double boarding_penalty_min = 0.0;  // every boarding
  double transfer_penalty_min = 5.0;  // every boarding after the first (on top of the above)
  // Generalized minutes per in-vehicle minute, indexed by Mode (rail, bus, coach, tram, metro,
  // ferry).
  std::array<double, kModeCount> in_vehicle_weight{1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
  // Transfers on foot between nearby stops.
  double walk_speed_kmh = 4.8;
  double walk_detour = 1.3;  // network distance / great-circle distance
  double walk_weight = 1.5;
  double max_transfer_walk_km = 0.4;
  // Access/egress on foot between zone centroids and stops. With bike and P+R off (defaults) this
  // is the only access mode and its default speed stands for a walk/bike/feeder-bus mix suited
  // to municipality-sized zones (12 km/h); the demand model sets walking (4.8 km/h).
  double access_speed_kmh = 12.0;
  double access_detour = 1.3;
  double access_weight = 1.5;
  double max_access_km = 5.0;
  double fallback_access_km = 15.0;
  // Bike access to stops with bike parking (header comment); bike_max_km = 0 switches it off.
  double bike_speed_kmh = 15.0;
  double bike_detour = 1.3;
  double bike_weight = 1.5;
  double bike_max_km = 0.0;
  double bike_parking_min = 5.0;  // parking the bike and walking to the platform
  // Bike egress (OV-fiets or a second bike at the station); bike_egress_max_km = 0 = off.
  double bike_egress_weight = 1.5;
  double bike_egress_max_km = 0.0;
  double bike_egress_fixed_min = 8.0;  // fetching the bike, returning it at the end
  // Park-and-ride: car access to stops with P+R; pr_max_km = 0 switches it off.
  double pr_speed_kmh = 40.0;
  double pr_detour = 1.3;
  double pr_weight = 1.5;
  double pr_max_km = 0.0;
  double pr_parking_min = 6.0;   // finding a space and walking to the platform
  double pr_penalty_min = 15.0;  // generalized minutes per P+R use: the change of mode
  double pr_cost_eur_km = 0.20;
  double pr_parking_eur = 0.0;
  double pr_value_of_time_eur_h = 11.0;  // converts the car's money cost to minutes
  // Access/egress mode logit (header comment): λ per generalized minute (0 = the cheapest mode
  // only) and the modes' constants in generalized minutes, walk, bike, car (walk = 0, the
  // reference; access only, egress has bike_egress_fixed_min).
  double access_logit_scale_per_min = 0.0;
  std::array<double, 3> access_const_min{0.0, 0.0, 0.0};

  // Throws corridor::InputError (file "transit parameters") when a value is out of range.
  void validate() const;
};

// H(h) of the header comment; kNoService stays kNoService.
double effective_headway_min(double headway_min, const TransitParams& params);

enum class ArcKind : std::uint8_t { access = 0, egress, walk, board, in_vehicle, alight };
const char* arc_kind_name(ArcKind k);

// Mode of an access/egress arc (none for other arcs).
enum class AccessMode : std::uint8_t { walk = 0, bike = 1, car = 2, none = 3 };
const char* access_mode_name(AccessMode m);

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
inline constexpr double kRegularArc = std::numeric_limits<double>::infinity();

class TransitNetwork {
 public:
  // --- sizes and node layout
  std::uint32_t zone_count = 0;
  std::uint32_t stop_count = 0;
  std::uint32_t node_count = 0;
  Period period = Period::peak;
  [[nodiscard]] std::uint32_t board_node(std::uint32_t stop) const { return zone_count + stop; }
  [[nodiscard]] std::uint32_t transfer_node(std::uint32_t stop) const {
    return zone_count + stop_count + stop;
  }
  [[nodiscard]] std::uint32_t arc_count() const {
    return static_cast<std::uint32_t>(arc_head.size());
  }

  // --- arcs, sorted by tail (CSR): out-arcs of v are [out_begin[v], out_begin[v+1])
  std::vector<std::uint32_t> out_begin;  // node_count + 1
  std::vector<std::uint32_t> arc_tail;
  std::vector<std::uint32_t> arc_head;
  std::vector<double> arc_cost_min;   // generalized minutes (weights and penalties applied)
  std::vector<double> arc_time_min;   // physical minutes
  std::vector<double> arc_frequency;  // per minute for board arcs; kRegularArc otherwise
  std::vector<ArcKind> arc_kind;
  std::vector<std::uint32_t> arc_line;      // index into TransitData::lines, or kNone
  std::vector<std::uint32_t> arc_stop;      // board/alight: the stop; access/egress: the stop
  std::vector<std::uint32_t> arc_segment;   // in_vehicle: segment index; kNone otherwise
  std::vector<AccessMode> arc_access_mode;  // access/egress: walk, bike, car; none otherwise
  // Access/egress: the logit shares of walk, bike, car (sum 1); {0, 0, 0} for other arcs.
  std::vector<std::array<double, 3>> arc_access_share;
  // In-arcs (by head): arc ids in_arcs[in_begin[v] .. in_begin[v+1]).
  std::vector<std::uint32_t> in_begin;  // node_count + 1
  std::vector<std::uint32_t> in_arcs;

  // Multiplier of the expected wait at each node (hub coordination), 1 except transfer nodes.
  std::vector<double> node_wait_scale;

  // --- routes (directions of lines) and their segments (consecutive stop pairs)
  struct Route {
    std::uint32_t line = 0;        // index into TransitData::lines
    bool reverse = false;          // the line's reverse direction
    std::uint32_t first_node = 0;  // route node of position 0; positions are consecutive
    std::uint32_t first_segment = 0;
    std::uint32_t stop_count = 0;
  };
  std::vector<Route> routes;
  std::vector<std::uint32_t> segment_route;
  std::vector<std::uint32_t> segment_from_stop;
  std::vector<std::uint32_t> segment_to_stop;
  std::vector<double> segment_minutes;
  std::vector<double> line_headway_min;    // this period's headway per line (kNoService = none)
  std::vector<std::uint8_t> line_is_rail;  // 1 for Mode::rail lines
  std::uint32_t line_count = 0;

  // Zones that have no access link at all (every OD pair from/to them is unreachable).
  std::vector<std::uint32_t> unconnected_zones;
};

// Builds the network of one period. Lines without service in `period` get no route nodes.
// Validates data and params first (corridor::InputError).
TransitNetwork build_transit_network(const TransitData& data,
                                     std::span<const GeoPoint> zone_centroids,
                                     const TransitParams& params, Period period);

}  // namespace corridor::transit
