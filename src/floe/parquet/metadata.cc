#include "floe/parquet/metadata.h"

#include "floe/parquet/thrift_compact.h"

namespace floe::parquet {

using thrift::CompactReader;
using thrift::CompactWriter;

namespace {

template <typename Enum>
Status ReadEnum(CompactReader& reader, uint8_t type, Enum* out) {
  int32_t raw;
  FLOE_RETURN_IF_ERROR(reader.ReadI32(type, &raw));
  *out = static_cast<Enum>(raw);
  return Status::OK();
}

template <typename Enum>
Status ReadEnum(CompactReader& reader, uint8_t type, std::optional<Enum>* out) {
  Enum value;
  FLOE_RETURN_IF_ERROR(ReadEnum(reader, type, &value));
  *out = value;
  return Status::OK();
}

template <typename T, typename Read>
Status ReadOptional(std::optional<T>* out, Read&& read) {
  T value{};
  FLOE_RETURN_IF_ERROR(read(&value));
  *out = std::move(value);
  return Status::OK();
}

// Reads a list whose elements are parsed by `read_element(element_type, T*)`.
template <typename T, typename ReadElement>
Status ReadList(CompactReader& reader, uint8_t type, std::vector<T>* out, ReadElement&& read_element) {
  uint8_t element_type;
  uint32_t size;
  FLOE_RETURN_IF_ERROR(reader.ReadListHeader(type, &element_type, &size));
  out->clear();
  out->reserve(size);
  for (uint32_t i = 0; i < size; ++i) {
    T element{};
    FLOE_RETURN_IF_ERROR(read_element(element_type, &element));
    out->push_back(std::move(element));
  }
  return Status::OK();
}

Status ReadEmptyStruct(CompactReader& reader, uint8_t type) { return reader.Skip(type); }

Status ReadTimeUnit(CompactReader& reader, uint8_t type, TimeUnit* out) {
  return reader.ReadStructField(type, [&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1: *out = TimeUnit::kMillis; break;
      case 2: *out = TimeUnit::kMicros; break;
      case 3: *out = TimeUnit::kNanos; break;
    }
    return reader.Skip(field_type);
  });
}

Status ReadLogicalType(CompactReader& reader, uint8_t type, LogicalType* out) {
  if (type != thrift::kStruct) return reader.Skip(type);
  using Kind = LogicalType::Kind;
  return reader.ReadStruct([&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1: out->kind = Kind::kString; return ReadEmptyStruct(reader, field_type);
      case 2: out->kind = Kind::kMap; return ReadEmptyStruct(reader, field_type);
      case 3: out->kind = Kind::kList; return ReadEmptyStruct(reader, field_type);
      case 4: out->kind = Kind::kEnum; return ReadEmptyStruct(reader, field_type);
      case 5:
        out->kind = Kind::kDecimal;
        return reader.ReadStructField(field_type, [&](int16_t inner, uint8_t inner_type) -> Status {
          if (inner == 1) return reader.ReadI32(inner_type, &out->scale);
          if (inner == 2) return reader.ReadI32(inner_type, &out->precision);
          return reader.Skip(inner_type);
        });
      case 6: out->kind = Kind::kDate; return ReadEmptyStruct(reader, field_type);
      case 7:
      case 8:
        out->kind = id == 7 ? Kind::kTime : Kind::kTimestamp;
        return reader.ReadStructField(field_type, [&](int16_t inner, uint8_t inner_type) -> Status {
          if (inner == 1) return reader.ReadBool(inner_type, &out->adjusted_to_utc);
          if (inner == 2) return ReadTimeUnit(reader, inner_type, &out->unit);
          return reader.Skip(inner_type);
        });
      case 10:
        out->kind = Kind::kInteger;
        return reader.ReadStructField(field_type, [&](int16_t inner, uint8_t inner_type) -> Status {
          if (inner == 1) return reader.ReadI8(inner_type, &out->bit_width);
          if (inner == 2) return reader.ReadBool(inner_type, &out->is_signed);
          return reader.Skip(inner_type);
        });
      case 11: out->kind = Kind::kUnknown; return reader.Skip(field_type);
      case 12: out->kind = Kind::kJson; return reader.Skip(field_type);
      case 13: out->kind = Kind::kBson; return reader.Skip(field_type);
      case 14: out->kind = Kind::kUuid; return reader.Skip(field_type);
      case 15: out->kind = Kind::kFloat16; return reader.Skip(field_type);
      case 16: out->kind = Kind::kVariant; return reader.Skip(field_type);
      case 17: out->kind = Kind::kGeometry; return reader.Skip(field_type);
      case 18: out->kind = Kind::kGeography; return reader.Skip(field_type);
      default: out->kind = Kind::kUnrecognized; return reader.Skip(field_type);
    }
  });
}

Status ReadSchemaElement(CompactReader& reader, uint8_t type, SchemaElement* out) {
  return reader.ReadStructField(type, [&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1: return ReadEnum(reader, field_type, &out->type);
      case 2: return reader.ReadI32(field_type, &out->type_length);
      case 3: return ReadEnum(reader, field_type, &out->repetition);
      case 4: return reader.ReadBinary(field_type, &out->name);
      case 5: return ReadOptional(&out->num_children, [&](int32_t* v) { return reader.ReadI32(field_type, v); });
      case 6: return ReadEnum(reader, field_type, &out->converted_type);
      case 7: return reader.ReadI32(field_type, &out->scale);
      case 8: return reader.ReadI32(field_type, &out->precision);
      case 9: return ReadOptional(&out->field_id, [&](int32_t* v) { return reader.ReadI32(field_type, v); });
      case 10: return ReadLogicalType(reader, field_type, &out->logical_type);
      default: return reader.Skip(field_type);
    }
  });
}

Status ReadStatistics(CompactReader& reader, uint8_t type, Statistics* out) {
  if (type != thrift::kStruct) return reader.Skip(type);
  auto binary = [&](uint8_t field_type, std::optional<std::string>* target) {
    return ReadOptional(target, [&](std::string* v) { return reader.ReadBinary(field_type, v); });
  };
  auto i64 = [&](uint8_t field_type, std::optional<int64_t>* target) {
    return ReadOptional(target, [&](int64_t* v) { return reader.ReadI64(field_type, v); });
  };
  return reader.ReadStruct([&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1: return binary(field_type, &out->max);
      case 2: return binary(field_type, &out->min);
      case 3: return i64(field_type, &out->null_count);
      case 4: return i64(field_type, &out->distinct_count);
      case 5: return binary(field_type, &out->max_value);
      case 6: return binary(field_type, &out->min_value);
      default: return reader.Skip(field_type);
    }
  });
}

Status ReadKeyValue(CompactReader& reader, uint8_t type, KeyValue* out) {
  return reader.ReadStructField(type, [&](int16_t id, uint8_t field_type) -> Status {
    if (id == 1) return reader.ReadBinary(field_type, &out->key);
    if (id == 2) return ReadOptional(&out->value, [&](std::string* v) { return reader.ReadBinary(field_type, v); });
    return reader.Skip(field_type);
  });
}

Status ReadColumnMetaData(CompactReader& reader, uint8_t type, ColumnMetaData* out) {
  if (type != thrift::kStruct) return reader.Skip(type);
  auto i64 = [&](uint8_t field_type, std::optional<int64_t>* target) {
    return ReadOptional(target, [&](int64_t* v) { return reader.ReadI64(field_type, v); });
  };
  return reader.ReadStruct([&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1: return ReadEnum(reader, field_type, &out->type);
      case 2:
        return ReadList(reader, field_type, &out->encodings,
                        [&](uint8_t element_type, Encoding* e) { return ReadEnum(reader, element_type, e); });
      case 3:
        return ReadList(reader, field_type, &out->path_in_schema, [&](uint8_t element_type, std::string* s) {
          return reader.ReadElementBinary(element_type, s);
        });
      case 4: return ReadEnum(reader, field_type, &out->codec);
      case 5: return reader.ReadI64(field_type, &out->num_values);
      case 6: return reader.ReadI64(field_type, &out->total_uncompressed_size);
      case 7: return reader.ReadI64(field_type, &out->total_compressed_size);
      case 8:
        return ReadList(reader, field_type, &out->key_value_metadata,
                        [&](uint8_t element_type, KeyValue* kv) { return ReadKeyValue(reader, element_type, kv); });
      case 9: return reader.ReadI64(field_type, &out->data_page_offset);
      case 10: return i64(field_type, &out->index_page_offset);
      case 11: return i64(field_type, &out->dictionary_page_offset);
      case 12:
        return ReadOptional(&out->statistics,
                            [&](Statistics* s) { return ReadStatistics(reader, field_type, s); });
      case 14: return i64(field_type, &out->bloom_filter_offset);
      case 15:
        return ReadOptional(&out->bloom_filter_length,
                            [&](int32_t* v) { return reader.ReadI32(field_type, v); });
      default: return reader.Skip(field_type);
    }
  });
}

Status ReadColumnChunk(CompactReader& reader, uint8_t type, ColumnChunk* out) {
  return reader.ReadStructField(type, [&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1: return ReadOptional(&out->file_path, [&](std::string* v) { return reader.ReadBinary(field_type, v); });
      case 2: return reader.ReadI64(field_type, &out->file_offset);
      case 3:
        return ReadOptional(&out->meta_data,
                            [&](ColumnMetaData* m) { return ReadColumnMetaData(reader, field_type, m); });
      case 4:
        return ReadOptional(&out->offset_index_offset, [&](int64_t* v) { return reader.ReadI64(field_type, v); });
      case 5:
        return ReadOptional(&out->offset_index_length, [&](int32_t* v) { return reader.ReadI32(field_type, v); });
      case 6:
        return ReadOptional(&out->column_index_offset, [&](int64_t* v) { return reader.ReadI64(field_type, v); });
      case 7:
        return ReadOptional(&out->column_index_length, [&](int32_t* v) { return reader.ReadI32(field_type, v); });
      case 8:
      case 9:
        out->encrypted = true;
        return reader.Skip(field_type);
      default: return reader.Skip(field_type);
    }
  });
}

Status ReadRowGroup(CompactReader& reader, uint8_t type, RowGroup* out) {
  return reader.ReadStructField(type, [&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1:
        return ReadList(reader, field_type, &out->columns,
                        [&](uint8_t element_type, ColumnChunk* c) { return ReadColumnChunk(reader, element_type, c); });
      case 2: return reader.ReadI64(field_type, &out->total_byte_size);
      case 3: return reader.ReadI64(field_type, &out->num_rows);
      case 4:
        return ReadList(reader, field_type, &out->sorting_columns, [&](uint8_t element_type, SortingColumn* s) {
          return reader.ReadStructField(element_type, [&](int16_t inner, uint8_t inner_type) -> Status {
            if (inner == 1) return reader.ReadI32(inner_type, &s->column_index);
            if (inner == 2) return reader.ReadBool(inner_type, &s->descending);
            if (inner == 3) return reader.ReadBool(inner_type, &s->nulls_first);
            return reader.Skip(inner_type);
          });
        });
      case 5: return ReadOptional(&out->file_offset, [&](int64_t* v) { return reader.ReadI64(field_type, v); });
      case 6:
        return ReadOptional(&out->total_compressed_size, [&](int64_t* v) { return reader.ReadI64(field_type, v); });
      case 7: return ReadOptional(&out->ordinal, [&](int16_t* v) { return reader.ReadI16(field_type, v); });
      default: return reader.Skip(field_type);
    }
  });
}

}  // namespace

Result<FileMetaData> ParseFileMetaData(const uint8_t* data, size_t size) {
  CompactReader reader(data, size);
  FileMetaData metadata;
  bool has_schema = false;
  FLOE_RETURN_IF_ERROR(reader.ReadStruct([&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1: return reader.ReadI32(field_type, &metadata.version);
      case 2:
        has_schema = true;
        return ReadList(reader, field_type, &metadata.schema, [&](uint8_t element_type, SchemaElement* e) {
          return ReadSchemaElement(reader, element_type, e);
        });
      case 3: return reader.ReadI64(field_type, &metadata.num_rows);
      case 4:
        return ReadList(reader, field_type, &metadata.row_groups,
                        [&](uint8_t element_type, RowGroup* g) { return ReadRowGroup(reader, element_type, g); });
      case 5:
        return ReadList(reader, field_type, &metadata.key_value_metadata,
                        [&](uint8_t element_type, KeyValue* kv) { return ReadKeyValue(reader, element_type, kv); });
      case 6:
        return ReadOptional(&metadata.created_by, [&](std::string* v) { return reader.ReadBinary(field_type, v); });
      case 7: {
        std::vector<int> orders;
        FLOE_RETURN_IF_ERROR(ReadList(reader, field_type, &orders, [&](uint8_t element_type, int* order) {
          return reader.ReadStructField(element_type, [&](int16_t inner, uint8_t inner_type) -> Status {
            if (inner == 1) *order = 1;
            return reader.Skip(inner_type);
          });
        }));
        metadata.column_orders.assign(orders.begin(), orders.end());
        return Status::OK();
      }
      case 8:
        metadata.encrypted = true;
        return reader.Skip(field_type);
      default: return reader.Skip(field_type);
    }
  }));
  if (!has_schema) return InvalidData("corrupt Parquet metadata: the footer has no schema");
  return metadata;
}

Result<OffsetIndex> ParseOffsetIndex(const uint8_t* data, size_t size) {
  CompactReader reader(data, size);
  OffsetIndex index;
  bool has_locations = false;
  FLOE_RETURN_IF_ERROR(reader.ReadStruct([&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1:
        has_locations = true;
        return ReadList(reader, field_type, &index.page_locations, [&](uint8_t element_type, PageLocation* page) {
          return reader.ReadStructField(element_type, [&](int16_t inner, uint8_t inner_type) -> Status {
            if (inner == 1) return reader.ReadI64(inner_type, &page->offset);
            if (inner == 2) return reader.ReadI32(inner_type, &page->compressed_page_size);
            if (inner == 3) return reader.ReadI64(inner_type, &page->first_row_index);
            return reader.Skip(inner_type);
          });
        });
      case 2:
        return ReadList(reader, field_type, &index.unencoded_byte_array_data_bytes,
                        [&](uint8_t element_type, int64_t* v) { return reader.ReadElementI64(element_type, v); });
      default: return reader.Skip(field_type);
    }
  }));
  if (!has_locations) return InvalidData("corrupt Parquet offset index: no page locations");
  return index;
}

Result<ColumnIndex> ParseColumnIndex(const uint8_t* data, size_t size) {
  CompactReader reader(data, size);
  ColumnIndex index;
  std::vector<int> null_pages;
  FLOE_RETURN_IF_ERROR(reader.ReadStruct([&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1:
        return ReadList(reader, field_type, &null_pages, [&](uint8_t element_type, int* v) {
          bool value = false;
          FLOE_RETURN_IF_ERROR(reader.ReadElementBool(element_type, &value));
          *v = value;
          return Status::OK();
        });
      case 2:
        return ReadList(reader, field_type, &index.min_values,
                        [&](uint8_t element_type, std::string* v) { return reader.ReadElementBinary(element_type, v); });
      case 3:
        return ReadList(reader, field_type, &index.max_values,
                        [&](uint8_t element_type, std::string* v) { return reader.ReadElementBinary(element_type, v); });
      case 4: return ReadEnum(reader, field_type, &index.boundary_order);
      case 5:
        return ReadList(reader, field_type, &index.null_counts,
                        [&](uint8_t element_type, int64_t* v) { return reader.ReadElementI64(element_type, v); });
      default: return reader.Skip(field_type);
    }
  }));
  index.null_pages.assign(null_pages.begin(), null_pages.end());
  size_t pages = index.null_pages.size();
  if (index.min_values.size() != pages || index.max_values.size() != pages ||
      (!index.null_counts.empty() && index.null_counts.size() != pages)) {
    return InvalidData("corrupt Parquet column index: {} null_pages, {} min_values, {} max_values, {} null_counts",
                       pages, index.min_values.size(), index.max_values.size(), index.null_counts.size());
  }
  return index;
}

Result<BloomFilterHeader> ParseBloomFilterHeader(const uint8_t* data, size_t size, size_t* header_size) {
  CompactReader reader(data, size);
  BloomFilterHeader header;
  bool has_size = false;
  // A union field: true when its member `member` is set.
  auto union_member = [&](uint8_t field_type, int16_t member, bool* out) {
    return reader.ReadStructField(field_type, [&](int16_t inner, uint8_t inner_type) -> Status {
      if (inner == member) *out = true;
      return reader.Skip(inner_type);
    });
  };
  FLOE_RETURN_IF_ERROR(reader.ReadStruct([&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1: has_size = true; return reader.ReadI32(field_type, &header.num_bytes);
      case 2: return union_member(field_type, 1, &header.split_block);
      case 3: return union_member(field_type, 1, &header.xxhash);
      case 4: return union_member(field_type, 1, &header.uncompressed);
      default: return reader.Skip(field_type);
    }
  }));
  if (!has_size) return InvalidData("corrupt Parquet bloom filter: the header has no size");
  *header_size = reader.consumed();
  return header;
}

Result<PageHeader> ParsePageHeader(const uint8_t* data, size_t size, size_t* header_size) {
  CompactReader reader(data, size);
  PageHeader header;
  FLOE_RETURN_IF_ERROR(reader.ReadStruct([&](int16_t id, uint8_t field_type) -> Status {
    switch (id) {
      case 1: return ReadEnum(reader, field_type, &header.type);
      case 2: return reader.ReadI32(field_type, &header.uncompressed_page_size);
      case 3: return reader.ReadI32(field_type, &header.compressed_page_size);
      case 4: return ReadOptional(&header.crc, [&](int32_t* v) { return reader.ReadI32(field_type, v); });
      case 5:
        return ReadOptional(&header.data_page_header, [&](DataPageHeader* page) -> Status {
          return reader.ReadStructField(field_type, [&](int16_t inner, uint8_t inner_type) -> Status {
            switch (inner) {
              case 1: return reader.ReadI32(inner_type, &page->num_values);
              case 2: return ReadEnum(reader, inner_type, &page->encoding);
              case 3: return ReadEnum(reader, inner_type, &page->definition_level_encoding);
              case 4: return ReadEnum(reader, inner_type, &page->repetition_level_encoding);
              case 5:
                return ReadOptional(&page->statistics,
                                    [&](Statistics* s) { return ReadStatistics(reader, inner_type, s); });
              default: return reader.Skip(inner_type);
            }
          });
        });
      case 7:
        return ReadOptional(&header.dictionary_page_header, [&](DictionaryPageHeader* page) -> Status {
          return reader.ReadStructField(field_type, [&](int16_t inner, uint8_t inner_type) -> Status {
            switch (inner) {
              case 1: return reader.ReadI32(inner_type, &page->num_values);
              case 2: return ReadEnum(reader, inner_type, &page->encoding);
              case 3: return reader.ReadBool(inner_type, &page->is_sorted);
              default: return reader.Skip(inner_type);
            }
          });
        });
      case 8:
        return ReadOptional(&header.data_page_header_v2, [&](DataPageHeaderV2* page) -> Status {
          return reader.ReadStructField(field_type, [&](int16_t inner, uint8_t inner_type) -> Status {
            switch (inner) {
              case 1: return reader.ReadI32(inner_type, &page->num_values);
              case 2: return reader.ReadI32(inner_type, &page->num_nulls);
              case 3: return reader.ReadI32(inner_type, &page->num_rows);
              case 4: return ReadEnum(reader, inner_type, &page->encoding);
              case 5: return reader.ReadI32(inner_type, &page->definition_levels_byte_length);
              case 6: return reader.ReadI32(inner_type, &page->repetition_levels_byte_length);
              case 7: return reader.ReadBool(inner_type, &page->is_compressed);
              case 8:
                return ReadOptional(&page->statistics,
                                    [&](Statistics* s) { return ReadStatistics(reader, inner_type, s); });
              default: return reader.Skip(inner_type);
            }
          });
        });
      default: return reader.Skip(field_type);
    }
  }));
  *header_size = reader.consumed();
  return header;
}

namespace {

void WriteStatistics(CompactWriter& writer, const Statistics& statistics) {
  if (statistics.max) writer.FieldBinary(1, *statistics.max);
  if (statistics.min) writer.FieldBinary(2, *statistics.min);
  if (statistics.null_count) writer.FieldI64(3, *statistics.null_count);
  if (statistics.distinct_count) writer.FieldI64(4, *statistics.distinct_count);
  if (statistics.max_value) writer.FieldBinary(5, *statistics.max_value);
  if (statistics.min_value) writer.FieldBinary(6, *statistics.min_value);
}

void WriteKeyValues(CompactWriter& writer, int16_t id, const std::vector<KeyValue>& pairs) {
  if (pairs.empty()) return;
  writer.FieldList(id, thrift::kStruct, pairs.size());
  for (const KeyValue& pair : pairs) {
    writer.ElementStruct();
    writer.FieldBinary(1, pair.key);
    if (pair.value) writer.FieldBinary(2, *pair.value);
    writer.EndStruct();
  }
}

void WriteLogicalType(CompactWriter& writer, const LogicalType& type) {
  using Kind = LogicalType::Kind;
  auto empty_member = [&](int16_t id) {
    writer.FieldStruct(id);
    writer.EndStruct();
  };
  auto time_unit = [&](TimeUnit unit) {
    writer.FieldStruct(2);
    empty_member(unit == TimeUnit::kMillis ? 1 : unit == TimeUnit::kMicros ? 2 : 3);
    writer.EndStruct();
  };
  switch (type.kind) {
    case Kind::kString: empty_member(1); break;
    case Kind::kMap: empty_member(2); break;
    case Kind::kList: empty_member(3); break;
    case Kind::kEnum: empty_member(4); break;
    case Kind::kDecimal:
      writer.FieldStruct(5);
      writer.FieldI32(1, type.scale);
      writer.FieldI32(2, type.precision);
      writer.EndStruct();
      break;
    case Kind::kDate: empty_member(6); break;
    case Kind::kTime:
    case Kind::kTimestamp:
      writer.FieldStruct(type.kind == Kind::kTime ? 7 : 8);
      writer.FieldBool(1, type.adjusted_to_utc);
      time_unit(type.unit);
      writer.EndStruct();
      break;
    case Kind::kInteger:
      writer.FieldStruct(10);
      writer.FieldI8(1, type.bit_width);
      writer.FieldBool(2, type.is_signed);
      writer.EndStruct();
      break;
    case Kind::kJson: empty_member(12); break;
    case Kind::kUuid: empty_member(14); break;
    case Kind::kFloat16: empty_member(15); break;
    default: break;
  }
}

}  // namespace

std::string SerializeFileMetaData(const FileMetaData& metadata) {
  std::string out;
  CompactWriter writer(&out);
  writer.BeginStruct();
  writer.FieldI32(1, metadata.version);
  writer.FieldList(2, thrift::kStruct, metadata.schema.size());
  for (const SchemaElement& element : metadata.schema) {
    writer.ElementStruct();
    if (element.type) writer.FieldI32(1, static_cast<int32_t>(*element.type));
    if (element.type == PhysicalType::kFixedLenByteArray) writer.FieldI32(2, element.type_length);
    if (element.repetition) writer.FieldI32(3, static_cast<int32_t>(*element.repetition));
    writer.FieldBinary(4, element.name);
    if (element.num_children) writer.FieldI32(5, *element.num_children);
    if (element.converted_type) writer.FieldI32(6, static_cast<int32_t>(*element.converted_type));
    if (element.converted_type == ConvertedType::kDecimal) {
      writer.FieldI32(7, element.scale);
      writer.FieldI32(8, element.precision);
    }
    if (element.field_id) writer.FieldI32(9, *element.field_id);
    if (element.logical_type.kind != LogicalType::Kind::kNone) {
      writer.FieldStruct(10);
      WriteLogicalType(writer, element.logical_type);
      writer.EndStruct();
    }
    writer.EndStruct();
  }
  writer.FieldI64(3, metadata.num_rows);
  writer.FieldList(4, thrift::kStruct, metadata.row_groups.size());
  for (const RowGroup& group : metadata.row_groups) {
    writer.ElementStruct();
    writer.FieldList(1, thrift::kStruct, group.columns.size());
    for (const ColumnChunk& chunk : group.columns) {
      writer.ElementStruct();
      writer.FieldI64(2, chunk.file_offset);
      auto write_page_index = [&] {
        if (chunk.offset_index_offset) writer.FieldI64(4, *chunk.offset_index_offset);
        if (chunk.offset_index_length) writer.FieldI32(5, *chunk.offset_index_length);
        if (chunk.column_index_offset) writer.FieldI64(6, *chunk.column_index_offset);
        if (chunk.column_index_length) writer.FieldI32(7, *chunk.column_index_length);
      };
      if (chunk.meta_data) {
        const ColumnMetaData& column = *chunk.meta_data;
        writer.FieldStruct(3);
        writer.FieldI32(1, static_cast<int32_t>(column.type));
        writer.FieldList(2, thrift::kI32, column.encodings.size());
        for (Encoding encoding : column.encodings) writer.ElementI32(static_cast<int32_t>(encoding));
        writer.FieldList(3, thrift::kBinary, column.path_in_schema.size());
        for (const std::string& part : column.path_in_schema) writer.ElementBinary(part);
        writer.FieldI32(4, static_cast<int32_t>(column.codec));
        writer.FieldI64(5, column.num_values);
        writer.FieldI64(6, column.total_uncompressed_size);
        writer.FieldI64(7, column.total_compressed_size);
        WriteKeyValues(writer, 8, column.key_value_metadata);
        writer.FieldI64(9, column.data_page_offset);
        if (column.index_page_offset) writer.FieldI64(10, *column.index_page_offset);
        if (column.dictionary_page_offset) writer.FieldI64(11, *column.dictionary_page_offset);
        if (column.statistics) {
          writer.FieldStruct(12);
          WriteStatistics(writer, *column.statistics);
          writer.EndStruct();
        }
        if (column.bloom_filter_offset) writer.FieldI64(14, *column.bloom_filter_offset);
        if (column.bloom_filter_length) writer.FieldI32(15, *column.bloom_filter_length);
        writer.EndStruct();
      }
      write_page_index();
      writer.EndStruct();
    }
    writer.FieldI64(2, group.total_byte_size);
    writer.FieldI64(3, group.num_rows);
    if (group.file_offset) writer.FieldI64(5, *group.file_offset);
    if (group.total_compressed_size) writer.FieldI64(6, *group.total_compressed_size);
    if (group.ordinal) writer.FieldI16(7, *group.ordinal);
    writer.EndStruct();
  }
  WriteKeyValues(writer, 5, metadata.key_value_metadata);
  if (metadata.created_by) writer.FieldBinary(6, *metadata.created_by);
  if (!metadata.column_orders.empty()) {
    writer.FieldList(7, thrift::kStruct, metadata.column_orders.size());
    for (size_t i = 0; i < metadata.column_orders.size(); ++i) {
      writer.ElementStruct();
      writer.FieldStruct(1);  // TYPE_ORDER
      writer.EndStruct();
      writer.EndStruct();
    }
  }
  writer.EndStruct();
  return out;
}

std::string SerializeOffsetIndex(const OffsetIndex& index) {
  std::string out;
  CompactWriter writer(&out);
  writer.BeginStruct();
  writer.FieldList(1, thrift::kStruct, index.page_locations.size());
  for (const PageLocation& page : index.page_locations) {
    writer.ElementStruct();
    writer.FieldI64(1, page.offset);
    writer.FieldI32(2, page.compressed_page_size);
    writer.FieldI64(3, page.first_row_index);
    writer.EndStruct();
  }
  if (!index.unencoded_byte_array_data_bytes.empty()) {
    writer.FieldList(2, thrift::kI64, index.unencoded_byte_array_data_bytes.size());
    for (int64_t bytes : index.unencoded_byte_array_data_bytes) writer.ElementI64(bytes);
  }
  writer.EndStruct();
  return out;
}

std::string SerializeColumnIndex(const ColumnIndex& index) {
  std::string out;
  CompactWriter writer(&out);
  writer.BeginStruct();
  writer.FieldList(1, thrift::kBoolTrue, index.null_pages.size());
  for (bool null_page : index.null_pages) writer.ElementBool(null_page);
  writer.FieldList(2, thrift::kBinary, index.min_values.size());
  for (const std::string& value : index.min_values) writer.ElementBinary(value);
  writer.FieldList(3, thrift::kBinary, index.max_values.size());
  for (const std::string& value : index.max_values) writer.ElementBinary(value);
  writer.FieldI32(4, static_cast<int32_t>(index.boundary_order));
  if (!index.null_counts.empty()) {
    writer.FieldList(5, thrift::kI64, index.null_counts.size());
    for (int64_t count : index.null_counts) writer.ElementI64(count);
  }
  writer.EndStruct();
  return out;
}

std::string SerializeBloomFilterHeader(const BloomFilterHeader& header) {
  std::string out;
  CompactWriter writer(&out);
  writer.BeginStruct();
  writer.FieldI32(1, header.num_bytes);
  writer.FieldStruct(2);  // algorithm: BLOCK
  writer.FieldStruct(1);
  writer.EndStruct();
  writer.EndStruct();
  writer.FieldStruct(3);  // hash: XXHASH
  writer.FieldStruct(1);
  writer.EndStruct();
  writer.EndStruct();
  writer.FieldStruct(4);  // compression: UNCOMPRESSED
  writer.FieldStruct(1);
  writer.EndStruct();
  writer.EndStruct();
  writer.EndStruct();
  return out;
}

std::string SerializePageHeader(const PageHeader& header) {
  std::string out;
  CompactWriter writer(&out);
  writer.BeginStruct();
  writer.FieldI32(1, static_cast<int32_t>(header.type));
  writer.FieldI32(2, header.uncompressed_page_size);
  writer.FieldI32(3, header.compressed_page_size);
  if (header.crc) writer.FieldI32(4, *header.crc);
  if (header.data_page_header) {
    const DataPageHeader& page = *header.data_page_header;
    writer.FieldStruct(5);
    writer.FieldI32(1, page.num_values);
    writer.FieldI32(2, static_cast<int32_t>(page.encoding));
    writer.FieldI32(3, static_cast<int32_t>(page.definition_level_encoding));
    writer.FieldI32(4, static_cast<int32_t>(page.repetition_level_encoding));
    if (page.statistics) {
      writer.FieldStruct(5);
      WriteStatistics(writer, *page.statistics);
      writer.EndStruct();
    }
    writer.EndStruct();
  }
  if (header.dictionary_page_header) {
    const DictionaryPageHeader& page = *header.dictionary_page_header;
    writer.FieldStruct(7);
    writer.FieldI32(1, page.num_values);
    writer.FieldI32(2, static_cast<int32_t>(page.encoding));
    if (page.is_sorted) writer.FieldBool(3, true);
    writer.EndStruct();
  }
  if (header.data_page_header_v2) {
    const DataPageHeaderV2& page = *header.data_page_header_v2;
    writer.FieldStruct(8);
    writer.FieldI32(1, page.num_values);
    writer.FieldI32(2, page.num_nulls);
    writer.FieldI32(3, page.num_rows);
    writer.FieldI32(4, static_cast<int32_t>(page.encoding));
    writer.FieldI32(5, page.definition_levels_byte_length);
    writer.FieldI32(6, page.repetition_levels_byte_length);
    writer.FieldBool(7, page.is_compressed);
    writer.EndStruct();
  }
  writer.EndStruct();
  return out;
}

}  // namespace floe::parquet
