#pragma once
// Intrazonal level of service: what a trip that starts and ends in the same zone costs, from the
// zone's size alone, so that it does not move when the network is edited anywhere.
//
// Model
// - Zone radius (km): R_i = ½ · min_{j≠i} crow-fly distance between the centroids of i and j
//   (zones as touching discs around their centroids, a Voronoi-cell approximation; a zone with no
//   other zone gets R = 0).
// - Mean intrazonal distance (km): d_i = detour · 128 / (45 π) · R_i. 128 R / (45 π) ≈ 0.9054 R is
//   the mean distance between two points drawn uniformly in a disc of radius R (disc line
//   picking; Santaló, "Integral Geometry and Geometric Probability", 1976, §4.2); `detour`
//   turns crow-fly into network distance.
// - Intrazonal minutes per mode: d_i / speed_kmh (car: a documented urban access speed; bike:
//   the bike speed). PT is never intrazonal (the mode choice excludes it).
// Units: km, km/h, minutes. Fixed per zone for a run and for every scenario of the same zones.
//
//   std::vector<double> km = corridor::demand::intrazonal_km(centroids, 1.3);
//   corridor::demand::set_intrazonal(car_minutes, car_km, km, 30.0);   // diagonal only
//   auto part = corridor::demand::split_intrazonal(person_hours_by_od);  // part.intrazonal /
//   part.total
#include <span>
#include <vector>

#include "core/od_matrix.hpp"
#include "transit/network.hpp"

namespace corridor::demand {

// 128 / (45 π): mean distance between two uniform points of the unit disc.
inline constexpr double kDiscMeanDistance = 0.905414787367143;

// Zone radius R_i (km) by the nearest-centroid rule above.
std::vector<double> zone_radius_km(std::span<const transit::GeoPoint> centroids);

// Mean intrazonal network distance d_i (km) per zone. Throws corridor::Error if detour < 1.
std::vector<double> intrazonal_km(std::span<const transit::GeoPoint> centroids, double detour);

// Writes the diagonal: km(i, i) = zone_km[i] (when `km` is non-null) and
// minutes(i, i) = zone_km[i] / speed_kmh · 60. Off-diagonal cells are left as they are.
void set_intrazonal(OdMatrix& minutes, OdMatrix* km, std::span<const double> zone_km,
                    double speed_kmh);

// Any per-OD quantity (benefit hours, trips) split into its total and the part on the diagonal
// (origin zone = destination zone), for appraisal reports.
struct IntrazonalSplit {
  double total = 0.0;
  double intrazonal = 0.0;
  [[nodiscard]] double share() const { return total != 0.0 ? intrazonal / total : 0.0; }
};
IntrazonalSplit split_intrazonal(const OdMatrix& per_od);

// True for the cells a report must count as intrazonal.
inline bool is_intrazonal(Eigen::Index origin, Eigen::Index destination) {
  return origin == destination;
}

}  // namespace corridor::demand
