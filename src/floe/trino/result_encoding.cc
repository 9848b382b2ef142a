#include "floe/trino/result_encoding.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "floe/engine/value.h"
#include "floe/sql/error.h"

namespace floe::trino {

using engine::SqlType;
using engine::SqlTypeKind;

namespace {

void LongArgument(json::JsonWriter& writer, int64_t value) {
  writer->StartObject();
  writer.Key("kind");
  writer.String("LONG");
  writer.Key("value");
  writer->Int64(value);
  writer->EndObject();
}

void TypeArgument(json::JsonWriter& writer, const SqlType& type) {
  writer->StartObject();
  writer.Key("kind");
  writer.String("TYPE");
  writer.Key("value");
  WriteTypeSignature(writer, type);
  writer->EndObject();
}

void NumberText(json::JsonWriter& writer, const std::string& text) {
  writer->RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

void WriteFloating(json::JsonWriter& writer, double value, bool is_real) {
  if (std::isnan(value)) return writer.String("NaN");
  if (std::isinf(value)) return writer.String(value > 0 ? "Infinity" : "-Infinity");
  // Shortest text that reads back to the same value (of the column's width).
  NumberText(writer, is_real ? fmt::format("{}", static_cast<float>(value)) : fmt::format("{}", value));
}

std::string UuidText(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    auto byte = static_cast<unsigned char>(bytes[i]);
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 15]);
  }
  return out;
}

// The text a map key takes as a JSON object member name.
std::string KeyText(const columnar::Vector& vector, int64_t row, const SqlType& type) {
  if (vector.IsNull(row)) return "null";
  engine::Value value = engine::ReadValue(vector, row, type);
  switch (type.kind) {
    case SqlTypeKind::kVarchar: return value.string();
    case SqlTypeKind::kVarbinary: return Base64Encode(value.string());
    case SqlTypeKind::kUuid: return UuidText(value.string());
    case SqlTypeKind::kBoolean: return value.boolean() ? "true" : "false";
    default: {
      json::JsonWriter scratch;
      WriteValue(scratch, vector, row, type);
      std::string text = scratch.Take();
      if (text.size() >= 2 && text.front() == '"') return text.substr(1, text.size() - 2);
      return text;
    }
  }
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], kAlphabet[n & 63]};
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

void WriteTypeSignature(json::JsonWriter& writer, const SqlType& type) {
  writer->StartObject();
  writer.Key("rawType");
  writer.String(engine::RawTypeName(type));
  writer.Key("arguments");
  writer->StartArray();
  switch (type.kind) {
    case SqlTypeKind::kVarchar:
      LongArgument(writer, type.length.value_or(std::numeric_limits<int32_t>::max()));
      break;
    case SqlTypeKind::kDecimal:
      LongArgument(writer, type.precision);
      LongArgument(writer, type.scale);
      break;
    case SqlTypeKind::kTime:
    case SqlTypeKind::kTimestamp:
    case SqlTypeKind::kTimestampTz:
      LongArgument(writer, type.precision);
      break;
    case SqlTypeKind::kArray:
    case SqlTypeKind::kMap:
      for (const SqlType& child : type.children) TypeArgument(writer, child);
      break;
    case SqlTypeKind::kRow:
      for (size_t i = 0; i < type.children.size(); ++i) {
        writer->StartObject();
        writer.Key("kind");
        writer.String("NAMED_TYPE");
        writer.Key("value");
        writer->StartObject();
        if (i < type.field_names.size() && !type.field_names[i].empty()) {
          writer.Key("fieldName");
          writer->StartObject();
          writer.Key("name");
          writer.String(type.field_names[i]);
          writer->EndObject();
        }
        writer.Key("typeSignature");
        WriteTypeSignature(writer, type.children[i]);
        writer->EndObject();
        writer->EndObject();
      }
      break;
    default: break;
  }
  writer->EndArray();
  writer->EndObject();
}

void WriteColumn(json::JsonWriter& writer, std::string_view name, const SqlType& type) {
  writer->StartObject();
  writer.Key("name");
  writer.String(name);
  writer.Key("type");
  writer.String(engine::TypeSignature(type));
  writer.Key("typeSignature");
  WriteTypeSignature(writer, type);
  writer->EndObject();
}

void WriteValue(json::JsonWriter& writer, const columnar::Vector& vector, int64_t row, const SqlType& type) {
  if (vector.IsNull(row) || type.kind == SqlTypeKind::kUnknown) {
    writer->Null();
    return;
  }
  if (vector.dictionary) {
    WriteValue(writer, *vector.dictionary, vector.Values<int32_t>()[row], type);
    return;
  }
  switch (type.kind) {
    case SqlTypeKind::kArray: {
      const int32_t* offsets = vector.Offsets();
      writer->StartArray();
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) WriteValue(writer, *vector.children[0], i, type.children[0]);
      writer->EndArray();
      return;
    }
    case SqlTypeKind::kMap: {
      const int32_t* offsets = vector.Offsets();
      writer->StartObject();
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        writer.Key(KeyText(*vector.children[0], i, type.children[0]));
        WriteValue(writer, *vector.children[1], i, type.children[1]);
      }
      writer->EndObject();
      return;
    }
    case SqlTypeKind::kRow: {
      writer->StartArray();
      for (size_t f = 0; f < type.children.size() && f < vector.children.size(); ++f) {
        WriteValue(writer, *vector.children[f], row, type.children[f]);
      }
      writer->EndArray();
      return;
    }
    default: break;
  }
  engine::Value value = engine::ReadValue(vector, row, type);
  if (value.is_null()) {
    writer->Null();
    return;
  }
  switch (type.kind) {
    case SqlTypeKind::kBoolean: writer->Bool(value.boolean()); return;
    case SqlTypeKind::kTinyint:
    case SqlTypeKind::kSmallint:
    case SqlTypeKind::kInteger:
    case SqlTypeKind::kBigint: writer->Int64(value.integer()); return;
    case SqlTypeKind::kReal: WriteFloating(writer, value.real(), true); return;
    case SqlTypeKind::kDouble: WriteFloating(writer, value.real(), false); return;
    case SqlTypeKind::kVarchar: writer.String(value.string()); return;
    case SqlTypeKind::kVarbinary: writer.String(Base64Encode(value.string())); return;
    case SqlTypeKind::kUuid: writer.String(UuidText(value.string())); return;
    default:
      // decimal, date, time, timestamp [with time zone]: Trino's text forms.
      writer.String(engine::FormatValue(value, type));
      return;
  }
}

void WriteError(json::JsonWriter& writer, const Status& status) {
  sql::QueryError error = sql::DescribeError(status);
  auto write_location = [&] {
    if (!error.location) return;
    writer.Key("errorLocation");
    writer->StartObject();
    writer.Key("lineNumber");
    writer->Int(error.location->line);
    writer.Key("columnNumber");
    writer->Int(error.location->column);
    writer->EndObject();
  };
  writer->StartObject();
  writer.Key("message");
  writer.String(error.message);
  writer.Key("errorCode");
  writer->Int(error.error_code);
  writer.Key("errorName");
  writer.String(error.error_name);
  writer.Key("errorType");
  writer.String(error.error_type);
  write_location();
  writer.Key("failureInfo");
  writer->StartObject();
  writer.Key("type");
  writer.String("io.trino.spi.TrinoException");
  writer.Key("message");
  writer.String(error.message);
  writer.Key("suppressed");
  writer->StartArray();
  writer->EndArray();
  writer.Key("stack");
  writer->StartArray();
  writer->EndArray();
  write_location();
  writer->EndObject();
  writer->EndObject();
}

}  // namespace floe::trino
