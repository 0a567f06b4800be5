// libFuzzer target: the CSV reader and strict number parsing (io/text.hpp).
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    corridor::io::CsvReader csv(corridor::fuzz::as_text(data, size), "fuzz.csv");
    const auto columns = csv.header().size();
    (void)csv.optional_column("a");
    while (csv.next_row()) {
      for (std::size_t c = 0; c <= columns; ++c) {
        (void)csv.text_or(c, "");
        (void)csv.has_value(c);
        try {
          (void)csv.number(c);
        } catch (const corridor::InputError&) {
        }
        try {
          (void)csv.integer(c);
        } catch (const corridor::InputError&) {
        }
      }
    }
  } catch (const corridor::InputError&) {
  }
  return 0;
}
