#pragma once
// The one mapping from the demand model's parameters to the transit assignment's, and the
// perceived PT fare by purpose. Every caller that builds a transit network for the demand model
// (the region network, the scenario comparison) uses these, so the skims, the loads and the
// benefits all see the same waiting function, access modes, weights and fares.
//
// Mapping (DemandParameters → transit::TransitParams, docs/public-transport.md):
//   [modes] pt_wait_weight → wait_weight; pt_walk_weight → walk_weight and access_weight (walking);
//   pt_transfer_penalty_min → transfer_penalty_min; car_cost_eur_km → pr_cost_eur_km;
//   [pt] wait_factor, headway_threshold_min, headway_slope, max_effective_headway_min,
//   boarding_penalty_min, walk_* (access on foot and walking transfers), bike_*, pr_*;
//   access_logit_scale → access_logit_scale_per_min; access_bike_const_min and
//   access_pr_const_min → access_const_min (walk 0).
//
// Perceived fare (euro) of a PT trip of `km` road-km for a purpose:
//   PurposeParameters::pt_fare_factor × (pt_fare_base_eur + pt_fare_eur_km × km)
// (the same as demand::generalized_minutes charges, generalized_cost.hpp)
// (employer reimbursement of commuting, the students' free travel; fare_factor 1 = full fare).
//
//   const auto tp = corridor::demand::transit_params(params);
//   auto net = corridor::transit::build_transit_network(data, centroids, tp, Period::peak);
//   double eur = corridor::demand::perceived_pt_fare_eur(params, Purpose::commute, 12.0);
#include "demand/parameters.hpp"
#include "transit/network.hpp"

namespace corridor::demand {

transit::TransitParams transit_params(const DemandParameters& p);

// km: the trip's road distance; a non-finite km counts as 0 (the base fare only).
double perceived_pt_fare_eur(const DemandParameters& p, Purpose purpose, double km);
double perceived_pt_fare_eur(const DemandParameters& p, std::size_t purpose, double km);

}  // namespace corridor::demand
