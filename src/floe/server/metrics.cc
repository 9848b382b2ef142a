#include "floe/server/metrics.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace floe::server {

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      buckets_(new std::atomic<uint64_t>[upper_bounds_.size() + 1]) {
  std::sort(upper_bounds_.begin(), upper_bounds_.end());
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  size_t bucket = static_cast<size_t>(std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) -
                                      upper_bounds_.begin());
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  if (value > 0 && std::isfinite(value)) {
    sum_nanos_.fetch_add(static_cast<uint64_t>(value * 1e9), std::memory_order_relaxed);
  }
}

std::vector<uint64_t> Histogram::BucketCounts() const {
  std::vector<uint64_t> counts(upper_bounds_.size() + 1);
  for (size_t i = 0; i < counts.size(); ++i) counts[i] = buckets_[i].load(std::memory_order_relaxed);
  return counts;
}

double Histogram::sum() const { return static_cast<double>(sum_nanos_.load(std::memory_order_relaxed)) / 1e9; }

std::vector<double> DefaultLatencyBounds() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

namespace {
void AppendEscaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

// Inserts `extra` (already rendered `k="v"`) into a rendered label set.
std::string WithLabel(const std::string& labels, const std::string& extra) {
  if (labels.empty()) return "{" + extra + "}";
  return labels.substr(0, labels.size() - 1) + "," + extra + "}";
}

std::string FormatNumber(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}
}  // namespace

std::string RenderLabels(const MetricLabels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ',';
    out += labels[i].first;
    out += "=\"";
    AppendEscaped(out, labels[i].second);
    out += '"';
  }
  out += '}';
  return out;
}

MetricsRegistry::Family& MetricsRegistry::FamilyFor(std::string_view name, std::string_view help, Type type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{type, std::string(help), {}}).first;
  }
  return it->second;
}

Counter& MetricsRegistry::GetCounter(std::string_view name, std::string_view help, const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, help, Type::kCounter);
  Series& series = family.series[RenderLabels(labels)];
  if (!series.counter) series.counter = std::make_unique<Counter>();
  return *series.counter;
}

Histogram& MetricsRegistry::GetHistogram(std::string_view name, std::string_view help, const MetricLabels& labels,
                                         const std::vector<double>& upper_bounds) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, help, Type::kHistogram);
  Series& series = family.series[RenderLabels(labels)];
  if (!series.histogram) series.histogram = std::make_unique<Histogram>(upper_bounds);
  return *series.histogram;
}

void MetricsRegistry::AddCounterFunction(std::string_view name, std::string_view help, const MetricLabels& labels,
                                         std::function<uint64_t()> read) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, help, Type::kCounter);
  family.series[RenderLabels(labels)].read = [read = std::move(read)] { return static_cast<double>(read()); };
}

void MetricsRegistry::AddGaugeFunction(std::string_view name, std::string_view help, const MetricLabels& labels,
                                       std::function<double()> read) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, help, Type::kGauge);
  family.series[RenderLabels(labels)].read = std::move(read);
}

std::string MetricsRegistry::RenderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out.reserve(4096);
  for (const auto& [name, family] : families_) {
    std::string_view type = family.type == Type::kCounter ? "counter"
                            : family.type == Type::kGauge ? "gauge"
                                                          : "histogram";
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, family.help, name, type);
    for (const auto& [labels, series] : family.series) {
      if (series.read) {
        fmt::format_to(std::back_inserter(out), "{}{} {}\n", name, labels, FormatNumber(series.read()));
      } else if (series.counter) {
        fmt::format_to(std::back_inserter(out), "{}{} {}\n", name, labels, series.counter->value());
      } else if (series.histogram) {
        const Histogram& histogram = *series.histogram;
        std::vector<uint64_t> counts = histogram.BucketCounts();
        uint64_t cumulative = 0;
        for (size_t i = 0; i < counts.size(); ++i) {
          cumulative += counts[i];
          double bound = i < histogram.upper_bounds().size() ? histogram.upper_bounds()[i]
                                                             : std::numeric_limits<double>::infinity();
          fmt::format_to(std::back_inserter(out), "{}_bucket{} {}\n", name,
                         WithLabel(labels, "le=\"" + FormatNumber(bound) + "\""), cumulative);
        }
        fmt::format_to(std::back_inserter(out), "{}_sum{} {}\n{}_count{} {}\n", name, labels,
                       FormatNumber(histogram.sum()), name, labels, cumulative);
      }
    }
  }
  return out;
}

}  // namespace floe::server
