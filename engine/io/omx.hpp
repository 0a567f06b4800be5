#pragma once
// Open Matrix (OMX) files: OD matrices and skims in HDF5, the exchange format of Visum, Emme,
// TransCAD, Cube and AequilibraE (https://github.com/osPID/omx/wiki/Specification, version 0.2).
//
// Layout written (the reference layout of the OMX 0.2 specification):
//   /                 attributes OMX_VERSION = "0.2" (fixed-length string), SHAPE = int32[2]
//                     {rows, cols}
//   /data/NAME        one 2-D float64 dataset per matrix, rows × cols (row = origin)
//   /lookup/NAME      1-D int32 datasets of length rows, e.g. "zone" = zone numbers (1-based ids)
//   /lookup/NAME      with OmxWriteSet::zone_names: a 1-D fixed-length, null-padded UTF-8 string
//                     dataset (default "zone_name"), one name per row, so GIS and matrix tools
//                     show the zones by name
// Reading accepts OMX_VERSION as a fixed- or variable-length string, any integer SHAPE, any
// numeric matrix type (converted to double), any integer lookup and fixed- or variable-length
// string lookups (OmxContent::name_lookups); every matrix must have
// SHAPE's dimensions and finite values (NaN or infinity is an error naming the dataset and cell),
// every lookup SHAPE's rows or columns. All matrices must fit in the memory available
// (core/memory_budget.hpp), checked before any is read. Errors are corridor::InputError naming
// the file and the attribute or dataset ("field"). Writing goes to a temporary file that is
// renamed over the target, so a crash never leaves a half-written file. Plain CSV in long form
// (origin,destination,NAME1,NAME2,...) is written beside OMX for tools without HDF5.
//
//   corridor::io::OmxWriteSet set{.zone_numbers = {1, 2, 3}};
//   set.matrices.push_back({"car_trips", car});
//   corridor::io::write_omx("out/trips.omx", set);
//   auto back = corridor::io::read_omx("out/trips.omx");   // back.matrices[0].second == car
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/od_matrix.hpp"

namespace corridor::io {

struct OmxWriteSet {
  std::vector<std::int64_t> zone_numbers;  // lookup values, one per row
  std::string lookup_name = "zone";
  std::vector<std::string> zone_names;  // optional: one per row, written as a string lookup
  std::string name_lookup_name = "zone_name";
  std::vector<std::pair<std::string, OdMatrix>> matrices;  // name → matrix, written in order
};

struct OmxContent {
  std::string version;                                     // OMX_VERSION attribute
  std::int64_t rows = 0, cols = 0;                         // SHAPE attribute
  std::vector<std::pair<std::string, OdMatrix>> matrices;  // sorted by name (HDF5 order)
  std::vector<std::pair<std::string, std::vector<std::int64_t>>> lookups;
  std::vector<std::pair<std::string, std::vector<std::string>>> name_lookups;  // string lookups
};

// Throws corridor::Error when a matrix does not match the zone count or a name is empty or has
// '/'; or when HDF5 fails.
void write_omx(const std::filesystem::path& path, const OmxWriteSet& set);
OmxContent read_omx(const std::filesystem::path& path);

// One matrix of an OMX file for a network of `zones` zones: entry (i, j) of the file goes to
// (zone_index(id_i), zone_index(id_j)), ids from the file's "zone" lookup (1..rows without one).
// An unknown matrix name, an id zone_index maps to -1 (not a zone of the network) or a negative
// value is an InputError naming the file and "data/NAME" or "lookup/zone". Zones of the network
// missing from the file get no trips.
//   auto car = read_omx_matrix("od_am_peak.omx", "car_vehicles_peak_hour", 43,
//                              [&](std::int64_t id) { return g.zone_index(id); });
OdMatrix read_omx_matrix(const std::filesystem::path& path, const std::string& name,
                         std::size_t zones,
                         const std::function<std::int64_t(std::int64_t)>& zone_index);

// Long CSV: header "origin,destination,<names...>", one row per OD pair with any non-zero value.
void write_matrices_csv(const std::filesystem::path& path, const OmxWriteSet& set);

}  // namespace corridor::io
