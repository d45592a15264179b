#include "libvirt-driver/connection/domain_monitor.hpp"

#include <algorithm>

namespace spicedesk::virt {

Status DomainMonitor::refresh() {
    auto listed = connection_.list_domains();
    if (!listed) {
        return listed.error();
    }
    std::vector<DomainStatus> fresh;
    fresh.reserve(listed->size());
    for (auto& info : *listed) {
        const bool active = info.id >= 0;
        const double cpu = active ? usage_.sample(info.uuid, info.cpu_time_ns, info.vcpus) : 0.0;
        fresh.push_back(DomainStatus{std::move(info), cpu});
    }
    std::sort(fresh.begin(), fresh.end(), [](const DomainStatus& a, const DomainStatus& b) {
        return a.info.name < b.info.name;
    });
    domains_ = std::move(fresh);
    return {};
}

}  // namespace spicedesk::virt
