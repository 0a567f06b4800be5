#pragma once
// Shared TNTP fixtures for tests: the Braess network written inline (same numbers as the shipped
// Braess-Example; equilibrium by hand) and a loader for the shared instances as one demand class.
//
//   auto net = corridor::io::parse_tntp_network(corridor::test::kBraessNet, "braess_net.tntp");
//   auto in = corridor::test::load_tntp_instance("SiouxFalls", "SiouxFalls");
#include <string>

#include "assignment/types.hpp"
#include "io/tntp.hpp"
#include "test_data.hpp"

namespace corridor::test {

inline constexpr const char* kBraessNet = R"(<NUMBER OF ZONES> 2
<NUMBER OF NODES> 4
<FIRST THRU NODE> 1
<NUMBER OF LINKS> 5
<END OF METADATA>
~ init term cap length fftt b power speed toll type ;
1 3 1 100 0.00000001 1000000000 1 0 0 1 ;
1 4 1 100 50 0.02 1 0 0 1 ;
3 2 1 100 50 0.02 1 0 0 1 ;
3 4 1 100 10 0.1 1 0 0 1 ;
4 2 1 100 0.00000001 1000000000 1 0 0 1 ;
)";

inline constexpr const char* kBraessTrips =
    "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 6.0\n<END OF METADATA>\nOrigin 1\n 1 : 0.0; 2 : 6.0;\n";

struct TntpInstance {
  network::RoadNetwork net;
  assignment::DemandClass demand;
};

// Reads tntp/<folder>/<stem>_net.tntp and _trips.tntp from the shared data as one demand class.
inline TntpInstance load_tntp_instance(const std::string& folder, const std::string& stem,
                                       double distance_factor = 0.0) {
  const auto dir = tntp_instance(folder);
  TntpInstance in;
  in.net = io::read_tntp_network(dir / (stem + "_net.tntp"));
  in.demand.trips = io::read_tntp_trips(dir / (stem + "_trips.tntp"), in.net).trips;
  in.demand.weights.distance_factor = distance_factor;
  return in;
}

}  // namespace corridor::test
