#!/bin/sh
# Link vmload as a static ET_EXEC at a fixed address far from every guest
# layout, so the seccomp filter can exempt exactly the runtime's text and stay
# right across guest execve (DESIGN D3, D9). The objects are compiled -fPIE;
# crtbeginS/crtendS replace crtbeginT/crtend, whose absolute relocations do
# not reach that high.
#   link-static.sh CC TEXT_BASE OUTPUT ARCHIVES...
set -eu
cc=$1 base=$2 out=$3
shift 3
f() { "$cc" -print-file-name="$1"; }
exec "$cc" -static -no-pie -nostdlib -Wl,--no-relax \
	-Wl,-Ttext-segment="$base" \
	-Wl,-u,__call_tls_dtors -Wl,-u,__pthread_unwind -Wl,-u,__cxa_finalize \
	-Wl,--defsym=__pthread_initialize_minimal=vml_noop \
	-Wl,-z,noexecstack -Wl,--eh-frame-hdr \
	"$(f crt1.o)" "$(f crti.o)" "$(f crtbeginS.o)" \
	-Wl,-u,main -Wl,--start-group "$@" -ldw -lelf -lz -lbz2 -llzma \
	-lc -lgcc -lgcc_eh -Wl,--end-group \
	"$(f crtendS.o)" "$(f crtn.o)" -o "$out"
