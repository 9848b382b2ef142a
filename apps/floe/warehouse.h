// The warehouse location the commands (serve, sql, bench) start from.
#pragma once

#include <string>

#include "floe/common/result.h"

namespace floe::cli {

// A local warehouse directory is created when missing and returned absolute
// and normalised, without a trailing '/'; other locations (s3://...) are
// returned as given. Errors: kIOError "cannot create the warehouse
// directory DIR: reason".
Result<std::string> PrepareWarehouse(std::string warehouse);

}  // namespace floe::cli
