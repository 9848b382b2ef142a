// MetricsRegistry: counters and histograms exported in the Prometheus text
// format (`GET /metrics`).
//
// Contract:
// - Thread-safe. Get* returns a reference that stays valid for the registry's
//   lifetime; callers keep it and update it lock-free (atomics), so the hot
//   path never takes the registry's lock.
// - A metric family is identified by its name; every distinct label set is one
//   series. Registering the same family as two different types is a bug and
//   returns the existing family's series of the first type registered
//   (Get* never fails).
// - Other layers that must not depend on the server (the catalog) publish
//   their own atomics and are exported through AddCounterFunction.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace floe::server {

// Label name/value pairs, e.g. {{"route", "GET /v1/config"}, {"status", "200"}}.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Increment(uint64_t amount = 1) { value_.fetch_add(amount, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A cumulative histogram with fixed upper bounds (in the observed unit,
// seconds for latencies).
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  const std::vector<double>& upper_bounds() const { return upper_bounds_; }
  // Per-bucket (non-cumulative) counts; the last is the +Inf bucket.
  std::vector<uint64_t> BucketCounts() const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const;

 private:
  std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_nanos_{0};  // sum * 1e9, so that adds stay lock-free
};

// Latency buckets from 100 µs to 10 s.
std::vector<double> DefaultLatencyBounds();

class MetricsRegistry {
 public:
  Counter& GetCounter(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help, const MetricLabels& labels = {},
                          const std::vector<double>& upper_bounds = DefaultLatencyBounds());
  // A counter whose value is read from `read` at scrape time.
  void AddCounterFunction(std::string_view name, std::string_view help, const MetricLabels& labels,
                          std::function<uint64_t()> read);
  // A gauge whose value is read from `read` at scrape time.
  void AddGaugeFunction(std::string_view name, std::string_view help, const MetricLabels& labels,
                        std::function<double()> read);

  // The whole registry in the Prometheus text exposition format 0.0.4.
  std::string RenderPrometheus() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series {
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> read;
  };
  struct Family {
    Type type;
    std::string help;
    std::map<std::string, Series> series;  // keyed by rendered labels
  };
  Family& FamilyFor(std::string_view name, std::string_view help, Type type);

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
};

// `{a="x",b="y"}` with Prometheus escaping; empty for no labels.
std::string RenderLabels(const MetricLabels& labels);

}  // namespace floe::server
