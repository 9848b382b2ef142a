// The Trino protocol's session headers, both ways. Clients keep the session
// (properties, prepared statements, transaction) and send it with each
// statement; the server answers with what a statement changed.
//
// Request (client -> server), each header may repeat, values comma-separated:
//   X-Trino-Session: name=value[,name=value]          values percent-encoded
//   X-Trino-Prepared-Statement: name=sql[,name=sql]   SQL percent-encoded
//   X-Trino-Transaction-Id: <id> | NONE
// Response (server -> client), one header per change:
//   X-Trino-Set-Session: name=value   X-Trino-Clear-Session: name
//   X-Trino-Added-Prepare: name=sql   X-Trino-Deallocated-Prepare: name
//   X-Trino-Started-Transaction-Id: id   X-Trino-Clear-Transaction-Id: true
// Names of properties and prepared statements are percent-decoded too (as
// trino-client and the JDBC driver encode them).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "floe/engine/session.h"
#include "floe/server/http_message.h"

namespace floe::trino {

// Reads the request's session headers into `session`. Errors: kBadRequest
// naming the header for an entry without '=' or with a bad escape.
Status ReadSessionHeaders(const server::NameValuePairs& headers, engine::Session* session);

// The response headers for `update`.
void AddSessionUpdateHeaders(const engine::SessionUpdate& update, server::NameValuePairs* headers);

// Client side: the request header lines ("Name: value") for the session's
// properties, prepared statements and transaction.
std::vector<std::string> SessionRequestHeaderLines(const engine::Session& session);

// Client side: the changes a response's headers report (lower-cased names).
void ReadSessionUpdate(const server::NameValuePairs& headers, engine::SessionUpdate* update);

}  // namespace floe::trino
