/* C reference for the two-hidden-layer network 784-128-64-10 (ReLU hidden units, softmax outputs), float,
   one sample per call: the sizes are compile-time constants, as they are in the code NetGen generates, so this is
   what gcc reaches when it knows every size. Same timing method as the shared reference (shared/reference/
   mlp_reference.c): many calls cycling over 64 fixed random samples, best of 7 repetitions, nanoseconds per call.

   train() is one online SGD step with the same maths as the generated TrainSample: forward pass, softmax, output
   deltas y - t, hidden deltas [z > 0] * sum_k w_kj delta_k, then w -= lr * (delta * input + (l2 / N) * w) and
   b -= lr * delta (L2 on the weights only). It DOES compute the loss, sum_k t_k (logsumexp(a) - a_k), and returns it,
   as TrainSample does (the shared one-hidden-layer reference does not). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { I = 784, H1 = 128, H2 = 64, O = 10, SAMPLES = 64, REPEATS = 7 };

/* The generated Parameters layout: W1 [H1][I], b1, W2 [H2][H1], b2, W3 [O][H2], b3. */
typedef struct {
    float w1[H1][I], b1[H1];
    float w2[H2][H1], b2[H2];
    float w3[O][H2], b3[O];
} net_t;

static net_t net;
static float xs[SAMPLES][I], ts[SAMPLES][O];
static volatile float sink; /* keeps every result live, so no call is optimized away */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* a = W x + b for one layer; relu when asked. Written as plain loops: with -O3 -ffast-math gcc vectorizes the dot
   products itself (-ffast-math is what lets it reorder the sum). */
#define LAYER(W, B, X, OUT, UNITS, FANIN, RELU)                       \
    for (int j = 0; j < (UNITS); j++) {                              \
        float a = (B)[j];                                             \
        for (int i = 0; i < (FANIN); i++) a += (W)[j][i] * (X)[i];   \
        (OUT)[j] = (RELU) ? (a > 0.0f ? a : 0.0f) : a;                \
    }

/* y = softmax(a) with the largest logit subtracted first; returns logsumexp(a). */
static float softmax(const float *a, float *y)
{
    float m = a[0];
    for (int k = 1; k < O; k++) m = a[k] > m ? a[k] : m;
    float sum = 0.0f;
    for (int k = 0; k < O; k++) { y[k] = expf(a[k] - m); sum += y[k]; }
    for (int k = 0; k < O; k++) y[k] /= sum;
    return m + logf(sum);
}

static void forward(const net_t *n, const float *x, float *y)
{
    float z1[H1], z2[H2], a3[O];
    LAYER(n->w1, n->b1, x, z1, H1, I, 1)
    LAYER(n->w2, n->b2, z1, z2, H2, H1, 1)
    LAYER(n->w3, n->b3, z2, a3, O, H2, 0)
    softmax(a3, y);
}

static float train(net_t *n, const float *x, const float *t, float lr, float l2, int training_set_size)
{
    float z1[H1], z2[H2], a3[O], y[O], d3[O], d2[H2], d1[H1];
    LAYER(n->w1, n->b1, x, z1, H1, I, 1)
    LAYER(n->w2, n->b2, z1, z2, H2, H1, 1)
    LAYER(n->w3, n->b3, z2, a3, O, H2, 0)
    float lse = softmax(a3, y), loss = 0.0f;
    for (int k = 0; k < O; k++) { loss += t[k] * (lse - a3[k]); d3[k] = y[k] - t[k]; }

    /* Every delta before any weight changes: each layer's deltas use the weights of the forward pass. Summing along k
       for each j reads W down its columns; for these sizes that costs less than the rest of the step. */
    for (int j = 0; j < H2; j++) {
        float s = 0.0f;
        for (int k = 0; k < O; k++) s += n->w3[k][j] * d3[k];
        d2[j] = z2[j] > 0.0f ? s : 0.0f;
    }
    for (int j = 0; j < H1; j++) d1[j] = 0.0f;
    for (int k = 0; k < H2; k++) /* row by row through W2, so its rows are read contiguously */
        for (int j = 0; j < H1; j++) d1[j] += n->w2[k][j] * d2[k];
    for (int j = 0; j < H1; j++) d1[j] = z1[j] > 0.0f ? d1[j] : 0.0f;

    float decay = l2 / training_set_size;
#define UPDATE(W, B, X, D, UNITS, FANIN)                                                   \
    for (int j = 0; j < (UNITS); j++) {                                                    \
        for (int i = 0; i < (FANIN); i++) (W)[j][i] -= lr * ((D)[j] * (X)[i] + decay * (W)[j][i]); \
        (B)[j] -= lr * (D)[j];                                                             \
    }
    UPDATE(n->w3, n->b3, z2, d3, O, H2)
    UPDATE(n->w2, n->b2, z1, d2, H2, H1)
    UPDATE(n->w1, n->b1, x, d1, H1, I)
    return loss;
}

static float uniform(void) { return rand() / (float)RAND_MAX; }

int main(void)
{
    /* Glorot-uniform weights (the range the generated InitializeParameters uses), zero biases, inputs in [0, 1),
       one-hot targets: the values matter for the timing only through ReLU, which keeps about half the units. */
    srand(1);
    const float r1 = sqrtf(6.0f / (I + H1)), r2 = sqrtf(6.0f / (H1 + H2)), r3 = sqrtf(6.0f / (H2 + O));
    for (int j = 0; j < H1; j++) for (int i = 0; i < I; i++) net.w1[j][i] = r1 * (2.0f * uniform() - 1.0f);
    for (int j = 0; j < H2; j++) for (int i = 0; i < H1; i++) net.w2[j][i] = r2 * (2.0f * uniform() - 1.0f);
    for (int k = 0; k < O; k++) for (int j = 0; j < H2; j++) net.w3[k][j] = r3 * (2.0f * uniform() - 1.0f);
    for (int s = 0; s < SAMPLES; s++) {
        for (int i = 0; i < I; i++) xs[s][i] = uniform();
        ts[s][rand() % O] = 1.0f;
    }

    /* About 9,000 calls per repetition, tens of milliseconds (the shared reference makes some 1,000 at 784-128-10,
       a few milliseconds, which a descheduling on this shared machine would spoil); a multiple of 64, so that every
       sample is visited equally often. */
    const long weights = (long)I * H1 + (long)H1 * H2 + (long)H2 * O;
    const long iters = (2000000000L / (2 * weights)) & ~63L;
    float y[O];
    double best_forward = 1e9, best_train = 1e9;
    for (int r = 0; r < REPEATS; r++) {
        double t0 = now();
        for (long it = 0; it < iters; it++) { forward(&net, xs[it & 63], y); sink = y[0]; }
        double t1 = now();
        for (long it = 0; it < iters; it++) sink = train(&net, xs[it & 63], ts[it & 63], 0.01f, 1e-4f, 1000);
        double t2 = now();
        if ((t1 - t0) / iters < best_forward) best_forward = (t1 - t0) / iters;
        if ((t2 - t1) / iters < best_train) best_train = (t2 - t1) / iters;
    }

    printf("{\"impl\":\"c-specialized\",\"shape\":\"%d-%d-%d-%d\",\"forward_ns\":%.2f,\"train_ns\":%.2f}\n",
           I, H1, H2, O, best_forward * 1e9, best_train * 1e9);
    return 0;
}
