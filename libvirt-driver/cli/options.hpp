#pragma once

// Command-line options in the GNU style virsh and virt-install use: `--name value`,
// `--name=value`, `-n value`, flags without values, and positional arguments.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace spicedesk::virt::cli {

struct OptionSpec {
    std::string name;        // long name without dashes: "connect"
    char short_name = '\0';  // 'c', or none
    bool takes_value = false;
    std::string help;  // one line for --help; "" hides the option
    std::string value_name = "VALUE";
};

class ParsedOptions {
  public:
    bool has(std::string_view name) const;
    std::optional<std::string> value(std::string_view name) const;  // the last one given
    std::vector<std::string> values(std::string_view name) const;   // every one, in order
    const std::vector<std::string>& positional() const { return positional_; }

    void add(const std::string& name, std::string value) {
        values_[name].push_back(std::move(value));
    }
    void add_positional(std::string value) { positional_.push_back(std::move(value)); }

  private:
    std::map<std::string, std::vector<std::string>, std::less<>> values_;
    std::vector<std::string> positional_;
};

// Parses `args` (without the program and subcommand names). Unknown options are an error
// that names them; "--" ends the options.
Result<ParsedOptions> parse_options(const std::vector<std::string>& args,
                                    const std::vector<OptionSpec>& specs);

// The --help text of a subcommand: usage line, description, one line per option.
std::string format_help(std::string_view usage, std::string_view description,
                        const std::vector<OptionSpec>& specs);

// "spice,port=5930,listen=1.2.3.4" → first item "spice" (key ""), then key=value pairs, as
// virt-install's sub-option lists.
std::vector<std::pair<std::string, std::string>> split_suboptions(std::string_view text);

}  // namespace spicedesk::virt::cli
