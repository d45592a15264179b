#include "spice-core/server/agent_filter.hpp"

#include "spice-core/protocol/agent.hpp"
#include "spice-core/protocol/reader.hpp"

namespace spicedesk::core {

void AgentMessageFilter::discard_all() {
    discard_all_ = true;
    result_ = AgentFilterResult::Discard;
}

void AgentMessageFilter::set_discard_all(bool on) {
    discard_all_ = on;
    if (on) {
        result_ = AgentFilterResult::Discard;
    }
}

void AgentMessageFilter::reset(AgentFilterConfig config, bool discard_all) {
    config_ = config;
    discard_all_ = discard_all;
    data_to_read_ = 0;
    result_ = AgentFilterResult::Discard;
}

AgentFilterResult AgentMessageFilter::process(std::span<const uint8_t> piece) {
    if (piece.size() > VD_AGENT_MAX_DATA_SIZE) {
        return AgentFilterResult::ProtocolError;
    }
    size_t data_len = piece.size();
    if (data_to_read_ == 0) {
        // A new message: its header decides what happens to every piece of it.
        if (piece.size() < kAgentHeaderSize) {
            return AgentFilterResult::ProtocolError;
        }
        Reader r(piece);
        const AgentHeader h = parse_agent_header(r);
        if (h.protocol != VD_AGENT_PROTOCOL) {
            return AgentFilterResult::ProtocolError;
        }
        type_ = h.type;
        result_ = AgentFilterResult::Forward;
        if (discard_all_) {
            result_ = AgentFilterResult::Discard;
        } else {
            switch (h.type) {
                case VD_AGENT_CLIPBOARD:
                case VD_AGENT_CLIPBOARD_GRAB:
                case VD_AGENT_CLIPBOARD_REQUEST:
                case VD_AGENT_CLIPBOARD_RELEASE:
                    if (!config_.copy_paste) {
                        result_ = AgentFilterResult::Discard;
                    }
                    break;
                case VD_AGENT_FILE_XFER_START:
                case VD_AGENT_FILE_XFER_STATUS:
                case VD_AGENT_FILE_XFER_DATA:
                    if (!config_.file_transfer) {
                        result_ = AgentFilterResult::Discard;
                    }
                    break;
                case VD_AGENT_MONITORS_CONFIG:
                    if (config_.use_client_monitors_config) {
                        result_ = AgentFilterResult::MonitorsConfig;
                    }
                    break;
                default:
                    break;
            }
        }
        data_to_read_ = h.size;
        data_len -= kAgentHeaderSize;
    }
    // A piece never runs past its message: the next message starts in a piece of its own.
    if (data_len > data_to_read_) {
        return AgentFilterResult::ProtocolError;
    }
    data_to_read_ -= static_cast<uint32_t>(data_len);
    return result_;
}

}  // namespace spicedesk::core
