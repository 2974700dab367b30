using System;
using System.Numerics;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Saturated units: logits far beyond where exp overflows or σ rounds to 0 or 1. The loss must stay finite and equal
/// Σ_k [softplus(a_k) − t_k a_k], the outputs must be 0 or 1 or next to them, and the gradients must stay finite.
/// </summary>
public class SaturationTests
{
    /// <summary>Logit magnitudes: moderate, the brief's ±200 / ±100, and far past exp's overflow.</summary>
    [Theory]
    [InlineData(40.0)]
    [InlineData(200.0)]
    [InlineData(800.0)]
    public void SaturatedOutputsGiveFiniteExactLoss_Double(double magnitude) => SaturatedOutputs<double>(magnitude);

    [Theory]
    [InlineData(20.0)]
    [InlineData(100.0)]
    [InlineData(400.0)]
    public void SaturatedOutputsGiveFiniteExactLoss_Float(double magnitude) => SaturatedOutputs<float>(magnitude);

    [Theory]
    [InlineData(200.0)]
    [InlineData(800.0)]
    public void SaturatedHiddenUnitsGiveFiniteGradients_Double(double magnitude) => SaturatedHiddenUnits<double>(magnitude);

    [Theory]
    [InlineData(100.0)]
    [InlineData(400.0)]
    public void SaturatedHiddenUnitsGiveFiniteGradients_Float(double magnitude) => SaturatedHiddenUnits<float>(magnitude);

    /// <summary>
    /// Outputs saturated the wrong side of 0 against targets of 0, which they predict: δ = y − 0 = e^a/(1 + e^a) and
    /// ℓ = softplus(a) ≈ e^a. Short of the bottom of the normal range (u = e^(−|a|) above 2^−126 in float, 2^−1022 in
    /// double) δ, ℓ and the output layer's gradients are that tiny number; past it OutputDelta takes u as 0, so they are
    /// exactly 0, not subnormal numbers, whose arithmetic made 2-4-1's TrainSample about three times slower. 2-4-1 holds
    /// its sample in locals and 4-3-5 in buffers; both share OutputDelta.
    /// </summary>
    [Theory]
    [InlineData(2, 4, 1)]
    [InlineData(4, 3, 5)]
    public void OutputsPastTheNormalRange_GiveZeroDeltas_NotSubnormalOnes(int inputs, int hidden, int outputs)
    {
        SaturatedTail<float>(inputs, hidden, outputs, kept: 80, flushed: 100);
        SaturatedTail<double>(inputs, hidden, outputs, kept: 700, flushed: 720);
    }

    private static void SaturatedTail<T>(int inputs, int hidden, int outputs, double kept, double flushed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (double magnitude in new[] { kept, flushed })
        {
            ITestNetwork<T> network = Networks.Create<T>(inputs, hidden, outputs);
            var shape = Layout.Of(network);
            network.Parameters.Clear();   // z_j = ½, a_k = b_k
            for (int k = 0; k < shape.Outputs; k++)
            {
                network.Parameters[shape.B2 + k] = Num.From<T>(-magnitude);
            }

            T loss = network.Backward(new T[shape.Inputs], new T[shape.Outputs]);
            double tail = Math.Exp(-magnitude);   // e^a/(1 + e^a) and softplus(a) both round to e^a here
            string where = $"{typeof(T).Name} {shape.Inputs}-{shape.Hidden}-{shape.Outputs}, a = −{magnitude}";
            for (int k = 0; k < shape.Outputs; k++)
            {
                double delta = Num.ToDouble(network.Gradients[shape.B2 + k]);
                if (magnitude == kept)
                {
                    Assert.True(T.IsNormal(network.Gradients[shape.B2 + k]) && Math.Abs(delta - tail) <= 1e-6 * tail, $"{where}: δ_{k} = {delta:R}, e^a = {tail:R}");
                }
                else
                {
                    Assert.True(delta == 0 && Num.ToDouble(network.Gradients[shape.W2 + (k * shape.Hidden)]) == 0, $"{where}: δ_{k} = {delta:R}, expected exactly 0");
                }
            }

            double l = Num.ToDouble(loss), expected = magnitude == kept ? shape.Outputs * tail : 0;
            Assert.True(magnitude == kept ? Math.Abs(l - expected) <= 1e-5 * expected : l == 0, $"{where}: ℓ = {l:R}, expected {expected:R}");
        }
    }

    /// <summary>softplus(a) = log(1 + e^a), computed so that it neither overflows nor loses the tiny tail.</summary>
    private static double Softplus(double a) => a > 0 ? a + Math.Log(1 + Math.Exp(-a)) : Math.Log(1 + Math.Exp(a));

    /// <summary>
    /// 4-3-5 with W1 = 0, b1 = 0 (so z = ½ exactly) and W2 = 0: the logits are exactly b2, set to ±A and 0, against
    /// targets 0, 1 and ½: a right answer, a confidently wrong one, and soft targets.
    /// </summary>
    private static void SaturatedOutputs<T>(double magnitude)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Networks.Create<T>(4, 3, 5);
        var shape = Layout.Of(network);
        double tolerance = Num.Tolerance<T>(Num.Roundings(shape));
        double[] logits = [magnitude, -magnitude, magnitude, -magnitude, magnitude];
        double[] targets = [1, 0, 0, 1, 0.5];
        network.Parameters.Clear();
        for (int k = 0; k < shape.Outputs; k++)
        {
            network.Parameters[shape.B2 + k] = Num.From<T>(logits[k]);
        }

        double expectedLoss = 0;
        for (int k = 0; k < shape.Outputs; k++)
        {
            expectedLoss += Softplus(logits[k]) - (targets[k] * logits[k]);
        }

        T[] x = Num.From<T>([0.3, -0.7, 1.0, 0.0]);
        T loss = network.Backward(x, Num.From<T>(targets));
        Assert.True(T.IsFinite(loss), $"Backward returned {loss} for logits ±{magnitude}");
        Num.Close(expectedLoss, Num.ToDouble(loss), tolerance, $"ℓ with logits ±{magnitude}");

        var y = new T[shape.Outputs];
        network.Forward(x, y);
        for (int k = 0; k < shape.Outputs; k++)
        {
            double exact = 1.0 / (1.0 + Math.Exp(-logits[k]));   // 1, or a tiny positive number, or 0 after underflow
            double actual = Num.ToDouble(y[k]);
            Assert.True(actual >= 0 && actual <= 1, $"y[{k}] = {actual} for logit {logits[k]}");
            Assert.True(Math.Abs(actual - exact) <= 1e-7, $"y[{k}] = {actual:R} for logit {logits[k]}, exactly {exact:R}");
            if (magnitude >= 100)
            {
                Assert.Equal(logits[k] > 0 ? 1.0 : 0.0, actual, 1e-30);
            }
        }

        // δ_k = y_k − t_k: finite, and ±1 or 0 for the saturated outputs; ∂ℓ/∂w_kj = δ_k z_j with z_j = ½.
        ReadOnlySpan<T> g = network.Gradients;
        Assert.All(Num.ToDouble<T>(g), v => Assert.True(double.IsFinite(v), $"gradient {v}"));
        for (int k = 0; k < shape.Outputs; k++)
        {
            double delta = (1.0 / (1.0 + Math.Exp(-logits[k]))) - targets[k];
            // y − t cancels (y = 1 − e^(−A) against t = 1): its error is relative to |y| + |t| ≤ 2, not to |δ|.
            Num.Close(delta, Num.ToDouble(g[shape.B2 + k]), tolerance, $"∂ℓ/∂b2[{k}]", scale: 2);
            for (int j = 0; j < shape.Hidden; j++)
            {
                Num.Close(delta / 2, Num.ToDouble(g[shape.W2 + (k * shape.Hidden) + j]), tolerance, $"∂ℓ/∂w2[{k},{j}]", scale: 1);
            }
        }
    }

    /// <summary>
    /// 2-4-1 with input (1, 1) and hidden pre-activations ±A: z is 1 or (nearly) 0, so σ'(a) = z(1 − z) is (nearly) 0
    /// and no gradient reaches W1, while the output is an ordinary unit; everything must match the naive reference and be finite.
    /// </summary>
    private static void SaturatedHiddenUnits<T>(double magnitude)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Networks.Create<T>(2, 4, 1);
        var shape = Layout.Of(network);
        double half = magnitude / 2;
        double[] p =
        [
            half, half,     // w1 row 0: a = +A
            -half, -half,   // row 1: a = −A
            half, -half,    // row 2: a = 0 + b
            -half, half,    // row 3: a = 0 + b
            0, 0, magnitude, -magnitude,           // b1: rows 2 and 3 saturate through the bias
            0.5, -0.25, 0.75, -1.0,                // w2
            0.125,                                 // b2
        ];
        Assert.Equal(shape.Count, p.Length);
        Num.From<T>(ParameterLayout.FromTextbook(shape.Sizes, p)).CopyTo(network.Parameters);   // written row by row above
        var reference = new NaiveMlp(shape, Num.ToDouble<T>(network.Parameters));

        double[] x = [1, 1];
        double[] t = [1];
        var expectedGradient = new double[shape.Count];
        double expectedLoss = reference.Backward(x, t, expectedGradient);
        T loss = network.Backward(Num.From<T>(x), Num.From<T>(t));
        double tolerance = Num.Tolerance<T>(Num.Roundings(shape));
        Assert.True(T.IsFinite(loss));
        Num.Close(expectedLoss, Num.ToDouble(loss), tolerance, "ℓ");
        Num.AllClose(expectedGradient, Num.ToDouble<T>(network.Gradients), tolerance, "∂ℓ/∂θ with saturated hidden units");
        for (int n = 0; n < shape.W2; n++)
        {
            double v = Num.ToDouble(network.Gradients[n]);
            Assert.True(Math.Abs(v) <= 1e-30, $"gradient {n} of a saturated hidden unit is {v:R}, not (nearly) 0");
        }

        var y = new T[1];
        network.Forward(Num.From<T>(x), y);
        Num.Close(reference.Forward(x).Y[0], Num.ToDouble(y[0]), tolerance, "y");

        network.Step(Num.From<T>(0.5), Num.From<T>(0.1), 10);
        Assert.All(Num.ToDouble<T>(network.Parameters), v => Assert.True(double.IsFinite(v)));
    }
}
