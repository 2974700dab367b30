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
    /// Writes multi-line <paramref name="text"/> (a raw string literal template, say) line by line at the current
    /// indentation, as System.Text.Json's SourceWriter does: each line gets the current indent on top of its own, blank
    /// lines stay empty. Line ends are normalized, so a template's source file may use CRLF or LF alike.
    /// </summary>
    public CodeWriter Lines(string text)
    {
        foreach (string line in text.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line.Trim().Length == 0 ? string.Empty : line.TrimEnd());
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

    /// <summary>Appends text another writer wrote, at the indentation it was written with.</summary>
    public CodeWriter Raw(string text)
    {
        _text.Append(text);
        return this;
    }

    public override string ToString() => _text.ToString();
}
