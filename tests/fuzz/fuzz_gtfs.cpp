// libFuzzer target: GTFS import (io/gtfs.hpp). The input holds the feed's files, each introduced
// by a line "#=== stops.txt ===" (agency, routes, trips, stop_times, calendar, calendar_dates,
// frequencies likewise); the date and time parsers also get the raw bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/gtfs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = corridor::fuzz;
  namespace io = corridor::io;
  const auto text = fz::as_text(data, size);
  if (size < 64) {
    (void)io::parse_gtfs_time(text);
    try {
      (void)io::parse_gtfs_date(text);
    } catch (const corridor::InputError&) {
    }
    try {
      (void)io::parse_time_window(text);
    } catch (const corridor::InputError&) {
    }
  }
  const auto dir = fz::fresh_scratch_dir();
  for (const auto& [name, content] : fz::split_files(
           text, {"agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt",
                  "calendar.txt", "calendar_dates.txt", "frequencies.txt"})) {
    fz::write_file(dir, name, content);
  }
  static const io::GtfsImportOptions options{.date = io::parse_gtfs_date("2008-06-03"),
                                             .peak = io::parse_time_window("07:00-09:00"),
                                             .offpeak = io::parse_time_window("10:00-15:00")};
  try {
    (void)io::import_gtfs(dir, options);
  } catch (const corridor::InputError&) {
  }
  return 0;
}
