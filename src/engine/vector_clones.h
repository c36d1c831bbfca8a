/* NN_VECTOR_CLONES before a hot element-wise function compiles it also for
 * AVX2 and AVX-512, chosen at load time by the CPU (GCC's and Clang's
 * target_clones): the default build targets baseline x86-64, whose SSE2
 * does 4 floats an instruction where these CPUs do 8 or 16.  The clones
 * compute the same IEEE operations lane by lane (no FMA, no reordered
 * sums), so results do not depend on the CPU.  ThreadSanitizer cannot run
 * the load-time resolver, so its builds go without, and so do Clang's:
 * clang 14 (Debian 12's) defines the resolved symbol only where the
 * function is called in the same file, so other files fail to link. */
#ifndef NN_VECTOR_CLONES_H
#define NN_VECTOR_CLONES_H

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define NN_NO_CLONES 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define NN_NO_CLONES 1
#endif

#if defined(__clang__)
#define NN_NO_CLONES 1
#endif

#if defined(__x86_64__) && defined(__has_attribute) && !defined(NN_NO_CLONES)
#if __has_attribute(target_clones)
#define NN_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef NN_VECTOR_CLONES
#define NN_VECTOR_CLONES
#endif

#endif
