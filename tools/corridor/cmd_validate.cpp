// `corridor validate FOLDER`: loads a region model, checks it (model/validate.hpp) and prints its
// inventory. Exit 0 when sound; exit 2 with one line per defect (stderr) when not.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "model/region_model.hpp"
#include "model/validate.hpp"

namespace corridor::cli {

void add_validate_command(CLI::App& app) {
  auto folder = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "validate", "Check a region model (connectivity, ranges, geometry) and print its inventory");
  cmd->add_option("folder", *folder, "Region model folder (zones.csv, node.csv, link.csv, ...)")
      ->required();
  cmd->callback([folder] {
    const auto model = model::load_region_model(*folder);
    const auto report = model::validate_region_model(model);
    std::printf("region model %s  (inputs %s)\n%s", folder->c_str(), model.content_hash.c_str(),
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
    throw InputError({*folder, 0, ""}, std::to_string(report.defects.size()) +
                                           " defect(s) found (listed above); first: [" +
                                           first.check + "] " + first.where + ": " + first.message);
  });
}

}  // namespace corridor::cli
