// One indicator of one assessment: its definition, rule and benchmark in plain words, the current
// value (validated by type and unit before anything is saved), N/A with a reason, the version
// history, conflicts side by side, and the evidence linked to the current version.
// Every save is a new immutable version written through the core store (autosave: nothing is
// held only in the UI).
// SPDX-License-Identifier: Apache-2.0
#pragma once

// moc needs none of the core headers (and its parser trips on C++20 standard headers).
#ifndef Q_MOC_RUN
#include "scoring/assessment_values.hpp"
#endif

#include "indicator/indicator_models.hpp"

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

#include <optional>

namespace igmc::client {

class IndicatorController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString assessmentId READ assessmentId WRITE setAssessmentId NOTIFY inputChanged)
    Q_PROPERTY(QString indicatorCode READ indicatorCode WRITE setIndicatorCode NOTIFY inputChanged)
    Q_PROPERTY(bool valid READ valid NOTIFY changed)
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(QString definition READ definition NOTIFY changed)
    Q_PROPERTY(QString unit READ unit NOTIFY changed)
    Q_PROPERTY(QString valueType READ valueType NOTIFY changed)
    Q_PROPERTY(QString typeText READ typeText NOTIFY changed)
    Q_PROPERTY(QString ruleText READ ruleText NOTIFY changed)
    Q_PROPERTY(QString benchmark READ benchmark NOTIFY changed)
    Q_PROPERTY(QString pointsText READ pointsText NOTIFY changed)
    Q_PROPERTY(QString evidenceText READ evidenceText NOTIFY changed)
    Q_PROPERTY(bool naAllowed READ naAllowed NOTIFY changed)
    Q_PROPERTY(QString naPolicyText READ naPolicyText NOTIFY changed)
    Q_PROPERTY(bool hasValue READ hasValue NOTIFY changed)
    Q_PROPERTY(bool notApplicable READ notApplicable NOTIFY changed)
    Q_PROPERTY(QString currentText READ currentText NOTIFY changed)
    Q_PROPERTY(QString naReason READ naReason NOTIFY changed)
    Q_PROPERTY(QString method READ method NOTIFY changed)
    Q_PROPERTY(QString note READ note NOTIFY changed)
    Q_PROPERTY(QVariantList levels READ levels NOTIFY changed)
    Q_PROPERTY(QVariantList checklist READ checklist NOTIFY changed)
    Q_PROPERTY(bool conflict READ conflict NOTIFY changed)
    Q_PROPERTY(QStringList conflictValues READ conflictValues NOTIFY changed)
    Q_PROPERTY(QString locationText READ locationText NOTIFY changed)
    Q_PROPERTY(HistoryModel* history READ history CONSTANT)
    Q_PROPERTY(EvidenceModel* evidence READ evidence CONSTANT)

public:
    explicit IndicatorController(QObject* parent = nullptr);

    [[nodiscard]] QString assessmentId() const { return m_assessmentId; }
    void setAssessmentId(const QString& id);
    [[nodiscard]] QString indicatorCode() const { return m_indicatorCode; }
    void setIndicatorCode(const QString& code);

    [[nodiscard]] bool valid() const { return m_valid; }
    [[nodiscard]] QString name() const { return m_name; }
    [[nodiscard]] QString definition() const { return m_definition; }
    [[nodiscard]] QString unit() const { return m_unit; }
    [[nodiscard]] QString valueType() const { return m_valueType; }
    [[nodiscard]] QString typeText() const { return m_typeText; }
    [[nodiscard]] QString ruleText() const { return m_ruleText; }
    [[nodiscard]] QString benchmark() const { return m_benchmark; }
    [[nodiscard]] QString pointsText() const { return m_pointsText; }
    [[nodiscard]] QString evidenceText() const { return m_evidenceText; }
    [[nodiscard]] bool naAllowed() const { return m_naAllowed; }
    [[nodiscard]] QString naPolicyText() const { return m_naPolicyText; }
    [[nodiscard]] bool hasValue() const { return m_headId.has_value(); }
    [[nodiscard]] bool notApplicable() const { return m_notApplicable; }
    [[nodiscard]] QString currentText() const { return m_currentText; }
    [[nodiscard]] QString naReason() const { return m_naReason; }
    [[nodiscard]] QString method() const { return m_method; }
    [[nodiscard]] QString note() const { return m_note; }
    [[nodiscard]] QVariantList levels() const { return m_levels; }
    [[nodiscard]] QVariantList checklist() const { return m_checklist; }
    [[nodiscard]] bool conflict() const { return !m_conflictValues.isEmpty(); }
    [[nodiscard]] QStringList conflictValues() const { return m_conflictValues; }
    [[nodiscard]] QString locationText() const;
    HistoryModel* history() { return &m_history; }
    EvidenceModel* evidence() { return &m_evidence; }

    // "" when `text` is an acceptable value for this indicator, else why not (translated).
    Q_INVOKABLE QString validate(const QString& text) const;
    Q_INVOKABLE bool saveNumber(const QString& text, const QString& method, const QString& note);
    Q_INVOKABLE bool saveBoolean(bool value, const QString& method, const QString& note);
    Q_INVOKABLE bool saveLevel(const QString& code, const QString& method, const QString& note);
    Q_INVOKABLE bool saveChecklist(const QStringList& codes, const QString& method, const QString& note);
    Q_INVOKABLE bool saveNotApplicable(const QString& reason, const QString& method, const QString& note);
    // Copies a photo, PDF or spreadsheet into the evidence store, hashed, stamped with time and
    // location, and links it to the current version.
    Q_INVOKABLE bool importEvidence(const QString& fileUrlOrPath);
    Q_INVOKABLE void refresh();

signals:
    void inputChanged();
    void changed();
    void saved();

private:
    bool save(std::optional<scoring::Value> value, const QString& naReason, const QString& method, const QString& note);

    QString m_assessmentId, m_indicatorCode;
    bool m_valid = false;
    QString m_name, m_definition, m_unit, m_valueType, m_typeText, m_ruleText, m_benchmark, m_pointsText, m_evidenceText, m_naPolicyText;
    bool m_naAllowed = false;
    std::optional<std::string> m_headId;
    bool m_notApplicable = false;
    QString m_currentText, m_naReason, m_method, m_note;
    QVariantList m_levels, m_checklist;
    QStringList m_conflictValues;
    HistoryModel m_history;
    EvidenceModel m_evidence;
};

}  // namespace igmc::client
