#include "distributed/wire.hpp"

#include "core/error.hpp"
#include "core/raw_bytes.hpp"

namespace corridor::distributed {

namespace {

template <class T>
void put(std::string& out, T v) {
  append_raw(out, v);
}

template <class T>
T take(std::string_view& in, const char* what) {
  T v{};
  if (!take_raw(in, v)) throw Error(std::string("distributed: short ") + what + " message");
  return v;
}

}  // namespace

std::string pack_result(std::uint64_t task, double seconds, std::string_view bytes) {
  std::string out;
  out.reserve(16 + bytes.size());
  put(out, task);
  put(out, seconds);
  out.append(bytes);
  return out;
}

ResultMessage unpack_result(std::string_view m) {
  ResultMessage r;
  r.task = take<std::uint64_t>(m, "result");
  r.seconds = take<double>(m, "result");
  r.bytes = std::string(m);
  return r;
}

std::string pack_failure(const FailureMessage& f) {
  std::string out;
  put(out, f.task);
  put(out, static_cast<std::uint8_t>(f.input_error ? 1 : 0));
  out += f.what;
  return out;
}

FailureMessage unpack_failure(std::string_view m) {
  FailureMessage f;
  f.task = take<std::uint64_t>(m, "failure");
  const auto flag = take<std::uint8_t>(m, "failure");
  if (flag > 1) throw Error("distributed: malformed failure message");
  f.input_error = flag == 1;
  f.what = std::string(m);
  return f;
}

std::string pack_times(const RankTimes& t) {
  std::string out;
  for (const double v : {static_cast<double>(t.rank), static_cast<double>(t.tasks), t.prepare,
                         t.compute, t.scatter, t.send, t.wall})
    put(out, v);
  return out;
}

RankTimes unpack_times(std::string_view m) {
  if (m.size() != 7 * sizeof(double)) throw Error("distributed: malformed times message");
  RankTimes t;
  t.rank = static_cast<int>(take<double>(m, "times"));
  t.tasks = static_cast<std::size_t>(take<double>(m, "times"));
  t.prepare = take<double>(m, "times");
  t.compute = take<double>(m, "times");
  t.scatter = take<double>(m, "times");
  t.send = take<double>(m, "times");
  t.wall = take<double>(m, "times");
  return t;
}

std::string pack_tasks(const std::vector<std::size_t>& tasks) {
  std::string out;
  out.reserve(8 * tasks.size());
  for (const auto t : tasks) put(out, static_cast<std::uint64_t>(t));
  return out;
}

std::vector<std::size_t> unpack_tasks(std::string_view m) {
  if (m.size() % sizeof(std::uint64_t) != 0) throw Error("distributed: malformed task list");
  std::vector<std::size_t> tasks;
  while (!m.empty()) tasks.push_back(static_cast<std::size_t>(take<std::uint64_t>(m, "task list")));
  return tasks;
}

std::string pack_vectors(const std::vector<std::vector<double>>& vectors) {
  std::string out;
  put(out, static_cast<std::uint64_t>(vectors.size()));
  for (const auto& v : vectors) {
    put(out, static_cast<std::uint64_t>(v.size()));
    for (const double x : v) put(out, x);
  }
  return out;
}

std::vector<std::vector<double>> unpack_vectors(std::string_view m) {
  const auto n = take<std::uint64_t>(m, "vectors");
  if (n > m.size() / sizeof(std::uint64_t)) throw Error("distributed: short vectors message");
  std::vector<std::vector<double>> out(static_cast<std::size_t>(n));
  for (auto& v : out) {
    const auto len = take<std::uint64_t>(m, "vectors");
    if (len > m.size() / sizeof(double)) throw Error("distributed: short vectors message");
    v.resize(static_cast<std::size_t>(len));
    for (auto& x : v) x = take<double>(m, "vectors");
  }
  if (!m.empty()) throw Error("distributed: malformed vectors message (bytes left over)");
  return out;
}

std::string pack_round(const RoundMessage& r) {
  std::string out;
  put(out, static_cast<std::uint8_t>(r.last ? 0 : 1));
  if (r.last) return out;
  put(out, static_cast<std::uint64_t>(r.tasks.size()));
  out += pack_tasks(r.tasks);
  out += r.context;
  return out;
}

RoundMessage unpack_round(std::string_view m) {
  RoundMessage r;
  const auto more = take<std::uint8_t>(m, "round");
  if (more > 1) throw Error("distributed: malformed round message");
  r.last = more == 0;
  if (r.last) {
    if (!m.empty()) throw Error("distributed: malformed round message");
    return r;
  }
  const auto n = take<std::uint64_t>(m, "round");
  if (n > m.size() / sizeof(std::uint64_t)) throw Error("distributed: short round message");
  r.tasks = unpack_tasks(m.substr(0, n * sizeof(std::uint64_t)));
  r.context = std::string(m.substr(n * sizeof(std::uint64_t)));
  return r;
}

}  // namespace corridor::distributed
