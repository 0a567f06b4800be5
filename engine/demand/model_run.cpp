// The demand model's steps and its feedback loop (model_run.hpp), independent of how skims are
// produced (NetworkModel). The region adapter is in region_network.cpp.
#include "demand/model_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <tuple>

#include "core/error.hpp"
#include "demand/generalized_cost.hpp"
#include "demand/kernels.hpp"
#include "demand/parameters.hpp"
#include "demand/through_demand.hpp"

namespace corridor::demand {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One commute target's zones as masks (border.targets, resolved to zone indices).
struct TargetMasks {
  std::vector<bool> from, to;
  bool bonus = false;
};

struct ZoneSets {
  std::size_t n = 0;
  std::vector<double> weight;  // 1 internal, external_weight external
  std::vector<bool> external;
  OdMatrix cross;                    // 1 when origin and destination lie in different countries
  OdMatrix allowed;                  // 0 for external↔external person trips, 1 otherwise
  std::vector<TargetMasks> targets;  // as p.border.targets
  std::vector<int> bonus_of;         // per pair i·n + j: the bonus target index, or −1
};

std::vector<bool> mask(std::size_t n, const std::vector<std::uint32_t>& zones,
                       const CommuteTarget& t, const std::string& file, const char* key) {
  std::vector<bool> m(n, false);
  if (zones.empty() && !(key[0] == 'f' ? t.from : t.to).empty()) {
    throw_input_error(file, t.line, std::string("border.targets.") + key,
                      "zone set " + quote_for_message(key[0] == 'f' ? t.from : t.to) +
                          " has no zones (or was not resolved against the region)");
  }
  for (const auto z : zones) {
    if (z >= n) throw Error("demand: commute target '" + t.id + "' names a zone beyond the model");
    m[z] = true;
  }
  return m;
}

ZoneSets zone_sets(const std::vector<ZoneInput>& zones, const DemandParameters& p) {
  ZoneSets s;
  s.n = zones.size();
  const auto n = static_cast<Eigen::Index>(s.n);
  s.cross = OdMatrix::Zero(n, n);
  s.allowed = OdMatrix::Ones(n, n);
  for (const auto& z : zones) {
    s.weight.push_back(z.external ? p.border.external_weight : 1.0);
    s.external.push_back(z.external);
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
  s.bonus_of.assign(s.n * s.n, -1);
  const auto& targets = p.border.targets;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const auto& t = targets[k];
    TargetMasks tm{mask(s.n, t.from_zones, t, p.source, "from"),
                   mask(s.n, t.to_zones, t, p.source, "to"), !t.bonus.empty()};
    s.targets.push_back(std::move(tm));
  }
  for (std::size_t k = 0; k < targets.size(); ++k) {
    if (!s.targets[k].bonus) continue;
    for (std::size_t i = 0; i < s.n; ++i) {
      for (std::size_t j = 0; j < s.n; ++j) {
        if (!s.targets[k].from[i] || !s.targets[k].to[j]) continue;
        bool in_penalty = false;
        for (const auto& q : s.targets)
          in_penalty = in_penalty || (!q.bonus && q.from[i] && q.to[j]);
        if (!in_penalty || s.bonus_of[i * s.n + j] >= 0) {
          throw_input_error(p.source, targets[k].line, "border.targets.to",
                            "the pairs of bonus target '" + targets[k].id +
                                "' must be pairs of a penalty target and of no other bonus target "
                                "(zones " +
                                zones[i].name + " -> " + zones[j].name + ")");
        }
        s.bonus_of[i * s.n + j] = static_cast<int>(k);
      }
    }
  }
  return s;
}

// Every skim the mode choice reads is zone × zone (a network model that forgets one, e.g. the
// walk skims, is a programming error, not a mode that silently disappears).
void check_skims(const Skims& sk, Eigen::Index n) {
  const std::pair<const OdMatrix*, const char*> all[] = {
      {&sk.car_minutes, "car_minutes"},
      {&sk.car_km, "car_km"},
      {&sk.bike_minutes, "bike_minutes"},
      {&sk.bike_km, "bike_km"},
      {&sk.walk_minutes, "walk_minutes"},
      {&sk.walk_km, "walk_km"},
      {&sk.pt_in_vehicle_minutes, "pt_in_vehicle_minutes"},
      {&sk.pt_wait_minutes, "pt_wait_minutes"},
      {&sk.pt_walk_minutes, "pt_walk_minutes"},
      {&sk.pt_generalized_minutes, "pt_generalized_minutes"}};
  for (const auto& [m, name] : all) {
    if (m->rows() != n || m->cols() != n) {
      throw Error(std::string("demand: skim ") + name + " is " + std::to_string(m->rows()) + " x " +
                  std::to_string(m->cols()) + ", expected " + std::to_string(n) + " x " +
                  std::to_string(n) + " (one row and column per zone)");
    }
  }
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
      for (std::size_t m = 0; m < kModeCount; ++m) {
        const double gc = generalized_minutes(sk, pp, mp, static_cast<Mode>(m), i, j);
        v[m] = std::isfinite(gc) ? pp.asc[m] - pp.theta_per_min * gc : -kInf;
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
  double penalty = 0.0;       // commute: any cross-country pair, both directions
  std::vector<double> bonus;  // per border target (bonus targets; 0 for penalty targets)
};

// `penalty` is the purpose's (purpose_border_penalty); the bonuses are the commute's.
double border_utility(const ZoneSets& s, const Border& b, double penalty, bool commute,
                      std::size_t i, std::size_t j) {
  if (commute) {
    if (const int k = s.bonus_of[i * s.n + j]; k >= 0) {
      return b.bonus[static_cast<std::size_t>(k)] - penalty;
    }
  }
  return s.cross(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) > 0.0 ? -penalty : 0.0;
}

// Destination weights exp(μ·LS + border utility) (without the attraction), masked.
OdMatrix deterrence(const OdMatrix& logsum, const ZoneSets& s, double mu, const Border& b,
                    double penalty, bool commute) {
  const auto n = logsum.rows();
  OdMatrix f(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto zi = static_cast<std::size_t>(i);
    // Row maximum subtracted: singly constrained rows are normalised and Furness rescales rows,
    // so a row factor changes nothing except avoiding underflow.
    double vmax = -kInf;
    for (Eigen::Index j = 0; j < n; ++j) {
      const double u = mu * logsum(i, j) +
                       border_utility(s, b, penalty, commute, zi, static_cast<std::size_t>(j));
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

// Whether target k is calibrated by its own block (a bonus target with zones on both ends).
bool bonus_calibrated(const ZoneSets& s, const BorderParameters& bp, std::size_t k) {
  const auto& t = s.targets[k];
  return t.bonus && bp.targets[k].calibrate &&
         std::find(t.from.begin(), t.from.end(), true) != t.from.end() &&
         std::find(t.to.begin(), t.to.end(), true) != t.to.end();
}

bool has_penalty_target(const ZoneSets& s) {
  return std::any_of(s.targets.begin(), s.targets.end(), [](const auto& t) { return !t.bonus; });
}

// The commute Furness with the calibration blocks, each over all model zones (external ones
// with their weight): the pairs of the penalty targets (without the calibrated bonus targets'
// pairs) on Σ penalty trips − Σ calibrated bonus trips, then one block per calibrated bonus
// target. The split between the directions comes from the margins (commute_attractions).
// `bonus_block[k]` receives the block index of target k (0 when it has none).
std::vector<FurnessBlock> calibration_blocks(const ZoneSets& s, const BorderParameters& bp,
                                             std::vector<std::size_t>& bonus_block) {
  std::vector<FurnessBlock> blocks(1);
  bonus_block.assign(bp.targets.size(), 0);
  double penalty_trips = 0.0;
  for (std::size_t k = 0; k < bp.targets.size(); ++k) {
    if (!s.targets[k].bonus) penalty_trips += bp.targets[k].trips;
  }
  double bonus_trips = 0.0;
  for (std::size_t k = 0; k < bp.targets.size(); ++k) {
    if (!bonus_calibrated(s, bp, k)) continue;
    bonus_block[k] = blocks.size();
    blocks.emplace_back().target = bp.targets[k].trips;
    bonus_trips += bp.targets[k].trips;
  }
  blocks[0].target = penalty_trips - bonus_trips;
  for (std::uint32_t i = 0; i < s.n; ++i) {
    for (std::uint32_t j = 0; j < s.n; ++j) {
      if (s.allowed(i, j) == 0.0) continue;
      bool in_penalty = false;
      for (const auto& t : s.targets) in_penalty = in_penalty || (!t.bonus && t.from[i] && t.to[j]);
      if (!in_penalty) continue;
      const int k = s.bonus_of[i * s.n + j];
      FurnessBlock& b = k >= 0 && bonus_calibrated(s, bp, static_cast<std::size_t>(k))
                            ? blocks[bonus_block[static_cast<std::size_t>(k)]]
                            : blocks[0];
      b.apply.emplace_back(i, j);
      b.measure.emplace_back(i, j);
    }
  }
  return blocks;
}

// Commute attractions balanced per side (the distinct zone sets of the penalty targets) to its
// resident workers plus its net in-commuting Σ trips into it − Σ trips out of it (the margins must
// agree with the cross-border flows: a side's columns total = its rows − out + in).
std::vector<double> commute_attractions(const ZoneSets& s, const Generation& g,
                                        const BorderParameters& bp) {
  std::vector<const std::vector<bool>*> sides;
  auto side_of = [&](const std::vector<bool>& m) {
    for (std::size_t k = 0; k < sides.size(); ++k) {
      if (*sides[k] == m) return k;
    }
    sides.push_back(&m);
    return sides.size() - 1;
  };
  std::vector<std::pair<std::size_t, std::size_t>> flows;  // per penalty target: from, to side
  for (const auto& t : s.targets) {
    if (!t.bonus) flows.emplace_back(side_of(t.from), side_of(t.to));
  }
  std::vector<double> in(sides.size(), 0.0);
  std::vector<double> out(sides.size(), 0.0);
  std::size_t f = 0;
  for (std::size_t k = 0; k < bp.targets.size(); ++k) {
    if (s.targets[k].bonus) continue;
    out[flows[f].first] += bp.targets[k].trips;
    in[flows[f].second] += bp.targets[k].trips;
    ++f;
  }
  std::vector<double> p(sides.size(), 0.0);
  std::vector<double> at(sides.size(), 0.0);
  for (std::size_t i = 0; i < s.n; ++i) {
    for (std::size_t k = 0; k < sides.size(); ++k) {
      if (!(*sides[k])[i]) continue;
      p[k] += g.productions[i];
      at[k] += g.attractions[i];
      break;  // sides are disjoint (checked below)
    }
  }
  std::vector<double> a = g.attractions;
  std::vector<double> factor(sides.size());
  for (std::size_t k = 0; k < sides.size(); ++k) {
    const double total = p[k] + (in[k] - out[k]);
    if (!(at[k] > 0.0 && total > 0.0)) return a;  // a side without a labour market of its own
    factor[k] = total / at[k];
  }
  for (std::size_t i = 0; i < s.n; ++i) {
    int side = -1;
    for (std::size_t k = 0; k < sides.size(); ++k) {
      if (!(*sides[k])[i]) continue;
      if (side >= 0) {
        throw Error(
            "demand: the zone sets of the border penalty targets overlap (a zone is on "
            "two sides of the border)");
      }
      side = static_cast<int>(k);
    }
    if (side >= 0) a[i] *= factor[static_cast<std::size_t>(side)];
  }
  return a;
}

OdMatrix distribute(const OdMatrix& logsum, const ZoneSets& s, const Generation& g,
                    const PurposeParameters& pp, Border& border, double penalty, bool commute,
                    const BorderParameters* border_params, const BorderParameters* calibrate) {
  OdMatrix f = deterrence(logsum, s, pp.dest_scale, border, penalty, commute);
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
    std::vector<std::size_t> bonus_block;
    auto blocks = calibration_blocks(s, *calibrate, bonus_block);
    furness(f, g.productions, attractions, blocks, opt);
    // exp(u) × factor = exp(u + ln factor): fold the block factors into the utilities.
    const double a = std::log(blocks[0].factor);
    border.penalty -= a;
    for (std::size_t k = 0; k < bonus_block.size(); ++k) {
      if (bonus_block[k] > 0) border.bonus[k] += std::log(blocks[bonus_block[k]].factor) - a;
    }
    std::vector<double> values{border.penalty};
    values.insert(values.end(), border.bonus.begin(), border.bonus.end());
    for (const double v : values) {
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

// Commute first: with `calibrate`, its Furness fits the border parameters; the other purposes
// then take their penalty from the commute one (purpose_border_penalty).
Demand compute_demand(const std::vector<ZoneInput>& zones, const ZoneSets& s,
                      const std::array<Skims, kPurposeCount>& sk, const DemandParameters& p,
                      Border& border, bool calibrate) {
  Demand d;
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    const auto& pp = p.purposes[k];
    ModeSplit ms = mode_split(sk[k], pp, p.modes);
    const Generation g = generate(zones, s, pp);
    const bool commute = k == index(Purpose::commute);
    const bool fit = calibrate && commute && has_penalty_target(s);
    const double penalty = purpose_border_penalty(p, k, border.penalty);
    const OdMatrix t = distribute(ms.logsum, s, g, pp, border, penalty, commute, &p.border,
                                  fit ? &p.border : nullptr);
    for (std::size_t m = 0; m < kModeCount; ++m) {
      d.trips[k][m] = t.cwiseProduct(ms.share[m]);
    }
    d.logsum[k] = std::move(ms.logsum);
  }
  return d;
}

// Vehicles of period `t` (outbound legs i→j, return legs j→i, through cars), whole period.
OdMatrix car_vehicles_period(const Demand& d, const DemandParameters& p, const TimePeriod& t,
                             const OdMatrix& through_car) {
  OdMatrix v = OdMatrix::Zero(d.trips[0][0].rows(), d.trips[0][0].cols());
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    const OdMatrix& car = d.trips[k][index(Mode::car)];
    const double occ = p.purposes[k].car_occupancy;
    v += car * (t.outbound_share[k] / occ) + car.transpose() * (t.return_share[k] / occ);
  }
  if (through_car.size() == v.size()) v += through_car * t.through_car_share;
  return v;
}

// PT person trips per period, both legs (outbound i→j, return j→i). A leg departs in the
// periods by its purpose's shares, renormalised over the periods whose PT serves it (finite
// pt_generalized_minutes), as the choice saw it (periods.hpp tour_skims); a leg no period serves
// is not a PT trip (the choice gave it no PT share).
std::vector<OdMatrix> pt_trips_by_period(const Demand& d, const std::vector<Skims>& skims,
                                         const std::vector<TimePeriod>& periods) {
  const auto n = d.trips[0][0].rows();
  std::vector<OdMatrix> out(periods.size(), OdMatrix::Zero(n, n));
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    const OdMatrix& x = d.trips[k][index(Mode::pt)];
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < n; ++j) {
        if (x(i, j) <= 0.0) continue;
        double wo = 0.0;
        double wr = 0.0;
        for (std::size_t t = 0; t < periods.size(); ++t) {
          if (std::isfinite(skims[t].pt_generalized_minutes(i, j)))
            wo += periods[t].outbound_share[k];
          if (std::isfinite(skims[t].pt_generalized_minutes(j, i)))
            wr += periods[t].return_share[k];
        }
        for (std::size_t t = 0; t < periods.size(); ++t) {
          if (wo > 0.0 && std::isfinite(skims[t].pt_generalized_minutes(i, j)))
            out[t](i, j) += x(i, j) * periods[t].outbound_share[k] / wo;
          if (wr > 0.0 && std::isfinite(skims[t].pt_generalized_minutes(j, i)))
            out[t](j, i) += x(i, j) * periods[t].return_share[k] / wr;
        }
      }
    }
  }
  return out;
}

std::array<Skims, kPurposeCount> purpose_skims(const std::vector<Skims>& period_skims,
                                               const DemandParameters& p) {
  std::array<Skims, kPurposeCount> out;
  for (std::size_t k = 0; k < kPurposeCount; ++k) out[k] = tour_skims(period_skims, p.periods, k);
  return out;
}

// Whether two sets of period skims hold the same matrices apart from the car times (then the
// purposes' tour skims differ only in theirs: tour_car_minutes).
bool same_but_car_minutes(const std::vector<Skims>& a, const std::vector<Skims>& b) {
  if (a.size() != b.size()) return false;
  OdMatrix Skims::*const fields[] = {&Skims::car_km,          &Skims::bike_minutes,
                                     &Skims::bike_km,         &Skims::walk_minutes,
                                     &Skims::walk_km,         &Skims::pt_in_vehicle_minutes,
                                     &Skims::pt_wait_minutes, &Skims::pt_walk_minutes,
                                     &Skims::pt_boardings,    &Skims::pt_generalized_minutes};
  for (std::size_t t = 0; t < a.size(); ++t) {
    if (a[t].car_minutes.rows() != b[t].car_minutes.rows()) return false;
    for (auto m : fields) {
      const OdMatrix& x = a[t].*m;
      const OdMatrix& y = b[t].*m;
      if (x.rows() != y.rows() || x.cols() != y.cols()) return false;
      if (x.size() > 0 && std::memcmp(x.data(), y.data(), sizeof(double) * x.size()) != 0)
        return false;
    }
  }
  return true;
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
  for (std::size_t k = 0; k < fp.through_routes.size(); ++k) {
    const auto& r = fp.through_routes[k];
    const std::size_t a = find_zone_by_name(zones, r.from);
    const std::size_t b = find_zone_by_name(zones, r.to);
    const std::string field = "freight.through_routes[" + std::to_string(k + 1) + "]";
    for (const auto& [z, name, key] : {std::tuple{a, r.from, ".from"}, {b, r.to, ".to"}}) {
      if (z == zones.size()) {
        throw_input_error(p.source, r.line, field + key,
                          "a zone name of zones.csv, got " + quote_for_message(name));
      }
    }
    if (a == b) throw_input_error(p.source, r.line, field + ".to", "a zone other than `from`");
    f.through(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) += 0.5 * r.trucks_per_day;
    f.through(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(a)) += 0.5 * r.trucks_per_day;
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
    p.border.penalty_utils[index(Purpose::commute)] = base.border_penalty_utils;
    for (std::size_t k = 0; k < p.border.targets.size() && k < base.bonus_utils.size(); ++k) {
      if (!p.border.targets[k].bonus.empty()) p.border.targets[k].bonus_utils = base.bonus_utils[k];
    }
    p.border.calibrate = false;
  }
  if (p.freight.calibrate) {
    for (auto& r : p.freight.through_routes) r.trucks_per_day *= base.through_truck_scale;
    p.freight.calibrate = false;
  }
  return p;
}

ModelRun run_model(std::vector<ZoneInput> zones, NetworkModel& network, const DemandParameters& p,
                   const LoopCallback& on_loop) {
  RunOptions options;
  options.on_loop = on_loop;
  return run_model(std::move(zones), network, p, options);
}

ModelRun run_model(std::vector<ZoneInput> zones, NetworkModel& network, const DemandParameters& p,
                   const RunOptions& options) {
  const LoopCallback& on_loop = options.on_loop;
  const ModelRun* warm = options.start;
  p.validate();
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  if (zones.empty()) throw Error("demand: the model has no zones");
  const ZoneSets s = zone_sets(zones, p);
  ModelRun run;
  const std::size_t np = p.periods.size();
  std::vector<Skims> skims;
  for (std::size_t t = 0; t < np; ++t) skims.push_back(network.initial_skims(t));
  const auto n = static_cast<Eigen::Index>(zones.size());
  for (const auto& sk : skims) check_skims(sk, n);
  run.periods.resize(np);
  for (std::size_t t = 0; t < np; ++t) {
    run.periods[t].name = p.periods[t].name;
    run.periods[t].hours = p.periods[t].hours;
    run.periods[t].peak_hour_factor = p.periods[t].peak_hour_factor;
  }

  Freight freight = freight_matrices(zones, s, skims.front(), p);
  run.through = through_matrices(zones, p);
  double truck_scale = 1.0;
  Demand avg;
  OdMatrix truck_prev;
  if (warm != nullptr) {
    // The started run's loaded car times and road bushes as if they were this run's loop 0 (the
    // other skims are this run's own: its PT parameters, its network).
    if (warm->periods.size() != np || warm->zones.size() != zones.size() ||
        warm->truck_weekday.rows() != n) {
      throw Error("demand: the warm start is a run of another model (" +
                  std::to_string(warm->zones.size()) + " zones, " +
                  std::to_string(warm->periods.size()) + " periods; this run has " +
                  std::to_string(zones.size()) + " and " + std::to_string(np) + ")");
    }
    const auto& given = options.start_car_minutes;
    if (!given.empty() && given.size() != np) {
      throw Error("demand: the warm start gives car times for " + std::to_string(given.size()) +
                  " periods; the model has " + std::to_string(np));
    }
    for (std::size_t t = 0; t < np; ++t) {
      skims[t].car_minutes = given.empty() ? warm->periods[t].skims.car_minutes : given[t];
      check_skims(skims[t], n);
      if (t < warm->road_bushes.size()) network.start_road_from(t, warm->road_bushes[t]);
    }
  }
  Border border{*p.border.penalty_utils[index(Purpose::commute)], {}};
  for (const auto& t : p.border.targets)
    border.bonus.push_back(t.bonus.empty() ? 0.0 : t.bonus_utils);
  const auto& fb = p.feedback;
  double beta = 1.0;  // 1 / step of the averaging
  double prev_change = std::numeric_limits<double>::infinity();
  double gap_target = fb.road_gap;
  std::array<Skims, kPurposeCount> choice_skims = purpose_skims(skims, p);
  std::vector<Skims> choice_basis = skims;  // the period skims choice_skims were made of
  double worst_gap = 0.0;
  for (int loop = 1; loop <= fb.max_loops; ++loop) {
    Demand fresh = compute_demand(zones, s, choice_skims, p, border, p.border.calibrate);
    const OdMatrix trucks = freight.through * truck_scale + freight.local + run.through.truck;
    LoopRecord rec;
    rec.loop = loop;
    rec.border_penalty_utils = border.penalty;
    rec.bonus_utils = border.bonus;
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
    // One equilibrium per period, on its assigned hour; the statistic's daily flows are the sum
    // of the periods' (hour flow / peak_hour_factor).
    worst_gap = 0.0;
    double car_day = 0.0;
    double truck_day = 0.0;
    for (std::size_t t = 0; t < np; ++t) {
      const TimePeriod& tp = p.periods[t];
      PeriodRun& pr = run.periods[t];
      pr.car_hour = car_vehicles_period(avg, p, tp, run.through.car) * tp.peak_hour_factor;
      pr.truck_hour = trucks * (tp.truck_share * tp.peak_hour_factor);
      skims[t] = network.assign_road(t, pr.car_hour, pr.truck_hour, pr.road);
      check_skims(skims[t], n);
      worst_gap = std::max(worst_gap, pr.road.relative_gap);
      rec.road_iterations += pr.road.iterations;
      const auto [car_st, truck_st] = network.truck_share_flows(pr.road);
      car_day += car_st / tp.peak_hour_factor;
      truck_day += truck_st / tp.peak_hour_factor;
    }
    if (same_but_car_minutes(skims, choice_basis)) {
      for (std::size_t k = 0; k < kPurposeCount; ++k)
        tour_car_minutes(skims, p.periods, k, choice_skims[k]);
    } else {
      choice_skims = purpose_skims(skims, p);
      choice_basis = skims;
    }
    rec.road_gap = worst_gap;
    // Freight calibration: scale through trucks toward the target truck share (weekday) on the
    // statistic's links.
    run.summary.truck_share = car_day + truck_day > 0.0 ? truck_day / (car_day + truck_day) : 0.0;
    // Updated only while off by more than 1 % of the target, so a calibrated truck matrix stays
    // fixed and does not keep the demand change above the tolerance. The scale is bounded: if the
    // through trucks do not reach the statistic's links the share cannot respond.
    const auto& share = p.freight.truck_share;
    if (p.freight.calibrate && share && truck_day > 0.0 && freight.through.sum() > 0.0 &&
        std::abs(run.summary.truck_share - share->target) > 0.01 * share->target) {
      const double target = share->target;
      const double want = target / (1.0 - target) * car_day;
      truck_scale = std::clamp(truck_scale * std::clamp(want / truck_day, 0.25, 4.0), 0.01, 100.0);
    }
    rec.seconds = elapsed();
    run.history.push_back(rec);
    if (on_loop) on_loop(rec);
    // Converged: the demand settled and every period's road assignment of these skims met the
    // final gap.
    if (demand_settled && worst_gap <= fb.final_road_gap) {
      run.converged = true;
      break;
    }
  }
  run.border_penalty_utils = border.penalty;
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    run.border_penalty_by_purpose[k] = purpose_border_penalty(p, k, border.penalty);
  }
  run.bonus_utils = border.bonus;
  run.feedback_tolerance = fb.tolerance;
  run.final_demand_change = run.history.empty() ? 0.0 : run.history.back().demand_change;
  run.final_road_gap = worst_gap;
  run.through_truck_scale = truck_scale;
  run.truck_weekday = truck_prev;
  double aec_weighted = 0.0;
  double vehicles = 0.0;
  for (std::size_t t = 0; t < np; ++t) {
    auto& pr = run.periods[t];
    pr.skims = skims[t];
    const double v = (pr.car_hour.sum() + pr.truck_hour.sum()) / pr.peak_hour_factor;
    aec_weighted += v * pr.road.average_excess_cost;
    vehicles += v;
  }
  run.average_excess_cost_min = vehicles > 0.0 ? aec_weighted / vehicles : 0.0;
  run.skims = run.periods.front().skims;
  run.road = run.periods.front().road;
  run.car_peak_hour = run.periods.front().car_hour;
  run.truck_peak_hour = run.periods.front().truck_hour;

  // Results per purpose: weekday and first-period matrices, logsums, the skims of the choice.
  auto& sm = run.summary;
  for (std::size_t k = 0; k < kPurposeCount; ++k) {
    auto& pr = run.purposes[k];
    const Skims& sk = choice_skims[k];
    for (std::size_t m = 0; m < kModeCount; ++m) {
      pr.weekday[m] = avg.trips[k][m];
      pr.am_peak[m] = avg.trips[k][m] * p.periods.front().outbound_share[k];
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
            km += x * sk.bike_km(i, j);
            minutes += x * sk.bike_minutes(i, j);
          } else if (m == index(Mode::walk)) {
            km += x * sk.walk_km(i, j);
            minutes += x * sk.walk_minutes(i, j);
          } else if (m == index(Mode::car)) {
            km += x * sk.car_km(i, j);
            minutes += x * sk.car_minutes(i, j);
          } else {
            km += x * sk.car_km(i, j);
            minutes += x * (sk.pt_in_vehicle_minutes(i, j) + sk.pt_wait_minutes(i, j) +
                            sk.pt_walk_minutes(i, j));
          }
        }
      }
      sm.trips[k][m] = trips;
      sm.avg_km[k][m] = trips > 0.0 ? km / trips : 0.0;
      sm.avg_minutes[k][m] = trips > 0.0 ? minutes / trips : 0.0;
      sm.total_trips += trips;
    }
    pr.logsum = avg.logsum[k];
    pr.skims = sk;
  }
  for (std::size_t m = 0; m < kModeCount; ++m) {
    double t = 0.0;
    for (std::size_t k = 0; k < kPurposeCount; ++k) t += sm.trips[k][m];
    sm.mode_share[m] = sm.total_trips > 0.0 ? t / sm.total_trips : 0.0;
  }
  OdMatrix commute = OdMatrix::Zero(n, n);
  for (std::size_t m = 0; m < kModeCount; ++m) commute += avg.trips[index(Purpose::commute)][m];
  sm.truck_trips = run.truck_weekday.sum();
  for (std::size_t k = 0; k < p.border.targets.size(); ++k) {
    const auto& t = p.border.targets[k];
    const double flow = flows_between(commute, s.targets[k].from, s.targets[k].to, nullptr);
    sm.commute_flows.emplace_back(t.id, flow);
    const bool fitted = p.border.calibrate && has_penalty_target(s) &&
                        (!s.targets[k].bonus || bonus_calibrated(s, p.border, k));
    run.calibration.push_back({t.name, t.trips, flow, fitted});
  }
  if (const auto& share = p.freight.truck_share) {
    run.calibration.push_back({"truck share on the " + share->label + " (weekday)", share->target,
                               sm.truck_share, p.freight.calibrate});
  }

  // PT loads by period: each period's person trips of both legs (outbound shares i→j, return
  // shares j→i) and its part of the through rail trips (in proportion to its PT service hours),
  // each on the period's network.
  double pt_hours = 0.0;
  for (const auto& tp : p.periods) pt_hours += tp.pt_service_hours;
  std::vector<OdMatrix> pt_period = pt_trips_by_period(avg, skims, p.periods);
  for (std::size_t t = 0; t < np; ++t) {
    if (run.through.pt.size() == pt_period[t].size()) {
      pt_period[t] += run.through.pt * (p.periods[t].pt_service_hours / pt_hours);
    }
  }
  if (options.pt_loads) run.pt = network.assign_pt_periods(pt_period);
  double rail_journeys = 0.0;
  for (double x : run.pt.rail_access_weekday) rail_journeys += x;
  for (std::size_t c = 0; c < run.pt.rail_access_weekday.size(); ++c) {
    run.summary.rail_access_share[c] =
        rail_journeys > 0.0 ? run.pt.rail_access_weekday[c] / rail_journeys : 0.0;
  }
  if (options.keep_bushes) {
    for (std::size_t t = 0; t < np; ++t) run.road_bushes.push_back(network.road_state(t));
  }
  run.zones = std::move(zones);
  run.seconds = elapsed();
  return run;
}

}  // namespace corridor::demand
