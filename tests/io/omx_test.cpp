// OMX: round trip through write_omx/read_omx, and the file layout checked with the raw HDF5 C API
// against the OMX 0.2 reference layout (/data/NAME float64, /lookup/NAME, root OMX_VERSION and
// SHAPE attributes).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

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

TEST(Omx, ZoneNamesRoundTripAsAStringLookup) {
  const auto path = temp_path("names.omx");
  auto set = sample();
  set.zone_names = {"Town Centre", "Village",
                    "\xc3\x89"
                    "cole"};  // UTF-8 "École"
  write_omx(path, set);
  const auto back = read_omx(path);
  ASSERT_EQ(back.lookups.size(), 1u);  // the integer one
  ASSERT_EQ(back.name_lookups.size(), 1u);
  EXPECT_EQ(back.name_lookups[0].first, "zone_name");
  EXPECT_EQ(back.name_lookups[0].second, set.zone_names);
  set.zone_names.pop_back();
  EXPECT_THROW(write_omx(path, set), Error);  // one name per zone
  std::filesystem::remove(path);
}

TEST(Omx, MatrixReindexedToANetworksZones) {
  // File zones 1, 2, 3 -> network zones 2, 0, 1 (zone_index(id) = (id + 1) % 3).
  const auto path = temp_path("reindex.omx");
  const auto set = sample();
  write_omx(path, set);
  const auto idx = [](std::int64_t id) { return (id + 1) % 3; };
  const OdMatrix m = read_omx_matrix(path, "car", 3, idx);
  const OdMatrix& a = set.matrices[0].second;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) EXPECT_EQ(m((i + 2) % 3, (j + 2) % 3), a(i, j)) << i << "," << j;
  }
  try {
    read_omx_matrix(path, "truck", 3, idx);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "data/truck");
    EXPECT_THAT(e.what(), ::testing::HasSubstr("the file has: bike, car"));
  }
  try {
    read_omx_matrix(path, "car", 3, [](std::int64_t id) { return id == 3 ? -1 : id - 1; });
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "lookup/zone");
    EXPECT_THAT(e.what(), ::testing::HasSubstr("zone 3 is not a zone of the network"));
  }
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
  // The writer refuses what the reader would refuse: a non-finite cell, named.
  set = sample();
  set.matrices[0].second(1, 0) = std::numeric_limits<double>::quiet_NaN();
  try {
    write_omx(temp_path("nan-out.omx"), set);
    ADD_FAILURE() << "NaN written";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("row index 1, column index 0"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(temp_path("nan-out.omx")));
}

// Raw HDF5 files for the reader's error paths (regressions found by tests/fuzz/fuzz_omx.cpp).
// Each starts with OMX_VERSION "0.2" (fixed length) and SHAPE {rows, cols} (int64) unless told
// otherwise.
struct RawFile {
  hid_t f;
  explicit RawFile(const std::filesystem::path& path)
      : f(H5Fcreate(path.string().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)) {}
  ~RawFile() { H5Fclose(f); }
  RawFile(const RawFile&) = delete;
  RawFile& operator=(const RawFile&) = delete;

  void version() const {
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 3);
    const hid_t sp = H5Screate(H5S_SCALAR);
    const hid_t a = H5Acreate2(f, "OMX_VERSION", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, "0.2");
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
  }
  void shape(std::int64_t rows, std::int64_t cols) const {
    const std::int64_t v[2] = {rows, cols};
    const hsize_t n = 2;
    const hid_t sp = H5Screate_simple(1, &n, nullptr);
    const hid_t a = H5Acreate2(f, "SHAPE", H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT64, v);
    H5Aclose(a);
    H5Sclose(sp);
  }
  // A float64 (or int64 when `values` is empty) dataset at `name` ("data/x"); `values` null means
  // chunked and never written (any size, no storage).
  void dataset(const char* name, std::vector<hsize_t> dims, const double* values) const {
    const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (values == nullptr) {
      std::vector<hsize_t> chunk(dims.size(), 16);
      H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data());
    }
    const hid_t sp = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
    const hid_t d = H5Dcreate2(f, name, H5T_IEEE_F64LE, sp, lcpl, dcpl, H5P_DEFAULT);
    if (values != nullptr) H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
    H5Dclose(d);
    H5Sclose(sp);
    H5Pclose(dcpl);
    H5Pclose(lcpl);
  }
  void lookup(const char* name, std::vector<std::int32_t> ids) const {
    const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    const hsize_t n = ids.size();
    const hid_t sp = H5Screate_simple(1, &n, nullptr);
    const hid_t d = H5Dcreate2(f, name, H5T_STD_I32LE, sp, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, ids.data());
    H5Dclose(d);
    H5Sclose(sp);
    H5Pclose(lcpl);
  }
};

// read_omx must refuse the file with an InputError at `field` whose message contains `text`.
void expect_refused(const std::filesystem::path& path, const std::string& field,
                    const std::string& text) {
  try {
    (void)read_omx(path);
    ADD_FAILURE() << "no error for " << field;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path.string());
    EXPECT_EQ(e.where().field, field);
    EXPECT_THAT(e.what(), ::testing::HasSubstr(text));
  }
  std::filesystem::remove(path);
}

TEST(Omx, NonFiniteMatrixValuesAreRefusedWithTheCell) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const auto path = temp_path("nan.omx");
  {
    const RawFile raw(path);
    raw.version();
    raw.shape(2, 3);
    const double ok[6] = {1, 2, 3, 4, 5, 6};
    const double bad[6] = {1, 2, 3, 4, 5, nan};
    raw.dataset("data/a", {2, 3}, ok);
    raw.dataset("data/b", {2, 3}, bad);
  }
  expect_refused(path, "data/b", "got NaN at row index 1, column index 2");
  {
    const RawFile raw(path);
    raw.version();
    raw.shape(2, 2);
    const double bad[4] = {1, -inf, 3, 4};
    raw.dataset("data/skim", {2, 2}, bad);
  }
  expect_refused(path, "data/skim", "got infinity at row index 0, column index 1");
}

TEST(Omx, HugeShapeIsRefusedBeforeAllocating) {
  // A cap far below the machine, so the lookup case below is refused wherever the test runs.
  ::setenv("CORRIDOR_MEMORY_LIMIT_MB", "100", 1);
  const auto path = temp_path("huge.omx");
  // (2^31-1)^2 float64 declared (chunked, no storage): 32 EB would be allocated.
  const hsize_t n = std::numeric_limits<std::int32_t>::max();
  {
    const RawFile raw(path);
    raw.version();
    raw.shape(static_cast<std::int64_t>(n), static_cast<std::int64_t>(n));
    raw.dataset("data/a", {n, n}, nullptr);
  }
  expect_refused(path, "SHAPE", "of memory is available");
  // A lookup of 2^31-1 values (16 GB) without matrices: refused before allocating too.
  {
    const RawFile raw(path);
    raw.version();
    raw.shape(static_cast<std::int64_t>(n), 1);
    const hsize_t chunk = 16;
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, &chunk);
    const hid_t sp = H5Screate_simple(1, &n, nullptr);
    const hid_t g = H5Gcreate2(raw.f, "lookup", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t d = H5Dcreate2(g, "zone", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Dclose(d);
    H5Gclose(g);
    H5Sclose(sp);
    H5Pclose(dcpl);
  }
  expect_refused(path, "lookup/zone", "of memory is available");
  ::unsetenv("CORRIDOR_MEMORY_LIMIT_MB");
  // Beyond 32-bit zone indices: refused whatever the memory (0 x 2^63 has no cells, but a loop
  // over its columns never ends).
  {
    const RawFile raw(path);
    raw.version();
    raw.shape(0, std::numeric_limits<std::int64_t>::max());
    raw.dataset("data/a", {0, hsize_t{1} << 63}, nullptr);
  }
  expect_refused(path, "SHAPE", "sizes from 0 to 2147483647, got 0 x 9223372036854775807");
}

TEST(Omx, VersionMustBeOneStringFixedOrVariable) {
  const auto path = temp_path("version.omx");
  // A fixed-length string array: read into one string it overran the buffer.
  {
    const RawFile raw(path);
    raw.shape(1, 1);
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 3);
    const hsize_t n = 40;
    const hid_t sp = H5Screate_simple(1, &n, nullptr);
    const hid_t a = H5Acreate2(raw.f, "OMX_VERSION", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    const std::string text(3 * n, 'x');
    H5Awrite(a, t, text.data());
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
  }
  expect_refused(path, "OMX_VERSION", "one string");
  // Variable length (as h5py writes a Python str): accepted.
  {
    const RawFile raw(path);
    raw.shape(1, 1);
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    const hid_t sp = H5Screate(H5S_SCALAR);
    const hid_t a = H5Acreate2(raw.f, "OMX_VERSION", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    const char* v = "0.2";
    H5Awrite(a, t, &v);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
    const double one = 4.5;
    raw.dataset("data/m", {1, 1}, &one);
  }
  const auto c = read_omx(path);
  EXPECT_EQ(c.version, "0.2");
  ASSERT_EQ(c.matrices.size(), 1u);
  EXPECT_EQ(c.matrices[0].second(0, 0), 4.5);
  std::filesystem::remove(path);
}

TEST(Omx, ShapeMustBeTwoIntegers) {
  const auto path = temp_path("shape.omx");
  // Two strings: HDF5 cannot convert them, which was a plain Error, not an InputError.
  {
    const RawFile raw(path);
    raw.version();
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 2);
    const hsize_t n = 2;
    const hid_t sp = H5Screate_simple(1, &n, nullptr);
    const hid_t a = H5Acreate2(raw.f, "SHAPE", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, "3 3 ");
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
  }
  expect_refused(path, "SHAPE", "two integers");
  // Two floats (2.7 would have been truncated to 2 silently).
  {
    const RawFile raw(path);
    raw.version();
    const double v[2] = {2.7, 2.7};
    const hsize_t n = 2;
    const hid_t sp = H5Screate_simple(1, &n, nullptr);
    const hid_t a = H5Acreate2(raw.f, "SHAPE", H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_DOUBLE, v);
    H5Aclose(a);
    H5Sclose(sp);
  }
  expect_refused(path, "SHAPE", "two integers");
}

TEST(Omx, LookupMustHaveShapeLength) {
  const auto path = temp_path("lookup.omx");
  {
    const RawFile raw(path);
    raw.version();
    raw.shape(3, 3);
    raw.lookup("lookup/zone", {1, 2, 3, 4});
  }
  expect_refused(path, "lookup/zone", "length rows or columns (SHAPE 3 x 3)");
  // Rows or columns of a rectangular SHAPE are both fine.
  {
    const RawFile raw(path);
    raw.version();
    raw.shape(2, 3);
    raw.lookup("lookup/origin", {7, 8});
    raw.lookup("lookup/destination", {1, 2, 3});
  }
  const auto c = read_omx(path);
  ASSERT_EQ(c.lookups.size(), 2u);
  EXPECT_EQ(c.lookups[0].first, "destination");
  EXPECT_EQ(c.lookups[0].second, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(c.lookups[1].second, (std::vector<std::int64_t>{7, 8}));
  std::filesystem::remove(path);
}

TEST(Omx, EmptyShapeRoundTrips) {
  // Zero zones: the 0 x 0 matrix and the empty lookup have no buffer to read into.
  const auto path = temp_path("empty.omx");
  OmxWriteSet set;
  set.matrices.push_back({"none", OdMatrix(0, 0)});
  write_omx(path, set);
  const auto c = read_omx(path);
  EXPECT_EQ(c.rows, 0);
  ASSERT_EQ(c.matrices.size(), 1u);
  EXPECT_EQ(c.matrices[0].second.size(), 0);
  ASSERT_EQ(c.lookups.size(), 1u);
  EXPECT_TRUE(c.lookups[0].second.empty());
  std::filesystem::remove(path);
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
