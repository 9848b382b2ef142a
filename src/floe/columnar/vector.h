// Vector, SelectionVector and Batch: the in-memory columnar format the SQL
// engine runs on and the Parquet reader produces (see README.md for layout
// diagrams and the rationale).
//
// Contract:
// - A Vector is `length` values of one DataType (types.h) in flat buffers:
//     validity  1 bit per row, LSB first, 1 = valid. Empty when null_count == 0.
//     values    fixed-width values; for kString/kBinary/kList/kMap the int32
//               offsets (length + 1 entries, offsets[0] == 0 for vectors built
//               here); for a dictionary vector the int32 indices.
//     bytes     the concatenated bytes of kString/kBinary values.
//     children  kStruct: one per field (each `length` long); kList: the
//               elements; kMap: keys, values (each offsets[length] long).
//     dictionary  when set, values holds int32 indices into it and `type` is
//               the dictionary's type. DecodeDictionary() materialises.
// - The value slot of a null row exists and holds unspecified bytes (lists
//   and strings: an empty range), so hot loops can process slots branch-free.
// - Vectors are not synchronised: share them across threads read-only.
// - Batch: columns of equal length `num_rows` plus an optional selection
//   vector (ascending row indices) saying which rows are live; filters
//   produce a selection instead of copying columns.
// Errors: the append API asserts on type misuse (a bug, not data); nothing
// here fails on data.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "floe/columnar/buffer.h"
#include "floe/columnar/types.h"

namespace floe::columnar {

// Rows per batch the reader produces unless told otherwise.
inline constexpr int64_t kDefaultBatchRows = 4096;

inline bool GetBit(const uint8_t* bits, int64_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }
inline void SetBit(uint8_t* bits, int64_t i) { bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
inline void ClearBit(uint8_t* bits, int64_t i) { bits[i >> 3] &= static_cast<uint8_t>(~(1u << (i & 7))); }
inline int64_t BitmapBytes(int64_t bits) { return (bits + 7) / 8; }
int64_t CountSetBits(const uint8_t* bits, int64_t begin, int64_t end);

struct Vector {
  DataType type;
  int64_t length = 0;
  int64_t null_count = 0;
  Buffer validity;
  Buffer values;
  Buffer bytes;
  std::vector<std::shared_ptr<Vector>> children;
  std::shared_ptr<Vector> dictionary;

  // An empty vector of `type` with (empty) children for nested types;
  // kString/kBinary/kList/kMap get their leading 0 offset.
  static std::shared_ptr<Vector> Make(const DataType& type);

  bool IsValid(int64_t row) const { return validity.empty() || GetBit(validity.data(), row); }
  bool IsNull(int64_t row) const { return !IsValid(row); }
  bool has_nulls() const { return null_count > 0; }

  template <typename T>
  const T* Values() const {
    return values.As<T>();
  }
  template <typename T>
  T* MutableValues() {
    return values.As<T>();
  }
  const int32_t* Offsets() const { return values.As<int32_t>(); }
  // The bytes of row `row` for kString/kBinary/kFixedBinary (dictionary-aware).
  std::string_view BytesAt(int64_t row) const;

  // --- Appending (builders, tests, the writer's callers) ---
  // A null row (for kStruct also a null in every child; kList/kMap: empty range).
  void AppendNull();
  template <typename T>
  void Append(T value) {
    values.Push(value);
    MarkValid();
  }
  // kString/kBinary/kFixedBinary.
  void AppendBytes(std::string_view data);
  // kList/kMap: closes a valid row over the children appended since the last
  // row. kStruct: a valid row whose field values were appended to children.
  void FinishRow();

  // Makes the validity bitmap exist (all rows valid) so bits can be cleared.
  void EnsureValidity();
  // Recomputes null_count from the bitmap (and drops an all-valid bitmap).
  void RecountNulls();

 private:
  void MarkValid();
};

// Materialises a dictionary vector into a plain one (same values, no dictionary).
std::shared_ptr<Vector> DecodeDictionary(const Vector& vector);

// The value at `row` as text, for tests and debugging: null, 42, 1.5, "text"
// (strings unquoted), hex for binary, [1, 2] for lists, {a: 1} for structs,
// {k: v} for maps, decimals with their scale ("12.34"), dates as 2024-01-31,
// timestamps as microseconds/nanoseconds since the epoch.
std::string FormatValue(const Vector& vector, int64_t row);

// Live rows of a batch, ascending. Sized for a batch, so uint32 indices.
struct SelectionVector {
  std::vector<uint32_t> rows;
};

struct Batch {
  std::shared_ptr<const Schema> schema;
  std::vector<std::shared_ptr<Vector>> columns;
  int64_t num_rows = 0;
  std::shared_ptr<SelectionVector> selection;  // null: every row is live

  int64_t live_rows() const { return selection ? static_cast<int64_t>(selection->rows.size()) : num_rows; }
};

}  // namespace floe::columnar
