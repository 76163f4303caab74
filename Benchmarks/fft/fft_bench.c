// KissFFT vs FFTW (single precision, real forward transform), same machine, same run.
// Build: cc -O2 fft_bench.c -o fft_bench -lkissfft-float -lfftw3f -lm   (needs libfftw3-dev)
// Prints median microseconds per transform over 15 rounds for sizes 512..4096 and the ratio.
#define kiss_fft_scalar float
#include <kissfft/kiss_fftr.h>
#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int cmp(const void *a, const void *b) { double x = *(double *)a, y = *(double *)b; return x < y ? -1 : x > y; }

int main(void) {
    int sizes[] = {512, 1024, 2048, 4096};
    printf("size\tkissfft_us\tfftw_us\tkiss/fftw\n");
    for (int s = 0; s < 4; s++) {
        int n = sizes[s], reps = 20000;
        float *in = fftwf_malloc(sizeof(float) * n);
        for (int i = 0; i < n; i++) in[i] = (float)rand() / RAND_MAX - 0.5f;
        kiss_fftr_cfg cfg = kiss_fftr_alloc(n, 0, NULL, NULL);
        kiss_fft_cpx *kout = malloc(sizeof(kiss_fft_cpx) * (n / 2 + 1));
        fftwf_complex *fout = fftwf_malloc(sizeof(fftwf_complex) * (n / 2 + 1));
        fftwf_plan plan = fftwf_plan_dft_r2c_1d(n, in, fout, FFTW_MEASURE);
        for (int i = 0; i < n; i++) in[i] = (float)rand() / RAND_MAX - 0.5f;
        double tk[15], tf[15];
        for (int r = 0; r < 15; r++) {
            double t0 = now();
            for (int i = 0; i < reps; i++) kiss_fftr(cfg, in, kout);
            double t1 = now();
            for (int i = 0; i < reps; i++) fftwf_execute(plan);
            double t2 = now();
            tk[r] = (t1 - t0) / reps * 1e6; tf[r] = (t2 - t1) / reps * 1e6;
        }
        qsort(tk, 15, sizeof(double), cmp); qsort(tf, 15, sizeof(double), cmp);
        printf("%d\t%.2f\t%.2f\t%.2f\n", n, tk[7], tf[7], tk[7] / tf[7]);
    }
    return 0;
}
