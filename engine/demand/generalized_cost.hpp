#pragma once
// Generalized cost of one trip by mode, in generalized minutes: the one definition the mode
// choice (model_run.cpp) weighs and the appraisal (scenario/result_benefits.cpp) values.
//
//   car  = car_minutes + car_terminal_min + car_km · car_cost_eur_km / car_occupancy · 60 / VoT
//   pt   = the transit assignment's generalized minutes (Skims::pt_generalized_minutes: in-vehicle
//          + pt_wait_weight · wait with the effective headway + access/egress by walk, bike or
//          P+R at their weights + pt_transfer_penalty_min per transfer; demand/pt_mapping.hpp)
//          + pt_fare_factor · (pt_fare_base_eur + pt_fare_eur_km · car_km) · 60 / VoT
//          (perceived fare by purpose; no intrazonal PT)
//   bike = bike_minutes · bike_time_weight + bike_long_penalty_min · max(0, bike_km − bike_long_km)
//          (unavailable beyond bike_max_km)
//   walk = walk_minutes · walk_time_weight + walk_long_penalty_min · max(0, walk_km − walk_long_km)
//          (unavailable beyond walk_max_km; intrazonal trips can walk)
// Occupancy is stated once, here: the car's running cost per vehicle-km is shared by its
// occupants (PurposeParameters::car_occupancy persons per car), so a person pays cost / occupancy.
// VoT is the purpose's value_of_time_eur_h. +infinity means the mode is unavailable for the pair.
//
//   double g = corridor::demand::generalized_minutes(skims, params.purposes[q], params.modes,
//                                                    corridor::demand::Mode::car, i, j);
#include <algorithm>
#include <cmath>
#include <limits>

#include "demand/model_run.hpp"
#include "demand/parameters.hpp"

namespace corridor::demand {

inline double generalized_minutes(const Skims& sk, const PurposeParameters& pp,
                                  const ModeParameters& mp, Mode mode, Eigen::Index i,
                                  Eigen::Index j) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double eur_to_min = 60.0 / pp.value_of_time_eur_h;
  const double car_km = sk.car_km(i, j);
  switch (mode) {
    case Mode::car:
      if (!std::isfinite(sk.car_minutes(i, j))) return kInf;
      return sk.car_minutes(i, j) + mp.car_terminal_min +
             mp.car_cost_eur_km * car_km / pp.car_occupancy * eur_to_min;
    case Mode::pt: {
      if (i == j || !std::isfinite(sk.pt_generalized_minutes(i, j))) return kInf;
      const double fare =
          mp.pt_fare_base_eur + mp.pt_fare_eur_km * (std::isfinite(car_km) ? car_km : 0.0);
      return sk.pt_generalized_minutes(i, j) + pp.pt_fare_factor * fare * eur_to_min;
    }
    case Mode::bike: {
      const double bkm = sk.bike_km(i, j);
      if (!std::isfinite(bkm) || bkm > mp.bike_max_km) return kInf;
      return mp.bike_time_weight * sk.bike_minutes(i, j) +
             mp.bike_long_penalty_min * std::max(0.0, bkm - mp.bike_long_km);
    }
    case Mode::walk: {
      const double wkm = sk.walk_km(i, j);
      if (!std::isfinite(wkm) || wkm > mp.walk_max_km) return kInf;
      return mp.walk_time_weight * sk.walk_minutes(i, j) +
             mp.walk_long_penalty_min * std::max(0.0, wkm - mp.walk_long_km);
    }
  }
  return kInf;
}

}  // namespace corridor::demand
