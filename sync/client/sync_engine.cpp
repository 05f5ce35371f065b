// SPDX-License-Identifier: Apache-2.0
#include "client/sync_engine.hpp"

#include "client/pulled_aside.hpp"

#include "core/calendar.hpp"
#include "core/hybrid_clock.hpp"
#include "core/ids.hpp"
#include "protocol/op_apply.hpp"
#include "protocol/direct_decoder.hpp"
#include "survey/survey.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <deque>
#include <future>
#include <random>
#include <set>
#include <thread>

namespace igmc::sync {

namespace {

bool transient(long status)
{
    return status == 408 || status == 429 || status >= 500;
}

// Sets its flag when it goes out of scope: a request on its way on another thread is then given up
// instead of waited for, also when an exception leaves the scope that started it.
struct AbandonOnExit {
    std::atomic<bool>& flag;
    ~AbandonOnExit() { flag = true; }
};

// Waits `wait`, asking `stop` every 50 ms: a backoff of 30 s (or a server's Retry-After) must not
// hold up a cancelled sync, or an app that is closing and waits for its sync to end.
bool sleepUnless(std::chrono::milliseconds wait, const std::function<bool()>& stop)
{
    const auto until = std::chrono::steady_clock::now() + wait;
    while (!stop()) {
        const auto left = until - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero())
            return true;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(50)));
    }
    return false;
}

ErrorCode codeForStatus(long status)
{
    switch (status) {
    case 400: return ErrorCode::InvalidArgument;
    case 401: return ErrorCode::Unauthorized;
    case 403: return ErrorCode::Forbidden;
    case 404: return ErrorCode::NotFound;
    case 409: return ErrorCode::Conflict;
    case 413: return ErrorCode::InvalidArgument;
    case 422: return ErrorCode::ValidationError;
    default: return status >= 500 ? ErrorCode::Unavailable : ErrorCode::InvalidArgument;
    }
}

std::int64_t metaInteger(store::Store& store, const char* key)
{
    auto value = store.meta(key);
    if (!value || !*value)
        return 0;
    try {
        return std::stoll(**value);
    } catch (const std::exception&) {
        return 0;
    }
}

// A header holding a count (a cursor, a byte offset): nullopt unless it is all digits and fits.
std::optional<std::int64_t> countIn(std::string_view text)
{
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0)
        return std::nullopt;
    return value;
}

}  // namespace

SyncEngine::SyncEngine(store::Store& store, evidence::BlobStore& blobs, SyncOptions options)
    : m_store(store), m_blobs(blobs), m_options(std::move(options))
{
    while (!m_options.serverUrl.empty() && m_options.serverUrl.back() == '/')
        m_options.serverUrl.pop_back();
    configure(m_http);
}

// The scope the device now has (a kiosk moved to another site): kept as at enrollment, for the
// app's modes to read (kScopeKey).
Result<void> SyncEngine::refreshScope(SyncReport& report)
{
    auto auth = token();
    if (!auth)
        return auth.error();
    auto response = exchange({"GET", url("/v1/me"), {{"Authorization", "Bearer " + *auth}}, {}}, report);
    if (!response)
        return response.error();
    if (response->status != 200)
        return makeError(codeForStatus(response->status), "the server would not say this device's scope: " + serverMessage(*response));
    boost::system::error_code ec;
    const auto me = boost::json::parse(response->body, ec);
    const auto* scope = !ec && me.is_object() ? me.get_object().if_contains("scope") : nullptr;
    if (!scope || !scope->is_object())
        return makeError(ErrorCode::Internal, "the server's answer about this device was not understood");
    return m_store.setMeta(kScopeKey, boost::json::serialize(*scope));
}

// Tells the server what this device keeps aside (nothing, once all applied), so that an
// administrator sees a device that needs help. Best effort: the sync is done either way, and an
// older server without the route answers 404.
void SyncEngine::reportAside(SyncReport& report)
{
    auto aside = asideOps(m_store);
    auto auth = token();
    if (!aside || !auth)
        return;
    boost::json::array entries;
    for (const auto& op : *aside) {
        if (entries.size() == 100)
            break;
        entries.push_back(boost::json::object{{"seq", op.seq}, {"op_id", op.opId}, {"reason", op.reason}, {"attempts", op.attempts}});
    }
    const auto body = boost::json::serialize(boost::json::object{{"aside", std::move(entries)}});
    (void)exchange({"POST", url("/v1/sync/report"), {{"Authorization", "Bearer " + *auth}, {"Content-Type", "application/json"}}, body}, report);
}

// The trust given at enrollment, unless this run was given its own.
Result<void> SyncEngine::keptTrust()
{
    for (auto [key, value] : {std::pair{kCaFileKey, &m_options.trust.caFile}, std::pair{kPinnedKeyKey, &m_options.trust.pinnedKey}}) {
        if (!value->empty())
            continue;
        auto stored = m_store.meta(key);
        if (!stored)
            return stored.error();
        *value = stored->value_or("");
    }
    configure(m_http);
    return {};
}

void SyncEngine::configure(HttpClient& http) const
{
    http.setTimeouts(std::chrono::milliseconds(5000), m_options.requestTimeout);
    http.setTrust(m_options.trust);
}

std::string SyncEngine::url(const std::string& path) const
{
    return m_options.serverUrl + path;
}

void SyncEngine::report(const SyncProgress& progress) const
{
    if (m_options.onProgress)
        m_options.onProgress(progress);
}

Result<std::string> SyncEngine::token()
{
    auto stored = m_store.meta(kTokenKey);
    if (!stored)
        return stored.error();
    if (!*stored)
        return makeError(ErrorCode::Unauthorized, "this device is not enrolled yet: enroll it with a code from the programme office");
    return **stored;
}

// Invariant 5: one request, retried while the failure is transient.
Result<HttpResponse> SyncEngine::exchange(const HttpRequest& request, SyncReport& report)
{
    return exchange(m_http, request, report);
}

Result<HttpResponse> SyncEngine::exchange(HttpClient& http, const HttpRequest& request, SyncReport& report,
                                          const std::atomic<bool>* abandon)
{
    const std::function<bool()> stop = [&] { return cancelled() || (abandon && abandon->load()); };
    const auto stopped = [&] {
        return cancelled() ? makeError(ErrorCode::Cancelled, "sync was cancelled")
                           : makeError(ErrorCode::Unavailable, "the request was abandoned", request.url);
    };
    std::mt19937_64 random(std::random_device{}());
    auto backoff = m_options.initialBackoff;
    Error last = makeError(ErrorCode::Unavailable, "no attempt made");
    for (int attempt = 1; attempt <= m_options.maxAttempts; ++attempt) {
        if (stop())
            return stopped();
        auto response = http.send(request, stop);
        if (!response && stop())
            return stopped();  // stopped on the way (not a failure to retry)
        std::chrono::milliseconds wait = std::chrono::milliseconds(
            std::uniform_int_distribution<std::int64_t>(0, backoff.count())(random));  // full jitter
        if (response && !transient(response->status))
            return response;
        if (!response && response.error().code != ErrorCode::Unavailable)
            return response.error();  // an untrusted certificate: trying again changes nothing
        if (response) {
            last = makeError(codeForStatus(response->status), serverMessage(*response), request.url);
            if (const auto retryAfter = response->header("retry-after"); !retryAfter.empty()) {
                try {
                    wait = std::max(wait, std::chrono::milliseconds(std::stoll(retryAfter) * 1000));
                } catch (const std::exception&) {
                }
            }
        } else {
            last = response.error();
        }
        if (attempt == m_options.maxAttempts)
            break;
        ++report.retries;
        if (!sleepUnless(std::min(wait, m_options.maxBackoff), stop))
            return stopped();
        backoff = std::min(backoff * 2, m_options.maxBackoff);
    }
    return last;
}

Result<EnrollResult> SyncEngine::enroll(const std::string& code, const std::string& deviceName)
{
    const std::string body = boost::json::serialize(boost::json::object{{"code", code}, {"device_name", deviceName}});
    SyncReport unused;
    auto response = exchange({"POST", url("/v1/enroll"), {{"Content-Type", "application/json"}}, body}, unused);
    if (!response)
        return response.error();
    if (response->status != 201)
        return makeError(codeForStatus(response->status), serverMessage(*response));
    boost::system::error_code ec;
    const auto json = boost::json::parse(response->body, ec);
    if (ec || !json.is_object() || !json.get_object().contains("token"))
        return makeError(ErrorCode::Internal, "the server's enrollment answer was not understood");
    const auto& object = json.get_object();
    EnrollResult result{std::string(object.at("device_id").as_string()), std::string(object.at("role").as_string()),
                        boost::json::serialize(object.at("scope"))};
    for (const auto& [key, value] : {std::pair<const char*, std::string>{kTokenKey, std::string(object.at("token").as_string())},
                                     {kServerKey, m_options.serverUrl},
                                     {kRoleKey, result.role},
                                     {kScopeKey, result.scopeJson},
                                     {kCaFileKey, m_options.trust.caFile},
                                     {kPinnedKeyKey, m_options.trust.pinnedKey}}) {
        if (auto done = m_store.setMeta(key, value); !done)
            return done.error();
    }
    return result;
}

Result<std::int64_t> SyncEngine::pendingOps()
{
    auto last = m_store.lastJournalSeq();
    if (!last)
        return last.error();
    return *last - metaInteger(m_store, kPushCursorKey);
}

// What the server holds of each blob (bytes, or kBlobComplete), asked in one request per 5,000
// files instead of a HEAD per file; nullopt from a server that does not know that request yet.
Result<std::optional<std::map<std::string, std::int64_t>>> SyncEngine::blobsHeld(const std::vector<std::string>& shas,
                                                                                   const std::string& auth, SyncReport& report)
{
    std::map<std::string, std::int64_t> held;
    constexpr std::size_t kPerRequest = 5'000;
    for (std::size_t from = 0; from < shas.size(); from += kPerRequest) {
        boost::json::array list(shas.begin() + static_cast<std::ptrdiff_t>(from),
                                shas.begin() + static_cast<std::ptrdiff_t>(std::min(shas.size(), from + kPerRequest)));
        const auto body = boost::json::serialize(boost::json::object{{"sha256", std::move(list)}});
        auto response = exchange({"POST", url("/v1/blobs/status"), {{"Authorization", "Bearer " + auth}, {"Content-Type", "application/json"}}, body},
                                 report);
        if (!response)
            return response.error();
        if (response->status == 400 || response->status == 404 || response->status == 405)
            return std::optional<std::map<std::string, std::int64_t>>();  // an older server: ask with HEAD
        if (response->status != 200)
            return makeError(codeForStatus(response->status), "checking which evidence the server holds: " + serverMessage(*response));
        boost::system::error_code ec;
        const auto json = boost::json::parse(response->body, ec);
        const auto* blobs = !ec && json.is_object() ? json.get_object().if_contains("blobs") : nullptr;
        if (!blobs || !blobs->is_array())
            return makeError(ErrorCode::ParseError, "the server's blob status is not {\"blobs\": [...]}");
        for (const auto& blob : blobs->get_array()) {
            const auto* entry = blob.if_object();
            const auto* sha = entry ? entry->if_contains("sha256") : nullptr;
            const auto* bytes = entry ? entry->if_contains("held") : nullptr;
            const auto* complete = entry ? entry->if_contains("complete") : nullptr;
            if (!sha || !sha->is_string() || !bytes || !bytes->is_int64() || bytes->get_int64() < 0 || !complete || !complete->is_bool())
                return makeError(ErrorCode::ParseError, "the server's blob status lists an entry without sha256, held and complete");
            held[std::string(sha->get_string())] = complete->get_bool() ? kBlobComplete : bytes->get_int64();
        }
    }
    return std::optional<std::map<std::string, std::int64_t>>(std::move(held));
}

// What HEAD says the server holds of one blob (bytes, or kBlobComplete).
Result<std::int64_t> SyncEngine::blobHeld(HttpClient& http, const std::string& auth, const std::string& sha256, SyncReport& report,
                                          const std::atomic<bool>* abandon)
{
    auto head = exchange(http, {"HEAD", url("/v1/blobs/" + sha256), {{"Authorization", "Bearer " + auth}}, {}}, report, abandon);
    if (!head)
        return head.error();
    if (head->status != 200 && head->status != 404)
        return makeError(codeForStatus(head->status), "checking evidence " + sha256 + ": HTTP " + std::to_string(head->status));
    if (head->header("blob-complete") == "true")
        return kBlobComplete;
    return countIn(head->header("upload-offset")).value_or(0);
}

Result<void> SyncEngine::uploadBlobs(const std::set<std::string>& shas, SyncReport& report, SyncProgress& progress)
{
    auto auth = token();
    if (!auth)
        return auth.error();
    auto held = blobsHeld(std::vector<std::string>(shas.begin(), shas.end()), *auth, report);
    if (!held)
        return held.error();
    // Each file with what the server holds of it (nullopt: ask with HEAD); files it holds whole
    // are never sent again.
    std::vector<std::pair<std::string, std::optional<std::int64_t>>> queue;
    for (const auto& sha : shas) {
        std::optional<std::int64_t> offset;
        if (*held) {
            const auto found = (*held)->find(sha);
            offset = found == (*held)->end() ? 0 : found->second;
        }
        if (offset != kBlobComplete)
            queue.emplace_back(sha, offset);
    }
    const std::size_t workers = std::min(std::max<std::size_t>(1, m_options.parallelUploads), queue.size());
    if (workers <= 1) {
        std::string buffer;
        for (const auto& [sha, offset] : queue) {  // invariant 4
            if (auto done = uploadBlob(m_http, *auth, sha, offset, buffer, report, progress); !done)
                return done;
        }
        return {};
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};  // one file failed: the others give up theirs at once
    std::vector<SyncReport> reports(workers);
    std::vector<std::optional<Error>> errors(workers);
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < workers; ++w) {
        threads.emplace_back([&, w] {
            HttpClient http;
            configure(http);
            std::string buffer;  // one per worker, reused for every file it sends
            for (std::size_t i = next++; i < queue.size() && !failed; i = next++) {
                if (auto done = uploadBlob(http, *auth, queue[i].first, queue[i].second, buffer, reports[w], progress, &failed); !done) {
                    if (!failed.exchange(true))
                        errors[w] = done.error();  // the first failure; the others only followed it
                    return;
                }
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    for (const auto& r : reports) {
        report.blobsUploaded += r.blobsUploaded;
        report.bytesUploaded += r.bytesUploaded;
        report.retries += r.retries;
    }
    for (const auto& error : errors) {
        if (error)
            return *error;  // invariant 4: the ops that name these files wait for the next round
    }
    return {};
}

Result<void> SyncEngine::uploadBlob(HttpClient& http, const std::string& auth, const std::string& sha256, std::optional<std::int64_t> held,
                                    std::string& bytes, SyncReport& report, SyncProgress& progress, const std::atomic<bool>* abandon)
{
    const std::map<std::string, std::string> authHeader{{"Authorization", "Bearer " + auth}};
    auto size = m_blobs.size(sha256);
    if (!size)
        return makeError(ErrorCode::NotFound, "evidence " + sha256 + " is recorded but its file is missing on this device");
    if (!held) {
        auto asked = blobHeld(http, auth, sha256, report, abandon);
        if (!asked)
            return asked.error();
        if (*asked == kBlobComplete)
            return {};  // never uploaded twice
        held = *asked;
    }
    std::int64_t offset = *held;
    if (auto read = m_blobs.readInto(sha256, bytes); !read)
        return read.error();
    // At least one PUT, even of no bytes: an empty file must reach the server too, and a server
    // that holds every byte of a file it has not verified yet (it stopped in between) verifies it
    // when the last (empty) piece arrives.
    bool sent = false;
    while (offset < *size || !sent) {
        sent = true;
        if (offset > *size)
            return makeError(ErrorCode::Conflict, "the server holds more bytes of evidence " + sha256 + " than the file has");
        const auto chunk = std::min<std::int64_t>(static_cast<std::int64_t>(m_options.blobChunkBytes), *size - offset);
        auto headers = authHeader;
        headers["Upload-Offset"] = std::to_string(offset);
        headers["Upload-Length"] = std::to_string(*size);
        headers["Content-Type"] = "application/octet-stream";
        auto put = exchange(http, {"PUT", url("/v1/blobs/" + sha256), headers,
                             std::string_view(bytes).substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(chunk))},
                            report, abandon);
        if (!put)
            return put.error();
        if (put->status == 409) {  // the server holds a different amount: resume from its offset
            offset = std::stoll(put->header("upload-offset").empty() ? "0" : put->header("upload-offset"));
            continue;
        }
        if (put->status != 201 && put->status != 202)
            return makeError(codeForStatus(put->status), "uploading evidence " + sha256 + ": " + serverMessage(*put));
        offset += chunk;
        report.bytesUploaded += chunk;
        std::lock_guard lock(m_progressMutex);
        progress.bytesUploaded += chunk;
        this->report(progress);
    }
    ++report.blobsUploaded;
    return {};
}

std::string SyncEngine::currentHour() const
{
    return survey::coarsenToHour(m_options.clock ? m_options.clock()
                                                 : std::chrono::duration_cast<std::chrono::milliseconds>(
                                                       std::chrono::system_clock::now().time_since_epoch())
                                                       .count());
}

BatchRamp::BatchRamp(std::size_t full, std::size_t part)
    : m_full(std::max<std::size_t>(full, 1)), m_next(std::min(m_full, std::max<std::size_t>(256, m_full / std::max<std::size_t>(part, 1))))
{
}

std::size_t BatchRamp::take()
{
    const auto size = m_next;
    m_next = m_next > m_full / 2 ? m_full : m_next * 2;
    return size;
}

// Up to `limit` journal entries after `afterSeq` as one push, encoded (no entries: nothing to send).
Result<SyncEngine::PushBatch> SyncEngine::nextPushBatch(std::int64_t afterSeq, std::size_t limit)
{
    PushBatch batch;
    auto entries = m_store.journalForPush(afterSeq, static_cast<std::int64_t>(limit));
    if (!entries)
        return entries.error();
    // Anonymous entries wait until their hour has ended: pushed at once, the push time would
    // tell the server to the minute what the hour stamp hides. Later entries wait behind them.
    const std::string hourNow = currentHour();
    const auto held = std::find_if(entries->begin(), entries->end(),
                                   [&](const store::JournalEntry& e) { return isAnonymous(e.entity) && e.recordedAt >= hourNow; });
    entries->erase(held, entries->end());
    if (entries->empty())
        return batch;
    auto ops = opsFromJournal(m_store, *entries);
    if (!ops)
        return ops.error();
    batch.request.ops = std::move(ops).value();
    for (const auto& op : batch.request.ops) {
        if (op.entity == "evidence" && op.action == "create")
            batch.blobs.insert(op.entityId);
    }
    batch.body = encode(batch.request);
    batch.lastSeq = entries->back().seq;
    return batch;
}

Result<void> SyncEngine::checkAcks(const PushBatch& batch, const HttpResponse& response, SyncReport& report)
{
    if (response.status != 200)
        return makeError(codeForStatus(response.status), "the server refused the changes: " + serverMessage(response));
    auto acks = decodePushResponse(response.body);
    if (!acks)
        return acks.error();
    const auto& ops = batch.request.ops;
    if (acks->accepted) {
        // Accepted whole: it must be this batch, all of it.
        const auto& accepted = *acks->accepted;
        if (accepted.ops != ops.size() || accepted.firstOpId != ops.front().opId || accepted.lastOpId != ops.back().opId)
            return makeError(ErrorCode::Internal, "the server did not acknowledge this batch as sent (it accepted one ending with op "
                                                      + accepted.lastOpId + "); it will be sent again");
        report.pushed += static_cast<std::int64_t>(ops.size());
        return {};
    }
    for (const auto& ack : acks->acks) {
        report.duplicates += ack.status == AckStatus::Duplicate ? 1 : 0;
        report.pushed += ack.status == AckStatus::Applied ? 1 : 0;
    }
    // Invariant 1: every op acknowledged, or nothing moves. The server answers in the batch's
    // order, so the acks are compared in place; any other order is looked up.
    const bool inOrder = acks->acks.size() == ops.size()
                         && std::equal(ops.begin(), ops.end(), acks->acks.begin(), [](const Op& op, const Ack& ack) { return op.opId == ack.opId; });
    if (inOrder)
        return {};
    std::set<std::string> acked;
    for (const auto& ack : acks->acks)
        acked.insert(ack.opId);
    for (const auto& op : ops) {
        if (!acked.contains(op.opId))
            return makeError(ErrorCode::Internal, "the server did not acknowledge op " + op.opId + "; it will be sent again");
    }
    return {};
}

// While a batch is on its way and being applied, the next one is read from the journal and
// encoded, and the cursor is moved past the batch acknowledged before. The next batch is sent
// only once this one is acknowledged, and dropped otherwise: the next sync reads it again.
Result<void> SyncEngine::pushAll(SyncReport& report, SyncProgress& progress)
{
    auto auth = token();
    if (!auth)
        return auth.error();
    auto pending = pendingOps();
    if (!pending)
        return pending.error();
    progress.phase = "push";
    progress.opsToPush = *pending;
    this->report(progress);
    std::optional<std::int64_t> acknowledged;  // the cursor past the last batch acknowledged, not yet written
    // However the pushes ended (an exception from a progress callback too), what the server
    // acknowledged is not sent again.
    const auto keepAcknowledged = [&]() -> Result<void> {
        return acknowledged ? m_store.setMeta(kPushCursorKey, std::to_string(*acknowledged)) : Result<void>{};
    };
    Result<void> pushed = makeError(ErrorCode::Internal, "the push did not run");
    try {
        pushed = pushBatches(report, progress, *auth, acknowledged);
    } catch (...) {
        (void)keepAcknowledged();
        throw;
    }
    if (auto done = keepAcknowledged(); !done && pushed)
        return done;
    return pushed;
}

SyncEngine::Sending::~Sending()
{
    abandon = true;
    if (response.valid())
        response.wait();
    if (retries)
        *retries += report.retries;
}

std::unique_ptr<SyncEngine::Sending> SyncEngine::send(HttpClient& http, const std::string& auth, PushBatch batch, const std::string& afterOp,
                                                      std::int64_t& retries)
{
    auto sending = std::make_unique<Sending>();
    sending->batch = std::move(batch);
    sending->retries = &retries;
    HttpRequest request{"POST", url("/v1/sync/push"), {{"Authorization", "Bearer " + auth}, {"Content-Type", "application/json"}}, {}};
    if (!afterOp.empty())
        request.headers["Sync-After-Op"] = afterOp;
    if (m_options.earlyAck)
        request.headers["Sync-Early-Ack"] = "1";
    sending->response = std::async(std::launch::async, [this, &http, request = std::move(request), s = sending.get()]() mutable {
        request.body = s->batch.body;
        return exchange(http, request, s->report, &s->abandon);
    });
    return sending;
}

// Batches go out in journal order. A server that keeps pushes in order (it says so with
// Sync-Pipelining on its answers) gets the next batch while it applies the one before, naming
// that one (Sync-After-Op), so the transfer and decoding of one overlap the writing of the other;
// otherwise one batch is on its way at a time. Acks are taken in order, and the cursor only ever
// moves past acknowledged batches; batches on their way past one that failed are given up.
Result<void> SyncEngine::pushBatches(SyncReport& report, SyncProgress& progress, const std::string& auth,
                                     std::optional<std::int64_t>& acknowledged)
{
    // Connections of their own, declared before `flying` (they outlive the requests on them):
    // m_http stays free for the evidence uploads that go before a batch while others are on their way.
    std::array<HttpClient, 2> pushing;
    for (auto& http : pushing)
        configure(http);
    std::size_t sent = 0;
    std::int64_t retries = 0;
    struct CountRetries {
        std::int64_t& from;
        SyncReport& into;
        ~CountRetries() { into.retries += from; }
    } countRetries{retries, report};  // declared before `flying`: counts their retries after them
    std::deque<std::unique_ptr<Sending>> flying;
    bool pipelined = false;  // until the server says it keeps pushes in order
    BatchRamp sizes(m_options.pushBatch, BatchRamp::kPushPart);
    auto batch = nextPushBatch(metaInteger(m_store, kPushCursorKey), sizes.take());
    while (!cancelled()) {
        while (batch && !batch->request.ops.empty() && flying.size() < (pipelined ? 2U : 1U)) {
            progress.phase = "blobs";
            if (auto done = uploadBlobs(batch->blobs, report, progress); !done)  // invariant 4
                return done;
            progress.phase = "push";
            const std::string afterOp = flying.empty() ? std::string() : flying.back()->batch.request.ops.back().opId;
            const auto lastSeq = batch->lastSeq;
            flying.push_back(send(pushing[sent++ % pushing.size()], auth, std::move(batch).value(), afterOp, retries));
            if (acknowledged) {
                if (auto done = m_store.setMeta(kPushCursorKey, std::to_string(*acknowledged)); !done)
                    return done;
                acknowledged.reset();
            }
            batch = nextPushBatch(lastSeq, sizes.take());  // while the batches on their way are applied
        }
        if (!batch)
            return batch.error();
        if (flying.empty())
            return {};
        auto& oldest = *flying.front();
        auto response = oldest.response.get();
        if (!response)
            return response.error();
        if (auto done = checkAcks(oldest.batch, *response, report); !done)
            return done;
        pipelined = response->header("sync-pipelining") == "1";
        acknowledged = oldest.batch.lastSeq;
        progress.opsPushed += static_cast<std::int64_t>(oldest.batch.request.ops.size());
        this->report(progress);
        flying.pop_front();
    }
    return makeError(ErrorCode::Cancelled, "sync was cancelled");
}

Result<HttpResponse> SyncEngine::getPage(HttpClient& http, const std::string& auth, std::int64_t after, std::size_t limit,
                                         SyncReport& report, const std::atomic<bool>* abandon)
{
    auto response = exchange(http, {"GET", url("/v1/sync/pull?after=" + std::to_string(after) + "&limit=" + std::to_string(limit)),
                                     {{"Authorization", "Bearer " + auth}, {"Sync-Scope-Epoch", std::to_string(m_scopeEpoch.load())}}, {}},
                             report, abandon);
    if (!response)
        return response.error();
    if (response->status != 200)
        return makeError(codeForStatus(response->status), "the server refused to send changes: " + serverMessage(*response));
    // The pages asked for after this one carry the epoch it names (a rewind is asked for once).
    if (const auto epoch = countIn(response->header("sync-scope-epoch"))) {
        auto known = m_scopeEpoch.load();
        while (known < *epoch && !m_scopeEpoch.compare_exchange_weak(known, *epoch)) {
        }
    }
    return response;
}

Result<SyncEngine::FetchedPage> SyncEngine::decodePage(const HttpResponse& response)
{
    auto page = decodePullPage(response.body);
    if (!page)
        return page.error();
    return FetchedPage{std::move(page->page), std::move(page->records), countIn(response.header("sync-scope-epoch")).value_or(0)};
}

std::optional<std::int64_t> nextPageCursor(const HttpResponse& response)
{
    if (response.header("sync-more") != "true")
        return std::nullopt;
    return countIn(response.header("sync-next"));
}

// Invariant 3: the page and the cursor in one transaction.
// Conflicts are counted here, as the other device's version arrives: an early ack says nothing of
// them, and counting acks too would count a conflict twice.
// The commit does not wait for the disk (an fsync of 1.5-2.5 ms a page here): a page is the
// server's and its cursor commits with it, so a power cut can only take both back, and the next
// sync pulls them again. Nothing the device made itself is in it, and the device's next commit
// that does wait (its own records, on any connection) makes the page durable too.
// First without a savepoint per op (a savepoint per op was an eighth of applying one); a page with
// an op that cannot be applied is taken back whole and applied again, each op in a savepoint of its
// own, the ops that fail set aside (pulled_aside.hpp).
Result<void> SyncEngine::applyPage(FetchedPage& fetched, std::int64_t& conflicts, std::int64_t& setAside)
{
    auto applied = applyPageOnce(fetched, conflicts, nullptr);
    if (applied || !canSetAside(applied.error()))
        return applied;
    return applyPageOnce(fetched, conflicts, &setAside);
}

Result<void> SyncEngine::applyPageOnce(FetchedPage& fetched, std::int64_t& conflicts, std::int64_t* setAside)
{
    const auto& page = fetched.page;
    const store::UnsyncedCommits refetchable(m_store.database());
    auto tx = store::Transaction::begin(m_store.database());
    if (!tx)
        return tx.error();
    HlcTimestamp highest;
    std::int64_t found = 0;
    std::int64_t aside = 0;
    for (std::size_t i = 0; i < page.ops.size(); ++i) {
        const auto& op = page.ops[i];
        std::optional<store::Transaction> savepoint;
        if (setAside) {
            auto begun = store::Transaction::begin(m_store.database());
            if (!begun)
                return begun.error();
            savepoint.emplace(std::move(begun).value());
        }
        auto applied = applyOp(m_store, op, &fetched.records[i]);
        if (applied && savepoint) {
            if (auto done = savepoint->commit(); !done)
                return done;
        }
        if (!applied) {
            const auto why = makeError(applied.error().code, "applying pulled op " + op.opId + ": " + applied.error().message);
            if (!setAside || !canSetAside(why))
                return why;
            savepoint.reset();  // rolls the op back
            if (auto kept = sync::setAside(m_store, op, fetched.records[i], why); !kept)
                return kept;
            ++aside;
            continue;
        }
        found += applied->conflict ? 1 : 0;
        highest = std::max(highest, HlcTimestamp::parse(op.hlc).value_or(HlcTimestamp{}));
    }
    m_store.clock().observe(highest);
    if (auto done = m_store.setMeta("hlc_high_water", m_store.clock().last().toString()); !done)
        return done;
    if (auto done = m_store.setMeta(kPullCursorKey, std::to_string(page.next)); !done)
        return done;
    if (fetched.scopeEpoch > 0) {  // with its page: a rewind not stored is asked for again
        if (auto done = m_store.setMeta(kScopeEpochKey, std::to_string(fetched.scopeEpoch)); !done)
            return done;
    }
    if (auto done = tx->commit(); !done)
        return done;
    conflicts += found;
    if (setAside)
        *setAside += aside;
    return {};
}

SyncEngine::Fetch::~Fetch()
{
    abandon = true;
    if (response.valid())
        response.wait();
    if (retries)
        *retries += report.retries;
}

std::unique_ptr<SyncEngine::Fetch> SyncEngine::fetchAhead(HttpClient& http, const std::string& auth, std::int64_t after, std::size_t limit,
                                                          std::atomic<std::int64_t>& retries)
{
    auto fetch = std::make_unique<Fetch>();
    fetch->after = after;
    fetch->retries = &retries;
    fetch->response = std::async(std::launch::async, [this, &http, &auth, f = fetch.get(), limit] {
        return getPage(http, auth, f->after, limit, f->report, &f->abandon);
    });
    return fetch;
}

SyncEngine::Arrived SyncEngine::receive(HttpClient& http, const std::string& auth, Fetch& fetch, std::size_t limit,
                                        std::atomic<std::int64_t>& retries)
{
    Arrived arrived;
    arrived.raw = fetch.response.get();
    if (!arrived.raw || fetch.abandon)
        return arrived;  // given up meanwhile (the page before it failed): nothing more is asked for
    if (const auto after = nextPageCursor(*arrived.raw))
        arrived.next = fetchAhead(http, auth, *after, limit, retries);  // the connection is free again
    arrived.decoded = decodePage(*arrived.raw);
    return arrived;
}

// Three pages are in hand at once: one is written to the store while the next arrives on a second
// connection and is decoded on a thread of its own, and the one after that is asked for as soon
// as the next one's headers are in (Sync-Next/Sync-More), so the server's reading, the transfer,
// the decoding and the writing overlap. Writing starts with the first page, without waiting for
// the second. Pages are still applied one after the other, each with its cursor; pages in hand past
// one that failed are given up, and the next sync asks for them again.
Result<void> SyncEngine::pullAll(SyncReport& report, SyncProgress& progress)
{
    auto auth = token();
    if (!auth)
        return auth.error();
    progress.phase = "pull";
    // The retries of the pages asked for ahead, counted as each is done with, into the report when
    // this returns (declared first: it outlives them).
    std::atomic<std::int64_t> aheadRetries{0};
    struct CountRetries {
        std::atomic<std::int64_t>& from;
        SyncReport& into;
        ~CountRetries() { into.retries += from; }
    } countRetries{aheadRetries, report};
    HttpClient ahead;
    configure(ahead);
    m_scopeEpoch = metaInteger(m_store, kScopeEpochKey);
    m_scopeEpochAtStart = m_scopeEpoch.load();
    BatchRamp sizes(m_options.pullBatch, BatchRamp::kPullPart);
    auto first = getPage(m_http, *auth, metaInteger(m_store, kPullCursorKey), sizes.take(), report);
    if (!first)
        return first.error();
    std::unique_ptr<Fetch> fetching;  // the page after `page`, asked for from its headers
    if (const auto after = nextPageCursor(*first))
        fetching = fetchAhead(ahead, *auth, *after, sizes.take(), aheadRetries);
    auto page = decodePage(*first);
    while (!cancelled()) {
        if (!page)
            return page.error();
        // The body is the authority on the cursor: a page asked for from other headers (or when
        // the body says there is no more) is given up, and the right one asked for now.
        if (fetching && (!page->page.more || fetching->after != page->page.next))
            fetching.reset();
        if (!fetching && page->page.more)
            fetching = fetchAhead(ahead, *auth, page->page.next, sizes.take(), aheadRetries);
        std::future<Arrived> arriving;
        if (fetching) {
            arriving = std::async(std::launch::async, [&, f = fetching.get(), limit = sizes.take()] {
                return receive(ahead, *auth, *f, limit, aheadRetries);
            });
        }
        std::optional<AbandonOnExit> giveUp;  // an exception from applying: the page on its way is not waited for
        if (fetching)
            giveUp.emplace(fetching->abandon);  // in place: a temporary would set the flag at once
        auto applied = applyPage(*page, report.conflicts, report.setAside);
        if (!applied && fetching)
            fetching->abandon = true;  // the pages after a page that failed are not waited for
        auto next = arriving.valid() ? std::optional<Arrived>(arriving.get()) : std::nullopt;
        giveUp.reset();  // before `fetching` is replaced below
        if (!applied)
            return applied;
        report.pulled += static_cast<std::int64_t>(page->page.ops.size());
        progress.opsPulled += static_cast<std::int64_t>(page->page.ops.size());
        this->report(progress);
        if (!page->page.more)
            return {};
        // A page that could not be fetched stops the pull, after the page before it was applied.
        if (!next->raw)
            return next->raw.error();
        page = std::move(next->decoded);
        fetching = std::move(next->next);
    }
    return makeError(ErrorCode::Cancelled, "sync was cancelled");
}

// Training materials named by pulled visits' agendas ({materials: [{sha256, …}]}) are downloaded, so
// the trainer has them offline on the day. Each file is checked against its hash before it is kept.
Result<void> SyncEngine::fetchMaterials(SyncReport& report)
{
    auto role = m_store.meta(kRoleKey);
    if (!role || !*role || **role != "trainer")
        return {};
    auto scope = m_store.meta(kScopeKey);
    boost::system::error_code ec;
    const auto scopeJson = scope && *scope ? boost::json::parse(**scope, ec) : boost::json::value();
    const auto* partnerId = !ec && scopeJson.is_object() ? scopeJson.get_object().if_contains("partner_id") : nullptr;
    if (!partnerId || !partnerId->is_string())
        return {};
    auto visits = m_store.trainingVisits(std::string(partnerId->get_string()));
    if (!visits)
        return visits.error();
    auto auth = token();
    if (!auth)
        return auth.error();
    for (const auto& visit : *visits) {
        const auto agenda = boost::json::parse(visit.agendaJson, ec);
        const auto* materials = !ec && agenda.is_object() ? agenda.get_object().if_contains("materials") : nullptr;
        if (!materials || !materials->is_array())
            continue;
        for (const auto& m : materials->get_array()) {
            const auto* sha = m.is_object() ? m.get_object().if_contains("sha256") : nullptr;
            if (!sha || !sha->is_string() || !isSha256Hex(sha->get_string()) || m_blobs.contains(std::string(sha->get_string())))
                continue;
            const std::string hash(sha->get_string());
            auto response = exchange({"GET", url("/v1/blobs/" + hash), {{"Authorization", "Bearer " + *auth}}, {}}, report);
            if (!response)
                return response.error();
            if (response->status == 404)
                continue;  // not uploaded by programme staff yet: the app shows it as not available
            if (response->status != 200)
                return makeError(codeForStatus(response->status), serverMessage(*response));
            auto stored = m_blobs.put(response->body);
            if (!stored)
                return stored.error();
            if (*stored != hash)
                return makeError(ErrorCode::IoError, "training material " + hash + " arrived damaged (hash " + *stored + "); it will be fetched again");
            ++report.blobsDownloaded;
        }
    }
    return {};
}

Result<SyncReport> SyncEngine::run()
{
    if (m_options.serverUrl.empty()) {
        auto stored = m_store.meta(kServerKey);
        if (stored && *stored)
            m_options.serverUrl = **stored;
        else
            return makeError(ErrorCode::InvalidArgument, "no server address: give one, or enroll this device first");
    }
    if (auto kept = keptTrust(); !kept)
        return kept.error();
    SyncReport report;
    SyncProgress progress;
    if (auto pushed = pushAll(report, progress); !pushed)
        return pushed.error();
    if (m_options.pull) {
        if (auto pulled = pullAll(report, progress); !pulled)
            return pulled.error();
        // What a page before could not apply may apply now that later pages brought its records.
        auto retried = retryAside(m_store);
        if (!retried)
            return retried.error();
        if (m_scopeEpoch.load() != m_scopeEpochAtStart) {
            if (auto refreshed = refreshScope(report); !refreshed)
                return refreshed.error();
        }
        report.recovered = retried->applied;
        report.stillAside = retried->stillAside;
        report.conflicts += retried->conflicts;
        reportAside(report);
        if (auto fetched = fetchMaterials(report); !fetched)
            return fetched.error();
    }
    progress.phase = "done";
    this->report(progress);
    return report;
}

}  // namespace igmc::sync
