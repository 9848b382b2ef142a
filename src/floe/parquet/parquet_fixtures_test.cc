// Reads every file of the parquet-testing corpus ($FLOE_FIXTURES/parquet-testing).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "floe/io/local_file_io.h"
#include "floe/parquet/file_reader.h"

namespace floe::parquet {
namespace {

namespace fs = std::filesystem;

std::string FixturesDir() {
  const char* dir = std::getenv("FLOE_FIXTURES");
  return dir ? std::string(dir) + "/parquet-testing" : std::string();
}

struct ReadSummary {
  int64_t rows = 0;
  std::vector<std::vector<std::string>> values;  // [row][field] formatted
};

Result<ReadSummary> ReadAll(const std::string& path, ReaderOptions options = {}, bool keep_values = false) {
  io::LocalFileIO io;
  FLOE_ASSIGN_OR_RETURN(auto reader, ParquetReader::Open(io, path, options));
  FLOE_ASSIGN_OR_RETURN(auto batches, reader->ReadRowGroups({}, {}));
  ReadSummary summary;
  columnar::Batch batch;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, batches->Next(&batch));
    if (!more) break;
    summary.rows += batch.num_rows;
    if (keep_values) {
      for (int64_t r = 0; r < batch.num_rows; ++r) {
        std::vector<std::string> row;
        for (const auto& column : batch.columns) row.push_back(columnar::FormatValue(*column, r));
        summary.values.push_back(std::move(row));
      }
    }
  }
  int64_t declared = 0;
  for (const RowGroup& group : reader->metadata().row_groups) declared += group.num_rows;
  if (summary.rows != declared) return InvalidData("read {} rows, the row groups declare {}", summary.rows, declared);
  return summary;
}

enum class Expect {
  kRead,         // reads completely; row count equals the row groups' total
  kEncrypted,    // fails with kNotImplemented "encrypted Parquet is not supported"
  kCorrupt,      // fails with kInvalidData (a deliberately malformed file)
  kUnsupported,  // valid but not supported yet: fails with a clear error; reason given
};

struct FixtureCase {
  const char* file;  // relative to parquet-testing/
  Expect expect;
  const char* note = "";
};

// Every Parquet file of the corpus, with what floe does with it. A file
// missing from this table fails the ListsEveryFile test, so new fixtures are
// never silently skipped.
const FixtureCase kCases[] = {
    {"data/alltypes_dictionary.parquet", Expect::kRead},
    {"data/alltypes_plain.parquet", Expect::kRead},
    {"data/alltypes_plain.snappy.parquet", Expect::kRead},
    {"data/alltypes_tiny_pages.parquet", Expect::kRead},
    {"data/alltypes_tiny_pages_plain.parquet", Expect::kRead},
    {"data/binary.parquet", Expect::kRead},
    {"data/binary_truncated_min_max.parquet", Expect::kRead},
    {"data/byte_array_decimal.parquet", Expect::kRead},
    {"data/byte_stream_split.zstd.parquet", Expect::kRead},
    {"data/byte_stream_split_extended.gzip.parquet", Expect::kRead},
    {"data/column_chunk_key_value_metadata.parquet", Expect::kRead, "zero rows; data_page_offset 0"},
    {"data/concatenated_gzip_members.parquet", Expect::kRead},
    {"data/data_index_bloom_encoding_stats.parquet", Expect::kRead, "bloom filter: pruning_test.cc"},
    {"data/data_index_bloom_encoding_with_length.parquet", Expect::kRead, "bloom filter: pruning_test.cc"},
    {"data/datapage_v1-corrupt-checksum.parquet", Expect::kRead, "CRC mismatch is detected only with verify_page_checksums"},
    {"data/datapage_v1-snappy-compressed-checksum.parquet", Expect::kRead},
    {"data/datapage_v1-uncompressed-checksum.parquet", Expect::kRead},
    {"data/datapage_v2.snappy.parquet", Expect::kRead},
    {"data/datapage_v2_empty_datapage.snappy.parquet", Expect::kRead},
    {"data/delta_binary_packed.parquet", Expect::kRead},
    {"data/delta_byte_array.parquet", Expect::kRead},
    {"data/delta_encoding_optional_column.parquet", Expect::kRead},
    {"data/delta_encoding_required_column.parquet", Expect::kRead},
    {"data/delta_length_byte_array.parquet", Expect::kRead},
    {"data/dict-page-offset-zero.parquet", Expect::kRead, "a list at ColumnMetaData field 15 is skipped"},
    {"data/fixed_length_byte_array.parquet", Expect::kRead},
    {"data/fixed_length_decimal.parquet", Expect::kRead},
    {"data/fixed_length_decimal_legacy.parquet", Expect::kRead},
    {"data/float16_nonzeros_and_nans.parquet", Expect::kRead},
    {"data/float16_zeros_and_nans.parquet", Expect::kRead},
    {"data/floating_orders_nan_count.parquet", Expect::kRead},
    {"data/geospatial/crs-arbitrary-value.parquet", Expect::kRead, "geometry read as binary WKB"},
    {"data/geospatial/crs-default.parquet", Expect::kRead, "geometry read as binary WKB"},
    {"data/geospatial/crs-geography.parquet", Expect::kRead, "geography read as binary WKB"},
    {"data/geospatial/crs-projjson.parquet", Expect::kRead, "geometry read as binary WKB"},
    {"data/geospatial/crs-srid.parquet", Expect::kRead, "geometry read as binary WKB"},
    {"data/geospatial/geography-lines.parquet", Expect::kRead, "geography read as binary WKB"},
    {"data/geospatial/geography-points.parquet", Expect::kRead, "geography read as binary WKB"},
    {"data/geospatial/geography-polygons.parquet", Expect::kRead, "geography read as binary WKB"},
    {"data/geospatial/geospatial-with-nan.parquet", Expect::kRead, "geometry read as binary WKB"},
    {"data/geospatial/geospatial.parquet", Expect::kRead, "geometry read as binary WKB"},
    {"data/hadoop_lz4_compressed.parquet", Expect::kRead},
    {"data/hadoop_lz4_compressed_larger.parquet", Expect::kRead},
    {"data/incorrect_map_schema.parquet", Expect::kRead},
    {"data/int32_decimal.parquet", Expect::kRead},
    {"data/int32_with_null_pages.parquet", Expect::kRead},
    {"data/int64_decimal.parquet", Expect::kRead},
    {"data/int96_from_spark.parquet", Expect::kRead},
    {"data/large_string_map.brotli.parquet", Expect::kUnsupported,
     "one page decompresses to 1 GiB: kNotImplemented 'exceeds the reader's page limit' "
     "(ReaderOptions::max_page_bytes, 256 MiB); raising the limit still fails, as its two 1 GiB strings "
     "exceed the int32 string offsets of one batch"},
    {"data/list_columns.parquet", Expect::kRead},
    {"data/lz4_raw_compressed.parquet", Expect::kRead},
    {"data/lz4_raw_compressed_larger.parquet", Expect::kRead},
    {"data/map_no_value.parquet", Expect::kRead, "a MAP without values reads as a list of keys"},
    {"data/nan_in_stats.parquet", Expect::kRead},
    {"data/nation.dict-malformed.parquet", Expect::kCorrupt, "malformed dictionary page"},
    {"data/nested_lists.snappy.parquet", Expect::kRead},
    {"data/nested_maps.snappy.parquet", Expect::kRead},
    {"data/nested_structs.rust.parquet", Expect::kRead},
    {"data/non_hadoop_lz4_compressed.parquet", Expect::kRead},
    {"data/nonnullable.impala.parquet", Expect::kRead},
    {"data/null_list.parquet", Expect::kRead},
    {"data/nullable.impala.parquet", Expect::kRead},
    {"data/nulls.snappy.parquet", Expect::kRead},
    {"data/old_list_structure.parquet", Expect::kRead},
    {"data/overflow_i16_page_cnt.parquet", Expect::kRead},
    {"data/page_v2_empty_compressed.parquet", Expect::kRead},
    {"data/plain-dict-uncompressed-checksum.parquet", Expect::kRead},
    {"data/repeated_no_annotation.parquet", Expect::kRead, "footer num_rows is 0; the row group has 6"},
    {"data/repeated_primitive_no_list.parquet", Expect::kRead},
    {"data/rle-dict-snappy-checksum.parquet", Expect::kRead},
    {"data/rle-dict-uncompressed-corrupt-checksum.parquet", Expect::kRead, "CRC mismatch is detected only with verify_page_checksums"},
    {"data/rle_boolean_encoding.parquet", Expect::kRead},
    {"data/single_nan.parquet", Expect::kRead},
    {"data/sort_columns.parquet", Expect::kRead},
    {"data/unknown-logical-type.parquet", Expect::kRead, "unknown logical type read as its physical type"},
    {"data/aes256/encrypt_columns_and_footer.parquet.encrypted", Expect::kEncrypted},
    {"data/aes256/encrypt_columns_and_footer_ctr.parquet.encrypted", Expect::kEncrypted},
    {"data/aes256/encrypt_columns_and_footer_disable_aad_storage.parquet.encrypted", Expect::kEncrypted},
    {"data/aes256/encrypt_columns_plaintext_footer.parquet.encrypted", Expect::kEncrypted},
    {"data/aes256/uniform_encryption.parquet.encrypted", Expect::kEncrypted},
    {"data/encrypt_columns_and_footer.parquet.encrypted", Expect::kEncrypted},
    {"data/encrypt_columns_and_footer_aad.parquet.encrypted", Expect::kEncrypted},
    {"data/encrypt_columns_and_footer_bloom_filter.parquet.encrypted", Expect::kEncrypted},
    {"data/encrypt_columns_and_footer_ctr.parquet.encrypted", Expect::kEncrypted},
    {"data/encrypt_columns_and_footer_disable_aad_storage.parquet.encrypted", Expect::kEncrypted},
    {"data/encrypt_columns_plaintext_footer.parquet.encrypted", Expect::kEncrypted},
    {"data/external_key_material_java.parquet.encrypted", Expect::kEncrypted},
    {"data/uniform_encryption.parquet.encrypted", Expect::kEncrypted},
    {"bad_data/ARROW-GH-41317.parquet", Expect::kCorrupt},
    {"bad_data/ARROW-GH-41321.parquet", Expect::kCorrupt},
    {"bad_data/ARROW-GH-43605.parquet", Expect::kRead,
     "valid file: dictionary indices with bit width 0 (reproduces a Go reader crash); must read"},
    {"bad_data/ARROW-GH-45185.parquet", Expect::kCorrupt},
    {"bad_data/ARROW-GH-47662.parquet", Expect::kCorrupt},
    {"bad_data/ARROW-RS-GH-6229-DICTHEADER.parquet", Expect::kCorrupt},
    {"bad_data/ARROW-RS-GH-6229-LEVELS.parquet", Expect::kCorrupt},
    {"bad_data/PARQUET-1481.parquet", Expect::kCorrupt},
};

const char* ExpectName(Expect expect) {
  switch (expect) {
    case Expect::kRead: return "read";
    case Expect::kEncrypted: return "encrypted";
    case Expect::kCorrupt: return "corrupt";
    case Expect::kUnsupported: return "known-unsupported";
  }
  return "?";
}

TEST(ParquetFixtures, EveryFile) {
  std::string dir = FixturesDir();
  if (dir.empty() || !fs::exists(dir)) GTEST_SKIP() << "FLOE_FIXTURES is not set; parquet-testing fixtures absent";
  int passed = 0;
  for (const FixtureCase& entry : kCases) {
    SCOPED_TRACE(entry.file);
    auto result = ReadAll(dir + "/" + entry.file);
    std::string outcome = result.ok() ? fmt::format("read {} rows", result->rows) : result.status().ToString();
    bool ok = false;
    switch (entry.expect) {
      case Expect::kRead:
        ok = result.ok();
        break;
      case Expect::kEncrypted:
        ok = !result.ok() && result.status().kind() == ErrorKind::kNotImplemented &&
             result.status().message() == "encrypted Parquet is not supported";
        break;
      case Expect::kCorrupt:
        ok = !result.ok() && result.status().kind() == ErrorKind::kInvalidData;
        break;
      case Expect::kUnsupported:
        ok = !result.ok() && result.status().kind() == ErrorKind::kNotImplemented;
        break;
    }
    passed += ok;
    std::cout << (ok ? "[  pass  ] " : "[  FAIL  ] ") << entry.file << " (" << ExpectName(entry.expect)
              << (*entry.note ? std::string(": ") + entry.note : std::string()) << "): " << outcome << "\n";
    EXPECT_TRUE(ok) << outcome;
  }
  std::cout << passed << " of " << std::size(kCases) << " fixture files behave as listed\n";
}

TEST(ParquetFixtures, ListsEveryFile) {
  std::string dir = FixturesDir();
  if (dir.empty() || !fs::exists(dir)) GTEST_SKIP() << "FLOE_FIXTURES is not set; parquet-testing fixtures absent";
  std::set<std::string> listed;
  for (const FixtureCase& entry : kCases) listed.insert(entry.file);
  for (const char* folder : {"data", "bad_data"}) {
    for (const auto& file : fs::recursive_directory_iterator(dir + "/" + folder)) {
      std::string name = fs::relative(file.path(), dir).string();
      if (!file.is_regular_file() || name.find(".parquet") == std::string::npos || name.ends_with(".json")) continue;
      EXPECT_TRUE(listed.count(name)) << name << " is not in kCases";
    }
  }
}

// The variant corpus is read at the Parquet level (structs of binaries);
// Variant decoding and validation (the -INVALID cases) belong to a later layer.
TEST(ParquetFixtures, ShreddedVariantFilesReadAsStructs) {
  std::string dir = FixturesDir();
  if (dir.empty() || !fs::exists(dir)) GTEST_SKIP() << "FLOE_FIXTURES is not set; parquet-testing fixtures absent";
  for (const auto& file : fs::directory_iterator(dir + "/shredded_variant")) {
    if (file.path().extension() != ".parquet") continue;
    auto result = ReadAll(file.path().string());
    EXPECT_TRUE(result.ok()) << file.path() << ": " << result.status().ToString();
  }
}

TEST(ParquetFixtures, PageChecksums) {
  std::string dir = FixturesDir();
  if (dir.empty() || !fs::exists(dir)) GTEST_SKIP() << "FLOE_FIXTURES is not set; parquet-testing fixtures absent";
  ReaderOptions verify;
  verify.verify_page_checksums = true;
  for (const char* file : {"data/datapage_v1-snappy-compressed-checksum.parquet",
                           "data/datapage_v1-uncompressed-checksum.parquet",
                           "data/plain-dict-uncompressed-checksum.parquet", "data/rle-dict-snappy-checksum.parquet"}) {
    EXPECT_TRUE(ReadAll(dir + "/" + file, verify).ok()) << file;
  }
  for (const char* file : {"data/datapage_v1-corrupt-checksum.parquet",
                           "data/rle-dict-uncompressed-corrupt-checksum.parquet"}) {
    auto result = ReadAll(dir + "/" + file, verify);
    ASSERT_FALSE(result.ok()) << file;
    EXPECT_NE(result.status().message().find("checksum"), std::string::npos) << result.status().ToString();
  }
}

// Splits one CSV line (RFC 4180 quoting); an empty unquoted field is null.
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields.push_back(was_quoted || !field.empty() ? field : "null");
      field.clear();
      was_quoted = false;
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(was_quoted || !field.empty() ? field : "null");
  return fields;
}

TEST(ParquetFixtures, MatchesExpectCsv) {
  std::string dir = FixturesDir();
  if (dir.empty() || !fs::exists(dir)) GTEST_SKIP() << "FLOE_FIXTURES is not set; parquet-testing fixtures absent";
  for (const char* name : {"delta_binary_packed", "delta_byte_array", "delta_encoding_optional_column",
                           "delta_encoding_required_column"}) {
    SCOPED_TRACE(name);
    auto result = ReadAll(dir + "/data/" + name + ".parquet", {}, true);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    std::ifstream csv(dir + "/data/" + name + "_expect.csv");
    std::string line;
    std::getline(csv, line);  // header
    size_t row = 0;
    while (std::getline(csv, line)) {
      if (line.empty()) continue;
      ASSERT_LT(row, result->values.size());
      std::vector<std::string> expected = SplitCsv(line);
      ASSERT_EQ(expected.size(), result->values[row].size()) << "row " << row;
      for (size_t c = 0; c < expected.size(); ++c) {
        EXPECT_EQ(result->values[row][c], expected[c]) << "row " << row << " column " << c;
      }
      ++row;
    }
    EXPECT_EQ(row, result->values.size());
  }
}

struct ValueCase {
  const char* file;
  size_t row;
  std::vector<std::string> values;
};

TEST(ParquetFixtures, KnownValues) {
  std::string dir = FixturesDir();
  if (dir.empty() || !fs::exists(dir)) GTEST_SKIP() << "FLOE_FIXTURES is not set; parquet-testing fixtures absent";
  const ValueCase cases[] = {
      {"data/alltypes_plain.parquet", 1,
       {"5", "false", "1", "1", "1", "10", "1.100000023841858", "10.1", "30332f30312f3039", "31", "1235865660000000"}},
      {"data/alltypes_plain.snappy.parquet", 0,
       {"6", "true", "0", "0", "0", "0", "0", "0", "30342f30312f3039", "30", "1238544000000000"}},
      {"data/datapage_v2.snappy.parquet", 3, {"null", "4", "5", "false", "[1, 2, 3]"}},
      {"data/datapage_v2.snappy.parquet", 4, {"abc", "5", "2", "true", "[1, 2]"}},
      {"data/int32_decimal.parquet", 23, {"24.00"}},
      {"data/int64_decimal.parquet", 0, {"1.00"}},
      {"data/fixed_length_decimal.parquet", 11, {"12.00"}},
      {"data/fixed_length_decimal_legacy.parquet", 1, {"2.00"}},
      {"data/byte_array_decimal.parquet", 2, {"3.00"}},
      {"data/int96_from_spark.parquet", 0, {"1704141296123456"}},
      {"data/int96_from_spark.parquet", 4, {"null"}},
      {"data/float16_nonzeros_and_nans.parquet", 2, {"-2"}},
      {"data/float16_nonzeros_and_nans.parquet", 3, {"NaN"}},
      {"data/rle_boolean_encoding.parquet", 2, {"null"}},
      {"data/hadoop_lz4_compressed.parquet", 2, {"1593604801", "616263", "42.125"}},
      {"data/non_hadoop_lz4_compressed.parquet", 2, {"1593604801", "616263", "42.125"}},
      {"data/lz4_raw_compressed.parquet", 2, {"1593604801", "616263", "42.125"}},
      {"data/nested_lists.snappy.parquet", 0, {"[[[a, b], [c]], [null, [d]]]", "1"}},
      {"data/nested_maps.snappy.parquet", 2, {"{c: null}", "1", "1"}},
      {"data/list_columns.parquet", 1, {"[null, 1]", "null"}},
      {"data/null_list.parquet", 0, {"[]"}},
      {"data/old_list_structure.parquet", 0, {"[[1, 2], [3, 4]]"}},
      {"data/map_no_value.parquet", 0, {"{1: null, 2: null, 3: null}", "[1, 2, 3]", "[1, 2, 3]"}},
      {"data/repeated_no_annotation.parquet", 5,
       {"6", "{phone: [{number: 1111111111, kind: home}, {number: 2222222222, kind: null}, {number: 3333333333, "
             "kind: mobile}]}"}},
      {"data/nullable.impala.parquet", 2, {"3", "[]", "[null]", "{}", "[null, null]", "{A: null, b: null, C: {d: []}, g: {}}"}},
      {"data/nullable.impala.parquet", 6,
       {"7", "null", "[null, [5, 6]]", "{k1: null, k3: null}", "null", "{A: 7, b: [2, 3, null], C: {d: [[], [null], null]}, g: null}"}},
      {"data/delta_length_byte_array.parquet", 3, {"apple_banana_mango9"}},
      {"data/unknown-logical-type.parquet", 0, {"known string 1", "756e6b6e6f776e20737472696e672031"}},
  };
  for (const ValueCase& entry : cases) {
    SCOPED_TRACE(entry.file);
    auto result = ReadAll(dir + "/" + entry.file, {}, true);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    ASSERT_LT(entry.row, result->values.size());
    EXPECT_EQ(result->values[entry.row], entry.values) << "row " << entry.row;
  }
}

TEST(ParquetFixtures, SmallBatchesGiveTheSameValues) {
  std::string dir = FixturesDir();
  if (dir.empty() || !fs::exists(dir)) GTEST_SKIP() << "FLOE_FIXTURES is not set; parquet-testing fixtures absent";
  ReaderOptions small;
  small.batch_rows = 3;
  for (const char* file : {"data/nullable.impala.parquet", "data/alltypes_tiny_pages.parquet",
                           "data/nested_maps.snappy.parquet", "data/repeated_primitive_no_list.parquet",
                           "data/delta_byte_array.parquet"}) {
    auto whole = ReadAll(dir + "/" + file, {}, true);
    auto pieces = ReadAll(dir + "/" + file, small, true);
    ASSERT_TRUE(whole.ok() && pieces.ok()) << file;
    EXPECT_EQ(whole->values, pieces->values) << file;
  }
}

TEST(ParquetFixtures, ProjectionAndRowGroupSkipping) {
  std::string dir = FixturesDir();
  if (dir.empty() || !fs::exists(dir)) GTEST_SKIP() << "FLOE_FIXTURES is not set; parquet-testing fixtures absent";
  io::LocalFileIO io;
  auto reader = ParquetReader::Open(io, dir + "/data/alltypes_tiny_pages_plain.parquet");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto batches = (*reader)->ReadRowGroups({}, {0, 9});
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ((*batches)->schema()->size(), 2u);
  EXPECT_EQ((*batches)->schema()->at(0).name, "id");
  columnar::Batch batch;
  auto more = (*batches)->Next(&batch);
  ASSERT_TRUE(more.ok() && *more);
  EXPECT_EQ(batch.columns.size(), 2u);
  // id ranges over [0, 7300): a predicate outside the range skips every group.
  ColumnPredicate outside{0, ColumnPredicate::Op::kGreater, int64_t{100000}};
  EXPECT_TRUE((*reader)->SelectRowGroups({outside}).empty());
  ColumnPredicate inside{0, ColumnPredicate::Op::kEqual, int64_t{42}};
  EXPECT_EQ((*reader)->SelectRowGroups({inside}).size(), 1u);
}

}  // namespace
}  // namespace floe::parquet
namespace floe::parquet {
namespace {
TEST(ParquetFixtures, DumpForDebugging) {
  const char* files = std::getenv("FLOE_PARQUET_DUMP");
  if (!files) GTEST_SKIP();
  std::stringstream list(files);
  std::string file;
  while (std::getline(list, file, ',')) {
    auto result = ReadAll(FixturesDir() + "/" + file, {}, true);
    std::cout << "== " << file << ": " << (result.ok() ? "" : result.status().ToString()) << "\n";
    if (!result.ok()) continue;
    io::LocalFileIO io;
    auto reader = ParquetReader::Open(io, FixturesDir() + "/" + file);
    for (const auto& field : (*reader)->schema().ToColumnarSchema())
      std::cout << "  " << field.name << ": " << columnar::TypeToString(field.type) << " id=" << field.field_id << "\n";
    for (size_t r = 0; r < result->values.size() && r < 12; ++r) {
      std::cout << "  ";
      for (const auto& v : result->values[r]) std::cout << v.substr(0, 120) << " | ";
      std::cout << "\n";
    }
  }
}
}  // namespace
}  // namespace floe::parquet
