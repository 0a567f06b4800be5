#pragma once
// Low-level text input shared by every reader in engine/io: whole-file loading, line splitting
// with 1-based line numbers, strict number parsing and a header-driven CSV reader. Every failure
// is a corridor::InputError naming file, line and field.
//
//   corridor::io::CsvReader csv("net/link.csv");
//   const auto from = csv.require_column("from_node_id");
//   const auto cap = csv.optional_column("capacity");
//   while (csv.next_row()) {
//     auto node = csv.integer(from);
//     double c = csv.number_or(cap, 1800.0);   // default when the column or value is absent
//   }
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace corridor::io {

// Longest accepted line; longer lines are an input error, not a memory problem.
inline constexpr std::size_t kMaxLineBytes = 1 << 20;

std::string read_text_file(const std::filesystem::path& path);

// Strict parsers: the whole field must be a finite number (no NaN, inf, trailing junk).
std::optional<double> try_parse_double(std::string_view s);
std::optional<std::int64_t> try_parse_int(std::string_view s);
double parse_double(std::string_view s, const InputLocation& where);
std::int64_t parse_int(std::string_view s, const InputLocation& where);

std::string_view trim(std::string_view s);

// Iterates the lines of an in-memory text, tracking the 1-based line number; strips '\r'.
class LineCursor {
 public:
  LineCursor(std::string_view text, std::string file_name);
  bool next(std::string_view& line);  // false at end of text
  [[nodiscard]] std::size_t line_number() const { return line_; }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[noreturn]] void fail(std::string_view field, std::string_view expected) const;

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::string file_;
};

class CsvReader {
 public:
  // Reads `path`; the first non-empty line is the header. Throws InputError on an empty file.
  explicit CsvReader(const std::filesystem::path& path, char separator = ',');
  // Parses CSV held in memory; `file_name` is used in messages.
  CsvReader(std::string text, std::string file_name, char separator = ',');

  [[nodiscard]] std::optional<std::size_t> optional_column(std::string_view name) const;
  std::size_t require_column(std::string_view name) const;
  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }

  bool next_row();  // skips empty lines; false at end
  [[nodiscard]] std::size_t line_number() const { return cursor_.line_number(); }
  [[nodiscard]] const std::string& file() const { return cursor_.file(); }

  std::string_view text(std::size_t col) const;  // trimmed; error when the row is too short
  std::string_view text_or(std::optional<std::size_t> col, std::string_view fallback) const;
  double number(std::size_t col) const;
  double number_or(std::optional<std::size_t> col,
                   double fallback) const;  // absent/empty -> fallback
  std::int64_t integer(std::size_t col) const;
  [[nodiscard]] bool has_value(std::optional<std::size_t> col) const;

  [[noreturn]] void fail(std::size_t col, std::string_view expected) const;
  [[noreturn]] void fail_row(std::string_view expected) const;

 private:
  void parse_header();
  void split(std::string_view line);

  std::string storage_;
  LineCursor cursor_;
  char sep_;
  std::vector<std::string> header_;
  std::vector<std::string_view> fields_;
};

}  // namespace corridor::io
