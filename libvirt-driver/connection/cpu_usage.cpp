#include "libvirt-driver/connection/cpu_usage.hpp"

#include <algorithm>

namespace spicedesk::virt {

double CpuUsage::sample(const std::string& uuid, std::uint64_t cpu_time_ns, unsigned vcpus,
                        Clock::time_point now) {
    const auto previous = last_.find(uuid);
    double percent = 0.0;
    if (previous != last_.end() && cpu_time_ns >= previous->second.cpu_time_ns && vcpus > 0) {
        const auto wall_ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(now - previous->second.at).count();
        if (wall_ns > 0) {
            const double busy = static_cast<double>(cpu_time_ns - previous->second.cpu_time_ns);
            percent = 100.0 * busy / (static_cast<double>(wall_ns) * vcpus);
        }
    }
    last_[uuid] = Sample{cpu_time_ns, now};
    return std::clamp(percent, 0.0, 100.0);
}

}  // namespace spicedesk::virt
