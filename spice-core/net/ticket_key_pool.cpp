#include "spice-core/net/ticket_key_pool.hpp"

#include <pthread.h>

namespace spicedesk::core {

TicketKeyPool::TicketKeyPool(size_t ready_target) : ready_target_(ready_target) {
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "spice-keygen");
        run();
    });
}

TicketKeyPool::~TicketKeyPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void TicketKeyPool::take(asio::io_context& io, Callback done) {
    std::unique_lock lock(mutex_);
    if (!ready_.empty() && waiting_.empty()) {
        auto key = std::make_shared<TicketKey>(std::move(ready_.front()));
        ready_.pop_front();
        lock.unlock();
        cv_.notify_all();  // refill
        asio::post(io, [key, done = std::move(done)] { done(std::move(*key)); });
        return;
    }
    waiting_.push_back(Request{&io, std::move(done)});
    lock.unlock();
    cv_.notify_all();
}

void TicketKeyPool::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        cv_.wait(lock, [this] {
            return stopping_ || !waiting_.empty() || ready_.size() < ready_target_;
        });
        if (stopping_) {
            return;
        }
        lock.unlock();
        auto key = TicketKey::generate();
        lock.lock();
        if (!waiting_.empty()) {
            Request req = std::move(waiting_.front());
            waiting_.pop_front();
            auto shared = std::make_shared<Result<TicketKey>>(std::move(key));
            asio::post(*req.io, [shared, done = std::move(req.done)] { done(std::move(*shared)); });
        } else if (key) {
            ready_.push_back(std::move(*key));
        }
    }
}

}  // namespace spicedesk::core
