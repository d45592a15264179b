#pragma once

// A line diff for showing a user what an operation changes (e.g. the domain XML before
// "Switch to SPICE" is applied): unchanged lines start with "  ", removed "- ", added "+ ".
// Quadratic in the line counts; meant for documents of a few hundred lines.

#include <string>
#include <string_view>

namespace spicedesk {

// Every line, marked.
std::string line_diff(std::string_view before, std::string_view after);

// Only the changed lines with `context` unchanged lines around each change; runs of unchanged
// lines left out are shown as one "  …" line.
std::string line_diff(std::string_view before, std::string_view after, unsigned context);

}  // namespace spicedesk
