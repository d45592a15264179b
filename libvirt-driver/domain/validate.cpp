#include "libvirt-driver/domain/validate.hpp"

#include <fmt/format.h>
#include <libxml/relaxng.h>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "libvirt-driver/domain/qxl_limits.hpp"
#include "libvirt-driver/domain/xml_util.hpp"

namespace spicedesk::virt {

namespace {

constexpr int kMinDisplayPort = 5900;
constexpr int kMaxPort = 65535;

// "<graphics type='vnc'> (line 12)": the element with the attributes that identify it.
std::string describe(const xmlNode* node) {
    std::string out = fmt::format("<{}", xml::name(node));
    for (std::string_view a : {"type", "model", "name", "bus"}) {
        if (auto v = xml::attr(node, a)) {
            out += fmt::format(" {}='{}'", a, *v);
        }
    }
    if (xml::is_element(node, "video")) {
        if (auto m = xml::attr(xml::first_child(node, "model"), "type")) {
            out += fmt::format(" model='{}'", *m);
        }
    }
    out += '>';
    long line = xmlGetLineNo(node);
    if (line > 0) {
        out += fmt::format(" (line {})", line);
    }
    return out;
}

void check_port(std::vector<std::string>& problems, const xmlNode* node, std::string_view attr,
                const std::optional<std::string>& text) {
    if (!text) {
        return;
    }
    auto port = xml::parse_signed(*text);
    if (!port) {
        problems.push_back(fmt::format("{}: {}='{}' is not a number", describe(node), attr, *text));
        return;
    }
    if (*port == -1) {
        return;
    }
    if (*port < kMinDisplayPort || *port > kMaxPort) {
        problems.push_back(fmt::format("{}: {}={} is outside {}-{} (use autoport or -1)",
                                       describe(node), attr, *port, kMinDisplayPort, kMaxPort));
    }
}

void check_graphics(std::vector<std::string>& problems, const Graphics& g) {
    if (g.type() != "spice" && g.type() != "vnc") {
        return;
    }
    check_port(problems, g.node(), "port", g.attribute("port"));
    if (g.type() == "spice") {
        check_port(problems, g.node(), "tlsPort", g.attribute("tlsPort"));
        if (g.tls_port() == -1) {
            problems.push_back(fmt::format(
                "{}: tlsPort=-1 asks for a TLS port, which libvirt refuses to start with unless "
                "spice_tls=1 in qemu.conf; drop tlsPort",
                describe(g.node())));
        }
    }
    if (g.autoport() == false && g.port().value_or(-1) == -1) {
        problems.push_back(fmt::format("{}: autoport='no' needs a port in {}-{}",
                                       describe(g.node()), kMinDisplayPort, kMaxPort));
    }
}

void check_video(std::vector<std::string>& problems, const Video& v) {
    auto add = [&](const std::optional<std::string>& problem) {
        if (problem) {
            problems.push_back(fmt::format("{}: {}", describe(v.node()), *problem));
        }
    };
    // Attributes that do not parse as numbers are the schema's business.
    if (v.model() == "qxl") {
        if (auto h = v.heads()) {
            add(qxl_heads_problem(*h));
        }
        if (auto vg = v.vgamem()) {
            add(qxl_vgamem_problem(*vg));
        }
        if (auto r = v.ram()) {
            add(qxl_ram_problem(*r, v.vgamem()));
        }
        if (auto vr = v.vram()) {
            add(qxl_vram_problem(*vr));
        }
        if (auto v64 = v.vram64()) {
            add(qxl_vram64_problem(*v64, v.vram()));
        }
        return;
    }
    for (std::string_view a : {"ram", "vram64", "vgamem"}) {
        if (v.child_attribute("model", a)) {
            problems.push_back(
                fmt::format("{}: {} is only supported for model qxl", describe(v.node()), a));
        }
    }
    if (v.model() != "virtio" && v.heads().value_or(1) > 1) {
        problems.push_back(fmt::format("{}: model '{}' does not support multiple heads",
                                       describe(v.node()), v.model()));
    }
}

// SPICE companions left behind without SPICE graphics (what libvirt refuses at start).
void check_spice_companions(std::vector<std::string>& problems, const DomainXml& domain) {
    bool spice = false;
    for (const Graphics& g : domain.graphics()) {
        spice = spice || g.type() == "spice";
    }
    if (spice) {
        return;
    }
    for (xmlNode* n : xml::element_children(domain.devices_node())) {
        std::string type = xml::attr(n, "type").value_or("");
        if (type == "spicevmc" || type == "spiceport") {
            problems.push_back(fmt::format("{}: needs SPICE graphics", describe(n)));
        } else if (xml::is_element(n, "audio") && type == "spice") {
            problems.push_back(fmt::format(
                "{}: Spice audio is not supported without spice graphics", describe(n)));
        }
    }
    for (const Video& v : domain.videos()) {
        if (v.model() == "qxl") {
            problems.push_back(
                fmt::format("{}: QEMU's qxl device needs SPICE graphics", describe(v.node())));
        }
    }
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) {
        if (!out.empty()) {
            out += '\n';
        }
        out += l;
    }
    return out;
}

struct RelaxNgFree {
    void operator()(xmlRelaxNG* schema) const { xmlRelaxNGFree(schema); }
};

// Parsed schemas, by path: parsing libvirt's domain.rng takes a while, validation is quick.
// libxml2's RelaxNG validation is not documented as thread-safe on a shared schema: one lock.
std::mutex g_schema_mutex;
std::map<std::string, std::unique_ptr<xmlRelaxNG, RelaxNgFree>> g_schemas;

void collect_error(void* user_data, xmlErrorPtr error) {
    auto* lines = static_cast<std::vector<std::string>*>(user_data);
    if (error == nullptr || error->message == nullptr) {
        return;
    }
    std::string message = error->message;
    while (!message.empty() && message.back() == '\n') {
        message.pop_back();
    }
    auto* node = static_cast<const xmlNode*>(error->node);
    std::string where = node != nullptr && node->type == XML_ELEMENT_NODE ? describe(node)
                        : error->line > 0 ? fmt::format("line {}", error->line)
                                          : std::string("<domain>");
    std::string line = fmt::format("{}: {}", where, message);
    for (const std::string& l : *lines) {
        if (l == line) {
            return;
        }
    }
    lines->push_back(std::move(line));
}

xmlRelaxNG* schema_for(const std::string& path, std::string& error) {
    auto it = g_schemas.find(path);
    if (it != g_schemas.end()) {
        return it->second.get();
    }
    std::vector<std::string> errors;
    xmlRelaxNGParserCtxt* parser = xmlRelaxNGNewParserCtxt(path.c_str());
    if (parser == nullptr) {
        error = "cannot read schema " + path;
        return nullptr;
    }
    xmlRelaxNGSetParserStructuredErrors(parser, collect_error, &errors);
    xmlRelaxNG* schema = xmlRelaxNGParse(parser);
    xmlRelaxNGFreeParserCtxt(parser);
    if (schema == nullptr) {
        error = fmt::format("cannot load schema {}{}{}", path, errors.empty() ? "" : ": ",
                            errors.empty() ? "" : errors.front());
        return nullptr;
    }
    g_schemas.emplace(path, std::unique_ptr<xmlRelaxNG, RelaxNgFree>(schema));
    return schema;
}

}  // namespace

Status validate_rules(const DomainXml& domain) {
    std::vector<std::string> problems;
    for (const Graphics& g : domain.graphics()) {
        check_graphics(problems, g);
    }
    for (const Video& v : domain.videos()) {
        check_video(problems, v);
    }
    check_spice_companions(problems, domain);
    if (!problems.empty()) {
        return make_error(join(problems));
    }
    return {};
}

namespace {

// Validates `doc`; the errors (one line each) go to `errors` when given.
bool schema_accepts(xmlRelaxNG* schema, xmlDoc* doc, std::vector<std::string>* errors) {
    xmlRelaxNGValidCtxt* ctxt = xmlRelaxNGNewValidCtxt(schema);
    if (ctxt == nullptr) {
        return false;
    }
    std::vector<std::string> ignored;
    xmlRelaxNGSetValidStructuredErrors(ctxt, collect_error, errors != nullptr ? errors : &ignored);
    int rc = xmlRelaxNGValidateDoc(ctxt, doc);
    xmlRelaxNGFreeValidCtxt(ctxt);
    return rc == 0;
}

// libxml2 reports a bad device inside <devices>' interleave only as "Extra element devices".
// Find the culprits: each device alone in an otherwise empty <devices>, and each top-level
// element left out of the document, tells whether it is the one the schema refuses.
std::vector<std::string> localize(xmlRelaxNG* schema, const DomainXml& domain) {
    std::vector<std::string> found;
    DomainXml skeleton = domain.clone();
    if (xmlNode* devices = xml::first_child(skeleton.root(), "devices")) {
        for (xmlNode* d : xml::element_children(devices)) {
            xml::remove_node(d);
        }
    }
    if (xmlNode* devices = xml::first_child(domain.root(), "devices")) {
        for (xmlNode* d : xml::element_children(devices)) {
            DomainXml one = skeleton.clone();
            xmlNode* copy = xmlDocCopyNode(d, one.doc(), 1);
            xmlAddChild(xml::first_child(one.root(), "devices"), copy);
            std::vector<std::string> errors;
            if (!schema_accepts(schema, one.doc(), &errors) &&
                schema_accepts(schema, skeleton.doc(), nullptr)) {
                // Keep libxml2's words where they say more than "interleave" does.
                std::string detail;
                for (const std::string& e : errors) {
                    if (e.find("interleave") == std::string::npos &&
                        e.find("failed to validate content") == std::string::npos) {
                        detail = " (" + e + ")";
                        break;
                    }
                }
                found.push_back(
                    fmt::format("{}: not valid in libvirt's domain schema{}", describe(d), detail));
            }
        }
    }
    if (!schema_accepts(schema, skeleton.doc(), nullptr)) {
        auto top = xml::element_children(domain.root());
        auto top_copy = xml::element_children(skeleton.root());
        for (size_t i = 0; i < top.size() && i < top_copy.size(); ++i) {
            if (xml::is_element(top[i], "devices")) {
                continue;
            }
            DomainXml without = skeleton.clone();
            xml::remove_node(xml::element_children(without.root())[i]);
            if (schema_accepts(schema, without.doc(), nullptr)) {
                found.push_back(
                    fmt::format("{}: not valid in libvirt's domain schema", describe(top[i])));
            }
        }
    }
    return found;
}

}  // namespace

Status validate_schema(const DomainXml& domain, const std::string& schema_path) {
    xml::ensure_initialized();
    std::lock_guard lock(g_schema_mutex);
    xml::QuietGenericErrors quiet;
    std::string error;
    xmlRelaxNG* schema = schema_for(schema_path, error);
    if (schema == nullptr) {
        return make_error(error);
    }
    std::vector<std::string> errors;
    if (schema_accepts(schema, domain.doc(), &errors)) {
        return {};
    }
    std::vector<std::string> culprits = localize(schema, domain);
    if (!culprits.empty()) {
        return make_error(join(culprits));
    }
    // libxml2 follows a specific error with generic ones about the enclosing interleave.
    std::vector<std::string> specific;
    for (const std::string& e : errors) {
        if (e.find("interleave") == std::string::npos &&
            e.find("failed to validate content") == std::string::npos) {
            specific.push_back(e);
        }
    }
    if (!specific.empty()) {
        return make_error(join(specific));
    }
    if (errors.empty()) {
        errors.push_back("<domain>: the document does not match libvirt's domain schema");
    }
    return make_error(join(errors));
}

Status validate(const DomainXml& domain) {
    std::vector<std::string> problems;
    if (auto s = validate_schema(domain); !s) {
        problems.push_back(s.message());
    }
    if (auto r = validate_rules(domain); !r) {
        problems.push_back(r.message());
    }
    if (!problems.empty()) {
        return make_error(join(problems));
    }
    return {};
}

}  // namespace spicedesk::virt
