#pragma once
// One process's place in a distributed run: rank and size, MPI initialised only when an MPI
// launcher started the process (launch.hpp), finalised at the end. Only then is the MPI library
// loaded at all: every MPI call goes through the module libcorridor_mpi.so (mpi_module.hpp), and
// the constructor throws corridor::Error naming where it looked when the module cannot be loaded.
//
// Decision (README "Running on a cluster"): a process not started by mpirun/srun never calls
// MPI_Init. Open MPI's singleton init would start a helper daemon and open sockets for a run that
// has nobody to talk to; the plain start is rank 0 of 1 and runs exactly today's one-machine code.
// Under a launcher MPI is initialised with MPI_THREAD_FUNNELED: only the main thread calls MPI
// (the oneTBB worker threads compute and never communicate). MPI errors are returned, not fatal,
// so a failed peer becomes a message naming it.
//
// A distributed run ends on an error through fail(): the message on stderr, then MPI_Abort, which
// makes the launcher stop every rank. Unwinding instead would wait for model runs still in flight
// on the worker threads while the other ranks wait for this one.
//
// Stopping: under a launcher SIGTERM (what mpirun/srun send to the surviving ranks when one rank
// dies, then SIGKILL a moment later) only sets a flag (terminate_requested()), so the task queue
// can finish writing a result, find out which rank failed and say so (task_queue.hpp).
//
//   corridor::distributed::Session session;     // first thing in main
//   if (session.rank() == 0) { ... }
#include <string>

namespace corridor::distributed {

[[nodiscard]] bool built_with_mpi();
// "Open MPI 4.1.4" (from the headers the binary was built with), or "no".
[[nodiscard]] std::string mpi_description();

class Session {
 public:
  // Throws corridor::Error when an MPI launcher started the process but the binary has no MPI
  // (every copy would run the whole batch into one folder), or when MPI_Init fails.
  Session();
  ~Session();  // waits for every rank (a sleeping barrier, no busy wait), then MPI_Finalize
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  [[nodiscard]] bool distributed() const { return size_ > 1; }
  [[nodiscard]] const std::string& host() const { return host_; }

  // Distributed: prints "corridor (rank R of N): <message>" on stderr and ends the job with
  // MPI_Abort(exit_code). One process: throws corridor::Error(message) (the caller's usual path).
  [[noreturn]] void fail(const std::string& message, int exit_code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool initialised_ = false;
  std::string host_;
};

// True once SIGTERM arrived in a distributed run (the handler only sets this flag).
[[nodiscard]] bool terminate_requested();

}  // namespace corridor::distributed
