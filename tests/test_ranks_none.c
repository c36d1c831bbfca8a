/* A build without MPI (src/mpi/ranks_none.c, compiled into this test
 * whatever the build has): one process, and whoever asks for ranks (a
 * process started by mpirun, a reducer across ranks) hears that this
 * build has no MPI and how to get it. */
#include <stdlib.h>
#include <string.h>

#include "mpi/ranks.h"
#include "tap.h"

static void outside_mpirun_it_is_one_process(void)
{
    unsetenv("OMPI_COMM_WORLD_SIZE");
    unsetenv("PMIX_RANK");
    nn_error err;
    CHECK(nn_ranks_init(NULL, NULL, &err) == 0);
    CHECK(nn_ranks_size() == 1 && nn_ranks_rank() == 0);
    CHECK(!nn_ranks_built());
}

static void started_by_mpirun_it_says_how_to_get_mpi(void)
{
    setenv("OMPI_COMM_WORLD_SIZE", "2", 1);
    nn_error err = {{0}};
    CHECK(nn_ranks_init(NULL, NULL, &err) == -1);
    CHECK(strstr(err.msg, "started by mpirun") != NULL);
    CHECK(strstr(err.msg, "openmpi-bin libopenmpi-dev") != NULL);
    CHECK(strstr(err.msg, "--with-mpi") != NULL);
    unsetenv("OMPI_COMM_WORLD_SIZE");
}

static void a_reducer_across_ranks_is_refused(void)
{
    nn_settings s;
    nn_settings_default(&s);
    nn_error err = {{0}};
    CHECK(nn_ranks_reducer_new(NULL, &s, 100, &err) == NULL);
    CHECK(strstr(err.msg, "has no MPI") != NULL);
}

int main(void)
{
    TEST(outside_mpirun_it_is_one_process);
    TEST(started_by_mpirun_it_says_how_to_get_mpi);
    TEST(a_reducer_across_ranks_is_refused);
    return tap_done();
}
