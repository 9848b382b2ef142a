#include "warehouse.h"

#include <filesystem>
#include <system_error>

namespace floe::cli {

Result<std::string> PrepareWarehouse(std::string warehouse) {
  if (warehouse.find("://") != std::string::npos) return warehouse;
  std::error_code error;
  std::filesystem::create_directories(warehouse, error);
  if (error) return IOError("cannot create the warehouse directory {}: {}", warehouse, error.message());
  warehouse = std::filesystem::absolute(warehouse).lexically_normal().string();
  while (warehouse.size() > 1 && warehouse.back() == '/') warehouse.pop_back();
  return warehouse;
}

}  // namespace floe::cli
