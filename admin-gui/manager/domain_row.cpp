#include "admin-gui/manager/domain_row.hpp"

#include <fmt/format.h>

#include "admin-gui/support/accessible.hpp"
#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {
namespace {

constexpr size_t kHistory = 40;  // samples in the sparkline

}  // namespace

const char* state_icon_name(virt::DomainState state) {
    switch (state) {
        case virt::DomainState::kRunning:
        case virt::DomainState::kBlocked:
            return "media-playback-start-symbolic";
        case virt::DomainState::kPaused:
        case virt::DomainState::kSuspended:
            return "media-playback-pause-symbolic";
        case virt::DomainState::kCrashed:
            return "dialog-error-symbolic";
        default:
            return "media-playback-stop-symbolic";
    }
}

std::string state_text(virt::DomainState state) {
    switch (state) {
        case virt::DomainState::kRunning:
            return _("Running");
        case virt::DomainState::kBlocked:
            return _("Idle");
        case virt::DomainState::kPaused:
            return _("Paused");
        case virt::DomainState::kShutdown:
            return _("Shutting down");
        case virt::DomainState::kShutoff:
            return _("Shut off");
        case virt::DomainState::kCrashed:
            return _("Crashed");
        case virt::DomainState::kSuspended:
            return _("Suspended");
        case virt::DomainState::kNoState:
            break;
    }
    return _("Unknown");
}

DomainRow::DomainRow(std::string connection_uri, const virt::DomainStatus& status)
    : connection_uri_(std::move(connection_uri)), name_(status.info.name) {
    box_.set_margin(6);
    state_icon_.set_pixel_size(24);
    name_label_.set_xalign(0);
    name_label_.add_css_class("heading");
    state_label_.set_xalign(0);
    state_label_.add_css_class("dim-label");
    text_.append(name_label_);
    text_.append(state_label_);
    text_.set_hexpand(true);
    sparkline_.set_content_width(120);
    sparkline_.set_content_height(28);
    sparkline_.set_draw_func(sigc::mem_fun(*this, &DomainRow::draw_sparkline));
    memory_label_.set_width_chars(10);
    memory_label_.set_xalign(1);
    box_.append(state_icon_);
    box_.append(text_);
    box_.append(sparkline_);
    box_.append(memory_label_);
    set_child(box_);
    update(status);
}

void DomainRow::update(const virt::DomainStatus& status) {
    state_ = status.info.state;
    name_label_.set_text(name_);
    state_label_.set_text(state_text(state_));
    state_icon_.set_from_icon_name(state_icon_name(state_));
    memory_label_.set_text(fmt::format("{} MiB", status.info.memory_kib / 1024));
    cpu_history_.push_back(status.cpu_percent);
    while (cpu_history_.size() > kHistory) {
        cpu_history_.pop_front();
    }
    sparkline_.set_tooltip_text(fmt::format(fmt::runtime(_("CPU {:.0f} %")), status.cpu_percent));
    set_accessible_label(*this, fmt::format("{} ({})", name_, state_text(state_)));
    sparkline_.queue_draw();
}

void DomainRow::draw_sparkline(const Cairo::RefPtr<Cairo::Context>& cr, int width,
                               int height) const {
    cr->set_source_rgba(0.5, 0.5, 0.5, 0.25);
    cr->rectangle(0, 0, width, height);
    cr->fill();
    if (cpu_history_.size() < 2) {
        return;
    }
    const double step = static_cast<double>(width) / static_cast<double>(kHistory - 1);
    double x = width - step * static_cast<double>(cpu_history_.size() - 1);
    cr->set_source_rgb(0.2, 0.45, 0.8);
    cr->set_line_width(1.5);
    bool first = true;
    for (double percent : cpu_history_) {
        const double y = height - 1 - (height - 2) * percent / 100.0;
        if (first) {
            cr->move_to(x, y);
            first = false;
        } else {
            cr->line_to(x, y);
        }
        x += step;
    }
    cr->stroke();
}

}  // namespace spicedesk::gui
