using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using NetGen.Generator.Model;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// <see cref="WeightFileFormat"/>, the one description of the weight file that the compile-time reader (WeightsResolver)
/// and the emitted Save and Load share: its facts against docs/weight-file-format.md, and the two sides against each
/// other (the generator compiles in what a generated SaveText wrote; both refuse the same damaged headers).
/// </summary>
public sealed class WeightFileFormatTests
{
    [Fact]
    public void Crc32_IsTheDocumentedCrc()
    {
        string page = Doc();
        Assert.Equal(0xCBF43926u, WeightFileFormat.CrcCheckValue);
        Assert.Equal(WeightFileFormat.CrcCheckValue, WeightFileFormat.Crc32(Encoding.ASCII.GetBytes("123456789"), 9));
        Assert.Equal(0u, WeightFileFormat.Crc32(Array.Empty<byte>(), 0));   // no bytes: the initial value and the final XOR cancel
        Assert.Contains("polynomial 0x" + WeightFileFormat.CrcPolynomial.ToString("X8", CultureInfo.InvariantCulture), page);
        Assert.Contains("is 0x" + WeightFileFormat.CrcCheckValue.ToString("X8", CultureInfo.InvariantCulture), page);
        Assert.NotEqual(WeightFileFormat.Crc32(Encoding.ASCII.GetBytes("123456789"), 9), WeightFileFormat.Crc32(Encoding.ASCII.GetBytes("123456780"), 9));
    }

    /// <summary>Every row of the docs' layout table: its offset and length, evaluated for a few n, s and P, are the class's.</summary>
    [Theory]
    [InlineData(3, 17, 4)]
    [InlineData(5, 1234, 8)]
    [InlineData(34, 9, 4)]
    public void TheDocsLayoutTable_IsTheFormat(int n, int p, int s)
    {
        NumericPrecision precision = s == 4 ? NumericPrecision.Single : NumericPrecision.Double;
        var expected = new Dictionary<string, (long Offset, long Bytes)>
        {
            ["magic"] = (WeightFileFormat.MagicOffset, WeightFileFormat.Magic.Length),
            ["format version"] = (WeightFileFormat.VersionOffset, 2),
            ["precision"] = (WeightFileFormat.PrecisionOffset, 1),
            ["hidden activation"] = (WeightFileFormat.ActivationOffset, 1),
            ["output"] = (WeightFileFormat.OutputOffset, 1),
            ["reserved"] = (WeightFileFormat.ReservedOffset, 1),
            ["n"] = (WeightFileFormat.SizeCountOffset, 2),
            ["the sizes"] = (WeightFileFormat.SizesOffset, 4L * n),
            ["P"] = (WeightFileFormat.ParameterCountOffset(n), 4),
            ["the parameters"] = (WeightFileFormat.HeaderLength(n), (long)WeightFileFormat.ParameterSize(precision) * p),
            ["CRC-32"] = (WeightFileFormat.FileLength(n, p, precision) - WeightFileFormat.CrcLength, WeightFileFormat.CrcLength),
        };
        // Each row under the name its field starts with ("the parameters in the layout of `Parameters`" is "the parameters").
        var rows = LayoutRows().ToDictionary(
            r => expected.Keys.SingleOrDefault(k => r.Field == k || r.Field.StartsWith(k + " ", StringComparison.Ordinal)) ?? r.Field,
            r => (Offset: Evaluate(r.Offset, n, p, s), Bytes: Evaluate(r.Bytes, n, p, s)));
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), rows.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach ((string field, (long offset, long bytes)) in expected)
        {
            Assert.True(rows[field] == (offset, bytes), $"{field}: the docs say offset {rows[field].Offset}, {rows[field].Bytes} bytes; WeightFileFormat {offset}, {bytes}");
        }

        Assert.Equal(WeightFileFormat.FixedHeaderLength, WeightFileFormat.SizesOffset);
        Assert.Contains("| 8 | 2 | format version, unsigned: " + WeightFileFormat.Version.ToString(CultureInfo.InvariantCulture) + " |", Doc());
        Assert.Contains("`" + WeightFileFormat.Magic + "`", Doc());
    }

    /// <summary>"The total is 24 + 4n + s·P bytes: 104 for [Mlp(2, 4, 1)], 437,584 for [Mlp(784, 128, 64, 10)]."</summary>
    [Fact]
    public void TheDocsTotals_AreTheFormatsLengths()
    {
        Match total = Regex.Match(Doc(), @"The total is ([^:]+) bytes: ([\d,]+) for `\[Mlp\(2, 4, 1\)\]`, ([\d,]+) for `\[Mlp\(784, 128, 64, 10\)\]`");
        Assert.True(total.Success, "docs/weight-file-format.md no longer states the total length as this test reads it");
        Assert.Equal(WeightFileFormat.FileLength(3, 17, NumericPrecision.Single), Evaluate(total.Groups[1].Value, 3, 17, 4));
        Assert.Equal(WeightFileFormat.FileLength(3, 17, NumericPrecision.Single), long.Parse(total.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        int digits = (128 * 784) + 128 + (64 * 128) + 64 + (10 * 64) + 10;
        Assert.Equal(WeightFileFormat.FileLength(4, digits, NumericPrecision.Single), long.Parse(total.Groups[3].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheTextForm_IsTheDocumentedOne()
    {
        Assert.StartsWith("#", WeightFileFormat.TextHeader, StringComparison.Ordinal);
        Assert.Contains("format version " + WeightFileFormat.Version.ToString(CultureInfo.InvariantCulture), WeightFileFormat.TextHeader);
        Assert.Contains(WeightFileFormat.TextLineLength.ToString(CultureInfo.InvariantCulture) + " characters to a line", Doc());
        Assert.Equal(new[] { "Single", "Double" }, WeightFileFormat.PrecisionNames);
        Assert.Equal(new[] { "Sigmoid", "Tanh", "Relu" }, WeightFileFormat.ActivationNames);
        Assert.Equal(new[] { "Sigmoid", "Softmax", "Linear" }, WeightFileFormat.OutputNames);
        Assert.Contains("(0 Single, 1 Double)", Doc());
        Assert.Contains("(0 Sigmoid, 1 Tanh, 2 Relu)", Doc());
        Assert.Contains("(0 Sigmoid, 1 Softmax, 2 Linear)", Doc());
    }

    /// <summary>
    /// A generated network saves, as bytes and as text; the bytes are the format's, field by field; the generator compiles
    /// the text in; and the network built with those weights saves the very same bytes.
    /// </summary>
    [Theory]
    [InlineData("[NetGen.Mlp(3, 5, 2, Precision = NetGen.Precision.Double, Activation = NetGen.Activation.Tanh, Output = NetGen.Output.Softmax)]", 3)]
    [InlineData("[NetGen.Mlp(2, 4, 1)]", 3)]
    [InlineData("[NetGen.Mlp(4, 6, 5, 3, Activation = NetGen.Activation.Relu, Output = NetGen.Output.Linear)]", 4)]
    public void TheGenerator_CompilesInWhatTheGeneratedSaveTextWrote(string attribute, int sizeCount)
    {
        string declaration = "namespace N { public partial class Holder { " + attribute + " public partial class Net { } } }";
        (byte[] file, string text) = Saved(declaration, "N.Holder+Net", seed: 11);

        Assert.Equal(WeightFileFormat.Magic, Encoding.ASCII.GetString(file, WeightFileFormat.MagicOffset, WeightFileFormat.Magic.Length));
        Assert.Equal(WeightFileFormat.Version, WeightFileFormat.UInt16At(file, WeightFileFormat.VersionOffset));
        Assert.Equal(0, file[WeightFileFormat.ReservedOffset]);
        Assert.Equal(sizeCount, WeightFileFormat.UInt16At(file, WeightFileFormat.SizeCountOffset));
        int parameters = WeightFileFormat.Int32At(file, WeightFileFormat.ParameterCountOffset(sizeCount));
        var precision = (NumericPrecision)file[WeightFileFormat.PrecisionOffset];
        Assert.Equal(WeightFileFormat.FileLength(sizeCount, parameters, precision), file.Length);
        Assert.Equal(WeightFileFormat.Crc32(file, file.Length - 4), (uint)WeightFileFormat.Int32At(file, file.Length - WeightFileFormat.CrcLength));
        Assert.Equal(WeightFileFormat.TextHeader, text.Split('\n')[0]);
        Assert.All(text.Split('\n').Skip(1).Where(l => l.Length > 0), l => Assert.True(l.Length <= WeightFileFormat.TextLineLength));

        string compiledIn = declaration.Replace(")] public partial class Net", ", Weights = \"net.weights.b64\")] public partial class Net", StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.RunWithFiles(new AdditionalText[] { new InMemoryAdditionalText("weights/net.weights.b64", text) }, compiledIn);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Equal(file, Loaded(run.OutputCompilation, "N.Holder+Net", net => SaveBytes(net)));
    }

    /// <summary>
    /// A saved file with one header field of <see cref="WeightFileFormat"/> damaged (and its CRC made right again): the
    /// generated Load and the compile-time reader both refuse it.
    /// </summary>
    [Theory]
    [InlineData(WeightFileFormat.MagicOffset, "not a NetGen weight file", "does not start with NETGENWT")]
    [InlineData(WeightFileFormat.VersionOffset, "format version 3", "format version 3")]
    [InlineData(WeightFileFormat.PrecisionOffset, "Precision = Double", "Precision = Double")]
    [InlineData(WeightFileFormat.ActivationOffset, "Activation = Tanh", "Activation = Tanh")]
    [InlineData(WeightFileFormat.OutputOffset, "Output = Softmax", "Output = Softmax")]
    [InlineData(WeightFileFormat.ReservedOffset, "header is corrupted", "header is corrupted")]
    [InlineData(WeightFileFormat.SizesOffset + 4, "[Mlp(2, 5, 1)]", "[Mlp(2, 5, 1)]")]
    [InlineData(-1, "header is corrupted", "header is corrupted")]   // the parameter count, after the sizes
    [InlineData(-2, "CRC-32", "CRC-32")]                                // the CRC itself
    public void BothSides_RefuseTheSameDamagedHeader(int offset, string loadSays, string generatorSays)
    {
        const string Xor = "namespace N { [NetGen.Mlp(2, 4, 1)] public partial class @int { } }";
        (byte[] file, _) = Saved(Xor, "N.int", seed: 5);
        int at = offset switch
        {
            -1 => WeightFileFormat.ParameterCountOffset(3),
            -2 => file.Length - 1,
            _ => offset,
        };
        file[at] += 1;
        if (offset != -2)
        {
            BitConverter.GetBytes(WeightFileFormat.Crc32(file, file.Length - 4)).CopyTo(file, file.Length - 4);
        }

        string message = Loaded(GeneratorHarness.Run(Xor).OutputCompilation, "N.int", net =>
        {
            TargetInvocationException thrown = Assert.Throws<TargetInvocationException>(() => net.GetType().GetMethod("Load", new[] { typeof(Stream) })!.Invoke(net, new object[] { new MemoryStream(file) }));
            return Assert.IsType<InvalidDataException>(thrown.InnerException).Message;
        });
        Assert.Contains(loadSays, message);
        if (loadSays.StartsWith("[Mlp", StringComparison.Ordinal) || loadSays.Contains(" = ", StringComparison.Ordinal))
        {
            Assert.Contains("and int is [Mlp(2, 4, 1)]", message);   // nameof(@int) is "int", and so is the helper class's literal
        }

        string text = "# damaged\n" + Convert.ToBase64String(file) + "\n";
        GeneratorRun run = GeneratorHarness.RunWithFiles(
            new AdditionalText[] { new InMemoryAdditionalText("net.weights.b64", text) },
            Xor.Replace("(2, 4, 1)", "(2, 4, 1, Weights = \"net.weights.b64\")", StringComparison.Ordinal));
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Contains(generatorSays, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    /// <summary>The bytes and the text a network of <paramref name="declaration"/> saves after InitializeParameters(seed).</summary>
    private static (byte[] File, string Text) Saved(string declaration, string type, int seed)
    {
        GeneratorRun run = GeneratorHarness.Run(declaration);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        return Loaded(run.OutputCompilation, type, net =>
        {
            net.GetType().GetMethod("InitializeParameters")!.Invoke(net, new object[] { seed });
            var text = new StringWriter();
            net.GetType().GetMethod("SaveText")!.Invoke(net, new object[] { text });
            return (SaveBytes(net), text.ToString());
        });
    }

    private static byte[] SaveBytes(object net)
    {
        using var stream = new MemoryStream();
        net.GetType().GetMethod("Save", new[] { typeof(Stream) })!.Invoke(net, new object[] { stream });
        return stream.ToArray();
    }

    /// <summary>Emits <paramref name="compilation"/>, makes a <paramref name="type"/> and gives it to <paramref name="use"/>.</summary>
    private static T Loaded<T>(Compilation compilation, string type, Func<object, T> use)
    {
        using var image = new MemoryStream();
        EmitResult emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("weight-file", isCollectible: true);
        try
        {
            image.Position = 0;
            Type net = context.LoadFromStream(image).GetType(type, throwOnError: true)!;
            return use(Activator.CreateInstance(net)!);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The layout table's rows: offset, bytes and the field's name (its text up to the first colon, comma or parenthesis).</summary>
    private static IEnumerable<(string Offset, string Bytes, string Field)> LayoutRows()
    {
        string page = Doc();
        string table = page.Substring(page.IndexOf("| offset | bytes | field |", StringComparison.Ordinal));
        foreach (string line in table.Split('\n').Skip(2).TakeWhile(l => l.StartsWith("|", StringComparison.Ordinal)))
        {
            string[] cells = line.Split('|').Select(c => c.Trim()).ToArray();
            string field = Regex.Match(cells[3], @"^[^:,(]+").Value.Trim();
            yield return (cells[1], cells[2], field);
        }
    }

    /// <summary>A sum of products such as "20 + 4n + s·P" for the given n, P and s.</summary>
    private static long Evaluate(string expression, int n, int p, int s) =>
        expression.Split('+').Sum(term =>
        {
            Match factors = Regex.Match(term.Trim(), @"^(\d*)·?([nsP]?)·?([nsP]?)$");
            Assert.True(factors.Success, $"cannot read '{term}' in '{expression}'");
            long value = factors.Groups[1].Value.Length > 0 ? long.Parse(factors.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
            foreach (string variable in new[] { factors.Groups[2].Value, factors.Groups[3].Value }.Where(v => v.Length > 0))
            {
                value *= variable switch { "n" => n, "s" => s, _ => p };
            }

            return value;
        });

    private static string Doc([CallerFilePath] string file = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", "docs", "weight-file-format.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
}
