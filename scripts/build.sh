# build.sh: what `npm run build` starts. A plain `npm run build` (no options) whose
# inputs and outputs are exactly as the last successful build left them (same files,
# sizes and modification times: scripts/build-stat.sh) answers without starting Node,
# in milliseconds. Anything else, and any doubt, runs the build, which then decides by
# content (scripts/io/fingerprint.ts) and builds what changed. While another build holds
# the lock (dist/.build.lock), Node answers: it names the build, or takes a stale lock.
pipeline=$(cd "$(dirname "$0")/.." && pwd -P)
if [ $# -eq 0 ] && [ -f dist/.build-stat ] && [ -f dist/.build-fingerprint ] && [ ! -e dist/.build.lock ] \
  && [ "$(sh "$pipeline/scripts/build-stat.sh" "$pipeline" 2>/dev/null)" = "$(cat dist/.build-stat)" ]; then
  echo "nothing changed since the last build: $(pwd -P)/dist is up to date (no file changed)"
  exit 0
fi
exec node "$pipeline/scripts/launch.mjs" build "$@"
