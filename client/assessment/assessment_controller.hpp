// The assessment overview: the live score out of the catalog's total, the band, completeness, the
// categories by dimension, the gap to the next band, and the indicators of the chosen category.
// Rescores from the store whenever records change.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "assessment/score_models.hpp"

#include <QObject>
#include <QQmlEngine>

namespace igmc::client {

class AssessmentController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString assessmentId READ assessmentId WRITE setAssessmentId NOTIFY assessmentIdChanged)
    Q_PROPERTY(QString categoryCode READ categoryCode WRITE setCategoryCode NOTIFY categoryCodeChanged)
    Q_PROPERTY(bool valid READ valid NOTIFY scoreChanged)
    Q_PROPERTY(QString siteName READ siteName NOTIFY scoreChanged)
    Q_PROPERTY(QString stageText READ stageText NOTIFY scoreChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY scoreChanged)
    Q_PROPERTY(QString catalogText READ catalogText NOTIFY scoreChanged)
    Q_PROPERTY(QString total READ total NOTIFY scoreChanged)
    Q_PROPERTY(QString maxPoints READ maxPoints NOTIFY scoreChanged)
    Q_PROPERTY(double fraction READ fraction NOTIFY scoreChanged)
    Q_PROPERTY(QString bandName READ bandName NOTIFY scoreChanged)
    Q_PROPERTY(QString bandCode READ bandCode NOTIFY scoreChanged)
    Q_PROPERTY(QString gapText READ gapText NOTIFY scoreChanged)
    Q_PROPERTY(int answered READ answered NOTIFY scoreChanged)
    Q_PROPERTY(int indicatorCount READ indicatorCount NOTIFY scoreChanged)
    Q_PROPERTY(QString categoryName READ categoryName NOTIFY categoryCodeChanged)
    Q_PROPERTY(CategoryModel* categories READ categories CONSTANT)
    Q_PROPERTY(GapModel* gap READ gap CONSTANT)
    Q_PROPERTY(IndicatorListModel* indicators READ indicators CONSTANT)
    Q_PROPERTY(QString lastScoringMs READ lastScoringMs NOTIFY scoreChanged)

public:
    explicit AssessmentController(QObject* parent = nullptr);

    [[nodiscard]] QString assessmentId() const { return m_assessmentId; }
    void setAssessmentId(const QString& id);
    [[nodiscard]] QString categoryCode() const { return m_categoryCode; }
    void setCategoryCode(const QString& code);
    [[nodiscard]] bool valid() const { return m_valid; }
    [[nodiscard]] QString siteName() const { return m_siteName; }
    [[nodiscard]] QString stageText() const { return m_stageText; }
    [[nodiscard]] QString statusText() const { return m_statusText; }
    [[nodiscard]] QString catalogText() const { return m_catalogText; }
    [[nodiscard]] QString total() const { return m_total; }
    [[nodiscard]] QString maxPoints() const { return m_maxPoints; }
    [[nodiscard]] double fraction() const { return m_fraction; }
    [[nodiscard]] QString bandName() const { return m_bandName; }
    [[nodiscard]] QString bandCode() const { return m_bandCode; }
    [[nodiscard]] QString gapText() const { return m_gapText; }
    [[nodiscard]] int answered() const { return m_answered; }
    [[nodiscard]] int indicatorCount() const { return m_indicatorCount; }
    [[nodiscard]] QString categoryName() const { return m_categoryName; }
    [[nodiscard]] QString lastScoringMs() const { return m_lastScoringMs; }
    CategoryModel* categories() { return &m_categories; }
    GapModel* gap() { return &m_gap; }
    IndicatorListModel* indicators() { return &m_indicators; }

    Q_INVOKABLE void refresh();
    // Moves the assessment from fieldwork to submitted (journaled, synced).
    Q_INVOKABLE bool submit();

signals:
    void assessmentIdChanged();
    void categoryCodeChanged();
    void scoreChanged();

private:
    QString m_assessmentId, m_categoryCode, m_categoryName;
    bool m_valid = false;
    QString m_siteName, m_stageText, m_statusText, m_catalogText, m_total, m_maxPoints, m_bandName, m_bandCode, m_gapText, m_lastScoringMs;
    double m_fraction = 0;
    int m_answered = 0;
    int m_indicatorCount = 0;
    CategoryModel m_categories;
    GapModel m_gap;
    IndicatorListModel m_indicators;
};

}  // namespace igmc::client
