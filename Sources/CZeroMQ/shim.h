#ifndef ELMAN_CZEROMQ_SHIM_H
#define ELMAN_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
