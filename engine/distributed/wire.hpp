#pragma once
// The task queue's messages as bytes (task_queue_mpi.cpp sends them as MPI_BYTE). Numbers are
// copied in the machine's own layout: every rank runs the same binary on the same architecture
// (a cluster of mixed byte order is not supported). Unpacking checks sizes and throws
// corridor::Error on a short or malformed message, never reads past the end.
//
//   result:  u64 task | f64 compute seconds | the task's result bytes
//   failure: u64 task (kNoTask: while preparing) | u8 input error | message text
//   stats:   the RankTimes fields below, in order, as f64
//   vectors: u64 count | per vector: u64 length | f64 per value (calibrate's parameter vectors and
//            residuals)
//   round:   u8 1 | u64 task count | u64 per task | context bytes   (u8 0 alone: no more rounds)
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::distributed {

inline constexpr std::uint64_t kNoTask = ~std::uint64_t{0};

struct ResultMessage {
  std::uint64_t task = 0;
  double seconds = 0.0;
  std::string bytes;
};
[[nodiscard]] std::string pack_result(std::uint64_t task, double seconds, std::string_view bytes);
[[nodiscard]] ResultMessage unpack_result(std::string_view message);

struct FailureMessage {
  std::uint64_t task = kNoTask;
  bool input_error = false;  // corridor::InputError (exit code 2) rather than a run-time failure
  std::string what;
};
[[nodiscard]] std::string pack_failure(const FailureMessage& f);
[[nodiscard]] FailureMessage unpack_failure(std::string_view message);

// Where one rank's time went (seconds; wall clock on that rank).
struct RankTimes {
  int rank = 0;
  std::size_t tasks = 0;  // tasks this rank computed
  double prepare = 0.0;   // setup before the first task (reading inputs, preparing bases)
  double compute = 0.0;   // sum over its tasks of compute(task) (threads run tasks at once)
  double scatter = 0.0;   // waiting for task numbers from rank 0 while a slot was free
  double send = 0.0;      // sending results to rank 0 (rank 0: 0)
  double wall = 0.0;      // from the start of the queue to this rank's last message
};
[[nodiscard]] std::string pack_times(const RankTimes& t);
[[nodiscard]] RankTimes unpack_times(std::string_view message);

[[nodiscard]] std::string pack_tasks(const std::vector<std::size_t>& tasks);
[[nodiscard]] std::vector<std::size_t> unpack_tasks(std::string_view message);

[[nodiscard]] std::string pack_vectors(const std::vector<std::vector<double>>& vectors);
[[nodiscard]] std::vector<std::vector<double>> unpack_vectors(std::string_view message);

// What rank 0 broadcasts at the start of a round (task_queue.hpp "Rounds").
struct RoundMessage {
  bool last = false;  // finish_rounds(): no tasks, no more rounds
  std::vector<std::size_t> tasks;
  std::string context;
};
[[nodiscard]] std::string pack_round(const RoundMessage& r);
[[nodiscard]] RoundMessage unpack_round(std::string_view message);

}  // namespace corridor::distributed
