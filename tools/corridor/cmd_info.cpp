// `corridor info --network PATH`: reads a network and prints its inventory (a quick input check).
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "io/tntp.hpp"

namespace corridor::cli {

void add_info_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("info", "Read a TNTP network and print its inventory");
  cmd->add_option("--network", *path, "TNTP _net.tntp file")->required();
  cmd->callback([path] {
    const auto net = io::read_tntp_network(*path);
    std::printf("nodes %u  links %u  zones %u  first thru node %u\n", net.node_count(),
                net.link_count(), net.zone_count(), net.first_thru_node() + 1);
  });
}

}  // namespace corridor::cli
