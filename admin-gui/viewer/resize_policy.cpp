#include "admin-gui/viewer/resize_policy.hpp"

namespace spicedesk::gui {

ResizePolicy::Action ResizePolicy::set_enabled(bool on) {
    const bool was = enabled_;
    enabled_ = on;
    if (on && !was) {
        last_sent_.clear();  // switched on: ask once even if the size did not change
        return available_ ? Action::kSendNow : Action::kNone;
    }
    return Action::kNone;
}

ResizePolicy::Action ResizePolicy::set_available(bool agent_connected) {
    const bool was = available_;
    available_ = agent_connected;
    if (agent_connected && !was) {
        last_sent_.clear();  // a new agent knows nothing of what we asked its predecessor
        return enabled_ ? Action::kSendNow : Action::kNone;
    }
    return Action::kNone;
}

ResizePolicy::Action ResizePolicy::set_view_size(size_t head, int width, int height) {
    if (head >= views_.size()) {
        views_.resize(head + 1);
    }
    views_[head] = GuestSize{width, height};
    return pending() ? Action::kSendLater : Action::kNone;
}

bool ResizePolicy::pending() const {
    if (!active()) {
        return false;
    }
    auto wanted = request();
    return !wanted.empty() && wanted != last_sent_;
}

std::vector<GuestSize> ResizePolicy::request() const {
    std::vector<GuestSize> out;
    for (const GuestSize& v : views_) {
        if (v.width < kMinSide || v.height < kMinSide) {
            break;
        }
        out.push_back(v);
    }
    return out;
}

}  // namespace spicedesk::gui
