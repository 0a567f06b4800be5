// Intrazonal level of service from the zone's size (intrazonal.hpp).
#include "demand/intrazonal.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace corridor::demand {

std::vector<double> zone_radius_km(std::span<const transit::GeoPoint> centroids) {
  std::vector<double> r(centroids.size(), 0.0);
  for (std::size_t i = 0; i < centroids.size(); ++i) {
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < centroids.size(); ++j) {
      if (j != i) nearest = std::min(nearest, transit::distance_km(centroids[i], centroids[j]));
    }
    r[i] = std::isfinite(nearest) ? 0.5 * nearest : 0.0;
  }
  return r;
}

std::vector<double> intrazonal_km(std::span<const transit::GeoPoint> centroids, double detour) {
  if (!(std::isfinite(detour) && detour >= 1.0)) {
    throw Error("intrazonal: detour must be >= 1, got " + std::to_string(detour));
  }
  std::vector<double> d = zone_radius_km(centroids);
  for (double& x : d) x *= detour * kDiscMeanDistance;
  return d;
}

void set_intrazonal(OdMatrix& minutes, OdMatrix* km, std::span<const double> zone_km,
                    double speed_kmh) {
  const auto n = minutes.rows();
  if (minutes.cols() != n || static_cast<Eigen::Index>(zone_km.size()) != n ||
      (km != nullptr && (km->rows() != n || km->cols() != n))) {
    throw Error("intrazonal: matrix and zone sizes differ");
  }
  if (!(std::isfinite(speed_kmh) && speed_kmh > 0.0)) {
    throw Error("intrazonal: speed must be > 0 km/h, got " + std::to_string(speed_kmh));
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    const double d = zone_km[static_cast<std::size_t>(i)];
    minutes(i, i) = d / speed_kmh * 60.0;
    if (km != nullptr) (*km)(i, i) = d;
  }
}

IntrazonalSplit split_intrazonal(const OdMatrix& per_od) {
  IntrazonalSplit s;
  for (Eigen::Index i = 0; i < per_od.rows(); ++i) {
    for (Eigen::Index j = 0; j < per_od.cols(); ++j) {
      s.total += per_od(i, j);
      if (is_intrazonal(i, j)) s.intrazonal += per_od(i, j);
    }
  }
  return s;
}

}  // namespace corridor::demand
