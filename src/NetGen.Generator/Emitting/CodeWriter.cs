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

    /// <summary>
    /// Writes multi-line text (a template) at the current indentation: each line gets the writer's indent on top of its
    /// own, blank lines stay empty, and a final line break is not doubled.
    /// </summary>
    public CodeWriter Text(string multiLine)
    {
        string[] lines = multiLine.Replace("\r\n", "\n").Split('\n');
        int count = lines.Length > 0 && lines[lines.Length - 1].Length == 0 ? lines.Length - 1 : lines.Length;
        for (int n = 0; n < count; n++)
        {
            Line(lines[n].TrimEnd());
        }

        return this;
    }

    public override string ToString() => _text.ToString();
}
