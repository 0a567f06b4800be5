#include "io/toml_text.hpp"

#include "core/error.hpp"

namespace corridor::io {

toml::table parse_toml(std::string_view text, const std::string& file_name) {
  try {
    return toml::parse(text, file_name);
  } catch (const toml::parse_error& err) {
    throw_input_error(file_name, static_cast<std::size_t>(err.source().begin.line), "",
                      std::string("TOML syntax: ") + std::string(err.description()));
  }
}

}  // namespace corridor::io
