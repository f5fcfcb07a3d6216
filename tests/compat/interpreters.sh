#!/usr/bin/env bash
# Compatibility suite, interpreters: python3 (stdlib, threads, subprocess,
# multiprocessing), perl, tclsh and sqlite3, each a script from a file,
# natively and under vmload (default, legacy, 3g).
. "$(dirname "$0")/lib.sh"

script stdlib.py <<'EOF'
import array, base64, bisect, collections, ctypes, datetime, decimal, fractions
import hashlib, heapq, io, itertools, json, lzma, bz2, math, mmap, os, pickle
import random, re, sqlite3, statistics, struct, tempfile, textwrap, unicodedata, zlib
r = random.Random(42)
data = [r.randrange(10**6) for _ in range(50000)]
print("sorted", sorted(data)[:3], heapq.nlargest(2, data), bisect.bisect(sorted(data), 500000))
print("stats", statistics.mean(data), statistics.median(data))
print("decimal", decimal.Decimal(2).sqrt(), fractions.Fraction(355, 113) - fractions.Fraction(22, 7))
print("math", math.factorial(30), math.comb(40, 20), 2**200 % 10**9 + 7)
blob = json.dumps({"k%d" % i: [i, str(i) * 3] for i in range(2000)}, sort_keys=True).encode()
for mod in (zlib, lzma, bz2):
    c = mod.compress(blob)
    assert mod.decompress(c) == blob
print("codecs", len(blob), hashlib.sha256(zlib.compress(blob, 9)).hexdigest()[:16], zlib.crc32(blob))
print("hashes", hashlib.sha3_256(blob).hexdigest()[:16], hashlib.blake2b(blob).hexdigest()[:16])
print("pickle", hashlib.md5(pickle.dumps(sorted(collections.Counter(data).items())[:500], 4)).hexdigest())
print("re", re.findall(r"(\w)(\d+)", "a12 b3 c456"), re.sub(r"(?i)x+", "-", "aXxbxc"))
print("struct", struct.pack("<IQd", 1, 2**40, 0.5).hex(), array.array("i", range(5)).tobytes().hex())
print("text", textwrap.fill("lorem ipsum " * 8, 30).count("\n"), unicodedata.name("\u00e9"), base64.b85encode(b"vmload"))
print("date", datetime.datetime(2001, 2, 3, 4, 5, 6) + datetime.timedelta(days=400))
print("itertools", list(itertools.islice(itertools.permutations("abcd"), 3)))
db = sqlite3.connect(":memory:")
db.execute("create table t(a, b)")
db.executemany("insert into t values (?, ?)", ((i, i * i) for i in range(10000)))
print("sqlite", db.execute("select count(*), sum(b) % 1000003 from t where a % 3 = 0").fetchone())
libc = ctypes.CDLL(None)
buf = ctypes.create_string_buffer(b"hello ctypes")
print("ctypes", libc.strlen(buf), ctypes.sizeof(ctypes.c_void_p))
# a ctypes callback: a trampoline in writable+executable memory
CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
arr = (ctypes.c_int * 6)(5, 2, 9, 1, 7, 3)
libc.qsort(arr, 6, ctypes.sizeof(ctypes.c_int), CMP(lambda a, b: a[0] - b[0]))
print("qsort", list(arr))
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "f")
    with open(p, "wb") as f:
        f.write(b"\0" * 65536)
    with open(p, "r+b") as f, mmap.mmap(f.fileno(), 0) as m:
        m[100:105] = b"vmmap"
        m.flush()
    with open(p, "rb") as f:
        print("mmap", f.read()[98:107])
anon = mmap.mmap(-1, 1 << 20)
anon[-3:] = b"end"
print("anon mmap", anon[-3:], len(anon))
big = bytearray(64 << 20)
big[::4096] = b"x" * (len(big) // 4096)
print("bigalloc", big.count(b"x"))
EOF

script concurrency.py <<'EOF'
import concurrent.futures, multiprocessing, os, queue, signal, subprocess, sys, threading
def square(n):
    return n * n
def ident(_):
    return os.getpid() != 0
def fill(a):
    for i in range(len(a)):
        a[i] = i * 11
def threads():
    # a queue pipeline, a lock, a barrier; /proc/self/status while they run
    q, results, lock = queue.Queue(), [], threading.Lock()
    barrier = threading.Barrier(5)
    def worker():
        barrier.wait()
        while (item := q.get()) is not None:
            with lock:
                results.append(sum(range(item)))
    ts = [threading.Thread(target=worker) for _ in range(4)]
    [t.start() for t in ts]
    barrier.wait()
    with open("/proc/self/status") as f:
        print([l.strip() for l in f if l.startswith("Threads:")])
    for i in range(2000):
        q.put(i)
    for _ in ts:
        q.put(None)
    [t.join() for t in ts]
    print("threads", len(results), sum(results))
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        print("pool", list(ex.map(square, range(8))))
def processes():
    # pipes, a chain, stdin, exit statuses, a signal
    p1 = subprocess.Popen(["seq", "1", "5000"], stdout=subprocess.PIPE)
    p2 = subprocess.Popen(["sort", "-rn"], stdin=p1.stdout, stdout=subprocess.PIPE)
    p1.stdout.close()
    out = p2.communicate()[0].split()
    print("chain", out[:3], p1.wait(), p2.returncode)
    print("stdin", subprocess.run(["tr", "a-z", "A-Z"], input=b"to upper", capture_output=True).stdout)
    print("exit", subprocess.run([sys.executable, "-c", "import sys; sys.exit(9)"]).returncode)
    p = subprocess.Popen(["sleep", "10"]); p.send_signal(signal.SIGTERM)
    print("signalled", p.wait())
    print("shell", subprocess.check_output("echo $((3 + 4)) | cat", shell=True))
    r, w = os.pipe()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        os.close(r); os.write(w, b"from child %d" % (2 * 21)); os._exit(5)
    os.close(w)
    msg = os.read(r, 100); _, st = os.waitpid(pid, 0)
    print("fork", msg, os.waitstatus_to_exitcode(st))
def multiproc():
    for method in ("fork", "spawn", "forkserver"):
        ctx = multiprocessing.get_context(method)
        sys.stdout.flush()
        with ctx.Pool(2) as pool:
            print("mp", method, pool.map(square, range(10)), all(pool.map(ident, range(4))))
    ctx = multiprocessing.get_context("fork")
    qq = ctx.Queue()
    sys.stdout.flush()
    pr = ctx.Process(target=qq.put, args=("via queue",))
    pr.start(); print("mp queue", qq.get()); pr.join(); print("mp exit", pr.exitcode)
    arr = ctx.Array("i", 4)
    sys.stdout.flush()
    pr = ctx.Process(target=fill, args=(arr,)); pr.start(); pr.join()
    print("mp shared", list(arr))
if __name__ == "__main__":
    threads()
    processes()
    multiproc()
EOF

script script.pl <<'EOF'
use strict; use warnings;
use Digest::SHA qw(sha256_hex); use Digest::MD5 qw(md5_hex);
use POSIX qw(floor strftime); use List::Util qw(sum max shuffle reduce);
use Data::Dumper; use Storable qw(freeze thaw); use File::Temp qw(tempdir);
$Data::Dumper::Sortkeys = 1; $Data::Dumper::Indent = 1;
my %h; $h{$_ % 97} .= chr(65 + $_ % 26) for 1 .. 20000;
print "hash ", scalar(keys %h), " ", sha256_hex(join ",", map { "$_=$h{$_}" } sort { $a <=> $b } keys %h), "\n";
my @w = map { sprintf "%s%03d", ("foo", "bar", "baz")[$_ % 3], $_ * 7 % 1000 } 1 .. 3000;
my @s = sort { $b cmp $a } grep { /^ba[rz]\d*[13579]$/ } @w;
print "sort ", scalar(@s), " $s[0] $s[-1]\n";
(my $t = "The quick brown fox") =~ s/(\w+)/\u\L$1/g; print "regex $t ", join("|", "a1b22c333" =~ /(\d+)/g), "\n";
print "pack ", unpack("H*", pack("NnC a4", 0xdeadbeef, 258, 7, "perl")), "\n";
print "math ", floor(-2.5), " ", sum(1 .. 1000), " ", max(3, 9, 2), " ", reduce { $a * $b } 1 .. 20; print "\n";
print "time ", strftime("%Y-%m-%d %H:%M:%S", gmtime(1000000000)), "\n";
print "md5 ", md5_hex(freeze([1 .. 100])), " ", thaw(freeze({ a => [1, 2] }))->{a}[1], "\n";
print Dumper({ list => [1, 2], nested => { x => "y" } });
# processes: fork + pipe, a command pipe, system, exit status, a signal
pipe(my $r, my $wr) or die;
my $pid = fork // die;
if ($pid == 0) { close $r; print $wr "child says hi\n"; close $wr; exit 7 }
close $wr; my $line = <$r>; waitpid $pid, 0;
print "fork $line", "status ", $? >> 8, "\n";
open my $p, "-|", "seq 1 100 | sort -rn | head -3" or die; print "pipe ", join(",", map { chomp; $_ } <$p>), "\n"; close $p;
system("sh", "-c", "exit 3"); print "system ", $? >> 8, "\n";
my $k = fork // die; if (!$k) { sleep 10; exit 0 } kill "TERM", $k; waitpid $k, 0; print "killed by ", $? & 127, "\n";
# file I/O in a temporary directory, local $/ slurp
my $dir = tempdir(CLEANUP => 1);
open my $f, ">", "$dir/x" or die; print $f "line $_\n" for 1 .. 1000; close $f;
open $f, "<", "$dir/x" or die; my $all = do { local $/; <$f> }; close $f;
print "slurp ", length($all), " ", ($all =~ tr/\n//), "\n";
# threads, when this perl has them
if (eval { require threads; require threads::shared; 1 }) {
	my @th = map { my $n = $_; threads->create(sub { my $s = 0; $s += $_ * $n for 1 .. 100000; $s }) } 1 .. 4;
	print "threads ", join(" ", map { $_->join } @th), "\n";
}
exit 4;
EOF

script script.tcl <<'EOF'
proc fib {n} { if {$n < 2} { return $n }; expr {[fib [expr {$n - 1}]] + [fib [expr {$n - 2}]]} }
puts "fib [fib 22]"
set l {}; for {set i 0} {$i < 20000} {incr i} { lappend l [expr {($i * 7919) % 10007}] }
puts "lsort [lrange [lsort -integer -unique $l] 0 4] [llength $l]"
set d [dict create]; foreach x $l { dict incr d [expr {$x % 10}] }
puts "dict [lsort -stride 2 -integer [dict get $d]]"
puts "string [string map {a A e E} "abracadabra release"] [string reverse hello] [format %08.3f 3.14159]"
puts "regexp [regexp -all -inline {[0-9]+} "a1b22c333"] [regsub -all {o} "foo boo" 0]"
puts "bignum [expr {2**100}] [expr {7 ** 20 % 1000007}]"
puts "clock [clock format 1000000000 -gmt 1 -format {%Y-%m-%d %H:%M:%S}]"
puts "binary [binary encode hex [binary format I2 {1 258}]]"
set f [open "data.txt" w]; for {set i 0} {$i < 500} {incr i} { puts $f "row $i" }; close $f
set f [open "data.txt"]; set n 0; while {[gets $f line] >= 0} { incr n }; close $f; file delete data.txt
puts "file $n"
puts "exec [exec sh -c {seq 1 50 | sort -rn | head -2}]"
set p [open "|tr a-z A-Z" r+]; puts $p "through a pipe"; flush $p; chan close $p write; puts "pipe [gets $p]"; close $p
if {[catch {exec sh -c {exit 3}} msg opts]} { puts "exit [lindex [dict get $opts -errorcode] 2]" }
proc gen {} { yield [info coroutine]; foreach x {a b c} { yield $x }; return done }
coroutine g gen; puts "coroutine [g] [g] [g] [g]"
after 30 { set ::ticked yes }; vwait ::ticked; puts "event loop $::ticked"
exit 2
EOF

script script.sql <<'EOF'
pragma journal_mode = wal;
create table people(id integer primary key, name text, dept integer, salary integer);
create table depts(id integer primary key, title text);
with recursive c(x) as (select 1 union all select x + 1 from c where x < 30000)
insert into people select x, 'p' || x, x % 17, (x * 7919) % 100000 from c;
with recursive c(x) as (select 0 union all select x + 1 from c where x < 16)
insert into depts select x, 'dept ' || x from c;
create index people_dept on people(dept, salary);
select d.title, count(*), sum(p.salary), max(p.salary) from people p join depts d on d.id = p.dept
  group by d.id order by sum(p.salary) desc limit 3;
select name, salary, rank() over (partition by dept order by salary desc) r from people where dept = 3 order by r limit 3;
select json_object('n', count(*), 'avg', round(avg(salary), 2)) from people;
select group_concat(id, ',') from (select id from people where salary between 100 and 400 order by id);
begin; update people set salary = salary + 1 where dept = 5; delete from people where id % 1000 = 0; commit;
select count(*), sum(salary) from people;
pragma integrity_check;
-- a sort larger than the cache, through temporary files
pragma cache_size = 10; pragma temp_store = file;
select sum(x) from (select salary * 31 % 1007 x from people order by name desc, salary);
EOF

if SKIPNAME=python3 have python3; then
	compare python3-stdlib python3 "$IN/stdlib.py"
	compare python3-concurrency python3 "$IN/concurrency.py"
	# fork while another thread is blocked in read(2): natively the read
	# completes into its buffer after the fork
	compare python3-fork-during-blocked-read python3 -c 'import os, threading, time
r, w = os.pipe()
res = []
def reader():
    try:
        res.append(os.read(r, 100))
    except OSError as e:
        res.append(repr(e))
t = threading.Thread(target=reader); t.start()
time.sleep(0.2)   # the thread is now blocked in read(2)
pid = os.fork()
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
os.write(w, b"data after fork")
t.join()
print(res)'
fi
if have perl; then
	compare perl perl "$IN/script.pl"
	# a signal that ends sigsuspend runs its handler first (sigsuspend(2));
	# perl's handler is deferred to the next op, so it prints before "woke"
	compare perl-sigsuspend perl -MPOSIX -e '$| = 1; $SIG{USR1} = sub { print "handler\n" };
sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGUSR1));
if (!fork) { kill "USR1", getppid; exit } wait;
sigsuspend(POSIX::SigSet->new); print "woke\n"'
fi
if have tclsh; then
	compare tclsh tclsh "$IN/script.tcl"
fi
if have sqlite3; then
	# a file database in WAL mode (its -shm index is a shared mapping),
	# then read by a second process, and dumped
	compare sqlite3 bash -c 'sqlite3 db <"$1" && sqlite3 -readonly db "select count(*) from people" && sqlite3 db .dump | sha256sum' _ "$IN/script.sql"
fi

finish
