// The kiosk's admin PIN and abuse limits.
// SPDX-License-Identifier: Apache-2.0
#include "survey/kiosk_guard.hpp"

#include <gtest/gtest.h>

namespace igmc::survey {
namespace {

TEST(KioskPin, NewPinsMustBeLongAndNotTrivial)
{
    EXPECT_TRUE(checkNewPin("402719"));
    EXPECT_TRUE(checkNewPin("884213907"));
    EXPECT_FALSE(checkNewPin("40271"));      // too short
    EXPECT_FALSE(checkNewPin("4027a9"));     // not digits
    EXPECT_FALSE(checkNewPin("111111"));     // repeated
    EXPECT_FALSE(checkNewPin("123456"));     // run up
    EXPECT_FALSE(checkNewPin("987654"));     // run down
    EXPECT_FALSE(checkNewPin("1234567890123"));
}

TEST(KioskPin, StoredHashIsSaltedAndVerifiesOnlyTheRightPin)
{
    const auto stored = hashPin("402719", 1000);
    EXPECT_EQ(stored.rfind("pbkdf2-sha256$1000$", 0), 0U);
    EXPECT_EQ(stored.find("402719"), std::string::npos);
    EXPECT_TRUE(verifyPin("402719", stored));
    EXPECT_FALSE(verifyPin("402718", stored));
    EXPECT_FALSE(verifyPin("", stored));
    EXPECT_NE(hashPin("402719", 1000), stored);  // fresh salt each time
    EXPECT_FALSE(verifyPin("402719", "pbkdf2-sha256$1000$zz$00"));
    EXPECT_FALSE(verifyPin("402719", "plain$402719"));
}

TEST(KioskPin, WrongTriesDelayTheNextTryMoreAndMore)
{
    EXPECT_EQ(pinDelayMs(1), 0);
    EXPECT_EQ(pinDelayMs(2), 0);
    EXPECT_EQ(pinDelayMs(3), 30'000);
    EXPECT_EQ(pinDelayMs(4), 60'000);
    EXPECT_EQ(pinDelayMs(7), 480'000);
    EXPECT_EQ(pinDelayMs(8), 900'000);   // capped at 15 minutes
    EXPECT_EQ(pinDelayMs(50), 900'000);
    PinAttempts a;
    a = afterWrongPin(a, 1000);
    a = afterWrongPin(a, 2000);
    a = afterWrongPin(a, 3000);
    EXPECT_EQ(a.failures, 3);
    EXPECT_EQ(a.nextTryAtMs, 33'000);
    const auto back = decodeAttempts(encodeAttempts(a));  // survives a restart of the app
    EXPECT_EQ(back.failures, 3);
    EXPECT_EQ(back.nextTryAtMs, 33'000);
}

TEST(KioskLimits, TooFastAndTooManyAreRejected)
{
    Survey s;
    s.minSeconds = 30;
    SubmissionLimits limits;
    limits.maxPerHour = 20;
    EXPECT_EQ(checkSubmission(s, 29.9, 0, limits), Rejection::TooFast);
    EXPECT_EQ(checkSubmission(s, 30.0, 0, limits), std::nullopt);
    EXPECT_EQ(checkSubmission(s, 90.0, 19, limits), std::nullopt);
    EXPECT_EQ(checkSubmission(s, 90.0, 20, limits), Rejection::RateLimited);
    EXPECT_EQ(toString(Rejection::TooFast), "too_fast");
    EXPECT_EQ(toString(Rejection::RateLimited), "rate_limited");
}

}  // namespace
}  // namespace igmc::survey
