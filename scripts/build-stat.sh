# build-stat.sh <pipeline-root>: the state of everything a plain `npm run build` reads and
# writes, as make sees it: each file's path, size and modification time (ns), sorted,
# after the environment that changes the editions. scripts/build.sh compares it with
# the one the last successful build recorded (dist/.build-stat); the build records it.
# Run from the project's root.
pipeline=$1
printf 'env:%s|%s|%s\n' "${SOURCE_DATE_EPOCH-}" "${PUPPETEER_EXECUTABLE_PATH-}" "${SELEC_BROWSER_WS-}"
find source translations publication.json releases reports "$pipeline/scripts" "$pipeline/vendor" "$pipeline/package-lock.json" dist -type f ! -path dist/.build-stat -printf '%p %s %T@\n' | LC_ALL=C sort
