// Bodies are read only for a device the route accepts (admitBody, on the header alone), and a
// blob download is a file to stream with the right status and headers (handleDownload).
// SPDX-License-Identifier: Apache-2.0
#include "http/api.hpp"

#include "server/server_fixture.hpp"

#include <gtest/gtest.h>

namespace igmc::server::test {
namespace {

class BodyAdmission : public ApiFixture {
protected:
    // The header of a request that announces a 1,000-byte body.
    static Request header(http::verb method, const std::string& target, const std::string& token)
    {
        Request request{method, target, 11};
        if (!token.empty())
            request.set(http::field::authorization, "Bearer " + token);
        request.set(http::field::content_length, "1000");
        return request;
    }
    // 0 when admitted, else the HTTP status the refusal gets.
    unsigned admitted(http::verb method, const std::string& target, const std::string& token)
    {
        auto result = admitBody(header(method, target, token), *m_api);
        return result ? 0 : errorStatus(result.error().code);
    }
};

TEST_F(BodyAdmission, EachRouteTakesABodyOnlyFromTheRolesItAllows)
{
    const std::string blob = "/v1/blobs/" + std::string(64, 'a');
    struct Case {
        http::verb method;
        std::string target;
        const std::string* token;
        unsigned status;
    };
    const std::string none;
    const std::vector<Case> cases{
        {http::verb::post, "/v1/enroll", &none, 0},
        {http::verb::put, blob, &none, 401},
        {http::verb::put, blob, &m_kiosk, 403},
        {http::verb::put, blob, &m_reviewer, 403},
        {http::verb::put, blob, &m_inspector, 0},
        {http::verb::put, blob, &m_trainer, 0},
        {http::verb::put, blob, &m_admin, 0},
        {http::verb::post, "/v1/blobs/status", &m_kiosk, 403},
        {http::verb::post, "/v1/blobs/status", &m_reviewer, 0},
        {http::verb::post, "/v1/sync/push", &none, 401},
        {http::verb::post, "/v1/sync/push", &m_kiosk, 0},  // what a push may write is the store's to say
        {http::verb::post, "/v1/admin/sites", &m_inspector, 403},
        {http::verb::post, "/v1/admin/sites", &m_admin, 0},
        {http::verb::post, "/nowhere", &none, 401},
    };
    for (const auto& c : cases)
        EXPECT_EQ(admitted(c.method, c.target, *c.token), c.status) << c.target << " " << (c.token->empty() ? "no token" : "token");
    Request noBody{http::verb::get, blob, 11};
    EXPECT_TRUE(admitBody(noBody, *m_api));  // nothing to read: the route decides
}

TEST_F(BodyAdmission, ARefusalOnTheHeaderSaysWhyAsTheRouteWould)
{
    auto refused = admitBody(header(http::verb::put, "/v1/blobs/" + std::string(64, 'a'), m_reviewer), *m_api);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message, "a reviewer device may not upload evidence");
}

class BlobDownloads : public ApiFixture {
protected:
    void SetUp() override
    {
        ApiFixture::SetUp();
        m_bytes = std::string(10'000, '\0');
        for (std::size_t i = 0; i < m_bytes.size(); ++i)
            m_bytes[i] = static_cast<char>(i % 251);
        m_sha = *m_blobs->blobs().put(m_bytes);
    }
    std::variant<Response, BlobDownload> download(const std::string& token, const std::string& range = {})
    {
        Request request{http::verb::get, "/v1/blobs/" + m_sha, 11};
        request.set(http::field::authorization, "Bearer " + token);
        if (!range.empty())
            request.set(http::field::range, range);
        return handleDownload(request, *m_api);
    }
    std::string m_bytes;
    std::string m_sha;
};

TEST_F(BlobDownloads, ARangeIsAPartialFileWithItsContentRange)
{
    EXPECT_TRUE(isBlobDownload(Request{http::verb::get, "/v1/blobs/" + m_sha, 11}));
    EXPECT_FALSE(isBlobDownload(Request{http::verb::head, "/v1/blobs/" + m_sha, 11}));
    EXPECT_FALSE(isBlobDownload(Request{http::verb::get, "/v1/blobs/status", 11}));
    auto whole = download(m_reviewer);
    ASSERT_TRUE(std::holds_alternative<BlobDownload>(whole));
    EXPECT_EQ(std::get<BlobDownload>(whole).response.result_int(), 200U);
    EXPECT_EQ(std::get<BlobDownload>(whole).length, 10'000U);
    auto part = download(m_reviewer, "bytes=100-199");
    ASSERT_TRUE(std::holds_alternative<BlobDownload>(part));
    auto& file = std::get<BlobDownload>(part);
    EXPECT_EQ(file.response.result_int(), 206U);
    EXPECT_EQ(file.response[http::field::content_range], "bytes 100-199/10000");
    EXPECT_EQ(file.response[http::field::content_length], "100");
    EXPECT_EQ(file.first, 100U);
    // In memory (handleRequest) the same range is those bytes.
    const auto inMemory = call(http::verb::get, "/v1/blobs/" + m_sha, m_reviewer, {}, {{"Range", "bytes=100-199"}});
    EXPECT_EQ(inMemory.result_int(), 206U);
    EXPECT_EQ(inMemory.body(), m_bytes.substr(100, 100));
}

TEST_F(BlobDownloads, AnUnsatisfiableRangeOrAKioskGetsAJsonError)
{
    auto past = download(m_reviewer, "bytes=10000-");
    ASSERT_TRUE(std::holds_alternative<Response>(past));
    const auto& refused = std::get<Response>(past);
    EXPECT_EQ(refused.result_int(), 416U);
    EXPECT_EQ(refused[http::field::content_range], "bytes */10000");
    EXPECT_EQ(json(refused).at("error").at("code").as_string(), "invalid_argument");
    auto kiosk = download(m_kiosk);
    ASSERT_TRUE(std::holds_alternative<Response>(kiosk));
    EXPECT_EQ(std::get<Response>(kiosk).result_int(), 403U);
    auto nobody = download("");
    ASSERT_TRUE(std::holds_alternative<Response>(nobody));
    EXPECT_EQ(std::get<Response>(nobody).result_int(), 401U);
}

class ParkedUploadLimit : public ApiFixture {
protected:
    void SetUp() override
    {
        ApiFixture::SetUp();
        auto store = evidence::BlobStore::open(m_dir.path("limited-blobs"));
        ASSERT_TRUE(store);
        m_limited = std::make_unique<BlobUploads>(std::move(store).value(), 1 << 20, ParkedUploadLimits{5'000, std::chrono::hours(24)});
        m_limitedApi = std::make_unique<ApiContext>(ApiContext{*m_store, *m_limited, m_metrics, {}, nullptr});
    }
    std::unique_ptr<BlobUploads> m_limited;
    std::unique_ptr<ApiContext> m_limitedApi;
};

TEST_F(ParkedUploadLimit, APartialUploadOverTheDevicesLimitIsRefusedWithAJsonError)
{
    const std::string bytes(20'000, 'p');
    Request request{http::verb::put, "/v1/blobs/" + sha256Hex(bytes), 11};
    request.set(http::field::authorization, "Bearer " + m_inspector);
    request.set("Upload-Offset", "0");
    request.set("Upload-Length", "20000");
    request.body() = bytes.substr(0, 6'000);
    request.prepare_payload();
    const auto refused = handleRequest(request, *m_limitedApi);
    EXPECT_EQ(refused.result_int(), 403U);
    EXPECT_EQ(json(refused).at("error").at("code").as_string(), "forbidden");
    EXPECT_NE(std::string(json(refused).at("error").at("message").as_string()).find("limit of 5000 bytes"), std::string::npos) << refused.body();
    request.body() = bytes.substr(0, 4'000);
    request.prepare_payload();
    EXPECT_EQ(handleRequest(request, *m_limitedApi).result_int(), 202U);
}

}  // namespace
}  // namespace igmc::server::test
