// Pruning below the row group: the page index (ColumnIndex + OffsetIndex) and
// bloom filters, on parquet-testing fixtures written by other writers and on
// files floe writes. The invariant checked everywhere: a pruned scan filtered
// afterwards gives exactly the rows of a full scan filtered afterwards, with
// the same values at the same file positions.
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "floe/io/local_file_io.h"
#include "floe/io/memory_file_io.h"
#include "floe/parquet/bloom_filter.h"
#include "floe/parquet/file_reader.h"
#include "floe/parquet/file_writer.h"

namespace floe::parquet {
namespace {

namespace fs = std::filesystem;
using columnar::Batch;
using columnar::DataType;
using columnar::TypeId;
using columnar::Vector;
using Op = ColumnPredicate::Op;

std::string FixturesDir() {
  const char* dir = std::getenv("FLOE_FIXTURES");
  return dir ? std::string(dir) + "/parquet-testing" : std::string();
}

#define SKIP_WITHOUT_FIXTURES()                                  \
  if (FixturesDir().empty() || !fs::exists(FixturesDir()))      \
  GTEST_SKIP() << "FLOE_FIXTURES is not set; parquet-testing fixtures absent"

// The value of a flat column at a row, as a predicate value (nullopt: null).
std::optional<ColumnPredicate> ValueAt(const Vector& vector, int64_t row) {
  if (vector.IsNull(row)) return std::nullopt;
  ColumnPredicate value;
  switch (vector.type.id) {
    case TypeId::kInt8: value.value = int64_t{vector.Values<int8_t>()[row]}; break;
    case TypeId::kInt16: value.value = int64_t{vector.Values<int16_t>()[row]}; break;
    case TypeId::kInt32:
    case TypeId::kDate: value.value = int64_t{vector.Values<int32_t>()[row]}; break;
    case TypeId::kInt64: value.value = vector.Values<int64_t>()[row]; break;
    case TypeId::kFloat: value.value = double{vector.Values<float>()[row]}; break;
    case TypeId::kDouble: value.value = vector.Values<double>()[row]; break;
    case TypeId::kString:
    case TypeId::kBinary: value.value = std::string(vector.BytesAt(row)); break;
    default: value.value = std::monostate{};
  }
  return value;
}

// Whether `value` (nullopt: null) satisfies `predicate`, as SQL would.
bool Matches(const std::optional<ColumnPredicate>& value, const ColumnPredicate& predicate) {
  if (predicate.op == Op::kIsNull) return !value;
  if (predicate.op == Op::kIsNotNull) return value.has_value();
  if (!value) return false;
  auto compare = [&]() -> int {
    const auto& a = value->value;
    const auto& b = predicate.value;
    if (auto* x = std::get_if<int64_t>(&a)) {
      int64_t y = std::get<int64_t>(b);
      return *x < y ? -1 : *x > y;
    }
    if (auto* x = std::get_if<double>(&a)) {
      double y = std::holds_alternative<double>(b) ? std::get<double>(b) : static_cast<double>(std::get<int64_t>(b));
      if (std::isnan(*x) || std::isnan(y)) return 2;  // unordered: no comparison matches
      return *x < y ? -1 : *x > y;
    }
    int c = std::get<std::string>(a).compare(std::get<std::string>(b));
    return c < 0 ? -1 : c > 0;
  };
  int c = compare();
  if (c == 2) return false;
  switch (predicate.op) {
    case Op::kLess: return c < 0;
    case Op::kLessOrEqual: return c <= 0;
    case Op::kEqual: return c == 0;
    case Op::kGreaterOrEqual: return c >= 0;
    case Op::kGreater: return c > 0;
    default: return true;
  }
}

struct ScannedRows {
  std::map<int64_t, std::vector<std::string>> by_position;  // file row -> formatted fields
  std::set<int64_t> matching;  // positions whose predicate columns match
  ScanStatistics statistics;
};

// Scans with (pruned = true) or without pruning; `predicate_fields[i]` is the
// position in the projected fields of predicates[i]'s column (flat columns).
Result<ScannedRows> ScanRows(ParquetReader& reader, const std::vector<int>& fields,
                             const std::vector<ColumnPredicate>& predicates, const std::vector<int>& predicate_fields,
                             bool pruned) {
  ScannedRows out;
  std::unique_ptr<BatchReader> batches;
  if (pruned) {
    FLOE_ASSIGN_OR_RETURN(batches, reader.Scan(fields, predicates, &out.statistics));
  } else {
    FLOE_ASSIGN_OR_RETURN(batches, reader.ReadRowGroups({}, fields));
  }
  Batch batch;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, batches->Next(&batch));
    if (!more) break;
    for (int64_t r = 0; r < batch.num_rows; ++r) {
      int64_t position = batches->file_row_position() + r;
      std::vector<std::string> row;
      for (const auto& column : batch.columns) row.push_back(columnar::FormatValue(*column, r));
      if (out.by_position.count(position)) return InvalidData("row {} read twice", position);
      out.by_position[position] = std::move(row);
      bool match = true;
      for (size_t p = 0; p < predicates.size(); ++p) {
        match = match && Matches(ValueAt(*batch.columns[predicate_fields[p]], r), predicates[p]);
      }
      if (match) out.matching.insert(position);
    }
  }
  return out;
}

// The pruned scan reads a subset of the rows with identical values, and every
// matching row of the full scan is in it. Returns the pruned scan.
ScannedRows ExpectSameMatches(ParquetReader& reader, const std::vector<int>& fields,
                              const std::vector<ColumnPredicate>& predicates,
                              const std::vector<int>& predicate_fields) {
  auto full = ScanRows(reader, fields, predicates, predicate_fields, false);
  auto pruned = ScanRows(reader, fields, predicates, predicate_fields, true);
  EXPECT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_TRUE(pruned.ok()) << pruned.status().ToString();
  if (!full.ok() || !pruned.ok()) return {};
  EXPECT_EQ(pruned->matching, full->matching);
  for (const auto& [position, row] : pruned->by_position) {
    auto it = full->by_position.find(position);
    if (it == full->by_position.end()) {
      ADD_FAILURE() << "pruned scan read row " << position << " the full scan has not";
      break;
    }
    if (it->second != row) {
      ADD_FAILURE() << "row " << position << " differs between the pruned and the full scan";
      break;
    }
  }
  EXPECT_EQ(pruned->statistics.rows_selected, static_cast<int64_t>(pruned->by_position.size()));
  return std::move(*pruned);
}

// --- Fixtures written by other writers ---

TEST(PageIndex, FixturesWithPageIndexesSkipPages) {
  SKIP_WITHOUT_FIXTURES();
  io::LocalFileIO io;
  for (const char* file : {"data/alltypes_tiny_pages.parquet", "data/alltypes_tiny_pages_plain.parquet"}) {
    SCOPED_TRACE(file);
    auto reader = ParquetReader::Open(io, FixturesDir() + "/" + file);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    ParquetReader& r = **reader;
    // Every chunk has both indexes, with one entry per page.
    auto column_index = r.ReadColumnIndex(0, 0);
    auto offset_index = r.ReadOffsetIndex(0, 0);
    ASSERT_TRUE(column_index.ok() && offset_index.ok());
    ASSERT_TRUE(column_index->has_value() && offset_index->has_value());
    EXPECT_GT((*offset_index)->page_locations.size(), 10u);
    EXPECT_EQ((*column_index)->null_pages.size(), (*offset_index)->page_locations.size());
    // Fields: 0 id, 2 tinyint_col, 4 int_col, 5 bigint_col, 9 string_col.
    std::vector<int> fields = {0, 2, 4, 5, 9};
    const std::vector<std::pair<std::vector<ColumnPredicate>, std::vector<int>>> cases = {
        {{{0, Op::kEqual, int64_t{4242}}}, {0}},
        {{{0, Op::kLess, int64_t{150}}}, {0}},
        {{{0, Op::kGreaterOrEqual, int64_t{7000}}}, {0}},
        {{{0, Op::kGreater, int64_t{1000}}, {0, Op::kLessOrEqual, int64_t{1100}}}, {0, 0}},
        {{{0, Op::kGreater, int64_t{100000}}}, {0}},
        {{{4, Op::kEqual, int64_t{3}}}, {2}},
        {{{5, Op::kGreater, int64_t{85}}}, {3}},
        {{{9, Op::kEqual, std::string("7")}}, {4}},
        {{{0, Op::kIsNotNull, std::monostate{}}, {9, Op::kLess, std::string("1")}}, {0, 4}},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
      SCOPED_TRACE("case " + std::to_string(i));
      ScannedRows pruned = ExpectSameMatches(r, fields, cases[i].first, cases[i].second);
      if (i < 5) {
        // id is sorted: the page index keeps only pages near the matches.
        EXPECT_LT(pruned.statistics.rows_selected, r.num_rows() / 4);
      }
    }
  }
}

TEST(PageIndex, NullPagesAndSmallBatches) {
  SKIP_WITHOUT_FIXTURES();
  io::LocalFileIO io;
  ReaderOptions small;
  small.batch_rows = 7;
  auto reader = ParquetReader::Open(io, FixturesDir() + "/data/int32_with_null_pages.parquet", small);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto column_index = (*reader)->ReadColumnIndex(0, 0);
  ASSERT_TRUE(column_index.ok()) << column_index.status().ToString();
  ASSERT_TRUE(column_index->has_value());
  const ColumnIndex& index = **column_index;
  EXPECT_NE(std::find(index.null_pages.begin(), index.null_pages.end(), true), index.null_pages.end());
  for (const auto& predicates : std::vector<std::vector<ColumnPredicate>>{
           {{0, Op::kIsNull, std::monostate{}}},
           {{0, Op::kIsNotNull, std::monostate{}}},
           {{0, Op::kGreater, int64_t{0}}},
           {{0, Op::kLess, int64_t{-1000000}}}}) {
    ExpectSameMatches(**reader, {0}, predicates, {0});
  }
}

TEST(BloomFilter, FixtureFiltersFindEveryValueAndRejectAbsentOnes) {
  SKIP_WITHOUT_FIXTURES();
  io::LocalFileIO io;
  for (const char* file :
       {"data/data_index_bloom_encoding_stats.parquet", "data/data_index_bloom_encoding_with_length.parquet"}) {
    SCOPED_TRACE(file);
    auto reader = ParquetReader::Open(io, FixturesDir() + "/" + file);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    ParquetReader& r = **reader;
    const ColumnDescriptor& column = r.schema().columns()[0];
    ASSERT_EQ(column.physical_type, PhysicalType::kByteArray);
    auto filter = r.ReadBloomFilter(0, 0);
    ASSERT_TRUE(filter.ok()) << filter.status().ToString();
    ASSERT_TRUE(filter->has_value()) << "no bloom filter";
    auto batches = r.ReadRowGroups({}, {0});
    ASSERT_TRUE(batches.ok());
    Batch batch;
    std::set<std::string> present;
    while (true) {
      auto more = (*batches)->Next(&batch);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      for (int64_t row = 0; row < batch.num_rows; ++row) {
        if (!batch.columns[0]->IsNull(row)) present.insert(std::string(batch.columns[0]->BytesAt(row)));
      }
    }
    ASSERT_FALSE(present.empty());
    for (const std::string& value : present) {
      ColumnPredicate equal{0, Op::kEqual, value};
      auto hash = BloomFilter::HashValue(column, equal);
      ASSERT_TRUE(hash.has_value());
      EXPECT_TRUE((*filter)->MightContain(*hash)) << "present value '" << value << "' rejected";
      auto groups = r.PruneRowGroups({equal});
      ASSERT_TRUE(groups.ok());
      EXPECT_EQ(groups->size(), 1u);
    }
    // Values between the chunk's min and max (statistics keep them) that the
    // file does not hold: the filter rejects most of them.
    int rejected = 0;
    int absent = 0;
    for (int i = 0; i < 200; ++i) {
      std::string value = "Hello" + std::to_string(i * 7919);
      if (present.count(value)) continue;
      ++absent;
      ColumnPredicate equal{0, Op::kEqual, value};
      rejected += !(*filter)->MightContain(*BloomFilter::HashValue(column, equal));
    }
    EXPECT_GE(rejected, absent * 9 / 10) << rejected << " of " << absent << " absent values rejected";
    // A rejected value prunes the row group, and Scan reads nothing.
    for (int i = 0; i < 200; ++i) {
      std::string value = "Hello" + std::to_string(i * 7919);
      ColumnPredicate equal{0, Op::kEqual, value};
      if (present.count(value) || (*filter)->MightContain(*BloomFilter::HashValue(column, equal))) continue;
      ScanStatistics statistics;
      auto scan = r.Scan({0}, {equal}, &statistics);
      ASSERT_TRUE(scan.ok()) << scan.status().ToString();
      auto more = (*scan)->Next(&batch);
      ASSERT_TRUE(more.ok());
      EXPECT_FALSE(*more);
      EXPECT_EQ(statistics.row_groups_pruned_by_statistics + statistics.row_groups_pruned_by_bloom_filter, 1);
      break;
    }
  }
}

TEST(BloomFilter, ReferenceFilterFromParquetTesting) {
  SKIP_WITHOUT_FIXTURES();
  // bloom_filter.xxhash.bin holds "hello", "parquet", "bloom", "filter".
  std::string path = FixturesDir() + "/data/bloom_filter.xxhash.bin";
  io::LocalFileIO io;
  auto input = io.OpenInput(path);
  ASSERT_TRUE(input.ok());
  auto size = (*input)->Size();
  ASSERT_TRUE(size.ok());
  std::string bytes(static_cast<size_t>(*size), '\0');
  ASSERT_TRUE((*input)->ReadAt(0, *size, reinterpret_cast<uint8_t*>(bytes.data())).ok());
  auto filter = BloomFilter::Parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  ASSERT_TRUE(filter.ok()) << filter.status().ToString();
  EXPECT_EQ(filter->num_bytes(), 1024);
  for (std::string_view word : {"hello", "parquet", "bloom", "filter"}) {
    EXPECT_TRUE(filter->MightContain(BloomFilter::Hash(word.data(), word.size()))) << word;
  }
  int rejected = 0;
  for (int i = 0; i < 100; ++i) {
    std::string word = "absent-" + std::to_string(i);
    rejected += !filter->MightContain(BloomFilter::Hash(word.data(), word.size()));
  }
  EXPECT_GE(rejected, 95);
  // Truncated or corrupt filters are errors, never reads past the end.
  EXPECT_FALSE(BloomFilter::Parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size() - 1).ok());
  EXPECT_FALSE(BloomFilter::Parse(reinterpret_cast<const uint8_t*>(bytes.data()), 3).ok());
}

// --- Files floe writes ---

struct Written {
  std::shared_ptr<io::MemoryFileIO> io = std::make_shared<io::MemoryFileIO>();
  std::unique_ptr<ParquetReader> reader;
};

WriteField Field(int32_t id, std::string name, WriteField::Type type, bool required = false,
                 std::vector<WriteField> children = {}) {
  WriteField field;
  field.field_id = id;
  field.name = std::move(name);
  field.type = type;
  field.required = required;
  field.children = std::move(children);
  return field;
}

// id (sorted long), bucket (int, id % 97, nullable), name (string), tags
// (list<string>, varying length) over `rows` rows in batches of 1000.
Written WriteSample(int64_t rows, WriterOptions options) {
  using Type = WriteField::Type;
  std::vector<WriteField> schema = {
      Field(1, "id", Type::kLong, true), Field(2, "bucket", Type::kInt), Field(3, "name", Type::kString),
      Field(4, "tags", Type::kList, false, {Field(5, "element", Type::kString)})};
  Written written;
  auto output = written.io->CreateOutput("mem://sample.parquet", io::WriteMode::kFailIfExists);
  EXPECT_TRUE(output.ok());
  auto writer = ParquetWriter::Make(std::move(*output), schema, options);
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  for (int64_t start = 0; start < rows; start += 1000) {
    Batch batch;
    for (const auto& field : (*writer)->columnar_schema()) batch.columns.push_back(Vector::Make(field.type));
    int64_t end = std::min(rows, start + 1000);
    for (int64_t id = start; id < end; ++id) {
      batch.columns[0]->Append<int64_t>(id);
      if (id % 13 == 0) {
        batch.columns[1]->AppendNull();
      } else {
        batch.columns[1]->Append<int32_t>(static_cast<int32_t>(id % 97));
      }
      batch.columns[2]->AppendBytes("name-" + std::to_string(id * 7 % 1000));
      Vector& tags = *batch.columns[3];
      if (id % 11 == 0) {
        tags.AppendNull();
      } else {
        for (int64_t t = 0; t < id % 4; ++t) tags.children[0]->AppendBytes("tag-" + std::to_string(id + t));
        tags.FinishRow();
      }
    }
    batch.num_rows = end - start;
    EXPECT_TRUE((*writer)->Write(batch).ok());
  }
  EXPECT_TRUE((*writer)->Close().ok());
  auto reader = ParquetReader::Open(*written.io, "mem://sample.parquet");
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  written.reader = std::move(*reader);
  return written;
}

TEST(PageIndex, WriterWritesAPageIndexThatSkipsPages) {
  WriterOptions options;
  options.page_bytes = 4096;
  options.row_group_bytes = 200'000;
  Written written = WriteSample(60'000, options);
  ParquetReader& reader = *written.reader;
  ASSERT_GT(reader.num_row_groups(), 1);
  // Every chunk has an index; pages of the nested column start at row boundaries.
  for (int g = 0; g < reader.num_row_groups(); ++g) {
    for (int c = 0; c < static_cast<int>(reader.schema().columns().size()); ++c) {
      auto offsets = reader.ReadOffsetIndex(g, c);
      auto columns = reader.ReadColumnIndex(g, c);
      ASSERT_TRUE(offsets.ok() && columns.ok()) << offsets.status().ToString() << columns.status().ToString();
      ASSERT_TRUE(offsets->has_value() && columns->has_value());
      EXPECT_EQ((*offsets)->page_locations.size(), (*columns)->null_pages.size());
      if (c == 0) {
        EXPECT_GT((*offsets)->page_locations.size(), 1u);
      }
    }
  }
  auto index = reader.ReadColumnIndex(0, 0);
  int64_t first_max;
  std::memcpy(&first_max, (*index)->max_values[0].data(), 8);
  EXPECT_GT(first_max, 0);
  // id selects a few pages; the list column, read alongside, stays aligned.
  std::vector<int> fields = {0, 1, 2, 3};
  for (const auto& predicates : std::vector<std::vector<ColumnPredicate>>{
           {{0, Op::kEqual, int64_t{31337}}},
           {{0, Op::kGreaterOrEqual, int64_t{12000}}, {0, Op::kLess, int64_t{12100}}},
           {{0, Op::kLess, int64_t{10}}},
           {{0, Op::kGreater, int64_t{59990}}},
           {{1, Op::kEqual, int64_t{96}}},
           {{1, Op::kIsNull, std::monostate{}}},
           {{2, Op::kEqual, std::string("name-7")}}}) {
    std::vector<int> predicate_fields;
    for (const ColumnPredicate& predicate : predicates) predicate_fields.push_back(predicate.column);
    ScannedRows pruned = ExpectSameMatches(reader, fields, predicates, predicate_fields);
    if (predicates[0].column == 0) {
      EXPECT_LT(pruned.statistics.rows_selected, 5000) << "the page index did not skip pages";
    }
  }
  // Reading the list column with a predicate on the nested column's leaf is not
  // flat; projecting only the list with an id predicate still aligns rows.
  ExpectSameMatches(reader, {0, 3}, {{0, Op::kEqual, int64_t{44444}}}, {0});
  // Only the selected pages are fetched.
  auto full = reader.ReadRowGroups({}, fields);
  auto pruned = reader.Scan(fields, {{0, Op::kGreaterOrEqual, int64_t{30000}}, {0, Op::kLess, int64_t{30500}}});
  ASSERT_TRUE(full.ok() && pruned.ok());
  Batch batch;
  int64_t pruned_rows = 0;
  while (*(*full)->Next(&batch)) {
  }
  while (*(*pruned)->Next(&batch)) pruned_rows += batch.num_rows;
  EXPECT_GT(pruned_rows, 500);
  EXPECT_LT((*pruned)->bytes_read() * 5, (*full)->bytes_read())
      << (*pruned)->bytes_read() << " of " << (*full)->bytes_read() << " bytes";
  // Small batches: ranges and batches end mid-page, records of the list
  // column end at page boundaries.
  ReaderOptions small;
  small.batch_rows = 7;
  auto small_reader = ParquetReader::Open(*written.io, "mem://sample.parquet", small);
  ASSERT_TRUE(small_reader.ok());
  for (int64_t id : {0, 4095, 4096, 17777, 59999}) {
    ExpectSameMatches(**small_reader, {3, 0}, {{0, Op::kGreaterOrEqual, id}, {0, Op::kLess, id + 300}}, {1, 1});
  }
}

TEST(PageIndex, DisabledWritesNoIndex) {
  WriterOptions options;
  options.page_index = false;
  Written written = WriteSample(2000, options);
  auto offsets = written.reader->ReadOffsetIndex(0, 0);
  ASSERT_TRUE(offsets.ok());
  EXPECT_FALSE(offsets->has_value());
  ExpectSameMatches(*written.reader, {0, 3}, {{0, Op::kEqual, int64_t{444}}}, {0});
}

TEST(BloomFilter, WriterWritesFiltersForSelectedColumns) {
  WriterOptions options;
  options.bloom_filter_field_ids = {1, 3};  // id and name
  options.row_group_bytes = 100'000;
  Written written = WriteSample(30'000, options);
  ParquetReader& reader = *written.reader;
  ASSERT_GT(reader.num_row_groups(), 1);
  for (int g = 0; g < reader.num_row_groups(); ++g) {
    auto id_filter = reader.ReadBloomFilter(g, 0);
    auto bucket_filter = reader.ReadBloomFilter(g, 1);
    auto name_filter = reader.ReadBloomFilter(g, 2);
    ASSERT_TRUE(id_filter.ok() && bucket_filter.ok() && name_filter.ok());
    ASSERT_TRUE(id_filter->has_value() && name_filter->has_value());
    EXPECT_FALSE(bucket_filter->has_value());
  }
  // Every present value is "maybe"; absent ones mostly "no".
  const ColumnDescriptor& name = reader.schema().columns()[2];
  auto filter = reader.ReadBloomFilter(0, 2);
  for (int i = 0; i < 1000; ++i) {
    ColumnPredicate equal{2, Op::kEqual, "name-" + std::to_string(i)};
    EXPECT_TRUE((**filter).MightContain(*BloomFilter::HashValue(name, equal))) << i;
  }
  int rejected = 0;
  for (int i = 0; i < 1000; ++i) {
    ColumnPredicate equal{2, Op::kEqual, "name-" + std::to_string(i) + "x"};
    rejected += !(**filter).MightContain(*BloomFilter::HashValue(name, equal));
  }
  EXPECT_GE(rejected, 950);
  // Equality on id: statistics keep one group, the bloom filter the same one.
  ScanStatistics statistics;
  ExpectSameMatches(reader, {0, 2}, {{0, Op::kEqual, int64_t{20001}}}, {0});
  auto groups = reader.PruneRowGroups({{0, Op::kEqual, int64_t{20001}}}, &statistics);
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(groups->size(), 1u);
  // A name inside every group's min/max but absent: the filters prune groups.
  groups = reader.PruneRowGroups({{2, Op::kEqual, std::string("name-5000")}}, &statistics);
  ASSERT_TRUE(groups.ok());
  EXPECT_GT(statistics.row_groups_pruned_by_bloom_filter, 0);
}

TEST(PageIndex, RowRangeIntersection) {
  RowRanges a = {{0, 10}, {20, 30}, {40, 50}};
  RowRanges b = {{5, 25}, {45, 60}};
  RowRanges expected = {{5, 10}, {20, 25}, {45, 50}};
  EXPECT_EQ(IntersectRowRanges(a, b), expected);
  EXPECT_EQ(CountRows(expected), 15);
  EXPECT_TRUE(IntersectRowRanges(a, {}).empty());
}

TEST(PageIndex, CorruptIndexesAreErrors) {
  // Thrift garbage and inconsistent indexes give kInvalidData.
  std::string garbage = "\x19\xfc\xff\xff\xff\x0f";
  EXPECT_FALSE(ParseOffsetIndex(reinterpret_cast<const uint8_t*>(garbage.data()), garbage.size()).ok());
  EXPECT_FALSE(ParseColumnIndex(reinterpret_cast<const uint8_t*>(garbage.data()), garbage.size()).ok());
  OffsetIndex offsets;
  offsets.page_locations = {{100, 10, 0}, {110, 10, 5}, {120, 10, 5}};
  EXPECT_FALSE(ValidateOffsetIndex(offsets, 20).ok());  // rows not increasing
  offsets.page_locations = {{100, 10, 0}, {110, 10, 25}};
  EXPECT_FALSE(ValidateOffsetIndex(offsets, 20).ok());  // row past the group
  offsets.page_locations = {{100, 10, 0}, {110, 10, 5}};
  EXPECT_TRUE(ValidateOffsetIndex(offsets, 20).ok());
  ColumnIndex columns;
  columns.null_pages = {false};
  columns.min_values = {"a"};
  columns.max_values = {"b"};
  std::string bytes = SerializeColumnIndex(columns);
  auto parsed = ParseColumnIndex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  ASSERT_TRUE(parsed.ok());
  ColumnDescriptor column;
  column.physical_type = PhysicalType::kByteArray;
  column.output_type = DataType(TypeId::kString);
  // One page in the column index, two in the offset index: an error.
  EXPECT_FALSE(PageIndexMayMatch(column, *parsed, offsets, 20, {0, Op::kEqual, std::string("a")}).ok());
  std::string round = SerializeOffsetIndex(offsets);
  auto reparsed = ParseOffsetIndex(reinterpret_cast<const uint8_t*>(round.data()), round.size());
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(reparsed->page_locations.size(), 2u);
  EXPECT_EQ(reparsed->page_locations[1].first_row_index, 5);
}

}  // namespace
}  // namespace floe::parquet

namespace floe::parquet {
namespace {

TEST(WriterOptions, FromIcebergTableProperties) {
  using Type = WriteField::Type;
  std::vector<WriteField> schema = {
      Field(1, "id", Type::kLong, true),
      Field(2, "location", Type::kStruct, false, {Field(3, "city", Type::kString)}),
      Field(4, "tags", Type::kList, false, {Field(5, "element", Type::kString)})};
  auto options = WriterOptionsFromTableProperties({{"write.parquet.compression-codec", "snappy"},
                                                   {"write.parquet.row-group-size-bytes", "1048576"},
                                                   {"write.parquet.page-size-bytes", "65536"},
                                                   {"write.parquet.dict-size-bytes", "32768"},
                                                   {"write.parquet.bloom-filter-enabled.column.id", "true"},
                                                   {"write.parquet.bloom-filter-enabled.column.location.city", "true"},
                                                   {"write.parquet.bloom-filter-enabled.column.tags.element", "false"},
                                                   {"write.parquet.bloom-filter-fpp.column.id", "0.05"},
                                                   {"write.parquet.bloom-filter-max-bytes", "4096"},
                                                   {"write.metadata.metrics.default", "truncate(8)"},
                                                   {"owner", "someone"}},
                                                  schema);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->codec, Codec::kSnappy);
  EXPECT_EQ(options->row_group_bytes, 1048576);
  EXPECT_EQ(options->page_bytes, 65536);
  EXPECT_EQ(options->dictionary_page_bytes, 32768);
  EXPECT_EQ(options->bloom_filter_field_ids, (std::vector<int32_t>{1, 3}));
  EXPECT_EQ(options->bloom_filter_fpp_by_field_id.at(1), 0.05);
  EXPECT_EQ(options->bloom_filter_max_bytes, 4096);
  EXPECT_EQ(options->bound_truncate_length, 8);
  EXPECT_EQ(WriterOptionsFromTableProperties({}, schema)->codec, Codec::kZstd);
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"write.parquet.compression-codec", "lzo"},
           {"write.parquet.page-size-bytes", "-1"},
           {"write.parquet.row-group-size-bytes", "12MB"},
           {"write.parquet.bloom-filter-enabled.column.missing", "true"},
           {"write.parquet.bloom-filter-enabled.column.id", "yes"},
           {"write.parquet.bloom-filter-fpp.column.id", "1.5"}}) {
    auto bad = WriterOptionsFromTableProperties({{key, value}}, schema);
    EXPECT_EQ(bad.status().kind(), ErrorKind::kInvalidData) << key << "=" << value;
  }
}

}  // namespace
}  // namespace floe::parquet

namespace floe::parquet {
namespace {

TEST(PageIndex, AllNanPagesLeaveTheChunkWithoutAColumnIndex) {
  using Type = WriteField::Type;
  std::vector<WriteField> schema = {Field(1, "id", Type::kLong, true), Field(2, "x", Type::kDouble)};
  auto io = std::make_shared<io::MemoryFileIO>();
  auto output = io->CreateOutput("mem://nan.parquet", io::WriteMode::kFailIfExists);
  ASSERT_TRUE(output.ok());
  WriterOptions options;
  options.page_bytes = 1024;
  options.dictionary = false;
  auto writer = ParquetWriter::Make(std::move(*output), schema, options);
  ASSERT_TRUE(writer.ok());
  Batch batch;
  batch.columns = {Vector::Make(DataType(TypeId::kInt64)), Vector::Make(DataType(TypeId::kDouble))};
  for (int64_t r = 0; r < 3000; ++r) {
    batch.columns[0]->Append<int64_t>(r);
    if (r < 1000) {
      batch.columns[1]->Append<double>(std::nan(""));
    } else if (r % 10 == 0) {
      batch.columns[1]->AppendNull();
    } else {
      batch.columns[1]->Append<double>(static_cast<double>(r));
    }
  }
  batch.num_rows = 3000;
  ASSERT_TRUE((*writer)->Write(batch).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  auto reader = ParquetReader::Open(*io, "mem://nan.parquet");
  ASSERT_TRUE(reader.ok());
  auto column_index = (*reader)->ReadColumnIndex(0, 1);
  auto offset_index = (*reader)->ReadOffsetIndex(0, 1);
  ASSERT_TRUE(column_index.ok() && offset_index.ok());
  EXPECT_FALSE(column_index->has_value());
  ASSERT_TRUE(offset_index->has_value());
  EXPECT_GT((*offset_index)->page_locations.size(), 2u);
  ExpectSameMatches(**reader, {0, 1}, {{1, Op::kIsNotNull, std::monostate{}}}, {1});
  ExpectSameMatches(**reader, {0, 1}, {{1, Op::kGreater, 2500.0}}, {1});
  ScannedRows pruned = ExpectSameMatches(**reader, {0, 1}, {{0, Op::kLess, int64_t{100}}}, {0});
  EXPECT_LT(pruned.statistics.rows_selected, 1000);
}

}  // namespace
}  // namespace floe::parquet

namespace floe::parquet {
namespace {

// Every fixture with a page index: for each flat top-level column with a
// column index, predicates built from its first pages' bounds give the same
// matches with and without pruning.
TEST(PageIndex, EveryFixtureWithAPageIndex) {
  SKIP_WITHOUT_FIXTURES();
  io::LocalFileIO io;
  int checked = 0;
  for (const char* file :
       {"alltypes_tiny_pages.parquet", "alltypes_tiny_pages_plain.parquet", "binary_truncated_min_max.parquet",
        "data_index_bloom_encoding_stats.parquet", "data_index_bloom_encoding_with_length.parquet",
        "datapage_v1-snappy-compressed-checksum.parquet", "datapage_v1-uncompressed-checksum.parquet",
        "datapage_v2_empty_datapage.snappy.parquet", "delta_encoding_required_column.parquet",
        "dict-page-offset-zero.parquet", "fixed_length_byte_array.parquet", "floating_orders_nan_count.parquet",
        "hadoop_lz4_compressed_larger.parquet", "incorrect_map_schema.parquet", "int32_with_null_pages.parquet",
        "int96_from_spark.parquet", "map_no_value.parquet", "old_list_structure.parquet",
        "plain-dict-uncompressed-checksum.parquet", "repeated_primitive_no_list.parquet",
        "rle-dict-snappy-checksum.parquet"}) {
    SCOPED_TRACE(file);
    ReaderOptions small;
    small.batch_rows = 1000;
    auto reader = ParquetReader::Open(io, FixturesDir() + "/data/" + file, small);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    ParquetReader& r = **reader;
    const auto& fields = r.schema().fields();
    for (size_t f = 0; f < fields.size(); ++f) {
      const FieldNode& node = fields[f];
      if (node.kind != FieldNode::Kind::kLeaf) continue;
      const ColumnDescriptor& column = r.schema().columns()[node.column];
      if (column.conversion != LeafConversion::kNone) continue;
      TypeId type = column.output_type.id;
      bool usable = type == TypeId::kInt32 || type == TypeId::kInt64 || type == TypeId::kDate ||
                    type == TypeId::kFloat || type == TypeId::kDouble || type == TypeId::kString ||
                    type == TypeId::kBinary;
      if (!usable || r.num_row_groups() == 0) continue;
      auto index = r.ReadColumnIndex(0, node.column);
      ASSERT_TRUE(index.ok()) << index.status().ToString();
      if (!index->has_value()) continue;
      std::vector<ColumnPredicate> predicates = {{node.column, Op::kIsNull, std::monostate{}},
                                                 {node.column, Op::kIsNotNull, std::monostate{}}};
      const ColumnIndex& pages = **index;
      for (size_t p = 0; p < pages.null_pages.size() && p < 2; ++p) {
        if (pages.null_pages[p]) continue;
        for (const std::string* bound : {&pages.min_values[p], &pages.max_values[p]}) {
          bool is_min = bound == &pages.min_values[p];
          ColumnPredicate predicate{node.column, Op::kEqual, std::monostate{}};
          if (type == TypeId::kString || type == TypeId::kBinary) {
            predicate.value = *bound;
          } else if (type == TypeId::kFloat && bound->size() == 4) {
            float v;
            std::memcpy(&v, bound->data(), 4);
            if (std::isnan(v)) continue;
            predicate.value = double{v};
          } else if (type == TypeId::kDouble && bound->size() == 8) {
            double v;
            std::memcpy(&v, bound->data(), 8);
            if (std::isnan(v)) continue;
            predicate.value = v;
          } else if (bound->size() == 4) {
            int32_t v;
            std::memcpy(&v, bound->data(), 4);
            predicate.value = int64_t{v};
          } else if (bound->size() == 8) {
            int64_t v;
            std::memcpy(&v, bound->data(), 8);
            predicate.value = v;
          } else {
            continue;
          }
          for (Op op : is_min ? std::vector<Op>{Op::kEqual, Op::kLess} : std::vector<Op>{Op::kGreater}) {
            predicate.op = op;
            predicates.push_back(predicate);
          }
        }
      }
      for (const ColumnPredicate& predicate : predicates) {
        SCOPED_TRACE(column.path.back() + " op " + std::to_string(static_cast<int>(predicate.op)));
        ExpectSameMatches(r, {}, {predicate}, {static_cast<int>(f)});
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 80);
}

}  // namespace
}  // namespace floe::parquet
