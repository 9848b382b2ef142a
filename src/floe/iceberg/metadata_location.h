// Locating a table's metadata files from its directory, and naming new ones.
//
// A catalog knows each table's current metadata file. Tools that are handed
// only a table directory (`floe inspect`, registering an existing table) find
// it here, the way Hadoop-style catalogs do:
//   1. `metadata/version-hint.text` names a version N: `vN.metadata.json`
//      (or `vN.gz.metadata.json`, or a numbered `0000N-<uuid>.metadata.json`);
//   2. otherwise the highest version among `metadata/*.metadata.json`, where
//      the version is the leading number of `00005-<uuid>.metadata.json` or
//      of `v5.metadata.json`;
//   3. ties and unnumbered names fall back to the most recently modified.
// Thread-safe: stateless functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "floe/common/result.h"
#include "floe/io/file_io.h"

namespace floe::iceberg {

// The version number encoded in a metadata file name, or nullopt.
// "00012-6b9c....metadata.json" -> 12, "v3.metadata.json" -> 3, "v3.gz.metadata.json" -> 3.
std::optional<int64_t> MetadataFileVersion(std::string_view location);

// Resolves PATH (a metadata file, or a table directory) to the table's
// current metadata file. kNotFound when the directory holds no metadata.
Result<std::string> ResolveMetadataLocation(io::FileIO& file_io, std::string_view path);

}  // namespace floe::iceberg
