using System.Text;

namespace NetGen.Generator.Emitting;

/// <summary>A small indent-aware text writer for generated C#.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>
    /// Writes <paramref name="multiLine"/> line by line at the current indentation, as System.Text.Json's SourceWriter
    /// writes a multi-line string: each line gets the current indent, a blank (or whitespace-only) line stays empty, and
    /// "\r\n" counts as one line break. Meant for C# raw string literals, whose own indentation the compiler removes: a
    /// template is written as it should read at indentation 0. A final line break adds a blank line.
    /// </summary>
    public CodeWriter Text(string multiLine)
    {
        foreach (string line in multiLine.Replace("\r\n", "\n").Split('\n'))
        {
            Line(string.IsNullOrWhiteSpace(line) ? string.Empty : line);
        }

        return this;
    }

    public CodeWriter Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public CodeWriter Indent()
    {
        _indent++;
        return this;
    }

    public CodeWriter Outdent()
    {
        _indent--;
        return this;
    }

    public override string ToString() => _text.ToString();
}
