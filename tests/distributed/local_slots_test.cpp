// A rank's slots (distributed/local_slots.hpp): every started task comes back once with its own
// result, never more than `threads` at once, and an exception comes back as the task's error
// instead of escaping on a TBB thread.
#include <gtest/gtest.h>

#include <tbb/global_control.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>

#include "distributed/local_slots.hpp"

namespace corridor::distributed {
namespace {

std::vector<Finished> drain(LocalSlots& slots) {
  std::vector<Finished> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (slots.in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
    if (auto f = slots.poll()) {
      out.push_back(std::move(*f));
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  return out;
}

TEST(LocalSlots, EveryTaskOnceAtMostThreadsAtOnce) {
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 3);  // 2 + the caller
  std::atomic<int> running{0}, peak{0};
  LocalSlots slots(2, [&](std::size_t t) {
    const int now = ++running;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    --running;
    return "task " + std::to_string(t);
  });
  std::set<std::size_t> seen;
  std::size_t next = 0;
  while (seen.size() < 10) {
    while (slots.has_room() && next < 10) slots.start(next++);
    EXPECT_LE(slots.in_flight(), 2u);
    if (auto f = slots.poll()) {
      EXPECT_FALSE(f->error);
      EXPECT_EQ(f->bytes, "task " + std::to_string(f->task));
      EXPECT_GE(f->seconds, 0.004);
      EXPECT_TRUE(seen.insert(f->task).second) << "task " << f->task << " came back twice";
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  EXPECT_EQ(slots.in_flight(), 0u);
  EXPECT_LE(peak.load(), 2);
}

TEST(LocalSlots, ExceptionComesBackAsTheTasksError) {
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 2);  // 1 + the caller
  LocalSlots slots(1, [](std::size_t t) -> std::string {
    if (t == 1) throw std::runtime_error("task one failed");
    return "ok";
  });
  slots.start(0);
  slots.start(1);
  auto done = drain(slots);
  ASSERT_EQ(done.size(), 2u);
  for (const auto& f : done) {
    if (f.task == 0) {
      EXPECT_FALSE(f.error);
      EXPECT_EQ(f.bytes, "ok");
    } else {
      ASSERT_TRUE(f.error);
      try {
        std::rethrow_exception(f.error);
      } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "task one failed");
      }
    }
  }
}

}  // namespace
}  // namespace corridor::distributed
