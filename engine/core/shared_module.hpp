#pragma once
// Finding and opening one of Corridor's own shared modules with dlopen: the code that needs a
// heavy library only some runs use (HDF5 for OMX files, io/omx_hdf5_module.hpp; Open MPI for a
// distributed run, distributed/mpi_module.hpp) lives in a module of its own, so a process that
// never needs it never maps that library and what it pulls in.
//
// Looked for, first found wins:
//   1. $<env_variable> (a path to the module file), when set;
//   2. <folder of the running executable>/../lib/<file> (bin/corridor and lib/ side by side, as in
//      the build tree, an install and any copy of either);
//   3. `build_tree_path`, the build tree's lib/ folder the caller was compiled for, so test and
//      benchmark executables in other folders find it too.
// A module is never unloaded (HDF5 and MPI keep global state for the life of the process).
#include <functional>
#include <string>
#include <vector>

namespace corridor {

struct SharedModule {
  const char* file;             // "libcorridor_mpi.so"
  const char* env_variable;     // "CORRIDOR_MPI_MODULE"
  const char* build_tree_path;  // "<build>/lib/libcorridor_mpi.so"
  const char* entry_symbol;     // the module's one exported function
};

// The places looked in, in order.
[[nodiscard]] std::vector<std::string> module_candidates(const SharedModule& module);

// The entry symbol's address in the first candidate that loads and whose entry `accept` takes
// (e.g. calls it and checks the ABI version; a refused module is closed and the search goes on).
// Throws corridor::Error("<needed_for> <file>, which could not be loaded; looked in:" and one line
// per candidate saying why not).
void* load_module_entry(const SharedModule& module, const std::string& needed_for,
                        const std::function<bool(void* entry)>& accept);

}  // namespace corridor
