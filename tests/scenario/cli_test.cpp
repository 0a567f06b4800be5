// `corridor run` and `corridor batch` on the real region model (skipped when it is absent):
// 1 and 2 threads give identical files; a batch killed with SIGKILL resumes without recomputing
// finished scenarios and ends equal to an uninterrupted run; bad files exit 2 with file:line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

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

class ScenarioCli : public ::testing::Test {
 protected:
  void SetUp() override {
    region_ = source_dir() / "scenarios" / "brainport-kempen";
    if (!fs::exists(region_ / "zones.csv") || !fs::exists(corridor_binary())) {
      GTEST_SKIP() << "region model or corridor binary not found";
    }
    dir_ = fs::temp_directory_path() / ("corridor-scenario-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "region");
    // A copy of the region with a short demand loop (4 feedback loops) keeps the test fast; the
    // properties tested (thread independence, resume) do not depend on convergence.
    for (const auto& e : fs::directory_iterator(region_)) {
      if (e.is_regular_file() && e.path().extension() == ".csv") {
        fs::copy_file(e.path(), dir_ / "region" / e.path().filename());
      }
    }
    std::ofstream(dir_ / "region" / "demand.toml") << "[feedback]\nmax_loops = 4\n";
    // Copies of three quick wins whose base points at that region.
    for (const char* n : {"hamont-weert", "bergeijk-lommel", "aligned-timetables"}) {
      auto text = slurp(region_ / (std::string(n) + ".toml"));
      text = std::regex_replace(text, std::regex("base = \"\\.\""),
                                "base = \"" + (dir_ / "region").string() + "\"");
      std::ofstream(dir_ / (std::string(n) + ".toml")) << text;
    }
    std::ofstream(dir_ / "b.toml")
        << "name = \"b\"\nscenarios = [\"hamont-weert.toml\", \"bergeijk-lommel.toml\", "
           "\"aligned-timetables.toml\"]\n";
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void expect_same(const fs::path& x, const fs::path& y) {
    EXPECT_EQ(slurp(x / "ranking.csv"), slurp(y / "ranking.csv"));
    EXPECT_EQ(slurp(x / "summary.json"), slurp(y / "summary.json"));
    // The report is built from the stored per-scenario files: fresh, resumed, 1 or 2 threads.
    EXPECT_EQ(slurp(x / "report.html"), slurp(y / "report.html"));
    for (const char* s : {"hamont-weert", "bergeijk-lommel", "aligned-timetables"}) {
      for (const char* f :
           {"result.json", "lines.csv", "segments.csv", "links.csv", "zones.csv", "od.csv",
            "network/link.csv", "network/node.csv", "network/demand.csv"}) {
        EXPECT_EQ(slurp(x / "scenarios" / s / f), slurp(y / "scenarios" / s / f)) << s << "/" << f;
      }
    }
  }
  fs::path region_, dir_;
};

TEST_F(ScenarioCli, ThreadCountDoesNotChangeOutputsAndKilledBatchResumes) {
  const auto batch = (dir_ / "b.toml").string();
  auto r1 = run_corridor({"batch", batch, "--out", (dir_ / "t1").string(), "--threads", "1"});
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_THAT(r1.out, HasSubstr("3 scenarios (3 computed, 0 reused)"));
  auto r2 = run_corridor({"batch", batch, "--out", (dir_ / "t2").string(), "--threads", "2"});
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  expect_same(dir_ / "t1", dir_ / "t2");
  // report.html: the summary first, titles from the scenario files, within its size budget of
  // 250 kB (summary, fit, region, shared map layers) + 110 kB per single measure (its maps and
  // tables; combinations get compact sections of ~60 kB). The 29-run quick-win batch, 7 singles
  // and 22 combinations, stays under 250 + 7 x 110 + 22 x 60 kB = 2.3 MB, below the 3 MB the
  // issue asks for.
  {
    const std::string html = slurp(dir_ / "t1" / "report.html");
    EXPECT_EQ(html.find("<section id=\"summary\""), html.find("<body>") + 6);
    EXPECT_THAT(html, HasSubstr("Rail Hamont \xe2\x80\x93 Weert"));
    EXPECT_LE(html.size(), 250'000U + 3U * 110'000U);
    // The region's place names as drawn (x, y, font size, textLength of each <text> in the
    // shared label layer): no two boxes (cap height above, descender below the baseline) overlap.
    const auto at = html.find("id=\"base-labels\"");
    ASSERT_NE(at, std::string::npos);
    const std::string layer = html.substr(at, html.find("</g>", at) - at);
    const std::regex text(
        "<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" font-size=\"([0-9.]+)\" textLength=\"([0-9.]+)\"");
    struct Box {
      double x0, y0, x1, y1;
    };
    std::vector<Box> boxes;
    for (auto it = std::sregex_iterator(layer.begin(), layer.end(), text);
         it != std::sregex_iterator(); ++it) {
      const double x = std::stod((*it)[1]), y = std::stod((*it)[2]), f = std::stod((*it)[3]);
      boxes.push_back({x, y - 0.72 * f, x + std::stod((*it)[4]), y + 0.22 * f});
    }
    EXPECT_GT(boxes.size(), 20U);  // most of the region's ~40 places get a name
    for (std::size_t a = 0; a < boxes.size(); ++a)
      for (std::size_t b = a + 1; b < boxes.size(); ++b)
        EXPECT_FALSE(boxes[a].x0 < boxes[b].x1 && boxes[b].x0 < boxes[a].x1 &&
                     boxes[a].y0 < boxes[b].y1 && boxes[b].y0 < boxes[a].y1)
            << "labels " << a << " and " << b << " overlap";
  }
  EXPECT_THAT(slurp(dir_ / "t1" / "ranking.csv"),
              HasSubstr("rank,scenario,person_hours_saved_per_day,benefit_eur_per_year,cost_eur,"
                        "benefit_cost_ratio"));
  EXPECT_THAT(slurp(dir_ / "t1" / "scenarios" / "hamont-weert" / "lines.csv"),
              HasSubstr("NMBS-MOL-HAM,rail,"));
  EXPECT_THAT(slurp(dir_ / "t1" / "scenarios" / "hamont-weert" / "segments.csv"),
              HasSubstr("NMBS-MOL-HAM,Hamont,Weert,"));
  // Peak speeds on every loaded link: positive and at most the region's highest free speed
  // (130 km/h on Dutch motorways); the report's link table shows them (they were all 0 once).
  {
    std::istringstream in(slurp(dir_ / "t1" / "scenarios" / "hamont-weert" / "links.csv"));
    std::string row;
    std::getline(in, row);
    EXPECT_THAT(row, HasSubstr(",peak_speed_kmh,base_peak_speed_kmh,link_id,name,"));
    int loaded = 0;
    std::set<long long> ids;  // one row per link id (parallel links apart)
    while (std::getline(in, row)) {
      std::vector<double> v;
      std::istringstream cells(row);
      std::string c;
      for (int k = 0; k < 7 && std::getline(cells, c, ','); ++k) v.push_back(std::stod(c));
      ASSERT_EQ(v.size(), 7u) << row;
      ASSERT_TRUE(std::getline(cells, c, ',')) << row;
      EXPECT_TRUE(ids.insert(std::stoll(c)).second) << row;
      if (v[2] <= 0.0) continue;
      ++loaded;
      EXPECT_GT(v[5], 0.0) << row;
      EXPECT_LE(v[5], 130.0 + 1e-9) << row;
    }
    EXPECT_GT(loaded, 300);
  }
  // Cross-border part of the segment loads (trips between NL and BE zones, own assignment): never
  // more than the load; on the border-crossing segment Hamont -> Weert nearly all of it (a
  // domestic trip would have to ride into the other country and back).
  {
    std::istringstream in(slurp(dir_ / "t1" / "scenarios" / "hamont-weert" / "segments.csv"));
    std::string row;
    std::getline(in, row);
    EXPECT_EQ(row, "line,from_stop,to_stop,daily_passengers,cross_border_passengers");
    bool seen = false;
    while (std::getline(in, row)) {
      const auto c3 = row.rfind(',');
      const auto c2 = row.rfind(',', c3 - 1);
      const double pax = std::stod(row.substr(c2 + 1, c3 - c2 - 1));
      const double xb = std::stod(row.substr(c3 + 1));
      EXPECT_GE(xb, 0.0) << row;
      EXPECT_LE(xb, pax * (1 + 1e-5) + 1e-9) << row;
      if (row.rfind("NMBS-MOL-HAM,Hamont,Weert,", 0) == 0) {
        seen = true;
        EXPECT_GT(pax, 0.0);
        EXPECT_GE(xb, 0.95 * pax) << row;
      }
    }
    EXPECT_TRUE(seen);
  }
  // The GMNS export carries the run's demand (mode and time_period columns): `corridor assign`
  // reads one mode and period of it on the exported network; without a selection it refuses to
  // sum modes and periods (exit 2, naming the column).
  {
    const auto net = dir_ / "t1" / "scenarios" / "hamont-weert" / "network";
    EXPECT_THAT(slurp(net / "demand.csv"),
                HasSubstr("o_zone_id,d_zone_id,volume,mode,time_period\n"));
    EXPECT_THAT(slurp(net / "demand.csv"), HasSubstr(",truck,am\n"));
    const auto flows = dir_ / "am_flows.csv";
    auto a = run_corridor({"assign", "--network", net.string(), "--trips",
                           (net / "demand.csv").string() + ":auto:am", "--algorithm", "b", "--gap",
                           "1e-4", "--flows-out", flows.string()});
    EXPECT_EQ(a.exit_code, 0) << a.err;
    EXPECT_TRUE(fs::exists(flows));
    auto b = run_corridor({"assign", "--network", net.string(), "--algorithm", "b"});
    EXPECT_EQ(b.exit_code, 2) << b.err;
    EXPECT_THAT(b.err, HasSubstr("mode"));
  }
  const auto result = slurp(dir_ / "t1" / "scenarios" / "hamont-weert" / "result.json");
  EXPECT_THAT(result, HasSubstr("\"scenario_final_road\""));
  EXPECT_THAT(slurp(dir_ / "t1" / "scenarios" / "hamont-weert" / "od.csv"),
              HasSubstr(",delta_gen_minutes,hours_saved_per_day\n"));

  // Kill a batch with SIGKILL as soon as its first scenario is finished, then rerun.
  const auto out = dir_ / "killed";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const auto bin = corridor_binary().string();
    const auto o = out.string();
    ::execl(bin.c_str(), bin.c_str(), "batch", batch.c_str(), "--out", o.c_str(), "--threads", "1",
            "--quiet", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    bool any = false;
    for (const char* s : {"hamont-weert", "bergeijk-lommel", "aligned-timetables"}) {
      any = any || fs::exists(out / "scenarios" / s / "done.json");
    }
    if (any) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  auto r3 = run_corridor({"batch", batch, "--out", out.string(), "--threads", "2"});
  ASSERT_EQ(r3.exit_code, 0) << r3.err;
  if (WIFSIGNALED(status)) {
    EXPECT_THAT(r3.out, ::testing::ContainsRegex("[1-3] reused"));
  }
  expect_same(dir_ / "t1", out);
}

TEST_F(ScenarioCli, RunWritesOneScenarioAndBadFilesExit2) {
  auto r = run_corridor(
      {"run", (dir_ / "aligned-timetables.toml").string(), "--out", (dir_ / "one").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "one" / "scenarios" / "aligned-timetables" / "done.json"));
  EXPECT_TRUE(fs::exists(dir_ / "one" / "ranking.csv"));

  std::ofstream(dir_ / "bad.toml")
      << "name = \"bad\"\ndescription = \"d\"\nbase = \"" << (dir_ / "region").string()
      << "\"\nassumptions = \"a\"\n[[pt.extend_line]]\nline = "
         "\"NO-SUCH-LINE\"\nstops = [\"WT\"]\nminutes = [10]\n";
  auto bad = run_corridor({"run", (dir_ / "bad.toml").string(), "--out", (dir_ / "bad").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.toml:5: field 'pt.extend_line.line'"));
  EXPECT_THAT(bad.err, HasSubstr("NO-SUCH-LINE"));
}

}  // namespace
}  // namespace corridor::test
