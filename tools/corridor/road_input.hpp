#pragma once
// Road network and demand classes as `corridor assign` reads them, shared by the commands that
// take --network / --trips (assign, estimate-demand).
//
// PATH is a TNTP `_net.tntp` file (then each trips file is a `_trips.tntp`, one demand class per
// file, default: the `_trips.tntp` beside the net file) or a GMNS folder (default demand:
// demand.csv in it; each trips file is then a GMNS demand csv). A class is named after its
// file's stem. A trips header's <TOLL FACTOR> / <DISTANCE FACTOR> is used for its class; the
// given toll / distance factors apply where the header gives none (default 0).
//
//   auto in = corridor::cli::read_road_input(cfg.network, cfg.trips, {}, {});
//   assignment::solve(in.net, in.classes, options);
#include <optional>
#include <string>
#include <vector>

#include "assignment/types.hpp"
#include "io/gmns.hpp"
#include "network/road_network.hpp"

namespace corridor::cli {

struct RoadInput {
  network::RoadNetwork net;
  std::vector<assignment::DemandClass> classes;
  std::optional<io::GmnsNetwork> gmns;  // zone ids etc. when the input was GMNS (net moved out)
};

RoadInput read_road_input(const std::string& network, const std::vector<std::string>& trips,
                          std::optional<double> toll_factor, std::optional<double> distance_factor);

}  // namespace corridor::cli
