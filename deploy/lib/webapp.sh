#!/usr/bin/env bash
# deploy/lib/webapp.sh — the web app's toolchain for ./deploy/up and ./deploy/test (source after servers.sh).
#
#   webapp_npm_ci        checks Node.js (20.19 or later: Vite 8 needs it) and runs `npm ci` in web/, so the
#                        gateway's build (which runs `npm run build` there) uses exactly package-lock.json
#   api_lint_npm_ci      runs `npm ci` in tests/api-lint: Redocly CLI, pinned, for the test that lints the API document
#   webapp_chromium      installs Debian's chromium package when /usr/bin/chromium is missing (the browser
#                        tests drive it with Playwright; browser downloads are not reachable) and exports
#                        TALENT_CHROMIUM; TALENT_CHROMIUM set beforehand names another binary
#
# Output goes to .local/logs/npm.log; a failure stops the calling script with the log's tail.

_webapp_log() { printf '[webapp] %s\n' "$*" >&2; }

webapp_npm_ci() {
  local web="$TALENT_REPO_ROOT/web" log="$TALENT_LOCAL/logs/npm.log" version major minor
  mkdir -p "$TALENT_LOCAL/logs"
  command -v node >/dev/null && command -v npm >/dev/null ||
    _srv_die "the web app needs Node.js 20.19 or later with npm on PATH (Debian: the nodejs package from a Node.js 20+ source)"
  version="$(node --version)"
  version="${version#v}"
  major="${version%%.*}"
  minor="${version#*.}"
  minor="${minor%%.*}"
  if ((major < 20 || (major == 20 && minor < 19))); then
    _srv_die "the web app needs Node.js 20.19 or later (Vite 8); found $version"
  fi
  _webapp_log "npm ci in web/ (Node.js $version; log: $log)"
  if ! (_srv_close_lock_fd && cd "$web" && exec npm ci --no-audit --no-fund) </dev/null >"$log" 2>&1; then
    _srv_tail "$log"
    _srv_die "npm ci failed in web/"
  fi
}

api_lint_npm_ci() {
  local folder="$TALENT_REPO_ROOT/tests/api-lint" log="$TALENT_LOCAL/logs/npm-api-lint.log"
  mkdir -p "$TALENT_LOCAL/logs"
  _webapp_log "npm ci in tests/api-lint (log: $log)"
  if ! (_srv_close_lock_fd && cd "$folder" && exec npm ci --no-audit --no-fund) </dev/null >"$log" 2>&1; then
    _srv_tail "$log"
    _srv_die "npm ci failed in tests/api-lint"
  fi
}

webapp_chromium() {
  TALENT_CHROMIUM="${TALENT_CHROMIUM:-/usr/bin/chromium}"
  if [[ ! -x "$TALENT_CHROMIUM" ]]; then
    _srv_apt_install chromium fonts-liberation
  fi
  [[ -x "$TALENT_CHROMIUM" ]] || _srv_die "no Chromium at $TALENT_CHROMIUM after installing Debian's chromium package"
  export TALENT_CHROMIUM
}
