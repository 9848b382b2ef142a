#include "floe/server/metrics.h"

#include <thread>

#include <gtest/gtest.h>

namespace floe::server {
namespace {

TEST(MetricsTest, CountersAreSharedPerLabelSet) {
  MetricsRegistry registry;
  Counter& a = registry.GetCounter("floe_test_total", "A test counter", {{"kind", "a"}});
  Counter& again = registry.GetCounter("floe_test_total", "A test counter", {{"kind", "a"}});
  Counter& b = registry.GetCounter("floe_test_total", "A test counter", {{"kind", "b\"quoted\""}});
  EXPECT_EQ(&a, &again);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) a.Increment();
    });
  }
  for (auto& thread : threads) thread.join();
  b.Increment(7);
  std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("# TYPE floe_test_total counter"), std::string::npos);
  EXPECT_NE(text.find("floe_test_total{kind=\"a\"} 4000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("floe_test_total{kind=\"b\\\"quoted\\\"\"} 7\n"), std::string::npos) << text;
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  MetricsRegistry registry;
  Histogram& histogram = registry.GetHistogram("floe_latency_seconds", "Latency", {{"route", "r"}}, {0.1, 1});
  histogram.Observe(0.05);
  histogram.Observe(0.5);
  histogram.Observe(5);
  std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("floe_latency_seconds_bucket{route=\"r\",le=\"0.1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("floe_latency_seconds_bucket{route=\"r\",le=\"1\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("floe_latency_seconds_bucket{route=\"r\",le=\"+Inf\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("floe_latency_seconds_count{route=\"r\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("floe_latency_seconds_sum{route=\"r\"} 5.55"), std::string::npos) << text;
}

TEST(MetricsTest, FunctionsAreReadAtScrapeTime) {
  MetricsRegistry registry;
  uint64_t commits = 3;
  registry.AddCounterFunction("floe_commits_total", "Commits", {}, [&] { return commits; });
  registry.AddGaugeFunction("floe_cache_entries", "Entries", {}, [] { return 2.5; });
  commits = 5;
  std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("floe_commits_total 5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE floe_cache_entries gauge\nfloe_cache_entries 2.5\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace floe::server
