#pragma once

// The QXL ABI: spice-protocol's <spice/qxl_dev.h> (Debian libspice-protocol-dev), never retyped.
// It declares zero-length arrays (a C extension -Wpedantic rejects in C++); treating this header
// as a system header keeps the build warning-free. Its structs are packed: copy a field into a
// local (or static_cast it) before binding it to a reference.

#pragma GCC system_header

#include <spice/enums.h>
#include <spice/qxl_dev.h>
