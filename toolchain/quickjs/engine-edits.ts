/**
 * The changes we make to pristine QuickJS 2021-03-27 so that near-sdk-js's builder.c
 * compiles against it for wasm32-wasi. Each edit must match the pristine text exactly
 * once; a mismatch means the sources are not the expected release and the build stops.
 */
export interface SourceEdit {
  file: string;
  /** Exact pristine text; must occur exactly once. */
  find: string;
  replace: string;
  why: string;
}

const BIGINT_LAYOUT = `
#ifdef CONFIG_BIGNUM
/* near-rollback-harness: builder.c does libbf arithmetic directly on BigInt values,
   so the BigInt layout and its accessors are public here (private upstream). */
#include "libbf.h"
typedef struct JSBigFloat {
    JSRefCountHeader header; /* must come first, 32-bit */
    bf_t num;
} JSBigFloat;
JSValue JS_NewBigInt(JSContext *ctx);
static inline bf_t *JS_GetBigInt(JSValueConst val)
{
    JSBigFloat *p = (JSBigFloat *)JS_VALUE_GET_PTR(val);
    return &p->num;
}
int JS_ToBigUint64(JSContext *ctx, uint64_t *pres, JSValueConst val);
#endif
/* near-rollback-harness: conversions near-sdk-js's builder.c relies on. */
int JS_ToUint64Ext(JSContext *ctx, uint64_t *pres, JSValueConst val);
JSValue JS_NewStringLenRaw(JSContext *ctx, const char *buf, size_t buf_len);
const char *JS_ToCStringLenRaw(JSContext *ctx, size_t *plen, JSValueConst val);
JSValue js_get_module_ns(JSContext *ctx, JSModuleDef *m);

#undef js_unlikely`;

export const ENGINE_EDITS: readonly SourceEdit[] = [
  {
    file: 'quickjs.h',
    find: '\n#undef js_unlikely',
    replace: BIGINT_LAYOUT,
    why: 'declare the additions and make the BigInt layout visible to builder.c',
  },
  {
    file: 'quickjs.c',
    find: 'typedef struct JSBigFloat {\n    JSRefCountHeader header; /* must come first, 32-bit */\n    bf_t num;\n} JSBigFloat;\n',
    replace: '/* JSBigFloat is defined in quickjs.h (near-rollback-harness). */\n',
    why: 'the layout now lives in quickjs.h',
  },
  {
    file: 'quickjs.c',
    find: 'static JSValue JS_NewBigInt(JSContext *ctx);\nstatic inline bf_t *JS_GetBigInt(JSValueConst val)\n{\n    JSBigFloat *p = JS_VALUE_GET_PTR(val);\n    return &p->num;\n}\n',
    replace: '/* JS_NewBigInt and JS_GetBigInt are declared in quickjs.h (near-rollback-harness). */\n',
    why: 'JS_GetBigInt is now a public inline in quickjs.h',
  },
  {
    file: 'quickjs.c',
    find: 'static JSValue JS_NewBigInt(JSContext *ctx)\n{',
    replace: 'JSValue JS_NewBigInt(JSContext *ctx)\n{',
    why: 'builder.c creates BigInt values for u128 results',
  },
  {
    file: 'quickjs.c',
    find: 'static JSValue js_get_module_ns(JSContext *ctx, JSModuleDef *m);\n',
    replace: '',
    why: 'declared publicly in quickjs.h',
  },
  {
    file: 'quickjs.c',
    find: 'static JSValue js_get_module_ns(JSContext *ctx, JSModuleDef *m)\n{',
    replace: 'JSValue js_get_module_ns(JSContext *ctx, JSModuleDef *m)\n{',
    why: 'the module loader returns the namespace object the glue looks methods up on',
  },
  {
    file: 'quickjs.c',
    find: '#if !defined(_WIN32)\n/* define it if printf uses the RNDN rounding mode instead of RNDNA */',
    replace: '#if !defined(_WIN32) && !defined(__wasi__)\n/* define it if printf uses the RNDN rounding mode instead of RNDNA */',
    why: 'wasm has only round-to-nearest; wasi-libc defines no FE_UPWARD/FE_DOWNWARD',
  },
  {
    file: 'quickjs.c',
    find: '#if !defined(EMSCRIPTEN)\n#define CONFIG_ATOMICS\n#endif',
    replace: '#if 0 /* near-rollback-harness: no Atomics, in the wasm engine and in qjsc alike */\n#define CONFIG_ATOMICS\n#endif',
    why:
      'Atomics needs OS threads, which a NEAR contract does not have. It must be off in the native qjsc too: ' +
      'it adds predefined atoms, and bytecode from a qjsc with a different atom table fails with "invalid atom index"',
  },
  {
    file: 'quickjs.c',
    find: '#elif defined(EMSCRIPTEN)\n    return 0;\n#elif defined(__linux__)',
    replace: '#elif defined(EMSCRIPTEN) || defined(__wasi__)\n    return 0;\n#elif defined(__linux__)',
    why: 'no malloc_usable_size under WASI; report 0 as for Emscripten',
  },
  {
    file: 'quickjs.c',
    find: '#elif defined(EMSCRIPTEN)\n    NULL,\n#elif defined(__linux__)',
    replace: '#elif defined(EMSCRIPTEN) || defined(__wasi__)\n    NULL,\n#elif defined(__linux__)',
    why: 'no malloc_usable_size under WASI',
  },
  {
    file: 'libbf.c',
    find: '        r->tab[1] = (a1 << shift) | (a0 >> (LIMB_BITS - shift));',
    replace:
      '        /* near-rollback-harness: with shift == 0 the original shifted a0 by 32, which is\n' +
      '           undefined and on wasm32 OR-ed a0 into the high limb (u128 values with bit 63\n' +
      '           of a half set came back wrong). */\n' +
      '        r->tab[1] = shift ? (a1 << shift) | (a0 >> (LIMB_BITS - shift)) : a1;',
    why: 'bf_set_ui corrupted u64 values with bit 63 set on 32-bit limbs',
  },
];

/** Appended to quickjs.c so the additions can use the engine's private internals. */
export const QUICKJS_C_TRAILER = '\n/* near-rollback-harness additions */\n#include "near-engine-additions.c"\n';

export function applyEdits(file: string, source: string): string {
  let result = source;
  for (const edit of ENGINE_EDITS.filter((e) => e.file === file)) {
    const first = result.indexOf(edit.find);
    if (first < 0 || result.indexOf(edit.find, first + 1) >= 0) {
      throw new Error(
        `QuickJS source edit does not apply to ${file} (${edit.why}): the expected text ` +
          `${first < 0 ? 'is missing' : 'occurs more than once'}. Are these the QuickJS 2021-03-27 sources from the npm package qjsc@0.3.0?`,
      );
    }
    result = result.slice(0, first) + edit.replace + result.slice(first + edit.find.length);
  }
  return result;
}
