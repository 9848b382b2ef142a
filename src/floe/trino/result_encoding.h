// Trino client protocol encoding: how result columns, values and errors look
// in the QueryResults JSON document of `/v1/statement` (the shapes that
// trino-client, trino-python-client, the Trino CLI and JDBC parse).
//
// Values (Trino's JSON encoding per type):
//   boolean                     true / false
//   tinyint .. bigint           JSON numbers
//   real, double                JSON numbers; NaN and ±Infinity as the
//                               strings "NaN", "Infinity", "-Infinity"
//   decimal(p,s)                string "12.34"
//   varchar                     string
//   varbinary                   base64 string
//   date / time(6)              "2024-01-31" / "10:00:00.000000"
//   timestamp(6) [with tz]      "2024-01-31 10:00:00.000000" [" UTC"]
//   uuid                        "8-4-4-4-12" hex string
//   array / row                 JSON arrays (row: field values in order)
//   map                         JSON object, keys as their string encoding
//   NULL                        null
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "floe/columnar/vector.h"
#include "floe/common/json.h"
#include "floe/common/status.h"
#include "floe/engine/sql_type.h"

namespace floe::trino {

// {"rawType": "varchar", "arguments": [{"kind": "LONG", "value": 2147483647}]}
void WriteTypeSignature(json::JsonWriter& writer, const engine::SqlType& type);

// One column of "columns": {"name", "type", "typeSignature"}.
void WriteColumn(json::JsonWriter& writer, std::string_view name, const engine::SqlType& type);

// The value of `vector` at `row` (dictionary vectors included).
void WriteValue(json::JsonWriter& writer, const columnar::Vector& vector, int64_t row, const engine::SqlType& type);

// The "error" member: {message, errorCode, errorName, errorType,
// errorLocation {lineNumber, columnNumber}, failureInfo {type, message,
// suppressed, stack, errorLocation}}, from the Trino shape of `status`.
void WriteError(json::JsonWriter& writer, const Status& status);

// Standard base64 (with padding), as Trino encodes varbinary.
std::string Base64Encode(std::string_view bytes);

}  // namespace floe::trino
