// libFuzzer target: Corridor's lines format (io/lines.hpp). The input holds the three files, each
// introduced by a line "#=== stops.csv ===" (lines.csv, line_stops.csv likewise).
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/lines.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = corridor::fuzz;
  const auto dir = fz::fresh_scratch_dir();
  for (const auto& [name, content] :
       fz::split_files(fz::as_text(data, size), {"stops.csv", "lines.csv", "line_stops.csv"})) {
    fz::write_file(dir, name, content);
  }
  try {
    (void)corridor::io::read_lines(dir, /*zone_count=*/50);
  } catch (const corridor::InputError&) {
  }
  return 0;
}
