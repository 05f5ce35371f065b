// libFuzzer target for the push-payload decoder (sync/protocol/wire.hpp): any bytes must give a
// PushRequest or an error, never a crash, a hang or undefined behaviour; and whatever decodes must
// encode and decode again to the same ops.
// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto decoded = igmc::sync::decodePushRequest(body);
    if (!decoded)
        return 0;
    const auto again = igmc::sync::decodePushRequest(igmc::sync::encode(*decoded));
    if (!again || again->ops.size() != decoded->ops.size())
        std::abort();
    for (std::size_t i = 0; i < decoded->ops.size(); ++i) {
        if (again->ops[i].opId != decoded->ops[i].opId || again->ops[i].hlc != decoded->ops[i].hlc)
            std::abort();
    }
    return 0;
}
