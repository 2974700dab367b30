using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using NetGen.Onnx;
using Xunit;

namespace NetGen.Onnx.Tests;

internal static class TestNetworks
{
    /// <summary>A network with seeded Glorot-uniform weights, U(−r, r) with r = √(6/(in + out)) as NetGen initializes
    /// them (so that sums stay of the order of 1, where float's rounding is within the 1e-6 the tests allow), and
    /// biases in [−0.5, 0.5).</summary>
    public static OnnxMlp Random(int[] sizes, OnnxActivation activation, OnnxHead head, int seed)
    {
        var random = new Random(seed);
        var weights = new float[sizes.Length - 1][];
        var biases = new float[sizes.Length - 1][];
        for (int l = 0; l < weights.Length; l++)
        {
            double r = Math.Sqrt(6.0 / (sizes[l] + sizes[l + 1]));
            weights[l] = Enumerable.Range(0, sizes[l] * sizes[l + 1]).Select(_ => (float)((random.NextDouble() * 2 - 1) * r)).ToArray();
            biases[l] = Enumerable.Range(0, sizes[l + 1]).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        }
        return new OnnxMlp(sizes, activation, head, weights, biases, OnnxMlpWriter.Opset);
    }

    public static void AssertBitEqual(OnnxMlp expected, OnnxMlp actual)
    {
        Assert.Equal(expected.LayerSizes, actual.LayerSizes);
        Assert.Equal(expected.Activation, actual.Activation);
        Assert.Equal(expected.Head, actual.Head);
        for (int l = 0; l < expected.LayerCount; l++)
        {
            Assert.Equal(expected.Weights[l].Select(BitConverter.SingleToInt32Bits), actual.Weights[l].Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(expected.Biases[l].Select(BitConverter.SingleToInt32Bits), actual.Biases[l].Select(BitConverter.SingleToInt32Bits));
        }
    }
}

public class WriterTests
{
    public static IEnumerable<object[]> Networks()
    {
        int[][] shapes = { new[] { 2, 4, 1 }, new[] { 4, 8, 3 }, new[] { 3, 5, 4, 2 }, new[] { 5, 7, 6, 4, 3 }, new[] { 30, 16, 2 } };
        foreach (var shape in shapes)
            foreach (OnnxActivation activation in Enum.GetValues(typeof(OnnxActivation)))
                foreach (OnnxHead head in Enum.GetValues(typeof(OnnxHead)))
                    if (head != OnnxHead.Softmax || shape[^1] > 1)
                        yield return new object[] { string.Join("-", shape), activation.ToString(), head.ToString() };
    }

    private static int[] Sizes(string shape) => shape.Split('-').Select(int.Parse).ToArray();

    [Theory]
    [MemberData(nameof(Networks))]
    public void WrittenModelRunsInOnnxRuntimeAsTheNaivePass(string shape, string activationName, string headName)
    {
        var (activation, head) = (Enum.Parse<OnnxActivation>(activationName), Enum.Parse<OnnxHead>(headName));
        var mlp = TestNetworks.Random(Sizes(shape), activation, head, seed: shape.Length * 7 + (int)activation * 3 + (int)head);
        byte[] model = OnnxMlpWriter.Write(mlp);
        int batch = 6;
        var input = NaiveForward.RandomInputs(batch * mlp.LayerSizes[0], seed: 17);
        NaiveForward.AssertAgrees(NaiveForward.Run(mlp, input, batch), Ort.Run(model, input, new long[] { batch, mlp.LayerSizes[0] }), $"{shape} {activation} {head}");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void WriteThenReadIsBitExact(string shape, string activationName, string headName)
    {
        var (activation, head) = (Enum.Parse<OnnxActivation>(activationName), Enum.Parse<OnnxHead>(headName));
        var mlp = TestNetworks.Random(Sizes(shape), activation, head, seed: 99);
        var read = OnnxMlpReader.Read(OnnxMlpWriter.Write(mlp));
        Assert.True(read.Succeeded, read.Error);
        TestNetworks.AssertBitEqual(mlp, read.Mlp!);
        Assert.Equal(OnnxMlpWriter.Opset, read.Mlp!.Opset);
    }

    [Fact]
    public void ExtremeFloatsSurviveWriteThenRead()
    {
        // Negative zero, subnormals, the extremes of float: exactly the same bits back.
        float[] specials = { -0f, 0f, float.Epsilon, -float.Epsilon, 1.17549421E-38f, float.MaxValue, float.MinValue, 1f / 3, -7.5e-12f, 3.4e37f };
        // (NaN and ±∞ are refused by both the writer and the reader.)
        var sizes = new[] { 2, 5, 1 };
        var mlp = new OnnxMlp(sizes, OnnxActivation.Relu, OnnxHead.Linear,
            new[] { specials, specials.Take(5).ToArray() }, new[] { specials.Skip(5).ToArray(), new[] { -0f } }, 13);
        TestNetworks.AssertBitEqual(mlp, OnnxMlpReader.Read(OnnxMlpWriter.Write(mlp)).Mlp!);
    }

    [Fact]
    public void TheLargeNetworkRoundTripsAndRuns()
    {
        var mlp = TestNetworks.Random(new[] { 784, 128, 64, 10 }, OnnxActivation.Relu, OnnxHead.Softmax, seed: 5);
        byte[] model = OnnxMlpWriter.Write(mlp);
        TestNetworks.AssertBitEqual(mlp, OnnxMlpReader.Read(model).Mlp!);
        var input = NaiveForward.RandomInputs(3 * 784, seed: 2, low: 0, high: 1);
        NaiveForward.AssertAgrees(NaiveForward.Run(mlp, input, 3), Ort.Run(model, input, new long[] { 3, 784 }), "784-128-64-10");
    }

    [Fact]
    public void TheModelHasReadableNamesASymbolicBatchAndStatesItsOpset()
    {
        var mlp = TestNetworks.Random(new[] { 3, 5, 4, 2 }, OnnxActivation.Tanh, OnnxHead.Softmax, seed: 1);
        byte[] model = OnnxMlpWriter.Write(mlp, producerVersion: "0.1.0");
        using var session = new InferenceSession(model);
        var input = session.InputMetadata.Single();
        Assert.Equal("input", input.Key);
        Assert.Equal(new[] { -1, 3 }, input.Value.Dimensions);
        Assert.Equal("batch", input.Value.SymbolicDimensions[0]);
        var output = session.OutputMetadata.Single();
        Assert.Equal("output", output.Key);
        Assert.Equal(new[] { -1, 2 }, output.Value.Dimensions);
        Assert.Equal("NetGen", session.ModelMetadata.ProducerName);
        Assert.Equal("NetGen 3-5-4-2", session.ModelMetadata.GraphName);
        string text = System.Text.Encoding.UTF8.GetString(model);
        foreach (string name in new[] { "layer1.weight", "layer1.bias", "layer3.weight", "hidden1", "hidden2", "layer3.softmax", "Gemm", "Tanh", "transB" })
            Assert.Contains(name, text);
        Assert.Equal(13, OnnxMlpWriter.Opset);
    }

    [Fact]
    public void InconsistentArgumentsAreRefusedBeforeWriting()
    {
        float[][] w = { new float[8], new float[4] }, b = { new float[4], new float[1] };
        Assert.Throws<ArgumentException>(() => OnnxMlpWriter.Write(new[] { 2, 4 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, w, b));
        Assert.Throws<ArgumentException>(() => OnnxMlpWriter.Write(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, new[] { new float[7], new float[4] }, b));
        Assert.Throws<ArgumentException>(() => OnnxMlpWriter.Write(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, w, new[] { new float[4], new float[2] }));
        Assert.Throws<ArgumentException>(() => OnnxMlpWriter.Write(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Softmax, w, b));
        Assert.Throws<ArgumentException>(() => OnnxMlpWriter.Write(new[] { 2, 4, 1 }, (OnnxActivation)7, OnnxHead.Sigmoid, w, b));
        Assert.Throws<ArgumentException>(() => OnnxMlpWriter.Write(new[] { 2, 0, 1 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, w, b));
        Assert.NotEmpty(OnnxMlpWriter.Write(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, w, b));
        w[1][3] = float.NaN;
        Assert.Contains("Layer 2's weights hold a non-finite value at index 3", Assert.Throws<ArgumentException>(
            () => OnnxMlpWriter.Write(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, w, b)).Message);
        w[1][3] = 0;
        b[0][2] = float.NegativeInfinity;
        Assert.Throws<ArgumentException>(() => OnnxMlpWriter.Write(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, w, b));
    }

    [Fact]
    public void ParametersLayoutRoundTrips()
    {
        var mlp = TestNetworks.Random(new[] { 3, 5, 4, 2 }, OnnxActivation.Relu, OnnxHead.Linear, seed: 8);
        float[] parameters = mlp.ToParameters();
        Assert.Equal(5 * 3 + 5 + 4 * 5 + 4 + 2 * 4 + 2, parameters.Length);
        Assert.Equal(mlp.Weights[1][0], parameters[5 * 3 + 5]);
        Assert.Equal(mlp.Biases[2][1], parameters[^1]);
        for (int j = 0; j < 5; j++)
        {
            for (int i = 0; i < 3; i++)
            {
                // W1 input-major in NetGen (w_ji at i·5 + j), [out][in] in ONNX.
                Assert.Equal(mlp.Weights[0][(j * 3) + i], parameters[(i * 5) + j]);
            }
        }

        Assert.Equal(mlp.Biases[0][4], parameters[(5 * 3) + 4]);
        TestNetworks.AssertBitEqual(mlp, OnnxMlp.FromParameters(mlp.LayerSizes, mlp.Activation, mlp.Head, parameters, 13));
        Assert.Throws<ArgumentException>(() => OnnxMlp.FromParameters(mlp.LayerSizes, mlp.Activation, mlp.Head, parameters[..^1], 13));
        Assert.Throws<ArgumentException>(() => OnnxMlp.FromParameters(mlp.LayerSizes, mlp.Activation, mlp.Head, parameters.Append(0f).ToArray(), 13));
    }

    [Fact]
    public void ReadModelsWriteBackToTheSameNetwork()
    {
        // Every accepted PyTorch export, read, written by NetGen and read again: the same floats.
        foreach (var entry in Models.All.Where(m => m.Expect == "accept"))
        {
            var mlp = OnnxMlpReader.Read(entry.Bytes()).Mlp!;
            TestNetworks.AssertBitEqual(mlp, OnnxMlpReader.Read(OnnxMlpWriter.Write(mlp)).Mlp!);
        }
    }
}
