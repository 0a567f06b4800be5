#include "scenario/toml_reader.hpp"

#include <cmath>

#include "core/error.hpp"

namespace corridor::scenario {

namespace {

const char* type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date/time";
  }
}

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

TableReader::TableReader(const toml::table& table, std::string file, std::string path)
    : table_(table), file_(std::move(file)), path_(std::move(path)) {}

std::string TableReader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::size_t TableReader::line_of_key(std::string_view key) const {
  if (const auto* n = table_.get(key)) return line_of(*n);
  return line();
}

void TableReader::fail(std::string_view key, std::string_view expected) const {
  throw_input_error(file_, line_of_key(key), key_path(key), expected);
}

bool TableReader::has(std::string_view key) const { return table_.contains(key); }

const toml::node* TableReader::get(std::string_view key) {
  used_.emplace(key);
  return table_.get(key);
}

std::optional<std::string> TableReader::optional_string(std::string_view key) {
  const auto* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) fail(key, std::string("expected a string, got ") + type_name(*n));
  return n->as_string()->get();
}

std::string TableReader::string(std::string_view key) {
  auto s = optional_string(key);
  if (!s) throw_input_error(file_, line(), key_path(key), "required key is missing");
  return *s;
}

std::optional<double> TableReader::optional_number(std::string_view key, double min, double max) {
  const auto* n = get(key);
  if (!n) return std::nullopt;
  double v = 0.0;
  if (n->is_integer()) {
    v = static_cast<double>(n->as_integer()->get());
  } else if (n->is_floating_point()) {
    v = n->as_floating_point()->get();
  } else {
    fail(key, std::string("expected a number, got ") + type_name(*n));
  }
  if (!std::isfinite(v)) fail(key, "expected a finite number");
  if (v < min || v > max) {
    fail(key, "expected a number in [" + fmt(min) + ", " + fmt(max) + "], got " + fmt(v));
  }
  return v;
}

double TableReader::number(std::string_view key, double min, double max) {
  auto v = optional_number(key, min, max);
  if (!v) throw_input_error(file_, line(), key_path(key), "required key is missing");
  return *v;
}

std::optional<std::int64_t> TableReader::optional_integer(std::string_view key, std::int64_t min,
                                                          std::int64_t max) {
  const auto* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) fail(key, std::string("expected an integer, got ") + type_name(*n));
  const auto v = n->as_integer()->get();
  if (v < min || v > max) {
    fail(key, "expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
                  "], got " + std::to_string(v));
  }
  return v;
}

std::int64_t TableReader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
  auto v = optional_integer(key, min, max);
  if (!v) throw_input_error(file_, line(), key_path(key), "required key is missing");
  return *v;
}

std::optional<bool> TableReader::optional_bool(std::string_view key) {
  const auto* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) fail(key, std::string("expected true or false, got ") + type_name(*n));
  return n->as_boolean()->get();
}

const toml::array& TableReader::require_array(std::string_view key, std::string_view what) {
  const auto* n = get(key);
  if (!n) throw_input_error(file_, line(), key_path(key), "required key is missing");
  const auto* arr = n->as_array();
  if (!arr) fail(key, "expected an array of " + std::string(what) + ", got " + type_name(*n));
  return *arr;
}

std::vector<std::string> TableReader::string_array(std::string_view key, bool allow_empty) {
  const auto& arr = require_array(key, "strings");
  std::vector<std::string> out;
  for (const auto& e : arr) {
    if (!e.is_string())
      fail(key, std::string("expected an array of strings, found ") + type_name(e));
    out.push_back(e.as_string()->get());
  }
  if (out.empty() && !allow_empty) fail(key, "expected a non-empty array");
  return out;
}

std::vector<double> TableReader::number_array(std::string_view key) {
  const auto& arr = require_array(key, "numbers");
  std::vector<double> out;
  for (const auto& e : arr) {
    if (e.is_integer()) {
      out.push_back(static_cast<double>(e.as_integer()->get()));
    } else if (e.is_floating_point() && std::isfinite(e.as_floating_point()->get())) {
      out.push_back(e.as_floating_point()->get());
    } else {
      fail(key, std::string("expected an array of finite numbers, found ") + type_name(e));
    }
  }
  return out;
}

std::vector<std::int64_t> TableReader::integer_array(std::string_view key) {
  const auto& arr = require_array(key, "integers");
  std::vector<std::int64_t> out;
  for (const auto& e : arr) {
    if (!e.is_integer())
      fail(key, std::string("expected an array of integers, found ") + type_name(e));
    out.push_back(e.as_integer()->get());
  }
  return out;
}

const toml::table* TableReader::optional_table(std::string_view key) {
  const auto* n = get(key);
  if (!n) return nullptr;
  if (!n->is_table()) fail(key, std::string("expected a table, got ") + type_name(*n));
  return n->as_table();
}

std::vector<const toml::table*> TableReader::table_array(std::string_view key) {
  const auto* n = get(key);
  std::vector<const toml::table*> out;
  if (!n) return out;
  const auto* arr = n->as_array();
  if (!arr) {
    fail(key, std::string("expected an array of tables ([[") + key_path(key) + "]]), got " +
                  type_name(*n));
  }
  for (const auto& e : *arr) {
    if (!e.is_table()) {
      fail(key, std::string("expected an array of tables ([[") + key_path(key) + "]]), found " +
                    type_name(e));
    }
    out.push_back(e.as_table());
  }
  return out;
}

void TableReader::finish() const {
  for (const auto& [k, v] : table_) {
    if (used_.count(k.str()) == 0) {
      throw_input_error(file_, line_of(v), key_path(k.str()),
                        "unknown key (see docs/comparing-quick-wins.md for the schema)");
    }
  }
}

}  // namespace corridor::scenario
