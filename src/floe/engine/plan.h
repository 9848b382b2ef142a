// The logical plan: a tree of relational operators with typed outputs, as
// the analyzer (analyzer.h) builds it and the optimizer (optimizer.h)
// rewrites it. Expressions in a node refer to the output columns of its
// input (children[0]) by index.
//
// Nodes:
//   kTableScan   an Iceberg table: the snapshot to read, the columns to
//                read (by field id), and the pushed-down filter used for
//                partition, manifest-metrics and Parquet row-group pruning
//   kValues      literal rows
//   kFilter      rows where `predicate` is true
//   kProject     one output per expression
//   kAggregate   group keys then aggregates; no keys: one global group
//   kSort        ordered by sort keys (expressions over the input)
//   kLimit       skips `offset` rows, then keeps at most `limit`
// Joins, set operations and subqueries slot in as further kinds.
// Plans are immutable once built; nodes are shared (shared_ptr<const>).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "floe/catalog/catalog_identifier.h"
#include "floe/engine/expression.h"
#include "floe/iceberg/expression.h"
#include "floe/iceberg/table_metadata.h"

namespace floe::engine {

struct OutputColumn {
  std::string name;
  SqlType type;
};

enum class PlanKind : uint8_t {
  kTableScan, kValues, kFilter, kProject, kAggregate, kSort, kLimit, kJoin, kSetOperation, kUnnest, kWindow
};

// kSetOperation: children[0] op children[1], both with the output types.
// UNION ALL concatenates (UNION is UNION ALL under a distinct aggregation);
// INTERSECT / EXCEPT keep left rows by their count on the right (NULLs
// equal), once each without ALL.
enum class SetOperationKind : uint8_t { kUnionAll, kIntersect, kExcept };

// kJoin: a hash join of children[0] (probe, left) and children[1] (build,
// right). Outputs are the left columns then the right columns. Rows match
// when every left_keys[i] equals right_keys[i] (NULL keys never match) and
// `join_filter` (over the combined columns) is true. Outer joins pad the
// unmatched side with NULLs. kCross has no keys and no filter.
enum class JoinKind : uint8_t { kInner, kLeft, kRight, kFull, kCross };

enum class AggregateFunction : uint8_t { kCount, kCountAll, kSum, kAvg, kMin, kMax, kApproxDistinct, kCountIf, kBoolAnd, kBoolOr, kArbitrary };

struct AggregateCall {
  AggregateFunction function = AggregateFunction::kCountAll;
  bool distinct = false;
  BoundExpressionPtr argument;  // nullptr for count(*)
  SqlType type;                 // the result type
};

struct SortKey {
  BoundExpressionPtr expression;
  bool descending = false;
  bool nulls_first = false;  // Trino's default: NULLS LAST
};

// kWindow: the input's columns, then one column per WindowCall. Each call
// sees its partition (input rows equal on partition_keys, NULLs equal)
// ordered by order_keys; rows equal on every order key are peers. Ranking
// functions number rows or peer groups; lag / lead read another row of the
// partition; first_value / last_value / nth_value and aggregates read the
// call's frame. Rows keep their input order.
enum class WindowFunction : uint8_t {
  kRowNumber, kRank, kDenseRank, kPercentRank, kCumeDist, kNtile,
  kLag, kLead, kFirstValue, kLastValue, kNthValue,
  kAggregate,  // `aggregate` over the frame
};

// A frame: ROWS counts rows, RANGE compares the (single) order key with
// the current row's by `offset`, GROUPS counts peer groups. Bounds are
// relative to the current row; offsets are non-negative constants.
struct WindowFrameSpec {
  enum class Type : uint8_t { kRows, kRange, kGroups };
  enum class Bound : uint8_t { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Type type = Type::kRange;
  Bound start = Bound::kUnboundedPreceding;
  Bound end = Bound::kCurrentRow;
  Value start_offset;  // kPreceding / kFollowing: bigint for ROWS / GROUPS, the order key's type for RANGE
  Value end_offset;
};

struct WindowCall {
  WindowFunction function = WindowFunction::kRowNumber;
  AggregateFunction aggregate = AggregateFunction::kCountAll;  // kAggregate
  std::vector<BoundExpressionPtr> arguments;  // over the input
  std::vector<BoundExpressionPtr> partition_keys;
  std::vector<SortKey> order_keys;
  WindowFrameSpec frame;  // Trino's default: RANGE UNBOUNDED PRECEDING AND CURRENT ROW
  SqlType type;           // the result type
  std::string name;       // for EXPLAIN
  bool ignore_nulls = false;  // lag, lead, first_value, last_value, nth_value: skip NULL values
};

// One column a scan reads: the Iceberg field and its SQL type.
// Trino's hidden column "$path" of Iceberg tables: the row's data file. Its
// field id is Iceberg's reserved metadata column `_file` (MetadataColumns).
inline constexpr int32_t kFilePathFieldId = 2147483646;

struct ScanColumn {
  int32_t field_id = 0;  // kFilePathFieldId: "$path"
  std::string name;
  SqlType type;
};

// A conjunct of the query's filter on one scanned column, pushed into the
// scan for pruning: `column op value` (kIsNull/kIsNotNull without a value).
struct ScanPredicate {
  enum class Op : uint8_t { kLess, kLessOrEqual, kEqual, kNotEqual, kGreaterOrEqual, kGreater, kIsNull, kIsNotNull };
  int32_t column = 0;  // index into scan_columns
  Op op = Op::kEqual;
  Value value;
};

// How a scan picks its snapshot.
struct SnapshotSelection {
  std::optional<int64_t> snapshot_id;
  std::optional<std::string> ref;
  std::optional<int64_t> as_of_timestamp_ms;
};

struct PlanNode;
using PlanPtr = std::shared_ptr<const PlanNode>;

struct PlanNode {
  PlanKind kind = PlanKind::kValues;
  std::vector<OutputColumn> outputs;
  std::vector<PlanPtr> children;

  // kTableScan
  catalog::TableIdentifier table;
  iceberg::TableMetadataPtr metadata;
  SnapshotSelection snapshot;
  std::vector<ScanColumn> scan_columns;  // == outputs
  std::vector<bool> column_read;         // per scan column; empty: all read
  std::vector<ScanPredicate> scan_predicates;  // pushed down by the optimizer

  // kValues: constant expressions, one vector per row
  std::vector<std::vector<BoundExpressionPtr>> rows;

  // kFilter
  BoundExpressionPtr predicate;

  // kProject
  std::vector<BoundExpressionPtr> expressions;

  // kAggregate
  std::vector<BoundExpressionPtr> group_keys;
  std::vector<AggregateCall> aggregates;

  // kSort
  std::vector<SortKey> sort_keys;

  // kLimit
  int64_t offset = 0;
  std::optional<int64_t> limit;

  // kJoin
  JoinKind join_kind = JoinKind::kInner;
  std::vector<BoundExpressionPtr> left_keys;   // over children[0]'s outputs
  std::vector<BoundExpressionPtr> right_keys;  // over children[1]'s outputs
  BoundExpressionPtr join_filter;              // over the combined outputs; may be null

  // kSetOperation
  SetOperationKind set_operation = SetOperationKind::kUnionAll;
  bool set_all = false;

  // kUnnest: children[0]'s columns, then per expression (`expressions`, over
  // children[0]'s outputs) its elements (array) or keys and values (map),
  // zipped as in Trino (shorter ones padded with NULL), then the ordinality.
  // join_kind kLeft (LEFT JOIN UNNEST ... ON true): a row whose collections
  // are all empty or NULL is kept once, with NULLs.
  bool with_ordinality = false;
  // kWindow
  std::vector<WindowCall> window_calls;
};

// A textual rendering for EXPLAIN: one operator per line, indented by depth,
// with output columns, expressions, and for scans the pushed filter.
std::string FormatPlan(const PlanNode& plan, int indent = 0);

}  // namespace floe::engine
