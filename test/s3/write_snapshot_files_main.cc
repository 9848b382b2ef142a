// Writes the files of an append snapshot to S3 through S3FileIO, for the
// `floe serve` end-to-end test (serve_s3_test.sh): one data file's manifest
// and the manifest list, for a table whose schema is {1: id long}.
//
// Usage: s3_write_snapshot_files TABLE_LOCATION SNAPSHOT_ID
// S3 settings come from FLOE_S3_ENDPOINT, FLOE_S3_REGION,
// FLOE_S3_ACCESS_KEY_ID and FLOE_S3_SECRET_ACCESS_KEY (test/s3/with_*.sh).
// Prints the manifest list location.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/io/s3_file_io.h"
#include "floe/io/s3_test_environment.h"

namespace floe::iceberg {
namespace {

Result<std::string> Run(const std::string& table, int64_t snapshot_id) {
  auto properties = io::S3TestProperties();
  if (!properties) return BadRequest("FLOE_S3_ENDPOINT is not set");
  FLOE_ASSIGN_OR_RETURN(auto s3, io::S3FileIO::Make(*properties));
  NestedField id;
  id.id = 1;
  id.name = "id";
  id.type = PrimitiveType::Get(TypeId::kLong);
  id.required = true;
  FLOE_ASSIGN_OR_RETURN(SchemaPtr schema, Schema::Make(0, {id}));
  // The data file the snapshot adds.
  std::string data_location = fmt::format("{}/data/00000-{}.parquet", table, snapshot_id);
  std::string data = "PAR1 placeholder bytes of a data file PAR1";
  FLOE_RETURN_IF_ERROR(s3->WriteFile(data_location, data, io::WriteMode::kFailIfExists));
  ManifestWriterOptions options;
  options.format_version = 2;
  options.snapshot_id = snapshot_id;
  std::string manifest_location = fmt::format("{}/metadata/manifest-{}-m0.avro", table, snapshot_id);
  FLOE_ASSIGN_OR_RETURN(auto writer,
                        ManifestWriter::Open(*s3, manifest_location, PartitionSpec::Unpartitioned(), schema, options));
  DataFile file;
  file.file_path = data_location;
  file.record_count = 3;
  file.file_size_in_bytes = static_cast<int64_t>(data.size());
  FLOE_RETURN_IF_ERROR(writer->Add(file));
  FLOE_ASSIGN_OR_RETURN(ManifestFile manifest, writer->Close());
  ManifestListWriterOptions list_options;
  list_options.format_version = 2;
  list_options.snapshot_id = snapshot_id;
  list_options.sequence_number = 1;
  std::string list_location = fmt::format("{}/metadata/snap-{}-1-manifest-list.avro", table, snapshot_id);
  FLOE_ASSIGN_OR_RETURN(auto list, ManifestListWriter::Open(*s3, list_location, list_options));
  FLOE_RETURN_IF_ERROR(list->Add(manifest));
  FLOE_RETURN_IF_ERROR(list->Close());
  return list_location;
}

}  // namespace
}  // namespace floe::iceberg

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s TABLE_LOCATION SNAPSHOT_ID\n", argv[0]);
    return 2;
  }
  auto location = floe::iceberg::Run(argv[1], std::stoll(argv[2]));
  if (!location.ok()) {
    std::fprintf(stderr, "%s\n", location.status().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", location->c_str());
  return 0;
}
