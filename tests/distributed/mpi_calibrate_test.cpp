// `corridor calibrate` under mpirun (engine/distributed/, tools/corridor/cmd_calibrate.cpp): the
// model runs of each Levenberg–Marquardt round are tasks over the ranks. On the synthetic region
// of the calibration tests (tests/calibration/synthetic_region.hpp: two mode constants fitted to
// two mode shares and a station count) the known answer is the one-process run: 2 ranks give the
// same estimates, iterations and model runs, and the same five files byte for byte (demand.toml,
// calibration.csv, parameters.csv, fit_statistics.csv, calibration.svg). Skipped, saying why,
// when the build has no MPI.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include "run_cli.hpp"
#include "synthetic_region.hpp"

namespace corridor::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The line "cost A -> B (n targets fitted) after K iterations, ...; M model runs, S s" without
// the seconds.
std::string fit_line(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("cost [^\n]*model runs"))) return "(no fit line)";
  return m.str();
}

TEST(MpiCalibrate, TwoRanksGiveTheOneProcessEstimatesAndFiles) {
  const std::string mpiexec = CORRIDOR_MPIEXEC;
  if (mpiexec.empty()) GTEST_SKIP() << "built without MPI";
  if (!fs::exists(mpiexec)) GTEST_SKIP() << "MPI launcher " << mpiexec << " not found";
  // Targets the start (asc 0, 0) misses: the fit takes several rounds of two Jacobian runs.
  const auto dir = calibration::test::write_synthetic_region(
      "mpi", {{"observed/stations.csv",
               "stop,measure,day_type,value,year,source,set,tolerance\n"
               "SB,boardings,weekday,400,2023,test,validation,10%\n"},
              {"observed/targets.csv",
               "kind,purpose,from_set,mode,value,year,source,set,tolerance\n"
               "mode_share,commute,all,pt,0.12,2019,test,calibration,0.01\n"
               "mode_share,other,all,bike,0.30,2019,test,calibration,0.01\n"},
              {"calibration.toml",
               "[[parameter]]\nkey = \"commute.asc[1]\"\nstart = 0.0\nlower = -3.0\nupper = 3.0\n"
               "[[parameter]]\nkey = \"other.asc[2]\"\nstart = 0.0\nlower = -3.0\nupper = 3.0\n"
               "[fit]\ncost_tolerance = 1e-10\nmax_iterations = 12\n"}});
  const auto one =
      run_corridor({"calibrate", dir.string(), "--out", (dir / "one").string(), "--threads", "2"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const std::string cmd =
      shell_quote(mpiexec) + " --allow-run-as-root --oversubscribe --bind-to none -np 2 " +
      shell_quote(corridor_binary().string()) + " calibrate " + shell_quote(dir.string()) +
      " --out " + shell_quote((dir / "two").string()) + " --threads 1 >" +
      shell_quote((dir / "two.out").string()) + " 2>" + shell_quote((dir / "two.err").string());
  const int status = std::system(cmd.c_str());
  const auto out = slurp(dir / "two.out");
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out << slurp(dir / "two.err");
  // Both ranks computed model runs (rank 1's line names its tasks).
  EXPECT_THAT(out, HasSubstr("MPI: 2 ranks x 1 threads"));
  EXPECT_THAT(out, ::testing::ContainsRegex("rank +1: +[1-9][0-9]* tasks"));
  EXPECT_EQ(fit_line(out), fit_line(one.out));
  EXPECT_THAT(fit_line(one.out), ::testing::ContainsRegex("after ([3-9]|1[0-9]) iterations"));
  for (const char* f : {"demand.toml", "calibration.csv", "parameters.csv", "fit_statistics.csv",
                        "calibration.svg"}) {
    ASSERT_TRUE(fs::exists(dir / "one" / f)) << f;
    EXPECT_TRUE(slurp(dir / "one" / f) == slurp(dir / "two" / f)) << f << " differs";
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace corridor::test
