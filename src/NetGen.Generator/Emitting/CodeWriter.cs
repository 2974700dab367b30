using System;
using System.Collections.Generic;
using System.Text;

namespace NetGen.Generator.Emitting;

/// <summary>A small indent-aware text writer for generated C#.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>The widest a line may be; 0 for no limit. Wider code lines are wrapped (<see cref="Line"/>, <see cref="Open"/>).</summary>
    public int Width { get; set; }

    private static bool IsStatement(string header) =>
        System.Text.RegularExpressions.Regex.IsMatch(header, @"^(if|else|for|foreach|while|switch|catch|using|lock|fixed)\b");

    /// <summary>
    /// <paramref name="line"/> with its last top-level parenthesized list (outside string literals) written as <see cref="Wrapped"/> does.
    /// </summary>
    private CodeWriter WrapList(string line)
    {
        // The last top-level list: where its '(' opens (start) and its ')' closes (close), outside string literals.
        int close = -1, open = -1, start = -1, depth = 0;
        bool inString = false;
        for (int n = 0; n < line.Length; n++)
        {
            char c = line[n];
            if (c == '"' && (n == 0 || line[n - 1] != '\\'))
            {
                inString = !inString;
            }
            else if (!inString && c == '(')
            {
                if (depth++ == 0)
                {
                    open = n;
                }
            }
            else if (!inString && c == ')' && --depth == 0)
            {
                close = n;
                start = open;
            }
        }

        if (close < 0 || start < 0)
        {
            return Write(line);
        }

        var items = new List<string>();
        int from = start + 1, level = 0;
        inString = false;
        for (int n = start + 1; n < close; n++)
        {
            char c = line[n];
            if (c == '"' && line[n - 1] != '\\')
            {
                inString = !inString;
            }
            else if (!inString)
            {
                level += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
                if (c == ',' && level == 0)
                {
                    items.Add(line.Substring(from, n - from).Trim());
                    from = n + 1;
                }
            }
        }

        items.Add(line.Substring(from, close - from).Trim());
        return Wrapped(line.Substring(0, start), items, line.Substring(close + 1), Width);
    }

    public int BaseColumn { get; set; }

    /// <summary>
    /// A line as the file will show it, where the text is rewritten after it is written (a helper class's
    /// <c>global::N.Type</c> shortened to <c>Type</c>, calls lowered for .NET Framework): lines are measured so.
    /// </summary>
    public Func<string, string>? AsWritten { get; set; }

    /// <summary>Whether <paramref name="line"/>, written now, stays within <paramref name="width"/> columns.</summary>
    public bool Fits(string line, int width) => BaseColumn + (_indent * 4) + (AsWritten?.Invoke(line) ?? line).Length <= width;

    /// <summary>
    /// <c>head(items)tail</c> on one line if it fits in <paramref name="width"/> columns; otherwise the items on the lines
    /// below, one more level in: all on one line if that fits, else one per line.
    /// </summary>
    public CodeWriter Wrapped(string head, IReadOnlyList<string> items, string tail, int width)
    {
        string one = head + "(" + string.Join(", ", items) + ")" + tail;
        if (Fits(one, width))
        {
            return Write(one);
        }

        Write(head + "(");
        _indent++;
        string joined = string.Join(", ", items) + ")" + tail;
        if (Fits(joined, width))
        {
            Write(joined);
        }
        else
        {
            // As many items to a line as fit.
            string current = string.Empty;
            for (int n = 0; n < items.Count; n++)
            {
                string item = items[n] + (n == items.Count - 1 ? ")" + tail : ",");
                string longer = current.Length == 0 ? item : current + " " + item;
                if (current.Length > 0 && !Fits(longer, width))
                {
                    Write(current);
                    longer = item;
                }

                current = longer;
            }

            Write(current);
        }

        _indent--;
        return this;
    }

    /// <summary>
    /// Writes <paramref name="line"/> at the current indentation. A code line wider than <see cref="Width"/> has its last
    /// argument list (outside string literals) broken over lines as <see cref="Wrapped"/> does. Written as it is: a
    /// statement header (<c>if (…)</c>, which <see cref="Open"/> writes) and any line holding <c>//</c>, whether a comment
    /// (<see cref="SourceFile.WrapComments"/> wraps whole-line comments per file; a code line with a trailing comment is
    /// the emitter's to keep short) or a string.
    /// </summary>
    public CodeWriter Line(string line = "")
    {
        if (Width > 0 && line.Length > 0 && !Fits(line, Width) && !line.Contains("//") && !IsStatement(line.TrimStart()))
        {
            return WrapList(line);
        }

        return Write(line);
    }

    /// <summary>Writes <paramref name="line"/> at the current indentation, as it is.</summary>
    private CodeWriter Write(string line)
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

    /// <summary>Writes <paramref name="header"/> as <see cref="Line"/> does (a declaration too wide is wrapped), then opens a block.</summary>
    public CodeWriter Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Closes a block; a blank line just before the closing brace is dropped.</summary>
    public CodeWriter Close(string suffix = "")
    {
        if (_text.Length >= 2 && _text[_text.Length - 1] == '\n' && _text[_text.Length - 2] == '\n')
        {
            _text.Length--;
        }

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
