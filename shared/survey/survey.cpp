// SPDX-License-Identifier: Apache-2.0
#include "survey/survey.hpp"

#include "core/calendar.hpp"
#include "core/enum_names.hpp"
#include "core/json_reader.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <set>

namespace igmc::survey {

namespace {

using json::Diagnostics;
using json::ObjectReader;

constexpr EnumNames<QuestionType, 6> kTypeNames{{{"single_choice", QuestionType::SingleChoice},
                                                 {"multiple_choice", QuestionType::MultipleChoice},
                                                 {"likert5", QuestionType::Likert5},
                                                 {"scale_0_10", QuestionType::Scale0To10},
                                                 {"number", QuestionType::Number},
                                                 {"short_text", QuestionType::ShortText}}};

bool isIdentifier(std::string_view text, std::size_t maxLength, bool allowDash)
{
    if (text.empty() || text.size() > maxLength)
        return false;
    return std::all_of(text.begin(), text.end(), [allowDash](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (allowDash && c == '-');
    });
}

std::string indexed(const std::string& path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

// Counts code points, so a Chinese answer's length limit is in characters, not bytes.
std::size_t characters(std::string_view text)
{
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool isWhole(Decimal value, int decimals)
{
    std::int64_t step = Decimal::kScale;
    for (int i = 0; i < decimals; ++i)
        step /= 10;
    return value.micros() % step == 0;
}

class Parser {
public:
    explicit Parser(std::string source) : m_diag(std::move(source)) {}

    Result<Survey> parse(const boost::json::value& root)
    {
        ObjectReader top(root, "$", m_diag);
        if (!top.valid())
            return m_diag.toError();
        if (auto format = top.string("format"); format && *format != "igmc-survey/1")
            top.problem("format", "expected \"igmc-survey/1\", found \"" + *format + "\"");
        if (auto id = top.string("id")) {
            if (!isIdentifier(*id, 64, true))
                top.problem("id", "expected 1–64 of a-z, 0-9 and '-', found \"" + *id + "\"");
            m_survey.id = *id;
        }
        if (auto version = top.integer("version")) {
            if (*version < 1 || *version > 1'000'000)
                top.problem("version", "expected a version ≥ 1");
            m_survey.version = static_cast<int>(*version);
        }
        m_survey.title = text(top, "title");
        m_survey.intro = text(top, "intro");
        m_survey.thanks = text(top, "thanks");
        if (auto seconds = top.integer("min_seconds")) {
            if (*seconds < 0 || *seconds > 3600)
                top.problem("min_seconds", "expected 0–3600 seconds");
            m_survey.minSeconds = static_cast<int>(*seconds);
        }
        if (const auto* questions = top.array("questions")) {
            if (questions->size() > 60)
                top.problem("questions", "expected at most 60 questions");
            for (std::size_t i = 0; i < questions->size(); ++i)
                parseQuestion((*questions)[i], indexed(top.pathOf("questions"), i));
        }
        if (const auto* indicators = top.array("indicators", false, false)) {
            for (std::size_t i = 0; i < indicators->size(); ++i)
                parseIndicator((*indicators)[i], indexed(top.pathOf("indicators"), i));
        }
        top.finish();
        if (!m_diag.empty())
            return m_diag.toError();
        return std::move(m_survey);
    }

private:
    Text textAt(const boost::json::value& value, const std::string& path)
    {
        Text result;
        json::readBilingual(value, path, m_diag, result.en, result.zh);
        return result;
    }

    Text text(ObjectReader& reader, std::string_view key)
    {
        const auto* value = reader.field(key);
        return value ? textAt(*value, reader.pathOf(key)) : Text{};
    }

    std::optional<Text> optionalText(ObjectReader& reader, std::string_view key)
    {
        const auto* value = reader.field(key, false);
        if (!value)
            return std::nullopt;
        return textAt(*value, reader.pathOf(key));
    }

    // A condition on an earlier question (so skip logic cannot loop), of a kind that fits its type.
    // `implied`: the question a satisfied_when applies to (named by its indicator, not inside).
    std::optional<Condition> condition(ObjectReader& parent, std::string_view key, bool required, int before,
                                       const std::optional<std::string>& implied = std::nullopt)
    {
        const auto* value = parent.field(key, required);
        if (!value)
            return std::nullopt;
        ObjectReader reader(*value, parent.pathOf(key), m_diag);
        if (!reader.valid())
            return std::nullopt;
        Condition c;
        if (implied)
            c.question = *implied;
        else if (auto q = reader.string("question"))
            c.question = *q;
        if (const auto* anyOf = reader.array("any_of", false)) {
            for (const auto& id : *anyOf) {
                if (id.is_string())
                    c.anyOf.emplace_back(id.get_string());
                else
                    reader.problem("any_of", "expected option ids (strings)");
            }
        }
        c.atLeast = reader.decimal("at_least", false);
        c.atMost = reader.decimal("at_most", false);
        reader.finish();
        const int target = m_survey.indexOf(c.question);
        if (!c.question.empty() && (target < 0 || target >= before)) {
            reader.problem("question", "expected the id of an earlier question, found \"" + c.question + "\"");
            return c;
        }
        if (target < 0)
            return c;
        const Question& q = m_survey.questions[static_cast<std::size_t>(target)];
        if (q.isChoice()) {
            if (c.anyOf.empty() || c.atLeast || c.atMost)
                reader.problem("any_of", "expected any_of (option ids) for choice question \"" + q.id + "\"");
            for (const auto& id : c.anyOf) {
                if (std::none_of(q.options.begin(), q.options.end(), [&](const Option& o) { return o.id == id; }))
                    reader.problem("any_of", "\"" + id + "\" is not an option of question \"" + q.id + "\"");
            }
        } else if (q.isNumeric()) {
            if (!c.anyOf.empty() || (!c.atLeast && !c.atMost))
                reader.problem("at_least", "expected at_least and/or at_most for numeric question \"" + q.id + "\"");
        } else {
            reader.problem("question", "a condition cannot depend on short-text question \"" + q.id + "\"");
        }
        return c;
    }

    void parseOptions(ObjectReader& reader, Question& q)
    {
        const auto* options = reader.array("options");
        if (!options)
            return;
        if (options->size() < 2 || options->size() > 12)
            reader.problem("options", "expected 2–12 options");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < options->size(); ++i) {
            ObjectReader o((*options)[i], indexed(reader.pathOf("options"), i), m_diag);
            Option option;
            if (auto id = o.string("id")) {
                if (!isIdentifier(*id, 40, false))
                    o.problem("id", "expected 1–40 of a-z, 0-9 and '_', found \"" + *id + "\"");
                else if (!seen.insert(*id).second)
                    o.problem("id", "duplicate option id \"" + *id + "\"");
                option.id = *id;
            }
            option.label = text(o, "label");
            o.finish();
            q.options.push_back(std::move(option));
        }
        if (q.type == QuestionType::MultipleChoice) {
            if (auto most = reader.integer("max_choices", false)) {
                if (*most < 1 || *most > static_cast<std::int64_t>(q.options.size()))
                    reader.problem("max_choices", "expected 1 to the number of options");
                q.maxChoices = static_cast<int>(*most);
            }
        }
    }

    void parseTypeFields(ObjectReader& reader, Question& q)
    {
        switch (q.type) {
        case QuestionType::SingleChoice:
        case QuestionType::MultipleChoice: parseOptions(reader, q); break;
        case QuestionType::Likert5:
        case QuestionType::Scale0To10:
            q.min = Decimal::fromInteger(q.type == QuestionType::Likert5 ? 1 : 0);
            q.max = Decimal::fromInteger(q.type == QuestionType::Likert5 ? 5 : 10);
            q.low = optionalText(reader, "low");
            q.high = optionalText(reader, "high");
            break;
        case QuestionType::Number: {
            auto min = reader.decimal("min");
            auto max = reader.decimal("max");
            if (min && max && *min >= *max)
                reader.problem("max", "expected max > min");
            q.min = min.value_or(Decimal{});
            q.max = max.value_or(Decimal{});
            if (auto decimals = reader.integer("decimals", false)) {
                if (*decimals < 0 || *decimals > 3)
                    reader.problem("decimals", "expected 0–3");
                q.decimals = static_cast<int>(std::clamp<std::int64_t>(*decimals, 0, 3));
            }
            q.unit = optionalText(reader, "unit");
            break;
        }
        case QuestionType::ShortText:
            if (auto length = reader.integer("max_length", false)) {
                if (*length < 1 || *length > 500)
                    reader.problem("max_length", "expected 1–500 characters");
                q.maxLength = static_cast<int>(std::clamp<std::int64_t>(*length, 1, 500));
            }
            break;
        }
    }

    void parseQuestion(const boost::json::value& value, const std::string& path)
    {
        ObjectReader reader(value, path, m_diag);
        if (!reader.valid())
            return;
        Question q;
        if (auto id = reader.string("id")) {
            if (!isIdentifier(*id, 40, false))
                reader.problem("id", "expected 1–40 of a-z, 0-9 and '_', found \"" + *id + "\"");
            else if (m_survey.question(*id))
                reader.problem("id", "duplicate question id \"" + *id + "\"");
            q.id = *id;
        }
        if (auto type = reader.string("type")) {
            if (auto parsed = enumFromName(kTypeNames, *type))
                q.type = *parsed;
            else
                reader.problem("type", "expected one of single_choice, multiple_choice, likert5, scale_0_10, number, short_text; found \"" + *type + "\"");
        }
        q.prompt = text(reader, "prompt");
        q.help = optionalText(reader, "help");
        q.required = reader.boolean("required", false).value_or(true);
        parseTypeFields(reader, q);
        q.showIf = condition(reader, "show_if", false, static_cast<int>(m_survey.questions.size()));
        reader.finish();
        m_survey.questions.push_back(std::move(q));
    }

    void parseIndicator(const boost::json::value& value, const std::string& path)
    {
        ObjectReader reader(value, path, m_diag);
        if (!reader.valid())
            return;
        SurveyIndicator indicator;
        indicator.code = reader.string("code").value_or("");
        if (auto q = reader.string("question")) {
            indicator.question = *q;
            const Question* question = m_survey.question(*q);
            if (!question)
                reader.problem("question", "expected the id of a question, found \"" + *q + "\"");
            else if (question->type == QuestionType::ShortText)
                reader.problem("question", "a short-text answer cannot be counted as satisfied");
        }
        const int count = static_cast<int>(m_survey.questions.size());
        if (m_survey.question(indicator.question))
            indicator.satisfiedWhen = condition(reader, "satisfied_when", true, count, indicator.question).value_or(Condition{});
        indicator.label = text(reader, "label");
        reader.finish();
        m_survey.indicators.push_back(std::move(indicator));
    }

    Diagnostics m_diag;
    Survey m_survey;
};

bool numericWithin(Decimal value, const Condition& c)
{
    return (!c.atLeast || value >= *c.atLeast) && (!c.atMost || value <= *c.atMost);
}

Result<void> invalidAnswer(const Question& q, const std::string& what)
{
    return makeError(ErrorCode::ValidationError, "question \"" + q.id + "\": " + what);
}

}  // namespace

std::string_view toString(QuestionType type)
{
    return enumName(kTypeNames, type);
}

const Question* Survey::question(std::string_view id) const
{
    const int index = indexOf(id);
    return index < 0 ? nullptr : &questions[static_cast<std::size_t>(index)];
}

int Survey::indexOf(std::string_view id) const
{
    for (std::size_t i = 0; i < questions.size(); ++i) {
        if (questions[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

Result<Survey> parseSurvey(const boost::json::value& document, const std::string& source)
{
    return Parser(source).parse(document);
}

Result<Survey> parseSurvey(std::string_view text, const std::string& source)
{
    auto document = json::parseDocument(text, source);
    if (!document)
        return document.error();
    return parseSurvey(*document, source);
}

Result<Survey> surveyOf(const store::SurveyDefinition& definition)
{
    return parseSurvey(definition.definitionJson, "survey " + definition.id + " version " + std::to_string(definition.version));
}

Result<store::SurveyDefinition> definitionOf(const boost::json::value& document, const std::string& createdAt)
{
    auto survey = parseSurvey(document, "survey definition");
    if (!survey)
        return survey.error();
    return store::SurveyDefinition{survey->id, survey->version, survey->title.en, survey->title.zh, boost::json::serialize(document), createdAt};
}

Result<void> checkAnswer(const Question& q, const Answer& answer)
{
    const auto isOption = [&q](const std::string& id) {
        return std::any_of(q.options.begin(), q.options.end(), [&](const Option& o) { return o.id == id; });
    };
    switch (q.type) {
    case QuestionType::SingleChoice: {
        const auto* choice = std::get_if<std::string>(&answer);
        if (!choice || !isOption(*choice))
            return invalidAnswer(q, "expected one of its options");
        return {};
    }
    case QuestionType::MultipleChoice: {
        const auto* choices = std::get_if<std::vector<std::string>>(&answer);
        if (!choices || choices->empty())
            return invalidAnswer(q, "expected at least one of its options");
        std::set<std::string> distinct(choices->begin(), choices->end());
        if (distinct.size() != choices->size() || !std::all_of(choices->begin(), choices->end(), isOption))
            return invalidAnswer(q, "expected distinct options of the question");
        if (q.maxChoices && static_cast<int>(choices->size()) > *q.maxChoices)
            return invalidAnswer(q, "at most " + std::to_string(*q.maxChoices) + " choices");
        return {};
    }
    case QuestionType::Likert5:
    case QuestionType::Scale0To10:
    case QuestionType::Number: {
        const auto* number = std::get_if<Decimal>(&answer);
        if (!number)
            return invalidAnswer(q, "expected a number");
        if (*number < q.min || *number > q.max)
            return invalidAnswer(q, "expected " + q.min.toString() + "–" + q.max.toString());
        if (!isWhole(*number, q.type == QuestionType::Number ? q.decimals : 0))
            return invalidAnswer(q, "expected at most " + std::to_string(q.decimals) + " decimals");
        return {};
    }
    case QuestionType::ShortText: {
        const auto* text = std::get_if<std::string>(&answer);
        if (!text || text->empty())
            return invalidAnswer(q, "expected text");
        if (characters(*text) > static_cast<std::size_t>(q.maxLength))
            return invalidAnswer(q, "expected at most " + std::to_string(q.maxLength) + " characters");
        return {};
    }
    }
    return invalidAnswer(q, "unknown question type");
}

bool holds(const Condition& condition, const Answers& answers)
{
    const auto found = answers.find(condition.question);
    if (found == answers.end())
        return false;
    if (const auto* choice = std::get_if<std::string>(&found->second))
        return std::find(condition.anyOf.begin(), condition.anyOf.end(), *choice) != condition.anyOf.end();
    if (const auto* choices = std::get_if<std::vector<std::string>>(&found->second)) {
        return std::any_of(choices->begin(), choices->end(), [&](const std::string& id) {
            return std::find(condition.anyOf.begin(), condition.anyOf.end(), id) != condition.anyOf.end();
        });
    }
    return numericWithin(std::get<Decimal>(found->second), condition);
}

bool isShown(const Survey& survey, int index, const Answers& answers)
{
    // Conditions only name earlier questions, so this walk always ends.
    while (index >= 0 && index < static_cast<int>(survey.questions.size())) {
        const auto& condition = survey.questions[static_cast<std::size_t>(index)].showIf;
        if (!condition)
            return true;
        if (!holds(*condition, answers))
            return false;
        index = survey.indexOf(condition->question);
    }
    return false;
}

int nextShown(const Survey& survey, int index, const Answers& answers)
{
    for (int i = index + 1; i < static_cast<int>(survey.questions.size()); ++i) {
        if (isShown(survey, i, answers))
            return i;
    }
    return -1;
}

int previousShown(const Survey& survey, int index, const Answers& answers)
{
    for (int i = index - 1; i >= 0; --i) {
        if (isShown(survey, i, answers))
            return i;
    }
    return -1;
}

int shownCount(const Survey& survey, const Answers& answers)
{
    int count = 0;
    for (int i = 0; i < static_cast<int>(survey.questions.size()); ++i)
        count += isShown(survey, i, answers) ? 1 : 0;
    return count;
}

Answers withoutHidden(const Survey& survey, const Answers& answers)
{
    Answers kept;
    for (int i = 0; i < static_cast<int>(survey.questions.size()); ++i) {
        const auto& id = survey.questions[static_cast<std::size_t>(i)].id;
        if (auto found = answers.find(id); found != answers.end() && isShown(survey, i, answers))
            kept.emplace(id, found->second);
    }
    return kept;
}

Result<void> checkResponse(const Survey& survey, const Answers& answers)
{
    for (const auto& [id, answer] : answers) {
        const int index = survey.indexOf(id);
        if (index < 0)
            return makeError(ErrorCode::ValidationError, "\"" + id + "\" is not a question of survey " + survey.id);
        if (!isShown(survey, index, answers))
            return makeError(ErrorCode::ValidationError, "question \"" + id + "\" was skipped but has an answer");
        if (auto ok = checkAnswer(survey.questions[static_cast<std::size_t>(index)], answer); !ok)
            return ok;
    }
    for (int i = 0; i < static_cast<int>(survey.questions.size()); ++i) {
        const auto& q = survey.questions[static_cast<std::size_t>(i)];
        if (q.required && isShown(survey, i, answers) && !answers.contains(q.id))
            return makeError(ErrorCode::ValidationError, "question \"" + q.id + "\" is required");
    }
    return {};
}

boost::json::object answersToJson(const Answers& answers)
{
    boost::json::object json;
    for (const auto& [id, answer] : answers) {
        if (const auto* text = std::get_if<std::string>(&answer)) {
            json[id] = *text;
        } else if (const auto* list = std::get_if<std::vector<std::string>>(&answer)) {
            boost::json::array array;
            for (const auto& item : *list)
                array.emplace_back(item);
            json[id] = std::move(array);
        } else {
            const Decimal number = std::get<Decimal>(answer);
            if (number.micros() % Decimal::kScale == 0)
                json[id] = number.micros() / Decimal::kScale;
            else
                json[id] = number.toDouble();
        }
    }
    return json;
}

Result<Answers> answersFromJson(const Survey& survey, const boost::json::value& json)
{
    if (!json.is_object())
        return makeError(ErrorCode::ValidationError, "answers must be a JSON object of question id → answer");
    Answers answers;
    for (const auto& [key, value] : json.get_object()) {
        const Question* q = survey.question(key);
        if (!q)
            return makeError(ErrorCode::ValidationError, "\"" + std::string(key) + "\" is not a question of survey " + survey.id);
        if (q->type == QuestionType::MultipleChoice) {
            std::vector<std::string> ids;
            if (!value.is_array())
                return invalidAnswer(*q, "expected a list of option ids").error();
            for (const auto& id : value.get_array()) {
                if (!id.is_string())
                    return invalidAnswer(*q, "expected a list of option ids").error();
                ids.emplace_back(id.get_string());
            }
            answers.emplace(std::string(key), std::move(ids));
        } else if (q->isNumeric()) {
            auto number = json::toDecimal(value);
            if (!number)
                return invalidAnswer(*q, "expected a number").error();
            answers.emplace(std::string(key), *number);
        } else {
            if (!value.is_string())
                return invalidAnswer(*q, "expected a string").error();
            answers.emplace(std::string(key), std::string(value.get_string()));
        }
    }
    return answers;
}

std::string coarsenToHour(std::string_view utcTimestamp)
{
    // "YYYY-MM-DDTHH" is the first 13 characters of every UTC timestamp we write.
    if (utcTimestamp.size() < 13)
        return std::string(utcTimestamp);
    return std::string(utcTimestamp.substr(0, 13)) + ":00:00Z";
}

std::string coarsenToHour(std::int64_t unixMillis)
{
    return coarsenToHour(formatTimestamp(std::chrono::system_clock::time_point(std::chrono::milliseconds(unixMillis))));
}

bool isHour(std::string_view text)
{
    return text.size() == 20 && text.ends_with(":00:00Z") && coarsenToHour(text) == text;
}

}  // namespace igmc::survey
