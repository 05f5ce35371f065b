// Trainer mode: the senior and global partners' annual on-site training day. The app checks the
// entitlement (tier B or A, active membership, this year's day not used), then runs the day: the
// agenda, materials available offline, attendance sign-in, per-session feedback through the kiosk
// survey engine, site-walk notes and recommendations with photos (evidence records, not scoring),
// a PDF report generated on the device, and the completion that marks the year's day used.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#ifndef Q_MOC_RUN
#include "registry/partner_rules.hpp"
#include "store/records.hpp"
#endif

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

#include <optional>

namespace igmc::client {

class TrainerController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList visits READ visits NOTIFY changed)  // [{id, date, status, siteName}]
    Q_PROPERTY(QString visitId READ visitId WRITE setVisitId NOTIFY changed)
    Q_PROPERTY(bool valid READ valid NOTIFY changed)
    Q_PROPERTY(QString partnerName READ partnerName NOTIFY changed)
    Q_PROPERTY(QString visitDate READ visitDate NOTIFY changed)
    Q_PROPERTY(QString siteName READ siteName NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)         // planned, completed, cancelled
    Q_PROPERTY(bool entitled READ entitled NOTIFY changed)
    Q_PROPERTY(QString entitlementText READ entitlementText NOTIFY changed)
    Q_PROPERTY(QVariantList sessions READ sessions NOTIFY changed)    // [{id, time, topic, trainer, feedbackCount}]
    Q_PROPERTY(QVariantList materials READ materials NOTIFY changed)  // [{name, mediaType, available, url}]
    Q_PROPERTY(QVariantList attendees READ attendees NOTIFY changed)  // [{name, organisation, role, consent}]
    Q_PROPERTY(QVariantList walk READ walk NOTIFY changed)            // [{note, recommendation, photos: [url]}]
    Q_PROPERTY(QString notes READ notes NOTIFY changed)
    Q_PROPERTY(QString reportUrl READ reportUrl NOTIFY changed)       // file URL of the generated PDF, or ""
    Q_PROPERTY(bool canComplete READ canComplete NOTIFY changed)
    Q_PROPERTY(QString completeBlocker READ completeBlocker NOTIFY changed)  // why not yet, or ""

public:
    explicit TrainerController(QObject* parent = nullptr);

    [[nodiscard]] QVariantList visits() const;
    [[nodiscard]] QString visitId() const { return m_visitId; }
    void setVisitId(const QString& id);
    [[nodiscard]] bool valid() const { return m_visit.has_value(); }
    [[nodiscard]] QString partnerName() const { return m_partnerName; }
    [[nodiscard]] QString visitDate() const;
    [[nodiscard]] QString siteName() const { return m_siteName; }
    [[nodiscard]] QString status() const;
    [[nodiscard]] bool entitled() const;
    [[nodiscard]] QString entitlementText() const;
    [[nodiscard]] QVariantList sessions() const;
    [[nodiscard]] QVariantList materials() const;
    [[nodiscard]] QVariantList attendees() const;
    [[nodiscard]] QVariantList walk() const;
    [[nodiscard]] QString notes() const;
    [[nodiscard]] QString reportUrl() const;
    [[nodiscard]] bool canComplete() const { return completeBlocker().isEmpty(); }
    [[nodiscard]] QString completeBlocker() const;

    // Each returns false with AppController.errorMessage set when the input or the visit's state
    // does not allow it.
    Q_INVOKABLE bool signIn(const QString& name, const QString& organisation, const QString& role, bool consent);
    Q_INVOKABLE bool saveNotes(const QString& notes);
    // photos: file URLs or paths; each becomes an evidence record (content-addressed, synced).
    Q_INVOKABLE bool addWalkItem(const QString& note, const QString& recommendation, const QStringList& photos);
    // The visit report as rich text (what generateReport prints to PDF, A4).
    Q_INVOKABLE QString reportHtml() const;
    Q_INVOKABLE bool generateReport();
    Q_INVOKABLE bool complete();
    Q_INVOKABLE void refresh();

signals:
    void changed();

private:
    void load();
    [[nodiscard]] QString feedbackSummaryHtml(const QString& sessionId) const;
    [[nodiscard]] bool writable() const;

    QString m_visitId;
    std::optional<store::TrainingVisit> m_visit;
    QString m_partnerName;
    QString m_siteName;
    registry::TrainingDayCheck m_check;
    std::vector<store::Attendance> m_attendance;
    std::vector<store::TrainingFeedback> m_feedback;
    QString m_reportPath;  // generated, not yet completed
    std::size_t m_reportFeedbackCount = 0;  // the feedback responses the report counted
};

}  // namespace igmc::client
