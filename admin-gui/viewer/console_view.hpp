#pragma once

// Shows one head of a console session: scaled to fit keeping the aspect ratio (or 1:1), and
// sends keyboard and pointer input in guest coordinates. GTK thread only.

#include <gtkmm/drawingarea.h>

#include "admin-gui/viewer/console_session.hpp"

namespace spicedesk::gui {

class ConsoleView : public Gtk::DrawingArea {
  public:
    ConsoleView();

    // The session this view shows and feeds; nullptr detaches. Not owned.
    void attach(ConsoleSession* session);
    void set_frame(const Cairo::RefPtr<Cairo::ImageSurface>& frame);
    void set_scale_to_fit(bool fit);
    const Cairo::RefPtr<Cairo::ImageSurface>& frame() const { return frame_; }

  private:
    void draw(const Cairo::RefPtr<Cairo::Context>& cr, int width, int height);
    bool to_guest(double x, double y, int& guest_x, int& guest_y) const;
    void send_pointer(double x, double y);

    ConsoleSession* session_ = nullptr;
    Cairo::RefPtr<Cairo::ImageSurface> frame_;
    bool fit_ = true;
    double scale_ = 1.0;
    double offset_x_ = 0.0;
    double offset_y_ = 0.0;
    unsigned buttons_ = 0;
    double last_x_ = 0.0;  // the pointer's last widget position, for wheel events
    double last_y_ = 0.0;
};

}  // namespace spicedesk::gui
