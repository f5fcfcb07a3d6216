# Compute-bound Python workload for bench/run.sh: dict inserts, lookups and
# deletes keyed by hashes (hashlib, plus the built-in hash of int tuples,
# which is not randomized), about 1 s natively.
# Deterministic: prints a checksum that must be the same in every mode.
import hashlib
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 380000
d = {}
acc = 0
for i in range(n):
    k = hashlib.blake2b(i.to_bytes(8, "little"), digest_size=8).hexdigest()
    d[k] = i
    j = i * 7 // 11
    kj = hashlib.blake2b(j.to_bytes(8, "little"), digest_size=8).hexdigest()
    acc = (acc * 131 + d.get(kj, -1) + (hash((i, j)) & 0xFF)) & 0xFFFFFFFFFFFF
    if i % 3 == 0 and len(d) > 50000:
        d.pop(next(iter(d)))
print("pywork", n, len(d), acc)
