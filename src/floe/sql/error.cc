#include "floe/sql/error.h"

#include <array>
#include <charconv>

namespace floe::sql {

namespace {

constexpr std::array kKnownCodes = {
    error_codes::kGenericUserError,       error_codes::kSyntaxError,
    error_codes::kUserCanceled,           error_codes::kNotFound,
    error_codes::kFunctionNotFound,       error_codes::kInvalidFunctionArgument,
    error_codes::kDivisionByZero,         error_codes::kInvalidCastArgument,
    error_codes::kOperatorNotFound,       error_codes::kAlreadyExists,
    error_codes::kNotSupported,           error_codes::kInvalidTableProperty,
    error_codes::kNumericValueOutOfRange, error_codes::kSubqueryMultipleRows,
    error_codes::kInvalidSchemaProperty,  error_codes::kSchemaNotEmpty,
    error_codes::kTypeNotFound,           error_codes::kCatalogNotFound,
    error_codes::kSchemaNotFound,         error_codes::kTableNotFound,
    error_codes::kColumnNotFound,         error_codes::kSchemaAlreadyExists,
    error_codes::kTableAlreadyExists,     error_codes::kColumnAlreadyExists,
    error_codes::kDuplicateColumnName,    error_codes::kMissingSchemaName,
    error_codes::kDuplicateNamedQuery,
    error_codes::kTypeMismatch,           error_codes::kInvalidLiteral,
    error_codes::kAmbiguousName,          error_codes::kMissingGroupBy,
    error_codes::kNestedAggregation,      error_codes::kExpressionNotAggregate,
    error_codes::kExpressionNotConstant,  error_codes::kInvalidArguments,
    error_codes::kDuplicateProperty,      error_codes::kInvalidColumnReference,
    error_codes::kInvalidWindowFrame,     error_codes::kMissingOrderBy,
    error_codes::kNestedWindow,           error_codes::kFunctionNotWindow,
    error_codes::kMissingOver,            error_codes::kNullTreatmentNotAllowed,
    error_codes::kGenericInternalError,   error_codes::kExceededLocalMemoryLimit,
    error_codes::kProcedureNotFound,      error_codes::kInvalidProcedureArgument,
    error_codes::kInvalidSessionProperty, error_codes::kUnknownTransaction,
    error_codes::kNotInTransaction,       error_codes::kReadOnlyViolation,
    error_codes::kInvalidParameterUsage,
};

ErrorKind KindOf(const ErrorCode& code) {
  if (code.type == ErrorType::kInternalError) return ErrorKind::kInternal;
  if (code.name == error_codes::kNotSupported.name) return ErrorKind::kNotImplemented;
  if (code.name == error_codes::kTableNotFound.name) return ErrorKind::kNoSuchTable;
  if (code.name == error_codes::kSchemaNotFound.name) return ErrorKind::kNoSuchNamespace;
  if (code.name == error_codes::kCatalogNotFound.name) return ErrorKind::kNotFound;
  if (code.name == error_codes::kSchemaAlreadyExists.name || code.name == error_codes::kTableAlreadyExists.name ||
      code.name == error_codes::kAlreadyExists.name) {
    return ErrorKind::kAlreadyExists;
  }
  if (code.name == error_codes::kSchemaNotEmpty.name) return ErrorKind::kNamespaceNotEmpty;
  return ErrorKind::kBadRequest;
}

ErrorCode CodeOfKind(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNoSuchTable: return error_codes::kTableNotFound;
    case ErrorKind::kNoSuchNamespace: return error_codes::kSchemaNotFound;
    case ErrorKind::kAlreadyExists: return error_codes::kAlreadyExists;
    case ErrorKind::kNamespaceNotEmpty: return error_codes::kSchemaNotEmpty;
    case ErrorKind::kNotImplemented:
    case ErrorKind::kUnsupportedOperation: return error_codes::kNotSupported;
    case ErrorKind::kBadRequest:
    case ErrorKind::kUnprocessableEntity: return error_codes::kGenericUserError;
    case ErrorKind::kNotFound: return error_codes::kNotFound;
    default: return error_codes::kGenericInternalError;
  }
}

// Parses "line L:C: " at the start of `message`.
std::optional<NodeLocation> ParseLocation(std::string_view message) {
  if (!message.starts_with("line ")) return std::nullopt;
  const char* p = message.data() + 5;
  const char* end = message.data() + message.size();
  NodeLocation location;
  auto [after_line, line_error] = std::from_chars(p, end, location.line);
  if (line_error != std::errc() || after_line == end || *after_line != ':') return std::nullopt;
  auto [after_column, column_error] = std::from_chars(after_line + 1, end, location.column);
  if (column_error != std::errc() || after_column == end || *after_column != ':') return std::nullopt;
  return location;
}

}  // namespace

std::string_view ErrorTypeName(ErrorType type) {
  switch (type) {
    case ErrorType::kUserError: return "USER_ERROR";
    case ErrorType::kInternalError: return "INTERNAL_ERROR";
    case ErrorType::kInsufficientResources: return "INSUFFICIENT_RESOURCES";
    case ErrorType::kExternal: return "EXTERNAL";
  }
  return "USER_ERROR";
}

Status MakeError(const ErrorCode& code, std::optional<NodeLocation> location, std::string message) {
  if (location) message = fmt::format("line {}:{}: {}", location->line, location->column, message);
  return Status(KindOf(code), std::move(message)).WithCode(std::string(code.name));
}

QueryError DescribeError(const Status& status) {
  QueryError error;
  ErrorCode code = CodeOfKind(status.kind());
  if (!status.code().empty()) {
    for (const ErrorCode& known : kKnownCodes) {
      if (known.name == status.code()) code = known;
    }
  }
  error.error_name = std::string(code.name);
  error.error_code = code.code;
  error.error_type = std::string(ErrorTypeName(code.type));
  error.message = status.message();
  error.location = ParseLocation(error.message);
  return error;
}

}  // namespace floe::sql
