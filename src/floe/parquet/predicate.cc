#include "floe/parquet/predicate.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace floe::parquet {

namespace {

using StatValue = std::variant<std::monostate, bool, int64_t, double, std::string>;

// A min/max bound in the column's comparable representation; monostate when
// the bound cannot be used for this column.
StatValue DecodeStatistic(const ColumnDescriptor& column, const std::string& bytes) {
  switch (column.physical_type) {
    case PhysicalType::kBoolean:
      if (bytes.size() != 1) return {};
      return bytes[0] != 0;
    case PhysicalType::kInt32: {
      if (bytes.size() != 4) return {};
      if (column.conversion == LeafConversion::kUint8ToInt16 || column.conversion == LeafConversion::kUint16ToInt32 ||
          column.conversion == LeafConversion::kUint32ToInt64) {
        return {};
      }
      int32_t value;
      std::memcpy(&value, bytes.data(), 4);
      return int64_t{value};
    }
    case PhysicalType::kInt64: {
      if (bytes.size() != 8) return {};
      int64_t value;
      std::memcpy(&value, bytes.data(), 8);
      return value;
    }
    case PhysicalType::kFloat: {
      if (bytes.size() != 4) return {};
      float value;
      std::memcpy(&value, bytes.data(), 4);
      if (std::isnan(value)) return {};
      return static_cast<double>(value);
    }
    case PhysicalType::kDouble: {
      if (bytes.size() != 8) return {};
      double value;
      std::memcpy(&value, bytes.data(), 8);
      if (std::isnan(value)) return {};
      return value;
    }
    case PhysicalType::kByteArray:
      if (column.output_type.id != columnar::TypeId::kString && column.output_type.id != columnar::TypeId::kBinary) {
        return {};
      }
      return bytes;
    default:
      return {};
  }
}

// -1, 0, 1, or nullopt when the two cannot be compared.
std::optional<int> Compare(const StatValue& statistic, const StatValue& value) {
  if (std::holds_alternative<int64_t>(statistic)) {
    if (auto* v = std::get_if<int64_t>(&value)) {
      int64_t s = std::get<int64_t>(statistic);
      return s < *v ? -1 : s > *v ? 1 : 0;
    }
  } else if (std::holds_alternative<double>(statistic)) {
    double s = std::get<double>(statistic);
    double v;
    if (auto* d = std::get_if<double>(&value)) {
      v = *d;
    } else if (auto* i = std::get_if<int64_t>(&value)) {
      v = static_cast<double>(*i);
    } else {
      return std::nullopt;
    }
    if (std::isnan(v)) return std::nullopt;
    return s < v ? -1 : s > v ? 1 : 0;
  } else if (std::holds_alternative<std::string>(statistic)) {
    if (auto* v = std::get_if<std::string>(&value)) {
      // Unsigned lexicographic order, as TYPE_ORDER defines for BYTE_ARRAY.
      int c = std::get<std::string>(statistic).compare(*v);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
  } else if (std::holds_alternative<bool>(statistic)) {
    if (auto* v = std::get_if<bool>(&value)) {
      int s = std::get<bool>(statistic);
      return s < *v ? -1 : s > *v ? 1 : 0;
    }
  }
  return std::nullopt;
}

// Whether values bounded by [min, max] (either may be unknown) may satisfy a
// comparison predicate.
bool BoundsMayMatch(const ColumnDescriptor& column, const std::string* min, const std::string* max,
                    const ColumnPredicate& predicate) {
  using Op = ColumnPredicate::Op;
  std::optional<int> min_vs = min ? Compare(DecodeStatistic(column, *min), predicate.value) : std::nullopt;
  std::optional<int> max_vs = max ? Compare(DecodeStatistic(column, *max), predicate.value) : std::nullopt;
  switch (predicate.op) {
    case Op::kLess: return !min_vs || *min_vs < 0;
    case Op::kLessOrEqual: return !min_vs || *min_vs <= 0;
    case Op::kEqual: return (!min_vs || *min_vs <= 0) && (!max_vs || *max_vs >= 0);
    case Op::kGreaterOrEqual: return !max_vs || *max_vs >= 0;
    case Op::kGreater: return !max_vs || *max_vs > 0;
    default: return true;
  }
}

}  // namespace

RowRanges IntersectRowRanges(const RowRanges& a, const RowRanges& b) {
  RowRanges out;
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    int64_t begin = std::max(a[i].begin, b[j].begin);
    int64_t end = std::min(a[i].end, b[j].end);
    if (begin < end) out.push_back({begin, end});
    if (a[i].end < b[j].end) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

int64_t CountRows(const RowRanges& ranges) {
  int64_t rows = 0;
  for (const RowRange& range : ranges) rows += range.end - range.begin;
  return rows;
}

bool ChunkMayMatch(const ColumnDescriptor& column, const ColumnMetaData& metadata, const ColumnPredicate& predicate) {
  if (!metadata.statistics) return true;
  const Statistics& statistics = *metadata.statistics;
  bool flat = column.max_repetition_level == 0;
  using Op = ColumnPredicate::Op;
  if (predicate.op == Op::kIsNull) return !statistics.null_count || *statistics.null_count > 0;
  bool all_null = flat && statistics.null_count && *statistics.null_count == metadata.num_values;
  if (predicate.op == Op::kIsNotNull) return !all_null;
  if (all_null) return false;  // comparisons never match nulls
  const std::string* min = statistics.min_value ? &*statistics.min_value : nullptr;
  const std::string* max = statistics.max_value ? &*statistics.max_value : nullptr;
  bool legacy_usable = column.physical_type != PhysicalType::kByteArray &&
                       column.physical_type != PhysicalType::kFixedLenByteArray;
  if (!min && legacy_usable && statistics.min) min = &*statistics.min;
  if (!max && legacy_usable && statistics.max) max = &*statistics.max;
  return BoundsMayMatch(column, min, max, predicate);
}

Status ValidateOffsetIndex(const OffsetIndex& index, int64_t num_rows) {
  const auto& pages = index.page_locations;
  if (pages.empty()) return InvalidData("corrupt Parquet offset index: no pages");
  if (pages[0].first_row_index != 0) return InvalidData("corrupt Parquet offset index: the first page starts at row {}", pages[0].first_row_index);
  for (size_t i = 0; i < pages.size(); ++i) {
    if (pages[i].offset < 0 || pages[i].compressed_page_size <= 0) {
      return InvalidData("corrupt Parquet offset index: page {} at offset {} of {} bytes", i, pages[i].offset,
                         pages[i].compressed_page_size);
    }
    if (pages[i].first_row_index >= num_rows || (i > 0 && pages[i].first_row_index <= pages[i - 1].first_row_index)) {
      return InvalidData("corrupt Parquet offset index: page {} starts at row {} (row group of {} rows)", i,
                         pages[i].first_row_index, num_rows);
    }
  }
  return Status::OK();
}

Result<RowRanges> PageIndexMayMatch(const ColumnDescriptor& column, const ColumnIndex& column_index,
                                    const OffsetIndex& offset_index, int64_t num_rows,
                                    const ColumnPredicate& predicate) {
  const auto& pages = offset_index.page_locations;
  FLOE_RETURN_IF_ERROR(ValidateOffsetIndex(offset_index, num_rows));
  if (column_index.null_pages.size() != pages.size()) {
    return InvalidData("corrupt Parquet page index: {} pages in the column index, {} in the offset index",
                       column_index.null_pages.size(), pages.size());
  }
  using Op = ColumnPredicate::Op;
  bool flat = column.max_repetition_level == 0;
  RowRanges ranges;
  // Some writers store placeholder column indexes (every page "null" with a
  // null count of -1, e.g. datapage_v1-*-checksum.parquet): an index with
  // negative null counts is not trusted.
  for (int64_t count : column_index.null_counts) {
    if (count < 0) {
      if (num_rows > 0) ranges.push_back({0, num_rows});
      return ranges;
    }
  }
  for (size_t i = 0; i < pages.size(); ++i) {
    bool keep;
    bool null_page = column_index.null_pages[i];
    if (predicate.op == Op::kIsNull) {
      keep = !flat || column_index.null_counts.empty() || column_index.null_counts[i] > 0 || null_page;
    } else if (predicate.op == Op::kIsNotNull) {
      keep = !flat || !null_page;
    } else if (null_page) {
      keep = false;  // comparisons never match nulls
    } else {
      keep = BoundsMayMatch(column, &column_index.min_values[i], &column_index.max_values[i], predicate);
    }
    if (!keep) continue;
    int64_t begin = pages[i].first_row_index;
    int64_t end = i + 1 < pages.size() ? pages[i + 1].first_row_index : num_rows;
    if (!ranges.empty() && ranges.back().end == begin) {
      ranges.back().end = end;
    } else {
      ranges.push_back({begin, end});
    }
  }
  return ranges;
}

}  // namespace floe::parquet
