#!/usr/bin/env bash
# Makes sure the browser the dashboard's e2e tests drive is here: Debian's headless-capable Chromium at
# /usr/bin/chromium and its matching WebDriver at /usr/bin/chromedriver. The tests never download a browser or a
# driver (Selenium Manager stays off), so this script is the only way they arrive.
#
#   chromium.sh    install `chromium` and `chromium-driver` with apt-get when either binary is missing
#                  (as root: CI and fresh machines); otherwise say what to install and exit non-zero
#
# Both come from the same Debian source package, so their versions match, as ChromeDriver requires.
# Install log: $TSUNAGU_STATE_DIR/logs/chromium-install.log.
set -euo pipefail
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver
PACKAGES=(chromium chromium-driver)

present() {
  [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]
}

install_packages() {
  local log="$1"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine's package lists may be missing or stale: update once, only when the install fails.
  if ! apt-get install -y --no-install-recommends "${PACKAGES[@]}" >>"$log" 2>&1; then
    note "apt-get install failed; running apt-get update once and trying again."
    apt-get update >>"$log" 2>&1 || true
    apt-get install -y --no-install-recommends "${PACKAGES[@]}" >>"$log" 2>&1 || die "apt-get install -y ${PACKAGES[*]} failed.
$(log_tail "$log" 20)"
  fi
}

main() {
  if present; then
    return 0
  fi
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "the browser tests need $CHROMIUM and $CHROMEDRIVER, and at least one is missing.
  Install Debian's packages: 'sudo apt-get install -y chromium chromium-driver', then re-run."
  fi
  init_state_dir
  local log="$TSUNAGU_LOGS/chromium-install.log"
  note "$CHROMIUM or $CHROMEDRIVER missing: installing Debian's ${PACKAGES[*]} (log: $log)."
  install_packages "$log"
  present || die "${PACKAGES[*]} installed, but $CHROMIUM or $CHROMEDRIVER is still missing.
$(log_tail "$log" 20)"
  note "$("$CHROMEDRIVER" --version 2>/dev/null | head -n 1) ready."
}

main "$@"
