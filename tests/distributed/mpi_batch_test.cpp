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
#include <functional>
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

pid_t rank_pid(pid_t launcher, int rank);

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

  // The fixture's batch with an [uncertainty] block of every kind of input (the parameter and
  // growth inputs make each draw run its base and all 11 runs again).
  std::string batch_with_draws() const {
    const auto file = dir_ / "region" / "four-draws.toml";
    std::ofstream(file) << slurp(batch_) << R"(
[uncertainty]
seed = 7
[[uncertainty.input]]
name = "vot"
kind = "value_of_time"
distribution = "uniform"
low = 0.8
high = 1.2
[[uncertainty.input]]
name = "m1-cost"
kind = "investment"
scenarios = ["m1-three-lanes"]
distribution = "triangular"
low = 0.7
mode = 1.0
high = 2.0
[[uncertainty.input]]
name = "growth"
kind = "demand_growth"
distribution = "uniform"
low = 1.0
high = 1.06
[[uncertainty.input]]
name = "wait"
kind = "parameter"
key = "pt.wait_factor"
distribution = "uniform"
low = -0.1
high = 0.1
)";
    return file.string();
  }

  // `mpirun -np RANKS corridor batch BATCH --out OUT --threads 1 --quiet [EXTRA]` (BATCH: the
  // fixture's).
  std::vector<std::string> mpirun_args(int ranks, const fs::path& out,
                                       const std::string& batch = {},
                                       const std::vector<std::string>& extra = {}) const {
    auto args = mpirun_args_plain(ranks, out, batch);
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  std::vector<std::string> mpirun_args_plain(int ranks, const fs::path& out,
                                             const std::string& batch) const {
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
  CliResult mpirun(int ranks, const fs::path& out, const std::string& batch = {},
                   const std::vector<std::string>& extra = {}) const {
    const auto args = mpirun_args(ranks, out, batch, extra);
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

  // Starts `args` under mpirun with worker ranks keeping a task without computing it after
  // `hold_after` results (CORRIDOR_FAULT_HOLD_AFTER, task_queue_mpi.cpp: the job cannot finish
  // before the kill, on any machine), kills rank 1 with SIGKILL as soon as `first_result` holds,
  // and returns the job's exit status and output.
  CliResult run_and_kill_rank_1(const std::vector<std::string>& args,
                                const std::function<bool()>& first_result,
                                const char* hold_after = "1") const {
    const auto err = dir_ / "killed.err";
    const pid_t launcher = ::fork();
    if (launcher < 0) return {-1, "", "fork failed"};
    if (launcher == 0) {
      ::setenv("CORRIDOR_FAULT_HOLD_AFTER", hold_after, 1);
      const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 2);
      ::dup2(fd, 1);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool first = false;
    while (!first && std::chrono::steady_clock::now() < deadline) {
      first = first_result();
      if (!first) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    const pid_t victim = first ? rank_pid(launcher, 1) : -1;
    if (victim > 0) ::kill(victim, SIGKILL);
    if (victim <= 0) ::kill(launcher, SIGTERM);
    int status = 0;
    ::waitpid(launcher, &status, 0);
    CliResult r{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), "", slurp(err)};
    if (!first) r.err = "no first result within 60 s:\n" + r.err;
    if (first && victim <= 0) r.err = "rank 1 not found among mpirun's children:\n" + r.err;
    return r;
  }
  static void expect_rank_1_named(const CliResult& killed, const std::string& task) {
    ASSERT_NE(killed.exit_code, 0) << "the job finished before rank 1 was killed:\n" << killed.err;
    EXPECT_THAT(killed.err, HasSubstr("rank 1 "));
    EXPECT_THAT(killed.err, ContainsRegex("rank 1( \\(computing " + task +
                                          "[^)]*\\))? failed \\(killed or crashed"));
    EXPECT_THAT(killed.err, HasSubstr("rerun the same command"));
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

// --draws under MPI: the draws are tasks of a second round (one task per draw: its base and its
// 11 runs); rank 0 writes every draw file, robustness.csv and sensitivity*.csv, and the report
// with the ranking's uncertainty. Known answer: the one-process run's folder, byte for byte.
// What a --draws run prints about its work: "N draws (... model runs, ... loops ...)".
std::string draws_line(const std::string& out) {
  const auto at = out.find(" draws (");
  if (at == std::string::npos) return {};
  const auto from = out.rfind('\n', at);
  const auto begin = from == std::string::npos ? 0 : from + 1;
  return out.substr(begin, out.find(')', at) + 1 - begin);  // not the output folder after it
}

TEST_F(MpiBatch, DrawsOnTwoAndThreeRanksWriteTheOneProcessBytes) {
  const auto batch = batch_with_draws();
  const auto one = run_corridor({"batch", batch, "--out", (dir_ / "one").string(), "--threads", "2",
                                 "--draws", "5", "--quiet"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  // 5 draws × (1 base + 11 runs).
  EXPECT_THAT(one.out, HasSubstr("5 draws (5 computed, 0 reused, 60 model runs, "));
  EXPECT_TRUE(fs::exists(dir_ / "one" / "draws" / "draw-00004.json"));
  EXPECT_TRUE(fs::exists(dir_ / "one" / "sensitivity_by_scenario.csv"));
  for (const int ranks : {2, 3}) {
    const auto out = dir_ / ("ranks-" + std::to_string(ranks));
    const auto r = mpirun(ranks, out, batch, {"--draws", "5"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    // Every model run and its feedback loops counted, whichever rank ran it: the same line.
    EXPECT_THAT(r.out, HasSubstr("5 draws (5 computed, 0 reused, 60 model runs, "));
    EXPECT_EQ(draws_line(r.out), draws_line(one.out));
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
  const auto killed = run_and_kill_rank_1(mpirun_args(3, out, batch), [&] {
    if (!fs::exists(out / "scenarios")) return false;
    for (const auto& e : fs::directory_iterator(out / "scenarios"))
      if (fs::exists(e.path() / "done.json")) return true;
    return false;
  });
  expect_rank_1_named(killed, "scenario");
  if (HasFatalFailure()) return;

  const auto again = mpirun(2, out, batch);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_THAT(again.out,
              ContainsRegex("29 scenarios \\([1-9][0-9]* computed, [1-9][0-9]* reused\\)"));
  expect_same_tree(dir_ / "one", out, 29);
}

// Draws of appraisal inputs only (no model run per draw) stay on rank 0, the other ranks get an
// empty round: the same bytes as one process, and only the 11 nominal runs are counted.
TEST_F(MpiBatch, AppraisalOnlyDrawsWriteTheOneProcessBytes) {
  const auto file = dir_ / "region" / "four-vot.toml";
  std::ofstream(file) << slurp(batch_) << R"(
[uncertainty]
seed = 3
[[uncertainty.input]]
name = "m1-cost"
kind = "investment"
scenarios = ["m1-three-lanes"]
distribution = "triangular"
low = 0.7
mode = 1.0
high = 2.0
)";
  const auto one = run_corridor({"batch", file.string(), "--out", (dir_ / "one").string(),
                                 "--threads", "1", "--draws", "4", "--quiet"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("4 draws (4 computed, 0 reused, 11 model runs, "));
  const auto r = mpirun(2, dir_ / "two", file.string(), {"--draws", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("4 draws (4 computed, 0 reused, 11 model runs, "));
  expect_same_tree(dir_ / "one", dir_ / "two");
}

// A rank killed while it holds a draw: rank 0 names it, the draws finished before are kept (their
// files), and a rerun on 2 ranks computes only the rest and ends with the one-process bytes. The
// scenarios are computed first on one process, so the MPI run's first round (the batch) has
// nothing to hold. A two-towns draw takes milliseconds: the worker ranks keep their first draw
// without computing it (CORRIDOR_FAULT_HOLD_AFTER=0) and rank 0 computes the others, so the job
// cannot end before the kill; 40 draws keep rank 0 busy long enough for both workers to get one.
TEST_F(MpiBatch, KilledRankLosesNoFinishedDrawAndRerunCompletesTheSameBytes) {
  const auto batch = batch_with_draws();
  const auto one = run_corridor({"batch", batch, "--out", (dir_ / "one").string(), "--threads", "1",
                                 "--draws", "40", "--quiet"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto out = dir_ / "killed";
  const auto first = run_corridor({"batch", batch, "--out", out.string(), "--quiet"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto killed = run_and_kill_rank_1(
      mpirun_args(3, out, batch, {"--draws", "40"}),
      [&] {
        if (!fs::exists(out / "draws")) return false;
        for (const auto& e : fs::directory_iterator(out / "draws"))
          if (e.path().extension() == ".json") return true;
        return false;
      },
      "0");
  expect_rank_1_named(killed, "draw");
  if (HasFatalFailure()) return;
  std::size_t kept = 0;
  for (const auto& e : fs::directory_iterator(out / "draws"))
    kept += e.path().extension() == ".json" ? 1 : 0;
  ASSERT_GE(kept, 1u);
  ASSERT_LT(kept, 40u);  // the held draws were not finished

  const auto again = mpirun(2, out, batch, {"--draws", "40"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_THAT(again.out, HasSubstr("11 scenarios (0 computed, 11 reused)"));
  EXPECT_THAT(again.out, HasSubstr("40 draws (" + std::to_string(40 - kept) + " computed, " +
                                   std::to_string(kept) + " reused"));
  expect_same_tree(dir_ / "one", out);
}

}  // namespace
}  // namespace corridor::test
