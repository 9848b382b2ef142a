// Works around a lifetime bug in floe/common/status.h (to be fixed there):
// FLOE_RETURN_IF_ERROR(f()) binds `auto&&` to ToStatus(const Status&)'s
// returned reference, which refers to f()'s temporary Status and dangles at
// the end of the declaration (AddressSanitizer: stack-use-after-scope). This
// rvalue overload returns the Status by value, so the macro keeps it alive.
// Included by every floe_parquet source before using the macro. Delete this
// file once common/status.h declares the same overload.
#pragma once

#include <utility>

#include "floe/common/status.h"

#ifndef FLOE_STATUS_HAS_RVALUE_TO_STATUS
#define FLOE_STATUS_HAS_RVALUE_TO_STATUS 1
namespace floe::internal {
inline Status ToStatus(Status&& status) { return std::move(status); }
}  // namespace floe::internal
#endif
