#include "libvirt-driver/connection/connection.hpp"

#include <fmt/format.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <mutex>

#include "common/log.hpp"
#include "libvirt-driver/connection/default_uri.hpp"
#include "libvirt-driver/connection/event_loop.hpp"

namespace spicedesk::virt {
namespace {

constexpr std::string_view kLog = "virt";

// libvirt prints every error on stderr by default; spicedesk reports them itself, with context.
void silence_default_error_printing() {
    static std::once_flag once;
    std::call_once(once, [] { virSetErrorFunc(nullptr, [](void*, virErrorPtr) {}); });
}

DomainState to_state(int state) {
    switch (state) {
        case VIR_DOMAIN_RUNNING:
            return DomainState::kRunning;
        case VIR_DOMAIN_BLOCKED:
            return DomainState::kBlocked;
        case VIR_DOMAIN_PAUSED:
            return DomainState::kPaused;
        case VIR_DOMAIN_SHUTDOWN:
            return DomainState::kShutdown;
        case VIR_DOMAIN_SHUTOFF:
            return DomainState::kShutoff;
        case VIR_DOMAIN_CRASHED:
            return DomainState::kCrashed;
        case VIR_DOMAIN_PMSUSPENDED:
            return DomainState::kSuspended;
        default:
            return DomainState::kNoState;
    }
}

Result<DomainInfo> describe(virDomainPtr domain) {
    DomainInfo info;
    info.name = virDomainGetName(domain);
    char uuid[VIR_UUID_STRING_BUFLEN] = {};
    if (virDomainGetUUIDString(domain, uuid) == 0) {
        info.uuid = uuid;
    }
    info.id = static_cast<int>(virDomainGetID(domain));
    if (info.id == static_cast<int>(static_cast<unsigned>(-1))) {
        info.id = -1;
    }
    virDomainInfo raw{};
    if (virDomainGetInfo(domain, &raw) != 0) {
        return make_error(
            fmt::format("cannot read the state of domain '{}': {}", info.name, last_virt_error()));
    }
    info.state = to_state(raw.state);
    info.max_memory_kib = raw.maxMem;
    info.memory_kib = raw.memory;
    info.vcpus = raw.nrVirtCpu;
    info.cpu_time_ns = raw.cpuTime;
    info.persistent = virDomainIsPersistent(domain) == 1;
    return info;
}

Status lifecycle(const char* what, const std::string& name, int rc) {
    if (rc < 0) {
        return make_error(fmt::format("cannot {} domain '{}': {}", what, name, last_virt_error()));
    }
    log::info(kLog, "{} {}", what, name);
    return {};
}

}  // namespace

const char* state_name(DomainState state) {
    switch (state) {
        case DomainState::kRunning:
            return "running";
        case DomainState::kBlocked:
            return "idle";
        case DomainState::kPaused:
            return "paused";
        case DomainState::kShutdown:
            return "in shutdown";
        case DomainState::kShutoff:
            return "shut off";
        case DomainState::kCrashed:
            return "crashed";
        case DomainState::kSuspended:
            return "pmsuspended";
        case DomainState::kNoState:
            break;
    }
    return "no state";
}

std::string last_virt_error(const char* fallback) {
    const virError* error = virGetLastError();
    if (error == nullptr || error->message == nullptr) {
        return fallback;
    }
    return error->message;
}

Result<Connection> Connection::open(const std::string& uri) {
    // The embedded driver logs on stderr: every error it also returns to us (which we report
    // with context) and warnings such as security_driver "none" confining nothing (the point of
    // an embed root). Unless the user configured libvirt's logging, drop it.
    setenv("LIBVIRT_LOG_OUTPUTS", "4:file:/dev/null", /*overwrite=*/0);
    silence_default_error_printing();
    if (const auto root = embed_root_of(uri)) {
        if (auto prepared = prepare_embed_root(*root); !prepared) {
            return prepared.error();
        }
    }
    // The QEMU driver refuses to work without a registered event loop, embedded or not;
    // remote connections need one for domain events.
    register_glib_event_loop();
    virConnectPtr raw = virConnectOpen(uri.c_str());
    if (raw == nullptr) {
        return make_error(fmt::format("cannot connect to {}: {}", uri, last_virt_error()));
    }
    log::info(kLog, "connected to {}", uri);
    return Connection(uri, ConnectHandle(raw));
}

Result<DomainHandle> Connection::lookup(const std::string& name) const {
    virDomainPtr domain = virDomainLookupByName(handle_.get(), name.c_str());
    if (domain == nullptr) {
        domain = virDomainLookupByUUIDString(handle_.get(), name.c_str());
    }
    if (domain == nullptr) {
        return make_error(fmt::format("no domain named '{}' on {}", name, uri_));
    }
    return DomainHandle(domain);
}

Result<std::vector<DomainInfo>> Connection::list_domains() const {
    virDomainPtr* domains = nullptr;
    const int count = virConnectListAllDomains(handle_.get(), &domains, 0);
    if (count < 0) {
        return make_error(fmt::format("cannot list domains on {}: {}", uri_, last_virt_error()));
    }
    std::vector<DomainHandle> owned;
    owned.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        owned.emplace_back(domains[i]);
    }
    free(domains);  // NOLINT: the array itself is libvirt's malloc'd memory
    std::vector<DomainInfo> result;
    for (const auto& domain : owned) {
        auto info = describe(domain.get());
        if (!info) {
            return info.error();
        }
        result.push_back(std::move(info).value());
    }
    return result;
}

Result<DomainInfo> Connection::domain_info(const std::string& name) const {
    auto domain = lookup(name);
    if (!domain) {
        return domain.error();
    }
    return describe(domain->get());
}

Result<HostInfo> Connection::host_info() const {
    virNodeInfo node{};
    if (virNodeGetInfo(handle_.get(), &node) != 0) {
        return make_error(
            fmt::format("cannot read host information from {}: {}", uri_, last_virt_error()));
    }
    HostInfo info;
    info.cpus = node.cpus;
    info.memory_kib = node.memory;
    info.max_vcpus = virConnectGetMaxVcpus(handle_.get(), nullptr);
    return info;
}

Result<std::string> Connection::domain_xml(const std::string& name, XmlFlavour flavour,
                                           bool secure) const {
    auto domain = lookup(name);
    if (!domain) {
        return domain.error();
    }
    unsigned flags = 0;
    if (flavour == XmlFlavour::kInactive) {
        flags |= VIR_DOMAIN_XML_INACTIVE;
    }
    if (secure) {
        flags |= VIR_DOMAIN_XML_SECURE;
    }
    MallocText xml(virDomainGetXMLDesc(domain->get(), flags));
    if (!xml) {
        return make_error(
            fmt::format("cannot read the XML of domain '{}': {}", name, last_virt_error()));
    }
    return std::string(xml.get());
}

Result<std::string> Connection::define_xml(const std::string& xml) {
    virDomainPtr raw = virDomainDefineXML(handle_.get(), xml.c_str());
    if (raw == nullptr) {
        return make_error(fmt::format("libvirt refused the definition: {}", last_virt_error()));
    }
    const DomainHandle domain(raw);
    std::string name = virDomainGetName(raw);
    log::info(kLog, "defined {}", name);
    return name;
}

Status Connection::undefine(const std::string& name) {
    auto domain = lookup(name);
    if (!domain) {
        return domain.error();
    }
    // Also drop managed saves, snapshots' metadata and NVRAM, as `virsh undefine --nvram` would;
    // drivers that know none of them ignore the flags they do not need.
    constexpr unsigned kFlags = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA;
    int rc = virDomainUndefineFlags(domain->get(), kFlags);
    if (rc < 0) {
        rc = virDomainUndefine(domain->get());
    }
    return lifecycle("undefine", name, rc);
}

Status Connection::act(const std::string& name, const char* what, int (*call)(virDomainPtr)) const {
    auto domain = lookup(name);
    if (!domain) {
        return domain.error();
    }
    return lifecycle(what, name, call(domain->get()));
}

Status Connection::start(const std::string& name) {
    return act(name, "start", virDomainCreate);
}

Status Connection::shutdown(const std::string& name) {
    return act(name, "shut down", virDomainShutdown);
}

Status Connection::destroy(const std::string& name) {
    auto before = domain_info(name);
    if (!before) {
        return before.error();
    }
    Status done = act(name, "destroy", virDomainDestroy);
    if (!done && before->state != DomainState::kShutoff) {
        // A driver that has just started (qemu:///embed in a new process) reconnects to running
        // QEMUs on a thread of its own; destroying during that kills QEMU, then the reconnect
        // marks the domain off first and libvirt answers "domain is not running". Off is what
        // was asked for.
        if (auto info = domain_info(name); info && info->state == DomainState::kShutoff) {
            return {};
        }
    }
    return done;
}

Status Connection::suspend(const std::string& name) {
    return act(name, "suspend", virDomainSuspend);
}

Status Connection::resume(const std::string& name) {
    return act(name, "resume", virDomainResume);
}

Status Connection::reboot(const std::string& name) {
    return act(name, "reboot", [](virDomainPtr domain) { return virDomainReboot(domain, 0); });
}

Result<std::string> Connection::screenshot(const std::string& name, unsigned screen,
                                           std::string& mime_type) {
    auto domain = lookup(name);
    if (!domain) {
        return domain.error();
    }
    std::unique_ptr<virStream, decltype(&virStreamFree)> stream(virStreamNew(handle_.get(), 0),
                                                                virStreamFree);
    if (!stream) {
        return make_error(fmt::format("cannot open a stream to {}: {}", uri_, last_virt_error()));
    }
    MallocText mime(virDomainScreenshot(domain->get(), stream.get(), screen, 0));
    if (!mime) {
        return make_error(
            fmt::format("cannot take a screenshot of '{}': {}", name, last_virt_error()));
    }
    mime_type = mime.get();
    std::string image;
    auto sink = [](virStreamPtr, const char* data, size_t bytes, void* opaque) -> int {
        static_cast<std::string*>(opaque)->append(data, bytes);
        return static_cast<int>(bytes);
    };
    if (virStreamRecvAll(stream.get(), sink, &image) < 0 || virStreamFinish(stream.get()) < 0) {
        virStreamAbort(stream.get());
        return make_error(
            fmt::format("cannot read the screenshot of '{}': {}", name, last_virt_error()));
    }
    return image;
}

bool Connection::supports_storage_pools() const {
    const bool supported = virConnectNumOfStoragePools(handle_.get()) >= 0;
    virResetLastError();
    return supported;
}

bool Connection::supports_networks() const {
    const bool supported = virConnectNumOfNetworks(handle_.get()) >= 0;
    virResetLastError();
    return supported;
}

bool Connection::has_kvm() const {
    MallocText caps(virConnectGetCapabilities(handle_.get()));
    if (!caps) {
        virResetLastError();
        return false;
    }
    return std::string_view(caps.get()).find("<domain type='kvm'") != std::string_view::npos;
}

}  // namespace spicedesk::virt
