# Sourced by bench/ebs, bench/ebs-encryption and bench/copy: a Tern server on a fresh data directory, the tern client
# as users run it, random images, and timing. Call bench_setup NAME [YAML] first (YAML: a configuration the server
# starts with, besides --demo); it sets $root, $work, $url and $server_pid and stops the server and removes $work on
# exit.

bench_setup() {
  bench_name="$1"
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
  export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
  export AWS_REGION=us-east-1
  unset AWS_PROFILE AWS_SESSION_TOKEN || true
  command -v cmp >/dev/null 2>&1 || die "cmp is not installed (apt-get install diffutils)"
  command -v openssl >/dev/null 2>&1 || die "openssl is not installed (apt-get install openssl)"
  . "$root/bin/find-jdk"
  tern_find_jdk

  work="$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/tern-bench-$bench_name.XXXXXX")"
  server_pid=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM

  local jar="$root/tern-cli/target/tern.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$root" -path "$root/*/target" -prune -o \
        \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]; then
    echo "$bench_name: building Tern..." >&2
    (cd "$root" && ./build -q -DskipTests install >&2)
  fi
  # Server and client run through ./tern as users run them (it passes TERN_JAVA_OPTS on); it makes its start-up
  # cache on this first call, before anything is timed.
  "$root/tern" --version >/dev/null

  local config=()
  if [ -n "${2:-}" ]; then
    printf '%s\n' "$2" >"$work/tern.yaml"
    config=(--config "$work/tern.yaml")
  fi
  "$root/tern" server --demo "${config[@]}" --data-dir "$work/tern-data" --port 0 >"$work/tern.out" 2>"$work/tern.log" &
  server_pid=$!
  url=""
  for _ in $(seq 1 600); do
    url="$(sed -n 's/^listening on //p' "$work/tern.out" 2>/dev/null | head -n 1)"
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/tern.log" >&2; die "Tern did not start"; }
    sleep 0.1
  done
  [ -n "$url" ] || die "Tern did not say where it listens"
}

die() { echo "${bench_name:-bench}: $*" >&2; exit 1; }

bench_cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -s "${work:-}/tern.log" ]; then
    echo "${bench_name:-bench}: the server's log ends:" >&2
    tail -n 20 "$work/tern.log" >&2
  fi
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  [ -z "${work:-}" ] || rm -rf "$work"
}

# tern_ebs ARGS...: a tern ebs command against the server, without a progress bar.
tern_ebs() { "$root/tern" ebs "$@" --endpoint-url "$url" --no-progress; }

# random FILE MIB: MIB mebibytes of new random data (an AES-CTR keystream under a new password: far faster than
# /dev/urandom, and as incompressible). openssl ends on SIGPIPE once head has enough; the size check is what counts.
random() {
  { openssl enc -aes-128-ctr -nosalt -pass "pass:tern-bench-$RANDOM$RANDOM$RANDOM" </dev/zero 2>/dev/null || true; } \
    | head -c "$(($2 * 1024 * 1024))" >"$1"
  [ "$(stat -c %s "$1")" -eq "$(($2 * 1024 * 1024))" ] || die "could not make $2 MiB of random data"
}

# timed CMD...: runs CMD after a sync (so no one inherits another's dirty pages) and sets $elapsed to its
# wall-clock seconds.
elapsed=0
timed() {
  sync
  local t0 t1
  t0="$(date +%s.%N)"
  "$@"
  t1="$(date +%s.%N)"
  elapsed="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
}

# min A B: the smaller, where an empty A means none yet.
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

# ratio A B: A / B to two places.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
