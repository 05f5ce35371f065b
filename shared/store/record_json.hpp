// JSON forms of the records, as written to the journal (and, later, shipped by sync).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "store/records.hpp"

#include <boost/json/object.hpp>

namespace igmc::store {

boost::json::object toJson(const Partner& partner);
boost::json::object toJson(const Membership& membership);
boost::json::object toJson(const PilotProject& pilot);
boost::json::object toJson(const Site& site);
boost::json::object toJson(const Assessment& assessment);
boost::json::object toJson(const Assignment& assignment);
boost::json::object toJson(const Observation& observation);
boost::json::object toJson(const Evidence& evidence);
boost::json::object toJson(const SurveyDefinition& definition);
boost::json::object toJson(const SurveyResponse& response);
boost::json::object toJson(const TrainingVisit& visit);
boost::json::object toJson(const Attendance& attendance);
boost::json::object toJson(const SurveyRejection& rejection);
boost::json::object toJson(const TrainingFeedback& feedback);

// The reverse, for records received from elsewhere. Strict about types; the store validates the
// content when the record is saved.
Result<Partner> partnerFromJson(const boost::json::object& json);
Result<Site> siteFromJson(const boost::json::object& json);
Result<Assessment> assessmentFromJson(const boost::json::object& json);
Result<Assignment> assignmentFromJson(const boost::json::object& json);
Result<Observation> observationFromJson(const boost::json::object& json);
Result<Evidence> evidenceFromJson(const boost::json::object& json);
Result<SurveyDefinition> surveyDefinitionFromJson(const boost::json::object& json);
Result<SurveyResponse> surveyResponseFromJson(const boost::json::object& json);
Result<TrainingVisit> trainingVisitFromJson(const boost::json::object& json);
Result<Attendance> attendanceFromJson(const boost::json::object& json);
Result<Membership> membershipFromJson(const boost::json::object& json);
Result<SurveyRejection> surveyRejectionFromJson(const boost::json::object& json);
Result<TrainingFeedback> trainingFeedbackFromJson(const boost::json::object& json);

}  // namespace igmc::store
