// OMX: round trip through write_omx/read_omx, and the file layout checked with the raw HDF5 C API
// against the OMX 0.2 reference layout (/data/NAME float64, /lookup/NAME, root OMX_VERSION and
// SHAPE attributes).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "io/omx.hpp"
#include "io/text.hpp"

namespace corridor::io {
namespace {

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("corridor-omx-" + std::to_string(::getpid()) + "-" + name);
}

OmxWriteSet sample() {
  OmxWriteSet set;
  set.zone_numbers = {1, 2, 3};
  OdMatrix a(3, 3);
  a << 0, 1.5, 2.25, 3, 0, 1e-9, 7e6, 8, 0;
  OdMatrix b = OdMatrix::Constant(3, 3, 0.125);
  set.matrices.push_back({"car", a});
  set.matrices.push_back({"bike", b});
  return set;
}

TEST(Omx, RoundTripIsExact) {
  const auto path = temp_path("rt.omx");
  const auto set = sample();
  write_omx(path, set);
  const auto back = read_omx(path);
  EXPECT_EQ(back.version, "0.2");
  EXPECT_EQ(back.rows, 3);
  EXPECT_EQ(back.cols, 3);
  ASSERT_EQ(back.matrices.size(), 2u);
  // HDF5 lists members by name: bike, car.
  EXPECT_EQ(back.matrices[0].first, "bike");
  EXPECT_EQ(back.matrices[1].first, "car");
  EXPECT_EQ(back.matrices[0].second, set.matrices[1].second);
  EXPECT_EQ(back.matrices[1].second, set.matrices[0].second);
  ASSERT_EQ(back.lookups.size(), 1u);
  EXPECT_EQ(back.lookups[0].first, "zone");
  EXPECT_EQ(back.lookups[0].second, set.zone_numbers);
  std::filesystem::remove(path);
}

TEST(Omx, LayoutIsTheReferenceOne) {
  const auto path = temp_path("layout.omx");
  write_omx(path, sample());
  const hid_t f = H5Fopen(path.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  // Root attribute OMX_VERSION: a fixed-length string "0.2".
  const hid_t v = H5Aopen(f, "OMX_VERSION", H5P_DEFAULT);
  ASSERT_GE(v, 0);
  const hid_t vt = H5Aget_type(v);
  EXPECT_EQ(H5Tget_class(vt), H5T_STRING);
  char buf[16] = {};
  ASSERT_LE(H5Tget_size(vt), sizeof buf);
  H5Aread(v, vt, buf);
  EXPECT_EQ(std::string(buf, H5Tget_size(vt)), "0.2");
  H5Tclose(vt);
  H5Aclose(v);
  // Root attribute SHAPE: two integers.
  const hid_t s = H5Aopen(f, "SHAPE", H5P_DEFAULT);
  ASSERT_GE(s, 0);
  int shape[2] = {0, 0};
  H5Aread(s, H5T_NATIVE_INT, shape);
  EXPECT_EQ(shape[0], 3);
  EXPECT_EQ(shape[1], 3);
  H5Aclose(s);
  // /data/car: 2-D 64-bit float; /lookup/zone: 1-D integer.
  const hid_t d = H5Dopen2(f, "/data/car", H5P_DEFAULT);
  ASSERT_GE(d, 0);
  const hid_t dt = H5Dget_type(d);
  EXPECT_EQ(H5Tget_class(dt), H5T_FLOAT);
  EXPECT_EQ(H5Tget_size(dt), 8u);
  const hid_t ds = H5Dget_space(d);
  hsize_t dims[2] = {0, 0};
  EXPECT_EQ(H5Sget_simple_extent_dims(ds, dims, nullptr), 2);
  EXPECT_EQ(dims[0], 3u);
  EXPECT_EQ(dims[1], 3u);
  double m[9] = {};
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m);
  EXPECT_DOUBLE_EQ(m[1], 1.5);  // row 0, column 1: origin 1 → destination 2
  EXPECT_DOUBLE_EQ(m[6], 7e6);  // row 2, column 0
  H5Sclose(ds);
  H5Tclose(dt);
  H5Dclose(d);
  const hid_t l = H5Dopen2(f, "/lookup/zone", H5P_DEFAULT);
  ASSERT_GE(l, 0);
  const hid_t lt = H5Dget_type(l);
  EXPECT_EQ(H5Tget_class(lt), H5T_INTEGER);
  int zones[3] = {};
  H5Dread(l, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, zones);
  EXPECT_EQ(zones[2], 3);
  H5Tclose(lt);
  H5Dclose(l);
  H5Fclose(f);
  std::filesystem::remove(path);
}

TEST(Omx, BadInputsAreErrors) {
  auto set = sample();
  set.matrices[0].second = OdMatrix::Zero(2, 2);
  EXPECT_THROW(write_omx(temp_path("bad.omx"), set), Error);
  EXPECT_FALSE(std::filesystem::exists(temp_path("bad.omx")));
  const auto junk = temp_path("junk.omx");
  std::ofstream(junk) << "not hdf5";
  EXPECT_THROW(read_omx(junk), InputError);
  std::filesystem::remove(junk);
  EXPECT_THROW(read_omx(temp_path("missing.omx")), InputError);
}

TEST(Omx, CsvHasOneRowPerNonZeroPair) {
  const auto path = temp_path("m.csv");
  write_matrices_csv(path, sample());
  const std::string text = read_text_file(path);
  EXPECT_THAT(text, ::testing::StartsWith("origin,destination,car,bike\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("\n1,2,1.5,0.125\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("\n3,1,7000000,0.125\n"));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace corridor::io
