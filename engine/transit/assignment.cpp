#include "transit/assignment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "transit/strategy.hpp"

namespace corridor::transit {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kMaxExamples = 100;

struct ThreadScratch {
  explicit ThreadScratch(const TransitNetwork& net) : ws(net) {}
  StrategyWorkspace ws;
  StrategyComponents comp;
  std::vector<double> column;
  std::vector<double> part_column;
};

struct Context {
  const TransitNetwork* net;
  WaitModel wait;
  const OdMatrix* demand;  // may be empty
  const OdMatrix* part;    // may be null
  TransitSkims* skims;     // may be null
  parallel::PerWorker<ThreadScratch>* scratch;
};

// Column d of `m` without the intrazonal cell, into `column`; returns its sum.
double destination_column(const OdMatrix& m, std::uint32_t d, std::vector<double>& column) {
  const auto Z = static_cast<std::uint32_t>(m.rows());
  column.resize(Z);
  double sum = 0.0;
  for (std::uint32_t o = 0; o < Z; ++o) {
    column[o] = (o == d) ? 0.0 : m(o, d);
    sum += column[o];
  }
  return sum;
}

void add_into(std::vector<double>& into, std::vector<double>& from) {
  if (into.empty()) {
    into.swap(from);
  } else if (!from.empty()) {
    for (std::size_t a = 0; a < into.size(); ++a) into[a] += from[a];
  }
}

// Arc volumes and totals of a chunk of destinations [lo, hi), in destination order; the chunks'
// totals are joined in chunk order, the same for any thread count.
class DestinationBody {
 public:
  explicit DestinationBody(const Context& ctx) : ctx_(&ctx) {}

  void add(std::uint32_t lo, std::uint32_t hi) {
    const TransitNetwork& net = *ctx_->net;
    const bool has_demand = ctx_->demand->size() > 0;
    ThreadScratch& t = ctx_->scratch->local();
    const std::uint32_t Z = net.zone_count;
    for (std::uint32_t d = lo; d != hi; ++d) {
      const double to_d = has_demand ? destination_column(*ctx_->demand, d, t.column) : 0.0;
      const double part_to_d = ctx_->part ? destination_column(*ctx_->part, d, t.part_column) : 0.0;
      if (!ctx_->skims && to_d == 0.0 && part_to_d == 0.0) continue;
      compute_strategy(net, ctx_->wait, d, t.ws);
      if (part_to_d != 0.0) {  // the part over the same strategy, into its own volumes
        if (part_arc_volume_.empty()) part_arc_volume_.assign(net.arc_count(), 0.0);
        part_unassigned +=
            load_strategy(net, ctx_->wait, t.ws, t.part_column, part_arc_volume_, nullptr);
      }
      if (ctx_->skims) {
        strategy_components(net, ctx_->wait, t.ws, t.comp);
        TransitSkims& s = *ctx_->skims;
        for (std::uint32_t o = 0; o < Z; ++o) {
          const bool reach = t.ws.u[o] < kInf;
          s.generalized_cost(o, d) = t.ws.u[o];
          s.in_vehicle_min(o, d) = reach ? t.comp.in_vehicle_min[o] : kInf;
          s.wait_min(o, d) = reach ? t.comp.wait_min[o] : kInf;
          s.walk_min(o, d) = reach ? t.comp.walk_min[o] : kInf;
          s.boardings(o, d) = reach ? t.comp.boardings[o] : kInf;
        }
      }
      if (to_d == 0.0) continue;
      if (arc_volume_.empty()) arc_volume_.assign(net.arc_count(), 0.0);
      unassigned +=
          load_strategy(net, ctx_->wait, t.ws, t.column, arc_volume_, &wait_total, &rail_access);
      for (std::uint32_t o = 0; o < Z; ++o) {
        const double g = t.column[o];
        if (g <= 0.0 || o == d) continue;
        if (t.ws.u[o] == kInf) {
          ++unreachable_pairs;
          if (examples.size() < kMaxExamples) examples.emplace_back(o, d);
        } else {
          generalized_total += g * t.ws.u[o];
        }
      }
    }
  }

  void join(DestinationBody& right) {
    add_into(arc_volume_, right.arc_volume_);
    add_into(part_arc_volume_, right.part_arc_volume_);
    unassigned += right.unassigned;
    part_unassigned += right.part_unassigned;
    for (std::size_t c = 0; c < kRailAccessCount; ++c) rail_access[c] += right.rail_access[c];
    wait_total += right.wait_total;
    generalized_total += right.generalized_total;
    unreachable_pairs += right.unreachable_pairs;
    for (const auto& e : right.examples) {
      if (examples.size() < kMaxExamples) examples.push_back(e);
    }
  }

  std::vector<double> arc_volume_;
  std::vector<double> part_arc_volume_;
  double unassigned = 0.0;
  double part_unassigned = 0.0;
  double wait_total = 0.0;
  double generalized_total = 0.0;
  RailAccessVolumes rail_access{};
  std::uint64_t unreachable_pairs = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> examples;

 private:
  const Context* ctx_;
};

// Throws unless `m` is Z × Z with finite values >= 0.
void check_demand(const OdMatrix& m, std::uint32_t Z, const char* what) {
  if (m.rows() != Z || m.cols() != Z) {
    throw Error(std::string("transit assignment: ") + what + " matrix is " +
                std::to_string(m.rows()) + "×" + std::to_string(m.cols()) + ", the network has " +
                std::to_string(Z) + " zones");
  }
  for (Eigen::Index o = 0; o < m.rows(); ++o) {
    for (Eigen::Index d = 0; d < m.cols(); ++d) {
      const double g = m(o, d);
      if (!(std::isfinite(g) && g >= 0.0)) {
        throw Error(std::string("transit assignment: ") + what + " (" + std::to_string(o) + ", " +
                    std::to_string(d) + ") is not a finite number >= 0");
      }
    }
  }
}

// Stop, line and segment loads from the arc volumes (empty = none).
TransitLoads loads_from_arcs(const TransitNetwork& net, std::vector<double>&& arc_volume,
                             double* in_vehicle_min) {
  TransitLoads loads;
  loads.arc_volume = std::move(arc_volume);
  loads.arc_volume.resize(net.arc_count(), 0.0);
  loads.segment_passengers.assign(net.segment_route.size(), 0.0);
  loads.stop_boardings.assign(net.stop_count, 0.0);
  loads.stop_alightings.assign(net.stop_count, 0.0);
  loads.stop_rail_boardings.assign(net.stop_count, 0.0);
  loads.stop_rail_alightings.assign(net.stop_count, 0.0);
  loads.line_boardings.assign(net.line_count, 0.0);
  loads.line_passenger_minutes.assign(net.line_count, 0.0);
  for (std::uint32_t a = 0; a < net.arc_count(); ++a) {
    const double v = loads.arc_volume[a];
    if (v == 0.0) continue;
    switch (net.arc_kind[a]) {
      case ArcKind::board:
        loads.stop_boardings[net.arc_stop[a]] += v;
        loads.line_boardings[net.arc_line[a]] += v;
        if (net.line_is_rail[net.arc_line[a]]) loads.stop_rail_boardings[net.arc_stop[a]] += v;
        break;
      case ArcKind::alight:
        loads.stop_alightings[net.arc_stop[a]] += v;
        if (net.line_is_rail[net.arc_line[a]]) loads.stop_rail_alightings[net.arc_stop[a]] += v;
        break;
      case ArcKind::in_vehicle:
        loads.segment_passengers[net.arc_segment[a]] += v;
        loads.line_passenger_minutes[net.arc_line[a]] += v * net.arc_time_min[a];
        *in_vehicle_min += v * net.arc_time_min[a];
        break;
      default:
        break;
    }
  }
  return loads;
}

}  // namespace

TransitAssignmentResult assign_transit(const TransitNetwork& net, const TransitParams& params,
                                       const OdMatrix& demand,
                                       const TransitAssignOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint32_t Z = net.zone_count;
  TransitAssignmentResult result;
  if (demand.size() > 0) {
    check_demand(demand, Z, "demand");
    for (Eigen::Index o = 0; o < demand.rows(); ++o) {
      for (Eigen::Index d = 0; d < demand.cols(); ++d) {
        result.total_demand += demand(o, d);
        if (o == d) result.intrazonal_demand += demand(o, d);
      }
    }
  }
  if (options.part) check_demand(*options.part, Z, "part demand");
  if (options.skims) {
    for (OdMatrix* m :
         {&result.skims.in_vehicle_min, &result.skims.wait_min, &result.skims.walk_min,
          &result.skims.boardings, &result.skims.generalized_cost}) {
      m->setZero(Z, Z);
    }
  }

  parallel::PerWorker<ThreadScratch> scratch([&net] { return ThreadScratch(net); });
  Context ctx{
      &net,    WaitModel(params), &demand, options.part, options.skims ? &result.skims : nullptr,
      &scratch};
  const std::uint32_t grain = std::max<std::uint32_t>(1, (Z + 31) / 32);
  std::vector<DestinationBody> chunks((Z + grain - 1) / grain, DestinationBody(ctx));
  parallel::for_chunks(0, Z, grain, [&](std::size_t lo, std::size_t hi) {
    chunks[lo / grain].add(static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(hi));
  });
  DestinationBody body(ctx);
  for (auto& c : chunks) body.join(c);

  result.loads = loads_from_arcs(net, std::move(body.arc_volume_), &result.total_in_vehicle_min);
  if (options.part) {
    double part_in_vehicle_min = 0.0;
    result.part_loads =
        loads_from_arcs(net, std::move(body.part_arc_volume_), &part_in_vehicle_min);
    result.part_unassigned_demand = body.part_unassigned;
  }
  result.unassigned_demand = body.unassigned;
  result.unreachable_pairs = body.unreachable_pairs;
  result.unreachable_examples = std::move(body.examples);
  result.total_wait_min = body.wait_total;
  result.rail_access = body.rail_access;
  result.total_generalized_cost = body.generalized_total;
  result.assigned_demand = result.total_demand - result.intrazonal_demand - body.unassigned;
  result.threads = parallel::max_threads();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

RailAccessVolumes rail_access_shares(const RailAccessVolumes& volumes) {
  double total = 0.0;
  for (double v : volumes) total += v;
  RailAccessVolumes shares{};
  if (total > 0.0) {
    for (std::size_t c = 0; c < kRailAccessCount; ++c) shares[c] = volumes[c] / total;
  }
  return shares;
}

std::vector<double> daily_line_ridership(const TransitData& data, const TransitLoads& peak,
                                         const TransitLoads& offpeak,
                                         const DailyExpansion& expansion) {
  std::vector<double> daily(data.lines.size(), 0.0);
  for (std::size_t l = 0; l < data.lines.size(); ++l) {
    const double hours = data.lines[l].service_hours;
    const double peak_h = std::min(expansion.peak_hours_per_day, hours);
    const double off_h = std::max(0.0, hours - expansion.peak_hours_per_day);
    const double p = l < peak.line_boardings.size() ? peak.line_boardings[l] : 0.0;
    const double q = l < offpeak.line_boardings.size() ? offpeak.line_boardings[l] : 0.0;
    daily[l] = p * peak_h + q * off_h;
  }
  return daily;
}

}  // namespace corridor::transit
