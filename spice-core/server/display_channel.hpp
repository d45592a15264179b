#pragma once

// A display channel (one per DisplaySource, channel id 0, 1, …). It subscribes to its
// source and forwards updates to its current client. The client waits for DISPLAY_INIT,
// then sends SURFACE_CREATE, a full image, MONITORS_CONFIG and MARK, then the source's
// draw commands. Its queue of pending updates is bounded: when a client falls behind, the
// queue is dropped and replaced by one full refresh.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "spice-core/server/bounded_inbox.hpp"
#include "spice-core/server/channel.hpp"
#include "spice-core/server/channel_client.hpp"
#include "spice-core/server/display_encoder.hpp"
#include "spice-core/server/display_source.hpp"

namespace spicedesk::core {

class DisplayChannelClient;

// Removes from pending the draws that incoming hides entirely, as libspice-server removes a
// drawable from a client's pipe when a later opaque one covers it before it is sent: a client
// that is behind then gets only what it will see. incoming hides what lies inside its box (and
// inside one of its clip rects, when clipped) if it replaces pixels whatever was there (a PUT
// fill, a bitmap copy). The walk goes from the newest pending update back and stops at anything
// that reads or recreates that surface (COPY_BITS, a fill with another ROP, surface create or
// destroy), since what came before it is then seen through it. Returns how many were removed.
size_t drop_hidden_draws(std::deque<DisplayUpdate>& pending, const DisplayEvent& incoming);

class DisplayChannel final : public Channel, public DisplaySink {
  public:
    DisplayChannel(uint8_t id, DisplaySource& source);
    ~DisplayChannel() override;

    Caps caps() const override;
    std::shared_ptr<ChannelClient> create_client(ServerCore& core, std::shared_ptr<Session> session,
                                                 std::unique_ptr<Stream> stream, LinkMess link,
                                                 bool mini_header) override;
    void start(ServerCore& core) override;
    void stop() override;

    // DisplaySink: from the source's thread. Updates wait in a bounded inbox; one drain
    // at a time is posted to the server thread. An overflowing inbox is dropped and the
    // client gets a full refresh instead.
    void on_display_update(DisplayUpdate update) override;

    DisplaySource& source() { return source_; }
    // From a client that closed: the source learns that no client is left, unless a newer
    // client has taken its place already.
    void client_closed(const DisplayChannelClient* client);

  private:
    void drain();

    DisplaySource& source_;
    ServerCore* core_ = nullptr;
    BoundedInbox<DisplayUpdate> inbox_;
    bool subscribed_ = false;
    std::weak_ptr<DisplayChannelClient> client_;  // server thread only
};

class DisplayChannelClient final : public ChannelClient {
  public:
    DisplayChannelClient(ServerCore& core, std::shared_ptr<Session> session,
                         std::unique_ptr<Stream> stream, LinkMess link, bool mini_header,
                         DisplayChannel& channel);

    // Queues an update (dropping the pending draws it hides); flush_pending sends what the
    // window allows.
    void push(DisplayUpdate update);
    void flush_pending();
    // Drops what is pending and sends one full refresh when the window allows.
    void coalesce_to_refresh();

  protected:
    void on_start() override;
    Status on_message(const InMessage& msg) override;
    void on_window_open() override { pump(); }
    void on_closed() override;

  private:
    void begin();
    void pump();
    // Brings the client's surfaces in line with the source and sends each surface whole.
    void full_refresh();
    void send_event(const DisplayUpdate& update);
    void update_codec();

    DisplayChannel& channel_;
    DisplayEncoder encoder_;
    bool init_received_ = false;
    bool started_ = false;
    bool refresh_needed_ = false;
    uint64_t applied_seq_ = 0;
    std::deque<DisplayUpdate> pending_;
    std::map<uint32_t, SurfaceDesc> client_surfaces_;
    std::optional<uint8_t> client_pref_;
    std::unique_ptr<asio::steady_timer> begin_timer_;
    // Updates that come in quick succession wait together (see flush_pending).
    std::unique_ptr<asio::steady_timer> flush_timer_;
    bool flush_armed_ = false;
    std::chrono::steady_clock::time_point last_flush_{};
};

}  // namespace spicedesk::core
