// core/parallel.hpp: every index is visited exactly once, the chunks are the same for any thread
// count, a body's exception reaches the caller, and concurrent workers never share a scratch.
#include "core/parallel.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <atomic>
#include <cstddef>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace corridor::parallel {
namespace {

std::vector<std::pair<std::size_t, std::size_t>> chunks_seen(std::size_t begin, std::size_t end,
                                                             std::size_t grain, int threads) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(threads));
  std::vector<std::pair<std::size_t, std::size_t>> by_start(end, {0, 0});
  std::vector<std::atomic<int>> visits(end);
  for_chunks(begin, end, grain, [&](std::size_t lo, std::size_t hi) {
    by_start[lo] = {lo, hi};
    for (std::size_t i = lo; i < hi; ++i) ++visits[i];
  });
  for (std::size_t i = 0; i < end; ++i) EXPECT_EQ(visits[i].load(), i >= begin ? 1 : 0) << i;
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& c : by_start)
    if (c.second > 0) out.push_back(c);
  return out;
}

TEST(ForChunks, VisitsEachIndexOnceInChunksIndependentOfThreads) {
  const auto one = chunks_seen(3, 1000, 7, 1);
  const auto two = chunks_seen(3, 1000, 7, 2);
  ASSERT_EQ(one.size(), (1000u - 3u + 6u) / 7u);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one.front(), std::make_pair(std::size_t{3}, std::size_t{10}));
  EXPECT_EQ(one.back(), std::make_pair(std::size_t{997}, std::size_t{1000}));
  EXPECT_TRUE(chunks_seen(5, 5, 1, 2).empty());
  EXPECT_EQ(chunks_seen(0, 3, 0, 2).size(), 3u);  // grain 0 is taken as 1
}

TEST(ForChunks, RethrowsABodysException) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 2);
  EXPECT_THROW(for_chunks(0, 100, 1,
                          [](std::size_t lo, std::size_t) {
                            if (lo == 42) throw std::runtime_error("chunk 42");
                          }),
               std::runtime_error);
}

TEST(PerWorker, ConcurrentChunksNeverShareAnInstance) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 2);
  struct Scratch {
    std::atomic<int> users{0};
    int chunks = 0;
  };
  PerWorker<Scratch> scratch;
  std::atomic<int> overlaps{0};
  for_chunks(0, 400, 1, [&](std::size_t, std::size_t) {
    auto& s = scratch.local();
    if (++s.users != 1) ++overlaps;
    ++s.chunks;
    std::this_thread::yield();
    --s.users;
  });
  EXPECT_EQ(overlaps.load(), 0);
  int total = 0, instances = 0;
  scratch.for_each([&](Scratch& s) {
    total += s.chunks;
    ++instances;
  });
  EXPECT_EQ(total, 400);
  EXPECT_GE(instances, 1);
  EXPECT_LE(instances, max_threads());
}

}  // namespace
}  // namespace corridor::parallel
