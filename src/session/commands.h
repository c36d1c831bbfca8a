/* Handlers of the command table, by group (cmd_<group>.c). */
#ifndef NN_COMMANDS_H
#define NN_COMMANDS_H

#include "command.h"

#define HANDLER(name) int name(nn_session *s, const nn_call *c, nn_error *err)

/* cmd_data.c */
HANDLER(cmd_load);
HANDLER(cmd_generate);
HANDLER(cmd_columns);
HANDLER(cmd_describe);
HANDLER(cmd_head);
HANDLER(cmd_tail);
HANDLER(cmd_plot);
HANDLER(cmd_recipe_step); /* every recipe step: the kind is the command's name */
HANDLER(cmd_recipe);

/* cmd_model.c */
HANDLER(cmd_model);
HANDLER(cmd_add);
HANDLER(cmd_remove);
HANDLER(cmd_summary);
HANDLER(cmd_loss);
HANDLER(cmd_optimizer);
HANDLER(cmd_compile);
HANDLER(cmd_set);

/* jobs: job_train.c, job_cv.c, job_sweep.c; their controls: cmd_job.c */
HANDLER(cmd_train);
HANDLER(cmd_pause);
HANDLER(cmd_resume);
HANDLER(cmd_stop);
HANDLER(cmd_wait);
HANDLER(cmd_step);
HANDLER(cmd_cv);
HANDLER(cmd_sweep);

/* cmd_results.c */
HANDLER(cmd_evaluate);
HANDLER(cmd_importance);
HANDLER(cmd_explain);

/* cmd_history.c */
HANDLER(cmd_history);
HANDLER(cmd_runs);
HANDLER(cmd_pace);
HANDLER(cmd_compare);
int export_history(nn_session *s, const char *path, nn_error *err);

/* cmd_export_plot.c: `export plot PANE FILE` */
int export_plot(nn_session *s, const nn_call *c, nn_error *err);
/* cmd_export_model.c: `export onnx FILE` */
int export_onnx(nn_session *s, const char *path, nn_error *err);

/* cmd_files.c */
HANDLER(cmd_predict);
HANDLER(cmd_save);
HANDLER(cmd_open);
HANDLER(cmd_export);
HANDLER(cmd_source);

/* cmd_help.c */
HANDLER(cmd_help);
HANDLER(cmd_quit);
HANDLER(cmd_theme);
HANDLER(cmd_zoom);
HANDLER(cmd_log);
HANDLER(cmd_view);

/* cmd_tour.c */
HANDLER(cmd_tour);

#endif
