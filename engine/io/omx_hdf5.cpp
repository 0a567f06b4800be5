// The HDF5 half of the OMX reader and writer (io/omx.hpp for the format, omx_hdf5_module.hpp for
// why it is a module of its own): built into libcorridor_omx_hdf5.so, loaded with dlopen by
// omx.cpp on the first OMX file a process touches. The only file of Corridor's engine that
// includes hdf5.h.
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/memory_budget.hpp"
#include "io/omx_hdf5_module.hpp"

namespace corridor::io {

namespace {

// HDF5 prints its own error stack by default; the library must not print, so it is switched off
// for the duration of each call and restored afterwards.
class QuietHdf5 {
 public:
  QuietHdf5() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
  QuietHdf5(const QuietHdf5&) = delete;
  QuietHdf5& operator=(const QuietHdf5&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

// Owns one HDF5 identifier and closes it with the matching function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer close) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  [[nodiscard]] hid_t get() const { return id_; }
  [[nodiscard]] bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  Closer close_;
};

void check(herr_t status, const std::string& what) {
  if (status < 0) throw Error("OMX: HDF5 failed to " + what);
}
hid_t check_id(hid_t id, const std::string& what) {
  if (id < 0) throw Error("OMX: HDF5 failed to " + what);
  return id;
}

void write_string_attribute(hid_t obj, const char* name, const std::string& value) {
  Handle type(check_id(H5Tcopy(H5T_C_S1), "copy a string type"), H5Tclose);
  check(H5Tset_size(type.get(), value.size()), "size a string type");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "pad a string type");
  Handle space(check_id(H5Screate(H5S_SCALAR), "create a scalar space"), H5Sclose);
  Handle attr(check_id(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                       std::string("create attribute ") + name),
              H5Aclose);
  check(H5Awrite(attr.get(), type.get(), value.data()), std::string("write attribute ") + name);
}

// Zone names as one fixed-length, null-padded string dataset (the longest name's bytes).
void write_name_lookup(hid_t lookup, const OmxWriteSet& set) {
  std::size_t width = 1;
  for (const auto& s : set.zone_names) width = std::max(width, s.size());
  std::vector<char> buf(width * set.zone_names.size(), '\0');
  for (std::size_t i = 0; i < set.zone_names.size(); ++i) {
    std::copy(set.zone_names[i].begin(), set.zone_names[i].end(), buf.begin() + i * width);
  }
  Handle type(check_id(H5Tcopy(H5T_C_S1), "copy a string type"), H5Tclose);
  check(H5Tset_size(type.get(), width), "size a string type");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "pad a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8");
  const auto n = static_cast<hsize_t>(set.zone_names.size());
  Handle space(check_id(H5Screate_simple(1, &n, nullptr), "create a space"), H5Sclose);
  const std::string where = "/lookup/" + set.name_lookup_name;
  Handle ds(check_id(H5Dcreate2(lookup, set.name_lookup_name.c_str(), type.get(), space.get(),
                                H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                     "create " + where),
            H5Dclose);
  check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()),
        "write " + where);
}

void write_omx_file(const std::string& file, const OmxWriteSet& set) {
  const auto n = static_cast<hsize_t>(set.zone_numbers.size());
  Handle f(
      check_id(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create " + file),
      H5Fclose);
  write_string_attribute(f.get(), "OMX_VERSION", "0.2");
  {
    const hsize_t dim = 2;
    const std::int32_t shape[2] = {static_cast<std::int32_t>(n), static_cast<std::int32_t>(n)};
    Handle space(check_id(H5Screate_simple(1, &dim, nullptr), "create a space"), H5Sclose);
    Handle attr(
        check_id(H5Acreate2(f.get(), "SHAPE", H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                 "create attribute SHAPE"),
        H5Aclose);
    check(H5Awrite(attr.get(), H5T_NATIVE_INT32, shape), "write attribute SHAPE");
  }
  Handle data(check_id(H5Gcreate2(f.get(), "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                       "create group /data"),
              H5Gclose);
  Handle lookup(check_id(H5Gcreate2(f.get(), "lookup", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                         "create group /lookup"),
                H5Gclose);
  const hsize_t dims[2] = {n, n};
  for (const auto& [name, m] : set.matrices) {
    Handle space(check_id(H5Screate_simple(2, dims, nullptr), "create a space"), H5Sclose);
    Handle ds(check_id(H5Dcreate2(data.get(), name.c_str(), H5T_IEEE_F64LE, space.get(),
                                  H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                       "create /data/" + name),
              H5Dclose);
    // OdMatrix is row-major: the HDF5 C order.
    check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.data()),
          "write /data/" + name);
  }
  {
    std::vector<std::int32_t> ids;
    for (auto z : set.zone_numbers) ids.push_back(static_cast<std::int32_t>(z));
    Handle space(check_id(H5Screate_simple(1, &n, nullptr), "create a space"), H5Sclose);
    Handle ds(check_id(H5Dcreate2(lookup.get(), set.lookup_name.c_str(), H5T_STD_I32LE, space.get(),
                                  H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                       "create /lookup/" + set.lookup_name),
              H5Dclose);
    check(H5Dwrite(ds.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, ids.data()),
          "write /lookup/" + set.lookup_name);
  }
  if (!set.zone_names.empty()) write_name_lookup(lookup.get(), set);
  check(H5Fflush(f.get(), H5F_SCOPE_GLOBAL), "flush " + file);
}

// Member names in increasing name order (H5Gget_info / H5Lget_name_by_idx: same API in HDF5
// 1.10 and later). `file` and `field` name the group in an InputError when it cannot be listed.
std::vector<std::string> members(hid_t group, const std::string& file, const std::string& field) {
  H5G_info_t info;
  if (H5Gget_info(group, &info) < 0) throw_input_error(file, 0, field, "a readable group");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t len =
        H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (len < 0) throw_input_error(file, 0, field, "a readable group");
    std::string name(static_cast<std::size_t>(len) + 1, '\0');
    if (H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(),
                           H5P_DEFAULT) != len) {
      throw_input_error(file, 0, field, "a readable group");
    }
    name.resize(static_cast<std::size_t>(len));
    names.push_back(std::move(name));
  }
  return names;
}

// OMX_VERSION: one string, fixed or variable length (h5py writes Python str as variable-length
// UTF-8, PyTables as fixed length). A string array or a null dataspace is refused: reading it
// into one string would write past the buffer.
std::string read_version(hid_t f, const std::string& file) {
  const char* field = "OMX_VERSION";
  Handle attr(H5Aopen(f, field, H5P_DEFAULT), H5Aclose);
  if (!attr.ok()) throw_input_error(file, 0, field, "the root attribute OMX_VERSION");
  Handle type(H5Aget_type(attr.get()), H5Tclose);
  Handle space(H5Aget_space(attr.get()), H5Sclose);
  const char* expected = "one string (fixed or variable length)";
  if (!type.ok() || !space.ok() || H5Tget_class(type.get()) != H5T_STRING ||
      H5Sget_simple_extent_npoints(space.get()) != 1) {
    throw_input_error(file, 0, field, expected);
  }
  const htri_t variable = H5Tis_variable_str(type.get());
  if (variable < 0) throw_input_error(file, 0, field, expected);
  if (variable > 0) {
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    if (!mem.ok() || H5Tset_size(mem.get(), H5T_VARIABLE) < 0) {
      throw Error("OMX: HDF5 failed to make a string type");
    }
    char* p = nullptr;
    if (H5Aread(attr.get(), mem.get(), &p) < 0) throw_input_error(file, 0, field, expected);
    std::string v = p != nullptr ? std::string(p) : std::string();
    H5free_memory(p);
    return v;
  }
  const std::size_t size = H5Tget_size(type.get());
  if (size == 0) throw_input_error(file, 0, field, expected);
  std::string v(size, '\0');
  if (H5Aread(attr.get(), type.get(), v.data()) < 0) throw_input_error(file, 0, field, expected);
  return v.substr(0, v.find('\0'));
}

// SHAPE: two integers {rows, cols}, each in [0, INT32_MAX] (HDF5 clamps an unsigned value above
// INT64_MAX on conversion).
void read_shape(hid_t f, const std::string& file, OmxContent& c) {
  const char* field = "SHAPE";
  Handle attr(H5Aopen(f, field, H5P_DEFAULT), H5Aclose);
  if (!attr.ok()) throw_input_error(file, 0, field, "the root attribute SHAPE");
  Handle type(H5Aget_type(attr.get()), H5Tclose);
  Handle space(H5Aget_space(attr.get()), H5Sclose);
  std::int64_t shape[2] = {0, 0};
  if (!type.ok() || !space.ok() || H5Tget_class(type.get()) != H5T_INTEGER ||
      H5Sget_simple_extent_npoints(space.get()) != 2 ||
      H5Aread(attr.get(), H5T_NATIVE_INT64, shape) < 0) {
    throw_input_error(file, 0, field, "two integers (rows, columns)");
  }
  c.rows = shape[0];
  c.cols = shape[1];
  // Zone indices are 32-bit in the engine (and the OMX reference implementation writes SHAPE as
  // int32); a 0 x 2^63 matrix has no cells but a loop over its columns would never end.
  constexpr std::int64_t kMaxSize = std::numeric_limits<std::int32_t>::max();
  if (c.rows < 0 || c.cols < 0 || c.rows > kMaxSize || c.cols > kMaxSize) {
    throw_input_error(file, 0, field,
                      "sizes from 0 to " + std::to_string(kMaxSize) + ", got " +
                          std::to_string(c.rows) + " x " + std::to_string(c.cols));
  }
}

std::string shape_text(const OmxContent& c) {
  return std::to_string(c.rows) + " x " + std::to_string(c.cols);
}

// /data/NAME: 2-D numeric datasets of SHAPE's size, read as double; NaN and infinity are refused
// (a matrix a planner feeds to an assignment must be finite everywhere). Every matrix is held at
// once, so their total size is checked against the memory available before the first is read.
void read_matrices(hid_t f, const std::string& file, OmxContent& c) {
  Handle g(H5Gopen2(f, "data", H5P_DEFAULT), H5Gclose);
  if (!g.ok()) throw_input_error(file, 0, "data", "a group /data");
  const auto names = members(g.get(), file, "data");
  if (names.empty()) return;
  const std::uint64_t each =
      dense_matrix_bytes(static_cast<std::uint64_t>(c.rows), static_cast<std::uint64_t>(c.cols));
  const std::uint64_t count = names.size();
  const std::uint64_t total = each > std::numeric_limits<std::uint64_t>::max() / count
                                  ? std::numeric_limits<std::uint64_t>::max()
                                  : each * count;
  require_memory(total, {file, 0, "SHAPE"},
                 std::to_string(count) + " dense matrices of SHAPE " + shape_text(c));
  for (const auto& name : names) {
    const std::string field = "data/" + name;
    Handle ds(H5Dopen2(g.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.ok()) throw_input_error(file, 0, field, "a matrix dataset");
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    hsize_t dims[2] = {0, 0};
    if (!space.ok() || H5Sget_simple_extent_ndims(space.get()) != 2 ||
        H5Sget_simple_extent_dims(space.get(), dims, nullptr) != 2 ||
        dims[0] != static_cast<hsize_t>(c.rows) || dims[1] != static_cast<hsize_t>(c.cols)) {
      throw_input_error(file, 0, field, "a 2-D matrix of SHAPE " + shape_text(c));
    }
    OdMatrix m(c.rows, c.cols);
    if (m.size() > 0 &&
        H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.data()) < 0) {
      throw_input_error(file, 0, field, "a numeric matrix");
    }
    const double* v = m.data();  // row-major: the HDF5 C order
    for (Eigen::Index k = 0; k < m.size(); ++k) {
      if (!std::isfinite(v[k])) {
        throw_input_error(file, 0, field,
                          "finite values, got " +
                              std::string(std::isnan(v[k]) ? "NaN" : "infinity") +
                              " at row index " + std::to_string(k / c.cols) + ", column index " +
                              std::to_string(k % c.cols) + " (0-based)");
      }
    }
    c.matrices.emplace_back(name, std::move(m));
  }
}

// A 1-D string dataset of `count` values, fixed- or variable-length.
std::vector<std::string> read_strings(hid_t ds, hid_t type, hssize_t count, const std::string& file,
                                      const std::string& field) {
  const auto n = static_cast<std::size_t>(count);
  std::vector<std::string> out(n);
  if (n == 0) return out;
  if (H5Tis_variable_str(type) > 0) {
    Handle mem(check_id(H5Tcopy(H5T_C_S1), "copy a string type"), H5Tclose);
    check(H5Tset_size(mem.get(), H5T_VARIABLE), "size a string type");
    std::vector<char*> ptr(n, nullptr);
    if (H5Dread(ds, mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptr.data()) < 0) {
      throw_input_error(file, 0, field, "a readable string lookup");
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = ptr[i] ? ptr[i] : "";
    Handle space(H5Dget_space(ds), H5Sclose);
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, ptr.data());
    return out;
  }
  const std::size_t width = H5Tget_size(type);
  require_memory(dense_matrix_bytes(n, std::max<std::size_t>(width, 1), 1), {file, 0, field},
                 "a string lookup of " + std::to_string(n) + " values");
  std::vector<char> buf(n * width);
  if (width == 0 || H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) {
    throw_input_error(file, 0, field, "a readable string lookup");
  }
  for (std::size_t i = 0; i < n; ++i) {
    const char* p = buf.data() + i * width;
    std::size_t len = 0;
    while (len < width && p[len] != '\0') ++len;
    out[i].assign(p, len);
    while (!out[i].empty() && out[i].back() == ' ') out[i].pop_back();  // space-padded
  }
  return out;
}

// /lookup/NAME: 1-D integer datasets of length rows or cols, or string datasets (names).
void read_lookups(hid_t f, const std::string& file, OmxContent& c) {
  Handle g(H5Gopen2(f, "lookup", H5P_DEFAULT), H5Gclose);
  if (!g.ok()) throw_input_error(file, 0, "lookup", "a group /lookup");
  for (const auto& name : members(g.get(), file, "lookup")) {
    const std::string field = "lookup/" + name;
    Handle ds(H5Dopen2(g.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.ok()) throw_input_error(file, 0, field, "a lookup dataset");
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    Handle type(H5Dget_type(ds.get()), H5Tclose);
    const auto count = space.ok() ? H5Sget_simple_extent_npoints(space.get()) : -1;
    if (space.ok() && type.ok() && H5Tget_class(type.get()) == H5T_STRING &&
        H5Sget_simple_extent_ndims(space.get()) == 1 && (count == c.rows || count == c.cols)) {
      c.name_lookups.emplace_back(name, read_strings(ds.get(), type.get(), count, file, field));
      continue;
    }
    if (!space.ok() || !type.ok() || H5Sget_simple_extent_ndims(space.get()) != 1 ||
        H5Tget_class(type.get()) != H5T_INTEGER || (count != c.rows && count != c.cols)) {
      throw_input_error(
          file, 0, field,
          "a 1-D integer lookup of length rows or columns (SHAPE " + shape_text(c) + ")");
    }
    const auto n = static_cast<std::uint64_t>(count);
    require_memory(dense_matrix_bytes(n, 1, sizeof(std::int64_t)), {file, 0, field},
                   "a lookup of " + std::to_string(n) + " values");
    std::vector<std::int64_t> v(static_cast<std::size_t>(n));
    if (n > 0 && H5Dread(ds.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0) {
      throw_input_error(file, 0, field, "a readable integer lookup");
    }
    c.lookups.emplace_back(name, std::move(v));
  }
}

// Runs `body`; an exception becomes *failure (the caller throws it again on its side).
template <typename Body>
bool guarded(detail::OmxHdf5Failure* failure, Body&& body) {
  try {
    const QuietHdf5 quiet;
    body();
    return true;
  } catch (const InputError& e) {
    *failure = {true, e.what(), e.where(), e.expected()};
  } catch (const std::bad_alloc&) {
    *failure = {false, "OMX: out of memory", {}, {}};
  } catch (const std::exception& e) {
    *failure = {false, e.what(), {}, {}};
  }
  return false;
}

bool write_file(const std::string& file, const OmxWriteSet& set, detail::OmxHdf5Failure* failure) {
  return guarded(failure, [&] { write_omx_file(file, set); });
}

bool read_file(const std::string& file, OmxContent* content, detail::OmxHdf5Failure* failure) {
  return guarded(failure, [&] {
    Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!f.ok()) throw_input_error(file, 0, "", "an HDF5 file (OMX)");
    OmxContent c;
    c.version = read_version(f.get(), file);
    read_shape(f.get(), file, c);
    if (H5Lexists(f.get(), "data", H5P_DEFAULT) > 0) read_matrices(f.get(), file, c);
    if (H5Lexists(f.get(), "lookup", H5P_DEFAULT) > 0) read_lookups(f.get(), file, c);
    *content = std::move(c);
  });
}

constexpr detail::OmxHdf5Api kApi{detail::kOmxHdf5AbiVersion, &write_file, &read_file};

}  // namespace

}  // namespace corridor::io

extern "C" __attribute__((visibility("default"))) const corridor::io::detail::OmxHdf5Api*
corridor_omx_hdf5_api() {
  return &corridor::io::kApi;
}
