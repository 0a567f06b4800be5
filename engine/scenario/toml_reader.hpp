#pragma once
// Strict reading of TOML tables (toml++): every key a reader asks for is marked as used, and
// finish() rejects any key that was not asked for, so a misspelt key is an error rather than a
// silently ignored setting. Every error names file, line and the dotted key path.
//
//   TableReader t(table, "quick-wins.toml", "cost");
//   double inv = t.number("investment_eur", /*min=*/0.0);
//   auto life = t.optional_number("lifetime_years");
//   t.finish();
#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::scenario {

class TableReader {
 public:
  TableReader(const toml::table& table, std::string file, std::string path);

  [[nodiscard]] bool has(std::string_view key) const;
  std::string string(std::string_view key);
  std::optional<std::string> optional_string(std::string_view key);
  double number(std::string_view key, double min = -1e300, double max = 1e300);
  std::optional<double> optional_number(std::string_view key, double min = -1e300,
                                        double max = 1e300);
  std::int64_t integer(std::string_view key, std::int64_t min = INT64_MIN,
                       std::int64_t max = INT64_MAX);
  std::optional<std::int64_t> optional_integer(std::string_view key, std::int64_t min = INT64_MIN,
                                               std::int64_t max = INT64_MAX);
  std::optional<bool> optional_bool(std::string_view key);
  std::vector<std::string> string_array(std::string_view key, bool allow_empty = false);
  std::vector<double> number_array(std::string_view key);
  std::vector<std::int64_t> integer_array(std::string_view key);  // e.g. node ids
  // Sub-tables and arrays of tables; nullptr / empty when absent.
  const toml::table* optional_table(std::string_view key);
  std::vector<const toml::table*> table_array(std::string_view key);

  // Rejects keys that were not read.
  void finish() const;

  [[nodiscard]] std::size_t line() const { return line_of(table_); }
  [[nodiscard]] std::size_t line_of_key(std::string_view key) const;
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] std::string key_path(std::string_view key) const;
  [[noreturn]] void fail(std::string_view key, std::string_view expected) const;

  static std::size_t line_of(const toml::node& n) {
    return static_cast<std::size_t>(n.source().begin.line);
  }

 private:
  const toml::node* get(std::string_view key);
  // The required array under `key`; otherwise fails "expected an array of <what>, got ...".
  const toml::array& require_array(std::string_view key, std::string_view what);

  const toml::table& table_;
  std::string file_;
  std::string path_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace corridor::scenario
