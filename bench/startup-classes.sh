#!/bin/sh
# startup-classes.sh STORE PORT [BASEDIR]: writes the classes a start of `serve` loads, in order, to
# src/main/resources/org/regiokg/cli/serve-classes.txt (a second thread loads them ahead; see ClassPreload).
# Run it on an existing store after changes that load other classes at start, then rebuild the jar.
STORE=$1; PORT=$2; BASE=${3:-.}
LOG=${TMPDIR:-/tmp}/regiokg-classes-$PORT.txt
rm -f "$LOG"
REGIOKG_JAR=${REGIOKG_JAR:-target/regiokg.jar} sh "$(dirname "$0")/startup.sh" "$STORE" "$PORT" "$BASE" -Dregiokg.noPreload=true "-Xlog:class+load=info:file=$LOG"
# Loaded from the jar or the JDK's modules (not the JDK's shared archive), no generated classes.
grep -v "shared objects file" "$LOG" | grep -v 'Lambda\|0x0' | awk '{print $2}' | awk '!seen[$0]++' \
  > src/main/resources/org/regiokg/cli/serve-classes.txt
wc -l src/main/resources/org/regiokg/cli/serve-classes.txt
