#include "floe/catalog/catalog_identifier.h"

#include <fmt/format.h>

namespace floe::catalog {

std::string Namespace::Key() const {
  std::string key;
  for (size_t i = 0; i < levels.size(); ++i) {
    if (i > 0) key += kNamespaceSeparator;
    key += levels[i];
  }
  return key;
}

std::string Namespace::ToString() const {
  std::string text;
  for (size_t i = 0; i < levels.size(); ++i) {
    if (i > 0) text += '.';
    text += levels[i];
  }
  return text;
}

Namespace Namespace::Parent() const {
  Namespace parent;
  if (!levels.empty()) parent.levels.assign(levels.begin(), levels.end() - 1);
  return parent;
}

Result<Namespace> Namespace::FromKey(std::string_view key) {
  std::vector<std::string> levels;
  while (true) {
    size_t separator = key.find(kNamespaceSeparator);
    levels.emplace_back(key.substr(0, separator));
    if (separator == std::string_view::npos) break;
    key.remove_prefix(separator + 1);
  }
  return FromLevels(std::move(levels));
}

Result<Namespace> Namespace::FromLevels(std::vector<std::string> levels) {
  if (levels.empty()) return BadRequest("Invalid namespace: it has no levels");
  for (const auto& level : levels) {
    if (level.empty()) return BadRequest("Invalid namespace: a level is empty");
    FLOE_RETURN_IF_ERROR(ValidateNewName(level, "namespace level"));
  }
  Namespace ns;
  ns.levels = std::move(levels);
  return ns;
}

std::string TableIdentifier::ToString() const {
  return ns.empty() ? name : fmt::format("{}.{}", ns.ToString(), name);
}

Status ValidateNewName(std::string_view name, std::string_view what) {
  if (name.empty()) return BadRequest("Invalid {} name: it is empty", what);
  if (name.size() > 255) return BadRequest("Invalid {} name: longer than 255 bytes", what);
  if (name == "." || name == "..") return BadRequest("Invalid {} name '{}': reserved path segment", what, name);
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\') return BadRequest("Invalid {} name '{}': it contains '{}'", what, name, c);
    if (byte < 0x20 || byte == 0x7F) {
      return BadRequest("Invalid {} name: it contains the control character 0x{:02X}", what, byte);
    }
  }
  return Status::OK();
}

Status ValidateNewNamespace(const Namespace& ns) {
  if (ns.empty()) return BadRequest("Invalid namespace: it has no levels");
  for (const auto& level : ns.levels) FLOE_RETURN_IF_ERROR(ValidateNewName(level, "namespace"));
  return Status::OK();
}

}  // namespace floe::catalog
