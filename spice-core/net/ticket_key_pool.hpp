#pragma once

// RSA-1024 key generation costs tens of milliseconds; done on the server's io thread it
// would stall every channel at each link (spice-gtk links four). The pool generates keys on
// its own thread ("spice-keygen"), keeps a few ready, and hands each out once: every link
// still gets a fresh key pair.
// Thread-safe; callbacks run on the executor given to take().

#include <asio.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "spice-core/net/ticket_auth.hpp"

namespace spicedesk::core {

class TicketKeyPool {
  public:
    explicit TicketKeyPool(size_t ready_target = 4);
    ~TicketKeyPool();
    TicketKeyPool(const TicketKeyPool&) = delete;
    TicketKeyPool& operator=(const TicketKeyPool&) = delete;

    using Callback = std::function<void(Result<TicketKey>)>;
    // Calls done (posted to io) with a key never handed out before.
    void take(asio::io_context& io, Callback done);

  private:
    struct Request {
        asio::io_context* io;
        Callback done;
    };
    void run();

    size_t ready_target_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<TicketKey> ready_;
    std::deque<Request> waiting_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace spicedesk::core
