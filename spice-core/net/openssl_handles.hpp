#pragma once

// RAII owners for the OpenSSL handles spice-core uses; no raw free calls elsewhere.

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <memory>
#include <string>

namespace spicedesk::core {

struct EvpPkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct EvpPkeyCtxFree {
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct BioFree {
    void operator()(BIO* p) const { BIO_free(p); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, EvpPkeyCtxFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

// The newest OpenSSL error queue entry as text ("" when empty); clears the queue.
std::string openssl_error();

}  // namespace spicedesk::core
