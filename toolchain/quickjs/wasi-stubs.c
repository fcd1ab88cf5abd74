/*
 * Local definitions of the WASI functions that wasi-libc reaches, so that wasm-ld
 * resolves them inside the module and no `wasi_snapshot_preview1` import remains
 * (NEAR accepts imports from `env` only).
 *
 * wasi-libc calls each WASI function through a symbol named
 * __imported_wasi_snapshot_preview1_<name>; defining that symbol replaces the import.
 * Every function reports ENOTCAPABLE (76): a contract has no clock, no files and no
 * console. proc_exit returns, so wasi-libc's _Exit continues into `unreachable`,
 * which is how an uncaught error during module evaluation ends a contract call.
 */
#include <stdint.h>

#define WASI_ENOTCAPABLE 76

int32_t __imported_wasi_snapshot_preview1_clock_time_get(int32_t clock_id, int64_t precision, int32_t out)
{
    (void)clock_id; (void)precision; (void)out;
    return WASI_ENOTCAPABLE;
}

int32_t __imported_wasi_snapshot_preview1_fd_close(int32_t fd)
{
    (void)fd;
    return WASI_ENOTCAPABLE;
}

int32_t __imported_wasi_snapshot_preview1_fd_fdstat_get(int32_t fd, int32_t out)
{
    (void)fd; (void)out;
    return WASI_ENOTCAPABLE;
}

int32_t __imported_wasi_snapshot_preview1_fd_seek(int32_t fd, int64_t offset, int32_t whence, int32_t out)
{
    (void)fd; (void)offset; (void)whence; (void)out;
    return WASI_ENOTCAPABLE;
}

int32_t __imported_wasi_snapshot_preview1_fd_write(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t out)
{
    (void)fd; (void)iovs; (void)iovs_len; (void)out;
    return WASI_ENOTCAPABLE;
}

void __imported_wasi_snapshot_preview1_proc_exit(int32_t code)
{
    (void)code;
}
