#include "network/vdf.hpp"

namespace corridor::network {
namespace {

double conical_beta(double alpha) { return (2.0 * alpha - 1.0) / (2.0 * alpha - 2.0); }

// G(w) = ∫ sqrt(α² w² + β²) dw = w/2 · sqrt(α²w² + β²) + β²/(2α) · asinh(α w / β)
double conical_g(double alpha, double beta, double w) {
  return 0.5 * w * std::sqrt(alpha * alpha * w * w + beta * beta) +
         beta * beta / (2.0 * alpha) * std::asinh(alpha * w / beta);
}

}  // namespace

double conical_factor(double alpha, double x) {
  const double beta = conical_beta(alpha);
  const double w = 1.0 - x;
  return 2.0 + std::sqrt(alpha * alpha * w * w + beta * beta) - alpha * w - beta;
}

double conical_slope(double alpha, double x) {
  const double beta = conical_beta(alpha);
  const double w = 1.0 - x;
  return alpha - alpha * alpha * w / std::sqrt(alpha * alpha * w * w + beta * beta);
}

double conical_integral(double alpha, double x) {
  // ∫0^x f = (2 − β) x − α (x − x²/2) + G(1) − G(1 − x)   (substituting w = 1 − u)
  const double beta = conical_beta(alpha);
  return (2.0 - beta) * x - alpha * (x - 0.5 * x * x) + conical_g(alpha, beta, 1.0) -
         conical_g(alpha, beta, 1.0 - x);
}

void compute_link_times(const RoadNetwork& net, std::span<const double> flow,
                        std::span<double> time) {
  const auto t0 = net.free_flow_minutes();
  const auto cap = net.capacity();
  const auto al = net.alpha();
  const auto be = net.beta();
  const auto kind = net.vdf();
  for (std::size_t a = 0; a < time.size(); ++a) {
    time[a] = link_time(kind[a], t0[a], cap[a], al[a], be[a], flow[a]);
  }
}

void compute_link_slopes(const RoadNetwork& net, std::span<const double> flow,
                         std::span<double> slope) {
  const auto t0 = net.free_flow_minutes();
  const auto cap = net.capacity();
  const auto al = net.alpha();
  const auto be = net.beta();
  const auto kind = net.vdf();
  for (std::size_t a = 0; a < slope.size(); ++a) {
    slope[a] = link_time_slope(kind[a], t0[a], cap[a], al[a], be[a], flow[a]);
  }
}

double beckmann_objective(const RoadNetwork& net, std::span<const double> flow) {
  const auto t0 = net.free_flow_minutes();
  const auto cap = net.capacity();
  const auto al = net.alpha();
  const auto be = net.beta();
  const auto kind = net.vdf();
  double z = 0.0;
  for (std::size_t a = 0; a < flow.size(); ++a) {
    z += link_time_integral(kind[a], t0[a], cap[a], al[a], be[a], flow[a]);
  }
  return z;
}

void compute_fixed_costs(const RoadNetwork& net, CostWeights w, std::span<double> fixed) {
  const auto toll = net.toll();
  const auto len = net.length();
  for (std::size_t a = 0; a < fixed.size(); ++a) {
    fixed[a] = w.toll_factor * toll[a] + w.distance_factor * len[a];
  }
}

}  // namespace corridor::network
