#include "transit/network.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/error.hpp"

namespace corridor::transit {

double distance_km(GeoPoint a, GeoPoint b) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kDeg = 3.14159265358979323846 / 180.0;
  const double dlat = (b.lat - a.lat) * kDeg;
  const double dlon = (b.lon - a.lon) * kDeg;
  const double s =
      std::sin(dlat / 2.0) * std::sin(dlat / 2.0) +
      std::cos(a.lat * kDeg) * std::cos(b.lat * kDeg) * std::sin(dlon / 2.0) * std::sin(dlon / 2.0);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(s)));
}

const char* arc_kind_name(ArcKind k) {
  switch (k) {
    case ArcKind::access:
      return "access";
    case ArcKind::egress:
      return "egress";
    case ArcKind::walk:
      return "walk";
    case ArcKind::board:
      return "board";
    case ArcKind::in_vehicle:
      return "in_vehicle";
    case ArcKind::alight:
      return "alight";
  }
  return "?";
}

const char* access_mode_name(AccessMode m) {
  switch (m) {
    case AccessMode::walk:
      return "walk";
    case AccessMode::bike:
      return "bike";
    case AccessMode::car:
      return "car";
    case AccessMode::none:
      break;
  }
  return "none";
}

double effective_headway_min(double headway_min, const TransitParams& p) {
  if (headway_min == kNoService) return kNoService;
  const double t = p.headway_threshold_min;
  const double h = std::min(headway_min, t) + p.headway_slope * std::max(0.0, headway_min - t);
  return std::min(h, p.max_effective_headway_min);
}

void TransitParams::validate() const {
  auto check = [](bool ok, const char* field, const char* expected) {
    if (!ok) throw_input_error("transit parameters", 0, field, expected);
  };
  auto finite_nonneg = [](double v) { return std::isfinite(v) && v >= 0.0; };
  check(std::isfinite(wait_factor) && wait_factor > 0.0, "wait_factor", "a number > 0");
  check(finite_nonneg(wait_weight), "wait_weight", "a number >= 0");
  check(max_effective_headway_min > 0.0, "max_effective_headway_min", "a number > 0 (or infinity)");
  check(std::isfinite(headway_threshold_min) && headway_threshold_min >= 0.0,
        "headway_threshold_min", "minutes >= 0");
  check(std::isfinite(headway_slope) && headway_slope > 0.0 && headway_slope <= 1.0,
        "headway_slope", "a slope in (0, 1]");
  check(finite_nonneg(boarding_penalty_min), "boarding_penalty_min", "a number >= 0");
  check(finite_nonneg(transfer_penalty_min), "transfer_penalty_min", "a number >= 0");
  for (double w : in_vehicle_weight) {
    check(finite_nonneg(w), "in_vehicle_weight", "weights >= 0");
  }
  check(std::isfinite(walk_speed_kmh) && walk_speed_kmh > 0.0, "walk_speed_kmh", "a speed > 0");
  check(std::isfinite(walk_detour) && walk_detour >= 1.0, "walk_detour", "a factor >= 1");
  check(finite_nonneg(walk_weight), "walk_weight", "a number >= 0");
  check(finite_nonneg(max_transfer_walk_km), "max_transfer_walk_km", "a distance >= 0");
  check(std::isfinite(access_speed_kmh) && access_speed_kmh > 0.0, "access_speed_kmh",
        "a speed > 0");
  check(std::isfinite(access_detour) && access_detour >= 1.0, "access_detour", "a factor >= 1");
  check(finite_nonneg(access_weight), "access_weight", "a number >= 0");
  check(finite_nonneg(max_access_km), "max_access_km", "a distance >= 0");
  check(finite_nonneg(fallback_access_km), "fallback_access_km", "a distance >= 0");
  auto speed = [](double v) { return std::isfinite(v) && v > 0.0; };
  auto detour = [](double v) { return std::isfinite(v) && v >= 1.0; };
  check(speed(bike_speed_kmh), "bike_speed_kmh", "a speed > 0");
  check(detour(bike_detour), "bike_detour", "a factor >= 1");
  check(finite_nonneg(bike_weight), "bike_weight", "a number >= 0");
  check(finite_nonneg(bike_max_km), "bike_max_km", "a distance >= 0 (0 = no bike access)");
  check(finite_nonneg(bike_parking_min), "bike_parking_min", "minutes >= 0");
  check(finite_nonneg(bike_egress_weight), "bike_egress_weight", "a number >= 0");
  check(finite_nonneg(bike_egress_max_km), "bike_egress_max_km", "a distance >= 0 (0 = off)");
  check(finite_nonneg(bike_egress_fixed_min), "bike_egress_fixed_min", "minutes >= 0");
  check(speed(pr_speed_kmh), "pr_speed_kmh", "a speed > 0");
  check(detour(pr_detour), "pr_detour", "a factor >= 1");
  check(finite_nonneg(pr_weight), "pr_weight", "a number >= 0");
  check(finite_nonneg(pr_max_km), "pr_max_km", "a distance >= 0 (0 = no park-and-ride)");
  check(finite_nonneg(pr_parking_min), "pr_parking_min", "minutes >= 0");
  check(finite_nonneg(pr_penalty_min), "pr_penalty_min", "generalized minutes >= 0");
  check(finite_nonneg(pr_cost_eur_km), "pr_cost_eur_km", "euro >= 0");
  check(finite_nonneg(pr_parking_eur), "pr_parking_eur", "euro >= 0");
  check(speed(pr_value_of_time_eur_h), "pr_value_of_time_eur_h", "euro per hour > 0");
  check(finite_nonneg(access_logit_scale_per_min), "access_logit_scale_per_min",
        "utils per generalized minute >= 0 (0 = cheapest access mode only)");
  check(access_const_min[0] == 0.0, "access_const_min", "walk's constant 0 (the reference mode)");
  for (double c : access_const_min) {
    check(std::isfinite(c), "access_const_min", "finite generalized minutes");
  }
}

namespace {

constexpr double kInfCost = std::numeric_limits<double>::infinity();

struct ArcSpec {
  std::uint32_t tail;
  std::uint32_t head;
  double cost;
  double time;
  double frequency;
  ArcKind kind;
  std::uint32_t line;
  std::uint32_t stop;
  std::uint32_t segment;
  AccessMode access_mode = AccessMode::none;
  std::array<double, 3> access_share{};
};

// The access (to the stop) and egress (from it) link of one (zone, stop) pair, by the rules of
// network.hpp: each available mode is offered, then combine() forms the arc; cost +inf = no link
// in that direction.
struct AccessLink {
  std::array<double, 3> cost{kInfCost, kInfCost, kInfCost};  // by AccessMode (walk, bike, car)
  std::array<double, 3> time{};
  double composite = kInfCost;  // after combine(): the arc's cost
  double expected_time = 0.0;
  std::array<double, 3> share{};
  AccessMode mode = AccessMode::none;  // the largest share
  void offer(double c, double t, AccessMode m) {
    const auto k = static_cast<std::size_t>(m);
    cost[k] = c;
    time[k] = t;
  }
  // λ = 0: the cheapest mode only (ties: walk, bike, car); λ > 0: logsum and logit shares.
  void combine(double lambda) {
    std::size_t best = 3;
    for (std::size_t k = 0; k < 3; ++k) {
      if (cost[k] < kInfCost && (best == 3 || cost[k] < cost[best])) best = k;
    }
    share = {0.0, 0.0, 0.0};
    if (best == 3) return;
    mode = static_cast<AccessMode>(best);
    if (lambda <= 0.0) {
      share[best] = 1.0;
      composite = cost[best];
      expected_time = time[best];
      return;
    }
    double sum = 0.0;
    for (std::size_t k = 0; k < 3; ++k) {
      share[k] = cost[k] < kInfCost ? std::exp(-lambda * (cost[k] - cost[best])) : 0.0;
      sum += share[k];
    }
    // A logsum below 0 (only where the cheapest mode costs nearly nothing, e.g. a centroid on
    // the stop) counts as 0: the optimal-strategy search needs non-negative arc costs.
    composite = std::max(0.0, cost[best] - std::log(sum) / lambda);
    expected_time = 0.0;
    for (std::size_t k = 0; k < 3; ++k) {
      share[k] /= sum;
      expected_time += share[k] * time[k];
    }
  }
};

struct AccessPair {
  AccessLink access;
  AccessLink egress;
};

AccessPair access_links(const TransitParams& p, const Stop& stop, double km, bool in_zone,
                        bool fallback) {
  AccessPair out;
  const auto& k = p.access_const_min;
  const double walk_t = km * p.access_detour / p.access_speed_kmh * 60.0;
  const double bike_t = km * p.bike_detour / p.bike_speed_kmh * 60.0;
  if (fallback) {  // the zone's only link: by bike when bike access is on, else on foot
    if (p.bike_max_km > 0.0) {
      const double t = bike_t + p.bike_parking_min;
      out.access.offer(p.bike_weight * t, t, AccessMode::bike);
    } else {
      out.access.offer(p.access_weight * walk_t, walk_t, AccessMode::walk);
    }
    out.access.combine(0.0);
    out.egress = out.access;
    return out;
  }
  if (in_zone || km <= p.max_access_km) {
    out.access.offer(p.access_weight * walk_t, walk_t, AccessMode::walk);
    out.egress.offer(p.access_weight * walk_t, walk_t, AccessMode::walk);
  }
  const bool bike_parking = has_bike_parking(stop);
  if (bike_parking && p.bike_max_km > 0.0 && km <= p.bike_max_km) {
    const double t = bike_t + p.bike_parking_min;
    out.access.offer(p.bike_weight * t + k[1], t, AccessMode::bike);
  }
  if (bike_parking && p.bike_egress_max_km > 0.0 && km <= p.bike_egress_max_km) {
    const double t = bike_t + p.bike_egress_fixed_min;
    out.egress.offer(p.bike_egress_weight * t, t, AccessMode::bike);
  }
  if (p.pr_max_km > 0.0 && km <= p.pr_max_km && has_park_and_ride(stop)) {
    const double road_km = km * p.pr_detour;
    const double t = road_km / p.pr_speed_kmh * 60.0 + p.pr_parking_min;
    const double money = p.pr_cost_eur_km * road_km + p.pr_parking_eur;
    out.access.offer(
        p.pr_weight * t + p.pr_penalty_min + money * 60.0 / p.pr_value_of_time_eur_h + k[2], t,
        AccessMode::car);
  }
  out.access.combine(p.access_logit_scale_per_min);
  out.egress.combine(p.access_logit_scale_per_min);
  return out;
}

}  // namespace

TransitNetwork build_transit_network(const TransitData& data,
                                     std::span<const GeoPoint> zone_centroids,
                                     const TransitParams& params, Period period) {
  validate(data);
  params.validate();
  TransitNetwork net;
  net.period = period;
  net.zone_count = static_cast<std::uint32_t>(zone_centroids.size());
  net.stop_count = static_cast<std::uint32_t>(data.stops.size());
  net.line_count = static_cast<std::uint32_t>(data.lines.size());
  for (const Stop& s : data.stops) {
    if (s.zone.valid() && s.zone.value() >= net.zone_count) {
      throw_input_error("transit data", 0, "stop " + quote_for_message(s.id),
                        "a zone within the " + std::to_string(net.zone_count) + " zones");
    }
  }
  const std::uint32_t Z = net.zone_count;
  const std::uint32_t S = net.stop_count;
  std::uint32_t next_node = Z + 2 * S;
  std::vector<ArcSpec> arcs;

  // Routes, route nodes, boarding / in-vehicle / alighting arcs.
  net.line_headway_min.resize(data.lines.size());
  net.line_is_rail.resize(data.lines.size());
  for (std::uint32_t l = 0; l < data.lines.size(); ++l) {
    net.line_is_rail[l] = data.lines[l].mode == Mode::rail ? 1 : 0;
  }
  for (std::uint32_t l = 0; l < data.lines.size(); ++l) {
    const Line& line = data.lines[l];
    const double headway = line.headway_min(period);
    net.line_headway_min[l] = headway;
    if (headway == kNoService) continue;
    const double freq = 1.0 / effective_headway_min(headway, params);
    const double ivt_weight = params.in_vehicle_weight[static_cast<std::size_t>(line.mode)];
    for (int dir = 0; dir < (line.both_directions ? 2 : 1); ++dir) {
      const bool reverse = dir == 1;
      std::vector<LineStop> seq = line.stops;
      if (reverse) {
        std::reverse(seq.begin(), seq.end());
        const double last = line.stops.back().minutes;
        for (auto& ls : seq) ls.minutes = last - ls.minutes;
      }
      TransitNetwork::Route route;
      route.line = l;
      route.reverse = reverse;
      route.first_node = next_node;
      route.first_segment = static_cast<std::uint32_t>(net.segment_route.size());
      route.stop_count = static_cast<std::uint32_t>(seq.size());
      const auto r = static_cast<std::uint32_t>(net.routes.size());
      for (std::uint32_t k = 0; k < seq.size(); ++k) {
        const std::uint32_t node = next_node + k;
        const std::uint32_t s = seq[k].stop;
        if (k + 1 < seq.size()) {
          arcs.push_back({net.board_node(s), node, params.boarding_penalty_min, 0.0, freq,
                          ArcKind::board, l, s, kNone});
          arcs.push_back({net.transfer_node(s), node,
                          params.boarding_penalty_min + params.transfer_penalty_min, 0.0, freq,
                          ArcKind::board, l, s, kNone});
          const double minutes = seq[k + 1].minutes - seq[k].minutes;
          const auto seg = static_cast<std::uint32_t>(net.segment_route.size());
          net.segment_route.push_back(r);
          net.segment_from_stop.push_back(s);
          net.segment_to_stop.push_back(seq[k + 1].stop);
          net.segment_minutes.push_back(minutes);
          arcs.push_back({node, node + 1, ivt_weight * minutes, minutes, kRegularArc,
                          ArcKind::in_vehicle, l, kNone, seg});
        }
        if (k > 0) {
          arcs.push_back(
              {node, net.transfer_node(s), 0.0, 0.0, kRegularArc, ArcKind::alight, l, s, kNone});
        }
      }
      next_node += route.stop_count;
      net.routes.push_back(route);
    }
  }
  net.node_count = next_node;

  // Access and egress (network.hpp: per mode, the cheapest per zone and stop).
  std::vector<GeoPoint> stop_pos(S);
  for (std::uint32_t s = 0; s < S; ++s) stop_pos[s] = {data.stops[s].lat, data.stops[s].lon};
  std::vector<AccessPair> links(S);
  for (std::uint32_t z = 0; z < Z; ++z) {
    double nearest_km = std::numeric_limits<double>::infinity();
    std::uint32_t nearest = kNone;
    bool any = false;
    for (std::uint32_t s = 0; s < S; ++s) {
      const double km = distance_km(zone_centroids[z], stop_pos[s]);
      if (km < nearest_km) {
        nearest_km = km;
        nearest = s;
      }
      links[s] = access_links(params, data.stops[s], km, data.stops[s].zone == ZoneId{z}, false);
      any = any || links[s].access.mode != AccessMode::none ||
            links[s].egress.mode != AccessMode::none;
    }
    if (!any && nearest != kNone && nearest_km <= params.fallback_access_km) {
      links[nearest] = access_links(params, data.stops[nearest], nearest_km, false, true);
      any = true;
    }
    if (!any) net.unconnected_zones.push_back(z);
    for (std::uint32_t s = 0; s < S; ++s) {
      const AccessLink& in = links[s].access;
      const AccessLink& out = links[s].egress;
      if (in.mode != AccessMode::none) {
        arcs.push_back({z, net.board_node(s), in.composite, in.expected_time, kRegularArc,
                        ArcKind::access, kNone, s, kNone, in.mode, in.share});
      }
      if (out.mode != AccessMode::none) {
        arcs.push_back({net.transfer_node(s), z, out.composite, out.expected_time, kRegularArc,
                        ArcKind::egress, kNone, s, kNone, out.mode, out.share});
      }
    }
  }

  // Walking transfers between nearby stops (sweep over stops sorted by latitude).
  if (params.max_transfer_walk_km > 0.0) {
    const double walk_min_per_km = params.walk_detour / params.walk_speed_kmh * 60.0;
    const double max_dlat = params.max_transfer_walk_km / 111.0 + 1e-9;
    std::vector<std::uint32_t> by_lat(S);
    std::iota(by_lat.begin(), by_lat.end(), 0u);
    std::stable_sort(by_lat.begin(), by_lat.end(), [&](std::uint32_t a, std::uint32_t b) {
      return stop_pos[a].lat < stop_pos[b].lat;
    });
    for (std::size_t x = 0; x < S; ++x) {
      for (std::size_t y = x + 1; y < S; ++y) {
        const std::uint32_t a = by_lat[x];
        const std::uint32_t b = by_lat[y];
        if (stop_pos[b].lat - stop_pos[a].lat > max_dlat) break;
        const double km = distance_km(stop_pos[a], stop_pos[b]);
        if (km > params.max_transfer_walk_km) continue;
        const double t = km * walk_min_per_km;
        arcs.push_back({net.transfer_node(a), net.transfer_node(b), params.walk_weight * t, t,
                        kRegularArc, ArcKind::walk, kNone, kNone, kNone});
        arcs.push_back({net.transfer_node(b), net.transfer_node(a), params.walk_weight * t, t,
                        kRegularArc, ArcKind::walk, kNone, kNone, kNone});
      }
    }
  }

  // CSR by tail (stable: ties keep creation order), then in-arcs by head.
  std::stable_sort(arcs.begin(), arcs.end(),
                   [](const ArcSpec& a, const ArcSpec& b) { return a.tail < b.tail; });
  const auto A = static_cast<std::uint32_t>(arcs.size());
  const std::uint32_t N = net.node_count;
  net.out_begin.assign(N + 1, 0);
  net.in_begin.assign(N + 1, 0);
  net.arc_tail.resize(A);
  net.arc_head.resize(A);
  net.arc_cost_min.resize(A);
  net.arc_time_min.resize(A);
  net.arc_frequency.resize(A);
  net.arc_kind.resize(A);
  net.arc_line.resize(A);
  net.arc_stop.resize(A);
  net.arc_segment.resize(A);
  net.arc_access_mode.resize(A);
  net.arc_access_share.resize(A);
  for (std::uint32_t a = 0; a < A; ++a) {
    const ArcSpec& x = arcs[a];
    net.arc_tail[a] = x.tail;
    net.arc_head[a] = x.head;
    net.arc_cost_min[a] = x.cost;
    net.arc_time_min[a] = x.time;
    net.arc_frequency[a] = x.frequency;
    net.arc_kind[a] = x.kind;
    net.arc_line[a] = x.line;
    net.arc_stop[a] = x.stop;
    net.arc_segment[a] = x.segment;
    net.arc_access_mode[a] = x.access_mode;
    net.arc_access_share[a] = x.access_share;
    ++net.out_begin[x.tail + 1];
    ++net.in_begin[x.head + 1];
  }
  for (std::uint32_t v = 0; v < N; ++v) {
    net.out_begin[v + 1] += net.out_begin[v];
    net.in_begin[v + 1] += net.in_begin[v];
  }
  net.in_arcs.resize(A);
  std::vector<std::uint32_t> fill(net.in_begin.begin(), net.in_begin.end() - 1);
  for (std::uint32_t a = 0; a < A; ++a) net.in_arcs[fill[net.arc_head[a]]++] = a;

  net.node_wait_scale.assign(N, 1.0);
  for (std::uint32_t s = 0; s < S; ++s) {
    net.node_wait_scale[net.transfer_node(s)] = data.stops[s].transfer_wait_factor;
  }
  return net;
}

}  // namespace corridor::transit
