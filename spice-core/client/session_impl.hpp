#pragma once

// The Session behind session.hpp: the session thread ("spice-client") running an Asio
// io_context, the channel table (main first, then what CHANNELS_LIST names, through a factory
// by channel type: unknown types are skipped), one FrameBuffer per display channel (copied
// under its lock after each batch of draws) and the observer calls.
//
// Thread: every member is owned by the session thread except frames_ (frames_mutex_ and each
// FrameBuffer's own lock) and what the public calls post to it.

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "spice-core/client/channel.hpp"
#include "spice-core/client/session.hpp"

namespace spicedesk::core::client {

class InputsChannel;

struct FrameBuffer {
    mutable std::mutex mutex;
    std::vector<uint32_t> pixels;
    int width = 0;
    int height = 0;
};

class SessionImpl final : public Session {
  public:
    SessionImpl(ConnectOptions options, SessionObserver& observer);
    ~SessionImpl() override;

    void run();  // starts the thread

    // Session
    void close() override;
    bool with_frame(uint32_t channel_id,
                    const std::function<void(const FrameView&)>& fn) const override;
    void send_key_down(uint32_t scancode) override;
    void send_key_up(uint32_t scancode) override;
    void send_mouse_position(uint32_t channel_id, int x, int y, uint32_t buttons_state) override;
    void send_mouse_motion(int dx, int dy, uint32_t buttons_state) override;
    void send_mouse_press(uint32_t button, uint32_t buttons_state) override;
    void send_mouse_release(uint32_t button, uint32_t buttons_state) override;
    void request_mouse_mode(MouseMode mode) override;
    void request_monitors(std::vector<MonitorRequest> monitors) override;

    // For the channels (session thread).
    asio::io_context& io() { return io_; }
    const ConnectOptions& options() const { return options_; }
    SessionObserver& observer() { return observer_; }
    Result<asio::ssl::context*> tls_context();
    uint32_t connection_id() const { return connection_id_; }
    void set_connection_id(uint32_t id) { connection_id_ = id; }
    // CHANNELS_LIST: creates and starts every channel we know the type of.
    void open_channels(const std::vector<std::pair<uint8_t, uint8_t>>& list);
    void channel_closed(Channel& channel, const Status& why);
    std::shared_ptr<FrameBuffer> frame(uint32_t channel_id);
    void set_inputs(InputsChannel* inputs) { inputs_ = inputs; }
    InputsChannel* inputs() { return inputs_; }
    Channel* main_channel() { return main_.get(); }
    void set_mouse_mode(MouseMode mode) { mouse_mode_ = mode; }

    // A channel factory by type (display, inputs, cursor; playback, record, usbredir later).
    using Factory = std::function<std::shared_ptr<Channel>(SessionImpl&, uint8_t id)>;
    static const std::map<uint8_t, Factory>& factories();

  private:
    void finish(Status why);  // closes every channel, reports on_closed once

    ConnectOptions options_;
    SessionObserver& observer_;
    asio::io_context io_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
    std::thread thread_;
    std::unique_ptr<asio::ssl::context> tls_context_;
    std::shared_ptr<Channel> main_;
    std::vector<std::shared_ptr<Channel>> channels_;
    InputsChannel* inputs_ = nullptr;
    uint32_t connection_id_ = 0;
    MouseMode mouse_mode_ = MouseMode::kServer;
    bool finished_ = false;
    mutable std::mutex frames_mutex_;
    std::map<uint32_t, std::shared_ptr<FrameBuffer>> frames_;
};

}  // namespace spicedesk::core::client
