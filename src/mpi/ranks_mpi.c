/* The MPI job this process belongs to: joining it, leaving it, and the
 * check that every rank is about to train the same thing. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ranks.h"

const char nn_ranks_missing[] = "";

static bool joined;
static int rank, size = 1;

bool nn_ranks_built(void) { return true; }

const char *nn_ranks_library(void)
{
    static char text[MPI_MAX_LIBRARY_VERSION_STRING];
    int len = 0;
    if (!text[0] && MPI_Get_library_version(text, &len) == MPI_SUCCESS)
        text[strcspn(text, ",\n")] = '\0'; /* "Open MPI v4.1.4" */
    return text;
}

/* Outside mpirun nnwb is one process and never starts MPI (a singleton
 * MPI_Init would start Open MPI's daemons for nothing). */
int nn_ranks_init(int *argc, char ***argv, nn_error *err)
{
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMIX_RANK"))
        return 0;
    /* the trainer may run on a thread of its own, one thread at a time */
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS)
        return nn_fail(err, "MPI_Init failed: cannot join the mpirun job");
    joined = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (provided < MPI_THREAD_SERIALIZED)
        return nn_fail(err, "this MPI library cannot be called from the training thread "
                       "(MPI_THREAD_SERIALIZED)");
    return 0;
}

void nn_ranks_finalize(void)
{
    if (joined)
        MPI_Finalize();
    joined = false;
}

int nn_ranks_size(void) { return size; }
int nn_ranks_rank(void) { return rank; }

#define MAX_HASHES 8

int nn_ranks_agree(const uint64_t *hash, const char *const *what, int n, nn_error *err)
{
    if (size == 1)
        return 0;
    if (n > MAX_HASHES)
        return nn_fail(err, "nn_ranks_agree: at most %d hashes", MAX_HASHES);
    uint64_t *all = malloc((size_t)size * MAX_HASHES * sizeof *all), mine[MAX_HASHES] = {0};
    if (!all)
        return nn_fail(err, "out of memory");
    for (int i = 0; i < n; i++)
        mine[i] = hash[i];
    MPI_Allgather(mine, MAX_HASHES, MPI_UINT64_T, all, MAX_HASHES, MPI_UINT64_T, MPI_COMM_WORLD);
    int rc = 0;
    for (int r = 1; r < size && rc == 0; r++)
        for (int i = 0; i < n && rc == 0; i++)
            if (all[(size_t)r * MAX_HASHES + i] != all[i])
                rc = nn_fail(err, "rank %d has other %s than rank 0: every rank must load the "
                             "same files and run the same commands", r, what[i]);
    free(all);
    return rc;
}
