/* Fuzz target: the CSV loader (sniffing, libcsv streaming, type inference)
 * on arbitrary bytes, with every option left to detection, then once more
 * with the first table as the `like` schema, as prediction files are read. */
#include <stdint.h>
#include <unistd.h>

#include "data/csv_load.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memfile(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.threads = 1; /* deterministic; the two-thread path needs large files anyway */
    nn_notes notes_store = {0}, *notes = &notes_store;
    nn_error err = {0};
    nn_table *t = nn_csv_load(path, &o, notes, &err);
    if (t) {
        nn_csv_options like;
        nn_csv_options_init(&like);
        like.threads = 1;
        like.like = t;
        nn_table *again = nn_csv_load(path, &like, notes, &err);
        nn_table_free(again);
        nn_table_free(t);
    }
    nn_notes_free(notes);
    close(fd);
    return 0;
}
