/* Fuzz target: `open` on arbitrary bytes — the model-file reader (header,
 * layer specs, settings, the extra section, the float32 parameters and the
 * CRC-32), the recipe inside it, and the checks that the two fit — and,
 * after every open that succeeds, `predict` on a small table with the
 * recipe's columns, then `load` of it and `evaluate`, `export
 * predictions`, `importance` and `explain` of the opened model (its own
 * classes rarely match the table's values), then a retrained one's, so a
 * model that disagrees with its recipe or its data shows up where it
 * would hurt. A mutated file almost never keeps
 * a matching CRC, which would stop the reader at its first check, so each
 * input is also opened a second time with its last crc32 line replaced by
 * the right one. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzz_file.h"
#include "session/session_internal.h"

static void discard(void *user, const char *line) { (void)user, (void)line; }

static void put_name(FILE *f, const char *name)
{
    fputc('"', f);
    for (const char *p = name; *p; p++)
        fprintf(f, *p == '"' ? "\"\"" : "%c", *p);
    fputc('"', f);
}

/* Eight rows for the recipe's source columns, a value of each type. */
static char *small_table(const nn_recipe *r, size_t *len)
{
    nn_table *schema = nn_recipe_schema(r);
    char *text = NULL;
    FILE *f = schema ? open_memstream(&text, len) : NULL;
    if (!f) {
        nn_table_free(schema);
        return NULL;
    }
    for (size_t c = 0; c < schema->ncols; c++) {
        fputs(c ? "," : "", f);
        put_name(f, schema->cols[c].name);
    }
    for (int row = 0; row < 8; row++) {
        fputc('\n', f);
        for (size_t c = 0; c < schema->ncols; c++) {
            fputs(c ? "," : "", f);
            switch (schema->cols[c].type) {
            case NN_COL_NUMERIC: fprintf(f, "%g", row * 0.75 - 2); break;
            case NN_COL_BOOLEAN: fputs(row % 2 ? "1" : "0", f); break;
            case NN_COL_DATE: fprintf(f, "2024-01-%02d", row + 1); break;
            default: fputs(row % 3 ? "b" : "a", f); break;
            }
        }
    }
    fputc('\n', f);
    nn_table_free(schema);
    return fclose(f) == 0 ? text : (free(text), NULL);
}

/* Runs "word path", output discarded. */
static int run(nn_session *s, const char *word, const char *path)
{
    char line[128];
    snprintf(line, sizeof line, "%s %s", word, path);
    return nn_session_run(s, line, NULL);
}

static void open_and_use(const uint8_t *data, size_t size)
{
    char path[64], table_path[64];
    int fd = fuzz_memfile(data, size, path, sizeof path);
    if (fd < 0)
        return;
    const nn_output out = {NULL, discard, discard, discard};
    nn_session *s = nn_session_new(&out);
    size_t len = 0;
    char *table = s && run(s, "open", path) == 0 ? small_table(s->recipe, &len) : NULL;
    int tfd = table ? fuzz_memfile((const uint8_t *)table, len, table_path, sizeof table_path) : -1;
    if (tfd >= 0) {
        run(s, "predict", table_path);
        run(s, "load", table_path);
        /* the opened model on the loaded rows, through its own recipe */
        nn_session_run(s, "evaluate", NULL);
        nn_session_run(s, "export predictions /dev/null", NULL);
        nn_session_run(s, "importance repeats=1", NULL);
        nn_session_run(s, "explain 1", NULL);
        nn_session_run(s, "train epochs=1 batch=4; evaluate", NULL);
        close(tfd);
    }
    free(table);
    nn_session_free(s);
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    open_and_use(data, size);

    size_t body = size;
    if (size >= 15 && memcmp(data + size - 15, "crc32 ", 6) == 0)
        body = size - 15;
    uint8_t *fixed = malloc(body + 16);
    if (!fixed)
        return 0;
    memcpy(fixed, data, body);
    snprintf((char *)fixed + body, 16, "crc32 %08" PRIx32 "\n", (uint32_t)crc32_z(0, data, body));
    open_and_use(fixed, body + 15);
    free(fixed);
    return 0;
}
