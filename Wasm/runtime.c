// The bits of libc the wasm32 build needs (there is no libc there). The heap: malloc/free/calloc/realloc/posix_memalign with
// size classes of powers of two (16 B … 1 GiB), a free list per class, and a bump pointer that
// grows linear memory with memory.grow. Blocks keep a 16-byte header holding their class, so
// alignment up to 16 is natural; larger alignments over-allocate. Also memcpy/memmove/memset/
// memcmp, which the compiler emits calls to, and the rounding functions Swift's `rounded()` calls
// (wasm has floor/ceil/trunc instructions; round is built on trunc). Small, not fast — the real-time path allocates
// nothing after prepare, so the allocator only serves prepare and offline analysis.
#include <stddef.h>
#include <stdint.h>

extern unsigned char __heap_base;
static uintptr_t bump = 0, limit = 0;
static void *free_lists[32];

static int size_class(size_t size) {
    int c = 4;
    while (((size_t)1 << c) < size + 16) c++;
    return c;
}

static void *grab(size_t bytes) {
    if (!bump) { bump = ((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15; limit = __builtin_wasm_memory_size(0) * 65536; }
    if (bump + bytes > limit) {
        size_t pages = (bump + bytes - limit + 65535) / 65536;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return 0;
        limit += pages * 65536;
    }
    void *p = (void *)bump;
    bump += bytes;
    return p;
}

void *malloc(size_t size) {
    int c = size_class(size);
    if (c > 30) return 0;
    uint32_t *block = free_lists[c];
    if (block) free_lists[c] = *(void **)(block + 4);
    else if (!(block = grab((size_t)1 << c))) return 0;
    block[0] = (uint32_t)c;
    return block + 4;
}

void free(void *p) {
    if (!p) return;
    uint32_t *block = (uint32_t *)p - 4;
    int c = (int)block[0];
    *(void **)(block + 4) = free_lists[c];
    free_lists[c] = block;
}

void *memcpy(void *dst, const void *src, size_t n) {
    unsigned char *d = dst; const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    unsigned char *d = dst; const unsigned char *s = src;
    if (d < s) { while (n--) *d++ = *s++; }
    else { d += n; s += n; while (n--) *--d = *--s; }
    return dst;
}

void *memset(void *dst, int value, size_t n) {
    unsigned char *d = dst;
    while (n--) *d++ = (unsigned char)value;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) if (*x != *y) return *x - *y;
    return 0;
}

void *calloc(size_t count, size_t size) {
    size_t bytes = count * size;
    if (size && bytes / size != count) return 0;
    void *p = malloc(bytes);
    if (p) memset(p, 0, bytes);
    return p;
}

void *realloc(void *p, size_t size) {
    if (!p) return malloc(size);
    uint32_t *block = (uint32_t *)p - 4;
    size_t capacity = ((size_t)1 << block[0]) - 16;
    if (size <= capacity) return p;
    void *q = malloc(size);
    if (q) { memcpy(q, p, capacity); free(p); }
    return q;
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment <= 16) { *out = malloc(size); return *out ? 0 : 12; }
    // Over-allocate and keep a header that frees the original block.
    void *raw = malloc(size + alignment + 16);
    if (!raw) return 12;
    uintptr_t aligned = ((uintptr_t)raw + 16 + alignment - 1) & ~(uintptr_t)(alignment - 1);
    uint32_t *header = (uint32_t *)aligned - 4;
    // Make free(aligned) work: copy the class of a block exactly covering [aligned-16, ...) is not
    // possible, so leak-proofing is traded for simplicity: aligned allocations are never freed.
    header[0] = 31;
    *out = (void *)aligned;
    return 0;
}

double floor(double x) { return __builtin_floor(x); }
double ceil(double x) { return __builtin_ceil(x); }
double trunc(double x) { return __builtin_trunc(x); }
double round(double x) {
    double t = __builtin_trunc(x);
    if (__builtin_fabs(x - t) >= 0.5) t += __builtin_copysign(1.0, x);
    return t;
}
float floorf(float x) { return __builtin_floorf(x); }
float ceilf(float x) { return __builtin_ceilf(x); }
float truncf(float x) { return __builtin_truncf(x); }
float roundf(float x) {
    float t = __builtin_truncf(x);
    if (__builtin_fabsf(x - t) >= 0.5f) t += __builtin_copysignf(1.0f, x);
    return t;
}
