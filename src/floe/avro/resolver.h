// Schema resolution: reading data written with one schema (the writer's) as
// another (the reader's), e.g. a manifest written by Iceberg Java 1.4 read
// with the schema floe expects.
//
// Rules (Avro spec "Schema Resolution", adapted for Iceberg):
// - Record fields match by "field-id" when both fields have one; a reader
//   field with an id never matches a writer field with a different id.
//   Otherwise they match by name, then by the reader field's aliases.
//   (So added_data_files_count and added_files_count, both field-id 504,
//   match.) Record names are not compared: Iceberg identifies structs by
//   field ids, and writers name nested records differently.
// - Writer fields with no reader match are skipped. A reader field with no
//   writer match takes its "default"; without one it is null if its type is
//   a union with "null"; otherwise resolution fails.
// - Promotions: int -> long, float, double; long -> float, double;
//   float -> double; string <-> bytes.
// - Enums map symbols by name; a writer symbol missing from the reader maps
//   to the reader's enum default, else decoding it fails. Fixed sizes must match.
// - Unions: a writer union resolves each branch separately (a branch the
//   reader cannot take fails only when a value actually uses it); a reader
//   union takes the first branch that matches the writer type exactly, else
//   the first it can be promoted to.
//
// Contract: ResolvedSchema::Make fails with kInvalidData naming the path of
// the first incompatibility. The plan (Resolution) is public so that
// plan-compiling readers can reuse the field matching. Immutable after Make;
// thread-safe to share.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/avro/datum.h"
#include "floe/avro/decoder.h"
#include "floe/avro/schema.h"

namespace floe::avro {

struct Resolution {
  enum class Kind : uint8_t {
    kSame,         // identical primitive/fixed types: read as written
    kPromote,      // a primitive promotion (int -> long, string -> bytes, ...)
    kRecord,
    kEnum,
    kArray,
    kMap,
    kWriterUnion,  // the writer wrote a union: see branches
    kReaderUnion,  // the reader expects a union, the writer did not write one
    kMismatch,     // cannot be read; decoding such a value fails with `mismatch`
  };

  struct WriterField {
    const Field* writer_field = nullptr;
    int reader_index = -1;                  // -1: skip the writer's value
    const Resolution* resolution = nullptr;  // when reader_index >= 0
  };
  struct DefaultField {
    size_t reader_index = 0;
    Datum value;
  };

  Kind kind = Kind::kMismatch;
  const Node* writer = nullptr;
  const Node* reader = nullptr;

  std::vector<WriterField> writer_fields;  // kRecord: in writer order
  std::vector<DefaultField> defaults;      // kRecord: reader fields the writer lacks
  std::vector<int> enum_mapping;           // kEnum: writer index -> reader index (-1: none)
  const Resolution* element = nullptr;     // kArray items, kMap values
  std::vector<const Resolution*> branches; // kWriterUnion: one per writer branch
  size_t reader_branch = 0;                // kReaderUnion
  const Resolution* branch_resolution = nullptr;  // kReaderUnion
  std::string mismatch;                    // kMismatch: why
};

class ResolvedSchema {
 public:
  static Result<std::shared_ptr<const ResolvedSchema>> Make(std::shared_ptr<const Schema> writer,
                                                            std::shared_ptr<const Schema> reader);

  const Resolution& root() const { return *root_; }
  const Schema& writer() const { return *writer_; }
  const Schema& reader() const { return *reader_; }

  // Decodes one writer-encoded value into a datum of the reader schema.
  Status Decode(Decoder& decoder, Datum* out) const;

 private:
  friend class Resolver;
  ResolvedSchema() = default;

  std::shared_ptr<const Schema> writer_;
  std::shared_ptr<const Schema> reader_;
  std::vector<std::unique_ptr<Resolution>> resolutions_;
  const Resolution* root_ = nullptr;
};

}  // namespace floe::avro
