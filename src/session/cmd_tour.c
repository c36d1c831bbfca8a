/* `tour`: a guided walk for a newcomer through loading data, defining a
 * model, training and reading the charts. The steps are data: a title, a
 * short paragraph and the exact command to type, which the tests run in
 * order so the tour cannot drift from the language. The session keeps
 * the current step (0: no tour); the user advances when ready. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "session_internal.h"

typedef struct tour_step {
    const char *title;
    const char *text;
    const char *command; /* what to type; runs in order after the steps before it */
} tour_step;

static const tour_step steps[] = {
    {"loading data",
     "nnwb learns from a table of examples. `load` reads a CSV file and works out its delimiter, "
     "header and column types. This sample holds 1319 credit card applications and whether each "
     "was accepted.",
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

static void show_step(nn_session *s)
{
    const tour_step *t = &steps[s->tour_step - 1];
    session_print(s, "tour %d/%d: %s", s->tour_step, NSTEPS, t->title);
    print_wrapped(s, t->text);
    session_print(s, "  type: %s", t->command);
    if (s->tour_step < NSTEPS)
        session_print(s, "  then `tour` for the next step (`tour back`, `tour end`)");
    else
        session_print(s, "  then `tour` to finish (`tour back` to go back)");
}

/* tour [next|back|show|end]: with no tour running, any of them but end
 * starts it at the first step. */
HANDLER(cmd_tour)
{
    (void)err;
    const char *action = nn_call_str(c, "action");
    if (strcmp(action, "end") == 0) {
        session_print(s, s->tour_step ? "tour ended: `tour` starts it again" : "no tour is running");
        s->tour_step = 0;
        return 0;
    }
    if (s->tour_step == 0)
        s->tour_step = 1;
    else if (strcmp(action, "next") == 0 && s->tour_step == NSTEPS) {
        s->tour_step = 0;
        session_print(s, "that was the tour: `help` lists every command, `tour` starts it again");
        return 0;
    } else if (strcmp(action, "next") == 0)
        s->tour_step++;
    else if (strcmp(action, "back") == 0 && s->tour_step > 1)
        s->tour_step--;
    show_step(s);
    return 0;
}
