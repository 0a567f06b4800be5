#pragma once
// Small networks for the matrix-estimation tests, written inline (TNTP text):
// - kLineNet: zone 1 -> node 3 -> node 4 -> zone 2, no congestion (BPR b = 0): one OD, one path,
//   the flow on 3->4 equals the trips 1->2, so the estimate has a closed form.
// - grid_net(): four corner zones on a congested 3 x 3 grid (BPR 0.15, power 4, capacity 100):
//   several routes per OD pair are used at equilibrium.
#include <string>

namespace corridor::test {

inline constexpr const char* kLineNet = R"(<NUMBER OF ZONES> 2
<NUMBER OF NODES> 4
<FIRST THRU NODE> 3
<NUMBER OF LINKS> 3
<END OF METADATA>
~ init term cap length fftt b power speed toll type ;
1 3 1000 1 1 0 1 0 0 1 ;
3 4 1000 1 5 0 1 0 0 1 ;
4 2 1000 1 1 0 1 0 0 1 ;
)";

// Two routes from zone 1 to zone 2: A over 3 -> 2 at a constant 10 minutes, B over 4 -> 2 with
// t = 5 (1 + (v / 200)^4). With 300 trips, A carries 100 and B 200 (both 10 minutes); while A is
// used, B stays at 200 whatever the demand, so A takes all of a change in demand although it
// carries only a third of it: the linearised flow change (fixed proportions) is 3 times too small.
inline constexpr const char* kTwoRouteNet = R"(<NUMBER OF ZONES> 2
<NUMBER OF NODES> 4
<FIRST THRU NODE> 3
<NUMBER OF LINKS> 4
<END OF METADATA>
~ init term cap length fftt b power speed toll type ;
1 3 100000 1 0 0 1 0 0 1 ;
3 2 100000 1 10 0 1 0 0 1 ;
1 4 100000 1 0 0 1 0 0 1 ;
4 2 200 1 5 1 4 0 0 1 ;
)";

inline std::string line_trips(double trips_1_to_2) {
  return "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> " + std::to_string(trips_1_to_2) +
         "\n<END OF METADATA>\nOrigin 1\n 2 : " + std::to_string(trips_1_to_2) + ";\n";
}

// Zones 1..4 at the corners of a 3 x 3 grid of nodes 5..13 (node 5 + 3 row + col).
inline std::string grid_net() {
  std::string links;
  int n = 0;
  auto add = [&](int a, int b, double cap, double fftt, double alpha) {
    links += std::to_string(a) + " " + std::to_string(b) + " " + std::to_string(cap) + " 1 " +
             std::to_string(fftt) + " " + std::to_string(alpha) + " 4 0 0 1 ;\n";
    ++n;
  };
  const int corner_zone[4] = {1, 2, 3, 4};
  const int corner_node[4] = {5, 7, 11, 13};
  for (int z = 0; z < 4; ++z) {
    add(corner_zone[z], corner_node[z], 100000, 0.5, 0.0);
    add(corner_node[z], corner_zone[z], 100000, 0.5, 0.0);
  }
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      const int v = 5 + 3 * r + c;
      const double t = 1.0 + 0.1 * ((r + 2 * c) % 3);
      if (c < 2) {
        add(v, v + 1, 100, t, 0.15);
        add(v + 1, v, 100, t, 0.15);
      }
      if (r < 2) {
        add(v, v + 3, 100, t + 0.05, 0.15);
        add(v + 3, v, 100, t + 0.05, 0.15);
      }
    }
  }
  return "<NUMBER OF ZONES> 4\n<NUMBER OF NODES> 13\n<FIRST THRU NODE> 5\n<NUMBER OF LINKS> " +
         std::to_string(n) + "\n<END OF METADATA>\n" + links;
}

// Every ordered pair of the four zones, 100 + 20 (r + s) trips.
inline std::string grid_trips() {
  std::string s = "<NUMBER OF ZONES> 4\n<END OF METADATA>\n";
  for (int r = 1; r <= 4; ++r) {
    s += "Origin " + std::to_string(r) + "\n";
    for (int c = 1; c <= 4; ++c) {
      if (c != r) s += " " + std::to_string(c) + " : " + std::to_string(100 + 20 * (r + c)) + ";";
    }
    s += "\n";
  }
  return s;
}

}  // namespace corridor::test
