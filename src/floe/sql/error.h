// Trino's error shape on floe Status values.
//
// Every error the SQL layers return names one of Trino's standard error
// codes (io.trino.spi.StandardErrorCode): the name goes in Status::code(),
// and the message starts with "line L:C: " when the error has a position in
// the statement, exactly as Trino's messages do. DescribeError recovers the
// full shape (errorName, errorCode, errorType, message, errorLocation) for
// the CLI and the Trino client protocol.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "floe/common/status.h"
#include "floe/sql/ast.h"

namespace floe::sql {

enum class ErrorType : uint8_t { kUserError, kInternalError, kInsufficientResources, kExternal };

struct ErrorCode {
  std::string_view name;
  int32_t code = 0;
  ErrorType type = ErrorType::kUserError;
};

// The codes floe raises, with Trino's numbers.
namespace error_codes {
inline constexpr ErrorCode kGenericUserError{"GENERIC_USER_ERROR", 0};
inline constexpr ErrorCode kSyntaxError{"SYNTAX_ERROR", 1};
inline constexpr ErrorCode kUserCanceled{"USER_CANCELED", 3};
inline constexpr ErrorCode kNotFound{"NOT_FOUND", 5};
inline constexpr ErrorCode kFunctionNotFound{"FUNCTION_NOT_FOUND", 6};
inline constexpr ErrorCode kInvalidFunctionArgument{"INVALID_FUNCTION_ARGUMENT", 7};
inline constexpr ErrorCode kDivisionByZero{"DIVISION_BY_ZERO", 8};
inline constexpr ErrorCode kInvalidCastArgument{"INVALID_CAST_ARGUMENT", 9};
inline constexpr ErrorCode kOperatorNotFound{"OPERATOR_NOT_FOUND", 10};
inline constexpr ErrorCode kAlreadyExists{"ALREADY_EXISTS", 12};
inline constexpr ErrorCode kNotSupported{"NOT_SUPPORTED", 13};
inline constexpr ErrorCode kInvalidSessionProperty{"INVALID_SESSION_PROPERTY", 14};
inline constexpr ErrorCode kInvalidTableProperty{"INVALID_TABLE_PROPERTY", 18};
inline constexpr ErrorCode kUnknownTransaction{"UNKNOWN_TRANSACTION", 20};
inline constexpr ErrorCode kNotInTransaction{"NOT_IN_TRANSACTION", 21};
inline constexpr ErrorCode kReadOnlyViolation{"READ_ONLY_VIOLATION", 23};
inline constexpr ErrorCode kNumericValueOutOfRange{"NUMERIC_VALUE_OUT_OF_RANGE", 19};
inline constexpr ErrorCode kSubqueryMultipleRows{"SUBQUERY_MULTIPLE_ROWS", 28};
inline constexpr ErrorCode kProcedureNotFound{"PROCEDURE_NOT_FOUND", 29};
inline constexpr ErrorCode kInvalidProcedureArgument{"INVALID_PROCEDURE_ARGUMENT", 30};
inline constexpr ErrorCode kInvalidSchemaProperty{"INVALID_SCHEMA_PROPERTY", 33};
inline constexpr ErrorCode kSchemaNotEmpty{"SCHEMA_NOT_EMPTY", 34};
inline constexpr ErrorCode kTypeNotFound{"TYPE_NOT_FOUND", 43};
inline constexpr ErrorCode kCatalogNotFound{"CATALOG_NOT_FOUND", 44};
inline constexpr ErrorCode kSchemaNotFound{"SCHEMA_NOT_FOUND", 45};
inline constexpr ErrorCode kTableNotFound{"TABLE_NOT_FOUND", 46};
inline constexpr ErrorCode kColumnNotFound{"COLUMN_NOT_FOUND", 47};
inline constexpr ErrorCode kSchemaAlreadyExists{"SCHEMA_ALREADY_EXISTS", 49};
inline constexpr ErrorCode kTableAlreadyExists{"TABLE_ALREADY_EXISTS", 50};
inline constexpr ErrorCode kColumnAlreadyExists{"COLUMN_ALREADY_EXISTS", 51};
inline constexpr ErrorCode kDuplicateNamedQuery{"DUPLICATE_NAMED_QUERY", 53};
inline constexpr ErrorCode kDuplicateColumnName{"DUPLICATE_COLUMN_NAME", 54};
inline constexpr ErrorCode kMissingSchemaName{"MISSING_SCHEMA_NAME", 57};
inline constexpr ErrorCode kTypeMismatch{"TYPE_MISMATCH", 58};
inline constexpr ErrorCode kInvalidLiteral{"INVALID_LITERAL", 59};
inline constexpr ErrorCode kAmbiguousName{"AMBIGUOUS_NAME", 62};
inline constexpr ErrorCode kMissingGroupBy{"MISSING_GROUP_BY", 64};
inline constexpr ErrorCode kNestedAggregation{"NESTED_AGGREGATION", 67};
inline constexpr ErrorCode kExpressionNotAggregate{"EXPRESSION_NOT_AGGREGATE", 73};
inline constexpr ErrorCode kExpressionNotConstant{"EXPRESSION_NOT_CONSTANT", 75};
inline constexpr ErrorCode kInvalidArguments{"INVALID_ARGUMENTS", 76};
inline constexpr ErrorCode kDuplicateProperty{"DUPLICATE_PROPERTY", 79};
inline constexpr ErrorCode kInvalidParameterUsage{"INVALID_PARAMETER_USAGE", 80};
inline constexpr ErrorCode kInvalidColumnReference{"INVALID_COLUMN_REFERENCE", 63};
inline constexpr ErrorCode kInvalidWindowFrame{"INVALID_WINDOW_FRAME", 15};
inline constexpr ErrorCode kMissingOrderBy{"MISSING_ORDER_BY", 65};
inline constexpr ErrorCode kMissingOver{"MISSING_OVER", 66};
inline constexpr ErrorCode kNestedWindow{"NESTED_WINDOW", 68};
inline constexpr ErrorCode kFunctionNotWindow{"FUNCTION_NOT_WINDOW", 71};
inline constexpr ErrorCode kNullTreatmentNotAllowed{"NULL_TREATMENT_NOT_ALLOWED", 83};
inline constexpr ErrorCode kGenericInternalError{"GENERIC_INTERNAL_ERROR", 65536, ErrorType::kInternalError};
inline constexpr ErrorCode kExceededLocalMemoryLimit{"EXCEEDED_LOCAL_MEMORY_LIMIT", 131079,
                                                     ErrorType::kInsufficientResources};
}  // namespace error_codes

std::string_view ErrorTypeName(ErrorType type);  // "USER_ERROR", "INTERNAL_ERROR", ...

// A Status for `code` with Trino's message "line L:C: <message>" (no prefix
// without a location). The kind follows the code: NOT_SUPPORTED ->
// kNotImplemented, *_NOT_FOUND -> kNoSuchTable / kNoSuchNamespace /
// kNotFound, *_ALREADY_EXISTS -> kAlreadyExists, internal -> kInternal,
// other user errors -> kBadRequest.
Status MakeError(const ErrorCode& code, std::optional<NodeLocation> location, std::string message);

template <typename... Args>
Status SqlError(const ErrorCode& code, NodeLocation location, fmt::format_string<Args...> format, Args&&... args) {
  return MakeError(code, location, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
Status SqlErrorNoLocation(const ErrorCode& code, fmt::format_string<Args...> format, Args&&... args) {
  return MakeError(code, std::nullopt, fmt::format(format, std::forward<Args>(args)...));
}

// The Trino error shape of any Status: the code set by MakeError, or one
// derived from the kind for errors of other layers (kNoSuchTable ->
// TABLE_NOT_FOUND, kIOError -> GENERIC_INTERNAL_ERROR, ...).
struct QueryError {
  std::string error_name;
  int32_t error_code = 0;
  std::string error_type;  // "USER_ERROR", ...
  std::string message;
  std::optional<NodeLocation> location;  // parsed from the "line L:C: " prefix
};
QueryError DescribeError(const Status& status);

}  // namespace floe::sql
