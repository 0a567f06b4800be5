// The task queue over MPI (task_queue.hpp). Only the main thread of each rank calls MPI
// (MPI_THREAD_FUNNELED), through the MPI module the Session loaded (mpi_module.hpp); the oneTBB
// threads of LocalSlots compute.
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "core/error.hpp"
#include "distributed/local_slots.hpp"
#include "distributed/mpi_module.hpp"
#include "distributed/task_queue.hpp"

namespace corridor::distributed {

namespace {

enum Tag : int {
  kRequest = 1,
  kTask = 2,
  kStop = 3,
  kResult = 4,
  kFailed = 5,
  kTimes = 6,
  kAlive = 7
};

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Sleeps a little longer each idle round (50 us doubling to 2 ms), back to 50 us after work.
class Backoff {
 public:
  void idle() {
    std::this_thread::sleep_for(std::chrono::microseconds(us_));
    us_ = std::min(us_ * 2, 2000);
  }
  void reset() { us_ = 50; }

 private:
  int us_ = 50;
};

using detail::mpi_api;
using detail::MpiRequest;

std::string mpi_error(int code) {
  char text[512] = {};
  const int len = mpi_api().error_string(code, text, static_cast<int>(sizeof text));
  return std::string(text, static_cast<std::size_t>(std::max(0, len)));
}

void check(const Session& s, int code, const std::string& what) {
  if (code != mpi_api().success) s.fail("MPI error " + what + ": " + mpi_error(code), 1);
}

void wait(const Session& s, MpiRequest& request, const std::string& what) {
  Backoff backoff;
  int done = 0;
  while (true) {
    check(s, mpi_api().test(&request, &done), what);
    if (done != 0) return;
    backoff.idle();
  }
}

void send(const Session& s, int to, Tag tag, const std::string& bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    s.fail("a message of " + std::to_string(bytes.size()) + " bytes exceeds MPI's int count", 1);
  MpiRequest r{};
  const auto what = "sending to rank " + std::to_string(to);
  check(s, mpi_api().isend(bytes.data(), static_cast<int>(bytes.size()), to, tag, &r), what);
  wait(s, r, what);
}

struct Incoming {
  int from = 0;
  int tag = 0;
  std::string bytes;
};

// SIGTERM arrived while the bytes of a message from `from` were still coming: that sender may be
// the rank that died (its transfer never completes).
struct Interrupted {
  int from = 0;
};

// A waiting message from `source` (mpi_api().any_source for any), received; nullopt when none
// waits. The bytes are received with MPI_Irecv and tests (short sleeps after the first quick
// rounds, so a large transfer keeps progressing); with `interruptible`, SIGTERM during the transfer
// throws Interrupted; with a `deadline`, nullopt once it passes (the message is abandoned).
std::optional<Incoming> receive_any(const Session& s, int source, bool interruptible = false,
                                    std::optional<Clock::time_point> deadline = std::nullopt) {
  const auto& mpi = mpi_api();
  int flag = 0;
  detail::MpiProbe st;
  check(s, mpi.iprobe(source, &flag, &st), "probing for messages");
  if (flag == 0) return std::nullopt;
  const int count = std::max(0, st.count);
  Incoming in;
  in.from = st.from;
  in.tag = st.tag;
  in.bytes.resize(static_cast<std::size_t>(count));
  const auto what = "receiving from rank " + std::to_string(st.from);
  MpiRequest r{};
  check(s, mpi.irecv(in.bytes.data(), count, st.from, st.tag, &r), what);
  for (int round = 0;; ++round) {
    int done = 0;
    check(s, mpi.test(&r, &done), what);
    if (done != 0) return in;
    if (interruptible && terminate_requested()) throw Interrupted{st.from};
    if (deadline && Clock::now() > *deadline) return std::nullopt;
    if (round > 100) std::this_thread::sleep_for(std::chrono::microseconds(20));
  }
}

// The round's header (wire.hpp RoundMessage) from rank 0 to every rank.
std::string broadcast_round(const Session& s, const RoundMessage& round) {
  std::string bytes = s.rank() == 0 ? pack_round(round) : std::string();
  unsigned long long n = bytes.size();
  MpiRequest r{};
  check(s, mpi_api().ibcast_u64(&n, 0, &r), "broadcasting tasks");
  wait(s, r, "broadcasting tasks");
  bytes.resize(n);
  if (n > 0) {
    check(s, mpi_api().ibcast_bytes(bytes.data(), static_cast<int>(n), 0, &r),
          "broadcasting tasks");
    wait(s, r, "broadcasting tasks");
  }
  return bytes;
}

std::string task_name(const QueueOptions& o, std::size_t task) {
  return o.name ? o.name(task) : "task " + std::to_string(task);
}

FailureMessage failure_of(std::exception_ptr e, std::uint64_t task) {
  FailureMessage f;
  f.task = task;
  try {
    std::rethrow_exception(e);
  } catch (const InputError& x) {
    f.input_error = true;
    f.what = x.what();
  } catch (const std::bad_alloc&) {
    f.what = "out of memory";
  } catch (const std::exception& x) {
    f.what = x.what();
  } catch (...) {
    f.what = "unknown exception";
  }
  return f;
}

}  // namespace

QueueReport coordinate(const Session& s, const std::vector<std::size_t>& todo, const Work& work,
                       const QueueOptions& o,
                       const std::function<void(std::size_t, std::string)>& accept,
                       const std::string& context) {
  const auto t0 = Clock::now();
  QueueReport report;
  report.ranks.resize(static_cast<std::size_t>(s.size()));
  for (int r = 0; r < s.size(); ++r) report.ranks[static_cast<std::size_t>(r)].rank = r;
  auto& mine = report.ranks[0];
  broadcast_round(s, {false, todo, context});
  const auto tp = Clock::now();
  if (work.prepare) work.prepare();
  mine.prepare = since(tp);

  std::deque<std::size_t> queue(todo.begin(), todo.end());
  std::vector<std::set<std::size_t>> held(static_cast<std::size_t>(s.size()));  // tasks per rank
  std::vector<char> stopped(static_cast<std::size_t>(s.size()), 0);             // sent STOP
  std::vector<char> finished(static_cast<std::size_t>(s.size()), 0);            // sent TIMES
  int ranks_finished = 1;  // rank 0 itself counts once its own slots are empty at the end

  // The writer: one oneTBB worker thread (an arena of its own, the CLI allows threads + 2) runs
  // `accept` for each result in turn, so the main thread keeps answering requests while a result
  // is decoded and written (fsync) and the writes overlap the computing. Only the writer touches
  // report.accept; `accepted` (atomic) publishes it to the main thread.
  tbb::task_arena writer(2, 1);
  std::atomic<std::size_t> accepted{0}, handed{0};
  std::mutex failure_mutex;
  std::string write_failure;
  auto take = [&](std::size_t task, std::string bytes) {
    ++handed;
    auto b = std::make_shared<std::string>(std::move(bytes));
    writer.enqueue([&, task, b] {
      const auto ta = Clock::now();
      try {
        accept(task, std::move(*b));
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (write_failure.empty())
          write_failure = "rank 0 could not keep the result of " + task_name(o, task) + ": " +
                          failure_of(std::current_exception(), task).what;
      }
      report.accept += since(ta);
      ++accepted;
    });
  };
  auto check_writer = [&] {
    const std::lock_guard lock(failure_mutex);
    if (!write_failure.empty()) s.fail(write_failure, 1);
  };
  // Waits (up to `deadline`) for the results handed to the writer: finished work is kept.
  auto drain_writer = [&](Clock::time_point deadline) {
    while (accepted.load() < handed.load() && Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  auto progress_note = [&] {
    return std::to_string(accepted.load()) + " of " + std::to_string(todo.size()) +
           " tasks were finished and kept" + (o.failure_note.empty() ? "" : "; " + o.failure_note);
  };
  auto fail_on = [&](int rank, const FailureMessage& f) {
    drain_writer(Clock::now() + std::chrono::seconds(10));
    const auto where =
        "rank " + std::to_string(rank) +
        (f.task == kNoTask ? " failed while preparing" : " failed on " + task_name(o, f.task));
    s.fail(where + ": " + f.what + " (" + progress_note() + ")", f.input_error ? 2 : 1);
  };

  auto handle = [&](Incoming& in) {
    const auto w = static_cast<std::size_t>(in.from);
    switch (in.tag) {
      case kRequest:
        if (!queue.empty()) {
          const auto task = queue.front();
          queue.pop_front();
          held[w].insert(task);
          send(s, in.from, kTask, pack_tasks({task}));
        } else {
          stopped[w] = 1;
          send(s, in.from, kStop, {});
        }
        break;
      case kResult: {
        auto r = unpack_result(in.bytes);
        report.bytes += r.bytes.size();
        held[w].erase(static_cast<std::size_t>(r.task));
        take(static_cast<std::size_t>(r.task), std::move(r.bytes));
        break;
      }
      case kFailed:
        fail_on(in.from, unpack_failure(in.bytes));
        break;
      case kTimes:
        report.ranks[w] = unpack_times(in.bytes);
        finished[w] = 1;
        ++ranks_finished;
        break;
      default:  // kAlive outside a stop: ignore
        break;
    }
  };

  // SIGTERM: the launcher is stopping the job, normally because a rank died. Wait 0.5 s for the
  // living ranks to say so (accepting results still arriving), then name the silent ones.
  auto stop_on_terminate = [&](int suspect) {
    std::vector<char> alive(static_cast<std::size_t>(s.size()), 0);
    const auto deadline = Clock::now() + std::chrono::milliseconds(500);
    while (Clock::now() < deadline) {
      // The suspect's stuck transfer would match the probe again: listen to the others only.
      for (int r = 1; r < s.size(); ++r) {
        if (r == suspect) continue;
        auto in = receive_any(s, r, false, deadline);
        if (!in) continue;
        if (in->tag == kAlive) {
          alive[static_cast<std::size_t>(in->from)] = 1;
        } else if (in->tag == kResult || in->tag == kTimes) {
          handle(*in);
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    drain_writer(deadline + std::chrono::milliseconds(300));
    std::string silent;
    for (int r = 1; r < s.size(); ++r) {
      const auto w = static_cast<std::size_t>(r);
      if (alive[w] || finished[w]) continue;
      silent += (silent.empty() ? "" : ", ") + std::to_string(r);
      std::string tasks;
      for (const auto t : held[w]) tasks += (tasks.empty() ? "" : ", ") + task_name(o, t);
      if (!tasks.empty()) silent += " (computing " + tasks + ")";
    }
    if (silent.empty()) {
      s.fail(
          "stopped by the launcher (SIGTERM) with every rank still answering: interrupted, not "
          "failed (" +
              progress_note() + ")",
          1);
    }
    s.fail("rank " + silent +
               " failed (killed or crashed; the launcher stopped the job): " + progress_note(),
           1);
  };

  {
    LocalSlots slots(o.threads, work.compute);
    Backoff backoff;
    while (accepted.load() < todo.size() || ranks_finished < s.size()) {
      if (terminate_requested()) stop_on_terminate(-1);
      check_writer();
      bool busy = false;
      while (slots.has_room() && !queue.empty()) {
        const auto task = queue.front();
        queue.pop_front();
        held[0].insert(task);
        slots.start(task);
        busy = true;
      }
      while (auto f = slots.poll()) {
        busy = true;
        if (f->error) fail_on(0, failure_of(f->error, f->task));
        ++mine.tasks;
        mine.compute += f->seconds;
        held[0].erase(f->task);
        take(f->task, std::move(f->bytes));
      }
      const auto tg = Clock::now();
      bool received = false;
      try {
        while (auto in = receive_any(s, mpi_api().any_source, true)) {
          received = true;
          handle(*in);
        }
      } catch (const Interrupted& i) {
        stop_on_terminate(i.from);
      }
      if (received) report.gather += since(tg);
      busy = busy || received;
      if (busy) {
        backoff.reset();
      } else {
        backoff.idle();
      }
    }
  }
  check_writer();
  mine.wall = report.wall = since(t0);
  return report;
}

void finish_rounds(const Session& s) { broadcast_round(s, {true, {}, {}}); }

bool serve(const Session& s, const QueueOptions& o,
           const std::function<Work(const std::vector<std::size_t>&, const std::string&)>& setup) {
  const auto t0 = Clock::now();
  RankTimes mine;
  mine.rank = s.rank();
  auto report_failure = [&](std::exception_ptr e, std::uint64_t task) {
    send(s, 0, kFailed, pack_failure(failure_of(e, task)));
    // Rank 0 ends the job (MPI_Abort); wait for it rather than racing it with a second message.
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    s.fail("rank 0 did not end the job after this rank's failure", 1);
  };
  Work work;
  try {
    auto round = unpack_round(broadcast_round(s, {}));
    if (round.last) return false;
    work = setup(round.tasks, round.context);
    if (work.prepare) work.prepare();
  } catch (...) {
    report_failure(std::current_exception(), kNoTask);
  }
  mine.prepare = since(t0);

  // Fault injection for the failure tests (tests/distributed, docs/distributed.md): with
  // CORRIDOR_FAULT_HOLD_AFTER=K in the environment, a worker rank that has returned K results
  // keeps the next task it is given without computing it and asks for no more (asking on would
  // swallow the whole queue and let the rank finish its round), so the round cannot end before the
  // test kills a rank, however fast or loaded the machine.
  const char* hold_env = std::getenv("CORRIDOR_FAULT_HOLD_AFTER");
  const long hold_after = hold_env != nullptr ? std::strtol(hold_env, nullptr, 10) : -1;
  LocalSlots slots(o.threads, work.compute);
  bool stop = false;
  bool asked = false;
  bool told_alive = false;
  bool holding = false;  // fault injection: a task kept, no more requests
  Clock::time_point asked_at;
  Backoff backoff;
  while (!stop || slots.in_flight() > 0) {
    if (terminate_requested() && !told_alive) {
      send(s, 0, kAlive, {});
      told_alive = true;
    }
    bool busy = false;
    if (!stop && !asked && !holding && slots.has_room()) {
      send(s, 0, kRequest, {});
      asked = true;
      asked_at = Clock::now();
    }
    while (auto in = receive_any(s, 0)) {
      busy = true;
      if (in->tag == kTask) {
        const bool hold = hold_after >= 0 && static_cast<long>(mine.tasks) >= hold_after;
        for (const auto t : unpack_tasks(in->bytes)) {
          if (hold) {
            holding = true;
          } else {
            slots.start(t);
          }
        }
      } else if (in->tag == kStop) {
        stop = true;
      }
      mine.scatter += since(asked_at);
      asked = false;
    }
    while (auto f = slots.poll()) {
      busy = true;
      if (f->error) report_failure(f->error, f->task);
      ++mine.tasks;
      mine.compute += f->seconds;
      const auto ts = Clock::now();
      send(s, 0, kResult, pack_result(f->task, f->seconds, f->bytes));
      mine.send += since(ts);
    }
    if (busy) {
      backoff.reset();
    } else {
      backoff.idle();
    }
  }
  mine.wall = since(t0);
  send(s, 0, kTimes, pack_times(mine));
  return true;
}

}  // namespace corridor::distributed
