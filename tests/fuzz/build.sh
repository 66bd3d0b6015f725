#!/bin/sh
# build.sh -- builds the libFuzzer targets of every parser of outside input
# (clang, ASan, UBSan) into OUT_DIR, default _build-fuzz; no configure
# needed.  tests/fuzz/run builds through this too.
#
#   tests/fuzz/build.sh [OUT_DIR]
#   cd <top of the source tree>        (fuzz_orgxml, fuzz_import read
#                                       xslt/schema/organisation.xsd)
#   _build-fuzz/fuzz_csv -dict=tests/fuzz/dict/fuzz_csv.dict \
#       -max_total_time=60 CORPUS_DIR tests/fuzz/corpus/fuzz_csv
#
# The harnesses: fuzz_request (the FastCGI parameter set and body),
# fuzz_params (query strings, urlencoded bodies), fuzz_cookie,
# fuzz_multipart, fuzz_csv, fuzz_orgxml, fuzz_import (both formats and
# the import plan), fuzz_conf (gesprek.conf).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/_build-fuzz}
mkdir -p "$out"
out=$(cd "$out" && pwd)
exec make --no-print-directory -f "$top/tests/fuzz/fuzz.mk" OUT="$out" -j"${JOBS:-2}"
