// Resource limits (core/memory_budget.hpp): sizes saturate instead of overflowing, a request that
// does not fit is refused with a message naming what and how much, and the environment cap works.
#include "core/memory_budget.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <limits>

#include "core/error.hpp"

namespace corridor {
namespace {

TEST(MemoryBudget, DenseMatrixBytes) {
  EXPECT_EQ(dense_matrix_bytes(100'000, 100'000), 80'000'000'000ull);  // the example
  EXPECT_EQ(dense_matrix_bytes(0, 5), 0u);
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(dense_matrix_bytes(kMax / 2, 3), kMax);
  EXPECT_EQ(dense_matrix_bytes(1ull << 32, 1ull << 32), kMax);  // 2^64 · 8 saturates
}

TEST(MemoryBudget, ShortfallMessage) {
  EXPECT_EQ(memory_shortfall(1000, 2000, "x"), "");
  EXPECT_EQ(memory_shortfall(1900, 2000, "x"),
            "x needs 1.9 kB but only 2.0 kB of memory is available");
  EXPECT_EQ(format_bytes(80'000'000'000ull), "74.5 GB");
  EXPECT_EQ(format_bytes(12), "12 bytes");
}

TEST(MemoryBudget, EnvironmentCapRefusesLargeRequests) {
  ::setenv("CORRIDOR_MEMORY_LIMIT_MB", "100", 1);
  const auto avail = available_memory_bytes();
  ASSERT_TRUE(avail.has_value());
  EXPECT_LE(*avail, 100ull << 20);
  EXPECT_NO_THROW(require_memory(10ull << 20, {"f", 3, "n"}, "ten MB"));
  try {
    require_memory(dense_matrix_bytes(100'000, 100'000), {"trips.tntp", 2, "<NUMBER OF ZONES>"},
                   "a dense OD matrix");
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "trips.tntp:2: field '<NUMBER OF ZONES>': a dense OD matrix needs 74.5 GB but only " +
                  format_bytes(*avail) + " of memory is available");
  }
  ::unsetenv("CORRIDOR_MEMORY_LIMIT_MB");
}

}  // namespace
}  // namespace corridor
