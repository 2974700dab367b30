#nullable enable

using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace NetGen.Onnx
{
    /// <summary>
    /// The reader's internal signal that the bytes are not an ONNX model NetGen reads. It never leaves
    /// <see cref="OnnxMlpReader"/>: <see cref="OnnxMlpReader.Read(byte[])"/> returns its message and
    /// <see cref="OnnxMlpReader.ReadOrThrow"/> rethrows it as an <see cref="InvalidDataException"/>, the exception
    /// NetGen's weight loading throws.
    /// </summary>
    internal sealed class OnnxFormatException : Exception
    {
        public OnnxFormatException(string message) : base(message) { }
    }

    /// <summary>A float and its IEEE 754 bits in one place: bit-exact conversion without BitConverter's .NET Core-only APIs.</summary>
    [StructLayout(LayoutKind.Explicit)]
    internal struct FloatBits
    {
        [FieldOffset(0)] public float Float;
        [FieldOffset(0)] public int Bits;

        public static float FromLittleEndian(byte[] data, int offset)
        {
            FloatBits value = default(FloatBits);
            value.Bits = data[offset] | data[offset + 1] << 8 | data[offset + 2] << 16 | data[offset + 3] << 24;
            return value.Float;
        }

        public static void ToLittleEndian(float f, byte[] data, int offset)
        {
            FloatBits value = default(FloatBits);
            value.Float = f;
            data[offset] = (byte)value.Bits;
            data[offset + 1] = (byte)(value.Bits >> 8);
            data[offset + 2] = (byte)(value.Bits >> 16);
            data[offset + 3] = (byte)(value.Bits >> 24);
        }
    }

    /// <summary>
    /// Reads protobuf's wire format from a window [position, end) of a byte array. Every length is checked against the
    /// bytes left before it is used, so hostile input can neither read out of bounds nor make it allocate more than the
    /// input's own size; anything malformed throws <see cref="OnnxFormatException"/> naming the message being read.
    /// </summary>
    internal sealed class ProtoReader
    {
        public const int WireVarint = 0;
        public const int WireFixed64 = 1;
        public const int WireLengthDelimited = 2;
        public const int WireFixed32 = 5;

        private readonly byte[] data;
        private readonly string message;
        private int position;
        private readonly int end;

        public ProtoReader(byte[] data, int start, int end, string message)
        {
            this.data = data;
            this.position = start;
            this.end = end;
            this.message = message;
        }

        public bool AtEnd => position >= end;

        /// <summary>Reads a field's key; the field number is at least 1 and the wire type one that ONNX uses (0, 1, 2 or 5).</summary>
        public void ReadTag(out int field, out int wireType)
        {
            ulong key = ReadVarint();
            wireType = (int)(key & 7);
            ulong number = key >> 3;
            if (number == 0 || number > 536870911)
                throw Garbled("a field number of " + (number == 0 ? "0" : "more than 2^29 - 1"));
            if (wireType != WireVarint && wireType != WireFixed64 && wireType != WireLengthDelimited && wireType != WireFixed32)
                throw Garbled("wire type " + OnnxText.Number(wireType) + " (groups and unknown types are not used by ONNX)");
            field = (int)number;
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 70; shift += 7)
            {
                if (position >= end)
                    throw Garbled("a number cut off by the end of the message");
                byte b = data[position++];
                if (shift == 63 && b > 1)
                    throw Garbled("a number longer than 64 bits");
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    return value;
            }
            throw Garbled("a number longer than 10 bytes");
        }

        /// <summary>An int64 field, or an int32 one (protobuf sign-extends negative int32 values to 64 bits).</summary>
        public long ReadInt64(int wireType, string what)
        {
            Expect(wireType, WireVarint, what);
            return unchecked((long)ReadVarint());
        }

        public float ReadFloat(int wireType, string what)
        {
            Expect(wireType, WireFixed32, what);
            if (end - position < 4)
                throw Garbled("a float cut off by the end of the message");
            float f = FloatBits.FromLittleEndian(data, position);
            position += 4;
            return f;
        }

        /// <summary>A length-delimited field: returns its start and length after checking it lies within this message.</summary>
        public int ReadLengthDelimited(int wireType, string what, out int length)
        {
            Expect(wireType, WireLengthDelimited, what);
            ulong declared = ReadVarint();
            if (declared > (ulong)(end - position))
                throw Garbled(what + " declared " + (declared > long.MaxValue ? "more than 2^63" : OnnxText.Number((long)declared))
                    + " bytes long where " + OnnxText.Number(end - position) + " are left (the file is truncated or garbled)");
            length = (int)declared;
            int start = position;
            position += length;
            return start;
        }

        /// <summary>The bytes left in this message, consumed.</summary>
        public void ReadLengthOfRest(out int length)
        {
            length = end - position;
            position = end;
        }

        public ProtoReader ReadMessage(int wireType, string what)
        {
            int start = ReadLengthDelimited(wireType, what, out int length);
            return new ProtoReader(data, start, start + length, what);
        }

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>A UTF-8 string field. Invalid UTF-8 is refused as garbled rather than replaced by U+FFFD, so two
        /// different names in the file can never read as the same string.</summary>
        public string ReadString(int wireType, string what)
        {
            int start = ReadLengthDelimited(wireType, what, out int length);
            try
            {
                return StrictUtf8.GetString(data, start, length);
            }
            catch (ArgumentException)
            {
                // DecoderFallbackException derives from ArgumentException.
                throw Garbled(what + " is not valid UTF-8");
            }
        }

        public byte[] Data => data;

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case WireVarint:
                    ReadVarint();
                    break;
                case WireFixed64:
                    if (end - position < 8) throw Garbled("a 64-bit field cut off by the end of the message");
                    position += 8;
                    break;
                case WireFixed32:
                    if (end - position < 4) throw Garbled("a 32-bit field cut off by the end of the message");
                    position += 4;
                    break;
                default:
                    ReadLengthDelimited(wireType, "a field", out _);
                    break;
            }
        }

        private void Expect(int actual, int expected, string what)
        {
            if (actual != expected)
                throw Garbled(what + " stored with wire type " + OnnxText.Number(actual) + " instead of " + OnnxText.Number(expected));
        }

        public OnnxFormatException Garbled(string what) =>
            new OnnxFormatException("The file is not a readable ONNX model: in " + message + ", " + what + ".");
    }
}
