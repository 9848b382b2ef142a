#include "floe/trino/session_headers.h"

#include <gtest/gtest.h>

namespace floe::trino {
namespace {

TEST(SessionHeaders, ReadsPropertiesPreparedStatementsAndTransaction) {
  server::NameValuePairs headers = {
      {"x-trino-session", "query_max_memory=1GB, iceberg.sorted_writing_enabled=false"},
      {"x-trino-session", "other=a%2Cb"},  // repeated headers add up; values are percent-decoded
      {"x-trino-prepared-statement", "q1=SELECT%20%3F%20%2B%201,q%202=SELECT%201"},
      {"x-trino-transaction-id", "0e6f7c6a-1111-2222-3333-444455556666"},
  };
  engine::Session session;
  ASSERT_TRUE(ReadSessionHeaders(headers, &session).ok());
  EXPECT_EQ(session.properties.at("query_max_memory"), "1GB");
  EXPECT_EQ(session.properties.at("iceberg.sorted_writing_enabled"), "false");
  EXPECT_EQ(session.properties.at("other"), "a,b");
  EXPECT_EQ(session.prepared_statements.at("q1"), "SELECT ? + 1");
  EXPECT_EQ(session.prepared_statements.at("q 2"), "SELECT 1");
  EXPECT_EQ(session.transaction_id, "0e6f7c6a-1111-2222-3333-444455556666");

  engine::Session none;
  ASSERT_TRUE(ReadSessionHeaders({{"x-trino-transaction-id", "NONE"}}, &none).ok());
  EXPECT_FALSE(none.transaction_id.has_value());
}

TEST(SessionHeaders, MalformedEntriesAreBadRequests) {
  engine::Session session;
  Status missing_value = ReadSessionHeaders({{"x-trino-session", "no_equals_sign"}}, &session);
  EXPECT_EQ(missing_value.kind(), ErrorKind::kBadRequest);
  EXPECT_NE(missing_value.message().find("X-Trino-Session"), std::string::npos);
  EXPECT_EQ(ReadSessionHeaders({{"x-trino-session", "=1"}}, &session).kind(), ErrorKind::kBadRequest);
  EXPECT_EQ(ReadSessionHeaders({{"x-trino-prepared-statement", "q=%G1"}}, &session).kind(), ErrorKind::kBadRequest);
}

TEST(SessionHeaders, UpdatesRoundTripThroughTheResponseHeaders) {
  engine::SessionUpdate update;
  update.set_properties["query_max_memory"] = "512MB";
  update.reset_properties.push_back("iceberg.sorted_writing_enabled");
  update.added_prepared_statements["q"] = "SELECT * FROM t WHERE a = ? AND b = 'x,y'";
  update.deallocated_prepared_statements.push_back("old");
  update.started_transaction_id = "tx-1";
  update.clear_transaction_id = true;
  server::NameValuePairs headers;
  AddSessionUpdateHeaders(update, &headers);
  // What a client reads back (header names lower-cased, as libcurl's callback stores them).
  for (auto& [name, value] : headers) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  engine::SessionUpdate read;
  ReadSessionUpdate(headers, &read);
  EXPECT_EQ(read.set_properties, update.set_properties);
  EXPECT_EQ(read.reset_properties, update.reset_properties);
  EXPECT_EQ(read.added_prepared_statements, update.added_prepared_statements);
  EXPECT_EQ(read.deallocated_prepared_statements, update.deallocated_prepared_statements);
  EXPECT_EQ(read.started_transaction_id, update.started_transaction_id);
  EXPECT_TRUE(read.clear_transaction_id);

  engine::Session session;
  read.ApplyTo(&session);
  std::vector<std::string> lines = SessionRequestHeaderLines(session);
  server::NameValuePairs sent;
  for (const auto& line : lines) {
    size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    sent.emplace_back(name, line.substr(colon + 2));
  }
  engine::Session received;
  ASSERT_TRUE(ReadSessionHeaders(sent, &received).ok());
  EXPECT_EQ(received.properties, session.properties);
  EXPECT_EQ(received.prepared_statements, session.prepared_statements);
  EXPECT_FALSE(received.transaction_id.has_value());  // started, then cleared
}

}  // namespace
}  // namespace floe::trino
