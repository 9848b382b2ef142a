// Writer round trips: every type, nulls, nested, codecs, dictionary fallback,
// Iceberg metrics; plus Thrift and encoding unit tests.
#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "floe/io/memory_file_io.h"
#include "floe/parquet/file_reader.h"
#include "floe/parquet/compression.h"
#include "floe/parquet/file_writer.h"
#include "floe/parquet/iceberg_bounds.h"
#include "floe/parquet/rle.h"
#include "floe/parquet/thrift_compact.h"

namespace floe::parquet {
namespace {

using columnar::Batch;
using columnar::DataType;
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

struct WrittenFile {
  std::shared_ptr<io::MemoryFileIO> io = std::make_shared<io::MemoryFileIO>();
  FileMetrics metrics;
};

Result<WrittenFile> WriteBatches(const std::vector<WriteField>& schema, const std::vector<Batch>& batches,
                                 WriterOptions options = {}) {
  WrittenFile written;
  FLOE_ASSIGN_OR_RETURN(auto output, written.io->CreateOutput("mem://test.parquet", io::WriteMode::kFailIfExists));
  FLOE_ASSIGN_OR_RETURN(auto writer, ParquetWriter::Make(std::move(output), schema, options));
  for (const Batch& batch : batches) FLOE_RETURN_IF_ERROR(writer->Write(batch));
  FLOE_RETURN_IF_ERROR(writer->Close());
  written.metrics = writer->metrics();
  return written;
}

Result<std::vector<std::vector<std::string>>> ReadBack(io::FileIO& io, std::unique_ptr<ParquetReader>* keep = nullptr) {
  FLOE_ASSIGN_OR_RETURN(auto reader, ParquetReader::Open(io, "mem://test.parquet"));
  FLOE_ASSIGN_OR_RETURN(auto batches, reader->ReadRowGroups({}, {}));
  std::vector<std::vector<std::string>> rows;
  Batch batch;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, batches->Next(&batch));
    if (!more) break;
    for (int64_t r = 0; r < batch.num_rows; ++r) {
      std::vector<std::string> row;
      for (const auto& column : batch.columns) row.push_back(columnar::FormatValue(*column, r));
      rows.push_back(std::move(row));
    }
  }
  if (keep) *keep = std::move(reader);
  return rows;
}

std::vector<std::vector<std::string>> Formatted(const Batch& batch) {
  std::vector<std::vector<std::string>> rows;
  for (int64_t r = 0; r < batch.num_rows; ++r) {
    std::vector<std::string> row;
    for (const auto& column : batch.columns) row.push_back(columnar::FormatValue(*column, r));
    rows.push_back(std::move(row));
  }
  return rows;
}

// One column per primitive type, `rows` rows, every third row null.
std::pair<std::vector<WriteField>, Batch> AllPrimitives(int64_t rows) {
  std::vector<WriteField> schema = {
      Field(1, "boolean", Type::kBoolean), Field(2, "int", Type::kInt), Field(3, "long", Type::kLong, true),
      Field(4, "float", Type::kFloat),     Field(5, "double", Type::kDouble), Field(6, "date", Type::kDate),
      Field(7, "time", Type::kTime),       Field(8, "ts", Type::kTimestamp), Field(9, "tstz", Type::kTimestampTz),
      Field(10, "ts_ns", Type::kTimestampNs), Field(11, "string", Type::kString), Field(12, "uuid", Type::kUuid),
      Field(13, "binary", Type::kBinary),  Field(14, "dec9", Type::kDecimal), Field(15, "dec18", Type::kDecimal),
      Field(16, "dec38", Type::kDecimal),  Field(17, "fixed", Type::kFixed),
  };
  schema[13].precision = 9;
  schema[13].scale = 2;
  schema[14].precision = 18;
  schema[14].scale = 3;
  schema[15].precision = 38;
  schema[15].scale = 10;
  schema[16].length = 3;
  Batch batch;
  batch.num_rows = rows;
  std::vector<DataType> types = {
      DataType(TypeId::kBool),        DataType(TypeId::kInt32),        DataType(TypeId::kInt64),
      DataType(TypeId::kFloat),       DataType(TypeId::kDouble),       DataType(TypeId::kDate),
      DataType(TypeId::kTime),        DataType::Timestamp(false),      DataType::Timestamp(true),
      DataType::Timestamp(false, true), DataType(TypeId::kString),     DataType::FixedBinary(16),
      DataType(TypeId::kBinary),      DataType::Decimal(9, 2),         DataType::Decimal(18, 3),
      DataType::Decimal(38, 10),      DataType::FixedBinary(3)};
  for (const DataType& type : types) batch.columns.push_back(Vector::Make(type));
  for (int64_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < types.size(); ++c) {
      Vector& v = *batch.columns[c];
      if (c != 2 && r % 3 == 1) {
        v.AppendNull();
        continue;
      }
      int64_t x = r * 7919 % 1000 - 500;
      switch (c) {
        case 0: v.Append<uint8_t>(r % 2); break;
        case 1: v.Append<int32_t>(static_cast<int32_t>(x * 1000)); break;
        case 2: v.Append<int64_t>(x * 1'000'000'007LL); break;
        case 3: v.Append<float>(r == 3 ? NAN : static_cast<float>(x) / 4); break;
        case 4: v.Append<double>(static_cast<double>(x) / 8); break;
        case 5: v.Append<int32_t>(static_cast<int32_t>(19000 + x)); break;
        case 6: v.Append<int64_t>((r % 86400) * 1'000'000LL); break;
        case 7:
        case 8: v.Append<int64_t>(1'700'000'000'000'000LL + x); break;
        case 9: v.Append<int64_t>(1'700'000'000'000'000'000LL + x); break;
        case 10: v.AppendBytes("value-" + std::to_string(x % 37)); break;
        case 11: {
          std::string uuid(16, static_cast<char>(r % 256));
          v.AppendBytes(uuid);
          break;
        }
        case 12: v.AppendBytes(std::string(static_cast<size_t>(r % 5), static_cast<char>(0xF0 + r % 16))); break;
        case 13: v.Append<__int128>(x * 12345); break;
        case 14: v.Append<__int128>(static_cast<__int128>(x) * 123456789012LL); break;
        case 15: v.Append<__int128>(static_cast<__int128>(x) * 1'000'000'000'000'000'000LL * 1000); break;
        case 16: v.AppendBytes(std::string{static_cast<char>(r), 'x', static_cast<char>(x)}); break;
      }
    }
  }
  return {schema, std::move(batch)};
}

TEST(ParquetWriter, RoundTripsEveryPrimitiveTypeWithNullsInEveryCodec) {
  auto [schema, batch] = AllPrimitives(1000);
  for (Codec codec : {Codec::kZstd, Codec::kSnappy, Codec::kGzip, Codec::kUncompressed, Codec::kLz4Raw, Codec::kBrotli}) {
    SCOPED_TRACE(CodecName(codec));
    WriterOptions options;
    options.codec = codec;
    auto written = WriteBatches(schema, {batch}, options);
    ASSERT_TRUE(written.ok()) << written.status().ToString();
    auto rows = ReadBack(*written->io);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ(*rows, Formatted(batch));
  }
}

TEST(ParquetWriter, DataPageV2RoundTrips) {
  auto [schema, batch] = AllPrimitives(3000);
  for (Codec codec : {Codec::kZstd, Codec::kSnappy, Codec::kUncompressed}) {
    SCOPED_TRACE(CodecName(codec));
    WriterOptions options;
    options.codec = codec;
    options.data_page_v2 = true;
    options.page_bytes = 2048;  // many pages
    auto written = WriteBatches(schema, {batch}, options);
    ASSERT_TRUE(written.ok()) << written.status().ToString();
    std::unique_ptr<ParquetReader> reader;
    auto rows = ReadBack(*written->io, &reader);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ(*rows, Formatted(batch));
    // The first data page of a column is a v2 page with its row count.
    const ColumnMetaData& column = *reader->metadata().row_groups[0].columns[1].meta_data;
    auto input = written->io->OpenInput("mem://test.parquet");
    ASSERT_TRUE(input.ok());
    std::string bytes(256, '\0');
    ASSERT_TRUE((*input)->ReadAt(column.data_page_offset, 256, reinterpret_cast<uint8_t*>(bytes.data())).ok());
    size_t header_size = 0;
    auto header = ParsePageHeader(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &header_size);
    ASSERT_TRUE(header.ok());
    EXPECT_EQ(header->type, PageType::kDataPageV2);
    ASSERT_TRUE(header->data_page_header_v2.has_value());
    EXPECT_GT(header->data_page_header_v2->num_rows, 0);
    EXPECT_EQ(header->data_page_header_v2->num_rows, header->data_page_header_v2->num_values);
  }
}

TEST(ParquetWriter, SchemaCarriesFieldIdsAndIcebergTypes) {
  std::vector<WriteField> schema = {
      Field(1, "id", Type::kLong, true),
      Field(2, "tags", Type::kList, false, {Field(3, "element", Type::kString, true)}),
      Field(4, "props", Type::kMap, false, {Field(5, "key", Type::kString, true), Field(6, "value", Type::kInt)}),
      Field(7, "point", Type::kStruct, false, {Field(8, "x", Type::kDouble, true), Field(9, "y", Type::kDouble)}),
  };
  Batch batch;
  batch.num_rows = 0;
  auto output = std::make_shared<io::MemoryFileIO>();
  auto file = output->CreateOutput("mem://test.parquet", io::WriteMode::kFailIfExists);
  ASSERT_TRUE(file.ok());
  auto writer = ParquetWriter::Make(std::move(*file), schema);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (const auto& f : (*writer)->columnar_schema()) batch.columns.push_back(Vector::Make(f.type));
  ASSERT_TRUE((*writer)->Write(batch).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  auto reader = ParquetReader::Open(*output, "mem://test.parquet");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  const auto& elements = (*reader)->metadata().schema;
  std::vector<std::pair<std::string, int>> names;
  for (const auto& e : elements) names.emplace_back(e.name, e.field_id.value_or(-1));
  std::vector<std::pair<std::string, int>> expected = {
      {"table", -1}, {"id", 1},        {"tags", 2}, {"list", -1}, {"element", 3}, {"props", 4},  {"key_value", -1},
      {"key", 5},    {"value", 6},     {"point", 7}, {"x", 8},    {"y", 9}};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(elements[2].logical_type.kind, LogicalType::Kind::kList);
  EXPECT_EQ(elements[3].repetition, Repetition::kRepeated);
  EXPECT_EQ(elements[5].logical_type.kind, LogicalType::Kind::kMap);
  auto columnar_schema = (*reader)->schema().ToColumnarSchema();
  EXPECT_EQ(columnar_schema[1].type.children[0].field_id, 3);
  EXPECT_EQ(columnar_schema[2].type.children[1].field_id, 6);
}

TEST(ParquetWriter, RoundTripsNestedListsMapsStructs) {
  std::vector<WriteField> schema = {
      Field(1, "id", Type::kInt, true),
      Field(2, "matrix", Type::kList, false, {Field(3, "row", Type::kList, false, {Field(4, "x", Type::kInt)})}),
      Field(5, "props", Type::kMap, false, {Field(6, "key", Type::kString, true),
                                            Field(7, "value", Type::kStruct, false,
                                                  {Field(8, "a", Type::kLong), Field(9, "b", Type::kList, false,
                                                                                     {Field(10, "e", Type::kString)})})}),
  };
  auto output = std::make_shared<io::MemoryFileIO>();
  auto file = output->CreateOutput("mem://test.parquet", io::WriteMode::kFailIfExists);
  auto writer = ParquetWriter::Make(std::move(*file), schema);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  Batch batch;
  for (const auto& f : (*writer)->columnar_schema()) batch.columns.push_back(Vector::Make(f.type));
  Vector& ids = *batch.columns[0];
  Vector& matrix = *batch.columns[1];
  Vector& props = *batch.columns[2];
  for (int r = 0; r < 50; ++r) {
    ids.Append<int32_t>(r);
    // matrix: null, [], [[]], [null], [[1, null, 2], [3]] cycling
    Vector& rows = *matrix.children[0];
    Vector& xs = *rows.children[0];
    switch (r % 5) {
      case 0: matrix.AppendNull(); break;
      case 1: matrix.FinishRow(); break;
      case 2: rows.FinishRow(); matrix.FinishRow(); break;
      case 3: rows.AppendNull(); matrix.FinishRow(); break;
      case 4:
        xs.Append<int32_t>(r); xs.AppendNull(); xs.Append<int32_t>(-r); rows.FinishRow();
        xs.Append<int32_t>(3); rows.FinishRow();
        matrix.FinishRow();
        break;
    }
    Vector& keys = *props.children[0];
    Vector& values = *props.children[1];
    if (r % 4 == 0) {
      props.AppendNull();
    } else {
      for (int k = 0; k < r % 4; ++k) {
        keys.AppendBytes("k" + std::to_string(k));
        if (k == 1) {
          values.AppendNull();
        } else {
          values.children[0]->Append<int64_t>(r * 10 + k);
          Vector& list = *values.children[1];
          if (k == 2) list.AppendNull(); else { list.children[0]->AppendBytes("e" + std::to_string(r)); list.children[0]->AppendNull(); list.FinishRow(); }
          values.FinishRow();
        }
      }
      props.FinishRow();
    }
  }
  batch.num_rows = 50;
  ASSERT_TRUE((*writer)->Write(batch).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  auto rows = ReadBack(*output);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, Formatted(batch));
  EXPECT_EQ((*rows)[4][1], "[[4, null, -4], [3]]");
  EXPECT_EQ((*rows)[3][2], "{k0: {a: 30, b: [e3, null]}, k1: null, k2: {a: 32, b: null}}");
}

TEST(ParquetWriter, DictionaryFallbackSmallPagesAndRowGroups) {
  std::vector<WriteField> schema = {Field(1, "s", Type::kString), Field(2, "n", Type::kLong, true)};
  std::vector<Batch> batches;
  for (int b = 0; b < 5; ++b) {
    Batch batch;
    batch.columns = {Vector::Make(DataType(TypeId::kString)), Vector::Make(DataType(TypeId::kInt64))};
    for (int r = 0; r < 1000; ++r) {
      int id = b * 1000 + r;
      if (r % 10 == 0) batch.columns[0]->AppendNull();
      else batch.columns[0]->AppendBytes(id < 1500 ? "repeated-" + std::to_string(id % 7) : "unique-" + std::to_string(id));
      batch.columns[1]->Append<int64_t>(id);
    }
    batch.num_rows = 1000;
    batches.push_back(std::move(batch));
  }
  WriterOptions options;
  options.page_bytes = 2000;
  options.dictionary_page_bytes = 4000;
  options.row_group_bytes = 8000;  // compressed bytes buffered
  auto written = WriteBatches(schema, batches, options);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  std::unique_ptr<ParquetReader> reader;
  auto rows = ReadBack(*written->io, &reader);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::vector<std::vector<std::string>> expected;
  for (const Batch& batch : batches) for (auto& row : Formatted(batch)) expected.push_back(row);
  EXPECT_EQ(*rows, expected);
  EXPECT_GT(reader->num_row_groups(), 1);
  const auto& encodings = reader->metadata().row_groups[0].columns[0].meta_data->encodings;
  EXPECT_NE(std::find(encodings.begin(), encodings.end(), Encoding::kRleDictionary), encodings.end());
  EXPECT_NE(std::find(encodings.begin(), encodings.end(), Encoding::kPlain), encodings.end());
  EXPECT_EQ(written->metrics.split_offsets.size(), static_cast<size_t>(reader->num_row_groups()));
  // Statistics let the reader skip row groups.
  ColumnPredicate late{1, ColumnPredicate::Op::kGreaterOrEqual, int64_t{4900}};
  EXPECT_EQ(reader->SelectRowGroups({late}).size(), 1u);
}

TEST(ParquetWriter, DictionaryOfEmptyStringsRoundTrips) {
  // A dictionary whose only entry is '' (no value bytes at all): the
  // dictionary decoder copies nothing (found by parquet_fuzzer under UBSan).
  std::vector<WriteField> schema = {Field(1, "s", Type::kString)};
  Batch batch;
  batch.columns = {Vector::Make(DataType(TypeId::kString))};
  for (int r = 0; r < 100; ++r) {
    if (r % 7 == 3) {
      batch.columns[0]->AppendNull();
    } else {
      batch.columns[0]->AppendBytes("");
    }
  }
  batch.num_rows = 100;
  auto written = WriteBatches(schema, {batch}, WriterOptions{});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  std::unique_ptr<ParquetReader> reader;
  auto rows = ReadBack(*written->io, &reader);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, Formatted(batch));
  const auto& encodings = reader->metadata().row_groups[0].columns[0].meta_data->encodings;
  EXPECT_NE(std::find(encodings.begin(), encodings.end(), Encoding::kRleDictionary), encodings.end());
}

std::string LittleEndian32(int32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }

TEST(ParquetWriter, IcebergMetrics) {
  std::vector<WriteField> schema = {Field(1, "i", Type::kInt), Field(2, "d", Type::kDouble), Field(3, "s", Type::kString),
                                    Field(4, "dec", Type::kDecimal),
                                    Field(5, "l", Type::kList, false, {Field(6, "e", Type::kLong)})};
  schema[3].precision = 10;
  schema[3].scale = 2;
  Batch batch;
  batch.columns = {Vector::Make(DataType(TypeId::kInt32)), Vector::Make(DataType(TypeId::kDouble)),
                   Vector::Make(DataType(TypeId::kString)), Vector::Make(DataType::Decimal(10, 2)),
                   Vector::Make(DataType::List(columnar::Field{"e", DataType(TypeId::kInt64)}))};
  batch.columns[0]->Append<int32_t>(-5);
  batch.columns[0]->Append<int32_t>(17);
  batch.columns[0]->AppendNull();
  batch.columns[1]->Append<double>(NAN);
  batch.columns[1]->Append<double>(2.5);
  batch.columns[1]->Append<double>(-1.0);
  batch.columns[2]->AppendBytes("abcdefghijklmnopqrstuvwxyz");
  batch.columns[2]->AppendBytes("abc");
  batch.columns[2]->AppendBytes("zz\xEF\xBF\xBF" "aaaaaaaaaaaaaaaaaaaa");
  batch.columns[3]->Append<__int128>(-129);
  batch.columns[3]->Append<__int128>(127);
  batch.columns[3]->AppendNull();
  batch.columns[4]->children[0]->Append<int64_t>(1);
  batch.columns[4]->children[0]->Append<int64_t>(2);
  batch.columns[4]->FinishRow();
  batch.columns[4]->AppendNull();
  batch.columns[4]->FinishRow();
  batch.num_rows = 3;
  auto written = WriteBatches(schema, {batch});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  const FileMetrics& metrics = written->metrics;
  EXPECT_EQ(metrics.record_count, 3);
  ASSERT_EQ(metrics.columns.size(), 5u);
  const ColumnMetrics& i = metrics.columns[0];
  EXPECT_EQ(i.field_id, 1);
  EXPECT_EQ(i.value_count, 3);
  EXPECT_EQ(i.null_value_count, 1);
  EXPECT_FALSE(i.nan_value_count.has_value());
  EXPECT_EQ(i.lower_bound, LittleEndian32(-5));
  EXPECT_EQ(i.upper_bound, LittleEndian32(17));
  EXPECT_GT(i.column_size, 0);
  const ColumnMetrics& d = metrics.columns[1];
  EXPECT_EQ(d.nan_value_count, 1);
  double low = -1.0;
  double high = 2.5;
  EXPECT_EQ(d.lower_bound, std::string(reinterpret_cast<const char*>(&low), 8));
  EXPECT_EQ(d.upper_bound, std::string(reinterpret_cast<const char*>(&high), 8));
  const ColumnMetrics& s = metrics.columns[2];
  EXPECT_EQ(s.lower_bound, "abc");
  // "zz\uFFFF" + 20 'a' truncated to 16 code points, then incremented: last 'a' becomes 'b'.
  EXPECT_EQ(s.upper_bound, "zz\xEF\xBF\xBF" "aaaaaaaaaaaab");
  const ColumnMetrics& dec = metrics.columns[3];
  EXPECT_EQ(dec.lower_bound, std::string("\xFF\x7F", 2));  // -129
  EXPECT_EQ(dec.upper_bound, std::string("\x7F", 1));      // 127
  const ColumnMetrics& element = metrics.columns[4];
  EXPECT_EQ(element.field_id, 6);
  EXPECT_EQ(element.value_count, 4);  // 1, 2, the empty list, the null list
  EXPECT_EQ(element.null_value_count, 2);
  EXPECT_FALSE(element.lower_bound.has_value());  // inside a list
}

TEST(ParquetWriter, RejectsMismatchedBatches) {
  std::vector<WriteField> schema = {Field(1, "id", Type::kLong, true)};
  auto io = std::make_shared<io::MemoryFileIO>();
  auto file = io->CreateOutput("mem://test.parquet", io::WriteMode::kFailIfExists);
  auto writer = ParquetWriter::Make(std::move(*file), schema);
  ASSERT_TRUE(writer.ok());
  Batch wrong_type;
  wrong_type.columns = {Vector::Make(DataType(TypeId::kInt32))};
  wrong_type.columns[0]->Append<int32_t>(1);
  wrong_type.num_rows = 1;
  EXPECT_EQ((*writer)->Write(wrong_type).kind(), ErrorKind::kInvalidData);
  Batch nulls;
  nulls.columns = {Vector::Make(DataType(TypeId::kInt64))};
  nulls.columns[0]->AppendNull();
  nulls.num_rows = 1;
  EXPECT_EQ((*writer)->Write(nulls).kind(), ErrorKind::kInvalidData);
  (*writer)->Abort();
  EXPECT_FALSE(*io->Exists("mem://test.parquet"));
}

TEST(ParquetWriter, RequiredFieldsInsideANullStruct) {
  // point is optional, its x required: a null point has a null x slot, and the
  // definition levels say the struct is null. A null x in a present point is
  // still rejected.
  std::vector<WriteField> schema = {
      Field(1, "id", Type::kLong, true),
      Field(2, "point", Type::kStruct, false,
            {Field(3, "x", Type::kDouble, true),
             Field(4, "inner", Type::kStruct, false, {Field(5, "z", Type::kInt, true)})}),
  };
  auto make = [](bool stray_null) {
    Batch batch;
    batch.columns = {Vector::Make(DataType(TypeId::kInt64)),
                     Vector::Make(DataType::Struct({columnar::Field{"x", DataType(TypeId::kDouble), false, 3},
                                                    columnar::Field{"inner",
                                                                    DataType::Struct({columnar::Field{
                                                                        "z", DataType(TypeId::kInt32), false, 5}}),
                                                                    true, 4}}))};
    Vector& point = *batch.columns[1];
    for (int64_t r = 0; r < 6; ++r) {
      batch.columns[0]->Append<int64_t>(r);
      if (r % 3 == 1) {
        point.AppendNull();  // appends nulls to x, inner and z
      } else {
        if (stray_null && r == 5) {
          point.children[0]->AppendNull();
        } else {
          point.children[0]->Append<double>(r * 1.5);
        }
        Vector& inner = *point.children[1];
        if (r % 3 == 2) {
          inner.AppendNull();
        } else {
          inner.children[0]->Append<int32_t>(static_cast<int32_t>(r));
          inner.FinishRow();
        }
        point.FinishRow();
      }
    }
    batch.num_rows = 6;
    return batch;
  };
  Batch batch = make(false);
  auto written = WriteBatches(schema, {batch});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto rows = ReadBack(*written->io);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, Formatted(batch));
  EXPECT_EQ((*rows)[1][1], "null");
  EXPECT_EQ((*rows)[2][1], "{x: 3, inner: null}");
  EXPECT_EQ((*rows)[3][1], "{x: 4.5, inner: {z: 3}}");
  EXPECT_EQ(written->metrics.columns[1].null_value_count, 2);  // x: the two null points
  auto stray = WriteBatches(schema, {make(true)});
  ASSERT_FALSE(stray.ok());
  EXPECT_EQ(stray.status().kind(), ErrorKind::kInvalidData);
  EXPECT_NE(stray.status().message().find("required column 'x' has 1 nulls"), std::string::npos)
      << stray.status().message();
}

TEST(ParquetWriter, WritesSelectedRowsOnly) {
  std::vector<WriteField> schema = {Field(1, "id", Type::kLong, true)};
  Batch batch;
  batch.columns = {Vector::Make(DataType(TypeId::kInt64))};
  for (int64_t v = 0; v < 10; ++v) batch.columns[0]->Append<int64_t>(v);
  batch.num_rows = 10;
  batch.selection = std::make_shared<columnar::SelectionVector>();
  batch.selection->rows = {1, 4, 9};
  auto written = WriteBatches(schema, {batch});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto rows = ReadBack(*written->io);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (std::vector<std::vector<std::string>>{{"1"}, {"4"}, {"9"}}));
}

TEST(ParquetWriter, PagesEndAtTheRowLimitAndRowRangesReadAlone) {
  // 50,000 rows with nulls: pages of at most 20,000 rows (the default limit),
  // then ReadRows returns exactly a range that starts inside a page.
  auto [schema, batch] = AllPrimitives(50000);
  auto written = WriteBatches(schema, {batch});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto reader = ParquetReader::Open(*written->io, "mem://test.parquet");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_EQ((*reader)->num_row_groups(), 1);
  auto offsets = (*reader)->ReadOffsetIndex(0, 0);
  ASSERT_TRUE(offsets.ok() && offsets->has_value());
  std::vector<int64_t> first_rows;
  for (const auto& page : (*offsets)->page_locations) first_rows.push_back(page.first_row_index);
  EXPECT_EQ(first_rows, (std::vector<int64_t>{0, 20000, 40000}));

  auto rows = (*reader)->ReadRows(0, {RowRange{25000, 41000}}, {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  auto expected = Formatted(batch);
  std::vector<std::vector<std::string>> got;
  Batch out;
  while (true) {
    auto more = (*rows)->Next(&out);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    for (int64_t r = 0; r < out.num_rows; ++r) {
      std::vector<std::string> row;
      for (const auto& column : out.columns) row.push_back(columnar::FormatValue(*column, r));
      got.push_back(std::move(row));
    }
  }
  ASSERT_EQ(got.size(), 16000u);
  EXPECT_EQ(got.front(), expected[25000]);
  EXPECT_EQ(got.back(), expected[40999]);

  WriterOptions bad;
  bad.page_row_limit = 0;
  EXPECT_FALSE(WriteBatches(schema, {batch}, bad).ok());
}

TEST(IcebergBounds, TruncationAndDecimals) {
  EXPECT_EQ(MinimalBigEndianDecimal(0), std::string("\x00", 1));
  EXPECT_EQ(MinimalBigEndianDecimal(-1), std::string("\xFF", 1));
  EXPECT_EQ(MinimalBigEndianDecimal(128), std::string("\x00\x80", 2));
  EXPECT_EQ(MinimalBigEndianDecimal(-128), std::string("\x80", 1));
  EXPECT_EQ(DecimalFixedLength(9), 4);
  EXPECT_EQ(DecimalFixedLength(18), 8);
  EXPECT_EQ(DecimalFixedLength(38), 16);
  EXPECT_EQ(TruncateBinaryUpper(std::string("\x01\xFF\xFF", 3), 2), std::string("\x02", 1));
  EXPECT_EQ(TruncateBinaryUpper(std::string("\xFF\xFF\xFF", 3), 2), std::nullopt);
  EXPECT_EQ(TruncateBinaryUpper("ab", 2), "ab");
  EXPECT_EQ(TruncateStringLower("héllo wörld", 4), "héll");
  EXPECT_EQ(TruncateStringUpper("héllo wörld", 4), "hélm");
  EXPECT_EQ(TruncateStringUpper("a\xF4\x8F\xBF\xBF" "bc", 2), "b");  // U+10FFFF cannot grow
}

TEST(ThriftCompact, RoundTripsAndRejectsCorruptInput) {
  FileMetaData metadata;
  metadata.num_rows = 42;
  SchemaElement root;
  root.name = "r";
  root.num_children = 0;
  metadata.schema.push_back(root);
  metadata.created_by = "me";
  metadata.key_value_metadata.push_back({"k", std::string("v")});
  std::string bytes = SerializeFileMetaData(metadata);
  auto parsed = ParseFileMetaData(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->num_rows, 42);
  EXPECT_EQ(parsed->created_by, "me");
  ASSERT_EQ(parsed->key_value_metadata.size(), 1u);
  // Every truncation fails cleanly.
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    auto truncated = ParseFileMetaData(reinterpret_cast<const uint8_t*>(bytes.data()), cut);
    EXPECT_FALSE(truncated.ok()) << cut;
  }
  // A list claiming a billion elements does not allocate them.
  std::string huge = "\x19\xFC\xFF\xFF\xFF\x03";
  EXPECT_FALSE(ParseFileMetaData(reinterpret_cast<const uint8_t*>(huge.data()), huge.size()).ok());
  // Deep nesting is bounded.
  std::string deep(10000, '\x1C');
  EXPECT_FALSE(ParseFileMetaData(reinterpret_cast<const uint8_t*>(deep.data()), deep.size()).ok());
}

TEST(RleBitPacked, RoundTripsMixedRuns) {
  std::vector<uint32_t> values;
  for (int i = 0; i < 100; ++i) values.push_back(5);
  for (int i = 0; i < 37; ++i) values.push_back(i % 13);
  for (int i = 0; i < 9; ++i) values.push_back(2);
  for (int width : {4, 5, 17}) {
    std::string encoded;
    EncodeRleBitPacked(values.data(), static_cast<int64_t>(values.size()), width, &encoded);
    RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(encoded.data()), encoded.size(), width);
    std::vector<uint32_t> decoded(values.size());
    EXPECT_EQ(decoder.Decode(decoded.data(), static_cast<int64_t>(decoded.size())), static_cast<int64_t>(values.size()));
    EXPECT_EQ(decoded, values);
  }
}

}  // namespace
}  // namespace floe::parquet
