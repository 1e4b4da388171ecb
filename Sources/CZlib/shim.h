#ifndef HANGAR_CZLIB_SHIM_H
#define HANGAR_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2 is a macro, which Swift cannot call; windowBits 15 + 16 asks for a gzip
// wrapper (header and CRC) rather than a raw zlib stream.
static inline int hangar_gzip_deflate_init(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

#endif
