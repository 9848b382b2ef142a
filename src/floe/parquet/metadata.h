// Parquet file metadata (apache/parquet-format parquet.thrift): the footer
// (FileMetaData and everything under it) and page headers, as plain structs,
// with their Thrift compact decoding and encoding.
//
// Contract:
// - Parse* decode from a caller-owned byte range, bounds-checked (see
//   thrift_compact.h): corrupt input gives kInvalidData, never a crash, and
//   allocation is bounded by the input size. Unknown fields are skipped, so
//   newer writers' files parse. Enum values outside the known set are kept
//   as-is (validated by the reader where they matter).
// - Serialize* write exactly the fields floe's writer sets.
// - Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "floe/common/result.h"

namespace floe::parquet {

enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class Codec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };

enum class TimeUnit : uint8_t { kMillis, kMicros, kNanos };

struct LogicalType {
  enum class Kind : uint8_t {
    kNone,  // absent
    kString,
    kMap,
    kList,
    kEnum,
    kDecimal,
    kDate,
    kTime,
    kTimestamp,
    kInteger,
    kUnknown,  // the "null" logical type: always null
    kJson,
    kBson,
    kUuid,
    kFloat16,
    kVariant,
    kGeometry,
    kGeography,
    kUnrecognized,  // a union member this reader does not know
  };
  Kind kind = Kind::kNone;
  int32_t scale = 0;
  int32_t precision = 0;
  bool adjusted_to_utc = false;
  TimeUnit unit = TimeUnit::kMicros;
  int8_t bit_width = 0;
  bool is_signed = true;
};

struct SchemaElement {
  std::optional<PhysicalType> type;  // absent for groups
  int32_t type_length = 0;
  std::optional<Repetition> repetition;  // absent only for the root
  std::string name;
  std::optional<int32_t> num_children;
  std::optional<ConvertedType> converted_type;
  int32_t scale = 0;
  int32_t precision = 0;
  std::optional<int32_t> field_id;
  LogicalType logical_type;
};

struct Statistics {
  std::optional<std::string> max;  // deprecated: signed comparison
  std::optional<std::string> min;
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<std::string> max_value;
  std::optional<std::string> min_value;
};

struct KeyValue {
  std::string key;
  std::optional<std::string> value;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt32;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  Codec codec = Codec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  std::vector<KeyValue> key_value_metadata;
  int64_t data_page_offset = 0;
  std::optional<int64_t> index_page_offset;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
  std::optional<int64_t> bloom_filter_offset;
  std::optional<int32_t> bloom_filter_length;
};

struct ColumnChunk {
  std::optional<std::string> file_path;
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;
  // The page index of the chunk (absolute file offsets and byte lengths).
  std::optional<int64_t> offset_index_offset;
  std::optional<int32_t> offset_index_length;
  std::optional<int64_t> column_index_offset;
  std::optional<int32_t> column_index_length;
  bool encrypted = false;  // crypto_metadata or encrypted_column_metadata present
};

struct SortingColumn {
  int32_t column_index = 0;
  bool descending = false;
  bool nulls_first = false;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::vector<SortingColumn> sorting_columns;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
  std::optional<int16_t> ordinal;
};

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;
  std::optional<std::string> created_by;
  // One entry per leaf column: true for TYPE_ORDER (the only order defined).
  std::vector<bool> column_orders;
  bool encrypted = false;  // encryption_algorithm present (plaintext-footer mode)
};

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
  std::optional<Statistics> statistics;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  bool is_sorted = false;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
  std::optional<Statistics> statistics;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<int32_t> crc;
  std::optional<DataPageHeader> data_page_header;
  std::optional<DictionaryPageHeader> dictionary_page_header;
  std::optional<DataPageHeaderV2> data_page_header_v2;
};

// The page index (parquet-format PageIndex.md): per data page of a column
// chunk, its location and first row (OffsetIndex) and its min/max/null
// statistics (ColumnIndex). Both are stored between the last row group and
// the footer, located by the ColumnChunk's *_index_offset/length.
struct PageLocation {
  int64_t offset = 0;  // absolute file offset of the page header
  int32_t compressed_page_size = 0;  // including the header
  int64_t first_row_index = 0;  // within the row group
};

struct OffsetIndex {
  std::vector<PageLocation> page_locations;
  std::vector<int64_t> unencoded_byte_array_data_bytes;
};

enum class BoundaryOrder : int32_t { kUnordered = 0, kAscending = 1, kDescending = 2 };

struct ColumnIndex {
  std::vector<bool> null_pages;  // true: the page holds only nulls (its min/max are empty)
  std::vector<std::string> min_values;
  std::vector<std::string> max_values;
  BoundaryOrder boundary_order = BoundaryOrder::kUnordered;
  std::vector<int64_t> null_counts;  // empty when absent
};

// The header of a bloom filter (parquet-format BloomFilter.md). Only the
// split-block algorithm with XXH64 and no compression is defined; the flags
// say whether the file declared them (an unknown union member leaves them false).
struct BloomFilterHeader {
  int32_t num_bytes = 0;
  bool split_block = false;
  bool xxhash = false;
  bool uncompressed = false;
};

Result<FileMetaData> ParseFileMetaData(const uint8_t* data, size_t size);
// Parses a page header at the start of `data`; `*header_size` receives its length.
Result<PageHeader> ParsePageHeader(const uint8_t* data, size_t size, size_t* header_size);

Result<OffsetIndex> ParseOffsetIndex(const uint8_t* data, size_t size);
Result<ColumnIndex> ParseColumnIndex(const uint8_t* data, size_t size);
// Parses a bloom filter header at the start of `data`; `*header_size` receives its length.
Result<BloomFilterHeader> ParseBloomFilterHeader(const uint8_t* data, size_t size, size_t* header_size);

std::string SerializeFileMetaData(const FileMetaData& metadata);
std::string SerializeOffsetIndex(const OffsetIndex& index);
std::string SerializeColumnIndex(const ColumnIndex& index);
std::string SerializeBloomFilterHeader(const BloomFilterHeader& header);
std::string SerializePageHeader(const PageHeader& header);

}  // namespace floe::parquet
