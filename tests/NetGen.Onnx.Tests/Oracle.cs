using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using NetGen.Onnx;
using Xunit;

namespace NetGen.Onnx.Tests;

/// <summary>The plain forward pass over a read network, in double: the oracle both ONNX Runtime and the reader answer to.</summary>
internal static class NaiveForward
{
    public static double[] Run(OnnxMlp mlp, float[] batch, int samples)
    {
        int inputs = mlp.LayerSizes[0], outputs = mlp.LayerSizes[^1];
        var result = new double[samples * outputs];
        for (int n = 0; n < samples; n++)
        {
            double[] z = new double[inputs];
            for (int i = 0; i < inputs; i++) z[i] = batch[n * inputs + i];
            for (int l = 0; l < mlp.LayerCount; l++)
            {
                int fanIn = mlp.LayerSizes[l], units = mlp.LayerSizes[l + 1];
                var a = new double[units];
                for (int j = 0; j < units; j++)
                {
                    double sum = mlp.Biases[l][j];
                    for (int i = 0; i < fanIn; i++) sum += (double)mlp.Weights[l][j * fanIn + i] * z[i];
                    a[j] = sum;
                }
                bool hidden = l < mlp.LayerCount - 1;
                if (hidden)
                {
                    for (int j = 0; j < units; j++)
                        a[j] = mlp.Activation switch
                        {
                            OnnxActivation.Sigmoid => 1 / (1 + Math.Exp(-a[j])),
                            OnnxActivation.Tanh => Math.Tanh(a[j]),
                            _ => Math.Max(0, a[j]),
                        };
                }
                else if (mlp.Head == OnnxHead.Sigmoid)
                {
                    for (int j = 0; j < units; j++) a[j] = 1 / (1 + Math.Exp(-a[j]));
                }
                else if (mlp.Head == OnnxHead.Softmax)
                {
                    double max = a.Max(), total = 0;
                    for (int j = 0; j < units; j++) total += a[j] = Math.Exp(a[j] - max);
                    for (int j = 0; j < units; j++) a[j] /= total;
                }
                z = a;
            }
            Array.Copy(z, 0, result, n * outputs, outputs);
        }
        return result;
    }

    /// <summary>Asserts |actual − expected| ≤ 1e-6 · max(1, |expected|) for every output.</summary>
    public static void AssertAgrees(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            double error = Math.Abs(actual[k] - expected[k]);
            double bound = 1e-6 * Math.Max(1, Math.Abs(expected[k]));
            Assert.True(error <= bound, $"{what}: output {k} is {actual[k]:R} in ONNX Runtime, {expected[k]:R} by the naive pass (error {error:E2} > {bound:E2})");
        }
    }

    public static float[] RandomInputs(int count, int seed, float low = -2f, float high = 2f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = low + (float)random.NextDouble() * (high - low);
        return values;
    }
}

/// <summary>ONNX Runtime on a model in memory.</summary>
internal static class Ort
{
    public static float[] Run(byte[] model, float[] input, long[] shape)
    {
        using var options = new SessionOptions();
        options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        using var session = new InferenceSession(model, options);
        return Run(session, input, shape);
    }

    public static float[] Run(InferenceSession session, float[] input, long[] shape)
    {
        string inputName = session.InputMetadata.Keys.Single();
        string outputName = session.OutputMetadata.Keys.Single();
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, new[] { inputName }, new[] { value }, new[] { outputName });
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>ONNX Runtime's output, or null when it refuses to load or run the model.</summary>
    public static float[]? TryRun(byte[] model, float[] input, long[] shape)
    {
        try
        {
            return Run(model, input, shape);
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
    }
}

/// <summary>One row of Models/models.json, written by tools/onnx/make_models.py.</summary>
public sealed class ModelEntry
{
    public string File { get; set; } = "";
    public int[] Layers { get; set; } = [];
    public string Activation { get; set; } = "";
    public string Head { get; set; } = "";
    public string Form { get; set; } = "";
    public int Opset { get; set; }
    public string Batch { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string Expect { get; set; } = "";
    public int[]? InputShape { get; set; }

    public override string ToString() => File;

    public byte[] Bytes() => System.IO.File.ReadAllBytes(Path.Combine(Models.Folder, File));

    /// <summary>The shape of an input batch: [batch, features], or [batch, d1, d2] for the Flatten model.</summary>
    public long[] InputBatchShape(int batch) =>
        new long[] { batch }.Concat((InputShape ?? new[] { Layers[0] }).Select(d => (long)d)).ToArray();

    public bool FixedBatch => Batch.StartsWith("fixed", StringComparison.Ordinal);
}

public static class Models
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Models");

    public static readonly IReadOnlyList<ModelEntry> All = JsonSerializer.Deserialize<List<ModelEntry>>(
        System.IO.File.ReadAllText(Path.Combine(Folder, "models.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

    public static IEnumerable<object[]> Accepted() => All.Where(m => m.Expect == "accept").Select(m => new object[] { m });

    public static IEnumerable<object[]> Refused() => All.Where(m => m.Expect == "refuse").Select(m => new object[] { m });

    public static ModelEntry Named(string file) => All.Single(m => m.File == file);
}
