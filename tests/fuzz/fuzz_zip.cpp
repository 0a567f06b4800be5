// libFuzzer target: the minimal zip reader used for zipped GTFS feeds (io/zip.hpp, read_zip):
// stored and deflated entries, CRC-32 checked; a damaged archive must be an InputError.
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/gtfs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = corridor::fuzz;
  const auto path = fz::write_file(fz::scratch_dir(), "feed.zip", fz::as_text(data, size));
  try {
    (void)corridor::io::read_zip(path);
  } catch (const corridor::InputError&) {
  }
  return 0;
}
