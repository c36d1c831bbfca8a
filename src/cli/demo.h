/* The built-in demonstration: the Keras tutorial's example trained by the
 * engine, printed as plain text. */
#ifndef NNWB_DEMO_H
#define NNWB_DEMO_H

#include <stdio.h>

/* Returns a process exit status. */
int nnwb_demo(FILE *out);

#endif
