// CALL statements (Trino's procedures): parsing and printing.
#include <gtest/gtest.h>

#include "floe/sql/error.h"
#include "floe/sql/formatter.h"
#include "floe/sql/parser.h"

namespace floe::sql {
namespace {

std::string RoundTrip(std::string_view sql) {
  auto statement = ParseStatement(sql);
  EXPECT_TRUE(statement.ok()) << sql << " -> " << statement.status().ToString();
  if (!statement.ok()) return "";
  std::string printed = FormatStatement(*statement);
  auto again = ParseStatement(printed);
  EXPECT_TRUE(again.ok()) << printed << " -> " << again.status().ToString();
  if (again.ok()) {
    EXPECT_EQ(FormatStatement(*again), printed);
  }
  return printed;
}

TEST(CallParser, PositionalAndNamedArguments) {
  EXPECT_EQ(RoundTrip("call iceberg.system.register_table('s', 't', 's3://b/t')"),
            "CALL iceberg.system.register_table('s', 't', 's3://b/t')");
  EXPECT_EQ(RoundTrip("CALL system.register_table(schema_name => 's', table_name => 't', table_location => '/x')"),
            "CALL system.register_table(schema_name => 's', table_name => 't', table_location => '/x')");
  EXPECT_EQ(RoundTrip("CALL system.noop()"), "CALL system.noop()");
  auto statement = ParseStatement("CALL iceberg.system.register_table('s', table_name => 't')");
  ASSERT_TRUE(statement.ok());
  const auto& call = std::get<Call>(statement->node);
  ASSERT_EQ(call.procedure.parts.size(), 3u);
  ASSERT_EQ(call.arguments.size(), 2u);
  EXPECT_FALSE(call.arguments[0].name.has_value());
  EXPECT_EQ(call.arguments[1].name->value, "table_name");
  EXPECT_EQ(call.arguments[1].value->text, "t");
  EXPECT_EQ(call.arguments[1].location.column, 41);
}

TEST(CallParser, MalformedCallsAreSyntaxErrors) {
  for (const char* sql : {"CALL", "CALL p", "CALL p(", "CALL p('a',)", "CALL p(x => )", "CALL p('a') extra"}) {
    auto statement = ParseStatement(sql);
    ASSERT_FALSE(statement.ok()) << sql;
    EXPECT_EQ(DescribeError(statement.status()).error_name, "SYNTAX_ERROR") << sql;
  }
}

}  // namespace
}  // namespace floe::sql
