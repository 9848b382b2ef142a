// Namespace and TableIdentifier: how the catalog names things (REST spec
// `Namespace`, `TableIdentifier`; views use TableIdentifier too).
//
// A namespace is a list of levels ("accounting", "tax"); its storage key
// joins the levels with the unit separator 0x1F, as the REST path does
// (`accounting%1Ftax`). Levels must be valid names (ValidateNewName).
//
// Names of namespace levels, tables and views become directory names in the
// warehouse, so they must not be able to leave it: a name is non-empty, is
// not "." or "..", and has no '/', '\\' or control character (0x1F included).
// Thread-safe: values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"

namespace floe::catalog {

inline constexpr char kNamespaceSeparator = '\x1F';

struct Namespace {
  std::vector<std::string> levels;

  bool empty() const { return levels.empty(); }
  // Levels joined by 0x1F (the storage and URL form).
  std::string Key() const;
  // Levels joined by '.', for messages.
  std::string ToString() const;
  // The namespace one level up (empty for a top-level namespace).
  Namespace Parent() const;
  // Splits a 0x1F-joined key. Errors: kBadRequest for an empty key or level.
  static Result<Namespace> FromKey(std::string_view key);
  // Checks the levels (ValidateNewName). Errors: kBadRequest.
  static Result<Namespace> FromLevels(std::vector<std::string> levels);

  bool operator==(const Namespace&) const = default;
  auto operator<=>(const Namespace&) const = default;
};

struct TableIdentifier {
  Namespace ns;
  std::string name;

  // "a.b.table", for messages.
  std::string ToString() const;
  bool operator==(const TableIdentifier&) const = default;
  auto operator<=>(const TableIdentifier&) const = default;
};

// Checks a name a client gives a new namespace level, table or view (`what`
// says which, for the message): it must be non-empty, at most 255 bytes, not
// "." or "..", and free of '/', '\\' and control characters, so that the
// default location built from it stays inside the warehouse. Errors: kBadRequest.
Status ValidateNewName(std::string_view name, std::string_view what);
// ValidateNewName for every level.
Status ValidateNewNamespace(const Namespace& ns);

}  // namespace floe::catalog
