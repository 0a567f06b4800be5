#pragma once
// Time of day: the average weekday as a set of periods (AM peak, PM peak, rest of the day), each
// with its own road equilibrium, PT headways and departure shares. The day is the sum of the
// periods, not a factor times one of them.
//
// Model (docs/demand-model.md, "Time of day")
// - Every purpose's outbound (home→activity) legs and its return legs depart in the periods by
//   fixed shares (ODiN hourly profiles; no time-of-day choice). Period p carries, per purpose k,
//   o_kp · T_k (outbound, i→j) + r_kp · T_kᵀ (return, j→i) person trips, where T_k is the
//   weekday production→attraction matrix. Trucks and through cars have one share per period.
// - Road: each period assigns a representative hour at the links' hourly capacity, its demand =
//   the period's vehicles × peak_hour_factor (the busiest hour's share of the period; Emme/Visum
//   "period-to-hour factor" practice, as LMS/NRM assign the peak hour of their two-hour peaks).
//   The capacities and BPR curves of link.csv are hourly, and spreading a period's demand evenly
//   over capacity × duration would hide the peak of the peak. Period vehicles on a link = hour
//   flow / peak_hour_factor; daily = Σ over periods.
// - PT: each period uses one headway column of lines.csv (`pt_headways` = "peak" | "offpeak");
//   its trips ride over `pt_service_hours` (the hours of the period with service); a line runs
//   in a period for min(its service_hours left, pt_service_hours), peak-headway periods first.
// - Choice: per purpose, mode and destination choice see the level of service of the periods its
//   legs depart in: every skim weighted by the outbound shares (i→j) and the return shares
//   (j→i), ½ each leg (tour_skims). A PT leg whose period has no service is made in the periods
//   that have it (weights renormalised over the periods with finite PT cost).
//   Since the shares are fixed and the generalized cost is linear in the skims, the rule-of-half
//   benefit on these skims equals the sum of the periods' rule-of-half benefits.
//
// Units: hours; shares in [0, 1] summing to 1 over the periods (per purpose and leg, trucks,
// through cars); the periods' hours sum to 24.
//
//   const auto& periods = params.periods;              // [[periods]] of demand.toml
//   Skims s = tour_skims(period_skims, periods, Purpose::commute);
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "transit/transit_data.hpp"

namespace corridor::demand {

struct Skims;
struct ModelRun;
struct DemandParameters;

inline constexpr std::size_t kPeriodPurposes = 4;  // = kPurposeCount (static_assert in .cpp)

struct TimePeriod {
  std::string name;    // "am", "pm", "rest": column suffix of links.csv
  double hours = 0.0;  // duration
  // Per purpose (commute, business, education, other): share of the weekday outbound legs and of
  // the return legs departing in this period.
  std::array<double, kPeriodPurposes> outbound_share{};
  std::array<double, kPeriodPurposes> return_share{};
  double truck_share = 0.0;        // of the weekday trucks (local, freight through, through)
  double through_car_share = 0.0;  // of the weekday through cars (through_demand.hpp)
  double peak_hour_factor = 1.0;   // assigned hour / period demand, in [1 / hours, 1]
  transit::Period pt_headways = transit::Period::offpeak;
  double pt_service_hours = 0.0;  // hours of the period with PT service, in (0, hours]
  std::size_t line = 0;           // in the parameters file (0 = built in)
};

// The built-in periods (the region's values, scenarios/brainport-kempen/demand.toml):
// am 07–09 h, pm 16–18 h, rest of the day (20 h, PT service 14 h).
std::vector<TimePeriod> default_periods();

// Reads the [[periods]] tables of a demand parameters file (its whole TOML text); the defaults
// when it has none. InputError naming `file`, the line and the key (unknown keys too).
std::vector<TimePeriod> parse_periods(std::string_view toml_text, const std::string& file);

// Names unique, hours > 0 summing to 24, shares in [0, 1] summing to 1 over the periods (1e-6),
// peak_hour_factor in [1/hours, 1], pt_service_hours in (0, hours]. InputError on `file`.
void validate_periods(const std::vector<TimePeriod>& periods, const std::string& file);

// Hours each line runs in each period ([period][line]): its service_hours given out to the
// peak-headway periods first, then to the others, at most pt_service_hours each, only where its
// headway of that period is finite.
std::vector<std::vector<double>> line_period_hours(const transit::TransitData& data,
                                                   const std::vector<TimePeriod>& periods);

// The level of service purpose k's choice sees (see the header comment): every matrix of
// `per_period` (one Skims per period) weighted ½ Σ_p (o_kp X_p(i, j) + r_kp X_p(j, i)), the PT
// matrices renormalised over the periods where pt_generalized_minutes is finite.
Skims tour_skims(std::span<const Skims> per_period, const std::vector<TimePeriod>& periods,
                 std::size_t purpose);

// The car times of tour_skims alone (into.car_minutes; bit-identical to tour_skims' matrix): the
// feedback loop's update when only the car times of `per_period` changed.
void tour_car_minutes(std::span<const Skims> per_period, const std::vector<TimePeriod>& periods,
                      std::size_t purpose, Skims& into);

// Weekday vehicles per link of one class (0 car, 1 truck; -1 all): Σ_p flow_p / factor_p, from
// ModelRun::periods. Empty when the run has no road results.
std::vector<double> daily_link_flow(const ModelRun& run, int vehicle_class = -1);
// Vehicles of one period on each link (all classes): hour flow / peak_hour_factor.
std::vector<double> period_link_flow(const ModelRun& run, std::size_t period);

}  // namespace corridor::demand
