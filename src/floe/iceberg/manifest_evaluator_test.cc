// ManifestEvaluator: the cases of Java's TestInclusiveManifestEvaluator.
#include "floe/iceberg/manifest_evaluator.h"

#include <gtest/gtest.h>

#include <limits>

namespace floe::iceberg {
namespace {

TypePtr Primitive(TypeId id) { return PrimitiveType::Get(id); }

constexpr int32_t kIntMin = 30;
constexpr int32_t kIntMax = 79;

SchemaPtr TestSchema() {
  std::vector<NestedField> fields = {
      NestedField{.id = 1, .name = "id", .type = Primitive(TypeId::kInt), .required = true},
      NestedField{.id = 4, .name = "all_nulls_missing_nan", .type = Primitive(TypeId::kString)},
      NestedField{.id = 5, .name = "some_nulls", .type = Primitive(TypeId::kString)},
      NestedField{.id = 6, .name = "no_nulls", .type = Primitive(TypeId::kString)},
      NestedField{.id = 7, .name = "float", .type = Primitive(TypeId::kFloat)},
      NestedField{.id = 8, .name = "all_nulls_double", .type = Primitive(TypeId::kDouble)},
      NestedField{.id = 9, .name = "all_nulls_no_nans", .type = Primitive(TypeId::kFloat)},
      NestedField{.id = 10, .name = "all_nans", .type = Primitive(TypeId::kDouble)},
      NestedField{.id = 11, .name = "both_nan_and_null", .type = Primitive(TypeId::kFloat)},
      NestedField{.id = 12, .name = "no_nan_or_null", .type = Primitive(TypeId::kDouble)},
      NestedField{.id = 13, .name = "all_nulls_missing_nan_float", .type = Primitive(TypeId::kFloat)},
      NestedField{.id = 14, .name = "all_same_value_or_null", .type = Primitive(TypeId::kString)},
      NestedField{.id = 15, .name = "no_nulls_same_value_a", .type = Primitive(TypeId::kString)},
      NestedField{.id = 16, .name = "ts", .type = Primitive(TypeId::kTimestamp)},
  };
  auto schema = Schema::Make(0, fields);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return *schema;
}

PartitionSpec Spec() {
  std::vector<PartitionField> fields;
  int32_t field_id = 1000;
  SchemaPtr schema = TestSchema();
  for (int32_t source_id : {1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}) {
    const NestedField* field = schema->FindField(source_id);
    fields.push_back(PartitionField{.source_id = source_id, .field_id = field_id++, .name = field->name,
                                    .transform = Transform::Identity()});
  }
  fields.push_back(PartitionField{.source_id = 16, .field_id = field_id++, .name = "ts_day", .transform = Transform::Day()});
  return PartitionSpec(0, std::move(fields));
}

std::string Bytes(TypeId type, const Literal& value) {
  auto bytes = ToBinary(*Primitive(type), value);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : std::string();
}

PartitionFieldSummary Summary(bool contains_null, std::optional<bool> contains_nan, std::optional<std::string> lower,
                              std::optional<std::string> upper) {
  return PartitionFieldSummary{contains_null, contains_nan, std::move(lower), std::move(upper)};
}

std::vector<PartitionFieldSummary> Summaries() {
  std::string string_min = Bytes(TypeId::kString, "a");
  std::string string_max = Bytes(TypeId::kString, "z");
  return {
      Summary(false, std::nullopt, Bytes(TypeId::kInt, kIntMin), Bytes(TypeId::kInt, kIntMax)),  // id
      Summary(true, std::nullopt, std::nullopt, std::nullopt),                                   // all_nulls_missing_nan
      Summary(true, std::nullopt, string_min, string_max),                                       // some_nulls
      Summary(false, std::nullopt, string_min, string_max),                                      // no_nulls
      Summary(false, std::nullopt, Bytes(TypeId::kFloat, 0.0f), Bytes(TypeId::kFloat, 20.0f)),  // float
      Summary(true, std::nullopt, std::nullopt, std::nullopt),                                   // all_nulls_double
      Summary(true, false, std::nullopt, std::nullopt),                                          // all_nulls_no_nans
      Summary(false, true, std::nullopt, std::nullopt),                                          // all_nans
      Summary(true, true, std::nullopt, std::nullopt),                                           // both_nan_and_null
      Summary(false, false, Bytes(TypeId::kDouble, 0.0), Bytes(TypeId::kDouble, 20.0)),          // no_nan_or_null
      Summary(true, std::nullopt, std::nullopt, std::nullopt),  // all_nulls_missing_nan_float
      Summary(true, std::nullopt, string_min, string_min),      // all_same_value_or_null
      Summary(false, std::nullopt, string_min, string_min),     // no_nulls_same_value_a
      Summary(false, std::nullopt, Bytes(TypeId::kDate, int32_t{17486}), Bytes(TypeId::kDate, int32_t{17490})),  // ts_day
  };
}

bool ShouldRead(const ExpressionPtr& row_filter, bool case_sensitive = true) {
  auto evaluator = ManifestEvaluator::ForRowFilter(row_filter, Spec(), *TestSchema(), case_sensitive);
  EXPECT_TRUE(evaluator.ok()) << row_filter->ToString() << ": " << evaluator.status().ToString();
  if (!evaluator.ok()) return true;
  auto result = evaluator->Evaluate(Summaries());
  EXPECT_TRUE(result.ok()) << row_filter->ToString() << ": " << result.status().ToString();
  return !result.ok() || *result;
}

TEST(ManifestEvaluatorTest, AllNulls) {
  EXPECT_FALSE(ShouldRead(NotNull("all_nulls_missing_nan")));  // a string column cannot hide NaNs
  EXPECT_FALSE(ShouldRead(NotNull("all_nulls_no_nans")));
  EXPECT_TRUE(ShouldRead(NotNull("all_nulls_double")));        // NaN unknown: may hold NaN (non-null)
  EXPECT_TRUE(ShouldRead(NotNull("all_nulls_missing_nan_float")));
  EXPECT_TRUE(ShouldRead(NotNull("some_nulls")));
  EXPECT_TRUE(ShouldRead(NotNull("no_nulls")));
  EXPECT_FALSE(ShouldRead(StartsWith("all_nulls_missing_nan", "asad")));
  EXPECT_TRUE(ShouldRead(NotStartsWith("all_nulls_missing_nan", "asad")));
}

TEST(ManifestEvaluatorTest, NoNulls) {
  EXPECT_TRUE(ShouldRead(IsNull("all_nulls_missing_nan")));
  EXPECT_TRUE(ShouldRead(IsNull("some_nulls")));
  EXPECT_FALSE(ShouldRead(IsNull("no_nulls")));
  EXPECT_TRUE(ShouldRead(IsNull("both_nan_and_null")));
}

TEST(ManifestEvaluatorTest, IsNaN) {
  EXPECT_TRUE(ShouldRead(IsNaN("float")));
  EXPECT_TRUE(ShouldRead(IsNaN("all_nulls_double")));
  EXPECT_TRUE(ShouldRead(IsNaN("all_nulls_missing_nan_float")));
  EXPECT_FALSE(ShouldRead(IsNaN("all_nulls_no_nans")));
  EXPECT_TRUE(ShouldRead(IsNaN("all_nans")));
  EXPECT_TRUE(ShouldRead(IsNaN("both_nan_and_null")));
  EXPECT_FALSE(ShouldRead(IsNaN("no_nan_or_null")));
}

TEST(ManifestEvaluatorTest, NotNaN) {
  EXPECT_TRUE(ShouldRead(NotNaN("float")));
  EXPECT_TRUE(ShouldRead(NotNaN("all_nulls_double")));
  EXPECT_TRUE(ShouldRead(NotNaN("all_nulls_no_nans")));
  EXPECT_FALSE(ShouldRead(NotNaN("all_nans")));
  EXPECT_TRUE(ShouldRead(NotNaN("both_nan_and_null")));
  EXPECT_TRUE(ShouldRead(NotNaN("no_nan_or_null")));
}

TEST(ManifestEvaluatorTest, MissingColumnAndStats) {
  auto evaluator = ManifestEvaluator::ForRowFilter(LessThan("missing", 5), Spec(), *TestSchema());
  ASSERT_FALSE(evaluator.ok());
  EXPECT_EQ(evaluator.status().kind(), ErrorKind::kBadRequest);
  EXPECT_NE(evaluator.status().message().find("Cannot find field 'missing'"), std::string::npos);

  std::optional<std::vector<PartitionFieldSummary>> no_stats;
  for (const auto& filter : {LessThan("id", 5), LessThanOrEqual("id", 30), Equal("id", 70), GreaterThan("id", 78),
                             GreaterThanOrEqual("id", 90), NotEqual("id", 101), IsNull("id"), NotNull("id"),
                             StartsWith("all_nulls_missing_nan", "a"), IsNaN("float"), NotNaN("float"),
                             NotStartsWith("all_nulls_missing_nan", "a")}) {
    auto built = ManifestEvaluator::ForRowFilter(filter, Spec(), *TestSchema());
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    EXPECT_TRUE(*built->Evaluate(no_stats)) << filter->ToString();
  }
}

TEST(ManifestEvaluatorTest, NotAndOr) {
  EXPECT_TRUE(ShouldRead(Not(LessThan("id", kIntMin - 25))));
  EXPECT_FALSE(ShouldRead(Not(GreaterThan("id", kIntMin - 25))));
  EXPECT_FALSE(ShouldRead(And(LessThan("id", kIntMin - 25), GreaterThanOrEqual("id", kIntMin - 30))));
  EXPECT_FALSE(ShouldRead(And(LessThan("id", kIntMin - 25), GreaterThanOrEqual("id", kIntMax + 1))));
  EXPECT_TRUE(ShouldRead(And(GreaterThan("id", kIntMin - 25), LessThanOrEqual("id", kIntMin))));
  EXPECT_FALSE(ShouldRead(Or(LessThan("id", kIntMin - 25), GreaterThanOrEqual("id", kIntMax + 1))));
  EXPECT_TRUE(ShouldRead(Or(LessThan("id", kIntMin - 25), GreaterThanOrEqual("id", kIntMax - 19))));
}

TEST(ManifestEvaluatorTest, IntegerComparisons) {
  EXPECT_FALSE(ShouldRead(LessThan("id", kIntMin - 25)));
  EXPECT_FALSE(ShouldRead(LessThan("id", kIntMin)));
  EXPECT_TRUE(ShouldRead(LessThan("id", kIntMin + 1)));
  EXPECT_TRUE(ShouldRead(LessThan("id", kIntMax)));
  EXPECT_FALSE(ShouldRead(LessThanOrEqual("id", kIntMin - 25)));
  EXPECT_FALSE(ShouldRead(LessThanOrEqual("id", kIntMin - 1)));
  EXPECT_TRUE(ShouldRead(LessThanOrEqual("id", kIntMin)));
  EXPECT_TRUE(ShouldRead(LessThanOrEqual("id", kIntMax)));
  EXPECT_FALSE(ShouldRead(GreaterThan("id", kIntMax + 6)));
  EXPECT_FALSE(ShouldRead(GreaterThan("id", kIntMax)));
  EXPECT_TRUE(ShouldRead(GreaterThan("id", kIntMax - 1)));
  EXPECT_TRUE(ShouldRead(GreaterThan("id", kIntMax - 4)));
  EXPECT_FALSE(ShouldRead(GreaterThanOrEqual("id", kIntMax + 6)));
  EXPECT_FALSE(ShouldRead(GreaterThanOrEqual("id", kIntMax + 1)));
  EXPECT_TRUE(ShouldRead(GreaterThanOrEqual("id", kIntMax)));
  EXPECT_TRUE(ShouldRead(GreaterThanOrEqual("id", kIntMax - 4)));
}

TEST(ManifestEvaluatorTest, IntegerEqAndNotEq) {
  EXPECT_FALSE(ShouldRead(Equal("id", kIntMin - 25)));
  EXPECT_FALSE(ShouldRead(Equal("id", kIntMin - 1)));
  EXPECT_TRUE(ShouldRead(Equal("id", kIntMin)));
  EXPECT_TRUE(ShouldRead(Equal("id", kIntMax - 4)));
  EXPECT_TRUE(ShouldRead(Equal("id", kIntMax)));
  EXPECT_FALSE(ShouldRead(Equal("id", kIntMax + 1)));
  EXPECT_FALSE(ShouldRead(Equal("id", kIntMax + 6)));
  for (int32_t value : {kIntMin - 25, kIntMin - 1, kIntMin, kIntMax - 4, kIntMax, kIntMax + 1, kIntMax + 6}) {
    EXPECT_TRUE(ShouldRead(NotEqual("id", value))) << value;
    EXPECT_TRUE(ShouldRead(Not(Equal("id", value)))) << value;
    EXPECT_TRUE(ShouldRead(Not(Equal("ID", value)), /*case_sensitive=*/false)) << value;
  }
  auto sensitive = ManifestEvaluator::ForRowFilter(Not(Equal("ID", 5)), Spec(), *TestSchema(), true);
  ASSERT_FALSE(sensitive.ok());
  EXPECT_NE(sensitive.status().message().find("Cannot find field 'ID'"), std::string::npos);
}

TEST(ManifestEvaluatorTest, StringStartsWith) {
  EXPECT_TRUE(ShouldRead(StartsWith("some_nulls", "a"), false));
  EXPECT_TRUE(ShouldRead(StartsWith("some_nulls", "aa"), false));
  EXPECT_TRUE(ShouldRead(StartsWith("some_nulls", "dddd"), false));
  EXPECT_TRUE(ShouldRead(StartsWith("some_nulls", "z"), false));
  EXPECT_TRUE(ShouldRead(StartsWith("no_nulls", "a"), false));
  EXPECT_FALSE(ShouldRead(StartsWith("some_nulls", "zzzz"), false));
  EXPECT_FALSE(ShouldRead(StartsWith("some_nulls", "1"), false));
}

TEST(ManifestEvaluatorTest, StringNotStartsWith) {
  EXPECT_TRUE(ShouldRead(NotStartsWith("some_nulls", "a"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("some_nulls", "aa"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("some_nulls", "dddd"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("some_nulls", "z"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("no_nulls", "a"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("some_nulls", "zzzz"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("some_nulls", "1"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("all_same_value_or_null", "a"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("all_same_value_or_null", "aa"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("all_same_value_or_null", "A"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("all_nulls_missing_nan", "A"), false));
  EXPECT_FALSE(ShouldRead(NotStartsWith("no_nulls_same_value_a", "a"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("no_nulls_same_value_a", "aa"), false));
  EXPECT_TRUE(ShouldRead(NotStartsWith("no_nulls_same_value_a", "A"), false));
}

TEST(ManifestEvaluatorTest, IntegerInAndNotIn) {
  EXPECT_FALSE(ShouldRead(In("id", {kIntMin - 25, kIntMin - 24})));
  EXPECT_FALSE(ShouldRead(In("id", {kIntMin - 2, kIntMin - 1})));
  EXPECT_TRUE(ShouldRead(In("id", {kIntMin - 1, kIntMin})));
  EXPECT_TRUE(ShouldRead(In("id", {kIntMax - 4, kIntMax - 3})));
  EXPECT_TRUE(ShouldRead(In("id", {kIntMax, kIntMax + 1})));
  EXPECT_FALSE(ShouldRead(In("id", {kIntMax + 1, kIntMax + 2})));
  EXPECT_FALSE(ShouldRead(In("id", {kIntMax + 6, kIntMax + 7})));
  EXPECT_FALSE(ShouldRead(In("all_nulls_missing_nan", {"abc", "def"})));
  EXPECT_TRUE(ShouldRead(In("some_nulls", {"abc", "def"})));
  EXPECT_TRUE(ShouldRead(In("no_nulls", {"abc", "def"})));
  std::vector<Literal> many;
  for (int32_t id = -400; id <= 0; ++id) many.emplace_back(id);
  EXPECT_TRUE(ShouldRead(In("id", many)));

  EXPECT_TRUE(ShouldRead(NotIn("id", {kIntMin - 25, kIntMin - 24})));
  EXPECT_TRUE(ShouldRead(NotIn("id", {kIntMax, kIntMax + 1})));
  EXPECT_TRUE(ShouldRead(NotIn("all_nulls_missing_nan", {"abc", "def"})));
  EXPECT_TRUE(ShouldRead(NotIn("no_nulls", {"abc", "def"})));
}

TEST(ManifestEvaluatorTest, ProjectedTimeRanges) {
  // ts_day spans 2017-11-16 .. 2017-11-20.
  EXPECT_TRUE(ShouldRead(GreaterThanOrEqual("ts", "2017-11-20T23:59:59")));
  EXPECT_FALSE(ShouldRead(GreaterThanOrEqual("ts", "2017-11-21T00:00:00")));
  EXPECT_FALSE(ShouldRead(LessThan("ts", "2017-11-16T00:00:00")));
  EXPECT_TRUE(ShouldRead(LessThan("ts", "2017-11-16T00:00:00.000001")));
  EXPECT_TRUE(ShouldRead(Equal("ts", "2017-11-18T12:00:00")));
  EXPECT_FALSE(ShouldRead(In("ts", {"2017-11-10T12:00:00", "2017-11-25T00:00:00"})));
}

TEST(ManifestEvaluatorTest, PartitionFilters) {
  auto evaluator = ManifestEvaluator::ForPartitionFilter(
      And(GreaterThanOrEqual("ts_day", "2017-11-19"), Equal("no_nulls", "q")), Spec(), *TestSchema());
  ASSERT_TRUE(evaluator.ok()) << evaluator.status().ToString();
  EXPECT_TRUE(*evaluator->Evaluate(Summaries()));
  auto outside = ManifestEvaluator::ForPartitionFilter(GreaterThan("ts_day", "2017-11-20"), Spec(), *TestSchema());
  ASSERT_TRUE(outside.ok());
  EXPECT_FALSE(*outside->Evaluate(Summaries()));
  // Fewer summaries than the spec has fields is corrupt metadata.
  auto truncated = outside->Evaluate(std::vector<PartitionFieldSummary>(2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().kind(), ErrorKind::kInvalidData);
}

TEST(ManifestEvaluatorTest, TenThousandManifestsSelectOnlyMatches) {
  auto evaluator = ManifestEvaluator::ForRowFilter(
      And(Equal("id", 50), GreaterThanOrEqual("ts", "2017-11-18T00:00:00")), Spec(), *TestSchema());
  ASSERT_TRUE(evaluator.ok());
  std::vector<std::vector<PartitionFieldSummary>> manifests(10000, Summaries());
  for (size_t i = 0; i < manifests.size(); ++i) {
    manifests[i][0].lower_bound = Bytes(TypeId::kInt, static_cast<int32_t>(i));
    manifests[i][0].upper_bound = Bytes(TypeId::kInt, static_cast<int32_t>(i + 9));
  }
  int matches = 0;
  for (const auto& summaries : manifests) matches += *evaluator->Evaluate(summaries) ? 1 : 0;
  EXPECT_EQ(matches, 10);  // manifests 41..50 contain 50
}

}  // namespace
}  // namespace floe::iceberg
