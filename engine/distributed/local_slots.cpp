#include "distributed/local_slots.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace corridor::distributed {

LocalSlots::LocalSlots(int threads, std::function<std::string(std::size_t)> compute)
    : slots_(static_cast<std::size_t>(std::max(1, threads))),
      compute_(std::move(compute)),
      arena_(std::max(1, threads) + 1, 1) {}

LocalSlots::~LocalSlots() {
  while (running_.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void LocalSlots::start(std::size_t task) {
  ++in_flight_;
  ++running_;
  arena_.enqueue([this, task] {
    Finished f;
    f.task = task;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      f.bytes = compute_(task);
    } catch (...) {
      f.error = std::current_exception();
    }
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    done_.push(std::move(f));
    --running_;
  });
}

std::optional<Finished> LocalSlots::poll() {
  Finished f;
  if (!done_.try_pop(f)) return std::nullopt;
  --in_flight_;
  return f;
}

}  // namespace corridor::distributed
