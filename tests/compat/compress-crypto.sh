#!/usr/bin/env bash
# Compatibility suite, compression and crypto: xz, gzip, zstd (and bzip2,
# lz4 when installed) round trips of a generated file, multi-threaded where
# the tool can be, and openssl dgst / enc / an Ed25519 signature, natively
# and under vmload (default, legacy, 3g).
. "$(dirname "$0")/lib.sh"

# the input: 3 MiB, half text (compressible), half a fixed keystream (not)
{
	seq 1 120000 | sed 's/$/ the quick brown fox jumps over the lazy dog/' | head -c 1572864
	head -c 1572864 /dev/zero | openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 0f0e0d0c0b0a09080706050403020100 2>/dev/null ||
		head -c 1572864 /dev/zero | tr '\0' 'q'
} >"$IN/data"
sha256sum <"$IN/data" | cut -c1-16 >"$IN/data.sum"

# roundtrip NAME COMPRESS DECOMPRESS: hash of the compressed stream, size,
# and the round trip through a file and through a pipe
roundtrip() {
	local name=$1 comp=$2 decomp=$3
	compare "$name" bash -c '
in=$1 comp=$2 decomp=$3
$comp <"$in" >z || exit
echo "compressed $(wc -c <z) bytes, $(sha256sum <z | cut -c1-16)"
$decomp <z | cmp - "$in" && echo "round trip through a file: identical"
$comp <"$in" | $decomp | sha256sum | cut -c1-16' _ "$IN/data" "$comp" "$decomp"
}

have xz && roundtrip xz "xz -T2 -3 --block-size=1MiB -c" "xz -T2 -dc"
have gzip && roundtrip gzip "gzip -6 -n -c" "gzip -dc"
have zstd && roundtrip zstd "zstd -q -T2 -9 -c" "zstd -q -dc"
have bzip2 && roundtrip bzip2 "bzip2 -9 -c" "bzip2 -dc"
have lz4 && roundtrip lz4 "lz4 -q -9 -c" "lz4 -q -dc"
if SKIPNAME=compressors have xz gzip zstd; then
	compare compress-chain bash -c 'gzip -n -c <"$1" | xz -T2 -c | zstd -q -c | zstd -q -dc | xz -dc | gzip -dc | sha256sum | cut -c1-16
xz -c <"$1" >a.xz && xz -t a.xz && xz -l --robot a.xz | cut -f1-5; gzip -l -n <(gzip -n -c "$1") | tail -1 | tr -s " "
zstd -q "$1" -o b.zst && zstd -l b.zst | tail -n +2 | tr -s " " | cut -d" " -f2-5' _ "$IN/data"
fi

cat >"$IN/ed25519.pem" <<'EOF'
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIM/qA3YIq98fyZZ+rfOQf8c9n9wRxdtKiyXkopgbT6tP
-----END PRIVATE KEY-----
EOF
if have openssl; then
	compare openssl-dgst bash -c 'cd "${1%/*}" && for d in sha256 sha512 sha3-256 blake2b512 md5 sha1; do openssl dgst -$d data; done
openssl dgst -sha256 -hmac "fixed key" -r data; openssl dgst -sha256 -binary data | openssl base64' _ "$IN/data"
	compare openssl-enc bash -c 'openssl enc -aes-256-cbc -K $(printf %064d 7) -iv $(printf %032d 9) <"$1" >e && sha256sum <e | cut -c1-16 &&
openssl enc -d -aes-256-cbc -K $(printf %064d 7) -iv $(printf %032d 9) <e | cmp - "$1" && echo decrypted
openssl enc -chacha20 -K $(printf %064d 3) -iv $(printf %032d 4) <"$1" | openssl dgst -sha256 -r
head -c 4096 "$1" | openssl base64 | openssl base64 -d | cmp - <(head -c 4096 "$1") && echo base64' _ "$IN/data"
	# an Ed25519 signature is deterministic: same key and data, same bytes
	compare openssl-sign bash -c 'openssl pkey -in "$2" -pubout -out pub.pem && cat pub.pem &&
openssl pkeyutl -sign -rawin -inkey "$2" -in "$1.sum" -out sig && od -An -tx1 sig | tr -d " \n"; echo
openssl pkeyutl -verify -rawin -pubin -inkey pub.pem -in "$1.sum" -sigfile sig
openssl kdf -keylen 16 -kdfopt digest:SHA256 -kdfopt pass:secret -kdfopt salt:saltsalt -kdfopt iter:20000 PBKDF2' _ "$IN/data" "$IN/ed25519.pem"
fi

finish
