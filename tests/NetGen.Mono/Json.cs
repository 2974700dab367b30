using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Mono
{
    /// <summary>
    /// A small JSON reader for the golden files (.NET Framework 4.8 has no System.Text.Json): objects become
    /// <c>Dictionary&lt;string, object?&gt;</c>, arrays <c>List&lt;object?&gt;</c>, numbers double (parsed with the invariant
    /// culture), strings string, true/false bool, null null. Anything else is a <see cref="FormatException"/> naming the offset.
    /// </summary>
    public sealed class Json
    {
        private readonly string text;
        private int at;

        private Json(string text)
        {
            this.text = text;
        }

        public static object? Parse(string text)
        {
            var reader = new Json(text);
            object? value = reader.Value();
            reader.SkipSpace();
            if (reader.at != text.Length)
            {
                throw reader.Error("text after the value");
            }

            return value;
        }

        private object? Value()
        {
            SkipSpace();
            if (at >= text.Length)
            {
                throw Error("end of text where a value was expected");
            }

            char c = text[at];
            switch (c)
            {
                case '{':
                    return Object();
                case '[':
                    return Array();
                case '"':
                    return String();
                case 't':
                    return Word("true", true);
                case 'f':
                    return Word("false", false);
                case 'n':
                    return Word("null", null);
                default:
                    return Number();
            }
        }

        private Dictionary<string, object?> Object()
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            Items('}', delegate
            {
                SkipSpace();
                if (Peek() != '"')
                {
                    throw Error("a property name expected");
                }

                string name = String();
                SkipSpace();
                Expect(':');
                result[name] = Value();
            });
            return result;
        }

        private List<object?> Array()
        {
            var result = new List<object?>();
            Items(']', delegate { result.Add(Value()); });
            return result;
        }

        /// <summary>The items of an object or array, from its opening bracket to <paramref name="close"/>, separated by commas.</summary>
        private void Items(char close, Action item)
        {
            at++;
            SkipSpace();
            if (Peek() == close)
            {
                at++;
                return;
            }

            while (true)
            {
                item();
                SkipSpace();
                if (Peek() != ',')
                {
                    break;
                }

                at++;
            }

            Expect(close);
        }

        private string String()
        {
            at++;
            var result = new StringBuilder();
            while (true)
            {
                if (at >= text.Length)
                {
                    throw Error("unterminated string");
                }

                char c = text[at++];
                if (c == '"')
                {
                    return result.ToString();
                }

                if (c != '\\')
                {
                    result.Append(c);
                    continue;
                }

                char escape = at < text.Length ? text[at++] : '\0';
                switch (escape)
                {
                    case '"': result.Append('"'); break;
                    case '\\': result.Append('\\'); break;
                    case '/': result.Append('/'); break;
                    case 'b': result.Append('\b'); break;
                    case 'f': result.Append('\f'); break;
                    case 'n': result.Append('\n'); break;
                    case 'r': result.Append('\r'); break;
                    case 't': result.Append('\t'); break;
                    case 'u':
                        if (at + 4 > text.Length)
                        {
                            throw Error("short \\u escape");
                        }

                        result.Append((char)int.Parse(text.Substring(at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        at += 4;
                        break;
                    default:
                        throw Error("unknown escape \\" + escape);
                }
            }
        }

        private double Number()
        {
            int start = at;
            while (at < text.Length && "+-0123456789.eE".IndexOf(text[at]) >= 0)
            {
                at++;
            }

            if (at == start)
            {
                throw Error("unexpected '" + text[at] + "'");
            }

            string number = text.Substring(start, at - start);
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw Error("not a number: " + number);
            }

            return value;
        }

        private object? Word(string word, object? value)
        {
            if (string.CompareOrdinal(text, at, word, 0, word.Length) != 0)
            {
                throw Error("unexpected '" + text[at] + "'");
            }

            at += word.Length;
            return value;
        }

        private void SkipSpace()
        {
            while (at < text.Length && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
            {
                at++;
            }
        }

        private char Peek()
        {
            return at < text.Length ? text[at] : '\0';
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error("'" + c + "' expected");
            }

            at++;
        }

        private FormatException Error(string what)
        {
            return new FormatException("JSON at offset " + at.ToString(CultureInfo.InvariantCulture) + ": " + what);
        }
    }
}
