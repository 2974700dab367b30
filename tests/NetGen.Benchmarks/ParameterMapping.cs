using System;

namespace NetGen.Benchmarks;

/// <summary>
/// The generated <c>Parameters</c> against the row-major layout the naive networks, ONNX Runtime, FANN and the yardstick
/// conversion use (every W [units × units below]). NetGen stores W1 input-major (w_ji at i·units + j) since weight-file
/// format version 2; a generator of an older commit (the baseline of compare-generator.sh) stores it row-major, and
/// then both maps are the identity. Only W1 moves: later layers and the biases are row-major in both.
/// </summary>
internal sealed class ParameterMapping(bool inputMajor, int inputs, int units)
{
    /// <summary>Where row-major parameter <paramref name="n"/> sits in the generated layout.</summary>
    public int GeneratedIndex(int n) =>
        inputMajor && n < inputs * units ? ((n % inputs) * units) + (n / inputs) : n;

    public float[] FromGenerated(ReadOnlySpan<float> generated)
    {
        var rowMajor = new float[generated.Length];
        for (int n = 0; n < rowMajor.Length; n++)
        {
            rowMajor[n] = generated[GeneratedIndex(n)];
        }

        return rowMajor;
    }

    public void ToGenerated(ReadOnlySpan<float> rowMajor, Span<float> generated)
    {
        if (rowMajor.Length != generated.Length)
        {
            throw new ArgumentException($"{rowMajor.Length} parameters for a network of {generated.Length}", nameof(rowMajor));
        }

        for (int n = 0; n < rowMajor.Length; n++)
        {
            generated[GeneratedIndex(n)] = rowMajor[n];
        }
    }
}
