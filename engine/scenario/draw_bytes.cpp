// A finished draw as bytes (draw_bytes.hpp).
#include "scenario/draw_bytes.hpp"

#include <cstdint>

#include "core/error.hpp"
#include "core/raw_bytes.hpp"

namespace corridor::scenario {

namespace {

template <class T>
void put(std::string& out, T v) {
  append_raw(out, v);
}

template <class T>
T take(std::string_view& in) {
  T v{};
  if (!take_raw(in, v)) throw Error("draws: a draw's result message is short");
  return v;
}

constexpr std::size_t kRowBytes = 4 * sizeof(double) + 1;

}  // namespace

std::string draw_result_bytes(const DrawResult& r) {
  std::string out;
  out.reserve(16 + r.hash.size() + r.rows.size() * kRowBytes);
  put(out, static_cast<std::uint64_t>(r.model_runs));
  put(out, static_cast<std::uint64_t>(r.feedback_loops));
  put(out, static_cast<std::uint64_t>(r.hash.size()));
  out += r.hash;
  for (const auto& row : r.rows) {
    put(out, row.benefit_eur_per_year);
    put(out, row.benefit_cost_ratio);
    put(out, row.cost_eur);
    put(out, row.investment_eur);
    put(out, static_cast<std::uint8_t>(row.below_noise_floor ? 1 : 0));
  }
  return out;
}

DrawResult draw_result_from_bytes(std::string_view m, std::size_t runs) {
  DrawResult r;
  r.model_runs = static_cast<std::size_t>(take<std::uint64_t>(m));
  r.feedback_loops = static_cast<std::size_t>(take<std::uint64_t>(m));
  const auto n = take<std::uint64_t>(m);
  if (n > m.size()) throw Error("draws: a draw's result message is short");
  r.hash = std::string(m.substr(0, n));
  m.remove_prefix(n);
  if (m.size() != runs * kRowBytes)
    throw Error("draws: a draw's result message has " + std::to_string(m.size()) +
                " bytes of rows for " + std::to_string(runs) + " runs");
  r.rows.resize(runs);
  for (auto& row : r.rows) {
    row.benefit_eur_per_year = take<double>(m);
    row.benefit_cost_ratio = take<double>(m);
    row.cost_eur = take<double>(m);
    row.investment_eur = take<double>(m);
    const auto below = take<std::uint8_t>(m);
    if (below > 1) throw Error("draws: a draw's result message is malformed");
    row.below_noise_floor = below == 1;
  }
  return r;
}

}  // namespace corridor::scenario
