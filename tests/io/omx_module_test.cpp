// The HDF5 stack is loaded only when an OMX file is touched (io/omx_hdf5_module.hpp). This test
// executable links corridor::io but not HDF5, so what /proc/self/maps shows is what the library
// itself maps: nothing of HDF5 before the first OMX call, the module and libhdf5 after it.
// The OMX format itself is tested in omx_test.cpp.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "io/omx.hpp"
#include "process_maps.hpp"

namespace corridor::io {
namespace {

using test::mapped;

TEST(OmxModule, HdfStackIsLoadedOnFirstUseOnly) {
  ASSERT_FALSE(mapped("libhdf5")) << "a test binary without HDF5 maps it at start";
  ASSERT_FALSE(mapped("libcorridor_omx_hdf5"));

  // Before any OMX file is touched: a missing file is refused without loading anything.
  EXPECT_THROW(read_omx("/nonexistent/corridor.omx"), InputError);
  EXPECT_FALSE(mapped("libhdf5"));

  const auto path = std::filesystem::temp_directory_path() /
                    ("corridor-omx-module-" + std::to_string(::getpid()) + ".omx");
  OmxWriteSet set;
  set.zone_numbers = {4, 7};
  OdMatrix m(2, 2);
  m << 0, 1.5, 2.25, 0;
  set.matrices.push_back({"car", m});
  write_omx(path, set);
  EXPECT_TRUE(mapped("libcorridor_omx_hdf5.so"));
  EXPECT_TRUE(mapped("libhdf5"));
  const auto back = read_omx(path);
  ASSERT_EQ(back.matrices.size(), 1u);
  EXPECT_EQ(back.matrices[0].second, m);
  ASSERT_EQ(back.lookups.size(), 1u);
  EXPECT_EQ(back.lookups[0].second, set.zone_numbers);

  // An error raised inside the module arrives as the same InputError, file and field named.
  const auto junk = path.string() + ".junk";
  std::ofstream(junk) << "not hdf5";
  try {
    (void)read_omx(junk);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, junk);
    EXPECT_EQ(e.expected(), "an HDF5 file (OMX)");
  }
  std::filesystem::remove(path);
  std::filesystem::remove(junk);
}

}  // namespace
}  // namespace corridor::io
