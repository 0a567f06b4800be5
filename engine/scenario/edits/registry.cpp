// The edit kinds by TOML table name, in the order of application (apply.hpp). A new kind: its
// file in this folder, its parser in kinds.hpp and one line here.
#include <cstdio>

#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/road_draft.hpp"

namespace corridor::scenario {

const std::vector<EditKind>& edit_kinds() {
  static const std::vector<EditKind> kinds = {
      {"land_use", Stage::land_use, &parse_land_use},
      {"road.add_node", Stage::nodes, &parse_add_node},
      {"road.add_junction", Stage::junctions, &parse_add_junction},
      {"road.add_link", Stage::links, &parse_add_link},
      {"road.change_link", Stage::changes, &parse_change_link},
      {"road.close_link", Stage::closures, &parse_close_link},
      {"pt.add_stop", Stage::pt_stops, &parse_add_stop},
      {"pt.remove_line", Stage::pt_removals, &parse_remove_line},
      {"pt.add_line", Stage::pt_lines, &parse_add_line},
      {"pt.extend_line", Stage::pt_extensions, &parse_extend_line},
      {"pt.change_headway", Stage::pt_headways, &parse_change_headway},
      {"pt.transfer", Stage::pt_transfers, &parse_transfer},
  };
  return kinds;
}

void fail_at(const Origin& o, const std::string& key, const std::string& what) {
  throw_input_error(o.file, o.line, key, what);
}

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

EditState::EditState(const model::RegionModel& base_model, model::RegionModel& edited,
                     AppliedChanges& applied, model::RegionBox region_box)
    : base(base_model), model(edited), changes(applied), box(region_box) {}

EditState::~EditState() = default;

const RoadDraft& EditState::road() const {
  if (!road_) road_ = std::make_unique<RoadDraft>(base);
  return *road_;
}

RoadDraft& EditState::road() {
  if (!road_) road_ = std::make_unique<RoadDraft>(base);
  return *road_;
}

void EditState::finish() {
  if (road_) road_->build_into(model, base.road);
}

}  // namespace corridor::scenario
