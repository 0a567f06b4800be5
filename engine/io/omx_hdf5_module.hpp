#pragma once
// The boundary between Corridor and its HDF5 code (private to engine/io).
//
// The HDF5 stack (libhdf5 and the ~40 libraries it pulls in: curl, TLS, Kerberos, LDAP, ...) costs
// ~8 MB of resident memory the moment a process that links it starts, though most runs never
// touch an OMX file. So everything that calls HDF5 lives in a shared module,
// libcorridor_omx_hdf5.so (omx_hdf5.cpp, built beside the executables in <build>/lib), which
// omx.cpp loads with dlopen on the first OMX read or write (omx_hdf5_loader.cpp) and keeps for
// the life of the process.
//
// The module exports one C symbol, corridor_omx_hdf5_api(), returning this table. Exceptions do
// not cross the boundary: the module catches its own and describes them in an OmxHdf5Failure,
// which the caller throws again as the same corridor::InputError or corridor::Error (same
// message). kOmxHdf5AbiVersion changes whenever the table or the structs it passes change, so a
// stale module from an older build is refused instead of misread.
#include <string>

#include "core/error.hpp"
#include "io/omx.hpp"

namespace corridor::io::detail {

inline constexpr int kOmxHdf5AbiVersion = 1;

struct OmxHdf5Failure {
  bool input_error = false;  // true: `where` + `expected` make an InputError; false: an Error
  std::string message;       // Error::what()
  InputLocation where;
  std::string expected;
};

struct OmxHdf5Api {
  int abi_version;
  // Writes `set` (already validated) into `file` (created or truncated). False on failure.
  bool (*write_file)(const std::string& file, const OmxWriteSet& set, OmxHdf5Failure* failure);
  // Reads the whole OMX file `file` (it exists) into *content. False on failure.
  bool (*read_file)(const std::string& file, OmxContent* content, OmxHdf5Failure* failure);
};

// The module's table, loaded on first use (thread-safe). Throws corridor::Error naming the
// places looked in when the module cannot be loaded (e.g. the build's lib/ folder was removed).
const OmxHdf5Api& omx_hdf5_api();

// Throws the exception described by `failure`.
[[noreturn]] void rethrow(const OmxHdf5Failure& failure);

}  // namespace corridor::io::detail

// The module's one exported symbol.
extern "C" const corridor::io::detail::OmxHdf5Api* corridor_omx_hdf5_api();
