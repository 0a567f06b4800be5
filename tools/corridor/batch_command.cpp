#include "batch_command.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "distributed/task_queue.hpp"
#include "scenario/draws.hpp"
#include "scenario/report_writer.hpp"
#include "thread_limit.hpp"

namespace corridor::cli {

namespace {

// The report's date (UTC, YYYY-MM-DD): SOURCE_DATE_EPOCH when set (reproducible builds'
// convention: the same inputs give the same page), else today.
std::string report_date() {
  std::time_t t = std::time(nullptr);
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e != nullptr && *e != '\0') {
    char* end = nullptr;
    const long long v = std::strtoll(e, &end, 10);
    if (end != nullptr && *end == '\0' && v >= 0) t = static_cast<std::time_t>(v);
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

void print_summary(const BatchCommandConfig& cfg, const scenario::BatchSummary& summary,
                   std::chrono::steady_clock::time_point start) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!cfg.quiet) std::fputs(summary.text.c_str(), stdout);
  const std::size_t n = summary.results.size();
  std::printf("%zu %s (%zu computed, %zu reused) in %.2f s; outputs in %s\n", n,
              n == 1 ? "scenario" : "scenarios", summary.computed, summary.reused, seconds,
              cfg.out.c_str());
}

// The batch's back-cast ([backcast]), run after the batch on its engine: DIR/backcast.csv and the
// report's model-fit page.
void add_backcast(const scenario::Batch& batch, scenario::RegionEngine& engine,
                  const BatchCommandConfig& cfg, scenario::ReportExtras& extras) {
  if (!batch.backcast) return;
  const auto result = scenario::run_backcast(*batch.backcast, engine);
  write_file_atomically(std::filesystem::path(cfg.out) / "backcast.csv",
                        scenario::backcast_csv(result));
  extras.backcast = scenario::backcast_report(result);
  std::size_t within = 0;
  for (const auto& r : result.rows) within += r.within_tolerance ? 1 : 0;
  std::printf("back-cast '%s': %zu of %zu figures within tolerance; backcast.csv in %s\n",
              result.scenario.c_str(), within, result.rows.size(), cfg.out.c_str());
}

// The report (written last, with the ranking's uncertainty when the batch ran draws) and the
// lines for the terminal.
void finish_batch(const BatchCommandConfig& cfg, const scenario::Batch& batch,
                  const scenario::BatchSummary& summary, scenario::RegionEngine& engine,
                  const std::optional<scenario::DrawsSummary>& draws,
                  std::chrono::steady_clock::time_point start) {
  scenario::ReportExtras extras;
  extras.date = report_date();
  add_backcast(batch, engine, cfg, extras);
  if (draws) {
    for (const auto& r : draws->robustness.rows) {
      extras.uncertainty[r.scenario] = {
          draws->plan.draws, r.p_rank_first,  r.rank_p5,       r.rank_p50, r.rank_p95,
          r.benefit_p5,      r.benefit_p50,   r.benefit_p95,   r.bcr_p5,   r.bcr_p50,
          r.bcr_p95,         r.investment_p5, r.investment_p95};
    }
  }
  scenario::write_batch_report(batch, summary, engine, cfg.out, extras);
  print_summary(cfg, summary, start);
  if (draws && !cfg.quiet) std::fputs(draws->text.c_str(), stdout);
  if (draws)
    std::printf(
        "%zu draws (%zu computed, %zu reused, %zu model runs, %zu feedback loops in the "
        "draws' runs); robustness.csv, sensitivity.csv in %s\n",
        draws->plan.draws, draws->computed, draws->reused, draws->model_runs,
        draws->draw_feedback_loops, cfg.out.c_str());
}

scenario::DrawOptions draw_options(const BatchCommandConfig& cfg) {
  scenario::DrawOptions o;
  o.out = cfg.out;
  o.draws = cfg.draws;
  o.seed = cfg.seed;
  o.progress = !cfg.quiet;
  return o;
}

void check_draws(const BatchCommandConfig& cfg, const scenario::Batch& batch) {
  if (cfg.draws > 0 && !batch.uncertainty)
    throw_input_error(cfg.file, 0, "uncertainty",
                      "--draws needs an [uncertainty] block in the batch file "
                      "(docs/comparing-quick-wins.md, \"Rankings under uncertainty\")");
}

void run_here(const BatchCommandConfig& cfg, scenario::Batch (*read)(const std::string& file)) {
  const auto threads = limit_threads(cfg.threads);
  const auto start = std::chrono::steady_clock::now();
  const auto batch = read(cfg.file);
  check_draws(cfg, batch);
  scenario::RegionEngine engine;
  scenario::BatchOptions options;
  options.out = cfg.out;
  options.progress = !cfg.quiet;
  const auto summary = scenario::run_batch(batch, engine, options);
  std::optional<scenario::DrawsSummary> draws;
  if (cfg.draws > 0) draws = scenario::run_draws(batch, engine, draw_options(cfg));
  finish_batch(cfg, batch, summary, engine, draws, start);
}

// Every rank computes with `threads` oneTBB threads while its main thread talks MPI
// (distributed/local_slots.hpp) and rank 0 writes results on one more (the queue's writer), so
// TBB may use two more.
void run_distributed(const distributed::Session& session, const BatchCommandConfig& cfg,
                     scenario::Batch (*read)(const std::string& file)) {
  (void)limit_threads(cfg.threads);  // checks the value
  const int threads = cfg.threads > 0 ? cfg.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads) + 2);
  distributed::QueueOptions queue;
  queue.threads = threads;
  // Two rounds with --draws (docs/distributed.md): the batch's runs, then the draws (one task
  // per draw), on the same engine: a rank keeps the bases it prepared for the first.
  if (session.rank() != 0) {
    std::optional<scenario::Batch> batch;
    scenario::RegionEngine engine;
    std::unique_ptr<scenario::BatchWorker> worker;
    distributed::serve(
        session, queue, [&](const std::vector<std::size_t>& todo, const std::string&) {
          batch = read(cfg.file);
          worker = std::make_unique<scenario::BatchWorker>(*batch, engine);
          return distributed::Work{[&worker, todo] { worker->prepare(todo); },
                                   [&worker](std::size_t i) { return worker->compute(i); }};
        });
    if (cfg.draws == 0) return;
    std::unique_ptr<scenario::DrawWorker> draws;
    distributed::serve(
        session, queue, [&](const std::vector<std::size_t>& todo, const std::string&) {
          draws = std::make_unique<scenario::DrawWorker>(*batch, engine, cfg.draws, cfg.seed);
          return distributed::Work{[&draws, todo] { draws->prepare(todo); },
                                   [&draws](std::size_t d) { return draws->compute(d); }};
        });
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto batch = read(cfg.file);
  check_draws(cfg, batch);
  scenario::RegionEngine engine;
  struct Round {
    std::string what;
    std::size_t tasks = 0;
    std::optional<distributed::QueueReport> report;
  };
  std::vector<Round> rounds;
  // The queue for one round: `name` names a task in messages, `kept` says where finished ones are.
  auto executor = [&](std::function<std::string(std::size_t)> name, std::string kept,
                      std::string what) {
    return [&session, &rounds, queue, name, kept, what](
               const std::vector<std::size_t>& todo, const std::function<void()>& prepare,
               const std::function<std::string(std::size_t)>& compute,
               const std::function<void(std::size_t, std::string)>& accept) {
      auto q = queue;
      q.name = name;
      q.failure_note =
          "their outputs are in " + kept + "; rerun the same command to compute the rest";
      rounds.push_back({what, todo.size(), std::nullopt});
      rounds.back().report = distributed::coordinate(session, todo, {prepare, compute}, q, accept);
    };
  };
  scenario::BatchOptions options;
  options.out = cfg.out;
  options.progress = !cfg.quiet;
  options.executor =
      executor([&batch](std::size_t i) { return "scenario '" + batch.runs.at(i).name + "'"; },
               cfg.out + "/scenarios", "scenarios");
  const auto summary = scenario::run_batch(batch, engine, options);
  std::optional<scenario::DrawsSummary> draws;
  if (cfg.draws > 0) {
    auto o = draw_options(cfg);
    o.executor = executor([](std::size_t d) { return "draw " + std::to_string(d); },
                          cfg.out + "/draws", "draws");
    draws = scenario::run_draws(batch, engine, o);
  }
  finish_batch(cfg, batch, summary, engine, draws, start);
  if (!cfg.quiet) {
    for (const auto& r : rounds) {
      if (!r.report) continue;
      std::printf("MPI, %s: %d ranks x %d threads (%s)\n%s", r.what.c_str(), session.size(),
                  threads, distributed::mpi_description().c_str(),
                  distributed::describe(*r.report, r.tasks).c_str());
    }
  }
}

}  // namespace

void run_batch_command(const distributed::Session& session, const BatchCommandConfig& cfg,
                       scenario::Batch (*read)(const std::string& file)) {
  if (session.distributed()) {
    run_distributed(session, cfg, read);
  } else {
    run_here(cfg, read);
  }
}

}  // namespace corridor::cli
