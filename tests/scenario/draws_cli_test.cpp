// `corridor batch --draws` on the real region model (skipped when it is absent): robustness.csv and
// sensitivity.csv byte-identical for 1 and 2 threads; a run missing a finished draw recomputes that
// draw only and ends equal; appraisal-only inputs run no model per draw; --draws without an
// [uncertainty] block and a bad declaration exit 2 with file:line:field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "run_cli.hpp"
#include "test_data.hpp"

namespace corridor::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class DrawsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    region_ = source_dir() / "scenarios" / "brainport-kempen";
    if (!fs::exists(region_ / "zones.csv") || !fs::exists(corridor_binary())) {
      GTEST_SKIP() << "region model or corridor binary not found";
    }
    dir_ = fs::temp_directory_path() / ("corridor-draws-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "region");
    // The region with a short demand loop (as cli_test.cpp): thread independence and resume do
    // not depend on convergence.
    for (const auto& e : fs::directory_iterator(region_)) {
      if (e.is_regular_file() && e.path().extension() == ".csv")
        fs::copy_file(e.path(), dir_ / "region" / e.path().filename());
    }
    std::ofstream(dir_ / "region" / "demand.toml") << "[feedback]\nmax_loops = 4\n";
    for (const char* n : {"hamont-weert", "aligned-timetables"}) {
      auto text = slurp(region_ / (std::string(n) + ".toml"));
      text = std::regex_replace(text, std::regex("base = \"\\.\""),
                                "base = \"" + (dir_ / "region").string() + "\"");
      std::ofstream(dir_ / (std::string(n) + ".toml")) << text;
    }
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string batch(const std::string& name, const std::string& inputs) {
    const auto file = dir_ / (name + ".toml");
    std::ofstream(file) << "name = \"" << name
                        << "\"\nscenarios = [\"hamont-weert.toml\", \"aligned-timetables.toml\"]\n"
                           "combinations = [\"all\"]\n[uncertainty]\nseed = 11\n"
                        << inputs;
    return file.string();
  }
  static std::string input(const std::string& name, const std::string& body) {
    return "[[uncertainty.input]]\nname = \"" + name + "\"\n" + body;
  }
  fs::path region_, dir_;
};

TEST_F(DrawsCli, OneAndTwoThreadsGiveIdenticalDrawsAndAResumedRunEndsEqual) {
  const auto file = batch(
      "m",
      input("vot",
            "kind = \"value_of_time\"\ndistribution = \"uniform\"\nlow = 0.8\nhigh = 1.2\n") +
          input("rail",
                "kind = \"investment\"\nitems = [\"hamont-weert-track\"]\n"
                "distribution = \"triangular\"\nlow = 0.7\nmode = 1.0\nhigh = 2.0\n") +
          input("growth",
                "kind = \"demand_growth\"\ndistribution = \"uniform\"\nlow = 1.0\nhigh = 1.06\n") +
          input("wait",
                "kind = \"parameter\"\nkey = \"pt.wait_factor\"\n"
                "distribution = \"uniform\"\nlow = -0.1\nhigh = 0.1\n"));
  const std::vector<std::string> base{"batch", file, "--draws", "6", "--quiet"};
  auto with = [&](std::vector<std::string> extra) {
    auto a = base;
    a.insert(a.end(), extra.begin(), extra.end());
    return run_corridor(a);
  };
  auto r1 = with({"--out", (dir_ / "t1").string(), "--threads", "1"});
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  // 6 draws × (base + 3 runs) model runs (the model inputs re-run everything), each started from
  // one of the 4 nominal runs (base + 3 runs), computed once and not counted.
  EXPECT_THAT(r1.out, HasSubstr("6 draws (6 computed, 0 reused, 24 model runs, "));
  auto r2 = with({"--out", (dir_ / "t2").string(), "--threads", "2"});
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  const char* files[] = {"robustness.csv", "sensitivity.csv", "sensitivity_by_scenario.csv",
                         "draws/draw-00000.json", "draws/draw-00005.json"};
  for (const char* f : files) {
    EXPECT_EQ(slurp(dir_ / "t1" / f), slurp(dir_ / "t2" / f)) << f;
  }
  const auto robust = slurp(dir_ / "t1" / "robustness.csv");
  EXPECT_THAT(robust, HasSubstr("scenario,p_rank_first,rank_p5,rank_p50,rank_p95,"));
  EXPECT_THAT(robust, HasSubstr("\nhamont-weert,"));
  // After the fixed columns, the investment range: hamont-weert's track under a triangular
  // factor (0.7, 1, 2) has a range, aligned-timetables (no input names it) none.
  EXPECT_THAT(robust, HasSubstr("benefit_cost_ratio_p95,investment_eur_p5,investment_eur_p95\n"));
  auto last_two = [&](const std::string& name) {
    const auto a = robust.find("\n" + name + ",");
    const auto line = robust.substr(a + 1, robust.find('\n', a + 1) - a - 1);
    const auto c2 = line.rfind(','), c1 = line.rfind(',', c2 - 1);
    return std::make_pair(std::stod(line.substr(c1 + 1, c2 - c1 - 1)),
                          std::stod(line.substr(c2 + 1)));
  };
  const auto hw = last_two("hamont-weert");
  EXPECT_LT(hw.first, hw.second);
  const auto at = last_two("aligned-timetables");
  EXPECT_EQ(at.first, at.second);
  EXPECT_THAT(slurp(dir_ / "t1" / "sensitivity.csv"), HasSubstr("input,kind,rank_variance_share,"));
  // An interrupted run: one draw missing, another unreadable (truncated): both recomputed.
  fs::remove(dir_ / "t1" / "draws" / "draw-00003.json");
  std::ofstream(dir_ / "t1" / "draws" / "draw-00004.json") << "{\"input_hash\": \"trunc";
  auto again = with({"--out", (dir_ / "t1").string(), "--threads", "2"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("6 draws (2 computed, 4 reused, 8 model runs, "));
  for (const char* f : files) {
    EXPECT_EQ(slurp(dir_ / "t1" / f), slurp(dir_ / "t2" / f)) << f;
  }
  // Another seed: other draws.
  auto seeded = with({"--out", (dir_ / "t3").string(), "--seed", "12"});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  EXPECT_NE(slurp(dir_ / "t3" / "draws" / "draw-00000.json"),
            slurp(dir_ / "t1" / "draws" / "draw-00000.json"));
}

TEST_F(DrawsCli, AppraisalOnlyInputsRunNoModelPerDraw) {
  const auto file =
      batch("a", input("vot",
                       "kind = \"value_of_time\"\ndistribution = \"uniform\"\nlow = 0.8\n"
                       "high = 1.2\n"));
  auto r = run_corridor({"batch", file, "--out", (dir_ / "a").string(), "--draws", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The three nominal scenario runs, once; none per draw.
  EXPECT_THAT(r.out, HasSubstr("5 draws (5 computed, 0 reused, 3 model runs, 0 feedback loops"));
  // The value of time scales every benefit and B/C alike, so no rank ever changes.
  EXPECT_THAT(r.out, HasSubstr("Ranking under uncertainty (5 draws, Latin hypercube, seed 11)"));
  std::istringstream in(slurp(dir_ / "a" / "robustness.csv"));
  std::string row;
  std::getline(in, row);
  double p_first = 0.0;
  while (std::getline(in, row)) {
    const auto c1 = row.find(',');
    p_first += std::stod(row.substr(c1 + 1));
    const auto c2 = row.find(',', c1 + 1), c3 = row.find(',', c2 + 1), c4 = row.find(',', c3 + 1);
    EXPECT_EQ(row.substr(c2 + 1, c3 - c2 - 1), row.substr(c3 + 1, c4 - c3 - 1)) << row;
  }
  EXPECT_DOUBLE_EQ(p_first, 1.0);
}

TEST_F(DrawsCli, BadUncertaintyExits2WithFileLineField) {
  std::ofstream(dir_ / "plain.toml") << "name = \"plain\"\nscenarios = [\"hamont-weert.toml\"]\n";
  auto none = run_corridor(
      {"batch", (dir_ / "plain.toml").string(), "--out", (dir_ / "n").string(), "--draws", "4"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("field 'uncertainty': --draws needs an [uncertainty] block"));
  const auto file = batch("bad", input("cost",
                                       "kind = \"investment\"\nscenarios = [\"hamont-weerd\"]\n"
                                       "distribution = \"uniform\"\nlow = 0.8\nhigh = 1.2\n"));
  auto bad = run_corridor({"batch", file, "--out", (dir_ / "b").string(), "--draws", "4"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.toml:9: field 'uncertainty.input.scenarios': scenario "
                                 "'hamont-weerd' is not listed in 'scenarios'"));
}

}  // namespace
}  // namespace corridor::test
