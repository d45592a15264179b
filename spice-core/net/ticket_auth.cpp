#include "spice-core/net/ticket_auth.hpp"

#include <fmt/format.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstring>

#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

Result<TicketKey> TicketKey::generate() {
    TicketKey key;
    key.key_.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA",
                                     static_cast<size_t>(SPICE_TICKET_KEY_PAIR_LENGTH)));
    if (!key.key_) {
        return make_error("generating the RSA ticket key failed: " + openssl_error());
    }
    int len = i2d_PUBKEY(key.key_.get(), nullptr);
    if (len != SPICE_TICKET_PUBKEY_BYTES) {
        return make_error(fmt::format("RSA ticket public key is {} bytes of DER, expected {}", len,
                                      SPICE_TICKET_PUBKEY_BYTES));
    }
    key.public_der_.resize(static_cast<size_t>(len));
    unsigned char* p = key.public_der_.data();
    i2d_PUBKEY(key.key_.get(), &p);
    return key;
}

Result<std::string> TicketKey::decrypt(std::span<const uint8_t> encrypted) const {
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key_.get(), nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0) {
        return make_error("RSA decrypt setup failed: " + openssl_error());
    }
    std::vector<uint8_t> out(static_cast<size_t>(EVP_PKEY_get_size(key_.get())));
    size_t out_len = out.size();
    if (EVP_PKEY_decrypt(ctx.get(), out.data(), &out_len, encrypted.data(), encrypted.size()) <=
        0) {
        openssl_error();
        return make_error("the ticket does not decrypt with this link's key");
    }
    size_t n = 0;
    while (n < out_len && out[n] != 0) {
        ++n;
    }
    if (n == out_len) {
        OPENSSL_cleanse(out.data(), out.size());
        return make_error("the decrypted ticket is not NUL-terminated");
    }
    std::string password(reinterpret_cast<const char*>(out.data()), n);
    OPENSSL_cleanse(out.data(), out.size());
    return password;
}

Result<std::vector<uint8_t>> TicketKey::encrypt_for(std::span<const uint8_t> public_der,
                                                    const std::string& password) {
    const unsigned char* p = public_der.data();
    EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(public_der.size())));
    if (!key) {
        return make_error("bad DER public key: " + openssl_error());
    }
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0) {
        return make_error("RSA encrypt setup failed: " + openssl_error());
    }
    std::vector<uint8_t> in(password.begin(), password.end());
    in.push_back(0);
    std::vector<uint8_t> out(static_cast<size_t>(EVP_PKEY_get_size(key.get())));
    size_t out_len = out.size();
    if (EVP_PKEY_encrypt(ctx.get(), out.data(), &out_len, in.data(), in.size()) <= 0) {
        return make_error("RSA encrypt failed: " + openssl_error());
    }
    out.resize(out_len);
    return out;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
    // Compares over the longer length so the time depends on lengths only.
    size_t n = std::max(a.size(), b.size());
    unsigned diff = a.size() == b.size() ? 0U : 1U;
    for (size_t i = 0; i < n; ++i) {
        unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned>(x ^ y);
    }
    return diff == 0;
}

SpiceLinkErr check_ticket(const Ticket& ticket, const Result<std::string>& presented,
                          Clock::time_point now, std::string* why) {
    auto set_why = [&](std::string text) {
        if (why != nullptr) {
            *why = std::move(text);
        }
    };
    if (!ticket.password) {
        set_why("authentication disabled");
        return SPICE_LINK_ERR_OK;
    }
    if (!presented) {
        set_why(presented.message());
        return SPICE_LINK_ERR_PERMISSION_DENIED;
    }
    bool match = constant_time_equal(*ticket.password, *presented);
    if (ticket.expires && now >= *ticket.expires) {
        set_why("ticket expired");
        return SPICE_LINK_ERR_PERMISSION_DENIED;
    }
    if (!match) {
        set_why("wrong password");
        return SPICE_LINK_ERR_PERMISSION_DENIED;
    }
    set_why("password accepted");
    return SPICE_LINK_ERR_OK;
}

}  // namespace spicedesk::core
