#include "road_input.hpp"

#include <filesystem>
#include <utility>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "io/omx.hpp"
#include "io/tntp.hpp"

namespace corridor::cli {

RoadInput read_road_input(const std::string& network, const std::vector<std::string>& trips,
                          std::optional<double> toll_factor,
                          std::optional<double> distance_factor) {
  RoadInput in;
  const std::filesystem::path path(network);
  auto weights_for = [&](std::optional<double> toll, std::optional<double> dist) {
    network::CostWeights w;
    w.toll_factor = toll.value_or(toll_factor.value_or(0.0));
    w.distance_factor = dist.value_or(distance_factor.value_or(0.0));
    return w;
  };
  if (corridor::is_directory(path)) {
    auto g = io::read_gmns_network(path);
    std::vector<std::string> files = trips;
    if (files.empty()) files.push_back((path / "demand.csv").string());
    for (const auto& f : files) {
      assignment::DemandClass c;
      c.name = std::filesystem::path(f).stem().string();
      // FILE.omx:MATRIX (e.g. `corridor demand`'s od_am_peak.omx:car_vehicles_peak_hour).
      const auto colon = f.rfind(".omx:");
      if (colon != std::string::npos) {
        c.name = f.substr(colon + 5);
        c.trips = io::read_omx_matrix(f.substr(0, colon + 4), c.name, g.network.zone_count(),
                                      [&](std::int64_t id) { return g.zone_index(id); });
      } else {
        // FILE.csv:MODE[:TIME_PERIOD] (e.g. a batch's network/demand.csv:auto:am).
        std::string file = f;
        const auto select = io::parse_gmns_demand_selection(file);
        if (!select.mode.empty() || !select.time_period.empty()) {
          c.name = select.mode + (select.time_period.empty() ? "" : "_" + select.time_period);
        }
        c.trips = io::read_gmns_demand(file, g, select);
      }
      c.weights = weights_for(std::nullopt, std::nullopt);
      in.classes.push_back(std::move(c));
    }
    in.net = std::move(g.network);
    in.gmns = std::move(g);
  } else {
    in.net = io::read_tntp_network(path);
    std::vector<std::string> files = trips;
    if (files.empty()) {
      std::string name = path.filename().string();
      const auto at = name.rfind("_net.tntp");
      if (at == std::string::npos) {
        throw InputError({path.string(), 0, "--trips"},
                         "expected --trips FILE (cannot derive a _trips.tntp name)");
      }
      name.replace(at, 9, "_trips.tntp");
      files.push_back((path.parent_path() / name).string());
    }
    for (const auto& f : files) {
      auto t = io::read_tntp_trips(f, in.net);
      assignment::DemandClass c;
      c.name = std::filesystem::path(f).stem().string();
      c.trips = std::move(t.trips);
      c.weights = weights_for(t.toll_factor, t.distance_factor);
      in.classes.push_back(std::move(c));
    }
  }
  return in;
}

}  // namespace corridor::cli
