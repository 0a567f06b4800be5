#include "demand/pt_mapping.hpp"

#include <cmath>

namespace corridor::demand {

transit::TransitParams transit_params(const DemandParameters& p) {
  const PtParameters& q = p.pt;
  const ModeParameters& m = p.modes;
  transit::TransitParams t;
  t.wait_factor = q.wait_factor;
  t.wait_weight = m.pt_wait_weight;
  t.headway_threshold_min = q.headway_threshold_min;
  t.headway_slope = q.headway_slope;
  t.max_effective_headway_min = q.max_effective_headway_min;
  t.boarding_penalty_min = q.boarding_penalty_min;
  t.transfer_penalty_min = m.pt_transfer_penalty_min;
  t.walk_speed_kmh = q.walk_speed_kmh;
  t.walk_detour = q.walk_detour;
  t.walk_weight = m.pt_walk_weight;
  t.max_transfer_walk_km = q.transfer_walk_max_km;
  t.access_speed_kmh = q.walk_speed_kmh;
  t.access_detour = q.walk_detour;
  t.access_weight = m.pt_walk_weight;
  t.max_access_km = q.walk_max_km;
  t.fallback_access_km = q.fallback_access_km;
  t.bike_speed_kmh = q.bike_speed_kmh;
  t.bike_detour = q.bike_detour;
  t.bike_weight = q.bike_weight;
  t.bike_max_km = q.bike_max_km;
  t.bike_parking_min = q.bike_parking_min;
  t.bike_egress_weight = q.bike_egress_weight;
  t.bike_egress_max_km = q.bike_egress_max_km;
  t.bike_egress_fixed_min = q.bike_egress_fixed_min;
  t.pr_speed_kmh = q.pr_speed_kmh;
  t.pr_detour = q.pr_detour;
  t.pr_weight = q.pr_weight;
  t.pr_max_km = q.pr_max_km;
  t.pr_parking_min = q.pr_parking_min;
  t.pr_penalty_min = q.pr_penalty_min;
  t.pr_cost_eur_km = m.car_cost_eur_km;
  t.pr_parking_eur = q.pr_parking_eur;
  t.pr_value_of_time_eur_h = q.pr_value_of_time_eur_h;
  t.access_logit_scale_per_min = q.access_logit_scale;
  t.access_const_min = {0.0, q.access_bike_const_min, q.access_pr_const_min};
  return t;
}

double perceived_pt_fare_eur(const DemandParameters& p, std::size_t purpose, double km) {
  const double d = std::isfinite(km) ? km : 0.0;
  return p.purposes[purpose].pt_fare_factor *
         (p.modes.pt_fare_base_eur + p.modes.pt_fare_eur_km * d);
}

double perceived_pt_fare_eur(const DemandParameters& p, Purpose purpose, double km) {
  return perceived_pt_fare_eur(p, index(purpose), km);
}

}  // namespace corridor::demand
