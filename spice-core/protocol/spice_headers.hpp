#pragma once

// The spice-protocol headers (Debian libspice-protocol-dev): every wire constant and enum
// comes from here. protocol.h declares a zero-length array (a C extension), which
// -Wpedantic rejects in C++; only the constants are used, never its structs.

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#include <spice/enums.h>
#include <spice/protocol.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
