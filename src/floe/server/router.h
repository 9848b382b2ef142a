// Router: maps (method, path) onto handlers through path templates such as
// `/v1/{prefix}/namespaces/{namespace}/tables/{table}`.
//
// Contract:
// - Add() is called while setting up, before the server starts; Route() is
//   then thread-safe (the router is read-only while serving).
// - A `{name}` segment captures one whole path segment, percent-decoded
//   (`%1F` stays the 0x1F byte, `%2F` a '/' inside the capture). Literal
//   segments match exactly. Routes are tried in the order they were added,
//   so add more literal routes first.
// - HEAD falls back to the GET route of the same path when no HEAD route is
//   registered (the server sends the headers without the body).
// - No match gives 404; a path that matches with another method gives 405
//   with an `Allow` header. Both carry IcebergErrorResponse bodies.
// - A handler must not throw; if it does, the server answers 500.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "floe/server/http_message.h"

namespace floe::server {

using RouteHandler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  // `name` labels the route in logs and metrics; it defaults to
  // "<METHOD> <template>". `never_blocks` marks a handler that only computes
  // (no database, no storage): the server runs it on the I/O thread even when
  // it has a handler pool (HttpServerOptions::handler_threads).
  void Add(std::string_view method, std::string_view path_template, RouteHandler handler, std::string name = "",
           bool never_blocks = false);

  struct Resolution {
    const RouteHandler* handler = nullptr;  // nullptr: `error` is the response
    bool never_blocks = false;              // the route's never_blocks
    std::string_view route_name;             // "unmatched" when nothing matched
    HttpResponse error;
  };
  // Finds the route for `request` and fills `request->path_parameters`.
  Resolution Route(HttpRequest* request) const;

  // Every registered "<METHOD> <template>", in order (for /v1/config endpoints).
  std::vector<std::string> Endpoints() const;

 private:
  struct Segment {
    bool is_parameter = false;
    std::string text;  // literal text or parameter name
  };
  struct Entry {
    std::string method;
    std::string path_template;
    std::vector<Segment> segments;
    RouteHandler handler;
    std::string name;
    bool never_blocks = false;
  };
  static bool Matches(const Entry& entry, const std::vector<std::string_view>& segments);

  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace floe::server
