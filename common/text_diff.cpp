#include "common/text_diff.hpp"

#include <algorithm>
#include <vector>

namespace spicedesk {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

}  // namespace

std::string line_diff(std::string_view before, std::string_view after) {
    const auto a = split_lines(before);
    const auto b = split_lines(after);
    // common[i][j]: length of the longest common subsequence of a[i..] and b[j..]
    std::vector<std::vector<unsigned>> common(a.size() + 1, std::vector<unsigned>(b.size() + 1, 0));
    for (size_t i = a.size(); i-- > 0;) {
        for (size_t j = b.size(); j-- > 0;) {
            common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1
                                        : std::max(common[i + 1][j], common[i][j + 1]);
        }
    }
    std::string out;
    auto emit = [&out](const char* mark, std::string_view line) {
        out += mark;
        out += line;
        out += '\n';
    };
    size_t i = 0;
    size_t j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            emit("  ", a[i]);
            ++i;
            ++j;
        } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
            emit("- ", a[i++]);
        } else {
            emit("+ ", b[j++]);
        }
    }
    return out;
}

std::string line_diff(std::string_view before, std::string_view after, unsigned context) {
    const std::string full = line_diff(before, after);
    const auto lines = split_lines(full);
    std::vector<bool> keep(lines.size(), false);
    for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind("  ", 0) == 0) {
            continue;
        }
        const size_t from = i >= context ? i - context : 0;
        const size_t to = std::min(lines.size(), i + context + 1);
        for (size_t k = from; k < to; ++k) {
            keep[k] = true;
        }
    }
    std::string out;
    bool skipped = false;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (!keep[i]) {
            skipped = true;
            continue;
        }
        if (skipped) {
            out += "  …\n";
            skipped = false;
        }
        out += lines[i];
        out += '\n';
    }
    if (skipped) {
        out += "  …\n";
    }
    return out;
}

}  // namespace spicedesk
