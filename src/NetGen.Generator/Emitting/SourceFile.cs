using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>One generated file: its hint name (the network's, with the concern before <c>.g.cs</c>) and its text.</summary>
internal readonly record struct GeneratedFile(string HintName, string Text);

/// <summary>
/// Lays out one generated file of a network: the header, the aliases of NetGen's helper classes, the user's partial
/// type (inside its namespace and containing types) and, in a namespace of NetGen's own, the helper class of this file.
/// </summary>
/// <remarks>
/// Code inside the user's type is looked up among the user's own members first: a property called <c>Math</c> or a
/// nested <c>struct Span&lt;T&gt;</c> would capture a short name, so the user's part names every type in full
/// (<c>global::System.Span&lt;float&gt;</c>) and reaches NetGen's helpers through aliases whose names begin with two
/// underscores, which the C# specification reserves for the implementation. The helper class sits in
/// <c>NetGen.__Generated</c>, where only NetGen declares types: there the usings are safe, and <see cref="Shorten"/>
/// writes <c>Span&lt;float&gt;</c> for <c>global::System.Span&lt;float&gt;</c>.
/// </remarks>
internal static class SourceFile
{
    /// <summary>
    /// The namespace of the helper classes. Its name holds two underscores, which the C# specification reserves for the
    /// implementation, so no user type can collide with it (a user type NetGen.Generated did, when that was its name).
    /// </summary>
    public const string HelperNamespace = "NetGen.__Generated";

    /// <summary>Namespaces the helper classes import, longest first so that a type is cut at the right dot.</summary>
    private static readonly string[] Imports =
    {
        "System.Runtime.CompilerServices", "System.Runtime.InteropServices", "System.Runtime.Intrinsics", "System.Buffers.Binary",
        "System.CodeDom.Compiler", "System.Globalization", "System.Numerics", "System.Buffers", "System.Text", "System.IO", "System",
    };

    /// <summary>
    /// The file's text. <paramref name="userPart"/> is the body of the user's partial type and <paramref name="helper"/>
    /// the helper class (declaration and body, null for none), each written at indentation 0.
    /// </summary>
    public static string Compose(
        NetworkModel model, IReadOnlyList<string> header, IReadOnlyList<(string Alias, string Target)> aliases, string? userPart, string? helper,
        IReadOnlyList<string>? imports = null)
    {
        var text = new StringBuilder();
        foreach (string line in header)
        {
            text.Append("// ").Append(line).Append('\n');
        }

        text.Append("#nullable enable\n\n");
        if (aliases.Count > 0)
        {
            foreach ((string alias, string target) in aliases)
            {
                text.Append("using ").Append(alias).Append(" = global::").Append(HelperNamespace).Append('.').Append(target).Append(";\n");
            }

            text.Append('\n');
        }

        if (userPart is not null)
        {
            WriteUserPart(text, model, userPart);
        }

        if (helper is not null)
        {
            string shortened = Shorten(helper, out IReadOnlyCollection<string> used);
            text.Append(userPart is null ? string.Empty : "\n").Append("namespace ").Append(HelperNamespace).Append("\n{\n");
            foreach (string import in used.Union(imports ?? Array.Empty<string>()).OrderBy(n => n, StringComparer.Ordinal))
            {
                text.Append("    using ").Append(import).Append(";\n");
            }

            text.Append('\n');
            Indented(text, shortened.TrimEnd('\n') + "\n", 1);
            text.Append("}\n");
        }

        return WrapComments(text.ToString());
    }

    /// <summary>The widest a generated line may be.</summary>
    public const int Width = 160;

    /// <summary>
    /// Every comment line wider than <see cref="Width"/> broken at spaces (never inside an XML tag) into lines of the same
    /// prefix; a one-line <c>&lt;summary&gt;</c> becomes a block. Code lines are the emitter's to keep short.
    /// </summary>
    public static string WrapComments(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (string line in text.Split('\n'))
        {
            string trimmed = line.TrimStart();
            string? prefix = trimmed.StartsWith("/// ", StringComparison.Ordinal) ? "/// " : trimmed.StartsWith("// ", StringComparison.Ordinal) ? "// " : null;
            if (line.Length <= Width || prefix is null)
            {
                result.Append(line).Append('\n');
                continue;
            }

            string indent = line.Substring(0, line.Length - trimmed.Length) + prefix;
            string content = trimmed.Substring(prefix.Length);
            if (prefix == "/// " && content.StartsWith("<summary>", StringComparison.Ordinal) && content.EndsWith("</summary>", StringComparison.Ordinal))
            {
                result.Append(indent).Append("<summary>\n");
                Wrap(result, indent, content.Substring("<summary>".Length, content.Length - "<summary></summary>".Length));
                result.Append(indent).Append("</summary>\n");
            }
            else
            {
                Wrap(result, indent, content);
            }
        }

        result.Length--;
        return result.ToString();
    }

    /// <summary>Writes <paramref name="content"/> as lines of <paramref name="indent"/> and words, each at most <see cref="Width"/> wide.</summary>
    private static void Wrap(StringBuilder result, string indent, string content)
    {
        int start = 0;
        while (start < content.Length)
        {
            int room = Width - indent.Length;
            if (content.Length - start <= room)
            {
                result.Append(indent).Append(content, start, content.Length - start).Append('\n');
                return;
            }

            // Break after a ", " or ";" or at an equations' double space where one is within the room, else at the last
            // space; never inside an XML tag (<see cref="…"/>). A word longer than the room stays whole.
            int cut = -1, preferred = -1;
            bool inTag = false;
            for (int n = start; n < content.Length && n - start <= room; n++)
            {
                char c = content[n];
                inTag = c == '<' && n + 1 < content.Length && (char.IsLetter(content[n + 1]) || content[n + 1] == '/') ? true : c == '>' ? false : inTag;
                if (c == ' ' && !inTag && n > start)
                {
                    cut = n;
                    if (content[n - 1] is ',' or ';' or ':' || (n + 1 < content.Length && content[n + 1] == ' '))
                    {
                        preferred = n;
                    }
                }
            }

            if (preferred > start + (room / 2))
            {
                cut = preferred;
            }

            if (cut < 0)
            {
                cut = content.IndexOf(' ', start);
                cut = cut < 0 ? content.Length : cut;
            }

            result.Append(indent).Append(content, start, cut - start).Append('\n');
            start = cut;
            while (start < content.Length && content[start] == ' ')
            {
                start++;
            }
        }
    }

    /// <summary>The user's partial type, inside its namespace and containing types.</summary>
    private static void WriteUserPart(StringBuilder text, NetworkModel model, string userPart)
    {
        int depth = 0;
        if (model.Namespace is not null)
        {
            text.Append("namespace ").Append(model.Namespace).Append("\n{\n");
            depth++;
        }

        foreach (ContainingTypeModel outer in model.ContainingTypes)
        {
            Indented(text, "partial " + outer.Keyword + " " + outer.NameWithTypeParameters + "\n{\n", depth);
            depth++;
        }

        Indented(text, "partial " + model.TypeKeyword + " " + model.TypeName + "\n{\n", depth);
        Indented(text, userPart.TrimEnd('\n') + "\n", depth + 1);
        for (; depth >= 0; depth--)
        {
            Indented(text, "}\n", depth);
        }
    }

    /// <summary>
    /// <paramref name="code"/> with <c>global::N.Type</c> written <c>Type</c> for every imported namespace N, and the
    /// namespaces that took.
    /// </summary>
    public static string Shorten(string code, out IReadOnlyCollection<string> used)
    {
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        var text = new StringBuilder(code.Length);
        int at = 0;
        while (true)
        {
            int next = code.IndexOf("global::", at, StringComparison.Ordinal);
            if (next < 0)
            {
                text.Append(code, at, code.Length - at);
                break;
            }

            text.Append(code, at, next - at);
            int name = next + "global::".Length;
            // Longest namespace first: global::System.IO.Stream is System.IO's Stream, not System's IO.Stream. Every
            // namespace the emitter names is in Imports, so the rest is a type.
            string? import = Imports.FirstOrDefault(n => string.CompareOrdinal(code, name, n + ".", 0, n.Length + 1) == 0);
            if (import is null)
            {
                text.Append("global::");
                at = name;
                continue;
            }

            namespaces.Add(import);
            at = name + import.Length + 1;
        }

        used = namespaces;
        return text.ToString();
    }

    private static void Indented(StringBuilder text, string lines, int depth)
    {
        int start = 0;
        while (start < lines.Length)
        {
            int end = lines.IndexOf('\n', start);
            if (end < 0)
            {
                end = lines.Length;
            }

            if (end > start)
            {
                text.Append(' ', depth * 4);
            }

            text.Append(lines, start, end - start).Append('\n');
            start = end + 1;
        }
    }
}
