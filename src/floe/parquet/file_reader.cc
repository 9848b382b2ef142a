#include "floe/parquet/file_reader.h"

#include <cmath>
#include <cstring>

#include "floe/parquet/record_assembler.h"

namespace floe::parquet {

using columnar::Batch;
using columnar::Vector;

namespace {

constexpr char kMagic[] = "PAR1";
constexpr char kEncryptedMagic[] = "PARE";

Status EncryptedNotSupported() { return NotImplemented("encrypted Parquet is not supported"); }

}  // namespace

Result<std::unique_ptr<ParquetReader>> ParquetReader::Open(io::FileIO& io, std::string_view location,
                                                           ReaderOptions options) {
  FLOE_ASSIGN_OR_RETURN(std::unique_ptr<io::InputFile> file, io.OpenInput(location));
  return Open(std::move(file), options);
}

Result<std::unique_ptr<ParquetReader>> ParquetReader::Open(std::unique_ptr<io::InputFile> file,
                                                           ReaderOptions options) {
  std::unique_ptr<ParquetReader> reader(new ParquetReader());
  reader->options_ = options;
  if (reader->options_.batch_rows <= 0) reader->options_.batch_rows = columnar::kDefaultBatchRows;
  FLOE_ASSIGN_OR_RETURN(reader->file_size_, file->Size());
  const std::string& location = file->location();
  int64_t size = reader->file_size_;
  if (size < 12) return InvalidData("not a Parquet file ({} bytes): {}", size, location);
  uint8_t head[4];
  uint8_t tail[8];
  FLOE_RETURN_IF_ERROR(file->ReadAt(0, 4, head));
  FLOE_RETURN_IF_ERROR(file->ReadAt(size - 8, 8, tail));
  if (std::memcmp(tail + 4, kEncryptedMagic, 4) == 0) return EncryptedNotSupported();
  if (std::memcmp(head, kMagic, 4) != 0 || std::memcmp(tail + 4, kMagic, 4) != 0) {
    return InvalidData("not a Parquet file (no PAR1 magic): {}", location);
  }
  uint32_t footer_length;
  std::memcpy(&footer_length, tail, 4);
  if (footer_length > static_cast<uint64_t>(size - 12) || footer_length > options.max_footer_bytes) {
    return InvalidData("corrupt Parquet file: footer length {} in a file of {} bytes: {}", footer_length, size,
                       location);
  }
  std::string footer(footer_length, '\0');
  FLOE_RETURN_IF_ERROR(file->ReadAt(size - 8 - footer_length, footer_length, reinterpret_cast<uint8_t*>(footer.data())));
  FLOE_ASSIGN_OR_RETURN(reader->metadata_,
                        ParseFileMetaData(reinterpret_cast<const uint8_t*>(footer.data()), footer.size()));
  const FileMetaData& metadata = reader->metadata_;
  if (metadata.encrypted) return EncryptedNotSupported();
  for (const RowGroup& group : metadata.row_groups) {
    for (const ColumnChunk& chunk : group.columns) {
      if (chunk.encrypted) return EncryptedNotSupported();
    }
  }
  FLOE_ASSIGN_OR_RETURN(reader->schema_, FileSchema::Make(metadata.schema));
  if (metadata.num_rows < 0) return InvalidData("corrupt Parquet file: negative row count: {}", location);
  size_t leaves = reader->schema_.columns().size();
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    const RowGroup& group = metadata.row_groups[g];
    if (group.columns.size() != leaves) {
      return InvalidData("corrupt Parquet file: row group {} has {} column chunks for {} leaf columns", g,
                         group.columns.size(), leaves);
    }
    if (group.num_rows < 0) return InvalidData("corrupt Parquet file: row group {} has a negative row count", g);
  }
  reader->file_ = std::move(file);
  return reader;
}

std::optional<int> ParquetReader::FieldIndexById(int32_t field_id) const {
  const auto& fields = schema_.fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].field.field_id == field_id) return static_cast<int>(i);
  }
  return std::nullopt;
}

Result<std::unique_ptr<BatchReader>> ParquetReader::ReadRowGroups(std::vector<int> row_groups,
                                                                  std::vector<int> fields) {
  if (row_groups.empty()) {
    for (int g = 0; g < num_row_groups(); ++g) row_groups.push_back(g);
  }
  for (int g : row_groups) {
    if (g < 0 || g >= num_row_groups()) return InvalidData("row group {} out of range (the file has {})", g, num_row_groups());
  }
  if (fields.empty()) {
    for (size_t f = 0; f < schema_.fields().size(); ++f) fields.push_back(static_cast<int>(f));
  }
  for (int f : fields) {
    if (f < 0 || f >= static_cast<int>(schema_.fields().size())) {
      return InvalidData("field {} out of range (the file has {} top-level fields)", f, schema_.fields().size());
    }
  }
  return std::unique_ptr<BatchReader>(new BatchReader(this, std::move(row_groups), std::move(fields)));
}

BatchReader::BatchReader(ParquetReader* reader, std::vector<int> row_groups, std::vector<int> fields)
    : reader_(reader), row_groups_(std::move(row_groups)), fields_(std::move(fields)) {
  auto schema = std::make_shared<columnar::Schema>();
  for (int f : fields_) {
    const FieldNode& node = reader_->schema_.fields()[f];
    schema->push_back(node.field);
    CollectColumns(node, &columns_);
  }
  schema_ = std::move(schema);
  chunk_readers_.resize(reader_->schema_.columns().size());
  leaves_.resize(reader_->schema_.columns().size());
}

Status BatchReader::OpenRowGroup(int row_group) {
  const RowGroup& group = reader_->metadata_.row_groups[row_group];
  const auto& descriptors = reader_->schema_.columns();
  std::vector<io::ByteRange> ranges;
  for (int c : columns_) {
    const ColumnChunk& chunk = group.columns[c];
    std::string name;
    for (const std::string& part : descriptors[c].path) name += (name.empty() ? "" : ".") + part;
    if (chunk.file_path) return NotImplemented("Parquet column chunks in other files ('{}') are not supported", name);
    if (!chunk.meta_data) return InvalidData("corrupt Parquet file: column '{}' has no metadata", name);
    const ColumnMetaData& column = *chunk.meta_data;
    if (column.type != descriptors[c].physical_type) {
      return InvalidData("corrupt Parquet file: column '{}' chunk type {} differs from the schema", name,
                         static_cast<int32_t>(column.type));
    }
    // The chunk starts at its dictionary page when there is one. Some writers
    // store dictionary_page_offset = 0 for "none", others data_page_offset = 0.
    int64_t start = column.data_page_offset;
    if (column.dictionary_page_offset && *column.dictionary_page_offset >= 4 &&
        (*column.dictionary_page_offset < start || start < 4)) {
      start = *column.dictionary_page_offset;
    }
    int64_t length = column.total_compressed_size;
    if (start < 4 || length < 0 || length > reader_->file_size_ - start) {
      return InvalidData("corrupt Parquet file: column '{}' chunk [{}, +{}) lies outside the file", name, start, length);
    }
    if (column.num_values < 0) return InvalidData("corrupt Parquet file: column '{}' has a negative value count", name);
    ranges.push_back({start, length});
  }
  // All chunks of the row group in one call: object stores fetch them in parallel.
  std::vector<std::string> bytes;
  FLOE_RETURN_IF_ERROR(reader_->file_->ReadRanges(ranges, &bytes));
  PageLimits limits;
  limits.max_page_bytes = reader_->options_.max_page_bytes;
  limits.verify_checksums = reader_->options_.verify_page_checksums;
  for (size_t i = 0; i < columns_.size(); ++i) {
    int c = columns_[i];
    const ColumnMetaData& column = *group.columns[c].meta_data;
    chunk_readers_[c] = std::make_unique<ColumnChunkReader>(descriptors[c], column.codec, column.num_values,
                                                            std::move(bytes[i]), limits);
  }
  rows_left_ = group.num_rows;
  return Status::OK();
}

Result<bool> BatchReader::Next(Batch* batch) {
  while (rows_left_ == 0) {
    if (next_row_group_ >= row_groups_.size()) return false;
    int row_group = row_groups_[next_row_group_++];
    if (reader_->metadata_.row_groups[row_group].num_rows == 0) continue;  // nothing to decode
    FLOE_RETURN_IF_ERROR(OpenRowGroup(row_group));
  }
  int64_t rows = std::min(reader_->options_.batch_rows, rows_left_);
  const auto& descriptors = reader_->schema_.columns();
  for (int c : columns_) {
    ColumnChunkReader& chunk = *chunk_readers_[c];
    chunk.StartBatch(&leaves_[c]);
    FLOE_ASSIGN_OR_RETURN(int64_t read, chunk.ReadRecords(rows, &leaves_[c]));
    if (read != rows) {
      std::string name;
      for (const std::string& part : descriptors[c].path) name += (name.empty() ? "" : ".") + part;
      return InvalidData("corrupt Parquet file: column '{}' holds fewer rows than its row group declares", name);
    }
  }
  batch->schema = schema_;
  batch->columns.clear();
  batch->selection.reset();
  batch->num_rows = rows;
  for (int f : fields_) {
    const FieldNode& node = reader_->schema_.fields()[f];
    FLOE_ASSIGN_OR_RETURN(std::shared_ptr<Vector> vector, AssembleField(node, descriptors, leaves_));
    if (vector->length != rows) {
      return InvalidData("corrupt Parquet file: field '{}' assembled {} rows, expected {}", node.field.name,
                         vector->length, rows);
    }
    batch->columns.push_back(std::move(vector));
  }
  rows_left_ -= rows;
  return true;
}

// --- Row-group skipping by statistics ---

namespace {

using StatValue = std::variant<std::monostate, bool, int64_t, double, std::string>;

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

bool MayMatch(const ColumnDescriptor& column, const ColumnMetaData& metadata, const ColumnPredicate& predicate) {
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

std::vector<int> ParquetReader::SelectRowGroups(const std::vector<ColumnPredicate>& predicates) const {
  std::vector<int> selected;
  const auto& columns = schema_.columns();
  for (int g = 0; g < num_row_groups(); ++g) {
    const RowGroup& group = metadata_.row_groups[g];
    bool keep = true;
    for (const ColumnPredicate& predicate : predicates) {
      if (predicate.column < 0 || predicate.column >= static_cast<int>(columns.size())) continue;
      const ColumnChunk& chunk = group.columns[predicate.column];
      if (!chunk.meta_data) continue;
      if (!MayMatch(columns[predicate.column], *chunk.meta_data, predicate)) {
        keep = false;
        break;
      }
    }
    if (keep) selected.push_back(g);
  }
  return selected;
}

}  // namespace floe::parquet
