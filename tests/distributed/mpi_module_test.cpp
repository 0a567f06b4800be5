// Open MPI is loaded only for a distributed run (distributed/mpi_module.hpp). This test executable
// links corridor::distributed but not MPI, so what /proc/self/maps shows is what the library itself
// maps: no MPI library for a plain start (a Session outside any launcher), the module and libmpi
// once it is loaded, as Session does under mpirun (the end-to-end runs: mpi_batch_test.cpp).
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "distributed/mpi_module.hpp"
#include "distributed/session.hpp"
#include "process_maps.hpp"

namespace corridor::distributed {
namespace {

using test::mapped;

TEST(MpiModule, MpiIsLoadedForADistributedRunOnly) {
  ASSERT_FALSE(mapped("libmpi")) << "a test binary without MPI maps it at start";
  EXPECT_TRUE(built_with_mpi());
  EXPECT_NE(mpi_description(), "no");  // from mpi.h's macros, without loading anything
  EXPECT_THROW((void)detail::mpi_api(), Error);

  {
    const Session plain;  // ctest starts this without a launcher: rank 0 of 1, MPI untouched
    EXPECT_EQ(plain.rank(), 0);
    EXPECT_EQ(plain.size(), 1);
  }
  EXPECT_FALSE(mapped("libcorridor_mpi"));
  EXPECT_FALSE(mapped("libmpi"));

  const auto& api = detail::load_mpi_api("the test");
  EXPECT_TRUE(mapped("libcorridor_mpi.so"));
  EXPECT_TRUE(mapped("libmpi"));
  EXPECT_EQ(api.abi_version, detail::kMpiAbiVersion);
  EXPECT_EQ(&detail::mpi_api(), &api);
  EXPECT_EQ(&detail::load_mpi_api("again"), &api);  // loaded once
}

}  // namespace
}  // namespace corridor::distributed
