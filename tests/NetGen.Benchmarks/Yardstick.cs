using System;
using System.Reflection;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks;

/// <summary>
/// The hand-specialized classes of ../shared/reference/cs take their weights in the textbook layout: w1[i·H + j]
/// (input-major), b1[j], w2[j·O + k], b2[k]. This converts the generated <c>Parameters</c> layout (W1 row-major
/// [H × I], b1, W2 row-major [O × H], b2) to it, reads a hand network's parameters back in the generated layout (for the
/// self-check and <c>--check-yardstick</c>), and says whether the vectors a hand class is written with are accelerated
/// on this machine.
/// </summary>
/// <remarks>
/// What a hand class's <c>Train(x, t, lr, l2)</c> computes (shared/reference/README.md, and its code): one online SGD
/// step W ← W − lr (grad + l2 W) on the weights only, b ← b − lr δ, returning the sample's binary cross-entropy
/// summed over the outputs. So <c>lr</c> is η and <c>l2</c> is the per-weight decay coefficient, the λ/N of the
/// generated <c>TrainSample(input, target, η, λ, N)</c>: the benchmark passes <c>L2 / TrainingSetSize</c>.
/// </remarks>
internal static class Yardstick
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    public static (float[] W1, float[] B1, float[] W2, float[] B2) Textbook(float[] parameters, int inputs, int hidden, int outputs)
    {
        float[] w1 = new float[inputs * hidden], b1 = new float[hidden], w2 = new float[hidden * outputs], b2 = new float[outputs];
        int biases1 = hidden * inputs, weights2 = biases1 + hidden, biases2 = weights2 + (outputs * hidden);
        for (int j = 0; j < hidden; j++)
        {
            for (int i = 0; i < inputs; i++)
            {
                w1[(i * hidden) + j] = parameters[(j * inputs) + i];
            }

            b1[j] = parameters[biases1 + j];
            for (int k = 0; k < outputs; k++)
            {
                w2[(j * outputs) + k] = parameters[weights2 + (k * hidden) + j];
            }
        }

        for (int k = 0; k < outputs; k++)
        {
            b2[k] = parameters[biases2 + k];
        }

        return (w1, b1, w2, b2);
    }

    /// <summary>
    /// Copies a hand network's current parameters into <paramref name="parameters"/> in the generated layout. The hand
    /// classes keep them in private arrays, W1 input-major <c>_w1[i·H + j]</c>, <c>_b1[j]</c>, W2 output-major
    /// <c>_w2t[k·H + j]</c> and <c>_b2[k]</c> (the comment at the top of each class); they are read by reflection, and
    /// a class laid out otherwise makes this throw rather than read something else.
    /// </summary>
    public static void ReadParameters(object hand, float[] parameters, int inputs, int hidden, int outputs)
    {
        float[] w1 = Array(hand, "_w1", inputs * hidden), b1 = Array(hand, "_b1", hidden);
        float[] w2t = Array(hand, "_w2t", outputs * hidden), b2 = Array(hand, "_b2", outputs);
        int biases1 = hidden * inputs, weights2 = biases1 + hidden, biases2 = weights2 + (outputs * hidden);
        if (parameters.Length != biases2 + outputs)
        {
            throw new ArgumentException($"{parameters.Length} parameters, {biases2 + outputs} expected", nameof(parameters));
        }

        for (int j = 0; j < hidden; j++)
        {
            for (int i = 0; i < inputs; i++)
            {
                parameters[(j * inputs) + i] = w1[(i * hidden) + j];
            }

            parameters[biases1 + j] = b1[j];
        }

        w2t.AsSpan().CopyTo(parameters.AsSpan(weights2));   // output-major [O × H] is the generated W2 layout already
        b2.AsSpan().CopyTo(parameters.AsSpan(biases2));
    }

    /// <summary>
    /// Whether this machine accelerates the vectors the hand class <paramref name="handType"/> is written with (the
    /// return type of its sigmoid, <c>Sig</c>): Vector128 at 2-4-1, Vector512 at the other shapes. Where it does not
    /// (no AVX-512), .NET runs the class's Vector512 code through its software fallback, two Vector256 halves per
    /// operation with the Vector512 values copied through the stack, and calls wherever the JIT does not inline the
    /// fallback: in the Tier 1 code of <c>HandSimd_784_128_10.Train</c> under dynamic PGO, 41 calls in each of the 784
    /// iterations of its W1 update (README). A row would time that fallback rather than the yardstick (the generated
    /// code picks the widest accelerated width at run time).
    /// </summary>
    public static bool IsAccelerated(Type handType, out string vectors)
    {
        Type? sig = handType.GetMethod("Sig", BindingFlags.Static | BindingFlags.NonPublic)?.ReturnType;
        if (sig == typeof(Vector128<float>))
        {
            vectors = "Vector128";
            return Vector128.IsHardwareAccelerated;
        }

        if (sig == typeof(Vector256<float>))
        {
            vectors = "Vector256";
            return Vector256.IsHardwareAccelerated;
        }

        // Vector512, or a class whose vectors this cannot tell: only an AVX-512 machine runs every width accelerated.
        vectors = sig == typeof(Vector512<float>) ? "Vector512" : "unknown vectors";
        return Vector512.IsHardwareAccelerated;
    }

    /// <summary>The hand class a benchmark class times (the type of its <c>_hand</c> field), or null if it has none.</summary>
    public static Type? HandType(Type benchmarkType) => benchmarkType.GetField("_hand", Private)?.FieldType;

    private static float[] Array(object hand, string name, int length)
    {
        if (hand.GetType().GetField(name, Private)?.GetValue(hand) is not float[] array || array.Length != length)
        {
            throw new InvalidOperationException(
                $"{hand.GetType().Name} has no float[{length}] field {name}: its parameters are not laid out as Yardstick expects");
        }

        return array;
    }
}
