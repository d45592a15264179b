#pragma once

// RAII owners for libvirt's C handles: the only place their free calls appear.

#include <libvirt/libvirt.h>

#include <memory>

namespace spicedesk::virt {

struct ConnectCloser {
    void operator()(virConnectPtr connection) const { virConnectClose(connection); }
};
struct DomainFreer {
    void operator()(virDomainPtr domain) const { virDomainFree(domain); }
};
struct StoragePoolFreer {
    void operator()(virStoragePoolPtr pool) const { virStoragePoolFree(pool); }
};
struct StorageVolFreer {
    void operator()(virStorageVolPtr volume) const { virStorageVolFree(volume); }
};
struct MallocFreer {
    void operator()(void* memory) const {
        free(memory);
    }  // NOLINT: libvirt hands out malloc'd text
};

using ConnectHandle = std::unique_ptr<virConnect, ConnectCloser>;
using DomainHandle = std::unique_ptr<virDomain, DomainFreer>;
using StoragePoolHandle = std::unique_ptr<virStoragePool, StoragePoolFreer>;
using StorageVolHandle = std::unique_ptr<virStorageVol, StorageVolFreer>;
using MallocText = std::unique_ptr<char, MallocFreer>;

}  // namespace spicedesk::virt
