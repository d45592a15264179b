#pragma once

// Widgets from GtkBuilder files, by id; a missing or mistyped id throws at once, naming it, so
// a renamed widget fails when its window opens, not later.

#include <gtkmm/builder.h>

#include <stdexcept>
#include <string>

namespace spicedesk::gui {

template <typename Widget>
Widget* get_widget(const Glib::RefPtr<Gtk::Builder>& builder, const char* id) {
    auto* widget = builder->get_widget<Widget>(id);
    if (widget == nullptr) {
        throw std::runtime_error(std::string("user interface file has no widget '") + id +
                                 "' of the expected type");
    }
    return widget;
}

template <typename Widget, typename... Args>
Widget* get_derived(const Glib::RefPtr<Gtk::Builder>& builder, const char* id, Args&&... args) {
    auto* widget =
        Gtk::Builder::get_widget_derived<Widget>(builder, id, std::forward<Args>(args)...);
    if (widget == nullptr) {
        throw std::runtime_error(std::string("user interface file has no widget '") + id + "'");
    }
    return widget;
}

// A widget that is not a window lives only as long as its builder until it has a parent: this
// takes a reference for the caller, who drops it (unreference) once the widget is parented.
template <typename Widget>
Widget* get_derived_unparented(const Glib::RefPtr<Gtk::Builder>& builder, const char* id) {
    Widget* widget = get_derived<Widget>(builder, id);
    widget->reference();
    return widget;
}

}  // namespace spicedesk::gui
