// SPDX-License-Identifier: Apache-2.0
#include "net/http_server.hpp"

#include "log/json_log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace igmc::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

constexpr std::size_t kReadBufferBytes = 256 * 1024;

struct HttpServer::Impl {
    ApiContext& api;
    HttpServerOptions options;
    std::unique_ptr<asio::io_context> owned = std::make_unique<asio::io_context>();
    asio::io_context& ioc = *owned;
    std::optional<asio::ssl::context> tls;
    std::optional<tcp::acceptor> acceptor;
    std::vector<std::thread> threads;
    // Evidence bytes are hashed, written and fsynced here, not on the I/O threads: a photo's two
    // fsyncs would otherwise stop every other connection's reads for a millisecond or more.
    asio::thread_pool fileWork{static_cast<std::size_t>(std::max(1, options.fileThreads))};
    // Pushes wait here for the group-commit writer, not on the I/O threads: with a push waiting on
    // each I/O thread no other push could be read and queued, so a group held one or two pushes
    // and every push paid a commit of its own.
    asio::thread_pool pushWork{static_cast<std::size_t>(std::max(1, options.pushThreads))};
    // At most twice as many pushes as push threads are read, decoded and queued at once; the rest
    // wait in their sockets. Reading every body of 200 devices pushing at once took the server
    // past 165 MB; a slot is taken after a push's header and given back with its response.
    // (Its service lives in the I/O context: it goes first, in stop().)
    std::optional<asio::experimental::concurrent_channel<void(boost::system::error_code)>> pushSlots{
        std::in_place, ioc, static_cast<std::size_t>(2 * std::max(1, options.pushThreads))};
    std::atomic<bool> draining{false};
    std::atomic<bool> stopped{false};
    std::mutex mutex;
    std::condition_variable done;

    Impl(ApiContext& api, HttpServerOptions options) : api(api), options(std::move(options)) {}

    // A push's place among those read and queued for the writer, given back when it goes.
    class PushSlot {
    public:
        explicit PushSlot(Impl& impl) : m_impl(impl) {}
        PushSlot(const PushSlot&) = delete;
        PushSlot& operator=(const PushSlot&) = delete;
        ~PushSlot() { release(); }
        asio::awaitable<void> take()
        {
            co_await m_impl.pushSlots->async_send(boost::system::error_code{}, asio::use_awaitable);
            m_held = true;
        }
        void release()
        {
            if (m_held && m_impl.pushSlots)
                m_impl.pushSlots->try_receive([](boost::system::error_code) {});
            m_held = false;
        }

    private:
        Impl& m_impl;
        bool m_held = false;
    };

    // Reads one request, picking the body limit from the route once the header is in.
    template <typename Stream>
    asio::awaitable<bool> readRequest(Stream& stream, beast::flat_buffer& buffer, Request& request, std::optional<Response>& early,
                                      PushSlot& slot)
    {
        http::request_parser<http::string_body> parser;
        parser.header_limit(16 * 1024);
        parser.body_limit(options.maxBlobChunkBytes);
        beast::get_lowest_layer(stream).expires_after(options.timeout);
        co_await http::async_read_header(stream, buffer, parser, asio::use_awaitable);
        const std::string_view target = parser.get().target();
        const bool blob = carriesEvidenceBytes(target);
        const auto limit = blob ? options.maxBlobChunkBytes : options.maxBodyBytes;
        if (const auto length = parser.content_length(); length && *length > limit) {
            early = errorResponse(parser.get().version(), false, ErrorCode::InvalidArgument,
                                  "the body is " + std::to_string(*length) + " bytes; the limit for this route is " + std::to_string(limit));
            early->result(http::status::payload_too_large);
            co_return false;
        }
        parser.body_limit(limit);
        if (waitsForTheWriter(parser.get())) {
            // Only a device may hold a place: the token is checked on the header, so a client
            // without one cannot keep others' pushes waiting by sending its body slowly.
            if (auto device = authenticate(parser.get(), api); !device) {
                early = errorResponse(parser.get().version(), false, device.error().code, device.error().message);
                co_return false;
            }
            asio::steady_timer patience(co_await asio::this_coro::executor, options.pushWait);
            const auto first = co_await (slot.take() || patience.async_wait(asio::use_awaitable));
            if (first.index() == 1) {
                early = errorResponse(parser.get().version(), false, ErrorCode::Unavailable,
                                      "the server is busy writing other pushes; retry after the delay in Retry-After");
                co_return false;
            }
            beast::get_lowest_layer(stream).expires_after(options.timeout);
        }
        co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
        request = parser.release();
        co_return true;
    }

    // Evidence bytes travel in blob PUTs (up to the blob chunk limit); everything else, the blob
    // status list included, is a JSON body under the JSON limit.
    static bool carriesEvidenceBytes(std::string_view target)
    {
        return target.starts_with("/v1/blobs/") && !target.starts_with("/v1/blobs/status");
    }

    // Every blob request runs on the file threads: a HEAD or status asks for a blob's lock, which
    // a PUT of the same blob holds while it writes and fsyncs.
    static bool touchesEvidenceFiles(const Request& request)
    {
        return request.target().starts_with("/v1/blobs/");
    }

    template <typename Message>
    static bool waitsForTheWriter(const Message& request)
    {
        const std::string_view target = request.target();
        return request.method() == http::verb::post && target.substr(0, target.find('?')) == "/v1/sync/push";
    }

    // Runs the request on `pool` and resumes the connection on its own executor the moment the
    // response is ready. Not co_spawn: a coroutine that finishes without suspending has its
    // completion posted to its own executor first, behind every request still waiting for the
    // pool, so under load each response waited for the whole queue (200 pushes answered together
    // at the end, p50 = p99).
    asio::awaitable<Response> handleOn(asio::thread_pool& pool, Request& request)
    {
        auto io = co_await asio::this_coro::executor;
        co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Response)>(
            [this, &pool, &request, io](auto handler) {
                asio::post(pool, [this, &request, io, handler = std::move(handler)]() mutable {
                    std::exception_ptr error;
                    Response response;
                    try {
                        response = handleRequest(request, api);
                    } catch (...) {
                        error = std::current_exception();
                    }
                    asio::post(io, [handler = std::move(handler), error, response = std::move(response)]() mutable {
                        std::move(handler)(error, std::move(response));
                    });
                });
            },
            asio::use_awaitable);
    }

    template <typename Stream>
    asio::awaitable<void> serve(Stream stream, std::string peer)
    {
        // Beast reads at most what the buffer has room for; the parser empties it as the body
        // arrives, so a buffer left at its first 512 bytes read a 512 KiB photo in 1,024 reads.
        beast::flat_buffer buffer;
        buffer.reserve(kReadBufferBytes);
        try {
            while (true) {
                Request request;
                std::optional<Response> early;
                PushSlot slot(*this);
                bool ok = false;
                try {
                    ok = co_await readRequest(stream, buffer, request, early, slot);
                } catch (const boost::system::system_error& e) {
                    if (e.code() == http::error::end_of_stream || e.code() == asio::error::eof || e.code() == beast::error::timeout
                        || e.code() == asio::error::connection_reset || e.code() == asio::error::operation_aborted)
                        co_return;
                    // A malformed request: answer 400 (or 413) once and close.
                    const bool tooLarge = e.code() == http::error::body_limit || e.code() == http::error::header_limit;
                    early = errorResponse(11, false, tooLarge ? ErrorCode::InvalidArgument : ErrorCode::ParseError,
                                          tooLarge ? "the request is larger than this server accepts" : "malformed HTTP request: " + e.code().message());
                    if (tooLarge)
                        early->result(http::status::payload_too_large);
                }
                if (!ok) {
                    slot.release();  // not held while an error is written to a client that may not read it
                    early->keep_alive(false);
                    beast::get_lowest_layer(stream).expires_after(options.timeout);
                    co_await http::async_write(stream, *early, asio::use_awaitable);
                    co_return;
                }
                const auto started = std::chrono::steady_clock::now();
                ++api.metrics.inFlight();
                // Not `cond ? co_await … : …`: GCC 12 miscompiles a co_await inside a conditional
                // expression (the response was destroyed before it was written).
                Response response;
                if (touchesEvidenceFiles(request))
                    response = co_await handleOn(fileWork, request);
                else if (waitsForTheWriter(request))
                    response = co_await handleOn(pushWork, request);
                else
                    response = handleRequest(request, api);
                --api.metrics.inFlight();
                if (draining.load())
                    response.keep_alive(false);
                const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                const auto route = routeLabel(request);
                api.metrics.recordRequest(route, response.result_int(), seconds, request.body().size(), response.body().size());
                if (options.logRequests)
                    logRequest(std::string(request.method_string()), route, response.result_int(), seconds, peer);
                request = {};  // a push's body goes with its slot, not after its response is sent
                slot.release();
                beast::get_lowest_layer(stream).expires_after(options.timeout);
                const bool keepAlive = response.keep_alive();
                co_await http::async_write(stream, response, asio::use_awaitable);
                if (!keepAlive)
                    break;
            }
            beast::error_code ec;
            beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_send, ec);
        } catch (const std::exception& e) {
            logEvent("warn", "connection ended", {{"peer", peer}, {"reason", e.what()}});
        }
    }

    asio::awaitable<void> acceptLoop()
    {
        while (!draining.load()) {
            tcp::socket socket(ioc);
            boost::system::error_code ec;
            co_await acceptor->async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                if (ec == asio::error::operation_aborted)
                    co_return;
                logEvent("warn", "accept failed", {{"reason", ec.message()}});
                continue;
            }
            socket.set_option(tcp::no_delay(true), ec);
            const auto remote = socket.remote_endpoint(ec);
            std::string peer = ec ? "?" : remote.address().to_string() + ":" + std::to_string(remote.port());
            if (tls) {
                asio::co_spawn(ioc, serveTls(beast::tcp_stream(std::move(socket)), std::move(peer)), asio::detached);
            } else {
                asio::co_spawn(ioc, serve(beast::tcp_stream(std::move(socket)), std::move(peer)), asio::detached);
            }
        }
    }

    asio::awaitable<void> serveTls(beast::tcp_stream tcpStream, std::string peer)
    {
        beast::ssl_stream<beast::tcp_stream> stream(std::move(tcpStream), *tls);
        try {
            beast::get_lowest_layer(stream).expires_after(options.timeout);
            co_await stream.async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
        } catch (const std::exception& e) {
            logEvent("warn", "TLS handshake failed", {{"peer", peer}, {"reason", e.what()}});
            co_return;
        }
        co_await serve(std::move(stream), std::move(peer));
    }
};

HttpServer::HttpServer(ApiContext& api, HttpServerOptions options) : m_impl(std::make_unique<Impl>(api, std::move(options)))
{
    m_impl->api.draining = &m_impl->draining;
}

HttpServer::~HttpServer()
{
    stop(std::chrono::milliseconds(0));
}

Result<unsigned short> HttpServer::start()
{
    auto& impl = *m_impl;
    if (!impl.options.tlsCertificateFile.empty() || !impl.options.tlsKeyFile.empty()) {
        try {
            impl.tls.emplace(asio::ssl::context::tls_server);
            impl.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3
                                  | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
            impl.tls->use_certificate_chain_file(impl.options.tlsCertificateFile);
            impl.tls->use_private_key_file(impl.options.tlsKeyFile, asio::ssl::context::pem);
        } catch (const std::exception& e) {
            return makeError(ErrorCode::InvalidArgument, std::string("cannot load the TLS certificate or key: ") + e.what());
        }
    }
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(impl.options.address, ec);
    if (ec)
        return makeError(ErrorCode::InvalidArgument, "not an IP address: " + impl.options.address);
    impl.acceptor.emplace(impl.ioc);
    const tcp::endpoint endpoint(address, impl.options.port);
    impl.acceptor->open(endpoint.protocol(), ec);
    if (!ec)
        impl.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        impl.acceptor->bind(endpoint, ec);
    if (!ec)
        impl.acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return makeError(ErrorCode::Unavailable, "cannot listen on " + impl.options.address + ":" + std::to_string(impl.options.port) + ": " + ec.message());
    const auto port = impl.acceptor->local_endpoint().port();
    asio::co_spawn(impl.ioc, impl.acceptLoop(), asio::detached);
    for (int i = 0; i < std::max(1, impl.options.threads); ++i)
        impl.threads.emplace_back([&impl] { impl.ioc.run(); });
    return port;
}

void HttpServer::stop(std::chrono::milliseconds drainDeadline)
{
    auto& impl = *m_impl;
    if (impl.stopped.exchange(true))
        return;
    impl.draining = true;
    asio::post(impl.ioc, [&impl] {
        boost::system::error_code ec;
        if (impl.acceptor)
            impl.acceptor->close(ec);
    });
    const auto deadline = std::chrono::steady_clock::now() + drainDeadline;
    while (impl.api.metrics.inFlight().load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    impl.ioc.stop();
    for (auto& t : impl.threads) {
        if (t.joinable() && t.get_id() != std::this_thread::get_id())
            t.join();
    }
    // A file still being written, or a push being committed, finishes before its session is
    // destroyed.
    impl.fileWork.join();
    impl.pushWork.join();
    // Pushes waiting for a slot are cancelled while the I/O context still exists (their sessions
    // are destroyed with it), and the slots go before it: their channel's service is its.
    impl.pushSlots->cancel();
    // Close the listening socket and every open connection now (destroying the I/O context
    // destroys the suspended sessions and their sockets): a stopped server must not leave clients
    // connected to nothing until their timeouts.
    impl.acceptor.reset();
    impl.pushSlots.reset();
    impl.owned.reset();  // sessions (and their TLS streams) go before the TLS context they use
    impl.tls.reset();
    std::lock_guard lock(impl.mutex);
    impl.done.notify_all();
}

void HttpServer::wait()
{
    auto& impl = *m_impl;
    std::unique_lock lock(impl.mutex);
    impl.done.wait(lock, [&impl] { return impl.stopped.load() && std::all_of(impl.threads.begin(), impl.threads.end(), [](auto& t) { return !t.joinable(); }); });
}

}  // namespace igmc::server
