/* The command reference, generated from the command table and the
 * settings table (`nnwb --commands`): the README's "Command reference"
 * is this output, so it cannot drift from the language. */
#ifndef NNWB_REFERENCE_H
#define NNWB_REFERENCE_H

#include <stdio.h>

/* Writes the reference as Markdown; returns a process exit status. */
int nnwb_command_reference(FILE *out);

#endif
