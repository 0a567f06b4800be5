// region.toml: the region's own description (region_config.hpp).
#include "model/region_config.hpp"

#include <set>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "io/text.hpp"
#include "io/toml_text.hpp"

namespace corridor::model {
namespace {

std::size_t line_of(const toml::node& n) { return static_cast<std::size_t>(n.source().begin.line); }

std::vector<std::string> string_list(const toml::table& root, const char* key,
                                     const std::string& file) {
  std::vector<std::string> out;
  const auto* node = root.get(key);
  if (node == nullptr) return out;
  const auto* a = node->as_array();
  if (a == nullptr) throw_input_error(file, line_of(*node), key, "expected a list of text values");
  std::set<std::string> seen;
  for (const auto& n : *a) {
    const auto* s = n.as_string();
    if (s == nullptr || io::trim(s->get()).empty()) {
      throw_input_error(file, line_of(n), key, "expected a non-empty text value");
    }
    if (!seen.insert(s->get()).second) {
      throw_input_error(file, line_of(n), key, "duplicate value " + quote_for_message(s->get()));
    }
    out.push_back(s->get());
  }
  return out;
}

}  // namespace

RegionConfig read_region_config(const std::filesystem::path& folder) {
  RegionConfig cfg;
  const auto path = folder / "region.toml";
  if (!corridor::path_exists(path)) return cfg;
  cfg.file = path.string();
  cfg.root = io::parse_toml(io::read_text_file(path), cfg.file);
  if (const auto* n = cfg.root.get("name")) {
    const auto* s = n->as_string();
    if (s == nullptr) throw_input_error(cfg.file, line_of(*n), "name", "expected a text value");
    cfg.name = s->get();
  }
  cfg.countries = string_list(cfg.root, "countries", cfg.file);
  cfg.corridors = string_list(cfg.root, "corridors", cfg.file);
  return cfg;
}

}  // namespace corridor::model
