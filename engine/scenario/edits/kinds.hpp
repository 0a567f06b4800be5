#pragma once
// The parser of each edit kind, one per file in engine/scenario/edits/ (registered in
// registry.cpp with its TOML table name and stage).
#include <memory>

#include "scenario/edits/edit.hpp"

namespace corridor::scenario {

std::unique_ptr<Edit> parse_land_use(TableReader& t);
std::unique_ptr<Edit> parse_add_node(TableReader& t);
std::unique_ptr<Edit> parse_add_junction(TableReader& t);
std::unique_ptr<Edit> parse_add_link(TableReader& t);
std::unique_ptr<Edit> parse_change_link(TableReader& t);
std::unique_ptr<Edit> parse_close_link(TableReader& t);
std::unique_ptr<Edit> parse_add_stop(TableReader& t);
std::unique_ptr<Edit> parse_remove_line(TableReader& t);
std::unique_ptr<Edit> parse_add_line(TableReader& t);
std::unique_ptr<Edit> parse_extend_line(TableReader& t);
std::unique_ptr<Edit> parse_change_headway(TableReader& t);
std::unique_ptr<Edit> parse_transfer(TableReader& t);

}  // namespace corridor::scenario
