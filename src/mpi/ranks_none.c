/* The ranks of a build without MPI: always one process, and a clear
 * word for whoever asks for more. */
#include <stdlib.h>

#include "ranks.h"

const char nn_ranks_missing[] =
    "this build of nnwb has no MPI: install Open MPI (Debian: apt-get install openmpi-bin "
    "libopenmpi-dev) and rebuild (./configure --with-mpi)";

bool nn_ranks_built(void) { return false; }
const char *nn_ranks_library(void) { return nn_ranks_missing; }

/* mpirun's launchers set these in every process they start. */
int nn_ranks_init(int *argc, char ***argv, nn_error *err)
{
    (void)argc, (void)argv;
    if (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK"))
        return nn_fail(err, "started by mpirun, but %s", nn_ranks_missing);
    return 0;
}

void nn_ranks_finalize(void) {}
int nn_ranks_size(void) { return 1; }
int nn_ranks_rank(void) { return 0; }

int nn_ranks_agree(const uint64_t *hash, const char *const *what, int n, nn_error *err)
{
    return 0;
}

nn_grad_reducer *nn_ranks_reducer_new(nn_model *m, const nn_settings *s, int rows, nn_error *err)
{
    nn_fail(err, "%s", nn_ranks_missing);
    return NULL;
}

void nn_ranks_reducer_free(nn_grad_reducer *r) {}

void nn_ranks_reducer_timing(const nn_grad_reducer *r, nn_ranks_timing *t)
{
    *t = (nn_ranks_timing){0};
}
