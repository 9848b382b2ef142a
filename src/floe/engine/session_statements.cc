#include "floe/engine/session_statements.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "floe/common/uuid.h"
#include "floe/engine/expression.h"
#include "floe/engine/session_properties.h"
#include "floe/engine/value.h"
#include "floe/iceberg/literal.h"
#include "floe/iceberg/table_scan.h"
#include "floe/sql/error.h"
#include "floe/sql/formatter.h"
#include "floe/sql/lexer.h"
#include "floe/sql/parser.h"

namespace floe::engine {

namespace codes = sql::error_codes;
using sql::NodeLocation;

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// SQL LIKE without escapes (SHOW ... LIKE).
bool Like(std::string_view value, std::string_view pattern) {
  if (pattern.empty()) return value.empty();
  if (pattern[0] == '%') {
    for (size_t i = 0; i <= value.size(); ++i) {
      if (Like(value.substr(i), pattern.substr(1))) return true;
    }
    return false;
  }
  if (value.empty()) return false;
  if (pattern[0] == '_' || pattern[0] == value[0]) return Like(value.substr(1), pattern.substr(1));
  return false;
}

// A result of rows computed up front, with the session changes it reports.
class SessionResult final : public QueryResult {
 public:
  explicit SessionResult(std::string update_type) { update_type_ = std::move(update_type); }

  Result<bool> Next(columnar::Batch* batch) override {
    if (cancellation_->canceled()) return sql::SqlErrorNoLocation(codes::kUserCanceled, "Query was canceled");
    if (delivered_ || rows_.empty()) return false;
    delivered_ = true;
    batch->num_rows = static_cast<int64_t>(rows_.size());
    batch->columns.clear();
    for (size_t c = 0; c < columns_.size(); ++c) {
      VectorBuilder builder(columns_[c].type, batch->num_rows);
      for (size_t r = 0; r < rows_.size(); ++r) builder.SetValue(static_cast<int64_t>(r), rows_[r][c]);
      batch->columns.push_back(builder.Finish());
    }
    return true;
  }

  void AddColumn(std::string name, SqlType type) {
    columns_.push_back(ResultColumn{std::move(name), type, TypeSignature(type)});
  }
  void AddRow(std::vector<Value> row) { rows_.push_back(std::move(row)); }
  SessionUpdate& update() { return session_update_; }

 private:
  std::vector<std::vector<Value>> rows_;
  bool delivered_ = false;
};

// `query_max_memory`, `iceberg.sorted_writing_enabled`.
std::string PropertyName(const sql::QualifiedName& name) {
  std::string out;
  for (const auto& part : name.parts) out += (out.empty() ? "" : ".") + Lower(part.value);
  return out;
}

Value Text(std::string_view text) { return Value::String(std::string(text)); }

std::unique_ptr<QueryResult> Done(std::unique_ptr<SessionResult> result) { return std::unique_ptr<QueryResult>(std::move(result)); }

struct FunctionInfo {
  std::string_view name;
  std::string_view return_type;
  std::string_view argument_types;
  std::string_view function_type;  // "scalar", "aggregate"
  std::string_view description;
};

// The functions the engine resolves (expression.cc, analyzer.cc), with
// Trino's signatures.
const std::vector<FunctionInfo>& Functions() {
  static const std::vector<FunctionInfo> functions = {
      {"abs", "T", "T", "scalar", "Absolute value"},
      {"any_value", "T", "T", "aggregate", "Return an arbitrary non-null input value"},
      {"approx_distinct", "bigint", "T", "aggregate", "Number of distinct values (exact in floe)"},
      {"arbitrary", "T", "T", "aggregate", "Return an arbitrary non-null input value"},
      {"atan2", "double", "double, double", "scalar", "Arc tangent of given fraction"},
      {"avg", "double", "T", "aggregate", "Average of the values"},
      {"bool_and", "boolean", "boolean", "aggregate", "True when every value is true"},
      {"bool_or", "boolean", "boolean", "aggregate", "True when any value is true"},
      {"cbrt", "double", "double", "scalar", "Cube root"},
      {"ceil", "T", "T", "scalar", "Round up to nearest integer"},
      {"ceiling", "T", "T", "scalar", "Round up to nearest integer"},
      {"coalesce", "T", "T, T...", "scalar", "First non-null argument"},
      {"concat", "varchar", "varchar, varchar...", "scalar", "Concatenates given strings"},
      {"cos", "double", "double", "scalar", "Cosine"},
      {"count", "bigint", "", "aggregate", "Number of rows"},
      {"count", "bigint", "T", "aggregate", "Number of non-null values"},
      {"count_if", "bigint", "boolean", "aggregate", "Number of rows for which the condition is true"},
      {"current_catalog", "varchar", "", "scalar", "The session's catalog"},
      {"current_date", "date", "", "scalar", "Current date"},
      {"current_schema", "varchar", "", "scalar", "The session's schema"},
      {"current_timestamp", "timestamp(3) with time zone", "", "scalar", "Current timestamp with time zone"},
      {"current_user", "varchar", "", "scalar", "The session's user"},
      {"date_trunc", "T", "varchar(x), T", "scalar", "Truncate to the specified precision"},
      {"day", "bigint", "T", "scalar", "Day of the month of the given date or timestamp"},
      {"day_of_month", "bigint", "T", "scalar", "Day of the month of the given date or timestamp"},
      {"day_of_week", "bigint", "T", "scalar", "Day of the week (1 = Monday)"},
      {"day_of_year", "bigint", "T", "scalar", "Day of the year"},
      {"degrees", "double", "double", "scalar", "Converts an angle in radians to degrees"},
      {"dow", "bigint", "T", "scalar", "Day of the week (1 = Monday)"},
      {"doy", "bigint", "T", "scalar", "Day of the year"},
      {"e", "double", "", "scalar", "Euler's number"},
      {"every", "boolean", "boolean", "aggregate", "True when every value is true"},
      {"exp", "double", "double", "scalar", "Euler's number raised to the given power"},
      {"floor", "T", "T", "scalar", "Round down to nearest integer"},
      {"from_hex", "varbinary", "varchar(x)", "scalar", "Decode binary data from hex"},
      {"from_unixtime", "timestamp(3) with time zone", "double", "scalar", "Timestamp from seconds since the epoch"},
      {"from_utf8", "varchar", "varbinary", "scalar", "Decodes a UTF-8 encoded string (invalid sequences become U+FFFD)"},
      {"greatest", "T", "T, T...", "scalar", "Largest argument"},
      {"hour", "bigint", "T", "scalar", "Hour of the day"},
      {"if", "T", "boolean, T, T", "scalar", "Conditional expression"},
      {"infinity", "double", "", "scalar", "Infinity"},
      {"is_finite", "boolean", "double", "scalar", "Test if value is finite"},
      {"is_infinite", "boolean", "double", "scalar", "Test if value is infinite"},
      {"is_nan", "boolean", "double", "scalar", "Test if value is not-a-number"},
      {"least", "T", "T, T...", "scalar", "Smallest argument"},
      {"length", "bigint", "varchar(x)", "scalar", "Count of code points of the given string"},
      {"length", "bigint", "varbinary", "scalar", "Length of the given binary"},
      {"ln", "double", "double", "scalar", "Natural logarithm"},
      {"log10", "double", "double", "scalar", "Logarithm to base 10"},
      {"log2", "double", "double", "scalar", "Logarithm to base 2"},
      {"lower", "varchar(x)", "varchar(x)", "scalar", "Converts the string to lower case"},
      {"lpad", "varchar", "varchar(x), bigint, varchar(y)", "scalar", "Pads a string on the left"},
      {"ltrim", "varchar(x)", "varchar(x)", "scalar", "Removes whitespace from the beginning of a string"},
      {"max", "T", "T", "aggregate", "Maximum value"},
      {"millisecond", "bigint", "T", "scalar", "Millisecond of the second"},
      {"min", "T", "T", "aggregate", "Minimum value"},
      {"minute", "bigint", "T", "scalar", "Minute of the hour"},
      {"mod", "T", "T, T", "scalar", "Remainder of given quotient"},
      {"month", "bigint", "T", "scalar", "Month of the year"},
      {"nan", "double", "", "scalar", "Constant representing not-a-number"},
      {"nullif", "T", "T, T", "scalar", "NULL when both arguments are equal, else the first"},
      {"pi", "double", "", "scalar", "The constant Pi"},
      {"pow", "double", "double, double", "scalar", "Value raised to the power of exponent"},
      {"power", "double", "double, double", "scalar", "Value raised to the power of exponent"},
      {"quarter", "bigint", "T", "scalar", "Quarter of the year"},
      {"radians", "double", "double", "scalar", "Converts an angle in degrees to radians"},
      {"replace", "varchar(x)", "varchar(x), varchar(y), varchar(z)", "scalar", "Replaces occurrences of a string"},
      {"reverse", "varchar(x)", "varchar(x)", "scalar", "Reverses the given string"},
      {"round", "T", "T", "scalar", "Round to nearest integer"},
      {"round", "T", "T, integer", "scalar", "Round to given number of decimal places"},
      {"rpad", "varchar", "varchar(x), bigint, varchar(y)", "scalar", "Pads a string on the right"},
      {"rtrim", "varchar(x)", "varchar(x)", "scalar", "Removes whitespace from the end of a string"},
      {"second", "bigint", "T", "scalar", "Second of the minute"},
      {"sign", "T", "T", "scalar", "Signum"},
      {"sin", "double", "double", "scalar", "Sine"},
      {"split_part", "varchar(x)", "varchar(x), varchar(y), bigint", "scalar", "Splits a string by a delimiter and returns the given field"},
      {"sqrt", "double", "double", "scalar", "Square root"},
      {"starts_with", "boolean", "varchar(x), varchar(y)", "scalar", "Whether the string starts with the prefix"},
      {"strpos", "bigint", "varchar(x), varchar(y)", "scalar", "Position of the first occurrence of a substring (1-based, 0 if none)"},
      {"substr", "varchar(x)", "varchar(x), bigint", "scalar", "Suffix starting at the given index"},
      {"substr", "varchar(x)", "varchar(x), bigint, bigint", "scalar", "Substring of given length starting at an index"},
      {"substring", "varchar(x)", "varchar(x), bigint", "scalar", "Suffix starting at the given index"},
      {"substring", "varchar(x)", "varchar(x), bigint, bigint", "scalar", "Substring of given length starting at an index"},
      {"sum", "T", "T", "aggregate", "Sum of the values"},
      {"tan", "double", "double", "scalar", "Tangent"},
      {"to_hex", "varchar", "varbinary", "scalar", "Encode binary data as hex"},
      {"to_unixtime", "double", "timestamp(p) with time zone", "scalar", "Seconds since the epoch"},
      {"to_utf8", "varbinary", "varchar(x)", "scalar", "Encodes a string into a UTF-8 varbinary"},
      {"trim", "varchar(x)", "varchar(x)", "scalar", "Removes whitespace from the beginning and end of a string"},
      {"truncate", "double", "double", "scalar", "Round toward zero"},
      {"typeof", "varchar", "T", "scalar", "The type of the argument"},
      {"upper", "varchar(x)", "varchar(x)", "scalar", "Converts the string to upper case"},
      {"version", "varchar", "", "scalar", "The server's version"},
      {"week", "bigint", "T", "scalar", "ISO week of the year"},
      {"year", "bigint", "T", "scalar", "Year of the given date or timestamp"},
      {"year_of_week", "bigint", "T", "scalar", "ISO year of the week"},
  };
  return functions;
}

bool IsWrite(const sql::StatementVariant& node) {
  return std::holds_alternative<sql::Insert>(node) || std::holds_alternative<sql::CreateTable>(node) ||
         std::holds_alternative<sql::CreateTableAsSelect>(node) || std::holds_alternative<sql::DropTable>(node) ||
         std::holds_alternative<sql::AlterTable>(node) || std::holds_alternative<sql::CreateSchema>(node) ||
         std::holds_alternative<sql::DropSchema>(node);
}

// A metrics bound as an engine value, or nullopt when it cannot be shown.
std::optional<Value> BoundValue(const iceberg::Type& type, const std::string& bytes, const SqlType& sql_type) {
  if (sql_type.is_string() || sql_type.kind == SqlTypeKind::kVarbinary || sql_type.kind == SqlTypeKind::kBoolean) {
    return std::nullopt;  // Trino shows no low/high for these
  }
  auto literal = iceberg::FromBinary(type, bytes);
  if (!literal.ok() || literal->is_null()) return std::nullopt;
  return std::visit(
      [&](const auto& x) -> std::optional<Value> {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, int32_t> || std::is_same_v<X, int64_t>) {
          return Value::Integer(x);
        } else if constexpr (std::is_same_v<X, float> || std::is_same_v<X, double>) {
          return Value::Double(static_cast<double>(x));
        } else if constexpr (std::is_same_v<X, iceberg::Decimal>) {
          return Value::Decimal(x.unscaled);
        } else {
          return std::nullopt;
        }
      },
      literal->value());
}

}  // namespace

// --- Transactions ---

std::string TransactionRegistry::Start(bool read_only) {
  std::string id = RandomUuid();
  std::lock_guard lock(mutex_);
  read_only_[id] = read_only;
  started_.push_back(id);
  while (started_.size() > kMaxOpen) {
    read_only_.erase(started_.front());
    started_.pop_front();
  }
  return id;
}

std::optional<bool> TransactionRegistry::IsReadOnly(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = read_only_.find(id);
  if (it == read_only_.end()) return std::nullopt;
  return it->second;
}

bool TransactionRegistry::End(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (read_only_.erase(id) == 0) return false;
  started_.erase(std::remove(started_.begin(), started_.end(), id), started_.end());
  return true;
}

bool IsSessionStatement(const sql::StatementVariant& node) {
  return std::holds_alternative<sql::SetSession>(node) || std::holds_alternative<sql::ResetSession>(node) ||
         std::holds_alternative<sql::ShowSession>(node) || std::holds_alternative<sql::ShowFunctions>(node) ||
         std::holds_alternative<sql::ShowStats>(node) || std::holds_alternative<sql::StartTransaction>(node) ||
         std::holds_alternative<sql::Commit>(node) || std::holds_alternative<sql::Rollback>(node) ||
         std::holds_alternative<sql::Prepare>(node) || std::holds_alternative<sql::Deallocate>(node);
}

Status CheckTransaction(const TransactionRegistry& transactions, const Session& session, const sql::Statement& statement) {
  if (!session.transaction_id) return Status::OK();
  std::optional<bool> read_only = transactions.IsReadOnly(*session.transaction_id);
  if (!read_only) {
    return sql::SqlErrorNoLocation(codes::kUnknownTransaction, "Unknown transaction ID: {}. Possibly expired? Commands ignored until end of transaction block",
                                   *session.transaction_id);
  }
  if (*read_only && IsWrite(statement.node)) {
    return sql::SqlError(codes::kReadOnlyViolation, statement.location, "Cannot execute write in a read-only transaction");
  }
  return Status::OK();
}

Result<std::string> BindPreparedStatement(const Session& session, const sql::ExecutePrepared& execute) {
  std::string text;
  if (execute.immediate) {
    text = *execute.immediate;
  } else {
    auto it = session.prepared_statements.find(execute.name.value);
    if (it == session.prepared_statements.end()) it = session.prepared_statements.find(Lower(execute.name.value));
    if (it == session.prepared_statements.end()) {
      return sql::SqlError(codes::kNotFound, execute.name.location, "Prepared statement not found: {}", execute.name.value);
    }
    text = it->second;
  }
  FLOE_ASSIGN_OR_RETURN(std::vector<sql::Token> tokens, sql::Tokenize(text));
  std::vector<size_t> parameters;
  for (const auto& token : tokens) {
    if (token.type == sql::TokenType::kOperator && token.upper == "?") parameters.push_back(token.offset);
  }
  if (parameters.size() != execute.parameters.size()) {
    return sql::SqlError(codes::kInvalidParameterUsage, execute.name.location,
                         "Incorrect number of parameters: expected {} but found {}", parameters.size(),
                         execute.parameters.size());
  }
  std::string bound;
  size_t copied = 0;
  for (size_t i = 0; i < parameters.size(); ++i) {
    bound.append(text, copied, parameters[i] - copied);
    bound += "(" + sql::FormatExpression(*execute.parameters[i]) + ")";
    copied = parameters[i] + 1;
  }
  bound.append(text, copied, std::string::npos);
  return bound;
}

// --- Statements ---

Result<std::unique_ptr<QueryResult>> SessionStatements::Run(const sql::Statement& statement) {
  NodeLocation location = statement.location;
  const auto& node = statement.node;
  if (auto* set = std::get_if<sql::SetSession>(&node)) return SetSession(*set);
  if (auto* reset = std::get_if<sql::ResetSession>(&node)) return ResetSession(*reset);
  if (auto* show = std::get_if<sql::ShowSession>(&node)) return ShowSession(*show);
  if (auto* show = std::get_if<sql::ShowFunctions>(&node)) return ShowFunctions(*show);
  if (auto* show = std::get_if<sql::ShowStats>(&node)) return ShowStats(*show);
  if (auto* start = std::get_if<sql::StartTransaction>(&node)) return StartTransaction(*start, location);
  if (std::holds_alternative<sql::Commit>(node)) return EndTransaction(true, location);
  if (std::holds_alternative<sql::Rollback>(node)) return EndTransaction(false, location);
  if (auto* prepare = std::get_if<sql::Prepare>(&node)) return Prepare(*prepare, location);
  if (auto* deallocate = std::get_if<sql::Deallocate>(&node)) return Deallocate(*deallocate);
  return sql::SqlError(codes::kNotSupported, location, "statement not supported");
}

Result<std::unique_ptr<QueryResult>> SessionStatements::SetSession(const sql::SetSession& set) {
  std::string name = PropertyName(set.name);
  FLOE_ASSIGN_OR_RETURN(auto bound, analyzer_.BindConstant(*set.value));
  FLOE_ASSIGN_OR_RETURN(Value value, EvaluateConstant(*bound, evaluation_));
  if (value.is_null()) {
    return sql::SqlError(codes::kInvalidSessionProperty, set.value->location, "Session property {} must not be null", name);
  }
  std::string text = FormatValue(value, bound->type);
  auto canonical = CheckSessionProperty(name, text);
  if (!canonical.ok()) {
    return sql::SqlError(codes::kInvalidSessionProperty, set.name.location(), "{}", canonical.status().message());
  }
  auto result = std::make_unique<SessionResult>("SET SESSION");
  result->update().set_properties[name] = *canonical;
  return Done(std::move(result));
}

Result<std::unique_ptr<QueryResult>> SessionStatements::ResetSession(const sql::ResetSession& reset) {
  std::string name = PropertyName(reset.name);
  bool known = false;
  for (const auto& info : SessionProperties()) known |= info.name == name;
  if (!known) {
    return sql::SqlError(codes::kInvalidSessionProperty, reset.name.location(), "Session property '{}' does not exist", name);
  }
  auto result = std::make_unique<SessionResult>("RESET SESSION");
  result->update().reset_properties.push_back(name);
  return Done(std::move(result));
}

Result<std::unique_ptr<QueryResult>> SessionStatements::ShowSession(const sql::ShowSession& show) {
  auto result = std::make_unique<SessionResult>("SHOW SESSION");
  for (std::string_view column : {"Name", "Value", "Default", "Type", "Description"}) {
    result->AddColumn(std::string(column), SqlType::Varchar());
  }
  for (const auto& info : SessionProperties()) {
    if (show.like && !Like(info.name, *show.like)) continue;
    std::string default_value(info.default_value);
    if (info.name == "query_max_memory") {
      // The server's limit is the default.
      int64_t bytes = configured_memory_bytes_;
      default_value = bytes % (int64_t{1} << 30) == 0   ? fmt::format("{}GB", bytes >> 30)
                      : bytes % (int64_t{1} << 20) == 0 ? fmt::format("{}MB", bytes >> 20)
                                                        : fmt::format("{}B", bytes);
    }
    auto set = session_.properties.find(std::string(info.name));
    std::string value = set == session_.properties.end() ? default_value : set->second;
    result->AddRow({Text(info.name), Text(value), Text(default_value), Text(info.type), Text(info.description)});
  }
  return Done(std::move(result));
}

Result<std::unique_ptr<QueryResult>> SessionStatements::ShowFunctions(const sql::ShowFunctions& show) {
  auto result = std::make_unique<SessionResult>("SHOW FUNCTIONS");
  for (std::string_view column : {"Function", "Return Type", "Argument Types", "Function Type"}) {
    result->AddColumn(std::string(column), SqlType::Varchar());
  }
  result->AddColumn("Deterministic", SqlType::Of(SqlTypeKind::kBoolean));
  result->AddColumn("Description", SqlType::Varchar());
  for (const auto& function : Functions()) {
    if (show.like && !Like(function.name, *show.like)) continue;
    bool deterministic = !function.name.starts_with("current_");
    result->AddRow({Text(function.name), Text(function.return_type), Text(function.argument_types),
                    Text(function.function_type), Value::Boolean(deterministic), Text(function.description)});
  }
  return Done(std::move(result));
}

Result<std::unique_ptr<QueryResult>> SessionStatements::ShowStats(const sql::ShowStats& show) {
  FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier identifier, analyzer_.ResolveTableName(show.table));
  FLOE_ASSIGN_OR_RETURN(auto table, analyzer_.LoadTable(identifier, show.table.location()));
  const iceberg::TableMetadata& metadata = *table.metadata;
  auto schema = metadata.CurrentSchema();
  iceberg::TableScan scan(engine_.file_io_, table.metadata);
  scan.IncludeColumnStats(true);
  FLOE_ASSIGN_OR_RETURN(iceberg::ScanPlan plan, scan.Plan());

  struct ColumnStats {
    int64_t size = 0;
    bool size_known = true;
    int64_t nulls = 0;
    bool nulls_known = true;
    std::optional<iceberg::Literal> low, high;
    bool bounds_known = true;
  };
  const auto& fields = schema->fields();
  std::vector<ColumnStats> stats(fields.size());
  int64_t rows = 0;
  for (const auto& task : plan.tasks) {
    const iceberg::DataFile& file = *task.data_file;
    rows += file.record_count;
    for (size_t c = 0; c < fields.size(); ++c) {
      const auto& field = fields[c];
      ColumnStats& column = stats[c];
      int32_t id = field.id;
      auto size = file.column_sizes.find(id);
      if (size == file.column_sizes.end()) column.size_known = false;
      else column.size += size->second;
      auto nulls = file.null_value_counts.find(id);
      if (nulls == file.null_value_counts.end()) column.nulls_known = false;
      else column.nulls += nulls->second;
      if (field.type->is_nested()) continue;
      bool all_null = nulls != file.null_value_counts.end() && nulls->second == file.record_count;
      auto lower = file.lower_bounds.find(id);
      auto upper = file.upper_bounds.find(id);
      if (lower == file.lower_bounds.end() || upper == file.upper_bounds.end()) {
        if (!all_null) column.bounds_known = false;
        continue;
      }
      auto low = iceberg::FromBinary(*field.type, lower->second);
      auto high = iceberg::FromBinary(*field.type, upper->second);
      if (!low.ok() || !high.ok() || low->is_null() || high->is_null()) {
        column.bounds_known = false;
        continue;
      }
      if (!column.low || iceberg::CompareLiterals(*low, *column.low) < 0) column.low = *low;
      if (!column.high || iceberg::CompareLiterals(*high, *column.high) > 0) column.high = *high;
    }
  }

  auto result = std::make_unique<SessionResult>("SHOW STATS");
  SqlType varchar = SqlType::Varchar();
  SqlType real_number = SqlType::Of(SqlTypeKind::kDouble);
  result->AddColumn("column_name", varchar);
  result->AddColumn("data_size", real_number);
  result->AddColumn("distinct_values_count", real_number);
  result->AddColumn("nulls_fraction", real_number);
  result->AddColumn("row_count", real_number);
  result->AddColumn("low_value", varchar);
  result->AddColumn("high_value", varchar);
  for (size_t c = 0; c < fields.size(); ++c) {
    const auto& field = fields[c];
    const ColumnStats& column = stats[c];
    auto sql_type = SqlTypeOfIceberg(*field.type, field.name);
    bool variable_width = sql_type.ok() && (sql_type->is_string() || sql_type->kind == SqlTypeKind::kVarbinary);
    Value data_size = variable_width && column.size_known ? Value::Double(static_cast<double>(column.size)) : Value::Null();
    Value nulls_fraction = Value::Null();
    if (rows == 0) data_size = Value::Null();  // an empty table has no statistics, as in Trino
    if (column.nulls_known && rows > 0) {
      nulls_fraction = Value::Double(rows == 0 ? 0.0 : static_cast<double>(column.nulls) / static_cast<double>(rows));
    }
    Value low = Value::Null(), high = Value::Null();
    if (sql_type.ok() && column.bounds_known && column.low && column.high) {
      auto low_bytes = iceberg::ToBinary(*field.type, *column.low);
      auto high_bytes = iceberg::ToBinary(*field.type, *column.high);
      if (low_bytes.ok() && high_bytes.ok()) {
        auto low_value = BoundValue(*field.type, *low_bytes, *sql_type);
        auto high_value = BoundValue(*field.type, *high_bytes, *sql_type);
        if (low_value && high_value) {
          low = Text(FormatValue(*low_value, *sql_type));
          high = Text(FormatValue(*high_value, *sql_type));
        }
      }
    }
    result->AddRow({Text(field.name), data_size, Value::Null(), nulls_fraction, Value::Null(), low, high});
  }
  result->AddRow({Value::Null(), Value::Null(), Value::Null(), Value::Null(), Value::Double(static_cast<double>(rows)),
                  Value::Null(), Value::Null()});
  return Done(std::move(result));
}

Result<std::unique_ptr<QueryResult>> SessionStatements::StartTransaction(const sql::StartTransaction& start,
                                                                         NodeLocation location) {
  if (session_.transaction_id) return sql::SqlError(codes::kNotSupported, location, "Nested transactions not supported");
  auto result = std::make_unique<SessionResult>("START TRANSACTION");
  result->update().started_transaction_id = engine_.transactions_->Start(start.read_only.value_or(false));
  return Done(std::move(result));
}

Result<std::unique_ptr<QueryResult>> SessionStatements::EndTransaction(bool commit, NodeLocation location) {
  if (!session_.transaction_id) return sql::SqlError(codes::kNotInTransaction, location, "No transaction in progress");
  engine_.transactions_->End(*session_.transaction_id);
  auto result = std::make_unique<SessionResult>(commit ? "COMMIT" : "ROLLBACK");
  result->update().clear_transaction_id = true;
  return Done(std::move(result));
}

Result<std::unique_ptr<QueryResult>> SessionStatements::Prepare(const sql::Prepare& prepare, NodeLocation location) {
  // Checked now, as Trino does: the statement parses once each `?` is a value.
  FLOE_ASSIGN_OR_RETURN(std::vector<sql::Token> tokens, sql::Tokenize(prepare.statement));
  std::string checked;
  size_t copied = 0;
  for (const auto& token : tokens) {
    if (token.type == sql::TokenType::kOperator && token.upper == "?") {
      checked.append(prepare.statement, copied, token.offset - copied);
      checked += "NULL";
      copied = token.offset + 1;
    }
  }
  checked.append(prepare.statement, copied, std::string::npos);
  FLOE_ASSIGN_OR_RETURN(sql::Statement inner, sql::ParseStatement(checked));
  if (std::holds_alternative<sql::Prepare>(inner.node) || std::holds_alternative<sql::ExecutePrepared>(inner.node) ||
      std::holds_alternative<sql::Deallocate>(inner.node)) {
    return sql::SqlError(codes::kNotSupported, location, "Invalid statement type for prepared statement: {}",
                         std::holds_alternative<sql::Prepare>(inner.node)   ? "PREPARE"
                         : std::holds_alternative<sql::Deallocate>(inner.node) ? "DEALLOCATE"
                                                                               : "EXECUTE");
  }
  auto result = std::make_unique<SessionResult>("PREPARE");
  result->update().added_prepared_statements[prepare.name.value] = prepare.statement;
  return Done(std::move(result));
}

Result<std::unique_ptr<QueryResult>> SessionStatements::Deallocate(const sql::Deallocate& deallocate) {
  if (!session_.prepared_statements.contains(deallocate.name.value)) {
    return sql::SqlError(codes::kNotFound, deallocate.name.location, "Prepared statement not found: {}", deallocate.name.value);
  }
  auto result = std::make_unique<SessionResult>("DEALLOCATE");
  result->update().deallocated_prepared_statements.push_back(deallocate.name.value);
  return Done(std::move(result));
}

}  // namespace floe::engine
