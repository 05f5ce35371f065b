// Internal helpers shared by the store_*.cpp files.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "store/records.hpp"
#include "store/sqlite_database.hpp"

#include <boost/json/serialize.hpp>

#include <string>

namespace igmc::store::detail {

inline Error notFound(const std::string& kind, const std::string& id)
{
    return makeError(ErrorCode::NotFound, "no " + kind + " with id \"" + id + "\"");
}

inline Error invalid(const std::string& message)
{
    return makeError(ErrorCode::ValidationError, message);
}

// Runs `body` inside one write transaction; commits only when it succeeds.
template <typename T, typename Body>
Result<T> inTransaction(Database& db, Body&& body)
{
    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    Result<T> result = body();
    if (!result)
        return result;
    if (auto committed = tx->commit(); !committed)
        return committed.error();
    return result;
}

// Like inTransaction, but inside a caller's transaction adds no savepoint
// (Transaction::beginUnlessInside).
template <typename T, typename Body>
Result<T> inBatchTransaction(Database& db, Body&& body)
{
    auto own = Transaction::beginUnlessInside(db);
    if (!own)
        return own.error();
    Result<T> result = body();
    if (!result || !*own)
        return result;
    if (auto committed = (*own)->commit(); !committed)
        return committed.error();
    return result;
}

// Steps a query to collect every row through `read`.
template <typename T, typename Read>
Result<std::vector<T>> collect(Statement& stmt, Read&& read)
{
    std::vector<T> rows;
    while (true) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            return rows;
        rows.push_back(read(stmt));
    }
}

// Steps a query expected to return one row; NotFound otherwise.
template <typename T, typename Read>
Result<T> single(Statement& stmt, Read&& read, const std::string& kind, const std::string& id)
{
    auto row = stmt.step();
    if (!row)
        return row.error();
    if (!*row)
        return notFound(kind, id);
    return read(stmt);
}

inline std::optional<GeoPoint> readLocation(const Statement& stmt, int latitudeColumn)
{
    if (stmt.isNull(latitudeColumn) || stmt.isNull(latitudeColumn + 1))
        return std::nullopt;
    return GeoPoint{stmt.real(latitudeColumn), stmt.real(latitudeColumn + 1), stmt.optionalReal(latitudeColumn + 2)};
}

inline Result<void> checkLocation(const std::optional<GeoPoint>& point)
{
    if (!point)
        return {};
    if (!(point->latitude >= -90 && point->latitude <= 90) || !(point->longitude >= -180 && point->longitude <= 180))
        return invalid("a location needs latitude within ±90 and longitude within ±180");
    if (point->accuracyM && !(*point->accuracyM >= 0))
        return invalid("location accuracy must be a non-negative number of metres");
    return {};
}

}  // namespace igmc::store::detail
