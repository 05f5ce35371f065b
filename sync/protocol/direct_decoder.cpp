// SPDX-License-Identifier: Apache-2.0
#include "protocol/direct_decoder.hpp"

#include "core/hybrid_clock.hpp"
#include "core/ids.hpp"
#include "scoring/value_codec.hpp"
#include "store/record_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value_stack.hpp>

#include <array>
#include <cmath>
#include <exception>
#include <optional>

namespace igmc::sync {

namespace {

namespace json = boost::json;
using boost::system::error_code;

// The keys of an op and of an observation version, by position (bit i of a "seen" mask).
constexpr std::array<std::string_view, 8> kOpKeys = {"op_id", "device_id", "hlc", "entity", "entity_id", "action", "payload", "seq"};
enum OpKey { OpId, OpDevice, OpHlc, OpEntity, OpEntityId, OpAction, OpPayload, OpSeq };
constexpr unsigned kOpRequired = (1u << OpId) | (1u << OpHlc) | (1u << OpEntity) | (1u << OpEntityId) | (1u << OpAction)
                                 | (1u << OpPayload) | (1u << OpSeq);

constexpr std::array<std::string_view, 15> kObservationKeys = {"id",   "parent_id",   "assessment_id", "indicator_code", "value",
                                                               "na_reason", "unit", "method", "note", "observed_at",
                                                               "location", "inspector", "device_id", "hlc", "recorded_at"};
enum ObservationKey { Id, ParentId, AssessmentId, IndicatorCode, ValueKey, NaReason, Unit, Method, Note, ObservedAt, LocationKey,
                      Inspector, DeviceId, Hlc, RecordedAt };
constexpr unsigned kObservationRequired = (1u << Id) | (1u << AssessmentId) | (1u << IndicatorCode) | (1u << ObservedAt)
                                          | (1u << Inspector) | (1u << DeviceId) | (1u << Hlc) | (1u << RecordedAt);
// The fields observationFromJson reads as optional text (null or missing: none, or "").
constexpr unsigned kObservationOptionalText = (1u << ParentId) | (1u << NaReason) | (1u << Unit) | (1u << Method) | (1u << Note);

// A version's value ({"number":"12.5"}, {"boolean":true}, {"level":"L2"}, {"checklist":[…]}) and
// location, read as they come rather than built as trees first: together they were a quarter of
// decoding a version.
constexpr std::array<std::string_view, 4> kValueKeys = {"number", "boolean", "level", "checklist"};
enum ValueKind { NumberValue, BooleanValue, LevelKind, ChecklistKind };
constexpr std::array<std::string_view, 3> kLocationKeys = {"latitude", "longitude", "accuracy_m"};
enum LocationKey { Latitude, Longitude, Accuracy };

template <std::size_t N>
int indexOf(const std::array<std::string_view, N>& keys, std::string_view key)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (keys[i] == key)
            return static_cast<int>(i);
    }
    return -1;
}

// What a batch of ops is: a pulled page (ops with their sequence, then "next" and "more") or a
// push (ops without).
enum class Shape { Page, Push };

struct DecodedBatch {
    std::vector<Op> ops;
    std::vector<DecodedRecord> records;  // one per op
    std::int64_t next = 0;
    bool more = false;
};

// The events of one batch. Whatever is not the shape a server or a device writes sets
// `unsupported` and stops the parse: the caller then decodes the batch with the tree decoders.
class BatchHandler {
public:
    static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

    // Room for `expectedOps` from the start: growing the lists moved every op and record decoded
    // so far each time (a twentieth of decoding a page).
    BatchHandler(Shape shape, std::size_t expectedOps) : m_shape(shape)
    {
        m_batch.ops.reserve(expectedOps);
        m_batch.records.reserve(expectedOps);
    }

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }

    bool on_object_begin(error_code& ec)
    {
        switch (m_place) {
        case Place::Outside:
            m_place = Place::Root;
            return true;
        case Place::Ops:
            beginOp();
            return true;
        case Place::Op:
            if (m_opKey != OpPayload)
                return unsupported(ec);
            if ((m_opSeen & (1u << OpEntity)) && (m_opSeen & (1u << OpAction)) && m_opText[OpEntity] == "observation"
                && m_opText[OpAction] == "create") {
                m_record = store::Observation{};
                m_recordSeen = 0;
                m_place = Place::Observation;
                return true;
            }
            beginTree(m_pageStorage, Place::Op);
            return true;
        case Place::Observation:
            if (m_recordKey == ValueKey) {
                m_place = Place::Value;
                m_valueKind = -1;
                m_valueRead = false;
                return true;
            }
            if (m_recordKey != LocationKey)
                return unsupported(ec);
            m_place = Place::Location;
            m_locationSeen = 0;
            m_locationKey = -1;
            m_coordinates = {};
            return true;
        case Place::Tree:
            ++m_treeDepth;
            return true;
        default:
            return unsupported(ec);
        }
    }

    bool on_object_end(std::size_t n, error_code& ec)
    {
        switch (m_place) {
        case Place::Tree:
            m_stack.push_object(n);
            return --m_treeDepth > 0 || endTree(ec);
        case Place::Value:
            if (!m_valueRead)
                return unsupported(ec);  // {}: valueFromJson says what is wrong
            m_place = Place::Observation;
            return true;
        case Place::Location: return endLocation(ec);
        case Place::Observation:
            if ((m_recordSeen & kObservationRequired) != kObservationRequired)
                return unsupported(ec);
            m_recordDirect = true;
            m_place = Place::Op;
            return true;
        case Place::Op:
            return endOp(ec);
        case Place::Root:
            m_place = Place::Outside;
            m_complete = m_format && m_ops && (m_shape == Shape::Push || (m_next && m_more));
            return true;
        default:
            return unsupported(ec);
        }
    }

    bool on_array_begin(error_code& ec)
    {
        if (m_place == Place::Tree) {
            ++m_treeDepth;
            return true;
        }
        if (m_place == Place::Value && m_valueKind == ChecklistKind && !m_valueRead) {
            m_place = Place::Checklist;
            m_checklist.items.clear();
            return true;
        }
        if (m_place != Place::Root || m_rootKey != "ops" || m_ops)
            return unsupported(ec);
        m_ops = true;
        m_place = Place::Ops;
        return true;
    }

    bool on_array_end(std::size_t n, error_code& ec)
    {
        if (m_place == Place::Tree) {
            m_stack.push_array(n);
            --m_treeDepth;
            return true;
        }
        if (m_place == Place::Checklist) {
            m_record->value = std::move(m_checklist);
            m_checklist = {};
            m_valueRead = true;
            m_place = Place::Value;
            return true;
        }
        if (m_place != Place::Ops)
            return unsupported(ec);
        m_place = Place::Root;
        return true;
    }

    bool on_key_part(json::string_view s, std::size_t, error_code&) { return appendPart(s); }

    bool on_key(json::string_view s, std::size_t, error_code& ec)
    {
        if (m_place == Place::Tree) {
            m_stack.push_key(s);
            return true;
        }
        const bool ok = onKey(whole(s), ec);
        m_text.clear();
        return ok;
    }

    bool on_string_part(json::string_view s, std::size_t, error_code&) { return appendPart(s); }

    bool on_string(json::string_view s, std::size_t, error_code& ec)
    {
        if (m_place == Place::Tree) {
            m_stack.push_string(s);
            return true;
        }
        const bool ok = onString(whole(s), ec);
        m_text.clear();
        return ok;
    }

    bool on_number_part(json::string_view, error_code&) { return true; }

    bool on_int64(std::int64_t i, json::string_view, error_code& ec)
    {
        if (m_place == Place::Tree) {
            m_stack.push_int64(i);
            return true;
        }
        if (m_place == Place::Op && m_opKey == OpSeq) {
            m_seq = i;
            return true;
        }
        if (m_place == Place::Location)
            return setCoordinate(static_cast<double>(i), ec);
        if (m_place == Place::Root && m_rootKey == "next" && !m_next) {
            m_batch.next = i;
            m_next = true;
            return true;
        }
        return unsupported(ec);
    }

    bool on_uint64(std::uint64_t u, json::string_view, error_code& ec)
    {
        if (m_place != Place::Tree)
            return unsupported(ec);
        m_stack.push_uint64(u);
        return true;
    }

    bool on_double(double d, json::string_view, error_code& ec)
    {
        if (!std::isfinite(d))  // too large for a double: the tree decoders refuse it
            return unsupported(ec);
        if (m_place == Place::Location)
            return setCoordinate(d, ec);
        if (m_place != Place::Tree)
            return unsupported(ec);
        m_stack.push_double(d);
        return true;
    }

    bool on_bool(bool b, error_code& ec)
    {
        if (m_place == Place::Tree) {
            m_stack.push_bool(b);
            return true;
        }
        if (m_place == Place::Value && m_valueKind == BooleanValue && !m_valueRead) {
            m_record->value = b;
            m_valueRead = true;
            return true;
        }
        if (m_place == Place::Root && m_rootKey == "more" && !m_more) {
            m_batch.more = b;
            m_more = true;
            return true;
        }
        return unsupported(ec);
    }

    bool on_null(error_code& ec)
    {
        if (m_place == Place::Tree) {
            m_stack.push_null();
            return true;
        }
        if (m_place == Place::Location)
            return setCoordinate(std::nullopt, ec);
        // Null is "none" for the optional fields of a version (its text, value and location).
        if (m_place == Place::Observation && ((kObservationOptionalText >> m_recordKey) & 1u || m_recordKey == ValueKey || m_recordKey == LocationKey))
            return true;
        return unsupported(ec);
    }

    bool on_comment_part(json::string_view, error_code&) { return true; }
    bool on_comment(json::string_view, error_code&) { return true; }

    bool complete() const { return m_complete && !m_unsupported; }
    DecodedBatch take() { return std::move(m_batch); }

private:
    enum class Place { Outside, Root, Ops, Op, Observation, Value, Checklist, Location, Tree };

    bool unsupported(error_code& ec)
    {
        m_unsupported = true;
        ec = json::error::syntax;
        return false;
    }

    // A key or string arriving in parts (long, or with escapes): kept until its last part.
    bool appendPart(json::string_view s)
    {
        if (m_place == Place::Tree)
            m_stack.push_chars(s);
        else
            m_text.append(s.data(), s.size());
        return true;
    }

    // The key or string in full: the parts delivered before `s`, then `s`. Valid until m_text is
    // cleared, which the caller does once it is used.
    std::string_view whole(json::string_view s)
    {
        if (m_text.empty())
            return {s.data(), s.size()};
        m_text.append(s.data(), s.size());
        return m_text;
    }

    bool onKey(std::string_view key, error_code& ec)
    {
        switch (m_place) {
        case Place::Root:
            m_rootKey = key;
            return key == "format" || key == "ops" || (m_shape == Shape::Page && (key == "next" || key == "more")) || unsupported(ec);
        case Place::Op:
            m_opKey = indexOf(kOpKeys, key);
            if (m_opKey == OpSeq && m_shape == Shape::Push)
                return unsupported(ec);  // a push's ops have no sequence yet
            return claim(m_opSeen, m_opKey, ec);
        case Place::Observation:
            m_recordKey = indexOf(kObservationKeys, key);
            return claim(m_recordSeen, m_recordKey, ec);
        case Place::Value:
            if (m_valueKind >= 0)
                return unsupported(ec);  // valueFromJson wants exactly one kind
            m_valueKind = indexOf(kValueKeys, key);
            return m_valueKind >= 0 || unsupported(ec);
        case Place::Location:
            m_locationKey = indexOf(kLocationKeys, key);
            return claim(m_locationSeen, m_locationKey, ec);  // another key: left to the tree decoders
        default:
            return unsupported(ec);
        }
    }

    bool onString(std::string_view text, error_code& ec)
    {
        switch (m_place) {
        case Place::Root:
            if (m_rootKey != "format" || m_format)
                return unsupported(ec);
            m_format = static_cast<bool>(checkFormat(text));
            return m_format || unsupported(ec);
        case Place::Op:
            if (m_opKey < OpId || m_opKey > OpAction)
                return unsupported(ec);
            m_opText[static_cast<std::size_t>(m_opKey)].assign(text);
            return true;
        case Place::Observation:
            if (m_recordKey == ValueKey || m_recordKey == LocationKey)
                return unsupported(ec);
            setText(m_recordKey, text);
            return true;
        case Place::Value: return setValueText(text, ec);
        case Place::Checklist:
            m_checklist.items.emplace_back(text);
            return true;
        default:
            return unsupported(ec);
        }
    }

    // valueFromJson's rules for a number or a level; anything it would refuse is left to it.
    bool setValueText(std::string_view text, error_code& ec)
    {
        if (m_valueRead)
            return unsupported(ec);
        if (m_valueKind == NumberValue) {
            const auto number = Decimal::parse(text);
            if (!number)
                return unsupported(ec);
            m_record->value = *number;
        } else if (m_valueKind == LevelKind && !text.empty()) {
            m_record->value = scoring::LevelValue{std::string(text)};
        } else {
            return unsupported(ec);
        }
        m_valueRead = true;
        return true;
    }

    bool setCoordinate(std::optional<double> number, error_code& ec)
    {
        if (m_locationKey < 0)
            return unsupported(ec);
        m_coordinates[static_cast<std::size_t>(m_locationKey)] = number;
        return true;
    }

    // Reader::location's rule: latitude and longitude numbers, accuracy_m a number or none.
    bool endLocation(error_code& ec)
    {
        const auto& [latitude, longitude, accuracy] = m_coordinates;
        if (!latitude || !longitude)
            return unsupported(ec);
        m_record->location = store::GeoPoint{*latitude, *longitude, accuracy};
        m_place = Place::Observation;
        return true;
    }

    bool claim(unsigned& seen, int key, error_code& ec)
    {
        if (key < 0 || (seen >> key) & 1u)
            return unsupported(ec);  // unknown, or a second time
        seen |= 1u << key;
        return true;
    }

    void beginOp()
    {
        m_place = Place::Op;
        m_opSeen = 0;
        m_opKey = -1;
        m_seq = 0;
        m_payload = nullptr;
        m_record.reset();
        m_recordDirect = false;
    }

    bool endOp(error_code& ec)
    {
        m_place = Place::Ops;
        // What opFromJson checks, minus the messages: a batch that fails here is decoded again by it.
        const unsigned required = m_shape == Shape::Page ? kOpRequired : kOpRequired & ~(1u << OpSeq);
        if ((m_opSeen & required) != required || (m_shape == Shape::Page && m_seq <= 0) || !isUuid(m_opText[OpId])
            || !HlcTimestamp::parse(m_opText[OpHlc]))
            return unsupported(ec);
        if (m_shape == Shape::Push && m_batch.ops.size() == kMaxOpsPerBatch)
            return unsupported(ec);  // decodePushRequest refuses the batch
        for (int key : {OpId, OpHlc, OpEntity, OpEntityId, OpAction}) {
            const auto size = m_opText[static_cast<std::size_t>(key)].size();
            if (size == 0 || size > 256)
                return unsupported(ec);
        }
        Op op{std::move(m_opText[OpId]), (m_opSeen >> OpDevice) & 1u ? std::move(m_opText[OpDevice]) : std::string(),
              std::move(m_opText[OpHlc]), std::move(m_opText[OpEntity]), std::move(m_opText[OpEntityId]), std::move(m_opText[OpAction]),
              m_recordDirect ? json::object() : json::object(std::move(m_payload.as_object())), m_seq, {}};
        if (!m_recordDirect && op.entity == "observation" && op.action == "create") {
            // Its payload came before its entity and action: decoded from the tree, as decodeRecords does.
            if (auto o = store::observationFromJson(op.payload))
                m_record = std::move(o).value();
        }
        m_batch.ops.push_back(std::move(op));
        m_batch.records.push_back(std::move(m_record));
        m_record.reset();
        return true;
    }

    void beginTree(json::storage_ptr storage, Place after)
    {
        m_stack.reset(std::move(storage));
        m_treeDepth = 1;
        m_afterTree = after;
        m_place = Place::Tree;
    }

    bool endTree(error_code&)
    {
        m_place = m_afterTree;
        m_payload = m_stack.release();
        return true;
    }

    void setText(int key, std::string_view text)
    {
        auto& o = *m_record;
        switch (key) {
        case Id: o.id.assign(text); break;
        case ParentId: o.parentId = std::string(text); break;
        case AssessmentId: o.assessmentId.assign(text); break;
        case IndicatorCode: o.indicatorCode.assign(text); break;
        case NaReason: o.naReason = std::string(text); break;
        case Unit: o.unit.assign(text); break;
        case Method: o.method.assign(text); break;
        case Note: o.note.assign(text); break;
        case ObservedAt: o.observedAt.assign(text); break;
        case Inspector: o.inspector.assign(text); break;
        case DeviceId: o.deviceId.assign(text); break;
        case Hlc: o.hlc.assign(text); break;
        case RecordedAt: o.recordedAt.assign(text); break;
        default: break;
        }
    }

    const Shape m_shape;
    DecodedBatch m_batch;
    Place m_place = Place::Outside;
    std::string m_text;  // parts of a key or string delivered so far
    std::string m_rootKey;
    bool m_format = false, m_ops = false, m_next = false, m_more = false, m_complete = false, m_unsupported = false;
    // The op being read.
    std::array<std::string, 6> m_opText;
    unsigned m_opSeen = 0;
    int m_opKey = -1;
    std::int64_t m_seq = 0;
    json::value m_payload;
    // Its observation version, read directly.
    DecodedRecord m_record;
    unsigned m_recordSeen = 0;
    int m_recordKey = -1;
    bool m_recordDirect = false;
    // Its value and location, read as they come.
    int m_valueKind = -1;
    bool m_valueRead = false;
    scoring::ChecklistValue m_checklist;
    unsigned m_locationSeen = 0;
    int m_locationKey = -1;
    std::array<std::optional<double>, 3> m_coordinates;
    // A payload (or a version's value or location) being built as a tree.
    json::value_stack m_stack;
    int m_treeDepth = 0;
    Place m_afterTree = Place::Op;
    // Payloads other than versions share one arena per batch, as parseBody's tree does.
    json::storage_ptr m_pageStorage = json::make_shared_resource<json::monotonic_resource>();
};

std::optional<DecodedBatch> decodeDirectly(std::string_view body, Shape shape)
{
    json::parse_options options;
    options.max_depth = 32;  // as parseBody
    try {
        // An observation version's op is about 800 bytes of JSON; smaller ops only grow the lists.
        constexpr std::size_t kTypicalOpBytes = 640;
        const auto expected = std::min<std::size_t>(body.size() / kTypicalOpBytes + 1, kMaxOpsPerBatch);
        json::basic_parser<BatchHandler> parser(options, shape, expected);
        error_code ec;
        const auto used = parser.write_some(false, body.data(), body.size(), ec);
        if (ec || used != body.size() || !parser.handler().complete())
            return std::nullopt;
        return parser.handler().take();
    } catch (const std::exception&) {
        return std::nullopt;  // the tree decoders say what is wrong
    }
}

}  // namespace

Result<DecodedPage> decodePullPage(std::string_view body)
{
    if (auto batch = decodeDirectly(body, Shape::Page))
        return DecodedPage{{std::move(batch->ops), batch->next, batch->more}, std::move(batch->records), true};
    auto page = decodePullResponse(body);
    if (!page)
        return page.error();
    auto records = decodeRecords(page->ops);
    return DecodedPage{std::move(page).value(), std::move(records), false};
}

Result<DecodedPush> decodePush(std::string_view body)
{
    if (auto batch = decodeDirectly(body, Shape::Push))
        return DecodedPush{{std::move(batch->ops)}, std::move(batch->records), true};
    auto push = decodePushRequest(body);
    if (!push)
        return push.error();
    std::vector<DecodedRecord> records(push->ops.size());
    return DecodedPush{std::move(push).value(), std::move(records), false};
}

}  // namespace igmc::sync
