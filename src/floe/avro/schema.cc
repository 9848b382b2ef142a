#include "floe/avro/schema.h"

#include <algorithm>
#include <array>
#include <set>

#include "floe/common/json.h"

namespace floe::avro {

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kNull: return "null";
    case Type::kBoolean: return "boolean";
    case Type::kInt: return "int";
    case Type::kLong: return "long";
    case Type::kFloat: return "float";
    case Type::kDouble: return "double";
    case Type::kBytes: return "bytes";
    case Type::kString: return "string";
    case Type::kRecord: return "record";
    case Type::kEnum: return "enum";
    case Type::kArray: return "array";
    case Type::kMap: return "map";
    case Type::kUnion: return "union";
    case Type::kFixed: return "fixed";
  }
  return "unknown";
}

bool IsNamedType(Type type) { return type == Type::kRecord || type == Type::kEnum || type == Type::kFixed; }

namespace {

std::optional<Type> PrimitiveType(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Type>, 8> kPrimitives = {{
      {"null", Type::kNull},
      {"boolean", Type::kBoolean},
      {"int", Type::kInt},
      {"long", Type::kLong},
      {"float", Type::kFloat},
      {"double", Type::kDouble},
      {"bytes", Type::kBytes},
      {"string", Type::kString},
  }};
  for (const auto& [primitive_name, type] : kPrimitives) {
    if (primitive_name == name) return type;
  }
  return std::nullopt;
}

Properties::Entry MakeEntry(std::string key, const json::JsonValue& value) {
  Properties::Entry entry;
  entry.key = std::move(key);
  entry.json = json::ToJson(value);
  int64_t integer;
  if (value.is_int64() && !value.get_int64().get(integer)) entry.integer = integer;
  std::string_view text;
  if (value.is_string() && !value.get_string().get(text)) entry.text = std::string(text);
  return entry;
}

}  // namespace

// ---- Properties ------------------------------------------------------------

const Properties::Entry* Properties::Find(std::string_view key) const {
  for (const auto& entry : entries_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

std::optional<std::string_view> Properties::Json(std::string_view key) const {
  const Entry* entry = Find(key);
  if (entry == nullptr) return std::nullopt;
  return std::string_view(entry->json);
}

std::optional<int64_t> Properties::Integer(std::string_view key) const {
  const Entry* entry = Find(key);
  return entry == nullptr ? std::nullopt : entry->integer;
}

std::optional<std::string_view> Properties::String(std::string_view key) const {
  const Entry* entry = Find(key);
  if (entry == nullptr || !entry->text) return std::nullopt;
  return std::string_view(*entry->text);
}

Status Properties::SetJson(std::string key, std::string json_text) {
  FLOE_ASSIGN_OR_RETURN(auto document, json::JsonDocument::Parse(json_text));
  Entry entry = MakeEntry(std::move(key), document.root());
  for (auto& existing : entries_) {
    if (existing.key == entry.key) {
      existing = std::move(entry);
      return Status::OK();
    }
  }
  entries_.push_back(std::move(entry));
  return Status::OK();
}

void Properties::SetInteger(std::string key, int64_t value) {
  SetJson(std::move(key), std::to_string(value)).IgnoreError();  // always valid JSON
}

void Properties::SetString(std::string key, std::string_view value) {
  json::JsonWriter writer;
  writer.String(value);
  SetJson(std::move(key), writer.Take()).IgnoreError();  // always valid JSON
}

// ---- Node ------------------------------------------------------------------

std::string Node::FullName() const { return name_space.empty() ? name : name_space + "." + name; }

const Field* Node::FindField(std::string_view field_name) const {
  for (const auto& field : fields) {
    if (field.name == field_name) return &field;
  }
  return nullptr;
}

int Node::NullBranch() const {
  for (size_t i = 0; i < branches.size(); ++i) {
    if (branches[i]->type == Type::kNull) return static_cast<int>(i);
  }
  return -1;
}

int Node::SymbolIndex(std::string_view symbol) const {
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (symbols[i] == symbol) return static_cast<int>(i);
  }
  return -1;
}

// ---- Parsing ---------------------------------------------------------------

class SchemaParser {
 public:
  Result<std::shared_ptr<const Schema>> Parse(std::string_view text) {
    auto document = json::JsonDocument::Parse(text);
    if (!document.ok()) return InvalidData("Invalid Avro schema: {}", document.status().message());
    schema_.reset(new Schema());
    auto root = ParseNode(document->root(), "", 0);
    if (!root.ok()) return InvalidData("Invalid Avro schema: {}", root.status().message());
    schema_->root_ = *root;
    ComputeMinimumSizes();
    return std::shared_ptr<const Schema>(std::move(schema_));
  }

 private:
  static constexpr int kMaxDepth = 200;

  Node* NewNode(Type type) {
    schema_->nodes_.push_back(std::make_unique<Node>());
    schema_->nodes_.back()->type = type;
    return schema_->nodes_.back().get();
  }

  static bool IsValidName(std::string_view name) {
    if (name.empty()) return false;
    if (!(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    return std::all_of(name.begin() + 1, name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  }

  static bool IsValidFullName(std::string_view full_name) {
    size_t start = 0;
    while (true) {
      size_t dot = full_name.find('.', start);
      std::string_view part = full_name.substr(start, dot == std::string_view::npos ? dot : dot - start);
      if (!IsValidName(part)) return false;
      if (dot == std::string_view::npos) return true;
      start = dot + 1;
    }
  }

  // "a.b.c" in namespace "x" -> "a.b.c"; "c" in namespace "x" -> "x.c".
  static std::string Qualify(std::string_view name, std::string_view name_space) {
    if (name.find('.') != std::string_view::npos || name_space.empty()) return std::string(name);
    return std::string(name_space) + "." + std::string(name);
  }

  Result<const Node*> ParseNode(const json::JsonValue& value, const std::string& name_space, int depth) {
    if (depth > kMaxDepth) return InvalidData("schema nested deeper than {} levels", kMaxDepth);
    switch (value.type()) {
      case simdjson::dom::element_type::STRING: {
        std::string_view name = value.get_string().value_unsafe();
        return ParseTypeName(name, name_space);
      }
      case simdjson::dom::element_type::ARRAY: {
        return ParseUnion(value.get_array().value_unsafe(), name_space, depth);
      }
      case simdjson::dom::element_type::OBJECT: {
        return ParseObject(value.get_object().value_unsafe(), name_space, depth);
      }
      default:
        return InvalidData("a schema must be a string, an object or an array, not {}: {}", json::TypeName(value),
                           json::ToJson(value));
    }
  }

  Result<const Node*> ParseTypeName(std::string_view name, const std::string& name_space) {
    if (auto primitive = PrimitiveType(name)) return static_cast<const Node*>(NewNode(*primitive));
    auto found = schema_->named_.find(Qualify(name, name_space));
    if (found == schema_->named_.end() && name.find('.') == std::string_view::npos) {
      found = schema_->named_.find(name);  // a type in the null namespace
    }
    if (found == schema_->named_.end()) return InvalidData("undefined name: {}", name);
    return found->second;
  }

  Result<const Node*> ParseUnion(const json::JsonArray& array, const std::string& name_space, int depth) {
    Node* node = NewNode(Type::kUnion);
    std::set<std::string> seen;
    for (json::JsonValue element : array) {
      FLOE_ASSIGN_OR_RETURN(const Node* branch, ParseNode(element, name_space, depth + 1));
      if (branch->type == Type::kUnion) return InvalidData("a union may not immediately contain another union");
      std::string key = branch->is_named() ? branch->FullName() : std::string(TypeName(branch->type));
      if (!seen.insert(key).second) return InvalidData("duplicate type in union: {}", key);
      node->branches.push_back(branch);
    }
    return static_cast<const Node*>(node);
  }

  static constexpr std::array<std::string_view, 11> kTypeAttributes = {
      "type", "name", "namespace", "doc", "aliases", "fields", "symbols", "items", "values", "size", "default"};

  Status CollectProperties(const json::JsonObject& object, Node* node) {
    for (auto [key, value] : object) {
      if (std::find(kTypeAttributes.begin(), kTypeAttributes.end(), key) != kTypeAttributes.end()) continue;
      node->properties.SetJson(std::string(key), json::ToJson(value)).IgnoreError();
    }
    return Status::OK();
  }

  Result<std::vector<std::string>> ParseAliases(const json::JsonObject& object, std::string_view what,
                                                std::string_view name_space, bool qualify) {
    std::vector<std::string> aliases;
    auto value = json::Find(object, "aliases");
    if (!value) return aliases;
    json::JsonArray array;
    if (value->get_array().get(array)) return InvalidData("{}: aliases must be an array of strings", what);
    for (json::JsonValue element : array) {
      std::string_view alias;
      if (element.get_string().get(alias)) return InvalidData("{}: aliases must be an array of strings", what);
      if (!IsValidFullName(alias)) return InvalidData("{}: invalid alias: {}", what, alias);
      aliases.push_back(qualify ? Qualify(alias, name_space) : std::string(alias));
    }
    return aliases;
  }

  Result<const Node*> ParseObject(const json::JsonObject& object, const std::string& enclosing_namespace,
                                  int depth) {
    auto type_value = json::Find(object, "type");
    if (!type_value) return InvalidData("no type: {}", simdjson::minify(object));
    std::string_view type_name;
    if (type_value->get_string().get(type_name)) {
      // {"type": {...}} or {"type": [...]}: a nested schema; properties beside it are dropped.
      return ParseNode(*type_value, enclosing_namespace, depth + 1);
    }
    if (auto primitive = PrimitiveType(type_name)) {
      Node* node = NewNode(*primitive);
      FLOE_RETURN_IF_ERROR(CollectProperties(object, node));
      return static_cast<const Node*>(node);
    }
    if (type_name == "array") {
      Node* node = NewNode(Type::kArray);
      auto items = json::Find(object, "items");
      if (!items) return InvalidData("array has no items: {}", simdjson::minify(object));
      FLOE_ASSIGN_OR_RETURN(node->items, ParseNode(*items, enclosing_namespace, depth + 1));
      FLOE_RETURN_IF_ERROR(CollectProperties(object, node));
      return static_cast<const Node*>(node);
    }
    if (type_name == "map") {
      Node* node = NewNode(Type::kMap);
      auto values = json::Find(object, "values");
      if (!values) return InvalidData("map has no values: {}", simdjson::minify(object));
      FLOE_ASSIGN_OR_RETURN(node->values, ParseNode(*values, enclosing_namespace, depth + 1));
      FLOE_RETURN_IF_ERROR(CollectProperties(object, node));
      return static_cast<const Node*>(node);
    }
    Type type;
    if (type_name == "record" || type_name == "error") {
      type = Type::kRecord;
    } else if (type_name == "enum") {
      type = Type::kEnum;
    } else if (type_name == "fixed") {
      type = Type::kFixed;
    } else {
      // {"type": "SomeNamedType"} refers to a defined type.
      return ParseTypeName(type_name, enclosing_namespace);
    }
    return ParseNamed(object, type, enclosing_namespace, depth);
  }

  Result<const Node*> ParseNamed(const json::JsonObject& object, Type type, const std::string& enclosing_namespace,
                                 int depth) {
    Node* node = NewNode(type);
    auto name_value = json::Find(object, "name");
    std::string_view name;
    if (!name_value || name_value->get_string().get(name)) {
      return InvalidData("{} has no name: {}", TypeName(type), simdjson::minify(object));
    }
    std::string_view explicit_namespace;
    bool has_namespace = false;
    if (auto namespace_value = json::Find(object, "namespace")) {
      if (namespace_value->get_string().get(explicit_namespace)) return InvalidData("{}: namespace must be a string", name);
      has_namespace = true;
    }
    size_t last_dot = name.rfind('.');
    if (last_dot != std::string_view::npos) {
      node->name = std::string(name.substr(last_dot + 1));
      node->name_space = std::string(name.substr(0, last_dot));
    } else {
      node->name = std::string(name);
      node->name_space = has_namespace ? std::string(explicit_namespace) : enclosing_namespace;
    }
    if (!IsValidName(node->name) || (!node->name_space.empty() && !IsValidFullName(node->name_space))) {
      return InvalidData("invalid name: {}", name);
    }
    if (PrimitiveType(node->name) && node->name_space.empty()) {
      return InvalidData("a named type may not be called {}", node->name);
    }
    std::string full_name = node->FullName();
    if (auto doc = json::Find(object, "doc")) {
      std::string_view doc_text;
      if (!doc->get_string().get(doc_text)) node->doc = std::string(doc_text);
    }
    FLOE_ASSIGN_OR_RETURN(node->aliases, ParseAliases(object, full_name, node->name_space, true));
    // Register before parsing fields so that a record may refer to itself.
    if (!schema_->named_.emplace(full_name, node).second) return InvalidData("type redefined: {}", full_name);
    FLOE_RETURN_IF_ERROR(CollectProperties(object, node));

    if (type == Type::kFixed) {
      auto size = json::Find(object, "size");
      int64_t size_value;
      if (!size || size->get_int64().get(size_value) || size_value < 0 || size_value > INT32_MAX) {
        return InvalidData("fixed {}: size must be a non-negative int", full_name);
      }
      node->fixed_size = size_value;
    } else if (type == Type::kEnum) {
      FLOE_RETURN_IF_ERROR(ParseEnum(object, node, full_name));
    } else {
      FLOE_RETURN_IF_ERROR(ParseFields(object, node, full_name, depth));
    }
    return static_cast<const Node*>(node);
  }

  Status ParseEnum(const json::JsonObject& object, Node* node, const std::string& full_name) {
    auto symbols = json::Find(object, "symbols");
    json::JsonArray array;
    if (!symbols || symbols->get_array().get(array)) {
      return InvalidData("enum {}: symbols must be an array of strings", full_name);
    }
    std::set<std::string_view> seen;
    for (json::JsonValue element : array) {
      std::string_view symbol;
      if (element.get_string().get(symbol)) return InvalidData("enum {}: symbols must be strings", full_name);
      if (!IsValidName(symbol)) return InvalidData("enum {}: invalid symbol: {}", full_name, symbol);
      if (!seen.insert(symbol).second) return InvalidData("enum {}: duplicate symbol: {}", full_name, symbol);
      node->symbols.emplace_back(symbol);
    }
    if (auto default_value = json::Find(object, "default")) {
      std::string_view symbol;
      if (default_value->get_string().get(symbol) || node->SymbolIndex(symbol) < 0) {
        return InvalidData("enum {}: default is not one of its symbols: {}", full_name,
                           json::ToJson(*default_value));
      }
      node->enum_default = std::string(symbol);
    }
    return Status::OK();
  }

  static constexpr std::array<std::string_view, 6> kFieldAttributes = {"name", "type", "doc", "default",
                                                                       "order", "aliases"};

  Status ParseFields(const json::JsonObject& object, Node* node, const std::string& full_name, int depth) {
    auto fields = json::Find(object, "fields");
    json::JsonArray array;
    if (!fields || fields->get_array().get(array)) return InvalidData("record {}: fields must be an array", full_name);
    std::set<std::string> seen;
    for (json::JsonValue element : array) {
      json::JsonObject field_object;
      if (element.get_object().get(field_object)) {
        return InvalidData("record {}: a field must be an object: {}", full_name, json::ToJson(element));
      }
      Field field;
      std::string_view field_name;
      auto name_value = json::Find(field_object, "name");
      if (!name_value || name_value->get_string().get(field_name)) {
        return InvalidData("record {}: field has no name: {}", full_name, json::ToJson(element));
      }
      if (!IsValidName(field_name)) return InvalidData("record {}: invalid field name: {}", full_name, field_name);
      field.name = std::string(field_name);
      if (!seen.insert(field.name).second) {
        return InvalidData("record {}: duplicate field name: {}", full_name, field_name);
      }
      std::string what = full_name + "." + field.name;
      auto type_value = json::Find(field_object, "type");
      if (!type_value) return InvalidData("field {} has no type", what);
      auto type = ParseNode(*type_value, node->name_space, depth + 1);
      if (!type.ok()) return type.status().WithContext(fmt::format("field {}", what));
      field.type = *type;
      if (auto doc = json::Find(field_object, "doc")) {
        std::string_view doc_text;
        if (!doc->get_string().get(doc_text)) field.doc = std::string(doc_text);
      }
      json::JsonValue default_value;
      if (!field_object.at_key("default").get(default_value)) field.default_json = json::ToJson(default_value);
      if (auto order = json::Find(field_object, "order")) {
        std::string_view order_text;
        if (order->get_string().get(order_text) != simdjson::SUCCESS) order_text = "";
        if (order_text == "ascending") {
          field.order = SortOrder::kAscending;
        } else if (order_text == "descending") {
          field.order = SortOrder::kDescending;
        } else if (order_text == "ignore") {
          field.order = SortOrder::kIgnore;
        } else {
          return InvalidData("field {}: invalid order: {}", what, json::ToJson(*order));
        }
      }
      FLOE_ASSIGN_OR_RETURN(field.aliases, ParseAliases(field_object, what, "", false));
      for (auto [key, value] : field_object) {
        if (std::find(kFieldAttributes.begin(), kFieldAttributes.end(), key) != kFieldAttributes.end()) continue;
        field.properties.SetJson(std::string(key), json::ToJson(value)).IgnoreError();
      }
      if (auto id = field.properties.Integer("field-id"); id && *id >= INT32_MIN && *id <= INT32_MAX) {
        field.field_id = static_cast<int32_t>(*id);
      }
      field.position = node->fields.size();
      node->fields.push_back(std::move(field));
    }
    return Status::OK();
  }

  // Lower bounds on encoded sizes, memoised so that long chains of named
  // types stay linear. A type still being computed (recursion) counts as 0,
  // which keeps every bound a lower bound.
  int64_t MinimumSize(const Node* node, std::map<const Node*, int64_t>& sizes) {
    switch (node->type) {
      case Type::kNull: return 0;
      case Type::kFloat: return 4;
      case Type::kDouble: return 8;
      case Type::kFixed: return node->fixed_size;
      case Type::kRecord: break;
      default: return 1;  // a varint, a length or a block count at least
    }
    auto [entry, inserted] = sizes.emplace(node, 0);
    if (!inserted) return entry->second;
    int64_t total = 0;
    for (const auto& field : node->fields) {
      total = std::min<int64_t>(total + MinimumSize(field.type, sizes), INT32_MAX);
    }
    sizes[node] = total;
    return total;
  }

  void ComputeMinimumSizes() {
    std::map<const Node*, int64_t> sizes;
    for (auto& node : schema_->nodes_) node->min_encoded_size = MinimumSize(node.get(), sizes);
  }

  std::unique_ptr<Schema> schema_;
};

Result<std::shared_ptr<const Schema>> Schema::Parse(std::string_view json) { return SchemaParser().Parse(json); }

const Node* Schema::FindNamed(std::string_view full_name) const {
  auto found = named_.find(full_name);
  return found == named_.end() ? nullptr : found->second;
}

// ---- Writing ---------------------------------------------------------------

namespace {

class SchemaWriter {
 public:
  explicit SchemaWriter(bool canonical) : canonical_(canonical) {}

  void Write(const Node& node, const std::string& enclosing_namespace) {
    if (node.is_named()) {
      std::string full_name = node.FullName();
      if (!written_.insert(full_name).second) {
        // A reference: the simple name when the namespace is the enclosing one.
        writer_.String(!canonical_ && node.name_space == enclosing_namespace ? node.name : full_name);
        return;
      }
      WriteNamed(node, enclosing_namespace);
      return;
    }
    switch (node.type) {
      case Type::kUnion:
        writer_->StartArray();
        for (const Node* branch : node.branches) Write(*branch, enclosing_namespace);
        writer_->EndArray();
        return;
      case Type::kArray:
        writer_->StartObject();
        writer_.Key("type");
        writer_.String("array");
        writer_.Key("items");
        Write(*node.items, enclosing_namespace);
        WriteProperties(node.properties);
        writer_->EndObject();
        return;
      case Type::kMap:
        writer_->StartObject();
        writer_.Key("type");
        writer_.String("map");
        writer_.Key("values");
        Write(*node.values, enclosing_namespace);
        WriteProperties(node.properties);
        writer_->EndObject();
        return;
      default:  // primitives
        if (canonical_ || node.properties.empty()) {
          writer_.String(TypeName(node.type));
          return;
        }
        writer_->StartObject();
        writer_.Key("type");
        writer_.String(TypeName(node.type));
        WriteProperties(node.properties);
        writer_->EndObject();
        return;
    }
  }

  std::string Take() { return writer_.Take(); }

 private:
  void WriteNamed(const Node& node, const std::string& enclosing_namespace) {
    writer_->StartObject();
    if (canonical_) {
      writer_.Key("name");
      writer_.String(node.FullName());
      writer_.Key("type");
      writer_.String(TypeName(node.type));
    } else {
      writer_.Key("type");
      writer_.String(TypeName(node.type));
      writer_.Key("name");
      writer_.String(node.name);
      if (node.name_space != enclosing_namespace) {
        writer_.Key("namespace");
        writer_.String(node.name_space);
      }
      if (!node.doc.empty()) {
        writer_.Key("doc");
        writer_.String(node.doc);
      }
      if (!node.aliases.empty()) WriteStrings("aliases", node.aliases);
    }
    switch (node.type) {
      case Type::kRecord:
        writer_.Key("fields");
        writer_->StartArray();
        for (const Field& field : node.fields) WriteField(field, node.name_space);
        writer_->EndArray();
        break;
      case Type::kEnum:
        WriteStrings("symbols", node.symbols);
        if (!canonical_ && node.enum_default) {
          writer_.Key("default");
          writer_.String(*node.enum_default);
        }
        break;
      case Type::kFixed:
        writer_.Key("size");
        writer_->Int64(node.fixed_size);
        break;
      default: break;
    }
    WriteProperties(node.properties);
    writer_->EndObject();
  }

  void WriteField(const Field& field, const std::string& name_space) {
    writer_->StartObject();
    writer_.Key("name");
    writer_.String(field.name);
    writer_.Key("type");
    Write(*field.type, name_space);
    if (!canonical_) {
      if (!field.doc.empty()) {
        writer_.Key("doc");
        writer_.String(field.doc);
      }
      if (field.default_json) {
        writer_.Key("default");
        writer_.Raw(*field.default_json);
      }
      if (field.order != SortOrder::kAscending) {
        writer_.Key("order");
        writer_.String(field.order == SortOrder::kDescending ? "descending" : "ignore");
      }
      if (!field.aliases.empty()) WriteStrings("aliases", field.aliases);
    }
    WriteProperties(field.properties);
    writer_->EndObject();
  }

  void WriteStrings(std::string_view key, const std::vector<std::string>& strings) {
    writer_.Key(key);
    writer_->StartArray();
    for (const auto& s : strings) writer_.String(s);
    writer_->EndArray();
  }

  void WriteProperties(const Properties& properties) {
    if (canonical_) return;
    for (const auto& entry : properties.entries()) {
      writer_.Key(entry.key);
      writer_.Raw(entry.json);
    }
  }

  bool canonical_;
  json::JsonWriter writer_;
  std::set<std::string> written_;
};

}  // namespace

std::string Schema::ToJson() const {
  SchemaWriter writer(false);
  writer.Write(*root_, "");
  return writer.Take();
}

std::string Schema::ToCanonicalJson() const {
  SchemaWriter writer(true);
  writer.Write(*root_, "");
  return writer.Take();
}

uint64_t RabinFingerprint64(std::string_view bytes) {
  static constexpr uint64_t kEmpty = 0xc15d213aa4d7a795ULL;
  static const std::array<uint64_t, 256> kTable = [] {
    std::array<uint64_t, 256> table{};
    for (uint64_t i = 0; i < 256; ++i) {
      uint64_t fingerprint = i;
      for (int j = 0; j < 8; ++j) fingerprint = (fingerprint >> 1) ^ (kEmpty & (0 - (fingerprint & 1)));
      table[i] = fingerprint;
    }
    return table;
  }();
  uint64_t fingerprint = kEmpty;
  for (unsigned char byte : bytes) fingerprint = (fingerprint >> 8) ^ kTable[(fingerprint ^ byte) & 0xff];
  return fingerprint;
}

int64_t Schema::Fingerprint64() const { return static_cast<int64_t>(RabinFingerprint64(ToCanonicalJson())); }

}  // namespace floe::avro
