#pragma once
// A synthetic region for tests and benchmarks: stops scattered over a square around Eindhoven,
// lines that follow a straight corridor through the nearest stops, zones scattered over the same
// square. Fixed seed, own generator (portable across standard libraries).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "transit/transit.hpp"

namespace corridor::transit::test {

class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }

 private:
  std::uint64_t s_;
};

struct Synthetic {
  TransitData data;
  std::vector<GeoPoint> zones;
};

// side_km: square side; stops_per_line ~ side / 2 km spacing capped by the square.
inline Synthetic synthetic_region(std::uint32_t stops, std::uint32_t lines, std::uint32_t zones,
                                  double side_km, std::uint64_t seed) {
  SplitMix rng(seed);
  Synthetic out;
  const double lat0 = 51.44;
  const double lon0 = 5.48;
  const double dlat_per_km = 1.0 / 111.2;
  const double dlon_per_km = 1.0 / (111.2 * std::cos(lat0 * 3.14159265358979 / 180.0));
  auto point = [&](double x_km, double y_km) {
    return GeoPoint{lat0 + y_km * dlat_per_km, lon0 + x_km * dlon_per_km};
  };
  std::vector<double> sx(stops), sy(stops);
  for (std::uint32_t z = 0; z < zones; ++z) {
    out.zones.push_back(point(rng.uniform() * side_km, rng.uniform() * side_km));
  }
  for (std::uint32_t s = 0; s < stops; ++s) {
    sx[s] = rng.uniform() * side_km;
    sy[s] = rng.uniform() * side_km;
    Stop st;
    st.id = "S" + std::to_string(s);
    st.name = st.id;
    const GeoPoint p = point(sx[s], sy[s]);
    st.lat = p.lat;
    st.lon = p.lon;
    // The zone whose centroid is nearest.
    double best = 1e300;
    for (std::uint32_t z = 0; z < zones; ++z) {
      const double d = std::hypot(out.zones[z].lat - p.lat, (out.zones[z].lon - p.lon) * 0.62);
      if (d < best) {
        best = d;
        st.zone = ZoneId{z};
      }
    }
    if (s % 17 == 0) st.transfer_wait_factor = 0.5;
    out.data.stops.push_back(std::move(st));
  }
  const double headways[] = {5.0, 10.0, 15.0, 30.0, 60.0};
  for (std::uint32_t l = 0; l < lines; ++l) {
    Line line;
    line.id = "L" + std::to_string(l);
    line.name = line.id;
    const bool rail = l % 10 == 0;
    line.mode = rail ? Mode::rail : Mode::bus;
    const double speed_kmh = rail ? 70.0 : 25.0;
    const double spacing_km = rail ? 6.0 : 1.5;
    line.headway_peak_min = headways[rng.below(5)];
    line.headway_offpeak_min = line.headway_peak_min * 2.0;
    line.both_directions = true;
    const double x0 = rng.uniform() * side_km;
    const double y0 = rng.uniform() * side_km;
    const double angle = rng.uniform() * 6.283185307179586;
    const double length_km = side_km * (0.3 + 0.5 * rng.uniform());
    double minutes = 0.0;
    double px = 0.0;
    double py = 0.0;
    for (double t = 0.0; t <= length_km; t += spacing_km) {
      const double x = x0 + t * std::cos(angle);
      const double y = y0 + t * std::sin(angle);
      std::uint32_t best = 0;
      double bd = 1e300;
      for (std::uint32_t s = 0; s < stops; ++s) {
        const double d = std::hypot(sx[s] - x, sy[s] - y);
        if (d < bd) {
          bd = d;
          best = s;
        }
      }
      bool seen = false;
      for (const auto& ls : line.stops) seen = seen || ls.stop == best;
      if (seen) continue;
      if (!line.stops.empty()) {
        minutes += std::max(0.5, std::hypot(sx[best] - px, sy[best] - py) / speed_kmh * 60.0);
      }
      line.stops.push_back({best, minutes});
      px = sx[best];
      py = sy[best];
    }
    if (line.stops.size() >= 2) out.data.lines.push_back(std::move(line));
  }
  return out;
}

}  // namespace corridor::transit::test
