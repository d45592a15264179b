#pragma once

// A page of the details editor. It shows the draft's current definition (load) and turns what
// the user changes into keyed edits of the draft; an edit the model refuses is shown inline on
// the page and changes nothing. GTK thread only.

#include <gtkmm/label.h>

#include <functional>
#include <string>

#include "common/result.hpp"
#include "libvirt-driver/connection/domain_draft.hpp"

namespace spicedesk::gui {

using EditSink = std::function<Status(const std::string& key, virt::DomainDraft::Edit edit)>;

class DetailsPage {
  public:
    virtual ~DetailsPage() = default;

    virtual void load(const virt::DomainXml& current) = 0;

    void set_edit_sink(EditSink sink) { sink_ = std::move(sink); }

  protected:
    // Records an edit unless the page is loading; shows a refusal in `error_label`.
    void edit(const std::string& key, virt::DomainDraft::Edit change, Gtk::Label& error_label);

    bool loading_ = false;  // widgets are being filled from the model: their signals are not edits

  private:
    EditSink sink_;
};

// Sets `loading_` for one scope.
class LoadingScope {
  public:
    explicit LoadingScope(bool& flag) : flag_(flag) { flag_ = true; }
    ~LoadingScope() { flag_ = false; }
    LoadingScope(const LoadingScope&) = delete;
    LoadingScope& operator=(const LoadingScope&) = delete;

  private:
    bool& flag_;
};

}  // namespace spicedesk::gui
