#include "batch_command.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

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

void run_here(const BatchCommandConfig& cfg, scenario::Batch (*read)(const std::string& file)) {
  const auto threads = limit_threads(cfg.threads);
  const auto start = std::chrono::steady_clock::now();
  const auto batch = read(cfg.file);
  if (cfg.draws > 0 && !batch.uncertainty)
    throw_input_error(cfg.file, 0, "uncertainty",
                      "--draws needs an [uncertainty] block in the batch file "
                      "(docs/comparing-quick-wins.md, \"Rankings under uncertainty\")");
  scenario::RegionEngine engine;
  scenario::BatchOptions options;
  options.out = cfg.out;
  options.progress = !cfg.quiet;
  const auto summary = scenario::run_batch(batch, engine, options);
  std::optional<scenario::DrawsSummary> draws;
  if (cfg.draws > 0) {
    draws = scenario::run_draws(
        batch, engine,
        {.out = cfg.out, .draws = cfg.draws, .seed = cfg.seed, .progress = !cfg.quiet});
  }
  // The report is written last, with the ranking's uncertainty when the batch ran draws.
  scenario::ReportExtras extras;
  extras.date = report_date();
  if (draws) {
    for (const auto& r : draws->robustness.rows) {
      extras.uncertainty[r.scenario] = {
          draws->plan.draws, r.p_rank_first, r.rank_p5, r.rank_p50, r.rank_p95, r.benefit_p5,
          r.benefit_p50,     r.benefit_p95,  r.bcr_p5,  r.bcr_p50,  r.bcr_p95};
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

// Every rank computes with `threads` oneTBB threads while its main thread talks MPI
// (distributed/local_slots.hpp) and rank 0 writes results on one more (the queue's writer), so
// TBB may use two more.
void run_distributed(const distributed::Session& session, const BatchCommandConfig& cfg,
                     scenario::Batch (*read)(const std::string& file)) {
  (void)limit_threads(cfg.threads);  // checks the value
  if (cfg.draws > 0)
    throw Error(
        "--draws runs on one process for now: the (draw, run) tasks of scenario/draws.hpp "
        "are independent but not yet handed out over MPI; start corridor without mpirun");
  const int threads = cfg.threads > 0 ? cfg.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads) + 2);
  distributed::QueueOptions queue;
  queue.threads = threads;
  if (session.rank() != 0) {
    std::optional<scenario::Batch> batch;
    scenario::RegionEngine engine;
    std::unique_ptr<scenario::BatchWorker> worker;
    distributed::serve(session, queue, [&](const std::vector<std::size_t>& todo) {
      batch = read(cfg.file);
      worker = std::make_unique<scenario::BatchWorker>(*batch, engine);
      return distributed::Work{[&worker, todo] { worker->prepare(todo); },
                               [&worker](std::size_t i) { return worker->compute(i); }};
    });
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto batch = read(cfg.file);
  queue.name = [&batch](std::size_t i) { return "scenario '" + batch.runs.at(i).name + "'"; };
  queue.failure_note =
      "their outputs are in " + cfg.out + "/scenarios; rerun the same command to compute the rest";
  scenario::RegionEngine engine;
  scenario::BatchOptions options;
  options.out = cfg.out;
  options.progress = !cfg.quiet;
  std::optional<distributed::QueueReport> report;
  std::size_t tasks = 0;
  options.executor = [&](const std::vector<std::size_t>& todo, const std::function<void()>& prepare,
                         const std::function<std::string(std::size_t)>& compute,
                         const std::function<void(std::size_t, std::string)>& accept) {
    tasks = todo.size();
    report = distributed::coordinate(session, todo, {prepare, compute}, queue, accept);
  };
  const auto summary = scenario::run_batch(batch, engine, options);
  scenario::ReportExtras extras;
  extras.date = report_date();
  scenario::write_batch_report(batch, summary, engine, cfg.out, extras);
  print_summary(cfg, summary, start);
  if (!cfg.quiet && report) {
    std::printf("MPI: %d ranks x %d threads (%s)\n%s", session.size(), threads,
                distributed::mpi_description().c_str(),
                distributed::describe(*report, tasks).c_str());
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
