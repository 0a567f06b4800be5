#include <cstdio>

#include "distributed/task_queue.hpp"

namespace corridor::distributed {

std::string describe(const QueueReport& q, std::size_t total_tasks) {
  std::string out;
  char line[256];
  double compute = 0.0, prepare = 0.0, scatter = 0.0, send = 0.0;
  for (const auto& r : q.ranks) {
    std::snprintf(line, sizeof line,
                  "  rank %3d: %4zu tasks, prepare %7.2f s, compute %8.2f s, scatter %6.3f s, "
                  "send %6.3f s, wall %7.2f s\n",
                  r.rank, r.tasks, r.prepare, r.compute, r.scatter, r.send, r.wall);
    out += line;
    compute += r.compute;
    prepare += r.prepare;
    scatter += r.scatter;
    send += r.send;
  }
  std::snprintf(line, sizeof line,
                "  total: %zu tasks on %zu ranks in %.2f s; prepare %.2f s, compute %.2f s, "
                "scatter %.3f s, send %.3f s (sums over ranks); rank 0: gather %.3f s "
                "(%.1f MB), write %.3f s\n",
                total_tasks, q.ranks.size(), q.wall, prepare, compute, scatter, send, q.gather,
                static_cast<double>(q.bytes) / 1e6, q.accept);
  out += line;
  return out;
}

}  // namespace corridor::distributed
