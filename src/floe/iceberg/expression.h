// Iceberg filter expressions (the model of Java's org.apache.iceberg.expressions).
//
// An Expression is an immutable tree shared through ExpressionPtr:
//   - the constants true and false,
//   - And / Or / Not of sub-expressions,
//   - predicates on one column: IS NULL, IS NOT NULL, IS NAN, NOT NAN,
//     <, <=, >, >=, =, !=, IN, NOT IN, STARTS WITH, NOT STARTS WITH.
// A predicate is *unbound* when it names its column (as a user wrote it) and
// *bound* once Bind() resolved the name to a field of a schema or struct and
// converted its literals to that field's type.
//
// Builders simplify constants as Java's Expressions does: And(false, x) is
// false, And(true, x) is x, Or(true, x) is true, Or(false, x) is x,
// Not(true) is false, Not(Not(x)) is x.
//
// Literal values (literal.h) carry no type of their own. An unbound
// predicate's literals are interpreted by their representation unless the
// predicate carries `literal_type` (projections set it):
//   bool -> boolean, int32_t -> int, int64_t -> long, float, double,
//   std::string -> string (text), Decimal -> a decimal already scaled to the
//   column's scale (use strings such as "12.30" for other scales).
// Binding converts them with Java's Literal.to(Type) rules (see Bind below).
//
// Thread-safe: expressions are immutable once built.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"
#include "floe/iceberg/literal.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/types.h"

namespace floe::iceberg {

enum class Operation : uint8_t {
  kTrue,
  kFalse,
  kIsNull,
  kNotNull,
  kIsNan,
  kNotNan,
  kLessThan,
  kLessThanOrEqual,
  kGreaterThan,
  kGreaterThanOrEqual,
  kEqual,
  kNotEqual,
  kIn,
  kNotIn,
  kStartsWith,
  kNotStartsWith,
  kNot,
  kAnd,
  kOr,
};

// Java's operation names: "true", "is_null", "lt", "lt_eq", "eq", "in", "starts_with", "and", ...
std::string_view OperationName(Operation op);
// The logical complement: < <-> >=, <= <-> >, = <-> !=, IN <-> NOT IN,
// IS NULL <-> NOT NULL, IS NAN <-> NOT NAN, STARTS WITH <-> NOT STARTS WITH,
// AND <-> OR, true <-> false. kNot has no negation (returned unchanged).
Operation Negate(Operation op);
// Unary predicates take no literal; set predicates (IN, NOT IN) any number;
// the others exactly one.
bool IsUnaryOperation(Operation op);
bool IsSetOperation(Operation op);
bool IsPredicateOperation(Operation op);  // any predicate (not true/false/and/or/not)

class Expression;
using ExpressionPtr = std::shared_ptr<const Expression>;

// The field a bound predicate tests.
struct BoundReference {
  int32_t field_id = 0;
  std::string name;  // the full (dotted) name of the field in the bound schema
  TypePtr type;
  bool required = false;
  // The index of the field among the top-level fields of the struct it was
  // bound to (a partition tuple's position), or -1 for nested fields.
  int32_t position = -1;
};

class Expression {
 public:
  Operation op() const { return op_; }
  bool is_constant() const { return op_ == Operation::kTrue || op_ == Operation::kFalse; }
  bool is_predicate() const { return IsPredicateOperation(op_); }
  // A predicate bound by Bind(). False for constants and combinators.
  bool is_bound() const { return bound_; }

  // And / Or operands; Not's operand is child() (== left()).
  const ExpressionPtr& left() const { return left_; }
  const ExpressionPtr& right() const { return right_; }
  const ExpressionPtr& child() const { return left_; }

  // The column name of an unbound predicate (as written) or the bound
  // field's full name.
  const std::string& column() const { return bound_ ? reference_.name : column_; }
  // Bound predicates only.
  const BoundReference& reference() const { return reference_; }
  // No literal for unary predicates, one for comparisons and STARTS WITH,
  // the set for IN / NOT IN. Bound sets are sorted (CompareLiterals) and
  // distinct and hold at least two values (one becomes = / !=).
  const std::vector<Literal>& literals() const { return literals_; }
  const Literal& literal() const { return literals_.front(); }
  // Unbound predicates: the Iceberg type of the literals, or nullptr when
  // the literals are typed by their representation. Bound: the field type.
  const TypePtr& literal_type() const { return literal_type_; }

  // A readable SQL-like form that ParsePredicate (expression_parser.h) reads
  // back: `id > 5 AND (name LIKE 'ab%' OR name IS NULL)`, `NOT (x IN (1, 2))`.
  std::string ToString() const;

  // Structural equality: same operations, column names (unbound) or field
  // ids (bound), literal types and literals in order.
  bool Equals(const Expression& other) const;

 private:
  friend class ExpressionFactory;
  explicit Expression(Operation op) : op_(op) {}

  Operation op_;
  bool bound_ = false;
  ExpressionPtr left_, right_;
  std::string column_;
  BoundReference reference_;
  std::vector<Literal> literals_;
  TypePtr literal_type_;
};

// --- Builders ----------------------------------------------------------------

ExpressionPtr AlwaysTrue();
ExpressionPtr AlwaysFalse();
ExpressionPtr And(ExpressionPtr left, ExpressionPtr right);
ExpressionPtr Or(ExpressionPtr left, ExpressionPtr right);
// Folds a list (empty: true for And, false for Or).
ExpressionPtr And(const std::vector<ExpressionPtr>& operands);
ExpressionPtr Or(const std::vector<ExpressionPtr>& operands);
ExpressionPtr Not(ExpressionPtr child);

ExpressionPtr IsNull(std::string column);
ExpressionPtr NotNull(std::string column);
ExpressionPtr IsNaN(std::string column);
ExpressionPtr NotNaN(std::string column);
ExpressionPtr LessThan(std::string column, Literal value);
ExpressionPtr LessThanOrEqual(std::string column, Literal value);
ExpressionPtr GreaterThan(std::string column, Literal value);
ExpressionPtr GreaterThanOrEqual(std::string column, Literal value);
ExpressionPtr Equal(std::string column, Literal value);
ExpressionPtr NotEqual(std::string column, Literal value);
ExpressionPtr StartsWith(std::string column, std::string prefix);
ExpressionPtr NotStartsWith(std::string column, std::string prefix);
ExpressionPtr In(std::string column, std::vector<Literal> values);
ExpressionPtr NotIn(std::string column, std::vector<Literal> values);
// Any unbound predicate. `values` must suit the operation (none for unary,
// one for comparisons; asserted). `literal_type` types the values (nullptr:
// by representation, see the file comment).
ExpressionPtr Predicate(Operation op, std::string column, std::vector<Literal> values = {},
                        TypePtr literal_type = nullptr);

// A bound predicate built directly, without conversion: `values` must have
// the representation of `reference.type`. Sets are sorted and deduplicated
// here; an IN / NOT IN with one value becomes = / !=, with none false / true.
ExpressionPtr BoundPredicate(Operation op, BoundReference reference, std::vector<Literal> values = {});

// --- Rewriting and binding -----------------------------------------------------

// Pushes every Not down to the predicates (De Morgan, negated operations),
// as Java's RewriteNot: the result contains no kNot. Works on bound and
// unbound trees.
ExpressionPtr RewriteNot(const ExpressionPtr& expression);

// Binds every predicate to a field found by full dotted name in `schema`
// (case-insensitively unless `case_sensitive`), converting its literals to
// the field's type. As Java's Binder / UnboundPredicate.bind:
//   - unknown column -> kBadRequest "Cannot find field 'x' in struct: ...";
//   - IS NULL on a required field is false, NOT NULL true;
//   - IS NAN / NOT NAN on a non-floating-point field -> kBadRequest;
//   - STARTS WITH on a non-string field -> kBadRequest;
//   - a literal that cannot be converted (e.g. 'abc' for an int column, a
//     null or NaN literal) -> kBadRequest "Invalid value for conversion to type ...";
//   - a literal beyond the field type's range folds the predicate to a
//     constant: `int_col < 3000000000` is true, `int_col = 3000000000` false,
//     `int_col > 3000000000` false (likewise below the minimum, and for
//     doubles beyond the float range);
//   - IN / NOT IN drop out-of-range values, become false / true when none is
//     left and = / != when one is left.
// Conversions (Java's Literal.to): int -> long/float/double/date/decimal
// (exact); long -> int/date (range-checked), float, double, time,
// timestamp[tz] (µs), timestamp[tz]_ns (taken as µs), decimal; float ->
// double, decimal (HALF_UP); double -> float (range-checked), decimal
// (HALF_UP); string -> date, time, timestamp[tz][_ns] (ISO text, via
// ParseLiteral; a date alone means midnight), uuid, decimal (exact value:
// `dec(9,2) < '1.005'` becomes `<= 1.00`); typed literals (literal_type)
// also convert timestamp -> date/timestamp_ns, timestamp_ns -> date/timestamp,
// decimal -> decimal (exact), fixed <-> binary. Already bound predicates are
// kept as they are.
Result<ExpressionPtr> Bind(const ExpressionPtr& expression, const Schema& schema,
                           bool case_sensitive = true);
// Binds to the fields of a struct (e.g. a partition type); references to its
// top-level fields get their position.
Result<ExpressionPtr> Bind(const ExpressionPtr& expression, const StructType& struct_type,
                           bool case_sensitive = true);

// Whether every predicate in the tree is bound (constants count as bound).
bool IsBound(const Expression& expression);

// The ids of the fields a bound expression references, ascending and distinct.
std::vector<int32_t> ReferencedFieldIds(const Expression& expression);

}  // namespace floe::iceberg
