// to-spice, to-vnc, set-video, set-sound, domdisplay.

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <functional>

#include "libvirt-driver/cli/command.hpp"
#include "libvirt-driver/connection/definition.hpp"
#include "libvirt-driver/domain/convert.hpp"
#include "libvirt-driver/domain/display_uri.hpp"
#include "libvirt-driver/domain/edit.hpp"

namespace spicedesk::virt::cli {
namespace {

int redefine_with(const ParsedOptions& options, const std::function<Status(DomainXml&)>& edit,
                  const char* what) {
    int failure = kExitOk;
    auto target = open_target(options, failure);
    if (!target) {
        return failure;
    }
    auto& [connection, name] = *target;
    auto done = redefine(connection, name, edit);
    if (!done) {
        return fail(done.message());
    }
    std::printf(
        "Domain '%s': %s.%s\n", done->name.c_str(), what,
        done->running ? " The domain is running: the change takes effect at its next boot." : "");
    return kExitOk;
}

Result<std::optional<unsigned>> unsigned_option(const ParsedOptions& options, const char* name) {
    auto text = options.value(name);
    if (!text) {
        return std::optional<unsigned>{};
    }
    unsigned value = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, error] = std::from_chars(text->data(), end, value);
    if (error != std::errc() || ptr != end || text->empty()) {
        return make_error(fmt::format("--{}: '{}' is not a whole number", name, *text));
    }
    return std::optional<unsigned>(value);
}

int run_to_spice(const ParsedOptions& options) {
    return redefine_with(options, to_spice, "graphics switched to SPICE with QXL video");
}

int run_to_vnc(const ParsedOptions& options) {
    return redefine_with(options, to_vnc, "graphics switched to VNC, SPICE devices removed");
}

int run_set_video(const ParsedOptions& options) {
    auto vram = unsigned_option(options, "vram");
    auto heads = unsigned_option(options, "heads");
    for (const auto* parsed : {&vram, &heads}) {
        if (!*parsed) {
            return fail(parsed->message(), kExitUsage);
        }
    }
    if (!vram->has_value() && !heads->has_value()) {
        return fail("set-video needs --vram KIB and/or --heads N", kExitUsage);
    }
    return redefine_with(
        options, [&](DomainXml& domain) { return set_video(domain, *vram, *heads); },
        "video updated");
}

int run_set_sound(const ParsedOptions& options) {
    auto model = options.value("model");
    if (!model) {
        return fail("set-sound needs --model (ac97, ich6, ich9, ...)", kExitUsage);
    }
    return redefine_with(
        options, [&](DomainXml& domain) { return set_sound(domain, *model); }, "sound updated");
}

int run_domdisplay(const ParsedOptions& options) {
    int failure = kExitOk;
    auto target = open_target(options, failure);
    if (!target) {
        return failure;
    }
    auto& [connection, name] = *target;
    const bool with_password = options.has("include-password");
    auto xml = connection.domain_xml(name, XmlFlavour::kLive, with_password);
    if (!xml) {
        return fail(xml.message());
    }
    auto domain = DomainXml::parse(*xml);
    if (!domain) {
        return fail(domain.message());
    }
    auto uri = display_uri(*domain, with_password);
    if (!uri) {
        return fail(fmt::format("domain '{}': {}", name, uri.message()));
    }
    std::printf("%s\n", uri->c_str());
    return kExitOk;
}

int run_screenshot(const ParsedOptions& options) {
    auto file = options.value("file");
    if (!file) {
        return fail("screenshot needs --file PATH", kExitUsage);
    }
    int failure = kExitOk;
    auto target = open_target(options, failure);
    if (!target) {
        return failure;
    }
    auto& [connection, name] = *target;
    std::string mime;
    auto image = connection.screenshot(name, 0, mime);
    if (!image) {
        return fail(image.message());
    }
    std::FILE* out = std::fopen(file->c_str(), "wb");
    if (out == nullptr || std::fwrite(image->data(), 1, image->size(), out) != image->size()) {
        if (out != nullptr) {
            std::fclose(out);
        }
        return fail(fmt::format("cannot write {}", *file));
    }
    std::fclose(out);
    std::printf("Screenshot of '%s' saved to %s (%s)\n", name.c_str(), file->c_str(), mime.c_str());
    return kExitOk;
}

}  // namespace

std::vector<Command> display_commands() {
    return {
        {"to-spice",
         "DOMAIN",
         "switch the display to SPICE: qxl video, agent channel, USB redirection, tablet",
         {},
         run_to_spice},
        {"to-vnc",
         "DOMAIN",
         "switch the display to VNC, removing the SPICE-only devices",
         {},
         run_to_vnc},
        {"set-video",
         "DOMAIN [--vram KIB] [--heads N]",
         "set the qxl video memory and heads (1–4)",
         {{"vram", '\0', true, "video memory in KiB (a power of two, e.g. 65536)", "KIB"},
          {"heads", '\0', true, "number of monitors, 1 to 4", "N"}},
         run_set_video},
        {"set-sound",
         "DOMAIN --model MODEL",
         "set the sound card model",
         {{"model", '\0', true, "ac97, ich6, ich9, es1370, sb16, usb", "MODEL"}},
         run_set_sound},
        {"screenshot",
         "DOMAIN --file PATH",
         "save the hypervisor's picture of the screen (QEMU: PPM)",
         {{"file", '\0', true, "where to write the image", "PATH"}},
         run_screenshot},
        {"domdisplay",
         "DOMAIN [--include-password]",
         "print the URI of a running domain's display",
         {{"include-password", '\0', false, "add the password to the URI"}},
         run_domdisplay},
    };
}

}  // namespace spicedesk::virt::cli
