// Predicates on leaf columns and how Parquet's metadata answers them without
// decoding data: column-chunk statistics (row groups), the page index (pages,
// as row ranges of a row group) and bloom filters (equality, see
// bloom_filter.h).
//
// Contract:
// - Every test here is conservative: "may match" unless the metadata proves
//   that no row of the chunk/page can satisfy the predicate. Metadata that is
//   missing, unusable (unknown sort order, NaN bounds, a value of another
//   type) or legacy-signed for byte arrays never excludes anything.
// - Comparisons never match nulls (SQL semantics): an all-null page or chunk
//   is excluded by every comparison, kept only by kIsNull.
// - Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "floe/parquet/metadata.h"
#include "floe/parquet/schema.h"

namespace floe::parquet {

// A min/max predicate on one leaf column, for row-group and page skipping.
// The value is in the column's physical representation: int64 for
// INT32/INT64 (dates as days, timestamps in the column's unit, decimals as
// unscaled integers), double for FLOAT/DOUBLE, bytes for BYTE_ARRAY strings
// and binary, bool for BOOLEAN.
struct ColumnPredicate {
  enum class Op : uint8_t { kLess, kLessOrEqual, kEqual, kGreaterOrEqual, kGreater, kIsNull, kIsNotNull };
  int column = 0;  // leaf column index (FileSchema::columns())
  Op op = Op::kEqual;
  std::variant<std::monostate, bool, int64_t, double, std::string> value;
};

// Rows [begin, end) of a row group.
struct RowRange {
  int64_t begin = 0;
  int64_t end = 0;
  bool operator==(const RowRange&) const = default;
};

// Sorted, disjoint, non-empty ranges.
using RowRanges = std::vector<RowRange>;

RowRanges IntersectRowRanges(const RowRanges& a, const RowRanges& b);
int64_t CountRows(const RowRanges& ranges);

// Whether a chunk with `metadata` may hold a row matching `predicate`.
bool ChunkMayMatch(const ColumnDescriptor& column, const ColumnMetaData& metadata, const ColumnPredicate& predicate);

// The rows of a row group of `num_rows` rows that lie in pages which may
// match `predicate`, by the column's page index. Adjacent pages merge into
// one range. kInvalidData when the two indexes disagree (page counts, row
// order) or the offset index's rows do not fit the row group. A column index
// with negative null counts (a placeholder some writers store) keeps every row.
Result<RowRanges> PageIndexMayMatch(const ColumnDescriptor& column, const ColumnIndex& column_index,
                                    const OffsetIndex& offset_index, int64_t num_rows,
                                    const ColumnPredicate& predicate);

// Checks an offset index against its row group: at least one page, the first
// at row 0, rows strictly increasing and below `num_rows`, sizes positive.
Status ValidateOffsetIndex(const OffsetIndex& index, int64_t num_rows);

}  // namespace floe::parquet
