#pragma once
// Minimal zip reader for GTFS feeds (stored and deflated entries, no ZIP64, no encryption).
//
//   auto files = corridor::io::read_zip("feeds/nl.zip");   // "stops.txt" → its bytes
#include <filesystem>
#include <map>
#include <string>

namespace corridor::io {

// Every file entry of the archive keyed by its name without folders. CRC-32 checked; an entry
// claiming more than deflate's ~1032:1 expansion, or more than the memory budget, is refused.
// corridor::InputError naming the archive on a damaged or unsupported archive.
std::map<std::string, std::string> read_zip(const std::filesystem::path& zip);

}  // namespace corridor::io
