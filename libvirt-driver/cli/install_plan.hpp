#pragma once

// `spicedesk-cli install`: virt-install's options (the seed's line among them) turned into a
// DomainSpec plus the disks to create. Pure: no libvirt calls, so it is unit-tested alone.

#include <string>
#include <vector>

#include "common/result.hpp"
#include "libvirt-driver/cli/options.hpp"
#include "libvirt-driver/domain/domain_spec.hpp"

namespace spicedesk::virt::cli {

struct NewDisk {
    std::string path;  // as given; relative paths go to the connection's image folder
    unsigned long long size_gib = 0;
    std::string format = "qcow2";
};

struct InstallPlan {
    DomainSpec spec;
    std::vector<NewDisk> new_disks;     // created before define, unless only printing
    bool print_only = false;            // --print-xml
    bool start = true;                  // --noreboot / --print-xml turn it off
    std::vector<std::string> warnings;  // shown to the user (e.g. password on the command line)
};

const std::vector<OptionSpec>& install_options();

// Fails with the option and the reason on bad input ("--vcpus: 'two' is not a number").
// `read_file` reads a password-file; injected so tests need no files.
Result<InstallPlan> plan_install(const ParsedOptions& options,
                                 Result<std::string> (*read_file)(const std::string& path));

}  // namespace spicedesk::virt::cli
