#include "io/text.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>

namespace corridor::io {
namespace {

// Index of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, at most U+10FFFF), or npos. Names end up in JSON outputs, which must be UTF-8.
std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + n >= s.size()) return i;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF)) return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::string read_text_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) {
    throw_input_error(path.string(), 0, "", "expected a file, found a directory");
  }
  // Devices and pipes (/dev/zero, /dev/stdin) could be read forever: only regular files.
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw_input_error(path.string(), 0, "", "expected a regular file, found a device or pipe");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_input_error(path.string(), 0, "", "cannot open file (missing or unreadable)");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // UTF-8 BOM
  return text;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::optional<double> try_parse_double(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> try_parse_int(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

double parse_double(std::string_view s, const InputLocation& where) {
  if (auto v = try_parse_double(s)) return *v;
  throw InputError(where, "expected a finite number, got " + quote_for_message(s));
}

std::int64_t parse_int(std::string_view s, const InputLocation& where) {
  if (auto v = try_parse_int(s)) return *v;
  throw InputError(where, "expected an integer, got " + quote_for_message(s));
}

LineCursor::LineCursor(std::string_view text, std::string file_name)
    : text_(text), file_(std::move(file_name)) {}

bool LineCursor::next(std::string_view& line) {
  if (pos_ >= text_.size()) return false;
  std::size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) end = text_.size();
  ++line_;
  if (end - pos_ > kMaxLineBytes) {
    fail("", "line is longer than " + std::to_string(kMaxLineBytes) + " bytes (corrupt file?)");
  }
  line = text_.substr(pos_, end - pos_);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos_ = end + 1;
  return true;
}

void LineCursor::fail(std::string_view field, std::string_view expected) const {
  throw_input_error(file_, line_, field, expected);
}

CsvReader::CsvReader(const std::filesystem::path& path, char separator)
    : CsvReader(read_text_file(path), path.string(), separator) {}

CsvReader::CsvReader(std::string text, std::string file_name, char separator)
    : storage_(std::move(text)), cursor_(storage_, std::move(file_name)), sep_(separator) {
  parse_header();
}

void CsvReader::parse_header() {
  std::string_view line;
  while (cursor_.next(line)) {
    if (trim(line).empty()) continue;
    split(line);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      std::string name(trim(fields_[i]));
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
      if (name.empty()) cursor_.fail("", "header column " + std::to_string(i + 1) + " has no name");
      for (const auto& seen : header_) {
        if (seen == name) cursor_.fail(name, "column name appears twice in the header");
      }
      header_.push_back(std::move(name));
    }
    return;
  }
  throw_input_error(cursor_.file(), 0, "", "file is empty: expected a header line");
}

void CsvReader::split(std::string_view line) {
  fields_.clear();
  std::size_t start = 0;
  bool in_quotes = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || (line[i] == sep_ && !in_quotes)) {
      std::string_view f = trim(line.substr(start, i - start));
      if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
      fields_.push_back(f);
      start = i + 1;
    } else if (line[i] == '"') {
      in_quotes = !in_quotes;
    }
  }
  if (in_quotes) cursor_.fail("", "unterminated quoted field");
}

std::optional<std::size_t> CsvReader::optional_column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return std::nullopt;
}

std::size_t CsvReader::require_column(std::string_view name) const {
  if (auto c = optional_column(name)) return *c;
  std::string have;
  for (const auto& h : header_) have += (have.empty() ? "" : ",") + h;
  throw_input_error(cursor_.file(), 1, name,
                    "required column is missing (header has: " + have + ")");
}

bool CsvReader::next_row() {
  std::string_view line;
  while (cursor_.next(line)) {
    if (trim(line).empty()) continue;
    split(line);
    if (fields_.size() > header_.size()) {
      fail_row("row has " + std::to_string(fields_.size()) + " fields but the header has " +
               std::to_string(header_.size()));
    }
    for (std::size_t c = 0; c < fields_.size(); ++c) {
      if (const auto at = invalid_utf8_at(fields_[c]); at != std::string_view::npos) {
        fail(c, "expected UTF-8 text, found byte " + quote_for_message(fields_[c].substr(at, 1)) +
                    " (save the file as UTF-8)");
      }
    }
    return true;
  }
  return false;
}

std::string_view CsvReader::text(std::size_t col) const {
  if (col >= fields_.size()) {
    fail(col, "value is missing (row has only " + std::to_string(fields_.size()) + " fields)");
  }
  return fields_[col];
}

std::string_view CsvReader::text_or(std::optional<std::size_t> col,
                                    std::string_view fallback) const {
  if (!has_value(col)) return fallback;
  return fields_[*col];
}

bool CsvReader::has_value(std::optional<std::size_t> col) const {
  return col && *col < fields_.size() && !fields_[*col].empty();
}

double CsvReader::number(std::size_t col) const {
  const auto s = text(col);
  if (auto v = try_parse_double(s)) return *v;
  fail(col, "expected a finite number, got " + quote_for_message(s));
}

double CsvReader::number_or(std::optional<std::size_t> col, double fallback) const {
  if (!has_value(col)) return fallback;
  return number(*col);
}

std::int64_t CsvReader::integer(std::size_t col) const {
  const auto s = text(col);
  if (auto v = try_parse_int(s)) return *v;
  fail(col, "expected an integer, got " + quote_for_message(s));
}

void CsvReader::fail(std::size_t col, std::string_view expected) const {
  const std::string field = col < header_.size() ? header_[col] : std::string();
  cursor_.fail(field, expected);
}

void CsvReader::fail_row(std::string_view expected) const { cursor_.fail("", expected); }

}  // namespace corridor::io
