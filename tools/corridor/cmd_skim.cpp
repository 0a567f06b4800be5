// `corridor skim FOLDER --mode car|pt --from ZONE --to ZONE [--loaded] [--period P] [--json]`:
// travel time in minutes between two zones of a region model (model/skim.hpp).
//
// car  free-flow shortest path by default; --loaded: after the base demand model's morning-peak
//      road equilibrium (demand::run_model with FOLDER/demand.toml when present, else defaults).
// pt   expected in-vehicle + waiting + walking/access minutes over the optimal strategy (Spiess &
//      Florian 1989) of the period: off-peak by default, peak with --loaded (PT is uncongested,
//      so --loaded changes only the period); --period overrides.
// ZONE is a zone name, a zone id or a municipality (model::find_zone).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "demand/model_run.hpp"
#include "demand/parameters.hpp"
#include "demand/pt_mapping.hpp"
#include "model/region_model.hpp"
#include "model/skim.hpp"
#include "transit/transit_data.hpp"

namespace corridor::cli {
namespace {

struct SkimConfig {
  std::string folder;
  std::string mode;
  std::string from;
  std::string to;
  std::string period;  // empty: by --loaded
  bool loaded = false;
  bool json = false;
};

// Loaded link times (minutes, by LinkId) of the base morning peak hour.
std::vector<double> loaded_link_minutes(const model::RegionModel& region) {
  const auto toml = region.folder / "demand.toml";
  const auto params = corridor::path_exists(toml) ? demand::load_demand_parameters(toml)
                                                  : demand::DemandParameters{};
  auto run = demand::run_model(region, params);
  if (run.road.link_time.size() != region.road.link_count()) {
    throw Error("the base demand model returned no loaded road times");
  }
  return std::move(run.road.link_time);
}

void run_skim(const SkimConfig& c) {
  if (c.mode != "car" && c.mode != "pt") {
    throw InputError({"command line", 0, "--mode"}, "expected car or pt, got '" + c.mode + "'");
  }
  const auto region = model::load_region_model(c.folder);
  const auto from = model::require_zone(region, c.from, "--from");
  const auto to = model::require_zone(region, c.to, "--to");
  const auto& zf = region.zones[from];
  const auto& zt = region.zones[to];

  double minutes = 0.0;
  std::string detail;
  if (c.mode == "car") {
    const auto cost = c.loaded ? model::car_costs(region, loaded_link_minutes(region))
                               : model::car_free_flow_costs(region);
    const auto trip = model::car_trip(region, cost, from, to);
    minutes = trip.minutes;
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s, %.1f km", c.loaded ? "loaded AM peak hour" : "free flow",
                  trip.km);
    detail = buf;
  } else {
    const auto period = !c.period.empty()
                            ? transit::parse_period(c.period)
                            : (c.loaded ? transit::Period::peak : transit::Period::offpeak);
    // The demand model's transit parameters (demand::transit_params, the one mapping), so the
    // skim shown is the one mode choice sees; built-in defaults without a demand.toml.
    const auto toml = region.folder / "demand.toml";
    const auto tp = corridor::path_exists(toml)
                        ? demand::transit_params(demand::load_demand_parameters(toml))
                        : transit::TransitParams{};
    const auto trip = model::pt_trip(region, from, to, period, tp);
    minutes = trip.minutes;
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s; in-vehicle %.1f, wait %.1f, walk/access %.1f, boardings %.2f, "
                  "generalized %.1f",
                  transit::period_name(period), trip.in_vehicle_min, trip.wait_min, trip.walk_min,
                  trip.boardings, trip.generalized_minutes);
    detail = buf;
  }
  if (!std::isfinite(minutes)) {
    throw Error("no " + c.mode + " connection from " + zf.name + " to " + zt.name +
                " (run `corridor validate " + c.folder + "`)");
  }
  if (c.json) {
    // Keys in the contract's order; minutes to 0.01 (printed with %.2f, not as a binary double).
    std::printf("{\"from\":%s,\"to\":%s,\"mode\":%s,\"minutes\":%.2f}\n",
                nlohmann::json(zf.name).dump().c_str(), nlohmann::json(zt.name).dump().c_str(),
                nlohmann::json(c.mode).dump().c_str(), minutes);
  } else {
    std::printf("%s -> %s  %s  %.1f min  (%s)\n", zf.name.c_str(), zt.name.c_str(), c.mode.c_str(),
                minutes, detail.c_str());
  }
}

}  // namespace

void add_skim_command(CLI::App& app) {
  auto c = std::make_shared<SkimConfig>();
  auto* cmd = app.add_subcommand("skim", "Travel time in minutes between two zones, by car or PT");
  cmd->add_option("folder", c->folder, "Region model folder")->required();
  cmd->add_option("--mode", c->mode, "car or pt")->required()->check(CLI::IsMember({"car", "pt"}));
  cmd->add_option("--from", c->from, "Origin: zone name, zone id or municipality")->required();
  cmd->add_option("--to", c->to, "Destination: zone name, zone id or municipality")->required();
  cmd->add_flag("--loaded", c->loaded,
                "Car: times after the base morning-peak road equilibrium (runs the demand model); "
                "PT: peak period");
  cmd->add_option("--period", c->period,
                  "PT period: peak or offpeak (default offpeak; peak with --loaded)")
      ->check(CLI::IsMember({"peak", "offpeak", "off-peak"}));
  cmd->add_flag("--json", c->json, R"(Print {"from":..,"to":..,"mode":..,"minutes":..})");
  cmd->callback([c] { run_skim(*c); });
}

}  // namespace corridor::cli
