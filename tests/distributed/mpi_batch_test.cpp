// `corridor batch` under mpirun (engine/distributed/) on the two-towns region
// (tests/support/two_towns_region.hpp) with four scenarios (a bus every 10 minutes, a third M1
// lane, a faster N5, a bypass road) alone, in pairs and all together: 11 runs of different cost.
// Known answer: the one-process run's output folder. 2 and 3 ranks write the same files, byte for
// byte (every file of the folder: ranking, summary, report, per-scenario tables, GeoJSON, GMNS
// networks, done.json markers). On the quick-win batch (29 runs on the real region; the two-towns
// runs take a millisecond, too short to kill a rank in the middle of one) a rank killed with
// SIGKILL mid-batch stops the job with a message naming that rank; a rerun reuses the runs
// finished before the kill and ends with the one-process bytes. Skipped, saying why, when the
// build has no MPI or the region is absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "run_cli.hpp"
#include "test_data.hpp"
#include "two_towns_region.hpp"

namespace corridor::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every regular file under `dir`, by relative path.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = slurp(e.path());
  }
  return files;
}

const char* const kScenarios[][2] = {
    {"m1-three-lanes.toml", R"(name = "m1-three-lanes"
description = "M1 with three lanes per direction"
base = "."
assumptions = "A test scenario."
[[road.change_link]]
link = 9
lanes = 3
[cost]
investment_eur = 2.0e7
)"},
    {"n5-faster.toml", R"(name = "n5-faster"
description = "N5 upgraded to 100 km/h"
base = "."
assumptions = "A test scenario."
[[road.change_link]]
from = 13
to = 14
speed_kmh = 100
[cost]
investment_eur = 1.0e7
)"},
    {"bypass.toml", R"(name = "bypass"
description = "A road from North to South junction"
base = "."
assumptions = "A test scenario."
[[road.add_link]]
from = 11
to = 13
length_km = 25
lanes = 1
speed_kmh = 80
name = "bypass"
)"},
};

class MpiBatch : public ::testing::Test {
 protected:
  void SetUp() override {
    mpiexec_ = CORRIDOR_MPIEXEC;
    if (mpiexec_.empty())
      GTEST_SKIP() << "built without MPI (CMake found none: tools/install-deps.sh installs "
                      "libopenmpi-dev openmpi-bin)";
    if (!fs::exists(mpiexec_)) GTEST_SKIP() << "MPI launcher " << mpiexec_ << " not found";
    dir_ = fs::temp_directory_path() /
           ("corridor-mpi-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    const auto region = dir_ / "region";
    fs::create_directories(region / "observed");
    for (const auto& [name, text] : two_towns()) std::ofstream(region / name) << text;
    for (const auto& s : kScenarios) std::ofstream(region / s[0]) << s[1];
    std::ofstream(region / "four.toml")
        << "name = \"four\"\nscenarios = [\"faster-bus.toml\", \"m1-three-lanes.toml\", "
           "\"n5-faster.toml\", \"bypass.toml\"]\ncombinations = [\"pairs\", \"all\"]\n";
    batch_ = (region / "four.toml").string();
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // `mpirun -np RANKS corridor batch BATCH --out OUT --threads 1 --quiet` (BATCH: the fixture's).
  std::vector<std::string> mpirun_args(int ranks, const fs::path& out,
                                       const std::string& batch = {}) const {
    return {mpiexec_,
            "--allow-run-as-root",
            "--oversubscribe",
            "--bind-to",
            "none",
            "-np",
            std::to_string(ranks),
            corridor_binary().string(),
            "batch",
            batch.empty() ? batch_ : batch,
            "--out",
            out.string(),
            "--threads",
            "1",
            "--quiet"};
  }
  CliResult mpirun(int ranks, const fs::path& out, const std::string& batch = {}) const {
    const auto args = mpirun_args(ranks, out, batch);
    std::string cmd;
    for (const auto& a : args) cmd += shell_quote(a) + " ";
    const auto log = dir_ / ("log-" + std::to_string(ranks));
    cmd += ">" + shell_quote(log.string() + ".out") + " 2>" + shell_quote(log.string() + ".err");
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
            slurp(log.string() + ".out"), slurp(log.string() + ".err")};
  }
  void expect_same_tree(const fs::path& want, const fs::path& got, std::size_t runs = 11) {
    const auto a = tree(want), b = tree(got);
    EXPECT_GT(a.size(), runs * 6);  // six tables per run, and more
    for (const auto& [path, text] : a) {
      const auto it = b.find(path);
      if (it == b.end()) {
        ADD_FAILURE() << got / path << " missing";
      } else {
        EXPECT_TRUE(it->second == text) << path << " differs";
      }
    }
    for (const auto& [path, text] : b) EXPECT_TRUE(a.count(path)) << path << " is extra";
  }

  std::string mpiexec_, batch_;
  fs::path dir_;
};

TEST_F(MpiBatch, TwoAndThreeRanksWriteTheOneProcessBytes) {
  const auto one = run_corridor(
      {"batch", batch_, "--out", (dir_ / "one").string(), "--threads", "2", "--quiet"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("11 scenarios (11 computed, 0 reused)"));
  for (const int ranks : {2, 3}) {
    const auto out = dir_ / ("ranks-" + std::to_string(ranks));
    const auto r = mpirun(ranks, out);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("11 scenarios (11 computed, 0 reused)"));
    expect_same_tree(dir_ / "one", out);
  }
}

// The pid of rank `rank` among the children of the launcher `launcher` (Open MPI's mpirun forks
// the local ranks itself; their environment names their rank).
pid_t rank_pid(pid_t launcher, int rank) {
  const std::string want = "OMPI_COMM_WORLD_RANK=" + std::to_string(rank);
  for (const auto& e : fs::directory_iterator("/proc")) {
    const auto name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto stat = slurp(e.path() / "stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    int ppid = 0;
    char state = 0;
    if (std::sscanf(stat.c_str() + close + 1, " %c %d", &state, &ppid) != 2) continue;
    if (ppid != launcher) continue;
    const auto env = slurp(e.path() / "environ");
    for (std::size_t at = 0; at < env.size();) {
      const auto end = env.find('\0', at);
      if (env.compare(at, end - at, want) == 0) return static_cast<pid_t>(std::stol(name));
      if (end == std::string::npos) break;
      at = end + 1;
    }
  }
  return -1;
}

TEST_F(MpiBatch, KilledRankIsNamedAndRerunCompletesTheSameBytes) {
  const auto quick_wins = source_dir() / "scenarios" / "brainport-kempen" / "quick-wins.toml";
  if (!fs::exists(quick_wins)) GTEST_SKIP() << quick_wins << " not found";
  const auto batch = quick_wins.string();
  const auto one =
      run_corridor({"batch", batch, "--out", (dir_ / "one").string(), "--threads", "2", "--quiet"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto out = dir_ / "killed";
  const auto err = dir_ / "killed.err";
  const auto args = mpirun_args(3, out, batch);
  const pid_t launcher = ::fork();
  ASSERT_GE(launcher, 0);
  if (launcher == 0) {
    // Worker ranks hold every task after their first result (task_queue_mpi.cpp): the batch
    // cannot finish before rank 1 is killed, on any machine.
    ::setenv("CORRIDOR_FAULT_HOLD_AFTER", "1", 1);
    const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 2);
    ::dup2(fd, 1);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  // As soon as rank 0 has written a first finished run, kill rank 1.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool first = false;
  while (!first && std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(out / "scenarios")) {
      for (const auto& e : fs::directory_iterator(out / "scenarios")) {
        first = first || fs::exists(e.path() / "done.json");
      }
    }
    if (!first) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_TRUE(first) << slurp(err);
  const pid_t victim = rank_pid(launcher, 1);
  ASSERT_GT(victim, 0) << "rank 1 not found among mpirun's children";
  ::kill(victim, SIGKILL);
  int status = 0;
  ::waitpid(launcher, &status, 0);
  const auto log = slurp(err);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_NE(WEXITSTATUS(status), 0) << "the batch finished before rank 1 was killed:\n" << log;
  EXPECT_THAT(log, HasSubstr("rank 1 "));
  EXPECT_THAT(log, ContainsRegex("rank 1( \\(computing [^)]*\\))? failed \\(killed or crashed"));
  EXPECT_THAT(log, HasSubstr("rerun the same command"));

  const auto again = mpirun(2, out, batch);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_THAT(again.out,
              ContainsRegex("29 scenarios \\([1-9][0-9]* computed, [1-9][0-9]* reused\\)"));
  expect_same_tree(dir_ / "one", out, 29);
}

}  // namespace
}  // namespace corridor::test
