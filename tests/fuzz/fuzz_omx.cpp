// libFuzzer target: the Open Matrix reader (io/omx.hpp, read_omx).
//
// Structure-aware. The fuzz bytes are not an HDF5 file but a recipe: FuzzedDataProvider decodes
// them into calls of the HDF5 C API that build an OMX-like file, which read_omx then reads. Raw
// byte mutation of HDF5 files is deliberately not done (not even for a fraction of the inputs):
// HDF5 is Debian's libhdf5 1.10, uninstrumented and not ours, and mutated superblocks, B-trees
// and object headers mostly find crashes inside its own parser, which we cannot fix and which
// would drown the findings in our reader. Every file built here is one HDF5 wrote itself, so what
// the fuzzer explores is how read_omx copes with well-formed HDF5 that is a bad OMX file.
//
// Recipe (the first option of every choice is the valid OMX 0.2 one, so an empty input is a valid
// 0 x 0 file and a short seed a valid small one):
//   format      earliest | latest HDF5 file format (libver bounds)
//   SHAPE       rows, cols each 0..16 or -1, 64, 3000, 2^31-1, 2^40, INT64_MAX, INT64_MIN
//   OMX_VERSION fixed "0.2" | absent | fixed arbitrary text | variable-length "0.2" | integer |
//               fixed string[2] | null dataspace | variable-length string[3]
//   SHAPE attr  int32[2] | int64[2] | uint64[2] | int16 BE[2] | float64[2] | int32[3] | int32[1] |
//               int32 2x1 | string[2] | absent | scalar | int8[2]
//   /data       group | absent | a dataset | a dangling soft link | a soft link to /
//     0..4 members: dataset | group | dangling soft link | hard link to / | committed datatype
//     rank 2 | 1 | 3 | scalar; dims SHAPE | fuzzed <= 64 | transposed | one row too many
//     float64 LE/BE, float32, (u)int8..64, int32 BE, long double, fixed and variable-length
//     strings, compound, enum, bitfield, opaque, array types
//     contiguous | chunked | deflate | compact | fletcher32 | never written, fill value NaN
//     values small integers, NaN, +-inf, -1.5, +-1e300, denormal, any double / any integer
//     a dataset of more than 4096 cells is declared only (chunked, never written): SHAPE 2^40
//   /lookup     group | absent | a dataset | a dangling soft link; 0..3 members: dataset | group;
//               length rows | cols | fuzzed <= 64 | 2^40 (declared only) | rows + 1;
//               rank 1 | 2 | scalar; int32, int64, uint8, uint64, int16 BE, float64, string
//
// Accepted outcomes: an OmxContent whose matrices have SHAPE's size and finite values and whose
// lookups have SHAPE's length, or a corridor::InputError naming the file. Anything else (a crash,
// a sanitizer report, another exception, a broken invariant, an HDF5 identifier left open by
// read_omx) is a finding. When HDF5 refuses to build the file, the input is skipped.
#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/omx.hpp"

namespace {

using Fdp = FuzzedDataProvider;

// Owns one HDF5 identifier.
class H {
 public:
  using Closer = herr_t (*)(hid_t);
  H(hid_t id, Closer close) : id_(id), close_(close) {}
  ~H() {
    if (id_ >= 0) close_(id_);
  }
  H(const H&) = delete;
  H& operator=(const H&) = delete;
  [[nodiscard]] hid_t id() const { return id_; }
  [[nodiscard]] bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  Closer close_;
};

constexpr hid_t P = H5P_DEFAULT;
constexpr std::size_t kMaxWrittenCells = 4096;

constexpr std::int64_t kSpecialExtents[] = {-1,
                                            64,
                                            3000,
                                            std::numeric_limits<std::int32_t>::max(),
                                            std::int64_t{1} << 40,
                                            std::numeric_limits<std::int64_t>::max(),
                                            std::numeric_limits<std::int64_t>::min()};

std::int64_t extent(Fdp& in) {
  const auto k = in.ConsumeIntegralInRange<std::size_t>(0, 16 + std::size(kSpecialExtents));
  return k <= 16 ? static_cast<std::int64_t>(k) : kSpecialExtents[k - 17];
}

hsize_t as_dim(std::int64_t v) { return v < 0 ? 0 : static_cast<hsize_t>(v); }

double float_value(Fdp& in) {
  const int k = in.ConsumeIntegralInRange(0, 15);
  switch (k) {
    case 8:
      return std::numeric_limits<double>::quiet_NaN();
    case 9:
      return std::numeric_limits<double>::infinity();
    case 10:
      return -std::numeric_limits<double>::infinity();
    case 11:
      return -1.5;
    case 12:
      return 1e300;
    case 13:
      return -1e300;
    case 14:
      return std::numeric_limits<double>::denorm_min();
    case 15:
      return in.ConsumeFloatingPoint<double>();
    default:
      break;
  }
  return static_cast<double>(k);  // 0..7
}

std::int64_t int_value(Fdp& in, std::size_t i) {
  switch (in.ConsumeIntegralInRange(0, 4)) {
    case 1:
      return -1;
    case 2:
      return std::numeric_limits<std::int64_t>::max();
    case 3:
      return std::numeric_limits<std::int64_t>::min();
    case 4:
      return in.ConsumeIntegral<std::int64_t>();
    default:
      break;
  }
  return static_cast<std::int64_t>(i) + 1;
}

std::string member_name(Fdp& in, const char* prefix, int i) {
  if (in.ConsumeIntegralInRange(0, 7) != 7) return prefix + std::to_string(i);
  return in.ConsumeRandomLengthString(12);  // HDF5 refuses "", ".", "a/b": the member is skipped
}

void attribute(hid_t obj, const char* name, hid_t file_type, hid_t space, hid_t mem_type,
               const void* buf) {
  H a(H5Acreate2(obj, name, file_type, space, P, P), H5Aclose);
  if (a.ok() && buf != nullptr) H5Awrite(a.id(), mem_type, buf);
}

hid_t fixed_string_type(std::size_t size) {
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, size);
  return t;
}

hid_t vlen_string_type() {
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  return t;
}

void add_version(Fdp& in, hid_t f) {
  H scalar(H5Screate(H5S_SCALAR), H5Sclose);
  switch (in.ConsumeIntegralInRange(0, 7)) {
    case 0: {
      H t(fixed_string_type(3), H5Tclose);
      attribute(f, "OMX_VERSION", t.id(), scalar.id(), t.id(), "0.2");
      break;
    }
    case 1:
      break;
    case 2: {
      const auto text = in.ConsumeRandomLengthString(16);
      H t(fixed_string_type(text.size()), H5Tclose);  // size 0 is refused: no attribute
      attribute(f, "OMX_VERSION", t.id(), scalar.id(), t.id(), text.data());
      break;
    }
    case 3: {
      H t(vlen_string_type(), H5Tclose);
      const char* v = "0.2";
      attribute(f, "OMX_VERSION", t.id(), scalar.id(), t.id(), &v);
      break;
    }
    case 4: {
      const int v = 2;
      attribute(f, "OMX_VERSION", H5T_STD_I32LE, scalar.id(), H5T_NATIVE_INT, &v);
      break;
    }
    case 5: {
      const hsize_t n = 2;
      H space(H5Screate_simple(1, &n, nullptr), H5Sclose);
      H t(fixed_string_type(3), H5Tclose);
      attribute(f, "OMX_VERSION", t.id(), space.id(), t.id(), "0.20.1");
      break;
    }
    case 6: {
      H space(H5Screate(H5S_NULL), H5Sclose);
      H t(fixed_string_type(3), H5Tclose);
      attribute(f, "OMX_VERSION", t.id(), space.id(), t.id(), nullptr);
      break;
    }
    default: {
      const hsize_t n = 3;
      H space(H5Screate_simple(1, &n, nullptr), H5Sclose);
      H t(vlen_string_type(), H5Tclose);
      const char* v[3] = {"0.2", "", "0.1"};
      attribute(f, "OMX_VERSION", t.id(), space.id(), t.id(), v);
      break;
    }
  }
}

void add_shape(Fdp& in, hid_t f, std::int64_t rows, std::int64_t cols) {
  const std::int64_t v[3] = {rows, cols, rows};
  auto simple = [&](hid_t file_type, int rank, hsize_t n0, hsize_t n1) {
    const hsize_t dims[2] = {n0, n1};
    H space(H5Screate_simple(rank, dims, nullptr), H5Sclose);
    attribute(f, "SHAPE", file_type, space.id(), H5T_NATIVE_INT64, v);
  };
  switch (in.ConsumeIntegralInRange(0, 11)) {
    case 0:
      simple(H5T_STD_I32LE, 1, 2, 0);
      break;
    case 1:
      simple(H5T_STD_I64LE, 1, 2, 0);
      break;
    case 2:
      simple(H5T_STD_U64LE, 1, 2, 0);
      break;
    case 3:
      simple(H5T_STD_I16BE, 1, 2, 0);
      break;
    case 4: {
      const double d[2] = {static_cast<double>(rows), static_cast<double>(cols)};
      const hsize_t n = 2;
      H space(H5Screate_simple(1, &n, nullptr), H5Sclose);
      attribute(f, "SHAPE", H5T_IEEE_F64LE, space.id(), H5T_NATIVE_DOUBLE, d);
      break;
    }
    case 5:
      simple(H5T_STD_I32LE, 1, 3, 0);
      break;
    case 6:
      simple(H5T_STD_I32LE, 1, 1, 0);
      break;
    case 7:
      simple(H5T_STD_I32LE, 2, 2, 1);
      break;
    case 8: {
      const auto text = std::to_string(rows) + std::string(24, ' ');
      const auto text2 = std::to_string(cols) + std::string(24, ' ');
      const std::string both = text.substr(0, 24) + text2.substr(0, 24);
      const hsize_t n = 2;
      H space(H5Screate_simple(1, &n, nullptr), H5Sclose);
      H t(fixed_string_type(24), H5Tclose);
      attribute(f, "SHAPE", t.id(), space.id(), t.id(), both.data());
      break;
    }
    case 9:
      break;
    case 10: {
      H space(H5Screate(H5S_SCALAR), H5Sclose);
      attribute(f, "SHAPE", H5T_STD_I32LE, space.id(), H5T_NATIVE_INT64, v);
      break;
    }
    default:
      simple(H5T_STD_I8LE, 1, 2, 0);
      break;
  }
}

enum class Kind { kFloat, kInt, kString, kVlen, kRaw };

hid_t make_type(int k, Kind& kind) {
  kind = Kind::kFloat;
  switch (k) {
    case 0:
      return H5Tcopy(H5T_IEEE_F64LE);
    case 1:
      return H5Tcopy(H5T_IEEE_F32LE);
    case 10:
      return H5Tcopy(H5T_IEEE_F64BE);
    case 12:
      return H5Tcopy(H5T_NATIVE_LDOUBLE);
    default:
      break;
  }
  kind = Kind::kInt;
  switch (k) {
    case 2:
      return H5Tcopy(H5T_STD_I8LE);
    case 3:
      return H5Tcopy(H5T_STD_I16LE);
    case 4:
      return H5Tcopy(H5T_STD_I32LE);
    case 5:
      return H5Tcopy(H5T_STD_I64LE);
    case 6:
      return H5Tcopy(H5T_STD_U8LE);
    case 7:
      return H5Tcopy(H5T_STD_U16LE);
    case 8:
      return H5Tcopy(H5T_STD_U32LE);
    case 9:
      return H5Tcopy(H5T_STD_U64LE);
    case 11:
      return H5Tcopy(H5T_STD_I32BE);
    default:
      break;
  }
  kind = Kind::kRaw;
  switch (k) {
    case 13:
      kind = Kind::kString;
      return fixed_string_type(8);
    case 14:
      kind = Kind::kVlen;
      return vlen_string_type();
    case 15: {
      const hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(double));
      H5Tinsert(t, "v", 0, H5T_NATIVE_DOUBLE);
      return t;
    }
    case 16: {
      const hid_t t = H5Tenum_create(H5T_NATIVE_INT);
      const int a = 0, b = 1;
      H5Tenum_insert(t, "a", &a);
      H5Tenum_insert(t, "b", &b);
      return t;
    }
    case 17:
      return H5Tcopy(H5T_NATIVE_B8);
    case 18:
      return H5Tcreate(H5T_OPAQUE, 4);
    default: {
      const hsize_t n = 2;
      return H5Tarray_create2(H5T_NATIVE_DOUBLE, 1, &n);
    }
  }
}

// Writes `cells` values of `kind` into the dataset (all of it).
void write_values(Fdp& in, hid_t ds, hid_t type, Kind kind, std::size_t cells) {
  switch (kind) {
    case Kind::kFloat: {
      std::vector<double> v(cells);
      for (auto& x : v) x = float_value(in);
      H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, P, v.data());
      break;
    }
    case Kind::kInt: {
      std::vector<std::int64_t> v(cells);
      for (std::size_t i = 0; i < cells; ++i) v[i] = int_value(in, i);
      H5Dwrite(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, P, v.data());
      break;
    }
    case Kind::kVlen: {
      std::vector<std::string> text(cells);
      std::vector<const char*> ptr(cells);
      for (std::size_t i = 0; i < cells; ++i) {
        text[i] = std::to_string(float_value(in));
        ptr[i] = text[i].c_str();
      }
      H5Dwrite(ds, type, H5S_ALL, H5S_ALL, P, ptr.data());
      break;
    }
    case Kind::kString:
    case Kind::kRaw: {
      std::vector<char> bytes(cells * H5Tget_size(type), '\0');
      const auto given = in.ConsumeBytes<char>(bytes.size());
      std::copy(given.begin(), given.end(), bytes.begin());
      H5Dwrite(ds, type, H5S_ALL, H5S_ALL, P, bytes.data());
      break;
    }
  }
}

// Creates a dataset `name` in `g` of `rank` dims and the given type; datasets above
// kMaxWrittenCells are chunked and never written.
void add_dataset(Fdp& in, hid_t g, const std::string& name, int rank, const hsize_t* dims,
                 int type_choice) {
  std::size_t cells = 1;
  bool huge = false;
  for (int d = 0; d < rank; ++d) {
    if (dims[d] > kMaxWrittenCells || (dims[d] > 0 && cells > kMaxWrittenCells / dims[d])) {
      huge = true;
    } else {
      cells *= static_cast<std::size_t>(dims[d]);
    }
  }
  if (huge) cells = 0;
  Kind kind = Kind::kFloat;
  H type(make_type(type_choice, kind), H5Tclose);
  if (!type.ok()) return;
  H dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  int layout = in.ConsumeIntegralInRange(0, 5);
  if (huge) layout = 1;
  if (rank == 0 && (layout == 1 || layout == 2 || layout == 4)) layout = 0;
  hsize_t max_dims[3] = {0, 0, 0};
  for (int d = 0; d < rank; ++d) max_dims[d] = dims[d];
  if (layout == 1 || layout == 2 || layout == 4) {
    hsize_t chunk[3] = {1, 1, 1};
    for (int d = 0; d < rank; ++d) {
      chunk[d] = dims[d] == 0 ? 1 : (dims[d] < 16 ? dims[d] : 16);
      max_dims[d] = H5S_UNLIMITED;
    }
    H5Pset_chunk(dcpl.id(), rank, chunk);
    if (layout == 2) H5Pset_deflate(dcpl.id(), 1);
    if (layout == 4) H5Pset_fletcher32(dcpl.id());
  } else if (layout == 3) {
    if (cells * H5Tget_size(type.id()) < 60000) H5Pset_layout(dcpl.id(), H5D_COMPACT);
  } else if (layout == 5) {
    if (kind == Kind::kFloat) {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      H5Pset_fill_value(dcpl.id(), H5T_NATIVE_DOUBLE, &nan);
    } else if (kind == Kind::kInt) {
      const std::int64_t fill = -7;
      H5Pset_fill_value(dcpl.id(), H5T_NATIVE_INT64, &fill);
    }
  }
  H space(rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, max_dims), H5Sclose);
  if (!space.ok()) return;
  H ds(H5Dcreate2(g, name.c_str(), type.id(), space.id(), P, dcpl.id(), P), H5Dclose);
  if (!ds.ok() || huge || layout == 5 || cells == 0) return;
  write_values(in, ds.id(), type.id(), kind, cells);
}

// Members that are not datasets: returns true when one was made instead of a dataset.
bool add_other_member(int kind, hid_t g, const std::string& name) {
  switch (kind) {
    case 1: {
      H sub(H5Gcreate2(g, name.c_str(), P, P, P), H5Gclose);
      return true;
    }
    case 2:
      H5Lcreate_soft("/nowhere", g, name.c_str(), P, P);
      return true;
    case 3:
      H5Lcreate_hard(g, "/", g, name.c_str(), P, P);
      return true;
    case 4: {
      H t(H5Tcopy(H5T_NATIVE_DOUBLE), H5Tclose);
      H5Tcommit2(g, name.c_str(), t.id(), P, P, P);
      return true;
    }
    default:
      return false;
  }
}

void add_matrix(Fdp& in, hid_t g, int i, std::int64_t rows, std::int64_t cols) {
  const auto name = member_name(in, "m", i);
  if (add_other_member(in.ConsumeIntegralInRange(0, 4), g, name)) return;
  int rank = 2;
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 1:
      rank = 1;
      break;
    case 2:
      rank = 3;
      break;
    case 3:
      rank = 0;
      break;
    default:
      break;
  }
  hsize_t dims[3] = {0, 0, 0};
  const auto r = as_dim(rows), c = as_dim(cols);
  if (rank == 2) {
    switch (in.ConsumeIntegralInRange(0, 3)) {
      case 0:
        dims[0] = r;
        dims[1] = c;
        break;
      case 1:
        dims[0] = in.ConsumeIntegralInRange<hsize_t>(0, 64);
        dims[1] = in.ConsumeIntegralInRange<hsize_t>(0, 64);
        break;
      case 2:
        dims[0] = c;
        dims[1] = r;
        break;
      default:
        dims[0] = r + 1;
        dims[1] = c;
        break;
    }
  } else {
    for (int d = 0; d < rank; ++d) {
      dims[d] = in.ConsumeIntegralInRange<hsize_t>(0, rank == 3 ? 16 : 64);
    }
  }
  add_dataset(in, g, name, rank, dims, in.ConsumeIntegralInRange(0, 19));
}

// Places a small stand-in dataset or link where a group is expected; returns the group or -1.
hid_t group_or_stand_in(Fdp& in, hid_t f, const char* name) {
  switch (in.ConsumeIntegralInRange(0, 4)) {
    case 0:
      return H5Gcreate2(f, name, P, P, P);
    case 2: {
      const hsize_t dims[2] = {2, 2};
      add_dataset(in, f, name, 2, dims, 0);
      return -1;
    }
    case 3:
      H5Lcreate_soft("/nowhere", f, name, P, P);
      return -1;
    case 4:
      H5Lcreate_soft("/", f, name, P, P);
      return -1;
    default:
      return -1;
  }
}

void add_data(Fdp& in, hid_t f, std::int64_t rows, std::int64_t cols) {
  H g(group_or_stand_in(in, f, "data"), H5Gclose);
  if (!g.ok()) return;
  const int n = in.ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < n; ++i) add_matrix(in, g.id(), i, rows, cols);
}

void add_lookups(Fdp& in, hid_t f, std::int64_t rows, std::int64_t cols) {
  H g(group_or_stand_in(in, f, "lookup"), H5Gclose);
  if (!g.ok()) return;
  const int n = in.ConsumeIntegralInRange(0, 3);
  for (int i = 0; i < n; ++i) {
    const auto name = member_name(in, "l", i);
    if (in.ConsumeIntegralInRange(0, 1) == 1) {
      add_other_member(1, g.id(), name);
      continue;
    }
    hsize_t len = 0;
    switch (in.ConsumeIntegralInRange(0, 4)) {
      case 0:
        len = as_dim(rows);
        break;
      case 1:
        len = as_dim(cols);
        break;
      case 2:
        len = in.ConsumeIntegralInRange<hsize_t>(0, 64);
        break;
      case 3:
        len = hsize_t{1} << 40;
        break;
      default:
        len = as_dim(rows) + 1;
        break;
    }
    const int shape = in.ConsumeIntegralInRange(0, 2);
    const int rank = shape == 0 ? 1 : (shape == 1 ? 2 : 0);
    const hsize_t dims[3] = {len, 1, 0};
    constexpr int kTypes[] = {4, 5, 6, 9, 11, 0, 13};  // int32 int64 uint8 uint64 int16BE f64 str
    add_dataset(in, g.id(), name, rank, dims,
                kTypes[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kTypes) - 1)]);
  }
}

bool build(Fdp& in, const std::string& file) {
  H fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG);
  H5Pset_fapl_core(fapl.id(), std::size_t{1} << 16, 1);
  if (in.ConsumeBool()) H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
  H f(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, P, fapl.id()), H5Fclose);
  if (!f.ok()) return false;
  const auto rows = extent(in);
  const auto cols = extent(in);
  add_version(in, f.id());
  add_shape(in, f.id(), rows, cols);
  add_data(in, f.id(), rows, cols);
  add_lookups(in, f.id(), rows, cols);
  return H5Fflush(f.id(), H5F_SCOPE_GLOBAL) >= 0;
}

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = corridor::fuzz;
  static const bool quiet = [] { return H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0; }();
  (void)quiet;
  FuzzedDataProvider in(data, size);
  const std::string file = (fz::scratch_dir() / "fuzz.omx").string();
  const bool built = build(in, file);
  // The builder closed everything it opened; a file still open would make the next H5Fcreate fail.
  check(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0);
  if (!built) return 0;
  try {
    const auto c = corridor::io::read_omx(file);
    check(c.rows >= 0 && c.cols >= 0);
    for (const auto& [name, m] : c.matrices) {
      check(m.rows() == c.rows && m.cols() == c.cols);
      // Flat over the cells: Eigen's allFinite() walks every column even when there are no rows.
      check(std::all_of(m.data(), m.data() + m.size(), [](double x) { return std::isfinite(x); }));
    }
    for (const auto& [name, v] : c.lookups) {
      const auto n = static_cast<std::int64_t>(v.size());
      check(n == c.rows || n == c.cols);
    }
  } catch (const corridor::InputError& e) {
    check(e.where().file == file);
  }
  check(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0);
  return 0;
}
