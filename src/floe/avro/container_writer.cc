#include <random>

#include "floe/avro/container.h"

namespace floe::avro {

namespace {

// An OutputFile that collects bytes in memory (WriteContainerToString).
class StringOutputFile final : public io::OutputFile {
 public:
  explicit StringOutputFile(std::string* target) : target_(target) {}
  const std::string& location() const override { return location_; }
  Status Write(const void* data, size_t size) override {
    contents_.append(static_cast<const char*>(data), size);
    return Status::OK();
  }
  int64_t Position() const override { return static_cast<int64_t>(contents_.size()); }
  Status Close() override {
    *target_ = std::move(contents_);
    return Status::OK();
  }
  void Abort() override { contents_.clear(); }

 private:
  std::string location_ = "<memory>";
  std::string contents_;
  std::string* target_;
};

SyncMarker RandomSyncMarker() {
  std::random_device device;
  SyncMarker sync;
  for (size_t i = 0; i < sync.size(); i += 4) {
    uint32_t value = device();
    for (size_t j = 0; j < 4; ++j) sync[i + j] = static_cast<uint8_t>(value >> (8 * j));
  }
  return sync;
}

}  // namespace

Result<std::unique_ptr<ContainerWriter>> ContainerWriter::Open(std::unique_ptr<io::OutputFile> file,
                                                               std::shared_ptr<const Schema> schema,
                                                               ContainerWriterOptions options) {
  if (file == nullptr || schema == nullptr) return Internal("ContainerWriter::Open needs a file and a schema");
  for (const auto& [key, value] : options.metadata) {
    if (key.starts_with("avro.")) {
      file->Abort();
      return InvalidData("{}: metadata key {} is reserved for Avro", file->location(), key);
    }
  }
  std::unique_ptr<ContainerWriter> writer(new ContainerWriter());
  writer->file_ = std::move(file);
  writer->schema_ = std::move(schema);
  writer->sync_ = options.sync_marker ? *options.sync_marker : RandomSyncMarker();
  if (options.block_size == 0) options.block_size = 1;
  writer->options_ = std::move(options);
  FLOE_RETURN_IF_ERROR(writer->WriteHeader());
  return writer;
}

ContainerWriter::~ContainerWriter() { Abort(); }

Status ContainerWriter::WriteHeader() {
  Encoder header;
  header.buffer().append("Obj\x01", 4);
  Metadata entries;
  entries.emplace_back("avro.schema", schema_->ToJson());
  entries.emplace_back("avro.codec", std::string(CodecName(options_.codec)));
  for (const auto& entry : options_.metadata) entries.push_back(entry);
  header.WriteBlockCount(static_cast<int64_t>(entries.size()));
  for (const auto& [key, value] : entries) {
    header.WriteString(key);
    header.WriteBytes(value);
  }
  header.WriteBlockCount(0);
  header.WriteFixed(std::string_view(reinterpret_cast<const char*>(sync_.data()), sync_.size()));
  Status status = file_->Write(header.bytes());
  if (!status.ok()) Abort();
  return status;
}

Status ContainerWriter::Append(const Datum& record) {
  if (!file_) return Internal("ContainerWriter used after Close or Abort");
  size_t before = block_.size();
  Status status = EncodeDatum(schema_->root(), record, block_);
  if (!status.ok()) {
    block_.buffer().resize(before);  // drop the partial record
    return status;
  }
  return FinishRecord();
}

Status ContainerWriter::FinishRecord() {
  if (!file_) return Internal("ContainerWriter used after Close or Abort");
  ++block_records_;
  ++records_written_;
  if (block_.size() >= options_.block_size) return Flush();
  return Status::OK();
}

Status ContainerWriter::Flush() {
  if (!file_) return Internal("ContainerWriter used after Close or Abort");
  if (block_records_ == 0) return Status::OK();
  std::string_view payload = block_.bytes();
  if (options_.codec != Codec::kNull) {
    FLOE_RETURN_IF_ERROR(Compress(options_.codec, payload, options_.compression_level, &compressed_));
    payload = compressed_;
  }
  block_header_.Clear();
  block_header_.WriteLong(block_records_);
  block_header_.WriteLong(static_cast<int64_t>(payload.size()));
  Status status = file_->Write(block_header_.bytes());
  if (status.ok()) status = file_->Write(payload);
  if (status.ok()) status = file_->Write(sync_.data(), sync_.size());
  if (!status.ok()) {
    Abort();
    return status;
  }
  block_.Clear();
  block_records_ = 0;
  return Status::OK();
}

Status ContainerWriter::Close() {
  FLOE_RETURN_IF_ERROR(Flush());
  closed_size_ = file_->Position();
  Status status = file_->Close();
  file_.reset();
  return status;
}

void ContainerWriter::Abort() {
  if (file_) {
    file_->Abort();
    file_.reset();
  }
}

Result<std::string> WriteContainerToString(std::shared_ptr<const Schema> schema, const std::vector<Datum>& records,
                                           ContainerWriterOptions options) {
  std::string contents;
  FLOE_ASSIGN_OR_RETURN(auto writer, ContainerWriter::Open(std::make_unique<StringOutputFile>(&contents),
                                                           std::move(schema), std::move(options)));
  for (const Datum& record : records) FLOE_RETURN_IF_ERROR(writer->Append(record));
  FLOE_RETURN_IF_ERROR(writer->Close());
  return contents;
}

}  // namespace floe::avro
