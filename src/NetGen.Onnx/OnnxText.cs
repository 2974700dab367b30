#nullable enable

using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Onnx
{
    /// <summary>Numbers and shapes in messages, always in the invariant culture (some cultures print a Unicode minus).</summary>
    internal static class OnnxText
    {
        public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Shape(IList<long> dims)
        {
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < dims.Count; i++)
            {
                if (i > 0) text.Append(", ");
                text.Append(dims[i].ToString(CultureInfo.InvariantCulture));
            }
            return text.Append(']').ToString();
        }

        public static string Sizes(int[] sizes)
        {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < sizes.Length; i++)
            {
                if (i > 0) text.Append('-');
                text.Append(sizes[i].ToString(CultureInfo.InvariantCulture));
            }
            return text.ToString();
        }

        /// <summary>A name from the file, quoted, cut to a readable length, with control characters (a line break in a
        /// hostile name would break a diagnostic's message) written as \uXXXX.</summary>
        public static string Quote(string name)
        {
            const int Longest = 80;
            StringBuilder text = new StringBuilder("'");
            for (int i = 0; i < name.Length && i < Longest; i++)
            {
                char c = name[i];
                if (char.IsControl(c)) text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                else text.Append(c);
            }
            if (name.Length > Longest) text.Append('…');
            return text.Append('\'').ToString();
        }
    }
}
