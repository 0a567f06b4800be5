#pragma once
// A rank's own share of the work: up to `threads` tasks at once on a oneTBB arena of `threads`
// threads that the calling thread never joins. The calling thread stays free to talk to the other
// ranks (task_queue_mpi.cpp) and only starts tasks and collects what finished; the model run inside
// a task keeps its nested parallel loops (core/parallel.hpp) in the same arena, so a rank never
// runs more than `threads` compute threads (the single-process batch nests the same way).
//
// The arena is fed with task_arena::enqueue, so its threads are TBB worker threads: the caller
// must allow threads + 1 (tbb::global_control max_allowed_parallelism, set once by the CLI) or
// the arena gets fewer. It has threads + 1 slots of which one is reserved for a master thread
// that never comes: with no reserved slot oneTBB still numbers a lone worker 1 in an arena of
// concurrency 1, beyond the per-worker scratch (core/parallel.hpp PerWorker) sized from it.
//
//   LocalSlots slots(2, [&](std::size_t t) { return run(t); });
//   slots.start(7);
//   while (true) if (auto f = slots.poll()) { use(f->task, f->bytes); break; }
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>

#include <tbb/concurrent_queue.h>
#include <tbb/task_arena.h>

namespace corridor::distributed {

struct Finished {
  std::size_t task = 0;
  std::string bytes;         // the task's serialised result (empty when it failed)
  double seconds = 0.0;      // wall time of compute(task) on its thread
  std::exception_ptr error;  // what compute threw, if it threw
};

class LocalSlots {
 public:
  LocalSlots(int threads, std::function<std::string(std::size_t)> compute);
  ~LocalSlots();  // waits for the tasks still running (they reference the caller's data)
  LocalSlots(const LocalSlots&) = delete;
  LocalSlots& operator=(const LocalSlots&) = delete;

  [[nodiscard]] bool has_room() const { return in_flight_ < slots_; }
  [[nodiscard]] std::size_t in_flight() const { return in_flight_; }
  void start(std::size_t task);
  // A finished task, if one is ready; never blocks.
  [[nodiscard]] std::optional<Finished> poll();

 private:
  std::size_t slots_;
  std::function<std::string(std::size_t)> compute_;
  tbb::task_arena arena_;
  tbb::concurrent_queue<Finished> done_;
  std::atomic<std::size_t> running_{0};
  std::size_t in_flight_ = 0;  // started and not yet polled (caller's thread only)
};

}  // namespace corridor::distributed
