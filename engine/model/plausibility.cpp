#include "model/plausibility.hpp"

#include <algorithm>
#include <cstdio>

namespace corridor::model {
namespace {

std::string fmt(double v, int digits = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

SpeedRange pt_speed_range(transit::Mode mode) {
  return mode == transit::Mode::rail ? SpeedRange{15.0, 200.0} : SpeedRange{8.0, 100.0};
}

std::string check_position(const RegionBox& box, double lat, double lon) {
  if (box.contains(lat, lon)) return {};
  std::string s = "lat/lon " + fmt(lat, 4) + ", " + fmt(lon, 4) +
                  " is outside the region box (lat " + fmt(box.min_lat) + "-" + fmt(box.max_lat) +
                  ", lon " + fmt(box.min_lon) + "-" + fmt(box.max_lon) + ")";
  if (box.contains(lon, lat)) {
    s += "; latitude and longitude look swapped (lat " + fmt(lon, 4) + ", lon " + fmt(lat, 4) +
         " is inside)";
  }
  return s;
}

std::string check_pt_run(transit::Mode mode, double km, double minutes) {
  if (km < kPtCheckMinKm || !(minutes > 0.0)) return {};
  const auto range = pt_speed_range(mode);
  const double kmh = km / (minutes / 60.0);
  if (kmh >= range.min_kmh && kmh <= range.max_kmh) return {};
  return fmt(minutes) + " min for " + fmt(km) + " km as the crow flies = " + fmt(kmh) + " km/h, " +
         (kmh > range.max_kmh ? "faster" : "slower") + " than plausible: outside " +
         fmt(range.min_kmh, 0) + "-" + fmt(range.max_kmh, 0) + " km/h for " +
         transit::mode_name(mode) + " (minutes cumulative from the first stop? hours?)";
}

std::vector<std::string> check_link_attributes(double speed_kmh, double lanes, double capacity,
                                               bool connector) {
  std::vector<std::string> out;
  if (!(speed_kmh >= 5.0 && speed_kmh <= 130.0)) {
    out.push_back("free_speed " + fmt(speed_kmh) + " km/h is outside 5-130 km/h");
  }
  if (!(lanes >= 1.0) || (!connector && lanes > 6.0))
    out.push_back("lanes " + fmt(lanes) + " outside 1-6");
  const double per_lane = capacity / std::max(lanes, 1.0);
  if (!(capacity > 0.0)) {
    out.push_back("capacity must be > 0 veh/h");
  } else if (!connector && (per_lane < 300.0 || per_lane > 2600.0)) {
    out.push_back("capacity " + fmt(per_lane, 0) +
                  " veh/h per lane is outside 300-2,600 (is it per lane? per hour?)");
  }
  return out;
}

std::string check_link_length(double length_km, double crow_km) {
  if (!(length_km > 0.0)) return "length must be > 0 km, got " + fmt(length_km, 3);
  if (crow_km > 0.2 && (length_km < 0.9 * crow_km || length_km > 3.0 * crow_km)) {
    return "length " + fmt(length_km, 2) + " km vs " + fmt(crow_km, 2) +
           " km as the crow flies between its nodes (expected 0.9x-3x; length in m instead of "
           "km, or wrong node coordinates?)";
  }
  return {};
}

}  // namespace corridor::model
