#pragma once

// "Resize guest to window" without GTK (remote-viewer's resize-guest, which spice-gtk serves with
// a 1 s timer before it sends a monitors config): when it is on and the guest's agent is
// connected, the size of each view (one per guest monitor) is asked of the guest — at once when
// the toggle is switched on or the agent (re)connects, otherwise once the views have kept their
// size for kDebounceMs. Unit-tested in tests/unit/viewer; GuestResizer runs the timer.

#include <cstddef>
#include <vector>

namespace spicedesk::gui {

// One guest monitor's wanted size, in guest pixels.
struct GuestSize {
    int width = 0;
    int height = 0;
    bool operator==(const GuestSize&) const = default;
};

class ResizePolicy {
  public:
    static constexpr int kDebounceMs = 1000;  // spice-gtk's update_display_timer(1)
    // Smaller views (a window being mapped, a collapsed pane) are not asked of the guest.
    static constexpr int kMinSide = 64;

    enum class Action { kNone, kSendNow, kSendLater };

    Action set_enabled(bool on);
    Action set_available(bool agent_connected);
    // The view of guest monitor `head` is now width × height guest pixels.
    Action set_view_size(size_t head, int width, int height);

    bool enabled() const { return enabled_; }
    bool available() const { return available_; }
    bool active() const { return enabled_ && available_; }
    // What to ask for: the views' sizes from monitor 0 up to the first view without a usable size
    // (empty: nothing to ask yet).
    std::vector<GuestSize> request() const;
    // Something not yet asked for (the timer ends or a kSendNow comes: send only then; a view
    // that went back to the size last sent asks nothing).
    bool pending() const;
    // The request was sent: the same sizes are not asked again.
    void sent() { last_sent_ = request(); }

  private:
    bool enabled_ = false;
    bool available_ = false;
    std::vector<GuestSize> views_;
    std::vector<GuestSize> last_sent_;
};

}  // namespace spicedesk::gui
