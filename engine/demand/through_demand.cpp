// Through demand between external zones by gravity on the wider areas (through_demand.hpp).
#include "demand/through_demand.hpp"

#include <cctype>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "transit/network.hpp"

namespace corridor::demand {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::size_t find_area(const ThroughParameters& p, const std::string& zone) {
  const std::string want = lower(zone);
  for (std::size_t a = 0; a < p.areas.size(); ++a) {
    if (lower(p.areas[a].zone) == want) return a;
  }
  return p.areas.size();
}

void check(bool ok, const std::string& source, const std::string& field,
           const std::string& expected) {
  if (!ok) throw_input_error(source, 0, field, expected);
}

// Fills `car` (or `pt`) with the gravity split of `total` over `pairs`.
void gravity(const ThroughParameters& p,
             const std::vector<std::pair<std::string, std::string>>& pairs, double total,
             const std::vector<std::size_t>& zone_of_area, OdMatrix& out) {
  if (pairs.empty() || total <= 0.0) return;
  std::vector<double> w(pairs.size());
  double sum = 0.0;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const ThroughArea& a = p.areas[find_area(p, pairs[k].first)];
    const ThroughArea& b = p.areas[find_area(p, pairs[k].second)];
    const double d = p.road_detour * transit::distance_km({a.lat, a.lon}, {b.lat, b.lon});
    const double border = lower(a.country) == lower(b.country) ? 1.0 : p.border_factor;
    w[k] = (a.population + a.jobs) * (b.population + b.jobs) / std::pow(d, p.distance_exponent) *
           border;
    sum += w[k];
  }
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(zone_of_area[find_area(p, pairs[k].first)]);
    const auto j = static_cast<Eigen::Index>(zone_of_area[find_area(p, pairs[k].second)]);
    const double half = 0.5 * total * w[k] / sum;
    out(i, j) += half;
    out(j, i) += half;
  }
}

}  // namespace

void validate_through(const ThroughParameters& p, const std::string& source) {
  const std::string s = "through.";
  for (std::size_t a = 0; a < p.areas.size(); ++a) {
    const ThroughArea& x = p.areas[a];
    const std::string f = s + "areas[" + std::to_string(a) + "]";
    check(!x.zone.empty(), source, f + ".zone", "the name of an external zone");
    check(find_area(p, x.zone) == a, source, f + ".zone", "each zone listed once");
    check(!x.country.empty(), source, f + ".country", "a country code (NL, BE, DE)");
    check(std::isfinite(x.population) && x.population > 0.0, source, f + ".population",
          "a positive number of persons");
    check(std::isfinite(x.jobs) && x.jobs >= 0.0, source, f + ".jobs", "a number >= 0");
    check(std::isfinite(x.lat) && std::abs(x.lat) <= 90.0, source, f + ".lat",
          "a latitude in degrees");
    check(std::isfinite(x.lon) && std::abs(x.lon) <= 180.0, source, f + ".lon",
          "a longitude in degrees");
  }
  for (const auto* list : {&p.road_pairs, &p.rail_pairs}) {
    const std::string f = s + (list == &p.road_pairs ? "road_pairs" : "rail_pairs");
    for (const auto& [a, b] : *list) {
      check(find_area(p, a) < p.areas.size(), source, f,
            "zones listed in through.areas, not '" + a + "'");
      check(find_area(p, b) < p.areas.size(), source, f,
            "zones listed in through.areas, not '" + b + "'");
      check(lower(a) != lower(b), source, f, "two different areas, not '" + a + "' twice");
      const ThroughArea& x = p.areas[find_area(p, a)];
      const ThroughArea& y = p.areas[find_area(p, b)];
      check(transit::distance_km({x.lat, x.lon}, {y.lat, y.lon}) > 1.0, source, f,
            "areas whose centres are more than 1 km apart ('" + a + "', '" + b + "')");
    }
  }
  check(std::isfinite(p.distance_exponent) && p.distance_exponent >= 0.0, source,
        s + "distance_exponent", "a number >= 0");
  check(std::isfinite(p.border_factor) && p.border_factor > 0.0 && p.border_factor <= 1.0, source,
        s + "border_factor", "a factor in (0, 1]");
  check(std::isfinite(p.road_detour) && p.road_detour >= 1.0, source, s + "road_detour", ">= 1");
  check(std::isfinite(p.car_vehicles_per_weekday) && p.car_vehicles_per_weekday >= 0.0, source,
        s + "car_vehicles_per_weekday", "a number >= 0");
  check(std::isfinite(p.rail_trips_per_weekday) && p.rail_trips_per_weekday >= 0.0, source,
        s + "rail_trips_per_weekday", "a number >= 0");
  check(std::isfinite(p.truck_share) && p.truck_share >= 0.0 && p.truck_share < 1.0, source,
        s + "truck_share", "a share in [0, 1)");
}

ThroughDemand through_demand(const std::vector<std::string>& zone_names,
                             const std::vector<bool>& external, const ThroughParameters& p,
                             const std::string& source) {
  validate_through(p, source);
  const auto n = static_cast<Eigen::Index>(zone_names.size());
  ThroughDemand t;
  t.car = OdMatrix::Zero(n, n);
  t.truck = OdMatrix::Zero(n, n);
  t.pt = OdMatrix::Zero(n, n);
  std::vector<std::size_t> zone_of_area(p.areas.size(), zone_names.size());
  for (std::size_t a = 0; a < p.areas.size(); ++a) {
    const std::string want = lower(p.areas[a].zone);
    for (std::size_t z = 0; z < zone_names.size(); ++z) {
      if (lower(zone_names[z]) == want) zone_of_area[a] = z;
    }
    const std::string f = "through.areas[" + std::to_string(a) + "].zone";
    check(zone_of_area[a] < zone_names.size(), source, f,
          "the name of a zone of the model, not '" + p.areas[a].zone + "'");
    check(external.at(zone_of_area[a]), source, f,
          "an external zone ('" + p.areas[a].zone + "' is internal)");
  }
  gravity(p, p.road_pairs, p.car_vehicles_per_weekday, zone_of_area, t.car);
  t.truck = t.car * (p.truck_share / (1.0 - p.truck_share));
  gravity(p, p.rail_pairs, p.rail_trips_per_weekday, zone_of_area, t.pt);
  return t;
}

}  // namespace corridor::demand
