/* The latency of the collectives a step of `mpirun -np 2 nnwb` makes, on
 * this machine's shared memory (doc/distributed.md, "Per-batch cost"):
 * blocking against nonblocking sums of a step's sizes, and the control
 * broadcast.  Not part of the build:
 *
 *   mpicc -O2 bench/mpi_latency.c -o /tmp/mpi_latency
 *   mpirun -np 2 --mca btl self,vader /tmp/mpi_latency [ITERATIONS]
 */
#include <mpi.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
static double bench(const char *name, int kind, int n, int iters, int rank)
{
    static float buf[1 << 16]; static char ctl[512];
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (int i = 0; i < iters; i++) {
        MPI_Request r;
        switch (kind) {
        case 0: MPI_Allreduce(MPI_IN_PLACE, buf, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD); break;
        case 1: MPI_Iallreduce(MPI_IN_PLACE, buf, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD, &r); MPI_Wait(&r, MPI_STATUS_IGNORE); break;
        case 2: MPI_Ibcast(ctl, n, MPI_BYTE, 0, MPI_COMM_WORLD, &r); MPI_Wait(&r, MPI_STATUS_IGNORE); break;
        case 3: MPI_Bcast(ctl, n, MPI_BYTE, 0, MPI_COMM_WORLD); break;
        }
    }
    double us = (MPI_Wtime() - t0) / iters * 1e6;
    if (rank == 0) printf("%-34s n=%-6d %8.2f us\n", name, n, us);
    return us;
}
int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank; MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int it = argc > 1 ? atoi(argv[1]) : 20000;
    int sizes[] = {2, 32, 129, 1024, 16384};
    for (int k = 0; k < 5; k++) bench("Allreduce float", 0, sizes[k], it, rank);
    for (int k = 0; k < 5; k++) bench("Iallreduce+Wait float", 1, sizes[k], it, rank);
    bench("Ibcast+Wait bytes", 2, 400, it, rank);
    bench("Bcast bytes", 3, 400, it, rank);
    bench("Bcast bytes", 3, 8, it, rank);
    MPI_Finalize();
}
