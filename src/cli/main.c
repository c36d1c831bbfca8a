/* nnwb: the neural-network workbench.  Command-line entry point. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "demo.h"
#include "engine/atomic_file.h"
#include "mpi/ranks.h"
#include "reference.h"
#include "render/render.h"
#include "tui/tui.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: nnwb [OPTION]... [SCRIPT]\n"
            "The neural-network workbench: load a CSV, define a network, train it and\n"
            "watch it learn, in one terminal program.\n"
            "\n"
            "  -b, --batch=SCRIPT  run the commands of SCRIPT (- for standard input) with\n"
            "                      no screen: results on standard output, warnings and\n"
            "                      errors on standard error\n"
            "  -e, --execute=CMDS  run commands separated by ';' with no screen (may repeat)\n"
            "      --demo          train the Keras tutorial example and print its loss\n"
            "      --commands      print the command reference (Markdown) and exit\n"
            "      --help          display this help and exit\n"
            "      --version       output version information and exit\n"
            "\n"
            "With no option nnwb opens the workbench screen; with a SCRIPT it runs the\n"
            "script there first, showing its training live. Inside, `help` lists the\n"
            "commands, `help COMMAND` explains one and F1 lists the keys.\n"
            "\n"
            "Exit status: 0 on success, 1 when a command fails or the output cannot be\n"
            "written, 2 for a usage error.\n"
            "Report bugs in the project's issue tracker.\n");
}

static void version(void)
{
    printf("nnwb " PACKAGE_VERSION "\n");
    if (nn_ranks_built())
        printf("data-parallel training under mpirun: %s\n", nn_ranks_library());
    else
        printf("data-parallel training under mpirun: no (%s)\n", nn_ranks_missing);
    printf(
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n");
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "nnwb: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'nnwb --help' for more information.\n");
    return 2;
}

/* Output that could not be written is an error, whatever printed it
 * (batch mode says so itself, as it happens: once is enough). */
static int close_stdout(int rc)
{
    if (fclose(stdout) == 0 || nnwb_batch_output_failed())
        return rc;
    fprintf(stderr, "nnwb: cannot write standard output: %s\n", strerror(errno));
    return rc ? rc : 1;
}

/* A standard stream the caller closed (`>&-`) gets /dev/null, opened the
 * wrong way round so that using it still fails, as gnulib's stdopen does:
 * otherwise the next file nnwb opens would take its number, and output
 * meant for the stream would land in that file. */
static void guard_standard_fds(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) != fd)
            _exit(2); /* (the lowest free number is fd's: 0 to fd-1 are open) */
}

/* The workbench, or batch-style output where it cannot be drawn. */
static int workbench(const char *script)
{
    char why[160];
    if (nnwb_tui_usable(why, sizeof why))
        return nnwb_tui(script);
    fprintf(stderr, "nnwb: %s, so no workbench screen: batch-style output, one command a line "
                    "(Ctrl-D to quit)\n", why);
    return nnwb_batch_prompt(script);
}

/* Under mpirun every rank runs the same script; rank 0 alone prints and
 * writes files, the others compute the same and say only errors. */
static int join_ranks(int *argc, char ***argv)
{
    nn_error err;
    if (nn_ranks_init(argc, argv, &err) < 0) {
        fprintf(stderr, "nnwb: %s\n", err.msg);
        return -1;
    }
    if (nn_ranks_rank() > 0) {
        nnwb_batch_quiet();
        nn_write_files_nowhere();
    }
    return 0;
}

static int run(int argc, char **argv);

int main(int argc, char **argv)
{
    /* Characters follow the user's locale; numbers never do, so that
     * scripts, model files and output read the same everywhere. */
    guard_standard_fds();
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    atexit(nn_render_cleanup); /* font caches, for a clean leak check */
    if (join_ranks(&argc, &argv) < 0)
        return 1;
    int rc = run(argc, argv);
    nn_ranks_finalize();
    return rc;
}

static int run(int argc, char **argv)
{
    enum { OPT_HELP = 256, OPT_VERSION, OPT_DEMO, OPT_COMMANDS };
    static const struct option options[] = {
        {"batch", required_argument, NULL, 'b'}, {"execute", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, OPT_HELP},   {"version", no_argument, NULL, OPT_VERSION},
        {"demo", no_argument, NULL, OPT_DEMO},   {"commands", no_argument, NULL, OPT_COMMANDS},
        {NULL, 0, NULL, 0},
    };
    const char *script = NULL;
    const char **commands = calloc((size_t)argc, sizeof *commands);
    int ncommands = 0, demo = 0, batch = 0, opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":b:e:", options, NULL)) != -1) {
        switch (opt) {
        case 'b': script = optarg, batch = 1; break;
        case 'e': commands[ncommands++] = optarg; break;
        case OPT_HELP: usage(stdout); free(commands); return close_stdout(EXIT_SUCCESS);
        case OPT_VERSION: version(); free(commands); return close_stdout(EXIT_SUCCESS);
        case OPT_DEMO: demo = 1; break;
        case OPT_COMMANDS: free(commands); return close_stdout(nnwb_command_reference(stdout));
        case ':': free(commands); return usage_error("option '%s' needs an argument", argv[optind - 1]);
        default: free(commands); return usage_error("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc && !script)
        script = argv[optind++];
    int rc;
    if (optind < argc)
        rc = usage_error("unexpected argument '%s'", argv[optind]);
    else if (demo)
        rc = nnwb_demo(stdout);
    else if (nn_ranks_size() > 1 && !batch && !ncommands)
        rc = usage_error("%s", "under mpirun, give the ranks a script with --batch SCRIPT (or -e)");
    else if (script && ncommands)
        rc = usage_error("%s", "give a script or -e commands, not both");
    else if (ncommands)
        rc = nnwb_batch_commands(commands, ncommands);
    else if (batch || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) /* no terminal: no screen */
        rc = script ? nnwb_batch_file(script) : usage_error("%s", "no terminal for the workbench: use --batch SCRIPT");
    else
        rc = workbench(script);
    free(commands);
    return close_stdout(rc);
}
