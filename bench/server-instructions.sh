#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
#
# bench/server-instructions.sh: the instructions PostgreSQL executes per
# transaction of the audit-append benchmark, without and with its audit
# event — counted by callgrind, so the figure is the same on every run, where
# throughput on a small shared machine varies by several per cent.
#
#   bench/server-instructions.sh [EENPLAN]   (default ./build-release/cli/eenplan)
#
# With CALLGRIND_DIR set, callgrind's profiles are kept there (KIND.N), for
# callgrind_annotate --inclusive=yes to show where the instructions go.
#
# It migrates a throw-away cluster with EENPLAN, then runs PostgreSQL in
# single-user mode under callgrind on 100 and on 1,100 transactions of each
# kind and prints the difference per transaction, so start-up and the first
# executions (planning, caches) fall out. The transactions are those of
# bench/bench-audit.c: the context of ep_db_run_tx, then the household insert
# alone (plain) or in the statement ep_audit_record_change() makes (audited).
# Single-user mode has no client, protocol or concurrency: this counts the
# server's own work, not the throughput the benchmark measures.
set -euo pipefail

eenplan=${1:-./build-release/cli/eenplan}
[ -x "$eenplan" ] || { echo "server-instructions: no $eenplan; run ./dev bench first" >&2; exit 2; }
eenplan=$(realpath "$eenplan")
command -v valgrind >/dev/null || { echo "server-instructions: valgrind is not installed" >&2; exit 2; }

# The PostgreSQL the build runs (its pg_bindir option), unless PG_BINDIR says otherwise.
build_options="$(dirname "$(dirname "$eenplan")")/meson-info/intro-buildoptions.json"
pgbin=${PG_BINDIR:-$(python3 -c 'import json, sys
print(next(o["value"] for o in json.load(open(sys.argv[1])) if o["name"] == "pg_bindir"))' \
  "$build_options" 2>/dev/null || echo /usr/lib/postgresql/15/bin)}

work=$(mktemp -d /tmp/eenplan-instructions-XXXXXX)
chmod 755 "$work"
trap 'EENPLAN_VAR_DIR="$work/var" "$eenplan" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# PostgreSQL refuses to run as root; the cluster belongs to postgres then.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

EENPLAN_VAR_DIR="$work/var" "$eenplan" migrate >/dev/null
psql -qAt -h "$work/var/run" -U postgres -d eenplan \
  -c "INSERT INTO gemeente (gemeente, naam) VALUES ('GM9000', 'Benchmark')" >/dev/null
EENPLAN_VAR_DIR="$work/var" "$eenplan" db stop >/dev/null

household_insert="INSERT INTO household (id, postcode, huisnummer, wijk, gemeente)
 VALUES (\$1, '7551AB', \$2, 'Benchmark', current_gemeente()) RETURNING id"

# script KIND N: N transactions as the application role, one statement a line.
script() {
  echo "SET ROLE eenplan_app;"
  # No parameter types: PostgreSQL infers them from the columns (domains
  # included), as it does for the application's statements.
  echo "PREPARE plain AS ${household_insert//$'\n'/};"
  echo "PREPARE audited AS" \
    "WITH change AS (${household_insert//$'\n'/})," \
    "event AS (INSERT INTO audit_event (action, entity_type, entity_id, household_id, purpose," \
    "on_behalf_of, outcome, change) SELECT \$3, \$4, \$5, \$6::uuid, \$7, \$8, \$9, \$10::json" \
    "WHERE EXISTS (SELECT FROM change)) SELECT * FROM change;"
  for i in $(seq "$2"); do
    local id huisnummer=$((i % 9999 + 1))
    id=$(cat /proc/sys/kernel/random/uuid)
    echo "BEGIN;"
    echo "SELECT set_config('eenplan.gemeente', 'GM9000', true)," \
      "set_config('eenplan.actor', 'bench-0', true), set_config('eenplan.actor_role', 'casemanager', true);"
    if [ "$1" = plain ]; then
      echo "EXECUTE plain('$id', $huisnummer);"
    else
      echo "EXECUTE audited('$id', $huisnummer, 'create', 'household', '$id', '$id', 'benchmark'," \
        "NULL, 'success', '{\"postcode\":\"7551AB\",\"huisnummer\":$huisnummer}');"
    fi
    echo "COMMIT;"
  done
}

# count KIND N: sets $collected to what callgrind counts for N transactions,
# start-up included; stops the script if PostgreSQL or valgrind failed.
count() {
  rm -rf "$work/data"
  cp -a "$work/var/pgdata" "$work/data"
  script "$1" "$2" >"$work/in.sql"
  local profile=/dev/null
  [ -n "${CALLGRIND_DIR:-}" ] && profile="$CALLGRIND_DIR/$1.$2"
  if ! as_owner valgrind --tool=callgrind --callgrind-out-file="$profile" \
    "$pgbin/postgres" --single -D "$work/data" -c fsync=off eenplan \
    <"$work/in.sql" >"$work/out.txt" 2>&1 ||
    grep -qE "ERROR|FATAL|PANIC" "$work/out.txt"; then
    echo "server-instructions: $1 × $2 failed:" >&2
    grep -m3 -E "ERROR|FATAL|PANIC|valgrind" "$work/out.txt" >&2 || tail -3 "$work/out.txt" >&2
    exit 1
  fi
  collected=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/out.txt")
  [[ "$collected" =~ ^[0-9]+$ ]] || { echo "server-instructions: callgrind counted nothing" >&2; exit 1; }
}

# per_tx KIND: sets $per_tx to the instructions of one transaction.
per_tx() {
  count "$1" 1100
  local many=$collected
  count "$1" 100
  per_tx=$(((many - collected) / 1000))
}

per_tx plain
plain=$per_tx
per_tx audited
audited=$per_tx
echo "bench audit-append-server-instructions plain_per_tx=$plain audited_per_tx=$audited" \
  "added_per_tx=$((audited - plain))"
