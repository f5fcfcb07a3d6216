/*
 * fuzz_elf.c - libFuzzer target for the ELF validator (loader/elf_image.c).
 *
 * Build (clang with libFuzzer; the project builds with gcc by default):
 *   CC=clang meson setup build-fuzz -Dfuzz=true && ninja -C build-fuzz tests/elf/fuzz_elf
 * Run, seeded with the generated corpus and a few real binaries:
 *   mkdir -p /tmp/fuzz-elf
 *   build-fuzz/tests/elf/fuzz_elf -max_len=16384 -max_total_time=60 \
 *       /tmp/fuzz-elf build-fuzz/tests/elf/corpus build-fuzz/tests/elf/corpus/aux
 * (libFuzzer writes new inputs into the first directory only; add a few
 * real binaries, e.g. /bin/true, to that one as seeds.)
 *
 * The same function is linked into fuzz_replay (built always, run by
 * `meson test`), which feeds it files and deterministic mutations of them.
 *
 * Besides "no crash, no sanitizer report", each input checks:
 *   - on failure: a non-empty one-line message, and no interpreter string
 *     left allocated;
 *   - on success: the invariants map_object() relies on (every PT_LOAD below
 *     task_size, p_filesz <= p_memsz, congruent offsets, no overlap, ...);
 *   - elf_image_parse_fd() on the same bytes (a memfd) gives the same
 *     answer as elf_image_parse_mem().
 * A broken invariant aborts, which libFuzzer reports as a crash.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "elf_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TASK_SIZE_47 0x7ffffffff000ULL
#define TASK_SIZE_3G 0xc0000000ULL

static void fail(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_elf: invariant broken: %s (err \"%s\")\n", what,
		err ? err : "");
	abort();
}

static void check_ok(const struct elf_image *img, size_t size, uint64_t task)
{
	if (img->fd != -1 || img->file_size != size)
		fail("fd/file_size", NULL);
	if (img->type != ET_EXEC && img->type != ET_DYN)
		fail("accepted e_type", NULL);
	if (img->phnum < 1 || img->phnum > ELF_MAX_PHDRS)
		fail("accepted phnum", NULL);
	if (img->phoff > size ||
	    (uint64_t)img->phnum * sizeof(Elf64_Phdr) > size - img->phoff)
		fail("program headers outside the buffer", NULL);
	if (img->nload < 1 || img->nload > img->phnum)
		fail("nload", NULL);
	if (img->max_align & (img->max_align - 1))
		fail("max_align not a power of two", NULL);
	if (img->exec_stack < EXSTACK_DEFAULT || img->exec_stack > EXSTACK_ENABLE_X)
		fail("exec_stack", NULL);
	if (img->interp && strnlen(img->interp, 4096) >= 4096)
		fail("interp longer than PATH_MAX", NULL);
	int n = 0;

	for (int i = 0; i < img->phnum; i++) {
		const GElf_Phdr *a = &img->phdr[i];

		if (a->p_type != PT_LOAD)
			continue;
		n++;
		if (a->p_filesz > a->p_memsz)
			fail("PT_LOAD p_filesz > p_memsz", NULL);
		if (a->p_vaddr >= task || a->p_memsz > task - a->p_vaddr)
			fail("PT_LOAD beyond task_size", NULL);
		if ((a->p_offset - a->p_vaddr) & 4095)
			fail("PT_LOAD offset and vaddr not congruent", NULL);
		if (a->p_offset + a->p_filesz < a->p_offset)
			fail("PT_LOAD file range wraps", NULL);
		for (int j = i + 1; j < img->phnum && a->p_memsz; j++) {
			const GElf_Phdr *b = &img->phdr[j];

			if (b->p_type == PT_LOAD && b->p_memsz &&
			    a->p_vaddr < b->p_vaddr + b->p_memsz &&
			    b->p_vaddr < a->p_vaddr + a->p_memsz)
				fail("overlapping PT_LOADs accepted", NULL);
		}
	}
	if (n != img->nload)
		fail("nload does not count the PT_LOADs", NULL);
}

static void check_err(const struct elf_image *img, const char *err)
{
	if (!memchr(err, '\0', 512))
		fail("message not NUL-terminated", NULL);
	if (!err[0])
		fail("empty message", err);
	if (strchr(err, '\n'))
		fail("message is not one line", err);
	if (img->interp)
		fail("interp left allocated after a failure", err);
}

/* The fd variant on the same bytes must agree with the memory variant. */
static void check_fd(const uint8_t *data, size_t size, uint64_t task,
		     int r, const struct elf_image *img, const char *err)
{
	struct elf_image fimg;
	char ferr[512];
	int fd = memfd_create("fuzz_elf", MFD_CLOEXEC), fr;
	size_t off = 0;

	if (fd < 0)
		return;		/* no memfd here: skip the comparison */
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);

		if (n <= 0) {
			close(fd);
			return;
		}
		off += (size_t)n;
	}
	memset(&fimg, 0, sizeof fimg);
	ferr[0] = '\0';
	fr = elf_image_parse_fd(&fimg, fd, task, ferr, sizeof ferr);
	if (fr != r) {
		fprintf(stderr, "fuzz_elf: parse_mem %d (\"%s\"), parse_fd %d (\"%s\")\n",
			r, r ? err : "", fr, fr ? ferr : "");
		fail("parse_fd and parse_mem disagree", NULL);
	}
	if (r && strcmp(err, ferr)) {
		fprintf(stderr, "fuzz_elf: mem: %s\nfuzz_elf: fd:  %s\n", err, ferr);
		fail("parse_fd and parse_mem give different messages", NULL);
	}
	if (!r) {
		if (fimg.fd != fd || fimg.type != img->type ||
		    fimg.entry != img->entry || fimg.phnum != img->phnum ||
		    fimg.nload != img->nload || fimg.max_align != img->max_align ||
		    fimg.exec_stack != img->exec_stack ||
		    !fimg.interp != !img->interp ||
		    (img->interp && strcmp(fimg.interp, img->interp)) ||
		    memcmp(fimg.phdr, img->phdr, sizeof(GElf_Phdr) * (size_t)img->phnum))
			fail("parse_fd and parse_mem parse differently", NULL);
	}
	elf_image_free(&fimg);
	close(fd);
}

static void one(const uint8_t *data, size_t size, uint64_t task, int with_fd)
{
	struct elf_image img;
	char err[512];
	int r;

	memset(&img, 0xa5, sizeof img);	/* the parser must not rely on zeroes */
	memset(err, 0, sizeof err);
	r = elf_image_parse_mem(&img, data, size, task, err, sizeof err);
	if (r != 0 && r != -1)
		fail("return value", NULL);
	if (r == 0)
		check_ok(&img, size, task);
	else
		check_err(&img, err);
	if (with_fd)
		check_fd(data, size, task, r, &img, err);
	elf_image_free(&img);
	if (img.interp)
		fail("elf_image_free left interp set", NULL);
	elf_image_free(&img);	/* twice is harmless */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, TASK_SIZE_47, 1);
	one(data, size, TASK_SIZE_3G, 0);
	return 0;
}
