#include "floe/server/http_message.h"

#include <strings.h>

#include "floe/common/json.h"

namespace floe::server {

std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> HttpRequest::QueryParameter(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string_view HttpRequest::PathParameter(std::string_view name) const {
  for (const auto& [key, value] : path_parameters) {
    if (key == name) return value;
  }
  return {};
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

HttpResponse HttpResponse::Text(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

HttpResponse HttpResponse::NoContent() {
  HttpResponse response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

HttpResponse HttpResponse::Error(const Status& status) {
  return Error(HttpStatusOf(status.kind()), RestErrorTypeOf(status.kind()), status.message());
}

HttpResponse HttpResponse::Error(int http_status, std::string_view type, std::string_view message) {
  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("error");
  writer->StartObject();
  writer.Key("message");
  writer.String(message);
  writer.Key("type");
  writer.String(type);
  writer.Key("code");
  writer->Int(http_status);
  writer->EndObject();
  writer->EndObject();
  return Json(http_status, writer.Take());
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return BadRequest("Malformed percent-encoding in '{}'", text);
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return BadRequest("Malformed percent-encoding in '{}'", text);
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<NameValuePairs> ParseQueryString(std::string_view query) {
  NameValuePairs pairs;
  while (!query.empty()) {
    size_t end = query.find('&');
    std::string_view part = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    if (part.empty()) continue;
    size_t equals = part.find('=');
    FLOE_ASSIGN_OR_RETURN(std::string name, PercentDecode(part.substr(0, equals), true));
    std::string value;
    if (equals != std::string_view::npos) {
      FLOE_ASSIGN_OR_RETURN(value, PercentDecode(part.substr(equals + 1), true));
    }
    pairs.emplace_back(std::move(name), std::move(value));
  }
  return pairs;
}

}  // namespace floe::server
