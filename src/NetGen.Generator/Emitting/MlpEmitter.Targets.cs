using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The generated code fitted to the compilation it lands in (<see cref="TargetProfile"/>), asked while the emitters write:
/// below C# 11 NetGen's helper classes are internal classes named for their network rather than <c>file</c> classes and
/// UTF-8 literals are spans over byte arrays; below C# 10 the trainer's reports are structs with their equality written
/// out rather than record structs; without <c>MathF</c> (.NET Framework, .NET Standard 2.0) float maths go through the
/// checks class's stand-ins. From C# 11 on .NET 8 the code is the same as it ever was.
/// </summary>
internal sealed partial class MlpEmitter
{
    private TargetProfile Target => _model.Target;

    /// <summary>
    /// The name of a helper class: its own (<c>Kernels</c>) where it is a <c>file</c> class, which no other file sees;
    /// otherwise (a shared class, or before C# 11) the network's type name, the helper's and the hash of the network's
    /// full name, as the checks class's name is, so that two networks' helpers never collide in NetGen.__Generated.
    /// </summary>
    private string HelperClassName(string name, bool shared) => shared || Target.FileTypes
        ? name
        : _model.TypeName + name + "_" + Parsing.HintNames.Fnv1a(_model.HintName).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A helper class's declaration: <c>file static class</c> from C# 11 on, <c>internal static class</c> before, or when shared.</summary>
    private string HelperDeclaration(string name, bool shared) =>
        (shared || !Target.FileTypes ? "internal" : "file") + " static class " + HelperClassName(name, shared);

    /// <summary>
    /// <paramref name="code"/> (a file's user part or helper class, as the emitters wrote it) without the APIs that came
    /// with .NET Core 2.1 and .NET Standard 2.1 where the target lacks them (<see cref="LowerToFramework"/>); unchanged
    /// elsewhere. The newer syntax is chosen while writing instead: <see cref="Utf8"/>, <see cref="WriteSlice"/>,
    /// <see cref="RecordStructs"/>, <see cref="HelperDeclaration"/>.
    /// </summary>
    private string Lower(string code) => Target.MathF ? code : LowerToFramework(code);

    /// <summary>
    /// A UTF-8 literal of plain characters: <c>"…"u8</c> from C# 11 on; before, a span over a byte array, which the
    /// compiler also keeps in the assembly's data (no allocation).
    /// </summary>
    private string Utf8(string text) => Target.LanguageVersion >= 1100
        ? "\"" + text + "\"u8"
        : "new global::System.ReadOnlySpan<byte>(new byte[] { "
            + string.Join(", ", Encoding.UTF8.GetBytes(text).Select(b => "0x" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))
            + " })";

    /// <summary>
    /// <c>writer.Write</c> of <paramref name="length"/> characters of <paramref name="text"/> from <paramref name="start"/>: of
    /// a span over the string where TextWriter has that overload (with <c>MathF</c>: .NET Core 2.1, .NET Standard 2.1), of
    /// the substring on .NET Framework and .NET Standard 2.0.
    /// </summary>
    private string WriteSlice(string writer, string text, string start, string length) => Target.MathF
        ? $$"""{{writer}}.Write(global::System.MemoryExtensions.AsSpan({{text}}, {{start}}, {{length}}));"""
        : $$"""{{writer}}.Write({{text}}.Substring({{start}}, {{length}}));""";

    /// <summary>
    /// <paramref name="code"/>, the declarations of positional <c>readonly record struct</c>s with their doc comments, for
    /// the compilation's C# version: as written from C# 10 on; before, each a readonly struct with the members a record
    /// struct would have (<see cref="LowerRecordStructs"/>).
    /// </summary>
    private string RecordStructs(string code) => Target.RecordStructs ? code : LowerRecordStructs(code);

    /// <summary>
    /// Calls of the APIs that came with .NET Core 2.1 and .NET Standard 2.1 (<c>MathF</c>, <c>float.IsFinite</c>,
    /// <c>BitConverter.SingleToInt32Bits</c>), which .NET Framework and .NET Standard 2.0 lack, as calls of the checks
    /// class's stand-ins (<see cref="WriteFrameworkStandIns"/>), through the alias every generated file declares for it.
    /// The calls are matched by their syntax, <c>MathF.Exp(</c>, wherever an emitter wrote them.
    /// </summary>
    private static string LowerToFramework(string code)
    {
        const string standIns = "__Checks.";
        return FrameworkCall.Replace(code, match => standIns + match.Groups["member"].Value + "(");
    }

    /// <summary>A call of an API that .NET Framework lacks, by the name its stand-in has.</summary>
    private static readonly Regex FrameworkCall = new(
        @"(?<![\w.])(?:global::System\.)?(?:MathF\.(?<member>\w+)|(?:float|double)\.(?<member>IsFinite)|BitConverter\.(?<member>SingleToInt32Bits|Int32BitsToSingle))\(",
        RegexOptions.CultureInvariant);

    /// <summary>
    /// Before .NET Standard 2.1 (no <c>MathF</c>), the checks class's stand-ins for the APIs <see cref="LowerToFramework"/>
    /// replaces: float maths through <c>Math</c>'s double functions, rounded to float once, and the bits of a float
    /// through a struct whose two fields share their storage.
    /// </summary>
    private void WriteFrameworkStandIns()
    {
        if (Target.MathF)
        {
            return;
        }

        _w.Lines("""

            // Stand-ins for APIs that came with .NET Standard 2.1 (MathF, float.IsFinite, BitConverter.SingleToInt32Bits),
            // which this target lacks: float maths through Math's double functions, rounded to float once.
            internal static float Exp(float x) => (float)Math.Exp(x);
            internal static float Log(float x) => (float)Math.Log(x);
            internal static float Tanh(float x) => (float)Math.Tanh(x);
            internal static float Sqrt(float x) => (float)Math.Sqrt(x);
            internal static float Pow(float x, float y) => (float)Math.Pow(x, y);
            internal static float Abs(float x) => Math.Abs(x);
            internal static float Max(float x, float y) => Math.Max(x, y);
            internal static float Min(float x, float y) => Math.Min(x, y);
            internal static bool IsFinite(float x) => !float.IsNaN(x) && !float.IsInfinity(x);
            internal static bool IsFinite(double x) => !double.IsNaN(x) && !double.IsInfinity(x);
            internal static int SingleToInt32Bits(float x) => new SingleBits { Single = x }.Int32;
            internal static float Int32BitsToSingle(int x) => new SingleBits { Int32 = x }.Single;

            /// <summary>A float and an int in the same four bytes.</summary>
            [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
            private struct SingleBits
            {
                [System.Runtime.InteropServices.FieldOffset(0)] public float Single;
                [System.Runtime.InteropServices.FieldOffset(0)] public int Int32;
            }
            """);
    }

    /// <summary>A positional readonly record struct's declaration, from its doc comment to the end of its parameter list.</summary>
    private static readonly Regex RecordStruct = new(
        @"(?<docs>(?:^[ \t]*///[^\n]*\n)*)(?<attributes>(?:^[ \t]*\[[^\n]*\n)*)^(?<indent>[ \t]*)public readonly record struct (?<name>\w+)\((?<parameters>[^)]*)\);",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private static string LowerRecordStructs(string code) => RecordStruct.Replace(code, match =>
    {
        string indent = match.Groups["indent"].Value, name = match.Groups["name"].Value, inner = indent + "    ";
        string docs = string.Join("\n", match.Groups["docs"].Value.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("///", StringComparison.Ordinal))
            .Select(line => line.Substring(3).Trim()));
        string summary = Regex.Match(docs, "<summary>(.*?)</summary>", RegexOptions.Singleline).Groups[1].Value.Trim();
        var parameters = match.Groups["parameters"].Value.Split(',')
            .Select(p => p.Trim().Split(new[] { ' ', '\n', '\r', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            .Select(p => (Type: p[0], Name: p[1]))
            .ToList();
        string DocOf(string parameter) => Regex.Match(docs, "<param name=\"" + parameter + "\">(.*?)</param>", RegexOptions.Singleline).Groups[1].Value.Trim();
        string OneLine(string text) => Regex.Replace(text, @"\s*\n\s*", " ");

        var text = new StringBuilder();
        void Line(string line) => text.Append(line.Length == 0 ? string.Empty : inner + line).Append('\n');
        text.Append(indent).Append("/// <summary>").Append(OneLine(summary)).Append("</summary>\n");
        text.Append(match.Groups["attributes"].Value);
        text.Append(indent).Append("public readonly struct ").Append(name).Append(" : global::System.IEquatable<").Append(name).Append(">\n");
        text.Append(indent).Append("{\n");
        Line("/// <summary>Holds the values given, one per property.</summary>");
        foreach ((string _, string parameter) in parameters)
        {
            Line("/// <param name=\"" + parameter + "\">" + OneLine(DocOf(parameter)) + "</param>");
        }

        Line("public " + name + "(" + ParameterList(parameters.Select(p => p.Type + " " + p.Name)) + ")");
        Line("{");
        foreach ((string _, string parameter) in parameters)
        {
            Line("    this." + parameter + " = " + parameter + ";");
        }

        Line("}");
        foreach ((string type, string parameter) in parameters)
        {
            Line(string.Empty);
            Line("/// <summary>" + OneLine(DocOf(parameter)) + "</summary>");
            Line("public " + type + " " + parameter + " { get; }");
        }

        Line(string.Empty);
        Line("/// <summary>The values, in the order of the constructor's parameters.</summary>");
        Line("public void Deconstruct(" + ParameterList(parameters.Select(p => "out " + p.Type + " " + p.Name)) + ")");
        Line("{");
        foreach ((string _, string parameter) in parameters)
        {
            Line("    " + parameter + " = this." + parameter + ";");
        }

        Line("}");
        Line(string.Empty);
        Line("/// <summary>Whether every value equals <paramref name=\"other\"/>'s, as EqualityComparer&lt;T&gt;.Default compares them.</summary>");
        Line("public bool Equals(" + name + " other) =>");
        Line("    " + string.Join("\n" + inner + "        && ", parameters.Select(p => "global::System.Collections.Generic.EqualityComparer<" + p.Type + ">.Default.Equals(" + p.Name + ", other." + p.Name + ")")) + ";");
        Line(string.Empty);
        Line("/// <summary>Whether <paramref name=\"obj\"/> is a " + name + " whose every value equals this one's.</summary>");
        Line("public override bool Equals(object? obj) => obj is " + name + " other && Equals(other);");
        Line(string.Empty);
        Line("/// <summary>A hash of every value.</summary>");
        Line("public override int GetHashCode()");
        Line("{");
        Line("    int hash = 17;");
        foreach ((string type, string parameter) in parameters)
        {
            Line("    hash = unchecked((hash * -1521134295) + global::System.Collections.Generic.EqualityComparer<" + type + ">.Default.GetHashCode(" + parameter + "));");
        }

        Line("    return hash;");
        Line("}");
        Line(string.Empty);
        Line("/// <summary>Whether every value of <paramref name=\"left\"/> equals <paramref name=\"right\"/>'s.</summary>");
        Line("public static bool operator ==(" + name + " left, " + name + " right) => left.Equals(right);");
        Line(string.Empty);
        Line("/// <summary>Whether some value of <paramref name=\"left\"/> differs from <paramref name=\"right\"/>'s.</summary>");
        Line("public static bool operator !=(" + name + " left, " + name + " right) => !left.Equals(right);");
        Line(string.Empty);
        Line("/// <summary>The values, as a record struct writes them: <c>" + name + " { " + parameters[0].Name + " = …, … }</c>.</summary>");
        Line("public override string ToString() =>");
        Line("    \"" + name + " { " + parameters[0].Name + " = \" + " + parameters[0].Name);
        foreach ((string _, string parameter) in parameters.Skip(1))
        {
            Line("        + \", " + parameter + " = \" + " + parameter);
        }

        Line("        + \" }\";");
        text.Append(indent).Append('}');
        return text.ToString();

        // A parameter list on one line while it is short, else one parameter a line.
        string ParameterList(IEnumerable<string> items)
        {
            string oneLine = string.Join(", ", items);
            return oneLine.Length <= 80 ? oneLine : "\n" + inner + "    " + string.Join(",\n" + inner + "    ", items);
        }
    });
}
