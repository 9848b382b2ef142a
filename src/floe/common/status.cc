#include "floe/common/status.h"

namespace floe {

Status::Status(ErrorKind kind, std::string message) {
  if (kind != ErrorKind::kOk) state_ = std::make_shared<const State>(State{kind, std::move(message), {}});
}

const std::string& Status::code() const {
  static const std::string kEmpty;
  return state_ ? state_->code : kEmpty;
}

Status Status::WithCode(std::string code) const {
  if (ok()) return *this;
  Status result;
  result.state_ = std::make_shared<const State>(State{kind(), message(), std::move(code)});
  return result;
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return fmt::format("{}: {}", ErrorKindName(kind()), message());
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(kind(), fmt::format("{}: {}", context, message())).WithCode(code());
}

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kOk: return "OK";
    case ErrorKind::kBadRequest: return "BadRequest";
    case ErrorKind::kNotAuthorized: return "NotAuthorized";
    case ErrorKind::kForbidden: return "Forbidden";
    case ErrorKind::kNoSuchNamespace: return "NoSuchNamespace";
    case ErrorKind::kNoSuchTable: return "NoSuchTable";
    case ErrorKind::kNoSuchView: return "NoSuchView";
    case ErrorKind::kNotFound: return "NotFound";
    case ErrorKind::kUnsupportedOperation: return "UnsupportedOperation";
    case ErrorKind::kAlreadyExists: return "AlreadyExists";
    case ErrorKind::kNamespaceNotEmpty: return "NamespaceNotEmpty";
    case ErrorKind::kCommitFailed: return "CommitFailed";
    case ErrorKind::kUnprocessableEntity: return "UnprocessableEntity";
    case ErrorKind::kCommitStateUnknown: return "CommitStateUnknown";
    case ErrorKind::kServiceUnavailable: return "ServiceUnavailable";
    case ErrorKind::kIOError: return "IOError";
    case ErrorKind::kInvalidData: return "InvalidData";
    case ErrorKind::kNotImplemented: return "NotImplemented";
    case ErrorKind::kInternal: return "Internal";
  }
  return "Unknown";
}

int HttpStatusOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kOk: return 200;
    case ErrorKind::kBadRequest: return 400;
    case ErrorKind::kNotAuthorized: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNoSuchNamespace:
    case ErrorKind::kNoSuchTable:
    case ErrorKind::kNoSuchView:
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kUnsupportedOperation: return 406;
    case ErrorKind::kAlreadyExists:
    case ErrorKind::kNamespaceNotEmpty:
    case ErrorKind::kCommitFailed: return 409;
    case ErrorKind::kUnprocessableEntity: return 422;
    case ErrorKind::kNotImplemented: return 501;
    case ErrorKind::kServiceUnavailable: return 503;
    case ErrorKind::kCommitStateUnknown:
    case ErrorKind::kIOError:
    case ErrorKind::kInvalidData:
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

std::string_view RestErrorTypeOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kOk: return "";
    case ErrorKind::kBadRequest: return "BadRequestException";
    case ErrorKind::kNotAuthorized: return "NotAuthorizedException";
    case ErrorKind::kForbidden: return "ForbiddenException";
    case ErrorKind::kNoSuchNamespace: return "NoSuchNamespaceException";
    case ErrorKind::kNoSuchTable: return "NoSuchTableException";
    case ErrorKind::kNoSuchView: return "NoSuchViewException";
    case ErrorKind::kNotFound: return "NotFoundException";
    case ErrorKind::kUnsupportedOperation: return "UnsupportedOperationException";
    case ErrorKind::kAlreadyExists: return "AlreadyExistsException";
    case ErrorKind::kNamespaceNotEmpty: return "NamespaceNotEmptyException";
    case ErrorKind::kCommitFailed: return "CommitFailedException";
    case ErrorKind::kUnprocessableEntity: return "UnprocessableEntityException";
    case ErrorKind::kCommitStateUnknown: return "CommitStateUnknownException";
    case ErrorKind::kServiceUnavailable: return "ServiceUnavailableException";
    case ErrorKind::kNotImplemented: return "NotImplementedException";
    case ErrorKind::kIOError:
    case ErrorKind::kInvalidData:
    case ErrorKind::kInternal: return "InternalServerError";
  }
  return "InternalServerError";
}

}  // namespace floe
