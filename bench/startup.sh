#!/bin/sh
# startup.sh STORE PORT [BASEDIR] [JAVA_OPTS...]: serve on STORE, poll the agency question until it answers, stop the server.
STORE=$1; PORT=$2; BASE=${3:-.}; shift 3
java -Xmx2g "$@" -jar ${REGIOKG_JAR:-target/regiokg.jar} serve --store "$STORE" --port "$PORT" --base-dir "$BASE" >${TMPDIR:-/tmp}/regiokg-serve-$PORT.log 2>&1 &
PID=$!
START=$(date +%s%N)
until curl -sf -o /dev/null "http://localhost:$PORT/api/questions/world-market-leaders-without-digital-partner"; do
  sleep 0.05
  kill -0 $PID 2>/dev/null || { echo "serve died"; exit 1; }
done
END=$(date +%s%N)
echo "first agency answer after $(( (END-START)/1000000 )) ms"
# CPU (user + sys, every thread) by then: steadier than wall time on a busy machine; and the busiest threads.
if [ -r /proc/$PID/stat ]; then
  echo "  process CPU by then: $(awk '{print ($14+$15)*10}' /proc/$PID/stat) ms; threads: $(for t in /proc/$PID/task/*; do
    echo "$(awk '{print ($14+$15)*10}' $t/stat) $(cat $t/comm)"; done | sort -n -r | head -6 | tr '\n' ';')"
fi
# The server's own account of its phases (ms since the JVM's launch).
grep -h "Started .* after the JVM's launch" ${TMPDIR:-/tmp}/regiokg-serve-$PORT.log | sed 's/^.*Started/  server: started/'
kill $PID; wait $PID
