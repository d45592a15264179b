#include "qxl/device/virtio_port.hpp"

#include <algorithm>
#include <chrono>

namespace spicedesk::qxl {

void VirtioPort::guest_open() {
    std::lock_guard lock(mutex_);
    if (guest_open_) {
        return;
    }
    guest_open_ = true;
    to_guest_.clear();
    to_server_.clear();
    if (listener_ != nullptr) {
        listener_->agent_port_opened();
    }
}

void VirtioPort::guest_close() {
    {
        std::lock_guard lock(mutex_);
        if (!guest_open_) {
            return;
        }
        guest_open_ = false;
        to_guest_.clear();
        to_server_.clear();
        if (listener_ != nullptr) {
            listener_->agent_port_closed();
        }
    }
    cv_.notify_all();
}

bool VirtioPort::guest_write(std::span<const uint8_t> bytes, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::unique_lock lock(mutex_);
    size_t done = 0;
    while (done < bytes.size()) {
        if (!cv_.wait_until(lock, deadline,
                            [&] { return !guest_open_ || to_server_.size() < capacity_; })) {
            return false;
        }
        if (!guest_open_) {
            return false;
        }
        const size_t n = std::min(bytes.size() - done, capacity_ - to_server_.size());
        to_server_.insert(to_server_.end(), bytes.begin() + static_cast<std::ptrdiff_t>(done),
                          bytes.begin() + static_cast<std::ptrdiff_t>(done + n));
        done += n;
        wake_server_locked();
    }
    return true;
}

size_t VirtioPort::guest_read(std::span<uint8_t> buffer, int timeout_ms) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                 [&] { return !guest_open_ || !to_guest_.empty(); });
    const bool was_full = to_guest_.size() >= capacity_;
    const size_t n = std::min(buffer.size(), to_guest_.size());
    std::copy_n(to_guest_.begin(), n, buffer.begin());
    to_guest_.erase(to_guest_.begin(), to_guest_.begin() + static_cast<std::ptrdiff_t>(n));
    if (n > 0 && was_full) {
        wake_server_locked();  // the server may have more to write
    }
    return n;
}

bool VirtioPort::server_connected() const {
    std::lock_guard lock(mutex_);
    return server_connected_;
}

void VirtioPort::attach(core::AgentPortListener* listener) {
    std::lock_guard lock(mutex_);
    listener_ = listener;
    if (listener_ != nullptr && guest_open_) {
        listener_->agent_port_opened();
    }
}

void VirtioPort::state(bool server_connected) {
    std::lock_guard lock(mutex_);
    server_connected_ = server_connected;
}

size_t VirtioPort::write(std::span<const uint8_t> bytes) {
    size_t n = 0;
    {
        std::lock_guard lock(mutex_);
        if (!guest_open_) {
            return 0;
        }
        n = std::min(bytes.size(), capacity_ - std::min(capacity_, to_guest_.size()));
        to_guest_.insert(to_guest_.end(), bytes.begin(),
                         bytes.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (n > 0) {
        cv_.notify_all();
    }
    return n;
}

size_t VirtioPort::read(std::span<uint8_t> buffer) {
    size_t n = 0;
    {
        std::lock_guard lock(mutex_);
        n = std::min(buffer.size(), to_server_.size());
        std::copy_n(to_server_.begin(), n, buffer.begin());
        to_server_.erase(to_server_.begin(), to_server_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (n > 0) {
        cv_.notify_all();  // a guest waiting for room
    }
    return n;
}

void VirtioPort::wake_server_locked() {
    if (listener_ != nullptr) {
        listener_->agent_port_wakeup();
    }
}

}  // namespace spicedesk::qxl
