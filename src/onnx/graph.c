/* The ONNX graph builder.  See graph.h. */
#include "graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *take(onnx_graph *g, size_t size)
{
    if (g->failed)
        return NULL;
    if (g->n_pool == g->cap_pool) {
        size_t cap = g->cap_pool ? 2 * g->cap_pool : 64;
        void **grown = realloc(g->pool, cap * sizeof *grown);
        if (!grown) {
            g->failed = true;
            return NULL;
        }
        g->pool = grown, g->cap_pool = cap;
    }
    void *p = calloc(1, size ? size : 1);
    if (!p) {
        g->failed = true;
        return NULL;
    }
    return g->pool[g->n_pool++] = p;
}

static char *copy(onnx_graph *g, const char *s)
{
    char *c = take(g, strlen(s) + 1);
    return c ? strcpy(c, s) : NULL;
}

/* Appends item to a repeated field (*items, *n), growing it in the pool. */
static bool append(onnx_graph *g, void ***items, size_t *n, void *item)
{
    if (!item)
        return false;
    void **grown = take(g, (*n + 1) * sizeof *grown);
    if (!grown)
        return false;
    if (*n)
        memcpy(grown, *items, *n * sizeof *grown);
    grown[(*n)++] = item;
    *items = grown;
    return true;
}
#define APPEND(g, field, n, item) append(g, (void ***)&(field), &(n), item)

void onnx_graph_init(onnx_graph *g, const char *name, int opset)
{
    memset(g, 0, sizeof *g);
    onnx__model_proto__init(&g->model);
    onnx__graph_proto__init(&g->graph);
    g->model.has_ir_version = 1, g->model.ir_version = 7; /* what opset 13 came with */
    g->model.producer_name = copy(g, "nnwb");
    g->model.graph = &g->graph;
    g->graph.name = copy(g, name);
    Onnx__OperatorSetIdProto *op = take(g, sizeof *op);
    if (op) {
        onnx__operator_set_id_proto__init(op);
        op->domain = copy(g, ""), op->has_version = 1, op->version = opset;
    }
    APPEND(g, g->model.opset_import, g->model.n_opset_import, op);
}

void onnx_graph_free(onnx_graph *g)
{
    for (size_t i = 0; i < g->n_pool; i++)
        free(g->pool[i]);
    free(g->pool);
    memset(g, 0, sizeof *g);
}

const char *onnx_name(onnx_graph *g, const char *prefix)
{
    char buf[96];
    snprintf(buf, sizeof buf, "%s_%d", prefix, ++g->counter);
    return copy(g, buf);
}

const char *onnx_floats(onnx_graph *g, const char *prefix, const float *v, size_t n, const int64_t *dims,
                        size_t n_dims)
{
    Onnx__TensorProto *t = take(g, sizeof *t);
    float *data = take(g, n * sizeof *data);
    int64_t *d = take(g, n_dims * sizeof *d);
    if (!t || !data || !d)
        return NULL;
    onnx__tensor_proto__init(t);
    memcpy(data, v, n * sizeof *data);
    if (n_dims)
        memcpy(d, dims, n_dims * sizeof *d);
    t->name = (char *)onnx_name(g, prefix);
    t->has_data_type = 1, t->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
    t->n_dims = n_dims, t->dims = d;
    t->n_float_data = n, t->float_data = data;
    return APPEND(g, g->graph.initializer, g->graph.n_initializer, t) ? t->name : NULL;
}

const char *onnx_scalar(onnx_graph *g, const char *prefix, float v)
{
    return onnx_floats(g, prefix, &v, 1, NULL, 0);
}

const char *onnx_ints(onnx_graph *g, const char *prefix, const int64_t *v, size_t n)
{
    Onnx__TensorProto *t = take(g, sizeof *t);
    int64_t *data = take(g, n * sizeof *data), *d = take(g, sizeof *d);
    if (!t || !data || !d)
        return NULL;
    onnx__tensor_proto__init(t);
    memcpy(data, v, n * sizeof *data);
    *d = (int64_t)n;
    t->name = (char *)onnx_name(g, prefix);
    t->has_data_type = 1, t->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__INT64;
    t->n_dims = 1, t->dims = d;
    t->n_int64_data = n, t->int64_data = data;
    return APPEND(g, g->graph.initializer, g->graph.n_initializer, t) ? t->name : NULL;
}

static const char *node(onnx_graph *g, const char *op, const char *const *in, size_t n_in, const char *out,
                        size_t nth)
{
    Onnx__NodeProto *node = take(g, sizeof *node);
    char **inputs = take(g, n_in * sizeof *inputs), **outputs = take(g, (nth + 1) * sizeof *outputs);
    if (!node || !inputs || !outputs)
        return NULL;
    onnx__node_proto__init(node);
    for (size_t i = 0; i < n_in; i++)
        if (!in[i] || !(inputs[i] = copy(g, in[i])))
            return g->failed = true, NULL;
    for (size_t i = 0; i < nth; i++)
        if (!(outputs[i] = copy(g, "")))
            return NULL;
    outputs[nth] = out ? copy(g, out) : (char *)onnx_name(g, op);
    node->op_type = copy(g, op);
    node->name = (char *)onnx_name(g, "node");
    node->n_input = n_in, node->input = inputs;
    node->n_output = nth + 1, node->output = outputs;
    return APPEND(g, g->graph.node, g->graph.n_node, node) ? outputs[nth] : NULL;
}

const char *onnx_node(onnx_graph *g, const char *op, const char *const *in, size_t n_in, const char *out)
{
    return node(g, op, in, n_in, out, 0);
}

const char *onnx_node_nth(onnx_graph *g, const char *op, const char *const *in, size_t n_in, size_t nth)
{
    return node(g, op, in, n_in, NULL, nth);
}

static Onnx__AttributeProto *attr(onnx_graph *g, const char *name, Onnx__AttributeProto__AttributeType type)
{
    Onnx__AttributeProto *a = take(g, sizeof *a);
    if (!a || !g->graph.n_node)
        return NULL;
    onnx__attribute_proto__init(a);
    a->name = copy(g, name), a->has_type = 1, a->type = type;
    Onnx__NodeProto *node = g->graph.node[g->graph.n_node - 1];
    return APPEND(g, node->attribute, node->n_attribute, a) ? a : NULL;
}

void onnx_attr_float(onnx_graph *g, const char *name, float v)
{
    Onnx__AttributeProto *a = attr(g, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT);
    if (a)
        a->has_f = 1, a->f = v;
}

void onnx_attr_int(onnx_graph *g, const char *name, int64_t v)
{
    Onnx__AttributeProto *a = attr(g, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT);
    if (a)
        a->has_i = 1, a->i = v;
}

void onnx_attr_ints(onnx_graph *g, const char *name, const int64_t *v, size_t n)
{
    Onnx__AttributeProto *a = attr(g, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS);
    int64_t *data = take(g, n * sizeof *data);
    if (a && data)
        memcpy(data, v, n * sizeof *data), a->n_ints = n, a->ints = data;
}

void onnx_attr_string(onnx_graph *g, const char *name, const char *v)
{
    Onnx__AttributeProto *a = attr(g, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRING);
    char *data = copy(g, v);
    if (a && data)
        a->has_s = 1, a->s.data = (uint8_t *)data, a->s.len = strlen(v);
}

void onnx_attr_strings(onnx_graph *g, const char *name, const char *const *v, size_t n)
{
    Onnx__AttributeProto *a = attr(g, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRINGS);
    ProtobufCBinaryData *data = take(g, (n ? n : 1) * sizeof *data);
    if (!a || !data)
        return;
    for (size_t i = 0; i < n; i++)
        data[i].data = (uint8_t *)copy(g, v[i]), data[i].len = strlen(v[i]);
    a->n_strings = n, a->strings = data;
}

static Onnx__ValueInfoProto *value_info(onnx_graph *g, const char *name, int64_t width, int elem_type)
{
    Onnx__ValueInfoProto *v = take(g, sizeof *v);
    Onnx__TypeProto *type = take(g, sizeof *type);
    Onnx__TypeProto__Tensor *tensor = take(g, sizeof *tensor);
    Onnx__TensorShapeProto *shape = take(g, sizeof *shape);
    Onnx__TensorShapeProto__Dimension *dims = take(g, 2 * sizeof *dims), **dim = take(g, 2 * sizeof *dim);
    if (!v || !type || !tensor || !shape || !dims || !dim)
        return NULL;
    onnx__value_info_proto__init(v), onnx__type_proto__init(type);
    onnx__type_proto__tensor__init(tensor), onnx__tensor_shape_proto__init(shape);
    for (int i = 0; i < 2; i++)
        onnx__tensor_shape_proto__dimension__init(&dims[i]), dim[i] = &dims[i];
    dims[0].value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM, dims[0].dim_param = copy(g, "batch");
    dims[1].value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE, dims[1].dim_value = width;
    shape->n_dim = 2, shape->dim = dim;
    tensor->has_elem_type = 1, tensor->elem_type = elem_type, tensor->shape = shape;
    type->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE, type->tensor_type = tensor;
    v->name = copy(g, name), v->type = type;
    return v;
}

void onnx_input(onnx_graph *g, const char *name, int64_t width)
{
    APPEND(g, g->graph.input, g->graph.n_input, value_info(g, name, width, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT));
}

void onnx_input_strings(onnx_graph *g, const char *name, int64_t width)
{
    APPEND(g, g->graph.input, g->graph.n_input, value_info(g, name, width, ONNX__TENSOR_PROTO__DATA_TYPE__STRING));
}

void onnx_output(onnx_graph *g, const char *name, int64_t width)
{
    APPEND(g, g->graph.output, g->graph.n_output, value_info(g, name, width, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT));
}

void onnx_meta(onnx_graph *g, const char *key, const char *value)
{
    Onnx__StringStringEntryProto *e = take(g, sizeof *e);
    if (!e)
        return;
    onnx__string_string_entry_proto__init(e);
    e->key = copy(g, key), e->value = copy(g, value);
    APPEND(g, g->model.metadata_props, g->model.n_metadata_props, e);
}

unsigned char *onnx_pack(onnx_graph *g, size_t *len)
{
    if (g->failed)
        return NULL;
    *len = onnx__model_proto__get_packed_size(&g->model);
    unsigned char *out = malloc(*len ? *len : 1);
    if (out)
        onnx__model_proto__pack(&g->model, out);
    return out;
}
