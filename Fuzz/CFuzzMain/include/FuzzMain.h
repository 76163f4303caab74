// The entry of `performia-fuzz` (see FuzzMain.c); nothing for Swift to call.
int performia_fuzz_main(int argc, char **argv);
