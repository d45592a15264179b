#pragma once

// One open libvirt connection and the domain operations spicedesk performs on it, through
// the libvirt C API. Owned by one thread at a time (libvirt handles are thread-safe, but the
// last-error state it reports is per thread).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "libvirt-driver/connection/virt_handles.hpp"

namespace spicedesk::virt {

enum class DomainState {
    kNoState,
    kRunning,
    kBlocked,
    kPaused,
    kShutdown,
    kShutoff,
    kCrashed,
    kSuspended
};

const char* state_name(DomainState state);  // as virsh prints it ("running", "shut off", ...)

struct DomainInfo {
    std::string name;
    std::string uuid;
    int id = -1;  // -1 when not running
    DomainState state = DomainState::kNoState;
    bool persistent = true;
    unsigned long max_memory_kib = 0;
    unsigned long memory_kib = 0;
    unsigned vcpus = 0;
    std::uint64_t cpu_time_ns = 0;
};

struct HostInfo {
    unsigned cpus = 0;
    unsigned long long memory_kib = 0;
    int max_vcpus = 0;
};

enum class XmlFlavour { kLive, kInactive };

class Connection {
  public:
    // Opens `uri`; a qemu:///embed URI gets its root prepared and the event loop it needs.
    static Result<Connection> open(const std::string& uri);

    const std::string& uri() const { return uri_; }
    virConnectPtr raw() const { return handle_.get(); }

    Result<std::vector<DomainInfo>> list_domains() const;
    Result<DomainInfo> domain_info(const std::string& name) const;
    Result<HostInfo> host_info() const;

    // The domain's XML; `secure` includes passwords (VIR_DOMAIN_XML_SECURE).
    Result<std::string> domain_xml(const std::string& name, XmlFlavour flavour, bool secure) const;

    // Defines (or redefines) a domain from XML as libvirt checks it; the name it got.
    Result<std::string> define_xml(const std::string& xml);
    Status undefine(const std::string& name);
    Status start(const std::string& name);
    Status shutdown(const std::string& name);
    Status destroy(const std::string& name);
    Status suspend(const std::string& name);
    Status resume(const std::string& name);
    Status reboot(const std::string& name);

    // The hypervisor's own picture of the domain's screen `screen` (QEMU: a PPM screendump),
    // as virsh screenshot takes it. Returns the image bytes and writes its MIME type.
    Result<std::string> screenshot(const std::string& name, unsigned screen,
                                   std::string& mime_type);

    // Whether this connection has libvirt's storage pool and network drivers (qemu:///embed
    // has neither).
    bool supports_storage_pools() const;
    bool supports_networks() const;
    bool has_kvm() const;  // the host's capabilities offer domain type 'kvm'

  private:
    Connection(std::string uri, ConnectHandle handle)
        : uri_(std::move(uri)), handle_(std::move(handle)) {}
    Result<DomainHandle> lookup(const std::string& name) const;
    Status act(const std::string& name, const char* what, int (*call)(virDomainPtr)) const;

    std::string uri_;
    ConnectHandle handle_;
};

// libvirt's message for the last error on this thread, or `fallback`.
std::string last_virt_error(const char* fallback = "unknown libvirt error");

}  // namespace spicedesk::virt
