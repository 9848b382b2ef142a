// HealthChecks and the operational routes: `/healthz` (the process serves
// HTTP), `/readyz` (every registered readiness check passes, e.g. the catalog
// database answers) and `/metrics` (Prometheus).
//
// Contract: AddReadinessCheck is called while setting up; RunReadinessChecks
// is thread-safe and runs the checks one after another on the calling thread.
// A check returns OK or an error whose message /readyz reports (503).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "floe/common/status.h"
#include "floe/server/metrics.h"
#include "floe/server/router.h"

namespace floe::server {

class HealthChecks {
 public:
  void AddReadinessCheck(std::string name, std::function<Status()> check);
  // Every check's name and outcome, in registration order.
  std::vector<std::pair<std::string, Status>> RunReadinessChecks() const;

 private:
  std::vector<std::pair<std::string, std::function<Status()>>> checks_;
};

// Adds GET /healthz, GET /readyz and GET /metrics to `router`.
void AddOperationalRoutes(Router& router, std::shared_ptr<const HealthChecks> health,
                          std::shared_ptr<const MetricsRegistry> metrics);

}  // namespace floe::server
