// A thread-local heap-allocation counter for tests. It interposes malloc and friends in the
// test executable (definitions in the executable take precedence over libc's) and forwards to
// glibc's __libc_* entry points. Counting is per thread, so tests running in parallel on other
// threads do not disturb a measurement. ordo-one/malloc-interposer counts process-wide and
// needs LD_PRELOAD on Linux, which is why the project carries these few lines instead.
#define _GNU_SOURCE
#include "CAllocationCounter.h"
#include <stddef.h>
#include <errno.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static __thread int counting = 0;
static __thread int64_t count = 0;

void performia_allocation_counting_begin(void) { count = 0; counting = 1; }
int64_t performia_allocation_counting_end(void) { counting = 0; return count; }

void *malloc(size_t size) { if (counting) count++; return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { if (counting) count++; return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { if (counting) count++; return __libc_realloc(p, size); }
void free(void *p) { __libc_free(p); }
void *memalign(size_t alignment, size_t size) { if (counting) count++; return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { if (counting) count++; return __libc_memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    if (counting) count++;
    void *p = __libc_memalign(alignment, size);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
