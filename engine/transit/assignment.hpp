#pragma once
// Frequency-based transit assignment by optimal strategies (Spiess & Florian 1989; strategy.hpp)
// for one period: skims and loads for a zone × zone demand matrix.
//
// Destinations run in parallel in fixed chunks (core/parallel.hpp, per-worker workspaces); the
// chunks' arc volumes are joined in chunk order, so results are bit-identical for any thread
// count. Intrazonal demand (o = d) is not assigned (counted in intrazonal_demand).
// Demand between zones the network cannot connect is never dropped silently: it is counted in
// unassigned_demand / unreachable_pairs and listed (first 100) in unreachable_examples; the skims
// hold +inf there.
//
// Skims (expected values over the strategy, minutes unless noted): in-vehicle, waiting, walking
// (access + egress + transfer walks), boardings (count), generalized cost (the label, in
// generalized minutes with the weights and penalties of TransitParams). Diagonal = 0.
//
// A part of the demand (TransitAssignOptions::part, e.g. the cross-border OD pairs) is loaded over
// the same strategies in the same pass (one more loading per destination, no second strategy
// search) into TransitAssignmentResult::part_loads. The assignment is uncongested, so a
// destination's strategy does not depend on demand and the part's loads equal those of assigning
// the part alone (same additions in the same order: bit-identical); its unassigned demand is
// counted in part_unassigned_demand.
//
// Daily ridership (documented expansion): the demand of each period is trips per hour of that
// period (an average hour); a line's daily boardings are
//   peak_boardings_per_h × min(peak_hours_per_day, service_hours)
//   + offpeak_boardings_per_h × max(0, service_hours − peak_hours_per_day)
// with peak_hours_per_day = 5 by default (two peaks of 2.5 h on a working day).
//
//   auto net = build_transit_network(data, centroids, params, Period::peak);
//   auto r = assign_transit(net, params, peak_trips_per_hour);
//   r.skims.generalized_cost(o, d); r.loads.line_boardings[l];
//   rail_access_shares(r.rail_access)[static_cast<std::size_t>(RailAccess::bike)];
#include <cstdint>
#include <utility>
#include <vector>

#include "core/od_matrix.hpp"
#include "transit/network.hpp"
#include "transit/strategy.hpp"

namespace corridor::transit {

struct TransitSkims {
  OdMatrix in_vehicle_min;
  OdMatrix wait_min;
  OdMatrix walk_min;
  OdMatrix boardings;
  OdMatrix generalized_cost;  // generalized minutes; +inf = unreachable (all skims +inf there)
};

struct TransitLoads {
  std::vector<double> arc_volume;          // passengers per arc (network arc order)
  std::vector<double> segment_passengers;  // per TransitNetwork segment
  std::vector<double> stop_boardings;      // per stop (all lines)
  std::vector<double> stop_alightings;
  std::vector<double> stop_rail_boardings;  // per stop, rail lines only
  std::vector<double> stop_rail_alightings;
  std::vector<double> line_boardings;  // per TransitData line (both directions)
  std::vector<double> line_passenger_minutes;
};

struct TransitAssignmentResult {
  TransitSkims skims;
  TransitLoads loads;
  double total_demand = 0.0;
  double assigned_demand = 0.0;
  double intrazonal_demand = 0.0;
  double unassigned_demand = 0.0;       // OD pairs with demand but no connection
  std::uint64_t unreachable_pairs = 0;  // such OD pairs (with demand > 0)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unreachable_examples;  // (o, d), ≤ 100
  double total_generalized_cost = 0.0;  // Σ demand × generalized cost (assigned demand)
  double total_in_vehicle_min = 0.0;    // passenger-minutes
  double total_wait_min = 0.0;
  // Rail journeys (demand units) by how they reached their first rail boarding: walk, bike,
  // car (P+R) or a PT feeder (RailAccess, strategy.hpp). Each journey counts once.
  RailAccessVolumes rail_access{};
  // Loads of TransitAssignOptions::part over the same strategies (all arrays empty without a part).
  TransitLoads part_loads;
  double part_unassigned_demand = 0.0;
  double seconds = 0.0;
  int threads = 1;
};

// Shares of the rail journeys by access (sum 1; all 0 when there is no rail journey).
RailAccessVolumes rail_access_shares(const RailAccessVolumes& volumes);

struct TransitAssignOptions {
  bool skims = true;  // false: loads only (skim matrices left empty)
  // A second zone × zone matrix (same size and checks as the demand) loaded over the same
  // strategies into part_loads; typically a subset of the demand's cells. Null: none.
  const OdMatrix* part = nullptr;
};

// Demand: zone_count × zone_count, trips per hour of the period (any unit; loads follow it).
// An empty matrix (0×0) computes skims only. Throws corridor::Error when the demand size does
// not match the network or holds negative/non-finite values.
TransitAssignmentResult assign_transit(const TransitNetwork& net, const TransitParams& params,
                                       const OdMatrix& demand,
                                       const TransitAssignOptions& options = {});

struct DailyExpansion {
  double peak_hours_per_day = 5.0;
};
// Daily boardings per line from the two period results (see header comment).
std::vector<double> daily_line_ridership(const TransitData& data, const TransitLoads& peak,
                                         const TransitLoads& offpeak,
                                         const DailyExpansion& expansion = {});

}  // namespace corridor::transit
