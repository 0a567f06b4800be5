#include "core/error.hpp"

#include <cstdio>

namespace corridor {

std::string format_input_error(const InputLocation& where, std::string_view expected) {
  std::string msg = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) msg += ":" + std::to_string(where.line);
  msg += ": ";
  if (!where.field.empty()) msg += "field '" + where.field + "': ";
  msg += expected;
  return msg;
}

InputError::InputError(InputLocation where, std::string_view expected)
    : Error(format_input_error(where, expected)), where_(std::move(where)), expected_(expected) {}

void throw_input_error(std::string_view file, std::size_t line, std::string_view field,
                       std::string_view expected) {
  throw InputError(InputLocation{std::string(file), line, std::string(field)}, expected);
}

std::string quote_for_message(std::string_view raw) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < raw.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (raw.size() > kMax) out += "...";
  out += "'";
  return out;
}

}  // namespace corridor
