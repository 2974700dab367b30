using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Tests;

/// <summary>One fuzz case: the source files and AdditionalFiles items of one compilation.</summary>
/// <param name="Number">The case's number, which seeds it.</param>
/// <param name="Sources">The source files, Input0.cs, Input1.cs, ….</param>
/// <param name="AdditionalTexts">The AdditionalFiles items, for Weights = "…".</param>
/// <param name="WithoutIntrinsics">Whether the compilation lacks System.Runtime.Intrinsics, as one for a framework older than .NET 8.</param>
internal sealed record FuzzCase(int Number, string[] Sources, InMemoryAdditionalText[] AdditionalTexts, bool WithoutIntrinsics)
{
    /// <summary>Everything needed to reproduce the case by hand: each file in full.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("Fuzz case ").Append(Number).Append(" (rebuild it with FuzzCases.Build(").Append(Number).AppendLine("))");
        if (WithoutIntrinsics)
        {
            text.AppendLine("Compiled without System.Runtime.Intrinsics (as for .NET 7 and older)");
        }

        for (int n = 0; n < Sources.Length; n++)
        {
            text.Append("----- Input").Append(n).AppendLine(".cs -----").AppendLine(Sources[n]);
        }

        foreach (InMemoryAdditionalText file in AdditionalTexts)
        {
            string? content = file.GetText()?.ToString();
            text.Append("----- AdditionalFiles: ").Append(file.Path).AppendLine(content is null ? " (no text) -----" : " -----").AppendLine(content);
        }

        return text.ToString();
    }
}

/// <summary>
/// Builds random compilations around <c>[Mlp]</c>: declarations of every kind, with and without <c>partial</c>,
/// nested and split across files; attribute arguments of every kind, most of them wrong; and random syntax
/// errors. A case depends only on its number, which seeds its own <see cref="Random"/>.
/// </summary>
internal sealed class FuzzCases
{
    /// <summary>
    /// Names of members NetGen generates in the user's type (NETGEN005 for a user member of that name: its public API and
    /// its state, named with two underscores), and names NetGen's helpers had when they lived in the user's type, or its
    /// helper classes have, which the user's type may now declare (the generated code must still compile).
    /// </summary>
    private static readonly string[] GeneratedNames =
    {
        "Forward", "Backward", "Step", "TrainSample", "TrainBatch", "ForwardBatch", "ZeroGradients", "InitializeParameters",
        "InputCount", "HiddenCount", "OutputCount", "Hidden2Count", "ParameterCount", "Parameters", "Gradients", "LayerSizes",
        "__parameters", "__gradients", "__pendingSamples", "__Loss", "Momentum", "__velocity", "Beta1", "Epsilon", "__adamSteps",
        "CompiledWeights", "Save", "SaveText", "Load", "LoadText", "Fit", "WeightFileLength", "TrainingOptions",
        "_parameters", "_gradients", "_pendingSamples", "UpdateParameters", "Sigmoid", "Exp", "OutputSigmoids", "OutputSoftmax",
        "W1Offset", "B2Offset", "HiddenLayer_0To3", "Backpropagate", "Crc32", "NextUniform", "LengthMismatch", "Kernels",
        "WeightFile", "Trainer", "Checks",
    };

    /// <summary>
    /// Type names, some of which collide with each other (by case, or once '&lt;T&gt;' is flattened) or with names generated
    /// code uses. "System" is used only below the top level: a type System in the global namespace hides the namespace
    /// from <c>global::System</c>, which breaks the user's code and every generator's alike. "var" checks that generated
    /// code never declares a local with <c>var</c>, which would bind to it.
    /// </summary>
    private static readonly string[] OddTypeNames =
    {
        "Net", "NET", "net", "XorNet", "@class", "@record", "async", "dynamic", "Forward", "InputCount", "Math", "MathF", "Span",
        "System", "Vector128", "BitConverter", "Random", "Precision", "Kernels", "NetGen", "Mlp", "MlpAttribute", "Ünïcödé", "_class",
        "Outer_T_", "Box_T_", "T", "Global", "global", "\\u0058orNet", "Exception", "GeneratedCode", "Generated", "Unsafe", "nameof", "value", "input", "var",
    };

    private static readonly string[] OuterNames = { "Outer", "Box", "Outer_T_", "Box_T_", "OUTER", "Holder", "@class", "System", "Net", "Vector128" };

    private static readonly string[] Namespaces =
    {
        "Demo", "Demo.Nets", "demo", "DEMO", "@class", "NetGen", "System.Fake", "Outer", "A.B", "a.b", "Net", "XorNet", "Global",
    };

    private static readonly string[] SizeExpressions =
    {
        "0", "-1", "-2147483648", "int.MinValue", "int.MaxValue", "2147483647", "int.MaxValue / 2", "int.MaxValue - 1", "1 << 20",
        "1 << 30", "1 << 31", "100000", "8192", "8193", "4096", "65536", "46341", "2 + 2", "-(-3)", "(int)3L", "'a'", "(byte)3",
        "(short)-5", "0x10", "0b11", "1_000", "sizeof(int)", "default", "default(int)", "unchecked(int.MaxValue + 1)",
        "checked(int.MaxValue + 1)", "~0", "+4", "4 * 1024", "Sizes.Hidden", "Sizes.Huge", "Sizes.Field", "Sizes.ReadOnly",
        "DateTime.Now.Second", "System.DateTime.Now.Second", "\"x\"", "2.5", "2.0f", "3m", "true", "null", "new int[] { 1, 2 }",
        "new[] { 2, 4, 1 }", "typeof(int)", "nameof(System)", "3u", "3L", "(int)NetGen.Precision.Double", "NetGen.Precision.Double",
        "undefinedName", "(int)4.9", "int.Parse(\"4\")", "x => 1", "[]", "[1, 2]",
    };

    private static readonly string[] NamedArguments =
    {
        "Precision = Precision.Double", "Precision = NetGen.Precision.Single", "Precision = NetGen.Precision.Double", "Precision = (Precision)7",
        "Precision = (NetGen.Precision)(-1)", "Precision = 0", "Precision = 1", "Kernels = Kernels.Unrolled", "Kernels = NetGen.Kernels.Unrolled",
        "Kernels = Kernels.Simd", "Kernels = NetGen.Kernels.Simd", "Kernels = Kernels.Auto", "Kernels = (Kernels)(-1)", "Kernels = (NetGen.Kernels)3",
        "Activation = Activation.Relu", "Activation = NetGen.Activation.Tanh", "Activation = (NetGen.Activation)5",
        "Output = Output.Softmax", "Output = NetGen.Output.Softmax", "Output = NetGen.Output.Linear", "Output = (NetGen.Output)9",
        "Optimizer = Optimizer.Adam", "Optimizer = NetGen.Optimizer.Momentum", "Optimizer = NetGen.Optimizer.Adam", "Optimizer = (NetGen.Optimizer)3",
        "Weights = null", "Weights = \"\"", "Weights = \"missing.b64\"", "Weights = \"w.b64\"", "Weights = \"nets/w.b64\"", "Weights = \"w.b64\"",
        "Weights = \" \"", "Weights = \"..\\\\w.b64\"", "Weights = \"w.b64\\n\"", "Weights = \"/\"", "Weights = nameof(Sizes)", "Weights = 3",
        "Weights = Sizes.Name", "Weights = Sizes.FieldName", "Inputs = 3", "LayerSizes = new[] { 1 }", "Precison = Precision.Double", "Hidden = 4",
        "Precision = Precision.Double, Precision = Precision.Single",
    };

    /// <summary>Members that compile in an ordinary class ({0} is the class's name).</summary>
    private static readonly string[] ValidNamedArguments =
    {
        "Precision = NetGen.Precision.Single", "Precision = NetGen.Precision.Double", "Precision = (NetGen.Precision)7", "Kernels = NetGen.Kernels.Unrolled",
        "Kernels = NetGen.Kernels.Simd", "Kernels = NetGen.Kernels.Auto", "Kernels = (NetGen.Kernels)3", "Activation = NetGen.Activation.Relu",
        "Activation = NetGen.Activation.Tanh", "Activation = (NetGen.Activation)5", "Output = NetGen.Output.Softmax", "Output = NetGen.Output.Linear",
        "Output = (NetGen.Output)9", "Optimizer = NetGen.Optimizer.Adam", "Optimizer = NetGen.Optimizer.Momentum", "Optimizer = (NetGen.Optimizer)3",
        "Weights = null", "Weights = \"\"", "Weights = \"missing.b64\"", "Weights = \"w.b64\"", "Weights = \"nets/w.b64\"", "Precision = 0",
    };

    private static readonly string[] Members =
    {
        "public int Epochs;", "void M() {{ }}", "public override string ToString() => \"net\";", "private static int s_count = 1;",
        "public {0}() {{ }}", "public {0}(int seed) {{ }}", "static {0}() {{ }}", "~{0}() {{ }}", "public class Inner {{ }}",
        "public const int Hidden = 4;", "public event System.Action? Changed;", "public int this[int i] => i;",
        "public static implicit operator int({0} n) => 0;", "public System.Span<float> Buffer => default;", "int Math => 1;",
        "int System => 1;", "class Vector128 {{ }}", "class BitConverter {{ }}", "class MathF {{ }}", "public class System {{ }}",
        "struct Span<T> {{ }}", "int global = 1;", "float[] input = new float[1];", "private int value;", "public int Count => 0;",
        "protected virtual void OnStep() {{ }}", "public static {0} Create() => null!;", "public class var2 {{ }}", "enum Precision {{ A }}",
        "public void Train(float[] x) {{ }}", "private const int Layers = 3;", "public int Forwarded => 1;",
    };

    /// <summary>Members that are themselves errors: [Mlp] where it is not allowed.</summary>
    private static readonly string[] OddMembers =
    {
        "[NetGen.Mlp(2, 4, 1)] void Annotated() {{ }}", "[return: NetGen.Mlp(2, 4, 1)] int Returns() => 0;",
        "void Local() {{ [NetGen.Mlp(2, 4, 1)] static void F() {{ }} F(); }}", "int Lambda() {{ var f = [NetGen.Mlp(2, 4, 1)] () => 1; return f(); }}",
        "[NetGen.Mlp(2, 4, 1)] public int Property {{ get; set; }}", "void P([NetGen.Mlp(2, 4, 1)] int p) {{ }}",
        "[NetGen.Mlp(2, 4, 1)] public event System.Action? Raised;", "[NetGen.Mlp(2, 4, 1)] int _field;",
    };

    private readonly Random _random;
    private readonly int _number;

    /// <summary>
    /// A fifth of the cases is tame: valid C# around valid-looking [Mlp] declarations, so that many of them generate
    /// code (and collide by name, nest, split over files); the rest are wild.
    /// </summary>
    private readonly bool _tame;
    private int _nextName;
    private int[]? _cleanSizes;

    private FuzzCases(int number)
    {
        _number = number;
        _random = new Random(unchecked((number * 7919) + 104729));
        _tame = _random.Next(5) == 0;
    }

    /// <summary>The case numbered <paramref name="number"/>: always the same compilation for the same number.</summary>
    public static FuzzCase Build(int number) => new FuzzCases(number).Build();

    private FuzzCase Build()
    {
        int fileCount = Index(60, 25, 15) + 1;
        var files = new List<FileBuilder>();
        for (int n = 0; n < fileCount; n++)
        {
            files.Add(new FileBuilder(this, n));
        }

        // Types spread over several files: the same partial type, with the attribute on one part, on several, or on none.
        if (fileCount > 1 && Chance(40))
        {
            string name = TypeName(depth: 0);
            string? ns = Chance(50) ? Choose(Namespaces) : null;
            string kind = _tame
                ? Choose("class", "class", "class", "record", "abstract class", "sealed class")
                : Choose("class", "class", "class", "record", "struct", "static class", "abstract class", "sealed class", "interface");
            int annotatedPart = _tame ? _random.Next(fileCount) : _random.Next(fileCount + 1);   // fileCount: every part
            foreach (FileBuilder file in files)
            {
                bool annotate = annotatedPart == fileCount || annotatedPart == file.Index || Wild(10);
                string partial = Tame(90) ? "partial " : string.Empty;
                string modifiers = file.Index == 0 || Wild(30) ? kind : kind.Split(' ').Last();   // 'sealed' or 'abstract' on one part is enough
                string declaration = (annotate ? Attribute() + "\n" : string.Empty)
                    + Choose("public ", "internal ", string.Empty) + partial + modifiers + " " + name + Body(name);
                file.AddMember(ns, declaration);
            }
        }

        // Networks whose file names collide: names that differ only in case, or in what becomes '_' in a file name.
        if (Tame(2) && Chance(20))
        {
            string attribute = Attribute();
            switch (_random.Next(3))
            {
                case 0:
                    files[0].AddMember(files[0].DefaultNamespace, attribute + "\npublic partial class Twin { }\n\n" + attribute + "\npublic partial class TWIN { }");
                    break;
                case 1:
                    files[0].AddMember(files[0].DefaultNamespace, "public partial class Box<T>\n{\n    " + attribute + "\n    public partial class Inner { }\n}\n\n"
                        + "public partial class Box_T_\n{\n    " + attribute + "\n    public partial class Inner { }\n}");
                    break;
                default:
                    files[0].AddMember("Twins", attribute + "\npublic partial class Net { }");
                    files[files.Count - 1].AddMember("twins", attribute + "\npublic partial class Net { }");
                    break;
            }
        }

        foreach (FileBuilder file in files)
        {
            int types = Index(45, 35, 15, 5) + (file.Index == 0 || Chance(50) ? 1 : 0);
            for (int n = 0; n < types; n++)
            {
                file.AddMember(file.DefaultNamespace, Chance(85) ? Declaration(depth: 0) : Helper());
            }
        }

        string[] sources = files.Select(f => f.ToString()).ToArray();
        for (int n = 0; n < sources.Length; n++)
        {
            if (Wild(25))
            {
                int mutations = _random.Next(1, 4);
                for (int m = 0; m < mutations; m++)
                {
                    sources[n] = Mutate(sources[n]);
                }
            }
        }

        return new FuzzCase(_number, sources, Chance(20) ? AdditionalTexts() : Array.Empty<InMemoryAdditionalText>(), WithoutIntrinsics: Chance(3));
    }

    /// <summary>One type declaration, possibly annotated, possibly inside outer types.</summary>
    private string Declaration(int depth)
    {
        if (depth < 2 && Chance(depth == 0 ? 30 : 15))
        {
            return Outer(depth);
        }

        string name = TypeName(depth);
        var text = new StringBuilder();
        int attributes = _tame ? Index(10, 90) : Index(8, 80, 8, 4);   // none, one, two, three
        for (int n = 0; n < attributes; n++)
        {
            text.Append(Wild(15) && n == 0 ? "[" + AttributeCore() + ", " + AttributeCore() + "]" : Attribute()).Append('\n');
        }

        string access = depth == 0
            ? Weighted<string>(40, "public ", 30, "internal ", 27, string.Empty, _tame ? 0 : 3, "private ")
            : Weighted<string>(30, "public ", 15, "internal ", 20, "private ", 10, "protected ", 5, "protected internal ", 5, "private protected ", 15, string.Empty);
        string partial = Chance(_tame ? 95 : 88) ? "partial " : string.Empty;
        string typeParameters = Wild(6) ? Choose("<T>", "<T, U>", "<TInput>") : string.Empty;
        string kind = _tame
            ? Weighted<string>(60, "class", 8, "sealed class", 8, "abstract class", 3, "unsafe class", depth > 0 ? 3 : 0, "new class", 10, "record", 4, "record class",
                depth == 0 ? 2 : 0, "file class", 2, "static class", 2, "struct")
            : Weighted<string>(
                40, "class", 5, "sealed class", 5, "abstract class", 5, "static class", depth == 0 ? 4 : 0, "file class", 2, "unsafe class",
                depth > 0 ? 2 : 0, "new class", 7, "record", 3, "record class", 4, "record struct", 2, "readonly record struct", 4, "struct",
                3, "ref struct", 3, "readonly struct", 4, "interface", 4, "enum");
        string[] words = kind.Split(' ');
        string modifiers = string.Join(" ", words.Take(words.Length - 1));
        string keyword = words[words.Length - 1];
        if (keyword == "struct" && words.Contains("record"))
        {
            modifiers = string.Join(" ", words.Take(words.Length - 2).Where(w => w != "record"));
            keyword = "record struct";
        }
        else if (keyword == "class" && words.Contains("record"))
        {
            modifiers = string.Empty;
            keyword = "record class";
        }

        if (keyword == "enum")
        {
            return text + access + (Chance(30) ? partial : string.Empty) + "enum " + name + " { A, B }";
        }

        // A primary constructor, whose parameter may bear a generated name and be used in a member.
        string parameterName = Chance(50) ? Choose(GeneratedNames) : "seed";
        string primary = (keyword is "class" or "struct" || keyword.StartsWith("record", StringComparison.Ordinal)) && Chance(12)
            ? "(" + Choose("int " + parameterName, "int X, float Y", string.Empty) + ")"
            : string.Empty;
        string baseList = keyword != "interface" && keyword != "struct" && !keyword.StartsWith("record", StringComparison.Ordinal) && Chance(10)
            ? (_tame ? Choose(" : Base", " : System.Exception", " : global::Base") : Choose(" : Base", " : System.IDisposable", " : System.Exception", " : global::Base", " : Base, System.IDisposable"))
            : string.Empty;
        string constraints = typeParameters.Length > 0 && Chance(50) ? " where T : struct" : string.Empty;

        text.Append(access).Append(modifiers.Length > 0 ? modifiers + " " : string.Empty);
        text.Append(partial).Append(keyword).Append(' ').Append(name).Append(typeParameters).Append(primary).Append(baseList).Append(constraints);
        if (primary.Contains(parameterName) && Chance(60))
        {
            text.Append("\n{\n    public int UsesParameter => ").Append(parameterName).Append(";\n}");
        }
        else
        {
            text.Append(primary.Length > 0 && Chance(40) ? ";" : Body(name));
        }

        return text.ToString();
    }

    /// <summary>Outer types around one or more declarations: generic or not, partial or not, of every kind that can nest.</summary>
    private string Outer(int depth)
    {
        string name = Chance(50) ? Choose(OuterNames) : "Outer" + (_nextName++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (depth == 0 && name == "System")
        {
            name = "Outer";
        }

        string kind = Weighted<string>(
            40, "class", 8, "static class", 8, "struct", 6, "record", 5, "record struct", 5, "interface", 4, "ref struct", 4, "readonly struct",
            depth == 0 ? 5 : 0, "file class", 4, "abstract class", 4, "sealed class", 3, "unsafe class");
        string partial = Chance(_tame ? 95 : 80) ? "partial " : string.Empty;
        string typeParameters = Chance(25) ? Choose("<T>", "<T, U>", "<input>", "<TInput>") : string.Empty;
        string[] words = kind.Split(' ');
        string declaration = words.Length == 2 && words[0] is "record"
            ? partial + kind
            : string.Join(" ", words.Take(words.Length - 1).Append(partial + words[words.Length - 1])).TrimStart();
        var text = new StringBuilder();
        if (Wild(5))
        {
            text.Append(Attribute()).Append('\n');
        }

        text.Append(Choose("public ", "internal ", string.Empty)).Append(declaration).Append(' ').Append(name).Append(typeParameters).Append("\n{\n");
        int inner = Index(70, 25, 5) + 1;
        for (int n = 0; n < inner; n++)
        {
            text.Append(Indent(Declaration(depth + 1))).Append('\n');
        }

        if (Chance(20))
        {
            text.Append("    ").Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, Choose(Members), name)).Append('\n');
        }

        return text.Append('}').ToString();
    }

    /// <summary>A type the declarations refer to: a base class with members named as NetGen's, and constants for sizes.</summary>
    private string Helper()
    {
        string[] helpers =
        {
            "public class Base { " + Choose("public", "protected", "private", "internal") + " void " + Choose(GeneratedNames) + "() { } }",
            "public abstract class Base { public abstract void Train(); }",
            "public class Base { }",
            "internal static class Sizes { public const int Hidden = 4; public const int Huge = int.MaxValue; public static int Field = 3; "
                + "public static readonly int ReadOnly = 2; public const string Name = \"w.b64\"; public static string FieldName = \"w.b64\"; }",
            "public class Plain { " + Choose(Members).Replace("{0}", "Plain").Replace("{{", "{").Replace("}}", "}") + " }",
            "[assembly: NetGen.Mlp(2, 4, 1)]",
            "[NetGen.Mlp(2, 4, 1)] public delegate void Callback();",
            "public class Plain2 { " + Choose(OddMembers).Replace("{{", "{").Replace("}}", "}") + " }",
        };
        return helpers[_random.Next(_tame ? 5 : helpers.Length)];
    }

    private string Body(string name)
    {
        if (Chance(8))
        {
            return ";";
        }

        int members = Index(60, 25, 10, 5);
        if (members == 0)
        {
            return " { }";
        }

        var text = new StringBuilder("\n{\n");
        for (int n = 0; n < members; n++)
        {
            string member = Chance(_tame ? 15 : 30)
                ? Choose("public void ", "public int ", "private int ", "protected float[] ", "public static int ", "public class ") + Choose(GeneratedNames)
                    + Choose("() { }", ";", " => 0;", " { }")
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, Wild(15) ? Choose(OddMembers) : Choose(Members), name);
            text.Append("    ").Append(member).Append('\n');
        }

        return text.Append('}').ToString();
    }

    private string TypeName(int depth)
    {
        string name = Chance(_tame ? 35 : 25) ? Choose(OddTypeNames) : "Net" + (_nextName++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return depth == 0 && name == "System" ? "Net" : name;
    }

    /// <summary>An attribute list holding one [Mlp], in one of the ways it can be spelled (or misspelled).</summary>
    private string Attribute() => "[" + (Wild(4) ? Choose("type: ", "return: ", "method: ") : Tame(5) ? "type: " : string.Empty) + AttributeCore() + "]";

    private string AttributeCore()
    {
        string name = _tame
            ? Choose("Mlp", "MlpAttribute", "NetGen.Mlp", "NetGen.MlpAttribute", "global::NetGen.Mlp")
            : Weighted<string>(30, "Mlp", 10, "MlpAttribute", 35, "NetGen.Mlp", 8, "NetGen.MlpAttribute", 8, "global::NetGen.Mlp", 5, "M", 2, "Mpl", 2, "NetGen.Mlp<int>");
        if (Wild(4))
        {
            return name;   // no argument list at all
        }

        var arguments = new List<string>();
        switch (_tame ? Index(80, 10, 10) : Index(72, 10, 6, 4, 8))
        {
            case 0:
                arguments.AddRange(SizeList());
                break;
            case 1:
                string[] sizes = SizeList();
                string open = Choose("new[] { ", "new int[] { ", "layerSizes: new[] { ", "[", "layerSizes: [");
                arguments.Add(open + string.Join(", ", sizes) + (open.EndsWith("[", StringComparison.Ordinal) ? "]" : " }"));
                break;
            case 2:
                string[] parameters = { "inputs", "hidden", "outputs" };
                foreach (string parameter in parameters.OrderBy(_ => _random.Next()).Take(_tame ? 3 : Index(5, 10, 85) + 1))
                {
                    arguments.Add(parameter + ": " + Size());
                }

                break;
            case 3:
                arguments.Add(Choose("null", "new int[0]", "new int[] { }", "[]", "(int[])null", "default(int[])"));
                break;
            default:
                break;   // Mlp() or only named arguments
        }

        int named = Index(55, 30, 10, 5);
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int n = 0; n < named; n++)
        {
            string argument = _tame ? Choose(ValidNamedArguments) : Choose(NamedArguments);
            if (!_tame || used.Add(argument.Split(' ')[0]))
            {
                arguments.Add(argument);
            }
        }

        if (Wild(3))
        {
            arguments.Insert(_random.Next(arguments.Count + 1), Choose(NamedArguments));   // a named argument before positional ones
        }

        return name + "(" + string.Join(", ", arguments) + ")";
    }

    /// <summary>0 to 40 sizes: mostly small, or deliberately too large, too many, overflowing, or not sizes at all.</summary>
    private string[] SizeList()
    {
        int count = _tame
            ? Weighted<int>(65, 3, 20, 4, 8, 5, 3, 2, 2, 34, 2, 35)
            : Weighted<int>(3, 0, 4, 1, 6, 2, 45, 3, 14, 4, 7, 5, 3, 6, 2, 8, 3, 33, 2, 34, 3, 35, 2, 40, 1, 41, 5, _random.Next(7, 41));
        string[] sizes;
        switch (_tame ? Index(85, 5, 5, 5) : Index(70, 10, 6, 6, 8))
        {
            case 1:
                // Near int.MaxValue: each product of two neighbours overflows int, and their sum overflows long.
                sizes = Enumerable.Range(0, count).Select(_ => Choose("int.MaxValue", "2147483647", "int.MaxValue - 1", "1 << 30", "46341", "65536")).ToArray();
                break;
            case 2:
                // Within the widest layer allowed, but too many weights in all (products overflow int over enough layers).
                sizes = Enumerable.Range(0, count).Select(_ => Choose("8192", "8191", "4096", "8192")).ToArray();
                break;
            case 3:
                sizes = Enumerable.Range(0, count).Select(_ => _random.Next(1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                break;
            default:
                sizes = Enumerable.Range(0, count).Select(_ => Size()).ToArray();
                break;
        }

        if (sizes.All(s => int.TryParse(s, out int n) && n > 0 && n <= 64) && sizes.Length >= 3)
        {
            _cleanSizes = sizes.Select(int.Parse).ToArray();
        }

        return sizes;
    }

    private string Size() => _tame
        ? (Chance(92) ? _random.Next(1, 11).ToString(System.Globalization.CultureInfo.InvariantCulture) : Choose("0", "-1", "8192", "4096", "100000", "int.MaxValue", "16", "12", "2 + 2"))
        : (Chance(80) ? _random.Next(1, 11).ToString(System.Globalization.CultureInfo.InvariantCulture) : Choose(SizeExpressions));

    /// <summary>The AdditionalFiles items of a case: weight files for Weights = "…", valid, damaged or garbage.</summary>
    private InMemoryAdditionalText[] AdditionalTexts()
    {
        int count = Index(10, 70, 20);
        var texts = new List<InMemoryAdditionalText>();
        for (int n = 0; n < count; n++)
        {
            string path = Choose("w.b64", "nets/w.b64", "other/w.b64", "dir\\w.b64", "W.B64", "/abs/w.b64", "missing.txt");
            texts.Add(new InMemoryAdditionalText(path, WeightText()));
        }

        return texts.ToArray();
    }

    private string? WeightText()
    {
        int[] sizes = _cleanSizes ?? new[] { 2, 4, 1 };
        switch (_random.Next(12))
        {
            case 0: return null;
            case 1: return string.Empty;
            case 2: return Choose("   \n\t", "# only a comment\n", "not base64 !!", "====", "\0\0\0", "#\n#\n");
            case 3: return Convert.ToBase64String(RandomBytes(_random.Next(0, 80)));
            case 4: return Convert.ToBase64String("NETGENWT"u8.ToArray().Concat(RandomBytes(_random.Next(0, 80))).ToArray());
            case 5:
                // A header that claims much: 65,535 sizes, or sizes and a parameter count near int.MaxValue.
                var header = new List<byte>("NETGENWT"u8.ToArray()) { 1, 0, (byte)_random.Next(3), (byte)_random.Next(3), (byte)_random.Next(3), 0 };
                header.AddRange(BitConverter.GetBytes((ushort)Choose(65535, 3, 40, 0)));
                for (int n = 0; n < 3; n++)
                {
                    header.AddRange(BitConverter.GetBytes(Choose(int.MaxValue, -1, 0, 2, 4)));
                }

                header.AddRange(BitConverter.GetBytes(Choose(int.MaxValue, -1, 17)));
                header.AddRange(RandomBytes(_random.Next(0, 16)));
                return Convert.ToBase64String(header.ToArray());
            default:
                long parameters = ParameterCount(sizes);
                if (parameters > 5000)
                {
                    return Convert.ToBase64String(RandomBytes(40));
                }

                bool single = Chance(70);
                byte precision = (byte)(single ? 0 : 1);
                string text = CompiledWeightsGeneratorTests.Text(
                    Chance(80) ? sizes : new[] { 3, 5, 2 },
                    Chance(90) ? precision : (byte)1,
                    (byte)Weighted<int>(80, 0, 10, 1, 10, 2),
                    (byte)Weighted<int>(80, 0, 10, 1, 10, 2),
                    Enumerable.Range(0, (int)parameters).Select(n => (float)Math.Sin(n)).ToArray(),
                    version: Weighted<int>(90, 1, 10, 2),
                    corruptAt: Chance(10) ? _random.Next(16, 40) : -1,
                    truncateBy: Chance(10) ? _random.Next(1, 20) : 0,
                    single: single);
                return Chance(10) ? text.Replace("\n", "\r\n") : text;
        }
    }

    private static long ParameterCount(int[] sizes)
    {
        long count = 0;
        for (int n = 1; n < sizes.Length; n++)
        {
            count += ((long)sizes[n] * sizes[n - 1]) + sizes[n];
        }

        return count;
    }

    /// <summary>A random syntax error: a character or word deleted, a stray token inserted, the file cut short or a slice repeated.</summary>
    private string Mutate(string source)
    {
        if (source.Length == 0)
        {
            return "{";
        }

        int at = _random.Next(source.Length);
        switch (_random.Next(7))
        {
            case 0:
                return source.Remove(at, 1);
            case 1:
                int end = at;
                while (end < source.Length && (char.IsLetterOrDigit(source[end]) || source[end] == '_'))
                {
                    end++;
                }

                return source.Remove(at, Math.Max(1, end - at));
            case 2:
                return source.Insert(at, Choose("{", "}", "(", ")", ";", "@", "[", "]", ",", "<", ">", "\"", "/*", "//", "#", "\n#if X\n", "\n#endif\n",
                    "\n#region\n", "\\", "'", "=>", "\0", "\uFEFF", "\u2028", "\uD800", "partial ", "static ", "\n#line 1 \"other.cs\"\n", "\n#nullable disable\n"));
            case 3:
                return source.Substring(0, at);
            case 4:
                int length = _random.Next(1, Math.Min(40, source.Length - at) + 1);
                return source.Insert(at, source.Substring(at, length));
            case 5:
                return source + Choose("}", "}}", "{", "\n[NetGen.Mlp(2, 4, 1)]", "\npartial class");
            default:
                return at + 1 < source.Length ? source.Substring(0, at) + source[at + 1] + source[at] + source.Substring(at + 2) : source;
        }
    }

    private byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static string Indent(string text) => "    " + text.Replace("\n", "\n    ");

    private bool Chance(int percent) => _random.Next(100) < percent;

    /// <summary>A chance taken only in wild cases.</summary>
    private bool Wild(int percent) => !_tame && Chance(percent);

    /// <summary>Always in tame cases; a chance in wild ones.</summary>
    private bool Tame(int percent) => _tame || Chance(percent);

    private T Choose<T>(params T[] items) => items[_random.Next(items.Length)];

    /// <summary>An index 0…n−1, chosen with the given weights.</summary>
    private int Index(params int[] weights)
    {
        int roll = _random.Next(weights.Sum());
        for (int n = 0; n < weights.Length; n++)
        {
            roll -= weights[n];
            if (roll < 0)
            {
                return n;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>An item of (weight, item, weight, item, …) pairs, chosen by weight.</summary>
    private T Weighted<T>(params object[] weightedItems)
    {
        int[] weights = Enumerable.Range(0, weightedItems.Length / 2).Select(n => (int)weightedItems[2 * n]).ToArray();
        return (T)weightedItems[(2 * Index(weights)) + 1];
    }

    /// <summary>One source file: usings, then types in a namespace of one of the three kinds.</summary>
    private sealed class FileBuilder
    {
        private readonly FuzzCases _owner;
        private readonly List<string> _usings = new();
        private readonly List<string> _attributes = new();
        private readonly Dictionary<string, List<string>> _byNamespace = new(StringComparer.Ordinal);
        private readonly int _namespaceStyle;   // 0: global, 1: block, 2: file-scoped (one namespace only)

        public FileBuilder(FuzzCases owner, int index)
        {
            _owner = owner;
            Index = index;
            if (owner.Tame(70))
            {
                _usings.Add(owner.Chance(10) ? "global using NetGen;" : "using NetGen;");
            }

            if (owner.Chance(30))
            {
                _usings.Add("using System;");
            }

            if (owner.Chance(15))
            {
                _usings.Add("using M = NetGen.MlpAttribute;");
            }

            if (owner.Wild(5))
            {
                _usings.Add(owner.Choose("using static NetGen.Precision;", "using global = System;", "using Mlp = System.ObsoleteAttribute;", "using NetGen.Missing;"));
            }

            _usings.Sort((a, b) => b.StartsWith("global", StringComparison.Ordinal).CompareTo(a.StartsWith("global", StringComparison.Ordinal)));
            _namespaceStyle = owner.Index(35, 35, 30);
            DefaultNamespace = _namespaceStyle == 0 ? null : owner.Choose(Namespaces);
        }

        public int Index { get; }

        public string? DefaultNamespace { get; }

        public void AddMember(string? ns, string member)
        {
            if (member.StartsWith("[assembly:", StringComparison.Ordinal))
            {
                _attributes.Add(member);
                return;
            }

            // A file-scoped namespace allows no other: everything goes in it.
            string key = _namespaceStyle == 2 ? DefaultNamespace! : ns ?? string.Empty;
            if (!_byNamespace.TryGetValue(key, out List<string>? members))
            {
                _byNamespace[key] = members = new List<string>();
            }

            members.Add(member);
        }

        public override string ToString()
        {
            var text = new StringBuilder();
            foreach (string line in _usings.Concat(_attributes))
            {
                text.Append(line).Append('\n');
            }

            text.Append('\n');
            if (_namespaceStyle == 2)
            {
                text.Append("namespace ").Append(DefaultNamespace).Append(";\n\n");
                text.Append(string.Join("\n\n", _byNamespace.Values.SelectMany(m => m))).Append('\n');
                return text.ToString();
            }

            foreach (KeyValuePair<string, List<string>> group in _byNamespace.OrderBy(g => g.Key.Length == 0 ? 0 : 1))
            {
                if (group.Key.Length == 0)
                {
                    text.Append(string.Join("\n\n", group.Value)).Append("\n\n");
                    continue;
                }

                // Now and then a namespace written as two nested blocks.
                string[] parts = group.Key.Split('.');
                if (parts.Length == 2 && _owner.Chance(50))
                {
                    text.Append("namespace ").Append(parts[0]).Append("\n{\n    namespace ").Append(parts[1]).Append("\n    {\n");
                    text.Append(Indent(Indent(string.Join("\n\n", group.Value)))).Append("\n    }\n}\n\n");
                }
                else
                {
                    text.Append("namespace ").Append(group.Key).Append("\n{\n").Append(Indent(string.Join("\n\n", group.Value))).Append("\n}\n\n");
                }
            }

            return text.ToString();
        }
    }
}
