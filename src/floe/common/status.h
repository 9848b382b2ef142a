// Status: the outcome of an operation that returns no value.
//
// Contract: every fallible function at a module boundary returns Status or
// Result<T> (result.h); exceptions never cross a public floe API. An error
// carries an ErrorKind that maps one-to-one onto the Iceberg REST error types
// (see HttpStatusOf / RestErrorTypeOf) plus a message a user can act on.
// Status is a cheap value type: OK holds no allocation.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace floe {

enum class ErrorKind {
  kOk = 0,
  // REST catalog error types (rest-catalog-open-api.yaml).
  kBadRequest,            // 400 BadRequestException: malformed or invalid input
  kNotAuthorized,         // 401 NotAuthorizedException
  kForbidden,             // 403 ForbiddenException
  kNoSuchNamespace,       // 404 NoSuchNamespaceException
  kNoSuchTable,           // 404 NoSuchTableException
  kNoSuchView,            // 404 NoSuchViewException
  kNotFound,              // 404 NotFoundException (a file or other resource)
  kUnsupportedOperation,  // 406 UnsupportedOperationException
  kAlreadyExists,         // 409 AlreadyExistsException
  kNamespaceNotEmpty,     // 409 NamespaceNotEmptyException
  kCommitFailed,          // 409 CommitFailedException: a requirement failed; retryable
  kUnprocessableEntity,   // 422 UnprocessableEntityException
  kCommitStateUnknown,    // 500 CommitStateUnknownException
  kServiceUnavailable,    // 503 ServiceUnavailableException
  // Internal kinds (all surface as 500 unless a caller maps them).
  kIOError,               // the storage failed (disk full, permission, network)
  kInvalidData,           // a file or document is corrupt or violates its format
  kNotImplemented,        // a valid feature floe does not support yet
  kInternal,              // a bug: an invariant was broken
};

std::string_view ErrorKindName(ErrorKind kind);
// HTTP status for a kind, as the REST spec assigns it.
int HttpStatusOf(ErrorKind kind);
// The REST `IcebergErrorResponse.error.type` string for a kind.
std::string_view RestErrorTypeOf(ErrorKind kind);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(ErrorKind kind, std::string message);

  static Status OK() { return Status(); }

  bool ok() const { return state_ == nullptr; }
  ErrorKind kind() const { return state_ ? state_->kind : ErrorKind::kOk; }
  const std::string& message() const;
  // "Kind: message", for logs and CLI output.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

  // An optional finer-grained error name from the layer that raised the
  // error, beside the kind: the SQL layer's Trino error names
  // ("SYNTAX_ERROR", "TABLE_NOT_FOUND", ...). Empty unless set; kept by
  // WithContext. WithCode on an OK status returns it unchanged.
  const std::string& code() const;
  Status WithCode(std::string code) const;

  // Explicitly drops an error (searchable, like RocksDB's PermitUncheckedError).
  void IgnoreError() const {}

 private:
  struct State {
    ErrorKind kind;
    std::string message;
    std::string code;
  };
  std::shared_ptr<const State> state_;
};

// Error constructors with fmt-style formatting: Invalid("bad {}", x).
#define FLOE_DEFINE_ERROR_FACTORY(Name, Kind)                                     \
  template <typename... Args>                                                     \
  Status Name(fmt::format_string<Args...> format, Args&&... args) {               \
    return Status(ErrorKind::Kind, fmt::format(format, std::forward<Args>(args)...)); \
  }
FLOE_DEFINE_ERROR_FACTORY(BadRequest, kBadRequest)
FLOE_DEFINE_ERROR_FACTORY(NotAuthorized, kNotAuthorized)
FLOE_DEFINE_ERROR_FACTORY(Forbidden, kForbidden)
FLOE_DEFINE_ERROR_FACTORY(NoSuchNamespace, kNoSuchNamespace)
FLOE_DEFINE_ERROR_FACTORY(NoSuchTable, kNoSuchTable)
FLOE_DEFINE_ERROR_FACTORY(NoSuchView, kNoSuchView)
FLOE_DEFINE_ERROR_FACTORY(NotFound, kNotFound)
FLOE_DEFINE_ERROR_FACTORY(UnsupportedOperation, kUnsupportedOperation)
FLOE_DEFINE_ERROR_FACTORY(AlreadyExists, kAlreadyExists)
FLOE_DEFINE_ERROR_FACTORY(NamespaceNotEmpty, kNamespaceNotEmpty)
FLOE_DEFINE_ERROR_FACTORY(CommitFailed, kCommitFailed)
FLOE_DEFINE_ERROR_FACTORY(UnprocessableEntity, kUnprocessableEntity)
FLOE_DEFINE_ERROR_FACTORY(CommitStateUnknown, kCommitStateUnknown)
FLOE_DEFINE_ERROR_FACTORY(ServiceUnavailable, kServiceUnavailable)
FLOE_DEFINE_ERROR_FACTORY(IOError, kIOError)
FLOE_DEFINE_ERROR_FACTORY(InvalidData, kInvalidData)
FLOE_DEFINE_ERROR_FACTORY(NotImplemented, kNotImplemented)
FLOE_DEFINE_ERROR_FACTORY(Internal, kInternal)
#undef FLOE_DEFINE_ERROR_FACTORY

}  // namespace floe

// Returns from the enclosing function if `expr` (a Status or Result) failed.
// The Status is copied: `expr` may be a temporary that dies with the statement.
#define FLOE_RETURN_IF_ERROR(expr)                                  \
  do {                                                              \
    ::floe::Status floe_status_ = ::floe::internal::ToStatus(expr); \
    if (!floe_status_.ok()) return floe_status_;                    \
  } while (0)

namespace floe::internal {
inline const Status& ToStatus(const Status& s) { return s; }
}  // namespace floe::internal
