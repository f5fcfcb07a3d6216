/*
 * config.c - parse VMLOAD_* settings. Pure: no system calls.
 */
#include "vmload/config.h"

#include <stdlib.h>
#include <string.h>

#include "base.h"

void config_defaults(struct vml_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->aspace = VML_ASPACE_47;
	cfg->legacy = 0;
	cfg->aslr = 1;
	cfg->fault_around = 64 << 10;	/* the kernel's fault_around_bytes */
	cfg->report = 1;
}

const char *config_aspace_name(enum vml_aspace a)
{
	switch (a) {
	case VML_ASPACE_3G:
		return "3g";
	case VML_ASPACE_4G:
		return "4g";
	default:
		return "47";
	}
}

/*
 * strtoull(s, end, 0) without errno (STYLE rule 9): decimal, 0x hex or 0
 * octal; -1 when the number does not fit in 64 bits.
 */
static int parse_u64(const char *s, const char **end, unsigned long long *out)
{
	unsigned base = 10, d;
	unsigned long long v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    ((s[2] >= '0' && s[2] <= '9') || ((s[2] | 0x20) >= 'a' &&
					      (s[2] | 0x20) <= 'f'))) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (;; s++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (unsigned)((*s | 0x20) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, d, &v))
			return -1;
	}
	*end = s;
	*out = v;
	return 0;
}

int config_parse_size(const char *s, uint64_t *out)
{
	const char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!strcmp(s, "unlimited") || !strcmp(s, "infinity")) {
		*out = VML_RLIM_INFINITY;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	if (parse_u64(s, &end, &v) < 0)
		return -1;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case '\0': break;
	default: return -1;
	}
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end != '\0' || (shift && v > (~0ULL >> shift)))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

static int set_bool(int *dst, const char *val)
{
	if (!strcmp(val, "1") || !strcmp(val, "on") || !strcmp(val, "yes")) {
		*dst = 1;
		return 0;
	}
	if (!strcmp(val, "0") || !strcmp(val, "off") || !strcmp(val, "no")) {
		*dst = 0;
		return 0;
	}
	return -1;
}

static int set_layout(struct vml_config *cfg, const char *val)
{
	if (!strcmp(val, "legacy")) {
		cfg->legacy = 1;
		return 0;
	}
	if (!strcmp(val, "topdown") || !strcmp(val, "top-down")) {
		cfg->legacy = 0;
		return 0;
	}
	return -1;
}

static int set_aspace(struct vml_config *cfg, const char *val)
{
	if (!strcmp(val, "3g") || !strcmp(val, "3G"))
		cfg->aspace = VML_ASPACE_3G;
	else if (!strcmp(val, "4g") || !strcmp(val, "4G"))
		cfg->aspace = VML_ASPACE_4G;
	else if (!strcmp(val, "47") || !strcmp(val, "64"))
		cfg->aspace = VML_ASPACE_47;
	else
		return -1;
	return 0;
}

const char *config_place_name(int place)
{
	switch (place) {
	case VML_PLACE_HIGH:
		return "high";
	case VML_PLACE_LOW:
		return "low";
	default:
		return "kernel";
	}
}

static int set_place(struct vml_config *cfg, const char *val)
{
	if (!strcmp(val, "high"))
		cfg->place = VML_PLACE_HIGH;
	else if (!strcmp(val, "low"))
		cfg->place = VML_PLACE_LOW;
	else if (!strcmp(val, "kernel") || !strcmp(val, "") || !strcmp(val, "0"))
		cfg->place = VML_PLACE_KERNEL;
	else
		return -1;
	return 0;
}

const char *config_kernel_name(int kernel)
{
	return kernel == VML_KERNEL_2_6_9 ? "2.6.9" : "current";
}

static int set_kernel(struct vml_config *cfg, const char *val)
{
	if (!strcmp(val, "2.6.9"))
		cfg->kernel = VML_KERNEL_2_6_9;
	else if (!strcmp(val, "6") || !strcmp(val, "current") || !*val)
		cfg->kernel = VML_KERNEL_CURRENT;
	else
		return -1;
	return 0;
}

static const char *const trace_names[] = { "mm", "fault", "syscall", "exec",
					    "signal" };

const char *config_trace_name(unsigned trace, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof trace_names / sizeof trace_names[0]; i++)
		if (trace & (1u << i))
			n += log_fmt(buf + n, cap - n, "%s%s", n ? "," : "",
				     trace_names[i]);
	if (!n)
		log_fmt(buf, cap, "0");
	return buf;
}

static int set_trace(struct vml_config *cfg, const char *val)
{
	unsigned mask = 0;

	if (!strcmp(val, "all") || !strcmp(val, "1")) {
		cfg->trace = VML_TRACE_ALL;
		return 0;
	}
	if (!strcmp(val, "0") || !*val) {
		cfg->trace = 0;
		return 0;
	}
	while (*val) {
		const char *comma = strchr(val, ',');
		size_t len = comma ? (size_t)(comma - val) : strlen(val), i;

		for (i = 0; i < sizeof trace_names / sizeof trace_names[0]; i++)
			if (strlen(trace_names[i]) == len &&
			    !strncmp(val, trace_names[i], len))
				break;
		if (i == sizeof trace_names / sizeof trace_names[0])
			return -1;
		mask |= 1u << i;
		val += len + (comma ? 1 : 0);
	}
	cfg->trace = mask;
	return 0;
}

static int set_path(char *dst, const char *val)
{
	size_t n = strlen(val);

	if (n >= VML_PATH_MAX)
		return -1;
	memcpy(dst, val, n + 1);
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int set_map(struct vml_config *cfg, const char *val)
{
	if (!strcmp(val, "0") || !*val) {
		cfg->map[0] = '\0';
		return 0;
	}
	if (!strcmp(val, "1") || !strcmp(val, "svg"))
		val = "vmload-map.svg";
	else if (strcmp(val, "txt") && !ends_with(val, ".svg") &&
		 !ends_with(val, ".txt") && !ends_with(val, ".maps"))
		return -1;
	return set_path(cfg->map, val);
}

static int set_pid(int *dst, const char *val)
{
	const char *end;
	unsigned long long v;

	if (*val < '0' || *val > '9' || parse_u64(val, &end, &v) < 0 || *end ||
	    v > 0x7fffffff)
		return -1;
	*dst = (int)v;
	return 0;
}

static int set_report(struct vml_config *cfg, const char *val)
{
	if (set_bool(&cfg->report, val) == 0) {
		cfg->report_file[0] = '\0';
		return 0;
	}
	if (!*val)
		return -1;
	cfg->report = 1;
	return set_path(cfg->report_file, val);
}

static int set_seed(struct vml_config *cfg, const char *val)
{
	const char *end;
	unsigned long long v;

	if (*val < '0' || *val > '9')
		return -1;
	if (parse_u64(val, &end, &v) < 0 || *end)
		return -1;
	cfg->seed = v;
	cfg->have_seed = 1;
	return 0;
}

int config_set(struct vml_config *cfg, const char *key, const char *val,
	       char *err, size_t errcap)
{
	int r = -1;
	const char *want = "";

	if (!strcmp(key, "layout")) {
		r = set_layout(cfg, val);
		want = "legacy or topdown";
	} else if (!strcmp(key, "aspace")) {
		r = set_aspace(cfg, val);
		want = "3g, 4g or 47";
	} else if (!strcmp(key, "aslr")) {
		r = set_bool(&cfg->aslr, val);
		want = "0 or 1";
	} else if (!strcmp(key, "seed")) {
		r = set_seed(cfg, val);
		want = "a number";
	} else if (!strcmp(key, "stack")) {
		r = config_parse_size(val, &cfg->stack_rlim);
		cfg->have_stack = r == 0;
		want = "a size such as 8M, 1G or unlimited";
	} else if (!strcmp(key, "stats")) {
		r = set_bool(&cfg->stats, val);
		want = "0 or 1";
	} else if (!strcmp(key, "place")) {
		r = set_place(cfg, val);
		want = "high, low or kernel";
	} else if (!strcmp(key, "kernel")) {
		r = set_kernel(cfg, val);
		want = "6, current or 2.6.9";
	} else if (!strcmp(key, "report")) {
		r = set_report(cfg, val);
		want = "0, 1 or a file name";
	} else if (!strcmp(key, "trace")) {
		r = set_trace(cfg, val);
		want = "a list of mm, fault, syscall, exec, signal, or all";
	} else if (!strcmp(key, "trace_file")) {
		r = set_path(cfg->trace_file, val);
		want = "a file name";
	} else if (!strcmp(key, "map")) {
		r = set_map(cfg, val);
		want = "svg, txt, or a file name ending in .svg or .txt";
	} else if (!strcmp(key, "map_owner")) {
		r = set_pid(&cfg->map_owner, val);
		want = "a process id";
	} else if (!strcmp(key, "fault_around")) {
		r = config_parse_size(val, &cfg->fault_around);
		if (r == 0 && (cfg->fault_around < 4096 ||
			       cfg->fault_around > (1ULL << 30)))
			r = -1;
		want = "a size from 4K to 1G";
	} else {
		log_fmt(err, errcap, "unknown setting '%s'", key);
		return -1;
	}
	if (r < 0)
		log_fmt(err, errcap, "%s: bad value '%s' (expected %s)", key,
			val, want);
	return r;
}

int config_from_env(struct vml_config *cfg, char *const *envp, char *err,
		    size_t errcap)
{
	static const char *const keys[] = { "layout", "aspace", "aslr", "seed",
					    "stack", "fault_around", "stats",
					    "place", "report", "trace",
					    "trace_file", "map", "kernel" };
	static const char *const vars[] = { "VMLOAD_LAYOUT=", "VMLOAD_ASPACE=",
					    "VMLOAD_ASLR=", "VMLOAD_SEED=",
					    "VMLOAD_STACK=",
					    "VMLOAD_FAULT_AROUND=",
					    "VMLOAD_STATS=", "VMLOAD_PLACE=",
					    "VMLOAD_REPORT=", "VMLOAD_TRACE=",
					    "VMLOAD_TRACE_FILE=",
					    "VMLOAD_MAP=", "VMLOAD_KERNEL=" };

	for (; envp && *envp; envp++) {
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			size_t n = strlen(vars[i]);

			if (strncmp(*envp, vars[i], n))
				continue;
			if (config_set(cfg, keys[i], *envp + n, err, errcap) < 0)
				return -1;
		}
	}
	return 0;
}
