using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace NetGen.Tests.Golden;

/// <summary>
/// One case of Golden/deeper-networks.json: a network of any depth, a batch, and what PyTorch computed for it, with the
/// parameters flattened into the <see cref="DeepNaiveMlp"/> layout (for each layer W row-major, then b).
/// </summary>
public sealed class DeepGoldenCase
{
    /// <summary>The case's name, e.g. "tanh-8-10-6-4-softmax".</summary>
    public string Name { get; init; } = "";

    /// <summary>[inputs, hidden…, outputs].</summary>
    public int[] Layers { get; init; } = [];

    /// <summary>The hidden activation: "sigmoid", "tanh" or "relu".</summary>
    public string Activation { get; init; } = "";

    /// <summary>The output head: "sigmoid", "softmax" or "identity".</summary>
    public string Head { get; init; } = "";

    /// <summary>B, the rows of <see cref="X"/>.</summary>
    public int Batch { get; init; }

    /// <summary>N, the training-set size in λ/(2N).</summary>
    public int N { get; init; }

    /// <summary>λ.</summary>
    public double L2 { get; init; }

    /// <summary>η.</summary>
    public double LearningRate { get; init; }

    /// <summary>How many SGD steps on the same batch lead to <see cref="ParametersAfter"/>.</summary>
    public int Steps { get; init; }

    /// <summary>The initial parameters, flattened.</summary>
    public double[] Parameters { get; init; } = [];

    /// <summary>The batch inputs, B rows.</summary>
    public double[][] X { get; init; } = [];

    /// <summary>The batch targets, B rows.</summary>
    public double[][] T { get; init; } = [];

    /// <summary>The outputs for <see cref="X"/> under <see cref="Parameters"/>, B rows.</summary>
    public double[][] Y { get; init; } = [];

    /// <summary>The batch loss L, penalty included.</summary>
    public double Loss { get; init; }

    /// <summary>∂L/∂θ at <see cref="Parameters"/>, flattened.</summary>
    public double[] Gradient { get; init; } = [];

    /// <summary>The parameters after <see cref="Steps"/> SGD steps, flattened.</summary>
    public double[] ParametersAfter { get; init; } = [];

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>Loads Golden/deeper-networks.json from the test output directory, once, on first use.</summary>
public static class DeepGoldenCases
{
    private static readonly Lazy<IReadOnlyList<DeepGoldenCase>> Cases = new(Load);

    private static readonly Lazy<IReadOnlyList<DeepGoldenCase>> DeepCases =
        new(() => Cases.Value.Where(c => c.Layers.Length > 3).ToArray());

    /// <summary>Every case of the file, in file order.</summary>
    public static IReadOnlyList<DeepGoldenCase> All => Cases.Value;

    /// <summary>The cases with more than one hidden layer.</summary>
    public static IReadOnlyList<DeepGoldenCase> Deep => DeepCases.Value;

    /// <summary>The names of <see cref="All"/>, for [MemberData]: one test per case.</summary>
    public static TheoryData<string> Names => NamesOf(All);

    /// <summary>The names of <see cref="Deep"/>, for [MemberData].</summary>
    public static TheoryData<string> DeepNames => NamesOf(Deep);

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static DeepGoldenCase Get(string name) =>
        All.SingleOrDefault(c => c.Name == name) ?? throw new ArgumentException("No deep golden case named " + name, nameof(name));

    private static TheoryData<string> NamesOf(IEnumerable<DeepGoldenCase> cases)
    {
        var names = new TheoryData<string>();
        foreach (DeepGoldenCase c in cases)
        {
            names.Add(c.Name);
        }

        return names;
    }

    private static IReadOnlyList<DeepGoldenCase> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", "deeper-networks.json");
        using FileStream stream = File.OpenRead(path);
        RawFile file = JsonSerializer.Deserialize<RawFile>(stream) ?? throw new InvalidDataException(path + " is empty.");
        if (file.Cases.Length == 0)
        {
            throw new InvalidDataException(path + " has no cases.");
        }

        var cases = new List<DeepGoldenCase>(file.Cases.Length);
        foreach (RawCase raw in file.Cases)
        {
            CheckShape(path, raw, raw.W, raw.B, "W/b");
            CheckShape(path, raw, raw.DW, raw.DB, "dW/db");
            CheckShape(path, raw, raw.WAfter, raw.BAfter, "W_after/b_after");
            CheckRows(path, raw, raw.X, raw.Layers[0], "X");
            CheckRows(path, raw, raw.T, raw.Layers[^1], "T");
            CheckRows(path, raw, raw.Y, raw.Layers[^1], "Y");
            cases.Add(new DeepGoldenCase
            {
                Name = raw.Name,
                Layers = raw.Layers,
                Activation = raw.HiddenActivation,
                Head = raw.Head,
                Batch = raw.Batch,
                N = raw.N,
                L2 = raw.L2,
                LearningRate = raw.LearningRate,
                Steps = raw.Steps,
                Parameters = DeepNaiveMlp.Flatten(raw.W, raw.B),
                X = raw.X,
                T = raw.T,
                Y = raw.Y,
                Loss = raw.Loss,
                Gradient = DeepNaiveMlp.Flatten(raw.DW, raw.DB),
                ParametersAfter = DeepNaiveMlp.Flatten(raw.WAfter, raw.BAfter),
            });
        }

        return cases;
    }

    /// <summary>Checks that w[l] is layers[l + 1] × layers[l] and b[l] has layers[l + 1] entries.</summary>
    private static void CheckShape(string path, RawCase raw, double[][][] w, double[][] b, string what)
    {
        int[] layers = raw.Layers;
        bool ok = layers.Length >= 3 && w.Length == layers.Length - 1 && b.Length == layers.Length - 1;
        for (int l = 0; ok && l < w.Length; l++)
        {
            ok = w[l].Length == layers[l + 1] && b[l].Length == layers[l + 1] && w[l].All(row => row.Length == layers[l]);
        }

        if (!ok)
        {
            throw new InvalidDataException(path + ", case " + raw.Name + ": " + what + " do not match layers [" + string.Join(", ", layers) + "].");
        }
    }

    private static void CheckRows(string path, RawCase raw, double[][] rows, int width, string what)
    {
        if (rows.Length != raw.Batch || rows.Any(row => row.Length != width))
        {
            throw new InvalidDataException(path + ", case " + raw.Name + ": " + what + " is not " + raw.Batch + " × " + width + ".");
        }
    }

    private sealed class RawFile
    {
        [JsonPropertyName("cases")] public RawCase[] Cases { get; set; } = [];
    }

    private sealed class RawCase
    {
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("layers")] public int[] Layers { get; set; } = [];
        [JsonPropertyName("hidden_activation")] public string HiddenActivation { get; set; } = "";
        [JsonPropertyName("head")] public string Head { get; set; } = "";
        [JsonPropertyName("batch")] public int Batch { get; set; }
        [JsonPropertyName("n")] public int N { get; set; }
        [JsonPropertyName("l2")] public double L2 { get; set; }
        [JsonPropertyName("learning_rate")] public double LearningRate { get; set; }
        [JsonPropertyName("steps")] public int Steps { get; set; }
        [JsonPropertyName("W")] public double[][][] W { get; set; } = [];
        [JsonPropertyName("b")] public double[][] B { get; set; } = [];
        [JsonPropertyName("X")] public double[][] X { get; set; } = [];
        [JsonPropertyName("T")] public double[][] T { get; set; } = [];
        [JsonPropertyName("Y")] public double[][] Y { get; set; } = [];
        [JsonPropertyName("loss")] public double Loss { get; set; }
        [JsonPropertyName("dW")] public double[][][] DW { get; set; } = [];
        [JsonPropertyName("db")] public double[][] DB { get; set; } = [];
        [JsonPropertyName("W_after")] public double[][][] WAfter { get; set; } = [];
        [JsonPropertyName("b_after")] public double[][] BAfter { get; set; } = [];
    }
}
