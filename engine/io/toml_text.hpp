#pragma once
// Parses TOML text (toml++) for the readers of scenario, batch and parameter files, turning a
// syntax error into a corridor::InputError that names the file and line:
//
//   quick-wins.toml:7: TOML syntax: expected '=' ...
//
//   toml::table root = corridor::io::parse_toml(text, "scenarios/x.toml");
#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace corridor::io {

toml::table parse_toml(std::string_view text, const std::string& file_name);

}  // namespace corridor::io
