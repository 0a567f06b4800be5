// [[pt.remove_line]]: a line removed. line = ID.
#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/transit_refs.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

class RemoveLine final : public Edit {
 public:
  std::string line;

  void validate(const EditState& s) const override {
    require_line(s.model.transit, origin, "pt.remove_line.line", line);
  }
  void apply(EditState& s) const override {
    transit::remove_line(s.model.transit, line);
    s.changes.removed_lines.push_back(line);
  }
  std::string describe() const override { return "pt.remove_line " + quote_for_message(line); }
};

}  // namespace

std::unique_ptr<Edit> parse_remove_line(TableReader& t) {
  auto r = std::make_unique<RemoveLine>();
  r->line = t.string("line");
  t.finish();
  return r;
}

}  // namespace corridor::scenario
