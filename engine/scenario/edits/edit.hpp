#pragma once
// One type per scenario edit kind. Each kind lives in its own file under engine/scenario/edits/
// and is registered by one line in registry.cpp under its TOML table name ("road.add_link",
// "pt.add_line", "land_use"); the scenario reader (scenario.cpp) asks the registry for every
// table, so a new kind needs no change to the reader, to Edits, to combine or to apply_edits.
//
// An edit
// - is parsed from its TOML table (strict: unknown keys, wrong types and missing keys are
//   InputErrors naming the file, the line and the key; see toml_reader.hpp);
// - is validated against the region as edited so far (references to nodes, links, stops, lines
//   and zones; coordinates inside the region box; road links and PT run times plausible for the
//   mode, with the base's ranges of model/plausibility.hpp);
// - applies itself to the edited model (EditState);
// - describes itself in one line for reports and `corridor validate SCENARIO.toml`.
//
// Order of application (apply.hpp): by Stage, then in input order (a combination: part by part).
//
//   class CloseLink final : public Edit { ... };                        // edits/close_link.cpp
//   {"road.close_link", Stage::closures, &parse_close_link},            // registry.cpp
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/region_model.hpp"
#include "model/validate.hpp"

namespace corridor::scenario {

class TableReader;
struct AppliedChanges;
struct RoadDraft;

// Where an edit came from, for error messages raised when it is validated or applied.
struct Origin {
  std::string file;
  std::size_t line = 0;
};

// Order of application; the documented order of apply.hpp.
enum class Stage : int {
  land_use = 0,
  nodes,
  junctions,
  links,
  changes,
  closures,
  pt_stops,
  pt_removals,
  pt_lines,
  pt_extensions,
  pt_headways,
  pt_transfers,
};

// Ids an edit creates, for duplicate checks that need no region (Scenario::validate).
struct Created {
  std::vector<std::pair<std::string, std::int64_t>> nodes;  // (key, node id)
  std::vector<std::string> stops;
  std::vector<std::string> lines;
};

// The model being edited: zones and transit are edited in place; road edits work on a draft of
// the network's specs (created on first use), built into a CSR network once after all edits.
class EditState {
 public:
  EditState(const model::RegionModel& base, model::RegionModel& edited, AppliedChanges& changes,
            model::RegionBox box);
  ~EditState();
  EditState(const EditState&) = delete;
  EditState& operator=(const EditState&) = delete;

  const model::RegionModel& base;
  model::RegionModel& model;
  AppliedChanges& changes;
  const model::RegionBox box;

  RoadDraft& road();
  [[nodiscard]] const RoadDraft& road() const;  // created on first use (a cache: logically const)
  // Builds model.road (and lanes, facility types) from the draft when a road edit made one.
  void finish();

 private:
  mutable std::unique_ptr<RoadDraft> road_;
};

class Edit {
 public:
  virtual ~Edit() = default;
  // Throws InputError (origin's file and line, key) when the edit does not fit the region.
  virtual void validate(const EditState& state) const = 0;
  virtual void apply(EditState& state) const = 0;
  // One line, e.g. "road.close_link 1018 -> 1019 and back".
  [[nodiscard]] virtual std::string describe() const = 0;
  [[nodiscard]] virtual Created created() const { return {}; }

  Origin origin;
  std::string kind;  // TOML table name, e.g. "road.add_link"
  Stage stage = Stage::land_use;
};

// Reads one table of the kind; the registry sets origin, kind and stage.
using EditParser = std::unique_ptr<Edit> (*)(TableReader& table);

struct EditKind {
  std::string_view table;  // "road.add_link": the [[road.add_link]] table array
  Stage stage;
  EditParser parse;
};

// Every kind, in a fixed order (registry.cpp).
const std::vector<EditKind>& edit_kinds();

[[noreturn]] void fail_at(const Origin& o, const std::string& key, const std::string& what);

// "%g" of a number, for messages and descriptions.
std::string short_number(double v);

}  // namespace corridor::scenario
