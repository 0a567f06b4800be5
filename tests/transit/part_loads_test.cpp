// A part of the demand loaded over the same strategies (TransitAssignOptions::part): by hand on
// the paper's example, and against the slow reference (the part assigned on its own) on random
// synthetic regions.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "core/error.hpp"
#include "synthetic_network.hpp"
#include "transit/transit.hpp"
#include "transit_fixtures.hpp"

namespace corridor::transit {
namespace {

// Spiess & Florian's example (paper_example_test.cpp): one unit A → B splits ½ line 1, ½ line 2,
// and at Y 1/12 boards line 3, 5/12 line 4; from Y itself the split is 1/6 line 3, 5/6 line 4.
// Demand: 6 A → B (the part) + 12 Y → B.
TEST(PartLoads, PaperExampleByHand) {
  const auto f = test::paper_example();
  const TransitParams params = test::paper_params();
  const auto net = build_transit_network(f.data, f.zones, params, Period::peak);
  OdMatrix demand = OdMatrix::Zero(4, 4);
  demand(test::kA, test::kB) = 6.0;
  demand(test::kY, test::kB) = 12.0;
  OdMatrix part = OdMatrix::Zero(4, 4);
  part(test::kA, test::kB) = 6.0;
  const auto r = assign_transit(net, params, demand, {.skims = false, .part = &part});

  const std::vector<double> all{3.0, 3.0, 0.5 + 2.0, 2.5 + 10.0};
  const std::vector<double> cross{3.0, 3.0, 0.5, 2.5};
  ASSERT_EQ(r.part_loads.line_boardings.size(), 4u);
  for (std::size_t l = 0; l < 4; ++l) {
    EXPECT_NEAR(r.loads.line_boardings[l], all[l], 1e-12) << l;
    EXPECT_NEAR(r.part_loads.line_boardings[l], cross[l], 1e-12) << l;
  }
  // Line 4's only segment Y → B: 12.5 passengers, of them 2.5 from A (a share of 0.2).
  for (std::size_t s = 0; s < net.segment_route.size(); ++s) {
    if (net.routes[net.segment_route[s]].line != 3) continue;
    EXPECT_NEAR(r.loads.segment_passengers[s], 12.5, 1e-12);
    EXPECT_NEAR(r.part_loads.segment_passengers[s], 2.5, 1e-12);
  }
  EXPECT_NEAR(r.part_loads.stop_boardings[test::kY], 3.0, 1e-12);
  EXPECT_NEAR(r.loads.stop_boardings[test::kY], 15.0, 1e-12);
  EXPECT_EQ(r.part_unassigned_demand, 0.0);
}

// Zones split into two "countries" by index; the part is the pairs across them. The part's loads
// equal those of assigning the part alone (same additions in the same order: bit-identical),
// the demand's loads are unchanged by the part, and for 1 and 2 threads alike.
TEST(PartLoads, EqualTheSeparateAssignmentOfThePart) {
  for (std::uint64_t seed : {3u, 17u, 42u}) {
    const auto syn = test::synthetic_region(200, 20, 40, 30.0, seed);
    TransitParams p;
    const auto net = build_transit_network(syn.data, syn.zones, p, Period::peak);
    test::SplitMix rng(seed + 7);
    const Eigen::Index nz = net.zone_count;
    OdMatrix demand(nz, nz);
    for (Eigen::Index i = 0; i < demand.size(); ++i) demand.data()[i] = 5.0 * rng.uniform();
    OdMatrix cross = demand;
    for (Eigen::Index i = 0; i < nz; ++i) {
      for (Eigen::Index j = 0; j < nz; ++j) {
        if ((i < nz / 2) == (j < nz / 2)) cross(i, j) = 0.0;
      }
    }
    const auto alone = assign_transit(net, p, cross, {.skims = false});
    const auto plain = assign_transit(net, p, demand, {.skims = false});
    for (int threads : {1, 2}) {
      tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                             static_cast<std::size_t>(threads));
      const auto r = assign_transit(net, p, demand, {.skims = false, .part = &cross});
      EXPECT_GT(alone.assigned_demand, 0.0);
      EXPECT_EQ(r.part_loads.arc_volume, alone.loads.arc_volume) << seed;
      EXPECT_EQ(r.part_loads.line_boardings, alone.loads.line_boardings) << seed;
      EXPECT_EQ(r.part_loads.segment_passengers, alone.loads.segment_passengers) << seed;
      EXPECT_EQ(r.part_loads.stop_boardings, alone.loads.stop_boardings) << seed;
      EXPECT_EQ(r.part_unassigned_demand, alone.unassigned_demand) << seed;
      EXPECT_EQ(r.loads.arc_volume, plain.loads.arc_volume) << seed;
      EXPECT_EQ(r.total_generalized_cost, plain.total_generalized_cost) << seed;
      EXPECT_EQ(r.rail_access, plain.rail_access) << seed;
      // Linear: the rest of the demand carries the rest of every load.
      const auto rest = assign_transit(net, p, demand - cross, {.skims = false});
      for (std::size_t s = 0; s < r.loads.segment_passengers.size(); ++s) {
        EXPECT_NEAR(r.loads.segment_passengers[s],
                    r.part_loads.segment_passengers[s] + rest.loads.segment_passengers[s],
                    1e-9 * (1.0 + r.loads.segment_passengers[s]));
      }
    }
  }
}

TEST(PartLoads, NoPartLeavesThemEmptyAndAWrongSizeThrows) {
  const auto f = test::paper_example();
  const auto p = test::paper_params();
  const auto net = build_transit_network(f.data, f.zones, p, Period::peak);
  OdMatrix demand = OdMatrix::Zero(4, 4);
  demand(test::kA, test::kB) = 1.0;
  EXPECT_TRUE(assign_transit(net, p, demand).part_loads.line_boardings.empty());
  const OdMatrix wrong = OdMatrix::Zero(3, 3);
  EXPECT_THROW(assign_transit(net, p, demand, {.part = &wrong}), Error);
  OdMatrix neg = OdMatrix::Zero(4, 4);
  neg(1, 2) = -1.0;
  EXPECT_THROW(assign_transit(net, p, demand, {.part = &neg}), Error);
}

}  // namespace
}  // namespace corridor::transit
