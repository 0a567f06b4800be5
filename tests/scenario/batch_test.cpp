// Batch runner with a fake engine (cheap, deterministic, nested parallel loops inside like the
// model run):
// outputs identical for 1 and 2 threads, and resume after a partial run without recomputing.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <vector>

#include "core/parallel.hpp"
#include "scenario/batch.hpp"

namespace corridor::scenario {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class FakeEngine final : public ScenarioEngine {
 public:
  std::string base_key(const Scenario&) override { return "fake-base"; }
  void prepare_base(const std::string&, const Scenario&) override { ++bases; }
  ScenarioResult evaluate(const std::string&, const Scenario& s) override {
    ++evaluations;
    // Nested parallel work with a deterministic reduction (as the model's origin loops).
    std::vector<double> chunk_sum(20000 / 250, 0.0);
    parallel::for_chunks(0, 20000, 250, [&](std::size_t lo, std::size_t hi) {
      double acc = 0.0;
      for (std::size_t i = lo; i != hi; ++i)
        acc += 1.0 / (1.0 + static_cast<double>(i) + static_cast<double>(s.name.size()));
      chunk_sum[lo / 250] = acc;
    });
    double work = 0.0;
    for (const double c : chunk_sum) work += c;
    const double hours = round6(100.0 * static_cast<double>(s.edits.count()) + work);
    ScenarioResult o;
    auto& h = o.headline;
    h.scenario = s.name;
    h.parts = s.parts;
    h.person_hours_saved_per_day = hours;
    h.benefit_eur_per_year = round6(hours * 3000);
    h.cost_eur = 1e6;
    h.benefit_cost_ratio = round6(hours * 3000 / 1e5);
    h.logsum_hours_per_day = hours;
    h.noise_floor.hours_per_day = 1.0;
    h.hours_by_mode = {0.0, hours, 0.0};
    h.base_model_hash = "m";
    h.solver.base_relative_gap = 1e-4;
    h.solver.scenario_relative_gap = 1e-4;
    h.solver.base_demand_change = 1e-3;
    o.lines.push_back({"L" + s.name, "bus", "changed", hours, 1.0, 0.0});
    o.links.push_back(
        {7, 7, "A1", 1, 2, LinkStatus::unchanged, hours, 10.0, 90.0, 95.0, round6(hours - 10.0)});
    return o;
  }
  bool keeps_base_outputs() const override { return keep_base; }
  std::optional<BaseOutputs> base_outputs(const std::string& key) const override {
    if (!keep_base || key != "fake-base") return std::nullopt;
    BaseOutputs b;
    BaseLinkRow l;
    l.link_id = 5;
    l.name = "N69, Valkenswaard";
    l.from_node = 10;
    l.to_node = 11;
    l.daily_flow = 1234.5;
    l.daily_trucks = 100.0;
    l.peak_hour_flow = 80.0;
    l.peak_vc = 0.4;
    l.period_flow = {600.0, 634.5};
    l.period_vc = {0.4, 0.1};
    l.facility_type = "trunk";
    l.lanes = 1.0;
    l.plausible_daily_max = 12500.0;
    b.links = {l};
    b.periods = {"am", "rest"};
    b.stops = {{"S1", "Stop \"one\"", 10.0, 12.0}};
    return b;
  }
  std::atomic<int> evaluations{0};
  int bases = 0;
  bool keep_base = false;
};

class BatchRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("corridor-batch-run-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* n : {"a", "b", "c", "d"}) {
      std::ofstream(dir_ / (std::string(n) + ".toml"))
          << "name = \"" << n << "\"\ndescription = \"d\"\nbase = \".\"\nassumptions = \"x\"\n"
          << "[[pt.remove_line]]\nline = \"L" << n << "\"\n";
    }
  }
  void TearDown() override { fs::remove_all(dir_); }
  Batch batch(const std::string& files) {
    return parse_batch(
        "name = \"t\"\nscenarios = [" + files + "]\ncombinations = [\"pairs\", \"all\"]\n",
        "t.toml", dir_);
  }
  BatchSummary run(const Batch& b, const fs::path& out, FakeEngine& engine, int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    BatchOptions o;
    o.out = out;
    o.progress = false;
    return run_batch(b, engine, o);
  }
  void expect_same_outputs(const fs::path& x, const fs::path& y, const Batch& b) {
    EXPECT_EQ(slurp(x / "ranking.csv"), slurp(y / "ranking.csv"));
    EXPECT_EQ(slurp(x / "summary.json"), slurp(y / "summary.json"));
    for (const auto& s : b.runs) {
      for (const char* f : {"result.json", "lines.csv", "links.csv", "done.json"}) {
        EXPECT_EQ(slurp(x / "scenarios" / s.name / f), slurp(y / "scenarios" / s.name / f))
            << s.name << "/" << f;
      }
    }
  }
  fs::path dir_;
};

constexpr const char* kAll = "\"a.toml\", \"b.toml\", \"c.toml\", \"d.toml\"";

TEST_F(BatchRunner, OneAndTwoThreadsGiveIdenticalOutputs) {
  const auto b = batch(kAll);
  ASSERT_EQ(b.runs.size(), 4u + 6u + 1u);
  FakeEngine e1, e2;
  const auto s1 = run(b, dir_ / "t1", e1, 1);
  const auto s2 = run(b, dir_ / "t2", e2, 2);
  EXPECT_EQ(s1.computed, 11u);
  EXPECT_EQ(e1.bases, 1);
  expect_same_outputs(dir_ / "t1", dir_ / "t2", b);
  EXPECT_NE(slurp(dir_ / "t1" / "ranking.csv").find(",all,"), std::string::npos);
}

TEST_F(BatchRunner, ResumeSkipsFinishedScenariosAndEndsEqual) {
  const auto full = batch(kAll);
  // First, "interrupted" run: only part of the batch got done.
  FakeEngine first;
  run(batch("\"a.toml\", \"b.toml\""), dir_ / "resumed", first, 2);
  EXPECT_EQ(first.evaluations.load(), 4);  // a, b, a+b, all (= a+b)
  // A half-written scenario folder (no done.json) and a corrupt marker must be recomputed.
  fs::create_directories(dir_ / "resumed" / "scenarios" / "c");
  std::ofstream(dir_ / "resumed" / "scenarios" / "c" / "result.json") << "{\"scenario\": \"c\"";
  std::ofstream(dir_ / "resumed" / "scenarios" / "a" / "done.json") << "{not json";
  // A data file that does not match the hash in its marker (torn by a crash) is not trusted.
  std::ofstream(dir_ / "resumed" / "scenarios" / "b" / "lines.csv", std::ios::app) << "x\n";
  FakeEngine second;
  const auto s = run(full, dir_ / "resumed", second, 2);
  EXPECT_EQ(s.reused, 1u);  // a+b only
  EXPECT_EQ(second.evaluations.load(), 10);
  FakeEngine fresh;
  run(full, dir_ / "fresh", fresh, 1);
  expect_same_outputs(dir_ / "resumed", dir_ / "fresh", full);
  // A third run recomputes nothing.
  FakeEngine third;
  const auto again = run(full, dir_ / "resumed", third, 2);
  EXPECT_EQ(third.evaluations.load(), 0);
  EXPECT_EQ(third.bases, 0);
  EXPECT_EQ(again.reused, 11u);
  // An edited scenario file changes its input hash: it and its combinations are recomputed.
  std::ofstream(dir_ / "d.toml", std::ios::app) << "# edited\n";
  FakeEngine fourth;
  run(batch(kAll), dir_ / "resumed", fourth, 2);
  EXPECT_EQ(fourth.evaluations.load(), 1 + 3 + 1);  // d, a+d, b+d, c+d, all
}

// DIR/base/: the base's links and stops, written once, kept while the base hash holds, rewritten
// when the folder is not current. The base itself is prepared on every run of an engine that
// keeps base outputs, even when every scenario is reused: the summary carries its outputs for the
// report's fit section, so a resumed batch writes the same report.html as a fresh one.
TEST_F(BatchRunner, WritesBaseOutputsOnceAndRewritesWhenStale) {
  const auto b = batch("\"a.toml\"");
  FakeEngine e;
  e.keep_base = true;
  run(b, dir_ / "out", e, 1);
  EXPECT_EQ(e.bases, 1);
  const auto base = dir_ / "out" / "base";
  EXPECT_EQ(slurp(base / "links.csv"),
            "link_id,name,from_node,to_node,daily_flow,daily_trucks,peak_hour_flow,peak_vc,"
            "flow_am,flow_rest,vc_am,vc_rest,facility_type,lanes,plausible_daily_max\n"
            "5,\"N69, Valkenswaard\",10,11,1234.5,100,80,0.4,600,634.5,0.4,0.1,trunk,1,"
            "12500\n");
  EXPECT_EQ(slurp(base / "stops.csv"),
            "stop_id,name,daily_boardings,daily_alightings\nS1,\"Stop \"\"one\"\"\",10,12\n");
  EXPECT_TRUE(base_outputs_current(base, "fake-base"));
  EXPECT_FALSE(base_outputs_current(base, "other-base"));
  FakeEngine again;
  again.keep_base = true;
  const auto written = fs::last_write_time(base / "links.csv");
  const auto summary = run(b, dir_ / "out", again, 1);
  EXPECT_EQ(again.bases, 1);  // prepared for the summary, although everything is reused
  EXPECT_EQ(again.evaluations.load(), 0);
  ASSERT_TRUE(summary.base.has_value());
  EXPECT_EQ(summary.base->links.size(), 1U);
  EXPECT_EQ(fs::last_write_time(base / "links.csv"), written);  // current: not rewritten
  fs::remove(base / "stops.csv");
  FakeEngine stale;
  stale.keep_base = true;
  run(b, dir_ / "out", stale, 1);
  EXPECT_EQ(stale.bases, 1);
  EXPECT_TRUE(fs::exists(base / "stops.csv"));
  // An engine without base outputs writes no base folder.
  FakeEngine none;
  run(b, dir_ / "none", none, 1);
  EXPECT_FALSE(fs::exists(dir_ / "none" / "base"));
}

}  // namespace
}  // namespace corridor::scenario
