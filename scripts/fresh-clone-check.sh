#!/usr/bin/env bash
# The README's two commands on a fresh machine: clone the committed project
# into an empty directory (no ../shared beside it), `npm ci`, start
# `npm run demo`, and wait until the admin answers; then stop the demo.
# Anything the app, the demo or the local Shopify needs at run time must come
# from the repository or npm, or this fails. CI runs it (.ci/run).
#
# Environment: FRESH_CLONE_PORT (app, default 3310), FRESH_CLONE_SHOPIFY_PORT
# (local Shopify, default 4310), FRESH_CLONE_TIMEOUT (seconds for the demo to
# answer, default 600), FRESH_CLONE_KEEP=1 keeps the clone for inspection,
# FRESH_CLONE_INSTALL=ci (default) | copy. `copy` is for CI, which has just run
# `npm ci` on the same commit: it copies that node_modules (seconds instead of
# the 8-13 minutes `npm ci` takes here, mostly compiling better-sqlite3 twice)
# after checking that it holds exactly what the clone's package-lock.json
# installs, then runs the install scripts `npm ci` would run.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${FRESH_CLONE_PORT:-3310}"
shopify_port="${FRESH_CLONE_SHOPIFY_PORT:-4310}"
answer_timeout="${FRESH_CLONE_TIMEOUT:-600}"

work="$(mktemp -d "${TMPDIR:-/tmp}/aisle-fresh-clone.XXXXXX")"
clone="$work/aisle"
log="$work/demo.log"
demo_pid=""

stop_demo() {
  [ -n "$demo_pid" ] || return 0
  # The demo leads its own process group (setsid): SIGTERM reaches npm, the
  # demo script, the local Shopify, the app and the worker; the demo script
  # also stops its children itself.
  kill -TERM -- "-$demo_pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 -- "-$demo_pid" 2>/dev/null || { demo_pid=""; return 0; }
    sleep 0.5
  done
  echo "fresh clone: the demo did not stop within 30 s of SIGTERM; killing it" >&2
  kill -KILL -- "-$demo_pid" 2>/dev/null || true
  demo_pid=""
  return 1
}

finish() {
  local status=$?
  stop_demo || status=1
  if [ "$status" -ne 0 ] && [ -f "$log" ]; then
    echo "---- last lines of the demo's output ($log)" >&2
    tail -n 40 "$log" >&2 || true
    for f in "$clone"/.demo/*.log; do
      [ -f "$f" ] || continue
      echo "---- $f" >&2
      tail -n 20 "$f" >&2 || true
    done
  fi
  if [ "${FRESH_CLONE_KEEP:-}" = 1 ]; then echo "fresh clone kept in $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

for p in "$port" "$shopify_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "fresh clone: port $p is in use; set FRESH_CLONE_PORT / FRESH_CLONE_SHOPIFY_PORT" >&2
    exit 1
  fi
done

echo "== fresh clone: git clone into $clone"
git clone --quiet "$repo" "$clone"
if [ -e "$work/shared" ]; then echo "fresh clone: $work/shared exists" >&2; exit 1; fi

cd "$clone"
started=$SECONDS
case "${FRESH_CLONE_INSTALL:-ci}" in
  ci)
    echo "== fresh clone: npm ci"
    npm ci --no-audit --no-fund --prefer-offline --loglevel=error
    ;;
  copy)
    echo "== fresh clone: node_modules from $repo (the install of this lockfile), then its install scripts"
    # npm keeps what it installed in node_modules/.package-lock.json: every
    # package there must be the lock's, and every package of the lock must be
    # there unless it is optional (other platforms' binaries).
    node - "$repo/node_modules/.package-lock.json" "$clone/package-lock.json" <<'JS'
const fs = require("node:fs");
const [installedPath, lockPath] = process.argv.slice(2);
const installed = JSON.parse(fs.readFileSync(installedPath, "utf8")).packages;
const lock = JSON.parse(fs.readFileSync(lockPath, "utf8")).packages;
const problems = [];
for (const [key, pkg] of Object.entries(installed)) {
  const locked = lock[key];
  if (!locked) problems.push(`${key} is installed but not in package-lock.json`);
  else if (locked.version !== pkg.version || (locked.integrity ?? null) !== (pkg.integrity ?? null)) problems.push(`${key} is ${pkg.version}, the lock says ${locked.version}`);
}
for (const [key, locked] of Object.entries(lock)) {
  if (key && !installed[key] && !locked.optional) problems.push(`${key} is in package-lock.json but not installed`);
}
if (problems.length) {
  console.error(`node_modules is not what the clone's package-lock.json installs (run npm ci, or FRESH_CLONE_INSTALL=ci):\n  ${problems.slice(0, 20).join("\n  ")}`);
  process.exit(1);
}
JS
    cp -a "$repo/node_modules" "$clone/node_modules"
    for script in preinstall install postinstall prepare; do npm run --silent --if-present "$script"; done
    ;;
  *)
    echo "fresh clone: FRESH_CLONE_INSTALL must be ci or copy" >&2
    exit 2
    ;;
esac
echo "   installed in $((SECONDS - started)) s"

echo "== fresh clone: npm run demo (app on $port, local Shopify on $shopify_port)"
started=$SECONDS
# Its own queue prefix, so a worker of another demo on the same Redis never
# takes this one's jobs (nor this one theirs).
AISLE_QUEUE_PREFIX="aisle-fresh-clone-$$" setsid npm run demo -- --port "$port" --shopify-port "$shopify_port" >"$log" 2>&1 &
demo_pid=$!

admin_url="http://127.0.0.1:$port/app"
deadline=$((SECONDS + answer_timeout))
# The demo says "Aisle is running" once it has started everything; then the
# admin (demo sign-in) and /healthz must answer 200.
until grep -q "Aisle is running" "$log"; do
  if ! kill -0 "$demo_pid" 2>/dev/null; then
    echo "fresh clone: the demo exited before it was running" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "fresh clone: the demo was not running within ${answer_timeout} s" >&2
    exit 1
  fi
  sleep 2
done
for _ in $(seq 1 15); do
  admin="$(curl -s -o "$work/admin.html" -w '%{http_code}' "$admin_url" || true)"
  [ "$admin" = 200 ] && break
  sleep 2
done
[ "$admin" = 200 ] || { echo "fresh clone: $admin_url answered ${admin:-nothing}, not 200" >&2; exit 1; }
grep -q "Aisle" "$work/admin.html" || { echo "fresh clone: $admin_url answered 200 without the admin page" >&2; exit 1; }
health="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)"
[ "$health" = 200 ] || { echo "fresh clone: /healthz answered ${health:-nothing}, not 200" >&2; exit 1; }
echo "   the admin answered 200 at $admin_url $((SECONDS - started)) s after npm run demo; /healthz 200"

echo "== fresh clone: stopping the demo"
stop_demo
for p in "$port" "$shopify_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "fresh clone: port $p still answers after the demo stopped" >&2
    exit 1
  fi
done
echo "== fresh clone: passed"
