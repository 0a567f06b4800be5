#include "batch_command.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

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

}  // namespace

void run_batch_command(const BatchCommandConfig& cfg,
                       scenario::Batch (*read)(const std::string& file)) {
  const auto threads = limit_threads(cfg.threads);
  const auto start = std::chrono::steady_clock::now();
  const auto batch = read(cfg.file);
  scenario::RegionEngine engine;
  scenario::BatchOptions options;
  options.out = cfg.out;
  options.progress = !cfg.quiet;
  const auto summary = scenario::run_batch(batch, engine, options);
  scenario::ReportExtras extras;
  extras.date = report_date();
  scenario::write_batch_report(batch, summary, engine, cfg.out, extras);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!cfg.quiet) std::fputs(summary.text.c_str(), stdout);
  const std::size_t n = summary.results.size();
  std::printf("%zu %s (%zu computed, %zu reused) in %.2f s; outputs in %s\n", n,
              n == 1 ? "scenario" : "scenarios", summary.computed, summary.reused, seconds,
              cfg.out.c_str());
}

}  // namespace corridor::cli
