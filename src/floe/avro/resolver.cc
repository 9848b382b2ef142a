#include "floe/avro/resolver.h"

#include <map>

#include "floe/avro/skip.h"

namespace floe::avro {

namespace {

bool CanPromote(Type writer, Type reader) {
  switch (writer) {
    case Type::kInt: return reader == Type::kLong || reader == Type::kFloat || reader == Type::kDouble;
    case Type::kLong: return reader == Type::kFloat || reader == Type::kDouble;
    case Type::kFloat: return reader == Type::kDouble;
    case Type::kString: return reader == Type::kBytes;
    case Type::kBytes: return reader == Type::kString;
    default: return false;
  }
}

std::string Describe(const Node& node) {
  return node.is_named() ? fmt::format("{} {}", TypeName(node.type), node.FullName()) : std::string(TypeName(node.type));
}

}  // namespace

class Resolver {
 public:
  explicit Resolver(ResolvedSchema* resolved) : resolved_(resolved) {}

  Result<const Resolution*> Resolve(const Node& writer, const Node& reader, std::string& path, int depth) {
    if (depth > Decoder::kMaxNestingDepth) return InvalidData("at {}: schemas nested too deeply", PathText(path));
    auto key = std::make_pair(&writer, &reader);
    if (auto found = memo_.find(key); found != memo_.end()) return static_cast<const Resolution*>(found->second);
    Resolution* resolution = NewResolution(writer, reader);
    // Registered before recursing so recursive types resolve to a cycle.
    memo_[key] = resolution;
    Status status = Fill(resolution, writer, reader, path, depth);
    if (!status.ok()) {
      memo_.erase(key);
      return status;
    }
    return static_cast<const Resolution*>(resolution);
  }

 private:
  static std::string PathText(const std::string& path) { return path.empty() ? "." : path; }

  Resolution* NewResolution(const Node& writer, const Node& reader) {
    resolved_->resolutions_.push_back(std::make_unique<Resolution>());
    Resolution* resolution = resolved_->resolutions_.back().get();
    resolution->writer = &writer;
    resolution->reader = &reader;
    return resolution;
  }

  Status Incompatible(const Node& writer, const Node& reader, const std::string& path) {
    return InvalidData("at {}: cannot read written {} as {}", PathText(path), Describe(writer), Describe(reader));
  }

  Status Fill(Resolution* resolution, const Node& writer, const Node& reader, std::string& path, int depth) {
    if (writer.type == Type::kUnion) {
      resolution->kind = Resolution::Kind::kWriterUnion;
      for (const Node* branch : writer.branches) {
        auto branch_resolution = Resolve(*branch, reader, path, depth + 1);
        if (branch_resolution.ok()) {
          resolution->branches.push_back(*branch_resolution);
        } else {
          Resolution* mismatch = NewResolution(*branch, reader);
          mismatch->kind = Resolution::Kind::kMismatch;
          mismatch->mismatch = branch_resolution.status().message();
          resolution->branches.push_back(mismatch);
        }
      }
      return Status::OK();
    }
    if (reader.type == Type::kUnion) return FillReaderUnion(resolution, writer, reader, path, depth);
    if (writer.type != reader.type) {
      if (!CanPromote(writer.type, reader.type)) return Incompatible(writer, reader, path);
      resolution->kind = Resolution::Kind::kPromote;
      return Status::OK();
    }
    switch (writer.type) {
      case Type::kFixed:
        if (writer.fixed_size != reader.fixed_size) {
          return InvalidData("at {}: fixed sizes differ: written {}, read {}", PathText(path), writer.fixed_size,
                             reader.fixed_size);
        }
        resolution->kind = Resolution::Kind::kSame;
        return Status::OK();
      case Type::kEnum: {
        resolution->kind = Resolution::Kind::kEnum;
        int fallback = reader.enum_default ? reader.SymbolIndex(*reader.enum_default) : -1;
        for (const auto& symbol : writer.symbols) {
          int index = reader.SymbolIndex(symbol);
          resolution->enum_mapping.push_back(index >= 0 ? index : fallback);
        }
        return Status::OK();
      }
      case Type::kArray:
      case Type::kMap: {
        resolution->kind = writer.type == Type::kArray ? Resolution::Kind::kArray : Resolution::Kind::kMap;
        size_t length = path.size();
        path += "[]";
        auto element = writer.type == Type::kArray ? Resolve(*writer.items, *reader.items, path, depth + 1)
                                                   : Resolve(*writer.values, *reader.values, path, depth + 1);
        if (!element.ok()) return element.status();
        path.resize(length);
        resolution->element = *element;
        return Status::OK();
      }
      case Type::kRecord: return FillRecord(resolution, writer, reader, path, depth);
      default: resolution->kind = Resolution::Kind::kSame; return Status::OK();
    }
  }

  Status FillReaderUnion(Resolution* resolution, const Node& writer, const Node& reader, std::string& path,
                         int depth) {
    // Preference: same type and name, then same type, then a promotion.
    int chosen = -1;
    for (int pass = 0; pass < 3 && chosen < 0; ++pass) {
      for (size_t i = 0; i < reader.branches.size(); ++i) {
        const Node& branch = *reader.branches[i];
        bool match = pass == 0   ? branch.type == writer.type && (!writer.is_named() || branch.FullName() == writer.FullName())
                     : pass == 1 ? branch.type == writer.type
                                 : CanPromote(writer.type, branch.type);
        if (!match) continue;
        auto branch_resolution = Resolve(writer, branch, path, depth + 1);
        if (!branch_resolution.ok()) continue;
        chosen = static_cast<int>(i);
        resolution->branch_resolution = *branch_resolution;
        break;
      }
    }
    if (chosen < 0) {
      return InvalidData("at {}: written {} matches no branch of the reader's union", PathText(path), Describe(writer));
    }
    resolution->kind = Resolution::Kind::kReaderUnion;
    resolution->reader_branch = static_cast<size_t>(chosen);
    return Status::OK();
  }

  // The writer field a reader field reads from, or -1.
  static int MatchField(const Node& writer, const Field& reader_field, const std::vector<bool>& taken) {
    if (reader_field.field_id) {
      for (size_t i = 0; i < writer.fields.size(); ++i) {
        if (!taken[i] && writer.fields[i].field_id == reader_field.field_id) return static_cast<int>(i);
      }
    }
    auto by_name = [&](std::string_view name) -> int {
      for (size_t i = 0; i < writer.fields.size(); ++i) {
        const Field& candidate = writer.fields[i];
        if (taken[i] || candidate.name != name) continue;
        // Both carry ids and they differ: a different field that reuses the name.
        if (reader_field.field_id && candidate.field_id) continue;
        return static_cast<int>(i);
      }
      return -1;
    };
    int index = by_name(reader_field.name);
    for (size_t a = 0; index < 0 && a < reader_field.aliases.size(); ++a) index = by_name(reader_field.aliases[a]);
    return index;
  }

  Status FillRecord(Resolution* resolution, const Node& writer, const Node& reader, std::string& path, int depth) {
    resolution->kind = Resolution::Kind::kRecord;
    std::vector<int> reader_for_writer(writer.fields.size(), -1);
    std::vector<bool> taken(writer.fields.size(), false);
    for (size_t r = 0; r < reader.fields.size(); ++r) {
      const Field& reader_field = reader.fields[r];
      int w = MatchField(writer, reader_field, taken);
      if (w >= 0) {
        taken[static_cast<size_t>(w)] = true;
        reader_for_writer[static_cast<size_t>(w)] = static_cast<int>(r);
        continue;
      }
      std::string field_path = path + "." + reader_field.name;
      Resolution::DefaultField default_field;
      default_field.reader_index = r;
      if (reader_field.default_json) {
        auto value = DatumFromJson(*reader_field.type, std::string_view(*reader_field.default_json));
        if (!value.ok()) {
          return InvalidData("at {}: invalid default for a field the writer lacks: {}", field_path,
                             value.status().message());
        }
        default_field.value = std::move(value).value();
      } else if (reader_field.type->type == Type::kUnion && reader_field.type->NullBranch() >= 0) {
        default_field.value = Datum::Union(static_cast<size_t>(reader_field.type->NullBranch()), Datum::Null());
      } else {
        return InvalidData("at {}: the reader's field is missing from the written data and has no default",
                           field_path);
      }
      resolution->defaults.push_back(std::move(default_field));
    }
    for (size_t w = 0; w < writer.fields.size(); ++w) {
      Resolution::WriterField step;
      step.writer_field = &writer.fields[w];
      step.reader_index = reader_for_writer[w];
      if (step.reader_index >= 0) {
        const Field& reader_field = reader.fields[static_cast<size_t>(step.reader_index)];
        size_t length = path.size();
        path.append(".").append(reader_field.name);
        FLOE_ASSIGN_OR_RETURN(step.resolution, Resolve(*writer.fields[w].type, *reader_field.type, path, depth + 1));
        path.resize(length);
      }
      resolution->writer_fields.push_back(step);
    }
    return Status::OK();
  }

  ResolvedSchema* resolved_;
  std::map<std::pair<const Node*, const Node*>, Resolution*> memo_;
};

Result<std::shared_ptr<const ResolvedSchema>> ResolvedSchema::Make(std::shared_ptr<const Schema> writer,
                                                                   std::shared_ptr<const Schema> reader) {
  std::shared_ptr<ResolvedSchema> resolved(new ResolvedSchema());
  resolved->writer_ = std::move(writer);
  resolved->reader_ = std::move(reader);
  Resolver resolver(resolved.get());
  std::string path;
  auto root = resolver.Resolve(resolved->writer_->root(), resolved->reader_->root(), path, 0);
  if (!root.ok()) return InvalidData("Cannot resolve the writer's Avro schema to the reader's: {}", root.status().message());
  resolved->root_ = *root;
  return std::shared_ptr<const ResolvedSchema>(std::move(resolved));
}

// ---- Decoding --------------------------------------------------------------

namespace {

Status DecodeResolved(Decoder& decoder, const Resolution& resolution, Datum* out, int depth);

Status Promote(Decoder& decoder, const Resolution& resolution, Datum* out) {
  const Type reader = resolution.reader->type;
  double real = 0;
  int64_t integer = 0;
  switch (resolution.writer->type) {
    case Type::kInt: {
      int32_t value;
      if (!decoder.ReadInt(&value)) return decoder.status();
      integer = value;
      real = value;
      break;
    }
    case Type::kLong:
      if (!decoder.ReadLong(&integer)) return decoder.status();
      real = static_cast<double>(integer);
      break;
    case Type::kFloat: {
      float value;
      if (!decoder.ReadFloat(&value)) return decoder.status();
      real = value;
      break;
    }
    case Type::kString:
    case Type::kBytes: {
      std::string_view value;
      if (!decoder.ReadBytes(&value)) return decoder.status();
      *out = reader == Type::kString ? Datum::String(std::string(value)) : Datum::Bytes(std::string(value));
      return Status::OK();
    }
    default: return Internal("bad promotion");
  }
  switch (reader) {
    case Type::kLong: *out = Datum::Long(integer); break;
    case Type::kFloat:
      *out = Datum::Float(resolution.writer->type == Type::kFloat ? static_cast<float>(real)
                                                                  : static_cast<float>(integer));
      break;
    case Type::kDouble: *out = Datum::Double(real); break;
    default: return Internal("bad promotion");
  }
  return Status::OK();
}

Status DecodeCollection(Decoder& decoder, const Resolution& resolution, Datum* out, int depth) {
  const bool is_map = resolution.kind == Resolution::Kind::kMap;
  const Node& writer_item = is_map ? *resolution.writer->values : *resolution.writer->items;
  std::vector<std::string> keys;
  std::vector<Datum> values;
  while (true) {
    int64_t count;
    if (!decoder.ReadBlockCount(writer_item.min_encoded_size + (is_map ? 1 : 0), &count)) return decoder.status();
    if (count == 0) break;
    for (int64_t i = 0; i < count; ++i) {
      if (is_map) {
        std::string_view key;
        if (!decoder.ReadString(&key)) return decoder.status();
        keys.emplace_back(key);
      }
      values.emplace_back();
      FLOE_RETURN_IF_ERROR(DecodeResolved(decoder, *resolution.element, &values.back(), depth + 1));
    }
  }
  *out = is_map ? Datum::Map(std::move(keys), std::move(values)) : Datum::Array(std::move(values));
  return Status::OK();
}

Status DecodeResolved(Decoder& decoder, const Resolution& resolution, Datum* out, int depth) {
  if (depth > Decoder::kMaxNestingDepth) {
    decoder.Fail(DecodeProblem::kNestingTooDeep);
    return decoder.status();
  }
  switch (resolution.kind) {
    case Resolution::Kind::kSame: return DecodeDatum(decoder, *resolution.writer, out);
    case Resolution::Kind::kPromote: return Promote(decoder, resolution, out);
    case Resolution::Kind::kRecord: {
      std::vector<Datum> fields(resolution.reader->fields.size());
      for (const auto& default_field : resolution.defaults) fields[default_field.reader_index] = default_field.value;
      for (const auto& step : resolution.writer_fields) {
        if (step.reader_index < 0) {
          if (!SkipValue(decoder, *step.writer_field->type, depth + 1)) return decoder.status();
          continue;
        }
        FLOE_RETURN_IF_ERROR(
            DecodeResolved(decoder, *step.resolution, &fields[static_cast<size_t>(step.reader_index)], depth + 1));
      }
      *out = Datum::Record(std::move(fields));
      return Status::OK();
    }
    case Resolution::Kind::kEnum: {
      size_t index;
      if (!decoder.ReadEnumIndex(resolution.writer->symbols.size(), &index)) return decoder.status();
      int mapped = resolution.enum_mapping[index];
      if (mapped < 0) {
        return InvalidData("enum symbol {} of {} is unknown to the reader's enum and it has no default",
                           resolution.writer->symbols[index], resolution.writer->FullName());
      }
      *out = Datum::Enum(static_cast<size_t>(mapped));
      return Status::OK();
    }
    case Resolution::Kind::kArray:
    case Resolution::Kind::kMap: return DecodeCollection(decoder, resolution, out, depth);
    case Resolution::Kind::kWriterUnion: {
      size_t branch;
      if (!decoder.ReadUnionBranch(resolution.branches.size(), &branch)) return decoder.status();
      return DecodeResolved(decoder, *resolution.branches[branch], out, depth + 1);
    }
    case Resolution::Kind::kReaderUnion: {
      Datum value;
      FLOE_RETURN_IF_ERROR(DecodeResolved(decoder, *resolution.branch_resolution, &value, depth + 1));
      *out = Datum::Union(resolution.reader_branch, std::move(value));
      return Status::OK();
    }
    case Resolution::Kind::kMismatch: return InvalidData("{}", resolution.mismatch);
  }
  return Internal("unknown resolution");
}

}  // namespace

Status ResolvedSchema::Decode(Decoder& decoder, Datum* out) const { return DecodeResolved(decoder, *root_, out, 0); }

}  // namespace floe::avro
