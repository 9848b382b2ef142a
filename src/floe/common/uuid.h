// Random (version 4) UUIDs, RFC 9562 section 5.4.
//
// Used for table and view UUIDs and for metadata file names
// (`00001-<uuid>.metadata.json`). Thread-safe: each thread draws from its own
// generator, seeded once from std::random_device.
#pragma once

#include <string>
#include <string_view>

namespace floe {

// A new random UUID in canonical lowercase text form:
// "xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx" where Y is one of 8, 9, a, b.
std::string RandomUuid();

// Whether `text` is a UUID in canonical 8-4-4-4-12 hexadecimal form (any case).
bool IsUuid(std::string_view text);

}  // namespace floe
