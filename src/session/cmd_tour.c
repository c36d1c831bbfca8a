/* `tour`: a guided walk for a newcomer through loading data, defining a
 * model, training and reading the charts. The steps are data: a title, a
 * short paragraph and the exact command to type, which the tests run in
 * order so the tour cannot drift from the language. The session keeps
 * the current step (0: no tour) and whether its command has succeeded:
 * `tour` moves on only then (`tour skip` all the same), so a step that
 * failed is not left behind.  A sample file's path is where nnwb finds
 * its samples (samples_dir.h), wherever it was started. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "samples_dir.h"
#include "session_internal.h"

typedef struct tour_step {
    const char *title;
    const char *text;
    const char *command; /* what to type; runs in order after the steps before it */
} tour_step;

static const tour_step steps[] = {
    {"loading data",
     "`load` reads a table of examples from a CSV file, working out its delimiter, header and column "
     "types. This one holds 1319 credit card applications, each accepted or not.",
     "load samples/credit_card.csv"},
    {"looking at the data",
     "Look before you model: `describe` gives each column's count, mean, spread and quartiles, or "
     "its most frequent values; `head` shows rows and `plot income` draws a column.",
     "describe"},
    {"choosing what to predict",
     "`target` names the column to predict. card is yes or no, so this is a binary "
     "classification; the other columns become the features.",
     "target card"},
    {"leaving out a leak",
     "share and expenditure are card spending, known only once a card was granted: they give the "
     "answer away. An honest model must not see them.",
     "drop share expenditure"},
    {"a hidden layer",
     "A network is a stack of layers. A dense layer of 16 units connects every feature to each "
     "unit; relu lets the network bend, so it can learn more than a straight line.",
     "add dense 16 relu"},
    {"the output layer",
     "The last layer gives the answer: one unit, with sigmoid to turn it into the probability of "
     "yes. `summary` lists the layers and their weights.",
     "add dense 1 sigmoid"},
    {"training",
     "`train` scales and splits the rows (70 % to train on, 15 % to validate, 15 % to test) and "
     "adjusts the weights batch by batch; an epoch is one pass over the training rows.",
     "train epochs=30"},
    {"reading the charts",
     "The Loss pane draws training and validation loss per epoch: both falling is learning; "
     "validation rising while training falls is overfitting, and Warnings says so. `history` "
     "lists the numbers.",
     "history"},
    {"was it any good?",
     "`evaluate` scores the model on test rows it never saw, next to a baseline that always gives "
     "the most common answer: the network is worth it only if it beats the baseline.",
     "evaluate test"},
    {"one step at a time",
     "`step epoch` trains one more epoch from the current weights and pauses, so you can see what "
     "it changed; `step` alone trains one batch. `resume` carries on, `stop` ends the run.",
     "step epoch"},
    {"where next",
     "That is the whole loop: data, model, training, charts. `help` lists every command and "
     "`help COMMAND` explains one; samples/ holds more scripts to try.",
     "help"},
};

enum { NSTEPS = sizeof steps / sizeof steps[0], WIDTH = 76 };

/* Where to break text to fit WIDTH columns: the last space outside a
 * `command`, so a command is never split over two lines. */
static size_t line_length(const char *text)
{
    size_t len = strlen(text), last_space = 0;
    if (len <= WIDTH)
        return len;
    bool quoted = false;
    for (size_t i = 0; i <= WIDTH; i++) {
        if (text[i] == '`')
            quoted = !quoted;
        else if (text[i] == ' ' && !quoted)
            last_space = i;
    }
    return last_space ? last_space : WIDTH;
}

/* Prints a paragraph in lines that fit an 80-column screen. */
static void print_wrapped(nn_session *s, const char *text)
{
    while (*text) {
        size_t len = line_length(text);
        session_print(s, "%.*s", (int)len, text);
        text += len;
        while (*text == ' ')
            text++;
    }
}

/* The step's command as the user should type it: a sample file named
 * by its path from here (samples/, $NNWB_SAMPLES, the installed copy);
 * false when the samples are nowhere to be found. */
static bool step_command(const tour_step *t, char *buf, size_t len)
{
    const char *ref = strstr(t->command, "samples/");
    if (!ref) {
        snprintf(buf, len, "%s", t->command);
        return true;
    }
    const char *file = ref + strlen("samples/");
    char dir[PATH_MAX];
    bool found = nn_samples_dir(file, dir, sizeof dir) == 0;
    snprintf(buf, len, "%.*s%s/%s", (int)(ref - t->command), t->command, dir, file);
    return found;
}

/* The command of the table a step's command runs. */
static const nn_command *step_runs(const tour_step *t)
{
    char name[32];
    sscanf(t->command, "%31s", name);
    return nn_command_find(name);
}

static void show_step(nn_session *s)
{
    const tour_step *t = &steps[s->tour_step - 1];
    char cmd[PATH_MAX + 64], line[PATH_MAX + 160];
    bool found = step_command(t, cmd, sizeof cmd);
    session_print(s, "tour %d/%d: %s", s->tour_step, NSTEPS, t->title);
    print_wrapped(s, t->text);
    const char *then = s->tour_step < NSTEPS ? "then `tour` for the next step" : "then `tour` to finish";
    int n = snprintf(line, sizeof line, "  type `%s`, %s", cmd, then); /* one line when it fits */
    if (n <= WIDTH + 2)
        session_print(s, "%s", line);
    else
        session_print(s, "  type `%s`", cmd), session_print(s, "  %s", then);
    if (!found)
        session_print(s, "  (no %s there: set NNWB_SAMPLES to the folder of nnwb's samples)",
                      strrchr(cmd, '/') + 1);
}

void session_tour_saw(nn_session *s, const nn_command *cmd, int rc)
{
    if (s->tour_step == 0 || s->tour_done || cmd != step_runs(&steps[s->tour_step - 1]))
        return;
    s->tour_done = rc == 0;
    s->tour_failed = rc < 0;
    if (rc == 0)
        session_print(s, "tour: step %d done: `tour` for the %s", s->tour_step,
                      s->tour_step < NSTEPS ? "next one" : "end");
}

void session_tour_after_line(nn_session *s)
{
    if (!s->tour_failed)
        return;
    s->tour_failed = false;
    session_warn(s, "tour: step %d waits for its command to succeed: fix what the error says and type it "
                    "again (`tour show` repeats the step, `tour skip` moves on all the same)", s->tour_step);
}

static void go_to(nn_session *s, int step, bool done)
{
    s->tour_step = step, s->tour_done = done, s->tour_failed = false;
}

/* tour [next|skip|back|show|end]: with no tour running, any of them but
 * end starts it at the first step; next waits for the step's command to
 * succeed, skip does not. */
HANDLER(cmd_tour)
{
    const char *action = nn_call_str(c, "action");
    bool next = strcmp(action, "next") == 0, skip = strcmp(action, "skip") == 0;
    if (strcmp(action, "end") == 0) {
        session_print(s, s->tour_step ? "tour ended: `tour` starts it again" : "no tour is running");
        go_to(s, 0, false);
        return 0;
    }
    if (s->tour_step == 0) {
        go_to(s, 1, false);
    } else if (next && !s->tour_done) {
        char cmd[PATH_MAX + 64];
        step_command(&steps[s->tour_step - 1], cmd, sizeof cmd);
        return nn_fail(err, "tour: step %d (%s) waits for `%s` to succeed: type it first, or `tour skip` to "
                       "move on all the same", s->tour_step, steps[s->tour_step - 1].title, cmd);
    } else if ((next || skip) && s->tour_step == NSTEPS) {
        go_to(s, 0, false);
        session_print(s, "that was the tour: `help` lists every command, `tour` starts it again");
        return 0;
    } else if (next || skip) {
        go_to(s, s->tour_step + 1, false);
    } else if (strcmp(action, "back") == 0 && s->tour_step > 1) {
        go_to(s, s->tour_step - 1, true); /* a step behind was done or skipped */
    }
    show_step(s);
    return 0;
}
