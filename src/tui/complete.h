/* Tab completion of a command line: which words fit at the cursor, read
 * from the command table (command names and aliases, argument names,
 * choices, file names, column names, setting names, layer kinds and
 * activations).  Pure: no terminal and no readline, so it is tested alone;
 * the prompt (prompt.c) hands readline what it returns.
 *
 * Words follow the command language (src/session/cmdline.h): separated by
 * blanks, commands by ';', '#' starts a comment, key=value, and double
 * quotes (with \" and \\ inside) around anything holding a blank, ';',
 * '#' or '"'.  Candidates are returned quoted that way, ready to replace
 * the text the user typed. */
#ifndef NN_TUI_COMPLETE_H
#define NN_TUI_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

/* What completion needs from the session, gathered at each Tab. */
typedef struct complete_context {
    const char *const *columns; /* the loaded data's column names; NULL: no data */
    size_t ncolumns;
} complete_context;

/* Candidates to replace line[start, end): end is the cursor and start the
 * beginning of the word there, as readline finds it with complete_is_quoted
 * and the word breaks COMPLETE_WORD_BREAKS (so start is just after a blank,
 * ';' or '=', or just after an opening quote).  Returns a NULL-terminated,
 * sorted list without duplicates, empty when nothing fits, NULL when out of
 * memory; free it with complete_free.
 *
 * Each candidate is what the word becomes: a command ("train"), a key with
 * its '=' ("train="), a value ("zscore", "relu", a column), or a file name
 * with its directory as typed ("data/x.csv", and "data/" for a directory).
 * Names are matched case-insensitively, file names exactly.  A candidate
 * ending in '=' or '/' is unfinished: the prompt adds no space after it.
 * A value holding a blank, ';', '#', '"', '=' or '\' comes quoted, closing
 * quote included unless unfinished; when the word starts inside an open
 * quote, candidates carry no opening quote.  Aliases of commands are
 * offered only when no command name fits. */
char **complete_candidates(const char *line, int start, int end, const complete_context *ctx);

/* complete_candidates, also telling whether the candidates are file names. */
char **complete_line(const char *line, int start, int end, const complete_context *ctx, bool *files);

void complete_free(char **list);

/* How a candidate is listed: quotes removed, and a file name without its
 * directory ("data/my x.csv" -> "my x.csv", "data/sub/" -> "sub/"). */
char *complete_display(const char *candidate, bool file);

/* Whether line[index] is inside double quotes (readline's
 * rl_char_is_quoted_p: a quoted blank does not break a word). */
int complete_is_quoted(const char *line, int index);

/* The characters that end a word for completion (readline's
 * rl_completer_word_break_characters); '"' opens a quoted word. */
#define COMPLETE_WORD_BREAKS " \t\n;="

#endif
