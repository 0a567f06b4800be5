// `corridor demand FOLDER --out DIR [--params FILE] [--threads N]`: runs the base demand model of a
// region (generation, distribution with border resistance, mode choice, road + PT assignment,
// skim feedback, freight) and writes the OD matrices (OMX + CSV), skims and DIR/summary.json.
// Prints trips by purpose and mode, shares, average length and time and the calibration table.

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/progress.hpp"
#include "demand/model_run.hpp"
#include "io/omx.hpp"
#include "model/region_model.hpp"
#include "thread_limit.hpp"

namespace corridor::cli {

namespace {

struct DemandConfig {
  std::string folder;
  std::string out;
  std::string params;
  int threads = 0;
};

// summary.json key of a truck-share statistic: "A67" -> "a67_truck_share".
std::string truck_share_key(const demand::DemandParameters& p) {
  std::string key = p.freight.truck_share ? p.freight.truck_share->label + "_" : "";
  for (char& c : key) {
    c = std::isalnum(static_cast<unsigned char>(c))
            ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
            : '_';
  }
  return key + "truck_share";
}

// The bonus utilities of the border targets that have one, as "<bonus>_bonus_utils" keys.
void put_bonuses(nlohmann::json& j, const demand::DemandParameters& p,
                 const std::vector<double>& bonus) {
  for (std::size_t k = 0; k < p.border.targets.size() && k < bonus.size(); ++k) {
    const auto& name = p.border.targets[k].bonus;
    if (!name.empty()) j[name + "_bonus_utils"] = bonus[k];
  }
}

void write_outputs(const DemandConfig& cfg, const demand::ModelRun& run,
                   const demand::DemandParameters& params) {
  namespace fs = std::filesystem;
  using demand::index;
  const fs::path out(cfg.out);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw Error("cannot create output folder " + out.string() + ": " + ec.message());
  io::OmxWriteSet base;
  for (std::size_t z = 0; z < run.zones.size(); ++z) {
    base.zone_numbers.push_back(static_cast<std::int64_t>(z + 1));
    base.zone_names.push_back(run.zones[z].name);  // /lookup/zone_name for GIS and matrix tools
  }
  io::OmxWriteSet weekday = base;
  io::OmxWriteSet peak = base;
  io::OmxWriteSet logsums = base;
  for (std::size_t k = 0; k < demand::kPurposeCount; ++k) {
    const std::string p = demand::purpose_name(static_cast<demand::Purpose>(k));
    for (std::size_t m = 0; m < demand::kModeCount; ++m) {
      const std::string name = p + "_" + demand::mode_name(static_cast<demand::Mode>(m));
      weekday.matrices.push_back({name, run.purposes[k].weekday[m]});
      peak.matrices.push_back({name, run.purposes[k].am_peak[m]});
    }
    logsums.matrices.push_back({p, run.purposes[k].logsum});
  }
  weekday.matrices.push_back({"truck", run.truck_weekday});
  peak.matrices.push_back({"car_vehicles_peak_hour", run.car_peak_hour});
  peak.matrices.push_back({"truck_peak_hour", run.truck_peak_hour});
  // Every period's assigned hour (car_vehicles_hour_NAME, truck_hour_NAME).
  for (const auto& pr : run.periods) {
    peak.matrices.push_back({"car_vehicles_hour_" + pr.name, pr.car_hour});
    peak.matrices.push_back({"truck_hour_" + pr.name, pr.truck_hour});
  }
  io::OmxWriteSet skims = base;
  const auto& s = run.skims;
  skims.matrices = {{"car_minutes", s.car_minutes},
                    {"car_km", s.car_km},
                    {"bike_minutes", s.bike_minutes},
                    {"bike_km", s.bike_km},
                    {"walk_minutes", s.walk_minutes},
                    {"walk_km", s.walk_km},
                    {"pt_in_vehicle_minutes", s.pt_in_vehicle_minutes},
                    {"pt_wait_minutes", s.pt_wait_minutes},
                    {"pt_walk_minutes", s.pt_walk_minutes},
                    {"pt_boardings", s.pt_boardings},
                    {"pt_generalized_minutes", s.pt_generalized_minutes}};
  io::write_omx(out / "od_weekday.omx", weekday);
  io::write_matrices_csv(out / "od_weekday.csv", weekday);
  io::write_omx(out / "od_am_peak.omx", peak);
  io::write_matrices_csv(out / "od_am_peak.csv", peak);
  io::write_omx(out / "skims.omx", skims);
  io::write_omx(out / "logsums.omx", logsums);

  nlohmann::json j;
  const auto& sm = run.summary;
  for (std::size_t m = 0; m < demand::kModeCount; ++m) {
    j["mode_shares"][demand::mode_name(static_cast<demand::Mode>(m))] = sm.mode_share[m];
  }
  j["rail_access_share"] = {{"walk", sm.rail_access_share[0]},
                            {"bike", sm.rail_access_share[1]},
                            {"car", sm.rail_access_share[2]},
                            {"pt_feeder", sm.rail_access_share[3]}};
  j["cross_border_commuters"] = nlohmann::json::object();
  for (const auto& [id, trips] : sm.commute_flows) j["cross_border_commuters"][id] = trips;
  j["total_trips_weekday"] = sm.total_trips;
  for (std::size_t k = 0; k < demand::kPurposeCount; ++k) {
    auto& jp = j["purposes"][demand::purpose_name(static_cast<demand::Purpose>(k))];
    for (std::size_t m = 0; m < demand::kModeCount; ++m) {
      jp[demand::mode_name(static_cast<demand::Mode>(m))] = {{"trips", sm.trips[k][m]},
                                                             {"avg_km", sm.avg_km[k][m]},
                                                             {"avg_minutes", sm.avg_minutes[k][m]}};
    }
  }
  j["freight"] = {{"truck_trips_weekday", sm.truck_trips},
                  {truck_share_key(params), sm.truck_share},
                  {"through_truck_scale", run.through_truck_scale}};
  j["border_penalty_utils"] = run.border_penalty_utils;
  for (std::size_t k = 0; k < demand::kPurposeCount; ++k) {
    j["border_penalty_utils_by_purpose"][demand::purpose_name(static_cast<demand::Purpose>(k))] =
        run.border_penalty_by_purpose[k];
  }
  put_bonuses(j, params, run.bonus_utils);
  for (const auto& c : run.calibration) {
    j["calibration"].push_back(
        {{"name", c.name}, {"target", c.target}, {"model", c.model}, {"calibrated", c.calibrated}});
  }
  j["feedback"] = {{"converged", run.converged},
                   {"loops", run.history.size()},
                   {"tolerance", run.feedback_tolerance},
                   {"final_demand_change", run.final_demand_change},
                   {"final_road_gap", run.final_road_gap}};
  for (const auto& h : run.history) {
    nlohmann::json jh = {{"loop", h.loop},
                         {"demand_change", h.demand_change},
                         {"road_gap", h.road_gap},
                         {"road_iterations", h.road_iterations},
                         {"road_gap_target", h.road_gap_target},
                         {"border_penalty_utils", h.border_penalty_utils},
                         {"seconds", h.seconds}};
    put_bonuses(jh, params, h.bonus_utils);
    j["feedback"]["history"].push_back(std::move(jh));
  }
  j["road"] = {{"relative_gap", run.road.relative_gap},
               {"iterations", run.road.iterations},
               {"unassigned_demand", run.road.unassigned_demand}};
  // Time of day: each period's own equilibrium and its PT boardings.
  for (std::size_t t = 0; t < run.periods.size(); ++t) {
    const auto& pr = run.periods[t];
    double pt = 0.0;
    if (t < run.pt.line_boardings_period.size()) {
      for (const double b : run.pt.line_boardings_period[t]) pt += b;
    }
    j["periods"].push_back({{"name", pr.name},
                            {"hours", pr.hours},
                            {"peak_hour_factor", pr.peak_hour_factor},
                            {"car_vehicles_hour", pr.car_hour.sum()},
                            {"truck_vehicles_hour", pr.truck_hour.sum()},
                            {"car_vehicles_period", pr.car_hour.sum() / pr.peak_hour_factor},
                            {"truck_vehicles_period", pr.truck_hour.sum() / pr.peak_hour_factor},
                            {"relative_gap", pr.road.relative_gap},
                            {"iterations", pr.road.iterations},
                            {"pt_boardings", pt}});
  }
  for (std::size_t l = 0; l < run.pt.line_names.size(); ++l) {
    j["pt_line_boardings_weekday"][run.pt.line_names[l]] = run.pt.line_boardings_weekday[l];
    if (l < run.pt.line_boardings_peak_hour.size()) {
      j["pt_line_boardings_peak_hour"][run.pt.line_names[l]] = run.pt.line_boardings_peak_hour[l];
    }
    if (l < run.pt.line_boardings_offpeak_hour.size()) {
      j["pt_line_boardings_offpeak_hour"][run.pt.line_names[l]] =
          run.pt.line_boardings_offpeak_hour[l];
    }
  }
  for (std::size_t k = 0; k < run.pt.stop_ids.size(); ++k) {
    j["pt_stop_weekday"][run.pt.stop_ids[k]] = {
        {"boardings", run.pt.stop_boardings_weekday[k]},
        {"alightings", run.pt.stop_alightings_weekday[k]},
        {"rail_boardings", run.pt.stop_rail_boardings_weekday[k]},
        {"rail_alightings", run.pt.stop_rail_alightings_weekday[k]}};
  }
  for (std::size_t c = 0; c < run.pt.rail_access_weekday.size(); ++c) {
    static constexpr const char* kAccess[] = {"walk", "bike", "car", "pt_feeder"};
    j["rail_access_weekday"][kAccess[c]] = run.pt.rail_access_weekday[c];
  }
  j["seconds"] = run.seconds;
  write_file_atomically(out / "summary.json", j.dump(2) + "\n");
}

void print_report(const demand::ModelRun& run, const demand::DemandParameters& params) {
  using demand::index;
  const auto& sm = run.summary;
  std::printf("%-10s %-5s %12s %7s %8s %8s\n", "purpose", "mode", "trips/day", "share", "avg km",
              "avg min");
  for (std::size_t k = 0; k < demand::kPurposeCount; ++k) {
    double total = 0.0;
    for (std::size_t m = 0; m < demand::kModeCount; ++m) total += sm.trips[k][m];
    for (std::size_t m = 0; m < demand::kModeCount; ++m) {
      std::printf("%-10s %-5s %12.0f %6.1f%% %8.1f %8.1f\n",
                  demand::purpose_name(static_cast<demand::Purpose>(k)),
                  demand::mode_name(static_cast<demand::Mode>(m)), sm.trips[k][m],
                  total > 0 ? 100.0 * sm.trips[k][m] / total : 0.0, sm.avg_km[k][m],
                  sm.avg_minutes[k][m]);
    }
  }
  std::printf("all trips %.0f/weekday: car %.1f%%  pt %.1f%%  bike %.1f%%  walk %.1f%%\n",
              sm.total_trips, 100 * sm.mode_share[index(demand::Mode::car)],
              100 * sm.mode_share[index(demand::Mode::pt)],
              100 * sm.mode_share[index(demand::Mode::bike)],
              100 * sm.mode_share[index(demand::Mode::walk)]);
  std::printf(
      "rail journeys by access to the train: walk %.1f%%  bike %.1f%%  car (P+R) %.1f%%  "
      "PT feeder %.1f%%\n",
      100 * sm.rail_access_share[0], 100 * sm.rail_access_share[1], 100 * sm.rail_access_share[2],
      100 * sm.rail_access_share[3]);
  if (!sm.commute_flows.empty()) {
    std::printf("cross-border home-work trips/weekday:");
    for (std::size_t k = 0; k < sm.commute_flows.size(); ++k) {
      const auto& t = params.border.targets[k];
      std::printf("  %s->%s %.0f", t.from.c_str(), t.to.c_str(), sm.commute_flows[k].second);
    }
    std::printf("\n");
  }
  std::printf("trucks %.0f/weekday; border penalty (utils) commute %.3f", sm.truck_trips,
              run.border_penalty_utils);
  for (std::size_t k = 1; k < demand::kPurposeCount; ++k) {
    std::printf(", %s %.3f", demand::purpose_name(static_cast<demand::Purpose>(k)),
                run.border_penalty_by_purpose[k]);
  }
  for (std::size_t k = 0; k < params.border.targets.size() && k < run.bonus_utils.size(); ++k) {
    const auto& name = params.border.targets[k].bonus;
    if (!name.empty()) std::printf(", %s bonus %.3f utils", name.c_str(), run.bonus_utils[k]);
  }
  std::printf("\n");
  std::printf("\ncalibration                                              target      model\n");
  for (const auto& c : run.calibration) {
    std::printf("%-52s %10.3f %10.3f%s\n", c.name.c_str(), c.target, c.model,
                c.calibrated ? "  (calibrated)" : "  (check)");
  }
  std::printf(
      "\nfeedback: %s after %zu loops, demand change %.2e (tolerance %.0e), road gap %.2e, "
      "%.3f s\n",
      run.converged ? "converged" : "NOT converged", run.history.size(), run.final_demand_change,
      run.feedback_tolerance, run.final_road_gap, run.seconds);
}

}  // namespace

void add_demand_command(CLI::App& app) {
  auto cfg = std::make_shared<DemandConfig>();
  auto* cmd = app.add_subcommand(
      "demand", "Run the base demand model (four steps with skim feedback) and write OD matrices");
  cmd->add_option("folder", cfg->folder, "Region model folder")->required();
  cmd->add_option("--out", cfg->out, "Output folder (OMX, CSV, summary.json)")->required();
  cmd->add_option("--params", cfg->params,
                  "Demand parameters TOML (default: FOLDER/demand.toml if present)");
  cmd->add_option("--threads", cfg->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->callback([cfg] {
    const auto threads = limit_threads(cfg->threads);
    const auto region = model::load_region_model(cfg->folder);
    std::filesystem::path params_path = cfg->params;
    if (params_path.empty() && corridor::path_exists(region.folder / "demand.toml")) {
      params_path = region.folder / "demand.toml";
    }
    const auto params = params_path.empty() ? demand::DemandParameters{}
                                            : demand::load_demand_parameters(params_path);
    Progress progress("demand");
    const auto run = demand::run_model(region, params, [&](const demand::LoopRecord& r) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "loop %d  demand change %.2e  road gap %.2e", r.loop,
                    r.demand_change, r.road_gap);
      progress.update(buf);
    });
    progress.finish();
    write_outputs(*cfg, run, params);
    print_report(run, params);
    std::fflush(stdout);
  });
}

}  // namespace corridor::cli
