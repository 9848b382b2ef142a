#include <cstring>

#include "floe/avro/container.h"
#include "floe/avro/resolver.h"
#include "floe/avro/skip.h"

namespace floe::avro {

namespace {

constexpr char kMagic[4] = {'O', 'b', 'j', 1};
constexpr char kLegacyMagic[4] = {'O', 'b', 'j', 0};

}  // namespace

Result<std::unique_ptr<ContainerReader>> ContainerReader::Open(std::string contents, std::string name,
                                                               ContainerReaderOptions options) {
  std::unique_ptr<ContainerReader> reader(new ContainerReader());
  reader->contents_ = std::move(contents);
  reader->name_ = std::move(name);
  reader->options_ = options;
  FLOE_RETURN_IF_ERROR(reader->ParseHeader());
  return reader;
}

Result<std::unique_ptr<ContainerReader>> ContainerReader::Open(io::InputFile& file, ContainerReaderOptions options) {
  auto contents = file.ReadAll();
  if (!contents.ok()) return contents.status().WithContext(file.location());
  return Open(std::move(contents).value(), file.location(), options);
}

ContainerReader::~ContainerReader() = default;

std::optional<std::string_view> ContainerReader::FindMetadata(std::string_view key) const {
  for (const auto& [entry_key, value] : metadata_) {
    if (entry_key == key) return std::string_view(value);
  }
  return std::nullopt;
}

const Schema& ContainerReader::record_schema() const {
  return reader_schema_ ? *reader_schema_ : *writer_schema_;
}

Status ContainerReader::ParseHeader() {
  auto fail = [this](std::string_view what) { return InvalidData("{}: not a valid Avro file: {}", name_, what); };
  if (contents_.size() < 4) return fail("shorter than the 4-byte magic");
  if (std::memcmp(contents_.data(), kLegacyMagic, 4) == 0) return ParseLegacyFooter();
  if (std::memcmp(contents_.data(), kMagic, 4) != 0) return fail("bad magic (expected \"Obj\\x01\")");

  Decoder decoder(std::string_view(contents_).substr(4));
  // The metadata map: string keys, bytes values.
  while (true) {
    int64_t count;
    if (!decoder.ReadBlockCount(2, &count)) return fail(decoder.status().message());
    if (count == 0) break;
    for (int64_t i = 0; i < count; ++i) {
      std::string_view key;
      std::string_view value;
      if (!decoder.ReadString(&key) || !decoder.ReadBytes(&value)) {
        return fail("metadata: " + decoder.status().message());
      }
      metadata_.emplace_back(std::string(key), std::string(value));
    }
  }
  std::string_view sync;
  if (!decoder.ReadFixed(16, &sync)) return fail("truncated before the sync marker");
  std::memcpy(sync_.data(), sync.data(), 16);
  first_block_offset_ = 4 + decoder.position();
  offset_ = first_block_offset_;

  auto codec = CodecFromName(FindMetadata("avro.codec").value_or("null"));
  if (!codec.ok()) return codec.status().WithContext(name_);
  codec_ = *codec;
  auto schema_json = FindMetadata("avro.schema");
  if (!schema_json) return fail("no avro.schema in the header metadata");
  auto schema = Schema::Parse(*schema_json);
  if (!schema.ok()) return schema.status().WithContext(name_);
  writer_schema_ = std::move(schema).value();
  return Status::OK();
}

// Avro 1.2 layout: "Obj\0", then blocks each preceded by the sync marker; the
// metadata map sits in a footer whose size is the file's last 4 bytes
// (big-endian), and a block count of -1 marks the footer block.
Status ContainerReader::ParseLegacyFooter() {
  auto fail = [this](std::string_view what) {
    return InvalidData("{}: not a valid Avro 1.2 file: {}", name_, what);
  };
  legacy_layout_ = true;
  if (contents_.size() < 8) return fail("too short for a footer");
  const auto* tail = reinterpret_cast<const unsigned char*>(contents_.data() + contents_.size() - 4);
  uint32_t footer_size = (uint32_t{tail[0]} << 24) | (uint32_t{tail[1]} << 16) | (uint32_t{tail[2]} << 8) | tail[3];
  if (footer_size < 4 || footer_size > contents_.size() - 4) return fail("bad footer size");
  size_t footer_start = contents_.size() - footer_size;
  Decoder decoder(std::string_view(contents_).substr(footer_start, footer_size - 4));
  while (true) {
    int64_t count;
    if (!decoder.ReadBlockCount(2, &count)) return fail(decoder.status().message());
    if (count == 0) break;
    for (int64_t i = 0; i < count; ++i) {
      std::string_view key;
      std::string_view value;
      if (!decoder.ReadString(&key) || !decoder.ReadBytes(&value)) {
        return fail("metadata: " + decoder.status().message());
      }
      metadata_.emplace_back(std::string(key), std::string(value));
    }
  }
  auto sync = FindMetadata("sync");
  if (!sync || sync->size() != 16) return fail("no 16-byte sync marker in the footer");
  std::memcpy(sync_.data(), sync->data(), 16);
  auto codec = FindMetadata("codec").value_or("null");
  if (codec != "null") return NotImplemented("{}: unsupported Avro 1.2 codec: {}", name_, codec);
  auto schema_json = FindMetadata("schema");
  if (!schema_json) return fail("no schema in the footer");
  auto schema = Schema::Parse(*schema_json);
  if (!schema.ok()) return schema.status().WithContext(name_);
  writer_schema_ = std::move(schema).value();
  first_block_offset_ = 4;
  offset_ = first_block_offset_;
  legacy_data_end_ = footer_start;
  return Status::OK();
}

Status ContainerReader::BlockError(const Status& status) const {
  return Status(status.kind(), fmt::format("{}: block {} at offset {}: {}", name_, current_block_index_,
                                           current_block_offset_, status.message()));
}

void ContainerReader::Rewind() {
  offset_ = first_block_offset_;
  block_index_ = 0;
  records_left_ = 0;
  in_block_ = false;
}

Result<bool> ContainerReader::NextLegacyBlock(ContainerBlock* block) {
  while (offset_ < legacy_data_end_) {
    current_block_offset_ = static_cast<int64_t>(offset_);
    current_block_index_ = block_index_;
    Decoder decoder(std::string_view(contents_).substr(offset_, legacy_data_end_ - offset_));
    std::string_view sync;
    if (!decoder.ReadFixed(16, &sync)) return BlockError(InvalidData("truncated before the sync marker"));
    if (std::memcmp(sync.data(), sync_.data(), 16) != 0) return BlockError(InvalidData("sync marker mismatch"));
    int64_t count;
    if (!decoder.ReadLong(&count)) return BlockError(decoder.status());
    if (count == -1) {  // the footer block: its size follows; it runs to the end
      offset_ = legacy_data_end_;
      break;
    }
    if (count < 0 || !decoder.CheckCount(count, writer_schema_->root().min_encoded_size)) {
      return BlockError(InvalidData("invalid record count {}", count));
    }
    // Records are not length-prefixed in this layout: skip them to find the end.
    size_t start = decoder.position();
    for (int64_t i = 0; i < count; ++i) {
      if (!SkipValue(decoder, writer_schema_->root())) return BlockError(decoder.status());
    }
    block->index = block_index_;
    block->file_offset = current_block_offset_;
    block->record_count = count;
    block->data = std::string_view(contents_).substr(offset_ + start, decoder.position() - start);
    offset_ += decoder.position();
    ++block_index_;
    return true;
  }
  return false;
}

Result<bool> ContainerReader::NextBlock(ContainerBlock* block) {
  in_block_ = false;
  records_left_ = 0;
  if (legacy_layout_) return NextLegacyBlock(block);
  if (offset_ >= contents_.size()) return false;
  current_block_offset_ = static_cast<int64_t>(offset_);
  current_block_index_ = block_index_;
  Decoder decoder(std::string_view(contents_).substr(offset_));
  int64_t count;
  int64_t size;
  if (!decoder.ReadLong(&count) || !decoder.ReadLong(&size)) {
    return BlockError(InvalidData("truncated block header: {}", decoder.status().message()));
  }
  if (count < 0) return BlockError(InvalidData("negative record count {}", count));
  if (size < 0) return BlockError(InvalidData("negative block size {}", size));
  if (static_cast<uint64_t>(size) > decoder.remaining()) {
    return BlockError(InvalidData("truncated file: block of {} bytes but only {} bytes remain", size,
                                  decoder.remaining()));
  }
  std::string_view compressed(reinterpret_cast<const char*>(decoder.cursor()), static_cast<size_t>(size));
  (void)decoder.Skip(static_cast<size_t>(size));
  std::string_view sync;
  if (!decoder.ReadFixed(16, &sync)) return BlockError(InvalidData("truncated file: no sync marker after the block"));
  if (std::memcmp(sync.data(), sync_.data(), 16) != 0) {
    return BlockError(InvalidData("sync marker mismatch (corrupt file)"));
  }
  std::string_view data;
  if (codec_ == Codec::kNull) {
    if (compressed.size() > options_.max_block_size) {
      return BlockError(InvalidData("block of {} bytes exceeds the {} byte limit", compressed.size(),
                                    options_.max_block_size));
    }
    data = compressed;
  } else {
    Status status = Decompress(codec_, compressed, options_.max_block_size, &decompressed_);
    if (!status.ok()) return BlockError(status);
    data = decompressed_;
  }
  Decoder count_check(data);
  if (!count_check.CheckCount(count, writer_schema_->root().min_encoded_size)) {
    return BlockError(InvalidData("record count {} cannot fit in {} bytes", count, data.size()));
  }
  block->index = block_index_;
  block->file_offset = current_block_offset_;
  block->record_count = count;
  block->data = data;
  offset_ += decoder.position();
  ++block_index_;
  return true;
}

Status ContainerReader::SetReaderSchema(std::shared_ptr<const Schema> reader_schema) {
  if (reader_schema == nullptr) {
    reader_schema_.reset();
    resolved_.reset();
    return Status::OK();
  }
  auto resolved = ResolvedSchema::Make(writer_schema_, reader_schema);
  if (!resolved.ok()) return resolved.status().WithContext(name_);
  resolved_ = std::move(resolved).value();
  reader_schema_ = std::move(reader_schema);
  return Status::OK();
}

Result<bool> ContainerReader::NextRecord(Datum* record) {
  while (!in_block_ || records_left_ == 0) {
    if (in_block_ && !record_decoder_.at_end()) {
      return BlockError(InvalidData("{} bytes left over after the block's records", record_decoder_.remaining()));
    }
    ContainerBlock block;
    FLOE_ASSIGN_OR_RETURN(bool more, NextBlock(&block));
    if (!more) return false;
    record_decoder_ = Decoder(block.data);
    records_left_ = block.record_count;
    in_block_ = true;
  }
  Status status = resolved_ ? resolved_->Decode(record_decoder_, record)
                            : DecodeDatum(record_decoder_, writer_schema_->root(), record);
  if (!status.ok()) return BlockError(status);
  --records_left_;
  return true;
}

}  // namespace floe::avro
