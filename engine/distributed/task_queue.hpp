#pragma once
// A task queue over MPI ranks: rank 0 holds the list of task numbers and hands them out one at a
// time to whichever rank has a free slot (dynamic load balancing, a "self-scheduling" master-worker
// queue: tasks differ in cost, so a fixed split would leave ranks idle). Every rank, rank 0
// included, computes up to `threads` tasks at once on its own oneTBB arena (local_slots.hpp) while
// its main thread communicates. A finished task's result travels as bytes to rank 0, which hands
// it to `accept` at once (on its main thread, in completion order): the caller writes and
// checkpoints it there, so finished work survives any later failure. Nothing but `accept` on
// rank 0 sees results; the caller's outputs are the same as a one-process run's as long as
// `accept` does not depend on the arrival order.
//
// Rounds. One coordinate()/serve() pair is one round: a task list, computed, gathered. A command
// may run several in a row on the same ranks (a batch, then its draws; calibrate's Jacobians, one
// round each): rank 0 passes each round's `context` (bytes every rank needs to compute it, e.g.
// the parameter vectors of a Jacobian), and when the number of rounds is not known in advance
// ends the sequence with finish_rounds(), on which serve() returns false.
//
// Protocol (tags in task_queue_mpi.cpp): rank 0 broadcasts the task list; each rank runs its
// `prepare`, then asks for a task whenever it has a free slot (REQUEST), gets a number (TASK) or
// STOP, returns RESULT or FAILED, and at the end its RankTimes (TIMES). Waits sleep between
// MPI_Test/MPI_Iprobe calls (back-off to 2 ms) instead of spinning in blocking calls, so an
// oversubscribed machine gives the cycles to the model runs.
//
// Failures. A task that throws: its rank reports it, rank 0 ends the job with
// "rank R on HOST failed on <task name>: <what>" (Session::fail, exit 2 for an input error, 1
// otherwise). A rank that dies (killed, crashed): the launcher sends SIGTERM to the others; they
// answer rank 0 that they are alive, and after 0.5 s rank 0 ends the job naming the ranks that did
// not answer and the tasks they held. Results already accepted stay accepted (the caller
// checkpointed them), so a rerun computes only what is missing.
//
//   // rank 0                                                 // ranks 1..N-1
//   auto times = coordinate(session, todo, work, opts, accept);   serve(session, opts, setup);
//   // rounds until rank 0 says so (calibrate):
//   for (auto& xs : rounds) coordinate(..., accept, pack(xs));    while (serve(s, opts, setup)) {}
//   finish_rounds(session);
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "distributed/session.hpp"
#include "distributed/wire.hpp"

namespace corridor::distributed {

// What one rank does: prepare once (e.g. load inputs and bases), then compute tasks to bytes.
// compute is called on the rank's oneTBB threads, several tasks at once.
struct Work {
  std::function<void()> prepare;
  std::function<std::string(std::size_t task)> compute;
};

struct QueueOptions {
  int threads = 1;  // compute threads on each rank (the main thread communicates; see LocalSlots)
  // A task's name for messages ("scenario 'hamont-weert'"); the number when empty.
  std::function<std::string(std::size_t task)> name;
  // Appended to a failure message on rank 0, e.g. where the finished results are kept.
  std::string failure_note;
};

// The queue's bookkeeping for the terminal and the bench (bench/mpi_batch_bench.sh).
struct QueueReport {
  std::vector<RankTimes> ranks;  // by rank
  double gather = 0.0;           // rank 0: receiving result messages
  double accept = 0.0;           // rank 0: the caller's accept (decode + write)
  std::size_t bytes = 0;         // result bytes received from other ranks
  double wall = 0.0;             // rank 0: from the broadcast to the last TIMES message
};
// Adds a round's bookkeeping to `total` (ranks matched by position; sums of every field).
void accumulate(QueueReport& total, const QueueReport& round);
// Lines for the terminal: per rank, tasks and where the time went, and the totals.
[[nodiscard]] std::string describe(const QueueReport& report, std::size_t total_tasks);

// Rank 0. `todo` lists the task numbers in the order they are handed out; `context` goes to every
// rank's setup. Collective with serve().
QueueReport coordinate(const Session& session, const std::vector<std::size_t>& todo,
                       const Work& work, const QueueOptions& options,
                       const std::function<void(std::size_t task, std::string bytes)>& accept,
                       const std::string& context = {});

// Rank 0: no more rounds (serve() returns false on every other rank). Collective with serve().
void finish_rounds(const Session& session);

// Ranks 1..N-1: receives the task list and the round's context, builds its Work from them, serves
// until STOP, and returns true; returns false at once when rank 0 called finish_rounds().
bool serve(const Session& session, const QueueOptions& options,
           const std::function<Work(const std::vector<std::size_t>& todo,
                                    const std::string& context)>& setup);

}  // namespace corridor::distributed
