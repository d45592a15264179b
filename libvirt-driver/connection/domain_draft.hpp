#pragma once

// The details editor's model (virt-manager's way): a definition plus pending edits, each under a
// key ("video.heads", "graphics", "xml"). The editor shows `current()`; Apply re-reads what
// libvirt has now, replays only the pending edits on it, validates and defines — so fields the
// user did not touch are never written back stale. A draft of a domain not yet defined
// ("Customize configuration before install") works the same; Apply then defines it first.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "libvirt-driver/connection/definition.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

class DomainDraft {
  public:
    using Edit = std::function<Status(DomainXml&)>;

    // A domain that libvirt does not know yet.
    static DomainDraft for_new(DomainXml domain);
    // `name`'s persistent definition (secrets included, so passwords show and survive).
    static Result<DomainDraft> for_defined(const Connection& connection, const std::string& name);

    bool is_new() const { return !defined_name_; }
    const DomainXml& base() const { return base_; }
    const DomainXml& current() const { return current_; }

    // Records an edit under `key` (replacing an earlier one with that key) and applies it to
    // `current()`. A failing edit is refused, recorded nowhere, and `current()` is unchanged.
    Status set_edit(const std::string& key, Edit edit);

    bool has_pending() const { return !order_.empty(); }
    std::vector<std::string> pending_keys() const { return order_; }
    void revert();

    // Writes the pending edits. Nothing changes in libvirt when this fails.
    Result<Redefinition> apply(Connection& connection);

  private:
    DomainDraft(DomainXml base, std::optional<std::string> defined_name);
    Status replay(DomainXml& target) const;

    DomainXml base_;
    DomainXml current_;
    std::optional<std::string> defined_name_;
    std::map<std::string, Edit> edits_;
    std::vector<std::string> order_;  // keys in the order first edited
};

}  // namespace spicedesk::virt
