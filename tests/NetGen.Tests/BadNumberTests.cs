using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using NetGen;
using NetGen.Testing;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Bad numbers at run time. NaN and ±∞ in the data are argument errors, thrown before anything is written. A loss or
/// gradient that is not finite, or a step large enough to overflow an update, takes no step on any path (Backward,
/// Step, TrainSample fused and through the gradient buffer, TrainBatch blocked and one sample at a time, Fit): the
/// parameters keep their exact bits, and the network's future — pending samples, optimizer state — is that of a twin
/// that never saw the bad call, which is how every test here checks "nothing else changed" too.
/// </summary>
public class BadNumberTests
{
    private const int BatchSamples = 11;   // one block of 8 through the batch kernels, then 3 one at a time

    public static TheoryData<string> Names => new(Factories.Keys);

    private static readonly Dictionary<string, Func<object>> Factories = new()
    {
        ["2-4-1 unrolled float"] = () => new Bad241F(),
        ["2-4-1 SIMD float"] = () => new Bad241SimdF(),
        ["2-4-1 SIMD double"] = () => new Bad241SimdD(),
        ["5-7-3 tanh softmax unrolled float"] = () => new Bad573TanhSoftmaxF(),
        ["30-16-4 ReLU linear SIMD float"] = () => new Bad30x16x4ReluLinearSimdF(),
        ["30-20-10-3 tanh softmax SIMD double"] = () => new Bad30x20x10x3TanhSoftmaxSimdD(),
        ["4-6-5-2 Adam SIMD float"] = () => new Bad4652AdamSimdF(),
        ["4-6-2 Momentum unrolled double"] = () => new Bad462MomentumD(),
        ["784-128-64-10 ReLU softmax SIMD float"] = () => DeepNetworks.Create<float>([784, 128, 64, 10], Code.Auto, Act.Relu, Out.Softmax),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void NonFiniteInputsAndTargets_AreRefusedBeforeAnythingIsWritten(string name) =>
        Dispatch(name, new NonFiniteData());

    [Theory]
    [MemberData(nameof(Names))]
    public void ANaNParameter_TakesNoStepOnAnyPath(string name) => Dispatch(name, new NaNParameter());

    [Theory]
    [MemberData(nameof(Names))]
    public void NonFiniteGradients_AreNeverApplied(string name) => Dispatch(name, new NonFiniteGradients());

    [Theory]
    [MemberData(nameof(Names))]
    public void AStepThatCouldOverflow_IsNotTaken_AndOneJustBelowIs(string name) => Dispatch(name, new OverflowingStep());

    [Theory]
    [MemberData(nameof(Names))]
    public void AnL2DecayAboveTwo_IsAnArgumentError(string name) => Dispatch(name, new DecayAboveTwo());

    /// <summary>The 2-4-1 networks of the finite-loss row: unrolled and SIMD, float and double.</summary>
    private static readonly Dictionary<string, Func<object>> OverflowNetworks = new()
    {
        ["2-4-1 unrolled float"] = () => new Bad241F(),
        ["2-4-1 unrolled double"] = () => new Bad241D(),
        ["2-4-1 SIMD float"] = () => new Bad241SimdF(),
        ["2-4-1 SIMD double"] = () => new Bad241SimdD(),
    };

    public static TheoryData<string> OverflowNetworkNames => new(OverflowNetworks.Keys);

    /// <summary>
    /// The calls of the finite-loss row, each run on every network of <see cref="OverflowNetworks"/> and
    /// <see cref="ReluOverflowNetworks"/> (see <see cref="OverflowingCall"/>).
    /// </summary>
    private static readonly string[] FiniteLossCalls = ["Backward", "TrainSample", "TrainSample pending", "TrainBatch", "TrainBatch in a chunk"];

    [Theory]
    [MemberData(nameof(OverflowNetworkNames))]
    public void AFiniteLossWithAnOverflowingGradient_TakesNoStep(string name) =>
        Dispatch(OverflowNetworks[name], new FiniteLossOverflow(aboveReluUnits: false));

    /// <summary>
    /// The networks of the finite-loss row whose overflowing gradient is the output layer's, above ReLU units: the checks
    /// take the largest |unit input| of a layer as 1 only above sigmoid units, so these must still measure it.
    /// </summary>
    private static readonly Dictionary<string, Func<object>> ReluOverflowNetworks = new()
    {
        ["30-16-4 ReLU linear SIMD float"] = () => new Bad30x16x4ReluLinearSimdF(),
        ["4-6-5-3 ReLU linear unrolled double"] = () => new Deep4_6_5_3ReluLinearUnrolledD(),
        ["4-6-5-3 ReLU linear SIMD double"] = () => new Deep4_6_5_3ReluLinearSimdD(),
    };

    public static TheoryData<string> ReluOverflowNetworkNames => new(ReluOverflowNetworks.Keys);

    [Theory]
    [MemberData(nameof(ReluOverflowNetworkNames))]
    public void AFiniteLossWithAnOverflowingGradientAboveReluUnits_TakesNoStep(string name) =>
        Dispatch(ReluOverflowNetworks[name], new FiniteLossOverflow(aboveReluUnits: true));

    /// <summary>
    /// The cases of the optimizer-state row: each optimizer through each of the three step paths, with the state planted in
    /// the first parameter, which UpdateParameters computes in a vector loop, and in the last, which it computes in the
    /// one-at-a-time loop after one, whatever the machine's vector width (checked in <see cref="OptimizerOverflow"/>).
    /// </summary>
    public static TheoryData<string, string, string> OptimizerOverflowCases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (string optimizer in new[] { "Momentum", "Adam" })
        {
            foreach (string method in new[] { "Step", "TrainSample", "TrainBatch" })
            {
                foreach (string parameter in new[] { "first", "last" })
                {
                    cases.Add(optimizer, method, parameter);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(OptimizerOverflowCases))]
    public void AnOptimizerUpdateThatWouldOverflow_IsNotApplied(string optimizer, string method, string parameter)
    {
        Assert.Contains(parameter, new[] { "first", "last" });
        if (optimizer == "Momentum")
        {
            // A velocity of MaxValue/2 carried into a step with η = 4: θ − η(μv + g) would be about −1.8·MaxValue.
            // 6-5-4-3 in double: the last block, b3, has an odd number of biases, so a remainder loop even at 2 lanes.
            OptimizerOverflow(new DeepMomentum6543(), method, parameter, learningRate: 4, "__velocity", double.MaxValue / 2, "Momentum");
        }
        else
        {
            // A first moment of MaxValue/2 and no second moment: m̂ = (β1 m + (1 − β1) g)/(1 − β1) is about 4.5·MaxValue.
            // 4-6-5-2 in float: b3's 2 biases are fewer than the 4 or more floats of a vector.
            Assert.Equal("Adam", optimizer);
            OptimizerOverflow(new Bad4652AdamSimdF(), method, parameter, learningRate: 1, "__firstMoment", float.MaxValue / 2, "Adam");
        }
    }

    /// <summary>
    /// The optimizer's read-only first pass: a state planted by reflection (no public path reaches it, which is the point of
    /// the pass) makes the update overflow although the gradient and the step bound are fine; nothing may change. The
    /// value goes into <paramref name="field"/> at the first parameter or the last, which must be computed in a vector
    /// loop and in a one-at-a-time loop respectively, so that the first pass's check is tested in both.
    /// </summary>
    private static void OptimizerOverflow<T>(IDeepNetwork<T> net, string method, string parameter, double learningRate, string field, T value, string optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        net.InitializeParameters(4);
        Data<T> data = Data<T>.For(net, BatchSamples, seed: 6);
        var fields = net.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        Dictionary<string, ArraySegment<T>> state = StateFields.Optimizer<T>(net);
        Assert.NotEmpty(state);
        int index = parameter == "first" ? 0 : net.ParameterTotal - 1;
        Assert.True(
            InVectorLoop<T>(net.Sizes, index) == (parameter == "first"),
            $"parameter {index} is not computed in the {(parameter == "first" ? "vector" : "one-at-a-time")} loop at {Vector<T>.Count} lanes");
        ArraySegment<T> planted = state[field];   // a window into the network's own array: the write reaches it
        planted[index] = value;
        System.Reflection.FieldInfo? steps = fields.SingleOrDefault(f => f.Name == "__adamSteps");
        object? stepsBefore = steps?.GetValue(net);
        Dictionary<string, byte[]> stateBefore = state.ToDictionary(e => e.Key, e => Bits<T>(e.Value));
        int inputs = net.Sizes[0], outputs = net.Sizes[^1];
        if (method == "Step")
        {
            net.Backward(data.X.AsSpan(0, inputs), data.Targets.AsSpan(0, outputs));
        }

        byte[] parameters = Bits<T>(net.Parameters);
        T rate = Num.From<T>(learningRate);
        NotFiniteNumberException e = Assert.Throws<NotFiniteNumberException>(() =>
        {
            switch (method)
            {
                case "Step": net.Step(rate, T.Zero, 10); break;
                case "TrainSample": net.TrainSample(data.X.AsSpan(0, inputs), data.Targets.AsSpan(0, outputs), rate, T.Zero, 10); break;
                default: net.TrainBatch(data.X, data.Targets, rate, T.Zero, 10); break;
            }
        });
        Assert.Equal(method + ": the " + optimizer + " update would make a parameter or the optimizer's state NaN or ±∞, so the step was not taken", e.Message.Substring(0, e.Message.IndexOf(':', method.Length + 1)));
        Assert.True(parameters.AsSpan().SequenceEqual(Bits<T>(net.Parameters)), "the parameters changed");
        foreach ((string name, byte[] bits) in stateBefore)
        {
            Assert.True(bits.AsSpan().SequenceEqual(Bits<T>(state[name])), name + " changed");
        }

        Assert.Equal(stepsBefore, steps?.GetValue(net));
        Assert.All(Num.ToDouble<T>(net.Gradients), g => Assert.Equal(0.0, g));
    }

    /// <summary>
    /// Whether Momentum's or Adam's UpdateParameters computes parameter <paramref name="index"/> in a vector loop, rather
    /// than in the one-at-a-time loop after it: each block of parameters, W1, b1, W2, …, goes Vector&lt;T&gt;.Count at a
    /// time while a whole vector fits in what is left of it.
    /// </summary>
    private static bool InVectorLoop<T>(int[] sizes, int index)
        where T : struct
    {
        int start = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            foreach (int length in new[] { sizes[l] * sizes[l - 1], sizes[l] })
            {
                if (index < start + length)
                {
                    return index - start < length - (length % Vector<T>.Count);
                }

                start += length;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, "past the last parameter");
    }

    [Fact]
    public void Fit_RefusesNonFiniteDataAndBadOptions_BeforeTraining()
    {
        var net = new Bad30x16x4ReluLinearSimdF();
        net.InitializeParameters(5);
        Data<float> data = Data<float>.For(net, 20, seed: 1);
        byte[] before = Bits<float>(net.Parameters);

        foreach ((bool inInputs, int index, float value) in FitBadData)
        {
            float[] x = data.X.ToArray(), t = data.Targets.ToArray();
            (inInputs ? x : t)[index] = value;
            int perSample = inInputs ? 30 : 4;
            ArgumentException e = Assert.Throws<ArgumentException>(() => net.Fit(x, t, new Bad30x16x4ReluLinearSimdF.TrainingOptions { Epochs = 2, BatchSize = 4 }));
            Assert.Equal(inInputs ? "inputs" : "targets", e.ParamName);
            Assert.Contains(FormattableString.Invariant($"[{index}] (sample {index / perSample}, value {index % perSample}) is {value.ToString(CultureInfo.InvariantCulture)}"), e.Message);
            Assert.Equal(before, Bits<float>(net.Parameters));
        }

        foreach (Bad30x16x4ReluLinearSimdF.TrainingOptions options in FitBadOptions())
        {
            ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(data.X, data.Targets, options));
            Assert.Equal("options", e.ParamName);
            Assert.Contains(float.IsFinite(options.LearningRate) && options.LearningRate > 0 ? "options.L2" : "options.LearningRate", e.Message);
            Assert.Equal(before, Bits<float>(net.Parameters));
        }

        // η·λ/N above 2 for the scheduled rate of one epoch (N: 20 samples, 5 of them held out).
        foreach ((int epoch, float rate, string shown) in FitDecaySchedules)
        {
            var decaying = new Bad30x16x4ReluLinearSimdF.TrainingOptions
            {
                Epochs = 4, L2 = 10f, ValidationFraction = 0.25, LearningRateSchedule = (e, r) => e == epoch ? rate : r,
            };
            ArgumentException decay = Assert.Throws<ArgumentException>(() => net.Fit(data.X, data.Targets, decaying));   // exactly ArgumentException, not ArgumentOutOfRangeException
            Assert.Equal("options", decay.ParamName);
            Assert.Contains($"epoch {epoch} makes η·λ/N = {shown}", decay.Message);
            Assert.Equal(before, Bits<float>(net.Parameters));
        }
    }

    /// <summary>A NaN or ±∞ in Fit's inputs or targets: (in the inputs?, index, value).</summary>
    private static readonly (bool InInputs, int Index, float Value)[] FitBadData =
        [(true, 5 * 30 + 1, float.NaN), (true, 19 * 30 + 29, float.PositiveInfinity), (false, 3 * 4 + 2, float.NegativeInfinity)];

    /// <summary>Options Fit refuses: five learning rates and three L2 strengths.</summary>
    private static Bad30x16x4ReluLinearSimdF.TrainingOptions[] FitBadOptions() =>
        new[] { 0f, -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity }.Select(rate => new Bad30x16x4ReluLinearSimdF.TrainingOptions { LearningRate = rate })
            .Concat(new[] { -1e-30f, float.NaN, float.PositiveInfinity }.Select(l2 => new Bad30x16x4ReluLinearSimdF.TrainingOptions { L2 = l2 }))
            .ToArray();

    /// <summary>A schedule whose rate in one epoch makes η·λ/N pass 2 (λ = 10, N = 15): (epoch, rate, η·λ/N as the message shows it).</summary>
    private static readonly (int Epoch, float Rate, string Shown)[] FitDecaySchedules = [(3, 3.1f, "2.06")];

    /// <summary>Learning rates with which Fit diverges, and must stop.</summary>
    private static readonly float[] FitDivergentRates = [1e30f];

    [Theory]
    [MemberData(nameof(FitDivergentRateData))]
    public void Fit_StopsOnDivergence_KeepingTheLastStepsFiniteParameters(float rate)
    {
        var net = new Bad30x16x4ReluLinearSimdF();
        net.InitializeParameters(5);
        Data<float> data = Data<float>.For(net, 40, seed: 2);
        byte[] initial = Bits<float>(net.Parameters);
        var reports = new List<Bad30x16x4ReluLinearSimdF.EpochReport>();

        // A rate of 1e30: the first steps move the weights by ~1e30, and the loss soon overflows float.
        NotFiniteNumberException e = Assert.Throws<NotFiniteNumberException>(() => net.Fit(
            data.X, data.Targets, new Bad30x16x4ReluLinearSimdF.TrainingOptions { Epochs = 50, BatchSize = 8, LearningRate = rate }, new Collect<Bad30x16x4ReluLinearSimdF.EpochReport>(reports)));

        Assert.StartsWith("Fit stopped in epoch ", e.Message, StringComparison.Ordinal);
        Assert.Contains("keeping the parameters of the last step taken. TrainBatch: ", e.Message);
        Assert.IsType<NotFiniteNumberException>(e.InnerException);
        Assert.Equal(((NotFiniteNumberException)e.InnerException!).OffendingNumber, e.OffendingNumber);
        Assert.True(reports.Count < 50, $"Fit ran all {reports.Count} epochs");
        Assert.NotEqual(initial, Bits<float>(net.Parameters));
        Assert.All(net.Parameters.ToArray(), p => Assert.True(float.IsFinite(p), $"parameter {p}"));
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    public static TheoryData<float> FitDivergentRateData => new(FitDivergentRates);

    // ---- the README's hardening table: each row's count, summed from the case lists the tests above iterate ----

    [Fact]
    public void HardeningTable_NonFiniteInputsAndTargets() =>
        HardeningTable.AssertCases("a NaN or ±∞ in an input or target", HardeningTable.N(CountCases(new NonFiniteData())));

    [Fact]
    public void HardeningTable_NaNParameter() =>
        HardeningTable.AssertCases("a NaN parameter", HardeningTable.N(CountCases(new NaNParameter())));

    [Fact]
    public void HardeningTable_NonFiniteGradients() =>
        HardeningTable.AssertCases("NaN, +∞ or −∞ written into", HardeningTable.N(CountCases(new NonFiniteGradients())));

    [Fact]
    public void HardeningTable_OverflowingStep() =>
        HardeningTable.AssertCases("learning rates making", HardeningTable.N(CountCases(new OverflowingStep())));

    [Fact]
    public void HardeningTable_DecayAboveTwo() =>
        HardeningTable.AssertCases("η·λ/N above 2", HardeningTable.N(CountCases(new DecayAboveTwo())) + " + " + HardeningTable.N(ValidationTests.BadHyperparameterCases()));

    [Fact]
    public void HardeningTable_FiniteLossOverflowingGradient() =>
        HardeningTable.AssertCases(
            "a finite loss",
            HardeningTable.N(OverflowNetworks.Count * FiniteLossCalls.Length) + " + " + HardeningTable.N(ReluOverflowNetworks.Count * FiniteLossCalls.Length));

    [Fact]
    public void HardeningTable_OptimizerOverflow() =>
        HardeningTable.AssertCases("Momentum velocity or Adam moment", HardeningTable.N(OptimizerOverflowCases().Count));

    [Fact]
    public void HardeningTable_Fit() =>
        HardeningTable.AssertCases("`Fit` with NaN", HardeningTable.N(FitBadData.Length + FitBadOptions().Length + FitDecaySchedules.Length + FitDivergentRates.Length));

    /// <summary>
    /// The networks' names say what they are, and together they are what the table and docs/bad-numbers.md claim: unrolled
    /// and SIMD code, float and double, SGD, Momentum and Adam.
    /// </summary>
    [Fact]
    public void TheNetworks_AreWhatTheirNamesSay_AndCoverEveryKindOfCode()
    {
        var kinds = new HashSet<string>();
        foreach ((string name, Func<object> make) in Factories.Concat(OverflowNetworks))
        {
            object net = make();
            string code = Networks.KindOf(net.GetType()) == Code.Simd ? "SIMD" : "unrolled";
            string precision = net is IDeepNetwork<float> ? "float" : "double";
            Assert.Contains(" " + code + " ", " " + name + " ");
            Assert.EndsWith(" " + precision, name, StringComparison.Ordinal);
            var fields = net.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
            string optimizer = fields.Any(f => f.Name == "__velocity") ? "Momentum" : fields.Any(f => f.Name == "__firstMoment") ? "Adam" : "SGD";
            Assert.True(optimizer == "SGD" || name.Contains(optimizer, StringComparison.Ordinal), $"{name} is a {optimizer} network");
            if (Factories.ContainsKey(name))
            {
                kinds.Add(code + " " + precision);
                kinds.Add(optimizer);
            }
            else
            {
                Assert.Equal("SGD", optimizer);
            }
        }

        Assert.Equal(new[] { "Adam", "Momentum", "SGD", "SIMD double", "SIMD float", "unrolled double", "unrolled float" }, kinds.Order());
        Assert.Equal(
            new[] { "SIMD double", "SIMD float", "unrolled double", "unrolled float" },
            OverflowNetworks.Values.Select(make => make()).Select(net => (Networks.KindOf(net.GetType()) == Code.Simd ? "SIMD " : "unrolled ") + (net is IDeepNetwork<float> ? "float" : "double")).Order());
    }

    // ---- the scenarios, each run for one network through IDeepNetwork<T> ----

    private interface IScenario
    {
        /// <summary>How many cases <see cref="Run"/> runs for this network: the length of the list it iterates.</summary>
        int Count<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T>;

        void Run<T>(Func<IDeepNetwork<T>> create)
            where T : unmanaged, IFloatingPointIeee754<T>;
    }

    /// <summary>The cases a scenario runs, summed over every network of <see cref="Factories"/>: its row's count.</summary>
    private static int CountCases(IScenario scenario) => Factories.Values.Sum(make => make() switch
    {
        IDeepNetwork<float> single => scenario.Count(single),
        IDeepNetwork<double> dual => scenario.Count(dual),
        object other => throw new InvalidOperationException(other.GetType().Name + " is neither a float nor a double network"),
    });

    private static void Dispatch(string name, IScenario scenario) => Dispatch(Factories[name], scenario);

    /// <summary>Runs <paramref name="scenario"/> on the networks <paramref name="make"/> makes, as float or double ones.</summary>
    private static void Dispatch(Func<object> make, IScenario scenario)
    {
        if (make() is IDeepNetwork<float>)
        {
            scenario.Run(() => (IDeepNetwork<float>)make());
        }
        else
        {
            scenario.Run(() => (IDeepNetwork<double>)make());
        }
    }

    /// <summary>The ways a training call can start: with or without samples already pending from Backward.</summary>
    private enum Call
    {
        Backward,
        TrainSampleFused,
        TrainSamplePending,
        TrainBatch,
        TrainBatchPending,
    }

    private static readonly Call[] Calls = Enum.GetValues<Call>();

    private static bool Pending(Call call) => call is Call.Backward or Call.TrainSamplePending or Call.TrainBatchPending;

    private static bool IsBatch(Call call) => call is Call.TrainBatch or Call.TrainBatchPending;

    private static string MethodName(Call call) => call switch
    {
        Call.Backward => "Backward",
        Call.TrainSampleFused or Call.TrainSamplePending => "TrainSample",
        _ => "TrainBatch",
    };

    private sealed class NonFiniteData : IScenario
    {
        public int Count<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T> => Cases(probe).Count();

        private static IEnumerable<(Call Call, bool InInputs, int Sample, int Position, T Value)> Cases<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int inputs = probe.Sizes[0], outputs = probe.Sizes[^1];
            foreach (Call call in Calls)
            {
                // One sample: the first or last value. A batch: sample 2 (in the 8-sample block) or sample 9 (one at a time).
                var places = IsBatch(call)
                    ? new[] { (true, 2, inputs - 1), (true, 9, 0), (false, 2, 0), (false, 9, outputs - 1) }
                    : new[] { (true, 0, 0), (true, 0, inputs - 1), (false, 0, outputs - 1) };
                foreach ((bool inInputs, int sample, int position) in places)
                {
                    foreach (T value in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity })
                    {
                        yield return (call, inInputs, sample, position, value);
                    }
                }
            }
        }

        public void Run<T>(Func<IDeepNetwork<T>> create)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            IDeepNetwork<T> probe = create();
            int inputs = probe.Sizes[0], outputs = probe.Sizes[^1];
            foreach ((Call call, bool inInputs, int sample, int position, T value) in Cases(probe))
            {
                (IDeepNetwork<T> net, IDeepNetwork<T> twin, Data<T> data) = Twins(create, Pending(call));
                T[] x = IsBatch(call) ? data.X.ToArray() : data.X.AsSpan(0, inputs).ToArray();
                T[] t = IsBatch(call) ? data.Targets.ToArray() : data.Targets.AsSpan(0, outputs).ToArray();
                int index = sample * (inInputs ? inputs : outputs) + position;
                (inInputs ? x : t)[index] = value;
                byte[] parameters = Bits<T>(net.Parameters), gradients = Bits<T>(net.Gradients);

                string what = $"{MethodName(call)} ({call}) with {value} at {(inInputs ? "input" : "target")} {index}";
                ArgumentException e = Assert.Throws<ArgumentException>(() => Invoke(net, call, x, t, Rate<T>()));
                string parameter = (inInputs ? "input" : "target") + (IsBatch(call) ? "s" : string.Empty);
                Assert.Equal(parameter, e.ParamName);
                string place = IsBatch(call)
                    ? FormattableString.Invariant($"{parameter}[{index}] (sample {sample}, value {position})")
                    : FormattableString.Invariant($"{parameter}[{index}]");
                Assert.Contains(place + " is " + value.ToString(null, CultureInfo.InvariantCulture) + ": training needs finite inputs and targets. Nothing was written.", e.Message);
                Assert.True(parameters.AsSpan().SequenceEqual(Bits<T>(net.Parameters)), what + ": the parameters changed");
                Assert.True(gradients.AsSpan().SequenceEqual(Bits<T>(net.Gradients)), what + ": the gradients changed");
                AssertSameFuture(net, twin, data, what);
            }
        }
    }

    private sealed class NaNParameter : IScenario
    {
        public int Count<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T> => Cases(probe).Count();

        /// <summary>Each call with the first weight, one in the middle, or the last output bias NaN.</summary>
        private static IEnumerable<(Call Call, int Index)> Cases<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int count = probe.ParameterTotal;
            return Calls.SelectMany(call => new[] { 0, count / 2, count - 1 }.Select(index => (call, index)));
        }

        public void Run<T>(Func<IDeepNetwork<T>> create)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            IDeepNetwork<T> probe = create();
            int inputs = probe.Sizes[0], outputs = probe.Sizes[^1];
            foreach ((Call call, int index) in Cases(probe))
            {
                (IDeepNetwork<T> net, IDeepNetwork<T> twin, Data<T> data) = Twins(create, Pending(call));
                T saved = net.Parameters[index];
                net.Parameters[index] = T.NaN;
                byte[] parameters = Bits<T>(net.Parameters), gradients = Bits<T>(net.Gradients);
                T[] x = IsBatch(call) ? data.X : data.X.AsSpan(0, inputs).ToArray();
                T[] t = IsBatch(call) ? data.Targets : data.Targets.AsSpan(0, outputs).ToArray();

                string what = $"{call} with parameter {index} NaN";
                NotFiniteNumberException e = Assert.Throws<NotFiniteNumberException>(() => Invoke(net, call, x, t, Rate<T>()));
                Assert.StartsWith(MethodName(call) + ": the loss is NaN, so ", e.Message, StringComparison.Ordinal);
                Assert.True(double.IsNaN(e.OffendingNumber), what + ": OffendingNumber " + e.OffendingNumber);
                Assert.True(parameters.AsSpan().SequenceEqual(Bits<T>(net.Parameters)), what + ": the parameters changed");
                if (call == Call.Backward)
                {
                    Assert.Contains("so nothing was added to Gradients.", e.Message);
                    Assert.True(gradients.AsSpan().SequenceEqual(Bits<T>(net.Gradients)), what + ": the gradients changed");
                }
                else
                {
                    Assert.Contains("so the step was not taken: the parameters are exactly as they were, and Gradients is cleared.", e.Message);
                    Assert.All(Num.ToDouble<T>(net.Gradients), g => Assert.Equal(0.0, g));
                    Assert.Throws<InvalidOperationException>(() => net.Step(Rate<T>(), T.Zero, 10));   // no sample is pending
                    twin.ZeroGradients();
                }

                net.Parameters[index] = saved;
                AssertSameFuture(net, twin, data, what);
            }
        }
    }

    private sealed class NonFiniteGradients : IScenario
    {
        public int Count<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T> => Cases(probe).Count();

        private static IEnumerable<(string Method, int Index, T Value)> Cases<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            from method in new[] { "Step", "TrainSample", "TrainBatch" }
            from index in new[] { 0, probe.ParameterTotal - 1 }
            from value in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity }
            select (method, index, value);

        public void Run<T>(Func<IDeepNetwork<T>> create)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            IDeepNetwork<T> probe = create();
            int inputs = probe.Sizes[0], outputs = probe.Sizes[^1];
            foreach ((string method, int index, T value) in Cases(probe))
            {
                // A sample pending, and then a gradient that no sample could give, written into the buffer.
                (IDeepNetwork<T> net, IDeepNetwork<T> twin, Data<T> data) = Twins(create, pending: true);
                net.Gradients[index] = value;
                byte[] parameters = Bits<T>(net.Parameters);
                string what = $"{method} with gradient {index} = {value}";
                NotFiniteNumberException e = Assert.Throws<NotFiniteNumberException>(() =>
                {
                    switch (method)
                    {
                        case "Step": net.Step(Rate<T>(), Num.From<T>(0.01), 10); break;
                        case "TrainSample": net.TrainSample(data.X.AsSpan(0, inputs), data.Targets.AsSpan(0, outputs), Rate<T>(), T.Zero, 10); break;
                        default: net.TrainBatch(data.X, data.Targets, Rate<T>(), T.Zero, 10); break;
                    }
                });
                Assert.StartsWith(method + ": an element of Gradients (G, summed over ", e.Message, StringComparison.Ordinal);
                Assert.Contains(") is NaN or ±∞, so the step was not taken: the parameters are exactly as they were, and Gradients is cleared.", e.Message);
                Assert.True(parameters.AsSpan().SequenceEqual(Bits<T>(net.Parameters)), what + ": the parameters changed");
                Assert.All(Num.ToDouble<T>(net.Gradients), g => Assert.Equal(0.0, g));
                Assert.Throws<InvalidOperationException>(() => net.Step(Rate<T>(), T.Zero, 10));
                twin.ZeroGradients();
                AssertSameFuture(net, twin, data, what);
            }
        }
    }

    private sealed class OverflowingStep : IScenario
    {
        public int Count<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T> => Cases.Length;

        /// <summary>
        /// The sizes of step tried, as η·max|G| over T.MaxValue: MaxValue/2 and MaxValue/4·(1 + 2⁻¹⁰), past the limit of
        /// MaxValue/4 (refused); MaxValue/4·(1 − 2⁻¹⁰) and MaxValue/8, within it (taken). The two beside MaxValue/4 pin the
        /// limit itself to within 2⁻¹⁰ of MaxValue/4, the limit the "factor 4/3" caveat of docs/bad-numbers.md rests on.
        /// </summary>
        private static readonly (string Name, double OfMaxValue)[] Steps =
        [
            ("MaxValue/2", 0.5),
            ("MaxValue/4·(1 + 2⁻¹⁰)", 0.25 * (1 + 1.0 / 1024)),
            ("MaxValue/4·(1 − 2⁻¹⁰)", 0.25 * (1 - 1.0 / 1024)),
            ("MaxValue/8", 0.125),
        ];

        /// <summary>Every path that takes a step, with each size of <see cref="Steps"/>.</summary>
        private static readonly (Call Call, string Step, double OfMaxValue)[] Cases =
            Calls.Where(c => c != Call.Backward).SelectMany(c => Steps.Select(s => (c, s.Name, s.OfMaxValue))).ToArray();

        public void Run<T>(Func<IDeepNetwork<T>> create)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            IDeepNetwork<T> probe = create();
            int inputs = probe.Sizes[0], outputs = probe.Sizes[^1];
            double max = typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue;
            T limit = T.CreateChecked(max / 4);   // exact: a power of two below MaxValue
            foreach ((Call call, string step, double ofMaxValue) in Cases)
            {
                (IDeepNetwork<T> net, IDeepNetwork<T> twin, Data<T> data) = Twins(create, pending: false);
                T[] x = IsBatch(call) ? data.X : data.X.AsSpan(0, inputs).ToArray();
                T[] t = Contrary(net, x);
                if (Pending(call))
                {
                    net.Backward(x.AsSpan(0, inputs), t.AsSpan(0, outputs));
                    twin.Backward(x.AsSpan(0, inputs), t.AsSpan(0, outputs));
                }

                // The oracle: the largest gradient element this call would apply, from the twin's Backward (B = 1 or the batch).
                IDeepNetwork<T> measure = create();
                net.Parameters.CopyTo(measure.Parameters);
                net.Gradients.CopyTo(measure.Gradients);
                int samples = (IsBatch(call) ? BatchSamples : 1) + (Pending(call) ? 1 : 0);   // B
                for (int s = 0; s < (IsBatch(call) ? BatchSamples : 1); s++)
                {
                    measure.Backward(x.AsSpan(s * inputs, inputs), t.AsSpan(s * outputs, outputs));
                }

                // The generated checks, exactly (NetGen.Tests.*.Mlp.g.cs):
                //   TakeStep (Step; TrainSample with samples pending; TrainBatch):
                //     largestStep = learningRate * MaxAbs(_gradients);  refused when largestStep > T.MaxValue / 4
                //   CheckGradient (TrainSample's fused path, each layer, output layer first):
                //     largest = MaxAbs(δ) * Max(MaxAbs(unit input), 1);  refused when eta * largest > T.MaxValue / 4
                // Both products are rounded in T, η on the left. G here is bit for bit the G TakeStep scans (TrainBatch equals
                // Backward on each sample, BatchTests). On the fused path the rounded δ_j·(unit input)_i of one Backward from a
                // zero buffer are the layer's weight gradients and δ_j its bias gradients, so the largest of a layer's elements
                // of G is exactly MaxAbs(δ)·Max(MaxAbs(unit input), 1) rounded (rounding is monotonic); and η·L rounded is
                // monotonic in L, so some layer is refused exactly when η·max|G| rounded passes T.MaxValue/4. So on every path
                // the step is refused exactly when `rate * largest > limit` below, computed in T as the network does.
                T largest = T.Zero;
                foreach (T g in measure.Gradients)
                {
                    largest = T.Max(largest, T.Abs(g));
                }

                Assert.True(double.CreateChecked(largest) >= 0.5, $"{call}: the contrary targets should give a gradient of 0.5 or more, not {largest}");
                T rate = T.CreateChecked(max * ofMaxValue / double.CreateChecked(largest));
                T product = rate * largest;
                bool refused = ofMaxValue > 0.25;
                string what = $"{call}, η·max|G| = {step}";
                Assert.True(refused == (product > limit), $"{what}: η·max|G| rounded in T is {product}, on the wrong side of {limit}");
                Assert.True(Math.Abs(double.CreateChecked(product) / (max * ofMaxValue) - 1) <= Math.ScaleB(1, -20), $"{what}: η·max|G| is {product}");
                byte[] parameters = Bits<T>(net.Parameters);
                if (refused)
                {
                    NotFiniteNumberException e = Assert.Throws<NotFiniteNumberException>(() => Invoke(net, call, x, t, rate, T.Zero));
                    Assert.StartsWith(MethodName(call) + ": a step ", e.Message, StringComparison.Ordinal);
                    Assert.Contains("which could overflow, so the step was not taken: the parameters are exactly as they were, and Gradients is cleared.", e.Message);

                    // TakeStep reports η·max|G| itself; the fused path (only TrainSample with nothing pending has one) reports
                    // the first layer's η·L past the limit, at most η·max|G|.
                    if (e.Message.Contains("(η·max|G|)", StringComparison.Ordinal))
                    {
                        Assert.Equal(double.CreateChecked(product), e.OffendingNumber);
                    }
                    else
                    {
                        Assert.Equal(Call.TrainSampleFused, call);
                        Assert.Contains("(η·max|∂ℓ/∂θ|), which could overflow", e.Message);
                        Assert.InRange(e.OffendingNumber, Math.BitIncrement(max / 4), double.CreateChecked(product));
                    }

                    Assert.True(parameters.AsSpan().SequenceEqual(Bits<T>(net.Parameters)), what + ": the parameters changed");
                    Assert.All(Num.ToDouble<T>(net.Gradients), g => Assert.Equal(0.0, g));
                    twin.ZeroGradients();
                    AssertSameFuture(net, twin, data, what + ", refused");
                    continue;
                }

                // Inside the bound, η·max|G| ≤ MaxValue/4·(1 − 2⁻¹⁰), from an optimizer state of zero (asserted: the network is
                // new). Then every update is provably in bound, so the step must be taken on every network, with g = G/B,
                // |g| ≤ max|G|/B:
                //   SGD:      |Δθ| = η|g|, at most η·max|G|/B < MaxValue/4.
                //   Momentum: v = μ·0 + g = g, so |Δθ| = η|v|, the same.
                //   Adam:     t = 1, m̂ = (1 − β1)g/(1 − β1) = g and √v̂ = |g| (up to rounding), so |Δθ| = η|g|/(|g| + ε) ≈ η,
                //             and η < MaxValue/4/max|G| ≤ MaxValue/2 since max|G| ≥ 0.5; its partial product η·m̂ is ≈ η|g| < MaxValue/4.
                // With |θ| ≤ 1 before, every new parameter is finite, and so is every new optimizer state (|g|, g² ≤ max|G|² small).
                // The largest move is then that of the parameter with the largest |G|: η·max|G|/B (Adam: η), to rounding.
                Dictionary<string, ArraySegment<T>> state = StateFields.Optimizer<T>(net);
                bool adam = state.ContainsKey("__firstMoment");
                foreach ((string field, ArraySegment<T> values) in state)
                {
                    Assert.True(values.All(v => v == T.Zero), $"{what}: {field} is not zero before the step");
                }

                Invoke(net, call, x, t, rate, T.Zero);   // must not throw
                double[] before = Num.ToDouble<T>(MemoryMarshal.Cast<byte, T>(parameters)), after = Num.ToDouble<T>(net.Parameters);
                Assert.All(after, p => Assert.True(double.IsFinite(p), $"{what}: parameter {p}"));
                double moved = before.Zip(after, (b, a) => Math.Abs(a - b)).Max();
                double expected = adam ? double.CreateChecked(rate) : double.CreateChecked(product) / samples;
                Assert.True(Math.Abs(moved / expected - 1) <= Math.ScaleB(1, -16), $"{what}: the largest move is {moved}, not η·max|G|/B = {expected} (B = {samples}{(adam ? ", Adam: η" : "")})");
                Assert.True(moved < (adam ? max / 2 : max / 4), $"{what}: a parameter moved by {moved}, past MaxValue/{(adam ? 2 : 4)}");
                Assert.All(Num.ToDouble<T>(net.Gradients), g => Assert.Equal(0.0, g));
                foreach ((string field, ArraySegment<T> values) in state)
                {
                    Assert.True(values.All(T.IsFinite), $"{what}: {field} is not finite after the step");
                }
            }
        }
    }

    /// <summary>
    /// Targets against the network's outputs, each output pulled the same way in every sample so that summed deltas add
    /// up: for sigmoid outputs the side of 0.5 away from the outputs' mean, for softmax the class least likely on average,
    /// for linear outputs 10 below. Some bias's summed gradient is then at least 0.5 per sample.
    /// </summary>
    private static T[] Contrary<T>(IDeepNetwork<T> net, T[] x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputs = net.Sizes[0], outputs = net.Sizes[^1], samples = x.Length / inputs;
        Out head = Networks.HeadOf(net.GetType());
        var y = new T[samples * outputs];
        net.ForwardBatch(x, y);
        double[] mean = Enumerable.Range(0, outputs).Select(k => Enumerable.Range(0, samples).Average(s => double.CreateChecked(y[s * outputs + k]))).ToArray();
        int least = Array.IndexOf(mean, mean.Min());
        var t = new T[samples * outputs];
        for (int n = 0; n < t.Length; n++)
        {
            int k = n % outputs;
            t[n] = head switch
            {
                Out.Softmax => k == least ? T.One : T.Zero,
                Out.Linear => y[n] - Num.From<T>(10),
                _ => mean[k] >= 0.5 ? T.Zero : T.One,
            };
        }

        return t;
    }

    private sealed class DecayAboveTwo : IScenario
    {
        public int Count<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T> => Cases.Length;

        /// <summary>Each training call, and Step (run after Backward, listed as Backward) last.</summary>
        private static readonly Call[] Cases = Calls.Where(c => c != Call.Backward).Append(Call.Backward).ToArray();

        public void Run<T>(Func<IDeepNetwork<T>> create)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            IDeepNetwork<T> probe = create();
            int inputs = probe.Sizes[0], outputs = probe.Sizes[^1];
            foreach (Call call in Cases)
            {
                (IDeepNetwork<T> net, IDeepNetwork<T> twin, Data<T> data) = Twins(create, pending: true);
                T[] x = IsBatch(call) ? data.X : data.X.AsSpan(0, inputs).ToArray();
                T[] t = IsBatch(call) ? data.Targets : data.Targets.AsSpan(0, outputs).ToArray();
                byte[] parameters = Bits<T>(net.Parameters), gradients = Bits<T>(net.Gradients);

                // η = 0.5, λ = 40.1, N = 10: η·λ/N = 2.005.
                T rate = Num.From<T>(0.5), l2 = Num.From<T>(40.1);
                Action step = call == Call.Backward
                    ? () => net.Step(rate, l2, 10)
                    : () => Invoke(net, call, x, t, rate, l2);
                ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(step);
                Assert.Equal("l2", e.ParamName);
                Assert.Contains("learningRate·l2/trainingSetSize (η·λ/N, the share of each weight the L2 penalty takes per step) is 2.00", e.Message);
                Assert.True(parameters.AsSpan().SequenceEqual(Bits<T>(net.Parameters)), call + ": the parameters changed");
                Assert.True(gradients.AsSpan().SequenceEqual(Bits<T>(net.Gradients)), call + ": the gradients changed");
                AssertSameFuture(net, twin, data, call + " with η·λ/N above 2");
            }
        }
    }

    // ---- a gradient that overflows while the loss stays small ----

    /// <summary>
    /// The finite-loss rows: one network through every call of <see cref="FiniteLossCalls"/>, with a sample whose hidden
    /// gradient overflows (2-4-1), or whose output gradient overflows above a ReLU unit (<paramref name="aboveReluUnits"/>).
    /// </summary>
    private sealed class FiniteLossOverflow(bool aboveReluUnits) : IScenario
    {
        public int Count<T>(IDeepNetwork<T> probe)
            where T : unmanaged, IFloatingPointIeee754<T> => FiniteLossCalls.Length;

        public void Run<T>(Func<IDeepNetwork<T>> create)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (aboveReluUnits)
            {
                ReluUnitsOverflowingGradient(create());
            }
            else
            {
                FiniteLossOverflowingGradient(create());
            }
        }
    }

    private static void FiniteLossOverflowingGradient<T>(IDeepNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // 2-4-1: x_0 = 0.9·MaxValue and w_j0 = 1/x_0, so every a_j = 1; w_kj = 100 sends a_k to about 292, so y ≈ 1 against
        // t = 0 and δ_k ≈ 1; then δ_j = σ'(1)·100·δ_k ≈ 19.7 and ∂ℓ/∂w_j0 = δ_j x_0 ≈ 17.7·MaxValue overflows, while ℓ ≈ 292.
        double max = typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue;
        double x0 = 0.9 * max;
        Span<T> p = net.Parameters;
        p.Clear();
        for (int j = 0; j < 4; j++)
        {
            p[j] = T.CreateChecked(1 / x0);   // w_j0 = W1[0·HiddenCount + j]: W1 is input-major
            p[12 + j] = Num.From<T>(100);      // w_0j = W2[j]
        }

        // The oracle, in double from the same (rounded) parameters: the loss is small, the gradient is past T.MaxValue.
        double w = double.CreateChecked(p[0]);
        double a = w * double.CreateChecked(T.CreateChecked(x0));
        double z = 1 / (1 + Math.Exp(-a));
        double ak = 4 * 100 * z;
        double loss = ak + Math.Log(1 + Math.Exp(-ak));   // softplus(a_k) − 0·a_k
        double deltaK = 1 / (1 + Math.Exp(-ak));
        double gradient = z * (1 - z) * 100 * deltaK * x0;
        Assert.InRange(loss, 100, 1000);
        Assert.True(gradient > max, $"the oracle's gradient {gradient} should pass {max}");

        T[] x = [T.CreateChecked(x0), T.Zero], ordinary = [T.One, T.Zero], t = [T.Zero];
        byte[] parameters = Bits<T>(net.Parameters);
        foreach (string method in FiniteLossCalls)
        {
            NotFiniteNumberException e = Assert.Throws<NotFiniteNumberException>(() => OverflowingCall(net, method, x, ordinary, t, Num.From<T>(0.1)));
            Assert.StartsWith(method.Split(' ')[0] + ": a gradient of the hidden layer is NaN or ±∞, so ", e.Message, StringComparison.Ordinal);
            Assert.True(parameters.AsSpan().SequenceEqual(Bits<T>(net.Parameters)), method + ": the parameters changed");
            Assert.All(Num.ToDouble<T>(net.Gradients), g => Assert.Equal(0.0, g));
        }

        // The same network with an ordinary input trains: the check is on the numbers, not on the shape.
        Assert.True(double.IsFinite(double.CreateChecked(net.TrainSample([T.One, T.Zero], t, Num.From<T>(0.1), T.Zero, 1))));
    }

    private static void ReluUnitsOverflowingGradient<T>(IDeepNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The last hidden layer's unit 0 gets a = 0.9·MaxValue·x_0, which ReLU passes on: with 2 layers from
        // w_00 = 0.9·MaxValue (W1[0], input-major); with 3, from z1_0 = ReLU(w_00 x_0) with w_00 = 1 and W2[0] = 0.9·MaxValue.
        // Every weight of the output layer is 0, so each a_k is its bias, 10, against t_k = 0: the loss is ½ Σ_k 10² = 50·K,
        // finite, and δ_k = 10, so at x_0 = 1 ∂ℓ/∂w_k0 = δ_k z_0 = 9·MaxValue overflows; at x_0 = 0 (the ordinary sample) every
        // gradient is finite. Max(max|z|, 1) taken as 1 would let the overflow through.
        double max = typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue;
        int[] sizes = net.Sizes;
        Assert.True(sizes.Length is 3 or 4, "a network of one or two hidden layers");
        int outputs = sizes[^1];
        Span<T> p = net.Parameters;
        p.Clear();
        T huge = T.CreateChecked(0.9 * max);
        if (sizes.Length == 3)
        {
            p[0] = huge;
        }
        else
        {
            p[0] = T.One;
            p[sizes[0] * sizes[1] + sizes[1]] = huge;   // W2[0], after W1 and b1
        }

        for (int k = 0; k < outputs; k++)
        {
            p[p.Length - outputs + k] = Num.From<T>(10);
        }

        T[] x = new T[sizes[0]], ordinary = new T[sizes[0]], t = new T[outputs];
        x[0] = T.One;
        T[] y = new T[outputs];
        net.Forward(x, y);
        Assert.All(Num.ToDouble<T>(y), output => Assert.Equal(10.0, output));   // the outputs of the linear head: finite
        byte[] parameters = Bits<T>(net.Parameters);
        foreach (string method in FiniteLossCalls)
        {
            NotFiniteNumberException e = Assert.Throws<NotFiniteNumberException>(() => OverflowingCall(net, method, x, ordinary, t, Num.From<T>(1e-30)));
            Assert.StartsWith(method.Split(' ')[0] + ": a gradient of the output layer is NaN or ±∞, so ", e.Message, StringComparison.Ordinal);
            Assert.True(parameters.AsSpan().SequenceEqual(Bits<T>(net.Parameters)), method + ": the parameters changed");
            Assert.All(Num.ToDouble<T>(net.Gradients), g => Assert.Equal(0.0, g));
        }

        // The ordinary sample trains: the check is on the numbers, not on the shape.
        Assert.Equal(50.0 * outputs, double.CreateChecked(net.TrainSample(ordinary, t, Num.From<T>(1e-30), T.Zero, 1)));
    }

    /// <summary>
    /// One call of the finite-loss rows on the sample <paramref name="x"/>, whose gradient overflows: Backward; TrainSample
    /// fused, and with the gradients of an ordinary sample pending (Backward first); TrainBatch with x last, after 8 ordinary
    /// samples, so that SIMD code meets it in its one-at-a-time tail after a block of 8; and TrainBatch with x the 53rd of
    /// 64, so that SIMD code meets it in the third block of its second 32-sample chunk, the first chunk's gradients already
    /// added.
    /// </summary>
    private static void OverflowingCall<T>(IDeepNetwork<T> net, string method, T[] x, T[] ordinary, T[] t, T rate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (method)
        {
            case "Backward":
                net.Backward(x, t);
                break;
            case "TrainSample":
                net.TrainSample(x, t, rate, T.Zero, 1);
                break;
            case "TrainSample pending":
                net.Backward(ordinary, t);
                net.TrainSample(x, t, rate, T.Zero, 1);
                break;
            case "TrainBatch in a chunk":
                net.TrainBatch(
                    Enumerable.Repeat(ordinary, 52).Append(x).Concat(Enumerable.Repeat(ordinary, 11)).SelectMany(v => v).ToArray(),
                    Enumerable.Repeat(t, 64).SelectMany(v => v).ToArray(),
                    rate,
                    T.Zero,
                    64);
                break;
            default:
                net.TrainBatch(
                    Enumerable.Repeat(ordinary, 8).Append(x).SelectMany(v => v).ToArray(),
                    Enumerable.Repeat(t, 9).SelectMany(v => v).ToArray(),
                    rate,
                    T.Zero,
                    9);
                break;
        }
    }

    // ---- helpers ----

    private static T Rate<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => Num.From<T>(0.05);

    private static void Invoke<T>(IDeepNetwork<T> net, Call call, T[] x, T[] t, T rate, T? l2 = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T penalty = l2 ?? Num.From<T>(0.01);
        switch (call)
        {
            case Call.Backward:
                net.Backward(x, t);
                break;
            case Call.TrainSampleFused or Call.TrainSamplePending:
                net.TrainSample(x, t, rate, penalty, 10);
                break;
            default:
                net.TrainBatch(x, t, rate, penalty, 10);
                break;
        }
    }

    /// <summary>Two networks with the same parameters (and, when asked, the same sample pending), and data for them.</summary>
    private static (IDeepNetwork<T> Net, IDeepNetwork<T> Twin, Data<T> Data) Twins<T>(Func<IDeepNetwork<T>> create, bool pending)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        IDeepNetwork<T> net = create(), twin = create();
        net.InitializeParameters(11);
        twin.InitializeParameters(11);
        Data<T> data = Data<T>.For(net, BatchSamples, seed: 3);
        if (pending)
        {
            int inputs = net.Sizes[0], outputs = net.Sizes[^1];
            net.Backward(data.X.AsSpan(inputs, inputs), data.Targets.AsSpan(outputs, outputs));
            twin.Backward(data.X.AsSpan(inputs, inputs), data.Targets.AsSpan(outputs, outputs));
        }

        return (net, twin, data);
    }

    /// <summary>
    /// The two networks hold the same bits, and keep doing so through a batch step, a fused step and a batch step: so the
    /// samples pending, the optimizer's state and everything else a step reads are the same too.
    /// </summary>
    private static void AssertSameFuture<T>(IDeepNetwork<T> net, IDeepNetwork<T> twin, Data<T> data, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(Bits<T>(net.Parameters).AsSpan().SequenceEqual(Bits<T>(twin.Parameters)), what + ": the parameters differ from the twin's");
        Assert.True(Bits<T>(net.Gradients).AsSpan().SequenceEqual(Bits<T>(twin.Gradients)), what + ": the gradients differ from the twin's");
        int inputs = net.Sizes[0], outputs = net.Sizes[^1];
        foreach (IDeepNetwork<T> n in new[] { net, twin })
        {
            n.TrainBatch(data.X, data.Targets, Rate<T>(), Num.From<T>(0.01), 10);
            n.TrainSample(data.X.AsSpan(0, inputs), data.Targets.AsSpan(0, outputs), Rate<T>(), Num.From<T>(0.01), 10);
            n.TrainBatch(data.X, data.Targets, Rate<T>(), Num.From<T>(0.01), 10);
        }

        Assert.True(Bits<T>(net.Parameters).AsSpan().SequenceEqual(Bits<T>(twin.Parameters)), what + ": training afterwards differs from the twin's");
    }

    private static byte[] Bits<T>(Span<T> values)
        where T : unmanaged => MemoryMarshal.AsBytes(values).ToArray();

    /// <summary>Samples in [−1, 1] and targets that suit the network's head (0/1, one-hot, or in [−1, 1] for linear outputs).</summary>
    private sealed record Data<T>(T[] X, T[] Targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Data<T> For(IDeepNetwork<T> net, int samples, int seed)
        {
            var random = new Random(seed);
            int inputs = net.Sizes[0], outputs = net.Sizes[^1];
            Out head = Networks.HeadOf(net.GetType());
            var x = new T[samples * inputs];
            var t = new T[samples * outputs];
            for (int n = 0; n < x.Length; n++)
            {
                x[n] = Num.From<T>(random.NextDouble() * 2 - 1);
            }

            for (int s = 0; s < samples; s++)
            {
                int hot = random.Next(outputs);
                for (int k = 0; k < outputs; k++)
                {
                    t[s * outputs + k] = Num.From<T>(head switch
                    {
                        Out.Softmax => k == hot ? 1 : 0,
                        Out.Linear => random.NextDouble() * 2 - 1,
                        _ => random.Next(2),
                    });
                }
            }

            return new Data<T>(x, t);
        }
    }

    /// <summary>A synchronous IProgress: reports arrive on the training thread, in order.</summary>
    private sealed class Collect<TReport>(List<TReport> into) : IProgress<TReport>
    {
        public void Report(TReport value) => into.Add(value);
    }
}

[Mlp(2, 4, 1)]
public partial class Bad241F : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(2, 4, 1, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
public partial class Bad241D : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(2, 4, 1, Kernels = Kernels.Simd)]
public partial class Bad241SimdF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(2, 4, 1, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Bad241SimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(5, 7, 3, Activation = Activation.Tanh, Output = Output.Softmax, Kernels = Kernels.Unrolled)]
public partial class Bad573TanhSoftmaxF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Activation = Activation.Relu, Output = Output.Linear, Kernels = Kernels.Simd)]
public partial class Bad30x16x4ReluLinearSimdF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 20, 10, 3, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Softmax, Kernels = Kernels.Simd)]
public partial class Bad30x20x10x3TanhSoftmaxSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 2, Optimizer = Optimizer.Adam, Kernels = Kernels.Simd)]
public partial class Bad4652AdamSimdF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 2, Precision = Precision.Double, Optimizer = Optimizer.Momentum)]
public partial class Bad462MomentumD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}
