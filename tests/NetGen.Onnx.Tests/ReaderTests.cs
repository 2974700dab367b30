using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Onnx;
using Xunit;

namespace NetGen.Onnx.Tests;

/// <summary>The checked-in PyTorch exports: each acceptable one read and run against ONNX Runtime, each refusal refused
/// with its own message.</summary>
public class ReaderTests
{
    [Fact]
    public void EveryModelFileIsInTheManifest()
    {
        var files = Directory.GetFiles(Models.Folder, "*.onnx").Select(Path.GetFileName).OrderBy(f => f).ToArray();
        Assert.Equal(Models.All.Select(m => m.File).OrderBy(f => f).ToArray(), files);
        Assert.Contains(Models.All, m => m.Expect == "accept");
        Assert.Contains(Models.All, m => m.Expect == "refuse");
    }

    [Fact]
    public void TheAcceptedModelsCoverEveryActivationHeadDepthAndForm()
    {
        var accepted = Models.All.Where(m => m.Expect == "accept").ToList();
        foreach (string activation in new[] { "sigmoid", "tanh", "relu" })
            Assert.Contains(accepted, m => m.Activation == activation);
        foreach (string head in new[] { "sigmoid", "softmax", "linear" })
            Assert.Contains(accepted, m => m.Head == head);
        foreach (int depth in new[] { 3, 4, 5 })
            foreach (string form in new[] { "gemm", "matmul" })
                Assert.Contains(accepted, m => m.Layers.Length == depth && m.Form == form);
        foreach (string form in new[] { "gemm", "matmul" })
            foreach (int opset in new[] { 11, 17 })
                foreach (bool fixedBatch in new[] { false, true })
                    Assert.Contains(accepted, m => m.Form == form && m.Opset == opset && m.FixedBatch == fixedBatch);
    }

    [Theory]
    [MemberData(nameof(Models.Accepted), MemberType = typeof(Models))]
    public void AcceptedModelIsReadAsDeclared(ModelEntry entry)
    {
        var result = OnnxMlpReader.Read(entry.Bytes());
        Assert.True(result.Succeeded, result.Error);
        var mlp = result.Mlp!;
        Assert.Equal(entry.Layers, mlp.LayerSizes);
        Assert.Equal(entry.Activation, mlp.Activation.ToString().ToLowerInvariant());
        Assert.Equal(entry.Head, mlp.Head.ToString().ToLowerInvariant());
        Assert.Equal(entry.Opset, mlp.Opset);
    }

    [Theory]
    [MemberData(nameof(Models.Accepted), MemberType = typeof(Models))]
    public void AcceptedModelAgreesWithOnnxRuntime(ModelEntry entry)
    {
        byte[] bytes = entry.Bytes();
        var mlp = OnnxMlpReader.Read(bytes).Mlp!;
        foreach (int batch in entry.FixedBatch ? new[] { 3 } : new[] { 1, 5 })
        {
            var input = NaiveForward.RandomInputs(batch * mlp.LayerSizes[0], seed: batch * 31 + entry.Layers.Sum());
            var expected = NaiveForward.Run(mlp, input, batch);
            var actual = Ort.Run(bytes, input, entry.InputBatchShape(batch));
            NaiveForward.AssertAgrees(expected, actual, entry.File + $" (batch {batch})");
        }
    }

    public static IEnumerable<object[]> BenchmarkModels() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Benchmarks"), "*.onnx").OrderBy(f => f).Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>The benchmarks' PyTorch 2.11 exports (opset 20, sigmoid, one hidden layer): a newer exporter than the one
    /// that made Models/.</summary>
    [Theory]
    [MemberData(nameof(BenchmarkModels))]
    public void BenchmarkModelAgreesWithOnnxRuntime(string file)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Benchmarks", file));
        var result = OnnxMlpReader.Read(bytes);
        Assert.True(result.Succeeded, result.Error);
        var mlp = result.Mlp!;
        string[] sizes = Path.GetFileNameWithoutExtension(file).Split('_').Skip(1).ToArray();
        Assert.Equal(sizes.Select(int.Parse).ToArray(), mlp.LayerSizes);
        Assert.Equal(OnnxActivation.Sigmoid, mlp.Activation);
        Assert.Equal(OnnxHead.Sigmoid, mlp.Head);
        var input = NaiveForward.RandomInputs(4 * mlp.LayerSizes[0], seed: 4);
        NaiveForward.AssertAgrees(NaiveForward.Run(mlp, input, 4), Ort.Run(bytes, input, new long[] { 4, mlp.LayerSizes[0] }), file);
    }

    /// <summary>Each refusal model gets the message for its own defect, naming what is wrong in the model's terms.</summary>
    [Theory]
    [InlineData("refuse_leakyrelu.onnx", new[] { "'LeakyRelu'", "not one NetGen compiles" })]
    [InlineData("refuse_float64.onnx", new[] { "'input'", "double (float64)", "float32" })]
    [InlineData("refuse_missing_initializer.onnx", new[] { "weight of layer 2", "'2.weight'", "graph input with no initializer" })]
    [InlineData("refuse_layer_size.onnx", new[] { "Layer 2", "takes 6 inputs", "'2.weight' is [4, 6]", "layer 1 gives 5 outputs" })]
    [InlineData("refuse_gemm_alpha.onnx", new[] { "layer 1", "alpha = 0.5", "alpha = 1 and beta = 1 only" })]
    public void RefusedModelGetsItsMessage(string file, string[] fragments)
    {
        var result = OnnxMlpReader.Read(Models.Named(file).Bytes());
        Assert.False(result.Succeeded);
        foreach (string fragment in fragments)
            Assert.Contains(fragment, result.Error!);
        var thrown = Assert.Throws<InvalidDataException>(() => OnnxMlpReader.ReadOrThrow(Models.Named(file).Bytes()));
        Assert.Equal(result.Error, thrown.Message);
    }

    [Fact]
    public void EveryRefusalModelHasAMessageTest()
    {
        var tested = typeof(ReaderTests).GetMethod(nameof(RefusedModelGetsItsMessage))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).ToHashSet();
        Assert.All(Models.All.Where(m => m.Expect == "refuse"), m => Assert.Contains(m.File, tested));
    }
}
