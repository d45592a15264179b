#include "libvirt-driver/connection/disk_storage.hpp"

#include <fmt/format.h>
#include <libvirt/virterror.h>
#include <libxml/tree.h>
#include <spawn.h>
#include <sys/wait.h>

#include <array>
#include <system_error>
#include <vector>

#include "common/log.hpp"
#include "libvirt-driver/connection/default_uri.hpp"

extern char** environ;  // NOLINT: posix_spawn's environment

namespace spicedesk::virt {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kLog = "virt";
constexpr const char* kSystemImageFolder = "/var/lib/libvirt/images";

struct XmlDocFreer {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct XmlCharFreer {
    void operator()(xmlChar* text) const { xmlFree(text); }
};

// libvirt's storage XML, built as a tree so names and paths are escaped correctly.
std::string storage_xml(const char* root_name,
                        const std::vector<std::pair<std::string, std::string>>& children,
                        const char* type, const std::string& target_path,
                        const std::string& format) {
    std::unique_ptr<xmlDoc, XmlDocFreer> doc(xmlNewDoc(BAD_CAST "1.0"));
    xmlNode* root = xmlNewNode(nullptr, BAD_CAST root_name);
    xmlDocSetRootElement(doc.get(), root);
    if (type != nullptr) {
        xmlNewProp(root, BAD_CAST "type", BAD_CAST type);
    }
    for (const auto& [name, value] : children) {
        xmlNode* child =
            xmlNewTextChild(root, nullptr, BAD_CAST name.c_str(), BAD_CAST value.c_str());
        if (name == "capacity") {
            xmlNewProp(child, BAD_CAST "unit", BAD_CAST "G");
        }
    }
    xmlNode* target = xmlNewChild(root, nullptr, BAD_CAST "target", nullptr);
    if (!target_path.empty()) {
        xmlNewTextChild(target, nullptr, BAD_CAST "path", BAD_CAST target_path.c_str());
    }
    if (!format.empty()) {
        xmlNode* format_node = xmlNewChild(target, nullptr, BAD_CAST "format", nullptr);
        xmlNewProp(format_node, BAD_CAST "type", BAD_CAST format.c_str());
    }
    xmlChar* text = nullptr;
    int size = 0;
    xmlDocDumpMemory(doc.get(), &text, &size);
    std::unique_ptr<xmlChar, XmlCharFreer> owned(text);
    return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

// The active pool whose target folder is `folder`, defining and starting one if none is.
Result<StoragePoolHandle> pool_for_folder(Connection& connection, const fs::path& folder) {
    virStoragePoolPtr* pools = nullptr;
    const int count = virConnectListAllStoragePools(connection.raw(), &pools, 0);
    if (count < 0) {
        return make_error(fmt::format("cannot list storage pools: {}", last_virt_error()));
    }
    std::vector<StoragePoolHandle> owned;
    for (int i = 0; i < count; ++i) {
        owned.emplace_back(pools[i]);
    }
    free(pools);  // NOLINT: libvirt's malloc'd array
    for (auto& pool : owned) {
        MallocText xml(virStoragePoolGetXMLDesc(pool.get(), 0));
        if (!xml) {
            continue;
        }
        const std::string needle = "<path>" + folder.string() + "</path>";
        if (std::string_view(xml.get()).find(needle) == std::string_view::npos) {
            continue;
        }
        if (virStoragePoolIsActive(pool.get()) != 1 && virStoragePoolCreate(pool.get(), 0) < 0) {
            return make_error(fmt::format("cannot start storage pool for {}: {}", folder.string(),
                                          last_virt_error()));
        }
        return std::move(pool);
    }

    std::string name = folder.filename().string();
    if (name.empty()) {
        name = "spicedesk";
    }
    if (StoragePoolHandle clash(virStoragePoolLookupByName(connection.raw(), name.c_str()));
        clash) {
        name = fmt::format("{}-{}", name, std::hash<std::string>{}(folder.string()) % 100000);
    }
    virResetLastError();
    const std::string xml = storage_xml("pool", {{"name", name}}, "dir", folder.string(), "");
    virStoragePoolPtr pool = virStoragePoolDefineXML(connection.raw(), xml.c_str(), 0);
    if (pool == nullptr) {
        return make_error(fmt::format("cannot define a storage pool for {}: {}", folder.string(),
                                      last_virt_error()));
    }
    StoragePoolHandle handle(pool);
    virStoragePoolSetAutostart(pool, 1);
    if (virStoragePoolBuild(pool, 0) < 0 || virStoragePoolCreate(pool, 0) < 0) {
        return make_error(fmt::format("cannot start storage pool '{}' for {}: {}", name,
                                      folder.string(), last_virt_error()));
    }
    log::info(kLog, "defined storage pool {} for {}", name, folder.string());
    return handle;
}

Result<fs::path> create_with_pool(Connection& connection, const fs::path& path,
                                  const DiskRequest& request) {
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    auto pool = pool_for_folder(connection, path.parent_path());
    if (!pool) {
        return pool.error();
    }
    const std::string xml = storage_xml(
        "volume",
        {{"name", path.filename().string()}, {"capacity", std::to_string(request.size_gib)}},
        nullptr, "", request.format);
    virStorageVolPtr volume = virStorageVolCreateXML(pool->get(), xml.c_str(), 0);
    if (volume == nullptr) {
        return make_error(fmt::format("cannot create {} ({} GiB {}): {}", path.string(),
                                      request.size_gib, request.format, last_virt_error()));
    }
    StorageVolHandle owned(volume);
    MallocText created(virStorageVolGetPath(volume));
    return created ? fs::path(created.get()) : path;
}

Result<fs::path> create_with_qemu_img(const fs::path& path, const DiskRequest& request) {
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    const std::string size = fmt::format("{}G", request.size_gib);
    std::array<const char*, 8> argv = {
        "qemu-img",   "create",     "-q",   "-f", request.format.c_str(),
        path.c_str(), size.c_str(), nullptr};
    pid_t pid = 0;
    if (posix_spawnp(&pid, "qemu-img", nullptr, nullptr, const_cast<char**>(argv.data()),
                     environ) != 0) {
        return make_error("cannot run qemu-img: is qemu-utils installed?");
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return make_error(fmt::format("qemu-img could not create {}", path.string()));
    }
    return path;
}

}  // namespace

fs::path default_image_folder(const Connection& connection) {
    if (const auto root = embed_root_of(connection.uri())) {
        return *root / "images";
    }
    return kSystemImageFolder;
}

Result<fs::path> create_disk(Connection& connection, const DiskRequest& request) {
    if (request.size_gib == 0) {
        return make_error("a new disk needs a size of at least 1 GiB");
    }
    fs::path path = request.path;
    if (path.is_relative()) {
        path = default_image_folder(connection) / path;
    }
    std::error_code error;
    if (fs::exists(path, error)) {
        return make_error(
            fmt::format("{} already exists; use it as an existing disk or pick "
                        "another path",
                        path.string()));
    }
    if (connection.supports_storage_pools()) {
        return create_with_pool(connection, path, request);
    }
    return create_with_qemu_img(path, request);
}

Status delete_disk(Connection& connection, const fs::path& path) {
    if (connection.supports_storage_pools()) {
        if (StorageVolHandle volume(virStorageVolLookupByPath(connection.raw(), path.c_str()));
            volume) {
            if (virStorageVolDelete(volume.get(), 0) < 0) {
                return make_error(
                    fmt::format("cannot delete {}: {}", path.string(), last_virt_error()));
            }
            return {};
        }
        virResetLastError();
    }
    std::error_code error;
    if (!fs::remove(path, error) || error) {
        return make_error(fmt::format("cannot delete {}: {}", path.string(),
                                      error ? error.message() : "no such file"));
    }
    return {};
}

}  // namespace spicedesk::virt
