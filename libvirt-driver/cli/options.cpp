#include "libvirt-driver/cli/options.hpp"

#include <fmt/format.h>

namespace spicedesk::virt::cli {

bool ParsedOptions::has(std::string_view name) const {
    return values_.find(name) != values_.end();
}

std::optional<std::string> ParsedOptions::value(std::string_view name) const {
    const auto found = values_.find(name);
    if (found == values_.end() || found->second.empty()) {
        return std::nullopt;
    }
    return found->second.back();
}

std::vector<std::string> ParsedOptions::values(std::string_view name) const {
    const auto found = values_.find(name);
    return found == values_.end() ? std::vector<std::string>{} : found->second;
}

Result<ParsedOptions> parse_options(const std::vector<std::string>& args,
                                    const std::vector<OptionSpec>& specs) {
    ParsedOptions parsed;
    auto find_long = [&](std::string_view name) -> const OptionSpec* {
        for (const auto& spec : specs) {
            if (spec.name == name) {
                return &spec;
            }
        }
        return nullptr;
    };
    auto find_short = [&](char name) -> const OptionSpec* {
        for (const auto& spec : specs) {
            if (spec.short_name == name) {
                return &spec;
            }
        }
        return nullptr;
    };

    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            for (++i; i < args.size(); ++i) {
                parsed.add_positional(args[i]);
            }
            break;
        }
        const OptionSpec* spec = nullptr;
        std::optional<std::string> inline_value;
        if (arg.rfind("--", 0) == 0) {
            const size_t equals = arg.find('=');
            const std::string name =
                arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
            spec = find_long(name);
            if (spec == nullptr) {
                return make_error(fmt::format("unknown option '--{}' (see --help)", name));
            }
            if (equals != std::string::npos) {
                inline_value = arg.substr(equals + 1);
            }
        } else if (arg.size() >= 2 && arg[0] == '-' && arg[1] != '-') {
            spec = find_short(arg[1]);
            if (spec == nullptr) {
                return make_error(fmt::format("unknown option '-{}' (see --help)", arg[1]));
            }
            if (arg.size() > 2) {
                inline_value = arg.substr(arg[2] == '=' ? 3 : 2);
            }
        } else {
            parsed.add_positional(arg);
            continue;
        }

        if (!spec->takes_value) {
            if (inline_value) {
                return make_error(fmt::format("option '--{}' takes no value", spec->name));
            }
            parsed.add(spec->name, "");
            continue;
        }
        if (!inline_value) {
            if (i + 1 >= args.size()) {
                return make_error(fmt::format("option '--{}' needs a value", spec->name));
            }
            inline_value = args[++i];
        }
        parsed.add(spec->name, std::move(*inline_value));
    }
    return parsed;
}

std::string format_help(std::string_view usage, std::string_view description,
                        const std::vector<OptionSpec>& specs) {
    std::string text = fmt::format("Usage: {}\n\n{}\n", usage, description);
    bool header = false;
    for (const auto& spec : specs) {
        if (spec.help.empty()) {
            continue;
        }
        if (!header) {
            text += "\nOptions:\n";
            header = true;
        }
        std::string left = spec.short_name != '\0'
                               ? fmt::format("-{}, --{}", spec.short_name, spec.name)
                               : fmt::format("    --{}", spec.name);
        if (spec.takes_value) {
            left += " " + spec.value_name;
        }
        text += fmt::format("  {:<30} {}\n", left, spec.help);
    }
    return text;
}

std::vector<std::pair<std::string, std::string>> split_suboptions(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> items;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view item = text.substr(start, end - start);
        if (!item.empty()) {
            const size_t equals = item.find('=');
            if (equals == std::string_view::npos) {
                items.emplace_back(items.empty() ? "" : std::string(item),
                                   items.empty() ? std::string(item) : "");
            } else {
                items.emplace_back(std::string(item.substr(0, equals)),
                                   std::string(item.substr(equals + 1)));
            }
        }
        start = end + 1;
    }
    return items;
}

}  // namespace spicedesk::virt::cli
