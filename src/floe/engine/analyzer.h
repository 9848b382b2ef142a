// Analyzer: a query's syntax tree plus catalog metadata -> a typed logical
// plan (plan.h), with Trino's name resolution, typing and error reporting.
//
// Resolution: table names are `table`, `schema.table` or `iceberg.schema.
// table` (the session's catalog and schema fill in the rest); identifiers are
// matched case-insensitively; `t.col` qualifies by table name or alias.
// Errors carry the position of the offending node: TABLE_NOT_FOUND ("Table
// 'iceberg.s.t' does not exist"), SCHEMA_NOT_FOUND, CATALOG_NOT_FOUND,
// COLUMN_NOT_FOUND ("Column 'x' cannot be resolved"), AMBIGUOUS_NAME,
// TYPE_MISMATCH ("WHERE clause must evaluate to a boolean: actual type
// integer", "Cannot apply operator: varchar = integer"),
// EXPRESSION_NOT_AGGREGATE ("'x' must be an aggregate expression or appear
// in GROUP BY clause"), MISSING_SCHEMA_NAME, FUNCTION_NOT_FOUND, ...
// Uncorrelated subqueries in expressions (scalar, IN, EXISTS) run once,
// during analysis, through the SubqueryRunner, and become constants.
// Syntax the engine does not run yet (correlated subqueries, UNNEST,
// metadata tables) gives NOT_SUPPORTED at its position: never a wrong answer.
// Not thread-safe: one Analyzer per statement.
#pragma once

#include <functional>
#include <memory>

#include "floe/catalog/catalog.h"
#include "floe/engine/plan.h"
#include "floe/engine/session.h"
#include "floe/sql/ast.h"

namespace floe::engine {

// Runs an uncorrelated subquery's plan to its rows (the engine provides it).
using SubqueryRunner = std::function<Result<std::vector<std::vector<Value>>>(const PlanPtr& plan)>;

class Analyzer {
 public:
  Analyzer(catalog::Catalog& catalog, const Session& session, EvaluationContext context,
           SubqueryRunner run_subquery = nullptr)
      : catalog_(catalog), session_(session), context_(context), run_subquery_(std::move(run_subquery)) {}

  // A query (SELECT, VALUES, TABLE, WITH ...) as a plan whose outputs are
  // the result columns.
  Result<PlanPtr> AnalyzeQuery(const sql::Query& query);

  // The identifier of a table name (catalog and schema from the session).
  // Errors: CATALOG_NOT_FOUND, MISSING_SCHEMA_NAME, NOT_SUPPORTED for
  // metadata tables ("t$snapshots").
  Result<catalog::TableIdentifier> ResolveTableName(const sql::QualifiedName& name) const;
  // A schema name (`s` or `iceberg.s`).
  Result<catalog::Namespace> ResolveSchemaName(const sql::QualifiedName& name) const;

  // Loads a table. Errors: TABLE_NOT_FOUND / SCHEMA_NOT_FOUND at `location`.
  Result<catalog::LoadTableResult> LoadTable(const catalog::TableIdentifier& identifier,
                                             sql::NodeLocation location) const;

  // A constant expression (table properties, LIMIT): bound without columns.
  Result<BoundExpressionPtr> BindConstant(const sql::Expression& expression);

 private:
  struct Impl;
  catalog::Catalog& catalog_;
  Session session_;
  EvaluationContext context_;
  SubqueryRunner run_subquery_;
};

}  // namespace floe::engine
