// libFuzzer target: batch TOML files (scenario/batch.hpp, parse_batch), resolved against the
// brainport-kempen folder so that listed scenario files can be found.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "scenario/batch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path region =
      std::filesystem::path(CORRIDOR_SOURCE_DIR) / "scenarios" / "brainport-kempen";
  try {
    (void)corridor::scenario::parse_batch(corridor::fuzz::as_text(data, size), "fuzz-batch.toml",
                                          region);
  } catch (const corridor::InputError&) {
  }
  return 0;
}
