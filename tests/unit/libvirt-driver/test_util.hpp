#pragma once

// Helpers shared by the domain model tests: fixtures from data/ and C14N comparison.

#include <libxml/c14n.h>
#include <libxml/parser.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt::test {

inline std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(SPICEDESK_VIRT_TEST_DATA) + "/" + name, std::ios::binary);
    if (!in) {
        throw std::runtime_error("missing fixture " + name);
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Canonical XML (C14N 1.0, without comments) of a document given as text, as libxml2 parses it
// on its own (no spicedesk code involved).
inline std::string c14n(const std::string& text) {
    xmlDoc* doc = xmlReadMemory(text.data(), static_cast<int>(text.size()), "c14n.xml", nullptr,
                                XML_PARSE_NONET);
    if (doc == nullptr) {
        throw std::runtime_error("c14n: not XML");
    }
    xmlChar* out = nullptr;
    int len = xmlC14NDocDumpMemory(doc, nullptr, XML_C14N_1_0, nullptr, 0, &out);
    std::string result;
    if (len >= 0 && out != nullptr) {
        result.assign(reinterpret_cast<const char*>(out), static_cast<size_t>(len));
    }
    xmlFree(out);
    xmlFreeDoc(doc);
    return result;
}

inline DomainXml parse_or_die(const std::string& text) {
    auto parsed = DomainXml::parse(text);
    if (!parsed) {
        throw std::runtime_error("parse failed: " + parsed.message());
    }
    return std::move(parsed).value();
}

inline DomainXml fixture(const std::string& name) {
    return parse_or_die(read_fixture(name));
}

}  // namespace spicedesk::virt::test
