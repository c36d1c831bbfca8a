#!/bin/sh
# Config C (512 -> 1024 -> 1024 -> 1, batch 512) as one process with two
# BLAS threads against two ranks of one BLAS thread each, with and without
# the per-layer overlap (NNWB_MPI_OVERLAP=0). Prints the epoch lines and
# each MPI run's `ranks=` line (time per step, time waiting on the other
# rank). Usage: bench/mpi.sh [NNWB]  (default build/src/nnwb)
set -eu
nnwb=${1:-build/src/nnwb}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for threads in 1 2; do
    cat >"$dir/c$threads.nnw" <<E
generate random rows=12000 features=512 seed=1
target y
set epochs=3 batch=512 threads=$threads
add dense 1024 relu
add dense 1024 relu
add dense 1 linear
train
E
done
[ "$(id -u)" -ne 0 ] || export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi="mpirun -np 2 --oversubscribe --mca btl self,vader,tcp --mca btl_tcp_if_include lo"
echo "# np=1, 2 BLAS threads"
"$nnwb" --batch "$dir/c2.nnw" | grep '^epoch'
echo "# np=2, 1 BLAS thread each, overlap"
$mpi "$nnwb" --batch "$dir/c1.nnw" | grep -E '^epoch|^ranks='
echo "# np=2, 1 BLAS thread each, no overlap"
NNWB_MPI_OVERLAP=0 $mpi -x NNWB_MPI_OVERLAP "$nnwb" --batch "$dir/c1.nnw" | grep -E '^epoch|^ranks='
