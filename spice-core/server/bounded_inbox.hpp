#pragma once

// The hand-off from a source's thread to the server's io thread (display updates, cursor
// events): bounded, so a source that outruns the server never queues without end. Past the
// limit the backlog is dropped and the consumer learns it overflowed, to resynchronise its client
// with one full refresh instead. One drain is posted at a time.

#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

namespace spicedesk::core {

template <typename T>
class BoundedInbox {
  public:
    struct Batch {
        std::vector<T> items;
        bool overflowed = false;
    };

    // From the producer's thread. True when no drain is pending: the caller posts one.
    bool push(T item, std::size_t limit) {
        const std::lock_guard lock(mutex_);
        if (items_.size() >= limit) {
            items_.clear();
            overflowed_ = true;
        } else {
            items_.push_back(std::move(item));
        }
        const bool post = !drain_posted_;
        drain_posted_ = true;
        return post;
    }

    // From the consumer's thread, in the posted drain: everything pending.
    Batch take() {
        const std::lock_guard lock(mutex_);
        Batch batch{std::move(items_), overflowed_};
        items_.clear();
        overflowed_ = false;
        drain_posted_ = false;
        return batch;
    }

  private:
    std::mutex mutex_;
    std::vector<T> items_;       // guarded by mutex_
    bool overflowed_ = false;    // guarded by mutex_
    bool drain_posted_ = false;  // guarded by mutex_
};

}  // namespace spicedesk::core
