#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
#
# tests/fuzz/build.sh: builds the libFuzzer target fuzz-intake into build-fuzz/fuzz-intake, with
# clang, -fsanitize=fuzzer,address,undefined, straight from the sources (not meson's static
# libraries, which are built without the fuzzer's coverage instrumentation).
#
# The sources are the least that links: the decoder (core/ep-json.c, core/json-strict.c), what
# the intake codec calls in core/ (error domain, BSN and the HMAC it uses, dates, UUIDs,
# vocabularies) and the codec itself (intake/intake.c, intake-error.c, intake-json.c,
# json-read.c). The intake headers include libpq-fe.h (ep-household.h), so libpq's include path
# is needed, but nothing of libpq or of db/ is linked, and none of these files includes meson's
# ep-config.h. Needs clang and libclang-rt-14-dev (./dev setup installs both).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."

CC=${CC:-clang}
out=build-fuzz/fuzz-intake
sources=(
  tests/fuzz/fuzz-intake.c
  core/ep-json.c core/json-strict.c
  core/ep-core-error.c core/ep-bsn.c core/ep-crypto.c core/ep-time.c core/ep-uuid.c
  core/ep-vocab.c
  intake/intake.c intake/intake-error.c intake/intake-json.c intake/json-read.c
)
flags=(
  -std=c11 -g -O1
  '-fsanitize=fuzzer,address,undefined' -fno-sanitize-recover=undefined
  -D_GNU_SOURCE
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74
  -Werror=implicit-function-declaration -Werror=missing-prototypes -Werror=format=2
  -Icore -Iintake -Idb
)

command -v "$CC" >/dev/null || { echo "build.sh: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
mkdir -p build-fuzz
# shellcheck disable=SC2046 # pkg-config's words are meant to split
"$CC" "${flags[@]}" $(pkg-config --cflags glib-2.0 json-glib-1.0 jansson openssl libpq) \
  -o "$out" "${sources[@]}" \
  $(pkg-config --libs glib-2.0 json-glib-1.0 jansson openssl) -ldl
echo "built $out"
