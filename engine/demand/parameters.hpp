#pragma once
// Parameters of the four-step travel demand model (generation, distribution, mode choice,
// assignment with skim feedback) and of freight, loaded from a TOML file and validated once.
// Every default below is the value documented, with its source, in docs/demand-model.md and in
// scenarios/brainport-kempen/demand.toml; the file may override any of them.
//
// Units: trips per resident (or per job) per average weekday; times in minutes; distances in km;
// money in euro (2022 prices); utilities are dimensionless ("utils").
//
// Conventions
// - Person-trip matrices are production→attraction (PA): row = home end for home-based purposes
//   (commute, education, other), the zone of the employer's base for business. One PA trip per
//   weekday stands for the outbound leg; the return leg mirrors it (mode shares and averages are
//   the same for both legs), so "trips" below are outbound trips.
// - Generalized minutes for a mode = time + weighted components + cost × 60 / value_of_time.
//   Mode utility V_m = asc_m − theta · generalized minutes_m (theta in utils per minute).
//
//   auto p = corridor::demand::load_demand_parameters("scenarios/brainport-kempen/demand.toml");
//   p.validate();   // load_* already did; call again after editing fields in code
#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "demand/periods.hpp"

namespace corridor::demand {

enum class Purpose : std::uint8_t { commute = 0, business = 1, education = 2, other = 3 };
inline constexpr std::size_t kPurposeCount = 4;
enum class Mode : std::uint8_t { car = 0, pt = 1, bike = 2, walk = 3 };
inline constexpr std::size_t kModeCount = 4;

const char* purpose_name(Purpose p);
const char* mode_name(Mode m);
inline constexpr std::size_t index(Purpose p) { return static_cast<std::size_t>(p); }
inline constexpr std::size_t index(Mode m) { return static_cast<std::size_t>(m); }

// Per purpose: generation, distribution and mode choice.
struct PurposeParameters {
  // Generation (outbound trips per average weekday): productions = per_resident · population
  // (+ per_job · jobs for business); attraction weights = attr_per_job · jobs + attr_per_resident
  // · population, scaled to the production total (balanced).
  double trips_per_resident = 0.0;
  double trips_per_job = 0.0;
  double attr_per_job = 1.0;
  double attr_per_resident = 0.0;
  // Car occupancy (persons per car) for the conversion person trips → vehicles.
  double car_occupancy = 1.1;
  // Distribution: destination utility = dest_scale · logsum_ij + ln(attraction_j)
  // − border_penalty · [i, j in different countries]. dest_scale in (0, 1]: the ratio of the
  // mode-choice scale to the destination-choice scale (nested logit, Ben-Akiva & Lerman 1985).
  double dest_scale = 1.0;
  bool doubly_constrained = false;  // commute: true (Furness); others: singly (production) constr.
  // Mode choice.
  double theta_per_min = 0.05;                             // utils per generalized minute
  double value_of_time_eur_h = 10.0;                       // euro per hour
  std::array<double, kModeCount> asc{0.0, 0.0, 0.0, 0.0};  // car, pt, bike, walk (car = 0)
  // Perceived share of the PT fare ([pt] fare_factor_<purpose>): employer reimbursement of
  // commuting, the students' free travel (studentenreisproduct); 1 = full fare.
  double pt_fare_factor = 1.0;
};

struct ModeParameters {
  double car_cost_eur_km = 0.20;         // variable car cost (fuel, wear) per vehicle-km
  double car_terminal_min = 4.0;         // parking + walk at both ends, added to car time
  double pt_fare_base_eur = 1.08;        // boarding fare
  double pt_fare_eur_km = 0.17;          // per road-km of the trip
  double pt_wait_weight = 1.5;           // generalized min per min waiting (transit skims use own)
  double pt_walk_weight = 1.5;           // per min access/egress/transfer walking
  double pt_transfer_penalty_min = 5.0;  // per boarding after the first
  double bike_speed_kmh = 16.0;          // conventional + e-bike mix on road distance
  double bike_detour = 1.0;              // bike distance / shortest road distance
  double bike_time_weight = 1.0;         // generalized min per bike minute (up to the threshold)
  double bike_long_km = 10.0;            // beyond this, every extra km costs bike_long_penalty_min
  double bike_long_penalty_min = 4.0;    // generalized min per km beyond bike_long_km
  double bike_max_km = 40.0;             // unavailable beyond (nobody cycles 40 km to work)
  // Walk (a whole trip on foot): the bike route's distance (motorways excluded) × walk_detour at
  // walk_speed_kmh; beyond walk_long_km every extra km costs walk_long_penalty_min; unavailable
  // beyond walk_max_km. Intrazonal: the zone's mean distance (intrazonal.hpp) at the same speed.
  double walk_speed_kmh = 4.8;          // generalized_cost.hpp; docs/demand-model.md "Walk"
  double walk_detour = 1.0;             // walk distance / bike-route distance
  double walk_time_weight = 1.0;        // generalized min per walking minute
  double walk_long_km = 1.5;            // ODiN: walking falls off beyond ~1–1.5 km
  double walk_long_penalty_min = 10.0;  // generalized min per km beyond walk_long_km
  double walk_max_km = 5.0;             // unavailable beyond
  // Intrazonal trips (demand/intrazonal.hpp): mean distance from the zone's size × this detour,
  // at intrazonal_car_kmh by car and bike_speed_kmh by bike; fixed, not read from the network.
  double intrazonal_detour = 1.3;    // network / crow-fly distance inside a zone
  double intrazonal_car_kmh = 30.0;  // urban access speed (same as the centroid connectors)
};

// Public transport: waiting at low frequencies, access/egress by walk, bike and park-and-ride,
// perceived fares by purpose ([pt] in demand.toml; docs/public-transport.md has the sources).
// Mapped onto transit::TransitParams by demand::transit_params (pt_mapping.hpp), the one mapping
// every caller uses; the PT weights of [modes] (pt_wait_weight, pt_walk_weight,
// pt_transfer_penalty_min) go through it too.
struct PtParameters {
  // Effective headway H(h) = min(h, T) + slope · max(0, h − T), capped (transit/network.hpp).
  double wait_factor = 0.5;             // wait = factor × combined effective headway
  double headway_threshold_min = 10.0;  // T: random arrivals below (Fan & Machemehl 2009: ~11)
  double headway_slope = 0.5;           // beyond T each headway minute counts half (practice)
  double max_effective_headway_min = std::numeric_limits<double>::infinity();  // cap (none)
  double boarding_penalty_min = 0.0;  // every boarding (transfers: modes.pt_transfer_penalty_min)
  // Walking to and from stops and between stops (weight: modes.pt_walk_weight).
  double walk_speed_kmh = 4.8;
  double walk_detour = 1.3;
  double walk_max_km = 2.0;  // centroid → stop on foot (stops in the zone always)
  double transfer_walk_max_km = 0.4;
  double fallback_access_km = 15.0;  // a zone without any link: its nearest stop
  // Bike to stops with bike parking; bike egress (OV-fiets, second bike) at rail stations.
  double bike_speed_kmh = 15.0;
  double bike_detour = 1.3;
  double bike_weight = 1.5;
  double bike_max_km = 10.0;  // 0 = no bike access
  double bike_parking_min = 5.0;
  double bike_egress_weight = 1.5;
  double bike_egress_max_km = 8.0;  // 0 = no bike egress
  double bike_egress_fixed_min = 8.0;
  // Park-and-ride to stops with P+R (car cost per km: modes.car_cost_eur_km).
  double pr_speed_kmh = 40.0;
  double pr_detour = 1.3;
  double pr_weight = 1.5;
  double pr_max_km = 20.0;  // 0 = no park-and-ride
  double pr_parking_min = 6.0;
  double pr_penalty_min = 15.0;  // per P+R use: the change of mode (generalized min)
  double pr_parking_eur = 0.0;
  double pr_value_of_time_eur_h = 11.0;
  // Access/egress mode choice at a stop (transit/network.hpp): a logit among walk, bike and P+R
  // at scale access_logit_scale (utils per generalized minute; 0 = the cheapest mode only), with
  // constants in generalized minutes relative to walking; the PT skim reads its logsum.
  double access_logit_scale = 0.15;
  double access_bike_const_min = 0.0;
  double access_pr_const_min = 0.0;
  // The perceived share of the fare per purpose is PurposeParameters::pt_fare_factor, read from
  // the keys fare_factor_commute, fare_factor_business, ... of this section.
};

// Border resistance: a utility penalty on cross-country destination choices (both directions),
// the border effect of commuting gravity models (Persyn & Torfs 2016, J. Econ. Geography 16(1)),
// calibrated to commute targets between named zone sets (region.toml [zone_sets]):
//
//   [[border.targets]]            # a "penalty" target: fits the common border penalty
//   id = "a_to_b"                 # key in summary.json cross_border_commuters
//   name = "A residents -> B, home-work trips/weekday"   # row of the calibration table
//   from = "A"                    # zone set of the residents (home end)
//   to = "B"                      # zone set of the workplaces
//   trips = 3000.0                # home->work trips per average weekday
//   [[border.targets]]            # a "bonus" target: its own attraction bonus on its pairs
//   id = "a_to_city"; from = "A"; to = "city"; trips = 1000.0
//   bonus = "city"                # parameter name: summary.json city_bonus_utils
//   bonus_utils = 0.0             # value used when not calibrated
//   calibrate = true              # false: the target is a check only
//
// The commute margins of each side (the zone sets of the penalty targets, disjoint) are balanced to
// its resident workers plus the net in-commuting Σ trips into it − Σ trips out of it, so the
// direction asymmetry is carried by the labour markets; a direction-specific penalty would not be
// identified on top of per-side margins (only the sum of the two is). When `calibrate` is set,
// run_model fits the penalty so that the penalty targets' pairs (without the calibrated bonus
// targets' pairs) carry Σ penalty trips − Σ calibrated bonus trips, and each calibrated bonus to
// its own target (block constraints of the commute Furness, kernels.hpp). A bonus target's pairs
// must be pairs of a penalty target. Without targets nothing is calibrated.
struct CommuteTarget {
  std::string id;
  std::string name;
  std::string from;  // zone set names
  std::string to;
  double trips = 0.0;
  std::string bonus;         // empty: a penalty target
  double bonus_utils = 0.0;  // bonus target: value when not calibrated (or after fixed_calibration)
  bool calibrate = true;
  std::size_t line = 0;  // in DemandParameters::source, for messages
  // Zone indices of `from` and `to`: filled by resolve_zone_sets (from the region's sets) or
  // directly (synthetic zones in tests). Ascending.
  std::vector<std::uint32_t> from_zones;
  std::vector<std::uint32_t> to_zones;
};

// Border resistance per purpose ([border] penalty_utils_<purpose>, utils on cross-country pairs).
// The commute value is the one the targets calibrate (start value when `calibrate`). Another
// purpose uses its own value when the file gives one (fixed, or fitted by `corridor calibrate`
// through its key) and otherwise follows `purpose_rule`:
//   theta:   b_q = b_commute · (dest_scale_q · theta_q) / (dest_scale_c · theta_c), the same
//            border resistance in generalized minutes as commuting (the time-equivalent border
//            effect of gravity models, Persyn & Torfs 2016), so purposes that shun long trips
//            shun the border as much as they shun its equivalent detour;
//   commute: b_q = b_commute (one penalty for every purpose: the model before per-purpose values).
enum class BorderPurposeRule : std::uint8_t { theta = 0, commute = 1 };

struct BorderParameters {
  // Per purpose; [commute] always set, the others empty = follow purpose_rule.
  std::array<std::optional<double>, kPurposeCount> penalty_utils{2.0, std::nullopt, std::nullopt,
                                                                 std::nullopt};
  BorderPurposeRule purpose_rule = BorderPurposeRule::theta;
  bool calibrate = true;
  std::vector<CommuteTarget> targets;
  double search_max_utils = 12.0;  // |calibrated value| above this: an Error (no fit)
  double search_tolerance = 1e-3;  // unused since the block Furness (kept for files)
  // External zones produce and attract this fraction of their land use (the part of a big city
  // just outside the cordon that interacts with the model area); external↔external person trips
  // are not modelled.
  double external_weight = 0.15;
};

// Averaging of the OD matrices between loops: D_k = D_{k−1} + λ_k (D̂_k − D_{k−1}).
//   msa: λ_k = 1/k (Boyce, O'Neill & Scherr 2008);
//   sra: self-regulated averaging, λ_k = 1/β_k with β growing by sra_fast when the demand change
//        did not fall and by sra_slow when it did (Liu, He & He 2009, Networks and Spatial
//        Economics 9(4)): the same convergent step-size family, far fewer loops in practice.
//   fixed: λ_k = fixed_step (a damped fixed-point iteration: converges linearly when the
//          demand → skims → demand map is a contraction, which a mildly congested region is;
//          the only way to reach tolerances near 1e-6 in tens of loops, since MSA/SRA steps
//          vanish and their error decays like 1/k).
enum class Averaging : std::uint8_t { msa = 0, sra = 1, fixed = 2 };

struct FeedbackParameters {
  double tolerance = 1e-6;  // relative L1 change of all person and truck matrices between loops
  Averaging averaging = Averaging::fixed;
  double sra_fast = 1.5;
  double sra_slow = 0.3;
  double fixed_step = 0.6;
  int max_loops = 60;
  // Road assignment (Algorithm B, Dial 2006): the gap of loop k is
  // clamp(road_gap_ratio × demand change of loop k−1, final_road_gap, road_gap): loose while the
  // demand still moves, and the run only stops once a loop met both the demand tolerance and
  // final_road_gap (scenario differences must not drown in solver noise).
  double road_gap = 1e-4;
  double final_road_gap = 1e-10;
  double road_gap_ratio = 1e-3;
  int road_max_iterations = 500;
};

// Trucks: through traffic between external zones (through routes) plus local freight generated by
// jobs. Assigned as class "truck" with pce in the same multi-class solve as cars.
struct ThroughRoute {
  std::string from;  // zone names (case-insensitive)
  std::string to;
  double trucks_per_day = 0.0;  // both directions together, half each way
  std::size_t line = 0;
};

// A truck-share statistic: the flow-weighted truck share of weekday-equivalent flows on the links
// whose name contains `link_name` or whose GMNS link_id is in `link_ids`.
struct TruckShareStatistic {
  std::string label;  // e.g. "A67": "truck share on the A67", summary.json a67_truck_share
  std::string link_name;
  std::vector<std::int64_t> link_ids;
  double target = 0.30;  // calibrated with FreightParameters::calibrate
};

struct FreightParameters {
  std::vector<ThroughRoute> through_routes;  // [[freight.through_routes]]
  double local_trucks_per_job = 0.06;        // truck trip ends per job per weekday, both ends
  double truck_theta_per_min = 0.03;         // gravity deterrence exp(−θ t) for local trucks
  double pce = 2.0;
  // Calibration of the through routes' volumes (one common scale) to the truck share statistic
  // (e.g. FACTS §2: 25–40 % on a motorway); without a statistic nothing is calibrated.
  bool calibrate = true;
  std::optional<TruckShareStatistic> truck_share;  // [freight.truck_share]
};

// Through traffic between external zones (demand/through_demand.hpp). Each external zone is the
// gateway of a wider area (population, jobs and centre given here, not in zones.csv, so the
// external zones' weight on internal trips is unchanged). Only the listed pairs are generated:
// the pairs whose route runs through the region (road and rail separately).
struct ThroughArea {
  std::string zone;         // name of the external zone that is the gateway (case-insensitive)
  std::string country;      // of the wider area (NL, BE, DE): the border factor applies between
  double population = 0.0;  // persons in the wider area
  double jobs = 0.0;
  double lat = 0.0;  // the wider area's population centre, degrees WGS84
  double lon = 0.0;
};
struct ThroughParameters {
  std::vector<ThroughArea> areas;
  std::vector<std::pair<std::string, std::string>> road_pairs;  // area zone names
  std::vector<std::pair<std::string, std::string>> rail_pairs;
  double distance_exponent = 2.0;         // gravity M_a M_b / d^γ
  double border_factor = 0.3;             // × per pair of areas in different countries
  double road_detour = 1.2;               // network / crow-fly distance between area centres
  double car_vehicles_per_weekday = 0.0;  // all road pairs, both directions
  double truck_share = 0.30;              // trucks / (cars + trucks) of through road traffic
  double rail_trips_per_weekday = 0.0;    // all rail pairs, both directions, person trips
  // External zones' own trips may stay in their area (the diagonal cell is a destination), so
  // their weighted trips are not all forced onto the internal zones next to them.
  bool external_intrazonal = true;
};

struct DemandParameters {
  std::array<PurposeParameters, kPurposeCount> purposes = default_purposes();
  ModeParameters modes;
  BorderParameters border;
  FeedbackParameters feedback;
  FreightParameters freight;
  ThroughParameters through;
  PtParameters pt;
  // Time of day ([[periods]], demand/periods.hpp): departure shares per purpose and leg, trucks'
  // and through cars' shares, the assigned hour's share and the PT headways of each period.
  std::vector<TimePeriod> periods = default_periods();
  std::string source;  // file the values came from ("defaults" when built in code)

  static std::array<PurposeParameters, kPurposeCount> default_purposes();
  [[nodiscard]] const PurposeParameters& purpose(Purpose p) const { return purposes[index(p)]; }
  // Throws corridor::InputError (file = source, field = TOML key) for an out-of-range value.
  void validate() const;
};

// The border penalty of purpose q given the commute penalty (calibrated or given): its own value
// when the file gives one, else by border.purpose_rule (BorderParameters).
double purpose_border_penalty(const DemandParameters& p, std::size_t purpose,
                              double commute_penalty);

// Reads a TOML file with the sections [commute], [business], [education], [other], [modes],
// [border] (with [[border.targets]]), [feedback], [freight] (with [[freight.through_routes]] and
// [freight.truck_share]), [pt], [[periods]]; keys not given keep their default. Unknown keys are
// errors (typos must not silently keep a default). Validates.
DemandParameters load_demand_parameters(const std::filesystem::path& path);
DemandParameters parse_demand_parameters(std::string_view toml_text, const std::string& file_name);

}  // namespace corridor::demand
