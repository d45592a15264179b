#include "libvirt-driver/connection/domain_events.hpp"

#include <fmt/format.h>

namespace spicedesk::virt {
namespace {

int on_lifecycle(virConnectPtr /*connection*/, virDomainPtr domain, int event, int detail,
                 void* opaque) {
    const auto& handler = *static_cast<DomainEventSubscription::Handler*>(opaque);
    handler(DomainEvent{virDomainGetName(domain), event, detail});
    return 0;
}

}  // namespace

const char* event_name(int event) {
    switch (event) {
        case VIR_DOMAIN_EVENT_DEFINED:
            return "defined";
        case VIR_DOMAIN_EVENT_UNDEFINED:
            return "undefined";
        case VIR_DOMAIN_EVENT_STARTED:
            return "started";
        case VIR_DOMAIN_EVENT_SUSPENDED:
            return "suspended";
        case VIR_DOMAIN_EVENT_RESUMED:
            return "resumed";
        case VIR_DOMAIN_EVENT_STOPPED:
            return "stopped";
        case VIR_DOMAIN_EVENT_SHUTDOWN:
            return "shutdown";
        case VIR_DOMAIN_EVENT_PMSUSPENDED:
            return "pmsuspended";
        case VIR_DOMAIN_EVENT_CRASHED:
            return "crashed";
        default:
            return "unknown";
    }
}

Result<DomainEventSubscription> DomainEventSubscription::subscribe(const Connection& connection,
                                                                   Handler handler) {
    auto owned = std::make_unique<Handler>(std::move(handler));
    const int id = virConnectDomainEventRegisterAny(
        connection.raw(), nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
        VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), owned.get(), nullptr);
    if (id < 0) {
        return make_error(fmt::format("cannot subscribe to domain events on {}: {}",
                                      connection.uri(), last_virt_error()));
    }
    return DomainEventSubscription(connection.raw(), id, std::move(owned));
}

DomainEventSubscription::DomainEventSubscription(DomainEventSubscription&& other) noexcept
    : connection_(other.connection_),
      callback_id_(other.callback_id_),
      handler_(std::move(other.handler_)) {
    other.callback_id_ = -1;
}

DomainEventSubscription::~DomainEventSubscription() {
    if (callback_id_ >= 0) {
        virConnectDomainEventDeregisterAny(connection_, callback_id_);
    }
}

}  // namespace spicedesk::virt
