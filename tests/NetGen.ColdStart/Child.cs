using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Threading;

namespace NetGen.ColdStart;

/// <summary>One generated network behind a struct, so that <see cref="Child"/>'s generic code calls the concrete type directly.</summary>
internal interface IColdNet
{
    static abstract string Shape { get; }

    static abstract int Inputs { get; }

    static abstract int Outputs { get; }

    /// <summary><c>new</c>, then <c>InitializeParameters(seed)</c>.</summary>
    void Create(int seed);

    void Forward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary><c>TrainSample</c> with the benchmarks' hyperparameters: η = 0.01, λ = 1e-4, N = 1,000.</summary>
    float TrainSample(ReadOnlySpan<float> input, ReadOnlySpan<float> target);

    /// <summary>Reads one float of every 64-byte line of <c>Parameters</c> and returns their sum: brings the weights into the cache.</summary>
    float ReadParameters();
}

internal struct Xor : IColdNet
{
    private Net2_4_1 _net;

    public static string Shape => "2-4-1";

    public static int Inputs => Net2_4_1.InputCount;

    public static int Outputs => Net2_4_1.OutputCount;

    public void Create(int seed)
    {
        _net = new Net2_4_1();
        _net.InitializeParameters(seed);
    }

    public readonly void Forward(ReadOnlySpan<float> input, Span<float> output) => _net.Forward(input, output);

    public readonly float TrainSample(ReadOnlySpan<float> input, ReadOnlySpan<float> target) =>
        _net.TrainSample(input, target, Child.LearningRate, Child.L2, Child.TrainingSetSize);

    public readonly float ReadParameters() => Child.ReadLines(_net.Parameters);
}

internal struct Mnist : IColdNet
{
    private Net784_128_10 _net;

    public static string Shape => "784-128-10";

    public static int Inputs => Net784_128_10.InputCount;

    public static int Outputs => Net784_128_10.OutputCount;

    public void Create(int seed)
    {
        _net = new Net784_128_10();
        _net.InitializeParameters(seed);
    }

    public readonly void Forward(ReadOnlySpan<float> input, Span<float> output) => _net.Forward(input, output);

    public readonly float TrainSample(ReadOnlySpan<float> input, ReadOnlySpan<float> target) =>
        _net.TrainSample(input, target, Child.LearningRate, Child.L2, Child.TrainingSetSize);

    public readonly float ReadParameters() => Child.ReadLines(_net.Parameters);
}

/// <summary>
/// One measurement, in a process that has run nothing of the network before: the time of <c>new</c> +
/// <c>InitializeParameters</c>, of the first call and of each of the next 99 (one Stopwatch pair per call), then, after a
/// warm-up of <c>warmupMs</c> (its blocks of 64 calls timed, for how long after the first call the code stayed slow),
/// the steady state twice: per call over 20 blocks of 1,000 calls (median block; fewer calls per block when a block would
/// last over 50 ms), and one call at a time with the same code that timed the first 100 (median of 1,000); then one call
/// after each of several pauses (the thread sleeps 1, 10 or 100 ms; five times each, median), and after 100 ms again with
/// the parameters read just before the call. Prints one JSON line.
/// </summary>
/// <remarks>
/// Checks that the numbers are a real result, and exits with 3 if not: every output and loss finite; for Forward, the
/// outputs of 1,000 calls after the warm-up equal, bit for bit, those of the first 100 calls on the same samples; for
/// TrainSample, a new network given the same seed and the same 100 samples after the warm-up returns the same 100
/// losses, bit for bit, as the first network did on its first 100 calls; a Forward after a pause gives the outputs the
/// cold call on the same sample gave.
/// </remarks>
internal static class Child
{
    public const float LearningRate = 0.01f;
    public const float L2 = 1e-4f;
    public const int TrainingSetSize = 1000;

    public const int Seed = 7;

    /// <summary>The first call and the next 99.</summary>
    private const int ColdCalls = 100;
    private const int Blocks = 20;
    private const int BlockCalls = 1000;

    /// <summary>Fewer calls per block when 1,000 would take longer than this (the 128-bit Native AOT build at 784-128-10).</summary>
    private const double MaxBlockMs = 50;
    private const int SingleWindows = 10;

    /// <summary>The pauses before the calls timed after a pause, in ms: the thread sleeps that long, then one call is timed.</summary>
    private static readonly int[] PausesMs = [1, 10, 100];
    private const int PauseRepeats = 5;

    /// <summary>The four samples the calls visit in turn (call c reads sample c mod 4).</summary>
    private const int SampleCount = 4;

    public static int Run(string shape, string op, double warmupMs) => shape switch
    {
        "2-4-1" => Run<Xor>(op, warmupMs),
        "784-128-10" => Run<Mnist>(op, warmupMs),
        "vectors" when op == "first-use" => RunVectorsFirstUse(),
        _ => Usage($"unknown shape '{shape}' (or call '{op}'): 2-4-1 or 784-128-10 with forward or train, or vectors first-use"),
    };

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    private static int Run<TNet>(string op, double warmupMs)
        where TNet : struct, IColdNet
    {
        bool train = op switch
        {
            "forward" => false,
            "train" => true,
            _ => throw new ArgumentException($"unknown call '{op}': forward or train"),
        };

        (float[][] inputs, float[][] targets) = Samples(TNet.Inputs, TNet.Outputs);
        int outputs = TNet.Outputs;
        float[] output = new float[outputs];
        double nsPerTick = 1e9 / Stopwatch.Frequency;
        double timerNs = TimerOverhead() * nsPerTick;

        // ---- cold: new + InitializeParameters, then the first 100 calls, each timed alone.
        TNet net = default;
        long t0 = Stopwatch.GetTimestamp();
        net.Create(Seed);
        long initTicks = Stopwatch.GetTimestamp() - t0;

        long[] cold = new long[ColdCalls];
        float[] coldResults = new float[ColdCalls * outputs];
        // The JIT's time and methods on this thread during the first call (zero under Native AOT).
        var jit = new JitDuringFirstCall();
        long coldStart = Stopwatch.GetTimestamp();
        if (train)
        {
            TimeTrainEach(ref net, inputs, targets, cold, coldResults, jit);
        }
        else
        {
            TimeForwardEach(ref net, inputs, output, cold, coldResults, jit);
        }

        // ---- warm-up: at least warmupMs of calls, so that every tier the runtime has is reached.
        // Each block of 64 calls is timed; for each 10 ms since the first call began, the fastest block's time a call is
        // kept: 10 ms whose fastest block is still over 1.5× the steady call ran slow code (a tier not yet reached),
        // whatever a few slow blocks of noise, or of the runtime's own threads on a single CPU, do.
        long warmupCalls = 0;
        long warmupStart = Stopwatch.GetTimestamp();
        long until = warmupStart + (long)(warmupMs * Stopwatch.Frequency / 1000);
        double[] fastestIn10Ms = new double[(int)Math.Ceiling((until - coldStart) * nsPerTick / 1e7) + 100];
        Array.Fill(fastestIn10Ms, double.PositiveInfinity);
        long blockStart = warmupStart;
        do
        {
            Loop(ref net, train, inputs, targets, output, 64);
            warmupCalls += 64;
            long blockEnd = Stopwatch.GetTimestamp();
            int slice = Math.Min((int)((blockEnd - coldStart) * nsPerTick / 1e7), fastestIn10Ms.Length - 1);
            fastestIn10Ms[slice] = Math.Min(fastestIn10Ms[slice], (blockEnd - blockStart) * nsPerTick / 64);
            blockStart = blockEnd;
        }
        while (blockStart < until);
        double warmupActualMs = (Stopwatch.GetTimestamp() - warmupStart) * nsPerTick / 1e6;

        // ---- steady: per call over blocks of 1,000 (fewer if that is over 50 ms), then one call at a time as the cold calls were timed.
        int blockCalls = (int)Math.Clamp(MaxBlockMs * warmupCalls / warmupActualMs, 10, BlockCalls);
        double[] blocks = new double[Blocks];
        for (int b = 0; b < Blocks; b++)
        {
            long s = Stopwatch.GetTimestamp();
            Loop(ref net, train, inputs, targets, output, blockCalls);
            blocks[b] = (Stopwatch.GetTimestamp() - s) * nsPerTick / blockCalls;
        }

        long[] singles = new long[SingleWindows * ColdCalls];
        double[] windowMax = new double[SingleWindows];
        long[] window = new long[ColdCalls];
        float[] windowResults = new float[ColdCalls * outputs];
        string? failure = null;
        for (int w = 0; w < SingleWindows; w++)
        {
            if (train)
            {
                TimeTrainEach(ref net, inputs, targets, window, windowResults);
            }
            else
            {
                TimeForwardEach(ref net, inputs, output, window, windowResults);
                // The same samples in the same order as the cold calls: the same outputs, bit for bit, whatever tier ran.
                failure ??= FirstDifference(coldResults, windowResults, $"Forward after the warm-up (window {w})");
            }

            failure ??= FirstNonFinite(windowResults, $"steady window {w}");
            Array.Copy(window, 0, singles, w * ColdCalls, ColdCalls);
            windowMax[w] = Max(window, 1, ColdCalls - 1) * nsPerTick;
        }

        // ---- after a pause: the thread sleeps, then one call is timed; each pause PauseRepeats times. The longest pause
        // once more with the parameters read just before the call, which tells the cache's share from the rest.
        double[] afterPause = new double[PausesMs.Length + 1];
        float parameterSum = 0;
        for (int p = 0; p < afterPause.Length; p++)
        {
            bool readFirst = p == PausesMs.Length;
            int pauseMs = PausesMs[readFirst ? p - 1 : p];
            double[] times = new double[PauseRepeats];
            for (int r = 0; r < PauseRepeats; r++)
            {
                Thread.Sleep(pauseMs);
                if (readFirst)
                {
                    parameterSum += net.ReadParameters();
                }

                int sample = r % SampleCount;
                if (train)
                {
                    long s0 = Stopwatch.GetTimestamp();
                    float loss = net.TrainSample(inputs[sample], targets[sample]);
                    times[r] = (Stopwatch.GetTimestamp() - s0) * nsPerTick;
                    failure ??= float.IsFinite(loss) ? null : $"TrainSample after a pause of {pauseMs} ms returned {loss}";
                }
                else
                {
                    long s0 = Stopwatch.GetTimestamp();
                    net.Forward(inputs[sample], output);
                    times[r] = (Stopwatch.GetTimestamp() - s0) * nsPerTick;
                    // Sample r mod 4 is the one the cold call r mod 4 read: the same outputs, bit for bit.
                    failure ??= FirstDifference(coldResults.AsSpan(sample * outputs, outputs), output, $"Forward after a pause of {pauseMs} ms");
                }
            }

            afterPause[p] = Median(times);
        }

        failure ??= float.IsFinite(parameterSum) ? null : $"the parameters read before a call summed to {parameterSum}";
        failure ??= FirstNonFinite(coldResults, "the first 100 calls");
        if (train)
        {
            // A new network, the same seed and samples: its first 100 losses, now from warmed-up code, are the cold ones.
            TNet replay = default;
            replay.Create(Seed);
            TimeTrainEach(ref replay, inputs, targets, window, windowResults);
            failure ??= FirstDifference(coldResults, windowResults, "TrainSample of a new network after the warm-up");
        }

        double[] next = new double[ColdCalls - 1];
        for (int c = 1; c < ColdCalls; c++)
        {
            next[c - 1] = cold[c] * nsPerTick;
        }

        double steady = Median(blocks);
        // The end of the last 10 ms of the warm-up whose fastest call took over 1.5× the steady one: how long after the
        // first call began the network still ran slow code (0: never after the first 100 calls).
        int slowUntilMs = 0;
        for (int slice = 0; slice < fastestIn10Ms.Length; slice++)
        {
            if (fastestIn10Ms[slice] > 1.5 * steady && !double.IsPositiveInfinity(fastestIn10Ms[slice]))
            {
                slowUntilMs = 10 * (slice + 1);
            }
        }

        double steadySingle = Median(Array.ConvertAll(singles, t => t * nsPerTick));
        double first = cold[0] * nsPerTick;
        if (failure is null && !(double.IsFinite(first) && first > 0 && steady > 0 && steadySingle > 0))
        {
            failure = "a timing came out zero or not finite";
        }

        var json = new StringBuilder();
        json.Append('{');
        Field(json, "runtime", System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "jit" : "aot");
        Field(json, "shape", TNet.Shape);
        Field(json, "call", train ? "TrainSample" : "Forward");
        Field(json, "vector_bits", Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128);
        Field(json, "timer_ns", timerNs);
        Field(json, "init_ns", initTicks * nsPerTick);
        Field(json, "first_ns", first);
        Field(json, "first_jit_ns", jit.Time.TotalMilliseconds * 1e6);
        Field(json, "first_jit_methods", jit.Methods);
        Field(json, "next99_median_ns", Median(next));
        Field(json, "next99_mean_ns", Mean(next));
        Field(json, "next99_max_ns", Max(next));
        Field(json, "steady_ns", steady);
        Field(json, "steady_single_ns", steadySingle);
        Field(json, "steady_max99_ns", Median(windowMax));
        Field(json, "block_calls", blockCalls);
        Field(json, "warmup_calls", warmupCalls);
        Field(json, "warmup_ms", warmupActualMs);
        Field(json, "slow_until_ms", slowUntilMs);
        for (int p = 0; p < PausesMs.Length; p++)
        {
            Field(json, $"after_pause_{PausesMs[p]}ms_ns", afterPause[p]);
        }

        Field(json, $"after_pause_{PausesMs[^1]}ms_read_first_ns", afterPause[^1]);
        Field(json, "check", failure ?? "ok");
        json.Append("\"next99_ns\":[");
        for (int c = 0; c < next.Length; c++)
        {
            json.Append(c == 0 ? "" : ",").Append(Math.Round(next[c]).ToString(CultureInfo.InvariantCulture));
        }

        json.Append("]}");
        Console.WriteLine(json.ToString());
        if (failure is not null)
        {
            Console.Error.WriteLine($"check failed: {failure}");
            return 3;
        }

        return 0;
    }

    /// <summary>Times each call alone; call c reads sample c mod 4 and its outputs land at c · outputs in <paramref name="results"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TimeForwardEach<TNet>(ref TNet net, float[][] inputs, float[] output, long[] ticks, float[] results, JitDuringFirstCall? jit = null)
        where TNet : struct, IColdNet
    {
        for (int c = 0; c < ticks.Length; c++)
        {
            float[] input = inputs[c % SampleCount];
            if (c == 0)
            {
                jit?.Before();
            }

            long t0 = Stopwatch.GetTimestamp();
            net.Forward(input, output);
            long t1 = Stopwatch.GetTimestamp();
            ticks[c] = t1 - t0;
            if (c == 0)
            {
                jit?.After();
            }

            output.CopyTo(results, c * output.Length);
        }
    }

    /// <summary>Times each call alone; call c trains on sample c mod 4 and its loss lands at c in <paramref name="results"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TimeTrainEach<TNet>(ref TNet net, float[][] inputs, float[][] targets, long[] ticks, float[] results, JitDuringFirstCall? jit = null)
        where TNet : struct, IColdNet
    {
        for (int c = 0; c < ticks.Length; c++)
        {
            float[] input = inputs[c % SampleCount];
            float[] target = targets[c % SampleCount];
            if (c == 0)
            {
                jit?.Before();
            }

            long t0 = Stopwatch.GetTimestamp();
            float loss = net.TrainSample(input, target);
            long t1 = Stopwatch.GetTimestamp();
            ticks[c] = t1 - t0;
            if (c == 0)
            {
                jit?.After();
            }

            results[c] = loss;
        }
    }

    /// <summary>
    /// The JIT's compilation time and method count on this thread between <see cref="Before"/> and <see cref="After"/>, read
    /// right around the first timed call, inside the timing method, so that neither that method's compilation nor this
    /// class's is counted (the constructor runs both readers once, so they are compiled before).
    /// </summary>
    private sealed class JitDuringFirstCall
    {
        private TimeSpan _timeBefore;
        private long _methodsBefore;

        public JitDuringFirstCall()
        {
            Before();
            After();
        }

        public TimeSpan Time { get; private set; }

        public long Methods { get; private set; }

        public void Before()
        {
            _timeBefore = JitInfo.GetCompilationTime(currentThread: true);
            _methodsBefore = JitInfo.GetCompiledMethodCount(currentThread: true);
        }

        public void After()
        {
            Time = JitInfo.GetCompilationTime(currentThread: true) - _timeBefore;
            Methods = JitInfo.GetCompiledMethodCount(currentThread: true) - _methodsBefore;
        }
    }

    /// <summary>
    /// <c>--child vectors first-use</c>: the first use of Vector512, Vector256 and Vector128 in a new process, by a method of
    /// three multiply-adds that is not NetGen's, timed like a network's first call, with the JIT's time in it. Every SIMD
    /// program pays this once before its own code compiles, NetGen's and the hand classes' alike. Prints one JSON line.
    /// </summary>
    public static int RunVectorsFirstUse()
    {
        float[] data = new float[16];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = i / 16f;
        }

        TimeSpan jitBefore = JitInfo.GetCompilationTime(currentThread: true);
        long methodsBefore = JitInfo.GetCompiledMethodCount(currentThread: true);
        long t0 = Stopwatch.GetTimestamp();
        float sum = TouchVectors(data);
        long t1 = Stopwatch.GetTimestamp();
        TimeSpan jitAfter = JitInfo.GetCompilationTime(currentThread: true);
        long methodsAfter = JitInfo.GetCompiledMethodCount(currentThread: true);

        // Each width's lanes hold i/16 for i < its lane count; x·x + x summed: a check that the code ran.
        double expected = 0;
        foreach (int lanes in new[] { 16, 8, 4 })
        {
            for (int i = 0; i < lanes; i++)
            {
                double x = i / 16.0;
                expected += (x * x) + x;
            }
        }

        bool ok = Math.Abs(sum - expected) <= 1e-4;
        var json = new StringBuilder();
        json.Append('{');
        Field(json, "runtime", RuntimeFeature.IsDynamicCodeSupported ? "jit" : "aot");
        Field(json, "shape", "vectors");
        Field(json, "call", "first-use");
        Field(json, "first_ns", (t1 - t0) * 1e9 / Stopwatch.Frequency);
        Field(json, "first_jit_ns", (jitAfter - jitBefore).TotalMilliseconds * 1e6);
        Field(json, "first_jit_methods", methodsAfter - methodsBefore);
        Field(json, "check", ok ? "ok" : $"sum {sum} instead of {expected}");
        json.Length--;   // the last field's comma
        json.Append('}');
        Console.WriteLine(json.ToString());
        return ok ? 0 : 3;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float TouchVectors(float[] data)
    {
        Vector512<float> a = Vector512.LoadUnsafe(ref data[0]);
        Vector256<float> b = Vector256.LoadUnsafe(ref data[0]);
        Vector128<float> c = Vector128.LoadUnsafe(ref data[0]);
        return Vector512.Sum((a * a) + a) + Vector256.Sum((b * b) + b) + Vector128.Sum((c * c) + c);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Loop<TNet>(ref TNet net, bool train, float[][] inputs, float[][] targets, float[] output, int calls)
        where TNet : struct, IColdNet
    {
        if (train)
        {
            float sum = 0;
            for (int c = 0; c < calls; c++)
            {
                sum += net.TrainSample(inputs[c % SampleCount], targets[c % SampleCount]);
            }

            if (!float.IsFinite(sum))
            {
                throw new InvalidOperationException($"TrainSample returned a loss that is not finite (sum {sum})");
            }
        }
        else
        {
            for (int c = 0; c < calls; c++)
            {
                net.Forward(inputs[c % SampleCount], output);
            }
        }
    }

    /// <summary>One float of every 64-byte line of <paramref name="values"/>, summed (16 floats a line).</summary>
    public static float ReadLines(ReadOnlySpan<float> values)
    {
        float sum = 0;
        for (int i = 0; i < values.Length; i += 16)
        {
            sum += values[i];
        }

        return sum;
    }

    /// <summary>Median of 1,000 back-to-back timestamp pairs, in ticks: what one Stopwatch pair adds to a timed call.</summary>
    private static double TimerOverhead()
    {
        long[] d = new long[1000];
        for (int i = 0; i < d.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            d[i] = Stopwatch.GetTimestamp() - t0;
        }

        return Median(Array.ConvertAll(d, x => (double)x));
    }

    /// <summary>
    /// Four fixed samples. 2-4-1: the XOR truth table. Otherwise inputs in [0, 1) from a fixed SplitMix64 sequence, and
    /// sample s's target one-hot at output s mod outputs (targets 0 or 1 keep the sigmoid deltas away from denormals).
    /// </summary>
    private static (float[][] Inputs, float[][] Targets) Samples(int inputs, int outputs)
    {
        var x = new float[SampleCount][];
        var t = new float[SampleCount][];
        ulong state = 0x9E3779B97F4A7C15UL;
        for (int s = 0; s < SampleCount; s++)
        {
            x[s] = new float[inputs];
            t[s] = new float[outputs];
            if (inputs == 2 && outputs == 1)
            {
                x[s][0] = s >> 1;
                x[s][1] = s & 1;
                t[s][0] = (s >> 1) ^ (s & 1);
                continue;
            }

            for (int i = 0; i < inputs; i++)
            {
                state += 0x9E3779B97F4A7C15UL;
                ulong z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                x[s][i] = (z >> 40) * (1f / (1 << 24));
            }

            t[s][s % outputs] = 1;
        }

        return (x, t);
    }

    private static string? FirstNonFinite(float[] values, string what)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return $"{what}: value {i} is {values[i]}";
            }
        }

        return null;
    }

    private static string? FirstDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                return $"{what}: value {i} is {actual[i]:R}, the first calls gave {expected[i]:R}";
            }
        }

        return null;
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double Mean(double[] values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    private static double Max(double[] values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private static long Max(long[] values, int start, int count)
    {
        long max = long.MinValue;
        for (int i = start; i < start + count; i++)
        {
            max = Math.Max(max, values[i]);
        }

        return max;
    }

    private static void Field(StringBuilder json, string name, string value) =>
        json.Append('"').Append(name).Append("\":\"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\",");

    private static void Field(StringBuilder json, string name, double value) =>
        json.Append('"').Append(name).Append("\":").Append(Math.Round(value, 1).ToString("R", CultureInfo.InvariantCulture)).Append(',');
}
