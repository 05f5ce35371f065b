// JSON forms of the records, as written to the journal (and, later, shipped by sync).
// SPDX-License-Identifier: Apache-2.0
#pragma once

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

}  // namespace igmc::store
