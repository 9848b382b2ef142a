#include "floe/parquet/column_writer.h"

#include <algorithm>
#include <type_traits>
#include <cmath>
#include <cstring>

#include <xxhash.h>

#include "floe/parquet/bloom_filter.h"
#include "floe/parquet/compression.h"
#include "floe/parquet/iceberg_bounds.h"
#include "floe/parquet/rle.h"

namespace floe::parquet {

using columnar::Vector;
using Type = WriteField::Type;

void ValueRange::Merge(const ValueRange& other) {
  if (!other.present) return;
  if (!present) {
    *this = other;
    return;
  }
  min_integer = std::min(min_integer, other.min_integer);
  max_integer = std::max(max_integer, other.max_integer);
  min_floating = std::min(min_floating, other.min_floating);
  max_floating = std::max(max_floating, other.max_floating);
  min_decimal = std::min(min_decimal, other.min_decimal);
  max_decimal = std::max(max_decimal, other.max_decimal);
  if (other.min_bytes < min_bytes) min_bytes = other.min_bytes;
  if (other.max_bytes > max_bytes) max_bytes = other.max_bytes;
}

namespace {

ValueRange::Kind RangeKind(const LeafSpec& spec) {
  switch (spec.type) {
    case Type::kFloat:
    case Type::kDouble: return ValueRange::Kind::kFloating;
    case Type::kDecimal: return ValueRange::Kind::kDecimal;
    case Type::kString:
    case Type::kBinary:
    case Type::kFixed:
    case Type::kUuid: return ValueRange::Kind::kBytes;
    default: return ValueRange::Kind::kInteger;
  }
}

std::string LittleEndian(const void* data, size_t size) { return std::string(static_cast<const char*>(data), size); }

void WriteBigEndian(__int128 value, int32_t length, uint8_t* out) {
  unsigned __int128 bits = static_cast<unsigned __int128>(value);
  for (int32_t i = length - 1; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(bits & 0xFF);
    bits >>= 8;
  }
}

// A statistics value in the column's plain encoding (Parquet Statistics).
std::string PlainStatistic(const LeafSpec& spec, const ValueRange& range, bool minimum) {
  switch (range.kind) {
    case ValueRange::Kind::kInteger: {
      int64_t value = minimum ? range.min_integer : range.max_integer;
      if (spec.physical_type == PhysicalType::kBoolean) return std::string(1, static_cast<char>(value != 0));
      if (spec.physical_type == PhysicalType::kInt32) {
        int32_t narrow = static_cast<int32_t>(value);
        return LittleEndian(&narrow, 4);
      }
      return LittleEndian(&value, 8);
    }
    case ValueRange::Kind::kFloating: {
      double value = minimum ? range.min_floating : range.max_floating;
      if (value == 0) value = minimum ? -0.0 : 0.0;  // the spec's rule for signed zeros
      if (spec.physical_type == PhysicalType::kFloat) {
        float narrow = static_cast<float>(value);
        return LittleEndian(&narrow, 4);
      }
      return LittleEndian(&value, 8);
    }
    case ValueRange::Kind::kDecimal: {
      __int128 value = minimum ? range.min_decimal : range.max_decimal;
      if (spec.physical_type == PhysicalType::kInt32) {
        int32_t narrow = static_cast<int32_t>(value);
        return LittleEndian(&narrow, 4);
      }
      if (spec.physical_type == PhysicalType::kInt64) {
        int64_t narrow = static_cast<int64_t>(value);
        return LittleEndian(&narrow, 8);
      }
      std::string bytes(spec.type_length, '\0');
      WriteBigEndian(value, spec.type_length, reinterpret_cast<uint8_t*>(bytes.data()));
      return bytes;
    }
    case ValueRange::Kind::kBytes:
      return minimum ? range.min_bytes : range.max_bytes;
  }
  return {};
}

}  // namespace

ColumnChunkWriter::ColumnChunkWriter(LeafSpec spec, const WriterOptions& options)
    : spec_(std::move(spec)), options_(options) {
  dictionary_enabled_ = options_.dictionary && spec_.physical_type != PhysicalType::kBoolean;
  chunk_range_.kind = file_range_.kind = page_range_.kind = RangeKind(spec_);
  for (int32_t id : options_.bloom_filter_field_ids) bloom_filter_ |= id == spec_.field_id;
  if (spec_.physical_type == PhysicalType::kBoolean) bloom_filter_ = false;
  range_is_bytes_ = spec_.physical_type == PhysicalType::kByteArray;
}

void ColumnChunkWriter::MaybeFlushPage(int16_t repetition) {
  if (repetition != 0 && spec_.max_repetition_level > 0) return;  // inside a record
  if (dictionary_enabled_ && !dictionary_checked_ && dictionary_values_seen_ >= kDictionaryCheckValues) {
    // parquet-mr's rule: keep the dictionary only if dictionary + indices are
    // smaller than the PLAIN values they encode (checked once per chunk).
    dictionary_checked_ = true;
    int64_t values = dictionary_values_seen_;
    int64_t encoded = static_cast<int64_t>(dictionary_plain_.size()) +
                      values * std::max(1, BitWidth(dictionary_size_)) / 8;
    if (encoded >= plain_bytes_seen_) {
      Status status = FlushPage();
      if (!status.ok()) deferred_ = status;
      dictionary_enabled_ = false;
    }
  }
  if (dictionary_enabled_ && static_cast<int64_t>(dictionary_plain_.size()) > options_.dictionary_page_bytes) {
    // Fall back to PLAIN for the rest of this chunk; earlier pages keep the dictionary.
    Status status = FlushPage();
    if (!status.ok()) deferred_ = status;
    dictionary_enabled_ = false;
  }
  if (page_estimate_ >= options_.page_bytes || chunk_rows_ - page_first_row_ >= options_.page_row_limit) {
    Status status = FlushPage();
    if (!status.ok()) deferred_ = status;
  }
}

void ColumnChunkWriter::AddNull(int16_t definition, int16_t repetition) {
  MaybeFlushPage(repetition);
  if (spec_.max_definition_level > 0) definitions_.push_back(definition);
  if (spec_.max_repetition_level > 0) repetitions_.push_back(repetition);
  chunk_rows_ += repetition == 0;
  ++page_nulls_;
  ++page_entries_;
  ++chunk_values_;
  ++chunk_nulls_;
  page_estimate_ += 1;
}

void ColumnChunkWriter::AppendPlain(const uint8_t* data, size_t size) {
  if (spec_.physical_type == PhysicalType::kByteArray) {
    uint32_t length = static_cast<uint32_t>(size);
    plain_values_.append(reinterpret_cast<const char*>(&length), 4);
  }
  plain_values_.append(reinterpret_cast<const char*>(data), size);
}

void ColumnChunkWriter::AddValue(int16_t repetition, const Vector& vector, int64_t row) {
  const Vector* source = &vector;
  int64_t index = row;
  if (vector.dictionary) {
    source = vector.dictionary.get();
    index = vector.values.As<int32_t>()[row];
  }
  MaybeFlushPage(repetition);
  uint8_t fixed[16];
  const uint8_t* data = fixed;
  size_t size = 0;
  ValueRange& range = page_range_;
  bool first = !range.present;
  switch (spec_.type) {
    case Type::kBoolean: {
      fixed[0] = source->Values<uint8_t>()[index] ? 1 : 0;
      size = 1;
      int64_t value = fixed[0];
      range.min_integer = first ? value : std::min(range.min_integer, value);
      range.max_integer = first ? value : std::max(range.max_integer, value);
      break;
    }
    case Type::kInt:
    case Type::kDate: {
      int32_t value = source->Values<int32_t>()[index];
      std::memcpy(fixed, &value, 4);
      size = 4;
      range.min_integer = first ? value : std::min<int64_t>(range.min_integer, value);
      range.max_integer = first ? value : std::max<int64_t>(range.max_integer, value);
      break;
    }
    case Type::kLong:
    case Type::kTime:
    case Type::kTimestamp:
    case Type::kTimestampTz:
    case Type::kTimestampNs:
    case Type::kTimestampTzNs: {
      int64_t value = source->Values<int64_t>()[index];
      std::memcpy(fixed, &value, 8);
      size = 8;
      range.min_integer = first ? value : std::min(range.min_integer, value);
      range.max_integer = first ? value : std::max(range.max_integer, value);
      break;
    }
    case Type::kFloat:
    case Type::kDouble: {
      double value;
      if (spec_.type == Type::kFloat) {
        float narrow = source->Values<float>()[index];
        std::memcpy(fixed, &narrow, 4);
        size = 4;
        value = narrow;
      } else {
        value = source->Values<double>()[index];
        std::memcpy(fixed, &value, 8);
        size = 8;
      }
      if (std::isnan(value)) {
        ++file_nans_;
        first = false;  // NaN takes no part in min/max
        break;
      }
      range.min_floating = !range.present ? value : std::min(range.min_floating, value);
      range.max_floating = !range.present ? value : std::max(range.max_floating, value);
      range.present = true;
      break;
    }
    case Type::kDecimal: {
      __int128 value;
      std::memcpy(&value, source->values.data() + index * 16, 16);
      if (spec_.physical_type == PhysicalType::kInt32) {
        int32_t narrow = static_cast<int32_t>(value);
        std::memcpy(fixed, &narrow, 4);
        size = 4;
      } else if (spec_.physical_type == PhysicalType::kInt64) {
        int64_t narrow = static_cast<int64_t>(value);
        std::memcpy(fixed, &narrow, 8);
        size = 8;
      } else {
        WriteBigEndian(value, spec_.type_length, fixed);
        size = static_cast<size_t>(spec_.type_length);
      }
      range.min_decimal = first ? value : std::min(range.min_decimal, value);
      range.max_decimal = first ? value : std::max(range.max_decimal, value);
      break;
    }
    default: {
      std::string_view bytes = source->BytesAt(index);
      data = reinterpret_cast<const uint8_t*>(bytes.data());
      size = bytes.size();
      if (first) {
        range.min_bytes.assign(bytes);
        range.max_bytes.assign(bytes);
      } else if (bytes < std::string_view(range.min_bytes)) {
        range.min_bytes.assign(bytes);
      } else if (bytes > std::string_view(range.max_bytes)) {
        range.max_bytes.assign(bytes);
      }
      break;
    }
  }
  if (range.kind != ValueRange::Kind::kFloating) range.present = true;
  if (spec_.max_definition_level > 0) definitions_.push_back(spec_.max_definition_level);
  if (spec_.max_repetition_level > 0) repetitions_.push_back(repetition);
  chunk_rows_ += repetition == 0;
  EncodeValue(data, size);
}

inline void ColumnChunkWriter::EncodeValue(const uint8_t* data, size_t size) {
  ++page_entries_;
  ++chunk_values_;
  if (bloom_filter_) bloom_hashes_.push_back(BloomFilter::Hash(data, size));
  if (dictionary_enabled_) {
    indices_.push_back(DictionaryIndex(data, size));
    plain_bytes_seen_ += static_cast<int64_t>(size) + (spec_.physical_type == PhysicalType::kByteArray ? 4 : 0);
    ++dictionary_values_seen_;
    page_estimate_ += 2;
  } else {
    AppendPlain(data, size);
    page_estimate_ += static_cast<int64_t>(size) + 1;
  }
}

inline bool ColumnChunkWriter::PageCheckDue() const {
  return page_estimate_ >= options_.page_bytes || chunk_rows_ - page_first_row_ >= options_.page_row_limit ||
         (dictionary_enabled_ && ((!dictionary_checked_ && dictionary_values_seen_ >= kDictionaryCheckValues) ||
                                  static_cast<int64_t>(dictionary_plain_.size()) > options_.dictionary_page_bytes));
}

template <typename Stored, typename Physical>
void ColumnChunkWriter::AddIntegerColumn(const Vector& vector, int64_t rows, bool nullable) {
  const Stored* values = vector.Values<Stored>();
  ValueRange& range = page_range_;
  const int16_t max_definition = spec_.max_definition_level;
  for (int64_t row = 0; row < rows; ++row) {
    if (nullable && vector.IsNull(row)) {
      AddNull(0, 0);
      continue;
    }
    if (PageCheckDue()) MaybeFlushPage(0);
    Physical value = static_cast<Physical>(values[row]);
    if constexpr (std::is_same_v<Stored, __int128>) {
      __int128 wide = values[row];
      if (!range.present) {
        range.min_decimal = range.max_decimal = wide;
        range.present = true;
      } else {
        range.min_decimal = std::min(range.min_decimal, wide);
        range.max_decimal = std::max(range.max_decimal, wide);
      }
    } else {
      int64_t wide = values[row];
      if (!range.present) {
        range.min_integer = range.max_integer = wide;
        range.present = true;
      } else {
        range.min_integer = std::min(range.min_integer, wide);
        range.max_integer = std::max(range.max_integer, wide);
      }
    }
    if (max_definition > 0) definitions_.push_back(max_definition);
    ++chunk_rows_;
    EncodeValue(reinterpret_cast<const uint8_t*>(&value), sizeof(Physical));
  }
}

void ColumnChunkWriter::AddBytesColumn(const Vector& vector, int64_t rows, bool nullable) {
  ValueRange& range = page_range_;
  const int16_t max_definition = spec_.max_definition_level;
  for (int64_t row = 0; row < rows; ++row) {
    if (nullable && vector.IsNull(row)) {
      AddNull(0, 0);
      continue;
    }
    if (PageCheckDue()) MaybeFlushPage(0);
    std::string_view bytes = vector.BytesAt(row);
    if (!range.present) {
      range.min_bytes.assign(bytes);
      range.max_bytes.assign(bytes);
      range.present = true;
    } else if (bytes < std::string_view(range.min_bytes)) {
      range.min_bytes.assign(bytes);
    } else if (bytes > std::string_view(range.max_bytes)) {
      range.max_bytes.assign(bytes);
    }
    if (max_definition > 0) definitions_.push_back(max_definition);
    ++chunk_rows_;
    EncodeValue(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
}

void ColumnChunkWriter::AddColumn(const Vector& vector, int64_t rows, bool nullable) {
  nullable = nullable && vector.null_count > 0;
  if (spec_.max_repetition_level == 0 && !vector.dictionary) {
    switch (spec_.type) {
      case Type::kInt:
      case Type::kDate:
        return AddIntegerColumn<int32_t, int32_t>(vector, rows, nullable);
      case Type::kLong:
      case Type::kTime:
      case Type::kTimestamp:
      case Type::kTimestampTz:
      case Type::kTimestampNs:
      case Type::kTimestampTzNs:
        return AddIntegerColumn<int64_t, int64_t>(vector, rows, nullable);
      case Type::kDecimal:
        if (spec_.physical_type == PhysicalType::kInt32) return AddIntegerColumn<__int128, int32_t>(vector, rows, nullable);
        if (spec_.physical_type == PhysicalType::kInt64) return AddIntegerColumn<__int128, int64_t>(vector, rows, nullable);
        break;
      case Type::kString:
      case Type::kBinary:
        return AddBytesColumn(vector, rows, nullable);
      default:
        break;
    }
  }
  for (int64_t row = 0; row < rows; ++row) {
    if (nullable && vector.IsNull(row)) {
      AddNull(0, 0);
    } else {
      AddValue(0, vector, row);
    }
  }
}

namespace {

// The dictionary hash: a multiplicative mix for 4- and 8-byte values, XXH3
// for the rest.
inline uint64_t DictionaryHash(const void* data, size_t size) {
  uint64_t v;
  if (size == 8) {
    std::memcpy(&v, data, 8);
  } else if (size == 4) {
    uint32_t narrow;
    std::memcpy(&narrow, data, 4);
    v = narrow;
  } else {
    return XXH3_64bits(data, size);
  }
  v *= 0x9E3779B97F4A7C15ULL;
  return v ^ (v >> 32);
}

inline bool SameBytes(const void* a, const void* b, size_t size) {
  switch (size) {
    case 4: {
      uint32_t x, y;
      std::memcpy(&x, a, 4);
      std::memcpy(&y, b, 4);
      return x == y;
    }
    case 8: {
      uint64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      return x == y;
    }
    case 16: {
      uint64_t x[2], y[2];
      std::memcpy(x, a, 16);
      std::memcpy(y, b, 16);
      return x[0] == y[0] && x[1] == y[1];
    }
    default:
      return std::memcmp(a, b, size) == 0;
  }
}

}  // namespace

uint32_t ColumnChunkWriter::DictionaryIndex(const uint8_t* data, size_t size) {
  if (dictionary_slots_.empty()) dictionary_slots_.assign(1024, DictionarySlot{});
  const bool byte_array = spec_.physical_type == PhysicalType::kByteArray;
  // Values of up to 8 bytes are their own key (one memory access per probe);
  // others are keyed by their hash and compared with the stored entry.
  const bool inline_key = !byte_array && size <= 8;
  uint64_t hash = DictionaryHash(data, size);
  uint64_t key = hash;
  if (inline_key) {
    key = 0;
    std::memcpy(&key, data, size);
  }
  size_t mask = dictionary_slots_.size() - 1;
  size_t slot = static_cast<size_t>(hash) & mask;
  const char* plain = dictionary_plain_.data();
  while (true) {
    const DictionarySlot& occupant = dictionary_slots_[slot];
    if (occupant.entry_plus_one == 0) break;
    if (occupant.key == key) {
      uint32_t entry = occupant.entry_plus_one - 1;
      if (inline_key) return entry;
      if (byte_array) {
        uint32_t offset = dictionary_offsets_[entry];
        uint32_t length;
        std::memcpy(&length, plain + offset - 4, 4);
        // size 0: `data` may be null (an empty value of an empty buffer).
        if (length == size && (size == 0 || std::memcmp(plain + offset, data, size) == 0)) return entry;
      } else if (SameBytes(plain + static_cast<size_t>(entry) * size, data, size)) {
        return entry;
      }
    }
    slot = (slot + 1) & mask;
  }
  uint32_t entry = dictionary_size_++;
  if (byte_array) {
    uint32_t length = static_cast<uint32_t>(size);
    dictionary_plain_.append(reinterpret_cast<const char*>(&length), 4);
    dictionary_offsets_.push_back(static_cast<uint32_t>(dictionary_plain_.size()));
  }
  dictionary_plain_.append(reinterpret_cast<const char*>(data), size);
  dictionary_slots_[slot] = DictionarySlot{key, entry + 1};
  if (static_cast<size_t>(dictionary_size_) * 2 > dictionary_slots_.size()) {
    // Grow and re-insert every slot (load factor at most 1/2).
    std::vector<DictionarySlot> slots(dictionary_slots_.size() * 2, DictionarySlot{});
    size_t grown_mask = slots.size() - 1;
    for (const DictionarySlot& old : dictionary_slots_) {
      if (old.entry_plus_one == 0) continue;
      uint64_t old_hash = inline_key ? DictionaryHash(&old.key, size) : old.key;
      size_t s = static_cast<size_t>(old_hash) & grown_mask;
      while (slots[s].entry_plus_one != 0) s = (s + 1) & grown_mask;
      slots[s] = old;
    }
    dictionary_slots_ = std::move(slots);
  }
  return entry;
}

Status ColumnChunkWriter::FlushPage() {
  int64_t entries = page_entries_;
  if (entries == 0) return Status::OK();
  std::string& page = page_scratch_;  // reused: no allocation per page
  page.clear();
  const bool v2 = options_.data_page_v2;
  // v1: each level run is prefixed by its 4-byte length; v2: the lengths are in the header.
  auto levels = [&](const std::vector<int16_t>& values, int16_t max_level) -> int32_t {
    size_t start = page.size();
    if (!v2) page.append(4, '\0');
    EncodeRleBitPacked(values.data(), static_cast<int64_t>(values.size()), BitWidth(max_level), &page);
    if (!v2) {
      uint32_t length = static_cast<uint32_t>(page.size() - start - 4);
      std::memcpy(page.data() + start, &length, 4);
    }
    return static_cast<int32_t>(page.size() - start);
  };
  int32_t repetition_bytes = 0;
  int32_t definition_bytes = 0;
  if (spec_.max_repetition_level > 0) repetition_bytes = levels(repetitions_, spec_.max_repetition_level);
  if (spec_.max_definition_level > 0) definition_bytes = levels(definitions_, spec_.max_definition_level);
  const size_t levels_size = page.size();
  Encoding encoding = Encoding::kPlain;
  if (dictionary_enabled_ && dictionary_size_ > 0) {
    encoding = Encoding::kRleDictionary;
    int bit_width = std::max(1, BitWidth(dictionary_size_ > 0 ? dictionary_size_ - 1 : 0));
    page.push_back(static_cast<char>(bit_width));
    EncodeRleBitPacked(indices_.data(), static_cast<int64_t>(indices_.size()), bit_width, &page);
    dictionary_used_ = true;
  } else if (spec_.physical_type == PhysicalType::kBoolean) {
    std::string packed((plain_values_.size() + 7) / 8, '\0');
    for (size_t i = 0; i < plain_values_.size(); ++i) {
      if (plain_values_[i]) packed[i >> 3] = static_cast<char>(packed[i >> 3] | (1 << (i & 7)));
    }
    page += packed;
    chunk_plain_pages_ = true;
  } else {
    if (!page.empty()) page += plain_values_;
    chunk_plain_pages_ = true;
  }
  // Without levels a PLAIN page is its values: compress them in place.
  const std::string& body = page.empty() ? plain_values_ : page;
  std::string& compressed = compressed_scratch_;
  compressed.clear();
  size_t uncompressed_size = body.size();
  PageHeader header;
  if (v2) {
    // Levels stay uncompressed in front of the compressed values.
    size_t levels_part = page.empty() ? 0 : levels_size;
    compressed.append(body.data(), levels_part);
    FLOE_RETURN_IF_ERROR(Compress(options_.codec, reinterpret_cast<const uint8_t*>(body.data()) + levels_part,
                                  body.size() - levels_part, options_.compression_level, &compressed));
    header.type = PageType::kDataPageV2;
    DataPageHeaderV2 data_page;
    data_page.num_values = static_cast<int32_t>(entries);
    data_page.num_nulls = static_cast<int32_t>(page_nulls_);
    data_page.num_rows = static_cast<int32_t>(chunk_rows_ - page_first_row_);
    data_page.encoding = encoding;
    data_page.definition_levels_byte_length = definition_bytes;
    data_page.repetition_levels_byte_length = repetition_bytes;
    data_page.is_compressed = options_.codec != Codec::kUncompressed;
    header.data_page_header_v2 = data_page;
  } else {
    FLOE_RETURN_IF_ERROR(Compress(options_.codec, reinterpret_cast<const uint8_t*>(body.data()), body.size(),
                                  options_.compression_level, &compressed));
    header.type = PageType::kDataPage;
    DataPageHeader data_page;
    data_page.num_values = static_cast<int32_t>(entries);
    data_page.encoding = encoding;
    header.data_page_header = data_page;
  }
  header.uncompressed_page_size = static_cast<int32_t>(uncompressed_size);
  header.compressed_page_size = static_cast<int32_t>(compressed.size());
  std::string serialized = SerializePageHeader(header);
  chunk_uncompressed_ += static_cast<int64_t>(serialized.size() + uncompressed_size);
  if (options_.page_index) {
    PageLocation location;
    location.offset = static_cast<int64_t>(chunk_pages_.size());
    location.compressed_page_size = static_cast<int32_t>(serialized.size() + compressed.size());
    location.first_row_index = page_first_row_;
    offset_index_.page_locations.push_back(location);
    bool null_page = page_nulls_ == entries;
    // Non-null values without a min/max (floating point, all NaN): the page
    // index cannot describe the page, so the chunk gets no column index.
    if (!null_page && !page_range_.present) column_index_usable_ = false;
    column_index_.null_pages.push_back(null_page);
    column_index_.null_counts.push_back(page_nulls_);
    if (null_page) {
      column_index_.min_values.emplace_back();
      column_index_.max_values.emplace_back();
    } else if (!page_range_.present) {
      column_index_.min_values.emplace_back();
      column_index_.max_values.emplace_back();
    } else {
      std::string min = PlainStatistic(spec_, page_range_, true);
      std::string max = PlainStatistic(spec_, page_range_, false);
      int32_t limit = options_.column_index_truncate_length;
      if (range_is_bytes_ && limit > 0 && static_cast<int32_t>(max.size()) > limit) {
        std::optional<std::string> upper = TruncateBinaryUpper(max, limit);
        if (upper) max = std::move(*upper);
      }
      if (range_is_bytes_ && limit > 0 && static_cast<int32_t>(min.size()) > limit) {
        min = TruncateBinaryLower(min, limit);
      }
      column_index_.min_values.push_back(std::move(min));
      column_index_.max_values.push_back(std::move(max));
    }
  }
  page_first_row_ = chunk_rows_;
  chunk_range_.Merge(page_range_);
  page_range_ = ValueRange{};
  page_range_.kind = chunk_range_.kind;
  chunk_pages_ += serialized;
  chunk_pages_ += compressed;
  definitions_.clear();
  repetitions_.clear();
  indices_.clear();
  plain_values_.clear();
  page_estimate_ = 0;
  page_nulls_ = 0;
  page_entries_ = 0;
  return Status::OK();
}

}  // namespace floe::parquet

namespace floe::parquet {

Result<ColumnChunk> ColumnChunkWriter::Finish(int64_t file_offset, std::string* out, ChunkIndexes* indexes) {
  FLOE_RETURN_IF_ERROR(deferred_);
  FLOE_RETURN_IF_ERROR(FlushPage());
  *indexes = ChunkIndexes{};
  ColumnMetaData column;
  column.type = spec_.physical_type;
  column.path_in_schema = spec_.path;
  column.codec = options_.codec;
  column.num_values = chunk_values_;
  int64_t start = static_cast<int64_t>(out->size());
  int64_t uncompressed = chunk_uncompressed_;
  if (dictionary_used_) {
    std::string compressed;
    FLOE_RETURN_IF_ERROR(Compress(options_.codec, reinterpret_cast<const uint8_t*>(dictionary_plain_.data()),
                                  dictionary_plain_.size(), options_.compression_level, &compressed));
    PageHeader header;
    header.type = PageType::kDictionaryPage;
    header.uncompressed_page_size = static_cast<int32_t>(dictionary_plain_.size());
    header.compressed_page_size = static_cast<int32_t>(compressed.size());
    header.dictionary_page_header = DictionaryPageHeader{static_cast<int32_t>(dictionary_size_), Encoding::kPlain};
    std::string serialized = SerializePageHeader(header);
    column.dictionary_page_offset = file_offset;
    *out += serialized;
    *out += compressed;
    uncompressed += static_cast<int64_t>(serialized.size() + dictionary_plain_.size());
    column.encodings.push_back(Encoding::kPlain);  // the dictionary page
    column.encodings.push_back(Encoding::kRleDictionary);
  }
  column.data_page_offset = file_offset + static_cast<int64_t>(out->size()) - start;
  if (options_.page_index && !offset_index_.page_locations.empty()) {
    for (PageLocation& page : offset_index_.page_locations) page.offset += column.data_page_offset;
    indexes->offset_index = std::move(offset_index_);
    if (column_index_usable_) indexes->column_index = std::move(column_index_);
  }
  column_index_usable_ = true;
  offset_index_ = OffsetIndex{};
  column_index_ = ColumnIndex{};
  page_first_row_ = chunk_rows_ = 0;
  if (bloom_filter_) {
    std::sort(bloom_hashes_.begin(), bloom_hashes_.end());
    bloom_hashes_.erase(std::unique(bloom_hashes_.begin(), bloom_hashes_.end()), bloom_hashes_.end());
    double fpp = options_.bloom_filter_fpp;
    if (auto it = options_.bloom_filter_fpp_by_field_id.find(spec_.field_id);
        it != options_.bloom_filter_fpp_by_field_id.end()) {
      fpp = it->second;
    }
    BloomFilter filter = BloomFilter::ForDistinctValues(static_cast<int64_t>(bloom_hashes_.size()), fpp,
                                                        options_.bloom_filter_max_bytes);
    for (uint64_t hash : bloom_hashes_) filter.Insert(hash);
    indexes->bloom_filter = filter.Serialize();
    bloom_hashes_.clear();
  }
  // The data pages follow `out` in the file: the caller writes data_pages()
  // after it, without copying them.
  int64_t data_pages = static_cast<int64_t>(chunk_pages_.size());
  if (chunk_plain_pages_ && !dictionary_used_) column.encodings.push_back(Encoding::kPlain);
  if (chunk_plain_pages_ && dictionary_used_) column.encodings.insert(column.encodings.begin(), Encoding::kPlain);
  column.encodings.push_back(Encoding::kRle);
  if (column.encodings.size() == 1) column.encodings.insert(column.encodings.begin(), Encoding::kPlain);
  column.total_compressed_size = static_cast<int64_t>(out->size()) - start + data_pages;
  column.total_uncompressed_size = uncompressed;
  Statistics statistics;
  statistics.null_count = chunk_nulls_;
  if (chunk_range_.present) {
    statistics.min_value = PlainStatistic(spec_, chunk_range_, true);
    statistics.max_value = PlainStatistic(spec_, chunk_range_, false);
    bool signed_order = spec_.physical_type != PhysicalType::kByteArray &&
                        spec_.physical_type != PhysicalType::kFixedLenByteArray;
    if (signed_order) {  // the deprecated fields, for old readers; same (signed) order here
      statistics.min = statistics.min_value;
      statistics.max = statistics.max_value;
    }
  }
  column.statistics = statistics;
  ColumnChunk chunk;
  chunk.file_offset = file_offset;
  chunk.meta_data = std::move(column);
  // File-level accumulation and reset for the next row group.
  file_range_.Merge(chunk_range_);
  file_values_ += chunk_values_;
  file_nulls_ += chunk_nulls_;
  file_bytes_ += static_cast<int64_t>(out->size()) - start + data_pages;
  chunk_range_ = ValueRange{};
  chunk_range_.kind = file_range_.kind = RangeKind(spec_);
  chunk_uncompressed_ = chunk_values_ = chunk_nulls_ = 0;
  chunk_plain_pages_ = dictionary_used_ = false;
  dictionary_slots_.clear();
  dictionary_offsets_.clear();
  dictionary_checked_ = false;
  plain_bytes_seen_ = 0;
  dictionary_values_seen_ = 0;
  dictionary_plain_.clear();
  dictionary_size_ = 0;
  dictionary_enabled_ = options_.dictionary && spec_.physical_type != PhysicalType::kBoolean;
  return chunk;
}

ColumnMetrics ColumnChunkWriter::Metrics(int32_t truncate_length) const {
  ColumnMetrics metrics;
  metrics.field_id = spec_.field_id;
  metrics.column_size = file_bytes_;
  metrics.value_count = file_values_;
  metrics.null_value_count = file_nulls_;
  if (spec_.type == Type::kFloat || spec_.type == Type::kDouble) metrics.nan_value_count = file_nans_;
  if (spec_.inside_repeated || !file_range_.present) return metrics;
  const ValueRange& range = file_range_;
  switch (spec_.type) {
    case Type::kBoolean: {
      metrics.lower_bound = std::string(1, static_cast<char>(range.min_integer));
      metrics.upper_bound = std::string(1, static_cast<char>(range.max_integer));
      break;
    }
    case Type::kInt:
    case Type::kDate: {
      int32_t low = static_cast<int32_t>(range.min_integer);
      int32_t high = static_cast<int32_t>(range.max_integer);
      metrics.lower_bound = LittleEndian(&low, 4);
      metrics.upper_bound = LittleEndian(&high, 4);
      break;
    }
    case Type::kFloat: {
      float low = static_cast<float>(range.min_floating);
      float high = static_cast<float>(range.max_floating);
      metrics.lower_bound = LittleEndian(&low, 4);
      metrics.upper_bound = LittleEndian(&high, 4);
      break;
    }
    case Type::kDouble:
      metrics.lower_bound = LittleEndian(&range.min_floating, 8);
      metrics.upper_bound = LittleEndian(&range.max_floating, 8);
      break;
    case Type::kDecimal:
      metrics.lower_bound = MinimalBigEndianDecimal(range.min_decimal);
      metrics.upper_bound = MinimalBigEndianDecimal(range.max_decimal);
      break;
    case Type::kString:
      metrics.lower_bound = TruncateStringLower(range.min_bytes, truncate_length);
      metrics.upper_bound = TruncateStringUpper(range.max_bytes, truncate_length);
      break;
    case Type::kBinary:
    case Type::kFixed:
      metrics.lower_bound = TruncateBinaryLower(range.min_bytes, truncate_length);
      metrics.upper_bound = TruncateBinaryUpper(range.max_bytes, truncate_length);
      break;
    case Type::kUuid:
      metrics.lower_bound = range.min_bytes;
      metrics.upper_bound = range.max_bytes;
      break;
    default:  // long, time, timestamps
      metrics.lower_bound = LittleEndian(&range.min_integer, 8);
      metrics.upper_bound = LittleEndian(&range.max_integer, 8);
      break;
  }
  return metrics;
}

}  // namespace floe::parquet
