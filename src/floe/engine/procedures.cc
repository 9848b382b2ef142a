// Trino's Iceberg procedures (see procedures.h).
#include "floe/engine/procedures.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "floe/iceberg/metadata_location.h"
#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;

namespace {

constexpr const sql::ErrorCode& kProcedureNotFound = codes::kProcedureNotFound;
constexpr const sql::ErrorCode& kInvalidProcedureArgument = codes::kInvalidProcedureArgument;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The procedure's arguments by parameter, from positional and named ones.
Result<std::vector<std::optional<std::string>>> BindArguments(const sql::Call& call, const std::string& procedure,
                                                              const std::vector<std::string_view>& parameters,
                                                              size_t required) {
  std::vector<std::optional<std::string>> values(parameters.size());
  bool named = false;
  for (size_t i = 0; i < call.arguments.size(); ++i) {
    const sql::CallArgument& argument = call.arguments[i];
    size_t index = i;
    if (argument.name) {
      named = true;
      std::string name = Lower(argument.name->value);
      auto it = std::find(parameters.begin(), parameters.end(), name);
      if (it == parameters.end()) {
        return sql::SqlError(kInvalidProcedureArgument, argument.location, "Unknown argument name: {}", name);
      }
      index = static_cast<size_t>(it - parameters.begin());
    } else if (named) {
      return sql::SqlError(kInvalidProcedureArgument, argument.location,
                           "Named and positional arguments cannot be mixed");
    } else if (i >= parameters.size()) {
      return sql::SqlError(kInvalidProcedureArgument, argument.location, "Too many arguments for procedure {}",
                           procedure);
    }
    if (values[index]) {
      return sql::SqlError(kInvalidProcedureArgument, argument.location, "Duplicate procedure argument: {}",
                           parameters[index]);
    }
    const sql::Expression& value = *argument.value;
    if (value.kind != sql::ExpressionKind::kStringLiteral) {
      return sql::SqlError(kInvalidProcedureArgument, value.location,
                           "Argument {} of procedure {} must be a varchar literal", parameters[index], procedure);
    }
    values[index] = value.text;
  }
  for (size_t i = 0; i < required; ++i) {
    if (!values[i]) {
      return sql::SqlError(kInvalidProcedureArgument, call.procedure.location(), "Required procedure argument '{}' is missing",
                           parameters[i]);
    }
    if (values[i]->empty()) {
      return sql::SqlError(kInvalidProcedureArgument, call.procedure.location(), "{} cannot be empty", parameters[i]);
    }
  }
  return values;
}

Status SchemaMustExist(catalog::Catalog& catalog, const catalog::Namespace& ns, const std::string& schema,
                       sql::NodeLocation location) {
  Status exists = catalog.NamespaceExists(ns);
  if (exists.ok()) return exists;
  if (exists.kind() == ErrorKind::kNoSuchNamespace || exists.kind() == ErrorKind::kNotFound) {
    return sql::SqlError(codes::kSchemaNotFound, location, "Schema '{}' does not exist", schema);
  }
  return exists;
}

}  // namespace

Status RunProcedure(const sql::Call& call, catalog::Catalog& catalog, io::FileIO& file_io) {
  const auto& parts = call.procedure.parts;
  std::string name = parts.empty() ? "" : Lower(parts.back().value);
  bool system = parts.size() >= 2 && Lower(parts[parts.size() - 2].value) == "system";
  bool catalog_ok = parts.size() < 3 || Lower(parts[parts.size() - 3].value) == "iceberg";
  if (parts.size() > 3 || !system || !catalog_ok || (name != "register_table" && name != "unregister_table")) {
    std::string full;
    for (const auto& part : parts) full += (full.empty() ? "" : ".") + part.value;
    return sql::SqlError(kProcedureNotFound, call.procedure.location(), "Procedure not registered: {}", full);
  }
  sql::NodeLocation location = call.procedure.location();
  if (name == "unregister_table") {
    FLOE_ASSIGN_OR_RETURN(auto values, BindArguments(call, name, {"schema_name", "table_name"}, 2));
    catalog::TableIdentifier identifier{catalog::Namespace{{Lower(*values[0])}}, Lower(*values[1])};
    FLOE_RETURN_IF_ERROR(SchemaMustExist(catalog, identifier.ns, *values[0], location));
    Status dropped = catalog.DropTable(identifier, false);
    if (dropped.kind() == ErrorKind::kNoSuchTable) {
      return sql::SqlError(codes::kTableNotFound, location, "Table '{}.{}' not found", *values[0], *values[1]);
    }
    return dropped;
  }
  FLOE_ASSIGN_OR_RETURN(auto values,
                        BindArguments(call, name, {"schema_name", "table_name", "table_location", "metadata_file_name"},
                                      3));
  catalog::TableIdentifier identifier{catalog::Namespace{{Lower(*values[0])}}, Lower(*values[1])};
  FLOE_RETURN_IF_ERROR(SchemaMustExist(catalog, identifier.ns, *values[0], location));
  if (catalog.TableExists(identifier).ok()) {
    return sql::SqlError(codes::kTableAlreadyExists, location, "Table already exists: '{}.{}'", *values[0],
                         *values[1]);
  }
  std::string table_location = *values[2];
  while (table_location.size() > 1 && table_location.back() == '/') table_location.pop_back();
  std::string metadata_location;
  if (values[3]) {
    if (values[3]->find('/') != std::string::npos || values[3]->empty()) {
      return sql::SqlError(kInvalidProcedureArgument, location, "Invalid metadata file: {}", *values[3]);
    }
    metadata_location = table_location + "/metadata/" + *values[3];
    auto exists = file_io.Exists(metadata_location);
    if (!exists.ok()) return exists.status();
    if (!*exists) {
      return sql::SqlError(kInvalidProcedureArgument, location, "Metadata file does not exist: {}", metadata_location);
    }
  } else {
    auto resolved = iceberg::ResolveMetadataLocation(file_io, table_location);
    if (!resolved.ok()) {
      return sql::SqlError(kInvalidProcedureArgument, location, "No versioned metadata file exists at location: {} ({})",
                           table_location, resolved.status().message());
    }
    metadata_location = *resolved;
  }
  auto registered = catalog.RegisterTable(identifier, metadata_location, false);
  if (!registered.ok()) {
    if (registered.status().kind() == ErrorKind::kAlreadyExists) {
      return sql::SqlError(codes::kTableAlreadyExists, location, "Table already exists: '{}.{}'", *values[0],
                           *values[1]);
    }
    return Status(registered.status().kind(),
                  fmt::format("Cannot register {} from {}: {}", identifier.ToString(), metadata_location,
                              registered.status().message()));
  }
  return Status::OK();
}

}  // namespace floe::engine
