// `floe inspect files PATH`: the planned scan (replaced once scan planning lands).
#include "inspect_command_internal.h"

namespace floe::cli {

int InspectFiles(const InspectOptions& options) {
  return Fail(NotImplemented("inspect files: scan planning is not part of this build yet"));
}

}  // namespace floe::cli
