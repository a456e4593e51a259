#ifndef ELMAN_COPENBLAS_SHIM_H
#define ELMAN_COPENBLAS_SHIM_H
// OpenBLAS's CBLAS interface (Debian's libopenblas-dev; pkg-config openblas gives the include folder of the
// variant update-alternatives chose) and its openblas_set_num_threads.
#include <cblas.h>
#endif
