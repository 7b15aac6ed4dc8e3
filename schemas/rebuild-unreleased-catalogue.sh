#!/usr/bin/env bash
# Rebuilds catalogue version 1 from baton.avdl. ONLY valid while no version has been released (landed on main with
# a release); once v1 is released, change schemas by running CatalogueRelease, which appends new versions.
set -euo pipefail
cd "$(dirname "$0")"
dir=src/main/resources/io/baton/schemas/catalogue
rm -f "$dir"/*.avsc
printf '# id\trecord\tversion\tfile  (append-only: a released id is never reused or changed)\n' > "$dir/index.tsv"
mvn -q -o compile
mvn -q -o exec:java -Dexec.mainClass=io.baton.schemas.CatalogueRelease 2>&1 | grep -v SLF4J
