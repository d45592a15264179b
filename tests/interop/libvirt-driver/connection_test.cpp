// The connection layer against libvirt's real test driver, in process (test:/// keeps nothing
// between processes): lifecycle, events delivered on the GLib main context, safe redefinition.

#include "libvirt-driver/connection/connection.hpp"

#include <glib.h>
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "libvirt-driver/connection/definition.hpp"
#include "libvirt-driver/connection/domain_events.hpp"
#include "libvirt-driver/domain/convert.hpp"
#include "libvirt-driver/domain/edit.hpp"

namespace spicedesk::virt {
namespace {

constexpr const char* kVncDomain = R"(<domain type='test'>
  <name>vncguest</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <graphics type='vnc' port='5905' autoport='no' listen='127.0.0.1' passwd='pw1'/>
    <video><model type='vga' vram='16384' heads='1'/></video>
  </devices>
</domain>
)";

class TestDriver : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Connection::open("test:///default");
        ASSERT_TRUE(opened) << opened.message();
        connection_.emplace(std::move(opened).value());
    }

    void TearDown() override {
        // test:///default is one shared state per process: leave it as the next test expects.
        if (connection_ && connection_->domain_info("vncguest")) {
            (void)connection_->destroy("vncguest");
            (void)connection_->undefine("vncguest");
        }
    }

    std::string inactive_xml(const std::string& name) {
        auto xml = connection_->domain_xml(name, XmlFlavour::kInactive, true);
        EXPECT_TRUE(xml) << xml.message();
        return xml ? *xml : "";
    }

    void define_vnc_guest() {
        auto domain = DomainXml::parse(kVncDomain);
        ASSERT_TRUE(domain) << domain.message();
        auto defined = define_validated(*connection_, *domain);
        ASSERT_TRUE(defined) << defined.message();
        EXPECT_EQ(*defined, "vncguest");
    }

    std::optional<Connection> connection_;
};

TEST_F(TestDriver, ListsTheBuiltInDomainRunning) {
    auto domains = connection_->list_domains();
    ASSERT_TRUE(domains) << domains.message();
    ASSERT_EQ(domains->size(), 1u);
    EXPECT_EQ(domains->front().name, "test");
    EXPECT_EQ(domains->front().state, DomainState::kRunning);
    EXPECT_STREQ(state_name(domains->front().state), "running");
    EXPECT_GT(domains->front().memory_kib, 0u);
}

TEST_F(TestDriver, LifecycleMovesThroughStates) {
    define_vnc_guest();
    auto state = [&] { return connection_->domain_info("vncguest")->state; };
    EXPECT_EQ(state(), DomainState::kShutoff);
    ASSERT_TRUE(connection_->start("vncguest"));
    EXPECT_EQ(state(), DomainState::kRunning);
    ASSERT_TRUE(connection_->suspend("vncguest"));
    EXPECT_EQ(state(), DomainState::kPaused);
    ASSERT_TRUE(connection_->resume("vncguest"));
    EXPECT_EQ(state(), DomainState::kRunning);
    ASSERT_TRUE(connection_->destroy("vncguest"));
    EXPECT_EQ(state(), DomainState::kShutoff);
    auto again = connection_->destroy("vncguest");
    ASSERT_FALSE(again);
    EXPECT_NE(again.message().find("vncguest"), std::string::npos) << again.message();
    ASSERT_TRUE(connection_->undefine("vncguest"));
    auto gone = connection_->domain_info("vncguest");
    ASSERT_FALSE(gone);
    EXPECT_NE(gone.message().find("no domain named 'vncguest'"), std::string::npos);
}

TEST_F(TestDriver, EventsArriveOnTheGlibMainContext) {
    std::vector<std::string> seen;
    auto subscription = DomainEventSubscription::subscribe(*connection_, [&](const DomainEvent& e) {
        seen.push_back(e.name + " " + event_name(e.event));
    });
    ASSERT_TRUE(subscription) << subscription.message();
    define_vnc_guest();
    ASSERT_TRUE(connection_->start("vncguest"));
    ASSERT_TRUE(connection_->destroy("vncguest"));

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (seen.size() < 3 && std::chrono::steady_clock::now() < deadline) {
        g_main_context_iteration(nullptr, FALSE);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"vncguest defined", "vncguest started",
                                              "vncguest stopped"}));
}

TEST_F(TestDriver, SwitchToSpiceAndBackKeepsPasswordAndListen) {
    define_vnc_guest();
    auto done = redefine(*connection_, "vncguest", to_spice);
    ASSERT_TRUE(done) << done.message();
    EXPECT_FALSE(done->running);
    auto spice = DomainXml::parse(inactive_xml("vncguest"));
    ASSERT_TRUE(spice) << spice.message();
    ASSERT_EQ(spice->graphics().size(), 1u);
    const auto graphics = spice->graphics().front();
    EXPECT_EQ(graphics.type(), "spice");
    EXPECT_EQ(graphics.password(), "pw1");
    EXPECT_EQ(graphics.port(), 5905);
    EXPECT_EQ(graphics.listen(), "127.0.0.1");
    ASSERT_FALSE(spice->videos().empty());
    EXPECT_EQ(spice->videos().front().model(), "qxl");
    bool agent = false;
    for (const auto& channel : spice->channels()) {
        agent = agent || channel.is_spice_agent();
    }
    EXPECT_TRUE(agent);

    ASSERT_TRUE(redefine(*connection_, "vncguest", to_vnc));
    auto vnc = DomainXml::parse(inactive_xml("vncguest"));
    ASSERT_TRUE(vnc) << vnc.message();
    EXPECT_EQ(vnc->graphics().front().type(), "vnc");
    EXPECT_EQ(vnc->graphics().front().password(), "pw1");
    EXPECT_TRUE(vnc->channels().empty());
    EXPECT_TRUE(vnc->redirdevs().empty());
}

TEST_F(TestDriver, RefusedEditLeavesTheDefinitionAlone) {
    define_vnc_guest();
    ASSERT_TRUE(redefine(*connection_, "vncguest", to_spice));
    const std::string before = inactive_xml("vncguest");

    auto heads = redefine(*connection_, "vncguest",
                          [](DomainXml& domain) { return set_video(domain, std::nullopt, 5u); });
    ASSERT_FALSE(heads);
    EXPECT_NE(heads.message().find("heads"), std::string::npos) << heads.message();

    auto port = redefine(*connection_, "vncguest", [](DomainXml& domain) -> Status {
        domain.graphics().front().set_port(80);
        return {};
    });
    ASSERT_FALSE(port);
    EXPECT_NE(port.message().find("graphics"), std::string::npos) << port.message();
    EXPECT_EQ(inactive_xml("vncguest"), before);
}

TEST_F(TestDriver, ReportsWhatItSupports) {
    EXPECT_TRUE(connection_->supports_storage_pools());
    EXPECT_TRUE(connection_->supports_networks());
    auto host = connection_->host_info();
    ASSERT_TRUE(host) << host.message();
    EXPECT_GT(host->cpus, 0u);
}

TEST(Connection, UnknownUriFailsWithTheUriInTheMessage) {
    auto opened = Connection::open("nosuchdriver:///x");
    ASSERT_FALSE(opened);
    EXPECT_NE(opened.message().find("nosuchdriver:///x"), std::string::npos) << opened.message();
}

}  // namespace
}  // namespace spicedesk::virt
