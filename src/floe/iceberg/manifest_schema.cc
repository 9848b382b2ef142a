#include "floe/iceberg/manifest_schema.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "floe/common/json.h"

namespace floe::iceberg::internal {

namespace {

using json::JsonWriter;

// Writes {"name": ..., "type": <type>, ["default": null,] "field-id": id}.
// `write_type` writes the value type; optional fields become ["null", type].
template <typename WriteType>
void WriteField(JsonWriter& w, std::string_view name, int32_t field_id, bool optional, WriteType write_type) {
  w->StartObject();
  w.Key("name");
  w.String(name);
  w.Key("type");
  if (optional) {
    w->StartArray();
    w.String("null");
    write_type();
    w->EndArray();
    w.Key("default");
    w->Null();
  } else {
    write_type();
  }
  w.Key("field-id");
  w->Int(field_id);
  w->EndObject();
}

void WritePrimitiveField(JsonWriter& w, std::string_view name, int32_t field_id, bool optional, std::string_view type) {
  WriteField(w, name, field_id, optional, [&] { w.String(type); });
}

// map<int, long|bytes> as an array of key/value records (Iceberg's Avro form
// for maps with non-string keys).
void WriteIntMapField(JsonWriter& w, std::string_view name, int32_t field_id, int32_t key_id, int32_t value_id,
                      std::string_view value_type) {
  WriteField(w, name, field_id, true, [&] {
    w->StartObject();
    w.Key("type");
    w.String("array");
    w.Key("items");
    w->StartObject();
    w.Key("type");
    w.String("record");
    w.Key("name");
    w.String(fmt::format("k{}_v{}", key_id, value_id));
    w.Key("fields");
    w->StartArray();
    WritePrimitiveField(w, "key", key_id, false, "int");
    WritePrimitiveField(w, "value", value_id, false, value_type);
    w->EndArray();
    w->EndObject();
    w.Key("logicalType");
    w.String("map");
    w->EndObject();
  });
}

void WriteListField(JsonWriter& w, std::string_view name, int32_t field_id, int32_t element_id,
                    std::string_view element_type) {
  WriteField(w, name, field_id, true, [&] {
    w->StartObject();
    w.Key("type");
    w.String("array");
    w.Key("items");
    w.String(element_type);
    w.Key("element-id");
    w->Int(element_id);
    w->EndObject();
  });
}

int DecimalRequiredBytes(int precision) {
  // The smallest n with 2^(8n-1) > 10^precision - 1.
  for (int bytes = 1; bytes < 24; ++bytes) {
    double max_value = std::pow(2.0, 8 * bytes - 1) - 1;
    if (max_value >= std::pow(10.0, precision) - 1) return bytes;
  }
  return 16;
}

// The Avro type of a partition value (spec Appendix A). Named types are
// defined once and referenced by name afterwards.
Status WritePartitionValueType(JsonWriter& w, const Type& type, std::set<std::string>& defined) {
  auto logical = [&](std::string_view base, std::string_view logical_type, std::optional<bool> adjust_to_utc) {
    w->StartObject();
    w.Key("type");
    w.String(base);
    w.Key("logicalType");
    w.String(logical_type);
    if (adjust_to_utc) {
      w.Key("adjust-to-utc");
      w->Bool(*adjust_to_utc);
    }
    w->EndObject();
  };
  auto fixed = [&](std::string name, int64_t size, auto extra) {
    if (!defined.insert(name).second) {
      w.String(name);
      return;
    }
    w->StartObject();
    w.Key("type");
    w.String("fixed");
    w.Key("name");
    w.String(name);
    w.Key("size");
    w->Int64(size);
    extra();
    w->EndObject();
  };
  const auto& primitive = static_cast<const PrimitiveType&>(type);
  switch (type.id()) {
    case TypeId::kBoolean: w.String("boolean"); break;
    case TypeId::kInt: w.String("int"); break;
    case TypeId::kLong: w.String("long"); break;
    case TypeId::kFloat: w.String("float"); break;
    case TypeId::kDouble: w.String("double"); break;
    case TypeId::kDate: logical("int", "date", std::nullopt); break;
    case TypeId::kTime: logical("long", "time-micros", std::nullopt); break;
    case TypeId::kTimestamp: logical("long", "timestamp-micros", false); break;
    case TypeId::kTimestampTz: logical("long", "timestamp-micros", true); break;
    case TypeId::kTimestampNs: logical("long", "timestamp-nanos", false); break;
    case TypeId::kTimestampTzNs: logical("long", "timestamp-nanos", true); break;
    case TypeId::kString: w.String("string"); break;
    case TypeId::kBinary: w.String("bytes"); break;
    case TypeId::kUnknown: w.String("null"); break;
    case TypeId::kUuid:
      fixed("uuid_fixed", 16, [&] {
        w.Key("logicalType");
        w.String("uuid");
      });
      break;
    case TypeId::kFixed: fixed(fmt::format("fixed_{}", primitive.length()), primitive.length(), [] {}); break;
    case TypeId::kDecimal:
      fixed(fmt::format("decimal_{}_{}", primitive.precision(), primitive.scale()),
            DecimalRequiredBytes(primitive.precision()), [&] {
              w.Key("logicalType");
              w.String("decimal");
              w.Key("precision");
              w->Int(primitive.precision());
              w.Key("scale");
              w->Int(primitive.scale());
            });
      break;
    default: return NotImplemented("Cannot write a partition value of type {} in a manifest", type.ToString());
  }
  return Status::OK();
}

}  // namespace

std::string AvroCompatibleName(std::string_view name) {
  auto valid_first = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto valid = [&](char c) { return valid_first(c) || (c >= '0' && c <= '9'); };
  if (!name.empty() && valid_first(name[0]) &&
      std::all_of(name.begin(), name.end(), [&](char c) { return valid(c); })) {
    return std::string(name);
  }
  std::string out;
  auto escape = [&](char c) { out += fmt::format("_x{:X}", static_cast<unsigned char>(c)); };
  if (name.empty()) return "_";
  if (valid_first(name[0])) {
    out.push_back(name[0]);
  } else if (name[0] >= '0' && name[0] <= '9') {
    out.push_back('_');
    out.push_back(name[0]);
  } else {
    escape(name[0]);
  }
  for (size_t i = 1; i < name.size(); ++i) {
    if (valid(name[i])) {
      out.push_back(name[i]);
    } else {
      escape(name[i]);
    }
  }
  return out;
}

Result<std::string> ManifestEntrySchemaJson(int format_version, const StructType& partition_type) {
  JsonWriter w;
  Status status;
  std::set<std::string> defined;
  w->StartObject();
  w.Key("type");
  w.String("record");
  w.Key("name");
  w.String("manifest_entry");
  w.Key("fields");
  w->StartArray();
  WritePrimitiveField(w, "status", 0, false, "int");
  WritePrimitiveField(w, "snapshot_id", 1, format_version >= 2, "long");
  if (format_version >= 2) {
    WritePrimitiveField(w, "sequence_number", 3, true, "long");
    WritePrimitiveField(w, "file_sequence_number", 4, true, "long");
  }
  WriteField(w, "data_file", 2, false, [&] {
    w->StartObject();
    w.Key("type");
    w.String("record");
    w.Key("name");
    w.String("r2");
    w.Key("fields");
    w->StartArray();
    if (format_version >= 2) WritePrimitiveField(w, "content", 134, false, "int");
    WritePrimitiveField(w, "file_path", 100, false, "string");
    WritePrimitiveField(w, "file_format", 101, false, "string");
    WriteField(w, "partition", 102, false, [&] {
      w->StartObject();
      w.Key("type");
      w.String("record");
      w.Key("name");
      w.String("r102");
      w.Key("fields");
      w->StartArray();
      for (const NestedField& field : partition_type.fields()) {
        WriteField(w, AvroCompatibleName(field.name), field.id, true, [&] {
          Status s = WritePartitionValueType(w, *field.type, defined);
          if (!s.ok() && status.ok()) status = s;
          if (!s.ok()) w.String("null");
        });
      }
      w->EndArray();
      w->EndObject();
    });
    WritePrimitiveField(w, "record_count", 103, false, "long");
    WritePrimitiveField(w, "file_size_in_bytes", 104, false, "long");
    if (format_version == 1) WritePrimitiveField(w, "block_size_in_bytes", 105, false, "long");
    WriteIntMapField(w, "column_sizes", 108, 117, 118, "long");
    WriteIntMapField(w, "value_counts", 109, 119, 120, "long");
    WriteIntMapField(w, "null_value_counts", 110, 121, 122, "long");
    WriteIntMapField(w, "nan_value_counts", 137, 138, 139, "long");
    WriteIntMapField(w, "lower_bounds", 125, 126, 127, "bytes");
    WriteIntMapField(w, "upper_bounds", 128, 129, 130, "bytes");
    WritePrimitiveField(w, "key_metadata", 131, true, "bytes");
    WriteListField(w, "split_offsets", 132, 133, "long");
    if (format_version >= 2) WriteListField(w, "equality_ids", 135, 136, "int");
    WritePrimitiveField(w, "sort_order_id", 140, true, "int");
    if (format_version >= 3) WritePrimitiveField(w, "first_row_id", 142, true, "long");
    if (format_version >= 2) WritePrimitiveField(w, "referenced_data_file", 143, true, "string");
    if (format_version >= 3) {
      WritePrimitiveField(w, "content_offset", 144, true, "long");
      WritePrimitiveField(w, "content_size_in_bytes", 145, true, "long");
    }
    w->EndArray();
    w->EndObject();
  });
  w->EndArray();
  w->EndObject();
  FLOE_RETURN_IF_ERROR(status);
  return w.Take();
}

std::string ManifestFileSchemaJson(int format_version) {
  JsonWriter w;
  const bool v1 = format_version == 1;
  w->StartObject();
  w.Key("type");
  w.String("record");
  w.Key("name");
  w.String("manifest_file");
  w.Key("fields");
  w->StartArray();
  WritePrimitiveField(w, "manifest_path", 500, false, "string");
  WritePrimitiveField(w, "manifest_length", 501, false, "long");
  WritePrimitiveField(w, "partition_spec_id", 502, false, "int");
  if (!v1) {
    WritePrimitiveField(w, "content", 517, false, "int");
    WritePrimitiveField(w, "sequence_number", 515, false, "long");
    WritePrimitiveField(w, "min_sequence_number", 516, false, "long");
  }
  WritePrimitiveField(w, "added_snapshot_id", 503, v1, "long");
  WritePrimitiveField(w, "added_files_count", 504, v1, "int");
  WritePrimitiveField(w, "existing_files_count", 505, v1, "int");
  WritePrimitiveField(w, "deleted_files_count", 506, v1, "int");
  auto partitions = [&] {
    WriteField(w, "partitions", 507, true, [&] {
      w->StartObject();
      w.Key("type");
      w.String("array");
      w.Key("items");
      w->StartObject();
      w.Key("type");
      w.String("record");
      w.Key("name");
      w.String("r508");
      w.Key("fields");
      w->StartArray();
      WritePrimitiveField(w, "contains_null", 509, false, "boolean");
      WritePrimitiveField(w, "contains_nan", 518, true, "boolean");
      WritePrimitiveField(w, "lower_bound", 510, true, "bytes");
      WritePrimitiveField(w, "upper_bound", 511, true, "bytes");
      w->EndArray();
      w->EndObject();
      w.Key("element-id");
      w->Int(508);
      w->EndObject();
    });
  };
  if (v1) partitions();
  WritePrimitiveField(w, "added_rows_count", 512, v1, "long");
  WritePrimitiveField(w, "existing_rows_count", 513, v1, "long");
  WritePrimitiveField(w, "deleted_rows_count", 514, v1, "long");
  if (!v1) partitions();
  WritePrimitiveField(w, "key_metadata", 519, true, "bytes");
  if (format_version >= 3) WritePrimitiveField(w, "first_row_id", 520, true, "long");
  w->EndArray();
  w->EndObject();
  return w.Take();
}

Status EncodePartitionValue(const Type& type, const Literal& value, avro::Encoder& encoder) {
  if (value.is_null() || type.id() == TypeId::kUnknown) {
    encoder.WriteUnionBranch(0);
    return Status::OK();
  }
  auto mismatch = [&] {
    return InvalidData("partition value does not match its type {}", type.ToString());
  };
  encoder.WriteUnionBranch(1);
  switch (type.id()) {
    case TypeId::kBoolean: {
      const bool* v = value.get_if<bool>();
      if (v == nullptr) return mismatch();
      encoder.WriteBoolean(*v);
      return Status::OK();
    }
    case TypeId::kInt:
    case TypeId::kDate: {
      const int32_t* v = value.get_if<int32_t>();
      if (v == nullptr) return mismatch();
      encoder.WriteInt(*v);
      return Status::OK();
    }
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: {
      const int64_t* v = value.get_if<int64_t>();
      if (v == nullptr) return mismatch();
      encoder.WriteLong(*v);
      return Status::OK();
    }
    case TypeId::kFloat: {
      const float* v = value.get_if<float>();
      if (v == nullptr) return mismatch();
      encoder.WriteFloat(*v);
      return Status::OK();
    }
    case TypeId::kDouble: {
      const double* v = value.get_if<double>();
      if (v == nullptr) return mismatch();
      encoder.WriteDouble(*v);
      return Status::OK();
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      const std::string* v = value.get_if<std::string>();
      if (v == nullptr) return mismatch();
      encoder.WriteBytes(*v);
      return Status::OK();
    }
    case TypeId::kUuid:
    case TypeId::kFixed: {
      const std::string* v = value.get_if<std::string>();
      int64_t size = type.id() == TypeId::kUuid ? 16 : static_cast<const PrimitiveType&>(type).length();
      if (v == nullptr || static_cast<int64_t>(v->size()) != size) return mismatch();
      encoder.WriteFixed(*v);
      return Status::OK();
    }
    case TypeId::kDecimal: {
      const Decimal* v = value.get_if<Decimal>();
      if (v == nullptr) return mismatch();
      int size = DecimalRequiredBytes(static_cast<const PrimitiveType&>(type).precision());
      char bytes[16];
      auto raw = static_cast<unsigned __int128>(v->unscaled);
      for (int i = 15; i >= 0; --i) {
        bytes[i] = static_cast<char>(raw & 0xff);
        raw >>= 8;
      }
      encoder.WriteFixed(std::string_view(bytes + 16 - size, static_cast<size_t>(size)));
      return Status::OK();
    }
    default: return NotImplemented("Cannot write a partition value of type {} in a manifest", type.ToString());
  }
}

std::string PartitionFieldsJson(const PartitionSpec& spec) {
  JsonWriter w;
  w->StartArray();
  for (const PartitionField& field : spec.fields()) {
    w->StartObject();
    w.Key("name");
    w.String(field.name);
    w.Key("transform");
    w.String(field.transform.ToString());
    if (field.source_ids.size() > 1) {
      w.Key("source-ids");
      w->StartArray();
      for (int32_t id : field.source_ids) w->Int(id);
      w->EndArray();
    } else {
      w.Key("source-id");
      w->Int(field.source_ids.empty() ? field.source_id : field.source_ids.front());
    }
    w.Key("field-id");
    w->Int(field.field_id);
    w->EndObject();
  }
  w->EndArray();
  return w.Take();
}

}  // namespace floe::iceberg::internal
