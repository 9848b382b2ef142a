#include "floe/server/router.h"

#include <fmt/format.h>

namespace floe::server {

namespace {
// Splits "/a/b/c" into {"a","b","c"}; "/" into {}. A trailing slash yields an
// empty last segment, which no template matches.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return segments;
  while (true) {
    size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}
}  // namespace

void Router::Add(std::string_view method, std::string_view path_template, RouteHandler handler, std::string name,
                 bool never_blocks) {
  auto entry = std::make_unique<Entry>();
  entry->method = std::string(method);
  entry->path_template = std::string(path_template);
  for (std::string_view part : SplitPath(path_template)) {
    Segment segment;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      segment.is_parameter = true;
      segment.text = std::string(part.substr(1, part.size() - 2));
    } else {
      segment.text = std::string(part);
    }
    entry->segments.push_back(std::move(segment));
  }
  entry->handler = std::move(handler);
  entry->never_blocks = never_blocks;
  entry->name = name.empty() ? fmt::format("{} {}", method, path_template) : std::move(name);
  entries_.push_back(std::move(entry));
}

bool Router::Matches(const Entry& entry, const std::vector<std::string_view>& segments) {
  if (entry.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& segment = entry.segments[i];
    if (segment.is_parameter) {
      if (segments[i].empty()) return false;
    } else if (segment.text != segments[i]) {
      return false;
    }
  }
  return true;
}

Router::Resolution Router::Route(HttpRequest* request) const {
  std::vector<std::string_view> segments = SplitPath(request->path);
  const Entry* found = nullptr;
  const Entry* get_fallback = nullptr;
  std::string allowed;
  for (const auto& entry : entries_) {
    if (!Matches(*entry, segments)) continue;
    if (entry->method == request->method) {
      found = entry.get();
      break;
    }
    if (request->method == "HEAD" && entry->method == "GET" && get_fallback == nullptr) get_fallback = entry.get();
    if (allowed.find(entry->method) == std::string::npos) {
      if (!allowed.empty()) allowed += ", ";
      allowed += entry->method;
    }
  }
  if (found == nullptr) found = get_fallback;
  Resolution resolution;
  if (found == nullptr) {
    resolution.route_name = "unmatched";
    if (allowed.empty()) {
      resolution.error = HttpResponse::Error(404, "NotFoundException",
                                             fmt::format("No route for {} {}", request->method, request->path));
    } else {
      resolution.error = HttpResponse::Error(
          405, "MethodNotAllowedException",
          fmt::format("Method {} is not allowed on {}; allowed: {}", request->method, request->path, allowed));
      resolution.error.headers.emplace_back("Allow", allowed);
    }
    return resolution;
  }
  request->path_parameters.clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    if (!found->segments[i].is_parameter) continue;
    auto decoded = PercentDecode(segments[i], false);
    if (!decoded.ok()) {
      resolution.route_name = found->name;
      resolution.error = HttpResponse::Error(decoded.status());
      return resolution;
    }
    request->path_parameters.emplace_back(found->segments[i].text, std::move(decoded).value());
  }
  resolution.handler = &found->handler;
  resolution.never_blocks = found->never_blocks;
  resolution.route_name = found->name;
  return resolution;
}

std::vector<std::string> Router::Endpoints() const {
  std::vector<std::string> endpoints;
  for (const auto& entry : entries_) endpoints.push_back(fmt::format("{} {}", entry->method, entry->path_template));
  return endpoints;
}

}  // namespace floe::server
