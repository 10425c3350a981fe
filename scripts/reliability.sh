#!/bin/sh
# The reliability suite: hostile inputs, kill -9 during writes, a bounded load test, runaway queries.
#   scripts/reliability.sh            the quick part (also part of `mvn -B test`): 4 clients for 10 s
#   scripts/reliability.sh --long     the long part: 16 clients for 60 s, three kills, the corpus
# Options of the load test pass through as Maven properties, e.g.
#   scripts/reliability.sh --long -Dreliability.clients=32 -Dreliability.seconds=300 \
#       -Dreliability.mix=sparql=4,question=3,linkeddata=3,reconcile=2,import=1 -Dreliability.heap=-Xmx2g
set -eu
cd "$(dirname "$0")/.."
LONG=false
if [ "${1:-}" = "--long" ]; then LONG=true; shift; fi
exec mvn -B test -Dtest='org.regiokg.reliability.*Test' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dreliability.long="$LONG" "$@"
