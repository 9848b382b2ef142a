// ParquetWriter: writes columnar batches as an Iceberg-compliant Parquet
// file and reports the per-column metrics an Iceberg DataFile needs.
//
// Iceberg compliance (format/spec.md "Parquet"): every schema element carries
// its field_id; lists are 3-level (`<list> (LIST) { repeated group list {
// <element> } }`), maps are `(MAP) { repeated group key_value { required key;
// value } }`; types map as boolean->BOOLEAN, int->INT32, long->INT64,
// float->FLOAT, double->DOUBLE, decimal(P,S)->INT32 (P<=9) / INT64 (P<=18) /
// FIXED_LEN_BYTE_ARRAY(minimal bytes) with DECIMAL, date->INT32 DATE,
// time->INT64 TIME(MICROS), timestamp[tz]->INT64 TIMESTAMP(MICROS|NANOS,
// adjusted), string->BYTE_ARRAY STRING, uuid->FIXED(16) UUID,
// fixed(L)->FIXED(L), binary->BYTE_ARRAY.
//
// Encoding: data page v1 (v2 with WriterOptions::data_page_v2), RLE levels, dictionary encoding (RLE_DICTIONARY)
// falling back to PLAIN for the rest of a column chunk once the dictionary
// exceeds `dictionary_page_bytes`; ZSTD by default. Statistics (min/max/
// null count) per column chunk; TYPE_ORDER column orders.
//
// Memory: one row group is buffered (compressed pages); a row group is
// flushed to the OutputFile once its buffered size reaches row_group_bytes.
//
// Contract: Write() checks each batch against the schema (types, nulls in
// required fields) and returns kInvalidData without writing on mismatch.
// After an error the writer is unusable; Close() then fails and Abort()
// discards the file. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/io/file_io.h"
#include "floe/parquet/metadata.h"

namespace floe::parquet {

// A field of the table schema as the writer needs it (the Iceberg layer maps
// its schema onto this). Expected vector types: kBoolean kBool, kInt kInt32,
// kLong kInt64, kFloat kFloat, kDouble kDouble, kDecimal kDecimal, kDate
// kDate, kTime kTime, kTimestamp[Tz] kTimestamp, kTimestamp[Tz]Ns
// kTimestampNs, kString kString, kUuid kFixedBinary(16), kFixed
// kFixedBinary(length), kBinary kBinary, kStruct/kList/kMap the same.
struct WriteField {
  enum class Type : uint8_t {
    kBoolean, kInt, kLong, kFloat, kDouble, kDecimal, kDate, kTime, kTimestamp, kTimestampTz,
    kTimestampNs, kTimestampTzNs, kString, kUuid, kFixed, kBinary, kStruct, kList, kMap,
  };
  int32_t field_id = 0;
  std::string name;
  bool required = false;
  Type type = Type::kInt;
  int32_t precision = 0;  // kDecimal
  int32_t scale = 0;      // kDecimal
  int32_t length = 0;     // kFixed
  std::vector<WriteField> children;  // kStruct fields; kList {element}; kMap {key, value}
};

struct WriterOptions {
  Codec codec = Codec::kZstd;  // kUncompressed, kSnappy, kGzip, kZstd, kLz4Raw, kBrotli
  int compression_level = 0;   // 0: the codec's default
  int64_t row_group_bytes = int64_t{128} << 20;
  int64_t page_bytes = int64_t{1} << 20;
  // A data page also ends after this many rows (parquet-mr's
  // parquet.page.row.count.limit), so readers skip at a fine grain: page
  // index pruning, and a parallel scan's morsels of 100,000 rows start on
  // page boundaries.
  int64_t page_row_limit = 20000;
  int64_t dictionary_page_bytes = int64_t{1} << 20;
  bool dictionary = true;
  int32_t bound_truncate_length = 16;  // Iceberg metrics mode truncate(16) for strings/binary
  std::string created_by = "floe version 0.1.0";
  // Data page v2 (levels uncompressed before the compressed values, row
  // and null counts in the header) instead of v1.
  bool data_page_v2 = false;
  // Write the page index (ColumnIndex + OffsetIndex per column chunk) after
  // the last row group, so readers can skip pages by min/max. Data pages
  // then always start at a row boundary.
  bool page_index = true;
  // Byte-array min/max in the column index are truncated to this many bytes
  // (the max incremented so it stays an upper bound).
  int32_t column_index_truncate_length = 64;
  // Field ids of primitive columns that get a split-block bloom filter per
  // column chunk (Iceberg: write.parquet.bloom-filter-enabled.column.<name>),
  // sized for the chunk's distinct values at `bloom_filter_fpp`, at most
  // `bloom_filter_max_bytes` (write.parquet.bloom-filter-max-bytes).
  std::vector<int32_t> bloom_filter_field_ids;
  double bloom_filter_fpp = 0.01;
  std::map<int32_t, double> bloom_filter_fpp_by_field_id;  // overrides bloom_filter_fpp
  int64_t bloom_filter_max_bytes = int64_t{1} << 20;
};

// WriterOptions from Iceberg table properties (Iceberg configuration.md,
// "Write properties"); properties not listed keep their defaults:
//   write.parquet.compression-codec     zstd | snappy | gzip | uncompressed | lz4 | brotli
//   write.parquet.compression-level     the codec's level
//   write.parquet.row-group-size-bytes  row_group_bytes
//   write.parquet.page-size-bytes       page_bytes
//   write.parquet.page-row-limit        page_row_limit
//   write.parquet.dict-size-bytes       dictionary_page_bytes
//   write.parquet.bloom-filter-enabled.column.<name>  true: a bloom filter for
//                                        that primitive column (<name> is its
//                                        full dotted name, e.g. a.b or l.element)
//   write.parquet.bloom-filter-fpp.column.<name>      its false-positive rate
//   write.parquet.bloom-filter-max-bytes               bloom_filter_max_bytes
//   write.metadata.metrics.default       truncate(N) sets bound_truncate_length
// kInvalidData for values that do not parse and for bloom-filter columns
// that are not primitive fields of `schema`.
Result<WriterOptions> WriterOptionsFromTableProperties(const std::map<std::string, std::string>& properties,
                                                      const std::vector<WriteField>& schema);

// Iceberg DataFile metrics for one primitive field.
struct ColumnMetrics {
  int32_t field_id = 0;
  int64_t column_size = 0;       // compressed bytes of its column chunks
  int64_t value_count = 0;       // values including nulls
  int64_t null_value_count = 0;
  std::optional<int64_t> nan_value_count;  // float/double only
  // Iceberg single-value binary serialization; absent when unknown (all
  // null/NaN, nested in a list or map, or an untruncatable upper bound).
  std::optional<std::string> lower_bound;
  std::optional<std::string> upper_bound;
};

struct FileMetrics {
  int64_t record_count = 0;
  int64_t file_size = 0;
  std::vector<ColumnMetrics> columns;  // one per primitive field, schema order
  std::vector<int64_t> split_offsets;  // row group start offsets
};

class ColumnChunkWriter;

class ParquetWriter {
 public:
  static Result<std::unique_ptr<ParquetWriter>> Make(std::unique_ptr<io::OutputFile> file,
                                                     std::vector<WriteField> schema, WriterOptions options = {});
  ~ParquetWriter();

  // The columnar schema batches must have (field order and types).
  const columnar::Schema& columnar_schema() const { return columnar_schema_; }

  Status Write(const columnar::Batch& batch);
  // Flushes the last row group, writes the footer and publishes the file.
  Status Close();
  void Abort();
  // Valid after a successful Close().
  const FileMetrics& metrics() const { return metrics_; }

  struct Node;  // the shredding plan of one field (file_writer.cc)

 private:
  ParquetWriter() = default;
  Status FlushRowGroup();
  void Shred(const Node& node, const columnar::Vector& vector, int64_t row, int16_t definition, int16_t repetition);
  void EmitEmpty(const Node& node, int16_t definition, int16_t repetition);

  std::unique_ptr<io::OutputFile> file_;
  std::vector<WriteField> schema_;
  WriterOptions options_;
  columnar::Schema columnar_schema_;
  std::vector<Node> nodes_;  // top-level
  std::vector<std::unique_ptr<ColumnChunkWriter>> leaves_;
  FileMetaData metadata_;
  struct PendingIndexes;  // page indexes and bloom filters written at Close
  std::vector<std::vector<std::shared_ptr<PendingIndexes>>> pending_indexes_;  // [row group][leaf]
  Status WriteIndexes();
  int64_t row_group_rows_ = 0;
  FileMetrics metrics_;
  bool closed_ = false;
  bool failed_ = false;
};

}  // namespace floe::parquet
