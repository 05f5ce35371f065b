// The kiosk's guards: the admin PIN that alone leaves kiosk mode (stored as a salted PBKDF2 hash,
// with a growing delay after wrong tries), and the abuse limits on submissions (a minimum plausible
// completion time, a cap per kiosk and hour). Pure functions; the caller persists the state.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "survey/survey.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igmc::survey {

// 6–12 digits, not one repeated digit, not a run like 123456 or 987654.
Result<void> checkNewPin(std::string_view pin);
// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>" with a fresh random salt.
std::string hashPin(std::string_view pin, int iterations = 120'000);
// Constant-time comparison; false for a malformed stored hash.
bool verifyPin(std::string_view pin, std::string_view stored);

// Consecutive wrong PINs and when the next try is allowed.
struct PinAttempts {
    int failures = 0;
    std::int64_t nextTryAtMs = 0;
};
// Wait after the n-th consecutive wrong PIN: none for the first 2, then 30 s doubling to 15 min.
std::int64_t pinDelayMs(int failures);
PinAttempts afterWrongPin(PinAttempts attempts, std::int64_t nowMs);
std::string encodeAttempts(const PinAttempts& attempts);
PinAttempts decodeAttempts(std::string_view text);

// Why a submission was refused; counted (synced as a rejection), never silently dropped.
enum class Rejection { TooFast, RateLimited };
std::string_view toString(Rejection rejection);

struct SubmissionLimits {
    int maxPerHour = 60;  // per kiosk (site); a queue of residents takes ≥ 1 minute each
};
std::optional<Rejection> checkSubmission(const Survey& survey, double elapsedSeconds, int acceptedThisHour, const SubmissionLimits& limits);

}  // namespace igmc::survey
