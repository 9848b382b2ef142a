// Avro object container files (.avro): reading and writing.
//
// ContainerReader parses the header (magic "Obj\x01", metadata map with
// avro.schema and avro.codec, 16-byte sync marker) and then yields blocks:
// a record count plus the block's decompressed bytes, which hold that many
// records back to back. Fast readers (the manifest reader) decode those
// bytes themselves with a Decoder; tools use NextRecord() to get generic
// Datums, optionally resolved to a reader schema (resolver.h).
// Files in the Avro 1.2 layout (magic "Obj\x00", metadata in a footer) are
// read too.
//
// ContainerWriter streams records to an io::OutputFile: header first, then a
// block whenever the buffered records reach the block size, then Close().
//
// Contract:
// - Robustness: every malformed input (bad magic, bad sync marker, truncated
//   file, negative or oversized lengths and counts, undecodable codec data,
//   bad union discriminant, ...) gives kInvalidData with one line naming the
//   file and, for blocks, the block index and file offset. Nothing reads out
//   of bounds, hangs, or allocates more than the file size plus the block
//   size limit (ContainerReaderOptions::max_block_size).
// - The reader holds the whole file in memory (Avro files floe reads are
//   manifests: a few MB at most, and one GET is the cheapest way to fetch
//   them from object storage). Block data views stay valid until the next
//   NextBlock/NextRecord/Rewind call.
// - Unknown codecs give kNotImplemented.
// - Readers and writers are not thread-safe; use one per thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/avro/codec.h"
#include "floe/avro/datum.h"
#include "floe/avro/decoder.h"
#include "floe/avro/encoder.h"
#include "floe/avro/schema.h"
#include "floe/io/file_io.h"

namespace floe::avro {

class ResolvedSchema;

using SyncMarker = std::array<uint8_t, 16>;
using Metadata = std::vector<std::pair<std::string, std::string>>;  // in file order

struct ContainerBlock {
  int64_t index = 0;         // 0 for the first block
  int64_t file_offset = 0;   // where the block starts in the file
  int64_t record_count = 0;  // records in `data`
  std::string_view data;     // decompressed records; valid until the next read call
};

struct ContainerReaderOptions {
  // Largest decompressed block accepted (compression-bomb guard).
  size_t max_block_size = size_t{256} << 20;
};

class ContainerReader {
 public:
  // Opens a file held in memory; `name` appears in error messages.
  static Result<std::unique_ptr<ContainerReader>> Open(std::string contents, std::string name = "<memory>",
                                                       ContainerReaderOptions options = {});
  // Reads the whole file and opens it.
  static Result<std::unique_ptr<ContainerReader>> Open(io::InputFile& file, ContainerReaderOptions options = {});

  const std::string& name() const { return name_; }
  const Metadata& metadata() const { return metadata_; }
  // A metadata value by key ("avro.schema", "iceberg.schema", ...).
  std::optional<std::string_view> FindMetadata(std::string_view key) const;
  const std::shared_ptr<const Schema>& writer_schema() const { return writer_schema_; }
  Codec codec() const { return codec_; }
  const SyncMarker& sync_marker() const { return sync_; }
  // The file offset of the first block.
  int64_t header_size() const { return static_cast<int64_t>(first_block_offset_); }
  bool is_avro_1_2_layout() const { return legacy_layout_; }

  // Block iteration: fills `block` and returns true, or returns false at the
  // end of the file.
  Result<bool> NextBlock(ContainerBlock* block);

  // Record iteration over the same cursor (do not mix with NextBlock within
  // one block). Records are decoded with the writer schema, or resolved to
  // the reader schema when one was set.
  Result<bool> NextRecord(Datum* record);
  // Decodes records as `reader_schema` (see resolver.h for the rules). Fails
  // when the writer schema cannot be resolved to it.
  Status SetReaderSchema(std::shared_ptr<const Schema> reader_schema);
  // The schema NextRecord's datums follow: the reader schema if set, else the writer's.
  const Schema& record_schema() const;

  // Back to the first block.
  void Rewind();

  ~ContainerReader();

 private:
  ContainerReader() = default;
  Status ParseHeader();
  Status ParseLegacyFooter();
  Result<bool> NextLegacyBlock(ContainerBlock* block);
  Status BlockError(const Status& status) const;

  std::string name_;
  std::string contents_;
  ContainerReaderOptions options_;
  Metadata metadata_;
  std::shared_ptr<const Schema> writer_schema_;
  std::shared_ptr<const Schema> reader_schema_;
  std::shared_ptr<const ResolvedSchema> resolved_;
  Codec codec_ = Codec::kNull;
  SyncMarker sync_{};
  bool legacy_layout_ = false;
  size_t first_block_offset_ = 0;
  size_t legacy_data_end_ = 0;

  // Cursor.
  size_t offset_ = 0;
  int64_t block_index_ = 0;           // the index the next block will have
  int64_t current_block_index_ = 0;   // the block being read (for errors)
  int64_t current_block_offset_ = 0;
  std::string decompressed_;
  // Record iteration state: the current block's records.
  Decoder record_decoder_;
  int64_t records_left_ = 0;
  bool in_block_ = false;
};

struct ContainerWriterOptions {
  Codec codec = Codec::kNull;
  int compression_level = 0;             // 0: the codec's default
  size_t block_size = 64 * 1024;         // flush when buffered records reach this many bytes
  Metadata metadata;                     // user metadata; keys may not start with "avro."
  std::optional<SyncMarker> sync_marker; // random when absent
};

class ContainerWriter {
 public:
  // Writes the header to `file` (which the writer owns from now on).
  static Result<std::unique_ptr<ContainerWriter>> Open(std::unique_ptr<io::OutputFile> file,
                                                       std::shared_ptr<const Schema> schema,
                                                       ContainerWriterOptions options = {});

  // Appends a record, checking it against the schema.
  Status Append(const Datum& record);

  // The fast path: encode one record's value with record_encoder() (it
  // already holds the previous records of the block; only append), then
  // call FinishRecord(). The caller guarantees the bytes match the schema.
  Encoder& record_encoder() { return block_; }
  Status FinishRecord();

  // Writes the buffered records as a block now (no-op when none).
  Status Flush();
  // Flushes and publishes the file. The writer is unusable afterwards.
  Status Close();
  // Discards the file (also done by the destructor if Close() was not called).
  void Abort();

  const Schema& schema() const { return *schema_; }
  int64_t records_written() const { return records_written_; }
  // Bytes written to the file so far (the file size after Close()).
  int64_t file_position() const { return file_ ? file_->Position() : closed_size_; }

  ~ContainerWriter();

 private:
  ContainerWriter() = default;
  Status WriteHeader();

  std::unique_ptr<io::OutputFile> file_;
  std::shared_ptr<const Schema> schema_;
  ContainerWriterOptions options_;
  SyncMarker sync_{};
  Encoder block_;
  Encoder block_header_;
  std::string compressed_;
  int64_t block_records_ = 0;
  int64_t records_written_ = 0;
  int64_t closed_size_ = 0;
};

// Writes records to an in-memory Avro file (for tests and small tools).
Result<std::string> WriteContainerToString(std::shared_ptr<const Schema> schema, const std::vector<Datum>& records,
                                           ContainerWriterOptions options = {});

}  // namespace floe::avro
