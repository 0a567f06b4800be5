// A finished draw as bytes (scenario/draw_bytes.hpp): rows survive the trip bit for bit (values
// a decimal text would round: 0.1, 1/3, the smallest subnormal, -0.0), the hash, model-run and
// feedback-loop counts too, and a short, long or malformed message is an Error, not a read past
// the end.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "core/error.hpp"
#include "scenario/draw_bytes.hpp"

namespace corridor::scenario {
namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(DrawBytes, RowsHashAndRunsArriveBitForBit) {
  const std::vector<DrawRow> rows{
      {0.1, 1.0 / 3.0, 2.0e7, false, 0.7},
      {-0.0, std::numeric_limits<double>::denorm_min(), 0.0, true, 55.5e6},
  };
  const DrawResult r{"abc123", 12, 77, rows};
  const auto bytes = draw_result_bytes(r);
  // 8 (runs) + 8 (loops) + 8 (hash length) + 6 (hash) + 2 rows × (4 × 8 + 1).
  EXPECT_EQ(bytes.size(), 8u + 8u + 8u + 6u + 2u * 33u);
  const auto back = draw_result_from_bytes(bytes, 2);
  EXPECT_EQ(back.hash, "abc123");
  EXPECT_EQ(back.model_runs, 12u);
  EXPECT_EQ(back.feedback_loops, 77u);
  ASSERT_EQ(back.rows.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(same_bits(back.rows[i].benefit_eur_per_year, rows[i].benefit_eur_per_year));
    EXPECT_TRUE(same_bits(back.rows[i].benefit_cost_ratio, rows[i].benefit_cost_ratio));
    EXPECT_TRUE(same_bits(back.rows[i].cost_eur, rows[i].cost_eur));
    EXPECT_TRUE(same_bits(back.rows[i].investment_eur, rows[i].investment_eur));
    EXPECT_EQ(back.rows[i].below_noise_floor, rows[i].below_noise_floor);
  }
  EXPECT_TRUE(std::signbit(back.rows[1].benefit_eur_per_year));
}

TEST(DrawBytes, MalformedMessagesThrow) {
  const auto bytes = draw_result_bytes({"h", 3, 5, {{1.0, 2.0, 3.0, false}}});
  EXPECT_THROW((void)draw_result_from_bytes(bytes, 2), Error);  // rows for another batch
  EXPECT_THROW((void)draw_result_from_bytes(bytes.substr(0, bytes.size() - 1), 1), Error);
  EXPECT_THROW((void)draw_result_from_bytes(bytes + "x", 1), Error);
  EXPECT_THROW((void)draw_result_from_bytes(bytes.substr(0, 20), 1), Error);
  EXPECT_THROW((void)draw_result_from_bytes("", 0), Error);
  auto flag = bytes;
  flag.back() = 2;  // below_noise_floor must be 0 or 1
  EXPECT_THROW((void)draw_result_from_bytes(flag, 1), Error);
  // A hash length beyond the message.
  auto long_hash = bytes;
  long_hash[16] = static_cast<char>(0x7f);
  EXPECT_THROW((void)draw_result_from_bytes(long_hash, 1), Error);
}

}  // namespace
}  // namespace corridor::scenario
