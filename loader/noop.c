/*
 * noop.c - stands in for static glibc's optional hooks that the fixed-address
 * link must resolve (tools/link-static.sh): __pthread_initialize_minimal is
 * not part of glibc >= 2.34, so libc_start never finds it; this keeps its
 * weak call in range.
 */
void vml_noop(void);

__attribute__((visibility("default"))) void vml_noop(void)
{
}
