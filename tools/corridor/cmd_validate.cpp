// `corridor validate FOLDER`: loads a region model, checks it (model/validate.hpp) and prints its
// inventory. Exit 0 when sound; exit 2 with one line per defect (stderr) when not.
// `corridor validate SCENARIO.toml`: reads a scenario, loads its base and applies the edits
// without running anything (each edit validated against the region: references, coordinates in
// the region box, plausible speeds and run times; scenario/apply.hpp), then checks the edited model
// as the base is checked and reports the defects the base does not have (e.g. a closed link that
// cuts a zone off). Exit 0 with the edits described; exit 2 with the first defect otherwise.
// `corridor validate BATCH.toml` does the same for every scenario and combination of a batch.
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>

#include "commands.hpp"
#include "core/error.hpp"
#include "io/text.hpp"
#include "io/toml_text.hpp"
#include "model/region_model.hpp"
#include "model/validate.hpp"
#include "scenario/apply.hpp"
#include "scenario/batch.hpp"
#include "scenario/scenario.hpp"

namespace corridor::cli {
namespace {

void validate_folder(const std::string& folder) {
  const auto model = model::load_region_model(folder);
  const auto report = model::validate_region_model(model);
  std::printf("region model %s  (inputs %s)\n%s", folder.c_str(), model.content_hash.c_str(),
              model::format_inventory(report.inventory).c_str());
  if (report.ok()) {
    std::printf(
        "ok: every zone reaches every other by car and by PT (peak and off-peak); "
        "ranges and geometry plausible\n");
    std::fflush(stdout);
    return;
  }
  std::fflush(stdout);
  for (const auto& d : report.defects) {
    std::fprintf(stderr, "defect [%s] %s: %s\n", d.check.c_str(), d.where.c_str(),
                 d.message.c_str());
  }
  const auto& first = report.defects.front();
  throw InputError({folder, 0, ""}, std::to_string(report.defects.size()) +
                                        " defect(s) found (listed above); first: [" + first.check +
                                        "] " + first.where + ": " + first.message);
}

struct LoadedBase {
  model::RegionModel model;
  std::set<std::tuple<std::string, std::string, std::string>> defects;  // the base's own
};

// Applies the scenario's edits (throws InputError at the first defective edit) and checks the
// edited model; defects the base does not have are listed and make it fail.
void validate_scenario(const scenario::Scenario& s,
                       std::map<std::filesystem::path, LoadedBase>& bases) {
  auto it = bases.find(s.base);
  if (it == bases.end()) {
    LoadedBase b{model::load_region_model(s.base), {}};
    for (const auto& d : model::validate_region_model(b.model).defects) {
      b.defects.emplace(d.check, d.where, d.message);
    }
    it = bases.emplace(s.base, std::move(b)).first;
  }
  const auto edited = scenario::apply_edits(it->second.model, s);
  const auto report = model::validate_region_model(edited);
  std::string first;
  std::size_t count = 0;
  for (const auto& d : report.defects) {
    if (it->second.defects.count({d.check, d.where, d.message}) != 0) continue;
    std::fprintf(stderr, "defect [%s] %s: %s\n", d.check.c_str(), d.where.c_str(),
                 d.message.c_str());
    if (count++ == 0) first = "[" + d.check + "] " + d.where + ": " + d.message;
  }
  const std::string where = s.file.empty() ? s.name : s.file.string();
  if (count > 0) {
    throw InputError({where, 0, ""}, std::to_string(count) +
                                         " defect(s) in the edited model that the base does not "
                                         "have (listed above); first: " +
                                         first);
  }
  std::printf("scenario %s: %zu edit(s) on %s\n", s.name.c_str(), s.edits.count(),
              s.base.string().c_str());
  for (const auto& line : scenario::describe_edits(s)) std::printf("  %s\n", line.c_str());
}

bool is_batch_file(const std::filesystem::path& file) {
  const auto root = io::parse_toml(io::read_text_file(file), file.string());
  return root.contains("scenarios");
}

}  // namespace

void add_validate_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "validate",
      "Check a region model (connectivity, ranges, geometry) and print its inventory, or check a "
      "scenario or batch file against its base without running it");
  cmd->add_option("path", *path,
                  "Region model folder (zones.csv, node.csv, link.csv, ...), scenario file or "
                  "batch file (.toml)")
      ->required();
  cmd->callback([path] {
    const std::filesystem::path p(*path);
    if (std::filesystem::is_directory(p) || p.extension() != ".toml") {
      validate_folder(*path);
      return;
    }
    std::map<std::filesystem::path, LoadedBase> bases;
    if (is_batch_file(p)) {
      const auto batch = scenario::read_batch(p);
      for (const auto& s : batch.runs) validate_scenario(s, bases);
      std::printf("ok: %zu scenario(s) of batch %s fit their base\n", batch.runs.size(),
                  batch.name.c_str());
    } else {
      validate_scenario(scenario::read_scenario(p), bases);
      std::printf("ok: every edit fits the base (references, region box, speeds and run times)\n");
    }
    std::fflush(stdout);
  });
}

}  // namespace corridor::cli
