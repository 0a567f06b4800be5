// The demand model's steps and its feedback loop (model_run.hpp), independent of how skims are
// produced (NetworkModel). The region adapter is in region_network.cpp.
#include "demand/model_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "demand/generalized_cost.hpp"
#include "demand/kernels.hpp"
#include "demand/parameters.hpp"
#include "demand/through_demand.hpp"

namespace corridor::demand {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// PT period lengths for the daily expansion: two peaks of 2.5 h (transit::DailyExpansion) in a
// service day of 18 h (06–24 h, the default TransitData::service_hours).
constexpr double kPtPeakHours = 5.0;
constexpr double kPtServiceHours = 18.0;

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
      // External↔external person trips are through demand (through_demand.hpp), except the
      // trips that stay inside an external zone's area (so its trips do not all pile onto the
      // internal zones next to it), when through.external_intrazonal.
      if (s.external[a] && s.external[b] && !(i == j && p.through.external_intrazonal)) {
        s.allowed(i, j) = 0.0;
      }
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
  std::array<double, kModeCount> v{};
  std::array<double, kModeCount> sh{};
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const std::array<double, kModeCount> gc{generalized_minutes(sk, pp, mp, Mode::car, i, j),
                                              generalized_minutes(sk, pp, mp, Mode::pt, i, j),
                                              generalized_minutes(sk, pp, mp, Mode::bike, i, j)};
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

// Calibrated (or given) border parameters, utils.
struct Border {
  double penalty = 0.0;  // any cross-country pair, both directions
  double ehv = 0.0;      // bonus BE residents → Eindhoven zones (commute only)
};

double border_utility(const ZoneSets& s, const Border& b, bool commute, std::size_t i,
                      std::size_t j) {
  if (commute && s.be[i] && s.eindhoven[j]) return b.ehv - b.penalty;
  return s.cross(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) > 0.0 ? -b.penalty
                                                                                   : 0.0;
}

// Destination weights exp(μ·LS + border utility) (without the attraction), masked.
OdMatrix deterrence(const OdMatrix& logsum, const ZoneSets& s, double mu, const Border& b,
                    bool commute) {
  const auto n = logsum.rows();
  OdMatrix f(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto zi = static_cast<std::size_t>(i);
    // Row maximum subtracted: singly constrained rows are normalised and Furness rescales rows,
    // so a row factor changes nothing except avoiding underflow.
    double vmax = -kInf;
    for (Eigen::Index j = 0; j < n; ++j) {
      const double u =
          mu * logsum(i, j) + border_utility(s, b, commute, zi, static_cast<std::size_t>(j));
      f(i, j) = u;
      if (s.allowed(i, j) > 0.0 && std::isfinite(u)) vmax = std::max(vmax, u);
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      const double u = f(i, j);
      f(i, j) = (s.allowed(i, j) > 0.0 && std::isfinite(u)) ? std::exp(u - vmax) : 0.0;
    }
  }
  return f;
}

bool has_eindhoven(const ZoneSets& s) {
  return std::find(s.eindhoven.begin(), s.eindhoven.end(), true) != s.eindhoven.end();
}

// The commute Furness with the calibration blocks, each over all model zones (external ones
// with their weight): the cross-border pairs of both directions (without BE→Eindhoven when its
// bonus is calibrated) on target_be_to_nl + target_nl_to_be, and BE→Eindhoven. The split between
// the directions comes from the margins (commute_attractions).
std::vector<FurnessBlock> calibration_blocks(const ZoneSets& s, BorderParameters bp) {
  bp.calibrate_eindhoven = bp.calibrate_eindhoven && has_eindhoven(s);
  std::vector<FurnessBlock> blocks(bp.calibrate_eindhoven ? 2 : 1);
  blocks[0].target = bp.target_be_to_nl + bp.target_nl_to_be -
                     (bp.calibrate_eindhoven ? bp.target_be_to_eindhoven : 0.0);
  if (bp.calibrate_eindhoven) blocks[1].target = bp.target_be_to_eindhoven;
  for (std::uint32_t i = 0; i < s.n; ++i) {
    for (std::uint32_t j = 0; j < s.n; ++j) {
      if (s.allowed(i, j) == 0.0) continue;
      if (!((s.be[i] && s.nl[j]) || (s.nl[i] && s.be[j]))) continue;
      FurnessBlock& b = bp.calibrate_eindhoven && s.be[i] && s.eindhoven[j] ? blocks[1] : blocks[0];
      b.apply.emplace_back(i, j);
      b.measure.emplace_back(i, j);
    }
  }
  return blocks;
}

// Commute attractions balanced per country to its resident workers plus the net in-commuting
// target_be_to_nl − target_nl_to_be (the margins must agree with the cross-border flows:
// BE columns total = BE rows − BE→NL + NL→BE).
std::vector<double> commute_attractions(const ZoneSets& s, const Generation& g,
                                        const BorderParameters& bp) {
  const double net = bp.target_be_to_nl - bp.target_nl_to_be;
  double p_be = 0.0;
  double p_nl = 0.0;
  double a_be = 0.0;
  double a_nl = 0.0;
  for (std::size_t i = 0; i < s.n; ++i) {
    if (s.be[i]) {
      p_be += g.productions[i];
      a_be += g.attractions[i];
    } else if (s.nl[i]) {
      p_nl += g.productions[i];
      a_nl += g.attractions[i];
    }
  }
  std::vector<double> a = g.attractions;
  if (!(a_be > 0.0 && a_nl > 0.0 && p_be > net)) return a;  // no two-country region
  for (std::size_t i = 0; i < s.n; ++i) {
    if (s.be[i]) a[i] *= (p_be - net) / a_be;
    if (s.nl[i]) a[i] *= (p_nl + net) / a_nl;
  }
  return a;
}

OdMatrix distribute(const OdMatrix& logsum, const ZoneSets& s, const Generation& g,
                    const PurposeParameters& pp, Border& border, bool commute,
                    const BorderParameters* border_params, const BorderParameters* calibrate) {
  OdMatrix f = deterrence(logsum, s, pp.dest_scale, border, commute);
  if (pp.doubly_constrained) {
    const FurnessOptions opt{.tolerance = 1e-12, .max_iterations = 100000};
    if (!commute) {
      furness(f, g.productions, g.attractions, opt);
      return f;
    }
    const std::vector<double> attractions = commute_attractions(s, g, *border_params);
    if (calibrate == nullptr) {
      furness(f, g.productions, attractions, opt);
      return f;
    }
    auto blocks = calibration_blocks(s, *calibrate);
    furness(f, g.productions, attractions, blocks, opt);
    // exp(u) × factor = exp(u + ln factor): fold the block factors into the utilities.
    const double a = std::log(blocks[0].factor);
    border.penalty -= a;
    if (blocks.size() == 2) border.ehv += std::log(blocks[1].factor) - a;
    for (const double v : {border.penalty, border.ehv}) {
      if (!std::isfinite(v) || std::abs(v) > calibrate->search_max_utils) {
        throw Error("demand: border calibration failed (a parameter reached " + std::to_string(v) +
                    " utils, beyond border.search_max_utils = " +
                    std::to_string(calibrate->search_max_utils) +
                    "): the cross-border targets are not reachable with this model");
      }
    }
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

// Demand of one loop: every purpose's weekday person trips by mode, and the logsums.
struct Demand {
  std::array<std::array<OdMatrix, kModeCount>, kPurposeCount> trips;  // weekday person trips
  std::array<OdMatrix, kPurposeCount> logsum;
};

// Commute first: with `calibrate`, its Furness fits the border parameters, which the other
// purposes then use.
Demand compute_demand(const std::vector<ZoneInput>& zones, const ZoneSets& s, const Skims& sk,
                      const DemandParameters& p, Border& border, bool calibrate) {
  Demand d;
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    const auto& pp = p.purposes[k];
    ModeSplit ms = mode_split(sk, pp, p.modes);
    const Generation g = generate(zones, s, pp);
    const bool commute = k == index(Purpose::commute);
    const OdMatrix t = distribute(ms.logsum, s, g, pp, border, commute, &p.border,
                                  calibrate && commute ? &p.border : nullptr);
    for (std::size_t m = 0; m < kModeCount; ++m) {
      d.trips[k][m] = t.cwiseProduct(ms.share[m]);
    }
    d.logsum[k] = std::move(ms.logsum);
  }
  return d;
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

ThroughDemand through_matrices(const std::vector<ZoneInput>& zones, const DemandParameters& p) {
  std::vector<std::string> names;
  std::vector<bool> external;
  for (const auto& z : zones) {
    names.push_back(z.name);
    external.push_back(z.external);
  }
  return through_demand(names, external, p.through,
                        p.source.empty() ? "demand parameters" : p.source);
}

}  // namespace

DemandParameters fixed_calibration(const DemandParameters& params, const ModelRun& base) {
  DemandParameters p = params;
  if (p.border.calibrate) {
    p.border.penalty_utils = base.border_penalty_utils;
    p.border.eindhoven_bonus_utils = base.eindhoven_bonus_utils;
    p.border.calibrate = false;
  }
  if (p.freight.calibrate) {
    p.freight.through_trucks_per_day *= base.through_truck_scale;
    p.freight.calibrate = false;
  }
  return p;
}

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
  run.through = through_matrices(zones, p);
  double truck_scale = 1.0;
  Demand avg;
  OdMatrix truck_prev;
  Border border{p.border.penalty_utils, p.border.eindhoven_bonus_utils};
  const auto& fb = p.feedback;
  double beta = 1.0;  // 1 / step of the averaging
  double prev_change = std::numeric_limits<double>::infinity();
  double gap_target = fb.road_gap;
  for (int loop = 1; loop <= fb.max_loops; ++loop) {
    Demand fresh = compute_demand(zones, s, skims, p, border, p.border.calibrate);
    const OdMatrix trucks = freight.through * truck_scale + freight.local + run.through.truck;
    LoopRecord rec;
    rec.loop = loop;
    rec.border_penalty_utils = border.penalty;
    rec.eindhoven_bonus_utils = border.ehv;
    if (loop == 1) {
      avg = std::move(fresh);
      rec.demand_change = 1.0;
    } else {
      // The raw change (before averaging) decides the step of this loop.
      double raw = (trucks - truck_prev).cwiseAbs().sum();
      double raw_total = truck_prev.sum();
      for (std::size_t k = 0; k < kPurposeCount; ++k) {
        for (std::size_t m = 0; m < kModeCount; ++m) {
          raw += (fresh.trips[k][m] - avg.trips[k][m]).cwiseAbs().sum();
          raw_total += avg.trips[k][m].sum();
        }
      }
      const double change = raw_total > 0.0 ? raw / raw_total : 0.0;
      double step = fb.fixed_step;
      if (fb.averaging == Averaging::msa) {
        step = 1.0 / loop;
      } else if (fb.averaging == Averaging::sra) {
        beta += change >= prev_change ? fb.sra_fast : fb.sra_slow;
        step = 1.0 / beta;
      }
      prev_change = change;
      for (std::size_t k = 0; k < kPurposeCount; ++k) {
        for (std::size_t m = 0; m < kModeCount; ++m) {
          avg.trips[k][m] += step * (fresh.trips[k][m] - avg.trips[k][m]);
        }
        avg.logsum[k] = std::move(fresh.logsum[k]);
      }
      rec.demand_change = change;
    }
    truck_prev = trucks;
    // Road gap: loose while the demand moves, tight once it settles (never looser than before).
    const bool demand_settled = loop > 1 && rec.demand_change < fb.tolerance;
    gap_target =
        std::min(gap_target, std::max(fb.final_road_gap, fb.road_gap_ratio * rec.demand_change));
    if (demand_settled) gap_target = fb.final_road_gap;
    rec.road_gap_target = gap_target;
    network.set_road_gap(gap_target);
    run.car_peak_hour =
        car_vehicles_peak_hour(avg, p) + run.through.car * p.through.car_peak_hour_share;
    run.truck_peak_hour = trucks * p.freight.am_peak_hour_share;
    skims = network.assign_road(run.car_peak_hour, run.truck_peak_hour, run.road);
    rec.road_gap = run.road.relative_gap;
    rec.road_iterations = run.road.iterations;
    // Freight calibration: scale through trucks toward the target A67 truck share (weekday).
    const auto [car_a67, truck_a67] = network.a67_flows(run.road);
    const double car_frac = run.car_peak_hour.sum() /
                            std::max(car_vehicles_weekday(avg, p) + run.through.car.sum(), 1e-12);
    const double car_day = car_a67 / std::max(car_frac, 1e-12);
    const double truck_day = truck_a67 / std::max(p.freight.am_peak_hour_share, 1e-12);
    run.summary.a67_truck_share =
        car_day + truck_day > 0.0 ? truck_day / (car_day + truck_day) : 0.0;
    // Updated only while off by more than 1 % of the target, so a calibrated truck matrix stays
    // fixed and does not keep the demand change above the tolerance. The scale is bounded: if the
    // through trucks do not reach the A67 the share cannot respond.
    if (p.freight.calibrate && truck_day > 0.0 && freight.through.sum() > 0.0 &&
        std::abs(run.summary.a67_truck_share - p.freight.target_a67_truck_share) >
            0.01 * p.freight.target_a67_truck_share) {
      const double target = p.freight.target_a67_truck_share;
      const double want = target / (1.0 - target) * car_day;
      truck_scale = std::clamp(truck_scale * std::clamp(want / truck_day, 0.25, 4.0), 0.01, 100.0);
    }
    rec.seconds = elapsed();
    run.history.push_back(rec);
    if (on_loop) on_loop(rec);
    // Converged: the demand settled and the road assignment of these skims met the final gap.
    if (demand_settled && run.road.relative_gap <= fb.final_road_gap) {
      run.converged = true;
      break;
    }
  }
  run.border_penalty_utils = border.penalty;
  run.eindhoven_bonus_utils = border.ehv;
  run.feedback_tolerance = fb.tolerance;
  run.final_demand_change = run.history.empty() ? 0.0 : run.history.back().demand_change;
  run.final_road_gap = run.road.relative_gap;
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
      // Statistics of the model area: trips with at least one internal end (an external zone's
      // trips inside its own area are left out).
      double trips = 0.0;
      double km = 0.0;
      double minutes = 0.0;
      for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) {
          const double x = t(i, j);
          if (x <= 0.0 || (s.external[static_cast<std::size_t>(i)] &&
                           s.external[static_cast<std::size_t>(j)])) {
            continue;
          }
          trips += x;
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
  sm.be_to_nl = flows_between(commute, s.be, s.nl, nullptr);
  sm.nl_to_be = flows_between(commute, s.nl, s.be, nullptr);
  sm.be_to_eindhoven = flows_between(commute, s.be, s.eindhoven, nullptr);
  sm.truck_trips = run.truck_weekday.sum();

  run.calibration.push_back({"BE residents -> NL model area, home-work trips/weekday",
                             p.border.target_be_to_nl, sm.be_to_nl, p.border.calibrate});
  run.calibration.push_back({"NL residents -> BE model area, home-work trips/weekday",
                             p.border.target_nl_to_be, sm.nl_to_be, p.border.calibrate});
  run.calibration.push_back(
      {"BE residents -> Eindhoven, home-work trips/weekday", p.border.target_be_to_eindhoven,
       sm.be_to_eindhoven, p.border.calibrate && p.border.calibrate_eindhoven && has_eindhoven(s)});
  run.calibration.push_back({"truck share on the " + p.freight.a67_link_name + " (weekday)",
                             p.freight.target_a67_truck_share, sm.a67_truck_share,
                             p.freight.calibrate});

  // PT loads by period. Both legs: the outbound trips of the morning peak (am_peak_share) and
  // their mirrored returns in the evening peak are spread over kPtPeakHours; the rest of the
  // weekday's PT trips over the remaining kPtServiceHours − kPtPeakHours of the service day.
  // Daily line boardings = peak hour × peak hours + off-peak hour × off-peak hours of the line
  // (transit::daily_line_ridership).
  OdMatrix pt = OdMatrix::Zero(n, n);
  OdMatrix pt_peak = OdMatrix::Zero(n, n);
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    pt += avg.trips[k][index(Mode::pt)];
    pt_peak += avg.trips[k][index(Mode::pt)] * p.purposes[k].am_peak_share;
  }
  // Through rail trips (both directions already) over the service day in proportion to hours.
  const OdMatrix both = pt + pt.transpose() + run.through.pt;
  const OdMatrix peak_both =
      pt_peak + pt_peak.transpose() + run.through.pt * (kPtPeakHours / kPtServiceHours);
  run.pt = network.assign_pt_periods(peak_both / kPtPeakHours,
                                     (both - peak_both) / (kPtServiceHours - kPtPeakHours),
                                     kPtPeakHours, kPtServiceHours - kPtPeakHours);
  double rail_journeys = 0.0;
  for (double x : run.pt.rail_access_weekday) rail_journeys += x;
  for (std::size_t c = 0; c < run.pt.rail_access_weekday.size(); ++c) {
    run.summary.rail_access_share[c] =
        rail_journeys > 0.0 ? run.pt.rail_access_weekday[c] / rail_journeys : 0.0;
  }
  run.zones = std::move(zones);
  run.seconds = elapsed();
  return run;
}

}  // namespace corridor::demand
