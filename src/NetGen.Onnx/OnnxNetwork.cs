#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetGen.Onnx
{
    /// <summary>
    /// What a generated network's <c>LoadOnnx</c> and <c>SaveOnnx</c> call: the model of a network's parameters, and a
    /// model's parameters checked against the network that loads them, in NetGen's <c>Parameters</c> layout (W1
    /// input-major, b1, then W2, b2, … row-major).
    /// </summary>
    internal static class OnnxNetwork
    {
        /// <summary>The ONNX model of a network with these sizes, activation, head and parameters (opset 13; producer_name NetGen).</summary>
        /// <exception cref="InvalidOperationException">A parameter is NaN or ±∞, which an ONNX model of NetGen's cannot hold.</exception>
        public static byte[] Save(int[] layerSizes, OnnxActivation activation, OnnxHead head, float[] parameters)
        {
            for (int n = 0; n < parameters.Length; n++)
            {
                if (float.IsNaN(parameters[n]) || float.IsInfinity(parameters[n]))
                    throw new InvalidOperationException("Parameter " + OnnxText.Number(n) + " is " + parameters[n].ToString("R", global::System.Globalization.CultureInfo.InvariantCulture)
                        + ": a network with NaN or ±∞ (or, in double precision, a value beyond float's range) cannot be written as an ONNX model NetGen reads back. Nothing was written.");
            }
            OnnxMlp mlp = OnnxMlp.FromParameters(layerSizes, activation, head, parameters, OnnxMlpWriter.Opset);
            return OnnxMlpWriter.Write(mlp);
        }

        /// <summary>
        /// The parameters of the model in <paramref name="count"/> bytes of <paramref name="buffer"/> from
        /// <paramref name="offset"/>, checked against a network with these sizes, activation and head; the network's attribute,
        /// <paramref name="declaration"/>, is how a message names it: "[Mlp(2, 4, 1)]".
        /// </summary>
        /// <exception cref="InvalidDataException">The bytes are not an ONNX model NetGen reads, or its network is
        /// another one; the message says what is wrong or what differs.</exception>
        public static float[] Load(byte[] buffer, int offset, int count, int[] layerSizes, OnnxActivation activation, OnnxHead head, string declaration)
        {
            OnnxReadResult result = OnnxMlpReader.Read(buffer, offset, count);
            OnnxMlp? mlp = result.Mlp;
            if (mlp is null)
                throw new InvalidDataException(result.Error);
            List<string> differences = new List<string>();
            if (!SameSizes(mlp.LayerSizes, layerSizes))
                differences.Add("its layer sizes are " + Sizes(mlp.LayerSizes) + ", not " + Sizes(layerSizes));
            if (mlp.Activation != activation)
                differences.Add("its hidden layers are " + mlp.Activation + ", not " + activation);
            if (mlp.Head != head)
                differences.Add("its output is " + mlp.Head + ", not " + head);
            if (differences.Count > 0)
                throw new InvalidDataException("The model holds a network " + Declaration(mlp) + ", but this network is " + declaration
                    + " (" + string.Join("; ", differences.ToArray()) + ").");
            return mlp.ToParameters();
        }

        /// <summary>Every byte left in <paramref name="stream"/>, and how many there are (the array may be longer).</summary>
        public static byte[] ReadToEnd(Stream stream, out int length)
        {
            MemoryStream memory = new MemoryStream();
            stream.CopyTo(memory);
            length = checked((int)memory.Length);
            return memory.GetBuffer();
        }

        private static bool SameSizes(int[] a, int[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return false;
            return true;
        }

        private static string Sizes(int[] sizes)
        {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < sizes.Length; i++)
            {
                if (i > 0) text.Append(", ");
                text.Append(OnnxText.Number(sizes[i]));
            }
            return text.ToString();
        }

        private static string Declaration(OnnxMlp mlp) =>
            "[Mlp(" + Sizes(mlp.LayerSizes)
            + (mlp.Activation == OnnxActivation.Sigmoid ? "" : ", Activation = " + mlp.Activation)
            + (mlp.Head == OnnxHead.Sigmoid ? "" : ", Output = " + mlp.Head) + ")]";
    }
}
