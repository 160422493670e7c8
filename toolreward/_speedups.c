/*
 * toolreward._speedups: the optional compiled core of the tool_n1 and strict presets.
 *
 * tool_n1_judge(text, gold) and strict_judge(text, gold) return True only when they
 * can prove that the pure-Python scorer (toolreward/presets/tool_n1.py, or
 * toolreward/presets/strict.py with default options and no tools) gives reward 1,
 * and False only when they can prove that it reads a structurally valid response
 * whose calls differ from the ground truth (reward 0, format_ok, not calls_ok);
 * None otherwise.  `gold` is the ground truth as a list of (name, key) pairs:
 * typed keys for tool_n1 (match.typed_gold), canonical keys for strict
 * (match.canonical_gold).  Anything the core does not fully handle (floats outside
 * [1e-4, 1e16), integers of over 18 digits, lone surrogate escapes, deep nesting,
 * repeated keys, whitespace outside JSON's four, any format failure) gives None,
 * and the caller then runs the Python scorer, which decides and explains.  So a
 * verdict never depends on whether this module was built.
 *
 * A typed key is the compact JSON that msgspec's Encoder(order="sorted") writes
 * for the decoded value: object members sorted by code point (UTF-8 byte order),
 * strings as UTF-8 with only '"', '\' and control characters escaped (\b \t \n
 * \f \r, else \u00xx), integers in decimal, floats as Python's repr (which
 * msgspec's output equals for 1e-4 <= |x| < 1e16 and for zeros;
 * tests/test_native.py checks this), true, false, null.  A canonical key is the
 * same with every integral float written as its integer (1.0 as 1, -0.0 as 0), so
 * two keys are equal exactly when the strict rule calls the values equal
 * (canonical.canon_key).
 *
 * Every scan is linear in the text (each tag search compares a fixed-length
 * pattern at each position); nesting is bounded by MAX_NEST.
 */
#define _GNU_SOURCE /* memrchr, where the C library has it */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NEST 64
#define MAX_MEMBERS 64
#define MAX_CALLS 64
#define MAX_INT_DIGITS 18
#define MAX_NUMBER_CHARS 40

typedef struct {
    char *buf;
    Py_ssize_t len;
    Py_ssize_t cap;
    int heap; /* buf was malloc'd (it starts on the caller's stack) */
} Out;

typedef struct {
    const char *s;
    Py_ssize_t n;
    Py_ssize_t i;
    Out out;       /* typed (or canonical) keys */
    Out keys;      /* decoded object keys and names */
    int canonical; /* numbers spelled as strict equality sees them (see enc_number) */
} Ctx;

static int grow(Out *o, Py_ssize_t need) {
    if (o->len + need <= o->cap) return 1;
    Py_ssize_t cap = o->cap * 2 + need + 64;
    char *buf = (char *)malloc((size_t)cap);
    if (buf == NULL) return 0;
    memcpy(buf, o->buf, (size_t)o->len);
    if (o->heap) free(o->buf);
    o->buf = buf;
    o->cap = cap;
    o->heap = 1;
    return 1;
}

static int put(Out *o, const char *src, Py_ssize_t k) {
    if (!grow(o, k)) return 0;
    memcpy(o->buf + o->len, src, (size_t)k);
    o->len += k;
    return 1;
}

static void skip_ws(Ctx *c) {
    while (c->i < c->n) {
        char ch = c->s[c->i];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') break;
        c->i++;
    }
}

static int hex4(const char *s, unsigned *value) {
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char h = s[k];
        v <<= 4;
        if (h >= '0' && h <= '9') v |= (unsigned)(h - '0');
        else if (h >= 'a' && h <= 'f') v |= (unsigned)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') v |= (unsigned)(h - 'A' + 10);
        else return 0;
    }
    *value = v;
    return 1;
}

static int put_utf8(Out *o, unsigned cp) {
    char b[4];
    Py_ssize_t k;
    if (cp < 0x80) { b[0] = (char)cp; k = 1; }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | (cp >> 6)); b[1] = (char)(0x80 | (cp & 0x3F)); k = 2; }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); k = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18)); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); k = 4;
    }
    return put(o, b, k);
}

/* A JSON string token, decoded to UTF-8 and appended to `dst`. */
static int decode_string(Ctx *c, Out *dst) {
    if (c->i >= c->n || c->s[c->i] != '"') return 0;
    Py_ssize_t j = c->i + 1, run = j;
    for (;;) {
        if (j >= c->n) return 0;
        unsigned char ch = (unsigned char)c->s[j];
        if (ch == '"') break;
        if (ch < 0x20) return 0; /* a raw control character: not JSON */
        if (ch != '\\') { j++; continue; }
        if (!put(dst, c->s + run, j - run) || j + 1 >= c->n) return 0;
        char e = c->s[j + 1];
        const char *one = NULL;
        switch (e) {
            case '"': one = "\""; break;
            case '\\': one = "\\"; break;
            case '/': one = "/"; break;
            case 'b': one = "\b"; break;
            case 'f': one = "\f"; break;
            case 'n': one = "\n"; break;
            case 'r': one = "\r"; break;
            case 't': one = "\t"; break;
            case 'u': break;
            default: return 0;
        }
        if (one != NULL) {
            if (!put(dst, one, 1)) return 0;
            j += 2;
        } else {
            unsigned cp, low;
            if (j + 6 > c->n || !hex4(c->s + j + 2, &cp)) return 0;
            j += 6;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return 0; /* lone low surrogate */
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (j + 6 > c->n || c->s[j] != '\\' || c->s[j + 1] != 'u' ||
                    !hex4(c->s + j + 2, &low) || low < 0xDC00 || low > 0xDFFF)
                    return 0; /* lone high surrogate */
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                j += 6;
            }
            if (!put_utf8(dst, cp)) return 0;
        }
        run = j;
    }
    if (!put(dst, c->s + run, j - run)) return 0;
    c->i = j + 1;
    return 1;
}

/* UTF-8 bytes as msgspec writes a string, quotes included. */
static int put_escaped(Out *o, const char *s, Py_ssize_t n) {
    static const char hex[] = "0123456789abcdef";
    if (!put(o, "\"", 1)) return 0;
    Py_ssize_t run = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)s[k];
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        if (!put(o, s + run, k - run)) return 0;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        Py_ssize_t len = 2;
        switch (ch) {
            case '"': esc[1] = '"'; break;
            case '\\': esc[1] = '\\'; break;
            case '\b': esc[1] = 'b'; break;
            case '\t': esc[1] = 't'; break;
            case '\n': esc[1] = 'n'; break;
            case '\f': esc[1] = 'f'; break;
            case '\r': esc[1] = 'r'; break;
            default:
                esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
                esc[4] = hex[ch >> 4]; esc[5] = hex[ch & 15]; len = 6;
        }
        if (!put(o, esc, len)) return 0;
        run = k + 1;
    }
    return put(o, s + run, n - run) && put(o, "\"", 1);
}

static int enc_string(Ctx *c) {
    /* Without escapes the token is already msgspec's spelling: copy it. */
    Py_ssize_t j = c->i + 1;
    while (j < c->n) {
        unsigned char ch = (unsigned char)c->s[j];
        if (ch == '"' || ch == '\\' || ch < 0x20) break;
        j++;
    }
    if (j < c->n && c->s[j] == '"') {
        Py_ssize_t start = c->i;
        c->i = j + 1;
        return put(&c->out, c->s + start, j + 1 - start);
    }
    Py_ssize_t mark = c->keys.len;
    int ok = decode_string(c, &c->keys) &&
             put_escaped(&c->out, c->keys.buf + mark, c->keys.len - mark);
    c->keys.len = mark;
    return ok;
}

/* Is this float token already what repr() writes for its value?  True for
 * -?(0|[1-9][0-9]*).[0-9]+ with no trailing zero in the fraction (except a lone
 * "0"), at most 15 significant digits, and a value in [1e-4, 1e16) or zero.
 * Why: a decimal of at most 15 significant digits is recovered from its double
 * by rounding to 15 digits (DBL_DIG), so no shorter or other equally short
 * decimal reads as the same double, and repr() writes the shortest one, in
 * this fixed notation inside that range. */
static int is_repr(const char *t, Py_ssize_t n) {
    Py_ssize_t k = 0;
    if (k < n && t[k] == '-') k++;
    Py_ssize_t int_start = k;
    while (k < n && t[k] >= '0' && t[k] <= '9') k++;
    Py_ssize_t int_len = k - int_start;
    if (int_len == 0 || k >= n || t[k] != '.') return 0;
    Py_ssize_t frac_start = ++k;
    while (k < n && t[k] >= '0' && t[k] <= '9') k++;
    Py_ssize_t frac_len = k - frac_start;
    if (k != n || frac_len == 0) return 0; /* an exponent, or nothing after '.' */
    if (t[n - 1] == '0' && frac_len > 1) return 0; /* trailing zero: 1.50 */
    if (int_len > 16) return 0;
    int zero_int = int_len == 1 && t[int_start] == '0';
    if (zero_int) {
        Py_ssize_t lead = 0;
        while (lead < frac_len && t[frac_start + lead] == '0') lead++;
        if (lead == frac_len) return 1; /* 0.0 or -0.0 */
        if (lead > 3) return 0;         /* below 1e-4: repr uses an exponent */
        return frac_len - lead <= 15;
    }
    /* significant digits: the integer part, then the fraction up to its last non-zero */
    Py_ssize_t last = frac_len;
    while (last > 0 && t[frac_start + last - 1] == '0') last--;
    Py_ssize_t sig = int_len + last;
    if (last == 0) { /* x.0: trailing zeros of the integer part are not significant */
        Py_ssize_t z = int_len;
        while (z > 1 && t[int_start + z - 1] == '0') z--;
        sig = z;
    }
    return sig <= 15;
}

static int enc_number(Ctx *c) {
    Py_ssize_t start = c->i, j = c->i;
    if (j < c->n && c->s[j] == '-') j++;
    Py_ssize_t digits = j;
    while (j < c->n && c->s[j] >= '0' && c->s[j] <= '9') j++;
    Py_ssize_t count = j - digits;
    if (count == 0 || (c->s[digits] == '0' && count > 1)) return 0; /* "-", "01" */
    int is_float = 0;
    if (j < c->n && c->s[j] == '.') {
        is_float = 1;
        Py_ssize_t f = ++j;
        while (j < c->n && c->s[j] >= '0' && c->s[j] <= '9') j++;
        if (j == f) return 0;
    }
    if (j < c->n && (c->s[j] == 'e' || c->s[j] == 'E')) {
        is_float = 1;
        j++;
        if (j < c->n && (c->s[j] == '+' || c->s[j] == '-')) j++;
        Py_ssize_t e = j;
        while (j < c->n && c->s[j] >= '0' && c->s[j] <= '9') j++;
        if (j == e) return 0;
    }
    c->i = j;
    if (!is_float) {
        if (count > MAX_INT_DIGITS) return 0;
        if (count == 1 && c->s[digits] == '0') return put(&c->out, "0", 1); /* -0 is 0 */
        return put(&c->out, c->s + start, j - start);
    }
    if (is_repr(c->s + start, j - start)) {
        /* repr's spelling of an integral value is "X.0", X exact (at most 15 significant
         * digits below 1e16); the canonical key writes it as the integer X, "-0.0" as 0 */
        Py_ssize_t len = j - start;
        if (c->canonical && c->s[j - 1] == '0' && c->s[j - 2] == '.') {
            Py_ssize_t int_start = c->s[start] == '-' ? start + 1 : start;
            if (j - 2 - int_start == 1 && c->s[int_start] == '0') return put(&c->out, "0", 1);
            return put(&c->out, c->s + start, len - 2);
        }
        return put(&c->out, c->s + start, len);
    }
    char text[MAX_NUMBER_CHARS + 1];
    if (j - start > MAX_NUMBER_CHARS) return 0;
    memcpy(text, c->s + start, (size_t)(j - start));
    text[j - start] = '\0';
    char *end = NULL;
    double x = PyOS_string_to_double(text, &end, NULL);
    if (x == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    if (end != text + (j - start) || !isfinite(x)) return 0;
    double mag = fabs(x);
    if (x != 0.0 && (mag < 1e-4 || mag >= 1e16)) return 0;
    if (c->canonical && x == floor(x)) { /* exact below 1e16: the integer's digits */
        char digits_text[24];
        int k = snprintf(digits_text, sizeof digits_text, "%.0f", x == 0.0 ? 0.0 : x);
        return k > 0 && put(&c->out, digits_text, k);
    }
    char *repr = PyOS_double_to_string(x, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
    if (repr == NULL) {
        PyErr_Clear();
        return 0;
    }
    int ok = put(&c->out, repr, (Py_ssize_t)strlen(repr));
    PyMem_Free(repr);
    return ok;
}

static int enc_literal(Ctx *c, const char *word, Py_ssize_t k) {
    if (c->n - c->i < k || memcmp(c->s + c->i, word, (size_t)k) != 0) return 0;
    c->i += k;
    return put(&c->out, word, k);
}

/* After an item of an array or object: 1 when another follows (its ',' consumed),
 * 0 when `close` ends the container (consumed), -1 for anything else. */
static int next_item(Ctx *c, char close) {
    skip_ws(c);
    if (c->i >= c->n) return -1;
    if (c->s[c->i] == close) {
        c->i++;
        return 0;
    }
    if (c->s[c->i] != ',') return -1;
    c->i++;
    skip_ws(c);
    return 1;
}

static int enc_value(Ctx *c, int depth);

static int enc_array(Ctx *c, int depth) {
    c->i++; /* [ */
    if (!put(&c->out, "[", 1)) return 0;
    skip_ws(c);
    if (c->i < c->n && c->s[c->i] == ']') {
        c->i++;
        return put(&c->out, "]", 1);
    }
    for (;;) {
        if (!enc_value(c, depth + 1)) return 0;
        int more = next_item(c, ']');
        if (more < 0) return 0;
        if (more == 0) return put(&c->out, "]", 1);
        if (!put(&c->out, ",", 1)) return 0;
    }
}

typedef struct {
    Py_ssize_t key; /* decoded, in c->keys */
    Py_ssize_t key_len;
    Py_ssize_t value; /* encoded, in c->out */
    Py_ssize_t value_len;
} Member;

static int key_cmp(const char *k, const Member *a, const Member *b) {
    Py_ssize_t m = a->key_len < b->key_len ? a->key_len : b->key_len;
    int r = memcmp(k + a->key, k + b->key, (size_t)m);
    if (r != 0) return r;
    return (a->key_len > b->key_len) - (a->key_len < b->key_len);
}

/* Members are encoded in input order, then rewritten sorted by key through a copy. */
static int enc_object(Ctx *c, int depth) {
    Member members[MAX_MEMBERS];
    int count = 0;
    Py_ssize_t begin = c->out.len, keys_mark = c->keys.len;
    c->i++; /* { */
    skip_ws(c);
    if (c->i < c->n && c->s[c->i] == '}') {
        c->i++;
        return put(&c->out, "{}", 2);
    }
    for (;;) {
        if (count == MAX_MEMBERS) return 0;
        Member *m = &members[count++];
        m->key = c->keys.len;
        if (!decode_string(c, &c->keys)) return 0;
        m->key_len = c->keys.len - m->key;
        skip_ws(c);
        if (c->i >= c->n || c->s[c->i] != ':') return 0;
        c->i++;
        skip_ws(c);
        m->value = c->out.len;
        if (!enc_value(c, depth + 1)) return 0;
        m->value_len = c->out.len - m->value;
        int more = next_item(c, '}');
        if (more < 0) return 0;
        if (more == 0) break;
    }
    for (int a = 1; a < count; a++) { /* insertion sort: few members */
        Member m = members[a];
        int b = a - 1;
        while (b >= 0 && key_cmp(c->keys.buf, &members[b], &m) > 0) {
            members[b + 1] = members[b];
            b--;
        }
        members[b + 1] = m;
    }
    for (int a = 1; a < count; a++)
        if (key_cmp(c->keys.buf, &members[a - 1], &members[a]) == 0) return 0; /* repeated */
    Py_ssize_t values_len = c->out.len - begin;
    char small[1024];
    char *copy = values_len <= (Py_ssize_t)sizeof small ? small : (char *)malloc((size_t)values_len);
    if (copy == NULL) return 0;
    memcpy(copy, c->out.buf + begin, (size_t)values_len);
    c->out.len = begin;
    int ok = put(&c->out, "{", 1);
    for (int a = 0; ok && a < count; a++) {
        ok = (a == 0 || put(&c->out, ",", 1)) &&
             put_escaped(&c->out, c->keys.buf + members[a].key, members[a].key_len) &&
             put(&c->out, ":", 1) &&
             put(&c->out, copy + (members[a].value - begin), members[a].value_len);
    }
    if (copy != small) free(copy);
    c->keys.len = keys_mark;
    return ok && put(&c->out, "}", 1);
}

static int enc_value(Ctx *c, int depth) {
    if (depth > MAX_NEST || c->i >= c->n) return 0;
    char ch = c->s[c->i];
    if (ch == '{') return enc_object(c, depth);
    if (ch == '[') return enc_array(c, depth);
    if (ch == '"') return enc_string(c);
    if (ch == 't') return enc_literal(c, "true", 4);
    if (ch == 'f') return enc_literal(c, "false", 5);
    if (ch == 'n') return enc_literal(c, "null", 4);
    if (ch == '-' || (ch >= '0' && ch <= '9')) return enc_number(c);
    return 0;
}

/* First index >= from of pat in s[0:n], or -1: a fixed-length compare per candidate. */
static Py_ssize_t find(const char *s, Py_ssize_t n, Py_ssize_t from, const char *pat) {
    Py_ssize_t m = (Py_ssize_t)strlen(pat);
    for (Py_ssize_t i = from; i + m <= n; i++) {
        const char *hit = (const char *)memchr(s + i, pat[0], (size_t)(n - m + 1 - i));
        if (hit == NULL) return -1;
        i = hit - s;
        if (memcmp(s + i, pat, (size_t)m) == 0) return i;
    }
    return -1;
}

static Py_ssize_t rfind(const char *s, Py_ssize_t n, const char *pat) {
    Py_ssize_t m = (Py_ssize_t)strlen(pat);
#ifdef __GLIBC__
    Py_ssize_t end = n - m + 1; /* candidates start below end */
    while (end > 0) {
        const char *hit = (const char *)memrchr(s, pat[0], (size_t)end);
        if (hit == NULL) return -1;
        Py_ssize_t i = hit - s;
        if (memcmp(s + i, pat, (size_t)m) == 0) return i;
        end = i;
    }
    return -1;
#else
    for (Py_ssize_t i = n - m; i >= 0; i--)
        if (s[i] == pat[0] && memcmp(s + i, pat, (size_t)m) == 0) return i;
    return -1;
#endif
}

/* One call object: its decoded name (in c->keys) and its arguments' typed key (in c->out). */
typedef struct {
    Py_ssize_t name;
    Py_ssize_t name_len;
    Py_ssize_t args;
    Py_ssize_t args_len;
} Call;

/* strict: only "name" and "arguments", a non-empty name and an object of arguments */
static int read_call_as(Ctx *c, Call *call, int strict) {
    int have_name = 0, have_args = 0;
    if (c->i >= c->n || c->s[c->i] != '{') return 0;
    c->i++;
    skip_ws(c);
    for (;;) {
        Py_ssize_t key = c->keys.len;
        if (!decode_string(c, &c->keys)) return 0; /* also refuses "{}" */
        Py_ssize_t key_len = c->keys.len - key;
        int is_name = key_len == 4 && memcmp(c->keys.buf + key, "name", 4) == 0;
        int is_args = key_len == 9 && memcmp(c->keys.buf + key, "arguments", 9) == 0;
        c->keys.len = key;
        skip_ws(c);
        if (c->i >= c->n || c->s[c->i] != ':') return 0;
        c->i++;
        skip_ws(c);
        if (is_name) {
            if (have_name || c->i >= c->n || c->s[c->i] != '"') return 0;
            call->name = c->keys.len;
            if (!decode_string(c, &c->keys)) return 0;
            call->name_len = c->keys.len - call->name;
            if (strict && call->name_len == 0) return 0;
            have_name = 1;
        } else if (is_args) {
            if (have_args || (strict && (c->i >= c->n || c->s[c->i] != '{'))) return 0;
            call->args = c->out.len;
            if (!enc_value(c, 3)) return 0;
            call->args_len = c->out.len - call->args;
            have_args = 1;
        } else { /* ignored by the paper's rule, but it must be valid JSON */
            if (strict) return 0;
            Py_ssize_t mark = c->out.len;
            if (!enc_value(c, 3)) return 0;
            c->out.len = mark;
        }
        int more = next_item(c, '}');
        if (more < 0) return 0;
        if (more == 0) break;
    }
    return have_name && have_args;
}

/* What a prover says: the Python scorer certainly gives reward 1 (MATCH), or certainly
 * reads a valid response whose calls differ from the ground truth (MISMATCH); or nothing. */
#define MISMATCH 0
#define MATCH 1
#define UNPROVEN (-1)

/* The payload s[open:close] read as calls (a list, or one object), and their multiset
 * of (name, key) compared with `gold`'s. */
static int payload_verdict(Ctx *c, Py_ssize_t open, Py_ssize_t close, PyObject *gold, int strict) {
    Call calls[MAX_CALLS];
    int count = 0;
    c->i = open;
    c->n = close;
    skip_ws(c);
    if (c->i >= c->n) return UNPROVEN;
    if (c->s[c->i] == '{') {
        if (!read_call_as(c, &calls[0], strict)) return UNPROVEN;
        count = 1;
    } else if (c->s[c->i] == '[') {
        c->i++;
        skip_ws(c);
        if (c->i < c->n && c->s[c->i] == ']') {
            c->i++;
        } else {
            for (;;) {
                if (count == MAX_CALLS || !read_call_as(c, &calls[count], strict)) return UNPROVEN;
                count++;
                int more = next_item(c, ']');
                if (more < 0) return UNPROVEN;
                if (more == 0) break;
            }
        }
    } else {
        return UNPROVEN;
    }
    skip_ws(c);
    if (c->i != c->n) return UNPROVEN;

    if (!PyList_CheckExact(gold)) return UNPROVEN;
    Py_ssize_t golds = PyList_GET_SIZE(gold);
    for (Py_ssize_t g = 0; g < golds; g++) {
        PyObject *pair = PyList_GET_ITEM(gold, g);
        if (!PyTuple_CheckExact(pair) || PyTuple_GET_SIZE(pair) != 2 ||
            !PyUnicode_CheckExact(PyTuple_GET_ITEM(pair, 0)) ||
            !PyBytes_CheckExact(PyTuple_GET_ITEM(pair, 1)))
            return UNPROVEN;
    }
    if (golds != count) return MISMATCH;
    /* keys are equal exactly when the values are, so first fit decides the multiset */
    char used[MAX_CALLS] = {0};
    for (int k = 0; k < count; k++) {
        int matched = 0;
        for (int g = 0; g < count && !matched; g++) {
            if (used[g]) continue;
            PyObject *pair = PyList_GET_ITEM(gold, g);
            PyObject *name = PyTuple_GET_ITEM(pair, 0), *key = PyTuple_GET_ITEM(pair, 1);
            Py_ssize_t name_len;
            const char *name_utf8 = PyUnicode_AsUTF8AndSize(name, &name_len);
            if (name_utf8 == NULL) {
                PyErr_Clear();
                return UNPROVEN;
            }
            if (name_len == calls[k].name_len &&
                memcmp(name_utf8, c->keys.buf + calls[k].name, (size_t)name_len) == 0 &&
                PyBytes_GET_SIZE(key) == calls[k].args_len &&
                memcmp(PyBytes_AS_STRING(key), c->out.buf + calls[k].args,
                       (size_t)calls[k].args_len) == 0) {
                used[g] = 1;
                matched = 1;
            }
        }
        if (!matched) return MISMATCH;
    }
    return MATCH;
}


static int tool_n1_proves(Ctx *c, PyObject *gold) {
    const char *s = c->s;
    Py_ssize_t n = c->n;
    Py_ssize_t marker = rfind(s, n, "<|im_start|>assistant");
    Py_ssize_t from = marker < 0 ? 0 : marker;
    /* the last <tool_call>...</tool_call> match, scanning leftmost-shortest */
    Py_ssize_t open = -1, close = -1, pos = from;
    for (;;) {
        Py_ssize_t a = find(s, n, pos, "<tool_call>");
        if (a < 0) break;
        Py_ssize_t b = find(s, n, a + 11, "</tool_call>");
        if (b < 0) break;
        open = a + 11;
        close = b;
        pos = b + 12;
    }
    if (open < 0) return UNPROVEN;
    if (find(s, n, from, "<think>") < 0 || find(s, n, from, "</think>") < 0) return UNPROVEN;
    return payload_verdict(c, open, close, gold, 0);
}

/* --- the strict preset, default options ------------------------------------------ */

#define MAX_TOKENS 64
#define MAX_STRIPPED 4    /* end tokens stripped; past that, leave it to Python */
#define MAX_TRAILING_WS 32 /* a trailing whitespace run; likewise */

typedef struct {
    char *text;
    Py_ssize_t len;
} Token;

static Token end_tokens[MAX_TOKENS], turn_markers[MAX_TOKENS];
static int n_end_tokens = -1, n_turn_markers = -1; /* -1: configure() not called */

static int is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static int contains(const char *s, Py_ssize_t n, const Token *t) {
    for (Py_ssize_t i = 0; i + t->len <= n; i++) {
        const char *hit = (const char *)memchr(s + i, t->text[0], (size_t)(n - t->len + 1 - i));
        if (hit == NULL) return 0;
        i = hit - s;
        if (memcmp(s + i, t->text, (size_t)t->len) == 0) return 1;
    }
    return 0;
}

/* The think block says something: an ASCII letter or digit outside every "[INST]"
 * (the one special token without '<'; with no '<' in the block, every other filler the
 * content rule knows is whitespace or an invisible character). */
static int has_content(const char *s, Py_ssize_t a, Py_ssize_t b) {
    for (Py_ssize_t k = a; k < b; k++) {
        char ch = s[k];
        int alnum = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
        if (!alnum) continue;
        int in_token = 0;
        for (Py_ssize_t t = k - 5; t <= k && !in_token; t++)
            if (t >= a && t + 6 <= b && memcmp(s + t, "[INST]", 6) == 0) in_token = 1;
        if (!in_token) return 1;
    }
    return 0;
}

static int all_space(const char *s, Py_ssize_t a, Py_ssize_t b) {
    for (Py_ssize_t k = a; k < b; k++)
        if (!is_space(s[k])) return 0;
    return 1;
}

/* The strict reader's four-tag fast path, and the matcher's typed-key fast path. */
static int strict_proves(Ctx *c, PyObject *gold) {
    const char *s = c->s;
    Py_ssize_t end = c->n;
    /* the response's end: trailing whitespace and end tokens stripped */
    for (int stripped = 0;; stripped++) {
        Py_ssize_t run = 0;
        while (end > 0 && is_space(s[end - 1])) {
            end--;
            if (++run > MAX_TRAILING_WS) return UNPROVEN;
        }
        int hit = 0;
        for (int k = 0; k < n_end_tokens && !hit; k++) {
            Token *t = &end_tokens[k];
            if (end >= t->len && s[end - 1] == t->text[t->len - 1] &&
                s[end - t->len] == t->text[0] &&
                memcmp(s + end - t->len, t->text, (size_t)t->len) == 0) {
                end -= t->len;
                hit = 1;
            }
        }
        if (!hit) break;
        if (stripped == MAX_STRIPPED) return UNPROVEN;
    }
    /* exactly four '<' (the tags), and no turn marker at any of them or elsewhere */
    int lts = 0;
    for (const char *p = (const char *)memchr(s, '<', (size_t)end); p != NULL;
         p = (const char *)memchr(p + 1, '<', (size_t)(end - (p + 1 - s)))) {
        if (++lts > 4) return UNPROVEN;
        Py_ssize_t i = p - s;
        for (int k = 0; k < n_turn_markers; k++) {
            Token *t = &turn_markers[k];
            if (t->text[0] == '<' && i + t->len <= end && (t->len < 2 || s[i + 1] == t->text[1]) &&
                memcmp(s + i, t->text, (size_t)t->len) == 0)
                return UNPROVEN;
        }
    }
    if (lts != 4) return UNPROVEN;
    for (int k = 0; k < n_turn_markers; k++)
        if (turn_markers[k].text[0] != '<' && contains(s, end, &turn_markers[k])) return UNPROVEN;
    Py_ssize_t think_open = find(s, end, 0, "<think>");
    if (think_open < 0 || !all_space(s, 0, think_open)) return UNPROVEN;
    Py_ssize_t think_close = find(s, end, think_open + 7, "</think>");
    if (think_close < 0 || !has_content(s, think_open + 7, think_close)) return UNPROVEN;
    Py_ssize_t call_open = find(s, end, think_close + 8, "<tool_call>");
    if (call_open < 0 || !all_space(s, think_close + 8, call_open)) return UNPROVEN;
    Py_ssize_t call_close = find(s, end, call_open + 11, "</tool_call>");
    if (call_close < 0 || !all_space(s, call_close + 12, end)) return UNPROVEN;
    return payload_verdict(c, call_open + 11, call_close, gold, 1);
}

static int copy_tokens(PyObject *seq, Token *out, int *count) {
    if (!PyTuple_CheckExact(seq) || PyTuple_GET_SIZE(seq) > MAX_TOKENS) {
        PyErr_SetString(PyExc_TypeError, "configure(end_tokens: tuple[str], markers: tuple[str])");
        return 0;
    }
    int n = (int)PyTuple_GET_SIZE(seq);
    for (int k = 0; k < n; k++) {
        PyObject *item = PyTuple_GET_ITEM(seq, k);
        Py_ssize_t len;
        const char *utf8 = PyUnicode_Check(item) ? PyUnicode_AsUTF8AndSize(item, &len) : NULL;
        if (utf8 == NULL || len == 0) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "tokens are non-empty str");
            return 0;
        }
        out[k].text = (char *)PyMem_RawMalloc((size_t)len);
        if (out[k].text == NULL) {
            PyErr_NoMemory();
            return 0;
        }
        memcpy(out[k].text, utf8, (size_t)len);
        out[k].len = len;
    }
    *count = n;
    return 1;
}

static PyObject *configure(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "configure(end_tokens, markers)");
        return NULL;
    }
    if (n_end_tokens >= 0) Py_RETURN_NONE; /* once per process: the tables are constants */
    int ends = 0, marks = 0;
    if (!copy_tokens(args[0], end_tokens, &ends) || !copy_tokens(args[1], turn_markers, &marks))
        return NULL;
    n_end_tokens = ends;
    n_turn_markers = marks;
    Py_RETURN_NONE;
}

typedef int (*Prover)(Ctx *, PyObject *);

/* Run one prover on (text, gold): True (MATCH), False (MISMATCH) or None, never an
 * exception. */
static PyObject *judge(PyObject *const *args, Py_ssize_t nargs, Prover prover, int canonical,
                       const char *usage) {
    if (nargs != 2 || !PyUnicode_CheckExact(args[0])) {
        PyErr_SetString(PyExc_TypeError, usage);
        return NULL;
    }
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(args[0], &n);
    if (s == NULL) { /* a lone surrogate: not ours to judge */
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    char out_stack[2048], keys_stack[512];
    Ctx c = {s, n, 0, {out_stack, 0, sizeof out_stack, 0}, {keys_stack, 0, sizeof keys_stack, 0},
             canonical};
    int verdict = prover(&c, args[1]);
    if (c.out.heap) free(c.out.buf);
    if (c.keys.heap) free(c.keys.buf);
    if (PyErr_Occurred()) { /* not proven */
        PyErr_Clear();
        verdict = UNPROVEN;
    }
    if (verdict == MATCH) Py_RETURN_TRUE;
    if (verdict == MISMATCH) Py_RETURN_FALSE;
    Py_RETURN_NONE;
}

static PyObject *strict_judge(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (n_end_tokens < 0) Py_RETURN_NONE; /* not configured: prove nothing */
    return judge(args, nargs, strict_proves, 1, "strict_judge(text: str, gold: list)");
}

static PyObject *tool_n1_judge(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    return judge(args, nargs, tool_n1_proves, 0, "tool_n1_judge(text: str, gold: list)");
}

static PyMethodDef methods[] = {
    {"tool_n1_judge", (PyCFunction)(void (*)(void))tool_n1_judge, METH_FASTCALL,
     "True/False when the tool_n1 preset certainly gives reward 1 / a valid response with "
     "wrong calls; else None (see toolreward.native)."},
    {"strict_judge", (PyCFunction)(void (*)(void))strict_judge, METH_FASTCALL,
     "The same for the strict preset with default options and no tools."},
    {"configure", (PyCFunction)(void (*)(void))configure, METH_FASTCALL,
     "Set the end-token and turn-marker tables (toolreward.tags), once."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods,
                                    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
