// The demand model's steps and its feedback loop (model_run.hpp), independent of how skims are
// produced (NetworkModel). The region adapter is in region_network.cpp.
#include "demand/model_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "demand/kernels.hpp"

namespace corridor::demand {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct ZoneSets {
  std::size_t n = 0;
  std::vector<double> weight;  // 1 internal, external_weight external
  std::vector<bool> be, nl, external, eindhoven;
  OdMatrix cross;    // 1 when origin and destination lie in different countries
  OdMatrix allowed;  // 0 for external↔external person trips, 1 otherwise
};

ZoneSets zone_sets(const std::vector<ZoneInput>& zones, const DemandParameters& p) {
  ZoneSets s;
  s.n = zones.size();
  const auto n = static_cast<Eigen::Index>(s.n);
  s.cross = OdMatrix::Zero(n, n);
  s.allowed = OdMatrix::Ones(n, n);
  const std::string ehv = lower(p.border.eindhoven_municipality);
  for (const auto& z : zones) {
    s.weight.push_back(z.external ? p.border.external_weight : 1.0);
    s.be.push_back(z.country == "BE");
    s.nl.push_back(z.country == "NL");
    s.external.push_back(z.external);
    s.eindhoven.push_back(!z.external && lower(z.municipality) == ehv);
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto a = static_cast<std::size_t>(i);
      const auto b = static_cast<std::size_t>(j);
      s.cross(i, j) = zones[a].country != zones[b].country ? 1.0 : 0.0;
      if (s.external[a] && s.external[b]) s.allowed(i, j) = 0.0;
    }
  }
  return s;
}

// Generalized minutes and logit per purpose: shares per mode and the logsum.
struct ModeSplit {
  std::array<OdMatrix, kModeCount> share;
  OdMatrix logsum;
};

ModeSplit mode_split(const Skims& sk, const PurposeParameters& pp, const ModeParameters& mp) {
  const auto n = sk.car_minutes.rows();
  ModeSplit ms;
  for (auto& m : ms.share) m.resize(n, n);
  ms.logsum.resize(n, n);
  const double eur_to_min = 60.0 / pp.value_of_time_eur_h;
  std::array<double, kModeCount> v{};
  std::array<double, kModeCount> sh{};
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const double car_km = sk.car_km(i, j);
      double gc_car = kInf;
      if (std::isfinite(sk.car_minutes(i, j))) {
        gc_car = sk.car_minutes(i, j) + mp.car_terminal_min +
                 mp.car_cost_eur_km * car_km / pp.car_occupancy * eur_to_min;
      }
      double gc_pt = kInf;
      if (i != j && std::isfinite(sk.pt_in_vehicle_minutes(i, j))) {
        const double fare =
            mp.pt_fare_base_eur + mp.pt_fare_eur_km * (std::isfinite(car_km) ? car_km : 0.0);
        gc_pt = sk.pt_in_vehicle_minutes(i, j) + mp.pt_wait_weight * sk.pt_wait_minutes(i, j) +
                mp.pt_walk_weight * sk.pt_walk_minutes(i, j) +
                mp.pt_transfer_penalty_min * std::max(0.0, sk.pt_boardings(i, j) - 1.0) +
                fare * eur_to_min;
      }
      double gc_bike = kInf;
      const double bkm = sk.bike_km(i, j);
      if (std::isfinite(bkm) && bkm <= mp.bike_max_km) {
        gc_bike = mp.bike_time_weight * sk.bike_minutes(i, j) +
                  mp.bike_long_penalty_min * std::max(0.0, bkm - mp.bike_long_km);
      }
      const std::array<double, kModeCount> gc{gc_car, gc_pt, gc_bike};
      for (std::size_t m = 0; m < kModeCount; ++m) {
        v[m] = std::isfinite(gc[m]) ? pp.asc[m] - pp.theta_per_min * gc[m] : -kInf;
      }
      ms.logsum(i, j) = logit(v, sh);
      for (std::size_t m = 0; m < kModeCount; ++m) ms.share[m](i, j) = sh[m];
    }
  }
  return ms;
}

struct Generation {
  std::vector<double> productions, attractions;
};

// Attractions are balanced to productions within each country: the labour and school markets
// are nearly closed at the border (13,720 of Brabant's 1.18 M jobs are held by BE residents,
// FACTS §5), so cross-border flows come from the border-penalised choice, not from a job surplus
// on one side forcing the doubly constrained model across it.
Generation generate(const std::vector<ZoneInput>& zones, const ZoneSets& s,
                    const PurposeParameters& pp) {
  Generation g;
  std::vector<std::string> countries;
  std::vector<double> tp;
  std::vector<double> ta;
  std::vector<std::size_t> country_of;
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const double p = s.weight[i] * (pp.trips_per_resident * zones[i].population +
                                    pp.trips_per_job * zones[i].jobs);
    const double a = s.weight[i] *
                     (pp.attr_per_job * zones[i].jobs + pp.attr_per_resident * zones[i].population);
    std::size_t c = 0;
    while (c < countries.size() && countries[c] != zones[i].country) ++c;
    if (c == countries.size()) {
      countries.push_back(zones[i].country);
      tp.push_back(0.0);
      ta.push_back(0.0);
    }
    country_of.push_back(c);
    g.productions.push_back(p);
    g.attractions.push_back(a);
    tp[c] += p;
    ta[c] += a;
  }
  // A country without attractions (or without productions) keeps no balance of its own: its
  // productions go to the others, scaled with the overall totals.
  double all_p = 0.0;
  double all_a_bal = 0.0;
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const std::size_t c = country_of[i];
    if (ta[c] > 0.0 && tp[c] > 0.0) {
      g.attractions[i] *= tp[c] / ta[c];
    } else if (tp[c] == 0.0) {
      all_a_bal += g.attractions[i];
    }
    all_p += g.productions[i];
  }
  double balanced = 0.0;
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const std::size_t c = country_of[i];
    if (ta[c] > 0.0 && tp[c] > 0.0) balanced += g.attractions[i];
  }
  const double rest = all_p - balanced;
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const std::size_t c = country_of[i];
    if (!(ta[c] > 0.0 && tp[c] > 0.0)) {
      g.attractions[i] =
          (tp[c] == 0.0 && all_a_bal > 0.0) ? g.attractions[i] * rest / all_a_bal : 0.0;
    }
  }
  return g;
}

// Destination weights exp(μ·LS − b·cross) (without the attraction), masked.
OdMatrix deterrence(const OdMatrix& logsum, const ZoneSets& s, double mu, double border) {
  const auto n = logsum.rows();
  OdMatrix f(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    // Row maximum subtracted: singly constrained rows are normalised and Furness rescales rows,
    // so a row factor changes nothing except avoiding underflow.
    double vmax = -kInf;
    for (Eigen::Index j = 0; j < n; ++j) {
      if (s.allowed(i, j) > 0.0) vmax = std::max(vmax, mu * logsum(i, j) - border * s.cross(i, j));
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      const double u = mu * logsum(i, j) - border * s.cross(i, j);
      f(i, j) = (s.allowed(i, j) > 0.0 && std::isfinite(u)) ? std::exp(u - vmax) : 0.0;
    }
  }
  return f;
}

OdMatrix distribute(const OdMatrix& logsum, const ZoneSets& s, const Generation& g,
                    const PurposeParameters& pp, double border) {
  OdMatrix f = deterrence(logsum, s, pp.dest_scale, border);
  if (pp.doubly_constrained) {
    furness(f, g.productions, g.attractions, {.tolerance = 1e-6, .max_iterations = 20000});
    return f;
  }
  for (Eigen::Index j = 0; j < f.cols(); ++j)
    f.col(j) *= g.attractions[static_cast<std::size_t>(j)];
  OdMatrix t;
  distribute_singly(f, g.productions, t);
  return t;
}

double flows_between(const OdMatrix& t, const std::vector<bool>& from, const std::vector<bool>& to,
                     const std::vector<bool>* to_internal_only) {
  double s = 0.0;
  for (Eigen::Index i = 0; i < t.rows(); ++i) {
    if (!from[static_cast<std::size_t>(i)]) continue;
    for (Eigen::Index j = 0; j < t.cols(); ++j) {
      const auto b = static_cast<std::size_t>(j);
      if (to[b] && (to_internal_only == nullptr || !(*to_internal_only)[b])) s += t(i, j);
    }
  }
  return s;
}

double be_to_nl(const OdMatrix& t, const ZoneSets& s) {
  return flows_between(t, s.be, s.nl, &s.external);
}

// Demand of one loop: every purpose's weekday person trips by mode, and the logsums.
struct Demand {
  std::array<std::array<OdMatrix, kModeCount>, kPurposeCount> trips;  // weekday person trips
  std::array<OdMatrix, kPurposeCount> logsum;
};

Demand compute_demand(const std::vector<ZoneInput>& zones, const ZoneSets& s, const Skims& sk,
                      const DemandParameters& p, double border) {
  Demand d;
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    const auto& pp = p.purposes[k];
    ModeSplit ms = mode_split(sk, pp, p.modes);
    const Generation g = generate(zones, s, pp);
    const OdMatrix t = distribute(ms.logsum, s, g, pp, border);
    for (std::size_t m = 0; m < kModeCount; ++m) {
      d.trips[k][m] = t.cwiseProduct(ms.share[m]);
    }
    d.logsum[k] = std::move(ms.logsum);
  }
  return d;
}

// Bisection on the border penalty so BE→NL (internal NL) home→work trips meet the target.
double calibrate_border(const std::vector<ZoneInput>& zones, const ZoneSets& s, const Skims& sk,
                        const DemandParameters& p) {
  const auto& pp = p.purpose(Purpose::commute);
  const ModeSplit ms = mode_split(sk, pp, p.modes);
  const Generation g = generate(zones, s, pp);
  const double target = p.border.target_be_to_nl;
  auto f = [&](double b) { return be_to_nl(distribute(ms.logsum, s, g, pp, b), s); };
  double lo = 0.0;
  double hi = p.border.search_max_utils;
  if (f(lo) <= target) return lo;  // even without resistance the model is below the target
  if (f(hi) >= target) return hi;
  for (int it = 0; it < 100; ++it) {
    const double mid = 0.5 * (lo + hi);
    const double v = f(mid);
    if (std::abs(v - target) <= 0.1 * p.border.search_tolerance * target) return mid;
    (v > target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

OdMatrix car_vehicles_peak_hour(const Demand& d, const DemandParameters& p) {
  OdMatrix v = OdMatrix::Zero(d.trips[0][0].rows(), d.trips[0][0].cols());
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    const auto& pp = p.purposes[k];
    v += d.trips[k][index(Mode::car)] *
         (pp.am_peak_share * p.feedback.peak_hour_factor / pp.car_occupancy);
  }
  return v;
}

double car_vehicles_weekday(const Demand& d, const DemandParameters& p) {
  double v = 0.0;
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    v += 2.0 * d.trips[k][index(Mode::car)].sum() / p.purposes[k].car_occupancy;
  }
  return v;
}

std::size_t find_zone_by_name(const std::vector<ZoneInput>& zones, const std::string& name) {
  const std::string want = lower(name);
  for (std::size_t i = 0; i < zones.size(); ++i) {
    if (lower(zones[i].name) == want) return i;
  }
  return zones.size();
}

struct Freight {
  OdMatrix through;  // per weekday at scale 1
  OdMatrix local;
};

Freight freight_matrices(const std::vector<ZoneInput>& zones, const ZoneSets& s, const Skims& sk,
                         const DemandParameters& p) {
  const auto n = static_cast<Eigen::Index>(zones.size());
  const auto& fp = p.freight;
  Freight f;
  f.through = OdMatrix::Zero(n, n);
  const std::size_t a = find_zone_by_name(zones, fp.through_from);
  const std::size_t b = find_zone_by_name(zones, fp.through_to);
  if (fp.through_trucks_per_day > 0.0) {
    if (a == zones.size() || b == zones.size() || a == b) {
      throw Error("freight: through-traffic zones '" + fp.through_from + "' and '" + fp.through_to +
                  "' must be two zones of the model (zone names)");
    }
    f.through(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) =
        0.5 * fp.through_trucks_per_day;
    f.through(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(a)) =
        0.5 * fp.through_trucks_per_day;
  }
  // Local: production = attraction ∝ jobs (weighted), gravity exp(−θ·car minutes), singly
  // constrained, intrazonal excluded (trucks within a zone do not use the modelled roads).
  std::vector<double> prod(zones.size());
  OdMatrix w = OdMatrix::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto zi = static_cast<std::size_t>(i);
    prod[zi] = 0.5 * fp.local_trucks_per_job * s.weight[zi] * zones[zi].jobs;
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto zj = static_cast<std::size_t>(j);
      const double t = sk.car_minutes(i, j);
      if (i == j || s.allowed(i, j) == 0.0 || !std::isfinite(t)) continue;
      w(i, j) = s.weight[zj] * zones[zj].jobs * std::exp(-fp.truck_theta_per_min * t);
    }
  }
  OdMatrix t;
  distribute_singly(w, prod, t);
  f.local = t + t.transpose();  // both directions
  return f;
}

double l1(const OdMatrix& a) { return a.cwiseAbs().sum(); }

}  // namespace

ModelRun run_model(std::vector<ZoneInput> zones, NetworkModel& network, const DemandParameters& p,
                   const LoopCallback& on_loop) {
  p.validate();
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  if (zones.empty()) throw Error("demand: the model has no zones");
  const ZoneSets s = zone_sets(zones, p);
  ModelRun run;
  Skims skims = network.initial_skims();
  const auto n = static_cast<Eigen::Index>(zones.size());
  if (skims.car_minutes.rows() != n || skims.car_minutes.cols() != n) {
    throw Error("demand: skims do not match the number of zones");
  }

  Freight freight = freight_matrices(zones, s, skims, p);
  double truck_scale = 1.0;
  Demand avg;
  OdMatrix truck_prev;
  double border = p.border.penalty_utils;
  double beta = 1.0;  // 1 / step of the averaging
  double prev_change = std::numeric_limits<double>::infinity();
  for (int loop = 1; loop <= p.feedback.max_loops; ++loop) {
    if (p.border.calibrate) border = calibrate_border(zones, s, skims, p);
    Demand fresh = compute_demand(zones, s, skims, p, border);
    const OdMatrix trucks = freight.through * truck_scale + freight.local;
    LoopRecord rec;
    rec.loop = loop;
    rec.border_penalty_utils = border;
    if (loop == 1) {
      avg = std::move(fresh);
      rec.demand_change = 1.0;
    } else {
      // The raw change (before averaging) decides the step of this loop.
      double raw = l1(trucks - truck_prev);
      double raw_total = truck_prev.sum();
      for (std::size_t k = 0; k < kPurposeCount; ++k) {
        for (std::size_t m = 0; m < kModeCount; ++m) {
          raw += l1(fresh.trips[k][m] - avg.trips[k][m]);
          raw_total += avg.trips[k][m].sum();
        }
      }
      const double change = raw_total > 0.0 ? raw / raw_total : 0.0;
      if (p.feedback.averaging == Averaging::msa) {
        beta = loop;
      } else {
        beta += change >= prev_change ? p.feedback.sra_fast : p.feedback.sra_slow;
      }
      prev_change = change;
      const double step = 1.0 / beta;
      for (std::size_t k = 0; k < kPurposeCount; ++k) {
        for (std::size_t m = 0; m < kModeCount; ++m) {
          avg.trips[k][m] += step * (fresh.trips[k][m] - avg.trips[k][m]);
        }
        avg.logsum[k] = std::move(fresh.logsum[k]);
      }
      rec.demand_change = change;
    }
    truck_prev = trucks;
    run.car_peak_hour = car_vehicles_peak_hour(avg, p);
    run.truck_peak_hour = trucks * p.freight.am_peak_hour_share;
    skims = network.assign_road(run.car_peak_hour, run.truck_peak_hour, run.road);
    rec.road_gap = run.road.relative_gap;
    rec.road_iterations = run.road.iterations;
    // Freight calibration: scale through trucks toward the target A67 truck share (weekday).
    const auto [car_a67, truck_a67] = network.a67_flows(run.road);
    const double car_frac = run.car_peak_hour.sum() / std::max(car_vehicles_weekday(avg, p), 1e-12);
    const double car_day = car_a67 / std::max(car_frac, 1e-12);
    const double truck_day = truck_a67 / std::max(p.freight.am_peak_hour_share, 1e-12);
    run.summary.a67_truck_share =
        car_day + truck_day > 0.0 ? truck_day / (car_day + truck_day) : 0.0;
    // Updated only while off by more than 1 % of the target, so a calibrated truck matrix stays
    // fixed and does not keep the demand change above the tolerance.
    if (p.freight.calibrate && truck_day > 0.0 && freight.through.sum() > 0.0 &&
        std::abs(run.summary.a67_truck_share - p.freight.target_a67_truck_share) >
            0.01 * p.freight.target_a67_truck_share) {
      const double target = p.freight.target_a67_truck_share;
      const double want = target / (1.0 - target) * car_day;
      truck_scale *= std::clamp(want / truck_day, 0.25, 4.0);
    }
    rec.seconds = elapsed();
    run.history.push_back(rec);
    if (on_loop) on_loop(rec);
    if (loop > 1 && rec.demand_change < p.feedback.tolerance) {
      run.converged = true;
      break;
    }
  }
  run.border_penalty_utils = border;
  run.through_truck_scale = truck_scale;
  run.truck_weekday = truck_prev;
  run.skims = skims;

  // Results per purpose: weekday and peak matrices, logsums.
  auto& sm = run.summary;
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    auto& pr = run.purposes[k];
    for (std::size_t m = 0; m < kModeCount; ++m) {
      pr.weekday[m] = avg.trips[k][m];
      pr.am_peak[m] = avg.trips[k][m] * p.purposes[k].am_peak_share;
      const OdMatrix& t = avg.trips[k][m];
      const double trips = t.sum();
      double km = 0.0;
      double minutes = 0.0;
      for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) {
          const double x = t(i, j);
          if (x <= 0.0) continue;
          if (m == index(Mode::bike)) {
            km += x * skims.bike_km(i, j);
            minutes += x * skims.bike_minutes(i, j);
          } else if (m == index(Mode::car)) {
            km += x * skims.car_km(i, j);
            minutes += x * skims.car_minutes(i, j);
          } else {
            km += x * skims.car_km(i, j);
            minutes += x * (skims.pt_in_vehicle_minutes(i, j) + skims.pt_wait_minutes(i, j) +
                            skims.pt_walk_minutes(i, j));
          }
        }
      }
      sm.trips[k][m] = trips;
      sm.avg_km[k][m] = trips > 0.0 ? km / trips : 0.0;
      sm.avg_minutes[k][m] = trips > 0.0 ? minutes / trips : 0.0;
      sm.total_trips += trips;
    }
    pr.logsum = avg.logsum[k];
  }
  for (std::size_t m = 0; m < kModeCount; ++m) {
    double t = 0.0;
    for (std::size_t k = 0; k < kPurposeCount; ++k) t += sm.trips[k][m];
    sm.mode_share[m] = sm.total_trips > 0.0 ? t / sm.total_trips : 0.0;
  }
  OdMatrix commute = OdMatrix::Zero(n, n);
  for (std::size_t m = 0; m < kModeCount; ++m) commute += avg.trips[index(Purpose::commute)][m];
  sm.be_to_nl = be_to_nl(commute, s);
  sm.nl_to_be = flows_between(commute, s.nl, s.be, &s.external);
  sm.be_to_eindhoven = flows_between(commute, s.be, s.eindhoven, nullptr);
  sm.truck_trips = run.truck_weekday.sum();

  run.calibration.push_back({"BE residents -> NL model area, home-work trips/weekday",
                             p.border.target_be_to_nl, sm.be_to_nl, p.border.calibrate});
  run.calibration.push_back({"BE residents -> Eindhoven, home-work trips/weekday",
                             p.border.target_be_to_eindhoven, sm.be_to_eindhoven, false});
  run.calibration.push_back({"truck share on the " + p.freight.a67_link_name + " (weekday)",
                             p.freight.target_a67_truck_share, sm.a67_truck_share,
                             p.freight.calibrate});

  // PT loads: both legs of the weekday PT trips.
  OdMatrix pt = OdMatrix::Zero(n, n);
  for (std::size_t k = 0; k < kPurposeCount; ++k) pt += avg.trips[k][index(Mode::pt)];
  run.pt = network.assign_pt(pt + pt.transpose());
  run.zones = std::move(zones);
  run.seconds = elapsed();
  return run;
}

}  // namespace corridor::demand
