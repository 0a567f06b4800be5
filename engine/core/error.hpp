#pragma once
// The project's one exception type, corridor::Error, and its input flavour.
//
// Library code never exits: it throws. Input problems are `InputError`s that name the file, the
// line (1-based, 0 = whole file), the field and what was expected; tools map them to exit code 2
// and print `what()` as one line a planner can act on:
//
//   data/link.csv:14: field 'capacity': expected a positive number, got '-5'
//
// Anything else (a solver that cannot proceed, an interrupted run) is a plain `Error` (exit 1).
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace corridor {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct InputLocation {
  std::string file;
  std::size_t line = 0;  // 1-based; 0 means "the file as a whole"
  std::string field;     // column or key name; empty when not applicable
};

class InputError : public Error {
 public:
  InputError(InputLocation where, std::string_view expected);
  [[nodiscard]] const InputLocation& where() const { return where_; }
  [[nodiscard]] const std::string& expected() const { return expected_; }

 private:
  InputLocation where_;
  std::string expected_;
};

// Formats "file:line: field 'f': message" (parts left out when empty).
std::string format_input_error(const InputLocation& where, std::string_view expected);

[[noreturn]] void throw_input_error(std::string_view file, std::size_t line, std::string_view field,
                                    std::string_view expected);

// Shortens a raw field for an error message: non-printable bytes escaped, at most 40 characters.
std::string quote_for_message(std::string_view raw);

}  // namespace corridor
