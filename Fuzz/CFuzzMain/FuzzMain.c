// SwiftPM links an executable with `main` aliased to `<module>_main`; this is that function for
// `performia-fuzz`, which hands control to libFuzzer's driver (the Swift module defines the
// LLVMFuzzer* callbacks and has no main of its own).
#include "FuzzMain.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const unsigned char *data, unsigned long size));
int LLVMFuzzerTestOneInput(const unsigned char *data, unsigned long size);

int performia_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
