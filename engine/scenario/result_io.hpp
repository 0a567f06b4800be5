#pragma once
// Writers of a ScenarioResult (result.hpp) and the strict reader the batch's resume cache uses.
//
// Files of DIR/scenarios/<name>/ (columns in docs/comparing-quick-wins.md):
//   result.json   the Headline (keys as in earlier versions; sum_of_parts is not stored)
//   lines.csv     line,mode,daily_boardings,base_daily_boardings,status,cross_border_boardings
//   segments.csv  line,from_stop,to_stop,daily_passengers,cross_border_passengers
//   links.csv     from_node,to_node,daily_flow,delta_daily_flow,base_daily_flow,peak_speed_kmh,
//                 base_peak_speed_kmh,link_id,name,base_link_id,status (one row per link id)
//   zones.csv     zone,country,corridor,population,hours_saved_per_day,logsum_hours_per_day,
//                 jobs_{car,pt}_{30,45,60}min_{before,after}
//   od.csv        from_zone,to_zone,mode,trips_before,trips_after,delta_trips,gen_minutes_before,
//                 gen_minutes_after,delta_gen_minutes,hours_saved_per_day
//   network/demand.csv  o_zone_id,d_zone_id,volume,mode,time_period: the run's road demand
//                 (DemandRow: vehicles of mode auto|truck in the period's assigned hour), the
//                 GMNS demand table beside the export's node.csv/link.csv (report_writer.hpp);
//                 io::read_gmns_demand reads one mode and period of it back
//   done.json     {"input_hash", "files": {name: content hash}}, written last
// Files of DIR/base/ (the base run of the batch's first scenario, BaseOutputs in result.hpp):
//   links.csv     link_id,name,from_node,to_node,daily_flow,daily_trucks,peak_hour_flow,peak_vc,
//                 flow_P... and vc_P... per period P, facility_type,lanes,plausible_daily_max
//   stops.csv     stop_id,name,daily_boardings,daily_alightings
//   done.json     {"base_hash"}, written last (the batch rewrites the folder when it differs)
// Numbers are written with 6 significant digits (%.6g; empty for +inf), which is exact for a
// rounded result (result.hpp), so reading the files back gives the same ScenarioResult.
// Every file is written atomically (core/atomic_file.hpp: temporary, fsync, rename).
//
// Reading back (read_finished_scenario) is strict: the marker must name the input hash, every
// file must match its content hash, every field must be present with the expected type, and the
// tables read back must render to exactly the bytes on disk. Anything else returns nullopt, and
// the batch recomputes the scenario; a missing field is never read as 0.
//
//   write_scenario_outputs(dir, result, input_hash);
//   std::optional<ScenarioResult> again = read_finished_scenario(dir, input_hash);
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "scenario/result.hpp"

namespace corridor::scenario {

[[nodiscard]] nlohmann::json headline_json(const Headline& h);
// Strict inverse of headline_json; throws corridor::Error naming the first bad key.
[[nodiscard]] Headline headline_from_json(const nlohmann::json& j);

[[nodiscard]] std::string lines_csv(const ScenarioResult& r);
[[nodiscard]] std::string segments_csv(const ScenarioResult& r);
[[nodiscard]] std::string links_csv(const ScenarioResult& r);
[[nodiscard]] std::string zones_csv(const ScenarioResult& r);
[[nodiscard]] std::string od_csv(const ScenarioResult& r);
[[nodiscard]] std::string demand_csv(const ScenarioResult& r);
// Parses the six tables (texts as written above) into `r`; throws corridor::Error or InputError.
void read_tables(const std::string& lines, const std::string& segments, const std::string& links,
                 const std::string& zones, const std::string& od, const std::string& demand,
                 ScenarioResult& r);

[[nodiscard]] std::string base_links_csv(const std::vector<BaseLinkRow>& links,
                                         const std::vector<std::string>& periods);
[[nodiscard]] std::string stops_csv(const std::vector<StopRow>& stops);
void write_base_outputs(const std::filesystem::path& dir, const BaseOutputs& base,
                        const std::string& base_hash);
// True when `dir` holds base outputs whose done.json names `base_hash` and both tables exist.
[[nodiscard]] bool base_outputs_current(const std::filesystem::path& dir,
                                        const std::string& base_hash);

// A run's seven files (the texts above, done.json aside) as one byte string, "<file> <length>\n"
// and the text, for each file in the order above: how another MPI rank sends a result to rank 0
// (engine/distributed/). The inverse is as strict as read_finished_scenario: every text must parse
// and render back to itself, so the result is exactly the one that was sent; throws
// corridor::Error otherwise.
[[nodiscard]] std::string scenario_result_bytes(const ScenarioResult& result);
[[nodiscard]] ScenarioResult scenario_result_from_bytes(std::string_view bytes);

void write_scenario_outputs(const std::filesystem::path& dir, const ScenarioResult& result,
                            const std::string& input_hash);
[[nodiscard]] std::optional<ScenarioResult> read_finished_scenario(const std::filesystem::path& dir,
                                                                   const std::string& input_hash);

}  // namespace corridor::scenario
