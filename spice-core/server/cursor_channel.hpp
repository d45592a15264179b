#pragma once

// The cursor channel: INIT with the current cursor, then SET, MOVE, HIDE and RESET from
// the CursorSource, under ACK-window flow control. Moves are coalesced when the client
// is behind (only the newest position is kept).

#include <deque>
#include <mutex>
#include <vector>

#include "spice-core/server/bounded_inbox.hpp"
#include "spice-core/server/channel.hpp"
#include "spice-core/server/channel_client.hpp"
#include "spice-core/server/cursor_source.hpp"

namespace spicedesk::core {

class CursorChannelClient;

class CursorChannel final : public Channel, public CursorSink {
  public:
    explicit CursorChannel(CursorSource& source);
    ~CursorChannel() override;
    std::shared_ptr<ChannelClient> create_client(ServerCore& core, std::shared_ptr<Session> session,
                                                 std::unique_ptr<Stream> stream, LinkMess link,
                                                 bool mini_header) override;
    void start(ServerCore& core) override;
    void stop() override;
    // From the source's thread: a bounded inbox, one drain posted at a time (as the display
    // channel); an overflow makes the client resynchronise from cursor_state().
    void on_cursor_event(CursorEvent event) override;
    CursorSource& source() { return source_; }

  private:
    void drain();

    CursorSource& source_;
    ServerCore* core_ = nullptr;
    BoundedInbox<CursorEvent> inbox_;
    bool subscribed_ = false;
    std::weak_ptr<CursorChannelClient> client_;
};

inline constexpr size_t kMaxPendingCursorEvents = 64;

class CursorChannelClient final : public ChannelClient {
  public:
    CursorChannelClient(ServerCore& core, std::shared_ptr<Session> session,
                        std::unique_ptr<Stream> stream, LinkMess link, bool mini_header,
                        CursorChannel& channel);
    void push(CursorEvent event);
    void resync_later();

  protected:
    void on_start() override;
    Status on_message(const InMessage& msg) override;
    void on_window_open() override { pump(); }

  private:
    void pump();
    void resync();

    CursorChannel& channel_;
    std::deque<CursorEvent> pending_;
    bool resync_needed_ = false;
};

}  // namespace spicedesk::core
