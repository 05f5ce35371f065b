// A stored value decodes to what its JSON says, whether it takes the short way for a decimal or
// goes through the JSON tree, and nothing that is not a value decodes.
// SPDX-License-Identifier: Apache-2.0
#include "scoring/value_codec.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace igmc::scoring {
namespace {

// What decodeValue gives, and what the tree gives for the same text.
void decodesAsTheTree(const std::string& text)
{
    SCOPED_TRACE(text);
    const auto value = decodeValue(text);
    boost::system::error_code ec;
    const auto tree = boost::json::parse(text, ec);
    const auto expected = ec ? Result<Value>(makeError(ErrorCode::ValidationError, "")) : valueFromJson(tree);
    ASSERT_EQ(static_cast<bool>(value), static_cast<bool>(expected));
    if (value) {
        EXPECT_EQ(encodeValue(*value), encodeValue(*expected));
    }
}

TEST(ValueCodec, EveryValueDecodesAsItsJsonTreeDoes)
{
    for (const std::string text : {R"({"number":"12.5"})", R"({"number":"-0.000001"})", R"({"number":"0"})", R"({"number":"1000000"})",
                                   R"({"number":"1.1234567"})", R"({"number":"1e5"})", R"({"number":""})", R"({"number":"1","x":"2"})",
                                   R"({"number":"1"} )", R"({ "number":"1"})", R"({"number":"\u0031"})", R"({"number":"1\""})",
                                   R"({"number":"1"}})", R"({"number":1})", R"({"boolean":true})", R"({"level":"L2"})",
                                   R"({"checklist":["a","b"]})", R"({"colour":"green"})", "{}", "null", ""}) {
        decodesAsTheTree(text);
    }
    EXPECT_EQ(encodeValue(decodeValue(R"({"number":"12.50"})").value()), R"({"number":"12.5"})");
    EXPECT_FALSE(decodeValue(R"({"number":"1","x":"2"})"));
}

}  // namespace
}  // namespace igmc::scoring
