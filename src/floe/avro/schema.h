// Avro schemas: parsing schema JSON into an immutable graph of nodes, and
// writing it back (full JSON with custom properties, or Parsing Canonical Form).
//
// Contract:
// - Schema::Parse accepts the Avro 1.11 schema language: primitives, record
//   (and "error"), enum, array, map, union, fixed, named-type references
//   (including recursive ones), namespaces and aliases. Every attribute that
//   is not part of the language ("field-id", "element-id", "key-id",
//   "value-id", "logicalType", "adjust-to-utc", ...) is kept verbatim, in its
//   original order, as a Property of the field or type it was written on,
//   and ToJson() writes it back.
// - An invalid schema gives kInvalidData with a one-line reason naming the
//   offending type or field, e.g. "Invalid Avro schema: record r1: duplicate
//   field name: a".
// - A Schema is immutable once parsed and safe to share across threads.
//   Nodes are owned by their Schema: a `const Node*` stays valid as long as
//   the Schema lives (hold the shared_ptr).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/common/result.h"

namespace floe::avro {

enum class Type : uint8_t {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,
  kRecord,
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed,
};

// The schema-language name of a type: "null", "int", "record", ...
std::string_view TypeName(Type type);
bool IsNamedType(Type type);  // record, enum, fixed

// Custom attributes of a type or a field, each kept as its compact JSON text.
// Insertion order is preserved so that a schema round-trips unchanged.
class Properties {
 public:
  struct Entry {
    std::string key;
    std::string json;                      // compact JSON text of the value
    std::optional<int64_t> integer;        // set when the value is a JSON integer
    std::optional<std::string> text;       // set when the value is a JSON string (unescaped)
  };

  bool empty() const { return entries_.empty(); }
  const std::vector<Entry>& entries() const { return entries_; }
  const Entry* Find(std::string_view key) const;
  // The value's JSON text, an integer value or a string value; nullopt when
  // absent or of another JSON type.
  std::optional<std::string_view> Json(std::string_view key) const;
  std::optional<int64_t> Integer(std::string_view key) const;
  std::optional<std::string_view> String(std::string_view key) const;

  // Adds or replaces a property. `json` must be valid JSON text.
  Status SetJson(std::string key, std::string json);
  void SetInteger(std::string key, int64_t value);
  void SetString(std::string key, std::string_view value);

 private:
  std::vector<Entry> entries_;
};

enum class SortOrder : uint8_t { kAscending, kDescending, kIgnore };

struct Node;

struct Field {
  std::string name;
  std::vector<std::string> aliases;
  std::string doc;
  const Node* type = nullptr;
  std::optional<std::string> default_json;  // the "default" attribute's JSON text
  SortOrder order = SortOrder::kAscending;
  Properties properties;                    // field-id and every other custom attribute
  std::optional<int32_t> field_id;          // "field-id" when it is an int (Iceberg)
  size_t position = 0;                      // index in the record's field list
};

// One type in a schema graph. Which members are meaningful depends on `type`.
struct Node {
  Type type = Type::kNull;

  // Named types (record, enum, fixed).
  std::string name;        // the simple name
  std::string name_space;  // "" when the type is in the null namespace
  std::vector<std::string> aliases;  // full names
  std::string doc;

  std::vector<Field> fields;                  // record
  std::vector<std::string> symbols;           // enum
  std::optional<std::string> enum_default;    // enum: the "default" symbol
  const Node* items = nullptr;                // array
  const Node* values = nullptr;               // map
  std::vector<const Node*> branches;          // union
  int64_t fixed_size = 0;                     // fixed

  Properties properties;  // logicalType, element-id, key-id, value-id, ...

  // A lower bound on the bytes one value of this type takes when encoded
  // (0 for null, 1 for int, 8 for double, ...). Decoders use it to reject
  // element counts that cannot fit in the remaining input.
  int64_t min_encoded_size = 0;

  std::string FullName() const;
  bool is_named() const { return IsNamedType(type); }
  // The "logicalType" property, or "" when absent.
  std::string_view logical_type() const { return properties.String("logicalType").value_or(""); }
  // Record: the field with this name, or nullptr.
  const Field* FindField(std::string_view field_name) const;
  // Union: the index of the "null" branch, or -1.
  int NullBranch() const;
  // Enum: the index of a symbol, or -1.
  int SymbolIndex(std::string_view symbol) const;
};

class Schema {
 public:
  // Parses schema JSON. See the contract above.
  static Result<std::shared_ptr<const Schema>> Parse(std::string_view json);

  const Node& root() const { return *root_; }
  // A named type by full name ("test.Weather"), or nullptr.
  const Node* FindNamed(std::string_view full_name) const;

  // The schema as JSON with every property, doc, default and alias kept.
  // Named types are written in full once, then referenced by name.
  std::string ToJson() const;
  // Avro "Parsing Canonical Form" (spec section "Parsing Canonical Form for Schemas").
  std::string ToCanonicalJson() const;
  // CRC-64-AVRO (Rabin) fingerprint of the canonical form, as Java's
  // SchemaNormalization.parsingFingerprint64 returns it.
  int64_t Fingerprint64() const;

  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

 private:
  Schema() = default;
  friend class SchemaParser;

  std::vector<std::unique_ptr<Node>> nodes_;
  std::map<std::string, const Node*, std::less<>> named_;
  const Node* root_ = nullptr;
};

// Rabin CRC-64-AVRO fingerprint of arbitrary bytes.
uint64_t RabinFingerprint64(std::string_view bytes);

}  // namespace floe::avro
