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
    public static void Main(string[] args)
    {
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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
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
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
    }

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
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
    }
}
