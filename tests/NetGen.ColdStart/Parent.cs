using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace NetGen.ColdStart;

/// <summary>
/// Runs the child <c>runs</c> times for every shape, call and runtime (JIT: <c>dotnet NetGen.ColdStart.dll --child …</c>;
/// published: each executable that exists, by default the three run.sh publishes), each time in a new process,
/// and prints a Markdown table of the medians over the runs. The runs go round-robin over the rows, so that a busy spell of the machine spreads over all
/// of them instead of spoiling one.
/// </summary>
internal static class Parent
{
    public const double DefaultWarmupMs = 2000;

    private static readonly string[] AllShapes = ["2-4-1", "784-128-10"];
    private static readonly string[] AllCalls = ["forward", "train"];

    public static int Run(string[] args)
    {
        int runs = 7;
        double warmupMs = DefaultWarmupMs;
        string[] shapes = AllShapes;
        string[] calls = AllCalls;
        // Published executables, by the name their rows get: run.sh publishes these three (two Native AOT, one
        // self-contained composite ReadyToRun, which runs on the JIT's runtime).
        var aot = new List<(string Name, string Path)>();
        string? artifacts = ArtifactsFolder();
        if (artifacts is not null)
        {
            aot.Add(("AOT", System.IO.Path.Combine(artifacts, "aot", "NetGen.ColdStart")));
            aot.Add(("AOT x86-64-v3", System.IO.Path.Combine(artifacts, "aot-v3", "NetGen.ColdStart")));
            aot.Add(("ReadyToRun native", System.IO.Path.Combine(artifacts, "r2r-native", "NetGen.ColdStart")));
        }

        bool aotGiven = false;
        bool vectors = true;
        string? outFile = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--runs": runs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--warmup-ms": warmupMs = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--shapes": shapes = Value().Split(','); break;
                case "--calls": calls = Value().Split(','); break;
                case "--aot":
                    string[] named = Value().Split('=', 2);
                    if (!aotGiven)
                    {
                        aot.Clear();
                        aotGiven = true;
                    }

                    aot.Add(named.Length == 2 ? (named[0], named[1]) : ("AOT", named[0]));
                    break;
                case "--no-aot": aot.Clear(); aotGiven = true; break;
                case "--no-vectors": vectors = false; break;
                case "--out": outFile = Value(); break;
                default:
                    Console.Error.WriteLine(
                        "usage: NetGen.ColdStart [--runs 7] [--warmup-ms 2000] [--shapes 2-4-1,784-128-10] [--calls forward,train]\n" +
                        "                        [--aot [<row name>=]<published executable> ... | --no-aot] [--no-vectors] [--out <file for the children's JSON lines>]\n" +
                        "       NetGen.ColdStart --child <shape> <forward|train> [--warmup-ms N]\n" +
                        "       NetGen.ColdStart --child vectors first-use");
                    return 2;
            }
        }

        string dll = Path.Combine(AppContext.BaseDirectory, "NetGen.ColdStart.dll");
        string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var runtimes = new List<(string Name, string File, string[] Prefix)> { ("JIT", dotnet, [dll]) };
        foreach ((string name, string path) in aot)
        {
            if (!File.Exists(path))
            {
                Console.WriteLine($"{name}: no executable at {path}, row skipped (run.sh publishes it)");
                continue;
            }

            runtimes.Add((name, path, []));
            if (File.GetLastWriteTimeUtc(path) < File.GetLastWriteTimeUtc(dll))
            {
                Console.WriteLine($"warning: {path} is older than {dll}: publish it again (run.sh does)");
            }
        }

        // Round-robin: run r of every row before run r + 1 of any.
        var results = new Dictionary<(string Runtime, string Shape, string Call), List<JsonElement>>();
        TextWriter? raw = outFile is null ? null : new StreamWriter(outFile, append: false);
        var clock = Stopwatch.StartNew();
        // Besides the networks' rows, the first use of the vector types alone (--child vectors first-use), in the same rounds.
        var rows = shapes.SelectMany(shape => calls.Select(call => (Shape: shape, Call: call))).ToList();
        if (vectors)
        {
            rows.Add(("vectors", "first-use"));
        }

        int total = runs * rows.Count * runtimes.Count, done = 0;
        for (int r = 0; r < runs; r++)
        {
            foreach ((string shape, string call) in rows)
            {
                foreach ((string name, string file, string[] prefix) in runtimes)
                {
                    string line = RunChild(file, [.. prefix, "--child", shape, call, "--warmup-ms", warmupMs.ToString(CultureInfo.InvariantCulture)]);
                    // The row's name first: a child reports only whether it can compile code, so a ReadyToRun line says "jit".
                    raw?.WriteLine(line.StartsWith('{') ? "{\"row\":\"" + JsonEncodedText.Encode(name) + "\"," + line[1..] : line);
                    JsonElement json = JsonDocument.Parse(line).RootElement.Clone();
                    var key = (name, shape, call);
                    if (!results.TryGetValue(key, out List<JsonElement>? list))
                    {
                        results[key] = list = [];
                    }

                    list.Add(json);
                    Console.Error.Write($"\r{++done}/{total} processes, {clock.Elapsed.TotalSeconds:F0} s");
                }
            }
        }

        raw?.Dispose();
        Console.Error.WriteLine();
        Console.WriteLine(Header(runs, warmupMs, results));
        Console.WriteLine(Table(runtimes.Select(t => t.Name), shapes, calls, results));
        Console.WriteLine(PauseTable(runtimes.Select(t => t.Name), shapes, calls, results));
        if (vectors)
        {
            Console.WriteLine(VectorsTable(runtimes.Select(t => t.Name), results));
        }

        return 0;
    }

    private static string RunChild(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string command = file + " " + string.Join(' ', arguments);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} exited with {process.ExitCode}:\n{output}{error.Result}");
        }

        string? line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return line ?? throw new InvalidOperationException($"{command} printed nothing");
    }

    private static string Header(int runs, double warmupMs, Dictionary<(string Runtime, string Shape, string Call), List<JsonElement>> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"NetGen cold start, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {runs} run(s) per row, each a new process; medians over the runs.");
        string cpu = "unknown CPU";
        string flags = "";
        if (File.Exists("/proc/cpuinfo"))
        {
            string[] lines = File.ReadAllLines("/proc/cpuinfo");
            cpu = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            string[] f = (lines.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            flags = f.Contains("avx512f") ? "AVX-512" : f.Contains("avx2") ? "AVX2, no AVX-512" : "no AVX2";
        }

        IEnumerable<string> widths = results.Where(kv => kv.Key.Shape != "vectors")
            .GroupBy(kv => kv.Key.Runtime)
            .Select(g => $"{g.Key} {string.Join('/', g.SelectMany(kv => kv.Value).Select(j => j.GetProperty("vector_bits").GetDouble()).Distinct())}-bit");
        double timer = Median(results.Where(kv => kv.Key.Shape != "vectors").SelectMany(kv => kv.Value).Select(j => j.GetProperty("timer_ns").GetDouble()));
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {cpu}, {Environment.ProcessorCount} cores, {flags}; .NET {Environment.Version}; vectors: {string.Join(", ", widths)}; one Stopwatch pair: {timer:F0} ns.");
        string[] settings = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("COMPlus_", StringComparison.Ordinal))
            // The SDK's own settings are not the runtime's: left out.
            .Where(k => !k.StartsWith("DOTNET_CLI_", StringComparison.Ordinal) && !k.StartsWith("DOTNET_ROOT", StringComparison.Ordinal)
                && k is not ("DOTNET_NOLOGO" or "DOTNET_SKIP_FIRST_TIME_EXPERIENCE" or "DOTNET_GENERATE_ASPNET_CERTIFICATE" or "DOTNET_HOST_PATH"))
            .Order(StringComparer.Ordinal).Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}").ToArray();
        text.AppendLine(CultureInfo.InvariantCulture, $"Runtime settings: {(settings.Length == 0 ? "the defaults (no DOTNET_ variables)" : string.Join(' ', settings))}; warm-up before the steady state: {warmupMs:F0} ms.");
        return text.ToString();
    }

    private static string Table(IEnumerable<string> runtimes, string[] shapes, string[] calls, Dictionary<(string Runtime, string Shape, string Call), List<JsonElement>> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| runtime | shape | call | new + init | first call (min–max) | JIT in the first call | next 99: median | mean | max (worst run) | steady | steady, timed one at a time | max / steady | first / steady | of the 99, > 1.5× steady | slow code until (min–max) | steady noise: max of 99 / steady |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string runtime in runtimes)
        {
            foreach (string shape in shapes)
            {
                foreach (string call in calls)
                {
                    List<JsonElement> runs = results[(runtime, shape, call)];
                    double Get(JsonElement j, string name) => j.GetProperty(name).GetDouble();
                    double M(string name) => Median(runs.Select(j => Get(j, name)));
                    double[] first = runs.Select(j => Get(j, "first_ns")).ToArray();
                    double maxRatio = Median(runs.Select(j => Get(j, "next99_max_ns") / Get(j, "steady_single_ns")));
                    double firstRatio = Median(runs.Select(j => Get(j, "first_ns") / Get(j, "steady_single_ns")));
                    double slow = Median(runs.Select(j => (double)j.GetProperty("next99_ns").EnumerateArray().Count(v => v.GetDouble() > 1.5 * Get(j, "steady_single_ns"))));
                    double noise = Median(runs.Select(j => Get(j, "steady_max99_ns") / Get(j, "steady_single_ns")));
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {runtime} | {shape} | {(call == "train" ? "TrainSample" : "Forward")} | {Time(M("init_ns"))} | {Time(Median(first))} ({Time(first.Min())}–{Time(first.Max())}) | " +
                        $"{Time(M("first_jit_ns"))}, {M("first_jit_methods"):F0} methods | " +
                        $"{Time(M("next99_median_ns"))} | {Time(M("next99_mean_ns"))} | {Time(M("next99_max_ns"))} ({Time(runs.Max(j => Get(j, "next99_max_ns")))}) | " +
                        $"{Time(M("steady_ns"))} | {Time(M("steady_single_ns"))} | {maxRatio:F1}× | {Ratio(firstRatio)} | {slow:F0} | " +
                        $"{SlowUntil(M("slow_until_ms"))} ({SlowUntil(runs.Min(j => Get(j, "slow_until_ms")))}–{SlowUntil(runs.Max(j => Get(j, "slow_until_ms")))}) | {noise:F2}× |");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// One call after the thread slept 1, 10 or 100 ms, warmed up (the child's median of five, then the median over the
    /// runs), and after 100 ms with the parameters read just before the call (not timed): what a program that calls the
    /// network now and then pays, and how much of it is the weights' way back into the cache.
    /// </summary>
    private static string PauseTable(IEnumerable<string> runtimes, string[] shapes, string[] calls, Dictionary<(string Runtime, string Shape, string Call), List<JsonElement>> results)
    {
        var text = new StringBuilder();
        text.AppendLine("One call after a pause, warmed up: the thread sleeps, then one call is timed (five per pause and run; medians). The last column reads every 64-byte line of `Parameters` after the pause, untimed, before the call.");
        text.AppendLine();
        text.AppendLine("| runtime | shape | call | steady, timed one at a time | after 1 ms | after 10 ms | after 100 ms | after 100 ms, parameters read first |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (string runtime in runtimes)
        {
            foreach (string shape in shapes)
            {
                foreach (string call in calls)
                {
                    List<JsonElement> runs = results[(runtime, shape, call)];
                    double steady = Median(runs.Select(j => j.GetProperty("steady_single_ns").GetDouble()));
                    string Cell(string name)
                    {
                        double ns = Median(runs.Select(j => j.GetProperty(name).GetDouble()));
                        return $"{Time(ns)} ({Ratio(ns / steady)})";
                    }

                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {runtime} | {shape} | {(call == "train" ? "TrainSample" : "Forward")} | {Time(steady)} | {Cell("after_pause_1ms_ns")} | " +
                        $"{Cell("after_pause_10ms_ns")} | {Cell("after_pause_100ms_ns")} | {Cell("after_pause_100ms_read_first_ns")} |");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The first use of Vector512, Vector256 and Vector128 in a new process by a method that is not NetGen's (one
    /// multiply-add of each width): the part of any SIMD code's first call that no generated code can remove.
    /// </summary>
    private static string VectorsTable(IEnumerable<string> runtimes, Dictionary<(string Runtime, string Shape, string Call), List<JsonElement>> results)
    {
        var text = new StringBuilder();
        text.AppendLine("The vector types' first use, by a three-line method that is not NetGen's (`--child vectors first-use`): what any SIMD code's first call pays before its own compilation.");
        text.AppendLine();
        text.AppendLine("| runtime | first use of Vector512, 256 and 128 (min–max) | JIT in it |");
        text.AppendLine("| --- | ---: | ---: |");
        foreach (string runtime in runtimes)
        {
            List<JsonElement> runs = results[(runtime, "vectors", "first-use")];
            double[] first = runs.Select(j => j.GetProperty("first_ns").GetDouble()).ToArray();
            double jit = Median(runs.Select(j => j.GetProperty("first_jit_ns").GetDouble()));
            double methods = Median(runs.Select(j => j.GetProperty("first_jit_methods").GetDouble()));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {runtime} | {Time(Median(first))} ({Time(first.Min())}–{Time(first.Max())}) | {Time(jit)}, {methods:F0} methods |");
        }

        return text.ToString();
    }

    /// <summary>artifacts/cold-start under the repository root (the folder holding NetGen.sln), where run.sh publishes.</summary>
    private static string? ArtifactsFolder()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "NetGen.sln")))
            {
                return Path.Combine(d.FullName, "artifacts", "cold-start");
            }
        }

        return null;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>
    /// How long after the first call began the code still ran over 1.5× the steady call, by 10 ms of the child's warm-up
    /// (the fastest block of 64 calls in each): "—" when no 10 ms of the warm-up were that slow.
    /// </summary>
    private static string SlowUntil(double ms) => ms <= 0 ? "—" : ms.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private static string Ratio(double r) => r >= 100 ? r.ToString("N0", CultureInfo.InvariantCulture) + "×" : r.ToString("F1", CultureInfo.InvariantCulture) + "×";

    private static string Time(double ns) => ns switch
    {
        < 1_000 => ns.ToString("F0", CultureInfo.InvariantCulture) + " ns",
        < 10_000 => (ns / 1e3).ToString("F2", CultureInfo.InvariantCulture) + " µs",
        < 1_000_000 => (ns / 1e3).ToString("F1", CultureInfo.InvariantCulture) + " µs",
        _ => (ns / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " ms",
    };
}
