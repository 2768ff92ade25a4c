# The checks of tests/images/run-userland-tests (docs/userland.md), run with `sh` in the data
# directory: by the guest's /init on elsim (Debian arm64 busybox, glibc, OpenSSL, Python) and
# by the harness on the host (x86 tools), whose output is the expected one. Each check prints
# one line `UL-RESULT NAME VALUE`; TAG prefixes the names (the guest runs the OpenSSL group a
# second time with OPENSSL_armcap=0, OpenSSL's plain C code, under TAG=noarmcap-).
#   sh userland-checks.sh GROUP...     GROUP: openssl, busybox, python, glibc, libm
# PY is the Python 3.11 command (the host's: /usr/bin/python3; for libm: Debian's arm64 one
# under qemu-aarch64), STRINGS the build of userland-strings.c (the host's for the host).
set -u
KEY128=000102030405060708090a0b0c0d0e0f
KEY256=${KEY128}1f1e1d1c1b1a19181716151413121110
IV=0f0e0d0c0b0a09080706050403020100
PY=${PY:-python3}
STRINGS=${STRINGS:-./userland-strings}

r() { echo "UL-RESULT ${TAG:-}$1 $2"; }
sum() { sha256sum | cut -c1-64; }
dgst() { openssl dgst "-$1" -r "$2" | cut -c1-"$3"; }

openssl_checks() {
    for h in md5:32 sha1:40 sha224:56 sha256:64 sha384:96 sha512:128 sha3-256:64; do
        r "openssl-dgst-${h%:*}" "$(dgst "${h%:*}" in.bin "${h#*:}")"
    done
    # Sizes that are not whole blocks exercise the tails of the bulk loops.
    r openssl-dgst-sha256-odd "$(dgst sha256 odd.bin 64)"
    for c in aes-128-ecb:$KEY128 aes-128-cbc:$KEY128 aes-192-cbc:${KEY128}0001020304050607 \
             aes-256-cbc:$KEY256 aes-128-ctr:$KEY128 aes-256-ctr:$KEY256 aes-128-cfb:$KEY128 \
             aes-256-ofb:$KEY256 chacha20:$KEY256; do
        name=${c%:*}
        set -- "-$name" -K "${c#*:}"
        [ "$name" = aes-128-ecb ] || set -- "$@" -iv "$IV"
        r "openssl-enc-$name" "$(openssl enc "$@" -in in.bin | sum)"
        r "openssl-enc-$name-odd" "$(openssl enc "$@" -in odd.bin | sum)"
        r "openssl-dec-$name" "$(openssl enc "$@" -in in.bin | openssl enc -d "$@" | sum)"
    done
    r openssl-mac-gmac "$(openssl mac -cipher AES-128-GCM -macopt hexkey:$KEY128 \
        -macopt hexiv:000102030405060708090a0b -in in.bin GMAC)"
    r openssl-mac-gmac-odd "$(openssl mac -cipher AES-256-GCM -macopt hexkey:$KEY256 \
        -macopt hexiv:000102030405060708090a0b -in odd.bin GMAC)"
    r openssl-mac-poly1305 "$(openssl mac -macopt hexkey:$KEY256 -in in.bin Poly1305)"
    r openssl-mac-hmac-sha256 "$(openssl mac -digest SHA256 -macopt hexkey:$KEY128 -in in.bin HMAC)"
    r openssl-mac-cmac "$(openssl mac -cipher AES-128-CBC -macopt hexkey:$KEY128 -in in.bin CMAC)"
}

busybox_checks() {
    r md5sum "$(md5sum in.bin | cut -c1-32)"
    r sha1sum "$(sha1sum in.bin | cut -c1-40)"
    r sha256sum "$(sha256sum in.bin | cut -c1-64)"
    r sha512sum "$(sha512sum in.bin | cut -c1-128)"
    r sha256sum-odd "$(sha256sum odd.bin | cut -c1-64)"
    r sort "$(LC_ALL=C sort words.txt | sum)"
    r sort-n "$(LC_ALL=C sort -n numbers.txt | sum)"
    r sort-u-r "$(LC_ALL=C sort -u -r words.txt | sum)"
    r uniq-c "$(LC_ALL=C sort words.txt | uniq -c | sed 's/^ *//' | sum)"
    r gzip-roundtrip "$(gzip -9 -c in.bin | gunzip -c | sum)"
    r gzip-roundtrip-text "$(gzip -9 -c words.txt | gunzip -c | sum)"
    r tr-upper "$(tr a-z A-Z <words.txt | sum)"
    r grep-count "$(grep -c 'ab' words.txt)"
    r wc "$(wc -l -w -c <words.txt | tr -s ' ' | sed 's/^ //')"
    cp in.bin copy.bin
    r cp-cmp "$(cmp in.bin copy.bin && echo same)"
    rm -f copy.bin
}

python_checks() {
    $PY userland-float.py | sed "s/^/UL-RESULT ${TAG:-}/"
}

glibc_checks() {
    "$STRINGS"
}

libm_checks() {
    $PY userland-libm.py | sed "s/^/UL-RESULT ${TAG:-}/"
}

for group in "$@"; do
    "${group}_checks"
done
