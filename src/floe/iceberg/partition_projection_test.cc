// Inclusive projection (facts from Java's TestProjection, TestBucketingProjection,
// TestTruncatesProjection, TestDatesProjection, TestTimestampsProjection) and
// the partition evaluator.
#include "floe/iceberg/partition_projection.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "floe/iceberg/row_evaluator.h"

namespace floe::iceberg {
namespace {

TypePtr Primitive(TypeId id) { return PrimitiveType::Get(id); }

SchemaPtr TestSchema() {
  std::vector<NestedField> fields = {
      NestedField{.id = 1, .name = "id", .type = Primitive(TypeId::kInt)},
      NestedField{.id = 2, .name = "l", .type = Primitive(TypeId::kLong)},
      NestedField{.id = 3, .name = "d", .type = Primitive(TypeId::kDate)},
      NestedField{.id = 4, .name = "ts", .type = Primitive(TypeId::kTimestamp)},
      NestedField{.id = 5, .name = "price", .type = PrimitiveType::Decimal(9, 2)},
      NestedField{.id = 6, .name = "s", .type = Primitive(TypeId::kString)},
      NestedField{.id = 7, .name = "b", .type = Primitive(TypeId::kBinary)},
      NestedField{.id = 8, .name = "tsns", .type = Primitive(TypeId::kTimestampNs)},
      NestedField{.id = 9, .name = "other", .type = Primitive(TypeId::kInt)},
  };
  auto schema = Schema::Make(0, fields);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return *schema;
}

PartitionSpec OneField(int32_t source_id, Transform transform, std::string name = "part") {
  return PartitionSpec(0, {PartitionField{.source_id = source_id, .field_id = 1000, .name = std::move(name),
                                          .transform = transform}});
}

Literal Parse(TypeId type, std::string_view text) {
  auto literal = ParseLiteral(*Primitive(type), text);
  EXPECT_TRUE(literal.ok()) << text << ": " << literal.status().ToString();
  return literal.ok() ? *literal : Literal();
}

// The projection of `filter` as "<op> [human values...]" (values sorted, as
// the Java tests print them), or "true" / "false".
std::string Project(const PartitionSpec& spec, const ExpressionPtr& filter) {
  auto schema = TestSchema();
  auto projected = ProjectInclusive(filter, spec, *schema);
  EXPECT_TRUE(projected.ok()) << projected.status().ToString();
  if (!projected.ok()) return "error";
  const Expression& expression = **projected;
  if (!expression.is_predicate()) return expression.ToString();
  EXPECT_FALSE(expression.is_bound());
  EXPECT_EQ(expression.column(), spec.fields().front().name);
  std::vector<Literal> values = expression.literals();
  std::sort(values.begin(), values.end(),
            [](const Literal& a, const Literal& b) { return CompareLiterals(a, b) == std::strong_ordering::less; });
  std::string text(OperationName(expression.op()));
  const PartitionField& field = spec.fields().front();
  auto result_type = field.transform.ResultType(schema->FindField(field.source_id)->type);
  EXPECT_TRUE(result_type.ok());
  if (expression.literal_type()) EXPECT_TRUE(expression.literal_type()->Equals(**result_type));
  for (const Literal& value : values) text += " " + field.transform.ToHumanString(**result_type, value);
  return text;
}

TEST(PartitionProjectionTest, IdentityProjectsEveryPredicate) {
  PartitionSpec spec = OneField(1, Transform::Identity(), "id_part");
  EXPECT_EQ(Project(spec, LessThan("id", 100)), "lt 100");
  EXPECT_EQ(Project(spec, LessThanOrEqual("id", 100)), "lt_eq 100");
  EXPECT_EQ(Project(spec, GreaterThan("id", 100)), "gt 100");
  EXPECT_EQ(Project(spec, GreaterThanOrEqual("id", 100)), "gt_eq 100");
  EXPECT_EQ(Project(spec, Equal("id", 100)), "eq 100");
  EXPECT_EQ(Project(spec, NotEqual("id", 100)), "not_eq 100");
  EXPECT_EQ(Project(spec, In("id", {3, 1, 2})), "in 1 2 3");
  EXPECT_EQ(Project(spec, NotIn("id", {3, 1, 2})), "not_in 1 2 3");
  EXPECT_EQ(Project(spec, IsNull("id")), "is_null");
  EXPECT_EQ(Project(spec, NotNull("id")), "not_null");
  // NOT is pushed down first.
  EXPECT_EQ(Project(spec, Not(Equal("id", 100))), "not_eq 100");
  PartitionSpec strings = OneField(6, Transform::Identity(), "s_part");
  EXPECT_EQ(Project(strings, StartsWith("s", "ab")), "starts_with ab");
  EXPECT_EQ(Project(strings, NotStartsWith("s", "ab")), "not_starts_with ab");
}

TEST(PartitionProjectionTest, UnpartitionedColumnsAndVoidProjectToTrue) {
  EXPECT_EQ(Project(OneField(1, Transform::Identity()), Equal("other", 1)), "true");
  EXPECT_EQ(Project(OneField(1, Transform::Void()), Equal("id", 1)), "true");
  EXPECT_EQ(Project(OneField(1, Transform::Void()), IsNull("id")), "true");
  // Or with an unprojectable side is true; And keeps the projectable side.
  PartitionSpec spec = OneField(1, Transform::Identity());
  EXPECT_EQ(Project(spec, Or(Equal("id", 1), Equal("other", 2))), "true");
  EXPECT_EQ(Project(spec, And(Equal("id", 1), Equal("other", 2))), "eq 1");
  EXPECT_EQ(Project(spec, Equal("id", int64_t{3000000000})), "false");
}

TEST(PartitionProjectionTest, Bucket) {
  PartitionSpec spec = OneField(1, Transform::Bucket(16), "id_bucket");
  // bucket[16](34) = 3 (spec Appendix B: hash(34) = 2017239379).
  EXPECT_EQ(Project(spec, Equal("id", 34)), "eq 3");
  // Binding folds a one-value set to =; bigger sets map every value.
  EXPECT_EQ(Project(spec, In("id", {34, 34})), "eq 3");
  EXPECT_EQ(Project(spec, In("id", {34, 35, 36})).substr(0, 5), "in 3 ");
  EXPECT_EQ(Project(spec, IsNull("id")), "is_null");
  EXPECT_EQ(Project(spec, NotNull("id")), "not_null");
  for (const auto& filter : {LessThan("id", 34), LessThanOrEqual("id", 34), GreaterThan("id", 34),
                             GreaterThanOrEqual("id", 34), NotEqual("id", 34), NotIn("id", {34, 35})}) {
    EXPECT_EQ(Project(spec, filter), "true") << filter->ToString();
  }
  // bucket[16]("iceberg") = 9 (hash 1210000089).
  EXPECT_EQ(Project(OneField(6, Transform::Bucket(16)), Equal("s", "iceberg")), "eq 9");
  EXPECT_EQ(Project(OneField(6, Transform::Bucket(16)), StartsWith("s", "ice")), "true");
}

TEST(PartitionProjectionTest, TruncateIntegers) {
  PartitionSpec spec = OneField(1, Transform::Truncate(10));
  EXPECT_EQ(Project(spec, LessThan("id", 100)), "lt_eq 90");
  EXPECT_EQ(Project(spec, LessThanOrEqual("id", 100)), "lt_eq 100");
  EXPECT_EQ(Project(spec, GreaterThan("id", 100)), "gt_eq 100");
  EXPECT_EQ(Project(spec, GreaterThanOrEqual("id", 100)), "gt_eq 100");
  EXPECT_EQ(Project(spec, Equal("id", 100)), "eq 100");
  EXPECT_EQ(Project(spec, NotEqual("id", 100)), "true");
  EXPECT_EQ(Project(spec, In("id", {99, 100, 101})), "in 90 100 100");
  EXPECT_EQ(Project(spec, NotIn("id", {99, 100, 101})), "true");
  EXPECT_EQ(Project(spec, LessThan("id", 99)), "lt_eq 90");
  EXPECT_EQ(Project(spec, GreaterThan("id", 99)), "gt_eq 100");
  EXPECT_EQ(Project(spec, LessThan("id", -5)), "lt_eq -10");
  EXPECT_EQ(Project(spec, IsNull("id")), "is_null");
  // Adjusting past the type's range leaves nothing to match.
  EXPECT_EQ(Project(spec, LessThan("id", std::numeric_limits<int32_t>::min())), "false");
  EXPECT_EQ(Project(spec, GreaterThan("id", std::numeric_limits<int32_t>::max())), "false");

  PartitionSpec longs = OneField(2, Transform::Truncate(10));
  EXPECT_EQ(Project(longs, LessThan("l", 100)), "lt_eq 90");
  EXPECT_EQ(Project(longs, GreaterThan("l", 100)), "gt_eq 100");
}

TEST(PartitionProjectionTest, TruncateDecimals) {
  PartitionSpec spec = OneField(5, Transform::Truncate(10));
  EXPECT_EQ(Project(spec, LessThan("price", "100.00")), "lt_eq 99.90");
  EXPECT_EQ(Project(spec, LessThanOrEqual("price", "100.00")), "lt_eq 100.00");
  EXPECT_EQ(Project(spec, GreaterThan("price", "100.00")), "gt_eq 100.00");
  EXPECT_EQ(Project(spec, GreaterThanOrEqual("price", "100.00")), "gt_eq 100.00");
  EXPECT_EQ(Project(spec, Equal("price", "100.00")), "eq 100.00");
  EXPECT_EQ(Project(spec, NotEqual("price", "100.00")), "true");
  EXPECT_EQ(Project(spec, In("price", {"99.99", "100.00", "100.01"})), "in 99.90 100.00 100.00");
  EXPECT_EQ(Project(spec, GreaterThan("price", "99.99")), "gt_eq 100.00");
}

TEST(PartitionProjectionTest, TruncateStrings) {
  PartitionSpec spec = OneField(6, Transform::Truncate(5));
  EXPECT_EQ(Project(spec, LessThan("s", "abcdefg")), "lt_eq abcde");
  EXPECT_EQ(Project(spec, LessThanOrEqual("s", "abcdefg")), "lt_eq abcde");
  EXPECT_EQ(Project(spec, GreaterThan("s", "abcdefg")), "gt_eq abcde");
  EXPECT_EQ(Project(spec, GreaterThanOrEqual("s", "abcdefg")), "gt_eq abcde");
  EXPECT_EQ(Project(spec, Equal("s", "abcdefg")), "eq abcde");
  EXPECT_EQ(Project(spec, NotEqual("s", "abcdefg")), "true");
  EXPECT_EQ(Project(spec, In("s", {"abcdefg", "abcdefgabc"})), "in abcde abcde");
  EXPECT_EQ(Project(spec, NotIn("s", {"abcdefg", "abcdefgabc"})), "true");
  EXPECT_EQ(Project(spec, StartsWith("s", "ab")), "starts_with ab");
  EXPECT_EQ(Project(spec, StartsWith("s", "abcde")), "eq abcde");
  EXPECT_EQ(Project(spec, StartsWith("s", "abcdefg")), "starts_with abcde");
  EXPECT_EQ(Project(spec, NotStartsWith("s", "ab")), "not_starts_with ab");
  EXPECT_EQ(Project(spec, NotStartsWith("s", "abcde")), "not_eq abcde");
  EXPECT_EQ(Project(spec, NotStartsWith("s", "abcdefg")), "true");
  // Widths count code points, not bytes.
  EXPECT_EQ(Project(spec, StartsWith("s", "房东整租霍")), "eq 房东整租霍");
  EXPECT_EQ(Project(spec, StartsWith("s", "房东整租霍营")), "starts_with 房东整租霍");
  EXPECT_EQ(Project(spec, StartsWith("s", "房东")), "starts_with 房东");
}

TEST(PartitionProjectionTest, MonthOfDates) {
  PartitionSpec spec = OneField(3, Transform::Month());
  auto date = [](std::string_view text) { return Literal(Parse(TypeId::kDate, text)); };
  Literal december = date("2017-12-01");
  EXPECT_EQ(Project(spec, LessThan("d", december)), "lt_eq 2017-11");
  EXPECT_EQ(Project(spec, LessThanOrEqual("d", december)), "lt_eq 2017-12");
  EXPECT_EQ(Project(spec, GreaterThan("d", december)), "gt_eq 2017-12");
  EXPECT_EQ(Project(spec, GreaterThanOrEqual("d", december)), "gt_eq 2017-12");
  EXPECT_EQ(Project(spec, Equal("d", december)), "eq 2017-12");
  EXPECT_EQ(Project(spec, NotEqual("d", december)), "true");
  EXPECT_EQ(Project(spec, In("d", {december, date("2017-01-01")})), "in 2017-01 2017-12");
  EXPECT_EQ(Project(spec, NotIn("d", {december, date("2017-01-01")})), "true");

  // Pre-epoch: Java also accepts the off-by-one values of Iceberg <= 0.10.
  Literal january_1969 = date("1969-01-01");
  EXPECT_EQ(Project(spec, LessThan("d", january_1969)), "lt_eq 1969-01");
  EXPECT_EQ(Project(spec, LessThanOrEqual("d", january_1969)), "lt_eq 1969-02");
  EXPECT_EQ(Project(spec, GreaterThan("d", january_1969)), "gt_eq 1969-01");
  EXPECT_EQ(Project(spec, GreaterThanOrEqual("d", january_1969)), "gt_eq 1969-01");
  EXPECT_EQ(Project(spec, Equal("d", january_1969)), "in 1969-01 1969-02");
  EXPECT_EQ(Project(spec, In("d", {january_1969, date("1969-12-31")})), "in 1969-01 1969-02 1969-12 1970-01");

  Literal last_day_1969 = date("1969-12-31");
  EXPECT_EQ(Project(spec, LessThan("d", last_day_1969)), "lt_eq 1970-01");
  EXPECT_EQ(Project(spec, LessThanOrEqual("d", last_day_1969)), "lt_eq 1970-01");
  EXPECT_EQ(Project(spec, GreaterThan("d", last_day_1969)), "gt_eq 1970-01");
  EXPECT_EQ(Project(spec, GreaterThanOrEqual("d", last_day_1969)), "gt_eq 1969-12");
  EXPECT_EQ(Project(spec, Equal("d", last_day_1969)), "in 1969-12 1970-01");
}

TEST(PartitionProjectionTest, YearAndDayOfDates) {
  PartitionSpec years = OneField(3, Transform::Year());
  EXPECT_EQ(Project(years, LessThan("d", Parse(TypeId::kDate, "2017-01-01"))), "lt_eq 2016");
  EXPECT_EQ(Project(years, GreaterThan("d", Parse(TypeId::kDate, "2017-12-31"))), "gt_eq 2018");
  EXPECT_EQ(Project(years, LessThan("d", Parse(TypeId::kDate, "1970-01-01"))), "lt_eq 1970");
  EXPECT_EQ(Project(years, Equal("d", Parse(TypeId::kDate, "1969-05-05"))), "in 1969 1970");

  // day(date) was always exact: no fix-up.
  PartitionSpec days = OneField(3, Transform::Day());
  Literal date = Parse(TypeId::kDate, "2017-01-01");
  EXPECT_EQ(Project(days, LessThan("d", date)), "lt_eq 2016-12-31");
  EXPECT_EQ(Project(days, LessThanOrEqual("d", date)), "lt_eq 2017-01-01");
  EXPECT_EQ(Project(days, GreaterThan("d", date)), "gt_eq 2017-01-02");
  EXPECT_EQ(Project(days, Equal("d", date)), "eq 2017-01-01");
  Literal negative = Parse(TypeId::kDate, "1969-12-30");
  EXPECT_EQ(Project(days, LessThan("d", negative)), "lt_eq 1969-12-29");
  EXPECT_EQ(Project(days, LessThanOrEqual("d", negative)), "lt_eq 1969-12-30");
  EXPECT_EQ(Project(days, GreaterThan("d", negative)), "gt_eq 1969-12-31");
  EXPECT_EQ(Project(days, Equal("d", negative)), "eq 1969-12-30");
  EXPECT_EQ(Project(days, In("d", {negative, Parse(TypeId::kDate, "1969-12-28")})), "in 1969-12-28 1969-12-30");
  EXPECT_EQ(Project(days, NotEqual("d", negative)), "true");
}

TEST(PartitionProjectionTest, Timestamps) {
  auto ts = [](std::string_view text) { return Parse(TypeId::kTimestamp, text); };
  PartitionSpec days = OneField(4, Transform::Day());
  Literal epoch = ts("1970-01-01T00:00:00");
  EXPECT_EQ(Project(days, LessThan("ts", epoch)), "lt_eq 1970-01-01");
  EXPECT_EQ(Project(days, LessThanOrEqual("ts", epoch)), "lt_eq 1970-01-01");
  EXPECT_EQ(Project(days, GreaterThan("ts", epoch)), "gt_eq 1970-01-01");
  EXPECT_EQ(Project(days, GreaterThanOrEqual("ts", epoch)), "gt_eq 1970-01-01");
  EXPECT_EQ(Project(days, Equal("ts", epoch)), "eq 1970-01-01");
  EXPECT_EQ(Project(days, NotEqual("ts", epoch)), "true");
  EXPECT_EQ(Project(days, In("ts", {epoch, ts("1970-01-02T00:00:00")})), "in 1970-01-01 1970-01-02");

  PartitionSpec months = OneField(4, Transform::Month());
  Literal january_1969 = ts("1969-01-01T00:00:00");
  EXPECT_EQ(Project(months, LessThan("ts", january_1969)), "lt_eq 1969-01");
  EXPECT_EQ(Project(months, LessThanOrEqual("ts", january_1969)), "lt_eq 1969-02");
  EXPECT_EQ(Project(months, GreaterThan("ts", january_1969)), "gt_eq 1969-01");
  EXPECT_EQ(Project(months, Equal("ts", january_1969)), "in 1969-01 1969-02");
  EXPECT_EQ(Project(months, In("ts", {january_1969, ts("1969-03-01T00:00:00")})),
            "in 1969-01 1969-02 1969-03 1969-04");
  Literal december_2017 = ts("2017-12-01T00:00:00");
  EXPECT_EQ(Project(months, LessThan("ts", december_2017)), "lt_eq 2017-11");
  EXPECT_EQ(Project(months, In("ts", {december_2017, ts("2017-12-02T00:00:00")})), "in 2017-12 2017-12");

  PartitionSpec hours = OneField(4, Transform::Hour());
  Literal before_epoch = ts("1969-12-31T23:30:00");
  EXPECT_EQ(Project(hours, Equal("ts", before_epoch)), "in 1969-12-31-23 1970-01-01-00");
  EXPECT_EQ(Project(hours, GreaterThan("ts", before_epoch)), "gt_eq 1969-12-31-23");
  EXPECT_EQ(Project(hours, LessThan("ts", ts("2017-12-01T10:00:00"))), "lt_eq 2017-12-01-09");

  PartitionSpec years = OneField(4, Transform::Year());
  EXPECT_EQ(Project(years, LessThan("ts", epoch)), "lt_eq 1970");
  EXPECT_EQ(Project(years, GreaterThanOrEqual("ts", ts("2017-11-16T00:00:00"))), "gt_eq 2017");

  // Nanosecond timestamps use the same rules.
  PartitionSpec nano_days = OneField(8, Transform::Day());
  EXPECT_EQ(Project(nano_days, Equal("tsns", "2017-11-16T10:00:00")), "eq 2017-11-16");
  // A long literal is taken as microseconds (Java), here beyond the nanosecond range.
  EXPECT_EQ(Project(nano_days, Equal("tsns", Parse(TypeId::kTimestampNs, "2017-11-16T10:00:00"))), "false");
}

TEST(PartitionProjectionTest, SeveralFieldsOnOneColumnAreAnded) {
  PartitionSpec spec(0, {PartitionField{.source_id = 1, .field_id = 1000, .name = "b7", .transform = Transform::Bucket(7)},
                         PartitionField{.source_id = 1, .field_id = 1001, .name = "t10", .transform = Transform::Truncate(10)}});
  auto projected = ProjectInclusive(Equal("id", 34), spec, *TestSchema());
  ASSERT_TRUE(projected.ok()) << projected.status().ToString();
  EXPECT_EQ((*projected)->op(), Operation::kAnd);
  EXPECT_EQ((*projected)->right()->ToString(), "t10 = 30");
  // Only the truncate field projects a range.
  auto range = ProjectInclusive(GreaterThan("id", 34), spec, *TestSchema());
  ASSERT_TRUE(range.ok());
  EXPECT_EQ((*range)->ToString(), "t10 >= 30");
}

TEST(PartitionProjectionTest, BindingErrorsAreReported) {
  auto projected = ProjectInclusive(Equal("missing", 1), OneField(1, Transform::Identity()), *TestSchema());
  ASSERT_FALSE(projected.ok());
  EXPECT_EQ(projected.status().kind(), ErrorKind::kBadRequest);
  EXPECT_NE(projected.status().message().find("Cannot find field 'missing'"), std::string::npos);
}

// --- Partition evaluator ---------------------------------------------------------

TEST(PartitionEvaluatorTest, EvaluatesProjectedRowFilters) {
  auto schema = TestSchema();
  PartitionSpec spec(0, {PartitionField{.source_id = 1, .field_id = 1000, .name = "id", .transform = Transform::Identity()},
                         PartitionField{.source_id = 4, .field_id = 1001, .name = "ts_day", .transform = Transform::Day()},
                         PartitionField{.source_id = 6, .field_id = 1002, .name = "s_bucket", .transform = Transform::Bucket(16)},
                         PartitionField{.source_id = 6, .field_id = 1003, .name = "s_trunc", .transform = Transform::Truncate(3)}});
  // id=5, day 2017-11-16, bucket("iceberg")=9, truncate("iceberg")="ice".
  std::vector<Literal> partition = {Literal(5), Literal(int32_t{17486}), Literal(9), Literal("ice")};
  auto might_match = [&](const ExpressionPtr& filter) {
    auto evaluator = PartitionEvaluator::ForRowFilter(filter, spec, *schema);
    EXPECT_TRUE(evaluator.ok()) << evaluator.status().ToString();
    auto result = evaluator->Evaluate(partition);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() && *result;
  };
  EXPECT_TRUE(might_match(Equal("id", 5)));
  EXPECT_FALSE(might_match(Equal("id", 6)));
  EXPECT_TRUE(might_match(GreaterThanOrEqual("ts", "2017-11-16T10:00:00")));
  EXPECT_TRUE(might_match(LessThan("ts", "2017-11-16T00:00:01")));
  EXPECT_FALSE(might_match(LessThan("ts", "2017-11-16T00:00:00")));
  EXPECT_FALSE(might_match(GreaterThanOrEqual("ts", "2017-11-17")));
  EXPECT_TRUE(might_match(Equal("s", "iceberg")));
  EXPECT_FALSE(might_match(Equal("s", "abcdef")));
  EXPECT_FALSE(might_match(StartsWith("s", "ba")));
  EXPECT_TRUE(might_match(StartsWith("s", "iceb")));
  EXPECT_TRUE(might_match(NotEqual("s", "iceberg")));      // != cannot be projected through bucket/truncate
  EXPECT_FALSE(might_match(And(Equal("id", 5), Equal("id", 6))));
  EXPECT_TRUE(might_match(Or(Equal("id", 6), Equal("s", "iceberg"))));
  EXPECT_TRUE(might_match(Equal("other", 1)));
  EXPECT_FALSE(might_match(IsNull("id")));

  auto short_tuple = PartitionEvaluator::ForRowFilter(Equal("s", "x"), spec, *schema)->Evaluate({Literal(5)});
  ASSERT_FALSE(short_tuple.ok());
  EXPECT_EQ(short_tuple.status().kind(), ErrorKind::kInvalidData);
}

TEST(PartitionEvaluatorTest, PartitionFiltersAndNulls) {
  auto partition_type = OneField(1, Transform::Identity(), "id").PartitionType(*TestSchema());
  ASSERT_TRUE(partition_type.ok()) << partition_type.status().ToString();
  auto evaluator = PartitionEvaluator::ForPartitionFilter(Or(IsNull("id"), GreaterThan("id", 3)), **partition_type);
  ASSERT_TRUE(evaluator.ok()) << evaluator.status().ToString();
  EXPECT_TRUE(*evaluator->Evaluate({Literal()}));
  EXPECT_TRUE(*evaluator->Evaluate({Literal(4)}));
  EXPECT_FALSE(*evaluator->Evaluate({Literal(3)}));
  auto not_equal = PartitionEvaluator::ForPartitionFilter(NotEqual("id", 3), **partition_type);
  ASSERT_TRUE(not_equal.ok());
  EXPECT_FALSE(*not_equal->Evaluate({Literal()}));  // null != 3 is not true
}

}  // namespace
}  // namespace floe::iceberg
