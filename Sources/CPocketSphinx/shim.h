#include <pocketsphinx.h>
#include <sphinxbase/fsg_model.h>
#include <sphinxbase/err.h>
