#pragma once
// Fills the report module's input (report/report_data.hpp) from a finished batch and writes
// DIR/report.html and, per scenario, DIR/scenarios/<name>/{links,zones,lines}.geojson and the
// GMNS export of its road network, DIR/scenarios/<name>/network/{node,link,config}.csv and
// nodes.geojson (zone ids of zones.csv; its demand.csv is the result's, written with it:
// result_io.hpp).
//
// Everything comes from the typed results of the summary (result.hpp; computed now or read back
// by the resume cache, identical either way) and the engine's models: the region as the engine
// loaded it and each run's edited model (edits applied once, in base_key). Nothing is reloaded
// from disk or re-parsed. The map geometry is the base network of the first run's region keyed by
// link id, plus every link and line some scenario adds or splits off (flagged scenario_only).
// Writes nothing when the engine keeps no models (test engines). The fit section uses the
// summary's base outputs (BatchSummary::base).
//
//   auto summary = corridor::scenario::run_batch(batch, engine, options);
//   corridor::scenario::write_batch_report(batch, summary, engine, options.out);
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "report/report_data.hpp"
#include "scenario/batch.hpp"

namespace corridor::scenario {

// What the report shows beyond the batch's results: the date printed on the summary (the caller's
// clock; the page is otherwise a function of the inputs), and the ranking's uncertainty per
// scenario name when the batch ran draws (the same figures as DIR/robustness.csv, handed over as
// values, never re-read from that file).
struct ReportExtras {
  std::string date;
  std::map<std::string, report::Uncertainty> uncertainty;
  std::optional<report::Backcast> backcast;  // the batch's back-cast, computed (backcast.hpp)
};

// The back-cast's computed rows as the report shows them.
report::Backcast backcast_report(const BackcastResult& r);

void write_batch_report(const Batch& batch, const BatchSummary& summary,
                        const ScenarioEngine& engine, const std::filesystem::path& out,
                        const ReportExtras& extra = {});

}  // namespace corridor::scenario
