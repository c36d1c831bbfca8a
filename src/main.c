/* nnwb: the neural-network workbench.  Command-line entry point. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: nnwb [OPTION]\n"
            "The neural-network workbench: load a CSV, define a network, train it and\n"
            "watch it learn, in one terminal program.\n"
            "\n"
            "  --demo       train the Keras tutorial example with the engine and print\n"
            "               its loss (the workbench screen and scripts are on the way)\n"
            "  --help       display this help and exit\n"
            "  --version    output version information and exit\n"
            "\n"
            "Report bugs in the project's issue tracker.\n");
}

static void version(void)
{
    printf("nnwb " PACKAGE_VERSION "\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n");
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return EXIT_SUCCESS;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        version();
        return EXIT_SUCCESS;
    }
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "--demo") == 0))
        return nnwb_demo(stdout);
    fprintf(stderr, "nnwb: unrecognized argument '%s'\nTry 'nnwb --help' for more information.\n",
            argv[1]);
    return 2;
}
