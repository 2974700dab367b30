using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace NetGen.Tests;

/// <summary>
/// The unit roundoff of a precision and the relative errors, in units of it, that the bounds assume for each computed
/// function (derived in docs/reproducibility.md; the activation sweep of <see cref="ReproducibilityTests"/> measures them).
/// </summary>
/// <param name="Name">"float" or "double".</param>
/// <param name="U">u: 2⁻²⁴ for float, 2⁻⁵³ for double. A correctly rounded result is within u relative of the exact one.</param>
/// <param name="Sigmoid">
/// σ̂(a) = 1/(1 + ê), ê the generated vector exp (float: ≤ 4u, double: ≤ 7u by the analysis) or Math(F).Exp (≤ 2u, one
/// ulp), then two roundings: ≤ 6u for float, 9u for double, relative to σ(a).
/// </param>
/// <param name="Tanh">Math(F).Tanh, assumed within two ulps: 4u relative.</param>
/// <param name="Exp">Math(F).Exp, assumed within one ulp: 2u relative (the sigmoid outputs' loss, unrolled softmax).</param>
/// <param name="Floor">
/// An absolute error allowed on top of the relative ones, for results that underflow or whose exp overflows: the
/// smallest normal number (e^x below it, or σ of an argument whose vector exp overflows, is below it too).
/// </param>
public sealed record RoundingModel(string Name, double U, double Sigmoid, double Tanh, double Exp, double Floor)
{
    /// <summary>
    /// Softmax's exp: in SIMD code the generated vector exp for whole 128-bit groups of outputs (float ≤ 4u, double ≤ 7u
    /// by the analysis), Math(F).Exp (≤ <see cref="Exp"/>) for the rest and in unrolled code; the larger bound covers both.
    /// </summary>
    public double SoftmaxExp => Math.Max(Exp, Name == "float" ? 4 : 7);

    /// <summary>
    /// The generated vector tanh (SIMD code, whole 128-bit groups of units): below ½ a Taylor polynomial (≤ 2u), from ½ on
    /// (1 − t)/(1 + t) with t = e^(−2|x|) ≤ e^(−1) from the vector exp (4u, 7u): 1 − t and 1 + t carry t's error scaled by
    /// t/(1 − t) ≤ 0.58 and t/(1 + t) ≤ 0.27, plus a rounding each, and the division one more: ≤ 6.4u in float, 9u in double.
    /// </summary>
    public double VectorTanh => Name == "float" ? 7 : 10;

    /// <summary>A tanh layer's bound, whichever tanh computes it: Math(F).Tanh (<see cref="Tanh"/>) or the vector tanh.</summary>
    public double TanhBound => Math.Max(Tanh, VectorTanh);

    public static readonly RoundingModel Single = new("float", Math.ScaleB(1, -24), 6, 4, 2, Math.ScaleB(1, -126));

    public static readonly RoundingModel Double = new("double", Math.ScaleB(1, -53), 9, 4, 2, Math.ScaleB(1, -1022));

    public static RoundingModel Of<T>()
        where T : unmanaged =>
        typeof(T) == typeof(float) ? Single : typeof(T) == typeof(double) ? Double : throw new NotSupportedException(typeof(T).Name);

    /// <summary>γ_n = n·u/(1 − n·u) (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Lemma 3.1).</summary>
    public double Gamma(double n)
    {
        double nu = n * U;
        if (nu >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "n·u must stay well below 1 for γ_n to bound anything.");
        }

        return nu / (1 - nu);
    }
}

/// <summary>
/// A network's exact values, in double-double, with a running bound on how far a computation in the network's precision
/// can be from each of them, layer by layer: forward error analysis in the style of Higham ch. 3. The bounds hold for
/// every order of summation, so they hold for the unrolled code, every SIMD width and the batch kernels alike; two paths
/// can therefore differ by at most twice the bound.
/// </summary>
/// <remarks>
/// Layout and layer numbering as in <see cref="DeepNaiveMlp"/>: layer 0 is the inputs, layer L the outputs; the
/// parameters hold W_l row-major, then b_l, for l = 1..L. The parameters and inputs are the network's own values (exactly
/// representable in its precision), so only the arithmetic's rounding is being bounded.
/// </remarks>
public sealed class ErrorBoundedReference
{
    /// <summary>Bounds computed in double are themselves rounded; this factor (and the slack) covers that and the double-double reference's own error.</summary>
    public const double Inflation = 1 + 1e-9;

    private readonly int[] sizes;
    private readonly double[] parameters;
    private readonly int[] weightOffsets;
    private readonly int[] biasOffsets;

    public ErrorBoundedReference(int[] sizes, double[] parameters, Act activation, Out head, RoundingModel model)
    {
        this.sizes = (int[])sizes.Clone();
        this.parameters = (double[])parameters.Clone();
        Activation = activation;
        Head = head;
        Model = model;
        weightOffsets = new int[sizes.Length];
        biasOffsets = new int[sizes.Length];
        int offset = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            weightOffsets[l] = offset;
            offset += sizes[l] * sizes[l - 1];
            biasOffsets[l] = offset;
            offset += sizes[l];
        }

        if (offset != parameters.Length)
        {
            throw new ArgumentException($"{parameters.Length} parameters for sizes {string.Join("-", sizes)}, which take {offset}.", nameof(parameters));
        }
    }

    public Act Activation { get; }

    public Out Head { get; }

    public RoundingModel Model { get; }

    private int L => sizes.Length - 1;

    /// <summary>The absolute slack added to every bound for the double-double reference's own rounding (about 2⁻¹⁰⁰ relative).</summary>
    public static double Slack(double value) => 1e-24 * (1 + Math.Abs(value));

    /// <summary>The forward pass: every layer's sums a_l and outputs z_l (z_0 = x, z_L = y) with their bounds.</summary>
    public Pass Forward(double[] x)
    {
        var pass = new Pass(L);
        pass.Z[0] = x.Select(v => (DoubleDouble)v).ToArray();
        pass.EZ[0] = new double[x.Length];
        for (int l = 1; l <= L; l++)
        {
            (pass.A[l], pass.EA[l]) = Sums(l, pass.Z[l - 1], pass.EZ[l - 1]);
            (pass.Z[l], pass.EZ[l]) = l < L ? HiddenActivation(pass.A[l], pass.EA[l]) : OutputFunction(pass.A[l], pass.EA[l]);
        }

        return pass;
    }

    /// <summary>The deltas δ_l of one sample, from its forward pass, with their bounds (as Backward and TrainSample compute them).</summary>
    public void Backward(Pass pass, double[] target)
    {
        int outputs = sizes[L];
        pass.D[L] = new DoubleDouble[outputs];
        pass.ED[L] = new double[outputs];
        for (int k = 0; k < outputs; k++)
        {
            // δ_k = ŷ_k − t_k, one more rounding on the output's error (OutputDelta recomputes σ with MathF.Exp, within the same constant).
            DoubleDouble delta = pass.Z[L][k] - target[k];
            pass.D[L][k] = delta;
            pass.ED[L][k] = pass.EZ[L][k] + (Model.Gamma(1) * (Math.Abs(delta.Value) + pass.EZ[L][k]));
        }

        for (int l = L - 1; l >= 1; l--)
        {
            int units = sizes[l], above = sizes[l + 1];
            pass.D[l] = new DoubleDouble[units];
            pass.ED[l] = new double[units];
            for (int j = 0; j < units; j++)
            {
                // S_j = Σ_k w_kj δ_k in any order: γ_K Σ|w||δ̂| for the rounding, Σ|w| E_δ for the errors already in δ̂.
                DoubleDouble s = 0;
                double magnitude = 0, carried = 0;
                for (int k = 0; k < above; k++)
                {
                    double w = parameters[weightOffsets[l + 1] + (k * units) + j];
                    s += w * pass.D[l + 1][k];
                    magnitude += Math.Abs(w) * (Math.Abs(pass.D[l + 1][k].Value) + pass.ED[l + 1][k]);
                    carried += Math.Abs(w) * pass.ED[l + 1][k];
                }

                double es = (Model.Gamma(above) * magnitude) + carried;
                DoubleDouble z = pass.Z[l][j];
                double ez = pass.EZ[l][j], az = Math.Abs(z.Value);
                DoubleDouble derivative;
                double ef;
                switch (Activation)
                {
                    case Act.Relu:
                        if (Math.Abs(pass.A[l][j].Value) <= pass.EA[l][j])
                        {
                            // The computed sum may fall on either side of 0: the computed relu' may be 0 or 1 whatever the exact one is.
                            pass.D[l][j] = pass.A[l][j].Hi > 0 ? s : (DoubleDouble)0;
                            pass.ED[l][j] = Math.Abs(s.Value) + es;
                            continue;
                        }

                        derivative = pass.A[l][j].Hi > 0 ? 1 : 0;
                        ef = 0;
                        break;
                    case Act.Tanh:
                        // 1 − ẑ² rounded twice; |(1 − ẑ²) − (1 − z²)| ≤ (2|z| + E_z) E_z.
                        derivative = 1 - (z * z);
                        ef = ((2 * az) + ez) * ez + (Model.Gamma(2) * (1 + ((az + ez) * (az + ez))));
                        break;
                    default:
                        // ẑ(1 − ẑ) rounded twice (≤ γ_2/4, since it is at most ¼); z(1 − z) is 1-Lipschitz in z on [0, 1].
                        derivative = z * (1 - z);
                        ef = ez + (Model.Gamma(2) / 4);
                        break;
                }

                DoubleDouble delta = derivative * s;
                double fp = Math.Abs(derivative.Value) + ef, sp = Math.Abs(s.Value) + es;
                pass.D[l][j] = delta;
                pass.ED[l][j] = (fp * es) + (ef * Math.Abs(s.Value)) + (Model.U * fp * sp);
            }
        }
    }

    /// <summary>
    /// TrainSample's step with no gradients pending (B = 1): w ← w − η(δ·input + decay·w), b ← b − ηδ, with decay the
    /// network's λ/N. Returns the exact new parameters and the bound on each.
    /// </summary>
    public (DoubleDouble[] Parameters, double[] Bounds) Step(Pass pass, double eta, double decay)
    {
        var result = new DoubleDouble[parameters.Length];
        var bounds = new double[parameters.Length];
        double g3 = Model.Gamma(3), u = Model.U;
        for (int l = 1; l <= L; l++)
        {
            int inputs = sizes[l - 1];
            for (int j = 0; j < sizes[l]; j++)
            {
                DoubleDouble delta = pass.D[l][j];
                double ed = pass.ED[l][j], ad = Math.Abs(delta.Value);
                for (int i = 0; i < inputs; i++)
                {
                    int n = weightOffsets[l] + ParameterLayout.WeightAt(sizes, l, j, i);
                    double w = parameters[n];
                    DoubleDouble x = pass.Z[l - 1][i];
                    double ex = pass.EZ[l - 1][i], ax = Math.Abs(x.Value);
                    result[n] = w - (eta * ((delta * x) + (decay * (DoubleDouble)w)));

                    // The computed δ̂x̂ is within E_δ(|x| + E_x) + |δ| E_x of δx; the update's four roundings add γ_3 η(|δ̂x̂| + |decay·w|) and u|w′|.
                    double product = (ad + ed) * (ax + ex), penalty = Math.Abs(decay * w);
                    bounds[n] = (eta * ((ed * (ax + ex)) + (ad * ex))) + (g3 * eta * (product + penalty)) + (u * (Math.Abs(w) + (eta * (product + penalty) * (1 + g3))));
                }

                int bias = biasOffsets[l] + j;
                double b = parameters[bias];
                result[bias] = b - (eta * delta);
                bounds[bias] = (eta * ed) + (u * eta * (ad + ed)) + (u * (Math.Abs(b) + (eta * (ad + ed) * (1 + u))));
            }
        }

        return (result, bounds);
    }

    /// <summary>a_j = b_j + Σ_i w_ji x_i exactly, and its bound γ_(n+1)(|b_j| + Σ|w_ji|(|x_i| + E_i)) + Σ|w_ji| E_i.</summary>
    private (DoubleDouble[] A, double[] E) Sums(int layer, DoubleDouble[] x, double[] ex)
    {
        int inputs = sizes[layer - 1], units = sizes[layer];
        var a = new DoubleDouble[units];
        var e = new double[units];
        double gamma = Model.Gamma(inputs + 1);
        for (int j = 0; j < units; j++)
        {
            double b = parameters[biasOffsets[layer] + j];
            DoubleDouble sum = b;
            double magnitude = Math.Abs(b), carried = 0;
            for (int i = 0; i < inputs; i++)
            {
                double w = parameters[weightOffsets[layer] + ParameterLayout.WeightAt(sizes, layer, j, i)];
                sum += w * x[i];
                magnitude += Math.Abs(w) * (Math.Abs(x[i].Value) + ex[i]);
                carried += Math.Abs(w) * ex[i];
            }

            a[j] = sum;
            e[j] = (gamma * magnitude) + carried;
        }

        return (a, e);
    }

    private (DoubleDouble[] Z, double[] E) HiddenActivation(DoubleDouble[] a, double[] ea)
    {
        var z = new DoubleDouble[a.Length];
        var e = new double[a.Length];
        for (int j = 0; j < a.Length; j++)
        {
            (z[j], e[j]) = Activation switch
            {
                // relu is exact and 1-Lipschitz: only the sum's error passes through.
                Act.Relu => (a[j].Hi > 0 ? a[j] : 0, ea[j]),
                Act.Tanh => TanhOf(a[j], ea[j]),
                _ => SigmoidOf(a[j], ea[j]),
            };
        }

        return (z, e);
    }

    private (DoubleDouble[] Y, double[] E) OutputFunction(DoubleDouble[] a, double[] ea)
    {
        switch (Head)
        {
            case Out.Linear:
                return ((DoubleDouble[])a.Clone(), (double[])ea.Clone());
            case Out.Softmax:
                return Softmax(a, ea);
            default:
                var y = new DoubleDouble[a.Length];
                var e = new double[a.Length];
                for (int k = 0; k < a.Length; k++)
                {
                    (y[k], e[k]) = SigmoidOf(a[k], ea[k]);
                }

                return (y, e);
        }
    }

    /// <summary>|σ̂(â) − σ(a)| ≤ ¼|â − a| + γ_cσ σ(â) + floor, with σ(â) ≤ σ(a) + ¼ E_a (σ is ¼-Lipschitz).</summary>
    private (DoubleDouble, double) SigmoidOf(DoubleDouble a, double ea)
    {
        DoubleDouble z = DoubleDouble.Sigmoid(a);
        return (z, (0.25 * ea) + (Model.Gamma(Model.Sigmoid) * (z.Value + (0.25 * ea))) + Model.Floor);
    }

    /// <summary>|tanĥ(â) − tanh(a)| ≤ |â − a| + γ_ct |tanh(â)| + floor (tanh is 1-Lipschitz).</summary>
    private (DoubleDouble, double) TanhOf(DoubleDouble a, double ea)
    {
        DoubleDouble z = DoubleDouble.Tanh(a);
        return (z, ea + (Model.Gamma(Model.TanhBound) * (Math.Abs(z.Value) + ea)) + Model.Floor);
    }

    /// <summary>
    /// Softmax as the generated code computes it: m = max â, ê_k = exp(fl(â_k − m)), Ŝ = Σ ê_k in order, ŷ_k = fl(ê_k/Ŝ).
    /// softmax is ½-Lipschitz in the ∞-norm (Σ_j |∂y_k/∂a_j| = 2y_k(1 − y_k) ≤ ½); its own rounding is bounded through the
    /// factor ρ_k by which ŷ_k/softmax(â)_k can stray from 1.
    /// </summary>
    private (DoubleDouble[] Y, double[] E) Softmax(DoubleDouble[] a, double[] ea)
    {
        int outputs = a.Length;
        double maxError = ea.Max(), u = Model.U, ge = Model.Gamma(Model.SoftmaxExp), gs = Model.Gamma(outputs - 1);
        DoubleDouble m = a.Aggregate(DoubleDouble.Max);
        var e = new DoubleDouble[outputs];
        DoubleDouble sum = 0;
        for (int k = 0; k < outputs; k++)
        {
            e[k] = DoubleDouble.Exp(a[k] - m);
            sum += e[k];
        }

        // exp's argument â_k − m̂ has |·| ≤ V_k = (m − a_k) + 2 max E_a; rounding it scales e^v by at most e^(±V u), and
        // e^(V u) ≤ 1 + 2Vu, e^(−V u) ≥ 1 − Vu while V u ≤ 1.
        var low = new double[outputs];
        var high = new double[outputs];
        for (int k = 0; k < outputs; k++)
        {
            double vu = ((m - a[k]).Value + (2 * maxError)) * u;
            if (vu > 1)
            {
                throw new InvalidOperationException("softmax logits too far apart for this bound: " + vu);
            }

            low[k] = (1 - vu) * (1 - ge);
            high[k] = (1 + (2 * vu)) * (1 + ge);
        }

        double lowest = low.Min(), highest = high.Max();
        var y = new DoubleDouble[outputs];
        var bounds = new double[outputs];
        for (int k = 0; k < outputs; k++)
        {
            y[k] = e[k] / sum;
            double above = (high[k] * (1 + u) / (lowest * (1 - gs))) - 1;
            double below = 1 - (low[k] * (1 - u) / (highest * (1 + gs)));
            double rho = Math.Max(above, below);
            bounds[k] = (0.5 * maxError) + (rho * (y[k].Value + (0.5 * maxError))) + (2 * outputs * Model.Floor);
        }

        return (y, bounds);
    }

    /// <summary>One sample's exact values and bounds; index 0 of A, EA, D and ED is unused.</summary>
    public sealed class Pass
    {
        public Pass(int layers)
        {
            A = new DoubleDouble[layers + 1][];
            EA = new double[layers + 1][];
            Z = new DoubleDouble[layers + 1][];
            EZ = new double[layers + 1][];
            D = new DoubleDouble[layers + 1][];
            ED = new double[layers + 1][];
        }

        /// <summary>a_l: the sums of layer l.</summary>
        public DoubleDouble[][] A { get; }

        /// <summary>Bounds on |â_l − a_l|.</summary>
        public double[][] EA { get; }

        /// <summary>z_l: x for l = 0, the hidden units, and y for l = L.</summary>
        public DoubleDouble[][] Z { get; }

        /// <summary>Bounds on |ẑ_l − z_l|.</summary>
        public double[][] EZ { get; }

        /// <summary>δ_l, after <see cref="Backward"/>.</summary>
        public DoubleDouble[][] D { get; }

        /// <summary>Bounds on |δ̂_l − δ_l|.</summary>
        public double[][] ED { get; }

        /// <summary>The outputs y.</summary>
        public DoubleDouble[] Y => Z[^1];

        /// <summary>Bounds on |ŷ − y|.</summary>
        public double[] EY => EZ[^1];
    }
}

/// <summary>
/// The order in which each kind of generated code adds up a layer's sums a_j = b_j + Σ_i w_ji x_i, emulated in the
/// network's precision: docs/reproducibility.md describes it, and the tests check the networks compute exactly this,
/// to the bit, for ReLU networks with linear outputs (whose other operations are exact).
/// </summary>
public static class SumOrder
{
    /// <summary>
    /// Unrolled code: one statement, b + (w0·x0 + … + w7·x7) + (w8·x8 + …) + …, each group of 8 products added left to
    /// right on its own and the groups added to b in order; up to 8 terms, b + w0·x0 + w1·x1 + …. Every product is
    /// rounded, then every addition.
    /// </summary>
    public static T Unrolled<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, T b)
        where T : IFloatingPointIeee754<T>
    {
        if (w.Length <= 8)
        {
            T sum = b;
            for (int i = 0; i < w.Length; i++)
            {
                sum += w[i] * x[i];
            }

            return sum;
        }

        T total = b;
        for (int start = 0; start < w.Length; start += 8)
        {
            T group = w[start] * x[start];
            for (int i = start + 1; i < Math.Min(start + 8, w.Length); i++)
            {
                group += w[i] * x[i];
            }

            total += group;
        }

        return total;
    }

    /// <summary>
    /// A SIMD kernel of <paramref name="bits"/>-bit vectors for an input-major layer (layer 1) of <paramref name="units"/>
    /// units, unit <paramref name="unit"/>: a unit a vector covers is one lane, its sum starting from b and taking
    /// x_i·w_i in input order, one fused multiply-add each; when the layer is one vector of units (and has 4 inputs or
    /// more), in four chains, input i into chain i mod 4 of the first ⌊n/4⌋·4 inputs, the inputs left over into the first
    /// chain in order, added at the end as (c0 + c1) + (c2 + c3); when it has fewer than 4 vectors (and 2 inputs or more),
    /// in two chains, b + the even inputs and 0 + the odd ones (an odd last input into the first), added at the end. A
    /// unit no vector covers (past the whole vectors of <paramref name="bits"/>, then of 128 bits) sums its products
    /// from 0, each rounded and added in input order, and is added to b last.
    /// </summary>
    public static T SimdInputMajor<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, T b, int bits, int units, int unit)
        where T : IFloatingPointIeee754<T>
    {
        int size = typeof(T) == typeof(float) ? 32 : 64, n = w.Length, lanes = bits / size, lanes128 = 128 / size;
        int vectors = (units / lanes) + (bits > 128 ? units % lanes / lanes128 : 0);
        int left = bits > 128 ? units % lanes % lanes128 : units % lanes;
        if (unit >= units - left)
        {
            T u = T.Zero;
            for (int i = 0; i < n; i++)
            {
                u += w[i] * x[i];
            }

            return b + u;
        }

        if (vectors >= 4 || n < 2)
        {
            T s = b;
            for (int i = 0; i < n; i++)
            {
                s = T.FusedMultiplyAdd(x[i], w[i], s);
            }

            return s;
        }

        if (vectors == 1 && n >= 4)
        {
            T c0 = b, c1 = T.Zero, c2 = T.Zero, c3 = T.Zero;
            int i = 0;
            for (; i + 3 < n; i += 4)
            {
                c0 = T.FusedMultiplyAdd(x[i], w[i], c0);
                c1 = T.FusedMultiplyAdd(x[i + 1], w[i + 1], c1);
                c2 = T.FusedMultiplyAdd(x[i + 2], w[i + 2], c2);
                c3 = T.FusedMultiplyAdd(x[i + 3], w[i + 3], c3);
            }

            for (; i < n; i++)
            {
                c0 = T.FusedMultiplyAdd(x[i], w[i], c0);
            }

            return (c0 + c1) + (c2 + c3);
        }

        T even = b, odd = T.Zero;
        int k = 0;
        for (; k + 1 < n; k += 2)
        {
            even = T.FusedMultiplyAdd(x[k], w[k], even);
            odd = T.FusedMultiplyAdd(x[k + 1], w[k + 1], odd);
        }

        if (k < n)
        {
            even = T.FusedMultiplyAdd(x[k], w[k], even);
        }

        return even + odd;
    }

    /// <summary>
    /// A SIMD kernel of <paramref name="bits"/>-bit vectors for an output-major layer: lane l of a wide accumulator takes the columns i ≡ l (mod
    /// lanes) of the first ⌊n/lanes⌋·lanes columns, one fused multiply-add each; then 128-bit accumulators the same way
    /// over the next whole 128-bit vectors (for wider kernels); then the last columns one at a time, unfused. Each
    /// accumulator's lanes are added up in a pairwise tree, adjacent lanes first (the kernels' AddLanes), and
    /// a_j = b_j + ((Sum(wide) + Sum(128-bit)) + scalar), with only the parts that exist.
    /// </summary>
    public static T Simd<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, T b, int bits)
        where T : IFloatingPointIeee754<T>
    {
        int size = typeof(T) == typeof(float) ? 32 : 64, n = w.Length, i = 0;
        T total = T.Zero;
        bool any = false;
        foreach (int width in bits == 128 ? new[] { 128 } : new[] { bits, 128 })
        {
            int lanes = width / size;
            if (n - i < lanes)
            {
                continue;
            }

            var accumulator = new T[lanes];
            accumulator.AsSpan().Fill(T.Zero);
            for (; i <= n - lanes; i += lanes)
            {
                for (int lane = 0; lane < lanes; lane++)
                {
                    accumulator[lane] = T.FusedMultiplyAdd(w[i + lane], x[i + lane], accumulator[lane]);
                }
            }

            T part = PairwiseSum<T>(accumulator);
            total = any ? total + part : part;
            any = true;
        }

        if (i < n)
        {
            T scalar = T.Zero;
            for (; i < n; i++)
            {
                scalar += w[i] * x[i];
            }

            total = any ? total + scalar : scalar;
        }

        return b + total;
    }

    /// <summary>
    /// y for a ReLU network with linear outputs, each layer's sums by <paramref name="sum"/>: every operation other than
    /// the sums (max(0, a), the identity) is exact, so the result shows the order of summation bit for bit.
    /// </summary>
    public static T[] ReluLinearForward<T>(int[] sizes, ReadOnlySpan<T> parameters, T[] x, Func<int, int, T[], T[], T, T> sum)
        where T : IFloatingPointIeee754<T> =>
        ReluLinearLayers(sizes, parameters, x, sum)[^1];

    /// <summary>Every layer's values for one sample, z[0] the inputs: ReLU hidden units, linear outputs, each sum by <paramref name="sum"/>.</summary>
    private static T[][] ReluLinearLayers<T>(int[] sizes, ReadOnlySpan<T> parameters, T[] x, Func<int, int, T[], T[], T, T> sum)
        where T : IFloatingPointIeee754<T>
    {
        var z = new T[sizes.Length][];
        z[0] = x;
        int[] offsets = Offsets(sizes);
        for (int l = 1; l < sizes.Length; l++)
        {
            int inputs = sizes[l - 1], units = sizes[l];
            z[l] = new T[units];
            for (int j = 0; j < units; j++)
            {
                var w = new T[inputs];
                for (int i = 0; i < inputs; i++)
                {
                    w[i] = parameters[offsets[l] + ParameterLayout.WeightAt(sizes, l, j, i)];
                }

                T a = sum(l, j, w, z[l - 1], parameters[offsets[l] + (units * inputs) + j]);
                z[l][j] = l == sizes.Length - 1 || !(a < T.Zero) ? a : T.Zero;
            }
        }

        return z;
    }

    /// <summary>
    /// One <c>TrainSample</c> of a ReLU network with linear outputs, as unrolled code documents it, one value at a time, on
    /// <paramref name="parameters"/> in place: the forward sums in the unrolled order (<see cref="Unrolled{T}"/>), δ_k = y_k − t_k,
    /// δ_j = [z_j &gt; 0]·(Σ_k w_kj δ_k) with the sum in groups of 8 added left to right, then w ← w − η (δ·input + (λ/N) w) and
    /// b ← b − η δ, each product and sum rounded.
    /// </summary>
    public static void ReluLinearTrainSample<T>(int[] sizes, T[] parameters, T[] x, T[] t, T eta, T l2, int trainingSetSize)
        where T : IFloatingPointIeee754<T>
    {
        (T[][] z, T[][] d) = ReluLinearDeltas(sizes, parameters, x, t);
        T decay = l2 / T.CreateChecked(trainingSetSize);
        ForEachParameter(sizes, (layer, unit, input, at) =>
            parameters[at] = input < 0
                ? parameters[at] - (eta * d[layer][unit])
                : parameters[at] - (eta * ((d[layer][unit] * z[layer - 1][input]) + (decay * parameters[at]))));
    }

    /// <summary>
    /// <c>Backward</c> on each of <paramref name="samples"/>, then <c>Step</c>, as unrolled code documents them: G ← G + δ·input
    /// and G_b ← G_b + δ from zero, then w ← w − η (G·(1/B) + (λ/N) w) and b ← b − (η G_b)·(1/B).
    /// </summary>
    public static void ReluLinearBatchStep<T>(int[] sizes, T[] parameters, IReadOnlyList<(T[] X, T[] T)> samples, T eta, T l2, int trainingSetSize)
        where T : IFloatingPointIeee754<T>
    {
        var gradients = new T[parameters.Length];
        Array.Fill(gradients, T.Zero);
        foreach ((T[] x, T[] t) in samples)
        {
            (T[][] z, T[][] d) = ReluLinearDeltas(sizes, parameters, x, t);
            ForEachParameter(sizes, (layer, unit, input, at) =>
                gradients[at] = input < 0 ? gradients[at] + d[layer][unit] : gradients[at] + (d[layer][unit] * z[layer - 1][input]));
        }

        T invB = T.One / T.CreateChecked(samples.Count), decay = l2 / T.CreateChecked(trainingSetSize);
        ForEachParameter(sizes, (layer, unit, input, at) =>
            parameters[at] = input < 0
                ? parameters[at] - (eta * gradients[at] * invB)
                : parameters[at] - (eta * ((gradients[at] * invB) + (decay * parameters[at]))));
    }

    /// <summary>Every layer's units z (z[0] the inputs) and deltas δ for one sample, one value at a time.</summary>
    private static (T[][] Z, T[][] D) ReluLinearDeltas<T>(int[] sizes, T[] parameters, T[] x, T[] t)
        where T : IFloatingPointIeee754<T>
    {
        int last = sizes.Length - 1;
        T[][] z = ReluLinearLayers<T>(sizes, parameters, x, (_, _, w, input, b) => Unrolled<T>(w, input, b));
        var d = new T[last + 1][];
        int[] offsets = Offsets(sizes);
        d[last] = new T[sizes[last]];
        for (int k = 0; k < sizes[last]; k++)
        {
            d[last][k] = z[last][k] - t[k];
        }

        for (int l = last - 1; l >= 1; l--)
        {
            int units = sizes[l], above = sizes[l + 1];
            d[l] = new T[units];
            for (int j = 0; j < units; j++)
            {
                // Σ_k w_kj δ_k: groups of 8 products, each added left to right, the groups added in order.
                T sum = T.Zero;
                for (int start = 0; start < above; start += 8)
                {
                    T group = parameters[offsets[l + 1] + ParameterLayout.WeightAt(sizes, l + 1, start, j)] * d[l + 1][start];
                    for (int k = start + 1; k < Math.Min(start + 8, above); k++)
                    {
                        group += parameters[offsets[l + 1] + ParameterLayout.WeightAt(sizes, l + 1, k, j)] * d[l + 1][k];
                    }

                    sum = start == 0 ? group : sum + group;
                }

                d[l][j] = (z[l][j] > T.Zero ? T.One : T.Zero) * sum;
            }
        }

        return (z, d);
    }

    /// <summary>Calls <paramref name="visit"/>(layer, unit, input, index) for every weight, and with input −1 for every bias.</summary>
    private static void ForEachParameter(int[] sizes, Action<int, int, int, int> visit)
    {
        int[] offsets = Offsets(sizes);
        for (int l = 1; l < sizes.Length; l++)
        {
            int inputs = sizes[l - 1], units = sizes[l];
            for (int j = 0; j < units; j++)
            {
                for (int i = 0; i < inputs; i++)
                {
                    visit(l, j, i, offsets[l] + ParameterLayout.WeightAt(sizes, l, j, i));
                }

                visit(l, j, -1, offsets[l] + (units * inputs) + j);
            }
        }
    }

    /// <summary>Where each layer's weights start: W1, b1, W2, b2, … one after the other.</summary>
    private static int[] Offsets(int[] sizes)
    {
        var offsets = new int[sizes.Length];
        for (int l = 1, offset = 0; l < sizes.Length; l++)
        {
            offsets[l] = offset;
            offset += (sizes[l] * sizes[l - 1]) + sizes[l];
        }

        return offsets;
    }

    private static T PairwiseSum<T>(ReadOnlySpan<T> lanes)
        where T : IFloatingPointIeee754<T> =>
        lanes.Length == 1 ? lanes[0] : PairwiseSum(lanes[..(lanes.Length / 2)]) + PairwiseSum(lanes[(lanes.Length / 2)..]);
}
