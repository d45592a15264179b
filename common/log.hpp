#pragma once

// One logging facade for every folder: levels, a domain per folder ("spice-server",
// "virt", ...), output on stderr. The threshold comes from SPICEDESK_LOG (error, warn,
// info, debug; default warn). Secrets are never passed here: callers log "password set",
// never the password.

#include <fmt/format.h>

#include <string_view>

namespace spicedesk::log {

enum class Level { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

bool enabled(Level level);
void write(Level level, std::string_view domain, std::string_view message);

template <typename... Args>
void error(std::string_view domain, fmt::format_string<Args...> format, Args&&... args) {
    if (enabled(Level::kError)) {
        write(Level::kError, domain, fmt::format(format, std::forward<Args>(args)...));
    }
}

template <typename... Args>
void warn(std::string_view domain, fmt::format_string<Args...> format, Args&&... args) {
    if (enabled(Level::kWarn)) {
        write(Level::kWarn, domain, fmt::format(format, std::forward<Args>(args)...));
    }
}

template <typename... Args>
void info(std::string_view domain, fmt::format_string<Args...> format, Args&&... args) {
    if (enabled(Level::kInfo)) {
        write(Level::kInfo, domain, fmt::format(format, std::forward<Args>(args)...));
    }
}

template <typename... Args>
void debug(std::string_view domain, fmt::format_string<Args...> format, Args&&... args) {
    if (enabled(Level::kDebug)) {
        write(Level::kDebug, domain, fmt::format(format, std::forward<Args>(args)...));
    }
}

}  // namespace spicedesk::log
