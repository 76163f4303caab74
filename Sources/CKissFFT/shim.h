#define kiss_fft_scalar float
#include <kissfft/kiss_fftr.h>
#include <stdlib.h>
static inline void performia_kiss_fftr_free(kiss_fftr_cfg cfg) { free(cfg); }
