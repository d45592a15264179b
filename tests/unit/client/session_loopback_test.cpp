// Our client Session against our server in-process (spicedesk's Server with the TestSource on an
// ephemeral loopback port): connect with a ticket, primary surface, MARK, two heads, a cursor,
// client mouse mode, the picture equal to the source's framebuffer once it stops animating (also
// across surface re-creations at another size), keys and positions reaching the server's input
// sink, a wrong password reported through on_closed, and a clean close. Runs in the unit suite,
// so the session thread, channels and frame hand-off run under ASan/UBSan too.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "spice-core/client/session.hpp"
#include "spice-core/server/server.hpp"
#include "spice-core/tools/test_source.hpp"

namespace spicedesk::core::client {
namespace {

using namespace std::chrono_literals;

struct Sink : InputSink {
    std::mutex mutex;
    std::vector<uint32_t> keys_down, keys_up;
    std::vector<std::pair<uint32_t, uint32_t>> positions;
    bool has_tablet() const override { return true; }  // client mouse mode possible
    void key_down(uint32_t c) override {
        std::lock_guard l(mutex);
        keys_down.push_back(c);
    }
    void key_up(uint32_t c) override {
        std::lock_guard l(mutex);
        keys_up.push_back(c);
    }
    void key_scancode(std::span<const uint8_t>) override {}
    void keyboard_modifiers(uint16_t) override {}
    void mouse_motion(int32_t, int32_t, uint16_t) override {}
    void mouse_position(uint32_t x, uint32_t y, uint16_t, uint8_t) override {
        std::lock_guard l(mutex);
        positions.emplace_back(x, y);
    }
    void mouse_press(uint8_t, uint16_t) override {}
    void mouse_release(uint8_t, uint16_t) override {}
};

struct Observer : SessionObserver {
    std::mutex m;
    std::condition_variable cv;
    bool connected = false, marked = false, closed = false, cursor = false;
    std::optional<Status> why;
    int primaries = 0;
    std::pair<int, int> size;
    size_t heads = 0;
    std::optional<MouseMode> mode;

    void on_connected() override {
        set([&] { connected = true; });
    }
    void on_primary_surface(uint32_t, int w, int h) override {
        set([&] {
            ++primaries;
            size = {w, h};
        });
    }
    void on_mark(uint32_t) override {
        set([&] { marked = true; });
    }
    void on_monitors(uint32_t, const std::vector<Head>& h) override {
        set([&] { heads = h.size(); });
    }
    void on_mouse_mode(MouseMode md) override {
        set([&] { mode = md; });
    }
    void on_cursor_shape(const CursorImage* shape) override {
        set([&] { cursor = cursor || shape != nullptr; });
    }
    void on_closed(const Status& w) override {
        set([&] {
            closed = true;
            why = w;
        });
    }
    template <typename F>
    void set(F&& f) {
        std::lock_guard l(m);
        f();
        cv.notify_all();
    }
    template <typename P>
    bool wait(P&& pred, std::chrono::milliseconds t = 10s) {
        std::unique_lock l(m);
        return cv.wait_for(l, t, pred);
    }
};

struct Loopback {
    explicit Loopback(TestSourceOptions o) : source(o) {
        ServerConfig config;
        config.port = 0;
        config.ticket.password = "pw";
        server = std::make_unique<Server>(config);
        server->add_display(0, source);
        server->set_input_sink(sink);
        server->set_cursor_source(source);
    }
    ~Loopback() {
        source.stop();
        server->stop();
    }
    TestSource source;
    Sink sink;
    std::unique_ptr<Server> server;
};

// Waits until the client's frame equals the source's (the source has stopped animating).
bool frame_matches(Session& s, TestSource& source) {
    for (int i = 0; i < 200; ++i) {
        auto want = source.current_frame();
        bool equal = false;
        s.with_frame(0, [&](const FrameView& f) {
            if (uint32_t(f.width) != want.width || uint32_t(f.height) != want.height) {
                return;
            }
            equal = true;
            for (int y = 0; y < f.height && equal; ++y) {
                for (int x = 0; x < f.width; ++x) {
                    if (f.pixels[size_t(y) * size_t(f.stride) + size_t(x)] !=
                        (want.pixels[size_t(y) * want.width + size_t(x)] & 0xffffff)) {
                        equal = false;
                        break;
                    }
                }
            }
        });
        if (equal) {
            return true;
        }
        std::this_thread::sleep_for(25ms);
    }
    return false;
}

TEST(ClientSession, AgainstOurServer) {
    Loopback lb(TestSourceOptions{320, 200, 2, 100, 20, 0, 0});
    ASSERT_TRUE(lb.server->start().ok());
    lb.source.start();

    {
        Observer wrong;
        ConnectOptions o;
        o.port = lb.server->port();
        o.password = "nope";
        auto s = Session::start(o, wrong);
        ASSERT_TRUE(wrong.wait([&] { return wrong.closed; }));
        ASSERT_FALSE(wrong.why->ok());
        EXPECT_NE(wrong.why->message().find("authentication failed"), std::string::npos)
            << wrong.why->message();
        EXPECT_FALSE(wrong.connected);
    }

    Observer obs;
    ConnectOptions o;
    o.port = lb.server->port();
    o.password = "pw";
    auto s = Session::start(o, obs);
    ASSERT_TRUE(obs.wait([&] { return obs.marked || obs.closed; }));
    ASSERT_FALSE(obs.closed) << obs.why->message();
    EXPECT_TRUE(obs.connected);
    EXPECT_EQ(obs.size, std::make_pair(320, 200));
    EXPECT_TRUE(obs.wait([&] { return obs.heads == 2; })) << obs.heads;
    EXPECT_TRUE(obs.wait([&] { return obs.cursor; }));
    EXPECT_TRUE(obs.wait([&] { return obs.mode == MouseMode::kClient; }));
    while (lb.source.frame() < 20) {
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_TRUE(frame_matches(*s, lb.source));

    s->send_key_down(0x1e);
    s->send_key_up(0x1e);
    s->send_key_down(0xe048);
    s->send_key_up(0xe048);
    for (int i = 1; i <= 30; ++i) {
        s->send_mouse_position(0, i * 3, i * 2, 0);
    }
    auto deadline = std::chrono::steady_clock::now() + 5s;
    for (;;) {
        {
            std::lock_guard l(lb.sink.mutex);
            if (lb.sink.keys_up.size() == 2 && !lb.sink.positions.empty() &&
                lb.sink.positions.back() == std::make_pair(90U, 60U)) {
                EXPECT_EQ(lb.sink.keys_down, (std::vector<uint32_t>{0x1e, 0x48e0}));
                EXPECT_EQ(lb.sink.keys_up, (std::vector<uint32_t>{0x9e, 0xc8e0}));
                break;
            }
        }
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "inputs did not arrive";
        std::this_thread::sleep_for(10ms);
    }
    s->close();
    ASSERT_TRUE(obs.wait([&] { return obs.closed; }));
    EXPECT_TRUE(obs.why->ok()) << obs.why->message();
}

TEST(ClientSession, SurfaceRecreatedAtAnotherSize) {
    Loopback lb(TestSourceOptions{320, 240, 1, 100, 12, 1, 5});
    ASSERT_TRUE(lb.server->start().ok());
    Observer obs;
    ConnectOptions o;
    o.port = lb.server->port();
    o.password = "pw";
    auto s = Session::start(o, obs);
    ASSERT_TRUE(obs.wait([&] { return obs.marked || obs.closed; }));
    ASSERT_FALSE(obs.closed);
    lb.source.start();
    while (lb.source.frame() < 12) {
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_TRUE(obs.wait([&] { return obs.primaries >= 3; })) << obs.primaries;
    EXPECT_TRUE(frame_matches(*s, lb.source));
    s.reset();  // destroying the session closes it and joins its thread
    EXPECT_TRUE(obs.closed);
}

}  // namespace
}  // namespace spicedesk::core::client
