#include "floe/server/rest_catalog_routes.h"

#include <charconv>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "floe/common/json.h"
#include "floe/iceberg/metadata_json.h"
#include "floe/server/metrics_reports.h"
#include "floe/server/oauth_routes.h"

namespace floe::server {

using catalog::Catalog;
using catalog::Namespace;
using catalog::Properties;
using catalog::TableIdentifier;

namespace {

constexpr int kDefaultPageSize = 100;
constexpr std::string_view kIdempotencyLifetime = "PT30M";
constexpr size_t kMaxIdempotencyKeyLength = 128;
constexpr size_t kRefsOnlyCacheEntries = 256;
// A claim older than this is presumed abandoned (its server died mid-request).
constexpr int64_t kIdempotencyLeaseMs = 5 * 60 * 1000;

using Operation = std::function<Result<HttpResponse>(const HttpRequest&)>;

// Parse errors of documents are kInvalidData; in a request they are the client's: 400.
Status AsBadRequest(const Status& status) {
  if (status.kind() == ErrorKind::kInvalidData) return Status(ErrorKind::kBadRequest, status.message());
  return status;
}

template <typename T>
Result<T> AsBadRequest(Result<T> result) {
  if (result.ok()) return result;
  return AsBadRequest(result.status());
}

Result<json::JsonDocument> ParseBody(const HttpRequest& request) {
  if (request.body.empty()) return BadRequest("Missing request body");
  auto document = json::JsonDocument::Parse(request.body);
  if (!document.ok()) return BadRequest("Malformed JSON request body: {}", document.status().message());
  if (!document->root().is_object()) return BadRequest("Invalid request body: expected a JSON object");
  return document;
}

Result<Namespace> NamespaceFromPath(const HttpRequest& request) {
  auto ns = Namespace::FromKey(request.PathParameter("namespace"));
  if (!ns.ok()) return BadRequest("Invalid namespace in the path: {}", ns.status().message());
  return ns;
}

Result<Namespace> NamespaceFromJson(const json::JsonValue& value, std::string_view what) {
  FLOE_ASSIGN_OR_RETURN(auto array, AsBadRequest(json::AsArray(value, what)));
  std::vector<std::string> levels;
  for (auto element : array) {
    FLOE_ASSIGN_OR_RETURN(auto level, AsBadRequest(json::AsString(element, what)));
    levels.emplace_back(level);
  }
  return Namespace::FromLevels(std::move(levels));
}

Result<TableIdentifier> IdentifierFromJson(const json::JsonObject& parent, std::string_view key) {
  auto value = json::Find(parent, key);
  if (!value) return BadRequest("Invalid request body: missing field '{}'", key);
  FLOE_ASSIGN_OR_RETURN(auto object, AsBadRequest(json::AsObject(*value, key)));
  auto ns_value = json::Find(object, "namespace");
  if (!ns_value) return BadRequest("Invalid request body: missing field '{}.namespace'", key);
  TableIdentifier identifier;
  FLOE_ASSIGN_OR_RETURN(identifier.ns, NamespaceFromJson(*ns_value, "namespace"));
  FLOE_ASSIGN_OR_RETURN(auto name, AsBadRequest(json::GetString(object, "name")));
  identifier.name = std::string(name);
  return identifier;
}

Result<Properties> StringMapFromJson(const json::JsonObject& parent, std::string_view key) {
  Properties properties;
  auto value = json::Find(parent, key);
  if (!value) return properties;
  FLOE_ASSIGN_OR_RETURN(auto object, AsBadRequest(json::AsObject(*value, key)));
  for (auto field : object) {
    if (!field.value.is_string()) {
      return BadRequest("Invalid request body: '{}.{}' must be a string, not {}", key, field.key,
                        json::TypeName(field.value));
    }
    properties.emplace(std::string(field.key), std::string(std::string_view(field.value.get_string().value())));
  }
  return properties;
}

void WriteNamespace(json::JsonWriter& writer, const Namespace& ns) {
  writer->StartArray();
  for (const auto& level : ns.levels) writer.String(level);
  writer->EndArray();
}

void WriteStringMap(json::JsonWriter& writer, const Properties& properties) {
  writer->StartObject();
  for (const auto& [key, value] : properties) {
    writer.Key(key);
    writer.String(value);
  }
  writer->EndObject();
}

void WriteStrings(json::JsonWriter& writer, const std::vector<std::string>& values) {
  writer->StartArray();
  for (const auto& value : values) writer.String(value);
  writer->EndArray();
}

void WriteIdentifier(json::JsonWriter& writer, const TableIdentifier& identifier) {
  writer->StartObject();
  writer.Key("namespace");
  WriteNamespace(writer, identifier.ns);
  writer.Key("name");
  writer.String(identifier.name);
  writer->EndObject();
}

// Paging applies only when the client sent `pageToken` (the spec's rule).
Result<std::optional<catalog::PageRequest>> PageFromQuery(const HttpRequest& request) {
  auto token = request.QueryParameter("pageToken");
  if (!token) return std::optional<catalog::PageRequest>();
  catalog::PageRequest page{std::string(*token), kDefaultPageSize};
  if (auto size = request.QueryParameter("pageSize")) {
    int parsed = 0;
    auto [end, error] = std::from_chars(size->data(), size->data() + size->size(), parsed);
    if (error != std::errc() || end != size->data() + size->size() || parsed < 1) {
      return BadRequest("Invalid pageSize '{}': expected a positive integer", *size);
    }
    page.size = parsed;
  }
  return std::optional<catalog::PageRequest>(page);
}

void WriteNextPageToken(json::JsonWriter& writer, bool paged, const std::optional<std::string>& token) {
  if (!paged) return;
  writer.Key("next-page-token");
  if (token) {
    writer.String(*token);
  } else {
    writer->Null();
  }
}

HttpResponse NamespaceResponse(const Namespace& ns, const Properties& properties) {
  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("namespace");
  WriteNamespace(writer, ns);
  writer.Key("properties");
  WriteStringMap(writer, properties);
  writer->EndObject();
  return HttpResponse::Json(200, writer.Take());
}

void WriteStorageCredentials(json::JsonWriter& writer, const RestCatalogOptions* vended) {
  writer.Key("storage-credentials");
  writer->StartArray();
  if (vended && !vended->vended_credentials.empty()) {
    writer->StartObject();
    writer.Key("prefix");
    writer.String(vended->vended_credentials_prefix);
    writer.Key("config");
    WriteStringMap(writer, vended->vended_credentials);
    writer->EndObject();
  }
  writer->EndArray();
}

// `vended`: the options whose credentials the client asked for (see
// RestCatalogOptions::vended_credentials), or null.
// `metadata_json`: result.metadata serialized (Catalog::TableMetadataJson),
// appended as one block after the other members rather than passed through
// the JSON writer, which copies raw text byte by byte.
HttpResponse TableResponse(const catalog::LoadTableResult& result, const std::string& metadata_json, bool with_config,
                           const RestCatalogOptions* vended = nullptr) {
  json::JsonWriter writer;
  writer->StartObject();
  if (!result.metadata_location.empty()) {
    writer.Key("metadata-location");
    writer.String(result.metadata_location);
  }
  if (with_config) {
    writer.Key("config");
    Properties config = result.config;
    if (vended) {
      for (const auto& [key, value] : vended->vended_credentials) config[key] = value;
    }
    WriteStringMap(writer, config);
  }
  if (vended && !vended->vended_credentials.empty()) WriteStorageCredentials(writer, vended);
  writer->EndObject();
  std::string head = writer.Take();  // "{...}"
  std::string body;
  body.reserve(head.size() + metadata_json.size() + 16);
  body.append(head, 0, head.size() - 1);
  if (head.size() > 2) body += ',';
  body += "\"metadata\":";
  body += metadata_json;
  body += '}';
  return HttpResponse::Json(200, std::move(body));
}

// loadTable's `snapshots` parameter: "all" (the default) or "refs" (true).
Result<bool> SnapshotsModeFromQuery(const HttpRequest& request) {
  auto mode = request.QueryParameter("snapshots");
  if (!mode || *mode == "all") return false;
  if (*mode == "refs") return true;
  return BadRequest("Invalid snapshots parameter '{}': expected 'all' or 'refs'", *mode);
}

// A strong ETag for a table response: a digest of the metadata location (a
// new commit always writes a new file), of the snapshots mode and of whether
// credentials were vended, since those change the body. Stable across servers and restarts.
std::string TableETag(std::string_view metadata_location, bool refs_only, bool vended = false) {
  std::string input = std::string(metadata_location) + (refs_only ? "\nsnapshots=refs" : "\nsnapshots=all") +
                      (vended ? "\nvended-credentials" : "");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr);
  std::string etag = "\"";
  for (unsigned int i = 0; i < 16 && i < length; ++i) etag += fmt::format("{:02x}", digest[i]);
  return etag + "\"";
}

// Whether an If-None-Match header (a list of tags, possibly weak, or "*")
// names `etag` (RFC 9110 §13.1.2: weak comparison).
bool ETagMatches(std::string_view header, std::string_view etag) {
  size_t start = 0;
  while (start < header.size()) {
    size_t comma = header.find(',', start);
    std::string_view candidate = header.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                                       : comma - start);
    while (!candidate.empty() && candidate.front() == ' ') candidate.remove_prefix(1);
    while (!candidate.empty() && candidate.back() == ' ') candidate.remove_suffix(1);
    if (candidate.substr(0, 2) == "W/") candidate.remove_prefix(2);
    if (candidate == "*" || candidate == etag) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

HttpResponse WithETag(HttpResponse response, std::string etag) {
  response.headers.emplace_back("ETag", std::move(etag));
  return response;
}

HttpResponse NotModified(std::string etag) {
  HttpResponse response;
  response.status = 304;
  response.content_type.clear();
  response.headers.emplace_back("ETag", std::move(etag));
  return response;
}

// The metadata with only the snapshots that a branch or tag points at
// (loadTable with snapshots=refs), as the reference implementation's
// suppressHistoricalSnapshots does: statistics of the other snapshots go
// too, and the snapshot log keeps only the entries after the last one that
// names a snapshot no longer listed (so that every entry names a snapshot).
iceberg::TableMetadataPtr WithReferencedSnapshotsOnly(const iceberg::TableMetadataPtr& metadata) {
  std::set<int64_t> referenced;
  for (const auto& [name, ref] : metadata->refs) referenced.insert(ref.snapshot_id);
  if (referenced.size() == metadata->snapshots.size()) return metadata;
  const iceberg::TableMetadata& full = *metadata;
  auto trimmed = std::make_shared<iceberg::TableMetadata>(full);
  trimmed->snapshots.clear();
  trimmed->snapshot_log.clear();
  trimmed->statistics.clear();
  trimmed->partition_statistics.clear();
  for (const auto& snapshot : full.snapshots) {
    if (referenced.count(snapshot->snapshot_id)) trimmed->snapshots.push_back(snapshot);
  }
  for (const auto& entry : full.snapshot_log) {
    if (referenced.count(entry.snapshot_id)) {
      trimmed->snapshot_log.push_back(entry);
    } else {
      trimmed->snapshot_log.clear();
    }
  }
  for (const auto& statistics : full.statistics) {
    if (referenced.count(statistics.snapshot_id)) trimmed->statistics.push_back(statistics);
  }
  for (const auto& statistics : full.partition_statistics) {
    if (referenced.count(statistics.snapshot_id)) trimmed->partition_statistics.push_back(statistics);
  }
  trimmed->IndexSnapshots();
  return trimmed;
}

HttpResponse ViewResponse(const catalog::LoadViewResult& result) {
  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("metadata-location");
  writer.String(result.metadata_location);
  writer.Key("metadata");
  writer.Raw(iceberg::SerializeViewMetadata(*result.metadata));
  writer.Key("config");
  WriteStringMap(writer, result.config);
  writer->EndObject();
  return HttpResponse::Json(200, writer.Take());
}

HttpResponse IdentifiersResponse(const catalog::Page<TableIdentifier>& page, bool paged) {
  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("identifiers");
  writer->StartArray();
  for (const auto& identifier : page.items) WriteIdentifier(writer, identifier);
  writer->EndArray();
  WriteNextPageToken(writer, paged, page.next_page_token);
  writer->EndObject();
  return HttpResponse::Json(200, writer.Take());
}

Result<catalog::TableCommit> TableCommitFromJson(const json::JsonObject& object) {
  catalog::TableCommit commit;
  auto requirements = json::Find(object, "requirements");
  if (!requirements) return BadRequest("Invalid commit request: missing field 'requirements'");
  FLOE_ASSIGN_OR_RETURN(commit.requirements, AsBadRequest(iceberg::ParseTableRequirements(*requirements)));
  auto updates = json::Find(object, "updates");
  if (!updates) return BadRequest("Invalid commit request: missing field 'updates'");
  FLOE_ASSIGN_OR_RETURN(commit.updates, AsBadRequest(iceberg::ParseTableUpdates(*updates)));
  return commit;
}

struct Endpoint {
  std::string method;
  std::string suffix;  // after /v1 or /v1/{prefix}
  Operation operation;
  std::string_view operation_id;  // for idempotency records; empty for reads
};

class RestCatalogRoutes {
 public:
  RestCatalogRoutes(std::shared_ptr<Catalog> catalog, RestCatalogOptions options)
      : catalog_(std::move(catalog)), options_(std::move(options)), metrics_reports_(catalog_, options_.metrics) {}

  std::vector<Endpoint> Endpoints();
  HttpResponse Run(const Endpoint& endpoint, const HttpRequest& request);
  Result<HttpResponse> GetConfig(const HttpRequest& request);

 private:
  Result<HttpResponse> ListNamespaces(const HttpRequest& request);
  Result<HttpResponse> CreateNamespace(const HttpRequest& request);
  Result<HttpResponse> UpdateProperties(const HttpRequest& request);
  Result<HttpResponse> CreateTable(const HttpRequest& request);
  Result<HttpResponse> RegisterTable(const HttpRequest& request);
  Result<HttpResponse> UpdateTable(const HttpRequest& request);
  Result<HttpResponse> Rename(const HttpRequest& request, bool views);
  Result<HttpResponse> CommitTransaction(const HttpRequest& request);
  Result<HttpResponse> CreateView(const HttpRequest& request);
  Result<HttpResponse> ReplaceView(const HttpRequest& request);

  // The options to vend credentials from when the request asks for
  // `X-Iceberg-Access-Delegation: vended-credentials` (a comma-separated list).
  const RestCatalogOptions* VendedFor(const HttpRequest& request) const {
    auto delegation = request.Header("X-Iceberg-Access-Delegation");
    if (!delegation || options_.vended_credentials.empty()) return nullptr;
    std::string_view modes = *delegation;
    while (!modes.empty()) {
      auto comma = modes.find(',');
      std::string_view mode = modes.substr(0, comma);
      while (!mode.empty() && mode.front() == ' ') mode.remove_prefix(1);
      while (!mode.empty() && mode.back() == ' ') mode.remove_suffix(1);
      if (mode == "vended-credentials") return &options_;
      if (comma == std::string_view::npos) break;
      modes.remove_prefix(comma + 1);
    }
    return nullptr;
  }

  Result<TableIdentifier> IdentifierFromPath(const HttpRequest& request, std::string_view name_parameter) {
    FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(request));
    std::string_view name = request.PathParameter(name_parameter);
    if (name.empty()) return BadRequest("Invalid {} name: it is empty", name_parameter);
    return TableIdentifier{std::move(ns), std::string(name)};
  }

  // WithReferencedSnapshotsOnly, remembered per metadata location (metadata
  // files never change), so that refs loads of large tables do not copy and
  // filter the full snapshot list each time. Bounded: cleared when full.
  iceberg::TableMetadataPtr ReferencedSnapshotsOnly(const std::string& location,
                                                    const iceberg::TableMetadataPtr& metadata) {
    {
      std::lock_guard lock(refs_mutex_);
      auto found = refs_only_.find(location);
      if (found != refs_only_.end()) return found->second;
    }
    iceberg::TableMetadataPtr trimmed = WithReferencedSnapshotsOnly(metadata);
    std::lock_guard lock(refs_mutex_);
    if (refs_only_.size() >= kRefsOnlyCacheEntries) refs_only_.clear();
    refs_only_.emplace(location, trimmed);
    return trimmed;
  }

  std::shared_ptr<Catalog> catalog_;
  RestCatalogOptions options_;
  MetricsReportHandler metrics_reports_;
  std::mutex refs_mutex_;
  std::unordered_map<std::string, iceberg::TableMetadataPtr> refs_only_;
  std::vector<std::string> advertised_;
};

// Idempotency-Key: the first request claims the key in the store (atomically,
// across instances), runs, and stores its final (2xx/4xx) response; a 5xx
// releases the claim so that a retry runs again. A duplicate that arrives
// while the first runs waits for its response and replays it; if the first
// takes longer than the wait limit, the duplicate gets 503 (retryable: the
// client's retry will replay the response once stored).
HttpResponse RestCatalogRoutes::Run(const Endpoint& endpoint, const HttpRequest& request) {
  std::optional<std::string_view> key;
  if (!endpoint.operation_id.empty()) key = request.Header("Idempotency-Key");
  if (!key || key->empty()) {
    auto result = endpoint.operation(request);
    return result.ok() ? std::move(result).value() : HttpResponse::Error(result.status());
  }
  if (key->size() > kMaxIdempotencyKeyLength) {
    return HttpResponse::Error(BadRequest("Invalid Idempotency-Key: longer than {} characters", kMaxIdempotencyKeyLength));
  }
  auto replay = [](const catalog::StoredResponse& stored) {
    HttpResponse response;
    response.status = stored.http_status;
    response.body = stored.body;
    if (response.body.empty()) response.content_type.clear();
    response.headers.emplace_back("Idempotent-Replayed", "true");
    return response;
  };
  auto deadline = std::chrono::steady_clock::now() + options_.idempotency_wait;
  auto pause = std::chrono::milliseconds(2);
  while (true) {
    auto claim = catalog_->store().ClaimIdempotencyKey(*key, endpoint.operation_id, kIdempotencyLeaseMs);
    if (!claim.ok()) return HttpResponse::Error(claim.status());
    if (claim->state != catalog::IdempotencyClaim::State::kClaimed && claim->operation != endpoint.operation_id) {
      return HttpResponse::Error(UnprocessableEntity(
          "Idempotency-Key {} was already used for {}; use a new key for a different operation", *key,
          claim->operation));
    }
    if (claim->state == catalog::IdempotencyClaim::State::kFinished) return replay(claim->response);
    if (claim->state == catalog::IdempotencyClaim::State::kClaimed) break;
    if (std::chrono::steady_clock::now() + pause > deadline) {
      return HttpResponse::Error(ServiceUnavailable(
          "A request with Idempotency-Key {} is still in progress; retry with the same key later", *key));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
  auto result = endpoint.operation(request);
  HttpResponse response = result.ok() ? std::move(result).value() : HttpResponse::Error(result.status());
  if (response.status < 500) {
    catalog_->store()
        .RecordIdempotentResponse(*key, endpoint.operation_id, {response.status, response.body},
                                  catalog_->options().idempotency_key_lifetime_ms * 2)
        .IgnoreError();
  } else {
    catalog_->store().ReleaseIdempotencyKey(*key).IgnoreError();
  }
  return response;
}

Result<HttpResponse> RestCatalogRoutes::GetConfig(const HttpRequest&) {
  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("defaults");
  WriteStringMap(writer, options_.defaults);
  writer.Key("overrides");
  WriteStringMap(writer, options_.overrides);
  writer.Key("endpoints");
  WriteStrings(writer, advertised_);
  writer.Key("idempotency-key-lifetime");
  writer.String(kIdempotencyLifetime);
  writer->EndObject();
  return HttpResponse::Json(200, writer.Take());
}

Result<HttpResponse> RestCatalogRoutes::ListNamespaces(const HttpRequest& request) {
  Namespace parent;
  if (auto text = request.QueryParameter("parent"); text && !text->empty()) {
    auto parsed = Namespace::FromKey(*text);
    if (!parsed.ok()) return BadRequest("Invalid parent namespace: {}", parsed.status().message());
    parent = std::move(parsed).value();
  }
  FLOE_ASSIGN_OR_RETURN(auto page, PageFromQuery(request));
  FLOE_ASSIGN_OR_RETURN(auto namespaces, catalog_->ListNamespaces(parent, page.value_or(catalog::PageRequest{})));
  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("namespaces");
  writer->StartArray();
  for (const auto& ns : namespaces.items) WriteNamespace(writer, ns);
  writer->EndArray();
  WriteNextPageToken(writer, page.has_value(), namespaces.next_page_token);
  writer->EndObject();
  return HttpResponse::Json(200, writer.Take());
}

Result<HttpResponse> RestCatalogRoutes::CreateNamespace(const HttpRequest& request) {
  FLOE_ASSIGN_OR_RETURN(auto document, ParseBody(request));
  auto object = document.root().get_object().value();
  auto ns_value = json::Find(object, "namespace");
  if (!ns_value) return BadRequest("Invalid create namespace request: missing field 'namespace'");
  FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromJson(*ns_value, "namespace"));
  FLOE_ASSIGN_OR_RETURN(Properties properties, StringMapFromJson(object, "properties"));
  FLOE_ASSIGN_OR_RETURN(properties, catalog_->CreateNamespace(ns, properties));
  return NamespaceResponse(ns, properties);
}

Result<HttpResponse> RestCatalogRoutes::UpdateProperties(const HttpRequest& request) {
  FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(request));
  FLOE_ASSIGN_OR_RETURN(auto document, ParseBody(request));
  auto object = document.root().get_object().value();
  std::vector<std::string> removals;
  if (auto value = json::Find(object, "removals")) {
    FLOE_ASSIGN_OR_RETURN(auto array, AsBadRequest(json::AsArray(*value, "removals")));
    for (auto element : array) {
      FLOE_ASSIGN_OR_RETURN(auto key, AsBadRequest(json::AsString(element, "removals")));
      removals.emplace_back(key);
    }
  }
  FLOE_ASSIGN_OR_RETURN(Properties updates, StringMapFromJson(object, "updates"));
  FLOE_ASSIGN_OR_RETURN(auto change, catalog_->UpdateProperties(ns, removals, updates));
  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("updated");
  WriteStrings(writer, change.updated);
  writer.Key("removed");
  WriteStrings(writer, change.removed);
  writer.Key("missing");
  WriteStrings(writer, change.missing);
  writer->EndObject();
  return HttpResponse::Json(200, writer.Take());
}

// The JSON text of `value`, with `key: default_json` added when `value` is an
// object without that member (for members the OpenAPI marks read-only).
std::string WithDefaultMember(const json::JsonValue& value, std::string_view key, std::string_view default_json) {
  std::string text = json::ToJson(value);
  json::JsonObject object;
  if (value.get_object().get(object) || json::Find(object, key)) return text;
  bool empty = object.size() == 0;
  return fmt::format("{{\"{}\":{}{}{}", key, default_json, empty ? "" : ",", std::string_view(text).substr(1));
}

// The id a sort order without one gets: 0 is reserved for the unsorted order.
std::string_view UnsortedOrNot(const json::JsonValue& order) {
  json::JsonObject object;
  json::JsonArray fields;
  if (order.get_object().get(object) || object["fields"].get_array().get(fields)) return "0";
  return fields.size() == 0 ? "0" : "1";
}

Result<HttpResponse> RestCatalogRoutes::CreateTable(const HttpRequest& request) {
  FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(request));
  FLOE_ASSIGN_OR_RETURN(auto document, ParseBody(request));
  auto object = document.root().get_object().value();
  catalog::CreateTableRequest create;
  FLOE_ASSIGN_OR_RETURN(auto name, AsBadRequest(json::GetString(object, "name")));
  create.name = std::string(name);
  FLOE_ASSIGN_OR_RETURN(auto location, AsBadRequest(json::GetOptionalString(object, "location")));
  create.location = std::string(location.value_or(""));
  auto schema = json::Find(object, "schema");
  if (!schema) return BadRequest("Invalid create table request: missing field 'schema'");
  FLOE_ASSIGN_OR_RETURN(create.schema, AsBadRequest(iceberg::ParseSchema(json::ToJson(*schema))));
  // `spec-id` and `order-id` are read-only in the OpenAPI schemas: clients may
  // leave them out, and the new table's ids are assigned fresh anyway.
  if (auto spec = json::Find(object, "partition-spec")) {
    FLOE_ASSIGN_OR_RETURN(create.partition_spec,
                          AsBadRequest(iceberg::ParsePartitionSpec(WithDefaultMember(*spec, "spec-id", "0"))));
  }
  if (auto order = json::Find(object, "write-order")) {
    FLOE_ASSIGN_OR_RETURN(create.write_order,
                          AsBadRequest(iceberg::ParseSortOrder(WithDefaultMember(*order, "order-id", UnsortedOrNot(*order)))));
  }
  FLOE_ASSIGN_OR_RETURN(auto stage, AsBadRequest(json::GetOptionalBool(object, "stage-create")));
  create.stage_create = stage.value_or(false);
  FLOE_ASSIGN_OR_RETURN(create.properties, StringMapFromJson(object, "properties"));
  FLOE_ASSIGN_OR_RETURN(auto result, catalog_->CreateTable(ns, create));
  std::shared_ptr<const std::string> metadata_json = catalog_->TableMetadataJson(result);
  const RestCatalogOptions* vended = VendedFor(request);
  if (result.metadata_location.empty()) return TableResponse(result, *metadata_json, true, vended);  // staged: nothing to tag yet
  return WithETag(TableResponse(result, *metadata_json, true, vended),
                  TableETag(result.metadata_location, false, vended != nullptr));
}

Result<HttpResponse> RestCatalogRoutes::RegisterTable(const HttpRequest& request) {
  FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(request));
  FLOE_ASSIGN_OR_RETURN(auto document, ParseBody(request));
  auto object = document.root().get_object().value();
  FLOE_ASSIGN_OR_RETURN(auto name, AsBadRequest(json::GetString(object, "name")));
  FLOE_ASSIGN_OR_RETURN(auto location, AsBadRequest(json::GetString(object, "metadata-location")));
  FLOE_ASSIGN_OR_RETURN(auto overwrite, AsBadRequest(json::GetOptionalBool(object, "overwrite")));
  auto result = catalog_->RegisterTable(TableIdentifier{ns, std::string(name)}, std::string(location),
                                        overwrite.value_or(false));
  if (!result.ok()) {
    // A missing or unreadable metadata file is the client's mistake here.
    if (result.status().kind() == ErrorKind::kNotFound || result.status().kind() == ErrorKind::kInvalidData) {
      return BadRequest("{}", result.status().message());
    }
    return result.status();
  }
  return WithETag(TableResponse(*result, *catalog_->TableMetadataJson(*result), true),
                  TableETag(result->metadata_location, false));
}

Result<HttpResponse> RestCatalogRoutes::UpdateTable(const HttpRequest& request) {
  FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(request, "table"));
  FLOE_ASSIGN_OR_RETURN(auto document, ParseBody(request));
  auto object = document.root().get_object().value();
  FLOE_ASSIGN_OR_RETURN(catalog::TableCommit commit, TableCommitFromJson(object));
  if (json::Find(object, "identifier")) {
    FLOE_ASSIGN_OR_RETURN(TableIdentifier named, IdentifierFromJson(object, "identifier"));
    if (named != identifier) {
      return BadRequest("Invalid commit request: identifier {} does not match the path's {}", named.ToString(),
                        identifier.ToString());
    }
  }
  commit.identifier = identifier;
  FLOE_ASSIGN_OR_RETURN(auto result, catalog_->UpdateTable(commit));
  return WithETag(TableResponse(result, *catalog_->TableMetadataJson(result), false),
                  TableETag(result.metadata_location, false));
}

Result<HttpResponse> RestCatalogRoutes::Rename(const HttpRequest& request, bool views) {
  FLOE_ASSIGN_OR_RETURN(auto document, ParseBody(request));
  auto object = document.root().get_object().value();
  FLOE_ASSIGN_OR_RETURN(TableIdentifier source, IdentifierFromJson(object, "source"));
  FLOE_ASSIGN_OR_RETURN(TableIdentifier destination, IdentifierFromJson(object, "destination"));
  FLOE_RETURN_IF_ERROR(views ? catalog_->RenameView(source, destination) : catalog_->RenameTable(source, destination));
  return HttpResponse::NoContent();
}

Result<HttpResponse> RestCatalogRoutes::CommitTransaction(const HttpRequest& request) {
  FLOE_ASSIGN_OR_RETURN(auto document, ParseBody(request));
  auto object = document.root().get_object().value();
  auto changes = json::Find(object, "table-changes");
  if (!changes) return BadRequest("Invalid commit transaction request: missing field 'table-changes'");
  FLOE_ASSIGN_OR_RETURN(auto array, AsBadRequest(json::AsArray(*changes, "table-changes")));
  std::vector<catalog::TableCommit> commits;
  for (auto element : array) {
    FLOE_ASSIGN_OR_RETURN(auto change, AsBadRequest(json::AsObject(element, "table-changes")));
    if (!json::Find(change, "identifier")) {
      return BadRequest("Invalid commit transaction request: a table change has no 'identifier'");
    }
    FLOE_ASSIGN_OR_RETURN(catalog::TableCommit commit, TableCommitFromJson(change));
    FLOE_ASSIGN_OR_RETURN(commit.identifier, IdentifierFromJson(change, "identifier"));
    commits.push_back(std::move(commit));
  }
  FLOE_RETURN_IF_ERROR(catalog_->CommitTransaction(commits));
  return HttpResponse::NoContent();
}

Result<HttpResponse> RestCatalogRoutes::CreateView(const HttpRequest& request) {
  FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(request));
  FLOE_ASSIGN_OR_RETURN(auto document, ParseBody(request));
  auto object = document.root().get_object().value();
  catalog::CreateViewRequest create;
  FLOE_ASSIGN_OR_RETURN(auto name, AsBadRequest(json::GetString(object, "name")));
  create.name = std::string(name);
  FLOE_ASSIGN_OR_RETURN(auto location, AsBadRequest(json::GetOptionalString(object, "location")));
  create.location = std::string(location.value_or(""));
  auto schema = json::Find(object, "schema");
  if (!schema) return BadRequest("Invalid create view request: missing field 'schema'");
  FLOE_ASSIGN_OR_RETURN(create.schema, AsBadRequest(iceberg::ParseSchema(json::ToJson(*schema))));
  auto version = json::Find(object, "view-version");
  if (!version) return BadRequest("Invalid create view request: missing field 'view-version'");
  FLOE_ASSIGN_OR_RETURN(create.view_version, AsBadRequest(iceberg::ParseViewVersion(json::ToJson(*version))));
  FLOE_ASSIGN_OR_RETURN(create.properties, StringMapFromJson(object, "properties"));
  FLOE_ASSIGN_OR_RETURN(auto result, AsBadRequest(catalog_->CreateView(ns, create)));
  return ViewResponse(result);
}

Result<HttpResponse> RestCatalogRoutes::ReplaceView(const HttpRequest& request) {
  FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(request, "view"));
  FLOE_ASSIGN_OR_RETURN(auto document, ParseBody(request));
  auto object = document.root().get_object().value();
  std::vector<iceberg::ViewRequirement> requirements;
  if (auto value = json::Find(object, "requirements")) {
    FLOE_ASSIGN_OR_RETURN(requirements, AsBadRequest(iceberg::ParseViewRequirements(*value)));
  }
  auto updates_value = json::Find(object, "updates");
  if (!updates_value) return BadRequest("Invalid commit view request: missing field 'updates'");
  FLOE_ASSIGN_OR_RETURN(auto updates, AsBadRequest(iceberg::ParseViewUpdates(*updates_value)));
  FLOE_ASSIGN_OR_RETURN(auto result, catalog_->ReplaceView(identifier, requirements, updates));
  return ViewResponse(result);
}

std::vector<Endpoint> RestCatalogRoutes::Endpoints() {
  auto no_content = [](Status status) -> Result<HttpResponse> {
    if (!status.ok()) return status;
    return HttpResponse::NoContent();
  };
  std::vector<Endpoint> endpoints = {
      {"GET", "/namespaces", [this](const HttpRequest& r) { return ListNamespaces(r); }, ""},
      {"POST", "/namespaces", [this](const HttpRequest& r) { return CreateNamespace(r); }, "createNamespace"},
      {"GET", "/namespaces/{namespace}",
       [this](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(r));
         FLOE_ASSIGN_OR_RETURN(Properties properties, catalog_->LoadNamespaceMetadata(ns));
         return NamespaceResponse(ns, properties);
       },
       ""},
      {"HEAD", "/namespaces/{namespace}",
       [this, no_content](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(r));
         return no_content(catalog_->NamespaceExists(ns));
       },
       ""},
      {"DELETE", "/namespaces/{namespace}",
       [this, no_content](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(r));
         return no_content(catalog_->DropNamespace(ns));
       },
       "dropNamespace"},
      {"POST", "/namespaces/{namespace}/properties", [this](const HttpRequest& r) { return UpdateProperties(r); },
       "updateProperties"},
      {"GET", "/namespaces/{namespace}/tables",
       [this](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(r));
         FLOE_ASSIGN_OR_RETURN(auto page, PageFromQuery(r));
         FLOE_ASSIGN_OR_RETURN(auto tables, catalog_->ListTables(ns, page.value_or(catalog::PageRequest{})));
         return IdentifiersResponse(tables, page.has_value());
       },
       ""},
      {"POST", "/namespaces/{namespace}/tables", [this](const HttpRequest& r) { return CreateTable(r); },
       "createTable"},
      {"GET", "/namespaces/{namespace}/tables/{table}",
       [this](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(r, "table"));
         FLOE_ASSIGN_OR_RETURN(bool refs_only, SnapshotsModeFromQuery(r));
         FLOE_ASSIGN_OR_RETURN(auto result, catalog_->LoadTable(identifier));
         const RestCatalogOptions* vended = VendedFor(r);
         std::string etag = TableETag(result.metadata_location, refs_only, vended != nullptr);
         if (auto match = r.Header("If-None-Match"); match && ETagMatches(*match, etag)) {
           return NotModified(etag);
         }
         if (refs_only) result.metadata = ReferencedSnapshotsOnly(result.metadata_location, result.metadata);
         return WithETag(TableResponse(result, *catalog_->TableMetadataJson(result), true, vended), etag);
       },
       ""},
      {"GET", "/namespaces/{namespace}/tables/{table}/credentials",
       [this](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(r, "table"));
         FLOE_RETURN_IF_ERROR(catalog_->LoadTable(identifier));  // NoSuchTable for unknown tables
         json::JsonWriter writer;
         writer->StartObject();
         WriteStorageCredentials(writer, &options_);
         writer->EndObject();
         return HttpResponse::Json(200, writer.Take());
       },
       ""},
      {"POST", "/namespaces/{namespace}/tables/{table}", [this](const HttpRequest& r) { return UpdateTable(r); },
       "updateTable"},
      {"DELETE", "/namespaces/{namespace}/tables/{table}",
       [this, no_content](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(r, "table"));
         bool purge = r.QueryParameter("purgeRequested").value_or("false") == "true";
         return no_content(catalog_->DropTable(identifier, purge));
       },
       "dropTable"},
      {"HEAD", "/namespaces/{namespace}/tables/{table}",
       [this, no_content](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(r, "table"));
         return no_content(catalog_->TableExists(identifier));
       },
       ""},
      {"POST", "/namespaces/{namespace}/register", [this](const HttpRequest& r) { return RegisterTable(r); },
       "registerTable"},
      {"POST", "/namespaces/{namespace}/tables/{table}/metrics",
       [this](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(r, "table"));
         return metrics_reports_.Handle(identifier, r);
       },
       ""},
      {"POST", "/tables/rename", [this](const HttpRequest& r) { return Rename(r, false); }, "renameTable"},
      {"POST", "/transactions/commit", [this](const HttpRequest& r) { return CommitTransaction(r); },
       "commitTransaction"},
      {"GET", "/namespaces/{namespace}/views",
       [this](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(Namespace ns, NamespaceFromPath(r));
         FLOE_ASSIGN_OR_RETURN(auto page, PageFromQuery(r));
         FLOE_ASSIGN_OR_RETURN(auto views, catalog_->ListViews(ns, page.value_or(catalog::PageRequest{})));
         return IdentifiersResponse(views, page.has_value());
       },
       ""},
      {"POST", "/namespaces/{namespace}/views", [this](const HttpRequest& r) { return CreateView(r); }, "createView"},
      {"GET", "/namespaces/{namespace}/views/{view}",
       [this](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(r, "view"));
         FLOE_ASSIGN_OR_RETURN(auto result, catalog_->LoadView(identifier));
         return ViewResponse(result);
       },
       ""},
      {"POST", "/namespaces/{namespace}/views/{view}", [this](const HttpRequest& r) { return ReplaceView(r); },
       "replaceView"},
      {"DELETE", "/namespaces/{namespace}/views/{view}",
       [this, no_content](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(r, "view"));
         return no_content(catalog_->DropView(identifier));
       },
       "dropView"},
      {"HEAD", "/namespaces/{namespace}/views/{view}",
       [this, no_content](const HttpRequest& r) -> Result<HttpResponse> {
         FLOE_ASSIGN_OR_RETURN(TableIdentifier identifier, IdentifierFromPath(r, "view"));
         return no_content(catalog_->ViewExists(identifier));
       },
       ""},
      {"POST", "/views/rename", [this](const HttpRequest& r) { return Rename(r, true); }, "renameView"},
  };
  for (const auto& endpoint : endpoints) advertised_.push_back(endpoint.method + " /v1/{prefix}" + endpoint.suffix);
  return endpoints;
}

}  // namespace

void AddRestCatalogRoutes(Router& router, std::shared_ptr<Catalog> catalog, RestCatalogOptions options) {
  auto authority = options.token_authority;
  // With authentication on, every catalog route checks the bearer token first.
  auto guarded = [authority](RouteHandler handler) {
    return authority ? RequireBearerToken(authority, std::move(handler)) : handler;
  };
  if (authority) AddOAuthTokenRoute(router, authority);
  auto routes = std::make_shared<RestCatalogRoutes>(std::move(catalog), std::move(options));
  auto endpoints = std::make_shared<std::vector<Endpoint>>(routes->Endpoints());
  router.Add("GET", "/v1/config", guarded([routes](const HttpRequest& request) {
    auto response = routes->GetConfig(request);
    return response.ok() ? std::move(response).value() : HttpResponse::Error(response.status());
  }));
  // Unprefixed routes first: `/v1/namespaces/x` is a namespace, not a prefix.
  for (const std::string base : {"/v1", "/v1/{prefix}"}) {
    for (size_t i = 0; i < endpoints->size(); ++i) {
      const Endpoint& endpoint = (*endpoints)[i];
      router.Add(
          endpoint.method, base + endpoint.suffix,
          guarded([routes, endpoints, i](const HttpRequest& request) { return routes->Run((*endpoints)[i], request); }),
          endpoint.method + " /v1/{prefix}" + endpoint.suffix);
    }
  }
}

void AddCatalogMetrics(MetricsRegistry& metrics, std::shared_ptr<Catalog> catalog) {
  const catalog::CatalogCounters* counters = &catalog->counters();
  const catalog::MetadataCache* cache = &catalog->metadata_cache();
  metrics.AddCounterFunction("floe_catalog_commits_total", "Successful catalog commits", {},
                             [catalog, counters] { return counters->commits.load(); });
  metrics.AddCounterFunction("floe_catalog_commit_conflicts_total",
                             "Commits that lost a compare-and-swap race and were re-applied", {},
                             [catalog, counters] { return counters->commit_conflicts.load(); });
  metrics.AddCounterFunction("floe_catalog_commits_rejected_total",
                             "Commits refused with CommitFailed (requirements no longer hold)", {},
                             [catalog, counters] { return counters->commits_rejected.load(); });
  metrics.AddCounterFunction("floe_catalog_metadata_cache_hits_total", "Table metadata cache hits", {},
                             [catalog, cache] { return cache->hits(); });
  metrics.AddCounterFunction("floe_catalog_metadata_cache_misses_total", "Table metadata cache misses", {},
                             [catalog, cache] { return cache->misses(); });
  metrics.AddGaugeFunction("floe_catalog_metadata_cache_entries", "Table metadata files cached", {},
                           [catalog, cache] { return static_cast<double>(cache->size()); });
}

}  // namespace floe::server
