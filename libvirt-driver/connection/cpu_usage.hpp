#pragma once

// Guest CPU use in percent from two samples of a domain's cumulative CPU time, as
// virt-manager shows it: the share of the domain's vCPUs that was busy, 0–100.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace spicedesk::virt {

class CpuUsage {
  public:
    using Clock = std::chrono::steady_clock;

    // Records a sample; returns the use since the previous sample of that domain (0 for the
    // first sample, or when the domain restarted and its counter went back).
    double sample(const std::string& uuid, std::uint64_t cpu_time_ns, unsigned vcpus,
                  Clock::time_point now = Clock::now());

  private:
    struct Sample {
        std::uint64_t cpu_time_ns;
        Clock::time_point at;
    };
    std::map<std::string, Sample> last_;
};

}  // namespace spicedesk::virt
