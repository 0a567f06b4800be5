#pragma once
// The engine's one parallel loop and its per-worker scratch. Every parallel step in Corridor has
// the same shape: cut an index range into fixed chunks, run the chunks on the worker threads,
// write each result into its own slot, and combine the slots afterwards in index order. Because
// the chunks depend only on (begin, end, grain) and never on the thread count, the results are
// bit-identical for 1, 2 or 64 threads.
//
//   corridor::parallel::PerWorker<Workspace> scratch([&] { return Workspace(net); });
//   corridor::parallel::for_chunks(0, zones, 1, [&](std::size_t lo, std::size_t hi) {
//     auto& w = scratch.local();                // this worker's workspace, reused across chunks
//     for (std::size_t z = lo; z < hi; ++z) out[z] = solve_one(z, w);
//   });
//
// Backend: oneTBB (tbb::parallel_for over chunk indices, the auto partitioner grouping chunks
// into tasks, which changes who runs a chunk but never what a chunk is; the thread
// count is whatever tbb::global_control allows, set once by the CLI's --threads). Under
// ThreadSanitizer (CORRIDOR_PARALLEL_STD_THREADS, set by the tsan preset) the same loops run on
// plain std::threads instead: Debian's libtbb is not built with TSan, so its task hand-off is
// invisible to TSan and every loop would report false races. With std::thread the
// synchronisation (thread start, atomics, join) is visible and TSan checks our loop bodies for
// real races on real concurrency.
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#ifdef CORRIDOR_PARALLEL_STD_THREADS
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#endif

namespace corridor::parallel {

namespace detail {

#ifdef CORRIDOR_PARALLEL_STD_THREADS
inline constexpr std::size_t kStdThreadSlots = 64;
#endif

// Slots a PerWorker needs: one per thread that can run a chunk at the same time.
inline std::size_t worker_slots() {
#ifdef CORRIDOR_PARALLEL_STD_THREADS
  return kStdThreadSlots;
#else
  return static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
#endif
}

}  // namespace detail

// Threads the loops may use now: the arena's concurrency capped by tbb::global_control. On
// std::threads (TSan) the global_control value alone, so that a test asking for 2 threads gets
// 2 concurrent threads even on a one-core machine.
inline int max_threads() {
  const std::size_t allowed =
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
#ifdef CORRIDOR_PARALLEL_STD_THREADS
  return static_cast<int>(std::min(allowed, detail::kStdThreadSlots));
#else
  return static_cast<int>(
      std::min(static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()), allowed));
#endif
}

namespace detail {

#ifdef CORRIDOR_PARALLEL_STD_THREADS
inline thread_local int std_worker_index = 0;
#endif

// Index in [0, worker_slots()) of the calling thread among the threads running chunks.
inline std::size_t worker_index() {
#ifdef CORRIDOR_PARALLEL_STD_THREADS
  return static_cast<std::size_t>(std_worker_index);
#else
  const int i = tbb::this_task_arena::current_thread_index();
  return i < 0 ? 0 : static_cast<std::size_t>(i);  // outside any arena: the calling thread alone
#endif
}

}  // namespace detail

// Calls body(lo, hi) for the chunks [begin + k·grain, min(end, begin + (k+1)·grain)) of
// [begin, end), concurrently on up to max_threads() threads. An exception thrown by a body is
// rethrown to the caller (the first one, when several chunks throw).
template <class Body>
void for_chunks(std::size_t begin, std::size_t end, std::size_t grain, Body&& body) {
  if (end <= begin) return;
  grain = std::max<std::size_t>(1, grain);
  const std::size_t chunks = (end - begin + grain - 1) / grain;
  auto run_chunk = [&](std::size_t k) {
    const std::size_t lo = begin + k * grain;
    body(lo, std::min(end, lo + grain));
  };
#ifdef CORRIDOR_PARALLEL_STD_THREADS
  const std::size_t threads =
      std::min({chunks, static_cast<std::size_t>(max_threads()), detail::worker_slots()});
  if (threads <= 1) {
    for (std::size_t k = 0; k < chunks; ++k) run_chunk(k);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      detail::std_worker_index = static_cast<int>(t);
      try {
        for (std::size_t k = next++; k < chunks; k = next++) run_chunk(k);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = chunks;  // the others stop after their current chunk
      }
    });
  }
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
#else
  // One thread allowed (`--threads 1`): the same chunks in order on the calling thread, without
  // starting oneTBB's scheduler for nothing (its arena, the allocator library it loads, and the
  // worker thread it starts when the limit is lifted again).
  if (tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism) <= 1) {
    for (std::size_t k = 0; k < chunks; ++k) run_chunk(k);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t k = r.begin(); k != r.end(); ++k) run_chunk(k);
                    });
#endif
}

// One T per worker thread, made by the factory on the worker's first local() call and kept for
// later loops (a worker's Dijkstra workspace is allocated once per solver, not once per chunk).
// Only the owning worker touches its slot, so local() needs no lock.
template <class T>
class PerWorker {
 public:
  PerWorker() : PerWorker([] { return T(); }) {}
  explicit PerWorker(std::function<T()> factory)
      : factory_(std::move(factory)), slots_(detail::worker_slots()) {}

  T& local() {
    const std::size_t i = detail::worker_index();
    if (i >= slots_.size()) throw std::logic_error("PerWorker: worker index beyond the arena");
    auto& slot = slots_[i];
    if (!slot) slot.reset(new T(factory_()));  // T(prvalue): no move needed
    return *slot;
  }

  // Calls f(T&) for every instance made so far, in slot order. Not while a loop runs.
  template <class F>
  void for_each(F&& f) {
    for (auto& slot : slots_)
      if (slot) f(*slot);
  }

 private:
  std::function<T()> factory_;
  std::vector<std::unique_ptr<T>> slots_;
};

}  // namespace corridor::parallel
