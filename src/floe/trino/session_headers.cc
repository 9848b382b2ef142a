#include "floe/trino/session_headers.h"

#include <fmt/format.h>

namespace floe::trino {

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "a=1,b=2" -> {{a,1},{b,2}}, decoded.
Result<server::NameValuePairs> ParseEntries(std::string_view header_name, std::string_view value) {
  server::NameValuePairs entries;
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view entry = Trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    if (entry.empty()) continue;
    size_t equals = entry.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      return Status(ErrorKind::kBadRequest, fmt::format("Invalid {} header: '{}' is not name=value", header_name, entry));
    }
    auto name = server::PercentDecode(Trim(entry.substr(0, equals)), false);
    auto decoded = server::PercentDecode(Trim(entry.substr(equals + 1)), false);
    if (!name.ok() || !decoded.ok()) {
      return Status(ErrorKind::kBadRequest, fmt::format("Invalid {} header: bad percent-encoding in '{}'", header_name, entry));
    }
    entries.emplace_back(std::move(*name), std::move(*decoded));
  }
  return entries;
}

}  // namespace

Status ReadSessionHeaders(const server::NameValuePairs& headers, engine::Session* session) {
  for (const auto& [name, value] : headers) {
    if (name == "x-trino-session") {
      FLOE_ASSIGN_OR_RETURN(auto entries, ParseEntries("X-Trino-Session", value));
      for (auto& [property, text] : entries) session->properties[property] = std::move(text);
    } else if (name == "x-trino-prepared-statement") {
      FLOE_ASSIGN_OR_RETURN(auto entries, ParseEntries("X-Trino-Prepared-Statement", value));
      for (auto& [statement, sql] : entries) session->prepared_statements[statement] = std::move(sql);
    } else if (name == "x-trino-transaction-id") {
      std::string_view id = Trim(value);
      if (!id.empty() && id != "NONE" && id != "none") session->transaction_id = std::string(id);
    }
  }
  return Status::OK();
}

void AddSessionUpdateHeaders(const engine::SessionUpdate& update, server::NameValuePairs* headers) {
  for (const auto& [name, value] : update.set_properties) {
    headers->emplace_back("X-Trino-Set-Session", name + "=" + server::PercentEncode(value));
  }
  for (const auto& name : update.reset_properties) headers->emplace_back("X-Trino-Clear-Session", name);
  for (const auto& [name, sql] : update.added_prepared_statements) {
    headers->emplace_back("X-Trino-Added-Prepare", server::PercentEncode(name) + "=" + server::PercentEncode(sql));
  }
  for (const auto& name : update.deallocated_prepared_statements) {
    headers->emplace_back("X-Trino-Deallocated-Prepare", server::PercentEncode(name));
  }
  if (update.started_transaction_id) headers->emplace_back("X-Trino-Started-Transaction-Id", *update.started_transaction_id);
  if (update.clear_transaction_id) headers->emplace_back("X-Trino-Clear-Transaction-Id", "true");
}

std::vector<std::string> SessionRequestHeaderLines(const engine::Session& session) {
  std::vector<std::string> lines;
  for (const auto& [name, value] : session.properties) {
    lines.push_back("X-Trino-Session: " + name + "=" + server::PercentEncode(value));
  }
  for (const auto& [name, sql] : session.prepared_statements) {
    lines.push_back("X-Trino-Prepared-Statement: " + server::PercentEncode(name) + "=" + server::PercentEncode(sql));
  }
  lines.push_back("X-Trino-Transaction-Id: " + session.transaction_id.value_or("NONE"));
  return lines;
}

void ReadSessionUpdate(const server::NameValuePairs& headers, engine::SessionUpdate* update) {
  for (const auto& [name, value] : headers) {
    if (name == "x-trino-set-session" || name == "x-trino-added-prepare") {
      size_t equals = value.find('=');
      if (equals == std::string::npos) continue;
      auto key = server::PercentDecode(value.substr(0, equals), false);
      auto decoded = server::PercentDecode(value.substr(equals + 1), false);
      if (!key.ok() || !decoded.ok()) continue;
      if (name == "x-trino-set-session") update->set_properties[*key] = *decoded;
      else update->added_prepared_statements[*key] = *decoded;
    } else if (name == "x-trino-clear-session") {
      update->reset_properties.push_back(value);
    } else if (name == "x-trino-deallocated-prepare") {
      auto decoded = server::PercentDecode(value, false);
      if (decoded.ok()) update->deallocated_prepared_statements.push_back(*decoded);
    } else if (name == "x-trino-started-transaction-id") {
      update->started_transaction_id = value;
    } else if (name == "x-trino-clear-transaction-id") {
      update->clear_transaction_id = true;
    }
  }
}

}  // namespace floe::trino
