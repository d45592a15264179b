#pragma once

// New disk images for domains. Where the connection has libvirt's storage driver, images are
// qcow2 volumes created through the storage pool API (a directory pool is defined for the
// image's folder when none covers it, as virt-install does). qemu:///embed has no storage
// driver: there the image is made with qemu-img under the embed root's images/.

#include <filesystem>
#include <string>

#include "common/result.hpp"
#include "libvirt-driver/connection/connection.hpp"

namespace spicedesk::virt {

struct DiskRequest {
    std::filesystem::path path;  // where the image goes; relative → the connection's image folder
    unsigned long long size_gib = 0;
    std::string format = "qcow2";
};

// The folder new images go to when the user names no path.
std::filesystem::path default_image_folder(const Connection& connection);

// Creates the image; returns its absolute path. Fails when the file already exists.
Result<std::filesystem::path> create_disk(Connection& connection, const DiskRequest& request);

// Deletes a disk image: through its storage volume where a pool holds it, else the file.
Status delete_disk(Connection& connection, const std::filesystem::path& path);

}  // namespace spicedesk::virt
