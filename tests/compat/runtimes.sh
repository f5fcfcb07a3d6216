#!/usr/bin/env bash
# Compatibility suite, managed runtimes: node and java, natively and under
# vmload in the 47-bit window (default, legacy). In the 3g window they may
# not fit (the JVM's default heap reservation alone is larger): there the
# suite asserts that vmload does not crash (no death by a signal, status
# below 128, a message on stderr when the program fails) and prints what
# happened; a JVM with a small heap does fit and must match native.
. "$(dirname "$0")/lib.sh"

script prog.js <<'EOF'
const { Worker, isMainThread, parentPort, workerData } = require("worker_threads");
const crypto = require("crypto"), zlib = require("zlib");
const fs = require("fs"), path = require("path"), os = require("os");
if (!isMainThread) {
	let s = 0n;
	for (let i = 0n; i < 200000n; i++) s += i * BigInt(workerData);
	parentPort.postMessage(s.toString());
	return;
}
(async () => {
	// the JIT warms up on a hot loop
	let acc = 0;
	for (let i = 0; i < 5e6; i++) acc = (acc + i * i) % 1000003;
	console.log("jit", acc);
	const big = Array.from({ length: 200000 }, (_, i) => (i * 7919) % 100003);
	big.sort((a, b) => a - b);
	console.log("sort", big.slice(0, 3), big.slice(-2));
	const m = new Map(); for (const x of big) m.set(x % 97, (m.get(x % 97) || 0) + 1);
	console.log("map", m.size, m.get(5));
	const buf = Buffer.alloc(1 << 20, "vmload");
	console.log("crypto", crypto.createHash("sha256").update(buf).digest("hex").slice(0, 16),
		crypto.createHmac("sha1", "k").update("data").digest("base64"));
	const z = zlib.gzipSync(buf, { level: 6 });
	console.log("zlib", zlib.gunzipSync(z).equals(buf), zlib.deflateRawSync(Buffer.from("abcabcabc")).toString("hex"));
	const results = await Promise.all([1, 2, 3].map(k => new Promise((res, rej) => {
		const w = new Worker(__filename, { workerData: k });
		w.on("message", res); w.on("error", rej);
	})));
	console.log("workers", results);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "n-"));
	fs.writeFileSync(path.join(dir, "f"), "x".repeat(100000));
	console.log("fs", fs.statSync(path.join(dir, "f")).size, fs.readdirSync(dir));
	fs.rmSync(dir, { recursive: true });
	await new Promise(r => setTimeout(r, 20));
	const ab = new SharedArrayBuffer(64), ia = new Int32Array(ab);
	Atomics.add(ia, 0, 41); Atomics.add(ia, 0, 1);
	console.log("timers+atomics", Atomics.load(ia, 0), JSON.stringify({ b: 1, a: [1, 2] }), (2n ** 100n).toString());
	process.exitCode = 3;
})();
EOF

script Main.java <<'EOF'
import java.security.MessageDigest;
import java.util.*;
import java.util.concurrent.*;
import java.util.stream.*;

public class Main {
	static String s;
	public static void main(String[] args) throws Exception {
		// implicit null checks through SIGSEGV, then JIT-compiled loops
		int npe = 0;
		for (int i = 0; i < 100000; i++)
			try { s.length(); } catch (NullPointerException e) { npe++; }
		long acc = 0;
		for (int i = 0; i < 20_000_000; i++) acc = (acc + (long) i * i) % 1_000_003;
		System.out.println("npe " + npe + " jit " + acc);
		// threads and an executor
		ExecutorService ex = Executors.newFixedThreadPool(4);
		List<Future<Long>> fs = new ArrayList<>();
		for (int k = 1; k <= 8; k++) {
			final int n = k;
			fs.add(ex.submit(() -> LongStream.rangeClosed(1, 500_000).map(x -> x * n % 7).sum()));
		}
		long tot = 0; for (Future<Long> f : fs) tot += f.get();
		ex.shutdown();
		System.out.println("threads " + tot);
		// collections, streams, a lot of garbage and an explicit GC
		Map<Integer, Integer> m = new TreeMap<>();
		for (int i = 0; i < 300_000; i++) m.merge((i * 7919) % 1009, 1, Integer::sum);
		List<int[]> junk = new ArrayList<>();
		for (int i = 0; i < 2000; i++) { junk.add(new int[1024]); if (junk.size() > 100) junk.clear(); }
		System.gc();
		System.out.println("map " + m.size() + " " + m.get(5) + " " +
			IntStream.range(0, 1000).parallel().filter(i -> i % 3 == 0).sum());
		MessageDigest md = MessageDigest.getInstance("SHA-256");
		byte[] h = md.digest("vmload".repeat(1000).getBytes("UTF-8"));
		System.out.println("sha256 " + HexFormat.of().formatHex(h).substring(0, 16));
		// a child process (jspawnhelper / posix_spawn)
		Process p = new ProcessBuilder("sh", "-c", "echo from child; exit 4").start();
		String out = new String(p.getInputStream().readAllBytes()).trim();
		System.out.println("process " + out + " " + p.waitFor());
		System.exit(6);
	}
}
EOF

# child processes: libuv's threads are blocked in epoll_pwait while the
# main thread spawns
script child.js <<'EOF'
const cp = require("child_process");
// after 100 ms, when node's own threads have settled in their waits
setTimeout(() => {
	console.log("execFileSync", cp.execFileSync(process.execPath, ["-e", "console.log(6 * 7)"]).toString().trim());
	console.log("spawnSync", cp.spawnSync("sh", ["-c", "exit 5"]).status, cp.execSync("echo hi | tr a-z A-Z").toString().trim());
	const c = cp.spawn("sh", ["-c", "echo async child; exit 2"]);
	let out = "";
	c.stdout.on("data", d => out += d);
	c.on("close", code => console.log("spawn", out.trim(), code));
}, 100);
EOF

JAVA_OPTS="-XX:-UsePerfData -Xshare:auto"
if have node; then
	compare64 node node "$IN/prog.js"
	nocrash_in 3g node node "$IN/prog.js"
	compare64 node-child-process node "$IN/child.js"
	nocrash_in 3g node-child-process node "$IN/child.js"
fi
if SKIPNAME=java have java javac; then
	# compiled natively once; javac itself is a JVM program too, run under vmload
	(cd "$IN" && javac -J-XX:-UsePerfData -d classes Main.java) || echo "note: javac failed natively"
	compare64 java java $JAVA_OPTS -cp "$IN/classes" Main
	compare64 javac bash -c 'javac -J-XX:-UsePerfData -d . "$1" && ls *.class && java -XX:-UsePerfData -cp . Main >/dev/null; echo "status $?"' _ "$IN/Main.java"
	nocrash_in 3g java java $JAVA_OPTS -cp "$IN/classes" Main
	# with a heap and code cache that fit in 3 GiB, the JVM runs there too
	compare_in 3g java-small-heap java $JAVA_OPTS -Xmx256m -XX:ReservedCodeCacheSize=64m \
		-XX:CompressedClassSpaceSize=128m -cp "$IN/classes" Main
fi

finish
