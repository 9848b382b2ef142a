// InclusiveMetricsEvaluator: the cases of Java's TestInclusiveMetricsEvaluator.
#include "floe/iceberg/inclusive_metrics_evaluator.h"

#include <gtest/gtest.h>

#include <limits>

#include "floe/iceberg/data_file.h"

namespace floe::iceberg {
namespace {

TypePtr Primitive(TypeId id) { return PrimitiveType::Get(id); }

constexpr int32_t kIntMin = 30;
constexpr int32_t kIntMax = 79;

SchemaPtr TestSchema() {
  std::vector<NestedField> nested = {
      NestedField{.id = 16, .name = "nested_col_no_stats", .type = Primitive(TypeId::kInt)},
      NestedField{.id = 17, .name = "nested_col_with_stats", .type = Primitive(TypeId::kInt)},
  };
  std::vector<NestedField> fields = {
      NestedField{.id = 1, .name = "id", .type = Primitive(TypeId::kInt), .required = true},
      NestedField{.id = 2, .name = "no_stats", .type = Primitive(TypeId::kInt)},
      NestedField{.id = 3, .name = "required", .type = Primitive(TypeId::kString), .required = true},
      NestedField{.id = 4, .name = "all_nulls", .type = Primitive(TypeId::kString)},
      NestedField{.id = 5, .name = "some_nulls", .type = Primitive(TypeId::kString)},
      NestedField{.id = 6, .name = "no_nulls", .type = Primitive(TypeId::kString)},
      NestedField{.id = 7, .name = "all_nans", .type = Primitive(TypeId::kDouble)},
      NestedField{.id = 8, .name = "some_nans", .type = Primitive(TypeId::kFloat)},
      NestedField{.id = 9, .name = "no_nans", .type = Primitive(TypeId::kFloat)},
      NestedField{.id = 10, .name = "all_nulls_double", .type = Primitive(TypeId::kDouble)},
      NestedField{.id = 11, .name = "all_nans_v1_stats", .type = Primitive(TypeId::kFloat)},
      NestedField{.id = 12, .name = "nan_and_null_only", .type = Primitive(TypeId::kDouble)},
      NestedField{.id = 13, .name = "no_nan_stats", .type = Primitive(TypeId::kDouble)},
      NestedField{.id = 14, .name = "some_empty", .type = Primitive(TypeId::kString)},
      NestedField{.id = 15, .name = "struct", .type = std::make_shared<StructType>(nested)},
  };
  auto schema = Schema::Make(0, fields);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return *schema;
}

std::string Bytes(TypeId type, const Literal& value) {
  auto bytes = ToBinary(*Primitive(type), value);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : std::string();
}

DataFile File() {
  DataFile file;
  file.file_path = "file.avro";
  file.record_count = 50;
  file.value_counts = {{4, 50}, {5, 50}, {6, 50}, {7, 50}, {8, 50}, {9, 50}, {10, 50},
                       {11, 50}, {12, 50}, {13, 50}, {14, 50}, {17, 50}};
  file.null_value_counts = {{4, 50}, {5, 10}, {6, 0}, {10, 50}, {11, 0}, {12, 1}, {14, 0}, {17, 0}};
  file.nan_value_counts = {{7, 50}, {8, 10}, {9, 0}};
  file.lower_bounds = {{1, Bytes(TypeId::kInt, kIntMin)},
                       {11, Bytes(TypeId::kFloat, std::numeric_limits<float>::quiet_NaN())},
                       {12, Bytes(TypeId::kDouble, std::numeric_limits<double>::quiet_NaN())},
                       {14, Bytes(TypeId::kString, "")},
                       {17, Bytes(TypeId::kInt, kIntMin)}};
  file.upper_bounds = {{1, Bytes(TypeId::kInt, kIntMax)},
                       {11, Bytes(TypeId::kFloat, std::numeric_limits<float>::quiet_NaN())},
                       {12, Bytes(TypeId::kDouble, std::numeric_limits<double>::quiet_NaN())},
                       {14, Bytes(TypeId::kString, "房东整租霍营小区二层两居室")},
                       {17, Bytes(TypeId::kInt, kIntMax)}};
  return file;
}

DataFile StringFile(std::string lower, std::string upper) {
  DataFile file;
  file.record_count = 50;
  file.value_counts = {{3, 20}};
  file.null_value_counts = {{3, 2}};
  file.lower_bounds = {{3, Bytes(TypeId::kString, std::move(lower))}};
  file.upper_bounds = {{3, Bytes(TypeId::kString, std::move(upper))}};
  return file;
}

bool ShouldRead(const ExpressionPtr& filter, const DataFile& file, bool case_sensitive = true) {
  auto evaluator = InclusiveMetricsEvaluator::Make(filter, *TestSchema(), case_sensitive);
  EXPECT_TRUE(evaluator.ok()) << filter->ToString() << ": " << evaluator.status().ToString();
  if (!evaluator.ok()) return true;
  auto result = evaluator->Evaluate(MetricsOf(file));
  EXPECT_TRUE(result.ok()) << filter->ToString() << ": " << result.status().ToString();
  return !result.ok() || *result;
}

TEST(InclusiveMetricsEvaluatorTest, AllNulls) {
  DataFile file = File();
  EXPECT_FALSE(ShouldRead(NotNull("all_nulls"), file));
  EXPECT_FALSE(ShouldRead(LessThan("all_nulls", "a"), file));
  EXPECT_FALSE(ShouldRead(LessThanOrEqual("all_nulls", "a"), file));
  EXPECT_FALSE(ShouldRead(GreaterThan("all_nulls", "a"), file));
  EXPECT_FALSE(ShouldRead(GreaterThanOrEqual("all_nulls", "a"), file));
  EXPECT_FALSE(ShouldRead(Equal("all_nulls", "a"), file));
  EXPECT_FALSE(ShouldRead(StartsWith("all_nulls", "a"), file));
  EXPECT_TRUE(ShouldRead(NotStartsWith("all_nulls", "a"), file));
  EXPECT_TRUE(ShouldRead(NotNull("some_nulls"), file));
  EXPECT_TRUE(ShouldRead(NotNull("no_nulls"), file));
}

TEST(InclusiveMetricsEvaluatorTest, NoNulls) {
  DataFile file = File();
  EXPECT_TRUE(ShouldRead(IsNull("all_nulls"), file));
  EXPECT_TRUE(ShouldRead(IsNull("some_nulls"), file));
  EXPECT_FALSE(ShouldRead(IsNull("no_nulls"), file));
}

TEST(InclusiveMetricsEvaluatorTest, IsNaN) {
  DataFile file = File();
  EXPECT_TRUE(ShouldRead(IsNaN("all_nans"), file));
  EXPECT_TRUE(ShouldRead(IsNaN("some_nans"), file));
  EXPECT_FALSE(ShouldRead(IsNaN("no_nans"), file));
  EXPECT_FALSE(ShouldRead(IsNaN("all_nulls_double"), file));
  EXPECT_TRUE(ShouldRead(IsNaN("no_nan_stats"), file));
  EXPECT_TRUE(ShouldRead(IsNaN("all_nans_v1_stats"), file));
  EXPECT_TRUE(ShouldRead(IsNaN("nan_and_null_only"), file));
}

TEST(InclusiveMetricsEvaluatorTest, NotNaN) {
  DataFile file = File();
  EXPECT_FALSE(ShouldRead(NotNaN("all_nans"), file));
  EXPECT_TRUE(ShouldRead(NotNaN("some_nans"), file));
  EXPECT_TRUE(ShouldRead(NotNaN("no_nans"), file));
  EXPECT_TRUE(ShouldRead(NotNaN("all_nulls_double"), file));
  EXPECT_TRUE(ShouldRead(NotNaN("no_nan_stats"), file));
  EXPECT_TRUE(ShouldRead(NotNaN("all_nans_v1_stats"), file));
  EXPECT_TRUE(ShouldRead(NotNaN("nan_and_null_only"), file));
}

TEST(InclusiveMetricsEvaluatorTest, NaNBoundsAndAllNaNColumns) {
  DataFile file = File();
  // All-NaN columns match no comparison.
  for (const auto& filter : {LessThan("all_nans", 1), LessThanOrEqual("all_nans", 1), GreaterThan("all_nans", 1),
                             GreaterThanOrEqual("all_nans", 1), Equal("all_nans", 1), In("all_nans", {1.0, 2.0})}) {
    EXPECT_FALSE(ShouldRead(filter, file)) << filter->ToString();
  }
  EXPECT_TRUE(ShouldRead(NotEqual("all_nans", 1), file));
  // NaN bounds (v1 ORC stats) are unreliable: read.
  for (const auto& filter : {LessThan("all_nans_v1_stats", 1), LessThanOrEqual("all_nans_v1_stats", 1),
                             GreaterThan("all_nans_v1_stats", 1), GreaterThanOrEqual("all_nans_v1_stats", 1),
                             Equal("all_nans_v1_stats", 1), In("all_nans_v1_stats", {1.0f, 2.0f}),
                             LessThan("nan_and_null_only", 1), Equal("nan_and_null_only", 1)}) {
    EXPECT_TRUE(ShouldRead(filter, file)) << filter->ToString();
  }
}

TEST(InclusiveMetricsEvaluatorTest, RequiredColumn) {
  DataFile file = File();
  EXPECT_TRUE(ShouldRead(NotNull("required"), file));
  EXPECT_FALSE(ShouldRead(IsNull("required"), file));
}

TEST(InclusiveMetricsEvaluatorTest, MissingColumn) {
  auto evaluator = InclusiveMetricsEvaluator::Make(LessThan("missing", 5), *TestSchema());
  ASSERT_FALSE(evaluator.ok());
  EXPECT_EQ(evaluator.status().kind(), ErrorKind::kBadRequest);
  EXPECT_NE(evaluator.status().message().find("Cannot find field 'missing'"), std::string::npos);
}

TEST(InclusiveMetricsEvaluatorTest, MissingStats) {
  DataFile missing_stats;
  missing_stats.record_count = 50;
  for (const auto& filter : {LessThan("no_stats", 5), LessThanOrEqual("no_stats", 30), Equal("no_stats", 70),
                             GreaterThan("no_stats", 78), GreaterThanOrEqual("no_stats", 90),
                             NotEqual("no_stats", 101), IsNull("no_stats"), NotNull("no_stats"),
                             IsNaN("some_nans"), NotNaN("some_nans")}) {
    EXPECT_TRUE(ShouldRead(filter, missing_stats)) << filter->ToString();
  }
  // A view without any maps behaves the same.
  auto evaluator = InclusiveMetricsEvaluator::Make(LessThan("no_stats", 5), *TestSchema());
  ASSERT_TRUE(evaluator.ok());
  FileMetrics bare;
  bare.record_count = 5;
  EXPECT_TRUE(*evaluator->Evaluate(bare));
}

TEST(InclusiveMetricsEvaluatorTest, ZeroRecordFile) {
  DataFile empty;
  empty.record_count = 0;
  for (const auto& filter : {LessThan("id", 5), LessThanOrEqual("id", 30), Equal("id", 70), GreaterThan("id", 78),
                             GreaterThanOrEqual("id", 90), NotEqual("id", 101), IsNull("some_nulls"),
                             NotNull("some_nulls"), IsNaN("some_nans"), NotNaN("some_nans")}) {
    EXPECT_FALSE(ShouldRead(filter, empty)) << filter->ToString();
  }
  DataFile unknown_count;
  unknown_count.record_count = -1;
  EXPECT_TRUE(ShouldRead(Equal("all_nulls", "a"), unknown_count));
}

TEST(InclusiveMetricsEvaluatorTest, NotAndOr) {
  DataFile file = File();
  EXPECT_TRUE(ShouldRead(Not(LessThan("id", kIntMin - 25)), file));
  EXPECT_FALSE(ShouldRead(Not(GreaterThan("id", kIntMin - 25)), file));
  EXPECT_FALSE(ShouldRead(And(LessThan("id", kIntMin - 25), GreaterThanOrEqual("id", kIntMin - 30)), file));
  EXPECT_FALSE(ShouldRead(And(LessThan("id", kIntMin - 25), GreaterThanOrEqual("id", kIntMax + 1)), file));
  EXPECT_TRUE(ShouldRead(And(GreaterThan("id", kIntMin - 25), LessThanOrEqual("id", kIntMin)), file));
  EXPECT_FALSE(ShouldRead(Or(LessThan("id", kIntMin - 25), GreaterThanOrEqual("id", kIntMax + 1)), file));
  EXPECT_TRUE(ShouldRead(Or(LessThan("id", kIntMin - 25), GreaterThanOrEqual("id", kIntMax - 19)), file));
}

TEST(InclusiveMetricsEvaluatorTest, IntegerComparisons) {
  DataFile file = File();
  EXPECT_FALSE(ShouldRead(LessThan("id", kIntMin - 25), file));
  EXPECT_FALSE(ShouldRead(LessThan("id", kIntMin), file));
  EXPECT_TRUE(ShouldRead(LessThan("id", kIntMin + 1), file));
  EXPECT_TRUE(ShouldRead(LessThan("id", kIntMax), file));

  EXPECT_FALSE(ShouldRead(LessThanOrEqual("id", kIntMin - 25), file));
  EXPECT_FALSE(ShouldRead(LessThanOrEqual("id", kIntMin - 1), file));
  EXPECT_TRUE(ShouldRead(LessThanOrEqual("id", kIntMin), file));
  EXPECT_TRUE(ShouldRead(LessThanOrEqual("id", kIntMax), file));

  EXPECT_FALSE(ShouldRead(GreaterThan("id", kIntMax + 6), file));
  EXPECT_FALSE(ShouldRead(GreaterThan("id", kIntMax), file));
  EXPECT_TRUE(ShouldRead(GreaterThan("id", kIntMax - 1), file));
  EXPECT_TRUE(ShouldRead(GreaterThan("id", kIntMax - 4), file));

  EXPECT_FALSE(ShouldRead(GreaterThanOrEqual("id", kIntMax + 6), file));
  EXPECT_FALSE(ShouldRead(GreaterThanOrEqual("id", kIntMax + 1), file));
  EXPECT_TRUE(ShouldRead(GreaterThanOrEqual("id", kIntMax), file));
  EXPECT_TRUE(ShouldRead(GreaterThanOrEqual("id", kIntMax - 4), file));
}

TEST(InclusiveMetricsEvaluatorTest, IntegerEqAndNotEq) {
  DataFile file = File();
  EXPECT_FALSE(ShouldRead(Equal("id", kIntMin - 25), file));
  EXPECT_FALSE(ShouldRead(Equal("id", kIntMin - 1), file));
  EXPECT_TRUE(ShouldRead(Equal("id", kIntMin), file));
  EXPECT_TRUE(ShouldRead(Equal("id", kIntMax - 4), file));
  EXPECT_TRUE(ShouldRead(Equal("id", kIntMax), file));
  EXPECT_FALSE(ShouldRead(Equal("id", kIntMax + 1), file));
  EXPECT_FALSE(ShouldRead(Equal("id", kIntMax + 6), file));
  for (int32_t value : {kIntMin - 25, kIntMin - 1, kIntMin, kIntMax - 4, kIntMax, kIntMax + 1, kIntMax + 6}) {
    EXPECT_TRUE(ShouldRead(NotEqual("id", value), file)) << value;
    EXPECT_TRUE(ShouldRead(Not(Equal("id", value)), file)) << value;
    EXPECT_TRUE(ShouldRead(Not(Equal("ID", value)), file, /*case_sensitive=*/false)) << value;
  }
  auto sensitive = InclusiveMetricsEvaluator::Make(Not(Equal("ID", 5)), *TestSchema(), true);
  ASSERT_FALSE(sensitive.ok());
  EXPECT_NE(sensitive.status().message().find("Cannot find field 'ID'"), std::string::npos);
}

TEST(InclusiveMetricsEvaluatorTest, StringStartsWith) {
  DataFile file = File();
  DataFile file2 = StringFile("aa", "dC");
  DataFile file3 = StringFile("1str1", "3str3");
  DataFile file4 = StringFile("abc", "イロハニホヘト");
  EXPECT_TRUE(ShouldRead(StartsWith("required", "a"), file));
  EXPECT_TRUE(ShouldRead(StartsWith("required", "a"), file2));
  EXPECT_TRUE(ShouldRead(StartsWith("required", "aa"), file2));
  EXPECT_TRUE(ShouldRead(StartsWith("required", "aaa"), file2));
  EXPECT_TRUE(ShouldRead(StartsWith("required", "1s"), file3));
  EXPECT_TRUE(ShouldRead(StartsWith("required", "1str1x"), file3));
  EXPECT_TRUE(ShouldRead(StartsWith("required", "ff"), file4));
  EXPECT_FALSE(ShouldRead(StartsWith("required", "aB"), file2));
  EXPECT_FALSE(ShouldRead(StartsWith("required", "dWX"), file2));
  EXPECT_FALSE(ShouldRead(StartsWith("required", "5"), file3));
  EXPECT_FALSE(ShouldRead(StartsWith("required", "3str3x"), file3));
  EXPECT_TRUE(ShouldRead(StartsWith("some_empty", "房东整租霍"), file));
  EXPECT_FALSE(ShouldRead(StartsWith("all_nulls", ""), file));
  // Java: UnicodeUtil.truncateStringMax("イロハニホヘト", 4) = "イロハヌ", above the upper bound.
  EXPECT_FALSE(ShouldRead(StartsWith("required", "イロハヌ"), file4));
}

TEST(InclusiveMetricsEvaluatorTest, StringNotStartsWith) {
  DataFile file = File();
  DataFile file2 = StringFile("aa", "dC");
  DataFile file3 = StringFile("1str1", "3str3");
  DataFile file4 = StringFile("abc", "イロハニホヘト");
  EXPECT_TRUE(ShouldRead(NotStartsWith("required", "a"), file));
  for (const char* prefix : {"a", "aa", "aaa", "aB", "dWX"}) {
    EXPECT_TRUE(ShouldRead(NotStartsWith("required", prefix), file2)) << prefix;
  }
  for (const char* prefix : {"1s", "1str1x", "5", "3str3x"}) {
    EXPECT_TRUE(ShouldRead(NotStartsWith("required", prefix), file3)) << prefix;
  }
  EXPECT_TRUE(ShouldRead(NotStartsWith("required", "ff"), file4));
  EXPECT_TRUE(ShouldRead(NotStartsWith("required", "イロハヌ"), file4));
  // Both bounds start with the prefix and there are no nulls: every value does.
  DataFile same_prefix = StringFile("abcd", "abzz");
  same_prefix.null_value_counts = {{3, 0}};
  EXPECT_FALSE(ShouldRead(NotStartsWith("required", "ab"), same_prefix));
  EXPECT_TRUE(ShouldRead(NotStartsWith("required", "abc"), same_prefix));
  same_prefix.null_value_counts = {{3, 1}};
  EXPECT_TRUE(ShouldRead(NotStartsWith("required", "ab"), same_prefix));
}

TEST(InclusiveMetricsEvaluatorTest, IntegerIn) {
  DataFile file = File();
  EXPECT_FALSE(ShouldRead(In("id", {kIntMin - 25, kIntMin - 24}), file));
  EXPECT_FALSE(ShouldRead(In("id", {kIntMin - 2, kIntMin - 1}), file));
  EXPECT_TRUE(ShouldRead(In("id", {kIntMin - 1, kIntMin}), file));
  EXPECT_TRUE(ShouldRead(In("id", {kIntMax - 4, kIntMax - 3}), file));
  EXPECT_TRUE(ShouldRead(In("id", {kIntMax, kIntMax + 1}), file));
  EXPECT_FALSE(ShouldRead(In("id", {kIntMax + 1, kIntMax + 2}), file));
  EXPECT_FALSE(ShouldRead(In("id", {kIntMax + 6, kIntMax + 7}), file));
  // Values on both sides of the range but none inside.
  EXPECT_FALSE(ShouldRead(In("id", {kIntMin - 1, kIntMax + 1}), file));
  EXPECT_FALSE(ShouldRead(In("all_nulls", {"abc", "def"}), file));
  EXPECT_TRUE(ShouldRead(In("some_nulls", {"abc", "def"}), file));
  EXPECT_TRUE(ShouldRead(In("no_nulls", {"abc", "def"}), file));
  std::vector<Literal> many;
  for (int32_t id = -400; id <= 0; ++id) many.emplace_back(id);
  EXPECT_TRUE(ShouldRead(In("id", many), file));
}

TEST(InclusiveMetricsEvaluatorTest, IntegerNotIn) {
  DataFile file = File();
  for (auto values : {std::vector<Literal>{kIntMin - 25, kIntMin - 24}, std::vector<Literal>{kIntMin - 1, kIntMin},
                      std::vector<Literal>{kIntMax, kIntMax + 1}, std::vector<Literal>{kIntMax + 6, kIntMax + 7}}) {
    EXPECT_TRUE(ShouldRead(NotIn("id", values), file));
  }
  EXPECT_TRUE(ShouldRead(NotIn("all_nulls", {"abc", "def"}), file));
  EXPECT_TRUE(ShouldRead(NotIn("some_nulls", {"abc", "def"}), file));
  EXPECT_TRUE(ShouldRead(NotIn("no_nulls", {"abc", "def"}), file));
}

TEST(InclusiveMetricsEvaluatorTest, NestedStructFields) {
  DataFile file = File();
  EXPECT_TRUE(ShouldRead(LessThan("struct.nested_col_no_stats", 5), file));
  EXPECT_TRUE(ShouldRead(IsNull("struct.nested_col_no_stats"), file));
  EXPECT_FALSE(ShouldRead(LessThan("struct.nested_col_with_stats", kIntMin), file));
  EXPECT_TRUE(ShouldRead(Equal("struct.nested_col_with_stats", kIntMin), file));
  EXPECT_FALSE(ShouldRead(GreaterThan("struct.nested_col_with_stats", kIntMax), file));
  EXPECT_FALSE(ShouldRead(IsNull("struct.nested_col_with_stats"), file));
  EXPECT_TRUE(ShouldRead(NotNull("struct.nested_col_with_stats"), file));
}

TEST(InclusiveMetricsEvaluatorTest, CorruptBoundsAreReported) {
  DataFile file = File();
  file.lower_bounds[1] = "xy";  // an int bound must be 4 bytes
  auto evaluator = InclusiveMetricsEvaluator::Make(LessThan("id", 5), *TestSchema());
  ASSERT_TRUE(evaluator.ok());
  auto result = evaluator->Evaluate(MetricsOf(file));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::kInvalidData);
}

TEST(InclusiveMetricsEvaluatorTest, TenThousandFilesSelectOnlyMatches) {
  auto evaluator = InclusiveMetricsEvaluator::Make(
      And({GreaterThanOrEqual("id", 40), LessThan("id", 50), StartsWith("required", "ab"), NotNull("some_nulls")}),
      *TestSchema());
  ASSERT_TRUE(evaluator.ok());
  std::vector<DataFile> files(10000, File());
  for (size_t i = 0; i < files.size(); ++i) {
    files[i].lower_bounds[1] = Bytes(TypeId::kInt, static_cast<int32_t>(i));
    files[i].upper_bounds[1] = Bytes(TypeId::kInt, static_cast<int32_t>(i + 5));
    files[i].lower_bounds[3] = Bytes(TypeId::kString, "aa");
    files[i].upper_bounds[3] = Bytes(TypeId::kString, "zz");
  }
  int matches = 0;
  for (const DataFile& file : files) matches += *evaluator->Evaluate(MetricsOf(file)) ? 1 : 0;
  EXPECT_EQ(matches, 15);  // files 35..49 overlap [40, 50)
}

}  // namespace
}  // namespace floe::iceberg
