// `corridor import-gtfs FEED_DIR_OR_ZIP --date YYYY-MM-DD --period HH:MM-HH:MM --out DIR
//  [--offpeak HH:MM-HH:MM]`: turns a GTFS feed into headway-based lines (average headway and run
// times in the period of that service date), written in Corridor's lines format
// (stops.csv, lines.csv, line_stops.csv; each file atomically). See io/gtfs.hpp for the model.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "io/gtfs.hpp"
#include "io/lines.hpp"

namespace corridor::cli {

namespace {

struct ImportGtfsConfig {
  std::string feed;
  std::string date;
  std::string period;
  std::string offpeak;
  std::string out;
};

void run_import_gtfs(const ImportGtfsConfig& c) {
  io::GtfsImportOptions options;
  options.date = io::parse_gtfs_date(c.date, "--date");
  options.peak = io::parse_time_window(c.period, "--period");
  if (!c.offpeak.empty()) options.offpeak = io::parse_time_window(c.offpeak, "--offpeak");
  io::GtfsImportSummary summary;
  const auto data = io::import_gtfs(c.feed, options, &summary);
  io::write_lines(c.out, data);
  std::printf(
      "import-gtfs: %zu lines, %zu stops from %zu trips running on %s (%zu departures in "
      "%s",
      summary.lines, summary.stops, summary.trips_active, c.date.c_str(), summary.departures_peak,
      c.period.c_str());
  if (!c.offpeak.empty()) {
    std::printf(", %zu in %s", summary.departures_offpeak, c.offpeak.c_str());
  }
  std::printf(") -> %s\n", c.out.c_str());
}

}  // namespace

void add_import_gtfs_command(CLI::App& app) {
  auto config = std::make_shared<ImportGtfsConfig>();
  auto* cmd = app.add_subcommand(
      "import-gtfs", "Turn a GTFS feed into headway-based lines for one date and period");
  cmd->add_option("feed", config->feed, "GTFS feed: a folder or a .zip file")->required();
  cmd->add_option("--date", config->date, "service date YYYY-MM-DD")->required();
  cmd->add_option("--period", config->period,
                  "time window HH:MM-HH:MM giving headway_peak_min (e.g. 07:00-09:00)")
      ->required();
  cmd->add_option("--offpeak", config->offpeak,
                  "second window HH:MM-HH:MM giving headway_offpeak_min (default: same as "
                  "--period)");
  cmd->add_option("--out", config->out, "output folder (stops.csv, lines.csv, line_stops.csv)")
      ->required();
  cmd->callback([config] { run_import_gtfs(*config); });
}

}  // namespace corridor::cli
