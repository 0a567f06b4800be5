// The task queue without MPI: a binary built without MPI is always rank 0 of 1, and its callers
// take the one-process path; reaching these is a programming error.
#include "core/error.hpp"
#include "distributed/task_queue.hpp"

namespace corridor::distributed {

QueueReport coordinate(const Session&, const std::vector<std::size_t>&, const Work&,
                       const QueueOptions&, const std::function<void(std::size_t, std::string)>&,
                       const std::string&) {
  throw Error("distributed::coordinate: this corridor was built without MPI");
}

void finish_rounds(const Session&) {
  throw Error("distributed::finish_rounds: this corridor was built without MPI");
}

bool serve(const Session&, const QueueOptions&,
           const std::function<Work(const std::vector<std::size_t>&, const std::string&)>&) {
  throw Error("distributed::serve: this corridor was built without MPI");
}

}  // namespace corridor::distributed
