/*
 * Minimal QuickJS "libc" layer for NEAR contracts. See quickjs-libc-min.h.
 *
 * Output goes through stdio. Inside a NEAR contract the WASI fd_* imports are
 * replaced by stubs that fail (wasi-stubs.c), so this output is discarded there;
 * it is still useful when the same engine is built natively for debugging.
 */
#include <string.h>
#include "quickjs-libc-min.h"

/* js_get_module_ns is private upstream; our engine edits export it. */
JSValue js_get_module_ns(JSContext *ctx, JSModuleDef *m);

static void print_value(JSContext *ctx, FILE *out, JSValueConst value)
{
    const char *text = JS_ToCString(ctx, value);
    if (text) {
        fputs(text, out);
        JS_FreeCString(ctx, text);
    } else {
        fputs("[exception]", out);
    }
}

static void dump_exception_value(JSContext *ctx, JSValueConst exception)
{
    print_value(ctx, stderr, exception);
    fputc('\n', stderr);
    if (JS_IsError(ctx, exception)) {
        JSValue stack = JS_GetPropertyStr(ctx, exception, "stack");
        if (!JS_IsUndefined(stack)) {
            print_value(ctx, stderr, stack);
            fputc('\n', stderr);
        }
        JS_FreeValue(ctx, stack);
    }
    fflush(stderr);
}

void js_std_dump_error(JSContext *ctx)
{
    JSValue exception = JS_GetException(ctx);
    dump_exception_value(ctx, exception);
    JS_FreeValue(ctx, exception);
}

int js_module_set_import_meta(JSContext *ctx, JSValueConst func_val,
                              JS_BOOL use_realpath, JS_BOOL is_main)
{
    JSModuleDef *m;
    JSAtom name_atom;
    const char *name;
    char *url;
    size_t url_len;
    JSValue meta;

    (void)use_realpath;
    if (JS_VALUE_GET_TAG(func_val) != JS_TAG_MODULE)
        return -1;
    m = JS_VALUE_GET_PTR(func_val);
    name_atom = JS_GetModuleName(ctx, m);
    name = JS_AtomToCString(ctx, name_atom);
    JS_FreeAtom(ctx, name_atom);
    if (!name)
        return -1;

    url_len = strlen(name) + sizeof("file://");
    url = js_malloc(ctx, url_len);
    if (!url) {
        JS_FreeCString(ctx, name);
        return -1;
    }
    if (strchr(name, ':')) {
        pstrcpy(url, url_len, name);
    } else {
        pstrcpy(url, url_len, "file://");
        pstrcat(url, url_len, name);
    }
    JS_FreeCString(ctx, name);

    meta = JS_GetImportMeta(ctx, m);
    if (JS_IsException(meta)) {
        js_free(ctx, url);
        return -1;
    }
    JS_DefinePropertyValueStr(ctx, meta, "url", JS_NewString(ctx, url), JS_PROP_C_W_E);
    JS_DefinePropertyValueStr(ctx, meta, "main", JS_NewBool(ctx, is_main), JS_PROP_C_W_E);
    JS_FreeValue(ctx, meta);
    js_free(ctx, url);
    return 0;
}

static void fail_and_exit(JSContext *ctx)
{
    js_std_dump_error(ctx);
    exit(1);
}

JSValue js_load_module_binary(JSContext *ctx, const uint8_t *buf, size_t buf_len)
{
    JSValue module, result;
    JSModuleDef *m;

    module = JS_ReadObject(ctx, buf, buf_len, JS_READ_OBJ_BYTECODE);
    if (JS_IsException(module))
        fail_and_exit(ctx);
    if (JS_VALUE_GET_TAG(module) != JS_TAG_MODULE) {
        JS_FreeValue(ctx, module);
        JS_ThrowTypeError(ctx, "contract bytecode is not a module (build it with qjsc -m)");
        fail_and_exit(ctx);
    }
    if (JS_ResolveModule(ctx, module) < 0) {
        JS_FreeValue(ctx, module);
        fail_and_exit(ctx);
    }
    if (js_module_set_import_meta(ctx, module, FALSE, TRUE) < 0) {
        JS_FreeValue(ctx, module);
        fail_and_exit(ctx);
    }
    m = JS_VALUE_GET_PTR(module);
    /* JS_EvalFunction consumes the module value. */
    result = JS_EvalFunction(ctx, module);
    if (JS_IsException(result))
        fail_and_exit(ctx);
    JS_FreeValue(ctx, result);
    return js_get_module_ns(ctx, m);
}

void js_std_loop(JSContext *ctx)
{
    JSRuntime *rt = JS_GetRuntime(ctx);
    JSContext *job_ctx;
    int status;

    /* A failing job is reported and the remaining jobs still run: one rejected
       reaction must not silently cancel unrelated ones. */
    for (;;) {
        status = JS_ExecutePendingJob(rt, &job_ctx);
        if (status == 0)
            break;
        if (status < 0)
            js_std_dump_error(job_ctx);
    }
}

static JSValue js_print(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int i;
    (void)this_val;
    for (i = 0; i < argc; i++) {
        if (i != 0)
            fputc(' ', stdout);
        print_value(ctx, stdout, argv[i]);
    }
    fputc('\n', stdout);
    fflush(stdout);
    return JS_UNDEFINED;
}

void js_std_add_helpers(JSContext *ctx, int argc, char **argv)
{
    JSValue global = JS_GetGlobalObject(ctx);
    JSValue console = JS_NewObject(ctx);
    JSValue args = JS_NewArray(ctx);
    int i;

    JS_SetPropertyStr(ctx, console, "log", JS_NewCFunction(ctx, js_print, "log", 1));
    JS_SetPropertyStr(ctx, global, "console", console);
    JS_SetPropertyStr(ctx, global, "print", JS_NewCFunction(ctx, js_print, "print", 1));
    for (i = 0; i < argc; i++)
        JS_SetPropertyUint32(ctx, args, i, JS_NewString(ctx, argv[i]));
    JS_SetPropertyStr(ctx, global, "scriptArgs", args);
    JS_FreeValue(ctx, global);
}

void js_std_init_handlers(JSRuntime *rt)
{
    (void)rt;
}
