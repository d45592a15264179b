#pragma once

// Domain lifecycle events from libvirt, delivered on the thread that iterates the default GLib
// main context (the GUI's main loop, or the "virt-events" thread of a command-line program).

#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "libvirt-driver/connection/connection.hpp"

namespace spicedesk::virt {

struct DomainEvent {
    std::string name;
    int event = 0;   // virDomainEventType
    int detail = 0;  // the event type's detail enum
};

// "started", "stopped", "suspended", ... for a virDomainEventType.
const char* event_name(int event);

class DomainEventSubscription {
  public:
    using Handler = std::function<void(const DomainEvent&)>;

    // Subscribes to every domain's lifecycle events on `connection`, which must outlive the
    // subscription.
    static Result<DomainEventSubscription> subscribe(const Connection& connection, Handler handler);

    DomainEventSubscription(DomainEventSubscription&& other) noexcept;
    DomainEventSubscription& operator=(DomainEventSubscription&&) = delete;
    DomainEventSubscription(const DomainEventSubscription&) = delete;
    DomainEventSubscription& operator=(const DomainEventSubscription&) = delete;
    ~DomainEventSubscription();

  private:
    DomainEventSubscription(virConnectPtr connection, int callback_id,
                            std::unique_ptr<Handler> handler)
        : connection_(connection), callback_id_(callback_id), handler_(std::move(handler)) {}

    virConnectPtr connection_;
    int callback_id_;
    std::unique_ptr<Handler> handler_;  // stable address: libvirt holds it as the opaque pointer
};

}  // namespace spicedesk::virt
