#pragma once
// Scenario files: what a quick win changes in the region model, as typed edits.
//
// A scenario is a small TOML file (schema in docs/comparing-quick-wins.md):
//
//   name = "hamont-weert"
//   description = "Belgian trains extended from Hamont to Weert"
//   base = "."                       # region folder, relative to this file
//   assumptions = "8 km NL section, 10 min run (FACTS §4 Q2) ..."
//   [[pt.extend_line]]
//   line = "nmbs-mol-hamont"
//   stops = ["weert"]
//   minutes = [10.0]
//   [cost]
//   investment_eur = 55e6
//   operating_eur_per_year = 1e6
//   lifetime_years = 30
//   discount_rate = 0.0225
//   [[cost.item]]                    # shared infrastructure: a combination counts each id once
//   id = "hamont-weert-track"
//   investment_eur = 55.5e6
//   operating_eur_per_year = 0       # optional
//   lifetime_years = 40              # optional, default the scenario's
//
// A scenario's cost is its own [cost] plus its items; a combination's cost is the sum of its
// parts' own [cost] plus each distinct item id once (the same id with different numbers in two
// parts is an InputError). Items are discounted at the scenario's discount_rate.
//
// Reading is strict: unknown keys, wrong types, missing required keys and values out of range are
// corridor::InputErrors naming the file, the line and the key (toml++ keeps source positions).
// References to the region (node ids, link end points, stop and line ids, zone names) are checked
// when the edits are applied (apply.hpp), again with the file, line and the name that is missing.
//
// Units: km, km/h, veh/h per lane, minutes, EUR, years; rates are fractions (0.0225 = 2.25 %).
//
//   auto s = corridor::scenario::read_scenario("scenarios/brainport-kempen/hamont-weert.toml");
//   auto both = corridor::scenario::combine({&a, &b}, "a+b");
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::scenario {

// Where an edit came from, for error messages raised when it is applied.
struct Origin {
  std::string file;
  std::size_t line = 0;
};

// A node created by an edit (id must not exist in the base network).
struct NewNode {
  std::int64_t id = 0;
  double lat = 0.0;
  double lon = 0.0;
};

// Geometry and capacity of a road link written by an edit.
struct LinkProfile {
  std::optional<double> length_km;  // default: great-circle distance × kDetourFactor
  int lanes = 1;                    // per direction
  double speed_kmh = 80.0;
  double capacity_per_lane = 1500.0;  // veh/h per lane
  std::string name;
};

struct AddLink {
  Origin origin;
  std::int64_t from = 0;  // node id as in node.csv (or created by from_new / add_node)
  std::int64_t to = 0;
  std::optional<NewNode> from_new;
  std::optional<NewNode> to_new;
  LinkProfile profile;
  bool both_directions = true;
};

struct ChangeLink {
  Origin origin;
  std::int64_t from = 0;
  std::int64_t to = 0;
  bool both_directions = false;
  std::optional<double> speed_kmh;
  std::optional<int> lanes;
  std::optional<double> capacity_per_lane;
};

struct CloseLink {
  Origin origin;
  std::int64_t from = 0;
  std::int64_t to = 0;
  bool both_directions = true;
};

// A new node placed on an existing link (a→b, and b→a when both_directions), which is split in two
// at `fraction` of its length; the new node is connected to `connect_to` by a new link.
struct AddJunction {
  Origin origin;
  NewNode node;  // lat/lon optional in the file: default interpolated along the link
  bool has_position = false;
  std::int64_t on_from = 0;
  std::int64_t on_to = 0;
  double fraction = 0.5;
  bool both_directions = true;
  std::int64_t connect_to = 0;
  LinkProfile connection;
};

struct AddNode {
  Origin origin;
  NewNode node;
};

struct AddStop {
  Origin origin;
  std::string id;
  std::string name;
  double lat = 0.0;
  double lon = 0.0;
  std::string zone;  // zone it lies in (find_zone query); empty = nearest zone centroid
};

struct AddLine {
  Origin origin;
  std::string id;
  std::string name;
  std::string mode;  // rail | bus | coach | tram
  std::vector<std::string> stops;
  std::vector<double> minutes;  // cumulative minutes from the first stop, one per stop
  double headway_peak_min = 0.0;
  double headway_offpeak_min = 0.0;  // 0 = no off-peak service
  std::optional<double> service_hours;
};

struct ChangeHeadway {
  Origin origin;
  std::string line;
  std::optional<double> headway_peak_min;
  std::optional<double> headway_offpeak_min;
};

// Appends stops at the end (or the start) of a line; `minutes` are run minutes of each new segment.
struct ExtendLine {
  Origin origin;
  std::string line;
  std::vector<std::string> stops;
  std::vector<double> minutes;
  bool at_start = false;
};

// A coordinated ("timed") transfer hub: connections at `stop` are held, so the expected wait of a
// passenger changing there is `wait_factor` times the uncoordinated one (transit::Stop's
// transfer_wait_factor; 1 = no coordination). When several edits coordinate the same stop the
// smallest factor holds.
struct Transfer {
  Origin origin;
  std::string stop;
  double wait_factor = 0.3;
};

struct RemoveLine {
  Origin origin;
  std::string line;
};

struct LandUse {
  Origin origin;
  std::string zone;  // zone name, id or municipality (model::find_zone)
  std::optional<double> population;
  std::optional<double> jobs;
  std::optional<double> population_delta;
  std::optional<double> jobs_delta;
};

// Appraisal and growth parameters; unset values take the batch's or the defaults (appraisal.hpp).
struct Parameters {
  std::map<std::string, double> value_of_time_eur_per_h;  // by purpose
  std::optional<double> population_growth;                // factor on every zone, e.g. 1.05
  std::optional<double> jobs_growth;
  std::optional<double> annualisation;  // weekdays → year
};

struct Cost {
  double investment_eur = 0.0;
  double operating_eur_per_year = 0.0;
  double lifetime_years = 30.0;
  double discount_rate = 0.0225;
  bool given = false;  // false when the file has no [cost] table
};

// A named cost item ([[cost.item]]): infrastructure several scenarios need, counted once in any
// combination. `cost.given` is true; discount rate (and lifetime unless set) are the scenario's.
struct CostItem {
  Origin origin;  // line of the [[cost.item]] table
  std::string id;
  Cost cost;
  // Lines of the investment_eur, operating_eur_per_year and lifetime_years keys (the table's line
  // when a key is absent), for conflict messages.
  std::size_t investment_line = 0;
  std::size_t operating_line = 0;
  std::size_t lifetime_line = 0;
};

struct Edits {
  std::vector<AddNode> add_nodes;
  std::vector<AddLink> add_links;
  std::vector<ChangeLink> change_links;
  std::vector<CloseLink> close_links;
  std::vector<AddJunction> add_junctions;
  std::vector<AddStop> add_stops;
  std::vector<AddLine> add_lines;
  std::vector<ChangeHeadway> change_headways;
  std::vector<ExtendLine> extend_lines;
  std::vector<Transfer> transfers;
  std::vector<RemoveLine> remove_lines;
  std::vector<LandUse> land_use;
  [[nodiscard]] std::size_t count() const;
};

struct Scenario {
  std::filesystem::path file;  // empty for a combination
  std::string name;
  std::string description;
  std::filesystem::path base;  // region folder, absolute or relative to the working directory
  std::string assumptions;
  Edits edits;
  Parameters parameters;
  // The file's own [cost] (items excluded); for a combination the sums of its parts' own [cost].
  Cost cost;
  std::vector<CostItem> cost_items;  // distinct ids, in first-seen order
  std::vector<std::string> parts;    // names of the scenarios combined (one entry when alone)
  std::vector<Cost> own_costs;       // each part's own [cost], one per part
  // Every cost to annuitise separately: own_costs, then each item once. Appraisal sums over these.
  std::vector<Cost> part_costs;
  std::string source_text;  // concatenated file contents, hashed for caching

  // Checks what can be checked without the region (ranges, lengths, duplicates); throws InputError.
  void validate() const;
};

// Great-circle distance × this factor is the default length of a new road link (km).
inline constexpr double kDetourFactor = 1.2;

Scenario read_scenario(const std::filesystem::path& file);
// Parses `text` as if read from `file_name`; relative `base` is resolved against `dir`.
Scenario parse_scenario(std::string_view text, const std::string& file_name,
                        const std::filesystem::path& dir);

// Applies all parts' edits in order; the name is given, own costs add up and each cost item id is
// counted once (appraisal annuitises each entry of part_costs). Throws InputError when two parts
// define the same item id with different numbers.
Scenario combine(const std::vector<const Scenario*>& parts, const std::string& name);

// Names are used as folder names: [a-z0-9] and '-', '_', '+', '.' only, 1..120 characters.
bool valid_scenario_name(std::string_view name);

}  // namespace corridor::scenario
