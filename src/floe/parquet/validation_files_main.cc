// parquet_write_validation_files OUT_DIR: writes Parquet files with floe's
// writer for independent readers (test/parquet/validate.mjs: DuckDB and
// hyparquet) and, next to each FILE.parquet, FILE.expected.json with the
// values written (a canonical form: every primitive as a string, lists as
// arrays, structs as objects, maps as [key, value] pairs) and a type tree.
// Deterministic: the same files on every run.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "floe/columnar/vector.h"
#include "floe/common/json.h"
#include "floe/io/file_io.h"
#include "floe/parquet/file_writer.h"

namespace floe::parquet {
namespace {

using columnar::Batch;
using columnar::TypeId;
using columnar::Vector;
using Type = WriteField::Type;

WriteField Field(int32_t id, std::string name, Type type, bool required = false, std::vector<WriteField> children = {}) {
  WriteField field;
  field.field_id = id;
  field.name = std::move(name);
  field.type = type;
  field.required = required;
  field.children = std::move(children);
  return field;
}

std::string Quote(std::string_view text) {
  json::JsonWriter writer;
  writer.String(text);
  return writer.Take();
}

std::string Hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// The type tree the checker normalises readers' values with.
std::string TypeJson(const WriteField& field) {
  std::string kind;
  switch (field.type) {
    case Type::kBoolean: kind = "bool"; break;
    case Type::kInt: kind = "int"; break;
    case Type::kLong: kind = "long"; break;
    case Type::kFloat:
    case Type::kDouble: kind = "double"; break;
    case Type::kDecimal: kind = "decimal"; break;
    case Type::kDate: kind = "date"; break;
    case Type::kTimestamp:
    case Type::kTimestampTz: kind = "timestamp_ms"; break;
    case Type::kString: kind = "string"; break;
    case Type::kBinary:
    case Type::kFixed:
    case Type::kUuid: kind = "binary"; break;
    case Type::kStruct: kind = "struct"; break;
    case Type::kList: kind = "list"; break;
    case Type::kMap: kind = "map"; break;
    default: kind = "other"; break;
  }
  std::string out = fmt::format("{{\"name\":{},\"id\":{},\"kind\":\"{}\",\"scale\":{}", Quote(field.name),
                                field.field_id, kind, field.scale);
  if (!field.children.empty()) {
    out += ",\"children\":[";
    for (size_t i = 0; i < field.children.size(); ++i) out += (i ? "," : "") + TypeJson(field.children[i]);
    out += "]";
  }
  return out + "}";
}

std::string ValueJson(const Vector& v, int64_t row) {
  if (v.IsNull(row)) return "null";
  switch (v.type.id) {
    case TypeId::kStruct: {
      std::string out = "{";
      for (size_t i = 0; i < v.children.size(); ++i) {
        out += fmt::format("{}{}:{}", i ? "," : "", Quote(v.type.children[i].name), ValueJson(*v.children[i], row));
      }
      return out + "}";
    }
    case TypeId::kList: {
      std::string out = "[";
      for (int32_t i = v.Offsets()[row]; i < v.Offsets()[row + 1]; ++i) {
        out += (i > v.Offsets()[row] ? "," : "") + ValueJson(*v.children[0], i);
      }
      return out + "]";
    }
    case TypeId::kMap: {
      std::string out = "[";
      for (int32_t i = v.Offsets()[row]; i < v.Offsets()[row + 1]; ++i) {
        out += fmt::format("{}[{},{}]", i > v.Offsets()[row] ? "," : "", ValueJson(*v.children[0], i),
                           ValueJson(*v.children[1], i));
      }
      return out + "]";
    }
    case TypeId::kBool: return v.Values<uint8_t>()[row] ? "\"true\"" : "\"false\"";
    case TypeId::kTimestamp: return Quote(fmt::format("{}", v.Values<int64_t>()[row] / 1000));
    case TypeId::kFloat: return Quote(fmt::format("{}", v.Values<float>()[row]));
    case TypeId::kDouble: return Quote(fmt::format("{}", v.Values<double>()[row]));
    case TypeId::kString: return Quote(v.BytesAt(row));
    case TypeId::kBinary:
    case TypeId::kFixedBinary: return Quote(Hex(v.BytesAt(row)));
    default: return Quote(columnar::FormatValue(v, row));  // ints, dates (YYYY-MM-DD), decimals ("12.34")
  }
}

struct Spec {
  std::string name;
  std::vector<WriteField> schema;
  Codec codec = Codec::kZstd;
  int64_t rows = 0;
  int64_t batch_rows = 4096;
  bool expected_values = true;  // false: only the row count and a few rows
  std::vector<int32_t> bloom_filter_field_ids;
  int64_t page_bytes = 0;  // 0: the default
  bool data_page_v2 = false;
};

// Fills one column's row `r` deterministically (nulls every 7th row of an optional field).
void Fill(const WriteField& field, Vector& v, int64_t r, int depth) {
  if (!field.required && (r + depth + field.field_id) % 7 == 3) {
    v.AppendNull();
    return;
  }
  int64_t x = (r * 7919 + field.field_id * 31) % 100000 - 50000;
  switch (field.type) {
    case Type::kBoolean: v.Append<uint8_t>(x % 2 != 0); break;
    case Type::kInt: v.Append<int32_t>(static_cast<int32_t>(x * 977)); break;
    case Type::kLong: v.Append<int64_t>(x * 1'000'000'007LL); break;
    case Type::kFloat: v.Append<float>(static_cast<float>(x) / 4); break;
    case Type::kDouble: v.Append<double>(static_cast<double>(x) / 8); break;
    case Type::kDate: v.Append<int32_t>(static_cast<int32_t>(19000 + x % 3000)); break;
    case Type::kTimestamp:
    case Type::kTimestampTz: v.Append<int64_t>((1'700'000'000'000LL + x * 1009) * 1000); break;
    case Type::kString: v.AppendBytes(fmt::format("s{}-{}", x % 101, r % 3 == 0 ? "é\"," : "plain")); break;
    case Type::kBinary: v.AppendBytes(std::string(static_cast<size_t>(r % 5), static_cast<char>(x & 0xff))); break;
    case Type::kDecimal: v.Append<__int128>(static_cast<__int128>(x) * 13); break;
    case Type::kStruct:
      for (size_t i = 0; i < field.children.size(); ++i) Fill(field.children[i], *v.children[i], r, depth + 1);
      v.FinishRow();
      break;
    case Type::kList: {
      int n = static_cast<int>((r + depth) % 4);
      for (int i = 0; i < n; ++i) Fill(field.children[0], *v.children[0], r * 4 + i, depth + 1);
      v.FinishRow();
      break;
    }
    case Type::kMap: {
      int n = static_cast<int>((r + depth) % 3);
      for (int i = 0; i < n; ++i) {
        v.children[0]->AppendBytes(fmt::format("k{}", i));
        Fill(field.children[1], *v.children[1], r * 3 + i, depth + 1);
      }
      v.FinishRow();
      break;
    }
    default: v.AppendNull(); break;
  }
}

Status WriteOne(io::FileIO& file_io, const std::string& dir, const Spec& spec) {
  std::string path = dir + "/" + spec.name + ".parquet";
  std::remove(path.c_str());
  FLOE_ASSIGN_OR_RETURN(auto output, file_io.CreateOutput(path, io::WriteMode::kOverwrite));
  WriterOptions options;
  options.codec = spec.codec;
  options.bloom_filter_field_ids = spec.bloom_filter_field_ids;
  if (spec.page_bytes > 0) options.page_bytes = spec.page_bytes;
  options.data_page_v2 = spec.data_page_v2;
  FLOE_ASSIGN_OR_RETURN(auto writer, ParquetWriter::Make(std::move(output), spec.schema, options));
  std::ofstream expected(dir + "/" + spec.name + ".expected.json");
  std::string types = "[";
  for (size_t i = 0; i < spec.schema.size(); ++i) types += (i ? "," : "") + TypeJson(spec.schema[i]);
  types += "]";
  expected << fmt::format("{{\"file\":{},\"codec\":{},\"rows\":{},\"fields\":{},\"values\":[", Quote(path),
                          static_cast<int>(spec.codec), spec.rows, types);
  bool first_row = true;
  for (int64_t start = 0; start < spec.rows; start += spec.batch_rows) {
    int64_t n = std::min(spec.batch_rows, spec.rows - start);
    Batch batch;
    batch.num_rows = n;
    for (const auto& f : writer->columnar_schema()) batch.columns.push_back(Vector::Make(f.type));
    for (int64_t r = start; r < start + n; ++r) {
      for (size_t c = 0; c < spec.schema.size(); ++c) Fill(spec.schema[c], *batch.columns[c], r, 0);
    }
    for (int64_t r = 0; r < n; ++r) {
      if (!spec.expected_values && start + r >= 1000) break;
      std::string row = "[";
      for (size_t c = 0; c < batch.columns.size(); ++c) row += (c ? "," : "") + ValueJson(*batch.columns[c], r);
      expected << (first_row ? "" : ",\n") << row << "]";
      first_row = false;
    }
    FLOE_RETURN_IF_ERROR(writer->Write(batch));
  }
  expected << "]}\n";
  FLOE_RETURN_IF_ERROR(writer->Close());
  return Status::OK();
}

std::vector<WriteField> Primitives() {
  std::vector<WriteField> schema = {
      Field(1, "id", Type::kLong, true),    Field(2, "b", Type::kBoolean),     Field(3, "i", Type::kInt),
      Field(4, "l", Type::kLong),           Field(5, "f", Type::kFloat),       Field(6, "d", Type::kDouble),
      Field(7, "date", Type::kDate),        Field(8, "ts", Type::kTimestamp),  Field(9, "tstz", Type::kTimestampTz),
      Field(10, "s", Type::kString),        Field(11, "bin", Type::kBinary),   Field(12, "dec", Type::kDecimal),
      Field(13, "dec_long", Type::kDecimal),
  };
  schema[11].precision = 9;
  schema[11].scale = 2;
  schema[12].precision = 18;
  schema[12].scale = 3;
  return schema;
}

std::vector<WriteField> Nested() {
  return {
      Field(1, "id", Type::kLong, true),
      Field(2, "tags", Type::kList, false, {Field(3, "element", Type::kString)}),
      Field(4, "props", Type::kMap, false, {Field(5, "key", Type::kString, true), Field(6, "value", Type::kLong)}),
      Field(7, "point", Type::kStruct, false, {Field(8, "x", Type::kDouble), Field(9, "y", Type::kDouble)}),
      Field(10, "matrix", Type::kList, false, {Field(11, "element", Type::kList, false, {Field(12, "element", Type::kInt)})}),
      Field(13, "people", Type::kList, false,
            {Field(14, "element", Type::kStruct, false,
                   {Field(15, "name", Type::kString), Field(16, "age", Type::kInt)})}),
  };
}

// Required fields inside optional structs (null structs leave them unset),
// nested two deep, and inside a list of optional structs.
std::vector<WriteField> RequiredInsideOptional() {
  return {
      Field(1, "id", Type::kLong, true),
      Field(2, "point", Type::kStruct, false,
            {Field(3, "x", Type::kDouble, true), Field(4, "y", Type::kDouble),
             Field(5, "label", Type::kStruct, false, {Field(6, "text", Type::kString, true)})}),
      Field(7, "people", Type::kList, false,
            {Field(8, "element", Type::kStruct, false, {Field(9, "name", Type::kString, true)})}),
  };
}

int Main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  auto file_io = io::FileIOForLocation(dir + "/x.parquet");
  if (!file_io.ok()) {
    std::fprintf(stderr, "%s\n", file_io.status().message().c_str());
    return 1;
  }
  std::vector<Spec> specs;
  specs.push_back({"primitives_zstd", Primitives(), Codec::kZstd, 3000});
  specs.push_back({"primitives_snappy", Primitives(), Codec::kSnappy, 3000});
  specs.push_back({"primitives_gzip", Primitives(), Codec::kGzip, 3000});
  specs.push_back({"primitives_none", Primitives(), Codec::kUncompressed, 3000});
  specs.push_back({"nested_zstd", Nested(), Codec::kZstd, 2000});
  specs.push_back({"nested_snappy", Nested(), Codec::kSnappy, 2000});
  specs.push_back({"large_row_group", Primitives(), Codec::kZstd, 200000, 8192, false});
  specs.push_back({"required_in_null_struct", RequiredInsideOptional(), Codec::kZstd, 1000});
  // Small pages (a page index of many entries) and bloom filters on i, l, s.
  specs.push_back({"bloom_filters_small_pages", Primitives(), Codec::kSnappy, 5000, 4096, true, {3, 4, 10}, 2048});
  specs.push_back({"primitives_page_v2", Primitives(), Codec::kZstd, 3000, 4096, true, {}, 4096, true});
  specs.push_back({"nested_page_v2", Nested(), Codec::kSnappy, 2000, 4096, true, {}, 2048, true});
  for (const auto& spec : specs) {
    Status status = WriteOne(**file_io, dir, spec);
    if (!status.ok()) {
      std::fprintf(stderr, "%s: %s\n", spec.name.c_str(), status.message().c_str());
      return 1;
    }
    std::printf("wrote %s/%s.parquet\n", dir.c_str(), spec.name.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace floe::parquet

int main(int argc, char** argv) { return floe::parquet::Main(argc, argv); }
