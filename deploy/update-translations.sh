#!/usr/bin/env bash
# Refreshes qml/i18n/*.ts from the user-visible strings in client/ (tr) and qml/ (qsTr).
# Run after changing UI text, then translate the new entries (Qt Linguist or by hand) and commit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
/usr/lib/qt6/bin/lupdate -no-obsolete -locations relative client qml -ts qml/i18n/igmc_zh_CN.ts qml/i18n/igmc_en.ts
