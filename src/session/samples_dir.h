/* Where nnwb's sample files are, wherever it was started: what `tour`
 * tells a newcomer to load.  See samples_dir.c. */
#ifndef NN_SESSION_SAMPLES_DIR_H
#define NN_SESSION_SAMPLES_DIR_H

#include <stddef.h>

/* The source tree's folder `name` seen from a program built inside it
 * (the executable in BUILD/src/, BUILD a folder of the tree, as setup.sh
 * builds), as an absolute path in buf: how an uninstalled nnwb finds its
 * themes and samples without a path baked in.  -1 when that folder holds
 * no file `probe`. */
int nn_tree_dir(const char *name, const char *probe, char *buf, size_t len);

/* The samples folder as the user would type it into `load`: $NNWB_SAMPLES
 * when set; else samples/ under the current directory (as "samples");
 * else the source tree's beside an uninstalled program (BUILD/src/nnwb);
 * else the installed one.  0 when one holds `probe` (a sample's file
 * name); -1 when none does, with buf "samples" (or $NNWB_SAMPLES) so the
 * caller can say which to set. */
int nn_samples_dir(const char *probe, char *buf, size_t len);

#endif
