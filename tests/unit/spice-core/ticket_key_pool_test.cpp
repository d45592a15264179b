#include "spice-core/net/ticket_key_pool.hpp"

#include <gtest/gtest.h>

#include <set>

namespace spicedesk::core {
namespace {

TEST(TicketKeyPool, HandsOutEachKeyOnceOnTheCallersIoContext) {
    asio::io_context io;
    TicketKeyPool pool(2);
    std::set<std::vector<uint8_t>> keys;
    int done = 0;
    for (int i = 0; i < 6; ++i) {  // more than the pool keeps ready
        pool.take(io, [&](Result<TicketKey> key) {
            ASSERT_TRUE(key.ok()) << key.message();
            keys.insert(key->public_der());
            ++done;
        });
    }
    auto guard = asio::make_work_guard(io);
    while (done < 6) {
        io.run_one_for(std::chrono::seconds(10));
    }
    EXPECT_EQ(keys.size(), 6U);
}

}  // namespace
}  // namespace spicedesk::core
