#pragma once
// Tiny transit networks written inline for the tests.
#include <vector>

#include "transit/transit.hpp"

namespace corridor::transit::test {

inline constexpr std::uint32_t kA = 0, kX = 1, kY = 2, kB = 3;

struct Fixture {
  TransitData data;
  std::vector<GeoPoint> zones;  // one zone per stop, at the stop
};

// Stops far apart (0.5° ≈ 55 km) so that no walking links exist; zone i sits on stop i.
inline Stop stop_at(const char* id, double lat, std::uint32_t zone) {
  Stop s;
  s.id = id;
  s.name = id;
  s.lat = lat;
  s.lon = 5.0;
  s.zone = ZoneId{zone};
  return s;
}

inline Line line_of(const char* id, double headway, std::vector<LineStop> stops) {
  Line l;
  l.id = id;
  l.name = id;
  l.headway_peak_min = headway;
  l.headway_offpeak_min = headway;
  l.both_directions = false;
  l.stops = std::move(stops);
  return l;
}

inline Fixture paper_example() {
  Fixture f;
  const char* names[] = {"A", "X", "Y", "B"};
  for (std::uint32_t i = 0; i < 4; ++i) {
    f.data.stops.push_back(stop_at(names[i], 50.0 + 0.5 * i, i));
    f.zones.push_back({50.0 + 0.5 * i, 5.0});
  }
  f.data.lines.push_back(line_of("1", 6.0, {{kA, 0.0}, {kB, 25.0}}));
  f.data.lines.push_back(line_of("2", 6.0, {{kA, 0.0}, {kX, 7.0}, {kY, 13.0}}));
  f.data.lines.push_back(line_of("3", 15.0, {{kX, 0.0}, {kY, 4.0}, {kB, 8.0}}));
  f.data.lines.push_back(line_of("4", 3.0, {{kY, 0.0}, {kB, 10.0}}));
  return f;
}

// The paper's cost model: wait = 1 / F, every weight 1, no penalties, no walking.
inline TransitParams paper_params() {
  TransitParams p;
  p.wait_factor = 1.0;
  p.wait_weight = 1.0;
  p.boarding_penalty_min = 0.0;
  p.transfer_penalty_min = 0.0;
  p.max_transfer_walk_km = 0.0;
  p.max_access_km = 1.0;
  return p;
}

}  // namespace corridor::transit::test
