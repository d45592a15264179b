#include "spice-core/net/ticket_auth.hpp"

#include <gtest/gtest.h>

#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {
namespace {

TEST(TicketAuth, KeyIsRsa1024InSpiceDerSize) {
    auto key = TicketKey::generate();
    ASSERT_TRUE(key.ok()) << key.message();
    EXPECT_EQ(key->public_der().size(), static_cast<size_t>(SPICE_TICKET_PUBKEY_BYTES));
}

TEST(TicketAuth, OaepRoundTrip) {
    auto key = TicketKey::generate();
    ASSERT_TRUE(key.ok());
    auto ticket = TicketKey::encrypt_for(key->public_der(), "hunter2");
    ASSERT_TRUE(ticket.ok()) << ticket.message();
    EXPECT_EQ(ticket->size(), static_cast<size_t>(SPICE_TICKET_KEY_PAIR_LENGTH / 8));
    auto password = key->decrypt(*ticket);
    ASSERT_TRUE(password.ok()) << password.message();
    EXPECT_EQ(*password, "hunter2");
}

TEST(TicketAuth, LongestPasswordFits) {
    auto key = TicketKey::generate();
    ASSERT_TRUE(key.ok());
    std::string longest(SPICE_MAX_PASSWORD_LENGTH, 'x');
    auto ticket = TicketKey::encrypt_for(key->public_der(), longest);
    ASSERT_TRUE(ticket.ok());
    EXPECT_EQ(*key->decrypt(*ticket), longest);
}

TEST(TicketAuth, AnotherLinksKeyDoesNotDecrypt) {
    auto a = TicketKey::generate();
    auto b = TicketKey::generate();
    ASSERT_TRUE(a.ok() && b.ok());
    auto ticket = TicketKey::encrypt_for(a->public_der(), "pw");
    EXPECT_FALSE(b->decrypt(*ticket).ok());
    std::vector<uint8_t> garbage(128, 0x33);
    EXPECT_FALSE(a->decrypt(garbage).ok());
    EXPECT_FALSE(a->decrypt(std::vector<uint8_t>{}).ok());
}

TEST(TicketAuth, ConstantTimeEqual) {
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
    EXPECT_FALSE(constant_time_equal("abc", ""));
}

TEST(TicketAuth, CheckTicket) {
    auto now = Clock::now();
    std::string why;
    Ticket none;
    EXPECT_EQ(check_ticket(none, make_error("garbage"), now, &why), SPICE_LINK_ERR_OK);

    Ticket t;
    t.password = "pw";
    EXPECT_EQ(check_ticket(t, std::string("pw"), now, &why), SPICE_LINK_ERR_OK);
    EXPECT_EQ(check_ticket(t, std::string("px"), now, &why), SPICE_LINK_ERR_PERMISSION_DENIED);
    EXPECT_EQ(why, "wrong password");
    EXPECT_EQ(check_ticket(t, make_error("does not decrypt"), now, &why),
              SPICE_LINK_ERR_PERMISSION_DENIED);

    t.expires = now + std::chrono::seconds(5);
    EXPECT_EQ(check_ticket(t, std::string("pw"), now, &why), SPICE_LINK_ERR_OK);
    EXPECT_EQ(check_ticket(t, std::string("pw"), now + std::chrono::seconds(5), &why),
              SPICE_LINK_ERR_PERMISSION_DENIED);
    EXPECT_EQ(why, "ticket expired");
    // The reason never contains the password.
    EXPECT_EQ(why.find("pw"), std::string::npos);
}

}  // namespace
}  // namespace spicedesk::core
