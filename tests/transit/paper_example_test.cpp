// Spiess & Florian (1989), the paper's own example (their Fig. 1): stops A, X, Y, B;
//   line 1  A → B           25 min            headway 6
//   line 2  A → X → Y       7, 6 min          headway 6
//   line 3  X → Y → B       4, 4 min          headway 15
//   line 4  Y → B           10 min            headway 3
// Waiting = 1 / combined frequency, no penalties. Known answer: expected time A → B 27.75 min;
// one unit splits 0.5 line 1 / 0.5 line 2; line 2's riders stay on to Y; at Y 1/12 boards line 3
// and 5/12 line 4.
#include <gtest/gtest.h>

#include "transit/transit.hpp"
#include "transit_fixtures.hpp"

namespace corridor::transit {
namespace {

TEST(PaperExample, LabelAndSplitMatchThePaper) {
  const auto f = test::paper_example();
  const TransitParams params = test::paper_params();
  const auto net = build_transit_network(f.data, f.zones, params, Period::peak);
  OdMatrix demand = OdMatrix::Zero(4, 4);
  demand(test::kA, test::kB) = 1.0;
  const auto r = assign_transit(net, params, demand);

  EXPECT_NEAR(r.skims.generalized_cost(test::kA, test::kB), 27.75, 1e-12);
  EXPECT_NEAR(r.loads.line_boardings[0], 0.5, 1e-12);
  EXPECT_NEAR(r.loads.line_boardings[1], 0.5, 1e-12);
  EXPECT_NEAR(r.loads.line_boardings[2], 1.0 / 12.0, 1e-12);
  EXPECT_NEAR(r.loads.line_boardings[3], 5.0 / 12.0, 1e-12);

  // Segments: line 2 A→X and X→Y carry 0.5 (its riders stay on at X); line 3 only Y→B.
  for (std::size_t s = 0; s < net.segment_route.size(); ++s) {
    const auto line = net.routes[net.segment_route[s]].line;
    const auto from = net.segment_from_stop[s];
    double expected = 0.0;
    if (line == 0 || line == 1) expected = 0.5;
    if (line == 2) expected = from == test::kX ? 0.0 : 1.0 / 12.0;
    if (line == 3) expected = 5.0 / 12.0;
    EXPECT_NEAR(r.loads.segment_passengers[s], expected, 1e-12) << "segment " << s;
  }
  EXPECT_NEAR(r.loads.stop_boardings[test::kA], 1.0, 1e-12);
  EXPECT_NEAR(r.loads.stop_boardings[test::kX], 0.0, 1e-12);
  EXPECT_NEAR(r.loads.stop_boardings[test::kY], 0.5, 1e-12);
  EXPECT_NEAR(r.loads.stop_alightings[test::kY], 0.5, 1e-12);
  EXPECT_NEAR(r.loads.stop_alightings[test::kB], 1.0, 1e-12);

  // Expected components: waiting 3 at A + 0.5 × 2.5 at Y; in-vehicle 0.5×25 + 0.5×(13 + 1/6×4
  // + 5/6×10); boardings 1 + 0.5.
  EXPECT_NEAR(r.skims.wait_min(test::kA, test::kB), 4.25, 1e-12);
  EXPECT_NEAR(r.skims.in_vehicle_min(test::kA, test::kB), 23.5, 1e-12);
  EXPECT_NEAR(r.skims.boardings(test::kA, test::kB), 1.5, 1e-12);
  EXPECT_NEAR(r.skims.walk_min(test::kA, test::kB), 0.0, 1e-12);
  EXPECT_NEAR(r.total_wait_min, 4.25, 1e-12);
  EXPECT_NEAR(r.total_in_vehicle_min, 23.5, 1e-12);
  EXPECT_NEAR(r.total_generalized_cost, 27.75, 1e-12);
  EXPECT_EQ(r.unreachable_pairs, 0u);
  EXPECT_DOUBLE_EQ(r.assigned_demand, 1.0);
}

TEST(PaperExample, LabelsOfIntermediateStops) {
  const auto f = test::paper_example();
  const TransitParams params = test::paper_params();
  const auto net = build_transit_network(f.data, f.zones, params, Period::peak);
  StrategyWorkspace ws(net);
  compute_strategy(net, WaitModel(params), test::kB, ws);
  // From Y: lines 3 and 4 together: 1/(1/15+1/3) + (1/15·4 + 1/3·10)/(6/15) = 2.5 + 9 = 11.5.
  EXPECT_NEAR(ws.label(test::kY), 11.5, 1e-12);
  // From X: line 3 alone (wait 15, ride 8) = 23; line 2 (ride 6, then 11.5 at Y) = 17.5 < 23
  // joins: F = 1/6 + 1/15 = 7/30; u = (1 + 17.5/6 + 8/15) / (7/30).
  EXPECT_NEAR(ws.label(test::kX), (1.0 + 17.5 / 6.0 + 8.0 / 15.0) / (7.0 / 30.0), 1e-12);
  EXPECT_NEAR(ws.label(test::kA), 27.75, 1e-12);
}

}  // namespace
}  // namespace corridor::transit
