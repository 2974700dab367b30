using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests;

/// <summary>The generated code compiles cleanly in every supported declaration, and stays within the JIT's limits.</summary>
public sealed class GeneratedCodeTests
{
    private readonly ITestOutputHelper _output;

    public GeneratedCodeTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("[NetGen.Mlp(2, 4, 1)] public partial record RecordNet;")]
    [InlineData("[NetGen.Mlp(2, 4, 1)] public sealed partial class SealedNet { public SealedNet(int unused) { } }")]
    [InlineData("[NetGen.Mlp(2, 4, 1)] public abstract partial class AbstractNet { public abstract void Train(); }")]
    [InlineData("public partial struct Holder { [NetGen.Mlp(2, 4, 1)] public partial class Net { } }")]
    [InlineData("public partial record struct Holder { [NetGen.Mlp(2, 4, 1)] public partial class Net { } }")]
    [InlineData("public partial interface IHolder { [NetGen.Mlp(2, 4, 1)] public partial class Net { } }")]
    [InlineData("public partial class Outer<T> where T : struct { [NetGen.Mlp(2, 4, 1)] internal partial class Net { } }")]
    [InlineData("namespace A.B.C { [NetGen.Mlp(1, 2, 3)] partial class One { } [NetGen.Mlp(3, 2, 1)] partial class Two { } }")]
    [InlineData("namespace @event.@record { public partial class @class { [NetGen.Mlp(2, 4, 1)] public partial class @int { } } }")]
    [InlineData("#nullable disable\n[NetGen.Mlp(2, 4, 1)] public partial class NoNullable { }")]
    public void CompilesWithoutWarnings(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilationProblems);
    }

    /// <summary>
    /// Which networks hand the first hidden layer's units from kernel to kernel in Vector128 locals (z1_0To3, …) instead
    /// of a stack buffer: unrolled code whose first hidden layer is sigmoid units in one to four whole Vector128s, each
    /// taking the vector σ (at least 4 units). The generated code compiles cleanly either way.
    /// </summary>
    [Theory]
    [InlineData("2, 4, 1", "HiddenLayer", "float", 1)]
    [InlineData("4, 8, 3, Output = NetGen.Output.Softmax", "HiddenLayer", "float", 2)]
    [InlineData("3, 16, 1, Kernels = NetGen.Kernels.Unrolled", "HiddenLayer", "float", 4)]
    [InlineData("2, 4, 1, Precision = NetGen.Precision.Double", "HiddenLayer", "double", 2)]
    [InlineData("3, 8, 8, 2, Kernels = NetGen.Kernels.Unrolled", "Hidden1Layer", "float", 2)]
    [InlineData("3, 20, 1, Kernels = NetGen.Kernels.Unrolled", "HiddenLayer", "float", 0)]
    [InlineData("7, 6, 3", "HiddenLayer", "float", 0)]
    [InlineData("2, 2, 1, Precision = NetGen.Precision.Double", "HiddenLayer", "double", 0)]
    [InlineData("2, 4, 1, Activation = NetGen.Activation.Tanh", "HiddenLayer", "float", 0)]
    [InlineData("2, 4, 1, Activation = NetGen.Activation.Relu", "HiddenLayer", "float", 0)]
    [InlineData("2, 4, 1, Kernels = NetGen.Kernels.Simd", "HiddenLayer", "float", 0)]
    public void FirstHiddenLayer_IsHeldInRegisters_WhereItFillsWholeVectorsOfSigmoids(string arguments, string layer, string type, int vectors)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({arguments})] public partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string maths = run.Maths.Single().SourceText.ToString();
        string[] locals = System.Text.RegularExpressions.Regex
            .Matches(maths, $@"Vector128<{type}> (z1_\d+To\d+) = Sigmoid\({layer}_\d+To\d+\(parameters, input\)\);")
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToArray();
        Assert.True(
            locals.Length == vectors,
            $"[Mlp({arguments})]: expected {vectors} vectors of first-layer units held in registers, found {locals.Length} ({string.Join(", ", locals)}).");
        Assert.Equal(vectors == 0, maths.Contains($"Units z1 = default;", StringComparison.Ordinal) || maths.Contains("Span<" + type + "> z1 = stackalloc", StringComparison.Ordinal));
    }

    /// <summary>
    /// Which networks hold a whole sample in locals, not only the first layer's units: one hidden layer held in registers,
    /// sigmoid outputs, at most one Vector128 of them (2 doubles) and fewer than 4 (from 4 on the outputs' σ is the vector
    /// one, which Forward must keep). Their Forward stores σ(a_k) straight into the output, their training methods keep the
    /// output sums and deltas in locals and the hidden deltas in Vector128s, with no one-sample buffer and no output
    /// deltas kernel; the others keep the buffers. Both compile cleanly.
    /// </summary>
    [Theory]
    [InlineData("2, 4, 1", "float", true)]
    [InlineData("3, 8, 3", "float", true)]
    [InlineData("3, 16, 3, Kernels = NetGen.Kernels.Unrolled", "float", true)]
    [InlineData("2, 4, 1, Precision = NetGen.Precision.Double", "double", true)]
    [InlineData("5, 4, 2, Precision = NetGen.Precision.Double", "double", true)]
    [InlineData("40, 4, 1, Kernels = NetGen.Kernels.Unrolled", "float", true)]
    [InlineData("3, 16, 4, Kernels = NetGen.Kernels.Unrolled", "float", false)]
    [InlineData("3, 8, 4", "float", false)]
    [InlineData("3, 8, 3, Precision = NetGen.Precision.Double", "double", false)]
    [InlineData("4, 8, 3, Output = NetGen.Output.Softmax", "float", false)]
    [InlineData("2, 4, 1, Output = NetGen.Output.Linear", "float", false)]
    [InlineData("3, 8, 8, 2, Kernels = NetGen.Kernels.Unrolled", "float", false)]
    [InlineData("2, 4, 1, Kernels = NetGen.Kernels.Simd", "float", false)]
    [InlineData("7, 6, 3", "float", false)]
    public void WholeSample_IsHeldInLocals_UnderOneHiddenLayerInRegistersAndFewSigmoidOutputs(string arguments, string type, bool held)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({arguments})] public partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string maths = run.Maths.Single().SourceText.ToString();
        int outputs = int.Parse(arguments.Split(',').TakeWhile(part => int.TryParse(part.Trim(), out _)).Last().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        bool sums = Enumerable.Range(0, outputs).All(k => maths.Contains($"{type} a2_{k} = OutputLayer_{k}To{k}(parameters, z1_", StringComparison.Ordinal));
        bool deltas = Enumerable.Range(0, outputs).All(k => maths.Contains($"{type} d2_{k} = OutputDelta(a2_{k}, target[{k}], ref loss);", StringComparison.Ordinal));
        int hidden = int.Parse(arguments.Split(',')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        int vectors = hidden / (type == "float" ? 4 : 2);
        // Each vector of hidden deltas from its own vector of units, in Backpropagate and in TrainSample.
        bool hiddenDeltas = Enumerable.Range(0, vectors).All(v =>
            System.Text.RegularExpressions.Regex.Matches(maths, $@"Vector128<{type}> d1_{v * (hidden / vectors)}To\d+ = HiddenDeltas_{v * (hidden / vectors)}To\d+\(parameters, z1_{v * (hidden / vectors)}To\d+, d2_0[,)]").Count == 2);
        bool forwardStores = Enumerable.Range(0, outputs).All(k => maths.Contains($"output[{k}] = Sigmoid(OutputLayer_{k}To{k}(parameters, z1_0To", StringComparison.Ordinal));
        bool buffers = maths.Contains("Units a2 = default;", StringComparison.Ordinal) || maths.Contains("Units d1 = default;", StringComparison.Ordinal)
            || maths.Contains($"Span<{type}> a2 = stackalloc", StringComparison.Ordinal) || maths.Contains("OutputDeltas_0To", StringComparison.Ordinal);
        // OutputSigmoids, where written, is called (by Forward, or by ForwardBatch's sample lanes): 40 inputs have no lanes.
        Assert.True(!maths.Contains("static void OutputSigmoids(", StringComparison.Ordinal) || maths.Contains("OutputSigmoids(output", StringComparison.Ordinal), $"[Mlp({arguments})]: OutputSigmoids written but never called");
        Assert.True(
            sums == held && deltas == held && hiddenDeltas == held && forwardStores == held && buffers == !held,
            $"[Mlp({arguments})]: output sums in locals {sums}, output deltas {deltas}, hidden deltas {hiddenDeltas}, Forward stores σ {forwardStores}, buffers {buffers}; expected held: {held}.");
    }

    /// <summary>
    /// Which SIMD networks take the first hidden layer's σ in its sums kernel (the kernel stores z_j, and no separate pass
    /// loads the sums back): sigmoid units filling whole Vector128s, at least 4 of them. The others call the activation.
    /// </summary>
    [Theory]
    [InlineData("30, 16, 1", true)]
    [InlineData("64, 32, 10, Precision = NetGen.Precision.Double", true)]
    [InlineData("30, 16, 8, 1", true)]
    [InlineData("30, 18, 1", false)]
    [InlineData("30, 2, 1", false)]
    [InlineData("30, 16, 1, Activation = NetGen.Activation.Tanh", false)]
    [InlineData("30, 16, 1, Activation = NetGen.Activation.Relu", false)]
    public void SimdFirstHiddenLayer_StoresItsSigmoids_WhereTheyFillWholeVectors(string arguments, bool stored)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({arguments})] public partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string maths = run.Maths.Single().SourceText.ToString();
        string layer = arguments.Split(',').Count(part => int.TryParse(part.Trim(), out _)) > 3 ? "Hidden1" : "Hidden";
        Assert.Contains("internal static void Forward(", maths, StringComparison.Ordinal);
        bool kernelWritesUnits = System.Text.RegularExpressions.Regex.IsMatch(maths, $@"private static void {layer}Layer_0To\d+_V128\([^)]*Span<(float|double)> z1\)");
        bool activationCalled = System.Text.RegularExpressions.Regex.IsMatch(maths, $@"{layer}(Sigmoids|Tanh|Relu)\(z1\);");
        // σ of a vector of sums, two or four chains added in it: Sigmoid(s0_0 + s0_1), Sigmoid((s0_0 + s0_1) + (s0_2 + s0_3)).
        bool storesSigmoids = System.Text.RegularExpressions.Regex.IsMatch(maths, @"StoreUnsafe\(Sigmoid\(\(?s\d");
        Assert.True(
            kernelWritesUnits == stored && activationCalled == !stored && storesSigmoids == stored,
            $"[Mlp({arguments})]: the layer kernel writes z1: {kernelWritesUnits}, stores σ of a vector: {storesSigmoids}, the activation is called on z1: {activationCalled}; expected σ stored by the kernel: {stored}.");
    }

    /// <summary>
    /// The vector exp shifts 2^k into the exponent bits with the &lt;&lt; operator, never a named <c>Vector*.ShiftLeft</c>:
    /// the same instruction, but under ReadyToRun the named method's first call loaded the integer vector types (1.4–2.8 ms
    /// in a scratch program; tests/NetGen.ColdStart/README.md, "ReadyToRun for the machine").
    /// </summary>
    [Theory]
    [InlineData("2, 4, 1", "<< 23")]
    [InlineData("784, 128, 10", "<< 23")]
    [InlineData("8, 10, 6, 3, Activation = NetGen.Activation.Tanh, Output = NetGen.Output.Softmax", "<< 23")]
    [InlineData("2, 4, 1, Precision = NetGen.Precision.Double", "<< 52")]
    [InlineData("64, 32, 10, Precision = NetGen.Precision.Double", "<< 52")]
    public void VectorExp_ShiftsWithTheOperator_NotANamedShiftLeft(string arguments, string shift)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({arguments})] public partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string maths = run.Maths.Single().SourceText.ToString();
        Assert.Contains(shift + ");", maths, StringComparison.Ordinal);
        Assert.DoesNotContain("ShiftLeft(", maths, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialAcrossFiles_GeneratesOnce()
    {
        GeneratorRun run = GeneratorHarness.Run(
            "[NetGen.Mlp(2, 4, 1)] public partial class Split { }",
            "public partial class Split { public int Epochs; }");
        Assert.Single(run.Maths);
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("64, 32, 10")]
    [InlineData("511, 8, 1")]
    [InlineData("1, 1024, 3")]
    [InlineData("1024, 3, 1")]
    [InlineData("4, 4, 1020")]
    [InlineData("512, 8, 1")]
    [InlineData("784, 128, 10")]
    [InlineData("4096, 1024, 256")]
    [InlineData("784, 128, 64, 10")]
    [InlineData("4096, 1024, 1024, 256")]
    [InlineData("32, 32, 32, 32, 32, Kernels = NetGen.Kernels.Unrolled")]      // 4,096 weights in four layers, unrolled
    [InlineData("32, 15, 2, Kernels = NetGen.Kernels.Unrolled")]               // ForwardBatch's lane kernels at their largest: 32 inputs, 510 weights
    [InlineData("1, 255, 2, Kernels = NetGen.Kernels.Unrolled")]               // and at their widest layer: 255 units, 765 weights (one sample at a time)
    [InlineData("1, 170, 2, Kernels = NetGen.Kernels.Unrolled")]               // 170 units, 510 weights: lane kernels with 170 vector σ
    [InlineData("300, 1, 1, Kernels = NetGen.Kernels.Unrolled")]               // too many inputs for the lane kernels
    [InlineData("8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8")]   // 32 hidden layers
    public void EveryMethodStaysFarBelowTheJitLimits(string arguments)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({arguments})] public partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);

        using var image = new MemoryStream();
        EmitResult emitted = run.OutputCompilation.Emit(image, options: new EmitOptions());
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        var context = new AssemblyLoadContext("il-size", isCollectible: true);
        try
        {
            image.Position = 0;
            // The methods of the user's type and of every helper class (the kernels, the checks, the weight file), nested ones too.
            Assembly assembly = context.LoadFromStream(image);
            Type net = assembly.GetType("Net")!;
            MethodInfo[] methods = assembly.GetTypes()
                .Where(t => t == net || (t.Namespace ?? string.Empty).StartsWith("NetGen.__Generated", StringComparison.Ordinal))
                .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                .Where(m => m.GetMethodBody() is not null)
                .ToArray();
            Assert.Contains(methods, m => m.Name == "ForwardBatch" && m.DeclaringType != net);   // the Kernels class is among them
            (string Name, int Il, int Locals) largest = methods
                .Select(m => (m.Name, Il: m.GetMethodBody()!.GetILAsByteArray()!.Length, Locals: m.GetMethodBody()!.LocalVariables.Count))
                .OrderByDescending(m => m.Il)
                .First();
            _output.WriteLine($"[Mlp({arguments})]: {methods.Length} methods, largest {largest.Name}: {largest.Il} bytes of IL, {largest.Locals} locals");

            // RyuJIT gives up optimizing past 60,000 bytes of IL or 2,000 locals, and tracks at most 1,024
            // locals in registers: stay well below each.
            Assert.True(largest.Il < 30_000, $"{largest.Name} has {largest.Il} bytes of IL");
            Assert.All(methods, m => Assert.True(m.GetMethodBody()!.LocalVariables.Count <= 512, $"{m.Name}: {m.GetMethodBody()!.LocalVariables.Count} locals"));
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// Found by fuzzing (cases 584 and 2144): NetGen's helper classes lived in namespace NetGen.Generated, which a user's
    /// type NetGen.Generated (even a network of that name) collided with (CS0101 on the user's code). They now live in
    /// NetGen.__Generated, a name the C# specification reserves for the implementation.
    /// </summary>
    [Theory]
    [InlineData("namespace NetGen { [Mlp(7, 2, 6)] public partial class Generated { } }")]
    [InlineData("namespace NetGen { public sealed partial class Generated { } }\nnamespace Demo { [NetGen.Mlp(2, 4, 1)] public partial class Net { } }")]
    public void AUserTypeNamedLikeTheHelpersNamespace_Compiles(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Maths);
        Assert.Empty(run.CompilationProblems);
    }
}
