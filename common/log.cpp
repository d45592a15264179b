#include "common/log.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace spicedesk::log {
namespace {

Level threshold_from_environment() {
    const char* value = std::getenv("SPICEDESK_LOG");
    if (value == nullptr) {
        return Level::kWarn;
    }
    const std::string_view name(value);
    if (name == "error") {
        return Level::kError;
    }
    if (name == "info") {
        return Level::kInfo;
    }
    if (name == "debug") {
        return Level::kDebug;
    }
    return Level::kWarn;
}

Level threshold() {
    static const Level level = threshold_from_environment();
    return level;
}

const char* level_name(Level level) {
    switch (level) {
        case Level::kError:
            return "error";
        case Level::kWarn:
            return "warning";
        case Level::kInfo:
            return "info";
        case Level::kDebug:
            return "debug";
    }
    return "?";
}

}  // namespace

bool enabled(Level level) {
    return static_cast<int>(level) <= static_cast<int>(threshold());
}

void write(Level level, std::string_view domain, std::string_view message) {
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    std::fprintf(stderr, "%.*s-%s: %.*s\n", static_cast<int>(domain.size()), domain.data(),
                 level_name(level), static_cast<int>(message.size()), message.data());
}

}  // namespace spicedesk::log
