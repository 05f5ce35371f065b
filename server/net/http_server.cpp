// SPDX-License-Identifier: Apache-2.0
#include "net/http_server.hpp"

#include "log/json_log.hpp"
#include "log/log_limiter.hpp"

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
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <algorithm>
#include <climits>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <sstream>
#include <sys/resource.h>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace igmc::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

constexpr std::size_t kReadBufferBytes = 256 * 1024;
// Invariant 2. A piece is read on a file thread and written before the next is read: 256 KiB
// keeps a hundred downloads under 26 MB and is still a few hundred microseconds of sending.
constexpr std::uint64_t kDownloadPieceBytes = 256 * 1024;
// Invariant 4.
constexpr auto kAcceptPauseMin = std::chrono::milliseconds(10);
constexpr auto kAcceptPauseMax = std::chrono::seconds(1);
// Descriptors kept for everything but connections: the store (database, WAL, shared memory,
// intake log), the listeners, the process's own; and per file thread, the few files an evidence
// write has open at once (partial file, temporary file, folder to sync).
constexpr int kReservedDescriptors = 64;
constexpr int kDescriptorsPerFileThread = 4;
constexpr int kDefaultPerClient = 256;
constexpr int kMaxDerivedConnections = 10'000;

enum class Listener { Api, Metrics };

HttpServer::ConnectionLimits deriveLimits(const HttpServerOptions& options)
{
    rlimit limit{};
    const rlim_t descriptors = ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? limit.rlim_cur : 1024;
    const auto available = static_cast<long long>(std::min<rlim_t>(descriptors, INT_MAX)) - kReservedDescriptors
                           - kDescriptorsPerFileThread * static_cast<long long>(std::max(1, options.fileThreads));
    // A connection can hold two descriptors: its socket and, while it downloads, the blob's file.
    const int derived = static_cast<int>(std::clamp<long long>(available / 2, 1, kMaxDerivedConnections));
    HttpServer::ConnectionLimits limits;
    limits.total = options.maxConnections > 0 ? options.maxConnections : derived;
    limits.perClient = options.maxConnectionsPerClient > 0 ? options.maxConnectionsPerClient : std::min(limits.total, kDefaultPerClient);
    return limits;
}

// What a connection over a cap is told before it is closed (plain HTTP only).
std::string busyAnswer()
{
    std::ostringstream out;
    out << errorResponse(11, false, ErrorCode::Unavailable, "the server has too many connections open; retry after the delay in Retry-After");
    return out.str();
}

struct HttpServer::Impl {
    ApiContext& api;
    HttpServerOptions options;
    // Invariant 3: `open` and `openByClient` count the sessions alive; a Connection is taken in
    // the accept loop before its session starts and given back when the session's frame goes.
    // (Declared before the I/O context: sessions destroyed with it give theirs back here.)
    std::mutex connectionsMutex;
    int open = 0;
    std::unordered_map<std::string, int> openByClient;  // no entry at 0
    std::unique_ptr<asio::io_context> owned = std::make_unique<asio::io_context>();
    asio::io_context& ioc = *owned;
    std::optional<asio::ssl::context> tls;
    std::optional<tcp::acceptor> acceptor;
    std::optional<tcp::acceptor> metricsAcceptor;
    unsigned short boundMetricsPort = 0;
    ConnectionLimits limits;
    const std::string busy = busyAnswer();
    LogLimiter logLimiter;
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

    // A connection's place under the caps of invariant 3.
    class Connection {
    public:
        Connection(Impl& impl, std::string client) : m_impl(&impl), m_client(std::move(client)) {}
        Connection(Connection&& other) noexcept : m_impl(std::exchange(other.m_impl, nullptr)), m_client(std::move(other.m_client)) {}
        Connection(const Connection&) = delete;
        Connection& operator=(const Connection&) = delete;
        Connection& operator=(Connection&&) = delete;
        ~Connection()
        {
            if (!m_impl)
                return;
            std::lock_guard lock(m_impl->connectionsMutex);
            --m_impl->open;
            if (--m_impl->openByClient[m_client] == 0)
                m_impl->openByClient.erase(m_client);
        }

    private:
        Impl* m_impl;
        std::string m_client;
    };

    std::optional<Connection> admit(const std::string& client)
    {
        std::lock_guard lock(connectionsMutex);
        auto& mine = openByClient[client];
        if (open >= limits.total || mine >= limits.perClient) {
            if (mine == 0)
                openByClient.erase(client);
            return std::nullopt;
        }
        ++open;
        ++mine;
        return Connection(*this, client);
    }

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

    // Reads one request, picking the body limit from the route once the header is in, and reads
    // its body only if admitBody lets it (invariant 1).
    template <typename Stream>
    asio::awaitable<bool> readRequest(Stream& stream, beast::flat_buffer& buffer, Request& request, std::optional<Response>& early,
                                      PushSlot& slot, Listener listener)
    {
        http::request_parser<http::string_body> parser;
        parser.header_limit(16 * 1024);
        parser.body_limit(options.maxBlobChunkBytes);
        beast::get_lowest_layer(stream).expires_after(options.timeout);
        co_await http::async_read_header(stream, buffer, parser, asio::use_awaitable);
        auto& header = parser.get();
        const auto limit = listener == Listener::Metrics ? 0 : bodyLimit(header.target());
        if (const auto length = parser.content_length(); length && *length > limit) {
            early = errorResponse(header.version(), false, ErrorCode::InvalidArgument,
                                  "the body is " + std::to_string(*length) + " bytes; the limit for this route is " + std::to_string(limit));
            early->result(http::status::payload_too_large);
            co_return false;
        }
        parser.body_limit(limit);
        // Only a device may hold a push's place: checked on the header, so a client without a
        // token cannot keep others' pushes waiting by sending its body slowly.
        const bool writer = listener == Listener::Api && waitsForTheWriter(header);
        if (listener == Listener::Api) {
            if (auto admitted = admitHeader(header, writer); !admitted) {
                early = errorResponse(header.version(), false, admitted.error().code, admitted.error().message);
                co_return false;
            }
        }
        if (writer) {
            asio::steady_timer patience(co_await asio::this_coro::executor, options.pushWait);
            const auto first = co_await (slot.take() || patience.async_wait(asio::use_awaitable));
            if (first.index() == 1) {
                early = errorResponse(header.version(), false, ErrorCode::Unavailable,
                                      "the server is busy writing other pushes; retry after the delay in Retry-After");
                co_return false;
            }
            beast::get_lowest_layer(stream).expires_after(options.timeout);
        }
        co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
        request = parser.release();
        co_return true;
    }

    Result<void> admitHeader(const Request& header, bool writer)
    {
        if (!writer)
            return admitBody(header, api);
        if (auto device = authenticate(header, api); !device)
            return device.error();
        return {};
    }

    std::size_t bodyLimit(std::string_view target) const
    {
        if (carriesEvidenceBytes(target))
            return options.maxBlobChunkBytes;
        return target.substr(0, target.find('?')) == "/v1/enroll" ? options.maxEnrollBodyBytes : options.maxBodyBytes;
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

    // Runs `work` on `pool` and resumes the connection on its own executor the moment its result
    // is ready. Not co_spawn: a coroutine that finishes without suspending has its completion
    // posted to its own executor first, behind every request still waiting for the pool, so under
    // load each response waited for the whole queue (200 pushes answered together at the end,
    // p50 = p99).
    template <typename Work, typename T = std::invoke_result_t<Work&>>
    asio::awaitable<T> runOn(asio::thread_pool& pool, Work work)
    {
        auto io = co_await asio::this_coro::executor;
        co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, T)>(
            [&pool, io, work = std::move(work)](auto handler) mutable {
                asio::post(pool, [io, work = std::move(work), handler = std::move(handler)]() mutable {
                    std::exception_ptr error;
                    T result{};
                    try {
                        result = work();
                    } catch (...) {
                        error = std::current_exception();
                    }
                    asio::post(io, [handler = std::move(handler), error, result = std::move(result)]() mutable {
                        std::move(handler)(error, std::move(result));
                    });
                });
            },
            asio::use_awaitable);
    }

    asio::awaitable<Response> handleOn(asio::thread_pool& pool, Request& request)
    {
        co_return co_await runOn(pool, [this, &request] { return handleRequest(request, api); });
    }

    // The metrics listener knows one route.
    Response answerMetrics(const Request& request)
    {
        if (request.method() == http::verb::get && request.target().substr(0, request.target().find('?')) == "/metrics")
            return metricsResponse(request, api);
        return errorResponse(request.version(), request.keep_alive(), ErrorCode::NotFound, "this listener serves GET /metrics only");
    }

    // Invariant 2: the file goes out a piece at a time, each read on a file thread.
    template <typename Stream>
    asio::awaitable<void> sendFile(Stream& stream, BlobDownload& download)
    {
        auto& response = download.response;
        response.body().data = nullptr;
        response.body().more = true;
        http::response_serializer<http::buffer_body> serializer(response);
        beast::get_lowest_layer(stream).expires_after(options.timeout);
        co_await http::async_write_header(stream, serializer, asio::use_awaitable);
        std::vector<char> piece(static_cast<std::size_t>(std::min(kDownloadPieceBytes, download.length)));
        boost::system::error_code ec;
        download.file.seek(download.first, ec);
        for (std::uint64_t left = download.length; left > 0 && !ec;) {
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), left));
            const auto got = co_await runOn(fileWork, [&download, &piece, want, &ec] { return download.file.read(piece.data(), want, ec); });
            if (got == 0 && !ec)
                ec = http::error::short_read;  // the file is shorter than its header said
            if (ec)
                break;
            response.body().data = piece.data();
            response.body().size = got;
            beast::get_lowest_layer(stream).expires_after(options.timeout);
            co_await http::async_write(stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
            if (ec == http::error::need_buffer)
                ec = {};  // this piece is sent; the serializer asks for the next
            left -= got;
        }
        if (ec)  // the header promised the bytes: ending the connection is the only honest answer
            throw boost::system::system_error(ec);
        response.body().data = nullptr;
        response.body().more = false;
        co_await http::async_write(stream, serializer, asio::use_awaitable);
    }

    // Answers one request that was read whole; false when the connection is to close.
    template <typename Stream>
    asio::awaitable<bool> answer(Stream& stream, Request& request, PushSlot& slot, const std::string& peer, Listener listener)
    {
        const auto started = std::chrono::steady_clock::now();
        ++api.metrics.inFlight();
        // Not `cond ? co_await … : …`: GCC 12 miscompiles a co_await inside a conditional
        // expression (the response was destroyed before it was written).
        Response response;
        std::optional<BlobDownload> download;
        if (listener == Listener::Metrics) {
            response = answerMetrics(request);
        } else if (isBlobDownload(request)) {
            auto outcome = co_await runOn(fileWork, [this, &request] { return handleDownload(request, api); });
            if (auto* file = std::get_if<BlobDownload>(&outcome))
                download.emplace(std::move(*file));
            else
                response = std::get<Response>(std::move(outcome));
        } else if (touchesEvidenceFiles(request)) {
            response = co_await handleOn(fileWork, request);
        } else if (waitsForTheWriter(request)) {
            response = co_await handleOn(pushWork, request);
        } else {
            response = handleRequest(request, api);
        }
        --api.metrics.inFlight();
        if (draining.load() && download)
            download->response.keep_alive(false);
        else if (draining.load())
            response.keep_alive(false);
        const bool keepAlive = download ? download->response.keep_alive() : response.keep_alive();
        const unsigned status = download ? download->response.result_int() : response.result_int();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const auto route = routeLabel(request);
        api.metrics.recordRequest(route, status, seconds, request.body().size(), download ? download->length : response.body().size());
        if (options.logRequests)
            logRequest(std::string(request.method_string()), route, status, seconds, peer);
        request = {};  // a push's body goes with its slot, not after its response is sent
        slot.release();
        if (download) {
            co_await sendFile(stream, *download);
        } else {
            beast::get_lowest_layer(stream).expires_after(options.timeout);
            co_await http::async_write(stream, response, asio::use_awaitable);
        }
        co_return keepAlive;
    }

    template <typename Stream>
    // `connection` is the session's place under the caps, held as long as its frame lives.
    asio::awaitable<void> serve(Stream stream, std::string peer, [[maybe_unused]] Connection connection, Listener listener)
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
                    ok = co_await readRequest(stream, buffer, request, early, slot, listener);
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
                    co_return;  // invariant 1: closed with the body unread
                }
                if (!co_await answer(stream, request, slot, peer, listener))
                    break;
            }
            beast::error_code ec;
            beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_send, ec);
        } catch (const std::exception& e) {
            logLimiter.log("warn", "connection ended", {{"peer", peer}, {"reason", e.what()}}, {"reason"});
        }
    }

    // Invariant 4.
    asio::awaitable<void> acceptLoop(tcp::acceptor& acceptor, Listener listener)
    {
        auto pause = kAcceptPauseMin;
        asio::steady_timer timer(ioc);
        while (!draining.load()) {
            tcp::socket socket(ioc);
            boost::system::error_code ec;
            co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
            if (ec == asio::error::operation_aborted)
                co_return;
            if (ec) {
                // Out of descriptors, the connection stays queued and the next accept fails at
                // once: without a pause this loop took a whole core and wrote 27 MB of log a second.
                logLimiter.log("warn", "accept failed", {{"reason", ec.message()}}, {"reason"});
                timer.expires_after(pause);
                co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                pause = std::min<std::chrono::milliseconds>(pause * 2, kAcceptPauseMax);
                continue;
            }
            pause = kAcceptPauseMin;
            startSession(std::move(socket), listener);
        }
    }

    void startSession(tcp::socket socket, Listener listener)
    {
        boost::system::error_code ec;
        socket.set_option(tcp::no_delay(true), ec);
        const auto remote = socket.remote_endpoint(ec);
        const std::string client = ec ? "?" : remote.address().to_string();
        auto connection = admit(client);
        if (!connection) {
            refuse(socket, client, !tls || listener == Listener::Metrics);
            return;
        }
        std::string peer = ec ? "?" : client + ":" + std::to_string(remote.port());
        if (tls && listener == Listener::Api)
            asio::co_spawn(ioc, serveTls(beast::tcp_stream(std::move(socket)), std::move(peer), std::move(*connection)), asio::detached);
        else
            asio::co_spawn(ioc, serve(beast::tcp_stream(std::move(socket)), std::move(peer), std::move(*connection), listener), asio::detached);
    }

    // Invariant 3: over a cap, the connection is told so (when it speaks plain HTTP) and closed
    // without reading from it. The answer fits an empty send buffer, so the send does not block.
    void refuse(tcp::socket& socket, const std::string& client, bool plainHttp)
    {
        boost::system::error_code ec;
        if (plainHttp) {
            socket.non_blocking(true, ec);
            socket.send(asio::buffer(busy), 0, ec);
        }
        socket.shutdown(tcp::socket::shutdown_send, ec);
        socket.close(ec);
        logLimiter.log("warn", "connection refused: too many open",
                       {{"client", client},
                        {"max_connections", std::to_string(limits.total)},
                        {"max_connections_per_client", std::to_string(limits.perClient)}});
    }

    asio::awaitable<void> serveTls(beast::tcp_stream tcpStream, std::string peer, Connection connection)
    {
        beast::ssl_stream<beast::tcp_stream> stream(std::move(tcpStream), *tls);
        try {
            beast::get_lowest_layer(stream).expires_after(options.timeout);
            co_await stream.async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
        } catch (const std::exception& e) {
            logLimiter.log("warn", "TLS handshake failed", {{"peer", peer}, {"reason", e.what()}}, {"reason"});
            co_return;
        }
        co_await serve(std::move(stream), std::move(peer), std::move(connection), Listener::Api);
    }

    Result<void> listen(std::optional<tcp::acceptor>& into, const std::string& host, unsigned short port)
    {
        boost::system::error_code ec;
        const auto address = asio::ip::make_address(host, ec);
        if (ec)
            return makeError(ErrorCode::InvalidArgument, "not an IP address: " + host);
        into.emplace(ioc);
        const tcp::endpoint endpoint(address, port);
        into->open(endpoint.protocol(), ec);
        if (!ec)
            into->set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec)
            into->bind(endpoint, ec);
        if (!ec)
            into->listen(asio::socket_base::max_listen_connections, ec);
        if (ec)
            return makeError(ErrorCode::Unavailable, "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
        return {};
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
    if (auto listening = impl.listen(impl.acceptor, impl.options.address, impl.options.port); !listening)
        return listening.error();
    if (!impl.options.metricsAddress.empty()) {
        if (auto listening = impl.listen(impl.metricsAcceptor, impl.options.metricsAddress, impl.options.metricsPort); !listening)
            return listening.error();
        impl.boundMetricsPort = impl.metricsAcceptor->local_endpoint().port();
        impl.api.metricsOnOwnListener = true;
        asio::co_spawn(impl.ioc, impl.acceptLoop(*impl.metricsAcceptor, Listener::Metrics), asio::detached);
    }
    impl.limits = deriveLimits(impl.options);
    const auto port = impl.acceptor->local_endpoint().port();
    asio::co_spawn(impl.ioc, impl.acceptLoop(*impl.acceptor, Listener::Api), asio::detached);
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
        if (impl.metricsAcceptor)
            impl.metricsAcceptor->close(ec);
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
    impl.metricsAcceptor.reset();
    impl.pushSlots.reset();
    impl.owned.reset();  // sessions (and their TLS streams) go before the TLS context they use
    impl.tls.reset();
    std::lock_guard lock(impl.mutex);
    impl.done.notify_all();
}

unsigned short HttpServer::metricsPort() const
{
    return m_impl->boundMetricsPort;
}

HttpServer::ConnectionLimits HttpServer::connectionLimits() const
{
    return m_impl->limits;
}

void HttpServer::wait()
{
    auto& impl = *m_impl;
    std::unique_lock lock(impl.mutex);
    impl.done.wait(lock, [&impl] { return impl.stopped.load() && std::all_of(impl.threads.begin(), impl.threads.end(), [](auto& t) { return !t.joinable(); }); });
}

}  // namespace igmc::server
