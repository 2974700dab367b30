using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>Whole generated files, compared with reviewed snapshots under Snapshots/.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Xor_2_4_1() => Verify("""
        using NetGen;

        namespace Demo
        {
            [Mlp(2, 4, 1)]                      // inputs, hidden, outputs
            public partial class XorNet { }
        }
        """);

    [Fact]
    public void Cancer_30_16_1_FileScopedNamespace() => Verify("""
        using NetGen;

        namespace Samples.Cancer;

        [Mlp(30, 16, 1)]
        public partial class CancerNet { }
        """);

    [Fact]
    public void DoublePrecision() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(3, 5, 2, Precision = Precision.Double)]
        internal sealed partial class PreciseNet { }
        """);

    [Fact]
    public void NestedInPartialClass() => Verify("""
        using NetGen;

        namespace Demo;

        public static partial class Models
        {
            internal partial class Inner<TTag>
            {
                [Mlp(2, 2, 2)]
                public partial class TinyNet { }
            }
        }
        """);

    [Fact]
    public void Looped_784_128_10() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(784, 128, 10)]
        public partial class MnistNet { }
        """);

    [Fact]
    public void TanhHidden_4_6_1() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(4, 6, 1, Activation = Activation.Tanh)]
        public partial class TanhNet { }
        """);

    [Fact]
    public void ReluHidden_Simd_30_16_1() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(30, 16, 1, Activation = Activation.Relu)]
        public partial class ReluNet { }
        """);

    [Fact]
    public void SoftmaxOutput_4_8_3() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(4, 8, 3, Output = Output.Softmax)]
        public partial class IrisNet { }
        """);

    [Fact]
    public void LinearOutput_Relu_Double_6_5_2() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(6, 5, 2, Precision = Precision.Double, Activation = Activation.Relu, Output = Output.Linear)]
        public partial class RegressionNet { }
        """);

    [Fact]
    public void MomentumOptimizer_2_4_1() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(2, 4, 1, Optimizer = Optimizer.Momentum)]
        public partial class MomentumNet { }
        """);

    [Fact]
    public void AdamOptimizer_Simd_30_16_1() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(30, 16, 1, Optimizer = Optimizer.Adam)]
        public partial class AdamNet { }
        """);

    [Fact]
    public void TwoHiddenLayers_Unrolled_3_5_4_2() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(3, 5, 4, 2)]                   // inputs, two hidden layers, outputs
        public partial class DeepTinyNet { }
        """);

    [Fact]
    public void TwoHiddenLayers_Relu_Softmax_784_128_64_10() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(784, 128, 64, 10, Activation = Activation.Relu, Output = Output.Softmax)]
        public partial class DigitNet { }
        """);

    [Fact]
    public void ThreeHiddenLayers_Tanh_Adam_Double_8_10_6_4_3() => Verify("""
        using NetGen;

        namespace Demo;

        [Mlp(8, 10, 6, 4, 3, Precision = Precision.Double, Activation = Activation.Tanh, Optimizer = Optimizer.Adam, Kernels = Kernels.Simd)]
        public partial class DeeperNet { }
        """);

    [Fact]
    public void GlobalNamespace() => Verify("""
        [NetGen.Mlp(1, 1, 1)]
        partial class GlobalNet { }
        """);

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Single(run.Maths);
        // Every file compared (and, when accepting, written) before the first difference fails the test.
        var differences = new List<string>();
        foreach (GeneratedSourceResult generated in run.Sources)
        {
            try
            {
                SnapshotAssert.Matches(generated.SourceText.ToString(), generated.HintName, nameof(SnapshotTests), testName);
            }
            catch (Xunit.Sdk.XunitException difference)
            {
                differences.Add(difference.Message);
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n\n", differences));
    }
}
