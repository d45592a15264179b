#include "libvirt-driver/connection/domain_draft.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace spicedesk::virt {
DomainDraft::DomainDraft(DomainXml base, std::optional<std::string> defined_name)
    : base_(std::move(base)), current_(base_.clone()), defined_name_(std::move(defined_name)) {}

DomainDraft DomainDraft::for_new(DomainXml domain) {
    return DomainDraft(std::move(domain), std::nullopt);
}

Result<DomainDraft> DomainDraft::for_defined(const Connection& connection,
                                             const std::string& name) {
    auto xml = connection.domain_xml(name, XmlFlavour::kInactive, /*secure=*/true);
    if (!xml) {
        return xml.error();
    }
    auto domain = DomainXml::parse(*xml);
    if (!domain) {
        return make_error(
            fmt::format("cannot read the definition of '{}': {}", name, domain.message()));
    }
    return DomainDraft(std::move(domain).value(), name);
}

Status DomainDraft::replay(DomainXml& target) const {
    for (const auto& key : order_) {
        if (auto done = edits_.at(key)(target); !done) {
            return make_error(fmt::format("{}: {}", key, done.message()));
        }
    }
    return {};
}

Status DomainDraft::set_edit(const std::string& key, Edit edit) {
    auto edits = edits_;
    auto order = order_;
    if (edits.find(key) == edits.end()) {
        order.push_back(key);
    }
    edits[key] = std::move(edit);

    DomainXml candidate = base_.clone();
    std::swap(edits, edits_);
    std::swap(order, order_);
    Status replayed = replay(candidate);
    if (!replayed) {
        std::swap(edits, edits_);  // refused: back to what was pending
        std::swap(order, order_);
        return replayed;
    }
    current_ = std::move(candidate);
    return {};
}

void DomainDraft::revert() {
    edits_.clear();
    order_.clear();
    current_ = base_.clone();
}

Result<Redefinition> DomainDraft::apply(Connection& connection) {
    Result<Redefinition> done = make_error("nothing to apply");
    if (defined_name_) {
        done = redefine(connection, *defined_name_,
                        [this](DomainXml& fresh) { return replay(fresh); });
    } else {
        auto name = define_validated(connection, current_);
        if (!name) {
            return name.error();
        }
        done = Redefinition{*name, false};
    }
    if (!done) {
        return done;
    }
    defined_name_ = done->name;
    auto reread = for_defined(connection, done->name);
    if (reread) {
        *this = std::move(reread).value();
    } else {
        base_ = current_.clone();
        revert();
    }
    return done;
}

}  // namespace spicedesk::virt
