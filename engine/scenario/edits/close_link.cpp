// [[road.close_link]]: an existing link removed.  link = ID | from, to (, name);
// both_directions (true).
#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/road_draft.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

constexpr const char* kKey = "road.close_link";

class CloseLink final : public Edit {
 public:
  LinkRef link;
  bool both_directions = kBothDirectionsDefault;

  std::vector<std::size_t> rows(const RoadDraft& d) const {
    std::vector<std::size_t> r{resolve_link(d, origin, kKey, link)};
    if (both_directions) r.push_back(resolve_reverse(d, origin, kKey, r.front()));
    return r;
  }
  void validate(const EditState& s) const override { (void)rows(s.road()); }
  void apply(EditState& s) const override {
    auto& d = s.road();
    for (auto r : rows(d)) {
      d.removed[r] = true;
      s.changes.closed_link_ids.push_back(*d.links[r].id);
      s.changes.closed_links.emplace_back(d.nodes[d.links[r].from.value()].label,
                                          d.nodes[d.links[r].to.value()].label);
    }
  }
  std::string describe() const override {
    return std::string(kKey) + " " + link.text() + (both_directions ? " and back" : " one way");
  }
};

}  // namespace

std::unique_ptr<Edit> parse_close_link(TableReader& t) {
  auto c = std::make_unique<CloseLink>();
  c->link = read_link_ref(t);
  c->both_directions = t.optional_bool("both_directions").value_or(kBothDirectionsDefault);
  t.finish();
  return c;
}

}  // namespace corridor::scenario
