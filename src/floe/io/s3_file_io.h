// S3FileIO: the FileIO contract (file_io.h) over an S3-compatible store.
//
// Locations are s3://bucket/key (s3a:// and s3n:// too); listed locations keep
// the scheme of the prefix. Configuration: S3Options (s3_client.h), i.e. the
// Iceberg S3FileIO properties s3.endpoint, s3.path-style-access,
// client.region, s3.access-key-id, s3.secret-access-key, s3.session-token,
// then the AWS_* environment variables.
//
// How the contract maps onto S3:
// - Reads: OpenInput HEADs the object (missing: kNotFound); ReadAt is a
//   ranged GET, split into `s3.read.chunk-size` chunks fetched in parallel
//   when large; ReadRanges fetches its ranges in parallel
//   (`s3.read.parallelism` at a time).
// - Writes: bytes are buffered up to `s3.multipart.size`; a file that stays
//   smaller is one PUT on Close(), a larger one a multipart upload whose parts
//   are uploaded as the writer fills them. Any failure (and Abort(), and
//   destroying an unclosed file) aborts the multipart upload, so S3 never
//   shows a partial object.
// - kFailIfExists sends `If-None-Match: *` (AWS S3 and MinIO refuse to
//   overwrite with 412, reported as kAlreadyExists). A store that answers
//   501 NotImplemented (Swift's s3api) is remembered and gets HEAD-then-PUT
//   instead; stores that silently ignore the header need
//   `s3.write.check-exists=true` for the same HEAD. HEAD-then-PUT is not
//   atomic: there the catalog's compare-and-swap on the metadata pointer is
//   what keeps commits safe (metadata file names are unique per commit).
// - DeleteMany uses DeleteObjects in batches of 1,000 keys; List uses
//   ListObjectsV2 with continuation tokens.
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "floe/io/file_io.h"
#include "floe/io/s3_client.h"

namespace floe::io {

class S3FileIO final : public FileIO {
 public:
  explicit S3FileIO(S3Options options);
  // From Iceberg-style properties (S3Options::FromProperties).
  static Result<std::shared_ptr<S3FileIO>> Make(const std::map<std::string, std::string>& properties);

  const S3Options& options() const { return client_->options(); }

  Result<std::unique_ptr<InputFile>> OpenInput(std::string_view location) override;
  Result<std::unique_ptr<OutputFile>> CreateOutput(std::string_view location, WriteMode mode) override;
  Status Delete(std::string_view location) override;
  Status DeleteMany(const std::vector<std::string>& locations) override;
  Result<bool> Exists(std::string_view location) override;
  Result<std::vector<FileInfo>> List(std::string_view prefix) override;

  // Checks that the bucket of `location` exists and these credentials may
  // list it (one ListObjectsV2 of at most one key). For readiness probes.
  Status CheckReachable(std::string_view location);

 private:
  std::shared_ptr<S3Client> client_;
};

}  // namespace floe::io
