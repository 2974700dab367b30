using System;
using System.Linq;
using NetGen.Onnx;
using Xunit;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Hand-built graphs: the variations of an MLP the reader accepts (each checked against ONNX Runtime on the same bytes),
/// and one refusal per rule, each with the message that names what is wrong.
/// </summary>
public class GraphTests
{
    private static OnnxMlp Net(OnnxActivation activation = OnnxActivation.Tanh, OnnxHead head = OnnxHead.Softmax, params int[] sizes) =>
        TestNetworks.Random(sizes.Length > 0 ? sizes : new[] { 3, 5, 4, 2 }, activation, head, seed: 11);

    /// <summary>Reads the model, checks it against ONNX Runtime on the same bytes, and returns what was read.</summary>
    private static OnnxMlp ReadAndRun(byte[] model, int batch = 4, long[]? shape = null)
    {
        var result = OnnxMlpReader.Read(model);
        Assert.True(result.Succeeded, result.Error);
        var mlp = result.Mlp!;
        var input = NaiveForward.RandomInputs(batch * mlp.LayerSizes[0], seed: 6);
        NaiveForward.AssertAgrees(NaiveForward.Run(mlp, input, batch), Ort.Run(model, input, shape ?? new long[] { batch, mlp.LayerSizes[0] }), "hand-built");
        return mlp;
    }

    private static void AssertRefused(GraphBuilder g, params string[] fragments) => AssertRefused(g.Build(), fragments);

    private static void AssertRefused(byte[] model, params string[] fragments)
    {
        var result = OnnxMlpReader.Read(model);
        Assert.False(result.Succeeded, "read, but expected a refusal mentioning " + string.Join(", ", fragments));
        foreach (string fragment in fragments)
            Assert.Contains(fragment, result.Error!);
    }

    [Fact]
    public void TheBuilderMakesTheWritersGraph()
    {
        var mlp = Net();
        TestNetworks.AssertBitEqual(mlp, ReadAndRun(GraphBuilder.Mlp(mlp).Build()));
    }

    [Fact]
    public void IdentityNodesPassThrough()
    {
        var mlp = Net();
        var g = GraphBuilder.Mlp(mlp);
        g.NodeNamed("layer2").Inputs[0] = "copy";
        g.Node("Identity", "copy", new[] { "hidden1" }, "copy");
        g.NodeNamed("head").Outputs[0] = "probabilities";
        g.Node("Identity", "out", new[] { "probabilities" }, "output");
        TestNetworks.AssertBitEqual(mlp, ReadAndRun(g.Build()));
    }

    [Fact]
    public void AGemmWithoutBiasBeforeOpset11()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Opset = 9;
        g.IrVersion = 4;
        g.NodeNamed("layer2").Inputs.RemoveAt(2);
        AssertRefused(g, "Gemm node 'layer2' (layer 2) has no bias input C", "opset is 9");
        g.Opset = 11;
        ReadAndRun(g.Build());
    }

    [Fact]
    public void AGemmWithoutBiasHasZeroBiases()
    {
        var mlp = Net();
        var g = GraphBuilder.Mlp(mlp);
        g.NodeNamed("layer2").Inputs.RemoveAt(2);
        var read = ReadAndRun(g.Build());
        Assert.All(read.Biases[1], b => Assert.Equal(0f, b));
        Assert.Equal(mlp.Weights[1], read.Weights[1]);
    }

    [Fact]
    public void ABiasShaped1ByOutIsRead()
    {
        var mlp = Net();
        var g = GraphBuilder.Mlp(mlp);
        g.TensorNamed("layer1.bias").Dims = new long[] { 1, 5 };
        TestNetworks.AssertBitEqual(mlp, ReadAndRun(g.Build()));
    }

    [Theory]
    [InlineData(13, null)]
    [InlineData(13, -1L)]
    [InlineData(11, null)]
    [InlineData(11, 1L)]
    [InlineData(17, 1L)]
    public void SoftmaxOverTheFeaturesIsRead(long opset, long? axis)
    {
        var mlp = Net();
        var g = GraphBuilder.Mlp(mlp);
        g.Opset = opset;
        g.IrVersion = opset >= 15 ? 8 : 6;
        if (axis is long a) g.NodeNamed("head").Attributes.Add(("axis", a));
        Assert.Equal(OnnxHead.Softmax, ReadAndRun(g.Build()).Head);
    }

    [Fact]
    public void MatMulLayersWithAndWithoutAddAreRead()
    {
        // layer 1: MatMul then Add(bias, x) with the bias first; layer 2: MatMul alone (zero biases); layer 3: Gemm.
        var mlp = Net();
        var g = GraphBuilder.Mlp(mlp);
        Transposed(g, "layer1.weight", 5, 3);
        Transposed(g, "layer2.weight", 4, 5);
        var gemm1 = g.NodeNamed("layer1");
        gemm1.Op = "MatMul";
        gemm1.Inputs = new() { "input", "layer1.weight" };
        gemm1.Attributes.Clear();
        gemm1.Outputs[0] = "layer1.product";
        g.Node("Add", "layer1.add", new[] { "layer1.bias", "layer1.product" }, "layer1.sum");
        var gemm2 = g.NodeNamed("layer2");
        gemm2.Op = "MatMul";
        gemm2.Inputs = new() { "hidden1", "layer2.weight" };
        gemm2.Attributes.Clear();
        var read = ReadAndRun(g.Build());
        Assert.Equal(mlp.Weights[0], read.Weights[0]);
        Assert.Equal(mlp.Biases[0], read.Biases[0]);
        Assert.Equal(mlp.Weights[1], read.Weights[1]);
        Assert.All(read.Biases[1], b => Assert.Equal(0f, b));
    }

    private static void Transposed(GraphBuilder g, string name, int rows, int columns)
    {
        var t = g.TensorNamed(name);
        var values = new float[t.Values.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                values[c * rows + r] = t.Values[r * columns + c];
        t.Values = values;
        t.Dims = new long[] { columns, rows };
    }

    [Fact]
    public void FloatDataIsReadAsRawDataIs()
    {
        var mlp = Net();
        var g = GraphBuilder.Mlp(mlp);
        foreach (var t in g.Initializers) t.FloatData = true;
        TestNetworks.AssertBitEqual(mlp, ReadAndRun(g.Build()));
    }

    [Fact]
    public void AFixedBatchIsRead()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Inputs[0].Dims = new long[] { 4, 3 };
        g.Outputs[0].Dims = new long[] { 4, 2 };
        ReadAndRun(g.Build(), batch: 4);
    }

    [Fact]
    public void AnInputWithoutShapeIsRead()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Inputs[0].Dims = null;
        g.Outputs[0].Dims = null;
        ReadAndRun(g.Build());
    }

    // Refusals, one per rule.

    [Fact]
    public void TwoActivationsInARow() =>
        AssertRefused(WithNode(Net(), "layer1.act", "Relu", "hidden1", "again"), "Relu node 'again'", "follows Tanh node 'layer1.act'");

    private static GraphBuilder WithNode(OnnxMlp mlp, string after, string op, string value, string name)
    {
        var g = GraphBuilder.Mlp(mlp);
        foreach (var n in g.Nodes) for (int i = 0; i < n.Inputs.Count; i++) if (n.Inputs[i] == value) n.Inputs[i] = name + ".out";
        g.Node(op, name, new[] { value }, name + ".out");
        return g;
    }

    [Fact]
    public void MixedHiddenActivations()
    {
        var g = GraphBuilder.Mlp(Net());
        g.NodeNamed("layer2.act").Op = "Relu";
        AssertRefused(g, "Hidden layer 1 uses Tanh and hidden layer 2 uses Relu", "one activation to every hidden layer");
    }

    [Fact]
    public void AHiddenSoftmax()
    {
        var g = GraphBuilder.Mlp(Net());
        g.NodeNamed("layer1.act").Op = "Softmax";
        AssertRefused(g, "Layer 1, a hidden layer, is followed by Softmax node 'layer1.act'");
    }

    [Theory]
    [InlineData("Tanh")]
    [InlineData("Relu")]
    public void AnOutputHeadNetGenHasNot(string op)
    {
        var g = GraphBuilder.Mlp(Net());
        g.NodeNamed("head").Op = op;
        AssertRefused(g, $"{op} node 'head'", "output heads are Sigmoid, Softmax or none");
    }

    [Fact]
    public void NoActivationBetweenLayers()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Nodes.Remove(g.NodeNamed("layer2.act"));
        g.NodeNamed("layer3").Inputs[0] = "layer2.sum";
        AssertRefused(g, "Layer 2 (Gemm node 'layer2') has no activation before layer 3");
    }

    [Fact]
    public void OneLayerOnly()
    {
        var g = GraphBuilder.Mlp(TestNetworks.Random(new[] { 3, 5, 2 }, OnnxActivation.Tanh, OnnxHead.Softmax, 1));
        g.Nodes.RemoveAll(n => n.Name != "layer1");
        g.NodeNamed("layer1").Outputs[0] = "output";
        g.Outputs[0].Dims = new long[] { -1, 5 };
        AssertRefused(g, "one layer and no hidden layer");
    }

    [Fact]
    public void SoftmaxOverOneOutput()
    {
        var g = GraphBuilder.Mlp(Net(OnnxActivation.Tanh, OnnxHead.Sigmoid, 3, 4, 1));
        g.NodeNamed("head").Op = "Softmax";
        AssertRefused(g, "one unit under a Softmax", "at least 2 outputs");
    }

    [Theory]
    [InlineData("transA", 1L, "transA = 1")]
    [InlineData("beta", 2f, "beta = 2")]
    [InlineData("alpha", -1f, "alpha = -1")]
    [InlineData("transB", 2L, "transB = 2")]
    [InlineData("gamma", 1L, "attribute 'gamma'")]
    public void GemmAttributesNetGenDoesNotRead(string name, object value, string fragment)
    {
        var g = GraphBuilder.Mlp(Net());
        g.NodeNamed("layer2").Attributes.Add((name, value));
        AssertRefused(g, "Gemm node 'layer2'", fragment);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(2L)]
    public void SoftmaxOverAnotherAxis(long axis)
    {
        var g = GraphBuilder.Mlp(Net());
        g.NodeNamed("head").Attributes.Add(("axis", axis));
        AssertRefused(g, $"axis = {axis}");
    }

    [Fact]
    public void AnOperatorOfAnotherDomain()
    {
        var g = GraphBuilder.Mlp(Net());
        g.NodeNamed("layer1.act").Domain = "com.microsoft";
        AssertRefused(g, "'Tanh'", "domain 'com.microsoft'");
    }

    [Fact]
    public void AnUnsupportedOperatorIsNamed()
    {
        var g = GraphBuilder.Mlp(Net());
        var act = g.NodeNamed("layer1.act");
        act.Op = "Elu";
        AssertRefused(g, "The operator 'Elu' (Elu node 'layer1.act') is not one NetGen compiles");
    }

    [Fact]
    public void TwoGraphOutputs()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Outputs.Add(new GraphBuilder.ValueSpec { Name = "hidden1", Dims = new long[] { -1, 5 } });
        AssertRefused(g, "The graph has 2 outputs");
        var h = GraphBuilder.Mlp(Net());
        h.Outputs.Add(new GraphBuilder.ValueSpec { Name = "extra", Dims = new long[] { -1, 5 } });
        AssertRefused(h, "2 outputs");
    }

    [Fact]
    public void AValueFeedingTwoNodes()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Node("Relu", "side", new[] { "hidden1" }, "side.out");
        AssertRefused(g, "The value 'hidden1' feeds 2 nodes", "a chain of layers");
    }

    [Theory]
    [InlineData(6L, "opset 6")]
    [InlineData(26L, "opset 26")]
    [InlineData(null, "imports no version of the standard ONNX operator set")]
    public void AnOpsetOutsideTheRange(long? opset, string fragment)
    {
        var g = GraphBuilder.Mlp(Net());
        g.Opset = opset;
        AssertRefused(g, fragment);
    }

    [Theory]
    [InlineData(2L)]
    [InlineData(13L)]
    public void AnIrVersionOutsideTheRange(long ir)
    {
        var g = GraphBuilder.Mlp(Net());
        g.IrVersion = ir;
        AssertRefused(g, $"IR version is {ir}");
    }

    [Fact]
    public void ExternalData()
    {
        var g = GraphBuilder.Mlp(Net());
        g.TensorNamed("layer2.weight").External = true;
        AssertRefused(g, "The weight of layer 2 ('layer2.weight')", "external data file");
    }

    [Theory]
    [InlineData(7, "int64")]
    [InlineData(11, "double (float64)")]
    [InlineData(10, "float16")]
    public void AWeightThatIsNotFloat(int dataType, string typeName)
    {
        var g = GraphBuilder.Mlp(Net());
        var t = g.TensorNamed("layer1.weight");
        t.DataType = dataType;
        t.Raw = new byte[t.Values.Length * (dataType == 10 ? 2 : 8)];
        AssertRefused(g, "The weight of layer 1 ('layer1.weight') is " + typeName, "float32");
    }

    [Theory]
    [InlineData(11, "double (float64)")]
    [InlineData(10, "float16")]
    public void AnInputThatIsNotFloat(int elemType, string typeName)
    {
        var g = GraphBuilder.Mlp(Net());
        g.Inputs[0].ElemType = elemType;
        AssertRefused(g, "The model's input 'input' is " + typeName);
    }

    [Fact]
    public void AWeightComputedByANode()
    {
        var g = GraphBuilder.Mlp(Net());
        g.NodeNamed("layer2").Inputs[1] = "layer2.weight.t";
        g.Node("Transpose", "transpose", new[] { "layer2.weight" }, "layer2.weight.t");
        AssertRefused(g, "The weight of layer 2 ('layer2.weight.t'", "computed by Transpose node 'transpose'");
    }

    [Fact]
    public void AWeightDefinedNowhere()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Initializers.Remove(g.TensorNamed("layer3.bias"));
        AssertRefused(g, "The bias of layer 3 ('layer3.bias'", "defined nowhere");
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void ANonFiniteWeight(float value, string name)
    {
        var g = GraphBuilder.Mlp(Net());
        g.TensorNamed("layer2.weight").Values[7] = value;
        AssertRefused(g, "The weight of layer 2 ('layer2.weight') holds " + name + " at flat index 7");
    }

    [Fact]
    public void TheOutputIsNotTheEndOfTheChain()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Outputs[0].Name = "probabilities";
        AssertRefused(g, "The graph's output 'probabilities' is not where the chain of layers");
    }

    [Fact]
    public void ANodeOffTheChain()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Node("Relu", "stray", new[] { "nowhere" }, "stray.out");
        AssertRefused(g, "Relu node 'stray' is not on the chain");
    }

    [Fact]
    public void ABiasOfTheWrongLength()
    {
        var g = GraphBuilder.Mlp(Net());
        var t = g.TensorNamed("layer1.bias");
        t.Dims = new long[] { 4 };
        t.Values = t.Values.Take(4).ToArray();
        AssertRefused(g, "The bias of layer 1 ('layer1.bias') has shape [4], but the layer has 5 units");
    }

    [Fact]
    public void RawDataOfTheWrongLength()
    {
        var g = GraphBuilder.Mlp(Net());
        g.TensorNamed("layer1.weight").Raw = new byte[14 * 4];
        AssertRefused(g, "The weight of layer 1 ('layer1.weight') has shape [5, 3], 15 floats, but its raw_data holds 56 bytes");
    }

    [Fact]
    public void AnInputOfRank3WithoutFlatten()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Inputs[0].Dims = new long[] { -1, 1, 3 };
        AssertRefused(g, "has rank 3", "without a Flatten");
    }

    [Fact]
    public void FlattenOfAnotherAxis()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Inputs[0].Dims = new long[] { -1, 1, 3 };
        g.NodeNamed("layer1").Inputs[0] = "flat";
        g.Node("Flatten", "flatten", new[] { "input" }, "flat", ("axis", 2L));
        AssertRefused(g, "Flatten node 'flatten' has axis = 2");
        g.NodeNamed("flatten").Attributes.Clear();
        Assert.Equal(new[] { 3, 5, 4, 2 }, ReadAndRun(g.Build(), batch: 2, shape: new long[] { 2, 1, 3 }).LayerSizes);
    }

    [Fact]
    public void AnAddAfterAGemm()
    {
        var g = WithNode(Net(), "layer1", "Add", "layer1.sum", "add");
        g.NodeNamed("add").Inputs.Add("layer1.bias");
        AssertRefused(g, "Add node 'add' does not follow a MatMul");
    }

    [Fact]
    public void TwoNodesOfOneName()
    {
        var g = GraphBuilder.Mlp(Net());
        g.NodeNamed("layer2.act").Name = "layer1.act";
        AssertRefused(g, "two nodes named 'layer1.act'");
    }

    [Fact]
    public void TwoInitializersOfOneName()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Tensor("layer1.bias", new long[] { 5 }, new float[5]);
        AssertRefused(g, "two initializers named 'layer1.bias'");
    }

    [Fact]
    public void TheDeclaredInputWidthDisagrees()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Inputs[0].Dims = new long[] { -1, 4 };
        AssertRefused(g, "Layer 1 (Gemm node 'layer1') takes 3 inputs", "the model's input 'input' has 4 features");
    }

    [Fact]
    public void TheDeclaredOutputWidthDisagrees()
    {
        var g = GraphBuilder.Mlp(Net());
        g.Outputs[0].Dims = new long[] { -1, 3 };
        AssertRefused(g, "The model's output 'output' is declared [?, 3], but its last layer gives [batch, 2]");
    }

    [Fact]
    public void NamesInMessagesAreQuotedWithoutControlCharacters()
    {
        var g = GraphBuilder.Mlp(Net());
        g.NodeNamed("layer1.act").Op = "Elu";
        g.NodeNamed("layer1.act").Name = "bad\nname\u0007" + new string('x', 100);
        var error = OnnxMlpReader.Read(g.Build()).Error!;
        Assert.Contains("Elu node 'bad\\u000Aname\\u0007xxx", error);
        Assert.Contains("x…'", error);
        Assert.DoesNotContain("\n", error);
    }

    [Fact]
    public void AnEmptyFileAndOtherFormats()
    {
        AssertRefused(Array.Empty<byte>(), "holds no ONNX graph");
        AssertRefused(System.Text.Encoding.UTF8.GetBytes("# NetGen weights\nAAAA"), "not a readable ONNX model");
        AssertRefused(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, "not a readable ONNX model"); // a zip file's start
    }
}
