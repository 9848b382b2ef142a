#include "floe/trino/statement_client.h"

#include <charconv>

#include <curl/curl.h>

#include <deque>
#include <limits>

#include <fmt/format.h>

#include "floe/engine/interval.h"
#include "floe/engine/value.h"
#include "floe/server/http_message.h"
#include "floe/sql/error.h"
#include "floe/trino/session_headers.h"

namespace floe::trino {

using engine::SqlType;
using engine::SqlTypeKind;

namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t AppendHeader(char* data, size_t size, size_t count, void* out) {
  std::string_view line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
    static_cast<std::vector<std::pair<std::string, std::string>>*>(out)->emplace_back(std::move(name), value);
  }
  return size * count;
}

std::optional<std::string> FindHeader(const StatementClient::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Result<std::string> Base64Decode(std::string_view text) {
  auto digit = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int value = digit(c);
    if (value < 0) return InvalidData("invalid base64 in a varbinary value");
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

Result<std::string> UuidBytes(std::string_view text) {
  std::string out;
  int high = -1;
  for (char c : text) {
    if (c == '-') continue;
    int value = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : (c >= 'a' && c <= 'f')                     ? c - 'a' + 10
                : (c >= 'A' && c <= 'F')                     ? c - 'A' + 10
                                                             : -1;
    if (value < 0) return InvalidData("invalid uuid value '{}'", text);
    if (high < 0) {
      high = value;
    } else {
      out.push_back(static_cast<char>(high * 16 + value));
      high = -1;
    }
  }
  if (out.size() != 16 || high >= 0) return InvalidData("invalid uuid value '{}'", text);
  return out;
}

// One JSON value of a column as an engine Value of `type`.
Result<engine::Value> DecodeValue(const json::JsonValue& value, const SqlType& type) {
  using engine::Value;
  if (value.is_null()) return Value::Null();
  std::string_view text;
  if (value.is_string()) text = std::string_view(value.get_string().value());
  auto expect_text = [&]() -> Status {
    if (!value.is_string()) return InvalidData("expected a string for a {} value, got {}", engine::TypeSignature(type), json::ToJson(value));
    return Status::OK();
  };
  if (type.kind == SqlTypeKind::kArray || type.kind == SqlTypeKind::kRow) {
    if (!value.is_array()) return InvalidData("expected a JSON array for a {} value, got {}", engine::TypeSignature(type), json::ToJson(value));
    engine::Elements elements;
    size_t i = 0;
    json::JsonArray array = value.get_array().value();
    for (auto element : array) {
      if (type.kind == SqlTypeKind::kRow && i >= type.children.size()) break;
      FLOE_ASSIGN_OR_RETURN(auto decoded, DecodeValue(element, type.children[type.kind == SqlTypeKind::kArray ? 0 : i]));
      elements.push_back(std::move(decoded));
      ++i;
    }
    return Value::Nested(std::move(elements));
  }
  if (type.kind == SqlTypeKind::kMap) {
    if (!value.is_object()) return InvalidData("expected a JSON object for a {} value, got {}", engine::TypeSignature(type), json::ToJson(value));
    engine::Elements entries;
    json::JsonObject object = value.get_object().value();
    for (auto field : object) {
      std::string_view key = field.key;
      if (type.children[0].is_integral()) {
        int64_t number = 0;
        auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), number);
        if (error != std::errc() || end != key.data() + key.size()) return InvalidData("bad map key '{}'", key);
        entries.push_back(Value::Integer(number));
      } else if (type.children[0].kind == SqlTypeKind::kBoolean) {
        entries.push_back(Value::Boolean(key == "true"));
      } else {
        entries.push_back(Value::String(std::string(key)));
      }
      FLOE_ASSIGN_OR_RETURN(auto decoded, DecodeValue(field.value, type.children[1]));
      entries.push_back(std::move(decoded));
    }
    return Value::Nested(std::move(entries));
  }
  switch (type.kind) {
    case SqlTypeKind::kBoolean:
      if (!value.is_bool()) return InvalidData("expected a boolean, got {}", json::ToJson(value));
      return Value::Boolean(value.get_bool().value());
    case SqlTypeKind::kTinyint:
    case SqlTypeKind::kSmallint:
    case SqlTypeKind::kInteger:
    case SqlTypeKind::kBigint: {
      FLOE_ASSIGN_OR_RETURN(int64_t integer, json::AsLong(value, "value"));
      return Value::Integer(integer);
    }
    case SqlTypeKind::kReal:
    case SqlTypeKind::kDouble:
      if (value.is_string()) {
        if (text == "NaN") return Value::Double(std::numeric_limits<double>::quiet_NaN());
        if (text == "Infinity") return Value::Double(std::numeric_limits<double>::infinity());
        if (text == "-Infinity") return Value::Double(-std::numeric_limits<double>::infinity());
        return InvalidData("invalid floating point value '{}'", text);
      }
      if (value.is_double()) return Value::Double(value.get_double().value());
      if (value.is_int64()) return Value::Double(static_cast<double>(value.get_int64().value()));
      if (value.is_uint64()) return Value::Double(static_cast<double>(value.get_uint64().value()));
      return InvalidData("expected a number, got {}", json::ToJson(value));
    case SqlTypeKind::kDecimal: {
      FLOE_RETURN_IF_ERROR(expect_text());
      bool overflow = false;
      FLOE_ASSIGN_OR_RETURN(auto unscaled, engine::ParseDecimal(text, type.precision, type.scale, &overflow));
      return Value::Decimal(unscaled);
    }
    case SqlTypeKind::kVarbinary: {
      FLOE_RETURN_IF_ERROR(expect_text());
      FLOE_ASSIGN_OR_RETURN(std::string bytes, Base64Decode(text));
      return Value::String(std::move(bytes));
    }
    case SqlTypeKind::kUuid: {
      FLOE_RETURN_IF_ERROR(expect_text());
      FLOE_ASSIGN_OR_RETURN(std::string bytes, UuidBytes(text));
      return Value::String(std::move(bytes));
    }
    case SqlTypeKind::kDate: {
      FLOE_RETURN_IF_ERROR(expect_text());
      FLOE_ASSIGN_OR_RETURN(int64_t days, engine::ParseDate(text));
      return Value::Integer(days);
    }
    case SqlTypeKind::kIntervalDayToSecond:
    case SqlTypeKind::kIntervalYearToMonth: {
      FLOE_RETURN_IF_ERROR(expect_text());
      FLOE_ASSIGN_OR_RETURN(int64_t interval, engine::ParseInterval(text, type));
      return Value::Integer(interval);
    }
    case SqlTypeKind::kTime: {
      FLOE_RETURN_IF_ERROR(expect_text());
      FLOE_ASSIGN_OR_RETURN(int64_t micros, engine::ParseTimeMicros(text));
      return Value::Integer(micros);
    }
    case SqlTypeKind::kTimestamp:
    case SqlTypeKind::kTimestampTz: {
      FLOE_RETURN_IF_ERROR(expect_text());
      bool had_zone = false;
      FLOE_ASSIGN_OR_RETURN(int64_t micros,
                            engine::ParseTimestampMicros(text, type.kind == SqlTypeKind::kTimestampTz, &had_zone));
      return Value::Integer(micros);
    }
    default:
      // varchar, and everything shown as JSON text.
      if (value.is_string()) return Value::String(std::string(text));
      return Value::String(json::ToJson(value));
  }
}

class RemoteQueryResult final : public engine::QueryResult {
 public:
  RemoteQueryResult(std::shared_ptr<StatementClient> client, engine::Session session,
                    std::shared_ptr<engine::CancellationToken> cancellation)
      : client_(std::move(client)), session_(std::move(session)) {
    if (cancellation) cancellation_ = std::move(cancellation);
  }

  // POSTs `sql` and follows nextUri until the columns are known.
  Status Start(std::string_view sql) {
    FLOE_ASSIGN_OR_RETURN(auto response, client_->Send("POST", client_->server() + "/v1/statement", sql, session_));
    FLOE_RETURN_IF_ERROR(Absorb(response));
    while (!columns_known_ && next_uri_) {
      if (cancellation_->canceled()) {
        (void)client_->Send("DELETE", *next_uri_, "", session_);
        next_uri_.reset();
        return sql::SqlErrorNoLocation(sql::error_codes::kUserCanceled, "Query was canceled");
      }
      FLOE_RETURN_IF_ERROR(Fetch());
    }
    if (update_type_.empty()) update_type_ = "SELECT";  // Trino sends no updateType for queries
    return Status::OK();
  }

  Result<bool> Next(columnar::Batch* batch) override {
    while (true) {
      if (cancellation_->canceled()) {
        if (next_uri_) (void)client_->Send("DELETE", *next_uri_, "", session_);
        next_uri_.reset();
        pending_.clear();
        return sql::SqlErrorNoLocation(sql::error_codes::kUserCanceled, "Query was canceled");
      }
      if (!pending_.empty()) break;
      if (!next_uri_) return false;
      FLOE_RETURN_IF_ERROR(Fetch());
    }
    // One page of rows into one batch.
    std::vector<std::string> rows = std::move(pending_.front());
    pending_.pop_front();
    int64_t count = static_cast<int64_t>(rows.size());
    batch->columns.clear();
    batch->selection.reset();
    batch->num_rows = count;
    std::vector<json::JsonDocument> documents;
    documents.reserve(rows.size());
    for (const auto& row : rows) {
      FLOE_ASSIGN_OR_RETURN(auto document, json::JsonDocument::Parse(row));
      documents.push_back(std::move(document));
    }
    for (size_t c = 0; c < columns_.size(); ++c) {
      engine::VectorBuilder builder(columns_[c].type, count);
      for (int64_t r = 0; r < count; ++r) {
        FLOE_ASSIGN_OR_RETURN(auto array, json::AsArray(documents[static_cast<size_t>(r)].root(), "row"));
        if (c >= array.size()) return InvalidData("a result row has fewer values than columns");
        FLOE_ASSIGN_OR_RETURN(auto value, DecodeValue(array.at(c).value(), columns_[c].type));
        if (!value.is_null()) builder.SetValue(r, value);
      }
      batch->columns.push_back(builder.Finish());
    }
    return true;
  }

 private:
  Status Fetch() {
    FLOE_ASSIGN_OR_RETURN(auto response, client_->Send("GET", *next_uri_, "", session_));
    return Absorb(response);
  }

  // Takes in one QueryResults document.
  Status Absorb(const StatementClient::Response& response) {
    if (response.status != 200) {
      std::string body = response.body.substr(0, 300);
      while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
      if (response.status == 401) {
        return Status(ErrorKind::kNotAuthorized,
                      fmt::format("{} refused the request (HTTP 401 Unauthorized: {}); it needs a valid bearer token: "
                                  "pass --access-token (or FLOE_ACCESS_TOKEN), or --client-id with the secret in "
                                  "FLOE_CLIENT_SECRET",
                                  client_->server(), body.empty() ? "no body" : body));
      }
      return IOError("{} answered HTTP {}: {}", client_->server(), response.status, body);
    }
    ReadSessionUpdate(response.headers, &session_update_);
    if (auto catalog = FindHeader(response, "x-trino-set-catalog")) set_catalog_ = *catalog;
    if (auto schema = FindHeader(response, "x-trino-set-schema")) set_schema_ = *schema;
    FLOE_ASSIGN_OR_RETURN(auto document, json::JsonDocument::Parse(response.body));
    FLOE_ASSIGN_OR_RETURN(auto root, json::AsObject(document.root(), "QueryResults"));
    FLOE_ASSIGN_OR_RETURN(auto next, json::GetOptionalString(root, "nextUri"));
    next_uri_ = next ? std::optional<std::string>(std::string(*next)) : std::nullopt;
    if (auto error = json::Find(root, "error")) {
      next_uri_.reset();
      FLOE_ASSIGN_OR_RETURN(auto object, json::AsObject(*error, "error"));
      FLOE_ASSIGN_OR_RETURN(auto message, json::GetOptionalString(object, "message"));
      FLOE_ASSIGN_OR_RETURN(auto name, json::GetOptionalString(object, "errorName"));
      FLOE_ASSIGN_OR_RETURN(auto type, json::GetOptionalString(object, "errorType"));
      ErrorKind kind = type && *type == "USER_ERROR" ? ErrorKind::kBadRequest : ErrorKind::kInternal;
      return Status(kind, std::string(message.value_or("query failed"))).WithCode(std::string(name.value_or("")));
    }
    if (auto update = json::GetOptionalString(root, "updateType"); update.ok() && *update) {
      update_type_ = std::string(**update);
    }
    if (auto count = json::GetOptionalLong(root, "updateCount"); count.ok() && *count) update_count_ = **count;
    if (!columns_known_) {
      if (auto columns = json::Find(root, "columns")) {
        FLOE_ASSIGN_OR_RETURN(auto array, json::AsArray(*columns, "columns"));
        for (auto element : array) {
          FLOE_ASSIGN_OR_RETURN(auto column, json::AsObject(element, "column"));
          FLOE_ASSIGN_OR_RETURN(auto name, json::GetString(column, "name"));
          engine::ResultColumn result_column;
          result_column.name = std::string(name);
          std::optional<SqlType> type;
          if (auto signature = json::Find(column, "typeSignature"); signature && signature->is_object()) {
            type = SqlTypeOfSignature(signature->get_object().value());
          }
          result_column.type = type.value_or(SqlType::Varchar());
          FLOE_ASSIGN_OR_RETURN(auto type_text, json::GetOptionalString(column, "type"));
          result_column.type_signature = std::string(type_text.value_or(engine::TypeSignature(result_column.type)));
          columns_.push_back(std::move(result_column));
        }
        columns_known_ = true;
      }
    }
    if (auto data = json::Find(root, "data")) {
      FLOE_ASSIGN_OR_RETURN(auto rows, json::AsArray(*data, "data"));
      std::vector<std::string> page;
      for (auto row : rows) page.push_back(json::ToJson(row));
      if (!page.empty()) pending_.push_back(std::move(page));
    }
    if (!next_uri_) columns_known_ = true;  // finished: no columns means none
    return Status::OK();
  }

  std::shared_ptr<StatementClient> client_;
  engine::Session session_;
  std::optional<std::string> next_uri_;
  bool columns_known_ = false;
  std::deque<std::vector<std::string>> pending_;  // pages of rows as JSON text
};

}  // namespace

std::optional<SqlType> SqlTypeOfSignature(const json::JsonObject& signature) {
  auto raw = json::GetString(signature, "rawType");
  if (!raw.ok()) return std::nullopt;
  std::vector<int64_t> longs;
  std::vector<std::optional<SqlType>> children;  // TYPE and NAMED_TYPE arguments
  std::vector<std::string> field_names;
  if (auto arguments = json::Find(signature, "arguments"); arguments && arguments->is_array()) {
    json::JsonArray argument_array = arguments->get_array().value();
    for (auto argument : argument_array) {
      if (!argument.is_object()) continue;
      auto object = argument.get_object().value();
      auto kind = json::GetString(object, "kind");
      auto value = json::Find(object, "value");
      if (kind.ok() && *kind == "LONG" && value && value->is_int64()) longs.push_back(value->get_int64().value());
      if (kind.ok() && *kind == "TYPE" && value && value->is_object()) {
        children.push_back(SqlTypeOfSignature(value->get_object().value()));
        field_names.emplace_back();
      }
      if (kind.ok() && *kind == "NAMED_TYPE" && value && value->is_object()) {
        auto named = value->get_object().value();
        auto child = json::Find(named, "typeSignature");
        children.push_back(child && child->is_object() ? SqlTypeOfSignature(child->get_object().value()) : std::nullopt);
        std::string field_name;
        if (auto field = json::Find(named, "fieldName"); field && field->is_object()) {
          auto text = json::GetString(field->get_object().value(), "name");
          if (text.ok()) field_name = std::string(*text);
        }
        field_names.push_back(std::move(field_name));
      }
    }
  }
  std::string_view name = *raw;
  if (name == "array" || name == "map" || name == "row") {
    SqlType type = SqlType::Of(name == "array" ? SqlTypeKind::kArray : name == "map" ? SqlTypeKind::kMap : SqlTypeKind::kRow);
    for (const auto& child : children) {
      if (!child) return std::nullopt;  // shown as JSON text
      type.children.push_back(*child);
    }
    if ((name == "array" && children.size() != 1) || (name == "map" && children.size() != 2) || children.empty()) return std::nullopt;
    if (name == "map" && !type.children[0].is_integral() && type.children[0].kind != SqlTypeKind::kVarchar &&
        type.children[0].kind != SqlTypeKind::kBoolean) {
      return std::nullopt;
    }
    if (name == "row") type.field_names = field_names;
    return type;
  }
  static const std::pair<std::string_view, SqlTypeKind> kSimple[] = {
      {"boolean", SqlTypeKind::kBoolean}, {"tinyint", SqlTypeKind::kTinyint}, {"smallint", SqlTypeKind::kSmallint},
      {"integer", SqlTypeKind::kInteger}, {"bigint", SqlTypeKind::kBigint},   {"real", SqlTypeKind::kReal},
      {"double", SqlTypeKind::kDouble},   {"varbinary", SqlTypeKind::kVarbinary}, {"date", SqlTypeKind::kDate},
      {"uuid", SqlTypeKind::kUuid},       {"unknown", SqlTypeKind::kUnknown},
      {"interval day to second", SqlTypeKind::kIntervalDayToSecond},
      {"interval year to month", SqlTypeKind::kIntervalYearToMonth}};
  for (const auto& [simple, kind] : kSimple) {
    if (name == simple) return SqlType::Of(kind);
  }
  if (name == "varchar") {
    SqlType type = SqlType::Varchar();
    if (!longs.empty() && longs[0] != std::numeric_limits<int32_t>::max()) type.length = static_cast<int32_t>(longs[0]);
    return type;
  }
  if (name == "decimal" && longs.size() == 2) {
    return SqlType::Decimal(static_cast<int32_t>(longs[0]), static_cast<int32_t>(longs[1]));
  }
  // floe's values carry microseconds: other precisions are shown as text.
  if ((name == "time" || name == "timestamp" || name == "timestamp with time zone") && longs.size() == 1 &&
      longs[0] == 6) {
    if (name == "time") return SqlType{SqlTypeKind::kTime, 6};
    return SqlType::Timestamp(name != "timestamp");
  }
  return std::nullopt;
}

StatementClient::StatementClient(std::string server, std::string source, void* curl)
    : server_(std::move(server)), source_(std::move(source)), curl_(curl) {}

StatementClient::~StatementClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Result<std::shared_ptr<StatementClient>> StatementClient::Create(std::string server, std::string source) {
  while (!server.empty() && server.back() == '/') server.pop_back();
  if (!server.starts_with("http://") && !server.starts_with("https://")) {
    return BadRequest("--server must be an http:// or https:// URL, got '{}'", server);
  }
  static const CURLcode initialized = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (initialized != CURLE_OK) return IOError("libcurl failed to initialize");
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return IOError("libcurl failed to create a handle");
  return std::shared_ptr<StatementClient>(new StatementClient(std::move(server), std::move(source), curl));
}

Result<StatementClient::Response> StatementClient::Send(const std::string& method, const std::string& url,
                                                        std::string_view body, const engine::Session& session) {
  CURL* curl = static_cast<CURL*>(curl_);
  Response response;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method == "GET" ? nullptr : method.c_str());
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_slist* headers = nullptr;
  std::vector<std::string> lines = {
      "X-Trino-User: " + session.user,
      "X-Trino-Source: " + source_,
      "X-Trino-Catalog: " + session.catalog,
      "Content-Type: text/plain; charset=utf-8",
      "Expect:",
  };
  if (session.schema) lines.push_back("X-Trino-Schema: " + *session.schema);
  for (auto& line : SessionRequestHeaderLines(session)) lines.push_back(std::move(line));
  if (!session.time_zone.empty() && session.time_zone != "UTC") lines.push_back("X-Trino-Time-Zone: " + session.time_zone);
  if (!access_token_.empty()) lines.push_back("Authorization: Bearer " + access_token_);
  for (const auto& line : lines) headers = curl_slist_append(headers, line.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, AppendHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 300L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) return IOError("cannot reach {}: {}", server_, curl_easy_strerror(code));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

Result<std::unique_ptr<engine::QueryResult>> StatementClient::Execute(
    const engine::Session& session, std::string_view sql, std::shared_ptr<engine::CancellationToken> cancellation) {
  auto result = std::make_unique<RemoteQueryResult>(shared_from_this(), session, std::move(cancellation));
  FLOE_RETURN_IF_ERROR(result->Start(sql));
  return std::unique_ptr<engine::QueryResult>(std::move(result));
}

Result<std::string> RequestClientCredentialsToken(const std::string& token_url, const std::string& client_id,
                                                  const std::string& client_secret, const std::string& scope) {
  static const CURLcode initialized = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (initialized != CURLE_OK) return IOError("libcurl failed to initialize");
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return IOError("libcurl failed to create a handle");
  std::string form = "grant_type=client_credentials&client_id=" + server::PercentEncode(client_id) +
                     "&client_secret=" + server::PercentEncode(client_secret) + "&scope=" + server::PercentEncode(scope);
  std::string body;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/x-www-form-urlencoded");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, token_url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) return IOError("cannot reach the token endpoint {}: {}", token_url, curl_easy_strerror(code));
  std::string excerpt = body.substr(0, 300);
  if (status == 401 || status == 400) {
    return Status(ErrorKind::kNotAuthorized,
                  fmt::format("the token endpoint {} refused client '{}' (HTTP {}): {}", token_url, client_id, status, excerpt));
  }
  if (status != 200) return IOError("the token endpoint {} answered HTTP {}: {}", token_url, status, excerpt);
  FLOE_ASSIGN_OR_RETURN(auto document, json::JsonDocument::Parse(body));
  FLOE_ASSIGN_OR_RETURN(auto root, json::AsObject(document.root(), "token response"));
  FLOE_ASSIGN_OR_RETURN(auto token, json::GetString(root, "access_token"));
  return std::string(token);
}

}  // namespace floe::trino
