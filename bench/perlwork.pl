# Compute-bound Perl workload for bench/run.sh: MD5 hex digests, hash
# inserts/lookups/deletes, regex captures and substitutions, about 1 s
# natively. Deterministic: prints counts and a checksum that must be the same
# in every mode (hash order is never printed).
use strict;
use warnings;
use Digest::MD5 qw(md5_hex);

my $n = shift // 320000;
my %h;
my $acc = 0;
my $m = 0;
my $mod = 281474976710656;
for my $i (0 .. $n - 1) {
    my $k = md5_hex(pack("Q<", $i));
    $h{$k} = $i;
    my $line = "id=$i key=$k val=" . ($i * 2654435761 % 1000003);
    if ($line =~ /key=([0-9a-f]{4})[0-9a-f]*([0-9a-f]{2}) val=(\d+)/) {
        $acc = ($acc * 131 + hex($1) + hex($2) + $3) % $mod;
    }
    (my $t = $k) =~ s/[0-7]/x/g;
    $m++ if $t =~ /^x{3}[89a-f]/;
    my $j = int($i * 7 / 11);
    $acc = ($acc + ($h{md5_hex(pack("Q<", $j))} // -1)) % $mod;
    delete $h{md5_hex(pack("Q<", $i - 50000))} if $i >= 50000 && $i % 3 == 0;
}
printf "perlwork %d %d %d %d\n", $n, scalar(keys %h), $m, $acc;
