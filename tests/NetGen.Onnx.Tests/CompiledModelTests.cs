using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace NetGen.Onnx.Tests;

/// <summary>
/// The generator's side of ONNX, on networks compiled for real: every accepted model compiled in with
/// <c>Weights = "….onnx"</c> (through NetGen.targets) computes what ONNX Runtime computes from the same file, within
/// 1e-6; <c>SaveOnnx</c> writes models ONNX Runtime runs to the outputs of <c>Forward</c>, and that <c>LoadOnnx</c> reads
/// back bit for bit; <c>LoadOnnx</c> refuses every truncation and every structural change the reader refuses, leaving the
/// parameters exactly as they were.
/// </summary>
public class CompiledModelTests
{
    public static IEnumerable<object[]> Accepted() => Models.Accepted();

    /// <summary>1e-6 relative to max(1, |expected|), float against float.</summary>
    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            double error = Math.Abs((double)actual[k] - expected[k]);
            double bound = 1e-6 * Math.Max(1, Math.Abs((double)expected[k]));
            Assert.True(error <= bound, $"{what}: output {k} is {actual[k]:R} compiled, {expected[k]:R} in ONNX Runtime (error {error:E2} > {bound:E2})");
        }
    }

    private static float[] ForwardAll(ICompiledModel network, float[] inputs, int inputCount, int outputCount)
    {
        int samples = inputs.Length / inputCount;
        var outputs = new float[samples * outputCount];
        for (int n = 0; n < samples; n++)
            network.Forward(inputs.AsSpan(n * inputCount, inputCount), outputs.AsSpan(n * outputCount, outputCount));
        return outputs;
    }

    private static int Samples(ModelEntry entry) => entry.FixedBatch ? 3 : 16;

    [Theory]
    [MemberData(nameof(Accepted))]
    public void CompiledIn_HoldsTheModelsWeights_BitForBit(ModelEntry entry)
    {
        ICompiledModel network = CompiledModels.ByFile[entry.File]();
        float[] expected = OnnxMlpReader.ReadOrThrow(entry.Bytes()).ToParameters();
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), network.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void CompiledIn_AgreesWithOnnxRuntime(ModelEntry entry)
    {
        ICompiledModel network = CompiledModels.ByFile[entry.File]();
        int inputs = entry.Layers[0], outputs = entry.Layers[^1], samples = Samples(entry);
        float[] x = NaiveForward.RandomInputs(samples * inputs, seed: entry.File.Length);
        float[] runtime = Ort.Run(entry.Bytes(), x, entry.InputBatchShape(samples));
        float[] compiled = ForwardAll(network, x, inputs, outputs);
        AssertClose(runtime, compiled, entry.File);
    }

    /// <summary>Each compiled model, and two networks initialized from seeds (Adam; double precision, exported as floats).</summary>
    public static IEnumerable<object[]> Exported()
    {
        foreach (var entry in Models.All.Where(m => m.Expect == "accept"))
            yield return new object[] { entry.File };
        yield return new object[] { "AdamNet" };
    }

    private static (ICompiledModel Network, int Inputs, int Outputs) Subject(string name)
    {
        if (name == "AdamNet")
        {
            var adam = new AdamNet();
            adam.InitializeParameters(11);
            return (adam, AdamNet.InputCount, AdamNet.OutputCount);
        }

        ModelEntry entry = Models.Named(name);
        return (CompiledModels.ByFile[name](), entry.Layers[0], entry.Layers[^1]);
    }

    private static byte[] Save(ICompiledModel network)
    {
        var stream = new MemoryStream();
        network.SaveOnnx(stream);
        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(Exported))]
    public void SaveOnnx_RunsInOnnxRuntime_AsForwardComputes(string name)
    {
        (ICompiledModel network, int inputs, int outputs) = Subject(name);
        byte[] model = Save(network);
        const int Samples = 7;
        float[] x = NaiveForward.RandomInputs(Samples * inputs, seed: 5);
        float[] runtime = Ort.Run(model, x, new long[] { Samples, inputs });
        AssertClose(runtime, ForwardAll(network, x, inputs, outputs), name);
    }

    [Theory]
    [MemberData(nameof(Exported))]
    public void SaveOnnx_ThenLoadOnnx_GivesTheSameParameters_BitForBit(string name)
    {
        (ICompiledModel network, _, _) = Subject(name);
        byte[] model = Save(network);
        (ICompiledModel fromSpan, _, _) = Subject(name);
        (ICompiledModel fromStream, _, _) = Subject(name);
        fromSpan.InitializeParameters(99);
        fromStream.InitializeParameters(98);
        Assert.NotEqual(network.Parameters.ToArray(), fromSpan.Parameters.ToArray());
        fromSpan.LoadOnnx(model);
        fromStream.LoadOnnx(new MemoryStream(model));
        int[] expected = network.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
        Assert.Equal(expected, fromSpan.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expected, fromStream.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void DoublePrecision_ExportsFloats_AndLoadsThemWidened()
    {
        var network = new DoubleNet();
        network.InitializeParameters(3);
        var stream = new MemoryStream();
        network.SaveOnnx(stream);
        byte[] model = stream.ToArray();
        OnnxMlp read = OnnxMlpReader.ReadOrThrow(model);
        float[] floats = read.ToParameters();
        Assert.Equal(network.Parameters.ToArray().Select(p => (float)p), floats);

        var loaded = new DoubleNet();
        loaded.LoadOnnx(model);
        Assert.Equal(floats.Select(f => (double)f), loaded.Parameters.ToArray());

        // ONNX Runtime on the floats, against Forward of the widened floats: double sums of float weights.
        float[] x = NaiveForward.RandomInputs(4 * DoubleNet.InputCount, seed: 8);
        float[] runtime = Ort.Run(model, x, new long[] { 4, DoubleNet.InputCount });
        var output = new double[DoubleNet.OutputCount];
        for (int n = 0; n < 4; n++)
        {
            loaded.Forward(x.Skip(n * DoubleNet.InputCount).Take(DoubleNet.InputCount).Select(v => (double)v).ToArray(), output);
            for (int k = 0; k < output.Length; k++)
                Assert.True(Math.Abs(output[k] - runtime[(n * DoubleNet.OutputCount) + k]) <= 1e-6 * Math.Max(1, Math.Abs(output[k])), $"sample {n}, output {k}");
        }
    }

    /// <summary>
    /// The same through a SIMD network, whose parameters are a 64-byte-aligned window: LoadOnnx widens into the window and
    /// SaveOnnx narrows from it, to the same bytes and the same outputs as the unrolled network's arrays.
    /// </summary>
    [Fact]
    public void DoublePrecision_ThroughTheAlignedWindow_OfASimdNetwork()
    {
        var network = new DoubleNet();
        network.InitializeParameters(3);
        var stream = new MemoryStream();
        network.SaveOnnx(stream);
        byte[] model = stream.ToArray();

        var simd = new DoubleSimdNet();
        simd.LoadOnnx(model);
        var loaded = new DoubleNet();
        loaded.LoadOnnx(model);
        Assert.Equal(loaded.Parameters.ToArray(), simd.Parameters.ToArray());
        var again = new MemoryStream();
        simd.SaveOnnx(again);
        Assert.Equal(model, again.ToArray());

        double[] x = NaiveForward.RandomInputs(DoubleNet.InputCount, seed: 9).Select(v => (double)v).ToArray();
        double[] expected = new double[DoubleNet.OutputCount], actual = new double[DoubleNet.OutputCount];
        loaded.Forward(x, expected);
        simd.Forward(x, actual);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-12 * Math.Max(1, Math.Abs(expected[k])), $"output {k}: {actual[k]} against {expected[k]}");
    }

    [Fact]
    public void SaveOnnx_RefusesNaN_AndWritesNothing()
    {
        var network = new AdamNet();
        network.InitializeParameters(1);
        network.Parameters[4] = float.NaN;
        var stream = new MemoryStream();
        var e = Assert.Throws<InvalidOperationException>(() => network.SaveOnnx(stream));
        Assert.Contains("Parameter 4 is NaN", e.Message);
        Assert.Equal(0, stream.Length);
    }

    private static void AssertRefusedUnchanged(ICompiledModel network, byte[] bytes, string what)
    {
        float[] before = network.Parameters.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => network.LoadOnnx(bytes));
        Assert.False(string.IsNullOrWhiteSpace(e.Message), what);
        Assert.Throws<InvalidDataException>(() => network.LoadOnnx(new MemoryStream(bytes)));
        Assert.True(before.AsSpan().SequenceEqual(network.Parameters), what + ": the parameters changed");
    }

    public static IEnumerable<object[]> Small() => Models.All.Where(m => m.Expect == "accept" && m.Layers.Max() < 100).Select(m => new object[] { m.File });

    [Theory]
    [MemberData(nameof(Small))]
    public void LoadOnnx_RefusesEveryTruncation_LeavingTheParameters(string file)
    {
        ICompiledModel network = CompiledModels.ByFile[file]();
        network.InitializeParameters(21);
        byte[] bytes = Models.Named(file).Bytes();
        for (int length = 0; length < bytes.Length; length++)
            AssertRefusedUnchanged(network, bytes[..length], $"{file} cut to {length} bytes");
    }

    [Theory]
    [MemberData(nameof(Small))]
    public void LoadOnnx_RefusesWhatTheReaderRefuses_AndLoadsWhatItReads(string file)
    {
        // Every structural change of HardeningTests: refused with the parameters unchanged, or, where the reader still
        // reads a network of these sizes and options, loaded as the reader reads it.
        ICompiledModel network = CompiledModels.ByFile[file]();
        ModelEntry entry = Models.Named(file);
        int refused = 0, loaded = 0;
        foreach (var (what, bytes) in HardeningTests.StructuralMutations(entry.Bytes()))
        {
            network.InitializeParameters(what.Length);
            OnnxReadResult read = OnnxMlpReader.Read(bytes);
            bool sameNetwork = read.Mlp is { } mlp && mlp.LayerSizes.SequenceEqual(entry.Layers)
                && mlp.Activation.ToString().Equals(entry.Activation, StringComparison.OrdinalIgnoreCase)
                && mlp.Head.ToString().Equals(entry.Head, StringComparison.OrdinalIgnoreCase);
            if (!sameNetwork)
            {
                AssertRefusedUnchanged(network, bytes, what);
                refused++;
            }
            else
            {
                network.LoadOnnx(bytes);
                Assert.Equal(read.Mlp!.ToParameters(), network.Parameters.ToArray());
                loaded++;
            }
        }

        Assert.True(refused > 100, $"{refused} refused");
    }

    [Fact]
    public void LoadOnnx_OfAnotherNetwork_SaysWhatDiffers()
    {
        var network = new Gemm241SigmoidSigmoidOp11Dyn();
        AssertRefusedUnchanged(network, Models.Named("gemm_3_5_2_relu_sigmoid_op13_dyn_floatdata.onnx").Bytes(), "3-5-2");
        var e = Assert.Throws<InvalidDataException>(() => network.LoadOnnx(Models.Named("gemm_2_4_1_tanh_linear_op11_dyn_inputs.onnx").Bytes()));
        Assert.Equal(
            "The model holds a network [Mlp(2, 4, 1, Activation = Tanh, Output = Linear)], but this network is [Mlp(2, 4, 1)] (its hidden layers are Tanh, not Sigmoid; its output is Linear, not Sigmoid).",
            e.Message);
        e = Assert.Throws<InvalidDataException>(() => network.LoadOnnx(Models.Named("gemm_3_5_2_relu_sigmoid_op13_dyn_floatdata.onnx").Bytes()));
        Assert.Contains("its layer sizes are 3, 5, 2, not 2, 4, 1; its hidden layers are Relu, not Sigmoid", e.Message);
    }

    [Theory]
    [InlineData("refuse_leakyrelu.onnx", "'LeakyRelu'")]
    [InlineData("refuse_float64.onnx", "float64")]
    [InlineData("refuse_missing_initializer.onnx", "no initializer")]
    public void LoadOnnx_OfAModelNetGenDoesNotCompile_SaysWhy(string file, string reason)
    {
        var network = new Gemm241SigmoidSigmoidOp11Dyn();
        AssertRefusedUnchanged(network, Models.Named(file).Bytes(), file);
        var e = Assert.Throws<InvalidDataException>(() => network.LoadOnnx(Models.Named(file).Bytes()));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void LoadOnnx_NullStream_Throws()
    {
        var network = new Gemm241SigmoidSigmoidOp11Dyn();
        Assert.Throws<ArgumentNullException>(() => network.LoadOnnx((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => network.SaveOnnx(null!));
    }
}
