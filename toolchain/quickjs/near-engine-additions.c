/*
 * Engine functions that near-sdk-js's builder.c calls and QuickJS 2021-03-27 lacks.
 *
 * This file is #included at the end of quickjs.c (see engine-edits.ts) because it
 * needs the engine's private string and BigInt representations.
 */

/* BigInt -> u64. Negative values give 0 and values >= 2^64 give 2^64-1; both
   return -1 without raising, so the caller can report its own error. */
int JS_ToBigUint64(JSContext *ctx, uint64_t *pres, JSValueConst val)
{
#ifdef CONFIG_BIGNUM
    bf_t buf, *a;
    int status;

    a = JS_ToBigInt(ctx, &buf, val);
    if (!a) {
        *pres = 0;
        return -1;
    }
    status = bf_get_uint64(pres, a);
    JS_FreeBigInt(ctx, a, &buf);
    return status == 0 ? 0 : -1;
#else
    *pres = 0;
    JS_ThrowTypeError(ctx, "BigInt is not supported");
    return -1;
#endif
}

/* Number or BigInt -> u64. A Number takes the engine's ordinary 64-bit integer
   conversion (truncating, modulo 2^64, NaN and infinities to 0), reinterpreted
   as unsigned, so -1 becomes 2^64-1. */
int JS_ToUint64Ext(JSContext *ctx, uint64_t *pres, JSValueConst val)
{
    int64_t v;
    int status;

#ifdef CONFIG_BIGNUM
    if (JS_IsBigInt(ctx, val))
        return JS_ToBigUint64(ctx, pres, val);
#endif
    status = JS_ToInt64(ctx, &v, val);
    *pres = (uint64_t)v;
    return status;
}

/* Bytes -> string with one Latin-1 code unit per byte (no UTF-8 decoding). */
JSValue JS_NewStringLenRaw(JSContext *ctx, const char *buf, size_t buf_len)
{
    if (buf_len > JS_STRING_LEN_MAX)
        return JS_ThrowInternalError(ctx, "string too long");
    return js_new_string8(ctx, (const uint8_t *)buf, (int)buf_len);
}

/* String -> its 8-bit storage, one byte per code unit. Returns NULL (length 0)
   when the string holds a code unit above U+00FF. The string stays referenced
   until JS_FreeCString, exactly like JS_ToCStringLen. */
const char *JS_ToCStringLenRaw(JSContext *ctx, size_t *plen, JSValueConst val1)
{
    JSValue val;
    JSString *str;

    if (JS_VALUE_GET_TAG(val1) == JS_TAG_STRING) {
        val = JS_DupValue(ctx, val1);
    } else {
        val = JS_ToString(ctx, val1);
        if (JS_IsException(val))
            goto fail;
    }
    str = JS_VALUE_GET_STRING(val);
    if (str->is_wide_char) {
        JS_FreeValue(ctx, val);
        goto fail;
    }
    if (plen)
        *plen = str->len;
    return (const char *)str->u.str8;
 fail:
    if (plen)
        *plen = 0;
    return NULL;
}
