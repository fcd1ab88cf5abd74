/*
 * Minimal QuickJS "libc" layer for NEAR contracts (wasm32-wasi, no OS).
 *
 * near-sdk-js's builder.c includes this header instead of upstream's quickjs-libc.h,
 * whose os/std modules (workers, popen, timers, dynamic modules) cannot work inside
 * a NEAR contract. Written for near-rollback-harness; see toolchain/README.md.
 */
#ifndef NEAR_QUICKJS_LIBC_MIN_H
#define NEAR_QUICKJS_LIBC_MIN_H

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include "quickjs.h"
/* builder.c uses cutils' TRUE/FALSE and helpers. */
#include "cutils.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads module bytecode produced by `qjsc -m`, links and evaluates it, and returns
   its namespace object. Any failure prints the exception and exits: inside a NEAR
   contract that exit ends in an `unreachable` trap. */
JSValue js_load_module_binary(JSContext *ctx, const uint8_t *buf, size_t buf_len);

/* Runs pending jobs (promise reactions) until none remain. No timers, no I/O. */
void js_std_loop(JSContext *ctx);

/* Prints the pending exception (and the stack of Error objects) to stderr. */
void js_std_dump_error(JSContext *ctx);

/* Sets import.meta.url ("file://" + module name unless it has a scheme) and
   import.meta.main. There is no realpath under WASI, so use_realpath is ignored. */
int js_module_set_import_meta(JSContext *ctx, JSValueConst func_val,
                              JS_BOOL use_realpath, JS_BOOL is_main);

/* console.log, print and scriptArgs, writing to stdout. */
void js_std_add_helpers(JSContext *ctx, int argc, char **argv);

/* Kept for source compatibility with quickjs-libc; there are no handlers to set up. */
void js_std_init_handlers(JSRuntime *rt);

#ifdef __cplusplus
}
#endif

#endif /* NEAR_QUICKJS_LIBC_MIN_H */
