#include "floe/avro/datum.h"

#include <cmath>
#include <cstring>

namespace floe::avro {

// ---- Datum -----------------------------------------------------------------

Datum Datum::Boolean(bool value) {
  Datum d;
  d.type_ = Type::kBoolean;
  d.integer_ = value ? 1 : 0;
  return d;
}
Datum Datum::Int(int32_t value) {
  Datum d;
  d.type_ = Type::kInt;
  d.integer_ = value;
  return d;
}
Datum Datum::Long(int64_t value) {
  Datum d;
  d.type_ = Type::kLong;
  d.integer_ = value;
  return d;
}
Datum Datum::Float(float value) {
  Datum d;
  d.type_ = Type::kFloat;
  d.real_ = value;
  return d;
}
Datum Datum::Double(double value) {
  Datum d;
  d.type_ = Type::kDouble;
  d.real_ = value;
  return d;
}
Datum Datum::Bytes(std::string value) {
  Datum d;
  d.type_ = Type::kBytes;
  d.bytes_ = std::move(value);
  return d;
}
Datum Datum::String(std::string value) {
  Datum d;
  d.type_ = Type::kString;
  d.bytes_ = std::move(value);
  return d;
}
Datum Datum::Fixed(std::string value) {
  Datum d;
  d.type_ = Type::kFixed;
  d.bytes_ = std::move(value);
  return d;
}
Datum Datum::Enum(size_t index) {
  Datum d;
  d.type_ = Type::kEnum;
  d.integer_ = static_cast<int64_t>(index);
  return d;
}
Datum Datum::Record(std::vector<Datum> fields) {
  Datum d;
  d.type_ = Type::kRecord;
  d.children_ = std::move(fields);
  return d;
}
Datum Datum::Array(std::vector<Datum> items) {
  Datum d;
  d.type_ = Type::kArray;
  d.children_ = std::move(items);
  return d;
}
Datum Datum::Map(std::vector<std::string> keys, std::vector<Datum> values) {
  Datum d;
  d.type_ = Type::kMap;
  d.keys_ = std::move(keys);
  d.children_ = std::move(values);
  return d;
}
Datum Datum::Union(size_t branch, Datum value) {
  Datum d;
  d.type_ = Type::kUnion;
  d.integer_ = static_cast<int64_t>(branch);
  d.children_.push_back(std::move(value));
  return d;
}

bool Datum::operator==(const Datum& other) const {
  if (type_ != other.type_ || integer_ != other.integer_ || bytes_ != other.bytes_ || keys_ != other.keys_ ||
      children_ != other.children_) {
    return false;
  }
  if (type_ == Type::kFloat) {
    float a = float_value(), b = other.float_value();
    return std::memcmp(&a, &b, sizeof a) == 0;
  }
  return std::memcmp(&real_, &other.real_, sizeof real_) == 0;
}

// ---- Decoding --------------------------------------------------------------

namespace {

bool DecodeValue(Decoder& decoder, const Node& schema, Datum* out, int depth);

bool DecodeBlocks(Decoder& decoder, const Node& schema, Datum* out, int depth) {
  const bool is_map = schema.type == Type::kMap;
  const Node& item = is_map ? *schema.values : *schema.items;
  std::vector<std::string> keys;
  std::vector<Datum> values;
  while (true) {
    int64_t count;
    if (!decoder.ReadBlockCount(item.min_encoded_size + (is_map ? 1 : 0), &count)) return false;
    if (count == 0) break;
    values.reserve(values.size() + static_cast<size_t>(std::min<int64_t>(count, 4096)));
    for (int64_t i = 0; i < count; ++i) {
      if (is_map) {
        std::string_view key;
        if (!decoder.ReadString(&key)) return false;
        keys.emplace_back(key);
      }
      values.emplace_back();
      if (!DecodeValue(decoder, item, &values.back(), depth + 1)) return false;
    }
  }
  *out = is_map ? Datum::Map(std::move(keys), std::move(values)) : Datum::Array(std::move(values));
  return true;
}

bool DecodeValue(Decoder& decoder, const Node& schema, Datum* out, int depth) {
  if (depth > Decoder::kMaxNestingDepth) return decoder.Fail(DecodeProblem::kNestingTooDeep);
  switch (schema.type) {
    case Type::kNull: *out = Datum::Null(); return true;
    case Type::kBoolean: {
      bool value;
      if (!decoder.ReadBoolean(&value)) return false;
      *out = Datum::Boolean(value);
      return true;
    }
    case Type::kInt: {
      int32_t value;
      if (!decoder.ReadInt(&value)) return false;
      *out = Datum::Int(value);
      return true;
    }
    case Type::kLong: {
      int64_t value;
      if (!decoder.ReadLong(&value)) return false;
      *out = Datum::Long(value);
      return true;
    }
    case Type::kFloat: {
      float value;
      if (!decoder.ReadFloat(&value)) return false;
      *out = Datum::Float(value);
      return true;
    }
    case Type::kDouble: {
      double value;
      if (!decoder.ReadDouble(&value)) return false;
      *out = Datum::Double(value);
      return true;
    }
    case Type::kBytes:
    case Type::kString: {
      std::string_view value;
      if (!decoder.ReadBytes(&value)) return false;
      *out = schema.type == Type::kBytes ? Datum::Bytes(std::string(value)) : Datum::String(std::string(value));
      return true;
    }
    case Type::kFixed: {
      std::string_view value;
      if (!decoder.ReadFixed(static_cast<size_t>(schema.fixed_size), &value)) return false;
      *out = Datum::Fixed(std::string(value));
      return true;
    }
    case Type::kEnum: {
      size_t index;
      if (!decoder.ReadEnumIndex(schema.symbols.size(), &index)) return false;
      *out = Datum::Enum(index);
      return true;
    }
    case Type::kRecord: {
      std::vector<Datum> fields(schema.fields.size());
      for (size_t i = 0; i < fields.size(); ++i) {
        if (!DecodeValue(decoder, *schema.fields[i].type, &fields[i], depth + 1)) return false;
      }
      *out = Datum::Record(std::move(fields));
      return true;
    }
    case Type::kUnion: {
      size_t branch;
      if (!decoder.ReadUnionBranch(schema.branches.size(), &branch)) return false;
      Datum value;
      if (!DecodeValue(decoder, *schema.branches[branch], &value, depth + 1)) return false;
      *out = Datum::Union(branch, std::move(value));
      return true;
    }
    case Type::kArray:
    case Type::kMap: return DecodeBlocks(decoder, schema, out, depth);
  }
  return decoder.Fail(DecodeProblem::kBadValue);
}

}  // namespace

Status DecodeDatum(Decoder& decoder, const Node& schema, Datum* out) {
  if (!DecodeValue(decoder, schema, out, 0)) return decoder.status();
  return Status::OK();
}

// ---- Encoding --------------------------------------------------------------

namespace {

Status Mismatch(const std::string& path, const Node& schema, const Datum& datum) {
  return InvalidData("at {}: expected {}, got a {} datum", path.empty() ? "." : path, TypeName(schema.type),
                     TypeName(datum.type()));
}

Status EncodeValue(const Node& schema, const Datum& datum, Encoder& encoder, std::string& path, int depth) {
  if (depth > Decoder::kMaxNestingDepth) return InvalidData("at {}: values nested too deeply", path);
  if (schema.type != datum.type()) return Mismatch(path, schema, datum);
  switch (schema.type) {
    case Type::kNull: return Status::OK();
    case Type::kBoolean: encoder.WriteBoolean(datum.boolean()); return Status::OK();
    case Type::kInt: encoder.WriteInt(datum.int_value()); return Status::OK();
    case Type::kLong: encoder.WriteLong(datum.long_value()); return Status::OK();
    case Type::kFloat: encoder.WriteFloat(datum.float_value()); return Status::OK();
    case Type::kDouble: encoder.WriteDouble(datum.double_value()); return Status::OK();
    case Type::kBytes:
    case Type::kString: encoder.WriteBytes(datum.bytes()); return Status::OK();
    case Type::kFixed:
      if (static_cast<int64_t>(datum.bytes().size()) != schema.fixed_size) {
        return InvalidData("at {}: fixed {} needs {} bytes, got {}", path, schema.FullName(), schema.fixed_size,
                           datum.bytes().size());
      }
      encoder.WriteFixed(datum.bytes());
      return Status::OK();
    case Type::kEnum:
      if (datum.enum_index() >= schema.symbols.size()) {
        return InvalidData("at {}: enum index {} out of range for {}", path, datum.enum_index(), schema.FullName());
      }
      encoder.WriteEnumIndex(datum.enum_index());
      return Status::OK();
    case Type::kRecord: {
      if (datum.fields().size() != schema.fields.size()) {
        return InvalidData("at {}: record {} has {} fields, the datum {}", path, schema.FullName(),
                           schema.fields.size(), datum.fields().size());
      }
      for (size_t i = 0; i < schema.fields.size(); ++i) {
        size_t length = path.size();
        path.append(".").append(schema.fields[i].name);
        FLOE_RETURN_IF_ERROR(EncodeValue(*schema.fields[i].type, datum.fields()[i], encoder, path, depth + 1));
        path.resize(length);
      }
      return Status::OK();
    }
    case Type::kUnion:
      if (datum.union_branch() >= schema.branches.size()) {
        return InvalidData("at {}: union branch {} out of range", path, datum.union_branch());
      }
      encoder.WriteUnionBranch(datum.union_branch());
      return EncodeValue(*schema.branches[datum.union_branch()], datum.union_value(), encoder, path, depth + 1);
    case Type::kArray:
    case Type::kMap: {
      const bool is_map = schema.type == Type::kMap;
      const auto& values = is_map ? datum.map_values() : datum.items();
      if (is_map && datum.map_keys().size() != values.size()) return InvalidData("at {}: map keys/values differ", path);
      if (!values.empty()) encoder.WriteBlockCount(static_cast<int64_t>(values.size()));
      for (size_t i = 0; i < values.size(); ++i) {
        if (is_map) encoder.WriteString(datum.map_keys()[i]);
        size_t length = path.size();
        path += is_map ? fmt::format("[\"{}\"]", datum.map_keys()[i]) : fmt::format("[{}]", i);
        FLOE_RETURN_IF_ERROR(EncodeValue(is_map ? *schema.values : *schema.items, values[i], encoder, path, depth + 1));
        path.resize(length);
      }
      encoder.WriteBlockCount(0);
      return Status::OK();
    }
  }
  return Internal("unknown Avro type");
}

}  // namespace

Status EncodeDatum(const Node& schema, const Datum& datum, Encoder& encoder) {
  std::string path;
  return EncodeValue(schema, datum, encoder, path, 0);
}

// ---- JSON ------------------------------------------------------------------

namespace {

// Bytes as a JSON string of code points U+0000..U+00FF, UTF-8 encoded.
std::string BytesAsCodePoints(std::string_view bytes) {
  std::string text;
  text.reserve(bytes.size());
  for (unsigned char byte : bytes) {
    if (byte < 0x80) {
      text.push_back(static_cast<char>(byte));
    } else {
      text.push_back(static_cast<char>(0xC0 | (byte >> 6)));
      text.push_back(static_cast<char>(0x80 | (byte & 0x3F)));
    }
  }
  return text;
}

template <typename Number>
std::string NumberJson(Number value) {
  if (std::isnan(value)) return "\"NaN\"";
  if (std::isinf(value)) return value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  return fmt::format("{}", value);
}

void WriteJson(const Node& schema, const Datum& datum, json::JsonWriter& writer, int depth) {
  if (depth > Decoder::kMaxNestingDepth || schema.type != datum.type()) {
    writer->Null();  // cannot happen for decoded data
    return;
  }
  switch (schema.type) {
    case Type::kNull: writer->Null(); return;
    case Type::kBoolean: writer->Bool(datum.boolean()); return;
    case Type::kInt: writer->Int(datum.int_value()); return;
    case Type::kLong: writer->Int64(datum.long_value()); return;
    case Type::kFloat: writer.Raw(NumberJson(datum.float_value())); return;
    case Type::kDouble: writer.Raw(NumberJson(datum.double_value())); return;
    case Type::kString:
      if (simdjson::validate_utf8(datum.bytes().data(), datum.bytes().size())) {
        writer.String(datum.bytes());
        return;
      }
      [[fallthrough]];
    case Type::kBytes:
    case Type::kFixed: writer.String(BytesAsCodePoints(datum.bytes())); return;
    case Type::kEnum:
      if (datum.enum_index() < schema.symbols.size()) {
        writer.String(schema.symbols[datum.enum_index()]);
      } else {
        writer->Null();
      }
      return;
    case Type::kRecord:
      writer->StartObject();
      for (size_t i = 0; i < schema.fields.size() && i < datum.fields().size(); ++i) {
        writer.Key(schema.fields[i].name);
        WriteJson(*schema.fields[i].type, datum.fields()[i], writer, depth + 1);
      }
      writer->EndObject();
      return;
    case Type::kUnion:
      if (datum.union_branch() < schema.branches.size()) {
        WriteJson(*schema.branches[datum.union_branch()], datum.union_value(), writer, depth + 1);
      } else {
        writer->Null();
      }
      return;
    case Type::kArray:
      writer->StartArray();
      for (const Datum& item : datum.items()) WriteJson(*schema.items, item, writer, depth + 1);
      writer->EndArray();
      return;
    case Type::kMap:
      writer->StartObject();
      for (size_t i = 0; i < datum.map_keys().size() && i < datum.map_values().size(); ++i) {
        const std::string& key = datum.map_keys()[i];
        writer.Key(simdjson::validate_utf8(key.data(), key.size()) ? key : BytesAsCodePoints(key));
        WriteJson(*schema.values, datum.map_values()[i], writer, depth + 1);
      }
      writer->EndObject();
      return;
  }
}

Result<std::string> CodePointsAsBytes(std::string_view text, const std::string& path) {
  std::string bytes;
  bytes.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bytes.push_back(static_cast<char>(c));
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < text.size()) {
      bytes.push_back(static_cast<char>(((c & 0x1F) << 6) | (static_cast<unsigned char>(text[++i]) & 0x3F)));
    } else {
      return InvalidData("at {}: bytes in JSON must be code points U+0000..U+00FF", path);
    }
  }
  return bytes;
}

Result<Datum> FromJson(const Node& schema, const json::JsonValue& value, std::string& path, int depth);

Status JsonMismatch(const Node& schema, const json::JsonValue& value, const std::string& path) {
  return InvalidData("at {}: expected {}, got {}", path.empty() ? "." : path, TypeName(schema.type),
                     json::ToJson(value));
}

Result<double> JsonNumber(const Node& schema, const json::JsonValue& value, const std::string& path) {
  double number;
  if (!value.get_double().get(number)) return number;  // doubles and integers
  std::string_view text;
  if (!value.get_string().get(text)) {
    if (text == "NaN") return std::nan("");
    if (text == "Infinity") return HUGE_VAL;
    if (text == "-Infinity") return -HUGE_VAL;
  }
  return JsonMismatch(schema, value, path);
}

Result<Datum> RecordFromJson(const Node& schema, const json::JsonValue& value, std::string& path, int depth) {
  json::JsonObject object;
  if (value.get_object().get(object)) return JsonMismatch(schema, value, path);
  std::vector<Datum> fields;
  fields.reserve(schema.fields.size());
  for (const Field& field : schema.fields) {
    size_t length = path.size();
    path.append(".").append(field.name);
    json::JsonValue field_value;
    if (!object.at_key(field.name).get(field_value)) {
      FLOE_ASSIGN_OR_RETURN(Datum datum, FromJson(*field.type, field_value, path, depth + 1));
      fields.push_back(std::move(datum));
    } else if (field.default_json) {
      FLOE_ASSIGN_OR_RETURN(auto document, json::JsonDocument::Parse(*field.default_json));
      FLOE_ASSIGN_OR_RETURN(Datum datum, FromJson(*field.type, document.root(), path, depth + 1));
      fields.push_back(std::move(datum));
    } else {
      return InvalidData("at {}: missing field without a default", path);
    }
    path.resize(length);
  }
  return Datum::Record(std::move(fields));
}

Result<Datum> UnionFromJson(const Node& schema, const json::JsonValue& value, std::string& path, int depth) {
  for (size_t i = 0; i < schema.branches.size(); ++i) {
    auto datum = FromJson(*schema.branches[i], value, path, depth + 1);
    if (datum.ok()) return Datum::Union(i, std::move(datum).value());
  }
  // The Avro JSON encoding: {"int": 5}, {"test.Weather": {...}}.
  json::JsonObject object;
  if (!value.get_object().get(object) && object.size() == 1) {
    auto [key, wrapped] = *object.begin();
    for (size_t i = 0; i < schema.branches.size(); ++i) {
      const Node& branch = *schema.branches[i];
      std::string branch_name = branch.is_named() ? branch.FullName() : std::string(TypeName(branch.type));
      if (key == branch_name) {
        FLOE_ASSIGN_OR_RETURN(Datum datum, FromJson(branch, wrapped, path, depth + 1));
        return Datum::Union(i, std::move(datum));
      }
    }
  }
  return InvalidData("at {}: {} matches no branch of the union", path.empty() ? "." : path, json::ToJson(value));
}

Result<Datum> FromJson(const Node& schema, const json::JsonValue& value, std::string& path, int depth) {
  if (depth > Decoder::kMaxNestingDepth) return InvalidData("at {}: values nested too deeply", path);
  switch (schema.type) {
    case Type::kNull:
      if (!value.is_null()) return JsonMismatch(schema, value, path);
      return Datum::Null();
    case Type::kBoolean: {
      bool b;
      if (value.get_bool().get(b)) return JsonMismatch(schema, value, path);
      return Datum::Boolean(b);
    }
    case Type::kInt:
    case Type::kLong: {
      int64_t n;
      if (value.get_int64().get(n)) return JsonMismatch(schema, value, path);
      if (schema.type == Type::kLong) return Datum::Long(n);
      if (n < INT32_MIN || n > INT32_MAX) return InvalidData("at {}: {} is out of range for int", path, n);
      return Datum::Int(static_cast<int32_t>(n));
    }
    case Type::kFloat:
    case Type::kDouble: {
      FLOE_ASSIGN_OR_RETURN(double number, JsonNumber(schema, value, path));
      return schema.type == Type::kFloat ? Datum::Float(static_cast<float>(number)) : Datum::Double(number);
    }
    case Type::kString:
    case Type::kBytes:
    case Type::kFixed:
    case Type::kEnum: {
      std::string_view text;
      if (value.get_string().get(text)) return JsonMismatch(schema, value, path);
      if (schema.type == Type::kString) return Datum::String(std::string(text));
      if (schema.type == Type::kEnum) {
        int index = schema.SymbolIndex(text);
        if (index < 0) return InvalidData("at {}: {} is not a symbol of enum {}", path, text, schema.FullName());
        return Datum::Enum(static_cast<size_t>(index));
      }
      FLOE_ASSIGN_OR_RETURN(std::string bytes, CodePointsAsBytes(text, path));
      if (schema.type == Type::kBytes) return Datum::Bytes(std::move(bytes));
      if (static_cast<int64_t>(bytes.size()) != schema.fixed_size) {
        return InvalidData("at {}: fixed {} needs {} bytes, got {}", path, schema.FullName(), schema.fixed_size,
                           bytes.size());
      }
      return Datum::Fixed(std::move(bytes));
    }
    case Type::kRecord: return RecordFromJson(schema, value, path, depth);
    case Type::kUnion: return UnionFromJson(schema, value, path, depth);
    case Type::kArray: {
      json::JsonArray array;
      if (value.get_array().get(array)) return JsonMismatch(schema, value, path);
      std::vector<Datum> items;
      size_t index = 0;
      for (json::JsonValue element : array) {
        size_t length = path.size();
        path += fmt::format("[{}]", index++);
        FLOE_ASSIGN_OR_RETURN(Datum item, FromJson(*schema.items, element, path, depth + 1));
        items.push_back(std::move(item));
        path.resize(length);
      }
      return Datum::Array(std::move(items));
    }
    case Type::kMap: {
      json::JsonObject object;
      if (value.get_object().get(object)) return JsonMismatch(schema, value, path);
      std::vector<std::string> keys;
      std::vector<Datum> values;
      for (auto [key, element] : object) {
        size_t length = path.size();
        path += fmt::format("[\"{}\"]", key);
        FLOE_ASSIGN_OR_RETURN(Datum item, FromJson(*schema.values, element, path, depth + 1));
        keys.emplace_back(key);
        values.push_back(std::move(item));
        path.resize(length);
      }
      return Datum::Map(std::move(keys), std::move(values));
    }
  }
  return Internal("unknown Avro type");
}

}  // namespace

std::string DatumToJson(const Node& schema, const Datum& datum) {
  json::JsonWriter writer;
  WriteJson(schema, datum, writer, 0);
  return writer.Take();
}

Result<Datum> DatumFromJson(const Node& schema, const json::JsonValue& value) {
  std::string path;
  return FromJson(schema, value, path, 0);
}

Result<Datum> DatumFromJson(const Node& schema, std::string_view json_text) {
  FLOE_ASSIGN_OR_RETURN(auto document, json::JsonDocument::Parse(json_text));
  return DatumFromJson(schema, document.root());
}

}  // namespace floe::avro
