#pragma once

// What a manager window shows of each domain: its info and CPU use, refreshed on demand
// (on a timer and on libvirt events). Sorted by name.

#include <vector>

#include "common/result.hpp"
#include "libvirt-driver/connection/connection.hpp"
#include "libvirt-driver/connection/cpu_usage.hpp"

namespace spicedesk::virt {

struct DomainStatus {
    DomainInfo info;
    double cpu_percent = 0.0;
};

class DomainMonitor {
  public:
    explicit DomainMonitor(const Connection& connection) : connection_(connection) {}

    Status refresh();
    const std::vector<DomainStatus>& domains() const { return domains_; }

  private:
    const Connection& connection_;
    CpuUsage usage_;
    std::vector<DomainStatus> domains_;
};

}  // namespace spicedesk::virt
