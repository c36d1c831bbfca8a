/* Building an ONNX graph with the structures protobuf-c generates from
 * onnx.proto: nodes, float initializers, inputs and outputs, metadata.
 * Every allocation goes into the builder's pool and is freed with it; an
 * allocation that fails sets `failed`, and the calls after it do nothing,
 * so a caller checks once, at the end. */
#ifndef NN_ONNX_GRAPH_H
#define NN_ONNX_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "onnx.pb-c.h"

typedef struct onnx_graph {
    Onnx__ModelProto model;
    Onnx__GraphProto graph;
    void **pool;
    size_t n_pool, cap_pool;
    int counter; /* for fresh value names */
    bool failed;
} onnx_graph;

void onnx_graph_init(onnx_graph *g, const char *name, int opset);
void onnx_graph_free(onnx_graph *g);

/* A fresh value name, "PREFIX_N" (in the pool). */
const char *onnx_name(onnx_graph *g, const char *prefix);

/* A float initializer of n values and the given dims; returns its name. */
const char *onnx_floats(onnx_graph *g, const char *prefix, const float *v, size_t n, const int64_t *dims,
                        size_t n_dims);
const char *onnx_scalar(onnx_graph *g, const char *prefix, float v);
/* An int64 vector initializer of n values (shapes, indices, axes). */
const char *onnx_ints(onnx_graph *g, const char *prefix, const int64_t *v, size_t n);

/* A node of op with inputs in[0..n_in); its one output is returned (a
 * fresh name, or `out` when given). */
const char *onnx_node(onnx_graph *g, const char *op, const char *const *in, size_t n_in, const char *out);
/* A node with several outputs, of which the caller wants output `nth`
 * (those before it are left unnamed: ONNX's omitted optional outputs). */
const char *onnx_node_nth(onnx_graph *g, const char *op, const char *const *in, size_t n_in, size_t nth);
/* Attributes of the last node added. */
void onnx_attr_float(onnx_graph *g, const char *name, float v);
void onnx_attr_int(onnx_graph *g, const char *name, int64_t v);
void onnx_attr_ints(onnx_graph *g, const char *name, const int64_t *v, size_t n);
void onnx_attr_string(onnx_graph *g, const char *name, const char *v);
void onnx_attr_strings(onnx_graph *g, const char *name, const char *const *v, size_t n);

/* A float input or output [batch, width] (a symbolic batch). */
void onnx_input(onnx_graph *g, const char *name, int64_t width);
/* A string input [batch, width]. */
void onnx_input_strings(onnx_graph *g, const char *name, int64_t width);
void onnx_output(onnx_graph *g, const char *name, int64_t width);

void onnx_meta(onnx_graph *g, const char *key, const char *value);

/* The packed model (malloc'd), or NULL when something failed. */
unsigned char *onnx_pack(onnx_graph *g, size_t *len);

#endif
