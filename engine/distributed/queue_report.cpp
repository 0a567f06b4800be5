#include <cstdio>

#include "distributed/task_queue.hpp"

namespace corridor::distributed {

void accumulate(QueueReport& total, const QueueReport& round) {
  if (total.ranks.size() < round.ranks.size()) total.ranks.resize(round.ranks.size());
  for (std::size_t r = 0; r < round.ranks.size(); ++r) {
    auto& t = total.ranks[r];
    const auto& x = round.ranks[r];
    t.rank = x.rank;
    t.tasks += x.tasks;
    t.prepare += x.prepare;
    t.compute += x.compute;
    t.scatter += x.scatter;
    t.send += x.send;
    t.wall += x.wall;
  }
  total.gather += round.gather;
  total.accept += round.accept;
  total.bytes += round.bytes;
  total.wall += round.wall;
}

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
