#include "floe/server/health.h"

#include "floe/common/json.h"

namespace floe::server {

void HealthChecks::AddReadinessCheck(std::string name, std::function<Status()> check) {
  checks_.emplace_back(std::move(name), std::move(check));
}

std::vector<std::pair<std::string, Status>> HealthChecks::RunReadinessChecks() const {
  std::vector<std::pair<std::string, Status>> outcomes;
  for (const auto& [name, check] : checks_) outcomes.emplace_back(name, check());
  return outcomes;
}

void AddOperationalRoutes(Router& router, std::shared_ptr<const HealthChecks> health,
                          std::shared_ptr<const MetricsRegistry> metrics) {
  // /healthz and /metrics never block, so they answer even while every
  // handler thread waits on a database; /readyz asks the database.
  router.Add(
      "GET", "/healthz", [](const HttpRequest&) { return HttpResponse::Json(200, R"({"status":"ok"})"); }, "",
      /*never_blocks=*/true);
  router.Add("GET", "/readyz", [health](const HttpRequest&) {
    json::JsonWriter writer;
    writer->StartObject();
    writer.Key("checks");
    writer->StartObject();
    bool ready = true;
    for (const auto& [name, status] : health->RunReadinessChecks()) {
      writer.Key(name);
      writer.String(status.ok() ? "ok" : status.ToString());
      ready = ready && status.ok();
    }
    writer->EndObject();
    writer.Key("status");
    writer.String(ready ? "ready" : "not ready");
    writer->EndObject();
    return HttpResponse::Json(ready ? 200 : 503, writer.Take());
  });
  router.Add(
      "GET", "/metrics",
      [metrics](const HttpRequest&) {
        HttpResponse response = HttpResponse::Text(200, metrics->RenderPrometheus());
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        return response;
      },
      "", /*never_blocks=*/true);
}

}  // namespace floe::server
