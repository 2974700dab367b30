using System;
using System.IO;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace NetGen.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        // --check-yardstick: no timing; see YardstickCheck.
        if (Array.IndexOf(args, "--check-yardstick") >= 0)
        {
            return YardstickCheck.Run(args);
        }

        // A job given on the command line (e.g. --job short for a quick look) replaces the long-warm-up job.
        bool jobOnCommandLine = Array.Exists(args, a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));

        // --baseline-generator <NetGen.Generator.dll>: every benchmark twice in one run, compiled by this tree's generator
        // (job "Current") and by that one (job "Baseline"), for a before/after measured side by side. compare-generator.sh
        // builds the other commit's generator and passes it here.
        int baselineAt = Array.IndexOf(args, "--baseline-generator");
        string? baseline = baselineAt >= 0 && baselineAt + 1 < args.Length ? Path.GetFullPath(args[baselineAt + 1]) : null;
        if (baselineAt >= 0)
        {
            args = [.. args[..baselineAt], .. args[Math.Min(args.Length, baselineAt + 2)..]];
        }

        IConfig config = baseline is null ? CreateConfig(withLongWarmupJob: !jobOnCommandLine) : CreateComparisonConfig(baseline);

        // The FANN peer needs the native library of the Debian package libfann2. Without it, its benchmarks are left
        // out (the benchmark classes' setup skips FANN too), so that the other rows still run.
        if (!FannMlp.IsAvailable)
        {
            Console.WriteLine("FANN not installed: apt-get install libfann2; FANN rows skipped");
            config = ManualConfig.Create(config).AddFilter(new SimpleFilter(
                b => !b.Descriptor.WorkloadMethod.Name.StartsWith("Fann", StringComparison.Ordinal)));
        }

        // The hand yardstick (HandForward, HandTrainSample) is written with fixed vector widths, Vector512 at every shape
        // but 2-4-1. On a machine without AVX-512 .NET runs that code through its software fallback (each Vector512
        // operation as two Vector256 halves, spilled through the stack), so the rows would time the fallback, not the
        // yardstick: they are left out unless --include-unaccelerated-yardstick is given.
        int includeAt = Array.IndexOf(args, "--include-unaccelerated-yardstick");
        if (includeAt >= 0)
        {
            args = [.. args[..includeAt], .. args[(includeAt + 1)..]];
        }
        else
        {
            config = LeaveOutUnacceleratedYardstick(config);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }

    /// <summary>
    /// Leaves out the Hand* benchmarks of every class whose hand yardstick is written with vectors this machine does not
    /// accelerate (<see cref="Yardstick.IsAccelerated"/>), and says so.
    /// </summary>
    private static IConfig LeaveOutUnacceleratedYardstick(IConfig config)
    {
        foreach (Type type in typeof(Program).Assembly.GetTypes())
        {
            if (Yardstick.HandType(type) is Type hand && !Yardstick.IsAccelerated(hand, out string vectors))
            {
                Console.WriteLine($"{type.Name}: {hand.Name} is written with {vectors}, not accelerated on this machine; "
                    + "its Hand rows skipped (--include-unaccelerated-yardstick to time the software fallback anyway)");
            }
        }

        return ManualConfig.Create(config).AddFilter(new SimpleFilter(b =>
            !b.Descriptor.WorkloadMethod.Name.StartsWith("Hand", StringComparison.Ordinal)
            || Yardstick.HandType(b.Descriptor.Type) is not Type hand
            || Yardstick.IsAccelerated(hand, out _)));
    }

    /// <summary>The long-warm-up job twice, this tree's generator against <paramref name="baselineGenerator"/>, with the job shown.</summary>
    public static IConfig CreateComparisonConfig(string baselineGenerator)
    {
        Job current = LongWarmupJob().WithId("Current");
        Job baseline = LongWarmupJob()
            .WithArguments([new MsBuildArgument("/p:NetGenGenerator=" + baselineGenerator)])
            .WithId("Baseline");
        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(current)
            .AddJob(baseline)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .HideColumns(Column.Type, Column.Categories)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByParams, BenchmarkLogicalGroupRule.ByCategory)
            .WithOptions(ConfigOptions.JoinSummary)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .WithBuildTimeout(BuildTimeout)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
    }

    /// <summary>
    /// How long the generated benchmark project may take to build: BenchmarkDotNet's 2 minutes are too short on a
    /// shared 2-core machine, where the generator runs over every benchmark network while other builds run.
    /// </summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    private static Job LongWarmupJob() => Job.Default
        .WithWarmupCount(12)
        .WithIterationTime(TimeInterval.FromMilliseconds(500))
        .WithIterationCount(20);

    /// <summary>
    /// Default runtime settings (tiered compilation and dynamic PGO on, as users get them), but a long warm-up:
    /// on this kind of machine the optimized code of a large method arrives about 0.4 s after its first call,
    /// so 12 warm-up iterations of 0.5 s each (6 s) leave the measured iterations on the final code.
    /// </summary>
    public static IConfig CreateConfig(bool withLongWarmupJob)
    {
        Job job = LongWarmupJob().WithId("LongWarmup");

        ManualConfig config = ManualConfig.Create(DefaultConfig.Instance);
        if (withLongWarmupJob)
        {
            config.AddJob(job);
        }

        return config
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .HideColumns(Column.Type, Column.Job, Column.Categories)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByParams, BenchmarkLogicalGroupRule.ByCategory)
            .WithOptions(ConfigOptions.JoinSummary)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .WithBuildTimeout(BuildTimeout)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
    }
}
