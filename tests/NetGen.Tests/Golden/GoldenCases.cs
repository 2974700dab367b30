using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace NetGen.Tests.Golden;

/// <summary>One case of Golden/seed-network.json: a network, a batch, and what PyTorch computed for it.</summary>
public sealed class GoldenCase
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("inputs")] public int Inputs { get; set; }
    [JsonPropertyName("hidden")] public int Hidden { get; set; }
    [JsonPropertyName("outputs")] public int Outputs { get; set; }
    [JsonPropertyName("batch")] public int Batch { get; set; }
    [JsonPropertyName("n")] public int N { get; set; }
    [JsonPropertyName("l2")] public double L2 { get; set; }
    [JsonPropertyName("learning_rate")] public double LearningRate { get; set; }
    [JsonPropertyName("steps")] public int Steps { get; set; }

    [JsonPropertyName("W1")] public double[][] W1 { get; set; } = [];
    [JsonPropertyName("b1")] public double[] B1 { get; set; } = [];
    [JsonPropertyName("W2")] public double[][] W2 { get; set; } = [];
    [JsonPropertyName("b2")] public double[] B2 { get; set; } = [];

    [JsonPropertyName("X")] public double[][] X { get; set; } = [];
    [JsonPropertyName("T")] public double[][] T { get; set; } = [];
    [JsonPropertyName("Z")] public double[][] Z { get; set; } = [];
    [JsonPropertyName("Y")] public double[][] Y { get; set; } = [];
    [JsonPropertyName("loss")] public double Loss { get; set; }

    [JsonPropertyName("dW1")] public double[][] DW1 { get; set; } = [];
    [JsonPropertyName("db1")] public double[] DB1 { get; set; } = [];
    [JsonPropertyName("dW2")] public double[][] DW2 { get; set; } = [];
    [JsonPropertyName("db2")] public double[] DB2 { get; set; } = [];

    [JsonPropertyName("W1_after")] public double[][] W1After { get; set; } = [];
    [JsonPropertyName("b1_after")] public double[] B1After { get; set; } = [];
    [JsonPropertyName("W2_after")] public double[][] W2After { get; set; } = [];
    [JsonPropertyName("b2_after")] public double[] B2After { get; set; } = [];

    /// <summary>The initial parameters in the generated layout (<see cref="ParameterLayout"/>): W1 input-major, b1, W2 row-major, b2.</summary>
    public double[] Parameters => Flatten(W1, B1, W2, B2);

    /// <summary>dL/dθ in the generated layout.</summary>
    public double[] Gradient => Flatten(DW1, DB1, DW2, DB2);

    /// <summary>The parameters after <see cref="Steps"/> SGD steps, in the generated layout.</summary>
    public double[] ParametersAfter => Flatten(W1After, B1After, W2After, B2After);

    public int ParameterCount => Hidden * Inputs + Hidden + Outputs * Hidden + Outputs;

    /// <summary>The hidden activation: "sigmoid" for seed-network.json, the case's own for deeper-networks.json.</summary>
    [JsonIgnore] public string Activation { get; set; } = "sigmoid";

    /// <summary>The output head: "sigmoid" for seed-network.json, the case's own ("softmax", "identity") for deeper-networks.json.</summary>
    [JsonIgnore] public string Head { get; set; } = "sigmoid";

    public override string ToString() => Name;

    private double[] Flatten(double[][] w1, double[] b1, double[][] w2, double[] b2)
    {
        Assert.Equal(Hidden, w1.Length);
        Assert.All(w1, row => Assert.Equal(Inputs, row.Length));
        Assert.Equal(Hidden, b1.Length);
        Assert.Equal(Outputs, w2.Length);
        Assert.All(w2, row => Assert.Equal(Hidden, row.Length));
        Assert.Equal(Outputs, b2.Length);
        double[] flat = w1.SelectMany(row => row).Concat(b1).Concat(w2.SelectMany(row => row)).Concat(b2).ToArray();
        Assert.Equal(ParameterCount, flat.Length);
        return ParameterLayout.FromTextbook([Inputs, Hidden, Outputs], flat);
    }
}

/// <summary>The file's top level: what the vectors mean, and the cases.</summary>
public sealed class GoldenFile
{
    [JsonPropertyName("about")] public string About { get; set; } = "";
    [JsonPropertyName("loss")] public string Loss { get; set; } = "";
    [JsonPropertyName("layout")] public string Layout { get; set; } = "";
    [JsonPropertyName("sgd")] public string Sgd { get; set; } = "";
    [JsonPropertyName("cases")] public GoldenCase[] Cases { get; set; } = [];
}

/// <summary>Loads Golden/seed-network.json from the test output directory, once.</summary>
public static class GoldenCases
{
    private static readonly Lazy<GoldenFile> File = new(Load);

    public static GoldenFile Data => File.Value;

    public static IReadOnlyList<GoldenCase> All => File.Value.Cases;

    /// <summary>The case names, for [MemberData]: one test per case.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (GoldenCase c in All)
            {
                names.Add(c.Name);
            }

            return names;
        }
    }

    public static GoldenCase Get(string name) =>
        All.Concat(OtherActivations).SingleOrDefault(c => c.Name == name) ?? throw new ArgumentException("No golden case named " + name, nameof(name));

    private static readonly Lazy<IReadOnlyList<GoldenCase>> Deeper = new(LoadDeeper);

    /// <summary>
    /// The cases of Golden/deeper-networks.json that a one-hidden-layer network can run, other than the seed's own
    /// sigmoid-sigmoid pairing: another hidden activation (Activation = Tanh, Relu) or another head (Output = Softmax, Linear).
    /// </summary>
    public static IReadOnlyList<GoldenCase> OtherActivations => Deeper.Value;

    private static IReadOnlyList<GoldenCase> LoadDeeper()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", "deeper-networks.json");
        using FileStream stream = System.IO.File.OpenRead(path);
        using JsonDocument document = JsonDocument.Parse(stream);
        var cases = new List<GoldenCase>();
        foreach (JsonElement c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            int[] layers = c.GetProperty("layers").Deserialize<int[]>()!;
            string activation = c.GetProperty("hidden_activation").GetString()!;
            string head = c.GetProperty("head").GetString()!;
            if (layers.Length != 3 || (activation == "sigmoid" && head == "sigmoid"))
            {
                continue;
            }

            double[][][] w = c.GetProperty("W").Deserialize<double[][][]>()!, dw = c.GetProperty("dW").Deserialize<double[][][]>()!,
                wAfter = c.GetProperty("W_after").Deserialize<double[][][]>()!;
            double[][] b = c.GetProperty("b").Deserialize<double[][]>()!, db = c.GetProperty("db").Deserialize<double[][]>()!,
                bAfter = c.GetProperty("b_after").Deserialize<double[][]>()!;
            cases.Add(new GoldenCase
            {
                Name = c.GetProperty("name").GetString()!,
                Activation = activation,
                Head = head,
                Inputs = layers[0], Hidden = layers[1], Outputs = layers[2],
                Batch = c.GetProperty("batch").GetInt32(), N = c.GetProperty("n").GetInt32(),
                L2 = c.GetProperty("l2").GetDouble(), LearningRate = c.GetProperty("learning_rate").GetDouble(),
                Steps = c.GetProperty("steps").GetInt32(),
                W1 = w[0], B1 = b[0], W2 = w[1], B2 = b[1],
                X = c.GetProperty("X").Deserialize<double[][]>()!, T = c.GetProperty("T").Deserialize<double[][]>()!,
                Y = c.GetProperty("Y").Deserialize<double[][]>()!, Loss = c.GetProperty("loss").GetDouble(),
                DW1 = dw[0], DB1 = db[0], DW2 = dw[1], DB2 = db[1],
                W1After = wAfter[0], B1After = bAfter[0], W2After = wAfter[1], B2After = bAfter[1],
            });
        }

        if (cases.Count == 0)
        {
            throw new InvalidDataException(path + " has no one-hidden-layer case with another activation or head.");
        }

        return cases;
    }

    private static GoldenFile Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", "seed-network.json");
        using FileStream stream = System.IO.File.OpenRead(path);
        GoldenFile file = JsonSerializer.Deserialize<GoldenFile>(stream)
            ?? throw new InvalidDataException(path + " is empty.");
        if (file.Cases.Length == 0)
        {
            throw new InvalidDataException(path + " has no cases.");
        }

        return file;
    }
}
