#!/usr/bin/env bash
# A local development certificate authority for the TLS listeners (MQTT over TLS and WebSocket over TLS), so that
# TLS works out of the box. For development and tests only: use your own certificates in production (README, "TLS").
#
#   dev-ca.sh server DIR        create, unless present, DIR/ca.pem (+ ca-key.pem) and DIR/server.pem
#                               (+ server-key.pem) for localhost, 127.0.0.1, ::1 and this host's name;
#                               print TSUNAGU_TLS_CA / TSUNAGU_TLS_CERT / TSUNAGU_TLS_KEY lines
#   dev-ca.sh client DIR NAME   create DIR/client-NAME.pem (+ client-NAME-key.pem), a client certificate with
#                               common name NAME signed by DIR's CA (created when missing);
#                               print TSUNAGU_TLS_CLIENT_CERT / TSUNAGU_TLS_CLIENT_KEY lines
#
# Keys are EC P-256 in PKCS#8 PEM; certificates are valid for 825 days (the CA for 10 years). Needs openssl
# (installed with apt-get when missing and running as root).
set -euo pipefail
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_openssl() {
  command -v openssl >/dev/null 2>&1 && return 0
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "openssl not found. Install it ('sudo apt-get install -y openssl'), then re-run."
  fi
  note "openssl not found: installing Debian's openssl package."
  apt-get install -y openssl >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 || true; \
    apt-get install -y openssl >/dev/null 2>&1; } || die "apt-get install -y openssl failed."
}

new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

ensure_ca() {
  local dir="$1"
  [[ -s "$dir/ca.pem" && -s "$dir/ca-key.pem" ]] && return 0
  new_key "$dir/ca-key.pem"
  openssl req -x509 -new -key "$dir/ca-key.pem" -sha256 -days 3650 -subj "/O=Tsunagu/CN=Tsunagu development CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.pem" 2>/dev/null || die "openssl could not create the development CA in $dir."
}

# sign DIR NAME SUBJECT EXTENSIONS: DIR/NAME.pem and DIR/NAME-key.pem signed by DIR's CA.
sign() {
  local dir="$1" name="$2" subject="$3" extensions="$4" csr
  csr="$(mktemp)"
  new_key "$dir/$name-key.pem"
  openssl req -new -key "$dir/$name-key.pem" -subj "$subject" -out "$csr" 2>/dev/null
  if ! openssl x509 -req -in "$csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial \
      -days 825 -sha256 -extfile <(printf '%s\n' "$extensions") -out "$dir/$name.pem" 2>/dev/null; then
    rm -f "$csr"
    die "openssl could not sign $dir/$name.pem."
  fi
  rm -f "$csr"
}

server() {
  local dir="$1" host
  host="$(hostname 2>/dev/null || echo localhost)"
  ensure_ca "$dir"
  if [[ ! -s "$dir/server.pem" || ! -s "$dir/server-key.pem" ]]; then
    sign "$dir" server "/O=Tsunagu/CN=localhost" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyAgreement
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,DNS:$host"
  fi
  echo "TSUNAGU_TLS_CA=$dir/ca.pem"
  echo "TSUNAGU_TLS_CERT=$dir/server.pem"
  echo "TSUNAGU_TLS_KEY=$dir/server-key.pem"
}

client() {
  local dir="$1" name="$2"
  [[ "$name" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "client name '$name' must be 1 to 64 characters of [A-Za-z0-9._-]."
  ensure_ca "$dir"
  sign "$dir" "client-$name" "/O=Tsunagu/CN=$name" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyAgreement
extendedKeyUsage=clientAuth"
  echo "TSUNAGU_TLS_CLIENT_CERT=$dir/client-$name.pem"
  echo "TSUNAGU_TLS_CLIENT_KEY=$dir/client-$name-key.pem"
}

main() {
  local command="${1:-}" dir="${2:-}"
  [[ -n "$dir" ]] || die "usage: dev-ca.sh server DIR | dev-ca.sh client DIR NAME"
  ensure_openssl
  mkdir -p "$dir" || die "cannot create $dir."
  dir="$(cd "$dir" && pwd)"
  case "$command" in
    server) server "$dir" ;;
    client) [[ -n "${3:-}" ]] || die "usage: dev-ca.sh client DIR NAME"; client "$dir" "$3" ;;
    *) die "usage: dev-ca.sh server DIR | dev-ca.sh client DIR NAME" ;;
  esac
}

main "$@"
