#pragma once
// A back-cast run by a batch: a project that was built, run in reverse (a scenario that removes
// it from today's network), its modelled effect compared with figures observed before and after
// it (docs/model-validation.md, "Back-cast"). Not appraised, not ranked: DIR/backcast.csv and the
// report's model-fit page.
//
// Batch file:
//   [backcast]
//   scenario = "backcast-n69-westparallel.toml"   # relative to the batch file
//   [[backcast.figure]]
//   label = "old N69 Aalst - Valkenswaard centre, before the new N69"
//   links = [115, 116]        # base link ids: daily flows summed (e.g. both directions)
//   measure = "without"       # without | with | change
//   observed = 21000
//   tolerance = 0.25
//   source = "count, municipality of Waalre (duurzaamdoorwaalre.nl/eindhovenseweg)"
//
// Measures (the base is today's network, with the project; the scenario is the world without it):
//   without   Σ of the scenario's daily flow on the links (vehicles per weekday before the project)
//   with      Σ of the base's daily flow on the links
//   change    (with − without) / without: the project's relative effect on the links (a fraction)
// Comparison: ratio = modelled / observed; GEH of the hourly means over 24 h for flows
// (calibration/fit_statistics.hpp), none for a change; within tolerance when |ratio − 1| <=
// tolerance for a flow, |modelled − observed| <= tolerance (fraction points) for a change.
//
//   auto result = run_backcast(*batch.backcast, engine);
//   write_file_atomically(out / "backcast.csv", backcast_csv(result));
#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scenario/result.hpp"
#include "scenario/scenario.hpp"

namespace corridor::scenario {

class RegionEngine;

enum class BackcastMeasure : std::uint8_t { without, with, change };
const char* backcast_measure_name(BackcastMeasure m);

struct BackcastFigure {
  std::string label;
  std::vector<std::int64_t> links;
  BackcastMeasure measure = BackcastMeasure::without;
  double observed = 0.0;
  double tolerance = 0.0;
  std::string source;
  Origin origin;  // the [[backcast.figure]] table
};

struct BackcastSpec {
  Scenario scenario;
  std::vector<BackcastFigure> figures;
};

// Reads the [backcast] table of a batch file; the scenario file is read (and checked) here.
// Throws InputError (file:line:field) on any defect.
BackcastSpec parse_backcast(const toml::table& table, const std::string& file,
                            const std::filesystem::path& dir);

struct BackcastRow {
  std::string figure;
  BackcastMeasure measure = BackcastMeasure::without;
  double observed = 0.0;
  double modelled = 0.0;
  double ratio = 0.0;    // modelled / observed (0 when observed is 0)
  bool has_geh = false;  // flows only
  double geh = 0.0;
  double tolerance = 0.0;
  bool within_tolerance = false;
  std::string source;
  bool operator==(const BackcastRow&) const = default;
};

struct BackcastResult {
  std::string scenario;  // name
  std::string title;
  std::vector<BackcastRow> rows;
};

// The figures from a run's link rows (result.hpp). Pure. Throws InputError naming the figure's
// table when a link id is not in the run or the `without` flow of a change is 0.
std::vector<BackcastRow> backcast_rows(const BackcastSpec& spec, const std::vector<LinkRow>& links);

// Runs the back-cast scenario against its base (prepared here unless the batch did) and compares.
BackcastResult run_backcast(const BackcastSpec& spec, RegionEngine& engine);

// DIR/backcast.csv: figure,measure,observed,modelled,ratio,geh,tolerance,within_tolerance,source.
std::string backcast_csv(const BackcastResult& r);

}  // namespace corridor::scenario
