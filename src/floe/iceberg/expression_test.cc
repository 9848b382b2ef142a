// Expressions: builders, RewriteNot, ToString, the filter parser, binding
// (Java's TestExpressionBinder / TestExpressionHelpers / TestEvaluator facts)
// and the row evaluator.
#include "floe/iceberg/expression.h"

#include <gtest/gtest.h>

#include <limits>

#include "floe/iceberg/expression_parser.h"
#include "floe/iceberg/row_evaluator.h"

namespace floe::iceberg {
namespace {

TypePtr Primitive(TypeId id) { return PrimitiveType::Get(id); }

SchemaPtr TestSchema() {
  std::vector<NestedField> location = {
      NestedField{.id = 20, .name = "lat", .type = Primitive(TypeId::kDouble)},
      NestedField{.id = 21, .name = "lon", .type = Primitive(TypeId::kDouble)},
  };
  std::vector<NestedField> fields = {
      NestedField{.id = 1, .name = "id", .type = Primitive(TypeId::kInt), .required = true},
      NestedField{.id = 2, .name = "data", .type = Primitive(TypeId::kString)},
      NestedField{.id = 3, .name = "d", .type = Primitive(TypeId::kDate)},
      NestedField{.id = 4, .name = "ts", .type = Primitive(TypeId::kTimestamp)},
      NestedField{.id = 5, .name = "price", .type = PrimitiveType::Decimal(9, 2)},
      NestedField{.id = 6, .name = "f", .type = Primitive(TypeId::kFloat)},
      NestedField{.id = 7, .name = "dbl", .type = Primitive(TypeId::kDouble)},
      NestedField{.id = 8, .name = "l", .type = Primitive(TypeId::kLong)},
      NestedField{.id = 9, .name = "location", .type = std::make_shared<StructType>(location)},
      NestedField{.id = 10, .name = "flag", .type = Primitive(TypeId::kBoolean)},
      NestedField{.id = 11, .name = "tsns", .type = Primitive(TypeId::kTimestampNs)},
  };
  auto schema = Schema::Make(0, fields);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return *schema;
}

ExpressionPtr MustBind(const ExpressionPtr& expression, bool case_sensitive = true) {
  auto bound = Bind(expression, *TestSchema(), case_sensitive);
  EXPECT_TRUE(bound.ok()) << bound.status().ToString();
  return bound.ok() ? *bound : AlwaysFalse();
}

ExpressionPtr MustParse(std::string_view text) {
  auto parsed = ParsePredicate(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
  return parsed.ok() ? *parsed : AlwaysFalse();
}

// --- Builders and rewriting ------------------------------------------------------

TEST(ExpressionTest, BuildersSimplifyConstants) {
  ExpressionPtr predicate = LessThan("id", 5);
  EXPECT_EQ(And(AlwaysTrue(), predicate), predicate);
  EXPECT_EQ(And(predicate, AlwaysTrue()), predicate);
  EXPECT_EQ(And(predicate, AlwaysFalse())->op(), Operation::kFalse);
  EXPECT_EQ(Or(AlwaysFalse(), predicate), predicate);
  EXPECT_EQ(Or(predicate, AlwaysTrue())->op(), Operation::kTrue);
  EXPECT_EQ(Not(AlwaysTrue())->op(), Operation::kFalse);
  EXPECT_EQ(Not(AlwaysFalse())->op(), Operation::kTrue);
  EXPECT_EQ(Not(Not(predicate)), predicate);
  EXPECT_EQ(And(std::vector<ExpressionPtr>{})->op(), Operation::kTrue);
  EXPECT_EQ(Or(std::vector<ExpressionPtr>{})->op(), Operation::kFalse);
  EXPECT_EQ(And({predicate, IsNull("data"), NotNull("d")})->ToString(),
            "id < 5 AND data IS NULL AND d IS NOT NULL");
}

TEST(ExpressionTest, NegateIsAnInvolution) {
  for (int op = static_cast<int>(Operation::kTrue); op <= static_cast<int>(Operation::kOr); ++op) {
    auto operation = static_cast<Operation>(op);
    EXPECT_EQ(Negate(Negate(operation)), operation) << OperationName(operation);
  }
  EXPECT_EQ(Negate(Operation::kLessThan), Operation::kGreaterThanOrEqual);
  EXPECT_EQ(Negate(Operation::kLessThanOrEqual), Operation::kGreaterThan);
  EXPECT_EQ(Negate(Operation::kIn), Operation::kNotIn);
  EXPECT_EQ(Negate(Operation::kStartsWith), Operation::kNotStartsWith);
  EXPECT_EQ(Negate(Operation::kIsNan), Operation::kNotNan);
}

TEST(ExpressionTest, RewriteNotPushesNegationToPredicates) {
  ExpressionPtr expression = Not(And(LessThan("id", 5), Or(IsNull("data"), Not(StartsWith("data", "ab")))));
  ExpressionPtr rewritten = RewriteNot(expression);
  EXPECT_EQ(rewritten->ToString(), "id >= 5 OR (data IS NOT NULL AND data LIKE 'ab%')");
  EXPECT_EQ(RewriteNot(Not(In("id", {1, 2})))->ToString(), "id NOT IN (1, 2)");
  EXPECT_EQ(RewriteNot(Not(IsNaN("dbl")))->ToString(), "dbl IS NOT NAN");
  // Bound trees too.
  ExpressionPtr bound = MustBind(Not(Equal("id", 5)));
  EXPECT_EQ(bound->op(), Operation::kNot);
  ExpressionPtr bound_rewritten = RewriteNot(bound);
  EXPECT_EQ(bound_rewritten->op(), Operation::kNotEqual);
  EXPECT_TRUE(bound_rewritten->is_bound());
  EXPECT_EQ(bound_rewritten->reference().field_id, 1);
}

TEST(ExpressionTest, ToStringIsReadable) {
  EXPECT_EQ(And(GreaterThan("id", 5), Or(StartsWith("data", "ab"), IsNull("data")))->ToString(),
            "id > 5 AND (data LIKE 'ab%' OR data IS NULL)");
  EXPECT_EQ(Not(Equal("id", 5))->ToString(), "NOT (id = 5)");
  EXPECT_EQ(NotIn("data", {"a", "it's"})->ToString(), "data NOT IN ('a', 'it''s')");
  EXPECT_EQ(NotStartsWith("data", "50%_off")->ToString(), "data NOT LIKE '50\\%\\_off%'");
  EXPECT_EQ(Equal("my col", 1.5)->ToString(), "\"my col\" = 1.5");
  EXPECT_EQ(Equal("location.lat", 2.0)->ToString(), "location.lat = 2.0");
  EXPECT_EQ(Equal("and", true)->ToString(), "\"and\" = true");
  EXPECT_EQ(LessThanOrEqual("l", int64_t{3000000000})->ToString(), "l <= 3000000000");
  EXPECT_EQ(AlwaysTrue()->ToString(), "true");
}

// --- Parser ------------------------------------------------------------------------

TEST(ExpressionParserTest, ParsesComparisonsAndLogic) {
  ExpressionPtr parsed = MustParse("id > 5 and ts >= '2017-11-16' and data like 'ab%'");
  EXPECT_TRUE(parsed->Equals(
      *And({GreaterThan("id", 5), GreaterThanOrEqual("ts", "2017-11-16"), StartsWith("data", "ab")})));
  EXPECT_TRUE(MustParse("a = 1 OR b = 2 AND c = 3")->Equals(*Or(Equal("a", 1), And(Equal("b", 2), Equal("c", 3)))));
  EXPECT_TRUE(MustParse("(a = 1 OR b = 2) AND c = 3")->Equals(*And(Or(Equal("a", 1), Equal("b", 2)), Equal("c", 3))));
  EXPECT_TRUE(MustParse("NOT a = 1 AND b <> 2")->Equals(*And(Not(Equal("a", 1)), NotEqual("b", 2))));
  EXPECT_TRUE(MustParse("a == -1.5e2")->Equals(*Equal("a", -150.0)));
  EXPECT_TRUE(MustParse("a != 'x' and b <= 3000000000 and c < -7")
                  ->Equals(*And({NotEqual("a", "x"), LessThanOrEqual("b", int64_t{3000000000}), LessThan("c", -7)})));
  EXPECT_TRUE(MustParse("flag = TRUE")->Equals(*Equal("flag", true)));
  EXPECT_EQ(MustParse("true")->op(), Operation::kTrue);
  EXPECT_EQ(MustParse("false or true")->op(), Operation::kTrue);
}

TEST(ExpressionParserTest, ParsesNullNanInAndLike) {
  EXPECT_TRUE(MustParse("data IS NULL")->Equals(*IsNull("data")));
  EXPECT_TRUE(MustParse("data is not null")->Equals(*NotNull("data")));
  EXPECT_TRUE(MustParse("dbl IS NaN")->Equals(*IsNaN("dbl")));
  EXPECT_TRUE(MustParse("dbl IS NOT NAN")->Equals(*NotNaN("dbl")));
  EXPECT_TRUE(MustParse("id IN (1, 2, 3)")->Equals(*In("id", {1, 2, 3})));
  EXPECT_TRUE(MustParse("data NOT IN ('a','b')")->Equals(*NotIn("data", {"a", "b"})));
  EXPECT_TRUE(MustParse("data LIKE 'ab%'")->Equals(*StartsWith("data", "ab")));
  EXPECT_TRUE(MustParse("data NOT LIKE 'ab%'")->Equals(*NotStartsWith("data", "ab")));
  EXPECT_TRUE(MustParse("data LIKE 'abc'")->Equals(*Equal("data", "abc")));
  EXPECT_TRUE(MustParse("data LIKE '%'")->Equals(*NotNull("data")));
  EXPECT_TRUE(MustParse("data LIKE '50\\%\\_%'")->Equals(*StartsWith("data", "50%_")));
  EXPECT_TRUE(MustParse("data = 'it''s'")->Equals(*Equal("data", "it's")));
  EXPECT_TRUE(MustParse("\"my col\" = 1 and `x`.y = 2 and location.lat > 0")
                  ->Equals(*And({Equal("my col", 1), Equal("x.y", 2), GreaterThan("location.lat", 0)})));
}

TEST(ExpressionParserTest, ErrorsNameThePosition) {
  auto error = [](std::string_view text) {
    auto parsed = ParsePredicate(text);
    EXPECT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().kind(), ErrorKind::kBadRequest);
    return parsed.status().message();
  };
  EXPECT_EQ(error("id > "), "Cannot parse filter at position 6: expected a literal, found end of input");
  EXPECT_EQ(error("id > )"), "Cannot parse filter at position 6: expected a literal, found ')'");
  EXPECT_EQ(error("id 5"), "Cannot parse filter at position 4: expected a comparison, IS, IN or LIKE after the "
                           "column, found '5'");
  EXPECT_EQ(error("(id = 5"), "Cannot parse filter at position 8: expected ')', found end of input");
  EXPECT_EQ(error("id = 5 x"), "Cannot parse filter at position 8: expected AND, OR or end of input, found 'x'");
  EXPECT_NE(error("data = 'abc").find("position 8: unterminated string"), std::string::npos);
  EXPECT_NE(error("data LIKE '%ab'").find("position 12: only prefix LIKE patterns"), std::string::npos);
  EXPECT_NE(error("data LIKE 'a_b%'").find("position 13"), std::string::npos);
  EXPECT_NE(error("data = NULL").find("use IS NULL"), std::string::npos);
  EXPECT_NE(error("id IN ()").find("position 8: expected a literal"), std::string::npos);
  EXPECT_NE(error("id IS 5").find("expected NOT, NULL or NAN"), std::string::npos);
  EXPECT_NE(error("id = 99999999999999999999").find("out of the long range"), std::string::npos);
  EXPECT_NE(error("id ! 5").find("position 4"), std::string::npos);
  EXPECT_NE(error("").find("empty"), std::string::npos);
  EXPECT_NE(error("and = 1").find("expected a column name"), std::string::npos);
}

TEST(ExpressionParserTest, ToStringRoundTrips) {
  std::vector<ExpressionPtr> expressions = {
      And(GreaterThan("id", 5), Or(StartsWith("data", "a%b'c"), IsNull("data"))),
      Not(Or(In("id", {1, 2}), NotIn("data", {"x"}))),
      And(IsNaN("dbl"), NotNaN("f")),
      Or(And(Equal("a b", 1.25), NotEqual("location.lat", -3.0)), LessThanOrEqual("l", int64_t{1} << 40)),
      NotStartsWith("data", "\\x"),
      Equal("flag", false),
  };
  for (const auto& expression : expressions) {
    ExpressionPtr reparsed = MustParse(expression->ToString());
    EXPECT_TRUE(reparsed->Equals(*expression)) << expression->ToString() << " vs " << reparsed->ToString();
  }
}

// --- Binding -------------------------------------------------------------------------

TEST(ExpressionBindingTest, BindsByNameAndConvertsLiterals) {
  ExpressionPtr bound = MustBind(Equal("id", 5));
  ASSERT_TRUE(bound->is_bound());
  EXPECT_EQ(bound->reference().field_id, 1);
  EXPECT_EQ(bound->reference().name, "id");
  EXPECT_EQ(bound->reference().position, 0);
  EXPECT_EQ(bound->literal(), Literal(5));

  EXPECT_EQ(MustBind(Equal("l", 5))->literal(), Literal(int64_t{5}));
  EXPECT_EQ(MustBind(Equal("dbl", 5))->literal(), Literal(5.0));
  EXPECT_EQ(MustBind(Equal("f", 1.5))->literal(), Literal(1.5f));
  EXPECT_EQ(MustBind(Equal("d", "2017-11-16"))->literal(), Literal(int32_t{17486}));
  EXPECT_EQ(MustBind(Equal("d", 17486))->literal(), Literal(int32_t{17486}));
  EXPECT_EQ(MustBind(Equal("ts", "2017-11-16T14:31:08.000001"))->literal(), Literal(int64_t{1510842668000001}));
  EXPECT_EQ(MustBind(GreaterThanOrEqual("ts", "2017-11-16"))->literal(), Literal(int64_t{1510790400000000}));
  EXPECT_EQ(MustBind(Equal("ts", int64_t{1510790400000000}))->literal(), Literal(int64_t{1510790400000000}));
  // Java takes a long for a nanosecond timestamp as microseconds.
  EXPECT_EQ(MustBind(Equal("tsns", int64_t{1}))->literal(), Literal(int64_t{1000}));
  EXPECT_EQ(MustBind(Equal("flag", true))->literal(), Literal(true));

  ExpressionPtr nested = MustBind(LessThan("location.lat", 1.5));
  EXPECT_EQ(nested->reference().field_id, 20);
  EXPECT_EQ(nested->reference().name, "location.lat");
  EXPECT_EQ(nested->reference().position, -1);
}

TEST(ExpressionBindingTest, DecimalLiterals) {
  EXPECT_EQ(MustBind(Equal("price", "12.30"))->literal(), Literal(Decimal{1230}));
  EXPECT_EQ(MustBind(Equal("price", "12.3"))->literal(), Literal(Decimal{1230}));
  EXPECT_EQ(MustBind(Equal("price", 12))->literal(), Literal(Decimal{1200}));
  // Numbers round HALF_UP (BigDecimal.valueOf(1.005).setScale(2, HALF_UP) = 1.01).
  EXPECT_EQ(MustBind(Equal("price", 1.005))->literal(), Literal(Decimal{101}));
  EXPECT_EQ(MustBind(Equal("price", -1.005))->literal(), Literal(Decimal{-101}));
  // Text keeps its exact value: comparisons move to the neighbouring value.
  ExpressionPtr less = MustBind(LessThan("price", "1.005"));
  EXPECT_EQ(less->op(), Operation::kLessThanOrEqual);
  EXPECT_EQ(less->literal(), Literal(Decimal{100}));
  ExpressionPtr greater = MustBind(GreaterThanOrEqual("price", "-1.005"));
  EXPECT_EQ(greater->op(), Operation::kGreaterThan);
  EXPECT_EQ(greater->literal(), Literal(Decimal{-101}));
  EXPECT_EQ(MustBind(Equal("price", "1.005"))->op(), Operation::kFalse);
  EXPECT_EQ(MustBind(NotEqual("price", "1.005"))->op(), Operation::kTrue);
  EXPECT_EQ(MustBind(In("price", {"1.005", "2"}))->op(), Operation::kEqual);
  // An unscaled Decimal is taken at the column's scale.
  EXPECT_EQ(MustBind(Equal("price", Decimal{1234}))->literal(), Literal(Decimal{1234}));
}

TEST(ExpressionBindingTest, OutOfRangeLiteralsFoldToConstants) {
  int64_t above = 3000000000;
  EXPECT_EQ(MustBind(LessThan("id", above))->op(), Operation::kTrue);
  EXPECT_EQ(MustBind(LessThanOrEqual("id", above))->op(), Operation::kTrue);
  EXPECT_EQ(MustBind(NotEqual("id", above))->op(), Operation::kTrue);
  EXPECT_EQ(MustBind(GreaterThan("id", above))->op(), Operation::kFalse);
  EXPECT_EQ(MustBind(GreaterThanOrEqual("id", above))->op(), Operation::kFalse);
  EXPECT_EQ(MustBind(Equal("id", above))->op(), Operation::kFalse);
  EXPECT_EQ(MustBind(LessThan("id", -above))->op(), Operation::kFalse);
  EXPECT_EQ(MustBind(GreaterThan("id", -above))->op(), Operation::kTrue);
  EXPECT_EQ(MustBind(NotEqual("id", -above))->op(), Operation::kTrue);
  EXPECT_EQ(MustBind(Equal("f", 1e40))->op(), Operation::kFalse);
  EXPECT_EQ(MustBind(LessThan("f", 1e40))->op(), Operation::kTrue);
  EXPECT_EQ(MustBind(GreaterThan("f", -1e40))->op(), Operation::kTrue);
  // The edges themselves are values.
  EXPECT_EQ(MustBind(LessThan("id", int64_t{std::numeric_limits<int32_t>::max()}))->op(), Operation::kLessThan);

  // IN drops out-of-range values; one left becomes =, none false.
  ExpressionPtr in = MustBind(In("id", {1, above}));
  EXPECT_EQ(in->op(), Operation::kEqual);
  EXPECT_EQ(in->literal(), Literal(1));
  EXPECT_EQ(MustBind(In("id", {above}))->op(), Operation::kFalse);
  EXPECT_EQ(MustBind(NotIn("id", {above}))->op(), Operation::kTrue);
  EXPECT_EQ(MustBind(NotIn("id", {above, 7}))->op(), Operation::kNotEqual);
  EXPECT_EQ(MustBind(In("id", {}))->op(), Operation::kFalse);
}

TEST(ExpressionBindingTest, SetsAreSortedAndDistinct) {
  ExpressionPtr bound = MustBind(In("id", {5, 1, 3, 1, 5}));
  EXPECT_EQ(bound->op(), Operation::kIn);
  EXPECT_EQ(bound->literals(), (std::vector<Literal>{1, 3, 5}));
  EXPECT_EQ(MustBind(In("id", {2, 2}))->op(), Operation::kEqual);
  EXPECT_EQ(MustBind(NotIn("data", {"b", "a", "b"}))->literals(), (std::vector<Literal>{"a", "b"}));
}

TEST(ExpressionBindingTest, NullChecksOnRequiredFieldsFold) {
  EXPECT_EQ(MustBind(IsNull("id"))->op(), Operation::kFalse);
  EXPECT_EQ(MustBind(NotNull("id"))->op(), Operation::kTrue);
  EXPECT_EQ(MustBind(IsNull("data"))->op(), Operation::kIsNull);
  EXPECT_EQ(MustBind(And(NotNull("id"), Equal("data", "x")))->op(), Operation::kEqual);
  EXPECT_EQ(MustBind(Or(IsNull("id"), Equal("data", "x")))->op(), Operation::kEqual);
}

TEST(ExpressionBindingTest, CaseSensitivity) {
  auto sensitive = Bind(Equal("ID", 5), *TestSchema(), true);
  ASSERT_FALSE(sensitive.ok());
  EXPECT_EQ(sensitive.status().kind(), ErrorKind::kBadRequest);
  EXPECT_NE(sensitive.status().message().find("Cannot find field 'ID'"), std::string::npos);
  ExpressionPtr insensitive = MustBind(Equal("ID", 5), false);
  EXPECT_EQ(insensitive->reference().field_id, 1);
  EXPECT_EQ(insensitive->reference().name, "id");
  EXPECT_EQ(MustBind(Equal("LOCATION.Lat", 1.0), false)->reference().field_id, 20);
}

TEST(ExpressionBindingTest, Errors) {
  auto message = [](const ExpressionPtr& expression) {
    auto bound = Bind(expression, *TestSchema());
    EXPECT_FALSE(bound.ok()) << expression->ToString();
    EXPECT_EQ(bound.status().kind(), ErrorKind::kBadRequest) << bound.status().ToString();
    return bound.status().message();
  };
  EXPECT_NE(message(LessThan("missing", 5)).find("Cannot find field 'missing' in struct"), std::string::npos);
  EXPECT_NE(message(And(Equal("id", 1), IsNull("nope"))).find("'nope'"), std::string::npos);
  EXPECT_NE(message(Equal("id", "abc")).find("Invalid value for conversion to type int: 'abc' (string)"),
            std::string::npos);
  EXPECT_NE(message(Equal("d", "2017-13-45")).find("Invalid value for conversion to type date"), std::string::npos);
  EXPECT_NE(message(Equal("data", 5)).find("Invalid value for conversion to type string: 5 (int)"),
            std::string::npos);
  EXPECT_NE(message(Equal("flag", 1)).find("type boolean"), std::string::npos);
  EXPECT_NE(message(Equal("d", 1.5)).find("type date"), std::string::npos);
  EXPECT_NE(message(IsNaN("id")).find("IsNaN cannot be used with a non-floating-point column"), std::string::npos);
  EXPECT_NE(message(NotNaN("data")).find("NotNaN cannot be used"), std::string::npos);
  EXPECT_NE(message(StartsWith("id", "1")).find("must produce a string"), std::string::npos);
  EXPECT_NE(message(Equal("dbl", std::numeric_limits<double>::quiet_NaN())).find("NaN"), std::string::npos);
  EXPECT_NE(message(In("dbl", {1.0, std::numeric_limits<double>::quiet_NaN()})).find("NaN"), std::string::npos);
  EXPECT_NE(message(Equal("data", Literal())).find("null"), std::string::npos);
  EXPECT_NE(message(Equal("location", 1)).find("Invalid value for conversion"), std::string::npos);
}

TEST(ExpressionBindingTest, BindsToStructsWithPositions) {
  StructType partition({NestedField{.id = 1000, .name = "id_bucket", .type = Primitive(TypeId::kInt)},
                        NestedField{.id = 1001, .name = "ts_day", .type = Primitive(TypeId::kDate)}});
  auto bound = Bind(Equal("ts_day", "2017-11-16"), partition);
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  EXPECT_EQ((*bound)->reference().field_id, 1001);
  EXPECT_EQ((*bound)->reference().position, 1);
  EXPECT_EQ((*bound)->literal(), Literal(int32_t{17486}));
  // Typed literals (as projections produce) convert from their type.
  auto typed = Bind(Predicate(Operation::kEqual, "ts_day", {Literal(int64_t{1510790400000001})},
                              Primitive(TypeId::kTimestamp)),
                    partition);
  ASSERT_TRUE(typed.ok()) << typed.status().ToString();
  EXPECT_EQ((*typed)->literal(), Literal(int32_t{17486}));
}

TEST(ExpressionBindingTest, ReferencedFieldIdsAndIsBound) {
  ExpressionPtr unbound = And(Equal("data", "a"), Or(LessThan("location.lat", 1.0), GreaterThan("id", 2)));
  EXPECT_FALSE(IsBound(*unbound));
  ExpressionPtr bound = MustBind(unbound);
  EXPECT_TRUE(IsBound(*bound));
  EXPECT_EQ(ReferencedFieldIds(*bound), (std::vector<int32_t>{1, 2, 20}));
  EXPECT_TRUE(IsBound(*AlwaysTrue()));
  // Binding an already bound tree keeps it.
  auto rebound = Bind(bound, *TestSchema());
  ASSERT_TRUE(rebound.ok());
  EXPECT_TRUE((*rebound)->Equals(*bound));
  EXPECT_EQ(bound->ToString(), "data = 'a' AND (location.lat < 1.0 OR id > 2)");
}

// --- Row evaluation ------------------------------------------------------------------

TEST(RowEvaluatorTest, EvaluatesRows) {
  auto schema = TestSchema();
  std::unordered_map<int32_t, Literal> row = {
      {1, Literal(5)}, {2, Literal("abcdef")}, {7, Literal(std::numeric_limits<double>::quiet_NaN())},
      {20, Literal(45.5)}};
  auto evaluate = [&](std::string_view filter) {
    auto evaluator = RowEvaluator::Make(MustParse(filter), *schema);
    EXPECT_TRUE(evaluator.ok()) << filter << ": " << evaluator.status().ToString();
    auto result = evaluator->Evaluate(row);
    EXPECT_TRUE(result.ok()) << filter << ": " << result.status().ToString();
    return result.ok() && *result;
  };
  EXPECT_TRUE(evaluate("id = 5"));
  EXPECT_FALSE(evaluate("id != 5"));
  EXPECT_TRUE(evaluate("id > 4 and id <= 5 and id >= 5 and id < 6"));
  EXPECT_TRUE(evaluate("id IN (1, 5, 9)"));
  EXPECT_FALSE(evaluate("id NOT IN (1, 5, 9)"));
  EXPECT_TRUE(evaluate("data LIKE 'abc%' and data NOT LIKE 'abd%'"));
  EXPECT_FALSE(evaluate("data LIKE 'abcdefg%'"));
  EXPECT_TRUE(evaluate("dbl IS NAN and f IS NOT NAN"));
  EXPECT_TRUE(evaluate("location.lat > 45 and location.lon IS NULL"));
  EXPECT_TRUE(evaluate("NOT (id = 4 OR data = 'x')"));
  // Null values: comparisons are not true, whichever way they are negated.
  EXPECT_FALSE(evaluate("l = 1"));
  EXPECT_FALSE(evaluate("l != 1"));
  EXPECT_FALSE(evaluate("NOT (l = 1)"));
  EXPECT_FALSE(evaluate("l NOT IN (1, 2)"));
  EXPECT_TRUE(evaluate("l IS NULL and d IS NULL"));
  // NaN sorts above every number.
  EXPECT_TRUE(evaluate("dbl > 1e300"));
  EXPECT_FALSE(evaluate("dbl < 0"));
}

TEST(RowEvaluatorTest, LookupFunctionAndWrongRepresentation) {
  auto evaluator = RowEvaluator::Make(GreaterThan("l", 3), *TestSchema());
  ASSERT_TRUE(evaluator.ok());
  Literal value(int64_t{4});
  auto result = evaluator->Evaluate([&](int32_t id) -> const Literal* { return id == 8 ? &value : nullptr; });
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(*result);
  Literal wrong(4);  // int instead of long
  auto failed = evaluator->Evaluate([&](int32_t) -> const Literal* { return &wrong; });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().kind(), ErrorKind::kInvalidData);
}

}  // namespace
}  // namespace floe::iceberg
