// libFuzzer target for the SQL lexer and parser: any bytes must parse or
// fail with a SYNTAX_ERROR / NOT_SUPPORTED status, never crash or hang, and
// what parses must print as SQL that parses again to the same text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "floe/sql/formatter.h"
#include "floe/sql/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  auto statement = floe::sql::ParseStatement(sql);
  if (statement.ok()) {
    std::string printed = floe::sql::FormatStatement(*statement);
    auto again = floe::sql::ParseStatement(printed);
    // The printer parenthesizes nested operators, so a statement just under
    // the parser's nesting limit can print as one over it: not a defect.
    bool too_deep = !again.ok() && again.status().message().find("too deeply nested") != std::string::npos;
    if (!too_deep && (!again.ok() || floe::sql::FormatStatement(*again) != printed)) std::abort();
  }
  floe::sql::ParseExpression(sql).status().IgnoreError();
  floe::sql::SplitStatements(sql);
  return 0;
}
