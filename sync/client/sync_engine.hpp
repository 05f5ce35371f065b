// The device side of sync: upload evidence, push the journal, pull what the server has.
//
// Invariants (tests cite these numbers):
//  1. Nothing local is deleted or changed by pushing; the push cursor (store_meta
//     "sync.push_cursor") moves forward only after the server acknowledged every op up to it.
//  2. A retried push resends the same op ids, so the server applies nothing twice.
//  3. Pulled ops and the pull cursor ("sync.pull_cursor") are stored in one transaction: a crash
//     never skips or half-applies a page.
//  4. An evidence op is pushed only after its blob is complete on the server (HEAD, then PUT
//     from the server's offset), so an acknowledged evidence record always has its bytes.
//  5. Transient failures (no connection, timeouts, 429, 5xx) are retried with exponential
//     backoff and full jitter, honouring Retry-After; anything else stops with the server's message.
//
// States: idle → uploading blobs → pushing → pulling → idle; any failure → idle with an error,
// the cursors showing exactly what was done (run() again resumes).
//
// Overlap: while a push batch is on its way the next is read and encoded, and while a pulled page
// is written the next is fetched on a second connection. What is prepared ahead is only read,
// never stored or sent, until the step before it succeeded (1 and 3 hold as without it).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "client/http_client.hpp"
#include "evidence/blob_store.hpp"
#include "protocol/op_apply.hpp"
#include "protocol/wire.hpp"
#include "store/store.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace igmc::sync {

struct SyncProgress {
    std::string phase;  // "blobs", "push", "pull", "done"
    std::int64_t opsPushed = 0;
    std::int64_t opsToPush = 0;
    std::int64_t bytesUploaded = 0;
    std::int64_t bytesToUpload = 0;
    std::int64_t opsPulled = 0;
};

struct SyncReport {
    std::int64_t pushed = 0;
    std::int64_t duplicates = 0;
    std::int64_t conflicts = 0;
    std::int64_t pulled = 0;
    std::int64_t blobsUploaded = 0;
    std::int64_t blobsDownloaded = 0;  // training materials
    std::int64_t bytesUploaded = 0;
    std::int64_t retries = 0;
    // Pulled ops set aside because they could not be applied (pulled_aside.hpp): newly in this
    // sync, applied on a later try, and still aside when it ended.
    std::int64_t setAside = 0;
    std::int64_t recovered = 0;
    std::int64_t stillAside = 0;
};

struct SyncOptions {
    std::string serverUrl;  // e.g. http://127.0.0.1:8080 (no trailing slash needed)
    std::size_t pushBatch = 500;
    std::size_t pullBatch = 2'000;
    // Let the server acknowledge a push once it is durable, before it is applied (Sync-Early-Ack):
    // the ack comes sooner, and says nothing of conflicts (they come with the pull).
    bool earlyAck = true;
    std::size_t blobChunkBytes = 4 * 1024 * 1024;
    // Evidence files sent at once, each over its own connection: the server syncs every file to
    // disk before it answers, and those waits overlap.
    std::size_t parallelUploads = 6;  // files sent side by side (as browsers open to one host)
    int maxAttempts = 8;
    // Wall clock in Unix ms (tests); the system clock when empty. Decides when an hour has ended.
    std::function<std::int64_t()> clock;
    std::chrono::milliseconds initialBackoff{200};
    std::chrono::milliseconds maxBackoff{30'000};
    std::chrono::milliseconds requestTimeout{60'000};
    TlsTrust trust;  // HTTPS: a private CA, a pinned key (see TlsTrust)
    bool pull = true;
    std::function<void(const SyncProgress&)> onProgress;
    const std::atomic<bool>* cancel = nullptr;
};

struct EnrollResult {
    std::string deviceId;
    std::string role;
    std::string scopeJson;
};

// The cursor a pull response's headers (Sync-More, Sync-Next) give for the page after it:
// nullopt when there is none, or when the headers are missing or unreadable (the body then says).
std::optional<std::int64_t> nextPageCursor(const HttpResponse& response);

// The sizes of a run of push batches or pulled pages: they start at a part of the configured size
// (at least 256, at most the size) and double up to it. A full first batch kept the server idle
// while the device read and encoded it, and a full first page kept the device idle while the
// server read it; a small one is on its way at once, and by the time it is done the next, twice
// its size, is ready. Sizes up to 256 are used as they are.
//  - Push batches start at an eighth: the server takes longer over a batch than the device takes
//    to prepare the next, twice as large (igmc-bench sync, push median 65k -> 69k records/s).
//  - Pulled pages start at a quarter: the page after next is asked for while a page is written,
//    and at an eighth, doubling, its fetching fell behind the writing (pull median 102k at an
//    eighth, 122k at a quarter, 124k at a half, 106k without a ramp; 6 interleaved runs each).
class BatchRamp {
public:
    static constexpr std::size_t kPushPart = 8;
    static constexpr std::size_t kPullPart = 4;
    BatchRamp(std::size_t full, std::size_t part);
    // The size of the next batch.
    std::size_t take();

private:
    std::size_t m_full;
    std::size_t m_next;
};

class SyncEngine {
public:
    SyncEngine(store::Store& store, evidence::BlobStore& blobs, SyncOptions options);

    // Exchanges an enrollment code for a token and keeps it (and the server URL) in the store.
    Result<EnrollResult> enroll(const std::string& code, const std::string& deviceName);
    // One full round: blobs, push, pull.
    Result<SyncReport> run();

    // Pending work, for a sync panel.
    Result<std::int64_t> pendingOps();

private:
    Result<HttpResponse> exchange(const HttpRequest& request, SyncReport& report);
    // Retries what may pass (network failures, 429/503) with backoff. A cancelled sync, or a set
    // `abandon` (the caller no longer wants the answer), ends the request and any wait at once.
    Result<HttpResponse> exchange(HttpClient& http, const HttpRequest& request, SyncReport& report,
                                  const std::atomic<bool>* abandon = nullptr);
    // Uploads run on worker threads: they touch neither the store nor m_http, and report
    // progress under m_progressMutex.
    Result<void> uploadBlobs(const std::set<std::string>& shas, SyncReport& report, SyncProgress& progress);
    // Sends the file from what the server holds of it (`held`; asked with HEAD if not known);
    // `bytes` is the caller's buffer for the file, reused from file to file.
    Result<void> uploadBlob(HttpClient& http, const std::string& auth, const std::string& sha256, std::optional<std::int64_t> held,
                            std::string& bytes, SyncReport& report, SyncProgress& progress, const std::atomic<bool>* abandon = nullptr);
    static constexpr std::int64_t kBlobComplete = -1;  // what the server holds of a verified, stored blob
    Result<std::optional<std::map<std::string, std::int64_t>>> blobsHeld(const std::vector<std::string>& shas, const std::string& auth,
                                                                           SyncReport& report);
    Result<std::int64_t> blobHeld(HttpClient& http, const std::string& auth, const std::string& sha256, SyncReport& report,
                                  const std::atomic<bool>* abandon = nullptr);
    struct PushBatch {
        PushRequest request;
        std::set<std::string> blobs;  // evidence files its ops name
        std::string body;
        std::int64_t lastSeq = 0;     // the cursor once it is acknowledged
    };
    Result<PushBatch> nextPushBatch(std::int64_t afterSeq, std::size_t limit);
    // Checks that the server acknowledged every op of the batch; writes nothing.
    Result<void> checkAcks(const PushBatch& batch, const HttpResponse& response, SyncReport& report);
    Result<void> pushAll(SyncReport& report, SyncProgress& progress);
    Result<void> pushBatches(SyncReport& report, SyncProgress& progress, const std::string& auth, std::optional<std::int64_t>& acknowledged);
    // A push batch on its way, on a thread of its own. Destroyed before its answer, it gives the
    // request up and waits for that; its retries are counted into `retries`.
    struct Sending {
        PushBatch batch;
        std::int64_t* retries = nullptr;
        SyncReport report;
        std::atomic<bool> abandon{false};
        std::future<Result<HttpResponse>> response;
        ~Sending();
    };
    // Sends `batch` on `http`; `afterOp`: the last op of the batch sent before it and not yet
    // acknowledged, which the server applies first (Sync-After-Op).
    std::unique_ptr<Sending> send(HttpClient& http, const std::string& auth, PushBatch batch, const std::string& afterOp,
                                  std::int64_t& retries);
    Result<void> pullAll(SyncReport& report, SyncProgress& progress);
    // A pulled page with its observation versions already decoded (on a thread of its own).
    struct FetchedPage {
        PullResponse page;
        std::vector<DecodedRecord> records;
        std::int64_t scopeEpoch = 0;  // the server's Sync-Scope-Epoch for it (0: none said)
    };
    // Thread-safe like uploads: touch neither the store nor m_http (unless given it).
    Result<HttpResponse> getPage(HttpClient& http, const std::string& auth, std::int64_t after, std::size_t limit, SyncReport& report,
                                 const std::atomic<bool>* abandon = nullptr);
    static Result<FetchedPage> decodePage(const HttpResponse& response);
    Result<void> applyPage(FetchedPage& fetched, std::int64_t& conflicts, std::int64_t& setAside);
    // `setAside` null: the first failure takes the page back; else ops that fail are set aside.
    Result<void> applyPageOnce(FetchedPage& fetched, std::int64_t& conflicts, std::int64_t* setAside);
    // A page asked for on the second connection, on a thread of its own. Destroyed before its
    // answer, it gives the request up and waits for that; its retries are counted into `retries`.
    struct Fetch {
        std::int64_t after = 0;
        std::atomic<std::int64_t>* retries = nullptr;
        SyncReport report;
        std::atomic<bool> abandon{false};
        std::future<Result<HttpResponse>> response;
        ~Fetch();
    };
    std::unique_ptr<Fetch> fetchAhead(HttpClient& http, const std::string& auth, std::int64_t after, std::size_t limit,
                                      std::atomic<std::int64_t>& retries);
    // A page fetched ahead once it has arrived: decoded, and the page after it already asked for
    // (from its headers, with `limit`).
    struct Arrived {
        Result<HttpResponse> raw = makeError(ErrorCode::Internal, "not fetched");
        Result<FetchedPage> decoded = makeError(ErrorCode::Internal, "not decoded");
        std::unique_ptr<Fetch> next;
    };
    Arrived receive(HttpClient& http, const std::string& auth, Fetch& fetch, std::size_t limit, std::atomic<std::int64_t>& retries);
    Result<void> fetchMaterials(SyncReport& report);
    [[nodiscard]] std::string currentHour() const;
    Result<std::string> token();
    Result<void> keptTrust();
    void reportAside(SyncReport& report);
    Result<void> refreshScope(SyncReport& report);
    // Timeouts and TLS trust, the same for every connection the engine opens.
    void configure(HttpClient& http) const;
    std::string url(const std::string& path) const;
    void report(const SyncProgress& progress) const;
    [[nodiscard]] bool cancelled() const { return m_options.cancel && m_options.cancel->load(); }

    store::Store& m_store;
    evidence::BlobStore& m_blobs;
    SyncOptions m_options;
    HttpClient m_http;
    std::mutex m_progressMutex;
    // The highest scope epoch known in this pull: the stored one, raised by each page's answer
    // (read and raised from the thread that asks for pages ahead too).
    std::atomic<std::int64_t> m_scopeEpoch{0};
    std::int64_t m_scopeEpochAtStart = 0;
};

inline constexpr const char* kPushCursorKey = "sync.push_cursor";
inline constexpr const char* kPullCursorKey = "sync.pull_cursor";
inline constexpr const char* kTokenKey = "sync.token";
inline constexpr const char* kServerKey = "sync.server";
// The TLS trust given at enrollment (a CA file's path, a pinned key), kept for every sync after.
inline constexpr const char* kCaFileKey = "sync.ca_file";
inline constexpr const char* kPinnedKeyKey = "sync.pinned_key";
// The scope epoch of the last page stored (sync/README.md, "Scope changes").
inline constexpr const char* kScopeEpochKey = "sync.scope_epoch";
inline constexpr const char* kRoleKey = "sync.role";
inline constexpr const char* kScopeKey = "sync.scope";  // the enrollment's scope (JSON): site, partner, inspector

}  // namespace igmc::sync
