#pragma once

// SPICE ticket authentication (AUTH_SPICE): a fresh RSA-1024 key pair per link, its public
// key as DER SubjectPublicKeyInfo in the link reply, the client's 128-byte ticket decrypted
// with RSA-OAEP (SHA-1), a NUL-terminated password inside, compared in constant time, and
// the ticket's expiry. Passwords are never logged.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "spice-core/net/openssl_handles.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

class TicketKey {
  public:
    static Result<TicketKey> generate();

    // SPICE_TICKET_PUBKEY_BYTES of DER.
    const std::vector<uint8_t>& public_der() const { return public_der_; }
    // Decrypts an encrypted ticket; returns the password up to its NUL.
    Result<std::string> decrypt(std::span<const uint8_t> encrypted) const;
    // Client side (tests): encrypts password + NUL under a DER public key.
    static Result<std::vector<uint8_t>> encrypt_for(std::span<const uint8_t> public_der,
                                                    const std::string& password);

  private:
    EvpPkeyPtr key_;
    std::vector<uint8_t> public_der_;
};

using Clock = std::chrono::system_clock;

struct Ticket {
    // No password: authentication disabled (any ticket accepted), as spice-server's
    // "disable-ticketing".
    std::optional<std::string> password;
    std::optional<Clock::time_point> expires;  // none: never
};

bool constant_time_equal(const std::string& a, const std::string& b);

// SPICE_LINK_ERR_OK or SPICE_LINK_ERR_PERMISSION_DENIED; `why` says which (never the secret).
SpiceLinkErr check_ticket(const Ticket& ticket, const Result<std::string>& presented,
                          Clock::time_point now, std::string* why);

}  // namespace spicedesk::core
