#ifndef C_ALLOCATION_COUNTER_H
#define C_ALLOCATION_COUNTER_H
#include <stdint.h>

/// Starts counting heap allocations made by the calling thread (resets its count).
void performia_allocation_counting_begin(void);
/// Stops counting on the calling thread and returns the number of malloc/calloc/realloc/
/// memalign calls it made since performia_allocation_counting_begin.
int64_t performia_allocation_counting_end(void);

#endif
